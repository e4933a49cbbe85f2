/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-supplement-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-format.h"
#include "yc-supplement-dialog.h"

/*
 * Supplement intake (补齐 / 补正): the applicant comes back with materials the case owes —
 * tolerated at acceptance, or asked for by a return.  For each, the clerk marks what was
 * brought: not brought, brought (with its copies), obtained through shared data, or brought
 * but defective (with the reason, which goes into the note; the material stays owed).  The
 * dialog only collects; the case page applies case.supplement through the store.
 */

typedef enum {
  BROUGHT_NOTHING,
  BROUGHT_PROVIDED,
  BROUGHT_SHARED,
  BROUGHT_DEFECTIVE,
  N_BROUGHT
} Brought;

typedef struct {
  char            *code;
  char            *name;
  GtkToggleButton *toggles[N_BROUGHT];
  GtkSpinButton   *copies;
  GtkEntry        *reason;
} OwedRow;

struct _YcSupplementDialog
{
  AdwMessageDialog  parent_instance;

  GPtrArray        *rows;  /* of OwedRow* */

  GtkListBox       *materials_list;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (YcSupplementDialog, yc_supplement_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
owed_row_free (OwedRow *row)
{
  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static Brought
row_brought (OwedRow *row)
{
  for (guint i = 0; i < N_BROUGHT; i++)
    if (gtk_toggle_button_get_active (row->toggles[i]))
      return i;
  return BROUGHT_NOTHING;
}

static const char *
material_name (YcCase     *case_doc,
               const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (case_doc, code);

  return material != NULL ? material->name : code;
}

static void
update (YcSupplementDialog *self)
{
  guint brought = 0;
  gboolean missing_reason = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      OwedRow *row = g_ptr_array_index (self->rows, i);
      Brought state = row_brought (row);
      const char *reason = gtk_editable_get_text (GTK_EDITABLE (row->reason));

      gtk_widget_set_sensitive (GTK_WIDGET (row->copies), state == BROUGHT_PROVIDED);
      gtk_widget_set_visible (GTK_WIDGET (row->reason), state == BROUGHT_DEFECTIVE);
      if (state == BROUGHT_PROVIDED || state == BROUGHT_SHARED)
        brought++;
      if (state == BROUGHT_DEFECTIVE && is_blank (reason))
        missing_reason = TRUE;
    }

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "supplement",
                                           brought > 0 && !missing_reason);
  if (missing_reason)
    gtk_label_set_text (self->status_label, _("Say what is wrong with each defective material."));
  else if (brought == 0)
    gtk_label_set_text (self->status_label, _("Mark what the applicant brought."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u material will be recorded as received.",
                                                            "%u materials will be recorded as received.",
                                                            brought), brought);
      gtk_label_set_text (self->status_label, text);
    }
}

static void
changed_cb (YcSupplementDialog *self)
{
  update (self);
}

/* The accessible name of one choice for one material. */
static char *
accessible_name (Brought     brought,
                 const char *material)
{
  switch (brought)
    {
    case BROUGHT_PROVIDED:
      /* Translators: accessible name of a choice for a material; %s is its name */
      return g_strdup_printf (_("Brought: %s"), material);
    case BROUGHT_SHARED:
      /* Translators: accessible name of a choice for a material; %s is its name */
      return g_strdup_printf (_("Shared data: %s"), material);
    case BROUGHT_DEFECTIVE:
      /* Translators: accessible name of a choice for a material; %s is its name */
      return g_strdup_printf (_("Defective: %s"), material);
    case BROUGHT_NOTHING:
    case N_BROUGHT:
    default:
      /* Translators: accessible name of a choice for a material; %s is its name */
      return g_strdup_printf (_("Not brought: %s"), material);
    }
}

static GtkWidget *
new_toggle (const char      *label,
            char            *accessible,
            GtkToggleButton *group)
{
  GtkWidget *toggle = gtk_toggle_button_new_with_mnemonic (label);

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (toggle), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_free (accessible);
  return toggle;
}

