/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-list"

#include "config.h"

#include "yc-case-list-query-private.h"

/*
 * The review queue's worker: a read-only connection of its own (WAL readers never hold up
 * the store's writer) on which a query's order and the filter bar's choices are computed
 * off the main loop.  The jobs share the connection, so they take turns.
 */

struct _YcCaseListWorker
{
  gatomicrefcount  ref;
  GMutex           lock;
  YcStore         *store;
  YcDatabase      *database;  /* opened by the first job */
};

YcCaseListWorker *
yc_case_list_worker_new (YcStore *store)
{
  YcCaseListWorker *worker = g_new0 (YcCaseListWorker, 1);

  g_atomic_ref_count_init (&worker->ref);
  g_mutex_init (&worker->lock);
  worker->store = g_object_ref (store);
  return worker;
}

YcCaseListWorker *
yc_case_list_worker_ref (YcCaseListWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

void
yc_case_list_worker_unref (YcCaseListWorker *worker)
{
  if (worker == NULL || !g_atomic_ref_count_dec (&worker->ref))
    return;
  g_clear_object (&worker->database);
  g_clear_object (&worker->store);
  g_mutex_clear (&worker->lock);
  g_free (worker);
}

void
yc_case_list_job_free (YcCaseListJob *job)
{
  if (job == NULL)
    return;
  yc_case_query_free (job->query);
  g_strfreev (job->scope);
  yc_case_eval_clear (&job->eval);
  g_clear_pointer (&job->rowids, g_array_unref);
  g_clear_pointer (&job->department_names, g_hash_table_unref);
  g_free (job);
}

/* With the worker's lock held. */
static YcDatabase *
worker_database (YcCaseListWorker  *worker,
                 GError           **error)
{
  if (worker->database == NULL)
    worker->database = yc_case_list_open_reader (worker->store, error);
  return worker->database;
}

typedef struct {
  YcCaseListWorker *worker;
  YcCaseListJob    *job;
  char             *column;
  GStrv             scope;
} TaskData;

static void
task_data_free (TaskData *data)
{
  yc_case_list_worker_unref (data->worker);
  yc_case_list_job_free (data->job);
  g_free (data->column);
  g_strfreev (data->scope);
  g_free (data);
}

static void
compute_thread_cb (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TaskData *data = task_data;
  YcCaseListJob *job = data->job;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&data->worker->lock);
  gint64 start = g_get_monotonic_time ();
  YcDatabase *database;
  GError *error = NULL;

  /* A newer request may have replaced this one while it waited for its turn. */
  if (g_task_return_error_if_cancelled (task))
    return;
  database = worker_database (data->worker, &error);
  if (database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->want_names)
    job->department_names = yc_case_list_department_names (data->worker->store);
  job->rowids = yc_case_list_compute_order (database, job->query,
                                            (const char * const *) job->scope, &job->eval,
                                            cancellable, &error);
  if (job->rowids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->worker_us = g_get_monotonic_time () - start;
  g_task_return_pointer (task, g_steal_pointer (&data->job), (GDestroyNotify) yc_case_list_job_free);
}

void
yc_case_list_worker_compute_async (YcCaseListWorker    *worker,
                                   YcCaseListJob       *job,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->worker = yc_case_list_worker_ref (worker);
  data->job = job;
  g_task_set_source_tag (task, yc_case_list_worker_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, compute_thread_cb);
}

YcCaseListJob *
yc_case_list_worker_compute_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
choices_thread_cb (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&data->worker->lock);
  g_autoptr(GHashTable) names = NULL;
  YcDatabase *database;
  GPtrArray *choices;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  database = worker_database (data->worker, &error);
  if (database == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_str_equal (data->column, "department"))
    names = yc_case_list_department_names (data->worker->store);
  choices = yc_case_list_choices (database, data->column, (const char * const *) data->scope,
                                  names, &error);
  if (choices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, choices, (GDestroyNotify) g_ptr_array_unref);
}

void
yc_case_list_worker_choices_async (YcCaseListWorker    *worker,
                                   const char          *column,
                                   const char * const  *scope,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->worker = yc_case_list_worker_ref (worker);
  data->column = g_strdup (column);
  data->scope = g_strdupv ((GStrv) scope);
  g_task_set_source_tag (task, yc_case_list_worker_choices_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, choices_thread_cb);
}

GPtrArray *
yc_case_list_worker_choices_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
