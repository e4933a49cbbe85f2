/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "yc-test-server.h"

/* Push (idempotency, concurrency, a crash between commit and reply) and changes (cursor,
 * scope, long-poll), and a restart that keeps everything — against the real server. */

static YcTestServer *server;

static char *
accept_batch (const char *key,
              const char *case_uuid,
              const char *hall,
              const char *clerk,
              const char *department)
{
  return yc_test_batch (key,
                        yc_test_op ("case.accept", case_uuid, 0,
                                    yc_test_case_document (case_uuid, hall, clerk, department)),
                        NULL);
}

static JsonObject *
first_result (YcTestResponse *response)
{
  JsonArray *results = json_object_get_array_member (yc_test_response_object (response), "results");

  g_assert_nonnull (results);
  g_assert_cmpuint (json_array_get_length (results), >=, 1);
  return json_array_get_object_element (results, 0);
}

/* How many changes of the feed, read from the start as @username, name @case_uuid. */
static guint
count_changes (const char *username,
               const char *case_uuid)
{
  const char *token = yc_test_server_token (server, username);
  g_autofree char *since = NULL;
  guint count = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = since != NULL
                              ? g_strdup_printf ("/api/v1/sync/changes?since=%s&limit=2", since)
                              : g_strdup ("/api/v1/sync/changes?limit=2");
      g_autoptr(YcTestResponse) response = yc_test_server_get (server, path, token);
      JsonObject *page;
      JsonArray *changes;

      g_assert_cmpuint (response->status, ==, 200);
      page = yc_test_response_object (response);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 2);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (changes, i), "case_uuid"),
                       case_uuid) == 0)
          count++;
      more = json_object_get_boolean_member (page, "more");
      g_free (since);
      since = g_strdup (json_object_get_string_member (page, "next"));
    }

  return count;
}

static gint64
case_version (const char *username,
              const char *case_uuid)
{
  g_autofree char *path = g_strconcat ("/api/v1/cases/", case_uuid, NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, path, yc_test_server_token (server, username));
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  if (json_object_has_member (object, "case"))
    object = json_object_get_object_member (object, "case");
  return json_object_get_int_member (object, "version");
}

static void
test_push_idempotent (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *other_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *other = accept_batch (key, other_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *upper = g_ascii_strup (key, -1);
  g_autoptr(YcTestResponse) first = NULL;
  g_autoptr(YcTestResponse) replay = NULL;
  g_autoptr(YcTestResponse) mismatch = NULL;
  g_autoptr(YcTestResponse) no_key = NULL;
  g_autoptr(YcTestResponse) bad_key = NULL;
  g_autoptr(YcTestResponse) not_json = NULL;
  g_autoptr(YcTestResponse) upper_replay = NULL;
  JsonObject *result;

  first = yc_test_server_push (server, token, key, batch);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (yc_test_response_object (first), "batch_id"), ==, key);
  result = first_result (first);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (result, "version"), ==, 1);

  /* The reply was lost: the same batch again gets the same answer, nothing applied twice. */
  replay = yc_test_server_push (server, token, key, batch);
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_true (json_node_equal (first->json, replay->json));
  g_assert_cmpint (case_version ("clerk-a", case_uuid), ==, 1);
  g_assert_cmpuint (count_changes ("clerk-a", case_uuid), ==, 1);

  /* The same key with another body. */
  mismatch = yc_test_server_push (server, token, key, other);
  g_assert_cmpuint (mismatch->status, ==, 422);
  g_assert_cmpstr (yc_test_response_code (mismatch), ==, "mismatch");
  g_assert_cmpstr (yc_test_response_field (mismatch), ==, "Idempotency-Key");

  no_key = yc_test_server_push (server, token, NULL, batch);
  g_assert_cmpuint (no_key->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (no_key), ==, "Idempotency-Key");
  bad_key = yc_test_server_push (server, token, "batch-1", batch);
  g_assert_cmpuint (bad_key->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (bad_key), ==, "Idempotency-Key");
  {
    g_autofree char *fresh = yc_test_uuid ();
    not_json = yc_test_server_push (server, token, fresh, "{\"batch_id\": ");
  }
  g_assert_cmpuint (not_json->status, ==, 400);
  g_assert_cmpstr (yc_test_response_code (not_json), ==, "invalid");

  /* A UUID is a UUID whatever its case: the upper-case key is the same batch. */
  upper_replay = yc_test_server_push (server, token, upper, batch);
  g_assert_cmpuint (upper_replay->status, ==, 200);
  g_assert_true (json_node_equal (first->json, upper_replay->json));
}

