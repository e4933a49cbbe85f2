/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-case-queue.h"
#include "yc-pledge-tasks.h"
#include "yc-review-case-page.h"
#include "yc-session-manager.h"
#include "yc-sync-engine.h"

G_BEGIN_DECLS

/*
 * Review mode, what a reviewer signed in sees (issue 7; docs/review.md): 审核 — the queue of
 * the reviewer's departments (YcCaseQueue, mode REVIEW), and the case opened from it
 * (YcReviewCasePage) over the whole width, back to the queue with Alt+← — and 承诺核查 — the pledges to verify (YcPledgeTasks).  After each sync
 * round the queue, the open case and the pledges are read again from the store.
 */

#define YC_TYPE_REVIEW_VIEW (yc_review_view_get_type ())
G_DECLARE_FINAL_TYPE (YcReviewView, yc_review_view, YC, REVIEW_VIEW, GtkWidget)

/* Construct properties "store", "calendar", "catalog" (nullable), "session-manager": the
 * reviewer is the user signed in to it (their departments from the profile). */
GtkWidget        *yc_review_view_new           (YcStore          *store,
                                                YcCalendar       *calendar,
                                                YcCatalog        *catalog,
                                                YcSessionManager *session);
/* What the window shows in the header next to the view switcher (who is signed in, the
 * sync state); (nullable). */
void              yc_review_view_set_header_widget (YcReviewView *self,
                                                    GtkWidget    *widget);
/* The window's sync engine (nullable): the view reads the store again after each round. */
void              yc_review_view_set_engine    (YcReviewView     *self,
                                                YcSyncEngine     *engine);
void              yc_review_view_refresh       (YcReviewView     *self);
/* Shows the case (as the store has it) on the case page. */
void              yc_review_view_open_case     (YcReviewView     *self,
                                                const char       *uuid);
YcCaseQueue      *yc_review_view_get_queue     (YcReviewView     *self);
YcReviewCasePage *yc_review_view_get_case_page (YcReviewView     *self);
YcPledgeTasks    *yc_review_view_get_pledges   (YcReviewView     *self);

G_END_DECLS
