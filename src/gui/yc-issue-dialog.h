/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "yc-case.h"

G_BEGIN_DECLS

#define YC_TYPE_ISSUE_DIALOG (yc_issue_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcIssueDialog, yc_issue_dialog, YC, ISSUE_DIALOG, AdwMessageDialog)

GtkWidget  *yc_issue_dialog_new          (GtkWindow     *parent,
                                          YcCase        *case_doc);
/* Fills the dialog as the clerk would (keyboard macros, tests). */
void        yc_issue_dialog_set_identity (YcIssueDialog *self,
                                          gboolean       agent,
                                          const char    *agent_name,
                                          const char    *id_number,
                                          gboolean       attorney_checked,
                                          gboolean       signature_confirmed);
/* Why the result cannot be handed over yet, as the dialog shows it; NULL when it can. */
const char *yc_issue_dialog_get_problem  (YcIssueDialog *self);
/* The case.issue payload {"signature_confirmed": true, "recipient": …}, or NULL while the
 * identity or the signature is not confirmed. */
JsonObject *yc_issue_dialog_dup_payload  (YcIssueDialog *self);

G_END_DECLS
