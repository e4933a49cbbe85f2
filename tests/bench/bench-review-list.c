/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The review list with 1,000,000 cases (issue 7): a store whose case_parts hold a million
 * parts (bulk-inserted in one transaction), shown by YcCaseQueue in a 1280×900 window.
 *
 *  - time to open: the queue created (its query set) → the first frame painted with rows;
 *  - the orders of the million rows computed again (deadline, number, accepted latest
 *    first, a text search), each from set_query to "loading" false;
 *  - frame times while scrolling: a tick callback moves the list's adjustment every frame
 *    (600 frames of three rows each from the top, then 300 jumps to random places in the
 *    whole list, each of which reads a page of rows), timed from the tick to the frame
 *    clock's after-paint: p50 / p95 / max, and the intervals between frames;
 *  - peak RSS (VmHWM of /proc/self/status).
 *
 * Targets: frame p95 ≤ 16.7 ms, RSS ≤ 200 MB.  Printed next to them, never asserted.
 * Without a display it runs itself again under xvfb-run (GSK_RENDERER=cairo, as the UI
 * tests do).  The store is made in $YC_BENCH_DIR or the current directory (the build tree)
 * and removed afterwards (kept with YC_BENCH_KEEP); YC_BENCH_ROWS changes the number of
 * parts.  YC_BENCH_STORE names a store kept by an earlier run, used as it is and kept, so
 * that a change can be compared before and after without filling a million rows again.
 *
 * Instructions per frame, comparable on a busy machine: YC_BENCH_COLLECT=jumps (or smooth)
 * toggles callgrind's collection around exactly those frames, tick → after-paint, e.g.
 *   YC_BENCH_STORE=DIR YC_BENCH_SMOOTH=0 YC_BENCH_JUMPS=60 YC_BENCH_COLLECT=jumps \
 *   xvfb-run -a env GSK_RENDERER=cairo valgrind --tool=callgrind --collect-atstart=no \
 *   tests/bench/bench-review-list
 * then callgrind_annotate: its total divided by the jumps is the instructions per jump.
 * YC_BENCH_SMOOTH and YC_BENCH_JUMPS change the number of frames of each kind;
 * YC_BENCH_QUERIES=0 skips the orders recomputed (minutes under callgrind).
 */

#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined __has_include
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT
#endif

#include "yc-case-queue.h"
#include "yc-database.h"
#include "yc-store-private.h"
#include "../yc-test-store.h"

#define DEFAULT_ROWS   1000000
#define SMOOTH_FRAMES  600
#define JUMP_FRAMES    300
#define TARGET_FRAME_MS 16.7
#define TARGET_RSS_MB   200.0

static const char * const departments[] = { "market", "health", "sport", "culture", "housing",
                                            "tax", "police", "transport" };
static const char * const part_states_running[] = { "accepted", "in_review", "supplemented" };

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

  if (samples->len == 0)
    return 0.0;
  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static double
peak_rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0.0;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtod (line + strlen (field), NULL) / 1024.0 : 0.0;
}

