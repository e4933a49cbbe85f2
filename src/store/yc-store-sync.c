/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"
#include "yc-sha256.h"

/*
 * What sync leaves for people (schema 6; docs/store.md "Sync"): problems (ops the back
 * office did not apply) with their payloads, the flagged applicants it sent, and the day
 * closings of reconciliation (the urges it sent: yc-store-urges.c).  The engine's own
 * bookkeeping is in yc-store-sync-engine.c.
 */

#define PROBLEM_COLUMNS \
  "p.id, p.op_id, p.case_uuid, c.number, p.op_kind, p.result, p.code, p.reason, p.payload, " \
  "p.server_version, p.created_at, p.author, p.resolution, p.resolved_by, p.resolved_at, " \
  "p.retry_op_id"

static YcSyncProblem *
problem_from_row (YcStatement *statement)
{
  YcSyncProblem *problem = g_new0 (YcSyncProblem, 1);

  problem->id = sqlite3_column_int64 (statement, 0);
  problem->op_id = yc_statement_dup_text (statement, 1);
  problem->case_uuid = yc_statement_dup_text (statement, 2);
  problem->case_number = yc_statement_dup_text (statement, 3);
  problem->op_kind = yc_statement_dup_text (statement, 4);
  problem->result = yc_statement_dup_text (statement, 5);
  problem->code = yc_statement_dup_text (statement, 6);
  problem->reason = yc_statement_dup_text (statement, 7);
  problem->payload = yc_statement_dup_text (statement, 8);
  problem->server_version = sqlite3_column_int64 (statement, 9);
  problem->created_at = yc_statement_dup_text (statement, 10);
  problem->author = yc_statement_dup_text (statement, 11);
  problem->resolution = yc_statement_dup_text (statement, 12);
  problem->resolved_by = yc_statement_dup_text (statement, 13);
  problem->resolved_at = yc_statement_dup_text (statement, 14);
  problem->retry_op_id = yc_statement_dup_text (statement, 15);
  return problem;
}

/**
 * yc_store_list_problems:
 * @include_resolved: also the discarded and retried ones
 *
 * Returns: (transfer full) (element-type YcSyncProblem): newest first, or %NULL
 */
GPtrArray *
yc_store_list_problems (YcStore   *self,
                        gboolean   include_resolved,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_sync_problem_free);

  statement = yc_database_prepare (database,
                                   "SELECT " PROBLEM_COLUMNS " FROM sync_problems p "
                                   "LEFT JOIN cases c ON c.uuid = p.case_uuid "
                                   "WHERE ? OR p.resolution IS NULL ORDER BY p.id DESC",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int (statement, 1, include_resolved ? 1 : 0);
  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (problems, problem_from_row (statement));
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&problems);
}

/* The open problem @id, for resolving it inside the caller's transaction. */
static YcSyncProblem *
load_open_problem (YcDatabase  *database,
                   gint64       id,
                   char       **out_op,
                   GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  YcSyncProblem *problem;
  int rc;

  statement = yc_database_prepare (database,
                                   "SELECT " PROBLEM_COLUMNS ", p.op FROM sync_problems p "
                                   "LEFT JOIN cases c ON c.uuid = p.case_uuid WHERE p.id = ?",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int64 (statement, 1, id);
  rc = yc_database_step (database, statement, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The sync problem %s does not exist; the list may be out of date, open "
                     "it again."), id_text);
      return NULL;
    }
  problem = problem_from_row (statement);
  if (problem->resolution != NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                   _("The sync problem of case %s was already dealt with by %s."),
                   problem->case_number != NULL ? problem->case_number : problem->case_uuid,
                   problem->resolved_by != NULL ? problem->resolved_by : "?");
      yc_sync_problem_free (problem);
      return NULL;
    }
  if (out_op != NULL)
    *out_op = yc_statement_dup_text (statement, 16);
  return problem;
}

static gboolean
mark_resolved (YcDatabase  *database,
               gint64       id,
               const char  *resolution,
               const char  *username,
               const char  *retry_op_id,
               const char  *now,
               GError     **error)
{
  g_autoptr(YcStatement) update = NULL;

  update = yc_database_prepare (database,
                                "UPDATE sync_problems SET resolution = ?, resolved_by = ?, "
                                "resolved_at = ?, retry_op_id = ? WHERE id = ?",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, resolution, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, username, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, retry_op_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 5, id);
  return yc_database_step_done (database, update, error);
}

/* Once its last problem is dealt with, a case shows what is left: ops still to send, or
 * nothing.  A refused acceptance that was discarded never reached the back office, so
 * that case stays "rejected". */
