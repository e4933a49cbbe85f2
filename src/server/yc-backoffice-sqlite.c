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

  /* Checkpoints: yc-backoffice-sqlite-checkpoint.c. */
  YcSqliteCheckpointer *checkpointer;
};

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

  g_clear_pointer (&self->checkpointer, yc_sqlite_checkpointer_free);
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
}

/* After each commit of the writer, with the WAL's size in pages. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         pages)
{
  YcBackofficeSqlite *self = data;

  yc_sqlite_checkpointer_committed (self->checkpointer, db, name, pages);
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

/* The same without a copy, for a statement stepped to its end at once
 * (yc_backoffice_sqlite_step_done, which resets it): @text must outlive that step, and the
 * statement must not return it in a row.  Copying each value was a tenth of what a push
 * did while it held the writer. */
void
yc_backoffice_sqlite_bind_text_static (sqlite3_stmt *statement,
                                       int           index,
                                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_STATIC);
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

/* Transaction control (BEGIN, COMMIT, SAVEPOINT…) through the statement cache: a request
 * begins and ends a read transaction to sign its token in, and a push of a group commit a
 * savepoint; sqlite3_exec() parsed each text again, and the parser's allocations were a
 * twentieth of what the server did in a burst of pushes. */
static gboolean
run_cached (YcBackofficeSqlite  *self,
            const char          *sql,
            GError             **error)
{
  sqlite3_stmt *statement = yc_backoffice_sqlite_prepare (self, sql, error);

  return statement != NULL && yc_backoffice_sqlite_step_done (self, statement, error);
}

/* SQL without parameters (DDL, pragmas) on this thread's connection. */
gboolean
yc_backoffice_sqlite_exec (YcBackofficeSqlite  *self,
                           const char          *sql,
                           GError             **error)
{
  return exec (self, sql, error);
}

static gboolean
sqlite_initialize (YcBackofficeStorage  *storage,
                   GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  gboolean ok;

  g_mutex_lock (&self->writer.lock);
  ok = run_cached (self, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      ok = yc_backoffice_sqlite_create_schema (self, error);
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
    {
      g_mutex_lock (&connection->lock);
      yc_sqlite_checkpointer_before_write (self->checkpointer);
    }
  g_private_set (&current_connection, connection);
  /* IMMEDIATE takes the write lock at once, so two processes on one file never deadlock
   * upgrading a read transaction. */
  if (!run_cached (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
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
  gboolean ok = run_cached (self, "COMMIT", error);

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
      g_autoptr(GError) error = NULL;

      if (!run_cached (self, "ROLLBACK", &error))
        g_message ("Rolling back on %s failed: %s", self->path, error->message);
    }
  end_transaction (connection);
}

static gboolean
sqlite_savepoint (YcBackofficeStorage  *storage,
                  GError              **error)
{
  return run_cached (YC_BACKOFFICE_SQLITE (storage), "SAVEPOINT unit", error);
}

static gboolean
sqlite_release (YcBackofficeStorage  *storage,
                GError              **error)
{
  return run_cached (YC_BACKOFFICE_SQLITE (storage), "RELEASE unit", error);
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
  return run_cached (self, "ROLLBACK TO unit", error) && run_cached (self, "RELEASE unit", error);
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
      /* Each push of a group commit runs in a savepoint, whose undo log (the sub-journal)
       * holds the first image of every page it changes: ~85 pages for 20 accepts.  Beyond
       * 64 KiB SQLite spills it to a new file in /var/tmp, created, written and unlinked for
       * every push; in memory it costs nothing of the disk. */
      || !exec (self, "PRAGMA temp_store=MEMORY", error)
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

  self->checkpointer = yc_sqlite_checkpointer_new (path);
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

YcSqliteCheckpointer *
yc_backoffice_sqlite_get_checkpointer (YcBackofficeSqlite *self)
{
  return self->checkpointer;
}

sqlite3_int64
yc_backoffice_sqlite_last_rowid (YcBackofficeSqlite *self)
{
  return sqlite3_last_insert_rowid (current (self)->db);
}
