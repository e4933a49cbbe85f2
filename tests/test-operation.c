/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-operation.h"

/*
 * The wire types of the sync protocol: an operation and a batch read strictly (every
 * malformed input refused with the field named), written back identically, kind and result
 * names, the blob references of an operation.
 */

#define OP_ID   "6f1c2b8e-5a7d-4c3e-9b1a-0d2e3f4a5b6c"
#define CASE_ID "0b6c9a52-3c1e-4d0e-9f6b-2f4f0c1a7e11"
#define SHA_A   "3f2a9c0b7d1e4f5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"

#define OP(op_id, case_id, version, kind, payload, created) \
  "{\"op_id\": " op_id ", \"case_uuid\": " case_id ", \"base_version\": " version ", " \
  "\"kind\": " kind ", \"payload\": " payload ", \"created_at\": " created "}"
#define GOOD_OP OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "3", "\"review.approve\"", \
                    "{\"department\": \"sport\"}", "\"2026-11-23T10:00:00+08:00\"")

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  return json_node_copy (json_parser_get_root (parser));
}

typedef struct {
  const char *name;
  const char *json;
  const char *field;  /* the error message starts with it */
} Invalid;

static const Invalid invalid_ops[] = {
  { "not-object", "[]", "operation:" },
  { "missing-op-id", "{\"case_uuid\": \"" CASE_ID "\", \"base_version\": 1, \"kind\": \"review.claim\", \"payload\": {}, \"created_at\": \"2026-11-23T10:00:00Z\"}", "op_id: missing" },
  { "op-id-not-uuid", OP ("\"42\"", "\"" CASE_ID "\"", "1", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "op_id:" },
  { "op-id-number", OP ("42", "\"" CASE_ID "\"", "1", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "op_id: must be a string" },
  { "case-uuid-null", OP ("\"" OP_ID "\"", "null", "1", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "case_uuid: must not be null" },
  { "version-string", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "\"1\"", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "base_version: must be a whole number" },
  { "version-fraction", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1.5", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "base_version: must be a whole number" },
  { "version-negative", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "-1", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "base_version:" },
  { "version-zero", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "0", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00Z\""), "base_version:" },
  { "accept-with-version", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "2", "\"case.accept\"", "{}", "\"2026-11-23T10:00:00Z\""), "base_version: must be 0" },
  { "kind-unknown", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1", "\"case.delete\"", "{}", "\"2026-11-23T10:00:00Z\""), "kind: unknown operation kind" },
  { "kind-empty", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1", "\"\"", "{}", "\"2026-11-23T10:00:00Z\""), "kind: must not be empty" },
  { "payload-array", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1", "\"review.claim\"", "[]", "\"2026-11-23T10:00:00Z\""), "payload: must be an object" },
  { "created-without-zone", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1", "\"review.claim\"", "{}", "\"2026-11-23T10:00:00\""), "created_at:" },
  { "created-garbage", OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "1", "\"review.claim\"", "{}", "\"yesterday\""), "created_at:" },
  { "unknown-member", "{\"op_id\": \"" OP_ID "\", \"case_uuid\": \"" CASE_ID "\", \"base_version\": 1, \"kind\": \"review.claim\", \"payload\": {}, \"created_at\": \"2026-11-23T10:00:00Z\", \"user\": \"root\"}", "user: unknown field" },
};

static void
test_invalid_op (gconstpointer data)
{
  const Invalid *row = data;
  g_autoptr(JsonNode) node = parse (row->json);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOperation) op = yc_operation_from_json (node, &error);

  g_assert_null (op);
  g_assert_error (error, YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, row->field))
    g_error ("%s: “%s” does not start with “%s”", row->name, error->message, row->field);
}

static void
test_round_trip (void)
{
  g_autoptr(JsonNode) node = parse (GOOD_OP);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOperation) op = yc_operation_from_json (node, &error);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(YcOperation) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (op->op_id, ==, OP_ID);
  g_assert_cmpstr (op->case_uuid, ==, CASE_ID);
  g_assert_cmpint (op->base_version, ==, 3);
  g_assert_cmpint (op->kind, ==, YC_OP_REVIEW_APPROVE);
  g_assert_cmpstr (json_object_get_string_member (op->payload, "department"), ==, "sport");
  g_assert_cmpstr (op->created_at, ==, "2026-11-23T10:00:00+08:00");

  back = yc_operation_to_json (op);
  g_assert_true (json_node_equal (back, node));
  again = yc_operation_from_json (back, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->kind, ==, op->kind);

  /* Shared, not copied: a ref is the same operation. */
  g_assert_true (yc_operation_ref (op) == op);
  yc_operation_unref (op);
}

/* A parsed op keeps the parsed payload (no copy), sealed so that nobody changes it through
 * the tree; its compact text is that of yc_operation_to_json(). */
