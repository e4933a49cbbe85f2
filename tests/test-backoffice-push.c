/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* Push: idempotency of batches and op ids, conflicts, rejections, concurrency, restart. */

#define CASE_1 "6a1e5a0c-1d2b-4c3d-8e4f-5a6b7c8d9e01"
#define CASE_2 "6a1e5a0c-1d2b-4c3d-8e4f-5a6b7c8d9e02"

static JsonObject *
part_payload (const char *department)
{
  JsonObject *payload = json_object_new ();

  json_object_set_string_member (payload, "department", department);
  return payload;
}

static const char *
result_of (JsonNode *answer,
           guint     i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  return json_object_get_string_member (json_array_get_object_element (results, i), "result");
}

static void
test_push_ok_and_replay (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(GBytes) body = fixture_batch (key, fixture_op_json (op_id, CASE_1, 0, YC_OP_CASE_ACCEPT, payload), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) after_restart = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *restart_text = NULL;
  guint64 head;

  first = yc_backoffice_push (fixture->backoffice, clerk, key, body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result_of (first, 0), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "batch_id"), ==, key);
  head = yc_backoffice_head_seq (fixture->backoffice);
  g_assert_cmpuint (head, >, 0);

  /* The same batch again: the stored answer, nothing applied twice. */
  again = yc_backoffice_push (fixture->backoffice, clerk, key, body, &error);
  g_assert_no_error (error);
  first_text = json_to_string (first, FALSE);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (first_text, ==, again_text);
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 1);

  /* And after a restart. */
  fixture_reopen (fixture);
  after_restart = yc_backoffice_push (fixture->backoffice, clerk, key, body, &error);
  g_assert_no_error (error);
  restart_text = json_to_string (after_restart, FALSE);
  g_assert_cmpstr (first_text, ==, restart_text);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 1);
}

static void
test_push_mismatch (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) p1 = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_autoptr(JsonObject) p2 = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_2, "HD01");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autoptr(GBytes) body1 = fixture_batch (key, fixture_op_json (op1, CASE_1, 0, YC_OP_CASE_ACCEPT, p1), NULL);
  g_autoptr(GBytes) body2 = fixture_batch (key, fixture_op_json (op2, CASE_2, 0, YC_OP_CASE_ACCEPT, p2), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(YcPrincipal) other = fixture_principal ("rs");
  g_autoptr(JsonNode) third = NULL;

  first = yc_backoffice_push (fixture->backoffice, clerk, key, body1, &error);
  g_assert_no_error (error);

  second = yc_backoffice_push (fixture->backoffice, clerk, key, body2, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "Idempotency-Key");
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 422);
  g_assert_null (second);
  g_clear_error (&error);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 1);

  /* Someone else's key is not theirs to replay. */
  third = yc_backoffice_push (fixture->backoffice, other, key, body1, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_clear_error (&error);

  /* A key that is not a UUID, a batch id that is not the key. */
  g_assert_null (yc_backoffice_push (fixture->backoffice, clerk, "batch-1", body1, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "Idempotency-Key");
  g_clear_error (&error);
  {
    g_autofree char *other_key = g_uuid_string_random ();
    g_assert_null (yc_backoffice_push (fixture->backoffice, clerk, other_key, body1, &error));
    g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
    g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "batch_id");
    g_clear_error (&error);
  }
  /* Not JSON at all. */
  {
    g_autofree char *other_key = g_uuid_string_random ();
    g_autoptr(GBytes) junk = g_bytes_new_static ("{\"batch_id\":", 12);
    g_assert_null (yc_backoffice_push (fixture->backoffice, clerk, other_key, junk, &error));
    g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* Only white space (json-glib read it as a document without a root, on which the batch
   * reader failed without an error), and what json-glib took but is not JSON. */
  {
    const char *const bodies[] = { "  \n", "/* batch */ {\"batch_id\":\"x\",\"ops\":[]}" };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autofree char *other_key = g_uuid_string_random ();
        g_autoptr(GBytes) junk = g_bytes_new_static (bodies[i], strlen (bodies[i]));

        g_assert_null (yc_backoffice_push (fixture->backoffice, clerk, other_key, junk, &error));
        g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
        g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "body");
        g_assert_nonnull (strstr (error->message, "byte "));
        g_clear_error (&error);
      }
  }
}

typedef struct {
  GMutex  lock;
  GCond   cond;
  gboolean entered;
  gboolean release;
} Gate;

static void
gate_hook (YcBackoffice *backoffice,
           const char   *key,
           gpointer      data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->release)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

typedef struct {
  Fixture     *fixture;
  YcPrincipal *clerk;
  const char  *key;
  GBytes      *body;
  JsonNode    *answer;
  GError      *error;
} PushJob;

