/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-operation.h"

G_BEGIN_DECLS

/*
 * The case machine: every transition of a case validated against role × scope × state, the
 * same code on the client (to enable buttons, to apply its own ops optimistically) and on the
 * back office (the authority).  docs/case-life.md has the states, the transitions table and
 * the payload of every operation.
 *
 * Checks run in this order, and the first failure is the error:
 *   1. role: may this role do this kind at all (FORBIDDEN)
 *   2. payload: members and types (INVALID_PAYLOAD, message starts with "payload.<field>")
 *   3. scope: the clerk's hall, the reviewer's departments (FORBIDDEN)
 *   4. state: of the case, of the part, of the pledge or urge (ILLEGAL_TRANSITION)
 *   5. one-time notice on returns (NOT_NOTIFIED)
 */

typedef enum {
  YC_ROLE_CLERK,
  YC_ROLE_REVIEWER,
  YC_ROLE_SUPERVISOR,
  YC_ROLE_ADMIN,
} YcRole;

typedef struct {
  const char         *username;
  YcRole              role;
  const char         *hall;         /* clerks: their hall; supervisors: theirs, NULL = every hall */
  const char * const *departments;  /* reviewers: their departments (NULL-terminated; may be NULL) */
} YcActor;

#define YC_CASE_MACHINE_ERROR (yc_case_machine_error_quark ())

typedef enum {
  YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION,  /* code "illegal_transition" */
  YC_CASE_MACHINE_ERROR_FORBIDDEN,           /* role × scope: code "forbidden" */
  YC_CASE_MACHINE_ERROR_INVALID_PAYLOAD,     /* code "invalid_payload" */
  YC_CASE_MACHINE_ERROR_NOT_NOTIFIED,        /* a return citing a material no earlier notice named
                                                (一次性告知) — allowed only with "new_demand": true,
                                                which is flagged to supervision */
} YcCaseMachineError;

/* The yellow threshold of the traffic light when the caller has no setting of its own. */
#define YC_CASE_YELLOW_THRESHOLD_DEFAULT 2

/*
 * What an applied operation means beyond the case itself, for the server to act on (and to
 * put into the op result): a broken pledge flags the applicant; a return with new_demand is
 * recorded for supervision.  Filled by yc_case_machine_apply_full(); clear with
 * yc_case_effects_clear().
 */
typedef struct {
  char     *flag_applicant;       /* id number of the applicant who broke a pledge, or NULL */
  char     *flag_reason;          /* why (the material and the note), or NULL */
  gboolean  new_demand;           /* a return named materials no earlier notice named */
  GStrv     new_demand_materials; /* those codes, or NULL */
  gboolean  terminated;           /* the case went TERMINATED (tolerance expired) */
} YcCaseEffects;

GQuark      yc_case_machine_error_quark      (void);
/* "illegal_transition", "forbidden", "invalid_payload", "not_notified" */
const char *yc_case_machine_error_code_string (int                  code);

const char *yc_role_to_string                 (YcRole               role);   /* "clerk", … */
gboolean    yc_role_from_string               (const char          *str,
                                               YcRole              *role);

/*
 * Applies @op to @self (a case already stored).  Checks role × scope × state; on success bumps
 * the version, appends history and returns TRUE; on failure leaves the case untouched.
 * @today and @calendar for deadlines and pauses.  case.accept is not applied to an existing
 * case: that is ILLEGAL_TRANSITION (the case exists) — use yc_case_machine_accept().
 */
gboolean    yc_case_machine_apply             (YcCase              *self,
                                               const YcOperation   *op,
                                               const YcActor       *actor,
                                               const GDate         *today,
                                               YcCalendar          *calendar,
                                               GError             **error);
/* The same, filling @out_effects (may be NULL) on success. */
gboolean    yc_case_machine_apply_full        (YcCase              *self,
                                               const YcOperation   *op,
                                               const YcActor       *actor,
                                               const GDate         *today,
                                               YcCalendar          *calendar,
                                               YcCaseEffects       *out_effects,
                                               GError             **error);

/*
 * Builds a new case from a case.accept operation (payload: the case document as the counter
 * makes it; docs/case-life.md).  Validated strictly; errors name the field ("payload.materials[2].
 * blob_sha256: …").  Parts: one per implementing department, taken from the payload's
 * subject.items[].department.  The deadline is computed here from accepted_on and
 * committed_days with @calendar.  one_time_notice and refuse give CLOSED_AT_COUNTER.
 */
YcCase     *yc_case_machine_accept            (const YcOperation   *op,
                                               const YcActor       *actor,
                                               YcCalendar          *calendar,
                                               GError             **error);
