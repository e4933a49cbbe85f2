/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * yichuang-backoffice's administration commands as administrators use them: the real
 * executable (its path is the first argument) on temporary data directories.  What the
 * commands wrote is checked through the back office library on the same directory, once the
 * process is gone: a password the CLI set must sign in, a disabled user must not.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "yc-test-cli.h"

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
  g_autoptr(YcCliResult) result = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "list", "--json", NULL);
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


static void
test_version (void)
{
  g_autoptr(YcCliResult) result = yc_test_cli_run (NULL, "--version", NULL);

  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->out, ==, "yichuang-backoffice " PACKAGE_VERSION "\n");
}

static void
test_usage_errors (void)
{
  g_autoptr(YcCliResult) unknown = yc_test_cli_run (NULL, "frobnicate", NULL);
  g_autoptr(YcCliResult) no_sub = yc_test_cli_run (NULL, "user", NULL);
  g_autoptr(YcCliResult) stray = yc_test_cli_run (NULL, "user", "list", "--role", "clerk", NULL);
  /* There is no way to put a password on the command line. */
  g_autoptr(YcCliResult) password = yc_test_cli_run (NULL, "user", "add", "x", "--role", "admin", "--password", "secret", NULL);
  g_autoptr(YcCliResult) no_dir = yc_test_cli_run (NULL, "user", "list", NULL);

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
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autofree char *second_dir = g_build_filename (parent, "second", NULL);
  g_autoptr(YcCliResult) again = NULL;
  g_autoptr(YcCliResult) generated = NULL;
  g_autoptr(JsonNode) users = list_users (data_dir);
  g_autofree char *password = NULL;
  JsonObject *boss = find_user (users, "boss");

  g_assert_nonnull (boss);
  g_assert_cmpstr (json_object_get_string_member (boss, "role"), ==, "admin");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (users)), ==, 1);
  g_assert_true (yc_test_cli_can_sign_in (data_dir, "boss", "boss-password-1"));
  g_assert_false (yc_test_cli_can_sign_in (data_dir, "boss", "boss-password-2"));

  /* A data directory is set up once. */
  again = yc_test_cli_run ("other-password\n", "--data-dir", data_dir, "init", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already set up"));

  /* Nothing on standard input: a password is generated and shown once. */
  generated = yc_test_cli_run (NULL, "--data-dir", second_dir, "init", NULL);
  g_assert_cmpint (generated->status, ==, 0);
  password = printed_password (generated->out, "admin");
  g_assert_nonnull (password);
  g_assert_true (yc_test_cli_can_sign_in (second_dir, "admin", password));
  g_assert_nonnull (strstr (generated->out, "Catalog “"));

  yc_test_cli_remove_tree (parent);
}

static void
test_users (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autoptr(YcCliResult) clerk = NULL;
  g_autoptr(YcCliResult) reviewer = NULL;
  g_autoptr(YcCliResult) disable = NULL;
  g_autoptr(YcCliResult) passwd = NULL;
  g_autoptr(YcCliResult) no_hall = NULL;
  g_autoptr(YcCliResult) bad_role = NULL;
  g_autoptr(YcCliResult) unknown = NULL;
  g_autoptr(YcCliResult) text = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autofree char *clerk_password = NULL;
  JsonObject *user;
  JsonArray *departments;

  clerk = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "add", "alice", "--role", "clerk",
                   "--hall", "JB01", "--display-name", "张三", NULL);
  g_assert_cmpint (clerk->status, ==, 0);
  clerk_password = printed_password (clerk->out, "alice");
  g_assert_nonnull (clerk_password);

  reviewer = yc_test_cli_run ("bob-password-1\n", "--data-dir", data_dir, "user", "add", "bob",
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

  g_assert_true (yc_test_cli_can_sign_in (data_dir, "alice", clerk_password));
  g_assert_true (yc_test_cli_can_sign_in (data_dir, "bob", "bob-password-1"));

  text = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "list", NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "alice"));
  g_assert_nonnull (strstr (text->out, "hall JB01"));
  g_assert_nonnull (strstr (text->out, "scjg,wj"));

  /* passwd: the old password stops working, the new one works. */
  passwd = yc_test_cli_run ("bob-password-2\n", "--data-dir", data_dir, "user", "passwd", "bob", "--password-stdin", NULL);
  g_assert_cmpint (passwd->status, ==, 0);
  g_assert_false (yc_test_cli_can_sign_in (data_dir, "bob", "bob-password-1"));
  g_assert_true (yc_test_cli_can_sign_in (data_dir, "bob", "bob-password-2"));

  disable = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "disable", "alice", NULL);
  g_assert_cmpint (disable->status, ==, 0);
  g_clear_pointer (&users, json_node_unref);
  users = list_users (data_dir);
  g_assert_true (json_object_get_boolean_member (find_user (users, "alice"), "disabled"));
  g_assert_false (yc_test_cli_can_sign_in (data_dir, "alice", clerk_password));

  no_hall = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "add", "carol", "--role", "clerk", NULL);
  g_assert_cmpint (no_hall->status, ==, 1);
  g_assert_nonnull (strstr (no_hall->err, "--hall"));
  bad_role = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "add", "carol", "--role", "boss", NULL);
  g_assert_cmpint (bad_role->status, ==, 1);
  g_assert_nonnull (strstr (bad_role->err, "Unknown role “boss”"));
  unknown = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "disable", "nobody", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_cmpstr (unknown->out, ==, "");

  g_clear_pointer (&users, json_node_unref);
  users = list_users (data_dir);
  g_assert_null (find_user (users, "carol"));

  yc_test_cli_remove_tree (parent);
}

