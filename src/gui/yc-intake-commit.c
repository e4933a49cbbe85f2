/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-builder.h"
#include "yc-document-preview.h"
#include "yc-format.h"
#include "yc-identifiers.h"
#include "yc-intake-scans.h"
#include "yc-intake-view-private.h"

/*
 * The intake's last step: the confirmation dialog (AdwMessageDialog) saying what the
 * decision means for the applicant, the case built from the rules' judgement
 * (yc-case-builder.h) and recorded by the store's thread, then the result page with the
 * case number and a toast, and at once the documents the decision gives the applicant
 * (yc-document-preview.h) to print; 完成 there goes on to the next applicant.
 */

static char *
format_date_or_empty (const GDate *date)
{
  return g_date_valid (date) ? yc_format_date (date) : g_strdup ("");
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcIntakeView     *self);

/* The async answers for one applicant: an answer for an earlier one must not touch the
 * screen of the next (yc_intake_view_restart() counts the applicants). */
typedef struct {
  YcIntakeView *self;
  guint         generation;
} CommitData;

static CommitData *
commit_data_new (YcIntakeView *self)
{
  CommitData *data = g_new0 (CommitData, 1);

  data->self = g_object_ref (self);
  data->generation = self->generation;
  return data;
}

static void
commit_data_free (CommitData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CommitData, commit_data_free)

static void
confirm_dialog_destroy_cb (YcIntakeView *self,
                           GtkWidget    *dialog)
{
  if (self->confirm_dialog == dialog)
    {
      self->confirm_dialog = NULL;
      yc_intake_view_update_problem (self);
    }
}

static char *
confirmation_body (YcIntakeView  *self,
                   YcDecision     decision)
{
  YcRulesResult *result = yc_decision_panel_get_result (self->decision_panel);
  GString *body = g_string_new (NULL);
  const char *name = yc_applicant_form_get_name (self->applicant_form);
  g_autofree char *masked = yc_applicant_form_get_kind (self->applicant_form) == YC_APPLICANT_PERSON
                            ? yc_mask_name (name) : g_strdup (name);

  /* Translators: the subject of the case, then the applicant */
  g_string_append_printf (body, _("%s for %s."), yc_intake_view_get_subject_name (self), masked);
  g_string_append_c (body, '\n');
  switch (decision)
    {
    case YC_DECISION_ACCEPT:
      g_string_append (body, _("The case is accepted and goes to the departments for review."));
      break;
    case YC_DECISION_ACCEPT_WITH_TOLERANCE:
      {
        g_autofree char *date = format_date_or_empty (yc_rules_result_get_supplement_deadline (result));
        guint n = yc_rules_result_get_tolerated (result)->len;

        g_string_append_printf (body,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "The applicant signs a tolerance commitment and supplements %u material by %s.",
                                             "The applicant signs a tolerance commitment and supplements %u materials by %s.",
                                             n),
                                n, date);
        if (yc_rules_result_get_pledges (result)->len > 0)
          g_string_append_printf (body, "\n%s", _("The applicant also signs the pledge."));
      }
      break;
    case YC_DECISION_ACCEPT_ON_PLEDGE:
      g_string_append (body, _("The applicant signs the pledge; the certificates are verified after the fact."));
      break;
    case YC_DECISION_ONE_TIME_NOTICE:
      {
        guint n = yc_rules_result_get_outstanding (result)->len;

        g_string_append_printf (body,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "The applicant receives a one-time notice listing %u material.",
                                             "The applicant receives a one-time notice listing %u materials.",
                                             n),
                                n);
      }
      break;
    case YC_DECISION_REFUSE:
      g_string_append (body, _("The applicant receives a refusal notice with the reason."));
      break;
    default:
      g_assert_not_reached ();
    }
  return g_string_free (body, FALSE);
}

/**
 * yc_intake_view_confirm:
 *
 * Asks the clerk to confirm the chosen decision (or first to enrol the window), then
 * commits.  The intake.confirm action.
 */
