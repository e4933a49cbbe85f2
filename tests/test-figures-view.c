/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-chart.h"
#include "yc-figures-view.h"
#include "yc-format.h"
#include "yc-session-manager.h"
#include "yc-store-meta.h"
#include "yc-test-server.h"
/* The case fixtures have a yc_test_op of their own, unrelated to the server's. */
#define yc_test_op yc_test_case_op
#include "yc-test-store.h"
#undef yc_test_op

/*
 * The figures view in process, against the real back office (tests/yc-test-server.c): a
 * supervisor's figures of today with two cases accepted at JB01-W01 for scjg (committed 5
 * working days against a statutory 20), the charts and the tables filled, the CSV export
 * read back byte for byte; custom dates validated; offline, the figures kept in the store
 * with the time they were fetched; the periods of the presets.
 */

static YcTestServer *server;
static gboolean cases_accepted;

typedef struct {
  char               *dir;
  YcStore            *store;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
} Fixture;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
wait_idle (YcFiguresView *view)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  do
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  while (yc_figures_view_is_busy (view));
}

static void
push_accept (const char *uuid)
{
  g_autofree char *key = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *batch = yc_test_batch (key, yc_test_op ("case.accept", uuid, 0, document), NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);

  g_assert_cmpuint (response->status, ==, 200);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!cases_accepted)
    {
      g_autofree char *a = yc_test_uuid ();
      g_autofree char *b = yc_test_uuid ();

      push_accept (a);
      push_accept (b);
      cases_accepted = TRUE;
    }
  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (f->client, 5);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  yc_session_manager_sign_in_async (f->sessions, "super", "super-pw", NULL, done_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sessions);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
collect_charts (GtkWidget *widget,
                GPtrArray *charts)
{
  if (YC_IS_CHART (widget))
    g_ptr_array_add (charts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_charts (child, charts);
}

static YcChart *
find_chart (GtkWidget  *view,
            const char *title)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  collect_charts (view, charts);
  for (guint i = 0; i < charts->len; i++)
    if (g_str_equal (yc_chart_get_title (g_ptr_array_index (charts, i)), title))
      return g_ptr_array_index (charts, i);
  g_error ("no chart %s", title);
  return NULL;
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static GtkWidget *
new_view (Fixture *f)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = yc_figures_view_new (f->store, f->sessions);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  return view;
}