static void
test_push_concurrent (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autofree char *key = yc_test_uuid ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  YcTestCall *calls[4];
  YcTestResponse *responses[G_N_ELEMENTS (calls)];
  YcTestResponse *ok = NULL;
  guint n_ok = 0, n_in_flight = 0;

  /* A batch big enough to still be in flight when its twins arrive. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 100; i++)
    {
      char *case_uuid = yc_test_uuid ();

      g_ptr_array_add (uuids, case_uuid);
      json_builder_add_value (builder, yc_test_op ("case.accept", case_uuid, 0,
                                                   yc_test_case_document (case_uuid, YC_TEST_HALL_A,
                                                                          "clerk-a", "scjg")));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  batch = json_to_string (root, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    calls[i] = yc_test_server_begin_push (server, token, key, batch);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      responses[i] = yc_test_call_wait (calls[i]);
      g_test_message ("concurrent push %u: %u", i, responses[i]->status);
      if (responses[i]->status == 200)
        {
          n_ok++;
          if (ok == NULL)
            ok = responses[i];
          g_assert_true (json_node_equal (ok->json, responses[i]->json));
        }
      else
        {
          g_assert_cmpuint (responses[i]->status, ==, 409);
          g_assert_cmpstr (yc_test_response_code (responses[i]), ==, "conflict");
          n_in_flight++;
        }
    }
  g_assert_cmpuint (n_ok, >=, 1);
  g_assert_cmpuint (n_ok + n_in_flight, ==, G_N_ELEMENTS (calls));

  /* Those told "in flight" retry and get the one stored answer. */
  {
    g_autoptr(YcTestResponse) retry = yc_test_server_push (server, token, key, batch);
    g_assert_cmpuint (retry->status, ==, 200);
    g_assert_true (json_node_equal (ok->json, retry->json));
  }
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (yc_test_response_object (ok), "results")); i++)
    {
      JsonObject *result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (ok), "results"), i);
      g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
    }
  /* Every case once. */
  g_assert_cmpint (case_version ("clerk-a", g_ptr_array_index (uuids, 0)), ==, 1);
  g_assert_cmpint (case_version ("clerk-a", g_ptr_array_index (uuids, 99)), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    yc_test_response_free (responses[i]);
}

static void
test_changes_scope_and_paging (void)
{
  const char *clerk = yc_test_server_token (server, "clerk-a");
  const char *rev_sw = yc_test_server_token (server, "rev-sw");
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autoptr(YcTestResponse) pushed = yc_test_server_push (server, clerk, key, batch);
  g_autoptr(YcTestResponse) head = NULL;
  g_autoptr(YcTestResponse) after = NULL;
  g_autofree char *after_path = NULL;
  JsonObject *page;

  g_assert_cmpuint (pushed->status, ==, 200);

  /* In the scope of the hall's clerk, of the scjg reviewer and of the supervisor … */
  g_assert_cmpuint (count_changes ("clerk-a", case_uuid), ==, 1);
  g_assert_cmpuint (count_changes ("rev-scjg", case_uuid), ==, 1);
  g_assert_cmpuint (count_changes ("rev-both", case_uuid), ==, 1);
  g_assert_cmpuint (count_changes ("super", case_uuid), ==, 1);
  /* … not of the other hall's clerk nor of another department's reviewer. */
  g_assert_cmpuint (count_changes ("clerk-b", case_uuid), ==, 0);
  g_assert_cmpuint (count_changes ("rev-sw", case_uuid), ==, 0);

  /* The cursor of the last page: nothing new after it. */
  head = yc_test_server_get (server, "/api/v1/sync/changes?limit=500", rev_sw);
  g_assert_cmpuint (head->status, ==, 200);
  page = yc_test_response_object (head);
  g_assert_false (json_object_get_boolean_member (page, "more"));
  after_path = g_strdup_printf ("/api/v1/sync/changes?since=%s", json_object_get_string_member (page, "next"));
  after = yc_test_server_get (server, after_path, rev_sw);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yc_test_response_object (after), "changes")), ==, 0);
}

