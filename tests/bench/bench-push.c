/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Push benchmark: the real `yichuang-backoffice serve` process (its path is the first
 * argument) on a free loopback port, 50 simulated windows — 50 clerks, each signed in from
 * its own window — pushing batches of 20 case.accept operations at once from one
 * load-generator process over async SoupSession requests.  Each window waits for its reply
 * before sending its next batch, as a counter's outbox does.
 *
 * Printed next to the server's own commit floor measured in the same run, in the same
 * directory: a raw SQLite transaction (WAL, synchronous=FULL, BEGIN IMMEDIATE) inserting 20
 * rows of the size of the pushed operations.  Targets: ops/s ≥ 0.3× the floor's, batch p99
 * < 100 ms.  Timings are printed, never asserted; wrong results (a rejected op, an HTTP
 * error) fail the benchmark.
 *
 * The directory is the current one (the build tree, a real disk) unless YC_BENCH_DIR names
 * another; /tmp may be a tmpfs where fsync costs nothing.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "yc-backoffice.h"
#include "yc-data.h"
#include "../yc-test-server.h"

#define N_WINDOWS          50
#define OPS_PER_BATCH      20
#define BATCHES_PER_WINDOW 20
#define TIME_BUDGET        (120 * G_TIME_SPAN_SECOND)
#define FLOOR_RUNS         200
#define HALL               "JB01"
#define DEPARTMENT         "scjg"

typedef struct _Bench Bench;

typedef struct {
  Bench     *bench;
  guint      index;
  char      *username;
  char      *window;
  char      *token;
  GPtrArray *bodies;      /* of GBytes: the batches to push, in order */
  GPtrArray *keys;        /* their Idempotency-Key (batch id) */
  guint      next;
  guint      sequence;    /* of its case numbers */
  gint64     sent_at;
} Window;

struct _Bench {
  GMainLoop   *loop;
  SoupSession *session;
  char        *base_url;
  Window       windows[N_WINDOWS];
  guint        running;
  gint64       deadline;
  GArray      *latencies;   /* of double, ms */
  guint        ops_ok;
  guint        failures;
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
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

static char *
window_code (guint index)
{
  return g_strdup_printf ("W%02u", index + 1);
}

static char *
clerk_name (guint index)
{
  return g_strdup_printf ("bench-clerk-%02u", index + 1);
}

static char *
clerk_password (guint index)
{
  return g_strdup_printf ("bench-password-%02u", index + 1);
}

/* The data directory of the server: the shipped catalog, one window and one clerk each. */
static void
seed (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new_default (&error);
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(GFile) manifest = yc_data_find ("catalog/catalog.json");

  g_assert_no_error (error);
  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (backoffice, &error);
  g_assert_no_error (error);
  catalog = yc_catalog_load_file (manifest, &error);
  g_assert_no_error (error);
  yc_backoffice_catalog_import (backoffice, catalog, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_WINDOWS; i++)
    {
      g_autofree char *window = window_code (i);
      g_autofree char *username = clerk_name (i);
      g_autofree char *password = clerk_password (i);

      yc_backoffice_window_enroll (backoffice, HALL, window, NULL, &error);
      g_assert_no_error (error);
      yc_backoffice_user_add (backoffice, username, username, YC_ROLE_CLERK, HALL, NULL,
                              password, &error);
      g_assert_no_error (error);
    }
}

/* The tests' case document (yc-test-server.c), made at this window with its own number. */
static JsonNode *
case_document (Window     *window,
               const char *uuid)
{
  JsonNode *node = yc_test_case_document (uuid, HALL, window->username, DEPARTMENT);
  JsonObject *document = json_node_get_object (node);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  g_autofree char *number = g_strdup_printf ("%s-%s-%s-%04u", HALL, window->window, day,
                                             ++window->sequence);

  json_object_set_string_member (document, "window", window->window);
  json_object_set_string_member (document, "number", number);
  return node;
}

/* One batch of case.accept operations of @window, as the counter's outbox pushes it. */
static GBytes *
make_batch (Window  *window,
            char   **out_batch_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created_at = g_date_time_format_iso8601 (now);
  g_autofree char *text = NULL;
  char *batch_id = yc_test_uuid ();
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < OPS_PER_BATCH; i++)
    {
      g_autofree char *uuid = yc_test_uuid ();
      g_autofree char *op_id = yc_test_uuid ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, op_id);
      json_builder_set_member_name (builder, "case_uuid");
      json_builder_add_string_value (builder, uuid);
      json_builder_set_member_name (builder, "base_version");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, "case.accept");
      json_builder_set_member_name (builder, "payload");
      json_builder_add_value (builder, case_document (window, uuid));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  *out_batch_id = batch_id;
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

