/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case-machine.h"
#include "yc-case-private.h"

G_BEGIN_DECLS

/* Shared by the units of the case machine: yc-case-machine.c (checks, deadlines, the
 * dispatcher), yc-case-transitions.c (one handler per kind), yc-case-accept.c. */

#define MACHINE_READER(name) \
  const YcJsonReader name##_reader = { YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_INVALID_PAYLOAD }; \
  const YcJsonReader *name = &name##_reader

/* Everything a handler needs.  A handler validates first and changes the case only once
 * nothing can fail any more, so that a refused operation leaves the case untouched. */
typedef struct {
  YcCase            *c;
  const YcOperation *op;
  const YcActor     *actor;
  const GDate       *today;
  YcCalendar        *calendar;
  YcCaseEffects     *effects;  /* never NULL inside the machine */
} YcTransition;

gboolean    yc_case_machine_check_role      (const YcActor  *actor,
                                             YcOpKind        kind,
                                             GError        **error);
gboolean    yc_case_machine_check_hall      (YcCase         *c,
                                             const YcActor  *actor,
                                             GError        **error);
gboolean    yc_case_machine_check_department (YcCase        *c,
                                              const YcActor *actor,
                                              const char    *department,
                                              GError       **error);
gboolean    yc_case_machine_actor_has_department (const YcActor *actor,
                                                  const char    *department);
/* Case-level states in which @kind may happen at all. */
gboolean    yc_case_machine_check_case_state (YcCase        *c,
                                              YcOpKind       kind,
                                              GError       **error);
/* Part-level: the part's state and holder for claim, release, approve, return, reject. */
gboolean    yc_case_machine_check_part      (YcCase         *c,
                                             YcCasePart     *part,
                                             YcOpKind        kind,
                                             const YcActor  *actor,
                                             GError        **error);

gboolean    yc_case_machine_illegal         (GError        **error,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (2, 3);
gboolean    yc_case_machine_forbidden       (GError        **error,
                                             const char     *format,
                                             ...) G_GNUC_PRINTF (2, 3);

/* Nobody holds any part any more (the case is over): held parts go back to waiting. */
void        yc_case_machine_release_all     (YcCase         *c);

/* The case state that follows from the parts and the tolerated materials; stops the clock
 * when review is over (and closes an open pause). */
void        yc_case_machine_settle          (YcCase         *c,
                                             const GDate    *today,
                                             YcCalendar     *calendar);
void        yc_case_machine_open_pause      (YcCase         *c,
                                             const GDate    *today);
void        yc_case_machine_close_pause     (YcCase         *c,
                                             const GDate    *today,
                                             YcCalendar     *calendar);
gboolean    yc_case_machine_has_open_pause  (YcCase         *c);
void        yc_case_machine_stop_clock      (YcCase         *c,
                                             const GDate    *today,
                                             YcCalendar     *calendar);
void        yc_case_machine_update_deadline (YcCase         *c,
                                             YcCalendar     *calendar);

/* One handler per kind (yc-case-transitions.c); case.accept is not among them. */
gboolean    yc_case_transition_apply        (YcTransition   *t,
                                             GError        **error);

G_END_DECLS
