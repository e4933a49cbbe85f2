/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end: the change feed, whose commit order is a storage contract
 * (yc-backoffice-storage.h, "The change feed"). */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)
#define DUP(i) yc_backoffice_sqlite_column_dup (s, i)
/* Inserts stepped at once (yc_backoffice_sqlite_bind_text_static). */
#define VALUE(i, v) yc_backoffice_sqlite_bind_text_static (s, i, v)

static guint64
sqlite_change_append (YcBackofficeStorage    *storage,
                      const YcStorageChange  *change,
                      GError                **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO changes (kind, case_uuid, version, payload, hall,"
                             " target_user, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  guint64 seq;

  if (s == NULL)
    return 0;
  VALUE (1, change->kind);
  VALUE (2, change->case_uuid);
  sqlite3_bind_int64 (s, 3, change->version);
  /* NULL: a case change that refers to the case row (the column predates that: '' there). */
  VALUE (4, change->payload != NULL ? change->payload : "");
  VALUE (5, change->hall);
  VALUE (6, change->target_user);
  sqlite3_bind_int64 (s, 7, change->at);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return 0;
  seq = yc_backoffice_sqlite_last_rowid (self);

  for (guint i = 0; change->departments != NULL && change->departments[i] != NULL; i++)
    {
      s = PREPARE ("INSERT OR IGNORE INTO change_departments (seq, department) VALUES (?1, ?2)");
      if (s == NULL)
        return 0;
      sqlite3_bind_int64 (s, 1, seq);
      VALUE (2, change->departments[i]);
      if (!yc_backoffice_sqlite_step_done (self, s, error))
        return 0;
    }
  return seq;
}

static GPtrArray *
sqlite_changes_list (YcBackofficeStorage   *storage,
                     guint64                after_seq,
                     const YcStorageScope  *scope,
                     guint                  limit,
                     GError               **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE (
      "SELECT c.seq, c.kind, c.case_uuid,"
      " CASE WHEN c.payload = '' THEN coalesce ((SELECT k.version FROM cases k"
      "   WHERE k.uuid = c.case_uuid), c.version) ELSE c.version END,"
      " CASE WHEN c.payload = '' THEN coalesce ((SELECT k.document FROM cases k"
      "   WHERE k.uuid = c.case_uuid), 'null') ELSE c.payload END,"
      " c.hall, c.target_user, c.at,"
      " (SELECT json_group_array (department) FROM change_departments WHERE seq = c.seq)"
      " FROM changes c WHERE c.seq > ?1 AND ("
      "  (c.target_user IS NOT NULL AND c.target_user = ?2)"
      "  OR (c.target_user IS NULL AND ("
      "    ?3 = 1"
      "    OR (c.hall IS NULL AND NOT EXISTS (SELECT 1 FROM change_departments d WHERE d.seq = c.seq))"
      "    OR (?4 IS NOT NULL AND (c.hall = ?4 OR c.hall = '" YC_STORAGE_EVERY_HALL "'))"
      "    OR (?5 IS NOT NULL AND EXISTS (SELECT 1 FROM change_departments d WHERE d.seq = c.seq"
      "        AND d.department IN (SELECT value FROM json_each (?5)))))))"
      " ORDER BY c.seq LIMIT ?6");
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_change_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_int64 (s, 1, (sqlite3_int64) after_seq);
  TEXT (2, scope->username);
  sqlite3_bind_int (s, 3, scope->all ? 1 : 0);
  TEXT (4, scope->hall);
  yc_backoffice_sqlite_bind_strv (s, 5, scope->departments);
  sqlite3_bind_int64 (s, 6, limit);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      YcStorageChange *change = g_new0 (YcStorageChange, 1);
      change->seq = sqlite3_column_int64 (s, 0);
      change->kind = DUP (1);
      change->case_uuid = DUP (2);
      change->version = sqlite3_column_int64 (s, 3);
      change->payload = DUP (4);
      change->hall = DUP (5);
      change->target_user = DUP (6);
      change->at = sqlite3_column_int64 (s, 7);
      change->departments = yc_backoffice_sqlite_column_strv (s, 8);
      g_ptr_array_add (changes, change);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&changes);
}

static guint64
sqlite_head_seq (YcBackofficeStorage  *storage,
                 GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT coalesce (max (seq), 0) FROM changes");
  guint64 seq = 0;

  if (s == NULL)
    return 0;
  if (yc_backoffice_sqlite_step_row (self, s, error))
    {
      seq = sqlite3_column_int64 (s, 0);
      sqlite3_reset (s);
    }
  return seq;
}

void
yc_backoffice_sqlite_feed_init (YcBackofficeStorageInterface *iface)
{
  iface->change_append = sqlite_change_append;
  iface->changes_list = sqlite_changes_list;
  iface->head_seq = sqlite_head_seq;
}
