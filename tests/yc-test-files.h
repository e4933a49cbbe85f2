/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Temporary directories of tests: made fresh, removed whole. */

#include <glib.h>
#include <glib/gstdio.h>

static inline char *
yc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("yc-store-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

/* Removes @path and, for a directory, what is below it; links are removed, not followed. */
static inline void
yc_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          yc_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
