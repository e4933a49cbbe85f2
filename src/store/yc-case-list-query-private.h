/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case-query.h"
#include "yc-case-row-private.h"
#include "yc-database.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The SQL side of YcCaseListModel (yc-case-list-query.c): a query's ordered case_parts
 * row ids, rows read by id, and the filter bar's choices.  Each function uses the
 * connection it is given and nothing else, so the model runs the first on a worker thread
 * and the second on the main thread, each on a read-only connection of its own.
 */

/* The day a list is evaluated on, and what follows from it for the traffic lights. */
typedef struct {
  YcCalendar *calendar;
  GDate       today;
  GDate       green_from;  /* the first deadline that is green: today + threshold + 1 working days */
  guint       threshold;
} YcCaseEval;

void        yc_case_eval_init           (YcCaseEval          *eval,
                                         YcCalendar          *calendar,
                                         const GDate         *today,
                                         guint                threshold);
void        yc_case_eval_copy           (YcCaseEval          *dest,
                                         const YcCaseEval    *src);
void        yc_case_eval_clear          (YcCaseEval          *eval);
/* The light of a stored row: @clock, @deadline, @fixed_late and @fixed_remaining as in
 * case_parts.  Returns FALSE without a clock ("none"). */
gboolean    yc_case_eval_row            (const YcCaseEval    *eval,
                                         const char          *clock,
                                         const char          *deadline,
                                         int                  fixed_late,
                                         int                  fixed_remaining,
                                         YcDeadlineState     *out_state,
                                         int                 *out_remaining);

YcDatabase *yc_case_list_open_reader    (YcStore             *store,
                                         GError             **error);
/* Returns: (element-type gint64): the row ids of the parts @query selects within @scope
 * (NULL: every department), in its order; NULL with @error (cancelled included). */
GArray     *yc_case_list_compute_order  (YcDatabase          *database,
                                         const YcCaseQuery   *query,
                                         const char * const  *scope,
                                         const YcCaseEval    *eval,
                                         GCancellable        *cancellable,
                                         GError             **error);
/* NULL without an error when the row is gone (the case changed since the order was
 * computed). */
YcCaseRow  *yc_case_list_read_row       (YcDatabase          *database,
                                         gint64               rowid,
                                         const YcCaseEval    *eval,
                                         GHashTable          *department_names,
                                         GError             **error);
/* The same into @out (its strings the caller's); FALSE when the row is gone or on error. */
gboolean    yc_case_list_read_row_data  (YcDatabase          *database,
                                         gint64               rowid,
                                         const YcCaseEval    *eval,
                                         GHashTable          *department_names,
                                         YcCaseRowData       *out,
                                         GError             **error);
/* The row ids of case @uuid's parts. */
GArray     *yc_case_list_rowids_of_case (YcDatabase          *database,
                                         const char          *uuid,
                                         GError             **error);
/* Returns: (element-type GStrv): (code, name) pairs; see yc_case_list_model_list_choices_async() */
GPtrArray  *yc_case_list_choices        (YcDatabase          *database,
                                         const char          *column,
                                         const char * const  *scope,
                                         GHashTable          *department_names,
                                         GError             **error);
/* Department code → short name, from the store's current catalog; empty without one. */
GHashTable *yc_case_list_department_names (YcStore           *store);

/*
 * The worker (yc-case-list-worker.c): the model's own read-only connection and the jobs
 * run on it, one at a time, on GIO worker threads.  Tasks hold the worker, never the
 * model, so a model is always finalized on its own thread.
 */
typedef struct _YcCaseListWorker YcCaseListWorker;

/* One computation of a query's order. */
typedef struct {
  YcCaseQuery *query;
  GStrv        scope;
  YcCaseEval   eval;
  gboolean     want_names;
  /* results */
  GArray      *rowids;            /* gint64 */
  GHashTable  *department_names;  /* when want_names */
  gint64       worker_us;         /* time spent on the worker, for the log */
} YcCaseListJob;

void              yc_case_list_job_free             (YcCaseListJob       *job);

YcCaseListWorker *yc_case_list_worker_new           (YcStore             *store);
YcCaseListWorker *yc_case_list_worker_ref           (YcCaseListWorker    *worker);
void              yc_case_list_worker_unref         (YcCaseListWorker    *worker);
void              yc_case_list_worker_compute_async (YcCaseListWorker    *worker,
                                                     YcCaseListJob       *job,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Returns: (transfer full): the job with its results, or NULL */
YcCaseListJob    *yc_case_list_worker_compute_finish (GAsyncResult       *result,
                                                      GError            **error);
void              yc_case_list_worker_choices_async (YcCaseListWorker    *worker,
                                                     const char          *column,
                                                     const char * const  *scope,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray        *yc_case_list_worker_choices_finish (GAsyncResult       *result,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseListJob, yc_case_list_job_free)

G_END_DECLS