static void
test_parsed_payload_shared (void)
{
  g_autoptr(JsonNode) node = parse (OP ("\"" OP_ID "\"", "\"" CASE_ID "\"", "2", "\"review.return\"",
                                        "{\"department\": \"sport\", \"materials\": [\"身份证\", \"a\\\"b\"],"
                                        " \"nested\": {\"n\": 1, \"t\": true, \"x\": null}}",
                                        "\"2026-11-23T10:00:00+08:00\""));
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOperation) op = yc_operation_from_json (node, &error);
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (op->payload == json_object_get_object_member (json_node_get_object (node), "payload"));
  g_assert_true (json_object_is_immutable (op->payload));

  tree = yc_operation_to_json (op);
  expected = json_to_string (tree, FALSE);
  text = yc_operation_to_json_string (op);
  g_assert_cmpstr (text, ==, expected);
  /* The tree of yc_operation_to_json() is the caller's own, free to change. */
  g_assert_false (json_object_is_immutable (json_object_get_object_member (json_node_get_object (tree), "payload")));

  /* The op outlives the tree it was parsed from. */
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpstr (json_object_get_string_member (op->payload, "department"), ==, "sport");
}

static void
test_new_copies_payload (void)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(YcOperation) op = NULL;

  json_object_set_string_member (payload, "department", "sport");
  op = yc_operation_new (OP_ID, CASE_ID, 1, YC_OP_REVIEW_CLAIM, payload, NULL);
  json_object_set_string_member (payload, "department", "health");
  g_assert_cmpstr (json_object_get_string_member (op->payload, "department"), ==, "sport");
  /* Made now, with a zone. */
  {
    g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (op->created_at, NULL);

    g_assert_nonnull (created);
  }
}

static void
test_kinds (void)
{
  guint n = 0;

  for (YcOpKind kind = YC_OP_CASE_ACCEPT; kind <= YC_OP_RATING_SUBMIT; kind++, n++)
    {
      const char *key = yc_op_kind_to_string (kind);
      YcOpKind back = (YcOpKind) -1;

      g_assert_nonnull (key);
      g_assert_true (yc_op_kind_from_string (key, &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_nonnull (yc_op_kind_label (kind));
    }
  g_assert_cmpuint (n, ==, YC_N_OP_KINDS);
  g_assert_cmpstr (yc_op_kind_to_string (YC_OP_SUPERVISION_URGE), ==, "supervision.urge");
  g_assert_cmpstr (yc_op_kind_to_string (YC_OP_RATING_SUBMIT), ==, "rating.submit");
  {
    YcOpKind kind;

    g_assert_false (yc_op_kind_from_string ("Case.Accept", &kind));
    g_assert_false (yc_op_kind_from_string (NULL, &kind));
  }
}

static void
test_results (void)
{
  g_autoptr(JsonNode) ok = yc_op_result_to_json (OP_ID, YC_OP_RESULT_OK, 4, NULL, NULL);
  g_autoptr(JsonNode) rejected = yc_op_result_to_json (OP_ID, YC_OP_RESULT_REJECTED, 3,
                                                       "illegal_transition", "Case … cannot");
  JsonObject *object = json_node_get_object (ok);
  YcOpResultKind kind;

  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 4);
  g_assert_false (json_object_has_member (object, "code"));
  object = json_node_get_object (rejected);
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "illegal_transition");
  g_assert_cmpstr (json_object_get_string_member (object, "op_id"), ==, OP_ID);

  g_assert_true (yc_op_result_kind_from_string ("conflict", &kind));
  g_assert_cmpint (kind, ==, YC_OP_RESULT_CONFLICT);
  g_assert_false (yc_op_result_kind_from_string ("fine", &kind));
  g_assert_cmpstr (yc_op_result_kind_to_string (YC_OP_RESULT_REJECTED), ==, "rejected");
}

#define BATCH_ID "9d4e1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"
#define OP2_ID   "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

static const Invalid invalid_batches[] = {
  { "not-object", "\"ops\"", "batch:" },
  { "missing-batch-id", "{\"ops\": [" GOOD_OP "]}", "batch_id: missing" },
  { "batch-id-not-uuid", "{\"batch_id\": \"b1\", \"ops\": [" GOOD_OP "]}", "batch_id:" },
  { "ops-missing", "{\"batch_id\": \"" BATCH_ID "\"}", "ops: missing" },
  { "ops-empty", "{\"batch_id\": \"" BATCH_ID "\", \"ops\": []}", "ops: must hold" },
  { "op-not-object", "{\"batch_id\": \"" BATCH_ID "\", \"ops\": [" GOOD_OP ", 7]}", "ops[1]: must be an object" },
  { "op-bad-kind", "{\"batch_id\": \"" BATCH_ID "\", \"ops\": [" GOOD_OP ", "
    OP ("\"" OP2_ID "\"", "\"" CASE_ID "\"", "1", "\"case.explode\"", "{}", "\"2026-11-23T10:00:00Z\"") "]}", "ops[1].kind:" },
  { "duplicate-op-id", "{\"batch_id\": \"" BATCH_ID "\", \"ops\": [" GOOD_OP ", " GOOD_OP "]}", "ops[1].op_id:" },
  { "unknown-member", "{\"batch_id\": \"" BATCH_ID "\", \"ops\": [" GOOD_OP "], \"force\": true}", "force: unknown field" },
};

