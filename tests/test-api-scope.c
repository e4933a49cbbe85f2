/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/*
 * The role × endpoint × scope matrix against the real server: every endpoint (and the
 * operations through push) tried by every seeded user and by nobody, on a case of hall JB01 /
 * department scjg (A) and one of hall JB02 / department sw (B).
 */

typedef enum {
  CLERK_A, CLERK_B, REV_SCJG, REV_SW, REV_BOTH, SUPER, ADMIN, ANONYMOUS, N_USERS
} User;

static const char * const usernames[N_USERS] = {
  "clerk-a", "clerk-b", "rev-scjg", "rev-sw", "rev-both", "super", "admin", NULL
};

static YcTestServer *server;
static char *case_a;
static char *case_b;
static char *blob_x;   /* a material of case A, uploaded by clerk-a */

/* HTTP endpoints: the status each user gets.  {A}, {B} and {X} stand for the two cases and
 * the blob. */
typedef struct {
  const char *name;
  const char *method;
  const char *path;
  guint       status[N_USERS];
} EndpointRow;

static const EndpointRow endpoint_rows[] = {
  /*                                                        clerk-a clerk-b rev-scjg rev-sw rev-both super admin anon */
  { "health", "GET", "/healthz",                          { 200, 200, 200, 200, 200, 200, 200, 200 } },
  { "catalog", "GET", "/api/v1/catalog",                  { 200, 200, 200, 200, 200, 200, 200, 401 } },
  { "case-a", "GET", "/api/v1/cases/{A}",                 { 200, 403, 200, 403, 200, 200, 403, 401 } },
  { "case-b", "GET", "/api/v1/cases/{B}",                 { 403, 200, 403, 200, 200, 200, 403, 401 } },
  { "cases", "GET", "/api/v1/cases",                      { 200, 200, 200, 200, 200, 200, 403, 401 } },
  { "cases-scjg", "GET", "/api/v1/cases?department=scjg", { 200, 200, 200, 403, 200, 200, 403, 401 } },
  { "stats", "GET", "/api/v1/stats",                      { 403, 403, 403, 403, 403, 200, 200, 401 } },
  { "blob-x", "GET", "/api/v1/blobs/{X}",                 { 200, 404, 200, 404, 200, 200, 404, 401 } },
  { "changes", "GET", "/api/v1/sync/changes",             { 200, 200, 200, 200, 200, 200, 200, 401 } },
  { "sign-out", "DELETE", "/api/v1/sessions/current",     { 204, 204, 204, 204, 204, 204, 204, 401 } },
};

/* Which of the two cases each user sees in lists and in the change feed. */
static const struct {
  gboolean a, b;
} visible[N_USERS - 1] = {
  [CLERK_A] = { TRUE, FALSE },
  [CLERK_B] = { FALSE, TRUE },
  [REV_SCJG] = { TRUE, FALSE },
  [REV_SW] = { FALSE, TRUE },
  [REV_BOTH] = { TRUE, TRUE },
  [SUPER] = { TRUE, TRUE },
  [ADMIN] = { FALSE, FALSE },
};

/* Operations through push, each on a fresh case of hall JB01 / department scjg (accepted by
 * clerk-a): the per-op result each user gets ("ok" or the rejection code); the HTTP status
 * is 200 whatever the op's fate, 401 without a token. */
typedef struct {
  const char *name;
  const char *kind;
  const char *payload;   /* NULL: the case document (case.accept of a new case in JB01) */
  const char *result[N_USERS - 1];
} OpRow;

