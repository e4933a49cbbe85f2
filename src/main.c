/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yichuang"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "yc-application.h"

/* An uninstalled build runs from its build tree and reads the translations compiled there. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (YC_BUILD_LOCALEDIR);
  g_autofree char *prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);

  return exe != NULL && g_str_has_prefix (exe, prefix);
}

static const char *
find_localedir (void)
{
  const char *env = g_getenv ("YC_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;
  if (running_uninstalled ())
    return YC_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(YcApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, find_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Yichuang"));

  app = yc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
