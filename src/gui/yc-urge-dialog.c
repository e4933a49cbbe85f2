/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-urge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-sync-actions.h"
#include "yc-urge-dialog.h"
#include "yc-window.h"

struct _YcUrgeDialog
{
  AdwMessageDialog  parent_instance;

  YcStore          *store;
  YcCalendar       *calendar;
  YcSessionManager *session;
  YcCase           *case_doc;
  GPtrArray        *departments;  /* codes of the dropdown after "whoever…": undecided parts */
  GtkWidget        *message;      /* GtkTextView */
  GtkWidget        *department;   /* GtkDropDown */
  GtkWidget        *error;
  GCancellable     *cancellable;
  gboolean          applying;
};

G_DEFINE_FINAL_TYPE (YcUrgeDialog, yc_urge_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_URGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_message (YcUrgeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

static void
update_response (YcUrgeDialog *self)
{
  g_autofree char *message = dup_message (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "urge",
                                           !self->applying && *message != '\0');
}

static void
show_error (YcUrgeDialog *self,
            const char   *text)
{
  gtk_label_set_text (GTK_LABEL (self->error), text != NULL ? text : "");
  gtk_widget_set_visible (self->error, text != NULL);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcUrgeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) applied = yc_store_apply_operation_finish (YC_STORE (object), result, &error);
  GtkWindow *parent;

  self->applying = FALSE;
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (applied == NULL)
    {
      show_error (self, error->message);
      update_response (self);
      /* Already closed by its response: say it where the supervisor is. */
      if (!gtk_widget_get_visible (GTK_WIDGET (self)) && YC_IS_WINDOW (parent))
        yc_window_add_toast (YC_WINDOW (parent), error->message);
      return;
    }
  /* The urge waits in the outbox: send it now when the back office can be reached. */
  if (parent != NULL)
    yc_sync_actions_kick (GTK_WIDGET (parent));
  g_signal_emit (self, signals[SIGNAL_URGED], 0, applied);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
yc_urge_dialog_submit (YcUrgeDialog *self)
{
  const YcUserProfile *profile;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *message = NULL;
  g_autofree char *op_id = NULL;
  YcActor actor = { 0 };
  guint selected;

  g_return_if_fail (YC_IS_URGE_DIALOG (self));

  message = dup_message (self);
  if (self->applying)
    return;
  if (*message == '\0')
    {
      show_error (self, _("Write what the handler should do: the message is required."));
      return;
    }
  profile = yc_session_manager_get_profile (self->session);
  if (profile == NULL || !yc_session_manager_is_signed_in (self->session))
    {
      show_error (self, _("Sign in to urge a case."));
      return;
    }

  actor.username = profile->username;
  actor.role = profile->role;
  actor.hall = profile->hall;
  actor.departments = (const char * const *) profile->departments;
  payload = json_object_new ();
  json_object_set_string_member (payload, "message", message);
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->department));
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->departments->len)
    json_object_set_string_member (payload, "department", g_ptr_array_index (self->departments, selected - 1));
  op_id = g_uuid_string_random ();
  op = yc_operation_new (op_id, self->case_doc->uuid, self->case_doc->version,
                         YC_OP_SUPERVISION_URGE, payload, NULL);
  self->applying = TRUE;
  show_error (self, NULL);
  update_response (self);
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar, self->cancellable,
                                  applied_cb, g_object_ref (self));
}

void
yc_urge_dialog_set_message (YcUrgeDialog *self,
                            const char   *message)
{
  g_return_if_fail (YC_IS_URGE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message)),
                            message != NULL ? message : "", -1);
}

void
yc_urge_dialog_set_department (YcUrgeDialog *self,
                               const char   *department)
{
  g_return_if_fail (YC_IS_URGE_DIALOG (self));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->department), 0);
  for (guint i = 0; department != NULL && i < self->departments->len; i++)
    if (g_str_equal (g_ptr_array_index (self->departments, i), department))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->department), i + 1);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             YcUrgeDialog     *self)
{
  if (g_strcmp0 (response, "urge") == 0)
    yc_urge_dialog_submit (self);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   YcUrgeDialog  *self)
{
  update_response (self);
}

static void
yc_urge_dialog_dispose (GObject *object)
{
  YcUrgeDialog *self = YC_URGE_DIALOG (object);

  /* No cancelling: an urge the supervisor sent is finished even when the dialog is gone. */
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->session);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_urge_dialog_parent_class)->dispose (object);
}

static void
yc_urge_dialog_finalize (GObject *object)
{
  YcUrgeDialog *self = YC_URGE_DIALOG (object);

  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_urge_dialog_parent_class)->finalize (object);
}

static void
yc_urge_dialog_class_init (YcUrgeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_urge_dialog_dispose;
  object_class->finalize = yc_urge_dialog_finalize;

  signals[SIGNAL_URGED] = g_signal_new ("urged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);
}

static void
yc_urge_dialog_init (YcUrgeDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->departments = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
yc_urge_dialog_new (GtkWindow        *parent,
                    YcStore          *store,
                    YcCalendar       *calendar,
                    YcCatalog        *catalog,
                    YcSessionManager *session,
                    YcCase           *case_doc)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  YcUrgeDialog *self;
  GtkWidget *box, *label, *scrolled;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (session), NULL);
  g_return_val_if_fail (case_doc != NULL, NULL);

  /* Translators: the urge (督办) dialog's heading; %s: the case number */
  heading = g_strdup_printf (_("Urge case %s"), case_doc->number);
  self = g_object_new (YC_TYPE_URGE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", _("The handler sees the message at once and on the desktop until they acknowledge it. Urges are recorded."),
                       NULL);
  self->store = g_object_ref (store);
  self->calendar = g_object_ref (calendar);
  self->session = g_object_ref (session);
  self->case_doc = yc_case_ref (case_doc);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new_with_mnemonic (_("_Message"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  self->message = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->message), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->message), FALSE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Urge message"), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->message);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
  gtk_widget_add_css_class (scrolled, "card");
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->message)), "changed",
                    G_CALLBACK (buffer_changed_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_string_list_append (choices, _("Whoever the case waits for"));
  for (guint i = 0; case_doc->parts != NULL && i < case_doc->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (case_doc->parts, i);
      const YcDepartment *department = catalog != NULL ? yc_catalog_lookup_department (catalog, part->department) : NULL;

      if (part->state == YC_CASE_STATE_APPROVED || part->state == YC_CASE_STATE_REJECTED)
        continue;
      g_ptr_array_add (self->departments, g_strdup (part->department));
      gtk_string_list_append (choices, department != NULL ? department->name : part->department);
    }
  label = gtk_label_new_with_mnemonic (_("_Addressee"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  self->department = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&choices)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), self->department);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->department), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Addressee"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), self->department);

  self->error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error, "error");
  gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
  gtk_widget_set_visible (self->error, FALSE);
  gtk_box_append (GTK_BOX (box), self->error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "urge", _("_Urge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "urge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "urge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  /* The dialog closes itself only once the urge is in the store. */
  g_signal_connect (self, "response", G_CALLBACK (response_cb), self);
  update_response (self);
  return GTK_WIDGET (self);
}
