/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "yc-store-error-private.h"

G_DEFINE_QUARK (yc-store-error-quark, yc_store_error)

YcStoreError
yc_store_error_code_from_sqlite (int sqlite_code)
{
  /* Extended result codes carry the primary code in their low byte. */
  switch (sqlite_code & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return YC_STORE_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return YC_STORE_ERROR_LOCKED;
    case SQLITE_READONLY:
      return YC_STORE_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return YC_STORE_ERROR_PERMISSION;
    case SQLITE_FULL:
      return YC_STORE_ERROR_FULL;
    case SQLITE_IOERR:
      return YC_STORE_ERROR_IO;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return YC_STORE_ERROR_INVALID;
    default:
      return YC_STORE_ERROR_FAILED;
    }
}

YcStoreError
yc_store_error_code_from_errno (int errsv)
{
  switch (errsv)
    {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
      return YC_STORE_ERROR_FULL;
    case EROFS:
      return YC_STORE_ERROR_READ_ONLY;
    case EACCES:
    case EPERM:
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
      return YC_STORE_ERROR_PERMISSION;
    case EIO:
      return YC_STORE_ERROR_IO;
    default:
      return YC_STORE_ERROR_FAILED;
    }
}

/* What the clerk reads first; @path names the file for the administrator. */
static char *
message_for_code (YcStoreError  code,
                  const char   *path)
{
  switch (code)
    {
    case YC_STORE_ERROR_CORRUPT:
      return g_strdup_printf (_("The local data file %s is damaged. It has not been changed "
                                "or deleted. Stop accepting cases at this window and call the "
                                "administrator to restore it from the backup."), path);
    case YC_STORE_ERROR_LOCKED:
      return g_strdup (_("The local database is in use by another program. Wait a moment "
                         "and try again; nothing has been lost."));
    case YC_STORE_ERROR_READ_ONLY:
      return g_strdup_printf (_("The local data file %s cannot be written (read-only). Ask "
                                "the administrator to check the data folder; data already "
                                "saved is not affected."), path);
    case YC_STORE_ERROR_PERMISSION:
      return g_strdup_printf (_("The local data file %s cannot be opened: access denied or "
                                "the folder is missing. Ask the administrator to check the "
                                "data folder."), path);
    case YC_STORE_ERROR_FULL:
      return g_strdup (_("The local disk is full and nothing could be saved. Free some disk "
                         "space and try again; data already saved is not affected."));
    case YC_STORE_ERROR_IO:
      return g_strdup_printf (_("The disk reported an error while using %s. Try again; if it "
                                "happens again, call the administrator. Data already saved "
                                "is not affected."), path);
    case YC_STORE_ERROR_FAILED:
    case YC_STORE_ERROR_TOO_NEW:
    case YC_STORE_ERROR_NOT_FOUND:
    case YC_STORE_ERROR_NOT_ENROLLED:
    case YC_STORE_ERROR_CONFLICT:
    case YC_STORE_ERROR_INVALID:
    case YC_STORE_ERROR_LEGACY:
    default:
      return g_strdup_printf (_("The local data file %s could not be used. Try again; if it "
                                "happens again, call the administrator."), path);
    }
}

/**
 * yc_store_set_error:
 * @path: the file concerned, named in the message
 * @detail: (nullable): the technical detail for the administrator
 */
void
yc_store_set_error (GError       **error,
                    YcStoreError   code,
                    const char    *path,
                    const char    *detail)
{
  g_autofree char *message = message_for_code (code, path);

  if (detail != NULL)
    g_set_error (error, YC_STORE_ERROR, code, "%s (%s)", message, detail);
  else
    g_set_error_literal (error, YC_STORE_ERROR, code, message);
}

/* access() reports EROFS for a read-only mount even to root, for whom permissions are
 * no obstacle. */
static gboolean
is_on_read_only_disk (const char *path)
{
  g_autofree char *directory = NULL;

  if (path == NULL)
    return FALSE;
  if (access (path, W_OK) != 0 && errno == EROFS)
    return TRUE;
  directory = g_path_get_dirname (path);
  return access (directory, W_OK) != 0 && errno == EROFS;
}

/**
 * yc_store_set_error_from_sqlite:
 * @db: (nullable): the connection, for its error message
 * @sqlite_code: the (extended) result code
 * @path: the database file, named in the message
 */
void
yc_store_set_error_from_sqlite (GError     **error,
                                sqlite3     *db,
                                int          sqlite_code,
                                const char  *path)
{
  YcStoreError code = yc_store_error_code_from_sqlite (sqlite_code);
  g_autofree char *detail = NULL;

  /* SQLite says only "unable to open" or "disk I/O error": tell the clerk whether the
   * disk is full or read-only, which they can act on (or have acted on). */
  if (code == YC_STORE_ERROR_PERMISSION || code == YC_STORE_ERROR_IO)
    {
      int errsv = db != NULL ? sqlite3_system_errno (db) : 0;

      if (errsv == ENOSPC)
        code = YC_STORE_ERROR_FULL;
      else if (errsv == EROFS || is_on_read_only_disk (path))
        code = YC_STORE_ERROR_READ_ONLY;
    }

  detail = g_strdup_printf ("SQLite: %s",
                            db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (sqlite_code));
  yc_store_set_error (error, code, path, detail);
}

void
yc_store_set_error_from_errno (GError     **error,
                               int          errsv,
                               const char  *path)
{
  yc_store_set_error (error, yc_store_error_code_from_errno (errsv), path, g_strerror (errsv));
}