static gpointer
push_thread (gpointer data)
{
  PushJob *job = data;

  job->answer = yc_backoffice_push (job->fixture->backoffice, job->clerk, job->key, job->body, &job->error);
  return NULL;
}

static void
test_push_concurrent_same_key (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(GBytes) body = fixture_batch (key, fixture_op_json (op_id, CASE_1, 0, YC_OP_CASE_ACCEPT, payload), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) replay = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *replay_text = NULL;
  PushJob job = { fixture, clerk, key, body, NULL, NULL };
  Gate gate = { 0 };
  GThread *thread;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  yc_backoffice_set_push_hook (fixture->backoffice, gate_hook, &gate);

  /* The first thread holds the batch in flight … */
  thread = g_thread_new ("push", push_thread, &job);
  g_mutex_lock (&gate.lock);
  while (!gate.entered)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);
  yc_backoffice_set_push_hook (fixture->backoffice, NULL, NULL);

  /* … so the same key meanwhile is CONFLICT, … */
  second = yc_backoffice_push (fixture->backoffice, clerk, key, body, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 409);
  g_assert_null (second);
  g_clear_error (&error);

  g_mutex_lock (&gate.lock);
  gate.release = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);
  g_thread_join (thread);
  g_assert_no_error (job.error);
  g_assert_cmpstr (result_of (job.answer, 0), ==, "ok");

  /* … and once it is done, the retry gets the stored answer. */
  replay = yc_backoffice_push (fixture->backoffice, clerk, key, body, &error);
  g_assert_no_error (error);
  first_text = json_to_string (job.answer, FALSE);
  replay_text = json_to_string (replay, FALSE);
  g_assert_cmpstr (first_text, ==, replay_text);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 1);

  json_node_unref (job.answer);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

static void
test_push_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) rs2 = fixture_principal ("rs2");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autoptr(JsonObject) approve = part_payload ("sport");
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(JsonNode) others = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  JsonObject *conflict = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  r1 = fixture_push_one (fixture, rs, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (r1, "version"), ==, 2);

  /* rs2 acts on version 1, which is stale now. */
  r2 = fixture_push_one (fixture, rs2, CASE_1, 1, YC_OP_REVIEW_APPROVE, approve);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "conflict");
  g_assert_cmpint (json_object_get_int_member (r2, "version"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 2);

  /* The losing op is kept … */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM conflicts WHERE username = 'rs2'"
                                               " AND server_version = 2 AND payload LIKE '%review.approve%'"), ==, 1);
  /* … and its author finds it on the change feed, nobody else does. */
  changes = yc_backoffice_changes (fixture->backoffice, rs2, NULL, 0, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (changes), "changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "kind"), "conflict"))
      conflict = json_array_get_object_element (list, i);
  g_assert_nonnull (conflict);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (conflict, "payload"), "server_version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (conflict, "payload"), "op"), "kind"),
                   ==, "review.approve");

  others = yc_backoffice_changes (fixture->backoffice, rs, NULL, 0, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (others), "changes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "kind"), !=, "conflict");
}

static void
test_push_rejected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) approve = part_payload ("sport");
  g_autoptr(JsonObject) issue = json_object_new ();
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");

  /* Issuing a case nobody approved is an illegal transition: rejected, with its reason. */
  json_object_set_boolean_member (issue, "signature_confirmed", TRUE);
  r1 = fixture_push_one (fixture, clerk, CASE_1, 1, YC_OP_CASE_ISSUE, issue);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r1, "code"), ==, "illegal_transition");
  g_assert_nonnull (json_object_get_string_member (r1, "reason"));
  g_assert_cmpint (json_object_get_int_member (r1, "version"), ==, 1);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 1);

  /* Unknown case. */
  r2 = fixture_push_one (fixture, rs, CASE_2, 1, YC_OP_REVIEW_APPROVE, approve);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r2, "code"), ==, "not_found");
}

static void
test_push_missing_blob (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_autoptr(JsonObject) result = NULL;
  JsonArray *materials = json_object_get_array_member (payload, "materials");

  /* Point a material at a file the server never received. */
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *m = json_array_get_object_element (materials, i);
      if (json_object_has_member (m, "blob_sha256"))
        json_object_set_string_member (m, "blob_sha256", YC_TEST_SHA_A);
    }
  result = fixture_push_one (fixture, clerk, CASE_1, 0, YC_OP_CASE_ACCEPT, payload);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "missing_blob");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 0);
}

/* A stale op on a case outside the author's scope is refused, not kept as a conflict that
 * would send the author the server's document. */
