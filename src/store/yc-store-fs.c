/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "yc-store-error-private.h"
#include "yc-store-fs-private.h"
#include "yc-store.h"

/* A new or renamed entry is only durable once its directory is fsynced. */
gboolean
yc_store_fs_sync_directory (const char  *path,
                            GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int errsv;

  if (fd < 0)
    {
      yc_store_set_error_from_errno (error, errno, path);
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      errsv = errno;
      close (fd);
      yc_store_set_error_from_errno (error, errsv, path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * yc_store_fs_make_directory:
 *
 * Like g_mkdir_with_parents() (mode 0700), and each directory it creates is made durable
 * by fsyncing its parent, so a store created just before a power cut is still found.
 */
gboolean
yc_store_fs_make_directory (const char  *path,
                            GError     **error)
{
  g_autofree char *parent = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;

  parent = g_path_get_dirname (path);
  if (!g_str_equal (parent, path) && !yc_store_fs_make_directory (parent, error))
    return FALSE;

  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      yc_store_set_error_from_errno (error, errno, path);
      return FALSE;
    }
  return yc_store_fs_sync_directory (parent, error);
}

/**
 * yc_store_fs_lock_directory:
 * @directory: an existing store directory
 *
 * Takes the store's lock: an exclusive flock() on @directory/yichuang.lock, held until the
 * returned descriptor is closed (by the kernel, too, when the process dies).  flock()
 * locks belong to the open file description, so a second open in the same process is
 * refused like one in another process.  The descriptor is close-on-exec, so programs the
 * holder starts do not keep the lock after it exits.
 *
 * Returns: the descriptor holding the lock, or -1: %YC_STORE_ERROR_LOCKED when another
 *   program (or another open in this one) holds it
 */
int
yc_store_fs_lock_directory (const char  *directory,
                            GError     **error)
{
  g_autofree char *path = g_build_filename (directory, YC_STORE_LOCK_NAME, NULL);
  int fd;
  int errsv;

  /* Read-only is enough for flock(), and opens an existing lock file on a read-only disk,
   * so that such a store fails later with the database's own, clearer, error. */
  fd = open (path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      yc_store_set_error_from_errno (error, errno, path);
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      errsv = errno;
      if (errsv == EINTR)
        continue;
      close (fd);
      if (errsv == EWOULDBLOCK)
        g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED,
                     _("The data folder %s is already being used by another Yichuang program "
                       "on this computer. Close the other Yichuang window, or ask the "
                       "administrator which program uses it; nothing has been lost."),
                     directory);
      else
        yc_store_set_error_from_errno (error, errsv, path);
      return -1;
    }

  return fd;
}
