/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-backoffice.h"
#include "yc-test-server.h"

/*
 * Catalog versions and the back office's own judgement of a case.accept, against the real
 * server: every imported version is kept and served; a case is judged by the version it
 * names (an unknown one is refused) and by the rules engine on its own intake; a broken
 * pledge flags the applicant in every hall, and later tolerance or pledges for them are
 * refused unless the counter accepted before the flag existed.
 *
 * The server holds the shipped catalog, "test-0" (yc-test-server.c) and, imported last and
 * so current, NEW_VERSION: the shipped catalog under another version.
 */

#define NEW_VERSION   "2099.1"
#define APPLICANT_A   "110105194912310029"
#define APPLICANT_B   "110105195001010011"

static YcTestServer *server;
static char *shipped_version;

/* The shipped catalog's JSON with @version and, when given, another @name. */
static YcCatalog *
shipped_variant (const char *version,
                 const char *name)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                                     "catalog.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) shipped = yc_catalog_load_file (file, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  YcCatalog *variant;

  g_assert_no_error (error);
  bytes = yc_catalog_to_bytes (shipped);
  root = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (root), "version", version);
  if (name != NULL)
    json_object_set_string_member (json_node_get_object (root), "name", name);
  text = json_to_string (root, FALSE);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new (text, strlen (text));
  variant = yc_catalog_load_bytes (bytes, "variant.json", &error);
  g_assert_no_error (error);
  return variant;
}

/* Before the server starts: a newer version is imported, and another content under a stored
 * version is refused. */
static void
import_versions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new_default (&error);
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(YcCatalog) newer = shipped_variant (NEW_VERSION, NULL);
  g_autoptr(YcCatalog) altered = NULL;
  g_autoptr(GBytes) current = NULL;

  g_assert_no_error (error);
  backoffice = yc_backoffice_open (yc_test_server_get_data_dir (server), calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_initialize (backoffice, &error));
  g_assert_no_error (error);

  current = yc_backoffice_catalog_get (backoffice, &shipped_version, NULL, &error);
  g_assert_no_error (error);
  altered = shipped_variant (shipped_version, "改过的目录");

  g_assert_true (yc_backoffice_catalog_import (backoffice, newer, &error));
  g_assert_no_error (error);
  g_assert_false (yc_backoffice_catalog_import (backoffice, altered, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, shipped_version));
}

static void
test_catalog_versions_endpoint (void)
{
  const char *token = yc_test_server_token (server, "rev-scjg");
  g_autofree char *old_path = g_strconcat ("/api/v1/catalog/versions/", shipped_version, NULL);
  g_autoptr(YcTestResponse) current = yc_test_server_get (server, "/api/v1/catalog", token);
  g_autoptr(YcTestResponse) old = yc_test_server_get (server, old_path, token);
  g_autoptr(YcTestResponse) newest = yc_test_server_get (server, "/api/v1/catalog/versions/" NEW_VERSION, token);
  g_autoptr(YcTestResponse) test0 = yc_test_server_get (server, "/api/v1/catalog/versions/test-0", token);
  g_autoptr(YcTestResponse) unknown = yc_test_server_get (server, "/api/v1/catalog/versions/1999.9", token);
  g_autoptr(YcTestResponse) anonymous = yc_test_server_get (server, old_path, NULL);
  g_autoptr(YcTestResponse) cached = NULL;
  g_autoptr(YcTestResponse) stale = NULL;
  g_autoptr(YcCatalog) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag;

  /* The current catalog is the one imported last; the older ones are still served. */
  g_assert_cmpuint (current->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (current, "Catalog-Version"), ==, NEW_VERSION);
  g_assert_cmpuint (newest->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (newest, "ETag"), ==, yc_test_response_header (current, "ETag"));

  g_assert_cmpuint (old->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (old, "Catalog-Version"), ==, shipped_version);
  etag = yc_test_response_header (old, "ETag");
  g_assert_nonnull (etag);
  g_assert_cmpstr (etag, !=, yc_test_response_header (current, "ETag"));
  loaded = yc_catalog_load_bytes (old->body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_catalog_get_version (loaded), ==, shipped_version);
  /* The refused import changed nothing. */
  g_assert_cmpstr (yc_catalog_get_name (loaded), !=, "改过的目录");

  g_assert_cmpuint (test0->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (test0, "Catalog-Version"), ==, "test-0");

  cached = yc_test_server_request (server, "GET", old_path, token, NULL, NULL,
                                   (const char * const []) { "If-None-Match", etag, NULL });
  g_assert_cmpuint (cached->status, ==, 304);
  stale = yc_test_server_request (server, "GET", old_path, token, NULL, NULL,
                                  (const char * const []) { "If-None-Match", yc_test_response_header (current, "ETag"), NULL });
  g_assert_cmpuint (stale->status, ==, 200);

  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpstr (yc_test_response_code (unknown), ==, "not_found");
  g_assert_cmpstr (yc_test_response_field (unknown), ==, "version");
  g_assert_cmpuint (anonymous->status, ==, 401);
}

