/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "yc-backoffice-client-stats.h"
#include "yc-sync-error.h"
#include "yc-test-server.h"

/*
 * yc_backoffice_client_get_stats against the real back office (tests/yc-test-server.c):
 * three cases accepted today (two at JB01-W01 for scjg, one at JB02-W01 for sw; committed
 * 5 working days against a statutory 20: compression 0.75), one of them approved today (its
 * clock ran 0 days: actual compression 1), read back as a supervisor; the strict reading of
 * answers; refusals; offline.
 */

static YcTestServer *server;

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static YcBackofficeClient *
signed_in_client (const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strconcat (username, "-pw", NULL);
  YcBackofficeClient *client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_autoptr(YcSignIn) sign_in = NULL;
  Wait wait = { NULL };

  g_assert_no_error (error);
  yc_backoffice_client_sign_in_async (client, username, password, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  sign_in = yc_backoffice_client_sign_in_finish (client, wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  return client;
}

static YcStats *
get_stats (YcBackofficeClient  *client,
           const GDate         *from,
           const GDate         *to,
           GError             **error)
{
  Wait wait = { NULL };
  YcStats *stats;

  yc_backoffice_client_get_stats_async (client, from, to, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  stats = yc_backoffice_client_get_stats_finish (client, wait.result, error);
  g_clear_object (&wait.result);
  return stats;
}

static void
push_ok (const char *username,
         JsonNode   *op)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *batch = yc_test_batch (key, op, NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (server, yc_test_server_token (server, username), key, batch);
  JsonObject *result;

  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
}

static char *
accept_case (const char *clerk,
             const char *hall,
             const char *department)
{
  char *uuid = yc_test_uuid ();

  push_ok (clerk, yc_test_op ("case.accept", uuid, 0, yc_test_case_document (uuid, hall, clerk, department)));
  return uuid;
}

static void
today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static const YcFiguresGroup *
find_group (GPtrArray  *groups,
            const char *key)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const YcFiguresGroup *group = g_ptr_array_index (groups, i);

      if (g_str_equal (group->key, key))
        return group;
    }
  g_error ("no group %s", key);
  return NULL;
}

static void
test_figures (void)
{
  g_autoptr(YcBackofficeClient) super = signed_in_client ("super");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStats) stats = NULL;
  g_autoptr(YcStats) copy = NULL;
  g_autoptr(YcStats) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  const YcFiguresGroup *scjg, *sw, *w1, *w2;
  GDate day;

  today (&day);
  first = accept_case ("clerk-a", YC_TEST_HALL_A, "scjg");
  second = accept_case ("clerk-a", YC_TEST_HALL_A, "scjg");
  third = accept_case ("clerk-b", YC_TEST_HALL_B, "sw");
  push_ok ("rev-scjg", yc_test_op ("review.claim", first, 1, yc_test_json ("{\"department\": \"scjg\"}")));
  push_ok ("rev-scjg", yc_test_op ("review.approve", first, 2, yc_test_json ("{\"department\": \"scjg\"}")));

  stats = get_stats (super, &day, &day, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&stats->from, &day), ==, 0);
  g_assert_cmpint (g_date_compare (&stats->to, &day), ==, 0);
  g_assert_nonnull (stats->generated_at);

  g_assert_cmpuint (stats->total.cases, ==, 3);
  g_assert_cmpuint (stats->total.by_decision[YC_DECISION_ACCEPT], ==, 3);
  g_assert_cmpuint (stats->total.by_decision[YC_DECISION_REFUSE], ==, 0);
  g_assert_cmpuint (stats->total.accepted, ==, 3);
  g_assert_cmpuint (stats->total.one_trip, ==, 3);
  g_assert_cmpfloat_with_epsilon (stats->total.one_trip_share, 1.0, 1e-9);
  g_assert_cmpuint (stats->total.at_once, ==, 0);
  g_assert_cmpfloat_with_epsilon (stats->total.at_once_share, 0.0, 1e-9);
  g_assert_cmpuint (stats->total.decided, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->total.average_stages, 2.0, 1e-9);
  g_assert_cmpuint (stats->total.committed_cases, ==, 3);
  g_assert_cmpfloat_with_epsilon (stats->total.committed_compression, 0.75, 1e-9);
  g_assert_cmpuint (stats->total.actual_cases, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats->total.actual_compression, 1.0, 1e-9);
  g_assert_cmpuint (stats->total.overdue, ==, 0);
  /* Nobody rated: the average and the share are undefined, not 0. */
  g_assert_cmpuint (stats->total.rated, ==, 0);
  g_assert_true (isnan (stats->total.rating_average));
  g_assert_true (isnan (stats->total.satisfied_share));

  g_assert_cmpuint (stats->by_department->len, ==, 2);
  scjg = find_group (stats->by_department, "scjg");
  g_assert_cmpuint (scjg->figures.cases, ==, 2);
  g_assert_cmpuint (scjg->figures.decided, ==, 1);
  g_assert_null (scjg->hall);
  sw = find_group (stats->by_department, "sw");
  g_assert_cmpuint (sw->figures.cases, ==, 1);
  g_assert_true (isnan (sw->figures.average_stages));
  g_assert_cmpuint (stats->by_window->len, ==, 2);
  w1 = find_group (stats->by_window, "JB01-W01");
  g_assert_cmpstr (w1->hall, ==, YC_TEST_HALL_A);
  g_assert_cmpstr (yc_figures_group_get_label (w1), ==, "test window");
  g_assert_cmpuint (w1->figures.cases, ==, 2);
  w2 = find_group (stats->by_window, "JB02-W01");
  g_assert_cmpuint (w2->figures.cases, ==, 1);

  /* What the app keeps for offline use reads back the same. */
  g_assert_nonnull (stats->json);
  again = yc_stats_parse (stats->json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->total.cases, ==, 3);
  g_assert_cmpfloat_with_epsilon (again->total.committed_compression, 0.75, 1e-9);
  g_assert_cmpuint (again->by_window->len, ==, 2);
  copy = yc_stats_copy (stats);
  g_assert_cmpstr (copy->json, ==, stats->json);
  g_assert_cmpstr (((YcFiguresGroup *) g_ptr_array_index (copy->by_department, 0))->key, ==,
                   ((YcFiguresGroup *) g_ptr_array_index (stats->by_department, 0))->key);
}

