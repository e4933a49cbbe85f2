/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * yichuang-backoffice as administrators use it: the real executable (its path is the first
 * argument) run with GSubprocess on a temporary data directory.  What the commands wrote is
 * checked through the back office library on the same directory, once the process is gone:
 * a password the CLI set must sign in, a disabled user must not.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "yc-backoffice.h"

static const char *backoffice_exe;

typedef struct {
  int   status;  /* exit status, or -1 when killed by a signal */
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
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
static Result *
run_cli (const char *input,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Result *result = g_new0 (Result, 1);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) backoffice_exe);
  /* A configuration file on the machine must not leak into the test. */
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, "/dev/null");
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status, result->out, result->err);
  return result;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yc-backoffice-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
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
      remove_tree (child);
    }
  g_rmdir (path);
}

static YcBackoffice *
open_backoffice (const char *data_dir)
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

static gboolean
can_sign_in (const char *data_dir,
             const char *username,
             const char *password)
{
  g_autoptr(YcBackoffice) backoffice = open_backoffice (data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = yc_backoffice_sign_in (backoffice, username, password, "127.0.0.1", NULL, NULL, &error);
  if (token == NULL)
    g_test_message ("sign-in of %s: %s", username, error->message);
  return token != NULL;
}

/* The object for @username in `user list --json`, or NULL. */
static JsonObject *
find_user (JsonNode   *users,
           const char *username)
{
  JsonArray *array = json_node_get_array (users);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *user = json_array_get_object_element (array, i);
      if (g_str_equal (json_object_get_string_member (user, "username"), username))
        return user;
    }
  return NULL;
}

static JsonNode *
list_users (const char *data_dir)
{
  g_autoptr(Result) result = run_cli (NULL, "--data-dir", data_dir, "user", "list", "--json", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_cmpint (result->status, ==, 0);
  node = json_from_string (result->out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return node;
}

/* The password printed by a command that generated one, read from its output. */
static char *
printed_password (const char *out,
                  const char *username)
{
  g_autofree char *pattern = g_strdup_printf ("Password of “%s” [^:]*: ([a-z2-9]{5}(-[a-z2-9]{5}){3})\n", username);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, out, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* A data directory set up by `init` with the administrator "boss". */
static char *
init_data_dir (char **out_parent)
{
  g_autofree char *parent = make_temp_dir ();
  char *data_dir = g_build_filename (parent, "data", NULL);
  g_autoptr(Result) result = NULL;

  result = run_cli ("boss-password-1\n", "--data-dir", data_dir, "init", "--admin-user", "boss", NULL);
  g_assert_cmpint (result->status, ==, 0);
  *out_parent = g_steal_pointer (&parent);
  return data_dir;
}

static void
test_version (void)
{
  g_autoptr(Result) result = run_cli (NULL, "--version", NULL);

  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "yichuang-backoffice " PACKAGE_VERSION "\n");
}

static void
test_usage_errors (void)
{
  g_autoptr(Result) unknown = run_cli (NULL, "frobnicate", NULL);
  g_autoptr(Result) no_sub = run_cli (NULL, "user", NULL);
  g_autoptr(Result) stray = run_cli (NULL, "user", "list", "--role", "clerk", NULL);
  /* There is no way to put a password on the command line. */
  g_autoptr(Result) password = run_cli (NULL, "user", "add", "x", "--role", "admin", "--password", "secret", NULL);
  g_autoptr(Result) no_dir = run_cli (NULL, "user", "list", NULL);

  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "unknown command “frobnicate”"));
  g_assert_cmpint (no_sub->status, ==, 2);
  g_assert_nonnull (strstr (no_sub->err, "“user” needs a subcommand"));
  g_assert_cmpint (stray->status, ==, 2);
  g_assert_nonnull (strstr (stray->err, "--role does not apply to “user list”"));
  g_assert_cmpint (password->status, ==, 2);
  g_assert_nonnull (strstr (password->err, "--password"));
  g_assert_cmpint (no_dir->status, ==, 1);
  g_assert_nonnull (strstr (no_dir->err, "No data directory"));
}