static char *
cursor_of (const char *username)
{
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, "/api/v1/sync/changes?limit=500",
                                                           yc_test_server_token (server, username));
  JsonObject *page;

  g_assert_cmpuint (response->status, ==, 200);
  page = yc_test_response_object (response);
  g_assert_false (json_object_get_boolean_member (page, "more"));
  return g_strdup (json_object_get_string_member (page, "next"));
}

static void
test_changes_long_poll (void)
{
  const char *clerk = yc_test_server_token (server, "clerk-a");
  g_autofree char *scjg_cursor = cursor_of ("rev-scjg");
  g_autofree char *sw_cursor = cursor_of ("rev-sw");
  g_autofree char *scjg_path = g_strdup_printf ("/api/v1/sync/changes?since=%s&wait=20", scjg_cursor);
  g_autofree char *sw_path = g_strdup_printf ("/api/v1/sync/changes?since=%s&wait=3", sw_cursor);
  g_autofree char *now_path = g_strdup_printf ("/api/v1/sync/changes?since=%s&wait=0", sw_cursor);
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autoptr(YcTestResponse) scjg = NULL;
  g_autoptr(YcTestResponse) sw = NULL;
  g_autoptr(YcTestResponse) now = NULL;
  g_autoptr(YcTestResponse) pushed = NULL;
  YcTestCall *scjg_call, *sw_call;
  JsonArray *changes;
  gint64 start, pushed_at, elapsed;

  /* wait=0 answers at once. */
  start = g_get_monotonic_time ();
  now = yc_test_server_get (server, now_path, yc_test_server_token (server, "rev-sw"));
  g_assert_cmpuint (now->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  start = g_get_monotonic_time ();
  scjg_call = yc_test_server_begin (server, "GET", scjg_path, yc_test_server_token (server, "rev-scjg"),
                                    NULL, NULL, NULL);
  sw_call = yc_test_server_begin (server, "GET", sw_path, yc_test_server_token (server, "rev-sw"),
                                  NULL, NULL, NULL);

  /* Let both reach the server and start waiting. */
  yc_test_sleep (500);

  pushed = yc_test_server_push (server, clerk, key, batch);
  g_assert_cmpuint (pushed->status, ==, 200);
  pushed_at = g_get_monotonic_time ();

  /* The scjg reviewer is answered as soon as the commit lands, with the new case. */
  scjg = yc_test_call_wait (scjg_call);
  elapsed = g_get_monotonic_time () - pushed_at;
  g_assert_cmpuint (scjg->status, ==, 200);
  changes = json_object_get_array_member (yc_test_response_object (scjg), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "case_uuid"), ==, case_uuid);
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);

  /* The sw reviewer is not concerned: answered empty at the end of its wait. */
  sw = yc_test_call_wait (sw_call);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpuint (sw->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (yc_test_response_object (sw), "changes")), ==, 0);
  g_assert_cmpint (elapsed, >=, 3 * G_USEC_PER_SEC - 100000);
}

/* A long poll re-checks its token before each requery: once its user has signed out it gets
 * 401, not the changes committed afterwards. */
static void
test_changes_long_poll_signed_out (void)
{
  g_autofree char *cursor = cursor_of ("rev-scjg");
  g_autofree char *path = g_strdup_printf ("/api/v1/sync/changes?since=%s&wait=20", cursor);
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *token = g_strdup (yc_test_server_token (server, "rev-scjg"));
  g_autoptr(YcTestResponse) out = NULL;
  g_autoptr(YcTestResponse) pushed = NULL;
  g_autoptr(YcTestResponse) polled = NULL;
  YcTestCall *call;

  call = yc_test_server_begin (server, "GET", path, token, NULL, NULL, NULL);
  yc_test_sleep (500);

  out = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current", token, NULL, NULL, NULL);
  g_assert_cmpuint (out->status, ==, 204);
  yc_test_server_forget_token (server, "rev-scjg");

  pushed = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_cmpuint (pushed->status, ==, 200);

  polled = yc_test_call_wait (call);
  g_assert_cmpuint (polled->status, ==, 401);
  g_assert_cmpstr (yc_test_response_code (polled), ==, "unauthorized");
}

