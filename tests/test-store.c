/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <unistd.h>

#include "yc-store-private.h"
#include "yc-store-schema.h"
#include "yc-test-store.h"

static char *
accept (YcStoreFixture   *f,
        GDateTime *when)
{
  g_autoptr(YcCase) c = yc_test_case_new (f->blob_a, f->blob_b, when);
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (c->uuid));
  g_assert_nonnull (c->number);
  return g_strdup (c->number);
}

static char *
case_text (YcCase *c)
{
  g_autoptr(JsonNode) node = yc_case_to_json (c);

  return json_to_string (node, TRUE);
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
reopen (YcStoreFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
test_open_creates (YcStoreFixture       *f,
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
test_accept (YcStoreFixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 22, 9);
  g_autoptr(YcCase) c = yc_test_case_new (f->blob_a, f->blob_b, when);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = NULL;
  g_autoptr(YcCase) accepted = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) day = NULL;
  g_autoptr(GHashTable) sync_states = NULL;
  g_autoptr(GDateTime) stored_at = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uuid = g_strdup (c->uuid);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *accepted_text = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *due = NULL;
  const YcCaseMaterialVersion *material;
  const YcOutboxOp *row;

  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->number, ==, "HD01-W03-20261122-0001");

  /* The stored document is the accepted one, with its number, member for member. */
  stored = yc_store_get_case (f->store, uuid, &error);
  g_assert_no_error (error);
  expected = case_text (c);
  actual = case_text (stored);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpstr (stored->uuid, ==, uuid);
  g_assert_cmpstr (stored->number, ==, "HD01-W03-20261122-0001");
  g_assert_cmpstr (stored->subject_kind, ==, "item");
  g_assert_cmpstr (stored->subject_code, ==, "SPORT");
  g_assert_cmpstr (stored->catalog_version, ==, "test");
  g_assert_cmpint (stored->decision, ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpint (stored->state, ==, YC_CASE_STATE_ACCEPTED);
  g_assert_cmpint (stored->version, ==, 1);
  g_assert_cmpuint (g_date_get_day (&stored->accepted_on), ==, 22);
  stored_at = g_date_time_new_from_iso8601 (stored->accepted_at, NULL);
  g_assert_true (g_date_time_equal (stored_at, when));
  g_assert_cmpstr (json_object_get_string_member (stored->applicant, "name"), ==, "力行健身有限公司");
  g_assert_cmpuint (stored->tolerated->len, ==, 1);
  g_assert_cmpuint (stored->pledges->len, ==, 1);

  g_assert_cmpuint (stored->materials->len, ==, 7);
  material = g_ptr_array_index (stored->materials, 2);
  g_assert_cmpstr (material->code, ==, "lease");
  g_assert_cmpint (material->state, ==, YC_CASE_MATERIAL_PROVIDED);
  g_assert_cmpuint (material->copies, ==, 2);
  g_assert_cmpuint (material->pages, ==, 5);
  g_assert_cmpstr (material->blob_sha256, ==, f->blob_b);
  material = g_ptr_array_index (stored->materials, 6);
  g_assert_cmpstr (material->code, ==, "photo");
  g_assert_null (material->blob_sha256);
  g_assert_cmpstr (material->defect_reason, ==, "复印件不清晰");

  /* The listing columns are the document's. */
  deadline = yc_date_format_iso (&c->deadline);
  due = yc_date_format_iso (&((YcCaseTolerated *) g_ptr_array_index (c->tolerated, 0))->due);
  g_free (actual);
  actual = column_text (f->store, "SELECT deadline FROM cases");
  g_assert_cmpstr (actual, ==, deadline);
  g_free (actual);
  actual = column_text (f->store, "SELECT supplement_due FROM cases");
  g_assert_cmpstr (actual, ==, due);
  g_free (actual);
  actual = column_text (f->store, "SELECT decision || ' ' || state || ' ' || accepted_on || ' ' || version FROM cases");
  g_assert_cmpstr (actual, ==, "accept_with_tolerance accepted 2026-11-22 1");
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials WHERE revision = 1"), ==, 7);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials WHERE material_code = 'floor_plan' AND state = 'tolerated'"), ==, 1);
  sync_states = yc_store_list_sync_states (f->store, "2026-11-22", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (sync_states), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (sync_states, uuid), ==, "pending");

  /* The outbox row was written with the case: the case.accept operation, whole. */
  g_assert_cmpint (yc_store_outbox_count (f->store, &error), ==, 1);
  ops = yc_store_outbox_peek (f->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  row = g_ptr_array_index (ops, 0);
  g_assert_cmpstr (row->kind, ==, "case.accept");
  g_assert_cmpstr (row->case_uuid, ==, uuid);
  g_assert_true (g_uuid_string_is_valid (row->op_id));
  g_assert_cmpuint (row->attempts, ==, 0);
  json_parser_load_from_data (parser, row->payload_json, -1, &error);
  g_assert_no_error (error);
  op = yc_operation_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op->op_id, ==, row->op_id);
  g_assert_cmpstr (op->case_uuid, ==, uuid);
  g_assert_cmpint (op->base_version, ==, 0);
  g_assert_cmpint (op->kind, ==, YC_OP_CASE_ACCEPT);
  g_assert_cmpstr (json_object_get_string_member (op->payload, "number"), ==, c->number);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (op->payload, "materials")), ==, 7);

  /* … which the back office turns into the very document the counter keeps. */
  accepted = yc_case_machine_accept_full (op, yc_test_actor ("c1"), yc_test_store_catalog (),
                                          yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  accepted_text = case_text (accepted);
  g_assert_cmpstr (accepted_text, ==, expected);

  day = yc_store_list_cases (f->store, "2026-11-22", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 1);
  g_free (actual);
  actual = case_text (g_ptr_array_index (day, 0));
  g_assert_cmpstr (actual, ==, expected);
  g_clear_pointer (&day, g_ptr_array_unref);
  day = yc_store_list_cases (f->store, "2026-11-23", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 0);
  g_assert_null (yc_store_list_cases (f->store, "2026-13-01", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (yc_store_get_case (f->store, "00000000-0000-4000-8000-000000000000", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The same case a second time (a second click): refused, saying under which number. */
  g_clear_pointer (&stored->number, g_free);
  g_assert_false (yc_store_accept_case (f->store, stored, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "HD01-W03-20261122-0001"));
  g_assert_null (stored->number);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT next_sequence FROM case_sequences"), ==, 2);
}

static void
test_numbers (YcStoreFixture       *f,
              gconstpointer  data)
{
  g_autoptr(GDateTime) monday = yc_test_day_at (2026, 11, 23, 9);
  g_autoptr(GDateTime) monday_late = yc_test_day_at (2026, 11, 23, 17);
  g_autoptr(GDateTime) tuesday = yc_test_day_at (2026, 11, 24, 8);
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
test_outbox (YcStoreFixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 26, 9);
  g_autofree char *n1 = accept (f, when);
  g_autofree char *n2 = accept (f, when);
  g_autofree char *n3 = accept (f, when);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) sync_states = NULL;
  g_autoptr(GError) error = NULL;
  const YcOutboxOp *first, *second, *third;
  YcCase *stored;

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
  sync_states = yc_store_list_sync_states (f->store, "2026-11-26", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (sync_states), ==, 3);
  stored = g_ptr_array_index (cases, 0);
  g_assert_cmpstr (stored->number, ==, n1);
  g_assert_cmpstr (g_hash_table_lookup (sync_states, stored->uuid), ==, "synced");
  g_assert_cmpint (count_rows (f->store, "SELECT version FROM cases WHERE number LIKE '%-0001'"), ==, 7);
  stored = g_ptr_array_index (cases, 1);
  g_assert_cmpstr (g_hash_table_lookup (sync_states, stored->uuid), ==, "conflict");
  g_assert_cmpint (count_rows (f->store, "SELECT version FROM cases WHERE number LIKE '%-0002'"), ==, 9);
  stored = g_ptr_array_index (cases, 2);
  g_assert_cmpstr (g_hash_table_lookup (sync_states, stored->uuid), ==, "pending");

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
  g_autoptr(YcCase) accepted = NULL;

  g_assert_true (g_thread_self () == state->main_thread);
  accepted = yc_store_accept_case_finish (YC_STORE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);
  g_ptr_array_add (state->numbers, g_strdup (accepted->number));
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
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 27, 11);
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

  /* Queued back to back; the writer takes them one at a time, in this order.  The store
   * works on copies: the caller's cases keep no number and may go at once. */
  state.pending = 3;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, when);

      yc_store_accept_case_async (state.store, c, NULL, async_accepted_cb, &state);
      g_assert_null (c->number);
    }
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
  {
    g_autoptr(YcCase) accepted = yc_store_accept_case_finish (YC_STORE (source), result,
                                                              &state->error);

    state->accepted = accepted != NULL;
    state->number = accepted != NULL ? g_strdup (accepted->number) : NULL;
  }
  g_main_loop_quit (state->loop);
}

