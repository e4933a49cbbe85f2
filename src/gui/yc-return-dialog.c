/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-return-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-return-dialog.h"

/*
 * The one-time-notice rule is the case machine's (yc-case-transitions.c, review.return);
 * the dialog shows it before the reviewer runs into it: each material says whether an
 * earlier notice named it and it is still unmet, and the return stays disabled while a
 * new demand is cited without the box ticked — the machine would refuse it (not_notified).
 */

typedef struct {
  char           *code;
  char           *name;
  gboolean        citable;
  GtkToggleButton *toggle;
} MaterialRow;

struct _YcReturnDialog
{
  AdwMessageDialog  parent_instance;

  char             *department;
  gboolean          first_return;
  GPtrArray        *rows;         /* of MaterialRow* */

  GtkListBox       *materials_list;
  GtkEntry         *message_entry;
  GtkCheckButton   *new_demand_check;
  GtkLabel         *rule_label;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (YcReturnDialog, yc_return_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
material_row_free (MaterialRow *row)
{
  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

static char *
message_text (YcReturnDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry))));
}

static guint
count_cited (YcReturnDialog *self,
             guint          *out_new)
{
  guint cited = 0, fresh = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *row = g_ptr_array_index (self->rows, i);

      if (!gtk_toggle_button_get_active (row->toggle))
        continue;
      cited++;
      if (!row->citable)
        fresh++;
    }
  if (out_new != NULL)
    *out_new = fresh;
  return cited;
}

static void
update (YcReturnDialog *self)
{
  g_autofree char *message = message_text (self);
  guint fresh = 0;
  guint cited = count_cited (self, &fresh);
  gboolean confirmed = gtk_check_button_get_active (self->new_demand_check);
  gboolean ok = cited > 0 && *message != '\0' && (fresh == 0 || confirmed);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "return", ok);
  gtk_widget_set_visible (GTK_WIDGET (self->new_demand_check), !self->first_return);
  if (cited == 0)
    gtk_label_set_text (self->status_label, _("Tick the materials the applicant must bring or correct."));
  else if (fresh > 0 && !confirmed)
    gtk_label_set_text (self->status_label,
                        _("A material no earlier notice named is ticked. Tick “New supplement "
                          "demand (reported to supervision)” to return it anyway, or untick it."));
  else if (*message == '\0')
    gtk_label_set_text (self->status_label, _("Write what the applicant must do."));
  else if (fresh > 0)
    gtk_label_set_text (self->status_label,
                        _("This return is recorded as a new demand and reported to supervision."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u material will be cited.",
                                                            "%u materials will be cited.", cited),
                                               cited);
      gtk_label_set_text (self->status_label, text);
    }
}

static void
changed_cb (YcReturnDialog *self)
{
  update (self);
}

static void
add_row (YcReturnDialog *self,
         const char     *code,
         const char     *name,
         gboolean        citable)
{
  MaterialRow *row = g_new0 (MaterialRow, 1);
  GtkWidget *action_row = adw_action_row_new ();
  /* A toggle, as in the counter's supplement dialog: pressed means cited. */
  GtkWidget *toggle = gtk_toggle_button_new_with_label (_("Cite"));
  g_autofree char *accessible = NULL;

  row->code = g_strdup (code);
  row->name = g_strdup (name);
  row->citable = citable;
  row->toggle = GTK_TOGGLE_BUTTON (toggle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), name);
  if (!self->first_return)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row),
                                 citable ? _("Named in an earlier notice, still unmet")
                                         : _("Not named in an earlier notice: a new demand"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  /* Translators: accessible name of the toggle citing a material in a return; %s is its name */
  accessible = g_strdup_printf (_("Cite: %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), toggle);
  g_signal_connect_object (toggle, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->materials_list, action_row);
  g_ptr_array_add (self->rows, row);
}

static void
yc_return_dialog_finalize (GObject *object)
{
  YcReturnDialog *self = (YcReturnDialog *)object;

  g_ptr_array_unref (self->rows);
  g_free (self->department);

  G_OBJECT_CLASS (yc_return_dialog_parent_class)->finalize (object);
}

static void
yc_return_dialog_class_init (YcReturnDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_return_dialog_finalize;
}

static void
yc_return_dialog_init (YcReturnDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *message_label = gtk_label_new_with_mnemonic (_("_Message to the applicant"));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) material_row_free);

  self->materials_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->materials_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->materials_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->materials_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Materials to cite"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->materials_list));
  gtk_box_append (GTK_BOX (box), scroller);

  self->rule_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->rule_label, TRUE);
  gtk_label_set_xalign (self->rule_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->rule_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->rule_label));

  self->new_demand_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
      _("_New supplement demand (reported to supervision)")));
  g_signal_connect_object (self->new_demand_check, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->new_demand_check));

  gtk_label_set_xalign (GTK_LABEL (message_label), 0);
  gtk_box_append (GTK_BOX (box), message_label);
  /* One line, as on the notice the applicant gets: what to bring or correct. */
  self->message_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_label_set_mnemonic_widget (GTK_LABEL (message_label), GTK_WIDGET (self->message_entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message to the applicant"), -1);
  g_signal_connect_object (self->message_entry, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message_entry));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Return status"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Return for Supplement"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "return", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

GStrv
yc_return_dialog_dup_citable (YcCase     *case_doc,
                              const char *department)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  YcCasePart *part;

  g_return_val_if_fail (case_doc != NULL, NULL);
  g_return_val_if_fail (department != NULL, NULL);

  part = yc_case_lookup_part (case_doc, department);
  if (part == NULL || part->notices->len == 0)
    return NULL;
  for (guint n = 0; n < part->notices->len; n++)
    {
      YcCaseNotice *notice = g_ptr_array_index (part->notices, n);

      for (guint i = 0; notice->unmet != NULL && notice->unmet[i] != NULL; i++)
        if (g_hash_table_add (seen, notice->unmet[i]))
          g_strv_builder_add (builder, notice->unmet[i]);
    }
  return g_strv_builder_end (builder);
}

