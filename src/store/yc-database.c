/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-database.h"
#include "yc-store-error-private.h"

struct _YcDatabase
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *handle;
  GHashTable *statements;  /* SQL text (static) → sqlite3_stmt* */
};

G_DEFINE_FINAL_TYPE (YcDatabase, yc_database, G_TYPE_OBJECT)

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

static void
yc_database_finalize (GObject *object)
{
  YcDatabase *self = (YcDatabase *)object;

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      int rc = sqlite3_close (self->handle);
      if (rc != SQLITE_OK)
        g_critical ("Closing %s failed: %s", self->path, sqlite3_errstr (rc));
      self->handle = NULL;
    }
  g_free (self->path);

  G_OBJECT_CLASS (yc_database_parent_class)->finalize (object);
}

static void
yc_database_class_init (YcDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_database_finalize;
}

static void
yc_database_init (YcDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
}

static gboolean
fail (YcDatabase  *self,
      int          rc,
      GError     **error)
{
  yc_store_set_error_from_sqlite (error, self->handle, rc, self->path);
  return FALSE;
}

/**
 * yc_database_open:
 * @path: the database file
 *
 * Opens (and, unless read-only, creates) the database and reads its header once, so
 * that a file that is not a database fails here with %YC_STORE_ERROR_CORRUPT, before
 * anything could write to it.  Call yc_database_configure() before writing.
 *
 * Returns: (transfer full): the connection, or %NULL
 */
