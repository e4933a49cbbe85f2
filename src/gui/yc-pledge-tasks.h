/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-store.h"

G_BEGIN_DECLS

/*
 * Pledge post-verification (告知承诺核查) in review mode (docs/review.md, "Pledges"): the
 * pledges of the cached cases of the reviewer's departments, due first, overdue marked.
 * Each still due is recorded verified (with an optional note) or broken (with a required
 * reason, after a confirmation that says what follows: the applicant is flagged, and
 * counters refuse them tolerance and pledges).  Each is a pledge.verify operation through
 * the store and its outbox.  Signal "case-activated" (const char *uuid): open the case.
 */

#define YC_TYPE_PLEDGE_TASKS (yc_pledge_tasks_get_type ())
G_DECLARE_FINAL_TYPE (YcPledgeTasks, yc_pledge_tasks, YC, PLEDGE_TASKS, GtkWidget)

/* Construct properties "store", "calendar". */
GtkWidget *yc_pledge_tasks_new           (YcStore            *store,
                                          YcCalendar         *calendar);
void       yc_pledge_tasks_set_reviewer  (YcPledgeTasks      *self,
                                          const char         *username,
                                          const char * const *departments);
/* Reads the cached cases again (after a sync round). */
void       yc_pledge_tasks_reload        (YcPledgeTasks      *self);
/* Pledges listed / still due, once loaded. */
guint      yc_pledge_tasks_get_n_pledges (YcPledgeTasks      *self);
guint      yc_pledge_tasks_get_n_due     (YcPledgeTasks      *self);
/* Records the verification (what the confirmations do): @broken needs a @note. */
void       yc_pledge_tasks_verify        (YcPledgeTasks      *self,
                                          const char         *case_uuid,
                                          const char         *material,
                                          gboolean            broken,
                                          const char         *note);

G_END_DECLS