/* The floor: what one such batch costs SQLite itself on this disk. */
static void
measure_floor (const char *dir,
               gsize       row_size,
               GArray     *samples)
{
  g_autofree char *path = g_build_filename (dir, "floor.db", NULL);
  g_autofree char *row = g_malloc (row_size + 1);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  memset (row, 'x', row_size);
  row[row_size] = '\0';

  if (sqlite3_open (path, &db) != SQLITE_OK
      || sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       "CREATE TABLE ops (op_id TEXT PRIMARY KEY, body TEXT NOT NULL)",
                       NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "INSERT INTO ops (op_id, body) VALUES (?, ?)", -1, &insert, NULL) != SQLITE_OK)
    g_error ("floor database: %s", sqlite3_errmsg (db));

  for (guint run = 0; run < FLOOR_RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        g_error ("floor begin: %s", sqlite3_errmsg (db));
      for (guint i = 0; i < OPS_PER_BATCH; i++)
        {
          g_autofree char *op_id = yc_test_uuid ();

          sqlite3_bind_text (insert, 1, op_id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (insert, 2, row, (int) row_size, SQLITE_STATIC);
          if (sqlite3_step (insert) != SQLITE_DONE)
            g_error ("floor insert: %s", sqlite3_errmsg (db));
          sqlite3_reset (insert);
        }
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        g_error ("floor commit: %s", sqlite3_errmsg (db));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }

  sqlite3_finalize (insert);
  sqlite3_close (db);
}

