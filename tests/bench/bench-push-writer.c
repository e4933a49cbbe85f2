/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * What one push costs the back office, HTTP excluded: batches of 20 case.accept pushed
 * through yc_backoffice_push_text() on one thread, after a few warm-up batches, on a data
 * directory in the current one (the build tree: a real disk, where fsync costs what it
 * costs).  This is the driver docs/backoffice.md's instruction counts come from:
 *
 *   G_SLICE=always-malloc valgrind --tool=callgrind --separate-threads=yes \
 *     --toggle-collect=measured_push tests/bench-push-writer 45
 *
 * counts the instructions of the measured batches (the argument less the 5 warm-up ones)
 * on this thread; the checkpoint thread's are in a file of their own.  Run plainly it
 * prints the CPU time per batch and what the writer put in the log: WAL frames per commit
 * and per op, the log's longest length, and who copied it back into the database (the
 * checkpoint thread, or the writer itself).  One batch a commit here, where the server
 * commits groups of up to 32: the frames per op are the worst case.  Figures are printed,
 * never asserted; an op that is not "ok" fails the run.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "yc-backoffice.h"
#include "yc-backoffice-private.h"
#include "yc-backoffice-sqlite-private.h"
#include "yc-data.h"
#include "../yc-test-files.h"
#include "../yc-test-server.h"

#define HALL          "JB01"
#define N_WINDOWS     5
#define OPS_PER_BATCH 20
#define WARM_UP       5

static char *
make_batch (const char  *window,
            const char  *clerk,
            guint       *seq,
            char       **out_key)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  JsonObject *batch = json_object_new ();
  JsonArray *ops = json_array_new ();
  char *key = yc_test_uuid ();

  for (guint i = 0; i < OPS_PER_BATCH; i++)
    {
      g_autofree char *uuid = yc_test_uuid ();
      g_autofree char *number = g_strdup_printf ("%s-%s-%s-%04u", HALL, window, day, ++*seq);
      JsonNode *document = yc_test_case_document (uuid, HALL, clerk, "scjg");

      json_object_set_string_member (json_node_get_object (document), "window", window);
      json_object_set_string_member (json_node_get_object (document), "number", number);
      json_array_add_element (ops, yc_test_op ("case.accept", uuid, 0, document));
    }
  json_object_set_string_member (batch, "batch_id", key);
  json_object_set_array_member (batch, "ops", ops);
  json_node_take_object (root, batch);
  *out_key = key;
  return json_to_string (root, FALSE);
}

/* What the HTTP layer calls for a push; callgrind counts this function only: the measured
 * batches, not the warm-up ones. */
static __attribute__((noinline)) char *
measured_push (YcBackoffice  *backoffice,
               YcPrincipal   *p,
               const char    *key,
               GBytes        *body,
               GError       **error)
{
  return yc_backoffice_push_text (backoffice, p, key, body, error);
}

static void
check_answer (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = json_from_string (text, &error);
  JsonArray *results;

  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, OPS_PER_BATCH);
  for (guint j = 0; j < json_array_get_length (results); j++)
    {
      JsonObject *result = json_array_get_object_element (results, j);

      if (g_strcmp0 (json_object_get_string_member (result, "result"), "ok") != 0)
        g_error ("An op was not taken: %s", text);
    }
}

static double
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 205;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(GFile) manifest = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  YcPrincipal *principals[N_WINDOWS];
  guint seq[N_WINDOWS] = { 0 };
  YcSqliteCheckpointStats before, after;
  YcSqliteCheckpointer *checkpointer;
  double cpu0 = 0;
  gint64 wall0 = 0;

  /* As the server runs (docs/backoffice.md): read by GLib before main(), so set for a
   * second start of this very program. */
  if (g_getenv ("G_SLICE") == NULL)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
      g_error ("Cannot start again with G_SLICE set: %s", g_strerror (errno));
    }
  if (n <= WARM_UP)
    n = WARM_UP + 1;
  dir = g_build_filename (g_get_current_dir (), "bench-push-writer-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("Cannot make a directory in the current one");
  data_dir = g_build_filename (dir, "data", NULL);

  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (backoffice, &error);
  g_assert_no_error (error);
  manifest = yc_data_find ("catalog/catalog.json");
  catalog = yc_catalog_load_file (manifest, &error);
  g_assert_no_error (error);
  yc_backoffice_catalog_import (backoffice, catalog, &error);
  g_assert_no_error (error);
  g_clear_object (&backoffice);
  yc_test_server_store_test_catalog (data_dir);
  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);

  for (guint w = 0; w < N_WINDOWS; w++)
    {
      g_autofree char *window = g_strdup_printf ("W%02u", w + 1);
      g_autofree char *user = g_strdup_printf ("clerk-%02u", w + 1);

      yc_backoffice_window_enroll (backoffice, HALL, window, NULL, &error);
      g_assert_no_error (error);
      principals[w] = yc_principal_new (user, user, YC_ROLE_CLERK, HALL, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      guint w = i % N_WINDOWS;
      g_autofree char *window = g_strdup_printf ("W%02u", w + 1);
      g_autofree char *user = g_strdup_printf ("clerk-%02u", w + 1);
      char *key;
      char *text = make_batch (window, user, &seq[w], &key);

      g_ptr_array_add (bodies, g_bytes_new_take (text, strlen (text)));
      g_ptr_array_add (keys, key);
    }

  checkpointer = yc_backoffice_sqlite_get_checkpointer (YC_BACKOFFICE_SQLITE (backoffice->storage));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *answer = NULL;

      if (i == WARM_UP)
        {
          yc_sqlite_checkpointer_get_stats (checkpointer, &before);
          cpu0 = cpu_ms ();
          wall0 = g_get_monotonic_time ();
        }
      if (i < WARM_UP)
        answer = yc_backoffice_push_text (backoffice, principals[i % N_WINDOWS], keys->pdata[i],
                                          bodies->pdata[i], &error);
      else
        answer = measured_push (backoffice, principals[i % N_WINDOWS], keys->pdata[i],
                                bodies->pdata[i], &error);
      g_assert_no_error (error);
      check_answer (answer);
    }
  yc_sqlite_checkpointer_get_stats (checkpointer, &after);

  {
    guint measured = n - WARM_UP;
    guint64 commits = after.commits - before.commits;
    guint64 frames = after.frames - before.frames;

    g_print ("# %u batches of %u case.accept (after %u warm-up): %.3f ms CPU, %.2f ms wall a batch\n",
             measured, OPS_PER_BATCH, WARM_UP, (cpu_ms () - cpu0) / measured,
             (g_get_monotonic_time () - wall0) / 1000.0 / measured);
    g_print ("# WAL: %" G_GUINT64_FORMAT " commits, %.1f frames a commit, %.2f frames an op;"
             " longest log %u pages, %u restarts\n",
             commits, commits > 0 ? (double) frames / commits : 0.0,
             (double) frames / (measured * OPS_PER_BATCH), after.max_wal_pages,
             after.restarts - before.restarts);
    g_print ("# checkpoints: %u passes of the thread (%" G_GUINT64_FORMAT " pages), %u waits of"
             " the writer for one (%u missed), %u run by the writer itself\n",
             after.thread_passes - before.thread_passes, after.thread_pages - before.thread_pages,
             after.restart_waits - before.restart_waits,
             after.restart_misses - before.restart_misses,
             after.inline_checkpoints - before.inline_checkpoints);
  }

  for (guint w = 0; w < N_WINDOWS; w++)
    yc_principal_unref (principals[w]);
  g_clear_object (&backoffice);
  yc_test_rm_rf (dir);
  return 0;
}