static void
test_online_and_export (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *view = new_view (f);
  YcFiguresView *figures = YC_FIGURES_VIEW (view);
  g_autofree char *today = today_iso ();
  g_autofree char *csv_path = g_build_filename (f->dir, "figures.csv", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *kept = NULL;
  g_auto(GStrv) lines = NULL;
  const YcStats *stats;
  gsize length;

  yc_figures_view_set_preset (figures, YC_FIGURES_TODAY);
  wait_idle (figures);
  stats = yc_figures_view_get_stats (figures);
  g_assert_nonnull (stats);
  g_assert_false (yc_figures_view_is_offline (figures));
  g_assert_cmpuint (stats->total.cases, ==, 2);
  g_assert_cmpuint (stats->total.by_decision[YC_DECISION_ACCEPT], ==, 2);
  {
    /* The period as the user reads dates (yc-format.h): "November 23, 2026" here */
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now), g_date_time_get_year (now));
    g_autofree char *shown = yc_format_date (day);
    g_autofree char *period = g_strdup_printf ("%s to %s", shown, shown);

    g_assert_nonnull (strstr (yc_figures_view_get_message (figures), period));
  }

  /* The charts say their values to a screen reader. */
  g_assert_cmpuint (yc_chart_get_n_rows (find_chart (view, "Cases by decision")), ==, YC_N_DECISIONS);
  g_assert_cmpuint (yc_chart_get_n_rows (find_chart (view, "Cases by department")), ==, 1);
  summary = yc_chart_dup_summary (find_chart (view, "Cases by window"));
  g_assert_cmpstr (summary, ==, "Cases by window: test window (JB01-W01) 2");

  /* Kept for offline use. */
  kept = yc_store_get_meta (f->store, YC_FIGURES_META_LAST, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kept, "\"fetched_at\""));

  yc_figures_view_save_csv_async (figures, csv_file, NULL, done_cb, &result);
  g_assert_true (yc_figures_view_save_csv_finish (figures, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &contents, &length, &error));
  g_assert_no_error (error);

  /* UTF-8 with a byte order mark, CRLF rows. */
  g_assert_cmpuint (length, >, 3);
  g_assert_true (memcmp (contents, "\xEF\xBB\xBF", 3) == 0);
  lines = g_strsplit (contents + 3, "\r\n", -1);
  {
    g_autofree char *period = g_strdup_printf ("Period,%s,%s", today, today);

    g_assert_cmpstr (lines[0], ==, period);
  }
  g_assert_true (g_str_has_prefix (lines[1], "Computed by the back office at,"));
  g_assert_true (g_str_has_prefix (lines[2], "Fetched at,"));
  g_assert_cmpstr (lines[3], ==, "");
  g_assert_cmpstr (lines[4], ==,
                   "Level,Code,Name,Cases,Accept,Accept with tolerance,Accept on pledge,"
                   "One-time notice,Refuse,At most one trip,At-most-one-trip share,Done at once,"
                   "Done-at-once rate,Decided,Average stages,Committed time limit compression,"
                   "Actual time limit compression,Overdue,Rated,Very dissatisfied,Dissatisfied,"
                   "Fairly satisfied,Satisfied,Very satisfied,Average rating,Satisfaction rate");
  /* Two accepted, both one trip, none at once; committed 1 − 5/20; nothing decided or rated
   * (empty cells). */
  g_assert_cmpstr (lines[5], ==, "Whole hall,,,2,2,0,0,0,0,2,1.0000,0,0.0000,0,,0.7500,,0,0,0,0,0,0,0,,");
  g_assert_true (g_str_has_prefix (lines[6], "Department,scjg,"));
  g_assert_true (g_str_has_suffix (lines[6], ",2,2,0,0,0,0,2,1.0000,0,0.0000,0,,0.7500,,0,0,0,0,0,0,0,,"));
  g_assert_cmpstr (lines[7], ==, "Window,JB01-W01,test window,2,2,0,0,0,0,2,1.0000,0,0.0000,0,,0.7500,,0,0,0,0,0,0,0,,");
  g_assert_cmpstr (lines[8], ==, "");
  g_assert_null (lines[9]);

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (view)));
}

static void
test_custom_validated (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *view = new_view (f);
  YcFiguresView *figures = YC_FIGURES_VIEW (view);
  g_autofree char *today = today_iso ();

  wait_idle (figures);
  yc_figures_view_set_custom (figures, "2026-13-01", "2026-11-30");
  g_assert_false (yc_figures_view_is_busy (figures));
  g_assert_cmpstr (yc_figures_view_get_message (figures), ==,
                   "Enter both dates as YYYY-MM-DD, the first not after the last.");
  yc_figures_view_set_custom (figures, "2026-11-30", "2026-11-01");
  g_assert_false (yc_figures_view_is_busy (figures));
  g_assert_cmpstr (yc_figures_view_get_message (figures), ==,
                   "Enter both dates as YYYY-MM-DD, the first not after the last.");

  /* Valid: asked at once. */
  yc_figures_view_set_custom (figures, today, today);
  wait_idle (figures);
  g_assert_cmpuint (yc_figures_view_get_stats (figures)->total.cases, ==, 2);

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (view)));
}