static void
test_init (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autofree char *second_dir = g_build_filename (parent, "second", NULL);
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) generated = NULL;
  g_autoptr(JsonNode) users = list_users (data_dir);
  g_autofree char *password = NULL;
  JsonObject *boss = find_user (users, "boss");

  g_assert_nonnull (boss);
  g_assert_cmpstr (json_object_get_string_member (boss, "role"), ==, "admin");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (users)), ==, 1);
  g_assert_true (can_sign_in (data_dir, "boss", "boss-password-1"));
  g_assert_false (can_sign_in (data_dir, "boss", "boss-password-2"));

  /* A data directory is set up once. */
  again = run_cli ("other-password\n", "--data-dir", data_dir, "init", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already set up"));

  /* Nothing on standard input: a password is generated and shown once. */
  generated = run_cli (NULL, "--data-dir", second_dir, "init", NULL);
  g_assert_cmpint (generated->status, ==, 0);
  password = printed_password (generated->out, "admin");
  g_assert_nonnull (password);
  g_assert_true (can_sign_in (second_dir, "admin", password));
  g_assert_nonnull (strstr (generated->out, "Catalog “"));

  remove_tree (parent);
}

static void
test_users (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autoptr(Result) clerk = NULL;
  g_autoptr(Result) reviewer = NULL;
  g_autoptr(Result) disable = NULL;
  g_autoptr(Result) passwd = NULL;
  g_autoptr(Result) no_hall = NULL;
  g_autoptr(Result) bad_role = NULL;
  g_autoptr(Result) unknown = NULL;
  g_autoptr(Result) text = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autofree char *clerk_password = NULL;
  JsonObject *user;
  JsonArray *departments;

  clerk = run_cli (NULL, "--data-dir", data_dir, "user", "add", "alice", "--role", "clerk",
                   "--hall", "JB01", "--display-name", "张三", NULL);
  g_assert_cmpint (clerk->status, ==, 0);
  clerk_password = printed_password (clerk->out, "alice");
  g_assert_nonnull (clerk_password);

  reviewer = run_cli ("bob-password-1\n", "--data-dir", data_dir, "user", "add", "bob",
                      "--role", "reviewer", "--department", "scjg", "--department", "wj",
                      "--password-stdin", NULL);
  g_assert_cmpint (reviewer->status, ==, 0);
  g_assert_null (strstr (reviewer->out, "bob-password-1"));
  g_assert_null (printed_password (reviewer->out, "bob"));

  users = list_users (data_dir);
  user = find_user (users, "alice");
  g_assert_nonnull (user);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "clerk");
  g_assert_cmpstr (json_object_get_string_member (user, "hall"), ==, "JB01");
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "张三");
  g_assert_false (json_object_get_boolean_member (user, "disabled"));
  user = find_user (users, "bob");
  g_assert_nonnull (user);
  departments = json_object_get_array_member (user, "departments");
  g_assert_cmpuint (json_array_get_length (departments), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (departments, 0), ==, "scjg");
  g_assert_cmpstr (json_array_get_string_element (departments, 1), ==, "wj");

  g_assert_true (can_sign_in (data_dir, "alice", clerk_password));
  g_assert_true (can_sign_in (data_dir, "bob", "bob-password-1"));

  text = run_cli (NULL, "--data-dir", data_dir, "user", "list", NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "alice"));
  g_assert_nonnull (strstr (text->out, "hall JB01"));
  g_assert_nonnull (strstr (text->out, "scjg,wj"));

  /* passwd: the old password stops working, the new one works. */
  passwd = run_cli ("bob-password-2\n", "--data-dir", data_dir, "user", "passwd", "bob", "--password-stdin", NULL);
  g_assert_cmpint (passwd->status, ==, 0);
  g_assert_false (can_sign_in (data_dir, "bob", "bob-password-1"));
  g_assert_true (can_sign_in (data_dir, "bob", "bob-password-2"));

  disable = run_cli (NULL, "--data-dir", data_dir, "user", "disable", "alice", NULL);
  g_assert_cmpint (disable->status, ==, 0);
  g_clear_pointer (&users, json_node_unref);
  users = list_users (data_dir);
  g_assert_true (json_object_get_boolean_member (find_user (users, "alice"), "disabled"));
  g_assert_false (can_sign_in (data_dir, "alice", clerk_password));

  no_hall = run_cli (NULL, "--data-dir", data_dir, "user", "add", "carol", "--role", "clerk", NULL);
  g_assert_cmpint (no_hall->status, ==, 1);
  g_assert_nonnull (strstr (no_hall->err, "--hall"));
  bad_role = run_cli (NULL, "--data-dir", data_dir, "user", "add", "carol", "--role", "boss", NULL);
  g_assert_cmpint (bad_role->status, ==, 1);
  g_assert_nonnull (strstr (bad_role->err, "Unknown role “boss”"));
  unknown = run_cli (NULL, "--data-dir", data_dir, "user", "disable", "nobody", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_cmpstr (unknown->out, ==, "");

  g_clear_pointer (&users, json_node_unref);
  users = list_users (data_dir);
  g_assert_null (find_user (users, "carol"));

  remove_tree (parent);
}

