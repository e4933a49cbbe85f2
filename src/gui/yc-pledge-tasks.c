/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-pledge-tasks"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-format.h"
#include "yc-pledge-tasks.h"
#include "yc-review-case-facts.h"
#include "yc-store-pledges.h"
#include "yc-sync-actions.h"

/*
 * A department's pledges are tens to hundreds, not millions: one row each in a list box,
 * rebuilt on reload.  The verification goes through the case machine like every review
 * decision, so a pledge of a case outside the reviewer's departments, or already decided,
 * is never offered.
 */

struct _YcPledgeTasks
{
  GtkWidget     parent_instance;

  YcStore      *store;
  YcCalendar   *calendar;
  char         *username;
  GStrv         departments;
  GCancellable *cancellable;
  GPtrArray    *cases;          /* of YcCase*, as listed */
  guint         n_pledges;
  guint         n_due;

  GtkStack     *stack;
  GtkListBox   *list;
  GtkLabel     *summary_label;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (YcPledgeTasks, yc_pledge_tasks, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  N_PROPS
};

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (YcPledgeTasks *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static YcCase *
find_case (YcPledgeTasks *self,
           const char    *uuid)
{
  for (guint i = 0; self->cases != NULL && i < self->cases->len; i++)
    {
      YcCase *c = g_ptr_array_index (self->cases, i);

      if (g_str_equal (c->uuid, uuid))
        return c;
    }
  return NULL;
}

static GDate
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return day;
}

/* Confirmations */

typedef struct {
  YcPledgeTasks *self;
  char          *uuid;
  char          *material;
  gboolean       broken;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->uuid);
  g_free (pending->material);
  g_free (pending);
}

static void
note_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "broken", note[0] != '\0');
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Pending          *pending)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, pending->broken ? "broken" : "verified") == 0)
    yc_pledge_tasks_verify (pending->self, pending->uuid, pending->material, pending->broken, note);
}

static void
ask (YcPledgeTasks *self,
     YcCase        *c,
     YcCasePledge  *pledge,
     gboolean       broken)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  YcCaseMaterialVersion *material = yc_case_lookup_material (c, pledge->material);
  const char *name = material != NULL ? material->name : pledge->material;
  g_autofree char *applicant = yc_review_case_facts_dup_applicant (c);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;
  Pending *pending;

  if (broken)
    /* Translators: the pledged material, the case number and the applicant */
    body = g_strdup_printf (_("The pledge for %s in case %s was false. %s is flagged for a "
                              "broken pledge (承诺不实): from now on no counter grants them "
                              "tolerance or a pledge, in any hall. Give the reason."),
                            name, c->number, applicant);
  else
    /* Translators: the pledged material and the case number */
    body = g_strdup_printf (_("The pledge for %s in case %s was checked and is true."), name, c->number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   broken ? _("Record a Broken Pledge?") : _("Record the Pledge as Verified?"),
                                   body);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), !broken);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), broken ? _("Reason (required)") : _("Note (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  broken ? _("Reason the pledge was false") : _("Verification note"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (broken)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "broken", _("_Record Broken Pledge"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "broken", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "broken", FALSE);
      g_signal_connect_object (entry, "changed", G_CALLBACK (note_changed_cb), dialog, 0);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "verified", _("_Verified"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "verified", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "verified");
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->uuid = g_strdup (c->uuid);
  pending->material = g_strdup (pledge->material);
  pending->broken = broken;
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), pending,
                         (GClosureNotify) (void (*) (void)) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_clicked_cb (GtkButton     *button,
                   YcPledgeTasks *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "yc-case");
  const char *material = g_object_get_data (G_OBJECT (button), "yc-material");
  gboolean broken = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "yc-broken"));
  YcCase *c = find_case (self, uuid);
  YcCasePledge *pledge = c != NULL ? yc_case_lookup_pledge (c, material) : NULL;

  if (pledge != NULL)
    ask (self, c, pledge, broken);
}

static void
open_clicked_cb (GtkButton     *button,
                 YcPledgeTasks *self)
{
  g_signal_emit (self, signals[CASE_ACTIVATED], 0, g_object_get_data (G_OBJECT (button), "yc-case"));
}