void
yc_intake_view_confirm (YcIntakeView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  YcDecision decision = yc_decision_panel_get_decision (self->decision_panel);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Ctrl+Enter repeating or a double click before the dialog maps: one dialog, one case. */
  if (self->confirm_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->confirm_dialog));
      return;
    }

  yc_intake_view_update_problem (self);
  if (self->problem != NULL || self->committing || self->case_doc != NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") != 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  /* Case numbers need the window's codes: enrol first; the window confirms again after. */
  if (self->hall == NULL)
    {
      gtk_widget_activate_action (widget, "win.enroll", NULL);
      return;
    }

  /* Translators: %s is a decision: 受理, 容缺受理 … */
  heading = g_strdup_printf (_("Confirm “%s”?"), yc_decision_label (decision));
  body = confirmation_body (self, decision);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("C_onfirm"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              decision == YC_DECISION_REFUSE
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "yc-generation", GUINT_TO_POINTER (self->generation));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (confirm_dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  self->confirm_dialog = dialog;
  yc_intake_view_update_problem (self);  /* intake.confirm is off while it is open */
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_toast (YcIntakeView *self,
           const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
show_result (YcIntakeView *self)
{
  YcCase *case_doc = self->case_doc;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *toast = NULL;
  g_autofree char *line = NULL;
  const char *icon;
  const char *style;

  switch (case_doc->decision)
    {
    case YC_DECISION_ONE_TIME_NOTICE:
      icon = "dialog-information-symbolic";
      style = "notice";
      break;
    case YC_DECISION_REFUSE:
      icon = "action-unavailable-symbolic";
      style = "refused";
      break;
    default:
      icon = "emblem-ok-symbolic";
      style = "accepted";
    }

  line = g_markup_printf_escaped ("<b>%s</b> · %s", yc_decision_label (case_doc->decision),
                                  yc_intake_view_get_subject_name (self));
  g_string_append (description, line);
  for (guint i = 0; case_doc->tolerated != NULL && i < case_doc->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (case_doc->tolerated, i);
      g_autofree char *date = format_date_or_empty (&tolerated->due);
      /* Translators: %s is a date */
      g_autofree char *due = g_markup_printf_escaped (_("Tolerated materials due by %s"), date);

      g_string_append_printf (description, "\n%s", due);
      break;  /* the earliest is what the applicant must remember */
    }
  if (case_doc->decision == YC_DECISION_ONE_TIME_NOTICE)
    {
      YcRulesResult *result = yc_decision_panel_get_result (self->decision_panel);
      guint n = result != NULL ? yc_rules_result_get_outstanding (result)->len : 0;
      g_autofree char *listed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "The notice lists %u material to bring",
                                                              "The notice lists %u materials to bring", n),
                                                 n);
      g_autofree char *escaped = g_markup_escape_text (listed, -1);

      g_string_append_printf (description, "\n%s", escaped);
    }
  else if (case_doc->decision == YC_DECISION_REFUSE)
    {
      const char *text = NULL;
      g_autofree char *escaped = NULL;

      yc_decision_panel_get_refusal (self->decision_panel, &text);
      escaped = g_markup_escape_text (text != NULL ? text : "", -1);
      g_string_append_printf (description, "\n%s", escaped);
    }
  if (g_date_valid (&case_doc->deadline))
    {
      g_autofree char *date = yc_format_date (&case_doc->deadline);
      /* Translators: %s is a date */
      g_autofree char *committed = g_markup_printf_escaped (_("Committed completion by %s"), date);

      g_string_append_printf (description, "\n%s", committed);
    }

  for (guint i = 0; i < 3; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_page),
                                 (const char *[]) { "accepted", "notice", "refused" }[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->result_page), style);
  adw_status_page_set_icon_name (self->result_page, icon);
  adw_status_page_set_title (self->result_page, case_doc->number);
  adw_status_page_set_description (self->result_page, description->str);
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (self->confirm_button, FALSE);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_grab_focus (self->next_button);

  /* Translators: %s is the case number */
  toast = g_strdup_printf (_("Case %s recorded"), case_doc->number);
  add_toast (self, toast);
}

