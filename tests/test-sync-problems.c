/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-store-private.h"
#include "yc-test-engine.h"

/*
 * What the sync engine cannot send becomes a problem the clerk sees (docs/sync-client.md),
 * against the real back office and a real store (tests/yc-test-engine.c): a stale op
 * loses a conflict and is retried at the back office's version; an acceptance the back
 * office refuses is kept with its payload and discarded; a scan gone from the disk holds
 * up only its own case.
 */

#define CLERK YC_ENGINE_FIXTURE_CLERK

typedef YcEngineFixture Fixture;

/* A stale op loses: a problem with its payload; the server's case comes down; a retry
 * at the new version goes through. */
static void
test_conflict_retry (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(YcCase) local = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  YcSyncProblem *problem;
  const char *state = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);

  /* The reviewer claims on the back office (v2) while the clerk withdraws here at v1. */
  yc_engine_fixture_server_push (f, "rev-scjg", "review.claim", c->uuid, 1,
                                 "{\"department\": \"scjg\"}");
  op_id = yc_engine_fixture_withdraw (f, c->uuid, 1);
  yc_engine_fixture_sync_once (f);

  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 1);
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 0);
  problems = yc_store_list_problems (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->op_id, ==, op_id);
  g_assert_cmpstr (problem->result, ==, "conflict");
  g_assert_cmpstr (problem->op_kind, ==, "case.withdraw");
  g_assert_cmpstr (problem->case_number, ==, c->number);
  g_assert_cmpstr (problem->author, ==, CLERK);
  g_assert_cmpint (problem->server_version, ==, 2);
  g_assert_nonnull (strstr (problem->payload, "申请人撤回"));
  /* The back office's version replaced ours (the withdrawal lost). */
  local = yc_store_get_case (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local->version, ==, 2);
  g_assert_cmpint (local->state, ==, YC_CASE_STATE_IN_REVIEW);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "conflict");
  g_assert_true (g_ptr_array_find_with_equal_func (f->changed, c->uuid, g_str_equal, NULL));

  /* Retried as it was: a new op at the back office's version; it goes through. */
  g_assert_true (yc_store_retry_problem (f->store, problem->id, NULL, CLERK, &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_retry_problem (f->store, problem->id, NULL, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  yc_engine_fixture_sync_once (f);
  g_assert_true (yc_engine_fixture_settled (f));
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, &state), ==, 3);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_clear_pointer (&local, yc_case_unref);
  local = yc_store_get_case (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local->state, ==, YC_CASE_STATE_WITHDRAWN);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "synced");

  /* The problem is kept, resolved. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = yc_store_list_problems (f->store, TRUE, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->resolution, ==, "retried");
  g_assert_cmpstr (problem->resolved_by, ==, CLERK);
  g_assert_nonnull (problem->retry_op_id);
  g_assert_cmpstr (problem->retry_op_id, !=, op_id);
}

/* A window the back office never enrolled: its acceptance is refused, kept as a problem,
 * and discarded. */
static void
fixture_set_up_unenrolled (Fixture       *f,
                           gconstpointer  data)
{
  yc_engine_fixture_set_up_full (f, NULL, "W09", FALSE);
}

static void
test_rejected_discard (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  YcSyncProblem *problem;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 1);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, NULL), ==, 0);

  problems = yc_store_list_problems (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->result, ==, "rejected");
  g_assert_cmpstr (problem->code, ==, "window_not_enrolled");
  g_assert_nonnull (problem->reason);
  g_assert_cmpstr (problem->op_kind, ==, "case.accept");
  /* The payload is the whole case document, kept. */
  payload = json_from_string (problem->payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (payload), "number"), ==,
                   c->number);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "rejected");

  g_assert_true (yc_store_discard_problem (f->store, problem->id, CLERK, &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_discard_problem (f->store, problem->id, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (yc_store_discard_problem (f->store, 999999, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  yc_engine_fixture_sync_once (f);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  /* Never sent, so still shown as refused; the problem is kept as discarded. */
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "rejected");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = yc_store_list_problems (f->store, TRUE, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 0))->resolution, ==, "discarded");
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, NULL), ==, 0);
}

/* A scan gone from the disk here does not hold up the rest: its acceptance comes back as
 * a problem (missing_blob), the other case is sent. */
static void
test_missing_scan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcCase) broken = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(YcCase) fine = yc_engine_fixture_accept_case (f, CLERK);
  YcCaseMaterialVersion *material = g_ptr_array_index (broken->materials, 0);
  g_autofree char *path = yc_blob_store_get_path (yc_store_get_blob_store (f->store),
                                                  material->blob_sha256);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_test_expect_message ("yc-sync", G_LOG_LEVEL_WARNING, "*cannot be uploaded and was skipped*");
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_test_assert_expected_messages ();
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, fine->uuid, NULL), ==, 1);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, broken->uuid, NULL), ==, 0);
  problems = yc_store_list_problems (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 0))->code, ==, "missing_blob");
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 0))->case_uuid, ==, broken->uuid);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add ("/sync-problems/" path, Fixture, NULL, setup, func, yc_engine_fixture_tear_down)
  ADD ("conflict-retry", yc_engine_fixture_set_up, test_conflict_retry);
  ADD ("rejected-discard", fixture_set_up_unenrolled, test_rejected_discard);
  ADD ("missing-scan", yc_engine_fixture_set_up, test_missing_scan);
#undef ADD

  return g_test_run ();
}
