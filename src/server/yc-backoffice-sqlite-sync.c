/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end, what a push applies: batches and op ids, cases, conflicts, flagged
 * applicants.  The change feed is yc-backoffice-sqlite-feed.c, uploads and blobs
 * yc-backoffice-sqlite-uploads.c. */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)
#define DUP(i) yc_backoffice_sqlite_column_dup (s, i)
/* Inserts stepped at once (yc_backoffice_sqlite_bind_text_static). */
#define VALUE(i, v) yc_backoffice_sqlite_bind_text_static (s, i, v)

static YcStorageBatch *
sqlite_batch_get (YcBackofficeStorage  *storage,
                  const char           *key,
                  GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT key, username, body_hash, result, created_at FROM batches WHERE key = ?1");
  YcStorageBatch *batch;

  if (s == NULL)
    return NULL;
  TEXT (1, key);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  batch = g_new0 (YcStorageBatch, 1);
  batch->key = DUP (0);
  batch->username = DUP (1);
  batch->body_hash = DUP (2);
  batch->result = DUP (3);
  batch->created_at = sqlite3_column_int64 (s, 4);
  sqlite3_reset (s);
  return batch;
}

static gboolean
sqlite_batch_put (YcBackofficeStorage   *storage,
                  const YcStorageBatch  *batch,
                  GError               **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO batches (key, username, body_hash, result, created_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)");

  if (s == NULL)
    return FALSE;
  VALUE (1, batch->key);
  VALUE (2, batch->username);
  VALUE (3, batch->body_hash);
  VALUE (4, batch->result);
  sqlite3_bind_int64 (s, 5, batch->created_at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static char *
sqlite_op_get (YcBackofficeStorage  *storage,
               const char           *op_id,
               char                **out_username,
               char                **out_case_uuid,
               char                **out_op_hash,
               GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT result, username, case_uuid, op_hash FROM ops WHERE op_id = ?1");
  char *result;

  if (s == NULL)
    return NULL;
  TEXT (1, op_id);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  result = DUP (0);
  if (out_username != NULL)
    *out_username = DUP (1);
  if (out_case_uuid != NULL)
    *out_case_uuid = DUP (2);
  if (out_op_hash != NULL)
    *out_op_hash = DUP (3);
  sqlite3_reset (s);
  return result;
}

static gboolean
sqlite_op_put (YcBackofficeStorage  *storage,
               const char           *op_id,
               const char           *batch_key,
               const char           *case_uuid,
               const char           *username,
               const char           *op_hash,
               const char           *result,
               gint64                at,
               GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO ops (op_id, batch_key, case_uuid, result, created_at,"
                             " username, op_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

  if (s == NULL)
    return FALSE;
  VALUE (1, op_id);
  VALUE (2, batch_key);
  VALUE (3, case_uuid);
  VALUE (4, result);
  sqlite3_bind_int64 (s, 5, at);
  VALUE (6, username);
  VALUE (7, op_hash);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gint64
sqlite_ops_purge (YcBackofficeStorage  *storage,
                  gint64                before,
                  GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("DELETE FROM ops WHERE created_at < ?1");
  gint64 removed;

  if (s == NULL)
    return -1;
  sqlite3_bind_int64 (s, 1, before);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return -1;
  removed = yc_backoffice_sqlite_changes (self);

  s = PREPARE ("DELETE FROM batches WHERE created_at < ?1");
  if (s == NULL)
    return -1;
  sqlite3_bind_int64 (s, 1, before);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return -1;
  return removed;
}

#define CASE_COLUMNS \
  "c.uuid, c.version, c.number, c.hall, c.window, c.clerk, c.state, c.decision," \
  " c.accepted_on, c.deadline, c.applicant_name, c.applicant_id, c.document, c.updated_at," \
  " (SELECT json_group_array (department) FROM case_departments WHERE uuid = c.uuid)," \
  " (SELECT json_group_array (sha256) FROM case_blobs WHERE uuid = c.uuid)," \
  " c.tolerance_due"

static YcStorageCase *
read_case (sqlite3_stmt *s)
{
  YcStorageCase *c = g_new0 (YcStorageCase, 1);

  c->uuid = DUP (0);
  c->version = sqlite3_column_int64 (s, 1);
  c->number = DUP (2);
  c->hall = DUP (3);
  c->window = DUP (4);
  c->clerk = DUP (5);
  c->state = DUP (6);
  c->decision = DUP (7);
  c->accepted_on = DUP (8);
  c->deadline = DUP (9);
  c->applicant_name = DUP (10);
  c->applicant_id = DUP (11);
  c->document = DUP (12);
  c->updated_at = sqlite3_column_int64 (s, 13);
  c->departments = yc_backoffice_sqlite_column_strv (s, 14);
  c->blobs = yc_backoffice_sqlite_column_strv (s, 15);
  c->tolerance_due = DUP (16);
  return c;
}

static YcStorageCase *
sqlite_case_get (YcBackofficeStorage  *storage,
                 const char           *uuid,
                 GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT " CASE_COLUMNS " FROM cases c WHERE c.uuid = ?1");
  YcStorageCase *c;

  if (s == NULL)
    return NULL;
  TEXT (1, uuid);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  c = read_case (s);
  sqlite3_reset (s);
  return c;
}

static gboolean
replace_list (YcBackofficeSqlite  *self,
              const char          *delete_sql,
              const char          *insert_sql,
              const char          *uuid,
              char               **values,
              GError             **error)
{
  sqlite3_stmt *s = PREPARE (delete_sql);

  if (s == NULL)
    return FALSE;
  TEXT (1, uuid);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return FALSE;
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      s = PREPARE (insert_sql);
      if (s == NULL)
        return FALSE;
      TEXT (1, uuid);
      TEXT (2, values[i]);
      if (!yc_backoffice_sqlite_step_done (self, s, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_case (sqlite3_stmt        *s,
           const YcStorageCase *c)
{
  VALUE (1, c->uuid);
  sqlite3_bind_int64 (s, 2, c->version);
  VALUE (3, c->number);
  VALUE (4, c->hall);
  VALUE (5, c->window);
  VALUE (6, c->clerk);
  VALUE (7, c->state);
  VALUE (8, c->decision);
  VALUE (9, c->accepted_on);
  VALUE (10, c->deadline);
  VALUE (11, c->applicant_name);
  VALUE (12, c->applicant_id);
  VALUE (13, c->document);
  sqlite3_bind_int64 (s, 14, c->updated_at);
  VALUE (15, c->tolerance_due);
}

static gboolean
insert_list (YcBackofficeSqlite  *self,
             const char          *insert_sql,
             const char          *uuid,
             char               **values,
             GError             **error)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      sqlite3_stmt *s = PREPARE (insert_sql);

      if (s == NULL)
        return FALSE;
      VALUE (1, uuid);
      VALUE (2, values[i]);
      if (!yc_backoffice_sqlite_step_done (self, s, error))
        return FALSE;
    }
  return TRUE;
}

#define INSERT_DEPARTMENT "INSERT OR IGNORE INTO case_departments (uuid, department) VALUES (?1, ?2)"
#define INSERT_BLOB       "INSERT OR IGNORE INTO case_blobs (uuid, sha256) VALUES (?1, ?2)"

/* A new case (every case.accept) is one insert and its lists; only an existing one has old
 * lists to replace. */
static gboolean
sqlite_case_put (YcBackofficeStorage  *storage,
                 const YcStorageCase  *c,
                 GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE (
      "INSERT INTO cases (uuid, version, number, hall, window, clerk, state, decision,"
      " accepted_on, deadline, applicant_name, applicant_id, document, updated_at,"
      " tolerance_due)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
      " ON CONFLICT (uuid) DO NOTHING");

  if (s == NULL)
    return FALSE;
  bind_case (s, c);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return FALSE;
  if (yc_backoffice_sqlite_changes (self) == 1)
    return insert_list (self, INSERT_DEPARTMENT, c->uuid, c->departments, error)
        && insert_list (self, INSERT_BLOB, c->uuid, c->blobs, error);

  s = PREPARE ("UPDATE cases SET version = ?2, number = ?3, hall = ?4, window = ?5, clerk = ?6,"
               " state = ?7, decision = ?8, accepted_on = ?9, deadline = ?10,"
               " applicant_name = ?11, applicant_id = ?12, document = ?13, updated_at = ?14,"
               " tolerance_due = ?15 WHERE uuid = ?1");
  if (s == NULL)
    return FALSE;
  bind_case (s, c);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return FALSE;
  return replace_list (self, "DELETE FROM case_departments WHERE uuid = ?1",
                       INSERT_DEPARTMENT, c->uuid, c->departments, error)
      && replace_list (self, "DELETE FROM case_blobs WHERE uuid = ?1",
                       INSERT_BLOB, c->uuid, c->blobs, error);
}

static GPtrArray *
sqlite_case_query (YcBackofficeStorage        *storage,
                   const YcStorageCaseFilter  *filter,
                   GError                    **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE (
      "SELECT " CASE_COLUMNS " FROM cases c"
      " WHERE (?1 IS NULL OR c.hall = ?1)"
      " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM case_departments d WHERE d.uuid = c.uuid"
      "      AND d.department IN (SELECT value FROM json_each (?2))))"
      " AND (?3 IS NULL OR c.state = ?3)"
      " AND (?4 IS NULL OR instr (lower (c.number), lower (?4)) > 0"
      "      OR instr (lower (coalesce (c.applicant_name, '')), lower (?4)) > 0"
      "      OR instr (lower (coalesce (c.applicant_id, '')), lower (?4)) > 0"
      "      OR instr (c.uuid, lower (?4)) > 0)"
      " AND (?5 IS NULL OR c.accepted_on >= ?5)"
      " AND (?6 IS NULL OR c.accepted_on <= ?6)"
      " ORDER BY c.accepted_on, c.number");
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_case_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  TEXT (1, filter->hall);
  yc_backoffice_sqlite_bind_strv (s, 2, filter->departments);
  TEXT (3, filter->state);
  TEXT (4, filter->text != NULL && *filter->text != '\0' ? filter->text : NULL);
  TEXT (5, filter->accepted_from);
  TEXT (6, filter->accepted_to);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (cases, read_case (s));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&cases);
}

static GPtrArray *
sqlite_blob_cases (YcBackofficeStorage  *storage,
                   const char           *sha256,
                   GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT uuid FROM case_blobs WHERE sha256 = ?1 ORDER BY uuid");
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  TEXT (1, sha256);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (uuids, DUP (0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&uuids);
}

/* A range scan of the partial index cases_tolerance_due, resumed after the last row of the
 * previous page (keyset paging: nothing is skipped or read twice while rows change). */
static GPtrArray *
sqlite_cases_tolerance_due (YcBackofficeStorage  *storage,
                            const char           *due_before,
                            const char           *after_due,
                            const char           *after_uuid,
                            guint                 limit,
                            GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE (
      "SELECT " CASE_COLUMNS " FROM cases c"
      " WHERE c.tolerance_due IS NOT NULL AND c.tolerance_due < ?1"
      " AND (?2 IS NULL OR (c.tolerance_due, c.uuid) > (?2, coalesce (?3, '')))"
      " ORDER BY c.tolerance_due, c.uuid LIMIT ?4");
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_case_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  TEXT (1, due_before);
  TEXT (2, after_due);
  TEXT (3, after_uuid);
  sqlite3_bind_int64 (s, 4, limit);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (cases, read_case (s));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&cases);
}

/* One row or none: the answer of a "SELECT 1 … LIMIT 1" with its parameters bound. */
static gboolean
exists (YcBackofficeSqlite  *self,
        sqlite3_stmt        *s,
        gboolean            *out_exists,
        GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_exists = yc_backoffice_sqlite_step_row (self, s, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (*out_exists)
    sqlite3_reset (s);
  return TRUE;
}

static gboolean
sqlite_case_number_taken (YcBackofficeStorage  *storage,
                          const char           *number,
                          gboolean             *out_taken,
                          GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT 1 FROM cases WHERE number = ?1 LIMIT 1");

  if (s == NULL)
    return FALSE;
  TEXT (1, number);
  return exists (self, s, out_taken, error);
}

static gboolean
sqlite_window_enrolled (YcBackofficeStorage  *storage,
                        const char           *hall,
                        const char           *window,
                        gboolean             *out_enrolled,
                        GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT 1 FROM windows WHERE hall = ?1 AND window = ?2 LIMIT 1");

  if (s == NULL)
    return FALSE;
  TEXT (1, hall);
  TEXT (2, window);
  return exists (self, s, out_enrolled, error);
}

static gboolean
sqlite_conflict_put (YcBackofficeStorage      *storage,
                     const YcStorageConflict  *conflict,
                     GError                  **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO conflicts (op_id, case_uuid, username, server_version,"
                             " payload, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

  if (s == NULL)
    return FALSE;
  TEXT (1, conflict->op_id);
  TEXT (2, conflict->case_uuid);
  TEXT (3, conflict->username);
  sqlite3_bind_int64 (s, 4, conflict->server_version);
  TEXT (5, conflict->payload);
  sqlite3_bind_int64 (s, 6, conflict->at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_applicant_flag (YcBackofficeStorage  *storage,
                       const char           *id_number,
                       const char           *case_uuid,
                       const char           *reason,
                       gint64                at,
                       GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT OR IGNORE INTO flagged_applicants (id_number, case_uuid,"
                             " reason, at) VALUES (?1, ?2, ?3, ?4)");

  if (s == NULL)
    return FALSE;
  TEXT (1, id_number);
  TEXT (2, case_uuid);
  TEXT (3, reason);
  sqlite3_bind_int64 (s, 4, at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_applicant_flagged (YcBackofficeStorage  *storage,
                          const char           *id_number,
                          gboolean             *out_flagged,
                          gint64               *out_first_at,
                          GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT min (at) FROM flagged_applicants WHERE id_number = ?1"
                             " HAVING count (*) > 0");
  g_autoptr(GError) local_error = NULL;

  *out_flagged = FALSE;
  if (out_first_at != NULL)
    *out_first_at = 0;
  if (s == NULL)
    return FALSE;
  TEXT (1, id_number);
  *out_flagged = yc_backoffice_sqlite_step_row (self, s, &local_error);
  if (*out_flagged && out_first_at != NULL)
    *out_first_at = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
yc_backoffice_sqlite_sync_init (YcBackofficeStorageInterface *iface)
{
  iface->batch_get = sqlite_batch_get;
  iface->batch_put = sqlite_batch_put;
  iface->op_get = sqlite_op_get;
  iface->op_put = sqlite_op_put;
  iface->ops_purge = sqlite_ops_purge;
  iface->case_get = sqlite_case_get;
  iface->case_number_taken = sqlite_case_number_taken;
  iface->window_enrolled = sqlite_window_enrolled;
  iface->case_put = sqlite_case_put;
  iface->case_query = sqlite_case_query;
  iface->blob_cases = sqlite_blob_cases;
  iface->cases_tolerance_due = sqlite_cases_tolerance_due;
  iface->conflict_put = sqlite_conflict_put;
  iface->applicant_flag = sqlite_applicant_flag;
  iface->applicant_flagged = sqlite_applicant_flagged;
  yc_backoffice_sqlite_feed_init (iface);
  yc_backoffice_sqlite_uploads_init (iface);
}
