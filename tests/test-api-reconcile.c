/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/*
 * GET /api/v1/reconciliation (日结对账) against the real server: the count and hash of the
 * cases one window sent on one day, computed here independently from what was pushed, and
 * who may ask.
 */

static YcTestServer *server;
static GPtrArray *lines_a;   /* "<uuid>|<number>\n" of the cases JB01-W01 sent today */
static char *today;
static char *yesterday;

static char *
accept_case (const char *clerk,
             const char *hall)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *uuid = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, hall, clerk, "scjg");
  g_autofree char *number = g_strdup (json_object_get_string_member (json_node_get_object (document), "number"));
  g_autofree char *batch = yc_test_batch (key, yc_test_op ("case.accept", uuid, 0, document), NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (server, yc_test_server_token (server, clerk), key, batch);
  JsonObject *result;

  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  return g_strdup_printf ("%s|%s\n", uuid, number);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The hash as docs/API.md defines it, from the lines themselves. */
static char *
expected_hash (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (text, g_ptr_array_index (lines, i));
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
}

static YcTestResponse *
reconcile (const char *user,
           const char *query)
{
  g_autofree char *path = g_strconcat ("/api/v1/reconciliation?", query, NULL);

  return yc_test_server_get (server, path, user != NULL ? yc_test_server_token (server, user) : NULL);
}

static void
test_count_and_hash (void)
{
  g_autofree char *query = g_strdup_printf ("day=%s&hall=%s&window=W01", today, YC_TEST_HALL_A);
  g_autoptr(YcTestResponse) response = reconcile ("clerk-a", query);
  g_autofree char *hash = expected_hash (lines_a);
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "day"), ==, today);
  g_assert_cmpstr (json_object_get_string_member (object, "hall"), ==, YC_TEST_HALL_A);
  g_assert_cmpstr (json_object_get_string_member (object, "window"), ==, "W01");
  /* Hall B's case of the same day and window code is not counted. */
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, lines_a->len);
  g_assert_cmpstr (json_object_get_string_member (object, "hash"), ==, hash);
}

static void
test_grows_with_a_case (void)
{
  g_autofree char *query = g_strdup_printf ("day=%s&hall=%s&window=W01", today, YC_TEST_HALL_A);
  g_autoptr(YcTestResponse) before = reconcile ("super", query);
  g_autoptr(YcTestResponse) after = NULL;
  g_autofree char *hash = NULL;
  JsonObject *object;

  g_assert_cmpuint (before->status, ==, 200);
  g_ptr_array_add (lines_a, accept_case ("clerk-a", YC_TEST_HALL_A));
  hash = expected_hash (lines_a);
  after = reconcile ("super", query);
  g_assert_cmpuint (after->status, ==, 200);
  object = yc_test_response_object (after);
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==,
                   json_object_get_int_member (yc_test_response_object (before), "count") + 1);
  g_assert_cmpstr (json_object_get_string_member (object, "hash"), ==, hash);
  g_assert_cmpstr (json_object_get_string_member (object, "hash"), !=,
                   json_object_get_string_member (yc_test_response_object (before), "hash"));
}

static void
test_other_day_is_empty (void)
{
  g_autofree char *query = g_strdup_printf ("day=%s&hall=%s&window=W01", yesterday, YC_TEST_HALL_A);
  g_autoptr(YcTestResponse) response = reconcile ("admin", query);
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  g_assert_cmpint (json_object_get_int_member (object, "count"), ==, 0);
  /* SHA-256 of nothing. */
  g_assert_cmpstr (json_object_get_string_member (object, "hash"), ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

typedef struct {
  const char *name;
  const char *user;      /* NULL: no token */
  const char *query;     /* {today} replaced */
  guint       status;
  const char *code;
  const char *field;
} Refusal;

static const Refusal refusals[] = {
  { "other-hall-clerk", "clerk-b", "day={today}&hall=JB01&window=W01", 403, "forbidden", NULL },
  { "reviewer", "rev-scjg", "day={today}&hall=JB01&window=W01", 403, "forbidden", NULL },
  { "anonymous", NULL, "day={today}&hall=JB01&window=W01", 401, "unauthorized", NULL },
  { "unknown-window", "clerk-a", "day={today}&hall=JB01&window=W99", 404, "not_found", NULL },
  { "bad-day", "clerk-a", "day=2026-02-30&hall=JB01&window=W01", 400, "invalid", "day" },
  { "no-day", "clerk-a", "hall=JB01&window=W01", 400, "invalid", "day" },
  { "bad-hall", "clerk-a", "day={today}&hall=JB%2701&window=W01", 400, "invalid", "hall" },
  { "no-window", "clerk-a", "day={today}&hall=JB01", 400, "invalid", "window" },
  { "unknown-parameter", "clerk-a", "day={today}&hall=JB01&window=W01&clerk=x", 400, "invalid", NULL },
};

static void
test_refused (gconstpointer data)
{
  const Refusal *row = data;
  g_autoptr(GString) query = g_string_new (row->query);
  g_autoptr(YcTestResponse) response = NULL;

  g_string_replace (query, "{today}", today, 0);
  response = reconcile (row->user, query->str);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, row->status);
  g_assert_cmpstr (yc_test_response_code (response), ==, row->code);
  if (row->field != NULL)
    g_assert_cmpstr (yc_test_response_field (response), ==, row->field);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -1);
  g_autofree char *other = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  today = g_date_time_format (now, "%Y-%m-%d");
  yesterday = g_date_time_format (before, "%Y-%m-%d");
  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

  lines_a = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (lines_a, accept_case ("clerk-a", YC_TEST_HALL_A));
  other = accept_case ("clerk-b", YC_TEST_HALL_B);

  g_test_add_func ("/api/reconcile/count-and-hash", test_count_and_hash);
  g_test_add_func ("/api/reconcile/grows-with-a-case", test_grows_with_a_case);
  g_test_add_func ("/api/reconcile/other-day-is-empty", test_other_day_is_empty);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *name = g_strdup_printf ("/api/reconcile/refused/%s", refusals[i].name);
      g_test_add_data_func (name, &refusals[i], test_refused);
    }

  status = g_test_run ();

  yc_test_server_free (server);
  g_ptr_array_unref (lines_a);
  g_free (today);
  g_free (yesterday);
  return status;
}