static void
test_push_out_of_scope_stale (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) c2 = fixture_principal ("c2");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autoptr(JsonObject) withdraw = json_object_new ();
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  r1 = fixture_push_one (fixture, rs, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "ok");

  /* c2 (HD02) guesses the case's UUID and sends a stale op. */
  r2 = fixture_push_one (fixture, c2, CASE_1, 1, YC_OP_CASE_WITHDRAW, withdraw);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r2, "code"), ==, "forbidden");
  g_assert_cmpint (json_object_get_int_member (r2, "version"), ==, 0);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM conflicts"), ==, 0);
  changes = yc_backoffice_changes (fixture->backoffice, c2, NULL, 0, &error);
  g_assert_no_error (error);
  text = json_to_string (changes, FALSE);
  g_assert_null (strstr (text, CASE_1));
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'denied' AND actor = 'c2'"), ==, 1);
}

/* Knowing a file's hash does not let one refer a case to it (and so read it through that
 * case): only one's own upload, or a file a case in one's scope already has. */
static void
test_push_foreign_blob (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(YcPrincipal) c3 = fixture_principal ("c3");
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_2, "HD01");
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file;

  /* c3, a clerk of HD01, refers to the file c1 uploaded, which no case has yet. */
  json_object_set_string_member (payload, "clerk", "c3");
  refused = fixture_push_one (fixture, c3, CASE_2, 0, YC_OP_CASE_ACCEPT, payload);
  g_assert_cmpstr (json_object_get_string_member (refused, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (refused, "code"), ==, "missing_blob");
  file = yc_backoffice_blob_file (fixture->backoffice, c3, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (file);
  g_clear_error (&error);

  /* Once a case of c3's hall has it, c3 may see it and refer to it. */
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  accepted = fixture_push_one (fixture, c3, CASE_2, 0, YC_OP_CASE_ACCEPT, payload);
  g_assert_cmpstr (json_object_get_string_member (accepted, "result"), ==, "ok");
}

/* One spelling of an op id: the same op under an upper-case id is not a second op. */
static void
test_push_upper_case_op_id (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *upper = g_ascii_strup (op_id, -1);
  g_autofree char *key1 = g_uuid_string_random ();
  g_autofree char *key2 = g_uuid_string_random ();
  g_autoptr(GBytes) body1 = NULL;
  g_autoptr(GBytes) body2 = NULL;
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  body1 = fixture_batch (key1, fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim), NULL);
  a1 = yc_backoffice_push (fixture->backoffice, rs, key1, body1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result_of (a1, 0), ==, "ok");

  body2 = fixture_batch (key2, fixture_op_json (upper, CASE_1, 2, YC_OP_REVIEW_RELEASE, claim), NULL);
  a2 = yc_backoffice_push (fixture->backoffice, rs, key2, body2, &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (a2), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "invalid_payload");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 2);
}

static void
test_push_op_id_reused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autofree char *key1 = g_uuid_string_random ();
  g_autofree char *key2 = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autoptr(GBytes) body1 = NULL;
  g_autoptr(GBytes) body2 = NULL;
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *first, *again;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  body1 = fixture_batch (key1, fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim), NULL);
  a1 = yc_backoffice_push (fixture->backoffice, rs, key1, body1, &error);
  g_assert_no_error (error);

  /* The client lost the answer and sent the op again in a new batch, with a release after it. */
  body2 = fixture_batch (key2,
                         fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim),
                         fixture_op_json (op2, CASE_1, 2, YC_OP_REVIEW_RELEASE, claim), NULL);
  a2 = yc_backoffice_push (fixture->backoffice, rs, key2, body2, &error);
  g_assert_no_error (error);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (a1), "results"), 0);
  again = json_array_get_object_element (json_object_get_array_member (json_node_get_object (a2), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (again, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (again, "version"), ==, json_object_get_int_member (first, "version"));
  g_assert_cmpstr (result_of (a2, 1), ==, "ok");
  /* Applied once: accept (1), claim (2), release (3). */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 3);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 3);
}

static JsonObject *
result_object (JsonNode *answer,
               guint     i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  return json_array_get_object_element (results, i);
}

/* Pushes one op in a batch of its own and returns the answer. */
static JsonNode *
push_op (Fixture     *fixture,
         YcPrincipal *p,
         JsonNode    *op)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GBytes) body = fixture_batch (key, op, NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *answer = yc_backoffice_push (fixture->backoffice, p, key, body, &error);

  g_assert_no_error (error);
  return answer;
}