/* Rows */

static GtkWidget *
new_button (const char *label,
            const char *accessible,
            const char *uuid,
            const char *material)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "yc-case", g_strdup (uuid), g_free);
  g_object_set_data_full (G_OBJECT (button), "yc-material", g_strdup (material), g_free);
  return button;
}

static gboolean
may_verify (YcPledgeTasks *self,
            YcCase        *c)
{
  YcActor actor = { self->username, YC_ROLE_REVIEWER, NULL, (const char * const *) self->departments };

  return self->username != NULL && yc_case_machine_can (c, YC_OP_PLEDGE_VERIFY, &actor);
}

static void
add_pledge_row (YcPledgeTasks *self,
                YcCase        *c,
                YcCasePledge  *pledge,
                const GDate   *day)
{
  GtkWidget *row = adw_action_row_new ();
  YcCaseMaterialVersion *material = yc_case_lookup_material (c, pledge->material);
  const char *name = material != NULL ? material->name : pledge->material;
  g_autofree char *applicant = yc_review_case_facts_dup_applicant (c);
  g_autofree char *due = yc_format_date (&pledge->due);
  g_autofree char *title = g_strdup_printf ("%s · %s", c->number, name);
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *subtitle_escaped = NULL;
  g_autofree char *open_name = NULL;
  GtkWidget *button;

  g_string_append_printf (subtitle, "%s · %s", applicant, yc_pledge_status_label (pledge->status));
  if (pledge->status == YC_PLEDGE_DUE)
    {
      if (g_date_valid (&pledge->due) && g_date_compare (&pledge->due, day) < 0)
        /* Translators: a pledge whose verification date has passed */
        g_string_append_printf (subtitle, _(" · overdue since %s"), due);
      else
        /* Translators: the date by which a pledge is verified */
        g_string_append_printf (subtitle, _(" · verify by %s"), due);
    }
  else if (pledge->verified_by != NULL)
    {
      g_autofree char *on = yc_format_date (&pledge->verified_on);

      /* Translators: who verified a pledge and when */
      g_string_append_printf (subtitle, _(" · %s, %s"), pledge->verified_by, on);
      if (pledge->note != NULL)
        g_string_append_printf (subtitle, " · %s", pledge->note);
    }
  subtitle_escaped = g_markup_escape_text (subtitle->str, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_escaped);

  if (pledge->status == YC_PLEDGE_DUE && may_verify (self, c))
    {
      /* Translators: accessible name; %s is the case number and the pledged material */
      g_autofree char *verified_name = g_strdup_printf (_("Verified: %s"), title);
      /* Translators: accessible name; %s is the case number and the pledged material */
      g_autofree char *broken_name = g_strdup_printf (_("Broken: %s"), title);

      button = new_button (_("Verified…"), verified_name, c->uuid, pledge->material);
      g_signal_connect_object (button, "clicked", G_CALLBACK (verify_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      button = new_button (_("Broken…"), broken_name, c->uuid, pledge->material);
      g_object_set_data (G_OBJECT (button), "yc-broken", GINT_TO_POINTER (TRUE));
      gtk_widget_add_css_class (button, "destructive-action");
      g_signal_connect_object (button, "clicked", G_CALLBACK (verify_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  /* Translators: accessible name of the button opening a case; %s is its number */
  open_name = g_strdup_printf (_("Open case %s"), c->number);
  button = new_button (_("Open"), open_name, c->uuid, pledge->material);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (open_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->list, row);
}

static void
fill (YcPledgeTasks *self)
{
  GtkWidget *child;
  GDate day = today ();
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_pledges = self->n_due = 0;
  for (guint i = 0; self->cases != NULL && i < self->cases->len; i++)
    {
      YcCase *c = g_ptr_array_index (self->cases, i);

      for (guint j = 0; j < c->pledges->len; j++)
        {
          YcCasePledge *pledge = g_ptr_array_index (c->pledges, j);

          add_pledge_row (self, c, pledge, &day);
          self->n_pledges++;
          if (pledge->status == YC_PLEDGE_DUE)
            self->n_due++;
        }
    }
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pledge to verify", "%u pledges to verify",
                                          self->n_due), self->n_due);
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, self->n_pledges > 0 ? "list" : "empty");
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcPledgeTasks) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = yc_store_list_pledge_cases_finish (YC_STORE (object), result, &error);

  if (cases == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->cases, g_ptr_array_unref);
  self->cases = g_steal_pointer (&cases);
  fill (self);
}

void
yc_pledge_tasks_reload (YcPledgeTasks *self)
{
  g_return_if_fail (YC_IS_PLEDGE_TASKS (self));

  if (self->departments == NULL)
    return;
  yc_store_list_pledge_cases_async (self->store, (const char * const *) self->departments, self->cancellable,
                                    listed_cb, g_object_ref (self));
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcPledgeTasks) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_store_apply_operation_finish (YC_STORE (object), result, &error);

  if (c == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  yc_sync_actions_kick (GTK_WIDGET (self));
  yc_pledge_tasks_reload (self);
}

void
yc_pledge_tasks_verify (YcPledgeTasks *self,
                        const char    *case_uuid,
                        const char    *material,
                        gboolean       broken,
                        const char    *note)
{
  YcActor actor = { NULL, YC_ROLE_REVIEWER, NULL, NULL };
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  YcCase *c;

  g_return_if_fail (YC_IS_PLEDGE_TASKS (self));
  g_return_if_fail (case_uuid != NULL && material != NULL);

  c = find_case (self, case_uuid);
  if (c == NULL || (broken && (note == NULL || *note == '\0')))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  actor.username = self->username;
  actor.departments = (const char * const *) self->departments;
  json_object_set_string_member (payload, "material", material);
  json_object_set_string_member (payload, "result", broken ? "broken" : "verified");
  if (note != NULL && *note != '\0')
    json_object_set_string_member (payload, "note", note);
  op = yc_operation_new (op_id, c->uuid, c->version, YC_OP_PLEDGE_VERIFY, payload, NULL);
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar, self->cancellable,
                                  verified_cb, g_object_ref (self));
}