static char *
today_plus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
add_material (JsonArray  *materials,
              const char *code,
              const char *name,
              const char *state)
{
  JsonObject *material = json_object_new ();

  json_object_set_string_member (material, "code", code);
  json_object_set_string_member (material, "name", name);
  json_object_set_string_member (material, "state", state);
  json_object_set_int_member (material, "copies", g_str_equal (state, "provided") ? 1 : 0);
  json_array_add_object_element (materials, material);
}

static JsonArray *
deferred (const char *material,
          const char *due)
{
  JsonArray *array = json_array_new ();
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "material", material);
  json_object_set_string_member (entry, "due", due);
  json_array_add_object_element (array, entry);
  return array;
}

/* A case of YC_TEST_PLEDGE_ITEM for @applicant, at hall A: @decision "accept",
 * "accept_on_pledge" (certificate pledged) or "accept_with_tolerance" (photo tolerated, or
 * with @bad_tolerance the id card, which is not tolerable). */
static JsonNode *
pledge_item_document (const char *uuid,
                      const char *applicant,
                      const char *decision,
                      gboolean    bad_tolerance)
{
  JsonNode *node = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  JsonObject *document = json_node_get_object (node);
  JsonObject *subject = json_object_get_object_member (document, "subject");
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (subject, "items"), 0);
  JsonArray *materials = json_array_new ();
  g_autofree char *verify_by = today_plus (30);
  g_autofree char *supplement_by = today_plus (10);
  gboolean pledged = g_str_equal (decision, "accept_on_pledge");
  gboolean tolerated = g_str_equal (decision, "accept_with_tolerance");

  json_object_set_string_member (subject, "code", YC_TEST_PLEDGE_ITEM);
  json_object_set_string_member (item, "item", YC_TEST_PLEDGE_ITEM);
  json_object_set_string_member (json_object_get_object_member (document, "applicant"), "id_number", applicant);
  json_object_set_string_member (document, "decision", decision);

  add_material (materials, "id-card", "身份证", tolerated && bad_tolerance ? "tolerated" : "provided");
  add_material (materials, "certificate", "无犯罪记录证明", pledged ? "pledged" : "provided");
  add_material (materials, "photo", "场所照片", tolerated && !bad_tolerance ? "tolerated" : "provided");
  json_object_set_array_member (document, "materials", materials);
  if (pledged)
    json_object_set_array_member (document, "pledges", deferred ("certificate", verify_by));
  if (tolerated)
    json_object_set_array_member (document, "tolerated",
                                  deferred (bad_tolerance ? "id-card" : "photo", supplement_by));
  return node;
}

/* Pushes one op as @username; returns the op's result (owned by @out_response). */
static JsonObject *
push_op (const char       *username,
         JsonNode         *op,
         YcTestResponse  **out_response)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *batch = yc_test_batch (key, op, NULL);
  JsonArray *results;

  *out_response = yc_test_server_push (server, yc_test_server_token (server, username), key, batch);
  g_assert_cmpuint ((*out_response)->status, ==, 200);
  results = json_object_get_array_member (yc_test_response_object (*out_response), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

static JsonObject *
push_accept (JsonNode         *document,
             YcTestResponse  **out_response)
{
  const char *uuid = json_object_get_string_member (json_node_get_object (document), "uuid");

  return push_op ("clerk-a", yc_test_op ("case.accept", uuid, 0, document), out_response);
}

static void
assert_rejected (JsonObject *result,
                 const char *code,
                 const char *reason_part)
{
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), reason_part));
}

