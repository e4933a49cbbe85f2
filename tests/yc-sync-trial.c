/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sqlite3.h>

#include <glib/gstdio.h>

#include "yc-store.h"
#include "yc-sync-trial.h"

/*
 * The window process of the fault trials (tests/yc-sync-child.c) started, killed and
 * waited for, and the checks after a trial, which read both databases read-only with
 * the SQLite API.  Used by tests/test-sync-faults.c.
 */

#define HALL            "JB01"
#define CHILD_TIMEOUT_S 90

void
yc_sync_trial_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The pid of `yichuang-backoffice --data-dir DIR serve …`: the helper keeps its process to
 * itself, and a SIGKILL has to come from outside anyway. */
GPid
yc_sync_trial_server_pid (const char *data_dir)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      gboolean data_dir_next = FALSE;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        continue;
      for (gsize at = 0; at < length; at += strlen (cmdline + at) + 1)
        {
          if (data_dir_next && g_str_equal (cmdline + at, data_dir))
            return (GPid) g_ascii_strtoll (name, NULL, 10);
          data_dir_next = g_str_equal (cmdline + at, "--data-dir");
        }
    }
  return 0;
}

static void
child_wait_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcSyncTrialChild *child = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  child->exited = TRUE;
}

void
yc_sync_trial_child_spawn (YcSyncTrialChild   *child,
                           const char         *url,
                           const char         *dir,
                           const char         *window,
                           guint               n_cases,
                           guint               seed,
                           guint               attempt,
                           const char * const *extra)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *store = g_build_filename (dir, "store", NULL);
  g_autofree char *out = g_strdup_printf ("%s/child-%u.out", dir, attempt);
  g_autofree char *err = g_strdup_printf ("%s/child-%u.err", dir, attempt);
  g_autofree char *cases = g_strdup_printf ("%u", n_cases);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("YC_SYNC_CHILD"), "--store", store, "--url", url,
                         "--window", window, "--cases", cases, "--seed", seed_text, NULL };

  g_assert_nonnull (argv[0]);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_set_child_setup (launcher, yc_sync_trial_die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_subprocess_launcher_set_stderr_file_path (launcher, err);
  child->exited = FALSE;
  child->started = g_get_monotonic_time ();
  child->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata,
                                                 &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (child->process, NULL, child_wait_cb, child);
}

/* Iterates the main context (the back office's helper lives there) for @ms, or until
 * the child exits; TRUE when it did. */
static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
yc_sync_trial_child_run_for (YcSyncTrialChild *child,
                             gint64            ms)
{
  gboolean expired = FALSE;
  guint timer = g_timeout_add ((guint) ms, flag_cb, &expired);

  while (!child->exited && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timer);
  return child->exited;
}

char *
yc_sync_trial_child_output (const char *dir,
                            guint       attempt,
                            const char *ext)
{
  g_autofree char *path = g_strdup_printf ("%s/child-%u.%s", dir, attempt, ext);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text != NULL ? text : g_strdup ("");
}

/* Waits for the child to end by itself with @status. */
void
yc_sync_trial_child_finish (YcSyncTrialChild *child,
                            const char       *dir,
                            guint             attempt,
                            int               status)
{
  if (!yc_sync_trial_child_run_for (child, CHILD_TIMEOUT_S * 1000))
    {
      g_subprocess_force_exit (child->process);
      yc_sync_trial_child_run_for (child, 5000);
    }
  if (!g_subprocess_get_if_exited (child->process)
      || g_subprocess_get_exit_status (child->process) != status)
    {
      g_autofree char *out = yc_sync_trial_child_output (dir, attempt, "out");
      g_autofree char *err = yc_sync_trial_child_output (dir, attempt, "err");

      g_error ("the window process (run %u in %s) did not end with %d:\n%s\n%s", attempt, dir,
               status, out, err);
    }
  g_clear_object (&child->process);
}

gboolean
yc_sync_trial_child_kill (YcSyncTrialChild *child)
{
  gboolean killed;

  g_subprocess_send_signal (child->process, SIGKILL);
  yc_sync_trial_child_run_for (child, 10000);
  g_assert_true (child->exited);
  /* It may have finished by itself just before the signal: then it must have succeeded. */
  killed = g_subprocess_get_if_signaled (child->process);
  if (killed)
    g_assert_cmpint (g_subprocess_get_term_sig (child->process), ==, SIGKILL);
  else
    g_assert_cmpint (g_subprocess_get_exit_status (child->process), ==, 0);
  g_clear_object (&child->process);
  return killed;
}

