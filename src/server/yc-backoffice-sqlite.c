/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "yc-backoffice.h"
#include "yc-backoffice-sqlite-private.h"

/*
 * The SQLite back end of YcBackofficeStorage.  Connections each guarded by a mutex held
 * from begin() to commit()/rollback(), which also keeps each one's statement cache
 * single-threaded: one for write transactions (SQLite has one writer anyway) and a few for
 * read transactions, so that the requests' workers (every request signs its token in with
 * a read) do not queue behind one another.  In WAL mode a reader sees the last commit and
 * never waits for the writer, so signing a request in or reading the catalog does not queue
 * behind a commit and its fsync.  WAL with synchronous=FULL: a commit is durable when commit() returns.
 * SQL only with bound parameters.
 */

/* Read connections: a few more than the cores that run their transactions; each has its
 * own page cache and statements. */
#define N_READERS 4

typedef struct {
  sqlite3    *db;
  GMutex      lock;
  GHashTable *statements;  /* SQL text's address (static storage) → sqlite3_stmt* */
} Connection;

struct _YcBackofficeSqlite
{
  GObject     parent_instance;

  char       *path;
  Connection  writer;      /* statements run on current (self) */
  Connection  readers[N_READERS];

  /* Checkpoints (copying the WAL back into the database file) run on a thread of their own
   * with a connection of their own, asked for by the writer's WAL hook: not inside a commit,
   * where they would hold the write lock and make every queued push wait. */
  sqlite3    *checkpoint_db;
  GThread    *checkpointer;
  GMutex      checkpoint_lock;
  GCond       checkpoint_cond;
  gboolean    checkpoint_wanted;
  gboolean    checkpoint_stop;
};

/* WAL pages after which a checkpoint is asked for (SQLite's own default), and the size at
 * which the writer checkpoints too.  Under a steady stream of commits the thread's
 * checkpoint never reaches the end of the log, and the log restarts from its beginning only
 * after a checkpoint that did; the writer's own, inside the commit, finds nearly every page
 * already copied by the thread and only finishes the job. */
#define CHECKPOINT_PAGES        1000
#define CHECKPOINT_INLINE_PAGES (4 * CHECKPOINT_PAGES)

/* The connection of the transaction this thread has open (set by begin, cleared by
 * commit/rollback); the writer's outside a transaction (opening, initialising). */
static GPrivate current_connection;

static Connection *
current (YcBackofficeSqlite *self)
{
  Connection *connection = g_private_get (&current_connection);

  if (connection >= self->readers && connection < self->readers + N_READERS)
    return connection;
  return &self->writer;
}