static void
add_row (YcSupplementDialog *self,
         YcCase             *case_doc,
         const char         *code,
         const char         *why)
{
  OwedRow *row = g_new0 (OwedRow, 1);
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const char *labels[N_BROUGHT] = {
    _("Not brought"), _("Brought"), _("Shared data"), _("Defective"),
  };
  g_autofree char *copies_name = NULL;
  g_autofree char *reason_name = NULL;

  row->code = g_strdup (code);
  row->name = g_strdup (material_name (case_doc, code));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), row->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), why);

  gtk_widget_add_css_class (linked, "linked");
  for (guint i = 0; i < N_BROUGHT; i++)
    {
      GtkWidget *toggle = new_toggle (labels[i], accessible_name (i, row->name),
                                      i > 0 ? row->toggles[0] : NULL);

      row->toggles[i] = GTK_TOGGLE_BUTTON (toggle);
      gtk_box_append (GTK_BOX (linked), toggle);
      g_signal_connect_object (toggle, "toggled", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_toggle_button_set_active (row->toggles[BROUGHT_NOTHING], TRUE);

  row->copies = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 99, 1));
  gtk_widget_set_valign (GTK_WIDGET (row->copies), GTK_ALIGN_CENTER);
  /* Translators: accessible name of the copies received of a material; %s is its name */
  copies_name = g_strdup_printf (_("Copies: %s"), row->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->copies), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  copies_name, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->copies), _("Copies received"));

  row->reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (row->reason, _("What is wrong"));
  gtk_widget_set_valign (GTK_WIDGET (row->reason), GTK_ALIGN_CENTER);
  /* Translators: accessible name of the defect of a material; %s is its name */
  reason_name = g_strdup_printf (_("Defect: %s"), row->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reason_name, -1);
  g_signal_connect_object (row->reason, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), linked);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->copies));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->reason));
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), box);
  gtk_list_box_append (self->materials_list, action_row);
  g_ptr_array_add (self->rows, row);
}

static void
yc_supplement_dialog_finalize (GObject *object)
{
  YcSupplementDialog *self = (YcSupplementDialog *)object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (yc_supplement_dialog_parent_class)->finalize (object);
}

static void
yc_supplement_dialog_class_init (YcSupplementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_supplement_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-supplement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSupplementDialog, materials_list);
  gtk_widget_class_bind_template_child (widget_class, YcSupplementDialog, status_label);
}

static void
yc_supplement_dialog_init (YcSupplementDialog *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) owed_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Why the case owes @code: the tolerance's due date, or the return's message. */
static char *
owed_reason (YcCase     *case_doc,
             const char *code)
{
  YcCaseTolerated *tolerated = yc_case_lookup_tolerated (case_doc, code);

  if (tolerated != NULL && !tolerated->received)
    {
      g_autofree char *date = yc_format_date (&tolerated->due);

      /* Translators: %s is a date */
      return g_strdup_printf (_("Tolerated, due by %s"), date);
    }
  for (guint i = 0; i < case_doc->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (case_doc->parts, i);

      for (guint j = part->notices->len; j > 0; j--)
        {
          YcCaseNotice *notice = g_ptr_array_index (part->notices, j - 1);

          if (g_strv_contains ((const char * const *) notice->unmet, code))
            /* Translators: %s is the reviewer's message */
            return g_strdup_printf (_("Asked for on return: %s"), notice->message);
        }
    }
  return g_strdup ("");
}

/**
 * yc_supplement_dialog_dup_owed:
 *
 * Returns: (transfer full): the codes of the materials @case_doc owes, NULL-terminated
 */
