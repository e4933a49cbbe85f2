/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "yc-test-cli.h"

static const char *executable;

void
yc_test_cli_init (int    argc,
                  char **argv)
{
  executable = argc > 1 ? argv[1] : g_getenv ("YC_BACKOFFICE_EXE");
  if (executable == NULL)
    g_error ("give the path of yichuang-backoffice as the first argument");
}

const char *
yc_test_cli_executable (void)
{
  return executable;
}

void
yc_test_cli_result_free (YcCliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

GSubprocessLauncher *
yc_test_cli_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* English messages, whatever the developer's locale. */
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_unsetenv (launcher, "STATE_DIRECTORY");
  return launcher;
}

/* Runs the CLI with @input on standard input (an empty one when NULL). */
YcCliResult *
yc_test_cli_run (const char *input,
                 ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  YcCliResult *result = g_new0 (YcCliResult, 1);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) executable);
  /* A configuration file on the machine must not leak into the test. */
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, "/dev/null");
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = yc_test_cli_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                   G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
  return result;
}

char *
yc_test_cli_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yc-backoffice-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
yc_test_cli_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      yc_test_cli_remove_tree (child);
    }
  g_rmdir (path);
}

YcBackoffice *
yc_test_cli_open_backoffice (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new_default (&error);
  YcBackoffice *backoffice;

  g_assert_no_error (error);
  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (backoffice, &error);
  g_assert_no_error (error);
  return backoffice;
}

gboolean
yc_test_cli_can_sign_in (const char *data_dir,
                         const char *username,
                         const char *password)
{
  g_autoptr(YcBackoffice) backoffice = yc_test_cli_open_backoffice (data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = yc_backoffice_sign_in (backoffice, username, password, "127.0.0.1", NULL, NULL, &error);
  if (token == NULL)
    g_test_message ("sign-in of %s: %s", username, error->message);
  return token != NULL;
}

/* A data directory set up by `init` with the administrator "boss". */
char *
yc_test_cli_init_data_dir (char **out_parent)
{
  g_autofree char *parent = yc_test_cli_make_temp_dir ();
  char *data_dir = g_build_filename (parent, "data", NULL);
  g_autoptr(YcCliResult) result = NULL;

  result = yc_test_cli_run ("boss-password-1\n", "--data-dir", data_dir, "init", "--admin-user", "boss", NULL);
  g_assert_cmpint (result->status, ==, 0);
  *out_parent = g_steal_pointer (&parent);
  return data_dir;
}