static void
assert_op_id_reused (JsonNode   *answer,
                     const char *op_id)
{
  JsonObject *r = result_object (answer, 0);
  const char *reason = json_object_get_string_member (r, "reason");

  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "op_id_reused");
  g_assert_cmpstr (json_object_get_string_member (r, "op_id"), ==, op_id);
  /* Nothing of the op stored under that id: not its version, sender, case or effects. */
  g_assert_cmpint (json_object_get_int_member_with_default (r, "version", 0), ==, 0);
  g_assert_false (json_object_has_member (r, "effects"));
  g_assert_null (strstr (reason, "rs"));
  g_assert_null (strstr (reason, CASE_1));
}

static void
test_push_op_id_foreign (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) foreign = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) other_case = NULL;
  g_autoptr(JsonNode) legacy = NULL;
  g_autoptr(JsonNode) legacy_case = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  first = push_op (fixture, rs, fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim));
  g_assert_cmpstr (result_of (first, 0), ==, "ok");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 2);

  /* Another user who learnt the op id gets neither the stored result nor their op applied. */
  foreign = push_op (fixture, clerk, fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim));
  assert_op_id_reused (foreign, op_id);

  /* The same user, a different op under the used id. */
  changed = push_op (fixture, rs, fixture_op_json (op_id, CASE_1, 2, YC_OP_REVIEW_RELEASE, claim));
  assert_op_id_reused (changed, op_id);

  /* The same op id on another case. */
  other_case = push_op (fixture, rs, fixture_op_json (op_id, CASE_2, 1, YC_OP_REVIEW_CLAIM, claim));
  assert_op_id_reused (other_case, op_id);

  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops WHERE username = 'rs'"
                                               " AND length (op_hash) = 64"), ==, 1);

  /* A row of an older release (no sender, no hash) matches on op id and case alone. */
  fixture_sql (fixture, "UPDATE ops SET username = NULL, op_hash = NULL");
  legacy = push_op (fixture, clerk, fixture_op_json (op_id, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim));
  g_assert_cmpstr (result_of (legacy, 0), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (result_object (legacy, 0), "version"), ==, 2);
  legacy_case = push_op (fixture, rs, fixture_op_json (op_id, CASE_2, 1, YC_OP_REVIEW_CLAIM, claim));
  assert_op_id_reused (legacy_case, op_id);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases"), ==, 2);
}

/* A database of the release before op hashes were kept gains the columns on open, and
 * keeps its rows. */
static void
test_push_ops_migration (Fixture       *fixture,
                         gconstpointer  data)
{
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  fixture_sql (fixture, "ALTER TABLE ops DROP COLUMN op_hash; ALTER TABLE ops DROP COLUMN username;"
                        "DELETE FROM meta WHERE key = 'schema_version'");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM pragma_table_info ('ops')"
                                               " WHERE name IN ('username', 'op_hash')"), ==, 0);
  fixture_reopen (fixture);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM pragma_table_info ('ops')"
                                               " WHERE name IN ('username', 'op_hash')"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops WHERE op_hash IS NULL"), ==, 1);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT value FROM meta WHERE key = 'schema_version'"), >=, 2);
}

static void
assert_rejected_accept (JsonNode   *answer,
                        const char *code)
{
  JsonObject *r = result_object (answer, 0);

  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, code);
  g_assert_cmpint (json_object_get_int_member (r, "version"), ==, 0);
}

static void
test_push_accept_number_window (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(JsonObject) p1 = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_autoptr(JsonObject) p2 = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_2, "HD01");
  g_autoptr(JsonObject) p3 = fixture_accept_payload (fixture, YC_TEST_ITEM, CASE_2, "HD01");
  g_autofree char *op1 = g_uuid_string_random ();
  g_autofree char *op2 = g_uuid_string_random ();
  g_autofree char *op3 = g_uuid_string_random ();
  g_autofree char *op4 = g_uuid_string_random ();
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) duplicate = NULL;
  g_autoptr(JsonNode) unenrolled = NULL;
  g_autoptr(JsonNode) fine = NULL;

  first = push_op (fixture, clerk, fixture_op_json (op1, CASE_1, 0, YC_OP_CASE_ACCEPT, p1));
  g_assert_cmpstr (result_of (first, 0), ==, "ok");

  /* Another case under the number of the first: refused as an op, not a storage error. */
  json_object_set_string_member (p2, "number", json_object_get_string_member (p1, "number"));
  duplicate = push_op (fixture, clerk, fixture_op_json (op2, CASE_2, 0, YC_OP_CASE_ACCEPT, p2));
  assert_rejected_accept (duplicate, "duplicate_number");

  /* A window the back office never enrolled. */
  json_object_set_string_member (p3, "window", "W99");
  json_object_set_string_member (p3, "number", "HD01-W99-20261123-0001");
  unenrolled = push_op (fixture, clerk, fixture_op_json (op3, CASE_2, 0, YC_OP_CASE_ACCEPT, p3));
  assert_rejected_accept (unenrolled, "window_not_enrolled");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 1);

  /* Once enrolled, the same case goes through. */
  fixture_sql (fixture, "INSERT INTO windows (hall, window, enrolled_at) VALUES ('HD01', 'W99', 0)");
  fine = push_op (fixture, clerk, fixture_op_json (op4, CASE_2, 0, YC_OP_CASE_ACCEPT, p3));
  g_assert_cmpstr (result_of (fine, 0), ==, "ok");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name = 'cases_number_unique'"), ==, 1);
}