static void
test_strict (void)
{
  static const char *answers[] = {
    "",
    "[]",
    "{\"from\": \"2026-11-01\"}",
    /* a figure the app does not know: a typo on either side */
    "{\"from\": \"2026-11-01\", \"to\": \"2026-11-30\", \"generated_at\": \"2026-12-01T10:00:00+08:00\","
    " \"casse\": 1}",
  };
  g_autoptr(YcBackofficeClient) super = signed_in_client ("super");
  g_autoptr(YcStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  GDate day;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(YcStats) parsed = yc_stats_parse (answers[i], -1, &error);

      g_assert_null (parsed);
      g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  /* A real answer with one level count taken away. */
  today (&day);
  stats = get_stats (super, &day, &day, &error);
  g_assert_no_error (error);
  broken = g_strdup (stats->json);
  {
    char *levels = strstr (broken, "\"levels\":[");

    g_assert_nonnull (levels);
    levels += strlen ("\"levels\":[");
    memmove (levels, strchr (levels, ',') + 1, strlen (strchr (levels, ',') + 1) + 1);
  }
  g_assert_null (yc_stats_parse (broken, -1, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "levels"));
}

static void
test_refused (void)
{
  g_autoptr(YcBackofficeClient) clerk = signed_in_client ("clerk-a");
  g_autoptr(YcBackofficeClient) super = signed_in_client ("super");
  g_autoptr(GError) error = NULL;
  GDate day, before;

  today (&day);
  before = day;
  g_date_subtract_days (&before, 1);
  g_assert_null (get_stats (clerk, &day, &day, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (get_stats (super, &day, &before, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
}

static void
test_offline (void)
{
  g_autoptr(YcBackofficeClient) super = signed_in_client ("super");
  g_autoptr(GError) error = NULL;
  GDate day;

  today (&day);
  yc_test_server_stop (server);
  g_assert_null (get_stats (super, &day, &day, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

  g_test_add_func ("/backoffice-client/stats/figures", test_figures);
  g_test_add_func ("/backoffice-client/stats/strict", test_strict);
  g_test_add_func ("/backoffice-client/stats/refused", test_refused);
  /* Last: it stops the server. */
  g_test_add_func ("/backoffice-client/stats/offline", test_offline);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
