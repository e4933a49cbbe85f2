/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "yc-blob-store.h"
#include "yc-store-error-private.h"
#include "yc-store-fs-private.h"
#include "yc-sha256.h"

#define CHUNK_SIZE (64 * 1024)

struct _YcBlobStore
{
  GObject  parent_instance;

  char    *directory;
  char    *staging;
  gboolean read_only;
};

G_DEFINE_FINAL_TYPE (YcBlobStore, yc_blob_store, G_TYPE_OBJECT)

static void
yc_blob_store_finalize (GObject *object)
{
  YcBlobStore *self = (YcBlobStore *)object;

  g_free (self->directory);
  g_free (self->staging);

  G_OBJECT_CLASS (yc_blob_store_parent_class)->finalize (object);
}

static void
yc_blob_store_class_init (YcBlobStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_blob_store_finalize;
}

static void
yc_blob_store_init (YcBlobStore *self)
{
}

static gboolean
fail_errno (int          errsv,
            const char  *path,
            GError     **error)
{
  yc_store_set_error_from_errno (error, errsv, path);
  return FALSE;
}

static YcStoreError
code_from_file_error (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_NOSPC:
      return YC_STORE_ERROR_FULL;
    case G_FILE_ERROR_ROFS:
      return YC_STORE_ERROR_READ_ONLY;
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
    case G_FILE_ERROR_ISDIR:
      return YC_STORE_ERROR_PERMISSION;
    case G_FILE_ERROR_IO:
      return YC_STORE_ERROR_IO;
    default:
      return YC_STORE_ERROR_FAILED;
    }
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length,
           const char   *path,
           GError      **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return fail_errno (errno, path, error);
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

/* Makes the file's content durable and reports a failed close (NFS, quota). */
static gboolean
sync_and_close (int          fd,
                const char  *path,
                GError     **error)
{
  int errsv;

  if (fsync (fd) != 0)
    {
      errsv = errno;
      close (fd);
      return fail_errno (errsv, path, error);
    }
  if (close (fd) != 0)
    return fail_errno (errno, path, error);
  return TRUE;
}

static char *
hash_file (const char  *path,
           goffset     *out_size,
           GError     **error)
{
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  goffset size = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      fail_errno (errno, path, error);
      return NULL;
    }

  for (;;)
    {
      gssize n = read (fd, buffer, CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          close (fd);
          fail_errno (errsv, path, error);
          return NULL;
        }
      if (n == 0)
        break;
      yc_sha256_update (checksum, buffer, n);
      size += n;
    }
  close (fd);

  if (out_size != NULL)
    *out_size = size;
  return yc_sha256_get_hex (checksum);
}

/* An existing blob counts only if its content really has that hash. */
static gboolean
has_valid_blob (YcBlobStore *self,
                const char  *sha256)
{
  g_autofree char *path = yc_blob_store_get_path (self, sha256);
  g_autofree char *actual = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  actual = hash_file (path, NULL, NULL);
  if (g_strcmp0 (actual, sha256) != 0)
    {
      g_message ("Blob %s is damaged (content hashes to %s); replacing it", path,
                 actual ? actual : "nothing");
      return FALSE;
    }
  return TRUE;
}

/*
 * An existing blob may have been renamed into place by a put that crashed before the
 * fsyncs of its directories, so its name (or its content) may still be only in the page
 * cache: a put that finds it must make it durable just like a new one.
 */
static gboolean
sync_existing (YcBlobStore  *self,
               const char   *sha256,
               GError      **error)
{
  g_autofree char *path = yc_blob_store_get_path (self, sha256);
  g_autofree char *directory = g_path_get_dirname (path);
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return fail_errno (errno, path, error);
  return sync_and_close (fd, path, error) &&
         yc_store_fs_sync_directory (directory, error) &&
         yc_store_fs_sync_directory (self->directory, error);
}

static int
open_staging (YcBlobStore  *self,
              char        **out_path,
              GError      **error)
{
  g_autofree char *path = g_build_filename (self->staging, "blob-XXXXXX", NULL);
  int fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      fail_errno (errno, path, error);
      return -1;
    }
  *out_path = g_steal_pointer (&path);
  return fd;
}

/* Moves a complete, fsynced staging file to its content address. */
static gboolean
publish (YcBlobStore  *self,
         const char   *staging_path,
         const char   *sha256,
         GError      **error)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *directory = g_build_filename (self->directory, prefix, NULL);
  g_autofree char *path = g_build_filename (directory, sha256, NULL);

  if (!yc_store_fs_make_directory (directory, error))
    return FALSE;

  if (g_rename (staging_path, path) != 0)
    return fail_errno (errno, path, error);

  return yc_store_fs_sync_directory (directory, error);
}

/**
 * yc_blob_store_new:
 * @directory: the blob directory (created if missing)
 *
 * Files left in the staging directory by a crash are incomplete by definition (a blob
 * leaves staging only by its rename) and are removed.
 *
 * Returns: (transfer full): the blob store, or %NULL
 */
YcBlobStore *
yc_blob_store_new (const char  *directory,
                   GError     **error)
{
  g_autoptr(YcBlobStore) self = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (YC_TYPE_BLOB_STORE, NULL);
  self->directory = g_strdup (directory);
  self->staging = g_build_filename (directory, ".staging", NULL);

  if (!yc_store_fs_make_directory (self->staging, error))
    return NULL;

  dir = g_dir_open (self->staging, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->staging, name, NULL);
      if (g_unlink (path) != 0)
        g_message ("Could not remove the incomplete file %s: %s", path, g_strerror (errno));
    }

  return g_steal_pointer (&self);
}