YcDatabase *
yc_database_open (const char       *path,
                  YcDatabaseFlags   flags,
                  GError          **error)
{
  g_autoptr(YcDatabase) self = NULL;
  int open_flags;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (YC_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  open_flags = SQLITE_OPEN_EXRESCODE;
  if (flags & YC_DATABASE_FLAGS_READ_ONLY)
    open_flags |= SQLITE_OPEN_READONLY;
  else
    open_flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &self->handle, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      fail (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, YC_DATABASE_DEFAULT_BUSY_TIMEOUT_MS);

  if (!yc_database_get_user_version (self, &version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * yc_database_configure:
 *
 * Sets what durability needs on this connection: the write-ahead log (a commit is one
 * append and one fsync, and readers never block the writer), `synchronous=FULL` (the
 * WAL is fsynced at every commit, so a committed case survives power loss) and
 * enforced foreign keys.  Persistent (WAL) or per connection (the others).
 */
gboolean
yc_database_configure (YcDatabase  *self,
                       GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  const char *mode;

  g_return_val_if_fail (YC_IS_DATABASE (self), FALSE);

  if (!sqlite3_db_readonly (self->handle, "main"))
    {
      statement = yc_database_prepare (self, "PRAGMA journal_mode=WAL", error);
      if (statement == NULL)
        return FALSE;
      if (yc_database_step (self, statement, error) != SQLITE_ROW)
        return FALSE;
      mode = (const char *) sqlite3_column_text (statement, 0);
      if (g_ascii_strcasecmp (mode, "wal") != 0)
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                       _("The local data file %s cannot use a write-ahead log (journal mode "
                         "is “%s”). Ask the administrator to move the data folder to a "
                         "local disk."), self->path, mode);
          return FALSE;
        }
    }

  return yc_database_exec (self, "PRAGMA synchronous=FULL", error) &&
         yc_database_exec (self, "PRAGMA foreign_keys=ON", error);
}

const char *
yc_database_get_path (YcDatabase *self)
{
  g_return_val_if_fail (YC_IS_DATABASE (self), NULL);
  return self->path;
}

/**
 * yc_database_get_handle:
 *
 * Returns: (transfer none): the connection, for tests and tools that need raw access
 */
sqlite3 *
yc_database_get_handle (YcDatabase *self)
{
  g_return_val_if_fail (YC_IS_DATABASE (self), NULL);
  return self->handle;
}

void
yc_database_set_busy_timeout (YcDatabase *self,
                              guint       milliseconds)
{
  g_return_if_fail (YC_IS_DATABASE (self));
  sqlite3_busy_timeout (self->handle, (int) MIN (milliseconds, G_MAXINT));
}

/**
 * yc_database_exec:
 * @sql: constant SQL without parameters (pragmas, transaction control, migrations)
 */
gboolean
yc_database_exec (YcDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  int rc;

  g_return_val_if_fail (YC_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return fail (self, rc, error);
  return TRUE;
}

/**
 * yc_database_prepare:
 * @sql: a string constant: it is the cache key and must outlive the connection
 *
 * Returns: (transfer none): the cached statement, reset and with no bindings; release it
 *   with yc_statement_release() (g_autoptr does) when done
 */
YcStatement *
yc_database_prepare (YcDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (YC_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    return statement;

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL);
  if (rc != SQLITE_OK)
    {
      fail (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, statement);
  return statement;
}

/**
 * yc_database_step:
 *
 * Returns: %SQLITE_ROW, %SQLITE_DONE, or -1 with @error set
 */
int
yc_database_step (YcDatabase   *self,
                  YcStatement  *statement,
                  GError      **error)
{
  int rc;

  g_return_val_if_fail (YC_IS_DATABASE (self), -1);
  g_return_val_if_fail (statement != NULL, -1);

  rc = sqlite3_step (statement);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  fail (self, rc, error);
  return -1;
}

/* For statements that return no rows. */
gboolean
yc_database_step_done (YcDatabase   *self,
                       YcStatement  *statement,
                       GError      **error)
{
  int rc = yc_database_step (self, statement, error);

  if (rc == SQLITE_ROW)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                   "Statement returned a row where none was expected: %s",
                   sqlite3_sql (statement));
      return FALSE;
    }
  return rc == SQLITE_DONE;
}

gboolean
yc_database_get_user_version (YcDatabase  *self,
                              int         *version,
                              GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;

  g_return_val_if_fail (YC_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  statement = yc_database_prepare (self, "PRAGMA user_version", error);
  if (statement == NULL || yc_database_step (self, statement, error) != SQLITE_ROW)
    return FALSE;
  *version = sqlite3_column_int (statement, 0);
  return TRUE;
}

/*
 * BEGIN IMMEDIATE takes the write lock at once, so a transaction never fails half-way
 * because another connection started writing after it read.
 */
gboolean
yc_database_begin_immediate (YcDatabase  *self,
                             GError     **error)
{
  return yc_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
yc_database_commit (YcDatabase  *self,
                    GError     **error)
{
  return yc_database_exec (self, "COMMIT", error);
}

/* Safe to call whether or not a transaction is still open (SQLite may already have
 * rolled back, e.g. after SQLITE_FULL). */
void
yc_database_rollback (YcDatabase *self)
{
  g_return_if_fail (YC_IS_DATABASE (self));

  if (!sqlite3_get_autocommit (self->handle))
    {
      int rc = sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        g_message ("Rolling back on %s failed: %s", self->path, sqlite3_errmsg (self->handle));
    }
}

/**
 * yc_database_check_integrity:
 * @quick: %TRUE for `quick_check` (no index cross-checks), %FALSE for `integrity_check`
 *
 * Returns: %TRUE when SQLite reports "ok"; otherwise %FALSE with %YC_STORE_ERROR_CORRUPT
 *   naming SQLite's first finding
 */
gboolean
yc_database_check_integrity (YcDatabase  *self,
                             gboolean     quick,
                             GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  g_autofree char *finding = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (YC_IS_DATABASE (self), FALSE);

  statement = yc_database_prepare (self,
                                   quick ? "PRAGMA quick_check(1)" : "PRAGMA integrity_check(1)",
                                   error);
  if (statement == NULL || yc_database_step (self, statement, error) != SQLITE_ROW)
    return FALSE;

  finding = yc_statement_dup_text (statement, 0);
  if (g_strcmp0 (finding, "ok") == 0)
    return TRUE;

  detail = g_strdup_printf ("SQLite %s: %s", quick ? "quick_check" : "integrity_check",
                            finding != NULL ? finding : "?");
  yc_store_set_error (error, YC_STORE_ERROR_CORRUPT, self->path, detail);
  return FALSE;
}

void
yc_statement_release (YcStatement *statement)
{
  if (statement == NULL)
    return;
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
}

/* Returns: (nullable) (transfer none): the column as UTF-8, valid until the next step */
const char *
yc_statement_get_text (YcStatement *statement,
                       int          column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

char *
yc_statement_dup_text (YcStatement *statement,
                       int          column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}