static void
test_crash_between_commit_and_reply (void)
{
  const char * const crash_env[] = { "YC_TEST_CRASH_AFTER_COMMIT=1", NULL };
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autoptr(YcTestResponse) lost = NULL;
  g_autoptr(YcTestResponse) retry = NULL;
  g_autoptr(YcTestResponse) again = NULL;
  JsonObject *result;

  yc_test_server_stop (server);
  yc_test_server_start (server, crash_env);

  /* The server commits, then dies by SIGKILL before it can answer. */
  lost = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_cmpuint (lost->status, ==, 0);
  g_assert_nonnull (lost->error);
  g_assert_cmpint (yc_test_server_wait_killed (server), ==, SIGKILL);

  /* Restarted; the client retries the same batch: the stored result, applied once. */
  yc_test_server_start (server, NULL);
  retry = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_cmpuint (retry->status, ==, 200);
  result = first_result (retry);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (result, "version"), ==, 1);
  g_assert_cmpint (case_version ("clerk-a", case_uuid), ==, 1);
  g_assert_cmpuint (count_changes ("clerk-a", case_uuid), ==, 1);

  again = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_true (json_node_equal (retry->json, again->json));
}

static void
test_restart_keeps_everything (void)
{
  const char *token = yc_test_server_token (server, "rev-scjg");
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch = accept_batch (key, case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *case_path = g_strconcat ("/api/v1/cases/", case_uuid, NULL);
  g_autofree char *saved_token = NULL;
  g_autoptr(YcTestResponse) pushed = NULL;
  g_autoptr(YcTestResponse) before_case = NULL;
  g_autoptr(YcTestResponse) before_changes = NULL;
  g_autoptr(YcTestResponse) before_catalog = NULL;
  g_autoptr(YcTestResponse) after_case = NULL;
  g_autoptr(YcTestResponse) after_changes = NULL;
  g_autoptr(YcTestResponse) after_catalog = NULL;
  g_autoptr(YcTestResponse) replay = NULL;

  pushed = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_cmpuint (pushed->status, ==, 200);
  saved_token = g_strdup (token);

  before_case = yc_test_server_get (server, case_path, token);
  before_changes = yc_test_server_get (server, "/api/v1/sync/changes?limit=500", token);
  before_catalog = yc_test_server_get (server, "/api/v1/catalog", token);
  g_assert_cmpuint (before_case->status, ==, 200);

  yc_test_server_stop (server);
  yc_test_server_start (server, NULL);

  /* The session survives the restart too: only the token's hash was stored. */
  after_case = yc_test_server_get (server, case_path, saved_token);
  after_changes = yc_test_server_get (server, "/api/v1/sync/changes?limit=500", saved_token);
  after_catalog = yc_test_server_get (server, "/api/v1/catalog", saved_token);
  g_assert_cmpuint (after_case->status, ==, 200);
  g_assert_true (json_node_equal (before_case->json, after_case->json));
  g_assert_true (json_node_equal (before_changes->json, after_changes->json));
  g_assert_cmpstr (yc_test_response_header (before_catalog, "ETag"), ==,
                   yc_test_response_header (after_catalog, "ETag"));

  replay = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  g_assert_true (json_node_equal (pushed->json, replay->json));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

  g_test_add_func ("/api/sync/push-idempotent", test_push_idempotent);
  g_test_add_func ("/api/sync/push-concurrent", test_push_concurrent);
  g_test_add_func ("/api/sync/changes-scope-and-paging", test_changes_scope_and_paging);
  g_test_add_func ("/api/sync/changes-long-poll", test_changes_long_poll);
  g_test_add_func ("/api/sync/changes-long-poll-signed-out", test_changes_long_poll_signed_out);
  g_test_add_func ("/api/sync/crash-between-commit-and-reply", test_crash_between_commit_and_reply);
  g_test_add_func ("/api/sync/restart-keeps-everything", test_restart_keeps_everything);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
