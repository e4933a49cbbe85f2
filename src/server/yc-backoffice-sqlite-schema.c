/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end's schema: the tables of a new database, and the migration of a
 * database of an older release (docs/backoffice.md, "Schema versions"). */

static gboolean
exec (YcBackofficeSqlite  *self,
      const char          *sql,
      GError             **error)
{
  return yc_backoffice_sqlite_exec (self, sql, error);
}

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS users ("
  "  username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, hall TEXT,"
  "  departments TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS windows ("
  "  hall TEXT NOT NULL, window TEXT NOT NULL, description TEXT, enrolled_at INTEGER NOT NULL,"
  "  PRIMARY KEY (hall, window));"
  "CREATE TABLE IF NOT EXISTS catalogs ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT NOT NULL, etag TEXT NOT NULL,"
  "  bytes BLOB NOT NULL, imported_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS sessions_username ON sessions (username);"
  "CREATE TABLE IF NOT EXISTS throttle ("
  "  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, first_failure INTEGER NOT NULL,"
  "  locked_until INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS audit ("
  "  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
  "  target TEXT, outcome TEXT NOT NULL, detail TEXT, prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  /* Append-only for the application; someone with the file can still drop these, which is
   * what the hash chain is for. */
  "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE IF NOT EXISTS batches ("
  "  key TEXT PRIMARY KEY, username TEXT NOT NULL, body_hash TEXT NOT NULL,"
  "  result TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS batches_created ON batches (created_at);"
  "CREATE TABLE IF NOT EXISTS ops ("
  "  op_id TEXT PRIMARY KEY, batch_key TEXT NOT NULL, case_uuid TEXT NOT NULL,"
  "  result TEXT NOT NULL, created_at INTEGER NOT NULL, username TEXT, op_hash TEXT);"
  "CREATE INDEX IF NOT EXISTS ops_created ON ops (created_at);"
  "CREATE TABLE IF NOT EXISTS cases ("
  "  uuid TEXT PRIMARY KEY, version INTEGER NOT NULL, number TEXT NOT NULL, hall TEXT NOT NULL,"
  "  window TEXT, clerk TEXT, state TEXT NOT NULL, decision TEXT, accepted_on TEXT NOT NULL,"
  "  deadline TEXT, applicant_name TEXT, applicant_id TEXT, document TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL, tolerance_due TEXT);"
  /* Version 8: the lists of a case and of a change, and the part changes, are WITHOUT ROWID
   * tables, one B-tree each (see migrate()). */
  "CREATE TABLE IF NOT EXISTS case_departments ("
  "  uuid TEXT NOT NULL, department TEXT NOT NULL, PRIMARY KEY (uuid, department))"
  "  WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS case_blobs ("
  "  uuid TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (uuid, sha256)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS conflicts ("
  "  id INTEGER PRIMARY KEY, op_id TEXT NOT NULL, case_uuid TEXT NOT NULL,"
  "  username TEXT NOT NULL, server_version INTEGER NOT NULL, payload TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS flagged_applicants ("
  "  id_number TEXT NOT NULL, case_uuid TEXT NOT NULL, reason TEXT, at INTEGER NOT NULL,"
  "  PRIMARY KEY (id_number, case_uuid));"
  "CREATE TABLE IF NOT EXISTS changes ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, case_uuid TEXT,"
  "  version INTEGER NOT NULL, payload TEXT NOT NULL, hall TEXT, target_user TEXT,"
  "  at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS change_departments ("
  "  seq INTEGER NOT NULL, department TEXT NOT NULL, PRIMARY KEY (seq, department))"
  "  WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL, sha256 TEXT NOT NULL, length INTEGER NOT NULL,"
  "  offset INTEGER NOT NULL, complete INTEGER NOT NULL, created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS uploads_user ON uploads (username, sha256);"
  "CREATE TABLE IF NOT EXISTS blobs ("
  "  sha256 TEXT PRIMARY KEY, length INTEGER NOT NULL, stored_at INTEGER NOT NULL);";

/* Whether @table already has @column: databases created before a column was added to
 * the schema above get it from migrate(). */
static gboolean
has_column (YcBackofficeSqlite  *self,
            const char          *table,
            const char          *column,
            gboolean            *out_has,
            GError             **error)
{
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (
      self, "SELECT count(*) FROM pragma_table_info (?1) WHERE name = ?2", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, table);
  yc_backoffice_sqlite_bind_text (s, 2, column);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return FALSE;
  *out_has = sqlite3_column_int64 (s, 0) > 0;
  sqlite3_reset (s);
  return TRUE;
}

/* Whether the schema holds an object of @type named @name whose SQL is LIKE @like. */
static gboolean
has_object (YcBackofficeSqlite  *self,
            const char          *type,
            const char          *name,
            const char          *like,
            gboolean            *out_has,
            GError             **error)
{
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (
      self, "SELECT count(*) FROM sqlite_master WHERE type = ?1 AND name = ?2 AND sql LIKE ?3",
      error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, type);
  yc_backoffice_sqlite_bind_text (s, 2, name);
  yc_backoffice_sqlite_bind_text (s, 3, like);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return FALSE;
  *out_has = sqlite3_column_int64 (s, 0) > 0;
  sqlite3_reset (s);
  return TRUE;
}


/* Version 8: @table's rows copied, as they are, into a WITHOUT ROWID table of the same
 * columns and primary key (@create: its CREATE TABLE naming it "rebuilt"), which then takes
 * its name.  The old table's indexes go with it. */
static gboolean
rebuild_without_rowid (YcBackofficeSqlite  *self,
                       const char          *table,
                       const char          *create,
                       const char          *columns,
                       GError             **error)
{
  gboolean done = FALSE;
  g_autofree char *sql = NULL;

  if (!has_object (self, "table", table, "%WITHOUT ROWID%", &done, error))
    return FALSE;
  if (done)
    return TRUE;
  sql = g_strdup_printf ("DROP TABLE IF EXISTS rebuilt; %s;"
                         " INSERT INTO rebuilt (%s) SELECT %s FROM %s;"
                         " DROP TABLE %s; ALTER TABLE rebuilt RENAME TO %s;",
                         create, columns, columns, table, table, table);
  return exec (self, sql, error);
}

/* The smallest case number held by two cases or more, or NULL. */
static gboolean
first_duplicate_number (YcBackofficeSqlite  *self,
                        char               **out_number,
                        GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (
      self, "SELECT number FROM cases GROUP BY number HAVING count(*) > 1 ORDER BY number LIMIT 1",
      error);

  if (s == NULL)
    return FALSE;
  if (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      *out_number = yc_backoffice_sqlite_column_dup (s, 0);
      sqlite3_reset (s);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Brings a database of an older release up to the current schema; the version reached is
 * kept in meta as schema_version.  Old rows are never rewritten or deleted. */
static gboolean
migrate (YcBackofficeSqlite  *self,
         GError             **error)
{
  gboolean has = FALSE;

  /* Version 2: an op id remembers who sent it and the hash of the op, so that a replay is
   * answered only to the same op of the same user.  Older rows keep NULL there. */
  if (!has_column (self, "ops", "op_hash", &has, error))
    return FALSE;
  if (!has && !exec (self, "ALTER TABLE ops ADD COLUMN username TEXT;"
                           "ALTER TABLE ops ADD COLUMN op_hash TEXT;", error))
    return FALSE;

  /* Version 3: a case number is unique.  A database that already holds one number twice
   * keeps all its rows; it gets a plain index instead, the push checks numbers itself, and
   * the unique index is tried again at every start until an administrator resolved them. */
  if (!has_object (self, "index", "cases_number_unique", "%", &has, error))
    return FALSE;
  if (!has)
    {
      g_autofree char *duplicate = NULL;

      if (!first_duplicate_number (self, &duplicate, error))
        return FALSE;
      if (duplicate == NULL)
        {
          if (!exec (self, "DROP INDEX IF EXISTS cases_number;"
                           "CREATE UNIQUE INDEX cases_number_unique ON cases (number);", error))
            return FALSE;
        }
      else
        {
          g_warning ("Case number %s is held by more than one case: cases.number is left "
                     "without its unique index (no case was changed or deleted); new "
                     "acceptances are still checked for duplicate numbers", duplicate);
          if (!exec (self, "CREATE INDEX IF NOT EXISTS cases_number ON cases (number);", error))
            return FALSE;
        }
    }

  /* Version 4: the earliest open tolerance due date of a case, so that tolerance expiry
   * reads only the cases it may terminate (a partial index) instead of every case.  Filled
   * once from the documents (the same rule as yc_backoffice_tolerance_due()); the documents
   * themselves are not touched. */
  if (!has_column (self, "cases", "tolerance_due", &has, error))
    return FALSE;
  if (!has && !exec (self, "ALTER TABLE cases ADD COLUMN tolerance_due TEXT;"
                           "UPDATE cases SET tolerance_due = ("
                           "  SELECT min (json_extract (t.value, '$.due'))"
                           "  FROM json_each (cases.document, '$.tolerated') t"
                           "  WHERE json_extract (t.value, '$.received') IS NOT 1)"
                           " WHERE state NOT IN ('issued', 'withdrawn', 'terminated', 'rejected',"
                           "                     'closed_at_counter');", error))
    return FALSE;
  if (!exec (self, "CREATE INDEX IF NOT EXISTS cases_tolerance_due ON cases (tolerance_due, uuid)"
                   " WHERE tolerance_due IS NOT NULL;", error))
    return FALSE;

  /* Version 6: the figures (yc-backoffice-sqlite-stats.c) page through a period in
   * (accepted_on, uuid) order, of one hall or of all; without these indexes every page
   * would sort the whole period again.  Indexes only: no row changes. */
  if (!exec (self, "CREATE INDEX IF NOT EXISTS cases_accepted_uuid ON cases (accepted_on, uuid);"
                   "CREATE INDEX IF NOT EXISTS cases_hall_accepted_uuid ON cases (hall, accepted_on, uuid);"
                   "INSERT INTO meta (key, value) VALUES ('schema_version', '6')"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                   " WHERE CAST (value AS INTEGER) < 6", error))
    return FALSE;

  /* Version 7: parallel review.  The last change of each part of a case, so that a review
   * op sent on a stale base version is applied when only other parts changed since
   * (yc-backoffice-rebase.c).  What changed the parts of the cases already here is not
   * known: their parts count as changed at the case's current version (an op older than
   * that conflicts, as before).  Only rows are added; cases are not touched. */
  if (!has_column (self, "case_part_changes", "uuid", &has, error))
    return FALSE;
  if (!has && !exec (self, "CREATE TABLE case_part_changes ("
                           "  uuid TEXT NOT NULL, department TEXT NOT NULL, version INTEGER NOT NULL,"
                           "  username TEXT, PRIMARY KEY (uuid, department));"
                           "CREATE TABLE case_rebases ("
                           "  uuid TEXT NOT NULL, username TEXT NOT NULL, client_version INTEGER NOT NULL,"
                           "  server_version INTEGER NOT NULL, known_version INTEGER NOT NULL,"
                           "  PRIMARY KEY (uuid, username));"
                           "INSERT INTO case_part_changes (uuid, department, version, username)"
                           "  SELECT d.uuid, d.department, c.version, NULL"
                           "  FROM case_departments d JOIN cases c ON c.uuid = d.uuid;"
                           "INSERT INTO meta (key, value) VALUES ('schema_version', '7')"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                           " WHERE CAST (value AS INTEGER) < 7", error))
    return FALSE;

  /* Version 8: fewer B-trees written per push, since the writer is what limits a burst of
   * pushes and each insert into a B-tree keyed by a random UUID dirties a page of its own.
   * The indexes cases_hall (hall, accepted_on) and cases_accepted (accepted_on) are the
   * prefixes of the version 6 ones and go; case_departments_department and
   * change_departments_department were never read (the lists are read by case and by
   * change).  case_departments, case_blobs, change_departments and case_part_changes become
   * WITHOUT ROWID tables: the primary key is the table, instead of a rowid table and an
   * index holding the same columns.  Rows are copied as they are; none is changed. */
  if (!exec (self, "DROP INDEX IF EXISTS cases_hall; DROP INDEX IF EXISTS cases_accepted;"
                   "DROP INDEX IF EXISTS case_departments_department;"
                   "DROP INDEX IF EXISTS change_departments_department;", error)
      || !rebuild_without_rowid (self, "case_departments",
                                 "CREATE TABLE rebuilt (uuid TEXT NOT NULL, department TEXT NOT NULL,"
                                 " PRIMARY KEY (uuid, department)) WITHOUT ROWID",
                                 "uuid, department", error)
      || !rebuild_without_rowid (self, "case_blobs",
                                 "CREATE TABLE rebuilt (uuid TEXT NOT NULL, sha256 TEXT NOT NULL,"
                                 " PRIMARY KEY (uuid, sha256)) WITHOUT ROWID",
                                 "uuid, sha256", error)
      || !rebuild_without_rowid (self, "change_departments",
                                 "CREATE TABLE rebuilt (seq INTEGER NOT NULL, department TEXT NOT NULL,"
                                 " PRIMARY KEY (seq, department)) WITHOUT ROWID",
                                 "seq, department", error)
      || !rebuild_without_rowid (self, "case_part_changes",
                                 "CREATE TABLE rebuilt (uuid TEXT NOT NULL, department TEXT NOT NULL,"
                                 " version INTEGER NOT NULL, username TEXT,"
                                 " PRIMARY KEY (uuid, department)) WITHOUT ROWID",
                                 "uuid, department, version, username", error)
      || !exec (self, "CREATE INDEX IF NOT EXISTS case_blobs_sha256 ON case_blobs (sha256);"
                      "INSERT INTO meta (key, value) VALUES ('schema_version', '8')"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                      " WHERE CAST (value AS INTEGER) < 8", error))
    return FALSE;

  return exec (self, "INSERT INTO meta (key, value) VALUES ('schema_version', '4')"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                     " WHERE CAST (value AS INTEGER) < 4", error);
}

/* Inside the initialising write transaction: creates what is missing, then migrates. */
gboolean
yc_backoffice_sqlite_create_schema (YcBackofficeSqlite  *self,
                                    GError             **error)
{
  return exec (self, schema, error) && migrate (self, error);
}