static const char *
load_average (void)
{
  static char text[128];
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "unknown\n";
  g_strlcpy (text, contents, sizeof text);
  return text;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Cases and parts as the store writes them, made up: a hall of twenty windows, eight
 * departments, forty items, four months of acceptances; most clocks running, some paused
 * for a supplement, a few stopped. */
static void
fill_store (const char *directory,
            guint       rows)
{
  g_autofree char *path = g_build_filename (directory, YC_STORE_DATABASE_NAME, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  sqlite3 *db = NULL;
  sqlite3_stmt *cases = NULL, *parts = NULL;
  GDate start;
  gint64 t0 = g_get_monotonic_time ();

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, G_DATE_JULY, 2026);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  /* A throwaway file: no journal while filling, WAL again afterwards as the store wants. */
  exec_sql (db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;"
                "PRAGMA cache_size = -262144; BEGIN");
  sqlite3_prepare_v2 (db, "INSERT INTO cases (uuid, number, kind, subject_code, scenario, "
                          "catalog_version, applicant, decision, state, accepted_at, accepted_on, "
                          "version, updated_at, sync_state, server_version) VALUES (?1, ?2, 'item', "
                          "?3, '{}', '2026.1', '{}', 'accept', ?4, ?5, ?6, 1, ?5, 'synced', 1)",
                      -1, &cases, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO case_parts (case_uuid, department, part_state, claimed_by, "
                          "clock, deadline, fixed_late, fixed_remaining, accepted_on, accepted_at, "
                          "changed_at, number, subject_code, subject_name, applicant_name, hall, "
                          "window, open_urges, search) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                          "?10, ?10, ?11, ?12, ?13, ?14, 'HD01', ?15, ?16, ?17)",
                      -1, &parts, NULL);

  for (guint i = 0; i < rows; i++)
    {
      char uuid[37], number[40], window[8], subject[16], subject_name[64], applicant[32];
      char accepted_on[11], accepted_at[40], deadline[11];
      g_autofree char *search = NULL;
      g_autofree char *raw = NULL;
      GDate accepted = start, due;
      guint kind = g_rand_int_range (rand, 0, 100);
      guint item = g_rand_int_range (rand, 0, 40);
      const char *clock, *state;

      g_snprintf (uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", i, i);
      g_date_add_days (&accepted, g_rand_int_range (rand, 0, 140));
      g_snprintf (accepted_on, sizeof accepted_on, "%04u-%02u-%02u", g_date_get_year (&accepted),
                  g_date_get_month (&accepted), g_date_get_day (&accepted));
      g_snprintf (accepted_at, sizeof accepted_at, "%sT%02u:%02u:%02u.000000Z", accepted_on,
                  g_rand_int_range (rand, 0, 10), g_rand_int_range (rand, 0, 60), i % 60);
      g_snprintf (window, sizeof window, "W%02u", 1 + i % 20);
      g_snprintf (number, sizeof number, "HD01-%s-%04u%02u%02u-%06u", window,
                  g_date_get_year (&accepted), g_date_get_month (&accepted),
                  g_date_get_day (&accepted), i);
      g_snprintf (subject, sizeof subject, "ITEM%02u", item);
      g_snprintf (subject_name, sizeof subject_name, "事项%02u 营业执照变更登记", item);
      g_snprintf (applicant, sizeof applicant, "申请人%07u", i);
      due = accepted;
      g_date_add_days (&due, g_rand_int_range (rand, 1, 60));
      g_snprintf (deadline, sizeof deadline, "%04u-%02u-%02u", g_date_get_year (&due),
                  g_date_get_month (&due), g_date_get_day (&due));
      raw = g_strdup_printf ("%s\n%s\n%s\n%s", number, applicant, subject_name, subject);
      search = g_utf8_casefold (raw, -1);
      if (kind < 85)
        clock = "running", state = part_states_running[i % 3];
      else if (kind < 95)
        clock = "paused", state = "returned";
      else
        clock = "stopped", state = i % 2 ? "approved" : "rejected";

      sqlite3_reset (cases);
      sqlite3_bind_text (cases, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (cases, 2, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (cases, 3, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (cases, 4, clock[0] == 's' ? "ready" : "in_review", -1, SQLITE_STATIC);
      sqlite3_bind_text (cases, 5, accepted_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (cases, 6, accepted_on, -1, SQLITE_STATIC);
      if (sqlite3_step (cases) != SQLITE_DONE)
        g_error ("cases: %s", sqlite3_errmsg (db));

      sqlite3_reset (parts);
      sqlite3_clear_bindings (parts);
      sqlite3_bind_text (parts, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 2, departments[item % G_N_ELEMENTS (departments)], -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 3, state, -1, SQLITE_STATIC);
      if (i % 3 == 1)
        sqlite3_bind_text (parts, 4, "reviewer1", -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 5, clock, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 6, deadline, -1, SQLITE_STATIC);
      if (clock[0] != 'r')
        {
          sqlite3_bind_int (parts, 7, kind % 4 == 0);
          sqlite3_bind_int (parts, 8, g_rand_int_range (rand, -5, 20));
        }
      sqlite3_bind_text (parts, 9, accepted_on, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 10, accepted_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 11, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 12, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 13, subject_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 14, applicant, -1, SQLITE_STATIC);
      sqlite3_bind_text (parts, 15, window, -1, SQLITE_STATIC);
      sqlite3_bind_int (parts, 16, i % 97 == 0);
      sqlite3_bind_text (parts, 17, search, -1, SQLITE_STATIC);
      if (sqlite3_step (parts) != SQLITE_DONE)
        g_error ("case_parts: %s", sqlite3_errmsg (db));
    }
  sqlite3_finalize (cases);
  sqlite3_finalize (parts);
  exec_sql (db, "COMMIT; ANALYZE; PRAGMA journal_mode = WAL");
  sqlite3_close (db);
  printf ("store: %u cases and parts inserted in %.1f s\n", rows,
          (g_get_monotonic_time () - t0) / 1e6);
}

typedef struct {
  YcCaseQueue     *queue;
  YcCaseListModel *model;
  GtkAdjustment   *adjustment;
  GRand           *rand;
  gint64           opened_at;
  double           open_ms;
  gint64           tick_at;      /* the current frame's tick, or 0 */
  gint64           tick_cpu;     /* the main thread's CPU time then */
  gint64           last_paint;
  guint            frame;        /* scripted frames done */
  guint            smooth_frames;
  guint            jump_frames;
  const char      *collect;      /* "smooth" or "jumps": the frames callgrind counts */
  gboolean         collecting;
  gboolean         scrolling;
  gboolean         done;
  GArray          *work_ms;      /* tick → after-paint */
  GArray          *interval_ms;  /* after-paint → after-paint */
  GArray          *cpu_ms;       /* the main thread's CPU time, tick → after-paint */
  GArray          *smooth_ms;    /* work_ms of the smooth part … */
  GArray          *jump_ms;      /* … and of the jumps */
  GArray          *smooth_cpu_ms;  /* cpu_ms of the smooth part … */
  GArray          *jump_cpu_ms;    /* … and of the jumps */
} Bench;

/* On a machine shared with other work the wall-clock frame time measures the others too;
 * the main thread's own CPU time per frame does not. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *b = user_data;
  double upper = gtk_adjustment_get_upper (b->adjustment);
  double page = gtk_adjustment_get_page_size (b->adjustment);
  double value;

  if (!b->scrolling)
    return G_SOURCE_CONTINUE;
  if (b->frame >= b->smooth_frames + b->jump_frames)
    {
      b->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  b->tick_at = g_get_monotonic_time ();
  b->tick_cpu = thread_cpu_us ();
  if (b->collect != NULL
      && g_str_equal (b->collect, b->frame < b->smooth_frames ? "smooth" : "jumps"))
    {
      CALLGRIND_TOGGLE_COLLECT;
      b->collecting = TRUE;
    }
  if (b->frame < b->smooth_frames)
    value = gtk_adjustment_get_value (b->adjustment) + 3 * 32.0;
  else
    value = g_rand_double_range (b->rand, 0, MAX (0.0, upper - page));
  gtk_adjustment_set_value (b->adjustment, value);
  b->frame++;
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->collecting)
    {
      CALLGRIND_TOGGLE_COLLECT;
      b->collecting = FALSE;
    }
  if (b->open_ms == 0.0 && !yc_case_list_model_get_loading (b->model)
      && g_list_model_get_n_items (G_LIST_MODEL (b->model)) > 0)
    b->open_ms = (now - b->opened_at) / 1000.0;
  if (b->scrolling && b->tick_at != 0)
    {
      double work = (now - b->tick_at) / 1000.0;
      double cpu = (thread_cpu_us () - b->tick_cpu) / 1000.0;

      g_array_append_val (b->work_ms, work);
      g_array_append_val (b->cpu_ms, cpu);
      g_array_append_val (b->frame <= b->smooth_frames ? b->smooth_ms : b->jump_ms, work);
      g_array_append_val (b->frame <= b->smooth_frames ? b->smooth_cpu_ms : b->jump_cpu_ms, cpu);
      if (b->last_paint != 0)
        {
          double interval = (now - b->last_paint) / 1000.0;

          g_array_append_val (b->interval_ms, interval);
        }
      b->tick_at = 0;
    }
  b->last_paint = now;
}

/* The column view's own adjustment (the drop-downs' popovers have scrolled windows too). */
static GtkAdjustment *
find_vadjustment (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *found;

      if (GTK_IS_COLUMN_VIEW (child))
        return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child));
      found = find_vadjustment (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
run_until (gboolean *flag,
           double    seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!*flag && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
not_loading (YcCaseListModel *model)
{
  return !yc_case_list_model_get_loading (model);
}

static void
time_query (Bench      *b,
            const char *label,
            YcCaseSort  sort,
            const char *text)
{
  g_autoptr(YcCaseQuery) query = yc_case_query_new ();
  gint64 t0 = g_get_monotonic_time ();
  gint64 until = t0 + 120 * G_USEC_PER_SEC;

  query->sort = sort;
  query->text = g_strdup (text);
  yc_case_queue_set_query (b->queue, query);
  while (!not_loading (b->model) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  printf ("query %-28s %8u rows in %7.1f ms\n", label,
          g_list_model_get_n_items (G_LIST_MODEL (b->model)),
          (g_get_monotonic_time () - t0) / 1000.0);
}

static const char *self_path;

static int
run_bench (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  const char *rows_env = g_getenv ("YC_BENCH_ROWS");
  const char *reused = g_getenv ("YC_BENCH_STORE");
  guint rows = rows_env != NULL ? (guint) g_ascii_strtoull (rows_env, NULL, 10) : DEFAULT_ROWS;
  GtkWindow *window;
  GdkFrameClock *clock;
  Bench b = { 0 };
  gboolean shown = FALSE;

  parent = g_strdup (g_getenv ("YC_BENCH_DIR") != NULL ? g_getenv ("YC_BENCH_DIR") : ".");
  directory = g_build_filename (parent, "bench-review-list-XXXXXX", NULL);
  if (reused != NULL)
    {
      g_free (directory);
      directory = g_strdup (reused);
    }
  else if (g_mkdtemp (directory) == NULL)
    g_error ("cannot create %s", directory);

  /* The schema, then a million rows behind the store's back — in a child process, so that
   * its memory is not this one's peak — then the store again. */
  store = yc_store_open (directory, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  if (reused != NULL)
    printf ("store: the one in %s, as it is\n", reused);
  else
    {
      g_autofree char *rows_text = g_strdup_printf ("%u", rows);
      const char *fill_argv[] = { self_path, "--fill", directory, rows_text, NULL };
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) fill_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        g_error ("filling the store failed: %s", error->message);
    }
  store = yc_store_open (directory, &error);
  g_assert_no_error (error);
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  printf ("RSS before the window: %.1f MB (VmRSS)\n", peak_rss_mb ("VmRSS:"));

  b.rand = g_rand_new_with_seed (11);
  b.smooth_frames = g_getenv ("YC_BENCH_SMOOTH") != NULL
                    ? (guint) g_ascii_strtoull (g_getenv ("YC_BENCH_SMOOTH"), NULL, 10) : SMOOTH_FRAMES;
  b.jump_frames = g_getenv ("YC_BENCH_JUMPS") != NULL
                  ? (guint) g_ascii_strtoull (g_getenv ("YC_BENCH_JUMPS"), NULL, 10) : JUMP_FRAMES;
  b.collect = g_getenv ("YC_BENCH_COLLECT");
  b.work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.interval_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.smooth_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.jump_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.smooth_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.jump_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 900);
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);

  b.opened_at = g_get_monotonic_time ();
  b.queue = YC_CASE_QUEUE (yc_case_queue_new (store, calendar, YC_CASE_QUEUE_BOARD));
  b.model = yc_case_queue_get_model (b.queue);
  gtk_window_set_child (window, GTK_WIDGET (b.queue));
  {
    /* Every part, not only the open ones: the whole million. */
    g_autoptr(YcCaseQuery) query = yc_case_query_new ();

    yc_case_queue_set_query (b.queue, query);
  }
  while (b.open_ms == 0.0 && g_get_monotonic_time () - b.opened_at < 120 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  printf ("time to open (queue created → first frame with rows): %.1f ms for %u rows\n",
          b.open_ms, g_list_model_get_n_items (G_LIST_MODEL (b.model)));

  if (g_strcmp0 (g_getenv ("YC_BENCH_QUERIES"), "0") != 0)
    {
      time_query (&b, "number", YC_CASE_SORT_NUMBER, NULL);
      time_query (&b, "accepted latest first", YC_CASE_SORT_ACCEPTED_DESC, NULL);
      time_query (&b, "text \"申请人00012\"", YC_CASE_SORT_DEADLINE, "申请人00012");
      time_query (&b, "deadline (default)", YC_CASE_SORT_DEADLINE, NULL);
    }

  b.adjustment = find_vadjustment (GTK_WIDGET (b.queue));
  g_assert_nonnull (b.adjustment);
  /* Let the view settle before the scripted scroll. */
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  b.scrolling = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (b.queue), tick_cb, &b, NULL);
  run_until (&b.done, 300);
  shown = b.done;

  printf ("scrolling: %u frames (%u of three rows from the top, %u jumps into the list of "
          "%.0f px)%s\n", b.work_ms->len, b.smooth_frames, b.jump_frames,
          gtk_adjustment_get_upper (b.adjustment), shown ? "" : " — stopped after 300 s");
  {
    double max = b.work_ms->len > 0 ? percentile (b.work_ms, 1.0) : 0.0;

    printf ("frame time (tick → after-paint): p50 %.2f ms, p95 %.2f ms, max %.2f ms   "
            "(target p95 ≤ %.1f ms)\n", percentile (b.work_ms, 0.5), percentile (b.work_ms, 0.95),
            max, TARGET_FRAME_MS);
    printf ("frame CPU time of the main thread (tick → after-paint): p50 %.2f ms, p95 %.2f ms, "
            "max %.2f ms\n", percentile (b.cpu_ms, 0.5), percentile (b.cpu_ms, 0.95),
            percentile (b.cpu_ms, 1.0));
    printf ("  smooth scrolling (three rows a frame): p50 %.2f ms, p95 %.2f ms; jumps (a new "
            "page each): p50 %.2f ms, p95 %.2f ms\n", percentile (b.smooth_ms, 0.5),
            percentile (b.smooth_ms, 0.95), percentile (b.jump_ms, 0.5),
            percentile (b.jump_ms, 0.95));
    printf ("  main-thread CPU: smooth scrolling p50 %.2f ms, p95 %.2f ms; jumps p50 %.2f ms, "
            "p95 %.2f ms\n", percentile (b.smooth_cpu_ms, 0.5), percentile (b.smooth_cpu_ms, 0.95),
            percentile (b.jump_cpu_ms, 0.5), percentile (b.jump_cpu_ms, 0.95));
    printf ("frame interval: p50 %.2f ms, p95 %.2f ms\n", percentile (b.interval_ms, 0.5),
            percentile (b.interval_ms, 0.95));
    printf ("load average during the run: %s", load_average ());
  }
  printf ("peak RSS (VmHWM): %.1f MB   (target ≤ %.0f MB)\n", peak_rss_mb ("VmHWM:"),
          TARGET_RSS_MB);

  g_signal_handlers_disconnect_by_data (clock, &b);
  gtk_window_destroy (window);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_clear_object (&store);
  if (g_getenv ("YC_BENCH_KEEP") == NULL && reused == NULL)
    yc_test_rm_rf (directory);
  else
    printf ("store kept in %s\n", directory);
  g_array_unref (b.work_ms);
  g_array_unref (b.interval_ms);
  g_array_unref (b.cpu_ms);
  g_array_unref (b.smooth_ms);
  g_array_unref (b.jump_ms);
  g_array_unref (b.smooth_cpu_ms);
  g_array_unref (b.jump_cpu_ms);
  g_rand_free (b.rand);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  /* No display: again under a private X server, drawing with cairo as the UI tests do. */
  if (argc != 4 && g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL
      && g_getenv ("YC_BENCH_XVFB") == NULL)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      g_setenv ("YC_BENCH_XVFB", "1", TRUE);
      g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
      g_ptr_array_add (args, (char *) "xvfb-run");
      g_ptr_array_add (args, (char *) "-a");
      g_ptr_array_add (args, (char *) "-s");
      g_ptr_array_add (args, (char *) "-screen 0 1280x1024x24 -noreset");
      for (int i = 0; i < argc; i++)
        g_ptr_array_add (args, argv[i]);
      g_ptr_array_add (args, NULL);
      execvp ("xvfb-run", (char **) args->pdata);
      g_printerr ("xvfb-run could not be started; run under a display instead\n");
      return 1;
    }
  if (argc == 4 && g_str_equal (argv[1], "--fill"))
    {
      setvbuf (stdout, NULL, _IOLBF, 0);
      fill_store (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
      return 0;
    }
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  self_path = argv[0];

  /* The model logs where each order's time went (worker, announcing it to the view). */
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    g_setenv ("G_MESSAGES_DEBUG", "yc-case-list", TRUE);
  gtk_init ();
  adw_init ();
  setvbuf (stdout, NULL, _IOLBF, 0);
  return run_bench ();
}
