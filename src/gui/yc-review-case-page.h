/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-blob-fetcher.h"
#include "yc-catalog.h"
#include "yc-page-viewer.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * A case in review mode (issue 7; docs/review.md): the applicant, the item or bundle, what
 * the clerk decided per material, the materials' pages in a YcPageViewer (fetched on demand
 * when this computer does not hold them), the notices so far, each department's part with
 * its state and holder, and the history.  The reviewer's decisions — claim, release,
 * approve, return for supplement (YcReturnDialog), reject with a reason — are offered only
 * when the case machine allows them, and each is an operation applied through the store
 * and its outbox, so that they work offline and show as waiting until sent.
 *
 * Actions: review.claim, review.release, review.approve, review.return, review.reject,
 * review.view-material("<material code>").  Signal "changed" (YcCase *): a decision was
 * applied and stored.
 */

#define YC_TYPE_REVIEW_CASE_PAGE (yc_review_case_page_get_type ())
G_DECLARE_FINAL_TYPE (YcReviewCasePage, yc_review_case_page, YC, REVIEW_CASE_PAGE, GtkWidget)

/* Construct properties "store", "calendar", "catalog" (nullable: department codes shown). */
GtkWidget    *yc_review_case_page_new            (YcStore            *store,
                                                  YcCalendar         *calendar,
                                                  YcCatalog          *catalog);
/* The reviewer signed in: who acts, and for which departments. */
void          yc_review_case_page_set_reviewer   (YcReviewCasePage   *self,
                                                  const char         *username,
                                                  const char * const *departments);
/* (nullable): fetches files this computer does not hold; without one only local files open */
void          yc_review_case_page_set_fetcher    (YcReviewCasePage   *self,
                                                  YcBlobFetcher      *fetcher);
/* Shows @case_doc (NULL: nothing); the department acted for is the reviewer's first part
 * held by them, else the first they may claim, else their first. */
void          yc_review_case_page_set_case       (YcReviewCasePage   *self,
                                                  YcCase             *case_doc);
YcCase       *yc_review_case_page_get_case       (YcReviewCasePage   *self);
/* Shows the case with this uuid as the store has it now (after a sync round). */
void          yc_review_case_page_load           (YcReviewCasePage   *self,
                                                  const char         *uuid);
const char   *yc_review_case_page_get_department (YcReviewCasePage   *self);
void          yc_review_case_page_set_department (YcReviewCasePage   *self,
                                                  const char         *department);
/* Would the reviewer be offered @kind for the department acted for? */
gboolean      yc_review_case_page_can            (YcReviewCasePage   *self,
                                                  YcOpKind            kind);
/* Applies @kind with @payload (the department is filled in when absent) through the store. */
void          yc_review_case_page_apply          (YcReviewCasePage   *self,
                                                  YcOpKind            kind,
                                                  JsonObject         *payload);
/* Opens the newest version of material @code in the viewer (fetched when not held). */
void          yc_review_case_page_show_material  (YcReviewCasePage   *self,
                                                  const char         *code);
YcPageViewer *yc_review_case_page_get_viewer     (YcReviewCasePage   *self);
/* What the viewer says while a file loads or when it cannot be shown ("" when shown). */
const char   *yc_review_case_page_get_viewer_status (YcReviewCasePage *self);
/* The error of the last decision that could not be applied, or NULL. */
const char   *yc_review_case_page_get_error      (YcReviewCasePage   *self);
/* TRUE while a decision of the case waits in the outbox. */
gboolean      yc_review_case_page_is_pending     (YcReviewCasePage   *self);

G_END_DECLS
