/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <json-glib/json-glib.h>
#include <unistd.h>

#include "yc-store-private.h"
#include "yc-store-schema.h"
#include "yc-test-store.h"

typedef struct {
  char    *dir;
  YcStore *store;
  char    *blob_a;
  char    *blob_b;
} Fixture;

static GDateTime *
day_at (int year, int month, int day, int hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  return g_date_time_new (tz, year, month, day, hour, 30, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = g_bytes_new_static ("%PDF-1.7 identity card scan", 27);
  g_autoptr(GBytes) b = g_bytes_new_static ("%PDF-1.7 lease contract scan", 28);

  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, "HD01", "W03", &error));
  g_assert_no_error (error);
  f->blob_a = yc_store_put_blob (f->store, a, "application/pdf", &error);
  g_assert_no_error (error);
  f->blob_b = yc_store_put_blob (f->store, b, "application/pdf", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->blob_a);
  g_free (f->blob_b);
}

static char *
accept (Fixture   *f,
        GDateTime *when)
{
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, when);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  char *number = NULL;

  g_assert_true (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (uuid));
  return number;
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

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
test_open_creates (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "yichuang.db", NULL);
  g_autofree char *staging = g_build_filename (f->dir, "blobs", ".staging", NULL);
  YcDatabase *database = yc_store_get_database (f->store);
  g_autoptr(GError) error = NULL;
  int version = 0;

  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (staging, G_FILE_TEST_IS_DIR));

  /* Durability settings really are in force on the connection. */
  {
    g_autoptr(YcStatement) s = yc_database_prepare (database, "PRAGMA journal_mode", &error);
    g_assert_cmpint (yc_database_step (database, s, &error), ==, SQLITE_ROW);
    g_assert_cmpstr (yc_statement_get_text (s, 0), ==, "wal");
  }
  g_assert_cmpint (count_rows (f->store, "PRAGMA synchronous"), ==, 2);  /* FULL */
  g_assert_cmpint (count_rows (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (yc_database_get_user_version (database, &version, &error));
  g_assert_cmpint (version, ==, yc_store_schema_get_version ());
  g_assert_cmpint (version, >=, 2);
}

static void
test_accept (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) when = day_at (2026, 11, 22, 9);
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, when);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStoredCase) stored = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) day = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *number = NULL;
  const YcCaseMaterial *material;
  const YcOutboxOp *op;
  JsonObject *payload;

  g_assert_true (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "HD01-W03-20261122-0001");

  stored = yc_store_get_case (f->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->uuid, ==, uuid);
  g_assert_cmpstr (stored->number, ==, number);
  g_assert_cmpint (stored->kind, ==, YC_CASE_KIND_ITEM);
  g_assert_cmpstr (stored->subject_code, ==, "SCJG-GTGSH-001");
  g_assert_cmpstr (stored->catalog_version, ==, "2026.1");
  g_assert_cmpstr (stored->decision, ==, "accept_with_tolerance");
  g_assert_cmpstr (stored->state, ==, "accepted");
  g_assert_cmpstr (stored->accepted_on, ==, "2026-11-22");
  g_assert_cmpstr (stored->supplement_due, ==, "2026-11-30");
  g_assert_cmpstr (stored->sync_state, ==, "pending");
  g_assert_cmpint (stored->version, ==, 0);
  g_assert_true (g_date_time_equal (stored->accepted_at, when));
  g_assert_nonnull (stored->updated_at);
  g_assert_nonnull (strstr (stored->applicant_json, "张三"));

  g_assert_cmpuint (stored->materials->len, ==, 5);
  material = g_ptr_array_index (stored->materials, 1);
  g_assert_cmpstr (material->code, ==, "M-LEASE");
  g_assert_cmpstr (material->state, ==, "provided");
  g_assert_cmpuint (material->copies, ==, 2);
  g_assert_cmpuint (material->pages, ==, 5);
  g_assert_cmpstr (material->blob_sha256, ==, f->blob_b);
  material = g_ptr_array_index (stored->materials, 4);
  g_assert_cmpstr (material->code, ==, "M-HUKOU");
  g_assert_null (material->blob_sha256);
  g_assert_cmpstr (material->defect_reason, ==, "复印件不清晰");

  /* The outbox row was written with the case: one case.accept carrying the case. */
  g_assert_cmpint (yc_store_outbox_count (f->store, &error), ==, 1);
  ops = yc_store_outbox_peek (f->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  op = g_ptr_array_index (ops, 0);
  g_assert_cmpstr (op->kind, ==, "case.accept");
  g_assert_cmpstr (op->case_uuid, ==, uuid);
  g_assert_true (g_uuid_string_is_valid (op->op_id));
  g_assert_cmpuint (op->attempts, ==, 0);
  json_parser_load_from_data (parser, op->payload_json, -1, &error);
  g_assert_no_error (error);
  payload = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (payload, "uuid"), ==, uuid);
  g_assert_cmpstr (json_object_get_string_member (payload, "number"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (payload, "applicant"), "name"), ==, "张三");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "materials")), ==, 5);

  day = yc_store_list_cases (f->store, "2026-11-22", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 1);
  g_clear_pointer (&day, g_ptr_array_unref);
  day = yc_store_list_cases (f->store, "2026-11-23", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 0);
  g_assert_null (yc_store_list_cases (f->store, "2026-13-01", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (yc_store_get_case (f->store, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GDateTime) monday = day_at (2026, 11, 23, 9);
  g_autoptr(GDateTime) monday_late = day_at (2026, 11, 23, 17);
  g_autoptr(GDateTime) tuesday = day_at (2026, 11, 24, 8);
  g_autofree char *n1 = accept (f, monday);
  g_autofree char *n2 = accept (f, monday_late);
  g_autofree char *n3 = accept (f, tuesday);
  g_autofree char *n4 = NULL;

  g_assert_cmpstr (n1, ==, "HD01-W03-20261123-0001");
  g_assert_cmpstr (n2, ==, "HD01-W03-20261123-0002");
  g_assert_cmpstr (n3, ==, "HD01-W03-20261124-0001");

  /* The sequence is stored, not counted from memory: it survives a restart. */
  reopen (f);
  n4 = accept (f, monday);
  g_assert_cmpstr (n4, ==, "HD01-W03-20261123-0003");
}

static void
test_accept_rolls_back (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) when = day_at (2026, 11, 25, 10);
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, when);
  g_autoptr(GBytes) unrecorded = g_bytes_new_static ("scan put in the blob folder only", 32);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *number = NULL;
  YcCaseMaterial *material;

  /* Refused before the transaction: a scan that is not on disk. */
  material = g_ptr_array_index (draft->materials, 2);
  material->blob_sha256 = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_false (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (uuid);

  /* Failing inside the transaction, after the number, the case row and two material rows
   * were written: the blob file exists but was never recorded, so the foreign key fails. */
  sha256 = yc_blob_store_put_bytes (yc_store_get_blob_store (f->store), unrecorded, &error);
  g_assert_no_error (error);
  g_free (material->blob_sha256);
  material->blob_sha256 = g_strdup (sha256);
  g_assert_false (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_sequences"), ==, 0);

  /* Malformed JSON never reaches the database. */
  g_free (material->blob_sha256);
  material->blob_sha256 = NULL;
  g_free (draft->applicant_json);
  draft->applicant_json = g_strdup ("{\"name\": ");
  g_assert_false (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The number that failed was not used up. */
  g_free (draft->applicant_json);
  draft->applicant_json = g_strdup ("{}");
  g_assert_true (yc_store_accept_case (f->store, draft, &uuid, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "HD01-W03-20261125-0001");
}

/* Decisions and material states must be the rules engine's words. */
typedef struct {
  const char *name;
  gboolean    set_decision;
  const char *decision;  /* may be NULL */
  int         material;  /* whose state is replaced, or -1 */
  const char *state;     /* may be NULL */
  const char *field;     /* named in the message */
} WordTest;

static const WordTest word_tests[] = {
  { "decision-unknown", TRUE, "tolerated", -1, NULL, "decision" },
  { "decision-case", TRUE, "ACCEPT", -1, NULL, "decision" },
  { "decision-label", TRUE, "容缺受理", -1, NULL, "decision" },
  { "decision-missing", TRUE, NULL, -1, NULL, "decision" },
  { "state-unknown", FALSE, NULL, 3, "tolerated", "materials[3].state" },
  { "state-empty", FALSE, NULL, 0, "", "materials[0].state" },
  { "state-missing", FALSE, NULL, 4, NULL, "materials[4].state" },
};

static void
test_accept_refuses_words (Fixture       *f,
                           gconstpointer  data)
{
  const WordTest *test = data;
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (test->set_decision)
    {
      g_free (draft->decision);
      draft->decision = g_strdup (test->decision);
    }
  if (test->material >= 0)
    {
      YcCaseMaterial *material = g_ptr_array_index (draft->materials, test->material);
      g_free (material->state);
      material->state = g_strdup (test->state);
    }

  g_assert_false (yc_store_accept_case (f->store, draft, NULL, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, test->field));
  g_assert_null (number);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_sequences"), ==, 0);
}

/* Every word of the engine is accepted and stored as given. */
static void
test_accept_takes_words (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const decisions[] = {
    "accept", "accept_with_tolerance", "accept_on_pledge", "one_time_notice", "refuse",
  };
  static const char * const states[] = {
    "missing", "provided", "defective", "pledged", "shared",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, NULL);
      g_autoptr(YcStoredCase) stored = NULL;
      g_autofree char *uuid = NULL;

      g_free (draft->decision);
      draft->decision = g_strdup (decisions[i]);
      for (guint j = 0; j < draft->materials->len; j++)
        {
          YcCaseMaterial *material = g_ptr_array_index (draft->materials, j);
          g_free (material->state);
          material->state = g_strdup (states[(i + j) % G_N_ELEMENTS (states)]);
        }
      g_assert_true (yc_store_accept_case (f->store, draft, &uuid, NULL, &error));
      g_assert_no_error (error);
      stored = yc_store_get_case (f->store, uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (stored->decision, ==, decisions[i]);
      for (guint j = 0; j < stored->materials->len; j++)
        g_assert_cmpstr (((YcCaseMaterial *) g_ptr_array_index (stored->materials, j))->state, ==,
                         states[(i + j) % G_N_ELEMENTS (states)]);
    }
}

static void
test_not_enrolled (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (NULL, NULL, NULL);
  g_autofree char *number = NULL;

  g_assert_no_error (error);
  g_assert_false (yc_store_accept_case (store, draft, NULL, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED);
  g_assert_null (number);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_outbox (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) when = day_at (2026, 11, 26, 9);
  g_autofree char *n1 = accept (f, when);
  g_autofree char *n2 = accept (f, when);
  g_autofree char *n3 = accept (f, when);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  const YcOutboxOp *first, *second, *third;
  const YcStoredCase *stored;

  ops = yc_store_outbox_peek (f->store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 2);
  first = g_ptr_array_index (ops, 0);
  second = g_ptr_array_index (ops, 1);
  g_assert_cmpint (first->seq, <, second->seq);
  g_assert_nonnull (strstr (first->payload_json, n1));
  g_assert_nonnull (strstr (second->payload_json, n2));

  /* A failed push is counted; the operation stays first in line. */
  g_assert_true (yc_store_outbox_record_failure (f->store, first->op_id, "connection reset", &error));
  g_assert_no_error (error);
  again = yc_store_outbox_peek (f->store, 1, &error);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (again, 0))->op_id, ==, first->op_id);
  g_assert_cmpuint (((YcOutboxOp *) g_ptr_array_index (again, 0))->attempts, ==, 1);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (again, 0))->last_error, ==, "connection reset");

  g_assert_true (yc_store_outbox_complete (f->store, first->op_id, YC_OUTBOX_RESULT_OK, 7, &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_outbox_complete (f->store, second->op_id, YC_OUTBOX_RESULT_CONFLICT, 9, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_store_outbox_count (f->store, &error), ==, 1);

  /* Acknowledged once: a second acknowledgement finds nothing. */
  g_assert_false (yc_store_outbox_complete (f->store, first->op_id, YC_OUTBOX_RESULT_OK, 7, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  cases = yc_store_list_cases (f->store, "2026-11-26", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);
  stored = g_ptr_array_index (cases, 0);
  g_assert_cmpstr (stored->number, ==, n1);
  g_assert_cmpstr (stored->sync_state, ==, "synced");
  g_assert_cmpint (stored->version, ==, 7);
  stored = g_ptr_array_index (cases, 1);
  g_assert_cmpstr (stored->sync_state, ==, "conflict");
  g_assert_cmpint (stored->version, ==, 9);
  stored = g_ptr_array_index (cases, 2);
  g_assert_cmpstr (stored->sync_state, ==, "pending");

  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = yc_store_outbox_peek (f->store, 10, &error);
  g_assert_cmpuint (ops->len, ==, 1);
  third = g_ptr_array_index (ops, 0);
  g_assert_nonnull (strstr (third->payload_json, n3));
}

/* Async: everything goes through the writer thread, in order, results on this thread. */

typedef struct {
  GMainLoop *loop;
  GThread   *main_thread;
  GPtrArray *numbers;
  YcStore   *store;
  guint      pending;
  GError    *error;
} AsyncState;

static void
async_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->store = yc_store_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
async_accepted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  char *number = NULL;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_true (yc_store_accept_case_finish (YC_STORE (source), result, &uuid, &number, &error));
  g_assert_no_error (error);
  g_ptr_array_add (state->numbers, number);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
async_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = yc_store_list_cases_finish (YC_STORE (source), result, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 3);
  g_main_loop_quit (state->loop);
}

static void
async_blob_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autofree char *sha256 = yc_store_put_blob_finish (YC_STORE (source), result, &state->error);

  g_assert_true ((sha256 == NULL) == (state->error != NULL));
  if (sha256 != NULL)
    g_ptr_array_add (state->numbers, g_steal_pointer (&sha256));
  g_main_loop_quit (state->loop);
}

static void
async_enrolled_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_true (yc_store_enroll_device_finish (YC_STORE (source), result, &state->error));
  g_main_loop_quit (state->loop);
}

static void
async_peeked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GPtrArray) ops = yc_store_outbox_peek_finish (YC_STORE (source), result, &state->error);

  g_assert_nonnull (ops);
  g_assert_cmpuint (ops->len, ==, 2);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (state->numbers, g_strdup (((YcOutboxOp *) g_ptr_array_index (ops, i))->op_id));
  g_main_loop_quit (state->loop);
}