static void
test_offline_kept (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view;
  YcFiguresView *figures;

  /* Nothing kept yet, and offline. */
  yc_session_manager_drop_online (f->sessions);
  view = new_view (f);
  figures = YC_FIGURES_VIEW (view);
  wait_idle (figures);
  g_assert_null (yc_figures_view_get_stats (figures));
  g_assert_cmpstr (yc_figures_view_get_message (figures), ==,
                   "You are working offline. No figures were fetched on this computer before.");
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (view)));

  /* Kept by an earlier fetch (as the view keeps it). */
  {
    g_autoptr(GError) error = NULL;
    const char *kept_stats = "{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\","
      "\"generated_at\":\"2026-11-30T18:00:00+08:00\",\"cases\":7,"
      "\"by_decision\":{\"accept\":7,\"accept_with_tolerance\":0,\"accept_on_pledge\":0,"
      "\"one_time_notice\":0,\"refuse\":0},\"accepted\":7,\"one_trip\":7,\"one_trip_share\":1.0,"
      "\"at_once\":0,\"at_once_share\":0.0,\"decided\":0,\"average_stages\":null,"
      "\"compression\":{\"committed\":{\"cases\":7,\"average\":0.75},\"actual\":{\"cases\":0,\"average\":null}},"
      "\"overdue\":0,\"satisfaction\":{\"rated\":0,\"levels\":[0,0,0,0,0],\"average\":null,\"satisfied_share\":null},"
      "\"by_department\":[],\"by_window\":[]}";
    g_autofree char *kept = g_strdup_printf ("{\"fetched_at\": \"2026-11-30T18:05:00+08:00\", \"stats\": %s}", kept_stats);

    g_assert_true (yc_store_set_meta (f->store, YC_FIGURES_META_LAST, kept, &error));
    g_assert_no_error (error);
  }
  view = new_view (f);
  figures = YC_FIGURES_VIEW (view);
  wait_idle (figures);
  g_assert_true (yc_figures_view_is_offline (figures));
  g_assert_cmpuint (yc_figures_view_get_stats (figures)->total.cases, ==, 7);
  {
    /* The time it was fetched, in the locale's format (yc-format.h) */
    g_autofree char *when = yc_format_iso_date_time ("2026-11-30T18:05:00+08:00", NULL);
    g_autofree char *expected = g_strdup_printf ("You are working offline. Showing the figures "
                                                 "fetched at %s, ", when);

    g_assert_nonnull (strstr (when, ", 2026 "));  /* "November 30, 2026 18:05", not ISO */
    g_assert_true (g_str_has_prefix (yc_figures_view_get_message (figures), expected));
  }
  g_assert_true (g_str_has_suffix (yc_figures_view_get_message (figures),
                                   ", for November 1, 2026 to November 30, 2026."));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (view)));
}

/* Last: stops the back office. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *view = new_view (f);
  YcFiguresView *figures = YC_FIGURES_VIEW (view);

  wait_idle (figures);
  g_assert_false (yc_figures_view_is_offline (figures));
  yc_test_server_stop (server);
  yc_figures_view_refresh (figures);
  wait_idle (figures);
  /* What the first refresh fetched and kept is still shown, marked. */
  g_assert_true (yc_figures_view_is_offline (figures));
  g_assert_cmpuint (yc_figures_view_get_stats (figures)->total.cases, ==, 2);
  g_assert_true (g_str_has_prefix (yc_figures_view_get_message (figures),
                                   "The back office cannot be reached. Showing the figures fetched at "));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (view)));
}

static void
test_presets (void)
{
  static const struct {
    const char      *today;
    YcFiguresPreset  preset;
    const char      *from;
  } cases[] = {
    { "2026-11-25", YC_FIGURES_TODAY, "2026-11-25" },
    { "2026-11-25", YC_FIGURES_THIS_WEEK, "2026-11-23" },   /* Wednesday: from Monday */
    { "2026-11-29", YC_FIGURES_THIS_WEEK, "2026-11-23" },   /* Sunday */
    { "2026-11-23", YC_FIGURES_THIS_WEEK, "2026-11-23" },
    { "2026-11-25", YC_FIGURES_THIS_MONTH, "2026-11-01" },
    { "2026-11-25", YC_FIGURES_LAST_30_DAYS, "2026-10-27" },
    { "2026-03-01", YC_FIGURES_LAST_30_DAYS, "2026-01-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate today, from, to;
      g_autofree char *from_text = NULL;
      g_autofree char *to_text = NULL;

      g_assert_true (yc_date_parse_iso (cases[i].today, &today));
      yc_figures_preset_range (cases[i].preset, &today, &from, &to);
      from_text = yc_date_format_iso (&from);
      to_text = yc_date_format_iso (&to);
      g_assert_cmpstr (from_text, ==, cases[i].from);
      g_assert_cmpstr (to_text, ==, cases[i].today);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/figures-view/presets", test_presets);
  ADD ("/figures-view/online-and-export", test_online_and_export);
  ADD ("/figures-view/custom-validated", test_custom_validated);
  ADD ("/figures-view/offline-kept", test_offline_kept);
  ADD ("/figures-view/unreachable", test_unreachable);
#undef ADD

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