static void
test_cancel_after_start (YcStoreFixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 28, 9);
  g_autoptr(YcCase) draft = yc_test_case_new (f->blob_a, f->blob_b, when);
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
  g_clear_pointer (&draft, yc_case_unref);
  draft = yc_test_case_new (f->blob_a, f->blob_b, when);
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
  g_clear_pointer (&draft, yc_case_unref);
  draft = yc_test_case_new (f->blob_a, f->blob_b, when);
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
  g_clear_pointer (&draft, yc_case_unref);
  draft = yc_test_case_new (f->blob_a, f->blob_b, when);
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
  g_assert_cmpstr (((YcCase *) g_ptr_array_index (cases, 0))->number, ==, "HD01-W03-20261128-0001");
  g_assert_cmpstr (((YcCase *) g_ptr_array_index (cases, 1))->number, ==, "HD01-W03-20261128-0002");
  g_assert_cmpuint (((YcCase *) g_ptr_array_index (cases, 0))->materials->len, ==, 7);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials"), ==, 14);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 2);

  g_main_loop_unref (state.loop);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/open/creates", YcStoreFixture, NULL, yc_store_fixture_set_up, test_open_creates, yc_store_fixture_tear_down);
  g_test_add ("/store/accept/stores-everything", YcStoreFixture, NULL, yc_store_fixture_set_up, test_accept, yc_store_fixture_tear_down);
  g_test_add ("/store/accept/numbers", YcStoreFixture, NULL, yc_store_fixture_set_up, test_numbers, yc_store_fixture_tear_down);
  g_test_add ("/store/outbox", YcStoreFixture, NULL, yc_store_fixture_set_up, test_outbox, yc_store_fixture_tear_down);
  g_test_add_func ("/store/async", test_async);
  g_test_add ("/store/async/cancel-after-start", YcStoreFixture, NULL, yc_store_fixture_set_up, test_cancel_after_start, yc_store_fixture_tear_down);

  return g_test_run ();
}