static void
yc_pledge_tasks_dispose (GObject *object)
{
  YcPledgeTasks *self = (YcPledgeTasks *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->cases, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_pledge_tasks_parent_class)->dispose (object);
}

static void
yc_pledge_tasks_finalize (GObject *object)
{
  YcPledgeTasks *self = (YcPledgeTasks *)object;

  g_free (self->username);
  g_strfreev (self->departments);

  G_OBJECT_CLASS (yc_pledge_tasks_parent_class)->finalize (object);
}

static void
yc_pledge_tasks_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcPledgeTasks *self = YC_PLEDGE_TASKS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_pledge_tasks_class_init (YcPledgeTasksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_pledge_tasks_dispose;
  object_class->finalize = yc_pledge_tasks_finalize;
  object_class->set_property = yc_pledge_tasks_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcPledgeTasks::case-activated:
   * @uuid: the case to open
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pledgetasks");
}

static void
yc_pledge_tasks_init (YcPledgeTasks *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary_label));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pledges to verify"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_stack_add_named (self->stack, scroller, "list");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Pledges"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Cases of your departments accepted on a pledge (告知承诺) "
                                     "show here until the pledge is verified."));
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

GtkWidget *
yc_pledge_tasks_new (YcStore    *store,
                     YcCalendar *calendar)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_PLEDGE_TASKS, "store", store, "calendar", calendar, NULL);
}

void
yc_pledge_tasks_set_reviewer (YcPledgeTasks      *self,
                              const char         *username,
                              const char * const *departments)
{
  g_return_if_fail (YC_IS_PLEDGE_TASKS (self));

  g_free (self->username);
  self->username = g_strdup (username);
  g_strfreev (self->departments);
  self->departments = g_strdupv ((char **) departments);
  yc_pledge_tasks_reload (self);
}

guint
yc_pledge_tasks_get_n_pledges (YcPledgeTasks *self)
{
  g_return_val_if_fail (YC_IS_PLEDGE_TASKS (self), 0);
  return self->n_pledges;
}

guint
yc_pledge_tasks_get_n_due (YcPledgeTasks *self)
{
  g_return_val_if_fail (YC_IS_PLEDGE_TASKS (self), 0);
  return self->n_due;
}
