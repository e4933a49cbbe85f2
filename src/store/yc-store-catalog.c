/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"
#include "yc-sha256.h"

/*
 * Catalog versions are kept as the canonical bytes of yc_catalog_to_bytes(), so what was
 * imported is exactly what is loaded again, and a case's catalog_version can always be
 * looked up.  At most one version is current (a partial unique index enforces it).
 */

static gboolean
make_current (YcDatabase  *database,
              const char  *version,
              GError     **error)
{
  g_autoptr(YcStatement) clear = NULL;
  g_autoptr(YcStatement) set = NULL;

  clear = yc_database_prepare (database,
                               "UPDATE catalog_versions SET is_current = 0 WHERE is_current = 1",
                               error);
  if (clear == NULL || !yc_database_step_done (database, clear, error))
    return FALSE;

  set = yc_database_prepare (database,
                             "UPDATE catalog_versions SET is_current = 1 WHERE version = ?",
                             error);
  if (set == NULL)
    return FALSE;
  sqlite3_bind_text (set, 1, version, -1, SQLITE_STATIC);
  return yc_database_step_done (database, set, error);
}

static gboolean
import_in_transaction (YcDatabase  *database,
                       const char  *version,
                       GBytes      *content,
                       const char  *sha256,
                       GError     **error)
{
  g_autoptr(YcStatement) lookup = NULL;
  g_autoptr(YcStatement) insert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *imported_at = yc_store_format_time (now);
  gsize size;
  gconstpointer data;
  int rc;

  lookup = yc_database_prepare (database,
                                "SELECT sha256, is_current FROM catalog_versions WHERE version = ?",
                                error);
  if (lookup == NULL)
    return FALSE;
  sqlite3_bind_text (lookup, 1, version, -1, SQLITE_STATIC);
  rc = yc_database_step (database, lookup, error);
  if (rc < 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    {
      /* The same version again: nothing to do, or bring it back as the current one. */
      if (g_strcmp0 (yc_statement_get_text (lookup, 0), sha256) != 0)
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                       _("Catalog version %s is already stored with different content. "
                         "Give the changed catalog a new version number and import it again."),
                       version);
          return FALSE;
        }
      if (sqlite3_column_int (lookup, 1) == 1)
        return TRUE;
      return make_current (database, version, error);
    }

  insert = yc_database_prepare (database,
                                "INSERT INTO catalog_versions (version, content, sha256, "
                                "imported_at, is_current) VALUES (?, ?, ?, ?, 0)",
                                error);
  if (insert == NULL)
    return FALSE;
  data = g_bytes_get_data (content, &size);
  sqlite3_bind_text (insert, 1, version, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (insert, 2, data, size, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, imported_at, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, insert, error))
    return FALSE;

  return make_current (database, version, error);
}

/**
 * yc_store_import_catalog:
 *
 * Stores @catalog and makes it the current one, in one transaction.  Importing a version
 * that is already stored with the same content changes nothing (or makes it current
 * again); the same version with other content fails with %YC_STORE_ERROR_CONFLICT.
 */
gboolean
yc_store_import_catalog (YcStore    *self,
                         YcCatalog  *catalog,
                         GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *sha256 = NULL;
  const char *version;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (YC_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  version = yc_catalog_get_version (catalog);
  content = yc_catalog_to_bytes (catalog);
  sha256 = yc_sha256_hex_for_bytes (content);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!import_in_transaction (database, version, content, sha256, error) ||
      !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_load_catalog:
 *
 * Returns: (transfer full): the current catalog, or %NULL (%YC_STORE_ERROR_NOT_FOUND when
 *   none was imported yet)
 */
YcCatalog *
yc_store_load_catalog (YcStore  *self,
                       GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *name = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT version, content FROM catalog_versions "
                                   "WHERE is_current = 1",
                                   error);
  if (statement == NULL)
    return NULL;
  rc = yc_database_step (database, statement, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                           _("No service catalog has been imported on this computer yet. "
                             "Ask the administrator to import one."));
      return NULL;
    }

  name = g_strdup_printf ("%s (catalog %s)", yc_database_get_path (database),
                          yc_statement_get_text (statement, 0));
  content = g_bytes_new (sqlite3_column_blob (statement, 1), sqlite3_column_bytes (statement, 1));

  /* Parsing needs no lock; the bytes are our own copy. */
  yc_statement_release (g_steal_pointer (&statement));
  g_clear_pointer (&locker, g_mutex_locker_free);
  return yc_catalog_load_bytes (content, name, error);
}

static gpointer
import_catalog_job (YcStore   *self,
                    gpointer   data,
                    GError   **error)
{
  return yc_store_import_catalog (self, data, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_import_catalog_async (YcStore             *self,
                               YcCatalog           *catalog,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_CATALOG (catalog));

  /* A catalog is immutable once loaded, so the writer thread may share it. */
  yc_store_queue_job (self, import_catalog_job, g_object_ref (catalog), g_object_unref, NULL,
                      yc_store_import_catalog_async, cancellable, callback, user_data);
}

gboolean
yc_store_import_catalog_finish (YcStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_import_catalog_async, error) != NULL;
}

static gpointer
load_catalog_job (YcStore   *self,
                  gpointer   data,
                  GError   **error)
{
  return yc_store_load_catalog (self, error);
}

void
yc_store_load_catalog_async (YcStore             *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, load_catalog_job, NULL, NULL, g_object_unref,
                      yc_store_load_catalog_async, cancellable, callback, user_data);
}

/**
 * yc_store_load_catalog_finish:
 *
 * Returns: (transfer full): the current catalog, or %NULL
 */
YcCatalog *
yc_store_load_catalog_finish (YcStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_load_catalog_async, error);
}
