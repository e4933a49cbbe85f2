/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/*
 * The sync engine's bookkeeping (docs/sync-client.md, "The sync engine"): which scans still
 * have to be uploaded, the batch being pushed, the back office's answers, the feed cursor.
 * Each function is one transaction; the engine calls the _async forms.
 */

/* The ops @username may push now, in commit order: their own, unless an op of another
 * author on the same case comes first (that case waits for its author). */
#define SENDABLE_OPS \
  "FROM outbox o WHERE o.author = ?1 AND NOT EXISTS (SELECT 1 FROM outbox e " \
  "WHERE e.case_uuid = o.case_uuid AND e.seq < o.seq AND e.author IS NOT ?1)"

static YcOutboxOp *
outbox_op_from_row (YcStatement *statement)
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
  return op;
}

#define OUTBOX_COLUMNS "o.seq, o.op_id, o.case_uuid, o.kind, o.payload, o.created_at, " \
                       "o.attempts, o.last_error"

static GStrv
blob_refs_of (const char *payload_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcOperation) op = NULL;

  if (!json_parser_load_from_data (parser, payload_json, -1, NULL))
    return NULL;
  op = yc_operation_from_json (json_parser_get_root (parser), NULL);
  return op != NULL ? yc_operation_dup_blob_refs (op) : NULL;
}

/**
 * yc_store_list_pending_uploads:
 *
 * Returns: (transfer full) (element-type YcPendingUpload): the scans @username's sendable
 *   ops refer to that the back office has not confirmed, in the order of the ops; %NULL on
 *   error
 */
GPtrArray *
yc_store_list_pending_uploads (YcStore     *self,
                               const char  *username,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) ops = NULL;
  g_autoptr(YcStatement) blob = NULL;
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_pending_upload_free);

  ops = yc_database_prepare (database,
                             "SELECT o.payload " SENDABLE_OPS
                             " AND o.kind IN ('case.accept', 'case.supplement') ORDER BY o.seq",
                             error);
  blob = yc_database_prepare (database,
                              "SELECT b.size, u.upload_id, coalesce (u.complete, 0) FROM blobs b "
                              "LEFT JOIN client_uploads u ON u.sha256 = b.sha256 AND u.username = ? "
                              "WHERE b.sha256 = ?",
                              error);
  if (ops == NULL || blob == NULL)
    return NULL;
  sqlite3_bind_text (ops, 1, username, -1, SQLITE_STATIC);
  while ((rc = yc_database_step (database, ops, error)) == SQLITE_ROW)
    {
      g_auto(GStrv) refs = blob_refs_of (yc_statement_get_text (ops, 0));

      for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
        {
          YcPendingUpload *upload;
          int blob_rc;

          if (!g_hash_table_add (seen, g_strdup (refs[i])))
            continue;
          yc_statement_release (blob);
          sqlite3_bind_text (blob, 1, username, -1, SQLITE_STATIC);
          sqlite3_bind_text (blob, 2, refs[i], -1, SQLITE_STATIC);
          blob_rc = yc_database_step (database, blob, error);
          if (blob_rc < 0)
            return NULL;
          /* A scan missing here cannot be sent; the back office will say missing_blob. */
          if (blob_rc == SQLITE_DONE || sqlite3_column_int (blob, 2) != 0)
            continue;
          upload = g_new0 (YcPendingUpload, 1);
          upload->sha256 = g_strdup (refs[i]);
          upload->size = sqlite3_column_int64 (blob, 0);
          upload->upload_id = yc_statement_dup_text (blob, 1);
          g_ptr_array_add (uploads, upload);
        }
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&uploads);
}