static const OpRow op_rows[] = {
  { "accept-in-jb01", "case.accept", NULL,
    { "ok", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden" } },
  { "claim-scjg", "review.claim", "{\"department\": \"scjg\"}",
    { "forbidden", "forbidden", "ok", "forbidden", "ok", "forbidden", "forbidden" } },
  { "urge-scjg", "supervision.urge", "{\"message\": \"Please hurry\", \"department\": \"scjg\"}",
    { "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "ok", "forbidden" } },
  { "withdraw", "case.withdraw", "{\"reason\": \"The applicant changed their mind\"}",
    { "ok", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden" } },
};

typedef struct {
  gconstpointer row;
  User          user;
} Cell;

static char *
expand (const char *path)
{
  g_autoptr(GString) text = g_string_new (path);

  g_string_replace (text, "{A}", case_a, 0);
  g_string_replace (text, "{B}", case_b, 0);
  g_string_replace (text, "{X}", blob_x, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
token_of (User user)
{
  return user == ANONYMOUS ? NULL : yc_test_server_token (server, usernames[user]);
}

static void
test_endpoint (gconstpointer data)
{
  const Cell *cell = data;
  const EndpointRow *row = cell->row;
  g_autofree char *path = expand (row->path);
  g_autoptr(YcTestResponse) response = NULL;
  guint expected = row->status[cell->user];

  response = yc_test_server_request (server, row->method, path, token_of (cell->user), NULL, NULL, NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, expected);
  if (expected >= 400 && !g_str_equal (row->method, "HEAD"))
    {
      const char *code = expected == 401 ? "unauthorized" : expected == 403 ? "forbidden" : "not_found";
      g_assert_cmpstr (yc_test_response_code (response), ==, code);
    }
  if (g_str_equal (row->name, "sign-out") && expected == 204)
    {
      /* Signed out for real: the next request with that token is refused; sign in again. */
      g_autoptr(YcTestResponse) after = yc_test_server_get (server, "/api/v1/catalog", token_of (cell->user));
      g_assert_cmpuint (after->status, ==, 401);
      yc_test_server_forget_token (server, usernames[cell->user]);
    }
}

static gboolean
page_has (YcTestResponse *response,
          const char     *member,
          const char     *uuid_member,
          const char     *uuid)
{
  JsonArray *array = json_object_get_array_member (yc_test_response_object (response), member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), uuid_member), uuid) == 0)
      return TRUE;
  return FALSE;
}

static void
test_visible (gconstpointer data)
{
  User user = GPOINTER_TO_INT (data);
  const char *token = token_of (user);
  g_autoptr(YcTestResponse) changes = yc_test_server_get (server, "/api/v1/sync/changes?limit=500", token);
  g_autoptr(YcTestResponse) cases = yc_test_server_get (server, "/api/v1/cases?limit=500", token);

  g_assert_cmpuint (changes->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (yc_test_response_object (changes), "more"));
  g_assert_cmpint (page_has (changes, "changes", "case_uuid", case_a), ==, visible[user].a);
  g_assert_cmpint (page_has (changes, "changes", "case_uuid", case_b), ==, visible[user].b);

  if (user == ADMIN)
    {
      g_assert_cmpuint (cases->status, ==, 403);
      return;
    }
  g_assert_cmpuint (cases->status, ==, 200);
  g_assert_cmpint (page_has (cases, "cases", "uuid", case_a), ==, visible[user].a);
  g_assert_cmpint (page_has (cases, "cases", "uuid", case_b), ==, visible[user].b);
}

static char *
accept_case (const char *clerk,
             const char *hall,
             const char *department,
             const char *blob)
{
  g_autofree char *key = yc_test_uuid ();
  char *uuid = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, hall, clerk, department);
  g_autofree char *batch = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  JsonObject *result;

  if (blob != NULL)
    {
      JsonArray *materials = json_object_get_array_member (json_node_get_object (document), "materials");
      json_object_set_string_member (json_array_get_object_element (materials, 0), "blob_sha256", blob);
    }
  batch = yc_test_batch (key, yc_test_op ("case.accept", uuid, 0, document), NULL);
  response = yc_test_server_push (server, yc_test_server_token (server, clerk), key, batch);
  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  if (g_strcmp0 (json_object_get_string_member (result, "result"), "ok") != 0)
    g_error ("case.accept refused: %s: %s", json_object_get_string_member_with_default (result, "code", "?"),
             json_object_get_string_member_with_default (result, "reason", "?"));
  return uuid;
}

static void
test_op (gconstpointer data)
{
  const Cell *cell = data;
  const OpRow *row = cell->row;
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *uuid = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  JsonNode *payload;
  JsonObject *result;
  gint64 base_version = 0;

  if (row->payload == NULL)
    {
      uuid = yc_test_uuid ();
      payload = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
    }
  else
    {
      uuid = accept_case ("clerk-a", YC_TEST_HALL_A, "scjg", NULL);
      payload = yc_test_json (row->payload);
      base_version = 1;
    }
  batch = yc_test_batch (key, yc_test_op (row->kind, uuid, base_version, payload), NULL);
  response = yc_test_server_push (server, token_of (cell->user), key, batch);

  if (cell->user == ANONYMOUS)
    {
      g_assert_cmpuint (response->status, ==, 401);
      return;
    }
  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  if (g_str_equal (row->result[cell->user], "ok"))
    {
      g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
    }
  else
    {
      g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
      g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, row->result[cell->user]);
    }
}

static void
upload_blob (GBytes *data)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autofree char *json = NULL;
  g_autoptr(YcTestResponse) created = NULL;
  g_autoptr(YcTestResponse) patched = NULL;
  const char *headers[] = { "Upload-Offset", "0", NULL };

  blob_x = yc_test_sha256_hex (data);
  json = g_strdup_printf ("{\"sha256\": \"%s\", \"length\": %" G_GSIZE_FORMAT "}", blob_x, g_bytes_get_size (data));
  created = yc_test_server_post_json (server, "/api/v1/uploads", token, json, NULL);
  g_assert_cmpuint (created->status, ==, 201);
  patched = yc_test_server_request (server, "PATCH", yc_test_response_header (created, "Location"), token,
                                    "application/offset+octet-stream", data, headers);
  g_assert_cmpuint (patched->status, ==, 204);
}

static void
test_uploads_are_private (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("a page of clerk-a's scan", 24);
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autofree char *json = g_strdup_printf ("{\"sha256\": \"%s\", \"length\": 24}", sha256);
  g_autoptr(YcTestResponse) created = NULL;
  g_autoptr(YcTestResponse) head_b = NULL;
  g_autoptr(YcTestResponse) patch_b = NULL;
  const char *headers[] = { "Upload-Offset", "0", NULL };
  const char *location;

  created = yc_test_server_post_json (server, "/api/v1/uploads", yc_test_server_token (server, "clerk-a"), json, NULL);
  g_assert_cmpuint (created->status, ==, 201);
  location = yc_test_response_header (created, "Location");

  /* Another user can neither see nor complete clerk-a's upload. */
  head_b = yc_test_server_request (server, "HEAD", location, yc_test_server_token (server, "clerk-b"), NULL, NULL, NULL);
  g_assert_cmpuint (head_b->status, ==, 404);
  patch_b = yc_test_server_request (server, "PATCH", location, yc_test_server_token (server, "rev-scjg"),
                                    "application/offset+octet-stream", data, headers);
  g_assert_cmpuint (patch_b->status, ==, 404);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.7 scanned identity card", 30);
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  upload_blob (scan);
  case_a = accept_case ("clerk-a", YC_TEST_HALL_A, "scjg", blob_x);
  case_b = accept_case ("clerk-b", YC_TEST_HALL_B, "sw", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (endpoint_rows); i++)
    for (User u = 0; u < N_USERS; u++)
      {
        Cell *cell = g_new0 (Cell, 1);
        g_autofree char *name = g_strdup_printf ("/api/scope/endpoint/%s/%s", endpoint_rows[i].name,
                                                 u == ANONYMOUS ? "anonymous" : usernames[u]);

        cell->row = &endpoint_rows[i];
        cell->user = u;
        g_ptr_array_add (cells, cell);
        g_test_add_data_func (name, cell, test_endpoint);
      }

  for (User u = 0; u < ANONYMOUS; u++)
    {
      g_autofree char *name = g_strdup_printf ("/api/scope/visible/%s", usernames[u]);
      g_test_add_data_func (name, GINT_TO_POINTER (u), test_visible);
    }

  for (guint i = 0; i < G_N_ELEMENTS (op_rows); i++)
    for (User u = 0; u < N_USERS; u++)
      {
        Cell *cell = g_new0 (Cell, 1);
        g_autofree char *name = g_strdup_printf ("/api/scope/op/%s/%s", op_rows[i].name,
                                                 u == ANONYMOUS ? "anonymous" : usernames[u]);

        cell->row = &op_rows[i];
        cell->user = u;
        g_ptr_array_add (cells, cell);
        g_test_add_data_func (name, cell, test_op);
      }

  g_test_add_func ("/api/scope/uploads-are-private", test_uploads_are_private);

  status = g_test_run ();
  yc_test_server_free (server);
  g_free (case_a);
  g_free (case_b);
  g_free (blob_x);
  return status;
}