/* Starts the server and returns its base URL (read from its "listening on" line). */
static GSubprocess *
start_server (const char  *executable,
              const char  *data_dir,
              char       **out_base_url)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  /* The access log of 1000 requests is not what is measured: keep it out of the way. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, executable, "--config", "/dev/null",
                                         "--data-dir", data_dir, "serve", "--listen", "127.0.0.1",
                                         "--port", "0", NULL);
  g_assert_no_error (error);

  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://"))
    g_error ("the server did not start (its first line: %s)", line != NULL ? line : "none");
  *out_base_url = g_strdup (line + strlen ("listening on "));
  return process;
}

static void window_send (Window *window);

static void
push_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Window *window = user_data;
  Bench *bench = window->bench;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  double ms = (g_get_monotonic_time () - window->sent_at) / 1000.0;
  JsonArray *results;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      if (bench->failures++ == 0)
        g_printerr ("push by %s failed: %s %s\n", window->username,
                    error != NULL ? error->message : soup_message_get_reason_phrase (msg),
                    body != NULL ? (const char *) g_bytes_get_data (body, NULL) : "");
    }
  else
    {
      g_array_append_val (bench->latencies, ms);
      root = json_from_string (g_bytes_get_data (body, NULL), &error);
      g_assert_no_error (error);
      results = json_object_get_array_member (json_node_get_object (root), "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *op = json_array_get_object_element (results, i);
          const char *outcome = json_object_get_string_member (op, "result");

          if (g_str_equal (outcome, "ok"))
            bench->ops_ok++;
          else if (bench->failures++ == 0)
            g_printerr ("op of %s: %s %s %s\n", window->username, outcome,
                        json_object_get_string_member_with_default (op, "code", ""),
                        json_object_get_string_member_with_default (op, "reason", ""));
        }
    }
  g_object_unref (msg);

  window->next++;
  window_send (window);
}

static void
window_send (Window *window)
{
  Bench *bench = window->bench;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *msg;

  if (window->next >= window->bodies->len || g_get_monotonic_time () > bench->deadline)
    {
      if (--bench->running == 0)
        g_main_loop_quit (bench->loop);
      return;
    }

  url = g_strconcat (bench->base_url, "/api/v1/sync/push", NULL);
  authorization = g_strconcat ("Bearer ", window->token, NULL);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", authorization);
  soup_message_headers_append (soup_message_get_request_headers (msg), "Idempotency-Key",
                               g_ptr_array_index (window->keys, window->next));
  soup_message_set_request_body_from_bytes (msg, "application/json",
                                            g_ptr_array_index (window->bodies, window->next));
  window->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL, push_done_cb, window);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Window *window = user_data;
  Bench *bench = window->bench;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED && soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("sign-in of %s: %u %s", window->username, soup_message_get_status (msg),
             (const char *) g_bytes_get_data (body, NULL));
  root = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  window->token = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
  g_object_unref (msg);

  if (--bench->running == 0)
    g_main_loop_quit (bench->loop);
}

static void
sign_in_all (Bench *bench)
{
  g_autofree char *url = g_strconcat (bench->base_url, "/api/v1/sessions", NULL);

  bench->running = N_WINDOWS;
  for (guint i = 0; i < N_WINDOWS; i++)
    {
      Window *window = &bench->windows[i];
      g_autofree char *password = clerk_password (i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GBytes) body = NULL;
      SoupMessage *msg = soup_message_new (SOUP_METHOD_POST, url);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, window->username);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, password);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      body = g_bytes_new (text, strlen (text));
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL, sign_in_done_cb, window);
    }
  g_main_loop_run (bench->loop);
}

int
main (int   argc,
      char *argv[])
{
  const char *executable = argc > 1 ? argv[1] : g_getenv ("YC_BACKOFFICE_EXE");
  const char *base = g_getenv ("YC_BENCH_DIR");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GArray) floor_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  gsize total_bytes = 0;
  guint n_batches = 0;
  double elapsed_s, ops_per_s, floor_total_ms = 0, floor_ops_per_s;
  double p50, p99, floor_p50, floor_p99;
  gint64 start;

  if (executable == NULL)
    g_error ("give the path of yichuang-backoffice as the first argument");

  dir = g_build_filename (base != NULL ? base : cwd, "bench-push-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("cannot make %s", dir);
  data_dir = g_build_filename (dir, "data", NULL);

  printf ("# push: %d windows × %d batches × %d case.accept ops, in %s\n",
          N_WINDOWS, BATCHES_PER_WINDOW, OPS_PER_BATCH, dir);
  fflush (stdout);
  seed (data_dir);

  /* Every batch is made before the clock starts: the load generator measures the server. */
  for (guint i = 0; i < N_WINDOWS; i++)
    {
      Window *window = &bench.windows[i];

      window->bench = &bench;
      window->index = i;
      window->username = clerk_name (i);
      window->window = window_code (i);
      window->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      window->keys = g_ptr_array_new_with_free_func (g_free);
      for (guint b = 0; b < BATCHES_PER_WINDOW; b++)
        {
          char *key = NULL;
          GBytes *body = make_batch (window, &key);

          total_bytes += g_bytes_get_size (body);
          n_batches++;
          g_ptr_array_add (window->bodies, body);
          g_ptr_array_add (window->keys, key);
        }
    }

  /* The floor first, on the same disk, with rows as large as the pushed operations. */
  measure_floor (dir, total_bytes / n_batches / OPS_PER_BATCH, floor_samples);
  for (guint i = 0; i < floor_samples->len; i++)
    floor_total_ms += g_array_index (floor_samples, double, i);
  floor_ops_per_s = floor_samples->len * OPS_PER_BATCH / (floor_total_ms / 1000.0);
  floor_p50 = percentile (floor_samples, 0.50);
  floor_p99 = percentile (floor_samples, 0.99);

  server = start_server (executable, data_dir, &bench.base_url);
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.session = soup_session_new_with_options ("max-conns", N_WINDOWS * 2,
                                                 "max-conns-per-host", N_WINDOWS * 2,
                                                 "timeout", 60,
                                                 NULL);
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  sign_in_all (&bench);

  bench.running = N_WINDOWS;
  bench.deadline = g_get_monotonic_time () + TIME_BUDGET;
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_WINDOWS; i++)
    window_send (&bench.windows[i]);
  g_main_loop_run (bench.loop);
  elapsed_s = (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND;

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);

  if (bench.latencies->len == 0)
    g_error ("no batch was pushed successfully");
  ops_per_s = bench.ops_ok / elapsed_s;
  p50 = percentile (bench.latencies, 0.50);
  p99 = percentile (bench.latencies, 0.99);

  printf ("#   pushed: %u batches, %u ops ok, %u failures, %.2f s, %zu bytes per op\n",
          bench.latencies->len, bench.ops_ok, bench.failures, elapsed_s,
          total_bytes / n_batches / OPS_PER_BATCH);
  printf ("#   push (HTTP, 50 windows)        %8.0f ops/s   batch p50 %7.2f ms   p99 %7.2f ms\n",
          ops_per_s, p50, p99);
  printf ("#   floor (SQLite txn, 20 rows)    %8.0f ops/s   txn   p50 %7.2f ms   p99 %7.2f ms\n",
          floor_ops_per_s, floor_p50, floor_p99);
  printf ("#   ratio push/floor               %8.2f×        (target ≥ 0.3×: %s)\n",
          ops_per_s / floor_ops_per_s, ops_per_s / floor_ops_per_s >= 0.3 ? "met" : "NOT met");
  printf ("#   batch p99                      %8.2f ms      (target < 100 ms: %s)\n",
          p99, p99 < 100.0 ? "met" : "NOT met");

  for (guint i = 0; i < N_WINDOWS; i++)
    {
      g_free (bench.windows[i].username);
      g_free (bench.windows[i].window);
      g_free (bench.windows[i].token);
      g_ptr_array_unref (bench.windows[i].bodies);
      g_ptr_array_unref (bench.windows[i].keys);
    }
  g_array_unref (bench.latencies);
  g_object_unref (bench.session);
  g_main_loop_unref (bench.loop);
  g_free (bench.base_url);
  remove_tree (dir);

  return bench.failures == 0 ? 0 : 1;
}