static void
test_invalid_batch (gconstpointer data)
{
  const Invalid *row = data;
  g_autoptr(JsonNode) node = parse (row->json);
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_id = NULL;
  g_autoptr(GPtrArray) ops = yc_operation_batch_from_json (node, &batch_id, &error);

  g_assert_null (ops);
  g_assert_null (batch_id);
  g_assert_error (error, YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, row->field))
    g_error ("%s: “%s” does not start with “%s”", row->name, error->message, row->field);
}

static void
test_batch (void)
{
  g_autoptr(JsonNode) node = parse ("{\"batch_id\": \"" BATCH_ID "\", \"ops\": [" GOOD_OP ", "
                                    OP ("\"" OP2_ID "\"", "\"" CASE_ID "\"", "4", "\"rating.submit\"",
                                        "{\"level\": 5}", "\"2026-11-23T10:01:00+08:00\"") "]}");
  g_autoptr(GError) error = NULL;
  g_autofree char *batch_id = NULL;
  g_autoptr(GPtrArray) ops = yc_operation_batch_from_json (node, &batch_id, &error);
  g_autoptr(JsonNode) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (batch_id, ==, BATCH_ID);
  g_assert_cmpuint (ops->len, ==, 2);
  g_assert_cmpint (((YcOperation *) g_ptr_array_index (ops, 1))->kind, ==, YC_OP_RATING_SUBMIT);
  back = yc_operation_batch_to_json (batch_id, ops);
  g_assert_true (json_node_equal (back, node));
}

static void
test_batch_limit (void)
{
  g_autoptr(GString) text = g_string_new ("{\"batch_id\": \"" BATCH_ID "\", \"ops\": [");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ops = NULL;

  for (guint i = 0; i <= YC_OPERATION_BATCH_MAX; i++)
    {
      g_autofree char *id = g_uuid_string_random ();

      g_string_append_printf (text, "%s{\"op_id\": \"%s\", \"case_uuid\": \"" CASE_ID "\", "
                              "\"base_version\": 1, \"kind\": \"review.claim\", \"payload\": {}, "
                              "\"created_at\": \"2026-11-23T10:00:00Z\"}", i > 0 ? ", " : "", id);
    }
  g_string_append (text, "]}");
  node = parse (text->str);
  ops = yc_operation_batch_from_json (node, NULL, &error);
  g_assert_null (ops);
  g_assert_error (error, YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "ops: must hold 1 to 500"));
}

static void
test_blob_refs (void)
{
  g_autoptr(JsonNode) node = parse ("{\"materials\": [{\"code\": \"a\", \"blob_sha256\": \"" SHA_A "\"}, "
                                    "{\"code\": \"b\", \"blob_sha256\": null}, "
                                    "{\"code\": \"c\", \"blob_sha256\": \"" SHA_A "\"}, {\"code\": \"d\"}]}");
  g_autoptr(YcOperation) supplement = yc_operation_new (OP_ID, CASE_ID, 2, YC_OP_CASE_SUPPLEMENT,
                                                        json_node_get_object (node), NULL);
  g_autoptr(YcOperation) approve = yc_operation_new (OP_ID, CASE_ID, 2, YC_OP_REVIEW_APPROVE,
                                                     json_node_get_object (node), NULL);
  g_auto(GStrv) refs = yc_operation_dup_blob_refs (supplement);
  g_auto(GStrv) none = yc_operation_dup_blob_refs (approve);

  /* Each blob once. */
  g_assert_cmpstrv (refs, ((const char * const []) { SHA_A, NULL }));
  /* Only materials of accept and supplement are scans. */
  g_assert_cmpstrv (none, ((const char * const []) { NULL }));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_ops); i++)
    {
      g_autofree char *path = g_strdup_printf ("/operation/invalid/%s", invalid_ops[i].name);

      g_test_add_data_func (path, &invalid_ops[i], test_invalid_op);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_batches); i++)
    {
      g_autofree char *path = g_strdup_printf ("/operation/batch/invalid/%s", invalid_batches[i].name);

      g_test_add_data_func (path, &invalid_batches[i], test_invalid_batch);
    }
  g_test_add_func ("/operation/round-trip", test_round_trip);
  g_test_add_func ("/operation/parsed-payload-shared", test_parsed_payload_shared);
  g_test_add_func ("/operation/new-copies-payload", test_new_copies_payload);
  g_test_add_func ("/operation/kinds", test_kinds);
  g_test_add_func ("/operation/results", test_results);
  g_test_add_func ("/operation/batch", test_batch);
  g_test_add_func ("/operation/batch-limit", test_batch_limit);
  g_test_add_func ("/operation/blob-refs", test_blob_refs);

  return g_test_run ();
}