static void yc_backoffice_sqlite_storage_init (YcBackofficeStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcBackofficeSqlite, yc_backoffice_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YC_TYPE_BACKOFFICE_STORAGE,
                                                      yc_backoffice_sqlite_storage_init))

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
  "CREATE INDEX IF NOT EXISTS cases_hall ON cases (hall, accepted_on);"
  "CREATE INDEX IF NOT EXISTS cases_accepted ON cases (accepted_on);"
  "CREATE TABLE IF NOT EXISTS case_departments ("
  "  uuid TEXT NOT NULL, department TEXT NOT NULL, PRIMARY KEY (uuid, department));"
  "CREATE INDEX IF NOT EXISTS case_departments_department ON case_departments (department);"
  "CREATE TABLE IF NOT EXISTS case_blobs ("
  "  uuid TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (uuid, sha256));"
  "CREATE INDEX IF NOT EXISTS case_blobs_sha256 ON case_blobs (sha256);"
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
  "  seq INTEGER NOT NULL, department TEXT NOT NULL, PRIMARY KEY (seq, department));"
  "CREATE INDEX IF NOT EXISTS change_departments_department ON change_departments (department, seq);"
  "CREATE TABLE IF NOT EXISTS uploads ("
  "  id TEXT PRIMARY KEY, username TEXT NOT NULL, sha256 TEXT NOT NULL, length INTEGER NOT NULL,"
  "  offset INTEGER NOT NULL, complete INTEGER NOT NULL, created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS uploads_user ON uploads (username, sha256);"
  "CREATE TABLE IF NOT EXISTS blobs ("
  "  sha256 TEXT PRIMARY KEY, length INTEGER NOT NULL, stored_at INTEGER NOT NULL);";

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static void
connection_init (Connection *connection)
{
  g_mutex_init (&connection->lock);
  connection->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

static void
connection_clear (Connection *connection,
                  const char *path)
{
  g_clear_pointer (&connection->statements, g_hash_table_unref);
  if (connection->db != NULL)
    {
      int rc = sqlite3_close (connection->db);
      if (rc != SQLITE_OK)
        g_critical ("Closing %s failed: %s", path, sqlite3_errstr (rc));
      connection->db = NULL;
    }
  g_mutex_clear (&connection->lock);
}

static void
yc_backoffice_sqlite_finalize (GObject *object)
{
  YcBackofficeSqlite *self = (YcBackofficeSqlite *)object;

  if (self->checkpointer != NULL)
    {
      g_mutex_lock (&self->checkpoint_lock);
      self->checkpoint_stop = TRUE;
      g_cond_signal (&self->checkpoint_cond);
      g_mutex_unlock (&self->checkpoint_lock);
      g_thread_join (self->checkpointer);
      self->checkpointer = NULL;
    }
  if (self->checkpoint_db != NULL)
    sqlite3_close (self->checkpoint_db);
  g_mutex_clear (&self->checkpoint_lock);
  g_cond_clear (&self->checkpoint_cond);
  for (guint i = 0; i < N_READERS; i++)
    connection_clear (&self->readers[i], self->path);
  connection_clear (&self->writer, self->path);
  g_free (self->path);

  G_OBJECT_CLASS (yc_backoffice_sqlite_parent_class)->finalize (object);
}

static void
yc_backoffice_sqlite_class_init (YcBackofficeSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_backoffice_sqlite_finalize;
}

static void
yc_backoffice_sqlite_init (YcBackofficeSqlite *self)
{
  connection_init (&self->writer);
  for (guint i = 0; i < N_READERS; i++)
    connection_init (&self->readers[i]);
  g_mutex_init (&self->checkpoint_lock);
  g_cond_init (&self->checkpoint_cond);
}

static gpointer
checkpointer_thread (gpointer data)
{
  YcBackofficeSqlite *self = data;

  g_mutex_lock (&self->checkpoint_lock);
  while (!self->checkpoint_stop)
    {
      int rc;

      if (!self->checkpoint_wanted)
        {
          g_cond_wait (&self->checkpoint_cond, &self->checkpoint_lock);
          continue;
        }
      self->checkpoint_wanted = FALSE;
      g_mutex_unlock (&self->checkpoint_lock);
      /* PASSIVE: copies what no reader still needs, never waits for or blocks a writer. */
      rc = sqlite3_wal_checkpoint_v2 (self->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      NULL, NULL);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_message ("Checkpointing %s failed: %s; retried after the next commits", self->path,
                   sqlite3_errmsg (self->checkpoint_db));
      g_mutex_lock (&self->checkpoint_lock);
    }
  g_mutex_unlock (&self->checkpoint_lock);
  return NULL;
}

/* After each commit of the writer, with the WAL's size in pages. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         pages)
{
  YcBackofficeSqlite *self = data;

  if (pages >= CHECKPOINT_INLINE_PAGES || self->checkpointer == NULL)
    {
      if (pages >= CHECKPOINT_PAGES)
        sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  if (pages >= CHECKPOINT_PAGES)
    {
      g_mutex_lock (&self->checkpoint_lock);
      self->checkpoint_wanted = TRUE;
      g_cond_signal (&self->checkpoint_cond);
      g_mutex_unlock (&self->checkpoint_lock);
    }
  return SQLITE_OK;
}

gboolean
yc_backoffice_sqlite_fail (YcBackofficeSqlite  *self,
                           int                  rc,
                           GError             **error)
{
  int code = YC_BACKOFFICE_ERROR_STORAGE;

  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
    code = YC_BACKOFFICE_ERROR_CONFLICT;
  sqlite3 *db = current (self)->db;

  g_set_error (error, YC_BACKOFFICE_ERROR, code,
               _("The back office database %s failed: %s"),
               self->path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* A cached statement of this thread's connection, reset and with its bindings cleared;
 * owned by the cache.  @sql must be a string of static storage (a literal, a static array):
 * the cache is keyed by its address, since hashing and comparing the whole text on every
 * call was about a tenth of what a push does while it holds the writer.  The same text at
 * two addresses is merely prepared twice. */
sqlite3_stmt *
yc_backoffice_sqlite_prepare (YcBackofficeSqlite  *self,
                              const char          *sql,
                              GError             **error)
{
  Connection *connection = current (self);
  sqlite3_stmt *statement = g_hash_table_lookup (connection->statements, sql);
  int rc;

  if (statement != NULL)
    {
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }

  rc = sqlite3_prepare_v3 (connection->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL);
  if (rc != SQLITE_OK)
    {
      yc_backoffice_sqlite_fail (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (connection->statements, (gpointer) sql, statement);
  return statement;
}

void
yc_backoffice_sqlite_bind_text (sqlite3_stmt *statement,
                                int           index,
                                const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

void
yc_backoffice_sqlite_bind_strv (sqlite3_stmt       *statement,
                                int                 index,
                                const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (strv == NULL)
    {
      sqlite3_bind_null (statement, index);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

char *
yc_backoffice_sqlite_column_dup (sqlite3_stmt *statement,
                                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}

/* A JSON array of strings (json_group_array) → a strv; never NULL. */
char **
yc_backoffice_sqlite_column_strv (sqlite3_stmt *statement,
                                  int           column)
{
  const char *text = (const char *) sqlite3_column_text (statement, column);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (text != NULL)
    node = json_from_string (text, NULL);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);
          if (s != NULL)
            g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

/* Steps a statement that returns no row. */
gboolean
yc_backoffice_sqlite_step_done (YcBackofficeSqlite  *self,
                                sqlite3_stmt        *statement,
                                GError             **error)
{
  int rc = sqlite3_step (statement);

  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    return yc_backoffice_sqlite_fail (self, rc, error);
  return TRUE;
}

/* SQLITE_ROW → TRUE; SQLITE_DONE → FALSE without error; else FALSE with error. */
gboolean
yc_backoffice_sqlite_step_row (YcBackofficeSqlite  *self,
                               sqlite3_stmt        *statement,
                               GError             **error)
{
  int rc = sqlite3_step (statement);

  if (rc == SQLITE_ROW)
    return TRUE;
  sqlite3_reset (statement);
  if (rc != SQLITE_DONE)
    yc_backoffice_sqlite_fail (self, rc, error);
  return FALSE;
}

static gboolean
exec (YcBackofficeSqlite  *self,
      const char          *sql,
      GError             **error)
{
  int rc = sqlite3_exec (current (self)->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return yc_backoffice_sqlite_fail (self, rc, error);
  return TRUE;
}

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

static gboolean
has_index (YcBackofficeSqlite  *self,
           const char          *name,
           gboolean            *out_has,
           GError             **error)
{
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (
      self, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, name);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return FALSE;
  *out_has = sqlite3_column_int64 (s, 0) > 0;
  sqlite3_reset (s);
  return TRUE;
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
  if (!has_index (self, "cases_number_unique", &has, error))
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

  return exec (self, "INSERT INTO meta (key, value) VALUES ('schema_version', '4')"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                     " WHERE CAST (value AS INTEGER) < 4", error);
}

static gboolean
sqlite_initialize (YcBackofficeStorage  *storage,
                   GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  gboolean ok;

  g_mutex_lock (&self->writer.lock);
  ok = exec (self, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      ok = exec (self, schema, error) && migrate (self, error);
      if (ok)
        ok = exec (self, "COMMIT", error);
      else
        sqlite3_exec (self->writer.db, "ROLLBACK", NULL, NULL, NULL);
    }
  g_mutex_unlock (&self->writer.lock);
  return ok;
}

/* A free read connection, locked; when all are busy, waits for one (chosen by thread, so
 * that waiters spread over them). */
static Connection *
take_reader (YcBackofficeSqlite *self)
{
  Connection *connection;

  for (guint i = 0; i < N_READERS; i++)
    if (g_mutex_trylock (&self->readers[i].lock))
      return &self->readers[i];
  connection = &self->readers[GPOINTER_TO_UINT (g_thread_self ()) / 64 % N_READERS];
  g_mutex_lock (&connection->lock);
  return connection;
}

static gboolean
sqlite_begin (YcBackofficeStorage  *storage,
              gboolean              write,
              GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  Connection *connection = write ? &self->writer : take_reader (self);

  if (write)
    g_mutex_lock (&connection->lock);
  g_private_set (&current_connection, connection);
  /* IMMEDIATE takes the write lock at once, so two processes on one file never deadlock
   * upgrading a read transaction. */
  if (!exec (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    {
      g_private_set (&current_connection, NULL);
      g_mutex_unlock (&connection->lock);
      return FALSE;
    }
  return TRUE;
}

static void
end_transaction (Connection *connection)
{
  g_private_set (&current_connection, NULL);
  g_mutex_unlock (&connection->lock);
}

static gboolean
sqlite_commit (YcBackofficeStorage  *storage,
               GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  Connection *connection = current (self);
  gboolean ok = exec (self, "COMMIT", error);

  if (!ok && !sqlite3_get_autocommit (connection->db))
    sqlite3_exec (connection->db, "ROLLBACK", NULL, NULL, NULL);
  end_transaction (connection);
  return ok;
}

static void
sqlite_rollback (YcBackofficeStorage *storage)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  Connection *connection = current (self);

  if (!sqlite3_get_autocommit (connection->db))
    {
      int rc = sqlite3_exec (connection->db, "ROLLBACK", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        g_message ("Rolling back on %s failed: %s", self->path, sqlite3_errmsg (connection->db));
    }
  end_transaction (connection);
}

static gboolean
sqlite_savepoint (YcBackofficeStorage  *storage,
                  GError              **error)
{
  return exec (YC_BACKOFFICE_SQLITE (storage), "SAVEPOINT unit", error);
}

static gboolean
sqlite_release (YcBackofficeStorage  *storage,
                GError              **error)
{
  return exec (YC_BACKOFFICE_SQLITE (storage), "RELEASE unit", error);
}

/* Some failures (a full disk, an I/O error) make SQLite roll back the whole transaction
 * itself: then there is no savepoint left to return to, and the caller must start over. */
static gboolean
sqlite_rollback_to (YcBackofficeStorage  *storage,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);

  if (sqlite3_get_autocommit (current (self)->db))
    {
      g_set_error_literal (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_STORAGE,
                           _("The database ended the transaction after an error; it is started again"));
      return FALSE;
    }
  return exec (self, "ROLLBACK TO unit", error) && exec (self, "RELEASE unit", error);
}

static char *
sqlite_meta_get (YcBackofficeStorage  *storage,
                 const char           *key,
                 GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  char *value;

  if (s == NULL)
    return NULL;
  yc_backoffice_sqlite_bind_text (s, 1, key);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  value = yc_backoffice_sqlite_column_dup (s, 0);
  sqlite3_reset (s);
  return value;
}

static gboolean
sqlite_meta_set (YcBackofficeStorage  *storage,
                 const char           *key,
                 const char           *value,
                 GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?1, ?2)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, key);
  yc_backoffice_sqlite_bind_text (s, 2, value);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

YcBackofficeStorage *
yc_backoffice_sqlite_new (const char  *path,
                          GError     **error)
{
  g_autoptr(YcBackofficeSqlite) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (YC_TYPE_BACKOFFICE_SQLITE, NULL);
  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->writer.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
                        | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      yc_backoffice_sqlite_fail (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->writer.db, 1);
  /* Another process on the same file (the CLI while the server runs) waits its turn. */
  sqlite3_busy_timeout (self->writer.db, 10000);
  if (!exec (self, "PRAGMA journal_mode=WAL", error)
      || !exec (self, "PRAGMA synchronous=FULL", error)
      /* Cases, op ids and their indexes are keyed by random UUIDs: inserts touch pages all
       * over the B-trees, and a larger cache saves re-reading them for every push. */
      || !exec (self, "PRAGMA cache_size=-32768", error)
      || !exec (self, "PRAGMA foreign_keys=ON", error))
    return NULL;

  /* Opened after the writer switched the file to WAL, which is what lets them read while
   * the writer commits. */
  for (guint i = 0; i < N_READERS; i++)
    {
      Connection *reader = &self->readers[i];

      rc = sqlite3_open_v2 (path, &reader->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_STORAGE,
                       _("The back office database %s failed: %s"), self->path,
                       reader->db != NULL ? sqlite3_errmsg (reader->db) : sqlite3_errstr (rc));
          return NULL;
        }
      sqlite3_extended_result_codes (reader->db, 1);
      sqlite3_busy_timeout (reader->db, 10000);
    }

  /* Without its connection the writer checkpoints inline, as SQLite does by default. */
  if (sqlite3_open_v2 (path, &self->checkpoint_db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) == SQLITE_OK)
    self->checkpointer = g_thread_new ("yc-checkpoint", checkpointer_thread, self);
  else
    g_message ("No checkpoint connection to %s: %s; the writer checkpoints itself", path,
               self->checkpoint_db != NULL ? sqlite3_errmsg (self->checkpoint_db) : "out of memory");
  sqlite3_wal_hook (self->writer.db, wal_hook_cb, self);

  return YC_BACKOFFICE_STORAGE (g_steal_pointer (&self));
}

static void
yc_backoffice_sqlite_storage_init (YcBackofficeStorageInterface *iface)
{
  iface->initialize = sqlite_initialize;
  iface->begin = sqlite_begin;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->savepoint = sqlite_savepoint;
  iface->release = sqlite_release;
  iface->rollback_to = sqlite_rollback_to;
  iface->meta_get = sqlite_meta_get;
  iface->meta_set = sqlite_meta_set;
  yc_backoffice_sqlite_users_init (iface);
  yc_backoffice_sqlite_sync_init (iface);
  yc_backoffice_sqlite_reconcile_init (iface);
  yc_backoffice_sqlite_stats_init (iface);
  yc_backoffice_sqlite_parts_init (iface);
}

gint64
yc_backoffice_sqlite_changes (YcBackofficeSqlite *self)
{
  return sqlite3_changes64 (current (self)->db);
}

sqlite3_int64
yc_backoffice_sqlite_last_rowid (YcBackofficeSqlite *self)
{
  return sqlite3_last_insert_rowid (current (self)->db);
}
