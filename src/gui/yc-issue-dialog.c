/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-issue-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-identifiers.h"
#include "yc-issue-dialog.h"

/*
 * Issuance (出件): the result goes only to the applicant, or to an agent with a power of
 * attorney, and only against a signature.  The clerk re-enters the ID number of whoever
 * collects: the applicant's must be the one on the case; an agent's the one the case
 * recorded, or at least a valid resident ID, with the power of attorney checked.  Only
 * then can the result be issued.
 */

struct _YcIssueDialog
{
  AdwMessageDialog  parent_instance;

  YcCase           *case_doc;
  char             *problem;

  GtkCheckButton   *agent_check;
  GtkEntry         *agent_name_entry;
  GtkEntry         *id_entry;
  GtkLabel         *id_status;
  GtkCheckButton   *attorney_check;
  GtkCheckButton   *signature_check;
};

G_DEFINE_FINAL_TYPE (YcIssueDialog, yc_issue_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
normalized (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return g_ascii_strup (stripped, -1);
}

static const char *
applicant_member (YcIssueDialog *self,
                  const char    *member)
{
  if (self->case_doc->applicant == NULL)
    return NULL;
  return json_object_get_string_member_with_default (self->case_doc->applicant, member, NULL);
}

/* NULL when the ID entered may collect the result; else why not. */
static char *
check_identity (YcIssueDialog *self,
                gboolean       agent)
{
  g_autofree char *entered = normalized (gtk_editable_get_text (GTK_EDITABLE (self->id_entry)));
  g_autofree char *expected = NULL;
  const char *recorded;

  if (entered[0] == '\0')
    return g_strdup (agent ? _("Enter the agent’s ID number.")
                           : _("Enter the ID number on the applicant’s certificate."));
  if (!agent)
    {
      expected = normalized (yc_case_get_applicant_id (self->case_doc));
      if (!g_str_equal (entered, expected))
        return g_strdup (_("This is not the applicant’s number on the case: check the certificate."));
      return NULL;
    }

  recorded = applicant_member (self, "agent_id_number");
  if (recorded != NULL && *recorded != '\0')
    {
      expected = normalized (recorded);
      if (!g_str_equal (entered, expected))
        return g_strdup (_("This is not the agent recorded on the case: a new power of attorney is needed."));
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      YcResidentId id;
      GDate today;

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      if (!yc_resident_id_parse (entered, &today, &id, &error))
        return g_strdup (error->message);
    }
  return NULL;
}

static void
update (YcIssueDialog *self)
{
  gboolean agent = gtk_check_button_get_active (self->agent_check);
  g_autofree char *identity = check_identity (self, agent);
  const char *agent_name = gtk_editable_get_text (GTK_EDITABLE (self->agent_name_entry));
  g_autofree char *agent_name_stripped = g_strstrip (g_strdup (agent_name));

  gtk_widget_set_visible (GTK_WIDGET (self->agent_name_entry), agent);
  gtk_widget_set_visible (GTK_WIDGET (self->attorney_check), agent);

  g_clear_pointer (&self->problem, g_free);
  if (identity != NULL)
    self->problem = g_steal_pointer (&identity);
  else if (agent && agent_name_stripped[0] == '\0')
    self->problem = g_strdup (_("Enter the agent’s name."));
  else if (agent && !gtk_check_button_get_active (self->attorney_check))
    self->problem = g_strdup (_("Check the power of attorney."));
  else if (!gtk_check_button_get_active (self->signature_check))
    self->problem = g_strdup (_("Have the recipient sign the collection slip."));

  gtk_label_set_text (self->id_status, self->problem != NULL ? self->problem : _("Identity and signature confirmed."));
  if (self->problem != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_status), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->id_status), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->id_status), "success");
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "issue", self->problem == NULL);
}

static void
changed_cb (YcIssueDialog *self)
{
  update (self);
}