static void
test_windows (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autoptr(YcCliResult) enroll = NULL;
  g_autoptr(YcCliResult) bad = NULL;
  g_autoptr(YcCliResult) list = NULL;
  g_autoptr(JsonNode) windows = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *window;

  enroll = yc_test_cli_run (NULL, "--data-dir", data_dir, "window", "enroll", "JB01", "W07",
                    "--description", "二楼综合窗口", NULL);
  g_assert_cmpint (enroll->status, ==, 0);
  bad = yc_test_cli_run (NULL, "--data-dir", data_dir, "window", "enroll", "JB 01", "W08", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_cmpstr (bad->err, !=, "");

  list = yc_test_cli_run (NULL, "--data-dir", data_dir, "window", "list", "--json", NULL);
  g_assert_cmpint (list->status, ==, 0);
  windows = json_from_string (list->out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (windows)), ==, 1);
  window = json_array_get_object_element (json_node_get_array (windows), 0);
  g_assert_cmpstr (json_object_get_string_member (window, "hall"), ==, "JB01");
  g_assert_cmpstr (json_object_get_string_member (window, "window"), ==, "W07");
  g_assert_cmpstr (json_object_get_string_member (window, "description"), ==, "二楼综合窗口");

  yc_test_cli_remove_tree (parent);
}

static char *
catalog_version (const char *data_dir)
{
  g_autoptr(YcBackoffice) backoffice = yc_test_cli_open_backoffice (data_dir);
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
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autofree char *broken = broken_catalog (parent);
  g_autofree char *before = catalog_version (data_dir);
  g_autofree char *after = NULL;
  g_autoptr(YcCliResult) refused = NULL;
  g_autoptr(YcCliResult) shipped = NULL;

  refused = yc_test_cli_run (NULL, "--data-dir", data_dir, "catalog", "import", broken, NULL);
  g_assert_cmpint (refused->status, ==, 1);
  /* The message names the file and the field, and says nothing changed. */
  g_assert_nonnull (strstr (refused->err, "nothing was changed"));
  g_assert_nonnull (strstr (refused->err, "scjg.json"));
  g_assert_nonnull (strstr (refused->err, "materials[2].form"));
  after = catalog_version (data_dir);
  g_assert_cmpstr (after, ==, before);

  shipped = yc_test_cli_run (NULL, "--data-dir", data_dir, "catalog", "import", NULL);
  g_assert_cmpint (shipped->status, ==, 0);
  g_assert_nonnull (strstr (shipped->out, "Catalog “"));

  yc_test_cli_remove_tree (parent);
}

static void
test_audit_verify (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autoptr(YcCliResult) result = NULL;

  g_autoptr(YcCliResult) added = NULL;
  g_autoptr(YcCliResult) altered = NULL;
  g_autofree char *db_path = g_build_filename (data_dir, "backoffice.db", NULL);
  g_autofree char *expected = NULL;
  sqlite3 *db = NULL;
  gint64 row = 0;
  sqlite3_stmt *statement = NULL;

  added = yc_test_cli_run (NULL, "--data-dir", data_dir, "user", "add", "dora", "--role", "supervisor", NULL);
  g_assert_cmpint (added->status, ==, 0);
  result = yc_test_cli_run (NULL, "--data-dir", data_dir, "audit", "verify", NULL);
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

  altered = yc_test_cli_run (NULL, "--data-dir", data_dir, "audit", "verify", NULL);
  g_assert_cmpint (altered->status, ==, 1);
  expected = g_strdup_printf ("The audit log was altered: row %" G_GINT64_FORMAT " is the first "
                              "that does not match its hash chain.\n", row);
  g_assert_cmpstr (altered->out, ==, expected);

  yc_test_cli_remove_tree (parent);
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
  g_autofree char *parent = yc_test_cli_make_temp_dir ();
  g_autofree char *data_dir = g_build_filename (parent, "demo", NULL);
  g_autoptr(YcCliResult) result = NULL;
  g_autoptr(YcCliResult) again = NULL;
  g_autoptr(YcCliResult) windows = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(GHashTable) passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  gboolean in_table = FALSE;

  result = yc_test_cli_run (NULL, "--data-dir", data_dir, "demo", NULL);
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
  g_assert_true (yc_test_cli_can_sign_in (data_dir, "clerk1", g_hash_table_lookup (passwords, "clerk1")));
  g_assert_true (yc_test_cli_can_sign_in (data_dir, "reviewer-wj", g_hash_table_lookup (passwords, "reviewer-wj")));
  g_assert_false (yc_test_cli_can_sign_in (data_dir, "clerk1", g_hash_table_lookup (passwords, "admin")));

  windows = yc_test_cli_run (NULL, "--data-dir", data_dir, "window", "list", NULL);
  g_assert_cmpint (windows->status, ==, 0);
  g_assert_true (g_regex_match_simple ("(?m)^JB01 +W01 ", windows->out, 0, 0));

  again = yc_test_cli_run (NULL, "--data-dir", data_dir, "demo", NULL);
  g_assert_cmpint (again->status, ==, 1);
  g_assert_nonnull (strstr (again->err, "already set up"));

  yc_test_cli_remove_tree (parent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  yc_test_cli_init (argc, argv);

  g_test_add_func ("/backoffice-cli/version", test_version);
  g_test_add_func ("/backoffice-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/backoffice-cli/init", test_init);
  g_test_add_func ("/backoffice-cli/users", test_users);
  g_test_add_func ("/backoffice-cli/windows", test_windows);
  g_test_add_func ("/backoffice-cli/catalog-import", test_catalog_import);
  g_test_add_func ("/backoffice-cli/audit-verify", test_audit_verify);
  g_test_add_func ("/backoffice-cli/demo", test_demo);

  return g_test_run ();
}
