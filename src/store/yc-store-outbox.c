/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/**
 * yc_store_outbox_peek:
 * @limit: at most this many operations
 *
 * Returns: (transfer full) (element-type YcOutboxOp): the oldest pending operations in
 *   commit order, or %NULL on error
 */
GPtrArray *
yc_store_outbox_peek (YcStore     *self,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_op_free);

  statement = yc_database_prepare (database,
                                   "SELECT seq, op_id, case_uuid, kind, payload, created_at, "
                                   "attempts, last_error FROM outbox ORDER BY seq LIMIT ?",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, limit);

  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      YcOutboxOp *op = g_new0 (YcOutboxOp, 1);

      op->seq = sqlite3_column_int64 (statement, 0);
      op->op_id = yc_statement_dup_text (statement, 1);
      op->case_uuid = yc_statement_dup_text (statement, 2);
      op->kind = yc_statement_dup_text (statement, 3);
      op->payload_json = yc_statement_dup_text (statement, 4);
      op->created_at = yc_store_parse_time (yc_statement_get_text (statement, 5));
      op->attempts = sqlite3_column_int (statement, 6);
      op->last_error = yc_statement_dup_text (statement, 7);
      g_ptr_array_add (ops, op);
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&ops);
}

/**
 * yc_store_outbox_count:
 *
 * Returns: the number of operations waiting to be pushed, or -1 with @error set
 */
gint64
yc_store_outbox_count (YcStore  *self,
                       GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), -1);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database, "SELECT count(*) FROM outbox", error);
  if (statement == NULL || yc_database_step (database, statement, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (statement, 0);
}

static const char *
sync_state_for (YcOutboxResult result)
{
  switch (result)
    {
    case YC_OUTBOX_RESULT_OK:
      return "synced";
    case YC_OUTBOX_RESULT_CONFLICT:
      return "conflict";
    case YC_OUTBOX_RESULT_REJECTED:
      return "rejected";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
complete_in_transaction (YcDatabase      *database,
                         const char      *op_id,
                         YcOutboxResult   result,
                         gint64           server_version,
                         const char      *now,
                         GError         **error)
{
  g_autoptr(YcStatement) remove = NULL;
  g_autoptr(YcStatement) update = NULL;
  g_autofree char *case_uuid = NULL;
  int rc;

  remove = yc_database_prepare (database,
                                "DELETE FROM outbox WHERE op_id = ? RETURNING case_uuid", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_text (remove, 1, op_id, -1, SQLITE_STATIC);
  rc = yc_database_step (database, remove, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The operation %s is not waiting to be sent."), op_id);
      return FALSE;
    }
  case_uuid = yc_statement_dup_text (remove, 0);
  if (case_uuid == NULL)
    return TRUE;

  /* A case stays pending while later operations of it still wait; a conflict or a
   * rejection is kept so the user sees it. */
  update = yc_database_prepare (database,
                                "UPDATE cases SET version = max (version, ?1), updated_at = ?2, "
                                "server_version = CASE WHEN ?3 = 'synced' "
                                "  THEN max (server_version, ?1) ELSE server_version END, "
                                "sync_state = CASE "
                                "  WHEN ?3 <> 'synced' THEN ?4 "
                                "  WHEN sync_state IN ('conflict', 'rejected') THEN sync_state "
                                "  WHEN EXISTS (SELECT 1 FROM outbox WHERE case_uuid = cases.uuid) "
                                "    THEN 'pending' "
                                "  ELSE 'synced' END "
                                "WHERE uuid = ?5",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, server_version);
  sqlite3_bind_text (update, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, sync_state_for (result), -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, sync_state_for (result), -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 5, case_uuid, -1, SQLITE_STATIC);
  return yc_database_step_done (database, update, error);
}

/**
 * yc_store_outbox_complete:
 * @result: what the back office answered for this operation
 * @server_version: the case's version on the server after it
 *
 * Records the back office's answer to an operation and removes it from the outbox, in
 * one transaction: an acknowledged operation is never sent again, and an unacknowledged
 * one is never lost.
 */
gboolean
yc_store_outbox_complete (YcStore         *self,
                          const char      *op_id,
                          YcOutboxResult   result,
                          gint64           server_version,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);
  g_return_val_if_fail (sync_state_for (result) != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!complete_in_transaction (database, op_id, result, server_version, now_text, error) ||
      !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_outbox_record_failure:
 * @reason: why the push failed, for the administrator
 *
 * Counts a failed attempt; the operation stays queued.
 */
gboolean
yc_store_outbox_record_failure (YcStore     *self,
                                const char  *op_id,
                                const char  *reason,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
                                   "last_attempt_at = ? WHERE op_id = ?",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, op_id, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, statement, error))
    return FALSE;

  if (sqlite3_changes (yc_database_get_handle (database)) == 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The operation %s is not waiting to be sent."), op_id);
      return FALSE;
    }
  return TRUE;
}

static gpointer
peek_job (YcStore   *self,
          gpointer   data,
          GError   **error)
{
  return yc_store_outbox_peek (self, GPOINTER_TO_UINT (data), error);
}

void
yc_store_outbox_peek_async (YcStore             *self,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, peek_job, GUINT_TO_POINTER (limit), NULL,
                      (GDestroyNotify) g_ptr_array_unref, yc_store_outbox_peek_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_outbox_peek_finish:
 *
 * Returns: (transfer full) (element-type YcOutboxOp): the oldest pending operations, or
 *   %NULL
 */
GPtrArray *
yc_store_outbox_peek_finish (YcStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_peek_async, error);
}

typedef struct {
  char           *op_id;
  YcOutboxResult  result;
  gint64          server_version;
  char           *reason;
} AnswerData;

static void
answer_data_free (AnswerData *data)
{
  g_free (data->op_id);
  g_free (data->reason);
  g_free (data);
}

static AnswerData *
answer_data_new (const char     *op_id,
                 YcOutboxResult  result,
                 gint64          server_version,
                 const char     *reason)
{
  AnswerData *data = g_new0 (AnswerData, 1);

  data->op_id = g_strdup (op_id);
  data->result = result;
  data->server_version = server_version;
  data->reason = g_strdup (reason);
  return data;
}

static gpointer
complete_job (YcStore   *self,
              gpointer   data,
              GError   **error)
{
  AnswerData *answer = data;

  return yc_store_outbox_complete (self, answer->op_id, answer->result,
                                   answer->server_version, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_outbox_complete_async (YcStore             *self,
                                const char          *op_id,
                                YcOutboxResult       result,
                                gint64               server_version,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (op_id != NULL);

  yc_store_queue_job (self, complete_job, answer_data_new (op_id, result, server_version, NULL),
                      (GDestroyNotify) answer_data_free, NULL, yc_store_outbox_complete_async,
                      cancellable, callback, user_data);
}

gboolean
yc_store_outbox_complete_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_complete_async, error) != NULL;
}

static gpointer
record_failure_job (YcStore   *self,
                    gpointer   data,
                    GError   **error)
{
  AnswerData *answer = data;

  return yc_store_outbox_record_failure (self, answer->op_id, answer->reason, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_outbox_record_failure_async (YcStore             *self,
                                      const char          *op_id,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (op_id != NULL);

  yc_store_queue_job (self, record_failure_job,
                      answer_data_new (op_id, YC_OUTBOX_RESULT_OK, 0, reason),
                      (GDestroyNotify) answer_data_free, NULL,
                      yc_store_outbox_record_failure_async, cancellable, callback, user_data);
}

gboolean
yc_store_outbox_record_failure_finish (YcStore       *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_record_failure_async, error) != NULL;
}
