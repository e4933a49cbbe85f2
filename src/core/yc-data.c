/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-data"

#include "config.h"

#include "yc-data.h"

/**
 * yc_data_find:
 * @relative_path: a path below the data directory, such as `catalog/catalog.json`
 *
 * Finds shipped data.  `$YC_DATADIR` wins (administrators and tests point it elsewhere),
 * then the installed data directory, then the source tree's `data/` so that an uninstalled
 * build runs as it is.
 *
 * Returns: (transfer full): the first existing candidate, or the installed location
 *   when none exists (so that the caller's error names where the file belongs)
 */
GFile *
yc_data_find (const char *relative_path)
{
  const char *candidates[3];
  guint n = 0;

  g_return_val_if_fail (relative_path != NULL, NULL);

  if (g_getenv ("YC_DATADIR") != NULL)
    candidates[n++] = g_getenv ("YC_DATADIR");
  candidates[n++] = PKGDATADIR;
  candidates[n++] = YC_SOURCE_DATADIR;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (candidates[i], relative_path, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_file_new_for_path (path);
    }

  return g_file_new_build_filename (PKGDATADIR, relative_path, NULL);
}