/*
 * The same, also checked against @catalog (nullable) when its version is the case's
 * catalog_version: items, scenarios and bundle parts exist, each item's department is the
 * catalog's, and every material code is on the merged list (yc-bundle-merge.h).  With another
 * catalog version the payload's departments are taken as given (the case was decided under
 * the catalog the counter had).
 */
YcCase     *yc_case_machine_accept_full       (const YcOperation   *op,
                                               const YcActor       *actor,
                                               YcCatalog           *catalog,
                                               YcCalendar          *calendar,
                                               GError             **error);

/* Would @kind be allowed for @actor in the case's current state (role × scope × state,
 * payload aside)?  For enabling buttons.  For part-level kinds, TRUE when some part of the
 * actor's departments allows it. */
gboolean    yc_case_machine_can               (YcCase              *self,
                                               YcOpKind             kind,
                                               const YcActor       *actor);
/* May @actor see the case at all (the changes feed, queries)? */
gboolean    yc_case_actor_in_scope            (YcCase              *self,
                                               const YcActor       *actor);

/*
 * Traffic light: the deadline from the committed limit counted in working days after the day
 * of acceptance, pauses excluded (an open pause runs up to @today).  Once the clock has
 * stopped (every part decided, withdrawn, terminated) the state is the one of the day it
 * stopped.  Cases without a limit (closed at the counter) are green with 0 remaining.
 * Same colours as yc_calendar_deadline_state().
 */
YcDeadlineState yc_case_deadline_state        (YcCase              *self,
                                               YcCalendar          *calendar,
                                               const GDate         *today,
                                               guint                yellow_threshold,
                                               int                 *out_remaining);
/* The deadline as it stands on @today (an open pause counted up to @today). */
void        yc_case_current_deadline          (YcCase              *self,
                                               YcCalendar          *calendar,
                                               const GDate         *today,
                                               GDate               *out_deadline);

/*
 * The clock of a case or of one department's part of it (yc-case-clock.c), as the board, the
 * queue and GET /api/v1/cases show it; client and server call this one function.
 *
 * A part runs on the case's committed limit and pauses (a return by any department stops the
 * whole case's clock: the applicant owes the supplement), but stops on its own day: the day
 * the department approved or rejected it (@decided_on), or the day the whole case stopped
 * (withdrawn, terminated, rejected by another department), whichever comes first.  So a
 * department that decided in time stays green however late the others are.  With @part
 * NULL this is the case's clock, the same as yc_case_deadline_state().
 */
typedef struct {
  gboolean        has_clock;     /* FALSE: closed at the counter or no limit (then green, 0) */
  GDate           deadline;      /* as it stands on @evaluated_on; invalid without a clock */
  YcDeadlineState state;
  int             remaining;     /* working days left; 0 on the deadline day, negative once late */
  gboolean        paused;        /* running and a supplement is owed: the clock stands still */
  gboolean        stopped;       /* decided / closed: evaluated on the day it stopped */
  GDate           evaluated_on;  /* @today, or the day the clock stopped */
} YcClock;

void        yc_case_clock                     (YcCase              *self,
                                               const YcCasePart    *part,
                                               YcCalendar          *calendar,
                                               const GDate         *today,
                                               guint                yellow_threshold,
                                               YcClock             *out_clock);
/* The day @part's clock stopped (decided, or the case stopped first); invalid while running.
 * Documents written before parts carried "decided_on" take the day from the part's decision
 * in the history. */
void        yc_case_part_stop_day             (YcCase              *self,
                                               const YcCasePart    *part,
                                               GDate               *out_day);

/*
 * Calendar days after a tolerated material's due date before expiry terminates the case:
 * a supplement received at a counter working offline on time may take that long to sync.
 */
#define YC_CASE_TOLERANCE_GRACE_DAYS 3

/* TRUE when @tolerated is not received and @today is more than the grace period past due. */
gboolean    yc_case_tolerance_expired         (const YcCaseTolerated *tolerated,
                                               const GDate         *today);

/*
 * A tolerated material not received more than YC_CASE_TOLERANCE_GRACE_DAYS after its due
 * date → TERMINATED (version bumped, history
 * by "system" at @at, ISO 8601, NULL: now).  Returns TRUE when it terminated the case.
 */
gboolean    yc_case_expire_tolerance          (YcCase              *self,
                                               const GDate         *today,
                                               const char          *at);

/* Pledges past their due date and still not verified: NULL-terminated material codes. */
GStrv       yc_case_dup_overdue_pledges       (YcCase              *self,
                                               const GDate         *today);

void        yc_case_effects_clear             (YcCaseEffects       *effects);
/* {"flag_applicant": "…", "flag_reason": "…", "new_demand": true, "new_demand_materials": […],
 *  "terminated": true}: only the members that are set; NULL when nothing is set. */
JsonNode   *yc_case_effects_to_json           (const YcCaseEffects *effects);

G_END_DECLS