static gboolean
upsert_upload (YcDatabase  *database,
               const char  *sha256,
               const char  *username,
               const char  *upload_id,
               gboolean     complete,
               const char  *now_text,
               GError     **error)
{
  g_autoptr(YcStatement) upsert = NULL;

  upsert = yc_database_prepare (database,
                                "INSERT INTO client_uploads (sha256, username, upload_id, complete, "
                                "created_at, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                                "CASE WHEN ?4 THEN ?5 END) "
                                "ON CONFLICT (sha256, username) DO UPDATE SET "
                                "upload_id = coalesce (excluded.upload_id, upload_id), "
                                "complete = max (complete, excluded.complete), "
                                "completed_at = coalesce (completed_at, excluded.completed_at)",
                                error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_text (upsert, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 2, username, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 3, upload_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (upsert, 4, complete ? 1 : 0);
  sqlite3_bind_text (upsert, 5, now_text, -1, SQLITE_STATIC);
  return yc_database_step_done (database, upsert, error);
}

/**
 * yc_store_record_upload:
 * @upload_id: (nullable): the back office's id of the upload, kept to resume it
 * @complete: the back office holds the whole file
 */
gboolean
yc_store_record_upload (YcStore     *self,
                        const char  *sha256,
                        const char  *username,
                        const char  *upload_id,
                        gboolean     complete,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL && username != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  return upsert_upload (yc_store_get_database (self), sha256, username, upload_id, complete,
                        now_text, error);
}

/**
 * yc_store_record_uploads_complete:
 * @sha256s: (element-type utf8): files the back office now holds whole
 *
 * Records them in one transaction: the sync engine's uploads end several at a time, and
 * each commit costs an fsync.
 */
gboolean
yc_store_record_uploads_complete (YcStore     *self,
                                  GPtrArray   *sha256s,
                                  const char  *username,
                                  GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256s != NULL && username != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  for (guint i = 0; i < sha256s->len; i++)
    if (!upsert_upload (database, g_ptr_array_index (sha256s, i), username, NULL, TRUE, now_text,
                        error))
      {
        yc_database_rollback (database);
        return FALSE;
      }
  if (!yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

static gboolean
select_batch (YcDatabase     *database,
              const char     *batch_id,
              YcOutboxBatch  *batch,
              GError        **error)
{
  g_autoptr(YcStatement) select = NULL;
  int rc;

  select = yc_database_prepare (database,
                                "SELECT " OUTBOX_COLUMNS " FROM outbox o WHERE o.batch_id = ? "
                                "ORDER BY o.seq",
                                error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, batch_id, -1, SQLITE_STATIC);
  while ((rc = yc_database_step (database, select, error)) == SQLITE_ROW)
    g_ptr_array_add (batch->ops, outbox_op_from_row (select));
  if (rc < 0)
    return FALSE;
  if (batch->ops->len > 0)
    batch->batch_id = g_strdup (batch_id);
  return TRUE;
}

static gboolean
take_batch_in_transaction (YcDatabase     *database,
                           const char     *username,
                           guint           limit,
                           gint64          last_seq,
                           YcOutboxBatch  *batch,
                           GError        **error)
{
  g_autoptr(YcStatement) open = NULL;
  g_autoptr(YcStatement) assign = NULL;
  g_autofree char *batch_id = NULL;
  int rc;

  /* A batch sent before without an answer goes again, as it was: same key, same ops. */
  open = yc_database_prepare (database,
                              "SELECT batch_id FROM outbox WHERE author = ? AND batch_id IS NOT NULL "
                              "ORDER BY seq LIMIT 1",
                              error);
  if (open == NULL)
    return FALSE;
  sqlite3_bind_text (open, 1, username, -1, SQLITE_STATIC);
  rc = yc_database_step (database, open, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    return select_batch (database, yc_statement_get_text (open, 0), batch, error);

  batch_id = g_uuid_string_random ();
  assign = yc_database_prepare (database,
                                "UPDATE outbox SET batch_id = ?2 WHERE seq IN "
                                "(SELECT o.seq " SENDABLE_OPS " AND o.seq <= ?4 "
                                "ORDER BY o.seq LIMIT ?3)",
                                error);
  if (assign == NULL)
    return FALSE;
  sqlite3_bind_text (assign, 1, username, -1, SQLITE_STATIC);
  sqlite3_bind_text (assign, 2, batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (assign, 3, limit);
  sqlite3_bind_int64 (assign, 4, last_seq);
  if (!yc_database_step_done (database, assign, error))
    return FALSE;
  return select_batch (database, batch_id, batch, error);
}

/**
 * yc_store_outbox_take_batch:
 *
 * Returns: (transfer full): the batch (without ops and batch id when nothing can be sent
 *   now), or %NULL with @error
 */
YcOutboxBatch *
yc_store_outbox_take_batch (YcStore     *self,
                            const char  *username,
                            guint        limit,
                            GError     **error)
{
  return yc_store_outbox_take_batch_upto (self, username, limit, G_MAXINT64, error);
}

/**
 * yc_store_outbox_take_batch_upto:
 * @last_seq: a new batch takes no op committed after yc_store_outbox_last_seq() gave it
 *
 * As yc_store_outbox_take_batch(), for a sync round: the scans it uploads are those of the
 * ops waiting when it began, so a batch it sends holds none committed since.  The open batch
 * (sent before, without an answer) goes as it is.
 *
 * Returns: (transfer full): the batch (without ops and batch id when nothing can be sent
 *   now), or %NULL with @error
 */
YcOutboxBatch *
yc_store_outbox_take_batch_upto (YcStore     *self,
                                 const char  *username,
                                 guint        limit,
                                 gint64       last_seq,
                                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcOutboxBatch) batch = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  batch = g_new0 (YcOutboxBatch, 1);
  batch->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_op_free);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return NULL;
  if (!take_batch_in_transaction (database, username, limit, last_seq, batch, error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return NULL;
    }
  return g_steal_pointer (&batch);
}

/**
 * yc_store_outbox_last_seq:
 * @out_seq: (out): the seq of the last op ever committed to the outbox (0: none yet); seqs
 *   are never given twice, so any op committed later has a greater one
 */
gboolean
yc_store_outbox_last_seq (YcStore  *self,
                          gint64   *out_seq,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) select = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_seq != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  /* AUTOINCREMENT keeps the highest seq given in sqlite_sequence, answered ops included. */
  select = yc_database_prepare (database,
                                "SELECT coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)",
                                error);
  if (select == NULL)
    return FALSE;
  rc = yc_database_step (database, select, error);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;
  /* coalesce() always gives a row; none would mean nothing was ever queued. */
  *out_seq = rc == SQLITE_ROW ? sqlite3_column_int64 (select, 0) : 0;
  return TRUE;
}

/**
 * yc_store_outbox_drop_batch:
 *
 * Only for a batch id the back office refused with another body (422): its ops are
 * batched again under a new id.
 */
gboolean
yc_store_outbox_drop_batch (YcStore     *self,
                            const char  *batch_id,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) update = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  update = yc_database_prepare (database, "UPDATE outbox SET batch_id = NULL WHERE batch_id = ?",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, batch_id, -1, SQLITE_STATIC);
  return yc_database_step_done (database, update, error);
}

static const char *
result_word (YcOutboxResult result)
{
  return result == YC_OUTBOX_RESULT_CONFLICT ? "conflict" : "rejected";
}

static gboolean
apply_answer (YcDatabase            *database,
              const YcOutboxAnswer  *answer,
              const char            *now,
              GError               **error)
{
  g_autoptr(YcStatement) remove = NULL;
  g_autoptr(YcStatement) update = NULL;
  g_autofree char *case_uuid = NULL;
  g_autofree char *op_text = NULL;
  g_autofree char *author = NULL;
  gboolean accept;
  int rc;

  remove = yc_database_prepare (database,
                                "DELETE FROM outbox WHERE op_id = ? "
                                "RETURNING case_uuid, payload, author, kind",
                                error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_text (remove, 1, answer->op_id, -1, SQLITE_STATIC);
  rc = yc_database_step (database, remove, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      /* Answered before (a replayed answer): nothing is applied twice. */
      g_debug ("op %s is no longer in the outbox; answer ignored", answer->op_id);
      return TRUE;
    }
  case_uuid = yc_statement_dup_text (remove, 0);
  op_text = yc_statement_dup_text (remove, 1);
  author = yc_statement_dup_text (remove, 2);
  accept = g_strcmp0 (yc_statement_get_text (remove, 3), "case.accept") == 0;
  yc_statement_release (remove);

  if (answer->flag_applicant != NULL
      && !yc_store_flag_applicant (database, answer->flag_applicant, answer->flag_reason,
                                   case_uuid, now, error))
    return FALSE;

  if (answer->result != YC_OUTBOX_RESULT_OK)
    /* The server's version is noted with the problem only: the case takes it when the
     * feed brings the back office's document. */
    return yc_store_insert_problem (database, op_text, author, result_word (answer->result),
                                    answer->code, answer->reason, answer->version, now, error);

  if (case_uuid == NULL)
    return TRUE;
  /* Our document is the back office's version @version only if it is at that version
   * (the op was applied here as there).  A retried op was not applied here: its version
   * is left for the feed to bring, with the back office's document.  An acceptance is the
   * document we sent, version 1, whatever was applied here since. */
  update = yc_database_prepare (database,
                                "UPDATE cases SET server_version = max (server_version, CASE "
                                "  WHEN version = ?1 THEN ?1 WHEN ?4 THEN 1 ELSE 0 END), "
                                "updated_at = ?2 WHERE uuid = ?3",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, answer->version);
  sqlite3_bind_text (update, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, case_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 4, accept ? 1 : 0);
  return yc_database_step_done (database, update, error)
         && yc_store_refresh_sync_state (database, case_uuid, error);
}

static gboolean
apply_answers_in_transaction (YcDatabase  *database,
                              const char  *batch_id,
                              GPtrArray   *answers,
                              const char  *now,
                              GError     **error)
{
  g_autoptr(YcStatement) release = NULL;

  for (guint i = 0; i < answers->len; i++)
    if (!apply_answer (database, g_ptr_array_index (answers, i), now, error))
      return FALSE;

  /* An op of the batch without an answer goes in a later batch; the back office answers an
   * op id it has seen with its stored result. */
  release = yc_database_prepare (database, "UPDATE outbox SET batch_id = NULL WHERE batch_id = ?",
                                 error);
  if (release == NULL)
    return FALSE;
  sqlite3_bind_text (release, 1, batch_id, -1, SQLITE_STATIC);
  return yc_database_step_done (database, release, error);
}

/**
 * yc_store_outbox_apply_answers:
 * @answers: (element-type YcOutboxAnswer): the back office's answers, in op order
 *
 * All answers of one batch in one transaction: an answered op is never sent again and an
 * unanswered one never lost.
 */
gboolean
yc_store_outbox_apply_answers (YcStore     *self,
                               const char  *batch_id,
                               GPtrArray   *answers,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!apply_answers_in_transaction (database, batch_id, answers, now_text, error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_get_sync_cursor:
 *
 * Returns: (transfer full) (nullable): "epoch:seq", or %NULL (from the start, or @error)
 */
char *
yc_store_get_sync_cursor (YcStore  *self,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT epoch || ':' || seq FROM sync_cursor WHERE id = 1", error);
  if (statement == NULL || yc_database_step (database, statement, error) != SQLITE_ROW)
    return NULL;
  return yc_statement_dup_text (statement, 0);
}

/**
 * yc_store_reset_sync_cursor:
 *
 * After the back office forgot our cursor (410: reset or restored), the feed is read from
 * the start and every case takes the back office's document again, whatever version it
 * has.  Ops waiting in the outbox and problems are kept.
 */
gboolean
yc_store_reset_sync_cursor (YcStore  *self,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!yc_database_exec (database, "DELETE FROM sync_cursor", error)
      || !yc_database_exec (database, "UPDATE cases SET server_version = 0", error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_get_sync_counts:
 * @out_pending: (out) (optional): ops waiting in the outbox, whoever their author
 * @out_problems: (out) (optional): open problems
 */
gboolean
yc_store_get_sync_counts (YcStore  *self,
                          guint    *out_pending,
                          guint    *out_problems,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT (SELECT count(*) FROM outbox), "
                                   "(SELECT count(*) FROM sync_problems WHERE resolution IS NULL)",
                                   error);
  if (statement == NULL || yc_database_step (database, statement, error) != SQLITE_ROW)
    return FALSE;
  if (out_pending != NULL)
    *out_pending = (guint) sqlite3_column_int64 (statement, 0);
  if (out_problems != NULL)
    *out_problems = (guint) sqlite3_column_int64 (statement, 1);
  return TRUE;
}
