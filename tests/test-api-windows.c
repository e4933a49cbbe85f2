/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/*
 * GET /api/v1/windows/{hall}/{window} against the real server: what a counter computer learns
 * when it is enrolled — the hall secret (one per hall, the same for every window and every
 * call) and where today's case numbers go on, computed here from the numbers pushed — and
 * who may ask.
 */

static YcTestServer *server;
static char *today;
static guint highest_a;   /* the highest sequence JB01-W01 sent today */

static guint
accept_case (const char *clerk,
             const char *hall)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *uuid = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, hall, clerk, "scjg");
  const char *number = json_object_get_string_member (json_node_get_object (document), "number");
  guint sequence = (guint) g_ascii_strtoull (strrchr (number, '-') + 1, NULL, 10);
  g_autofree char *batch = yc_test_batch (key, yc_test_op ("case.accept", uuid, 0, document), NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (server, yc_test_server_token (server, clerk), key, batch);
  JsonObject *result;

  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  return sequence;
}

static YcTestResponse *
window_info (const char *user,
             const char *path_tail)
{
  g_autofree char *path = g_strconcat ("/api/v1/windows/", path_tail, NULL);

  return yc_test_server_get (server, path, user != NULL ? yc_test_server_token (server, user) : NULL);
}

static gboolean
is_hex64 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
test_enrolled_window (void)
{
  g_autoptr(YcTestResponse) response = window_info ("admin", "JB01/W01");
  JsonObject *object, *next;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "hall"), ==, "JB01");
  g_assert_cmpstr (json_object_get_string_member (object, "window"), ==, "W01");
  g_assert_cmpstr (json_object_get_string_member (object, "window_name"), ==, "test window");
  g_assert_nonnull (json_object_get_string_member (object, "hall_name"));
  g_assert_true (json_object_get_boolean_member (object, "enrolled"));
  g_assert_true (is_hex64 (json_object_get_string_member (object, "hall_secret")));

  /* One past the highest number the window sent today: a re-installed computer goes on. */
  next = json_object_get_object_member (object, "next_sequence");
  g_assert_cmpuint (json_object_get_size (next), ==, 1);
  g_assert_true (json_object_has_member (next, today));
  g_assert_cmpint (json_object_get_int_member (next, today), ==, highest_a + 1);
}

static void
test_grows_with_a_case (void)
{
  g_autoptr(YcTestResponse) before = window_info ("clerk-a", "JB01/W01");
  g_autoptr(YcTestResponse) after = NULL;
  guint sequence;

  g_assert_cmpuint (before->status, ==, 200);
  sequence = accept_case ("clerk-a", YC_TEST_HALL_A);
  highest_a = MAX (highest_a, sequence);
  after = window_info ("clerk-a", "JB01/W01");
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (yc_test_response_object (after),
                                                                              "next_sequence"), today),
                   ==, sequence + 1);
}

static void
test_secret_per_hall (void)
{
  g_autoptr(YcTestResponse) first = window_info ("admin", "JB01/W01");
  g_autoptr(YcTestResponse) again = window_info ("clerk-a", "JB01/W01");
  g_autoptr(YcTestResponse) other_hall = window_info ("clerk-b", "JB02/W01");
  const char *secret_a;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpuint (other_hall->status, ==, 200);
  secret_a = json_object_get_string_member (yc_test_response_object (first), "hall_secret");
  /* Kept, not made anew on each call: receipts printed before stay verifiable. */
  g_assert_cmpstr (json_object_get_string_member (yc_test_response_object (again), "hall_secret"), ==, secret_a);
  g_assert_cmpstr (json_object_get_string_member (yc_test_response_object (other_hall), "hall_secret"), !=, secret_a);
  /* A hall with no case today starts at 1. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (yc_test_response_object (other_hall),
                                                                              "next_sequence"), today),
                   ==, 1);
}

typedef struct {
  const char *name;
  const char *user;      /* NULL: no token */
  const char *path;
  guint       status;
  const char *code;
  const char *field;
} Refusal;

static const Refusal refusals[] = {
  { "other-hall-clerk", "clerk-b", "JB01/W01", 403, "forbidden", NULL },
  { "reviewer", "rev-scjg", "JB01/W01", 403, "forbidden", NULL },
  { "supervisor", "super", "JB01/W01", 403, "forbidden", NULL },
  { "anonymous", NULL, "JB01/W01", 401, "unauthorized", NULL },
  { "unknown-window", "clerk-a", "JB01/W99", 404, "not_found", "window" },
  { "unknown-window-admin", "admin", "JB09/W01", 404, "not_found", "window" },
  { "bad-hall", "admin", "JB%2701/W01", 400, "invalid", "hall" },
  { "unknown-parameter", "admin", "JB01/W01?x=1", 400, "invalid", NULL },
};

static void
test_refused (gconstpointer data)
{
  const Refusal *row = data;
  g_autoptr(YcTestResponse) response = window_info (row->user, row->path);

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
  int status;

  g_test_init (&argc, &argv, NULL);

  today = g_date_time_format (now, "%Y-%m-%d");
  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

  for (guint i = 0; i < 3; i++)
    highest_a = MAX (highest_a, accept_case ("clerk-a", YC_TEST_HALL_A));

  g_test_add_func ("/api/windows/enrolled", test_enrolled_window);
  g_test_add_func ("/api/windows/grows-with-a-case", test_grows_with_a_case);
  g_test_add_func ("/api/windows/secret-per-hall", test_secret_per_hall);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *name = g_strdup_printf ("/api/windows/refused/%s", refusals[i].name);
      g_test_add_data_func (name, &refusals[i], test_refused);
    }

  status = g_test_run ();

  yc_test_server_free (server);
  g_free (today);
  return status;
}