/* A database that already holds one number twice keeps both cases and opens without the
 * unique index (with a warning); it gains the index once the duplicate is resolved. */
static void
test_push_number_index_migration (Fixture       *fixture,
                                  gconstpointer  data)
{
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  fixture_sql (fixture, "DROP INDEX cases_number_unique;"
                        "INSERT INTO cases SELECT '" CASE_2 "', version, number, hall, window, clerk,"
                        " state, decision, accepted_on, deadline, applicant_name, applicant_id,"
                        " document, updated_at, tolerance_due FROM cases");
  g_test_expect_message ("yc-backoffice", G_LOG_LEVEL_WARNING, "*held by more than one case*");
  fixture_reopen (fixture);
  g_test_assert_expected_messages ();
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name = 'cases_number_unique'"), ==, 0);

  fixture_sql (fixture, "UPDATE cases SET number = number || '-2' WHERE uuid = '" CASE_2 "'");
  fixture_reopen (fixture);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name = 'cases_number_unique'"), ==, 1);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 2);
}

static void
test_push_flags_applicant (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(JsonObject) claim = part_payload ("sport");
  g_autoptr(JsonObject) verify = json_object_new ();
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;

  fixture_accept (fixture, YC_TEST_PLEDGE, CASE_1, "HD01");
  r1 = fixture_push_one (fixture, rs, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "ok");
  json_object_set_string_member (verify, "material", "safety_cert");
  json_object_set_string_member (verify, "result", "broken");
  r2 = fixture_push_one (fixture, rs, CASE_1, 2, YC_OP_PLEDGE_VERIFY, verify);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r2, "effects"), "flag_applicant"),
                   ==, "91110108MA01ABCD2X");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM flagged_applicants"
                                               " WHERE id_number = '91110108MA01ABCD2X'"), ==, 1);
}

static void
test_purge_floor (Fixture       *fixture,
                  gconstpointer  data)
{
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");

  /* A request to forget op ids after one day keeps them 90 days all the same. */
  fixture_advance (fixture, 30 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_purge_op_ids (fixture->backoffice, G_TIME_SPAN_DAY), ==, 0);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 1);
  fixture_advance (fixture, 61 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_purge_op_ids (fixture->backoffice, G_TIME_SPAN_DAY), ==, 1);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 0);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM batches"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/push/ok-and-replay", test_push_ok_and_replay);
  FIXTURE_TEST ("/backoffice/push/mismatch", test_push_mismatch);
  FIXTURE_TEST ("/backoffice/push/concurrent-same-key", test_push_concurrent_same_key);
  FIXTURE_TEST ("/backoffice/push/conflict", test_push_conflict);
  FIXTURE_TEST ("/backoffice/push/rejected", test_push_rejected);
  FIXTURE_TEST ("/backoffice/push/missing-blob", test_push_missing_blob);
  FIXTURE_TEST ("/backoffice/push/out-of-scope-stale", test_push_out_of_scope_stale);
  FIXTURE_TEST ("/backoffice/push/foreign-blob", test_push_foreign_blob);
  FIXTURE_TEST ("/backoffice/push/upper-case-op-id", test_push_upper_case_op_id);
  FIXTURE_TEST ("/backoffice/push/op-id-reused", test_push_op_id_reused);
  FIXTURE_TEST ("/backoffice/push/op-id-foreign", test_push_op_id_foreign);
  FIXTURE_TEST ("/backoffice/push/ops-migration", test_push_ops_migration);
  FIXTURE_TEST ("/backoffice/push/accept-number-window", test_push_accept_number_window);
  FIXTURE_TEST ("/backoffice/push/number-index-migration", test_push_number_index_migration);
  FIXTURE_TEST ("/backoffice/push/flags-applicant", test_push_flags_applicant);
  FIXTURE_TEST ("/backoffice/push/purge-floor", test_purge_floor);

  return g_test_run ();
}
