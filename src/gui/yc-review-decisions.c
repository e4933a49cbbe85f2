/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-review-case-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-format.h"
#include "yc-case-machine.h"
#include "yc-return-dialog.h"
#include "yc-review-case-facts.h"
#include "yc-review-case-page-private.h"
#include "yc-sync-actions.h"

/*
 * The reviewer's decisions on the case page: the case machine decides what is offered
 * (yc_review_case_page_can), a decision asks first where it matters — the return's
 * materials and message (YcReturnDialog), the rejection's reason, the approval's comment —
 * then goes through yc_store_apply_operation_async: the store keeps it in the outbox for the
 * sync engine, so a reviewer on a cached case goes on through a short outage.
 */

static void
add_toast (YcReviewCasePage *self,
           const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static GtkWindow *
parent_window (YcReviewCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}


typedef struct {
  YcReviewCasePage *self;
  YcOpKind          kind;
} ApplyData;

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ApplyData *data = user_data;
  g_autoptr(YcReviewCasePage) self = data->self;
  YcOpKind kind = data->kind;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) applied = NULL;
  g_autofree char *message = NULL;

  g_free (data);
  applied = yc_store_apply_operation_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->applying = FALSE;
  if (applied == NULL)
    {
      /* The machine's refusal is the reviewer's to read, not a fault of the program. */
      if (error->domain == YC_CASE_MACHINE_ERROR)
        g_debug ("Refused %s: %s", yc_op_kind_to_string (kind), error->message);
      else
        g_warning ("Cannot apply %s: %s", yc_op_kind_to_string (kind), error->message);
      yc_review_case_page_show_error (self, error->message);
      yc_review_case_page_update_actions (self);
      return;
    }

  /* Kept in the outbox: sent now when the back office can be reached, later otherwise. */
  yc_sync_actions_kick (GTK_WIDGET (self));
  message = yc_format_op_done (kind, applied->number);
  add_toast (self, message);
  self->pending = TRUE;
  yc_review_case_page_set_case (self, applied);
  g_signal_emit (self, yc_review_case_page_signals[YC_REVIEW_CASE_PAGE_CHANGED], 0, applied);
}

void
yc_review_case_page_apply (YcReviewCasePage *self,
                           YcOpKind          kind,
                           JsonObject       *payload)
{
  const char *only[] = { NULL, NULL };
  YcActor actor = { NULL, YC_ROLE_REVIEWER, NULL, only };
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *op_id = NULL;
  ApplyData *data;

  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));
  g_return_if_fail (payload != NULL);

  if (!yc_review_case_page_can (self, kind))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  only[0] = self->department;
  actor.username = self->username;
  body = json_object_ref (payload);
  if (kind != YC_OP_PLEDGE_VERIFY && !json_object_has_member (body, "department"))
    json_object_set_string_member (body, "department", self->department);
  op_id = g_uuid_string_random ();
  op = yc_operation_new (op_id, self->case_doc->uuid, self->case_doc->version, kind, body, NULL);
  self->applying = TRUE;
  yc_review_case_page_show_error (self, NULL);
  yc_review_case_page_update_actions (self);
  data = g_new0 (ApplyData, 1);
  data->self = g_object_ref (self);
  data->kind = kind;
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar, self->cancellable,
                                  applied_cb, data);
}

static void
claim_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  yc_review_case_page_apply (YC_REVIEW_CASE_PAGE (widget), YC_OP_REVIEW_CLAIM, payload);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  yc_review_case_page_apply (YC_REVIEW_CASE_PAGE (widget), YC_OP_REVIEW_RELEASE, payload);
}

static char *
entry_text (AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
approve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcReviewCasePage *self)
{
  g_autofree char *comment = entry_text (dialog);
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "approve") != 0)
    return;
  payload = json_object_new ();
  if (*comment != '\0')
    json_object_set_string_member (payload, "comment", comment);
  yc_review_case_page_apply (self, YC_OP_REVIEW_APPROVE, payload);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reject", reason[0] != '\0');
}

static void
reject_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    YcReviewCasePage *self)
{
  g_autofree char *reason = entry_text (dialog);
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "reject") != 0 || *reason == '\0')
    return;
  payload = json_object_new ();
  json_object_set_string_member (payload, "reason", reason);
  yc_review_case_page_apply (self, YC_OP_REVIEW_REJECT, payload);
}

static GtkWidget *
new_entry_dialog (YcReviewCasePage *self,
                  const char       *heading,
                  const char       *body,
                  const char       *entry_name,
                  const char       *response,
                  const char       *response_label)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), entry_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcReviewCasePage *self = YC_REVIEW_CASE_PAGE (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!yc_review_case_page_can (self, YC_OP_REVIEW_APPROVE))
    return;
  /* Translators: the department's name and the case number */
  body = g_strdup_printf (_("%s approves its part of case %s."),
                          yc_review_case_facts_department_name (self->catalog, self->department),
                          self->case_doc->number);
  dialog = new_entry_dialog (self, _("Approve?"), body, _("Comment (optional)"), "approve", _("_Approve"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "approve", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "approve");
  g_signal_connect_object (dialog, "response", G_CALLBACK (approve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcReviewCasePage *self = YC_REVIEW_CASE_PAGE (widget);
  GtkWidget *dialog;

  if (!yc_review_case_page_can (self, YC_OP_REVIEW_REJECT))
    return;
  dialog = new_entry_dialog (self, _("Reject the Application?"),
                             _("Rejection (不予许可) is final for the whole case: the other "
                               "departments' parts are released. The reason is given to the "
                               "applicant."),
                             _("Reason for the rejection"), "reject", _("_Reject"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  g_signal_connect_object (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)), "changed",
                           G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    YcReviewCasePage *self)
{
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "return") != 0)
    return;
  payload = yc_return_dialog_dup_payload (YC_RETURN_DIALOG (dialog));
  if (payload != NULL)
    yc_review_case_page_apply (self, YC_OP_REVIEW_RETURN, payload);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcReviewCasePage *self = YC_REVIEW_CASE_PAGE (widget);
  GtkWidget *dialog;

  if (!yc_review_case_page_can (self, YC_OP_REVIEW_RETURN))
    return;
  dialog = yc_return_dialog_new (parent_window (self), self->case_doc, self->department);
  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
yc_review_case_page_install_decisions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "review.claim", NULL, claim_action);
  gtk_widget_class_install_action (widget_class, "review.release", NULL, release_action);
  gtk_widget_class_install_action (widget_class, "review.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "review.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "review.reject", NULL, reject_action);
}