/* 完成 in the documents: the next applicant, if this intake still shows their case. */
static void
documents_done_cb (YcDocumentPreview *preview,
                   YcIntakeView      *self)
{
  YcCase *shown = yc_document_preview_get_case (preview);

  if (self->case_doc != NULL && shown != NULL && g_strcmp0 (shown->uuid, self->case_doc->uuid) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "intake.next", NULL);
}

/* The intake moved on (办理下一位, another item): the documents of the last case go too. */
static void
intake_page_changed_cb (GtkStack   *stack,
                        GParamSpec *pspec,
                        GtkWindow  *preview)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "result") != 0)
    gtk_window_destroy (preview);
}

/* Locked (the counter hidden) or another view shown: the applicant's documents go out of
 * sight with the intake, and come back with it. */
static void
intake_unmapped_cb (GtkWidget *intake,
                    GtkWidget *preview)
{
  gtk_widget_set_visible (preview, FALSE);
}

static void
intake_mapped_cb (GtkWidget *intake,
                  GtkWindow *preview)
{
  gtk_window_present (preview);
}

static void
show_documents (YcIntakeView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *preview;

  preview = yc_document_preview_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->store, self->catalog, self->calendar);
  g_signal_connect_object (preview, "done", G_CALLBACK (documents_done_cb), self, 0);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (intake_page_changed_cb), preview, 0);
  /* The counter's window goes (sign-out, quit): its documents window with it. */
  g_signal_connect_object (self, "unrealize", G_CALLBACK (gtk_window_destroy), preview,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "unmap", G_CALLBACK (intake_unmapped_cb), preview, 0);
  g_signal_connect_object (self, "map", G_CALLBACK (intake_mapped_cb), preview, 0);
  yc_document_preview_show_case (YC_DOCUMENT_PREVIEW (preview), self->case_doc);
  gtk_window_present (GTK_WINDOW (preview));
}

/* An expected failure (a full disk, a locked database): the clerk reads why, and the
 * intake keeps everything entered so that confirming again retries. */
static void
show_error (YcIntakeView *self,
            const char   *message)
{
  g_free (self->commit_error);
  /* Translators: %s says why, and what to do */
  self->commit_error = g_strdup_printf (_("The case was not recorded: %s"), message);
  add_toast (self, self->commit_error);
  yc_intake_view_update_problem (self);
}

static void
stored_case_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data);

/* Takes @case_doc. */
static void
commit_done (CommitData *data,
             YcCase     *case_doc,
             GError     *error)
{
  YcIntakeView *self = data->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data->generation != self->generation)
    {
      /* The intake was started over meanwhile: its screen belongs to another applicant.
       * A recorded case still goes to today's list. */
      if (case_doc != NULL)
        {
          yc_intake_view_committed (self, case_doc);
          yc_case_unref (case_doc);
        }
      else
        g_message ("The case of an abandoned intake was not recorded: %s", error->message);
      return;
    }

  /* The store knows this UUID: the case was recorded by an earlier attempt.  Show it. */
  if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT) && self->uuid != NULL)
    {
      g_message ("The case %s is already recorded: %s", self->uuid, error->message);
      yc_store_get_case_async (self->store, self->uuid, self->cancellable, stored_case_cb,
                               commit_data_new (self));
      return;
    }

  self->committing = FALSE;
  if (case_doc == NULL)
    {
      g_message ("Cannot record the case: %s", error->message);
      show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->commit_error, g_free);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  self->case_doc = case_doc;
  show_result (self);
  yc_intake_view_update_problem (self);
  yc_intake_view_committed (self, case_doc);
  show_documents (self);
}

static void
accept_case_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CommitData) data = user_data;
  g_autoptr(GError) error = NULL;
  YcCase *case_doc;

  case_doc = yc_store_accept_case_finish (YC_STORE (object), result, &error);
  commit_done (data, case_doc, error);
}

static void
stored_case_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CommitData) data = user_data;
  g_autoptr(GError) error = NULL;
  YcCase *case_doc;

  case_doc = yc_store_get_case_finish (YC_STORE (object), result, &error);
  commit_done (data, case_doc, error);
}