static sqlite3 *
open_ro (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
assert_integrity (sqlite3    *db,
                  const char *what)
{
  sqlite3_stmt *s = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  if (!g_str_equal ((const char *) sqlite3_column_text (s, 0), "ok"))
    g_error ("%s: integrity_check: %s", what, sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *s = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &s, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (s, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return value;
}

/* uuid → "number version" (client: "number sync_state server_version version") */
static GHashTable *
query_map (sqlite3    *db,
           const char *sql,
           const char *arg)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &s, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (s, 1, arg, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      g_autoptr(GString) value = g_string_new (NULL);

      for (int i = 1; i < sqlite3_column_count (s); i++)
        g_string_append_printf (value, "%s%s", i > 1 ? " " : "",
                                (const char *) sqlite3_column_text (s, i));
      g_assert_false (g_hash_table_contains (map, sqlite3_column_text (s, 0)));
      g_hash_table_insert (map, g_strdup ((const char *) sqlite3_column_text (s, 0)),
                           g_string_free (g_steal_pointer (&value), FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (s);
  return map;
}

/* The checks after a trial (listed at the top of tests/test-sync-faults.c). */
guint
yc_sync_trial_verify (const char *server_dir,
                      const char *dir,
                      const char *window,
                      guint       attempts)
{
  g_autofree char *client_path = g_build_filename (dir, "store", YC_STORE_DATABASE_NAME, NULL);
  g_autofree char *server_path = g_build_filename (server_dir, "backoffice.db", NULL);
  g_autofree char *prefix = g_strdup_printf (HALL "-%s-%%", window);
  sqlite3 *client = open_ro (client_path);
  sqlite3 *server = open_ro (server_path);
  g_autoptr(GHashTable) local = NULL;
  g_autoptr(GHashTable) remote = NULL;
  g_autoptr(GHashTable) local_blobs = NULL;
  g_autoptr(GHashTable) remote_blobs = NULL;
  GHashTableIter iter;
  gpointer key, value;

  assert_integrity (client, client_path);
  assert_integrity (server, server_path);

  local = query_map (client, "SELECT uuid, number, sync_state, server_version, version FROM cases"
                             " WHERE number LIKE ?", prefix);
  remote = query_map (server, "SELECT uuid, number, version FROM cases WHERE hall = '" HALL "'"
                              " AND window = ?", window);

  /* Every commit the window reported is in its store. */
  for (guint a = 0; a < attempts; a++)
    {
      g_autofree char *out = yc_sync_trial_child_output (dir, a, "out");
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "accepted "))
          {
            g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);

            if (!g_hash_table_contains (local, words[1]))
              g_error ("%s: case %s was reported committed and is not in the store", dir, words[1]);
          }
    }

  /* Nothing left to send, nothing refused. */
  g_assert_cmpint (query_int (client, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (query_int (client, "SELECT count(*) FROM sync_problems", NULL), ==, 0);

  /* The server's set is the window's acknowledged set. */
  g_hash_table_iter_init (&iter, local);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) l = g_strsplit (value, " ", -1);
      const char *r = g_hash_table_lookup (remote, key);
      g_auto(GStrv) rv = NULL;

      if (r == NULL)
        g_error ("%s: case %s (%s) acknowledged here, missing on the back office", dir,
                 (char *) key, l[0]);
      rv = g_strsplit (r, " ", -1);
      g_assert_cmpstr (l[1], ==, "synced");
      g_assert_cmpstr (l[2], ==, "1");   /* acknowledged version */
      g_assert_cmpstr (l[3], ==, "1");
      g_assert_cmpstr (rv[0], ==, l[0]);  /* the same number */
      g_assert_cmpstr (rv[1], ==, "1");   /* applied once */
      /* One acceptance op, one change: nothing applied twice. */
      g_assert_cmpint (query_int (server, "SELECT count(*) FROM ops WHERE case_uuid = ?", key), ==, 1);
      g_assert_cmpint (query_int (server, "SELECT count(*) FROM changes WHERE case_uuid = ?", key), ==, 1);
    }
  g_assert_cmpuint (g_hash_table_size (remote), ==, g_hash_table_size (local));

  /* No number twice anywhere, no op id twice (op_id is the key: checked by the schema). */
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM (SELECT number FROM cases"
                                      " GROUP BY number HAVING count(*) > 1)", NULL), ==, 0);
  g_assert_cmpint (query_int (server, "SELECT count(*) - count(DISTINCT op_id) FROM ops", NULL), ==, 0);

  /* Every scanned file of the window's cases is on the back office, whole. */
  local_blobs = query_map (client, "SELECT DISTINCT m.blob_sha256, b.size FROM case_materials m"
                                   " JOIN blobs b ON b.sha256 = m.blob_sha256"
                                   " JOIN cases c ON c.uuid = m.case_uuid WHERE c.number LIKE ?",
                           prefix);
  remote_blobs = query_map (server, "SELECT sha256, length FROM blobs", NULL);
  /* (A window killed before its first commit has no case and no scan.) */
  g_assert_cmpuint (g_hash_table_size (local_blobs), >=, MIN (g_hash_table_size (local), 1));
  g_hash_table_iter_init (&iter, local_blobs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *length = g_hash_table_lookup (remote_blobs, key);

      if (length == NULL)
        g_error ("%s: scan %s is not on the back office", dir, (char *) key);
      g_assert_cmpstr (length, ==, value);
    }

  sqlite3_close (client);
  sqlite3_close (server);
  return g_hash_table_size (local);
}

/* The store on the full disk is whole and holds every case it reported. */
void
yc_sync_trial_assert_store_intact (const char *dir,
                                   guint       attempts)
{
  g_autofree char *path = g_build_filename (dir, "store", YC_STORE_DATABASE_NAME, NULL);
  sqlite3 *db = open_ro (path);

  assert_integrity (db, path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check", NULL), ==, 0);
  for (guint a = 0; a < attempts; a++)
    {
      g_autofree char *out = yc_sync_trial_child_output (dir, a, "out");
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "accepted "))
          {
            g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);

            g_assert_cmpint (query_int (db, "SELECT count(*) FROM cases WHERE uuid = ?", words[1]), ==, 1);
            g_assert_cmpint (query_int (db, "SELECT count(*) FROM outbox WHERE case_uuid = ?"
                                            " AND kind = 'case.accept'", words[1]), <=, 1);
          }
    }
  sqlite3_close (db);
}

