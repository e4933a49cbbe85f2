/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "yc-store-error-private.h"
#include "yc-store-fs-private.h"

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
