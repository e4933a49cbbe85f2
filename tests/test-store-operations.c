/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Later operations on a stored case (yc_store_apply_operation()): applied with the case
 * machine to the stored document, stored with the outbox row in one transaction, or not at
 * all; and the back office, applying the outbox in order, arrives at the same document.
 */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include "yc-store-private.h"
#include "yc-test-store.h"

#define SUPPLEMENT_AT "2026-11-25T10:00:00+08:00"

typedef struct {
  char    *dir;
  YcStore *store;
  char    *blob_a;
  char    *blob_b;
  char    *blob_c;
  YcCase  *accepted;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = g_bytes_new_static ("%PDF-1.7 application", 20);
  g_autoptr(GBytes) b = g_bytes_new_static ("%PDF-1.7 lease contract", 23);
  g_autoptr(GBytes) c = g_bytes_new_static ("%PDF-1.7 floor plan, brought later", 34);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) monday = g_date_time_new (tz, 2026, 11, 23, 9, 30, 0);

  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, "HD01", "W03", &error));
  f->blob_a = yc_store_put_blob (f->store, a, "application/pdf", &error);
  f->blob_b = yc_store_put_blob (f->store, b, "application/pdf", &error);
  f->blob_c = yc_store_put_blob (f->store, c, "application/pdf", &error);
  g_assert_no_error (error);

  /* SPORT with floor_plan tolerated until 2026-11-30 and safety_cert pledged. */
  f->accepted = yc_test_case_new (f->blob_a, f->blob_b, monday);
  g_assert_true (yc_store_accept_case (f->store, f->accepted, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->accepted, yc_case_unref);
  g_assert_finalize_object (f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->blob_a);
  g_free (f->blob_b);
  g_free (f->blob_c);
}

static gint64
count_rows (YcStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static char *
column_text (YcStore    *store,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return yc_statement_dup_text (statement, 0);
}

static char *
case_text (YcCase *c)
{
  g_autoptr(JsonNode) node = yc_case_to_json (c);

  return json_to_string (node, TRUE);
}

static char *
stored_text (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = yc_store_get_case (f->store, f->accepted->uuid, &error);

  g_assert_no_error (error);
  return case_text (stored);
}

static YcOperation *
op_new (Fixture    *f,
        YcOpKind    kind,
        gint64      base_version,
        const char *payload_json,
        const char *created_at)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (payload_json);
  g_autofree char *op_id = g_uuid_string_random ();

  return yc_operation_new (op_id, f->accepted->uuid, base_version, kind, payload, created_at);
}

static char *
supplement_payload (const char *blob)
{
  return g_strdup_printf ("{\"materials\": [{\"code\": \"floor_plan\", \"name\": \"场地平面图\", "
                          "\"state\": \"provided\", \"copies\": 1, \"pages\": 3, "
                          "\"blob_sha256\": \"%s\"}], \"note\": \"补交\"}", blob);
}

static void
test_supplement (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *payload = supplement_payload (f->blob_c);
  g_autoptr(YcOperation) op = op_new (f, YC_OP_CASE_SUPPLEMENT, 1, payload, SUPPLEMENT_AT);
  g_autoptr(YcCase) applied = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autofree char *wire_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *applied_text = NULL;
  g_autofree char *sql = NULL;
  YcCaseTolerated *tolerated;
  YcCaseMaterialVersion *floor_plan;
  const YcOutboxOp *row;

  applied = yc_store_apply_operation (f->store, op, yc_test_actor ("c1"), yc_test_store_calendar (),
                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (applied);

  /* The document moved on: version 2, the material's second version, the tolerance closed. */
  g_assert_cmpint (applied->version, ==, 2);
  floor_plan = yc_case_lookup_material (applied, "floor_plan");
  g_assert_cmpuint (floor_plan->version, ==, 2);
  g_assert_cmpint (floor_plan->state, ==, YC_CASE_MATERIAL_PROVIDED);
  g_assert_cmpstr (floor_plan->blob_sha256, ==, f->blob_c);
  tolerated = yc_case_lookup_tolerated (applied, "floor_plan");
  g_assert_true (tolerated->received);
  g_assert_cmpuint (g_date_get_day (&tolerated->received_on), ==, 25);
  g_assert_cmpuint (applied->history->len, ==, 2);

  /* Stored as returned, with the listing columns, the new material row and the outbox row. */
  applied_text = case_text (applied);
  text = stored_text (f);
  g_assert_cmpstr (text, ==, applied_text);
  g_assert_cmpint (count_rows (f->store, "SELECT version FROM cases"), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases WHERE supplement_due IS NULL"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials"), ==, 8);
  g_free (text);
  text = column_text (f->store, "SELECT state || ' ' || pages || ' ' || blob_sha256 FROM case_materials "
                                "WHERE material_code = 'floor_plan' AND revision = 2");
  sql = g_strdup_printf ("provided 3 %s", f->blob_c);
  g_assert_cmpstr (text, ==, sql);

  ops = yc_store_outbox_peek (f->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 2);
  row = g_ptr_array_index (ops, 1);
  g_assert_cmpstr (row->kind, ==, "case.supplement");
  g_assert_cmpstr (row->op_id, ==, op->op_id);
  g_assert_cmpstr (row->case_uuid, ==, f->accepted->uuid);
  wire = yc_operation_to_json (op);
  wire_text = json_to_string (wire, FALSE);
  g_assert_cmpstr (row->payload_json, ==, wire_text);
}

