/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-problem-text"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-operation.h"
#include "yc-problem-text.h"

/*
 * The back office's refusal codes (docs/API.md "Sync", yc-case-machine.h) in the clerk's
 * words: what happened, and what to do about it.
 */

static const struct {
  const char *code;
  const char *explanation;
  const char *advice;
} codes[] = {
  { "forbidden",
    N_("You may not do this on this case: it belongs to another hall, or your role does not allow it."),
    N_("Ask the colleague or supervisor responsible for the case. Discard this change if it was a mistake.") },
  { "illegal_transition",
    N_("The case is no longer in a state that allows this: it was reviewed, withdrawn or issued in the meantime."),
    N_("Look at the case as it is now. Discard this change if it is no longer needed.") },
  { "invalid_payload",
    N_("The back office found the content of this change incomplete or invalid."),
    N_("Check the content shown below. Correct the case and record the change again, or call the administrator.") },
  { "duplicate_number",
    N_("Another case already has this case number at the back office."),
    N_("Call the administrator: the case numbers of this window must be checked, then retry.") },
  { "window_not_enrolled",
    N_("This window is not enrolled at the back office, so its cases are not accepted."),
    N_("Ask the administrator to enrol this window at the back office, then retry.") },
  { "decision_not_allowed",
    N_("The decision recorded for this case is not allowed for its item."),
    N_("Ask the supervisor how the case must be decided; record it again and discard this change.") },
  { "unknown_catalog_version",
    N_("The case was accepted under a catalog version the back office does not know."),
    N_("Ask the administrator to publish that catalog at the back office, then retry.") },
  { "applicant_flagged",
    N_("The applicant broke an earlier pledge, so pledges (告知承诺) are no longer accepted from them."),
    N_("Ask the applicant for the certificate itself instead of the pledge, then record the case again and discard this change.") },
  { "missing_blob",
    N_("A scanned file of this case has not reached the back office."),
    N_("Retry: the file is sent again first. If it keeps failing, call the administrator.") },
  { "op_id_reused",
    N_("The back office already holds another change under the same identifier."),
    N_("Retry: the change is sent again under a new identifier.") },
  { "not_found",
    N_("The back office does not have this case."),
    N_("Retry once the case itself has been sent. Discard this change if the case was never accepted.") },
  { "not_notified",
    N_("The return cites a material the applicant was never told about (一次性告知)."),
    N_("Ask the reviewer; the return must name only materials already notified.") },
};

static gboolean
is_conflict (const YcSyncProblem *problem)
{
  return g_strcmp0 (problem->result, "conflict") == 0;
}

gboolean
yc_problem_text_knows_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      return TRUE;
  return FALSE;
}

const char *
yc_problem_text_explanation (const YcSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (is_conflict (problem))
    return _("Someone at the back office changed this case first. The back office kept its "
             "version; your change was not applied.");
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (codes[i].code, problem->code) == 0)
      return _(codes[i].explanation);
  return _("The back office refused this change.");
}

const char *
yc_problem_text_advice (const YcSyncProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (is_conflict (problem))
    return _("Look at the case as it is now. If your change is still needed, retry: it is applied "
             "to the current version.");
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (codes[i].code, problem->code) == 0)
      return _(codes[i].advice);
  return _("Read the back office’s reason below. Fix what it names and retry, or discard the change.");
}

const char *
yc_problem_text_attempt (const YcSyncProblem *problem)
{
  YcOpKind kind;

  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->op_kind != NULL && yc_op_kind_from_string (problem->op_kind, &kind))
    return yc_op_kind_label (kind);
  return problem->op_kind != NULL ? problem->op_kind : _("A change");
}