static void
assert_ok (JsonObject *result)
{
  if (g_strcmp0 (json_object_get_string_member (result, "result"), "ok") != 0)
    g_error ("not ok: %s: %s", json_object_get_string_member_with_default (result, "code", ""),
             json_object_get_string_member_with_default (result, "reason", ""));
}

static void
test_accept_old_version (void)
{
  g_autofree char *uuid = yc_test_uuid ();
  g_autoptr(YcTestResponse) response = NULL;

  /* "test-0" is not the current catalog: a window offline since then is still heard. */
  assert_ok (push_accept (yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg"), &response));
}

static void
test_accept_unknown_version (void)
{
  g_autofree char *uuid = yc_test_uuid ();
  g_autofree char *path = g_strconcat ("/api/v1/cases/", uuid, NULL);
  JsonNode *document = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcTestResponse) stored = NULL;

  json_object_set_string_member (json_node_get_object (document), "catalog_version", "2001.9");
  assert_rejected (push_accept (document, &response), "unknown_catalog_version", "2001.9");
  stored = yc_test_server_get (server, path, yc_test_server_token (server, "clerk-a"));
  g_assert_cmpuint (stored->status, ==, 404);
}

static void
test_accept_decision_not_allowed (void)
{
  g_autofree char *uuid = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  JsonArray *materials = json_object_get_array_member (json_node_get_object (document), "materials");
  JsonObject *id_card = json_array_get_object_element (materials, 0);
  g_autoptr(YcTestResponse) response = NULL;

  /* Accepted although the one required paper is missing: the rules say why not. */
  json_object_set_string_member (id_card, "state", "missing");
  json_object_set_int_member (id_card, "copies", 0);
  assert_rejected (push_accept (document, &response), "decision_not_allowed", "身份证");
}

static void
test_accept_tolerance_not_eligible (void)
{
  g_autofree char *uuid = yc_test_uuid ();
  g_autofree char *good_uuid = yc_test_uuid ();
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcTestResponse) good_response = NULL;

  /* The id card may not be tolerated under test-0; the photo may. */
  assert_rejected (push_accept (pledge_item_document (uuid, APPLICANT_B, "accept_with_tolerance", TRUE), &response),
                   "decision_not_allowed", "身份证");
  assert_ok (push_accept (pledge_item_document (good_uuid, APPLICANT_B, "accept_with_tolerance", FALSE),
                          &good_response));
}

/* The applicant_flag changes of the feed as @username sees it, from the start. */
static GPtrArray *
flag_changes (const char *username)
{
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, "/api/v1/sync/changes?limit=500",
                                                           yc_test_server_token (server, username));
  GPtrArray *flags = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *changes;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (yc_test_response_object (response), "more"));
  changes = json_object_get_array_member (yc_test_response_object (response), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "kind"), "applicant_flag"))
        g_ptr_array_add (flags, json_object_ref (json_object_get_object_member (change, "payload")));
    }
  return flags;
}

static JsonNode *
op_created_at (JsonNode   *op,
               GDateTime  *created_at)
{
  g_autofree char *text = g_date_time_format_iso8601 (created_at);

  json_object_set_string_member (json_node_get_object (op), "created_at", text);
  return op;
}