static void
test_windows (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autoptr(Result) enroll = NULL;
  g_autoptr(Result) bad = NULL;
  g_autoptr(Result) list = NULL;
  g_autoptr(JsonNode) windows = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *window;

  enroll = run_cli (NULL, "--data-dir", data_dir, "window", "enroll", "JB01", "W07",
                    "--description", "二楼综合窗口", NULL);
  g_assert_cmpint (enroll->status, ==, 0);
  bad = run_cli (NULL, "--data-dir", data_dir, "window", "enroll", "JB 01", "W08", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_cmpstr (bad->err, !=, "");

  list = run_cli (NULL, "--data-dir", data_dir, "window", "list", "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  windows = json_from_string (list->out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (windows)), ==, 1);
  window = json_array_get_object_element (json_node_get_array (windows), 0);
  g_assert_cmpstr (json_object_get_string_member (window, "hall"), ==, "JB01");
  g_assert_cmpstr (json_object_get_string_member (window, "window"), ==, "W07");
  g_assert_cmpstr (json_object_get_string_member (window, "description"), ==, "二楼综合窗口");

  remove_tree (parent);
}

static char *
catalog_version (const char *data_dir)
{
  g_autoptr(YcBackoffice) backoffice = open_backoffice (data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  char *version = NULL;

  bytes = yc_backoffice_catalog_get (backoffice, &version, &etag, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return version;
}

/* A copy of the shipped catalog under another version, with one item file broken. */
static char *
broken_catalog (const char *parent)
{
  g_autofree char *source = g_build_filename (YC_SOURCE_DATADIR, "catalog", NULL);
  g_autofree char *copy = g_build_filename (parent, "broken-catalog", NULL);
  g_autofree char *command = g_strdup_printf ("cp -r '%s' '%s'", source, copy);
  g_autofree char *manifest = g_build_filename (copy, "catalog.json", NULL);
  g_autofree char *item_file = g_build_filename (copy, "items", "scjg.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) manifest_text = NULL;
  g_autoptr(GString) item_text = NULL;
  int status;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_file_get_contents (manifest, &text, NULL, &error);
  g_assert_no_error (error);
  manifest_text = g_string_new (text);
  g_assert_cmpuint (g_string_replace (manifest_text, "\"version\": \"", "\"version\": \"9", 1), ==, 1);
  g_file_set_contents (manifest, manifest_text->str, -1, &error);
  g_assert_no_error (error);

  g_clear_pointer (&text, g_free);
  g_file_get_contents (item_file, &text, NULL, &error);
  g_assert_no_error (error);
  item_text = g_string_new (text);
  g_assert_cmpuint (g_string_replace (item_text, "\"form\": \"copy\"", "\"form\": \"photocopy\"", 1), ==, 1);
  g_file_set_contents (item_file, item_text->str, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&copy);
}

static void
test_catalog_import (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autofree char *broken = broken_catalog (parent);
  g_autofree char *before = catalog_version (data_dir);
  g_autofree char *after = NULL;
  g_autoptr(Result) refused = NULL;
  g_autoptr(Result) shipped = NULL;

  refused = run_cli (NULL, "--data-dir", data_dir, "catalog", "import", broken, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  /* The message names the file and the field, and says nothing changed. */
  g_assert_nonnull (strstr (refused->err, "nothing was changed"));
  g_assert_nonnull (strstr (refused->err, "scjg.json"));
  g_assert_nonnull (strstr (refused->err, "materials[2].form"));
  after = catalog_version (data_dir);
  g_assert_cmpstr (after, ==, before);

  shipped = run_cli (NULL, "--data-dir", data_dir, "catalog", "import", NULL);
  g_assert_cmpint (shipped->status, ==, 0);
  g_assert_nonnull (strstr (shipped->out, "Catalog “"));

  remove_tree (parent);
}

static void
test_audit_verify (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autoptr(Result) result = NULL;

  g_autoptr(Result) added = NULL;
  g_autoptr(Result) altered = NULL;
  g_autofree char *db_path = g_build_filename (data_dir, "backoffice.db", NULL);
  g_autofree char *expected = NULL;
  sqlite3 *db = NULL;
  gint64 row = 0;
  sqlite3_stmt *statement = NULL;

  added = run_cli (NULL, "--data-dir", data_dir, "user", "add", "dora", "--role", "supervisor", NULL);
  g_assert_cmpint (added->status, ==, 0);
  result = run_cli (NULL, "--data-dir", data_dir, "audit", "verify", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "The audit log is intact.\n");

  /* Someone with the file rewrites history: the row recording dora's creation. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM audit WHERE target = 'dora'", -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  row = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_no_update;"
                                 "UPDATE audit SET target = 'mallory' WHERE target = 'dora'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  altered = run_cli (NULL, "--data-dir", data_dir, "audit", "verify", NULL);
  g_assert_cmpint (altered->status, ==, 1);
  expected = g_strdup_printf ("The audit log was altered: row %" G_GINT64_FORMAT " is the first "
                              "that does not match its hash chain.\n", row);
  g_assert_cmpstr (altered->out, ==, expected);

  remove_tree (parent);
}

static void
test_demo (void)
{
  static const char * const expected[][2] = {
    { "admin", "Administrator" },
    { "supervisor1", "Supervisor" },
    { "clerk1", "Counter clerk" },
    { "reviewer-scjg", "Reviewer" },
    { "reviewer-wj", "Reviewer" },
  };
  g_autofree char *parent = make_temp_dir ();
  g_autofree char *data_dir = g_build_filename (parent, "demo", NULL);
  g_autoptr(Result) result = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) windows = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(GHashTable) passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  gboolean in_table = FALSE;

  result = run_cli (NULL, "--data-dir", data_dir, "demo", NULL);
  g_assert_cmpint (result->status, ==, 0);

  /* The table: a header line beginning with "User", then one user a line, password last. */
  lines = g_strsplit (result->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_str_has_prefix (lines[i], "User "))
        {
          in_table = TRUE;
          continue;
        }
      if (!in_table || *lines[i] == '\0')
        continue;
      words = g_regex_split_simple ("\\s+", lines[i], 0, 0);
      g_assert_cmpuint (g_strv_length (words), >=, 4);
      g_assert_true (g_regex_match_simple ("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$",
                                           words[g_strv_length (words) - 1], 0, 0));
      g_hash_table_insert (passwords, g_strdup (words[0]), g_strdup (words[g_strv_length (words) - 1]));
      g_assert_nonnull (strstr (lines[i], words[1]));
    }
  g_assert_true (in_table);

  users = list_users (data_dir);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *user = find_user (users, expected[i][0]);
      g_autofree char *line_pattern = g_strdup_printf ("(?m)^%s +%s ", expected[i][0], expected[i][1]);

      g_assert_nonnull (user);
      g_assert_true (g_hash_table_contains (passwords, expected[i][0]));
      g_assert_true (g_regex_match_simple (line_pattern, result->out, 0, 0));
    }
  g_assert_cmpstr (json_object_get_string_member (find_user (users, "clerk1"), "hall"), ==, "JB01");
  g_assert_true (can_sign_in (data_dir, "clerk1", g_hash_table_lookup (passwords, "clerk1")));
  g_assert_true (can_sign_in (data_dir, "reviewer-wj", g_hash_table_lookup (passwords, "reviewer-wj")));
  g_assert_false (can_sign_in (data_dir, "clerk1", g_hash_table_lookup (passwords, "admin")));

  windows = run_cli (NULL, "--data-dir", data_dir, "window", "list", NULL);
  g_assert_cmpint (windows->status, ==, 0);
  g_assert_true (g_regex_match_simple ("(?m)^JB01 +W01 ", windows->out, 0, 0));

  again = run_cli (NULL, "--data-dir", data_dir, "demo", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already set up"));

  remove_tree (parent);
}

/* serve */

typedef struct {
  GMainLoop *loop;
  char      *line;
  gboolean   timed_out;
} LineWait;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineWait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  g_main_loop_quit (wait->loop);
}

static gboolean
line_timeout_cb (gpointer user_data)
{
  LineWait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

/* The first line the server prints, within 30 s. */
static char *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  LineWait wait = { loop, NULL, FALSE };
  guint timeout = g_timeout_add_seconds (30, line_timeout_cb, &wait);

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read_cb, &wait);
  g_main_loop_run (loop);
  if (!wait.timed_out)
    g_source_remove (timeout);
  g_assert_false (wait.timed_out);
  return wait.line;
}

/* A server must not outlive a test that failed half-way. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_server (GError **error,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) backoffice_exe);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* GET /healthz over a plain socket: the status line. */
static char *
healthz_status (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  const char request[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  char *line;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

static guint
listening_port (const char *line,
                const char *scheme,
                const char *address)
{
  g_autofree char *prefix = g_strdup_printf ("listening on %s://%s:", scheme, address);
  guint64 port;

  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_true (g_ascii_string_to_unsigned (line + strlen (prefix), 10, 1, 65535, &port, NULL));
  return (guint) port;
}

static void
assert_stops_on_sigterm (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serve (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *status = NULL;
  guint port;

  process = spawn_server (&error, "--config", "/dev/null", "--data-dir", data_dir,
                          "serve", "--listen", "127.0.0.1", "--port", "0", NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  port = listening_port (line, "http", "127.0.0.1");
  status = healthz_status (port);
  g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK\r");
  assert_stops_on_sigterm (process);

  remove_tree (parent);
}

/* The settings come from the key file; the command line overrides them key by key. */
static void
test_serve_config_file (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autofree char *config = g_build_filename (parent, "backoffice.conf", NULL);
  g_autofree char *bad_config = g_build_filename (parent, "bad.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\n# the port is overridden below\nport = 1\n"
                                           "listen = 127.0.0.1\ndata-dir = %s\nmax-body = 2M\n"
                                           "token-lifetime = 8h\nupload-limit = 20M\n", data_dir);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) bad_key = NULL;
  g_autoptr(Result) bad_value = NULL;
  g_autoptr(Result) missing = NULL;
  g_autofree char *line = NULL;

  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  process = spawn_server (&error, "--config", config, "--port", "0", NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  listening_port (line, "http", "127.0.0.1");
  assert_stops_on_sigterm (process);

  g_file_set_contents (bad_config, "[server]\nprot = 8480\n", -1, &error);
  g_assert_no_error (error);
  bad_key = run_cli (NULL, "--config", bad_config, "--data-dir", data_dir, "user", "list", NULL);
  g_assert_cmpint (bad_key->status, ==, 1);
  g_assert_nonnull (strstr (bad_key->err, "unknown key “prot”"));

  bad_value = run_cli (NULL, "--data-dir", data_dir, "serve", "--port", "84800", NULL);
  g_assert_cmpint (bad_value->status, ==, 1);
  g_assert_nonnull (strstr (bad_value->err, "option --port: “84800” is not a port number"));

  missing = run_cli (NULL, "--config", "/nonexistent/backoffice.conf", "user", "list", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->err, "/nonexistent/backoffice.conf"));

  remove_tree (parent);
}

static void
test_serve_refuses_plain_http_off_loopback (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autoptr(Result) result = NULL;
  g_autoptr(Result) half_tls = NULL;
  g_autoptr(Result) no_dir = NULL;

  result = run_cli (NULL, "--data-dir", data_dir, "serve", "--listen", "0.0.0.0", "--port", "0", NULL);
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_nonnull (strstr (result->err, "TLS"));

  half_tls = run_cli (NULL, "--data-dir", data_dir, "serve", "--tls-cert", "/dev/null", NULL);
  g_assert_cmpint (half_tls->status, ==, 1);
  g_assert_nonnull (strstr (half_tls->err, "tls-key"));

  no_dir = run_cli (NULL, "--data-dir", "/nonexistent/yc-data", "serve", "--port", "0", NULL);
  g_assert_cmpint (no_dir->status, ==, 1);
  g_assert_nonnull (strstr (no_dir->err, "init"));

  remove_tree (parent);
}

static gboolean
accept_any_certificate_cb (GTlsConnection       *connection,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return TRUE;
}

/* Whether a client offering only TLS @version completes a handshake with the server. */
static gboolean
gnutls_handshake (const char *gnutls_cli,
                  guint       port,
                  const char *version)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *priority = g_strdup_printf ("NORMAL:-VERS-ALL:+VERS-%s", version);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              gnutls_cli, "--insecure", "--priority", priority, "-p", port_text,
                              "127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, empty, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

/* With a certificate the server listens on any address and speaks TLS 1.2 or later. */
static void
test_serve_tls (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = init_data_dir (&parent);
  g_autofree char *cert = g_build_filename (parent, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (parent, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *gnutls_cli = g_find_program_in_path ("gnutls-cli");
  g_autofree char *command = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int status;
  guint port;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a test certificate");
      remove_tree (parent);
      return;
    }
  command = g_strdup_printf ("%s req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                             "-keyout %s -out %s", openssl, key, cert);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  process = spawn_server (&error, "--config", "/dev/null", "--data-dir", data_dir, "serve",
                          "--listen", "0.0.0.0", "--port", "0", "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  port = listening_port (line, "https", "0.0.0.0");

  /* A self-signed certificate: accept it, check the handshake and the protocol version. */
  client = g_socket_client_new ();
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls)), >=,
                   G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_io_stream_close (tls, NULL, NULL);

  /* TLS 1.1 and older are refused (GnuTLS's own default would still offer them). */
  if (gnutls_cli != NULL)
    {
      g_assert_true (gnutls_handshake (gnutls_cli, port, "TLS1.2"));
      g_assert_false (gnutls_handshake (gnutls_cli, port, "TLS1.1"));
      g_assert_false (gnutls_handshake (gnutls_cli, port, "TLS1.0"));
    }
  assert_stops_on_sigterm (process);

  remove_tree (parent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  backoffice_exe = argc > 1 ? argv[1] : g_getenv ("YC_BACKOFFICE_EXE");
  if (backoffice_exe == NULL)
    g_error ("give the path of yichuang-backoffice as the first argument");

  g_test_add_func ("/backoffice-cli/version", test_version);
  g_test_add_func ("/backoffice-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/backoffice-cli/init", test_init);
  g_test_add_func ("/backoffice-cli/users", test_users);
  g_test_add_func ("/backoffice-cli/windows", test_windows);
  g_test_add_func ("/backoffice-cli/catalog-import", test_catalog_import);
  g_test_add_func ("/backoffice-cli/audit-verify", test_audit_verify);
  g_test_add_func ("/backoffice-cli/demo", test_demo);
  g_test_add_func ("/backoffice-cli/serve", test_serve);
  g_test_add_func ("/backoffice-cli/serve-config-file", test_serve_config_file);
  g_test_add_func ("/backoffice-cli/serve-refuses-plain-http", test_serve_refuses_plain_http_off_loopback);
  g_test_add_func ("/backoffice-cli/serve-tls", test_serve_tls);

  return g_test_run ();
}