gboolean
yc_store_refresh_sync_state (YcDatabase  *database,
                             const char  *case_uuid,
                             GError     **error)
{
  g_autoptr(YcStatement) update = NULL;

  update = yc_database_prepare (database,
                                "UPDATE cases SET sync_state = CASE "
                                "  WHEN EXISTS (SELECT 1 FROM sync_problems p WHERE "
                                "    p.case_uuid = cases.uuid AND p.resolution IS NULL) "
                                "    THEN (SELECT p.result FROM sync_problems p WHERE "
                                "      p.case_uuid = cases.uuid AND p.resolution IS NULL "
                                "      ORDER BY p.id DESC LIMIT 1) "
                                "  WHEN EXISTS (SELECT 1 FROM outbox WHERE case_uuid = cases.uuid) "
                                "    THEN 'pending' "
                                "  WHEN server_version = 0 THEN 'rejected' "
                                "  ELSE 'synced' END "
                                "WHERE uuid = ?",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, case_uuid, -1, SQLITE_STATIC);
  return yc_database_step_done (database, update, error);
}

/**
 * yc_store_discard_problem:
 * @username: who decided to drop it
 *
 * The problem stays in the store, resolved as "discarded", with who and when.
 */
gboolean
yc_store_discard_problem (YcStore     *self,
                          gint64       id,
                          const char  *username,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  g_autoptr(YcSyncProblem) problem = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  problem = load_open_problem (database, id, NULL, error);
  if (problem == NULL
      || !mark_resolved (database, id, "discarded", username, NULL, now_text, error)
      || !yc_store_refresh_sync_state (database, problem->case_uuid, error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
parse_payload (const char  *text,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &local_error)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The corrected content of the operation is not valid (%s)."),
                   local_error != NULL ? local_error->message : _("a JSON object was expected"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
retry_in_transaction (YcDatabase  *database,
                      gint64       id,
                      const char  *payload,
                      const char  *username,
                      const char  *now,
                      GError     **error)
{
  g_autoptr(YcSyncProblem) problem = load_open_problem (database, id, NULL, error);
  g_autoptr(YcStatement) version = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = NULL;
  gint64 base_version = 0;
  YcOpKind kind;
  int rc;

  if (problem == NULL)
    return FALSE;
  object = parse_payload (payload != NULL ? payload : problem->payload, error);
  if (object == NULL)
    return FALSE;
  if (!yc_op_kind_from_string (problem->op_kind, &kind))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The operation kind “%s” is not known to this version of Yichuang."),
                   problem->op_kind);
      return FALSE;
    }

  /* The back office checks base_version against its own version of the case: the newest
   * one known here, from its answer or the change feed.  An acceptance starts at 0. */
  if (kind != YC_OP_CASE_ACCEPT)
    {
      version = yc_database_prepare (database,
                                     "SELECT max (server_version, ?) FROM cases WHERE uuid = ?",
                                     error);
      if (version == NULL)
        return FALSE;
      sqlite3_bind_int64 (version, 1, problem->server_version);
      sqlite3_bind_text (version, 2, problem->case_uuid, -1, SQLITE_STATIC);
      rc = yc_database_step (database, version, error);
      if (rc < 0)
        return FALSE;
      base_version = rc == SQLITE_ROW ? sqlite3_column_int64 (version, 0)
                                      : problem->server_version;
    }

  op_id = g_uuid_string_random ();
  op = yc_operation_new (op_id, problem->case_uuid, base_version, kind, object, NULL);
  if (!yc_store_insert_outbox (database, op, username, now, error)
      || !mark_resolved (database, id, "retried", username, op_id, now, error))
    return FALSE;
  return yc_store_refresh_sync_state (database, problem->case_uuid, error);
}

/**
 * yc_store_retry_problem:
 * @payload: (nullable): the op's payload as corrected by the user (a JSON object), or
 *   %NULL to send the stored one again
 * @username: the author of the new op
 *
 * Queues a new op and resolves the problem as "retried", in one transaction.
 */
gboolean
yc_store_retry_problem (YcStore     *self,
                        gint64       id,
                        const char  *payload,
                        const char  *username,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!retry_in_transaction (database, id, payload, username, now_text, error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/* Day closing */

static gboolean
closing_matches (const YcDayClosing *closing)
{
  return closing->local_count == closing->server_count
         && g_strcmp0 (closing->local_hash, closing->server_hash) == 0;
}

/**
 * yc_store_close_day:
 *
 * Records the day's reconciliation as closed.  When the two sides differ, a written
 * explanation is required.
 */
gboolean
yc_store_close_day (YcStore             *self,
                    const YcDayClosing  *closing,
                    GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) insert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  g_autofree char *explanation = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (closing != NULL, FALSE);

  if (!yc_store_is_valid_day (closing->day) || closing->local_hash == NULL
      || closing->server_hash == NULL || closing->closed_by == NULL
      || closing->local_count < 0 || closing->server_count < 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                           _("The day closing is incomplete: the day, both counts and hashes "
                             "and the name of who closes it are needed."));
      return FALSE;
    }
  explanation = g_strstrip (g_strdup (closing->explanation != NULL ? closing->explanation : ""));
  if (!closing_matches (closing) && explanation[0] == '\0')
    {
      g_autofree char *here = g_strdup_printf ("%" G_GINT64_FORMAT, closing->local_count);
      g_autofree char *there = g_strdup_printf ("%" G_GINT64_FORMAT, closing->server_count);

      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The cases of %s here and at the back office do not match (%s here, %s "
                     "there). Write down why before closing the day."),
                   closing->day, here, there);
      return FALSE;
    }

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  insert = yc_database_prepare (database,
                                "INSERT INTO day_closings (day, local_count, local_hash, "
                                "server_count, server_hash, explanation, closed_by, closed_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING",
                                error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, closing->day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, closing->local_count);
  sqlite3_bind_text (insert, 3, closing->local_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, closing->server_count);
  sqlite3_bind_text (insert, 5, closing->server_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, explanation[0] != '\0' ? explanation : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, closing->closed_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, closing->closed_at != NULL ? closing->closed_at : now_text, -1,
                     SQLITE_STATIC);
  if (!yc_database_step_done (database, insert, error))
    return FALSE;
  if (sqlite3_changes (yc_database_get_handle (database)) == 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                   _("The day %s was already closed."), closing->day);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_get_day_closing:
 *
 * Returns: (transfer full) (nullable): the closing of @day, or %NULL without an error when
 *   the day is still open
 */
YcDayClosing *
yc_store_get_day_closing (YcStore     *self,
                          const char  *day,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;
  YcDayClosing *closing;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT day, local_count, local_hash, server_count, server_hash, "
                                   "explanation, closed_by, closed_at FROM day_closings WHERE day = ?",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc != SQLITE_ROW)
    return NULL;

  closing = g_new0 (YcDayClosing, 1);
  closing->day = yc_statement_dup_text (statement, 0);
  closing->local_count = sqlite3_column_int64 (statement, 1);
  closing->local_hash = yc_statement_dup_text (statement, 2);
  closing->server_count = sqlite3_column_int64 (statement, 3);
  closing->server_hash = yc_statement_dup_text (statement, 4);
  closing->explanation = yc_statement_dup_text (statement, 5);
  closing->closed_by = yc_statement_dup_text (statement, 6);
  closing->closed_at = yc_statement_dup_text (statement, 7);
  return closing;
}

/**
 * yc_store_reconcile_day:
 * @out_accepted: (out) (optional): cases this window accepted on @day
 * @out_acknowledged: (out) (optional): of those, the ones the back office acknowledged
 * @out_hash: (out) (optional): SHA-256 (lowercase hex) of "<uuid>|<number>\n" of the
 *   acknowledged ones, sorted by uuid
 *
 * "This window" is the enrolled hall and window (the prefix of the case number): cases of
 * other windows that came down the change feed are not ours to count.
 */
gboolean
yc_store_reconcile_day (YcStore     *self,
                        const char  *day,
                        gint64      *out_accepted,
                        gint64      *out_acknowledged,
                        char       **out_hash,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) device = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  g_autofree char *prefix = NULL;
  gint64 accepted = 0, acknowledged = 0;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  if (!yc_store_is_valid_day (day))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("“%s” is not a day (YYYY-MM-DD)."), day != NULL ? day : "");
      return FALSE;
    }

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  device = yc_database_prepare (database,
                                "SELECT hall_code || '-' || window_code || '-' FROM device", error);
  if (device == NULL)
    return FALSE;
  rc = yc_database_step (database, device, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED,
                           _("This window is not enrolled yet, so it has no cases to reconcile."));
      return FALSE;
    }
  prefix = yc_statement_dup_text (device, 0);

  statement = yc_database_prepare (database,
                                   "SELECT uuid, number, server_version > 0 FROM cases "
                                   "WHERE accepted_on = ? AND substr (number, 1, length (?)) = ? "
                                   "ORDER BY uuid",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, prefix, -1, SQLITE_STATIC);
  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      accepted++;
      if (sqlite3_column_int (statement, 2))
        {
          g_autofree char *line = g_strdup_printf ("%s|%s\n", yc_statement_get_text (statement, 0),
                                                   yc_statement_get_text (statement, 1));
          yc_sha256_update_string (checksum, line);
          acknowledged++;
        }
    }
  if (rc < 0)
    return FALSE;

  if (out_accepted != NULL)
    *out_accepted = accepted;
  if (out_acknowledged != NULL)
    *out_acknowledged = acknowledged;
  if (out_hash != NULL)
    *out_hash = yc_sha256_get_hex (checksum);
  return TRUE;
}

/* Flagged applicants (urges: yc-store-urges.c) */

/**
 * yc_store_applicant_is_flagged:
 * @out_reason: (out) (optional) (nullable): why, when flagged
 *
 * Returns: %TRUE when the back office flagged the applicant with this ID number (a broken
 * pledge); %FALSE when not, or with @error set
 */
gboolean
yc_store_applicant_is_flagged (YcStore     *self,
                               const char  *id_number,
                               char       **out_reason,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id_number != NULL, FALSE);

  if (out_reason != NULL)
    *out_reason = NULL;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT reason FROM flagged_applicants WHERE id_number = ?",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, id_number, -1, SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc != SQLITE_ROW)
    return FALSE;
  if (out_reason != NULL)
    *out_reason = yc_statement_dup_text (statement, 0);
  return TRUE;
}