static JsonObject *
applicant_json (YcIntakeView *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *name = g_strstrip (g_strdup (yc_applicant_form_get_name (self->applicant_form)));
  YcApplicant applicant;

  yc_applicant_form_get_applicant (self->applicant_form, &applicant);
  json_object_set_string_member (object, "kind", yc_applicant_kind_to_string (applicant.kind));
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "id_number", yc_applicant_form_get_id_number (self->applicant_form));
  json_object_set_string_member (object, "mobile", yc_applicant_form_get_mobile (self->applicant_form));
  json_object_set_boolean_member (object, "agent", applicant.is_agent);
  if (applicant.is_agent)
    {
      json_object_set_string_member (object, "agent_name", yc_applicant_form_get_agent_name (self->applicant_form));
      json_object_set_string_member (object, "agent_id_number",
                                     yc_applicant_form_get_agent_id_number (self->applicant_form));
    }
  json_object_set_boolean_member (object, "dishonest", applicant.dishonest);
  json_object_set_boolean_member (object, "broken_pledge", applicant.broken_pledge);
  return object;
}

static void
commit_with_scans (YcIntakeView *self,
                   GArray       *scans)
{
  YcDecision decision = yc_decision_panel_get_decision (self->decision_panel);
  g_autoptr(YcRulesInput) input = yc_intake_view_build_input (self, decision == YC_DECISION_REFUSE);
  g_autoptr(YcRulesResult) result = yc_rules_evaluate (input, self->calendar);
  g_autoptr(JsonObject) applicant = applicant_json (self);
  g_autoptr(JsonObject) answers = NULL;
  g_autoptr(YcCase) case_doc = NULL;
  g_autoptr(GError) error = NULL;
  YcCaseIntake intake = { 0 };
  const char *text = NULL;

  /* A second confirmation while the first is recorded, or after it was. */
  if (self->committing || self->case_doc != NULL)
    return;

  if (self->item != NULL && g_hash_table_size (self->answers) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      answers = json_object_new ();
      g_hash_table_iter_init (&iter, self->answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (answers, key, value);
    }

  if (decision == YC_DECISION_REFUSE)
    yc_decision_panel_get_refusal (self->decision_panel, &text);

  intake.uuid = self->uuid;
  intake.hall = self->hall;
  intake.window = self->window;
  intake.clerk = self->clerk;
  intake.applicant = applicant;
  intake.answers = answers;
  intake.notice_text = text;
  intake.scans = scans != NULL ? (const YcCaseScan *) scans->data : NULL;
  intake.n_scans = scans != NULL ? scans->len : 0;

  case_doc = yc_case_build_accepted (result, decision, &intake, self->calendar, &error);
  if (case_doc == NULL)
    {
      g_message ("Cannot build the case: %s", error->message);
      show_error (self, error->message);
      return;
    }

  self->committing = TRUE;
  yc_intake_view_update_problem (self);
  yc_store_accept_case_async (self->store, case_doc, self->cancellable, accept_case_cb,
                              commit_data_new (self));
}

/* The scans are in the blob store: now the case that names them (DESIGN.md durability). */
static void
scans_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CommitData) data = user_data;
  YcIntakeView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) scans = yc_intake_scans_store_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->generation != self->generation)
    return;
  self->committing = FALSE;
  if (scans == NULL)
    {
      g_message ("Cannot store the scans: %s", error->message);
      show_error (self, error->message);
      return;
    }
  commit_with_scans (self, scans);
}

static void
commit (YcIntakeView *self)
{
  if (self->committing || self->case_doc != NULL)
    return;
  self->committing = TRUE;
  yc_intake_view_update_problem (self);
  yc_intake_scans_store_async (self->store, yc_material_checklist_get_model (self->checklist),
                               self->cancellable, scans_stored_cb, commit_data_new (self));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcIntakeView     *self)
{
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "yc-generation"));

  if (self->confirm_dialog == GTK_WIDGET (dialog))
    self->confirm_dialog = NULL;
  yc_intake_view_update_problem (self);
  if (g_str_equal (response, "confirm") && generation == self->generation)
    commit (self);
}