static void
yc_issue_dialog_finalize (GObject *object)
{
  YcIssueDialog *self = (YcIssueDialog *)object;

  g_clear_pointer (&self->case_doc, yc_case_unref);
  g_free (self->problem);

  G_OBJECT_CLASS (yc_issue_dialog_parent_class)->finalize (object);
}

static void
yc_issue_dialog_class_init (YcIssueDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_issue_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-issue-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, agent_check);
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, agent_name_entry);
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, id_entry);
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, id_status);
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, attorney_check);
  gtk_widget_class_bind_template_child (widget_class, YcIssueDialog, signature_check);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
yc_issue_dialog_init (YcIssueDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * yc_issue_dialog_new:
 * @parent: (nullable): the clerk's window
 * @case_doc: a case ready for issuance
 */
GtkWidget *
yc_issue_dialog_new (GtkWindow *parent,
                     YcCase    *case_doc)
{
  YcIssueDialog *self;
  g_autofree char *body = NULL;
  const char *name;
  const char *agent_name;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (case_doc != NULL, NULL);

  self = g_object_new (YC_TYPE_ISSUE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->case_doc = yc_case_ref (case_doc);
  name = applicant_member (self, "name");
  /* Translators: the case number and the applicant's name */
  body = g_strdup_printf (_("Case %s of %s. Check the certificate of whoever collects, and have them sign."),
                          case_doc->number, name != NULL ? name : "");
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  /* The case recorded an agent: the same agent usually comes back. */
  agent_name = applicant_member (self, "agent_name");
  if (agent_name != NULL && *agent_name != '\0')
    {
      gtk_check_button_set_active (self->agent_check, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->agent_name_entry), agent_name);
    }
  update (self);
  return GTK_WIDGET (self);
}

/**
 * yc_issue_dialog_set_identity:
 * @agent_name: (nullable): the agent's name, for an agent
 * @id_number: (nullable): the ID number of whoever collects
 */
void
yc_issue_dialog_set_identity (YcIssueDialog *self,
                              gboolean       agent,
                              const char    *agent_name,
                              const char    *id_number,
                              gboolean       attorney_checked,
                              gboolean       signature_confirmed)
{
  g_return_if_fail (YC_IS_ISSUE_DIALOG (self));

  gtk_check_button_set_active (self->agent_check, agent);
  gtk_editable_set_text (GTK_EDITABLE (self->agent_name_entry), agent_name != NULL ? agent_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->id_entry), id_number != NULL ? id_number : "");
  gtk_check_button_set_active (self->attorney_check, attorney_checked);
  gtk_check_button_set_active (self->signature_check, signature_confirmed);
  update (self);
}

const char *
yc_issue_dialog_get_problem (YcIssueDialog *self)
{
  g_return_val_if_fail (YC_IS_ISSUE_DIALOG (self), NULL);
  return self->problem;
}

/**
 * yc_issue_dialog_dup_payload:
 *
 * Returns: (transfer full) (nullable): the case.issue payload
 */
JsonObject *
yc_issue_dialog_dup_payload (YcIssueDialog *self)
{
  JsonObject *payload;
  g_autofree char *recipient = NULL;

  g_return_val_if_fail (YC_IS_ISSUE_DIALOG (self), NULL);

  update (self);
  if (self->problem != NULL)
    return NULL;
  if (gtk_check_button_get_active (self->agent_check))
    {
      g_autofree char *id = normalized (gtk_editable_get_text (GTK_EDITABLE (self->id_entry)));
      g_autofree char *masked = yc_mask_resident_id (id);
      g_autofree char *agent = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agent_name_entry))));

      /* Translators: who collected the result: the agent's name and masked ID number */
      recipient = g_strdup_printf (_("Agent %s (%s)"), agent, masked != NULL ? masked : id);
    }
  else
    recipient = g_strdup (_("The applicant"));

  payload = json_object_new ();
  json_object_set_boolean_member (payload, "signature_confirmed", TRUE);
  json_object_set_string_member (payload, "recipient", recipient);
  return payload;
}
