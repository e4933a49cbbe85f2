/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-case-list-model.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The review queue (docs/review.md, "Queue"): a filter bar over a GtkColumnView of a
 * YcCaseListModel.  Sorting by a column header changes the model's query (sorted in SQL);
 * the filters likewise.  Ctrl+F focuses the search entry; Enter or a double click on a row
 * emits "case-activated" with the case's uuid.
 *
 * Modes:
 *   YC_CASE_QUEUE_REVIEW  a reviewer's queue: the parts of the reviewer's departments
 *                         (yc_case_queue_set_departments), open parts by default
 *   YC_CASE_QUEUE_BOARD   a supervisor's hall-wide board: every part, with department and
 *                         window filters
 *
 * Construct properties "store", "calendar", "mode"; signal
 *   void case-activated (YcCaseQueue *queue, const char *uuid)
 */

typedef enum {
  YC_CASE_QUEUE_REVIEW,
  YC_CASE_QUEUE_BOARD,
} YcCaseQueueMode;

#define YC_TYPE_CASE_QUEUE_MODE (yc_case_queue_mode_get_type ())
GType yc_case_queue_mode_get_type (void) G_GNUC_CONST;

#define YC_TYPE_CASE_QUEUE (yc_case_queue_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseQueue, yc_case_queue, YC, CASE_QUEUE, GtkWidget)

GtkWidget          *yc_case_queue_new              (YcStore            *store,
                                                    YcCalendar         *calendar,
                                                    YcCaseQueueMode     mode);
YcCaseQueueMode     yc_case_queue_get_mode         (YcCaseQueue        *self);
YcCaseListModel    *yc_case_queue_get_model        (YcCaseQueue        *self);
/* Sets the query and shows it in the filter bar. */
void                yc_case_queue_set_query        (YcCaseQueue        *self,
                                                    const YcCaseQuery  *query);
const YcCaseQuery  *yc_case_queue_get_query        (YcCaseQueue        *self);
void                yc_case_queue_refresh          (YcCaseQueue        *self);
/* The reviewer's departments (review mode: the scope; NULL: every department). */
void                yc_case_queue_set_departments  (YcCaseQueue        *self,
                                                    const char * const *departments);
/* The uuid of the selected row, or NULL. */
char               *yc_case_queue_dup_selected_uuid (YcCaseQueue       *self);

G_END_DECLS
