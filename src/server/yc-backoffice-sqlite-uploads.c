/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end: tus-style uploads and the blobs they complete (yc-uploads.c). */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)
#define DUP(i) yc_backoffice_sqlite_column_dup (s, i)

#define UPLOAD_COLUMNS "id, username, sha256, length, offset, complete, created_at, updated_at"

static YcStorageUpload *
read_upload (sqlite3_stmt *s)
{
  YcStorageUpload *upload = g_new0 (YcStorageUpload, 1);

  upload->id = DUP (0);
  upload->username = DUP (1);
  upload->sha256 = DUP (2);
  upload->length = sqlite3_column_int64 (s, 3);
  upload->offset = sqlite3_column_int64 (s, 4);
  upload->complete = sqlite3_column_int (s, 5) != 0;
  upload->created_at = sqlite3_column_int64 (s, 6);
  upload->updated_at = sqlite3_column_int64 (s, 7);
  return upload;
}

static YcStorageUpload *
sqlite_upload_get (YcBackofficeStorage  *storage,
                   const char           *id,
                   GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT " UPLOAD_COLUMNS " FROM uploads WHERE id = ?1");
  YcStorageUpload *upload;

  if (s == NULL)
    return NULL;
  TEXT (1, id);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  upload = read_upload (s);
  sqlite3_reset (s);
  return upload;
}

static gboolean
sqlite_upload_put (YcBackofficeStorage    *storage,
                   const YcStorageUpload  *upload,
                   GError                **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO uploads (" UPLOAD_COLUMNS ")"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                             " ON CONFLICT (id) DO UPDATE SET offset = excluded.offset,"
                             " complete = excluded.complete, updated_at = excluded.updated_at");

  if (s == NULL)
    return FALSE;
  TEXT (1, upload->id);
  TEXT (2, upload->username);
  TEXT (3, upload->sha256);
  sqlite3_bind_int64 (s, 4, upload->length);
  sqlite3_bind_int64 (s, 5, upload->offset);
  sqlite3_bind_int (s, 6, upload->complete ? 1 : 0);
  sqlite3_bind_int64 (s, 7, upload->created_at);
  sqlite3_bind_int64 (s, 8, upload->updated_at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_upload_delete (YcBackofficeStorage  *storage,
                      const char           *id,
                      GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("DELETE FROM uploads WHERE id = ?1");

  if (s == NULL)
    return FALSE;
  TEXT (1, id);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static GPtrArray *
sqlite_uploads_older (YcBackofficeStorage  *storage,
                      gint64                updated_before,
                      GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT " UPLOAD_COLUMNS " FROM uploads WHERE updated_at < ?1 ORDER BY id");
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_upload_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_int64 (s, 1, updated_before);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (uploads, read_upload (s));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&uploads);
}

static gboolean
sqlite_upload_by_user (YcBackofficeStorage  *storage,
                       const char           *username,
                       const char           *sha256,
                       gboolean             *out_found,
                       GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT 1 FROM uploads WHERE username = ?1 AND sha256 = ?2"
                             " AND complete = 1 LIMIT 1");
  g_autoptr(GError) local_error = NULL;

  *out_found = FALSE;
  if (s == NULL)
    return FALSE;
  TEXT (1, username);
  TEXT (2, sha256);
  *out_found = yc_backoffice_sqlite_step_row (self, s, &local_error);
  sqlite3_reset (s);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_blob_get (YcBackofficeStorage  *storage,
                 const char           *sha256,
                 gint64               *out_length,
                 gboolean             *out_found,
                 GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT length FROM blobs WHERE sha256 = ?1");
  g_autoptr(GError) local_error = NULL;

  *out_found = FALSE;
  if (s == NULL)
    return FALSE;
  TEXT (1, sha256);
  if (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      *out_found = TRUE;
      if (out_length != NULL)
        *out_length = sqlite3_column_int64 (s, 0);
      sqlite3_reset (s);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_blob_put (YcBackofficeStorage  *storage,
                 const char           *sha256,
                 gint64                length,
                 gint64                at,
                 GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT OR IGNORE INTO blobs (sha256, length, stored_at) VALUES (?1, ?2, ?3)");

  if (s == NULL)
    return FALSE;
  TEXT (1, sha256);
  sqlite3_bind_int64 (s, 2, length);
  sqlite3_bind_int64 (s, 3, at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

void
yc_backoffice_sqlite_uploads_init (YcBackofficeStorageInterface *iface)
{
  iface->upload_get = sqlite_upload_get;
  iface->upload_put = sqlite_upload_put;
  iface->upload_delete = sqlite_upload_delete;
  iface->uploads_older = sqlite_uploads_older;
  iface->upload_by_user = sqlite_upload_by_user;
  iface->blob_get = sqlite_blob_get;
  iface->blob_put = sqlite_blob_put;
}
