/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-operation.h"
#include "yc-rules.h"

G_BEGIN_DECLS

/*
 * From the counter's intake to the case document (docs/case-life.md): the rules engine's
 * result (the subject, the applicant's standing, every material's state, the dates) plus
 * what the rules do not know (who, where, when, the applicant's details, the scans) become
 * the YcCase that the back office makes of the case.accept operation.  The counter keeps
 * that document (yc_store_accept_case()) and sends it as yc_case_new_accept_operation().
 *
 * Errors are YC_CASE_ERROR_INVALID and start with the field, as the case document's do:
 * "decision: …", "applicant.name: …", "scans[1].material: …".
 */

/* The scan of one material (issue 5 produces it); the material's copies are the ones the
 * rules input records (yc_rules_input_set_provided()). */
typedef struct {
  const char *material;     /* material code */
  const char *blob_sha256;  /* the scanned file, already stored (yc_store_put_blob()); or NULL */
  guint       pages;
} YcCaseScan;

typedef struct {
  const char       *uuid;             /* NULL: a new random UUID */
  const char       *number;           /* NULL: left unset; yc_store_accept_case() allocates it */
  const char       *hall;             /* the window's enrolment */
  const char       *window;
  const char       *clerk;            /* the clerk's username */
  const char       *catalog_version;  /* NULL: the version of the subject's catalog */
  /* {"kind": "person"|"enterprise", "name", "id_number" (resident ID or USCC), "mobile"?,
   *  "agent": bool?, "agent_name"?, "agent_id_number"?, "address"?, …}: kept as given;
   *  "kind" and "agent" are filled from the rules input when absent. */
  JsonObject       *applicant;
  JsonObject       *answers;          /* the scenario questions' answers, or NULL */
  const YcCaseScan *scans;            /* n_scans entries, or NULL */
  guint             n_scans;
  /* A refusal: the clerk's reason, when the rules input has none; a one-time notice: the
   * clerk's words to the applicant (optional).  Ignored when the case is accepted. */
  const char       *notice_text;
  GDateTime        *accepted_at;      /* NULL: now; its day must be the rules' acceptance date */
} YcCaseIntake;

YcCase      *yc_case_build_accepted          (YcRulesResult       *result,
                                              YcDecision           decision,
                                              const YcCaseIntake  *intake,
                                              YcCalendar          *calendar,
                                              GError             **error);

/* The case.accept payload of a case as the counter built it (version 1, nothing applied
 * since): the members of docs/case-life.md, "The case.accept payload".  The number must be
 * set.  NULL-safe members become null. */
JsonObject  *yc_case_dup_accept_payload      (YcCase              *self);
/* The case.accept operation: a new op id, base version 0, created at accepted_at. */
YcOperation *yc_case_new_accept_operation    (YcCase              *self);

G_END_DECLS