GStrv
yc_supplement_dialog_dup_owed (YcCase *case_doc)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (case_doc != NULL, NULL);

  for (guint i = 0; i < case_doc->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (case_doc->tolerated, i);

      if (!tolerated->received && g_hash_table_add (seen, tolerated->material))
        g_strv_builder_add (builder, tolerated->material);
    }
  for (guint i = 0; i < case_doc->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (case_doc->parts, i);

      for (guint j = 0; j < part->notices->len; j++)
        {
          YcCaseNotice *notice = g_ptr_array_index (part->notices, j);

          for (guint k = 0; notice->unmet != NULL && notice->unmet[k] != NULL; k++)
            if (g_hash_table_add (seen, notice->unmet[k]))
              g_strv_builder_add (builder, notice->unmet[k]);
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * yc_supplement_dialog_new:
 * @parent: (nullable): the clerk's window
 * @case_doc: a case that owes materials
 */
GtkWidget *
yc_supplement_dialog_new (GtkWindow *parent,
                          YcCase    *case_doc)
{
  YcSupplementDialog *self;
  g_auto(GStrv) owed = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (case_doc != NULL, NULL);

  self = g_object_new (YC_TYPE_SUPPLEMENT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  /* Translators: %s is the case number */
  body = g_strdup_printf (_("Case %s. Mark what the applicant brought today; copies as in the checklist."),
                          case_doc->number);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  owed = yc_supplement_dialog_dup_owed (case_doc);
  for (guint i = 0; owed[i] != NULL; i++)
    {
      g_autofree char *why = owed_reason (case_doc, owed[i]);
      add_row (self, case_doc, owed[i], why);
    }
  update (self);
  return GTK_WIDGET (self);
}

/**
 * yc_supplement_dialog_set_brought:
 * @state: "provided", "shared", "defective" or "missing"
 *
 * Marks a material as the clerk would (for tests and keyboard macros).
 */
void
yc_supplement_dialog_set_brought (YcSupplementDialog *self,
                                  const char         *code,
                                  const char         *state,
                                  guint               copies)
{
  g_return_if_fail (YC_IS_SUPPLEMENT_DIALOG (self));
  g_return_if_fail (code != NULL && state != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      OwedRow *row = g_ptr_array_index (self->rows, i);
      Brought brought = g_str_equal (state, "provided") ? BROUGHT_PROVIDED
                        : g_str_equal (state, "shared") ? BROUGHT_SHARED
                        : g_str_equal (state, "defective") ? BROUGHT_DEFECTIVE
                        : BROUGHT_NOTHING;

      if (!g_str_equal (row->code, code))
        continue;
      gtk_toggle_button_set_active (row->toggles[brought], TRUE);
      if (copies > 0)
        gtk_spin_button_set_value (row->copies, copies);
    }
  update (self);
}

/**
 * yc_supplement_dialog_dup_payload:
 *
 * Returns: (transfer full) (nullable): {"materials": [{"code", "name", "state", "copies"}],
 *   "note"}: the note names the defective materials and why
 */
JsonObject *
yc_supplement_dialog_dup_payload (YcSupplementDialog *self)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonArray) materials = json_array_new ();
  g_autoptr(GString) note = g_string_new (NULL);

  g_return_val_if_fail (YC_IS_SUPPLEMENT_DIALOG (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      OwedRow *row = g_ptr_array_index (self->rows, i);
      Brought state = row_brought (row);
      g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->reason))));
      JsonObject *material;

      if (state == BROUGHT_DEFECTIVE)
        {
          if (reason[0] == '\0')
            return NULL;
          if (note->len > 0)
            g_string_append (note, _("; "));
          /* Translators: a defective material in the supplement's note: name, reason */
          g_string_append_printf (note, _("%s defective: %s"), row->name, reason);
          continue;
        }
      if (state != BROUGHT_PROVIDED && state != BROUGHT_SHARED)
        continue;
      material = json_object_new ();
      json_object_set_string_member (material, "code", row->code);
      json_object_set_string_member (material, "name", row->name);
      json_object_set_string_member (material, "state", state == BROUGHT_SHARED ? "shared" : "provided");
      json_object_set_int_member (material, "copies",
                                  state == BROUGHT_SHARED ? 0 : gtk_spin_button_get_value_as_int (row->copies));
      json_array_add_object_element (materials, material);
    }
  if (json_array_get_length (materials) == 0)
    return NULL;
  json_object_set_array_member (payload, "materials", g_steal_pointer (&materials));
  if (note->len > 0)
    json_object_set_string_member (payload, "note", note->str);
  return g_steal_pointer (&payload);
}
