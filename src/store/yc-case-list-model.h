/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-calendar.h"
#include "yc-case-query.h"
#include "yc-case-row.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The review queue as a GListModel of YcCaseRow over the local store (docs/review.md,
 * "Queue"), made for a million rows: a query's ordered row ids are computed on a worker
 * thread (its own read-only SQLite connection, so the store's writer is never held up);
 * get_item() hands out rows that read themselves, by id, a page at a time, when first asked
 * for anything (a view binds many rows it never draws), and a few pages are cached.
 * get_n_items() and get_item() never wait for the worker.
 *
 * Until the first query is ready the model is empty.  A new query, refresh() or the
 * store's "cases-changed" signal start a computation ("loading" TRUE); when it is ready,
 * "items-changed" is emitted once (removed: the old count, added: the new one; or, on a
 * refresh with the same rows in the same order, only for the rows read that changed: a
 * row not read yet reads the change when it is first asked for) and
 * "loading" goes FALSE.  A replacement adding more than 512 rows is announced as its
 * removal and then its addition, back to back: GTK 4.8's list views would otherwise read
 * every added row looking for a widget to reuse.  The deadline status filter and order use @calendar and the day
 * the computation starts on (yc_case_list_model_set_today() for tests).
 *
 * Call from the thread that created the model (the GUI's main loop).
 */

#define YC_TYPE_CASE_LIST_MODEL (yc_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseListModel, yc_case_list_model, YC, CASE_LIST_MODEL, GObject)

YcCaseListModel    *yc_case_list_model_new            (YcStore            *store,
                                                       YcCalendar         *calendar);
YcStore            *yc_case_list_model_get_store      (YcCaseListModel    *self);
YcCalendar         *yc_case_list_model_get_calendar   (YcCaseListModel    *self);

/* Starts computing @query (NULL: everything in deadline order); ignored when equal to the
 * current one and nothing changed since. */
void                yc_case_list_model_set_query      (YcCaseListModel    *self,
                                                       const YcCaseQuery  *query);
const YcCaseQuery  *yc_case_list_model_get_query      (YcCaseListModel    *self);
/* Recomputes the current query (after a sync pulled cases), keeping rows that did not
 * change. */
void                yc_case_list_model_refresh        (YcCaseListModel    *self);
gboolean            yc_case_list_model_get_loading    (YcCaseListModel    *self);
/* The last computation's failure (then the model keeps its previous rows), or NULL. */
const GError       *yc_case_list_model_get_error      (YcCaseListModel    *self);

/* The scope: only parts of these departments (NULL: every department in the store), in
 * addition to the query's own department filter.  A reviewer's queue sets the reviewer's
 * departments. */
void                yc_case_list_model_set_departments (YcCaseListModel   *self,
                                                        const char * const *departments);
const char * const *yc_case_list_model_get_departments (YcCaseListModel   *self);
/* The day the traffic lights are computed for; NULL: the local today (the default). */
void                yc_case_list_model_set_today      (YcCaseListModel    *self,
                                                       const GDate        *today);
/* At most this many remaining working days is yellow (YC_CASE_YELLOW_THRESHOLD_DEFAULT). */
void                yc_case_list_model_set_yellow_threshold (YcCaseListModel *self,
                                                             guint            threshold);
guint               yc_case_list_model_get_yellow_threshold (YcCaseListModel *self);

/* The position of the first row of case @uuid in the current order, or G_MAXUINT: one
 * indexed read and a scan of the computed ids. */
guint               yc_case_list_model_find           (YcCaseListModel    *self,
                                                       const char         *uuid);

/* Choices for the filter bar: the distinct values in the store, each a pair
 * (code, display name) as a GStrv of two, ordered by name.  @column is "subject",
 * "department", "hall" or "window". */
void                yc_case_list_model_list_choices_async  (YcCaseListModel     *self,
                                                            const char          *column,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Returns: (transfer full) (element-type GStrv) */
GPtrArray          *yc_case_list_model_list_choices_finish (YcCaseListModel     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