/**
 * yc_blob_store_new_read_only:
 *
 * For inspecting a store without writing to it: nothing is created or cleaned up, and
 * puts fail with %YC_STORE_ERROR_READ_ONLY.
 *
 * Returns: (transfer full): the blob store
 */
YcBlobStore *
yc_blob_store_new_read_only (const char *directory)
{
  YcBlobStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (YC_TYPE_BLOB_STORE, NULL);
  self->directory = g_strdup (directory);
  self->staging = g_build_filename (directory, ".staging", NULL);
  self->read_only = TRUE;
  return self;
}

static gboolean
check_writable (YcBlobStore  *self,
                GError      **error)
{
  if (self->read_only)
    {
      yc_store_set_error (error, YC_STORE_ERROR_READ_ONLY, self->directory,
                          _("this program opened the data folder for reading only"));
      return FALSE;
    }
  return TRUE;
}

const char *
yc_blob_store_get_directory (YcBlobStore *self)
{
  g_return_val_if_fail (YC_IS_BLOB_STORE (self), NULL);
  return self->directory;
}

gboolean
yc_blob_store_is_valid_hash (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (const char *p = sha256; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/**
 * yc_blob_store_get_path:
 *
 * Returns: (transfer full): where the blob lives (whether or not it exists)
 */
char *
yc_blob_store_get_path (YcBlobStore *self,
                        const char  *sha256)
{
  char prefix[3];

  g_return_val_if_fail (YC_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (yc_blob_store_is_valid_hash (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (self->directory, prefix, sha256, NULL);
}

gboolean
yc_blob_store_contains (YcBlobStore *self,
                        const char  *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (YC_IS_BLOB_STORE (self), FALSE);

  if (!yc_blob_store_is_valid_hash (sha256))
    return FALSE;
  path = yc_blob_store_get_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/**
 * yc_blob_store_put_bytes:
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of @bytes, once the blob is durable
 */
char *
yc_blob_store_put_bytes (YcBlobStore  *self,
                         GBytes       *bytes,
                         GError      **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *staging_path = NULL;
  gconstpointer data;
  gsize length;
  int fd;

  g_return_val_if_fail (YC_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_writable (self, error))
    return NULL;

  sha256 = yc_sha256_hex_for_bytes (bytes);
  if (has_valid_blob (self, sha256))
    return sync_existing (self, sha256, error) ? g_steal_pointer (&sha256) : NULL;

  fd = open_staging (self, &staging_path, error);
  if (fd < 0)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (!write_all (fd, data, length, staging_path, error))
    {
      close (fd);
      g_unlink (staging_path);
      return NULL;
    }

  if (!sync_and_close (fd, staging_path, error) ||
      !publish (self, staging_path, sha256, error))
    {
      g_unlink (staging_path);
      return NULL;
    }

  return g_steal_pointer (&sha256);
}

/**
 * yc_blob_store_put_file:
 * @file: a file to copy in, streamed (scans can be large)
 * @out_size: (out) (optional): its size in bytes
 *
 * Returns: (transfer full): the lowercase hex SHA-256 of the content, once durable
 */
char *
yc_blob_store_put_file (YcBlobStore   *self,
                        GFile         *file,
                        goffset       *out_size,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (CHUNK_SIZE);
  g_autofree char *staging_path = NULL;
  g_autofree char *sha256 = NULL;
  goffset size = 0;
  int fd;

  g_return_val_if_fail (YC_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_writable (self, error))
    return NULL;

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;

  fd = open_staging (self, &staging_path, error);
  if (fd < 0)
    return NULL;

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer, CHUNK_SIZE,
                                      cancellable, error);
      if (n < 0 || (n > 0 && !write_all (fd, buffer, n, staging_path, error)))
        {
          close (fd);
          g_unlink (staging_path);
          return NULL;
        }
      if (n == 0)
        break;
      yc_sha256_update (checksum, buffer, n);
      size += n;
    }

  if (!sync_and_close (fd, staging_path, error))
    {
      g_unlink (staging_path);
      return NULL;
    }

  sha256 = yc_sha256_get_hex (checksum);
  if (has_valid_blob (self, sha256))
    {
      g_unlink (staging_path);
      if (!sync_existing (self, sha256, error))
        return NULL;
    }
  else if (!publish (self, staging_path, sha256, error))
    {
      g_unlink (staging_path);
      return NULL;
    }

  if (out_size != NULL)
    *out_size = size;
  return g_steal_pointer (&sha256);
}

/**
 * yc_blob_store_read:
 *
 * Returns: (transfer full): the blob's content, or %NULL: %YC_STORE_ERROR_NOT_FOUND when
 *   it is missing, %YC_STORE_ERROR_CORRUPT when its content no longer has its hash
 */
GBytes *
yc_blob_store_read (YcBlobStore  *self,
                    const char   *sha256,
                    GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (YC_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!yc_blob_store_is_valid_hash (sha256))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("“%s” is not the name of a scanned file (a SHA-256 in lowercase "
                     "hexadecimal). Report this to the administrator."),
                   sha256 != NULL ? sha256 : "");
      return NULL;
    }

  path = yc_blob_store_get_path (self, sha256);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                     _("The scanned file %s is missing on this computer. Scan the material "
                       "again or ask the administrator to restore the file."), path);
      else
        yc_store_set_error (error, code_from_file_error (local_error->code), path,
                            local_error->message);
      return NULL;
    }

  actual = yc_sha256_hex_for_data (contents, length);
  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT,
                   _("The scanned file %s is damaged: its content has changed since it was "
                     "stored. Scan the material again or ask the administrator to restore "
                     "the file. (content hashes to %s)"), path, actual);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