static void
test_broken_pledge_flags_applicant (void)
{
  g_autofree char *pledge_uuid = yc_test_uuid ();
  g_autofree char *tolerance_uuid = yc_test_uuid ();
  g_autofree char *pledge2_uuid = yc_test_uuid ();
  g_autofree char *offline_uuid = yc_test_uuid ();
  g_autofree char *plain_uuid = yc_test_uuid ();
  g_autofree char *other_uuid = yc_test_uuid ();
  g_autoptr(YcTestResponse) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL, r7 = NULL;
  g_autoptr(GPtrArray) clerk_b = NULL;
  g_autoptr(GPtrArray) supervisor = NULL;
  g_autoptr(GPtrArray) reviewer = NULL;
  g_autoptr(GPtrArray) admin = NULL;
  g_autoptr(GDateTime) before_flag = NULL;
  g_autoptr(GDateTime) flagged_at = NULL;
  JsonObject *result;
  JsonObject *flag;
  JsonNode *offline_op;

  assert_ok (push_accept (pledge_item_document (pledge_uuid, APPLICANT_A, "accept_on_pledge", FALSE), &r1));
  clerk_b = flag_changes ("clerk-b");
  g_assert_cmpuint (clerk_b->len, ==, 0);
  g_clear_pointer (&clerk_b, g_ptr_array_unref);

  before_flag = g_date_time_new_now_utc ();
  result = push_op ("rev-scjg",
                    yc_test_op ("pledge.verify", pledge_uuid, 1,
                                yc_test_json ("{\"material\": \"certificate\", \"result\": \"broken\", "
                                              "\"note\": \"公安机关查实有犯罪记录\"}")),
                    &r2);
  assert_ok (result);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "effects"),
                                                  "flag_applicant"), ==, APPLICANT_A);

  /* Every clerk and supervisor, whatever their hall, hears of it; reviewers do not. */
  clerk_b = flag_changes ("clerk-b");
  g_assert_cmpuint (clerk_b->len, ==, 1);
  flag = g_ptr_array_index (clerk_b, 0);
  g_assert_cmpstr (json_object_get_string_member (flag, "applicant_kind"), ==, "person");
  g_assert_cmpstr (json_object_get_string_member (flag, "id_number"), ==, APPLICANT_A);
  g_assert_cmpstr (json_object_get_string_member (flag, "case_uuid"), ==, pledge_uuid);
  g_assert_cmpstr (json_object_get_string_member (flag, "reason"), !=, "");
  flagged_at = g_date_time_new_from_iso8601 (json_object_get_string_member (flag, "flagged_at"), NULL);
  g_assert_nonnull (flagged_at);
  g_assert_cmpint (g_date_time_to_unix (flagged_at), >=, g_date_time_to_unix (before_flag));
  supervisor = flag_changes ("super");
  g_assert_cmpuint (supervisor->len, ==, 1);
  reviewer = flag_changes ("rev-scjg");
  g_assert_cmpuint (reviewer->len, ==, 0);
  admin = flag_changes ("admin");
  g_assert_cmpuint (admin->len, ==, 0);

  /* From now on: no tolerance, no pledge for the applicant … */
  assert_rejected (push_accept (pledge_item_document (tolerance_uuid, APPLICANT_A, "accept_with_tolerance", FALSE), &r3),
                   "applicant_flagged", APPLICANT_A);
  assert_rejected (push_accept (pledge_item_document (pledge2_uuid, APPLICANT_A, "accept_on_pledge", FALSE), &r4),
                   "applicant_flagged", APPLICANT_A);
  /* … but a plain acceptance is fine, and so is tolerance for someone else. */
  assert_ok (push_accept (pledge_item_document (plain_uuid, APPLICANT_A, "accept", FALSE), &r5));
  assert_ok (push_accept (pledge_item_document (other_uuid, APPLICANT_B, "accept_with_tolerance", FALSE), &r6));

  /* A window that accepted offline before the flag existed could not know it. */
  {
    g_autoptr(GDateTime) earlier = g_date_time_add_seconds (before_flag, -120);
    JsonNode *document = pledge_item_document (offline_uuid, APPLICANT_A, "accept_with_tolerance", FALSE);

    offline_op = op_created_at (yc_test_op ("case.accept", offline_uuid, 0, document), earlier);
    assert_ok (push_op ("clerk-a", offline_op, &r7));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  import_versions ();
  yc_test_server_start (server, NULL);

  g_test_add_func ("/api/catalog-versions/endpoint", test_catalog_versions_endpoint);
  g_test_add_func ("/api/catalog-versions/accept-old-version", test_accept_old_version);
  g_test_add_func ("/api/catalog-versions/accept-unknown-version", test_accept_unknown_version);
  g_test_add_func ("/api/catalog-versions/decision-not-allowed", test_accept_decision_not_allowed);
  g_test_add_func ("/api/catalog-versions/tolerance-not-eligible", test_accept_tolerance_not_eligible);
  g_test_add_func ("/api/catalog-versions/broken-pledge-flags-applicant", test_broken_pledge_flags_applicant);

  status = g_test_run ();
  yc_test_server_free (server);
  g_free (shipped_version);
  return status;
}
