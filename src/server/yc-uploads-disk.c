/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yc-backoffice-private.h"

/*
 * The disk side of uploads (the protocol is yc-uploads.c): directories that survive a crash
 * once made, abandoned uploads expired rows first and files second, and the partial files a
 * crash left behind removed when the back office starts.  Together they keep one rule: an
 * upload's row never names bytes that are not on disk.
 */

gboolean
yc_backoffice_fsync_directory (const char  *path,
                               GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                                      _("The material file %s could not be stored: %s"),
                                      path, g_strerror (saved_errno));
    }
  close (fd);
  return TRUE;
}

/* Makes @path a directory if it is not one, and syncs it and its parent, which holds its
 * name: otherwise a crash could lose the directory together with the files later written
 * and synced into it.  Synced at every start, not only when new, because a crash may have
 * come right after an earlier start created it.  @sync_parent FALSE: the parent is not ours
 * (the data directory's), synced only when this call created the directory. */
static gboolean
ensure_directory (const char  *path,
                  gboolean     sync_parent,
                  GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir (path, 0700) == 0)
    sync_parent = TRUE;
  else if (errno != EEXIST || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = errno;
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                                      _("Cannot create the data directory %s: %s"),
                                      path, g_strerror (saved_errno));
    }
  return yc_backoffice_fsync_directory (path, error)
      && (!sync_parent || yc_backoffice_fsync_directory (parent, error));
}

/**
 * yc_backoffice_uploads_prepare_directories:
 *
 * Creates the data directory, blobs/ and blobs/partial/ where missing and syncs them, each
 * with the directory that holds its name.  Called when the back office is opened.
 */
gboolean
yc_backoffice_uploads_prepare_directories (YcBackoffice  *self,
                                           GError       **error)
{
  g_autofree char *parent = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  /* Above the data directory nothing is ours to sync: only create what is missing. */
  parent = g_path_get_dirname (self->data_dir);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved_errno = errno;
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                                      _("Cannot create the data directory %s: %s"),
                                      parent, g_strerror (saved_errno));
    }
  return ensure_directory (self->data_dir, FALSE, error)
      && ensure_directory (self->blobs_dir, TRUE, error)
      && ensure_directory (self->partial_dir, TRUE, error);
}

/* Marks @id as having an append running; FALSE when one already is. */
gboolean
yc_backoffice_upload_claim (YcBackoffice *self,
                            const char   *id)
{
  gboolean busy;

  g_mutex_lock (&self->lock);
  busy = g_hash_table_contains (self->uploads_busy, id);
  if (!busy)
    g_hash_table_add (self->uploads_busy, g_strdup (id));
  g_mutex_unlock (&self->lock);
  return !busy;
}

void
yc_backoffice_upload_release (YcBackoffice *self,
                              const char   *id)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->uploads_busy, id);
  g_mutex_unlock (&self->lock);
}

/**
 * yc_backoffice_expire_uploads:
 * @older_than: uploads untouched this long go (their partial files with them)
 *
 * The rows go first, in one committed transaction; only then their partial files.  A crash
 * in between leaves files that no row names, which yc_backoffice_uploads_recover() removes;
 * never a row naming a file that is gone.  An upload with an append running is left for the
 * next run, and no append can start on an upload while it expires (it is claimed as busy).
 *
 * Returns: how many uploads expired.
 */
guint
yc_backoffice_expire_uploads (YcBackoffice *self,
                              GTimeSpan     older_than)
{
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GPtrArray) claimed = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint expired = 0;
  gboolean committed = FALSE;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), 0);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    goto fail;
  uploads = yc_backoffice_storage_uploads_older (self->storage,
                                                 yc_backoffice_now_unix (self) - older_than / G_TIME_SPAN_SECOND,
                                                 &error);
  if (uploads == NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      goto fail;
    }
  for (guint i = 0; i < uploads->len; i++)
    {
      const YcStorageUpload *upload = g_ptr_array_index (uploads, i);

      if (!yc_backoffice_upload_claim (self, upload->id))
        continue;
      g_ptr_array_add (claimed, (gpointer) upload);
      if (!yc_backoffice_storage_upload_delete (self->storage, upload->id, &error))
        {
          yc_backoffice_storage_rollback (self->storage);
          goto fail;
        }
    }
  if (!yc_backoffice_storage_commit (self->storage, &error))
    goto fail;
  committed = TRUE;

  for (guint i = 0; i < claimed->len; i++)
    {
      const YcStorageUpload *upload = g_ptr_array_index (claimed, i);

      if (!upload->complete)
        {
          g_autofree char *partial = g_build_filename (self->partial_dir, upload->id, NULL);

          if (g_unlink (partial) != 0 && errno != ENOENT)
            g_message ("Removing the partial file %s failed: %s; it is removed at the next start",
                       partial, g_strerror (errno));
          expired++;
        }
      yc_backoffice_upload_release (self, upload->id);
    }
  if (expired > 0)
    g_info ("%u abandoned uploads expired", expired);
  return expired;

fail:
  for (guint i = 0; !committed && i < claimed->len; i++)
    yc_backoffice_upload_release (self, ((const YcStorageUpload *) g_ptr_array_index (claimed, i))->id);
  g_message ("Expiring uploads failed: %s", error->message);
  return 0;
}

/**
 * yc_backoffice_uploads_recover:
 *
 * Removes the partial files that no upload in progress names: those of uploads that expired
 * or completed while the server crashed before it removed or renamed them.  The directory is
 * listed before the rows are read, and an upload's row is committed before its first byte is
 * written (an upload created with its data has its id claimed instead, until its row is
 * committed), so a file being written by a running server is never taken for an orphan.
 *
 * Returns: how many files were removed, or -1 with @error.
 */
gint
yc_backoffice_uploads_recover (YcBackoffice  *self,
                               GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;
  gint removed = 0;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), -1);

  dir = g_dir_open (self->partial_dir, 0, &local_error);
  if (dir == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                               _("The upload directory %s cannot be read: %s"),
                               self->partial_dir, local_error->message);
      return -1;
    }
  /* Only names this code gives: anything else in the directory is not ours to remove. */
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_uuid_string_is_valid (name))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    return 0;

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return -1;
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(YcStorageUpload) upload = yc_backoffice_storage_upload_get (self->storage,
                                                                            g_ptr_array_index (names, i),
                                                                            &local_error);
      if (local_error != NULL)
        {
          yc_backoffice_storage_rollback (self->storage);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      if (upload == NULL || upload->complete)
        g_ptr_array_add (orphans, g_ptr_array_index (names, i));
    }
  yc_backoffice_storage_rollback (self->storage);

  for (guint i = 0; i < orphans->len; i++)
    {
      const char *id = g_ptr_array_index (orphans, i);
      g_autofree char *partial = g_build_filename (self->partial_dir, id, NULL);

      /* An append claims its upload before it writes: leave a file being written alone. */
      if (!yc_backoffice_upload_claim (self, id))
        continue;
      if (g_unlink (partial) == 0)
        removed++;
      else if (errno != ENOENT)
        g_message ("Removing the orphaned partial file %s failed: %s", partial, g_strerror (errno));
      yc_backoffice_upload_release (self, id);
    }
  if (removed > 0)
    g_info ("%d orphaned partial uploads removed", removed);
  return removed;
}
