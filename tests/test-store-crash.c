/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "yc-store-private.h"
#include "yc-test-store.h"

/*
 * The law of the store: a case whose number the clerk was shown is never lost, and a crash
 * never leaves half a case.  A child process (this executable, started with CHILD_FLAG)
 * accepts cases in a loop, each with seven materials and a scan of its own, and writes each
 * number it got to its stdout once yc_store_accept_case() returned; it is killed with
 * SIGKILL at a random moment, and the store it leaves is opened and checked.  Each trial
 * uses its own day, so its numbers start at 0001.  `-m slow` runs ten times as many.
 */

#define CHILD_FLAG    "--crash-child"
#define TRIALS        20
#define MAX_KILL_MS   1000
#define SCAN_SIZE     (16 * 1024)

static GDateTime *
trial_day (guint trial)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) first = g_date_time_new (tz, 2027, 1, 1, 9, 0, 0);

  return g_date_time_add_days (first, trial);
}

static void
write_line (const char *text)
{
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize length = strlen (line);

  /* Shorter than PIPE_BUF: the parent reads the whole line or nothing of it. */
  while (write (STDOUT_FILENO, line, length) < 0)
    g_assert_cmpint (errno, ==, EINTR);
}

/* In the child: accept until killed. */
static int
run_child (const char *dir,
           const char *trial_text)
{
  g_autoptr(GDateTime) when = trial_day (g_ascii_strtoull (trial_text, NULL, 10));
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autofree guint8 *scan = g_malloc (SCAN_SIZE);

  g_assert_no_error (error);

  for (guint i = 0; i < YC_STORE_MAX_SEQUENCE; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(YcCase) c = NULL;
      g_autofree char *sha256 = NULL;

      /* A scan no other case has, so every put really writes. */
      for (gsize j = 0; j < SCAN_SIZE; j++)
        scan[j] = g_random_int_range (0, 256);
      bytes = g_bytes_new (scan, SCAN_SIZE);
      sha256 = yc_store_put_blob (store, bytes, "image/jpeg", &error);
      g_assert_no_error (error);

      c = yc_test_case_new (sha256, NULL, when);
      g_assert_true (yc_store_accept_case (store, c, &error));
      g_assert_no_error (error);
      write_line (c->number);
    }

  /* Every number of the day given: wait to be killed like the others. */
  for (;;)
    pause ();
  return 1;
}

static gint64
count_rows (YcStore    *store,
            const char *sql)
{
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Reopens the store after a kill and checks everything; returns the cases of the trial. */
static guint
check_store (const char  *dir,
             guint        trial,
             GStrv        reported,
             gint64       cases_before)
{
  g_autoptr(GDateTime) when = trial_day (trial);
  g_autofree char *day = g_date_time_format (when, "%Y-%m-%d");
  g_autofree char *compact_day = g_date_time_format (when, "%Y%m%d");
  g_autofree char *staging = g_build_filename (dir, YC_STORE_BLOBS_NAME, ".staging", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(GPtrArray) cases = NULL;
  guint n_reported = g_strv_length (reported);

  /* The killed process's lock went with it. */
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (staging), ==, 0);

  /* Every number reported is there, in order; at most one more case committed whose
   * number the child had no time to report. */
  cases = yc_store_list_cases (store, day, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, >=, n_reported);
  g_assert_cmpuint (cases->len, <=, n_reported + 1);
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *stored = g_ptr_array_index (cases, i);
      g_autofree char *expected = g_strdup_printf ("HD01-W03-%s-%04u", compact_day, i + 1);
      const YcCaseMaterialVersion *scanned = yc_case_lookup_material (stored, "application");
      g_autoptr(GBytes) scan = NULL;

      g_assert_cmpstr (stored->number, ==, expected);
      if (i < n_reported)
        g_assert_cmpstr (stored->number, ==, reported[i]);
      g_assert_cmpuint (stored->materials->len, ==, 7);
      g_assert_nonnull (scanned);
      g_assert_nonnull (scanned->blob_sha256);
      scan = yc_store_read_blob (store, scanned->blob_sha256, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (scan), ==, SCAN_SIZE);
    }

  /* No partial case anywhere: each has its seven materials and its outbox operation, and
   * nothing refers to a case or a scan that is not there. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM cases"), ==, cases_before + cases->len);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM cases c WHERE (SELECT count(*) "
                                      "FROM case_materials m WHERE m.case_uuid = c.uuid) <> 7"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM cases WHERE document IS NULL"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM cases c WHERE (SELECT count(*) "
                                      "FROM outbox o WHERE o.case_uuid = c.uuid "
                                      "AND o.kind = 'case.accept') <> 1"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM outbox WHERE case_uuid NOT IN "
                                      "(SELECT uuid FROM cases)"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_true (yc_database_check_integrity (yc_store_get_database (store), FALSE, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&store));
  return cases->len;
}

static void
test_kill_while_accepting (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  guint trials = g_test_slow () ? 10 * TRIALS : TRIALS;
  gint64 total = 0;
  guint killed_with_cases = 0;

  g_assert_nonnull (self_exe);
  {
    g_autoptr(YcStore) store = yc_store_open (dir, &error);
    g_assert_no_error (error);
    g_assert_true (yc_store_enroll_device (store, "HD01", "W03", &error));
    g_assert_no_error (error);
    g_assert_finalize_object (g_steal_pointer (&store));
  }

  for (guint trial = 0; trial < trials; trial++)
    {
      g_autofree char *trial_text = g_strdup_printf ("%u", trial);
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *output = NULL;
      g_auto(GStrv) lines = NULL;
      guint kill_ms = g_test_rand_int_range (0, MAX_KILL_MS);
      guint n_lines;
      guint stored;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, CHILD_FLAG, dir, trial_text, NULL);
      g_assert_no_error (error);
      g_usleep (kill_ms * G_TIME_SPAN_MILLISECOND);
      g_subprocess_send_signal (child, SIGKILL);

      /* Whatever it wrote before dying is still in the pipe. */
      g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      /* Whole lines only; drop the empty string after the last newline. */
      g_assert_true (*output == '\0' || g_str_has_suffix (output, "\n"));
      lines = g_strsplit (output, "\n", -1);
      n_lines = g_strv_length (lines);
      if (n_lines > 0)
        {
          n_lines--;
          g_assert_cmpstr (lines[n_lines], ==, "");
          g_clear_pointer (&lines[n_lines], g_free);
        }

      stored = check_store (dir, trial, lines, total);
      g_test_message ("trial %u: killed after %u ms, %u numbers reported, %u cases stored",
                      trial, kill_ms, n_lines, stored);
      total += stored;
      if (stored > 0)
        killed_with_cases++;
    }

  /* Some trials must have been killed in the middle of accepting, not all before. */
  g_assert_cmpuint (killed_with_cases, >, 0);
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], CHILD_FLAG))
    return run_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/crash/kill-while-accepting", test_kill_while_accepting);

  return g_test_run ();
}