/* Whatever is refused leaves the case, its materials and the outbox as they were. */
typedef struct {
  const char *name;
  gboolean    by_store;  /* YC_STORE_ERROR; otherwise the case machine's */
  int         code;
} Refused;

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  const Refused *test = data;
  g_autofree char *before = stored_text (f);
  g_autofree char *after = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  const char *actor = "c1";
  GQuark domain;

  if (g_str_equal (test->name, "stale-version"))
    {
      payload = supplement_payload (f->blob_c);
      op = op_new (f, YC_OP_CASE_SUPPLEMENT, 0, payload, SUPPLEMENT_AT);
    }
  else if (g_str_equal (test->name, "illegal"))
    op = op_new (f, YC_OP_CASE_ISSUE, 1, "{\"signature_confirmed\": true}", SUPPLEMENT_AT);
  else if (g_str_equal (test->name, "other-hall"))
    {
      op = op_new (f, YC_OP_RATING_SUBMIT, 1, "{\"level\": 5}", SUPPLEMENT_AT);
      actor = "c2";
    }
  else if (g_str_equal (test->name, "bad-payload"))
    op = op_new (f, YC_OP_RATING_SUBMIT, 1, "{\"level\": 9}", SUPPLEMENT_AT);
  else if (g_str_equal (test->name, "scan-not-stored"))
    {
      payload = supplement_payload (YC_TEST_SHA_A);
      op = op_new (f, YC_OP_CASE_SUPPLEMENT, 1, payload, SUPPLEMENT_AT);
    }
  else if (g_str_equal (test->name, "after-due-date"))
    {
      payload = supplement_payload (f->blob_c);
      op = op_new (f, YC_OP_CASE_SUPPLEMENT, 1, payload, "2026-12-02T09:00:00+08:00");
    }
  else if (g_str_equal (test->name, "accept"))
    op = op_new (f, YC_OP_CASE_ACCEPT, 0, "{}", SUPPLEMENT_AT);
  else if (g_str_equal (test->name, "unknown-case"))
    {
      g_autoptr(JsonObject) empty = json_object_new ();
      op = yc_operation_new ("6f1c2b8e-5a7d-4c3e-9b1a-0d2e3f4a5b6c",
                             "00000000-0000-4000-8000-000000000000", 1, YC_OP_CASE_WITHDRAW,
                             empty, SUPPLEMENT_AT);
    }
  else
    g_assert_not_reached ();

  g_assert_null (yc_store_apply_operation (f->store, op, yc_test_actor (actor),
                                           yc_test_store_calendar (), &error));
  domain = test->by_store ? YC_STORE_ERROR : YC_CASE_MACHINE_ERROR;
  g_assert_error (error, domain, test->code);
  g_test_message ("%s", error->message);

  after = stored_text (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_rows (f->store, "SELECT version FROM cases"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials"), ==, 7);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 1);
}

static const Refused refused[] = {
  { "stale-version", TRUE, YC_STORE_ERROR_CONFLICT },
  { "illegal", FALSE, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION },
  { "other-hall", FALSE, YC_CASE_MACHINE_ERROR_FORBIDDEN },
  { "bad-payload", FALSE, YC_CASE_MACHINE_ERROR_INVALID_PAYLOAD },
  { "scan-not-stored", TRUE, YC_STORE_ERROR_INVALID },
  { "after-due-date", FALSE, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION },
  { "accept", TRUE, YC_STORE_ERROR_INVALID },
  { "unknown-case", TRUE, YC_STORE_ERROR_NOT_FOUND },
};

/* A synced case becomes pending with a new operation; a conflict stays shown. */
static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(YcOperation) rating = op_new (f, YC_OP_RATING_SUBMIT, 1, "{\"level\": 4, \"comment\": \"快\"}",
                                          SUPPLEMENT_AT);
  g_autoptr(YcOperation) withdraw = op_new (f, YC_OP_CASE_WITHDRAW, 2, "{\"reason\": \"不办了\"}",
                                            SUPPLEMENT_AT);
  g_autoptr(YcCase) rated = NULL;
  g_autoptr(YcCase) withdrawn = NULL;
  g_autoptr(GError) error = NULL;

  ops = yc_store_outbox_peek (f->store, 1, &error);
  g_assert_true (yc_store_outbox_complete (f->store, ((YcOutboxOp *) g_ptr_array_index (ops, 0))->op_id,
                                           YC_OUTBOX_RESULT_OK, 1, &error));
  g_assert_no_error (error);
  states = yc_store_list_sync_states (f->store, "2026-11-23", &error);
  g_assert_cmpstr (g_hash_table_lookup (states, f->accepted->uuid), ==, "synced");
  g_clear_pointer (&states, g_hash_table_unref);

  rated = yc_store_apply_operation (f->store, rating, yc_test_actor ("c1"), yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  g_assert_true (rated->rated);
  states = yc_store_list_sync_states (f->store, "2026-11-23", &error);
  g_assert_cmpstr (g_hash_table_lookup (states, f->accepted->uuid), ==, "pending");
  g_clear_pointer (&states, g_hash_table_unref);

  g_assert_true (yc_store_outbox_complete (f->store, rating->op_id, YC_OUTBOX_RESULT_CONFLICT, 3, &error));
  g_assert_no_error (error);
  withdrawn = yc_store_apply_operation (f->store, withdraw, yc_test_actor ("c1"), yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (withdrawn->state, ==, YC_CASE_STATE_WITHDRAWN);
  states = yc_store_list_sync_states (f->store, "2026-11-23", &error);
  g_assert_cmpstr (g_hash_table_lookup (states, f->accepted->uuid), ==, "conflict");
}

/* The back office applies the outbox in order with the same machine: same document. */
static void
test_back_office_agrees (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *payload = supplement_payload (f->blob_c);
  g_autoptr(YcOperation) supplement = op_new (f, YC_OP_CASE_SUPPLEMENT, 1, payload, SUPPLEMENT_AT);
  g_autoptr(YcOperation) rating = op_new (f, YC_OP_RATING_SUBMIT, 2, "{\"level\": 2, \"comment\": \"慢\"}",
                                          "2026-11-26T16:00:00+08:00");
  g_autoptr(YcCase) last = NULL;
  g_autoptr(YcCase) server = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local_text = NULL;
  g_autofree char *server_text = NULL;

  g_clear_pointer (&last, yc_case_unref);
  last = yc_store_apply_operation (f->store, supplement, yc_test_actor ("c1"), yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&last, yc_case_unref);
  last = yc_store_apply_operation (f->store, rating, yc_test_actor ("c1"), yc_test_store_calendar (), &error);
  g_assert_no_error (error);

  ops = yc_store_outbox_peek (f->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 3);
  for (guint i = 0; i < ops->len; i++)
    {
      const YcOutboxOp *row = g_ptr_array_index (ops, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(YcOperation) op = NULL;

      g_assert_true (json_parser_load_from_data (parser, row->payload_json, -1, &error));
      op = yc_operation_from_json (json_parser_get_root (parser), &error);
      g_assert_no_error (error);
      if (i == 0)
        server = yc_case_machine_accept_full (op, yc_test_actor ("c1"), yc_test_store_catalog (),
                                              yc_test_store_calendar (), &error);
      else
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (op->created_at, NULL);
          GDate today = yc_test_day_of (at);

          g_assert_cmpint (op->base_version, ==, server->version);
          yc_case_machine_apply (server, op, yc_test_actor ("c1"), &today, yc_test_store_calendar (), &error);
        }
      g_assert_no_error (error);
    }
  local_text = stored_text (f);
  server_text = case_text (server);
  g_assert_cmpstr (server_text, ==, local_text);
  g_assert_cmpint (server->version, ==, 3);
}

typedef struct {
  GMainLoop *loop;
  YcCase    *applied;
  GError    *error;
} AsyncState;

static void
applied_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->applied = yc_store_apply_operation_finish (YC_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

/* The actor is copied: the caller's strings may go at once. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(YcOperation) op = op_new (f, YC_OP_RATING_SUBMIT, 1, "{\"level\": 5}", SUPPLEMENT_AT);
  g_autofree char *username = g_strdup ("c1");
  g_autofree char *hall = g_strdup ("HD01");
  g_autofree char *text = NULL;
  g_autofree char *applied_text = NULL;
  YcActor actor = { username, YC_ROLE_CLERK, hall, NULL };
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  yc_store_apply_operation_async (f->store, op, &actor, yc_test_store_calendar (), NULL, applied_cb, &state);
  memset (username, 'x', 2);
  memset (hall, 'x', 4);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.applied);
  g_assert_cmpint (state.applied->version, ==, 2);
  g_assert_cmpuint (state.applied->rating_level, ==, 5);
  applied_text = case_text (state.applied);
  text = stored_text (f);
  g_assert_cmpstr (text, ==, applied_text);

  yc_case_unref (state.applied);
  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/operations/supplement", Fixture, NULL, fixture_set_up, test_supplement, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/operations/refused/%s", refused[i].name);

      g_test_add (path, Fixture, &refused[i], fixture_set_up, test_refused, fixture_tear_down);
    }
  g_test_add ("/store/operations/sync-state", Fixture, NULL, fixture_set_up, test_sync_state, fixture_tear_down);
  g_test_add ("/store/operations/back-office-agrees", Fixture, NULL, fixture_set_up, test_back_office_agrees, fixture_tear_down);
  g_test_add ("/store/operations/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}