static void
async_failure_recorded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_true (yc_store_outbox_record_failure_finish (YC_STORE (source), result, &state->error));
}

static void
async_completed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_true (yc_store_outbox_complete_finish (YC_STORE (source), result, &state->error));
  g_main_loop_quit (state->loop);
}

static gboolean
async_timeout_cb (gpointer user_data)
{
  g_error ("async store test timed out");
  return G_SOURCE_REMOVE;
}

static void
test_async (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GDateTime) when = day_at (2026, 11, 27, 11);
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (NULL, NULL, when);
  g_autoptr(GBytes) scan = g_bytes_new_static ("async scan", 10);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncState state = { 0 };
  guint timeout;

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  state.numbers = g_ptr_array_new_with_free_func (g_free);
  timeout = g_timeout_add_seconds (30, async_timeout_cb, NULL);

  yc_store_open_async (dir, NULL, async_opened_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (YC_IS_STORE (state.store));
  yc_store_enroll_device_async (state.store, "HD01", "W03", NULL, async_enrolled_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);

  /* Queued back to back; the writer takes them one at a time, in this order. */
  state.pending = 3;
  for (guint i = 0; i < 3; i++)
    yc_store_accept_case_async (state.store, draft, NULL, async_accepted_cb, &state);
  yc_case_draft_free (g_steal_pointer (&draft));  /* the store copied it */
  g_main_loop_run (state.loop);
  g_assert_cmpuint (state.numbers->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (state.numbers, 0), ==, "HD01-W03-20261127-0001");
  g_assert_cmpstr (g_ptr_array_index (state.numbers, 1), ==, "HD01-W03-20261127-0002");
  g_assert_cmpstr (g_ptr_array_index (state.numbers, 2), ==, "HD01-W03-20261127-0003");

  yc_store_list_cases_async (state.store, "2026-11-27", NULL, async_listed_cb, &state);
  g_main_loop_run (state.loop);

  yc_store_put_blob_async (state.store, scan, "image/png", NULL, async_blob_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (yc_blob_store_contains (yc_store_get_blob_store (state.store),
                                         g_ptr_array_index (state.numbers, 3)));

  /* The outbox as the sync client drives it: peek, fail one push, acknowledge another. */
  g_ptr_array_set_size (state.numbers, 0);
  yc_store_outbox_peek_async (state.store, 2, NULL, async_peeked_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  yc_store_outbox_record_failure_async (state.store, g_ptr_array_index (state.numbers, 0),
                                        "HTTP 503", NULL, async_failure_recorded_cb, &state);
  yc_store_outbox_complete_async (state.store, g_ptr_array_index (state.numbers, 1),
                                  YC_OUTBOX_RESULT_OK, 3, NULL, async_completed_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  {
    g_autoptr(GPtrArray) ops = yc_store_outbox_peek (state.store, 10, NULL);
    const YcOutboxOp *first = g_ptr_array_index (ops, 0);

    g_assert_cmpuint (ops->len, ==, 2);
    g_assert_cmpstr (first->op_id, ==, g_ptr_array_index (state.numbers, 0));
    g_assert_cmpuint (first->attempts, ==, 1);
    g_assert_cmpstr (first->last_error, ==, "HTTP 503");
  }

  /* A request cancelled before the writer reaches it is not carried out. */
  g_cancellable_cancel (cancelled);
  yc_store_put_blob_async (state.store, scan, NULL, cancelled, async_blob_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  g_assert_finalize_object (state.store);
  g_source_remove (timeout);
  g_main_loop_unref (state.loop);
  g_ptr_array_unref (state.numbers);
  yc_test_rm_rf (dir);
}

/*
 * Cancelling once the writer has started a job: the case is committed, so _finish must say
 * so.  SQLite's busy handler runs on the writer thread inside the job (another connection
 * holds the write lock), which is where the window closing cancels it here.
 */

typedef struct {
  GMainLoop    *loop;
  GCancellable *cancellable;
  sqlite3      *other;
  guint         busy_calls;
  gboolean      cancel_in_callback;
  gboolean      accepted;
  char         *number;
  GError       *error;
} CancelState;

static int
cancel_while_busy_cb (void *data,
                      int   count)
{
  CancelState *state = data;

  state->busy_calls++;
  g_cancellable_cancel (state->cancellable);
  g_assert_cmpint (sqlite3_exec (state->other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  return 1;  /* try again: the lock is free now */
}

static void
cancel_accepted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CancelState *state = user_data;

  if (state->cancel_in_callback)
    g_cancellable_cancel (state->cancellable);
  state->accepted = yc_store_accept_case_finish (YC_STORE (source), result, NULL,
                                                 &state->number, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_cancel_after_start (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) when = day_at (2026, 11, 28, 9);
  g_autoptr(YcCaseDraft) draft = yc_test_draft_new (f->blob_a, f->blob_b, when);
  g_autofree char *db = g_build_filename (f->dir, YC_STORE_DATABASE_NAME, NULL);
  sqlite3 *handle = yc_database_get_handle (yc_store_get_database (f->store));
  CancelState state = { 0 };
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;

  state.loop = g_main_loop_new (NULL, FALSE);

  /* Cancelled while the writer waits for the database inside the job. */
  state.cancellable = g_cancellable_new ();
  g_assert_cmpint (sqlite3_open (db, &state.other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (state.other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_busy_handler (handle, cancel_while_busy_cb, &state);
  yc_store_accept_case_async (f->store, draft, state.cancellable, cancel_accepted_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_cmpuint (state.busy_calls, >=, 1);
  g_assert_true (g_cancellable_is_cancelled (state.cancellable));
  g_assert_no_error (state.error);
  g_assert_true (state.accepted);
  g_assert_cmpstr (state.number, ==, "HD01-W03-20261128-0001");
  g_clear_pointer (&state.number, g_free);
  g_clear_object (&state.cancellable);
  yc_store_set_busy_timeout (f->store, YC_DATABASE_DEFAULT_BUSY_TIMEOUT_MS);
  sqlite3_close (state.other);

  /* Cancelled after the job ran, before the result is read. */
  state.cancellable = g_cancellable_new ();
  state.cancel_in_callback = TRUE;
  yc_store_accept_case_async (f->store, draft, state.cancellable, cancel_accepted_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.accepted);
  g_assert_cmpstr (state.number, ==, "HD01-W03-20261128-0002");
  g_clear_pointer (&state.number, g_free);
  g_clear_object (&state.cancellable);

  /* Cancelled before the writer reached it: not carried out, and the number not used. */
  state.cancellable = g_cancellable_new ();
  state.cancel_in_callback = FALSE;
  g_cancellable_cancel (state.cancellable);
  yc_store_accept_case_async (f->store, draft, state.cancellable, cancel_accepted_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_false (state.accepted);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_clear_object (&state.cancellable);

  /* Each accepted case is stored once, with its materials and its outbox row. */
  cases = yc_store_list_cases (f->store, "2026-11-28", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpstr (((YcStoredCase *) g_ptr_array_index (cases, 0))->number, ==, "HD01-W03-20261128-0001");
  g_assert_cmpstr (((YcStoredCase *) g_ptr_array_index (cases, 1))->number, ==, "HD01-W03-20261128-0002");
  g_assert_cmpuint (((YcStoredCase *) g_ptr_array_index (cases, 0))->materials->len, ==, 5);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 2);

  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/open/creates", Fixture, NULL, fixture_set_up, test_open_creates, fixture_tear_down);
  g_test_add ("/store/accept/stores-everything", Fixture, NULL, fixture_set_up, test_accept, fixture_tear_down);
  g_test_add ("/store/accept/numbers", Fixture, NULL, fixture_set_up, test_numbers, fixture_tear_down);
  g_test_add ("/store/accept/rolls-back", Fixture, NULL, fixture_set_up, test_accept_rolls_back, fixture_tear_down);
  g_test_add_func ("/store/accept/not-enrolled", test_not_enrolled);
  g_test_add ("/store/accept/takes-words", Fixture, NULL, fixture_set_up, test_accept_takes_words, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (word_tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/accept/refuses-words/%s", word_tests[i].name);
      g_test_add (path, Fixture, &word_tests[i], fixture_set_up, test_accept_refuses_words, fixture_tear_down);
    }
  g_test_add ("/store/outbox", Fixture, NULL, fixture_set_up, test_outbox, fixture_tear_down);
  g_test_add_func ("/store/async", test_async);
  g_test_add ("/store/async/cancel-after-start", Fixture, NULL, fixture_set_up, test_cancel_after_start, fixture_tear_down);

  return g_test_run ();
}
