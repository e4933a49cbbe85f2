/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "yc-backoffice-cli.h"

/* An uninstalled build runs from its build tree and reads the translations compiled there. */
static const char *
find_localedir (void)
{
  const char *env = g_getenv ("YC_LOCALEDIR");
  g_autofree char *exe = NULL;
  g_autofree char *build_root = NULL;
  g_autofree char *prefix = NULL;

  if (env != NULL && *env != '\0')
    return env;

  exe = g_file_read_link ("/proc/self/exe", NULL);
  build_root = g_path_get_dirname (YC_BUILD_LOCALEDIR);
  prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);
  if (exe != NULL && g_str_has_prefix (exe, prefix))
    return YC_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, find_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return yc_backoffice_cli_run (argc, argv);
}