/**
 * yc_return_dialog_new:
 * @parent: (nullable): the reviewer's window
 * @case_doc: the case shown
 * @department: the part returned (the reviewer holds it)
 */
GtkWidget *
yc_return_dialog_new (GtkWindow  *parent,
                      YcCase     *case_doc,
                      const char *department)
{
  YcReturnDialog *self;
  g_auto(GStrv) citable = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (case_doc != NULL, NULL);
  g_return_val_if_fail (department != NULL, NULL);

  self = g_object_new (YC_TYPE_RETURN_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->department = g_strdup (department);
  citable = yc_return_dialog_dup_citable (case_doc, department);
  self->first_return = citable == NULL;

  /* Translators: the case number */
  body = g_strdup_printf (_("Case %s. The applicant is told at once everything to bring or "
                            "correct (one-time notice); the clock stops until they do."),
                          case_doc->number);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  if (self->first_return)
    gtk_label_set_text (self->rule_label,
                        _("This is the first notice of this part: cite everything that is "
                          "missing or wrong now. A later return may only cite what this "
                          "notice names."));
  else
    gtk_label_set_text (self->rule_label,
                        _("One-time notice (一次性告知): this part was returned before, and "
                          "that notice had to name everything. A later return may cite only "
                          "what an earlier notice named and is still unmet. Anything else is "
                          "a new demand: it is allowed only when ticked below, and it is "
                          "reported to supervision."));

  /* The unmet materials first: they are what a later return is about. */
  for (guint i = 0; citable != NULL && citable[i] != NULL; i++)
    {
      YcCaseMaterialVersion *material = yc_case_lookup_material (case_doc, citable[i]);

      g_hash_table_add (listed, citable[i]);
      add_row (self, citable[i], material != NULL ? material->name : citable[i], TRUE);
    }
  for (guint i = 0; i < case_doc->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (case_doc->materials, i);

      if (!g_hash_table_add (listed, material->code))
        continue;
      add_row (self, material->code, material->name, self->first_return);
    }
  update (self);
  return GTK_WIDGET (self);
}

void
yc_return_dialog_set_cited (YcReturnDialog *self,
                            const char     *code,
                            gboolean        cited)
{
  g_return_if_fail (YC_IS_RETURN_DIALOG (self));
  g_return_if_fail (code != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->code, code))
        gtk_toggle_button_set_active (row->toggle, cited);
    }
  update (self);
}

void
yc_return_dialog_set_message (YcReturnDialog *self,
                              const char     *message)
{
  g_return_if_fail (YC_IS_RETURN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), message != NULL ? message : "");
  update (self);
}

void
yc_return_dialog_set_new_demand (YcReturnDialog *self,
                                 gboolean        new_demand)
{
  g_return_if_fail (YC_IS_RETURN_DIALOG (self));

  gtk_check_button_set_active (self->new_demand_check, new_demand);
  update (self);
}

gboolean
yc_return_dialog_needs_new_demand (YcReturnDialog *self)
{
  guint fresh = 0;

  g_return_val_if_fail (YC_IS_RETURN_DIALOG (self), FALSE);

  count_cited (self, &fresh);
  return fresh > 0;
}

/**
 * yc_return_dialog_dup_payload:
 *
 * Returns: (transfer full) (nullable): {"department", "materials": […], "message",
 *   "new_demand": true (only for a new demand)}
 */
JsonObject *
yc_return_dialog_dup_payload (YcReturnDialog *self)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *message = NULL;
  JsonArray *materials;
  guint fresh = 0;

  g_return_val_if_fail (YC_IS_RETURN_DIALOG (self), NULL);

  message = message_text (self);
  if (count_cited (self, &fresh) == 0 || *message == '\0'
      || (fresh > 0 && !gtk_check_button_get_active (self->new_demand_check)))
    return NULL;
  materials = json_array_new ();
  for (guint i = 0; i < self->rows->len; i++)
    {
      MaterialRow *row = g_ptr_array_index (self->rows, i);

      if (gtk_toggle_button_get_active (row->toggle))
        json_array_add_string_element (materials, row->code);
    }
  json_object_set_string_member (payload, "department", self->department);
  json_object_set_array_member (payload, "materials", materials);
  json_object_set_string_member (payload, "message", message);
  if (fresh > 0)
    json_object_set_boolean_member (payload, "new_demand", TRUE);
  return g_steal_pointer (&payload);
}
