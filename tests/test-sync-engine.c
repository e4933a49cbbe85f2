/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-backoffice-client-private.h"
#include "yc-store-private.h"
#include "yc-test-engine.h"

/*
 * The sync engine against the real back office and a real store in a temporary directory
 * (tests/yc-test-engine.c): cases accepted offline are sent once the back office is back,
 * each exactly once, with the backoff doubling meanwhile; a lost reply is answered from the
 * batch stored; review decisions and urges come down the feed (the long poll wakes the
 * engine); a feed of several pages is read whole and in order; the cursor is stored with
 * its page; 410 resyncs; other clerks' ops wait; 401
 * drops the online session; a batch whose scans are all received goes while later scans
 * are still uploading.  Conflicts, refusals and missing scans: test-sync-problems.c.
 */

#define CLERK YC_ENGINE_FIXTURE_CLERK

typedef YcEngineFixture Fixture;

static void
fixture_set_up_proxy (Fixture       *f,
                      gconstpointer  data)
{
  yc_engine_fixture_set_up_full (f, NULL, "W01", TRUE);
}

/* Offline, then the back office comes back: everything is sent, each case once. */
static void
test_offline_then_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  g_autofree char *port = g_strdup_printf ("%u", yc_test_server_get_port (f->server));
  const char *serve[] = { "--listen", "127.0.0.1", "--port", port, NULL };
  g_autoptr(YcTestResponse) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *day = NULL;
  gint64 accepted = 0, acknowledged = 0;
  guint found = 0;
  JsonArray *rows;

  yc_test_server_stop (f->server);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (cases, yc_engine_fixture_accept_case (f, CLERK));

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_sync_once (f);
  g_assert_cmpint (f->state_after_round, ==, YC_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 3);
  g_assert_nonnull (yc_sync_engine_get_last_error (f->engine));
  /* Each failed retry doubles the bound: 1 s after the first failure, 2 s after the
   * second … (read together: both change in the same callback). */
  g_assert_cmpuint (f->rounds_failed, >=, 1);
  g_assert_cmpuint (yc_sync_engine_get_backoff_bound_ms (f->engine), ==,
                    1000u << (f->rounds_failed - 1));
  for (guint i = 0; i < 250 && f->rounds_failed < 2; i++)
    yc_test_sleep (20);
  g_assert_cmpuint (f->rounds_failed, >=, 2);
  g_assert_cmpuint (yc_sync_engine_get_backoff_bound_ms (f->engine), ==,
                    1000u << (f->rounds_failed - 1));
  g_assert_cmpint (f->state_after_round, ==, YC_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, ((YcCase *) g_ptr_array_index (cases, 0))->uuid),
                   ==, "pending");

  /* Back on the same address: the probe notices, a round sends everything. */
  g_assert_true (yc_test_server_start_full (f->server, serve, NULL, NULL, NULL));
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_assert_null (yc_sync_engine_get_last_error (f->engine));
  g_assert_nonnull (yc_sync_engine_get_last_synced_at (f->engine));
  g_assert_cmpuint (yc_sync_engine_get_backoff_bound_ms (f->engine), ==, 0);
  g_assert_cmpfloat (yc_sync_engine_get_progress (f->engine), ==, -1.0);

  /* The feed announced the back office's catalog: fetched and imported as current. */
  {
    g_autoptr(YcCatalog) current = yc_store_load_catalog (f->store, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (yc_catalog_get_version (current), ==, yc_catalog_get_version (f->catalog));
  }

  /* Each case exactly once on the back office, at version 1, and synced here. */
  listed = yc_test_server_get (f->server, "/api/v1/cases?sort=number&limit=500",
                               yc_test_server_token (f->server, CLERK));
  g_assert_cmpuint (listed->status, ==, 200);
  rows = json_object_get_array_member (yc_test_response_object (listed), "cases");
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *c = g_ptr_array_index (cases, i);
      guint times = 0;

      for (guint j = 0; j < json_array_get_length (rows); j++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (rows, j), "uuid"),
                         c->uuid))
          times++;
      g_assert_cmpuint (times, ==, 1);
      g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, NULL), ==, 1);
      g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "synced");
      found++;
    }
  g_assert_cmpuint (found, ==, 3);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);

  /* Reconciliation: the same count and hash on both sides. */
  day = yc_date_format_iso (&((YcCase *) g_ptr_array_index (cases, 0))->accepted_on);
  g_assert_true (yc_store_reconcile_day (f->store, day, &accepted, &acknowledged, &hash, &error));
  g_assert_no_error (error);
  g_assert_cmpint (accepted, ==, 3);
  g_assert_cmpint (acknowledged, ==, 3);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/reconciliation?day=%s&hall=%s&window=W01",
                                             day, YC_TEST_HALL_A);
    g_autoptr(YcTestResponse) answer = yc_test_server_get (f->server, path,
                                                          yc_test_server_token (f->server, CLERK));

    if (answer->status == 200)
      {
        g_assert_cmpint (json_object_get_int_member (yc_test_response_object (answer), "count"), ==, 3);
        g_assert_cmpstr (json_object_get_string_member (yc_test_response_object (answer), "hash"),
                         ==, hash);
      }
    else
      g_test_message ("no reconciliation endpoint yet (%u); compared locally only", answer->status);
  }

  /* A round with nothing new sends nothing again. */
  yc_engine_fixture_sync_once (f);
  g_assert_true (yc_engine_fixture_settled (f));
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, ((YcCase *) g_ptr_array_index (cases, 0))->uuid,
                                                  NULL), ==, 1);
}


static gboolean
approved_here (Fixture *f)
{
  YcCase *c = g_object_get_data (G_OBJECT (f->engine), "case");
  g_autoptr(YcCase) local = yc_store_get_case (f->store, c->uuid, NULL);

  return local != NULL && local->version == 3;
}

static gboolean
urged (Fixture *f)
{
  return f->urges->len > 0;
}

/* Review decisions and urges come down the feed; the long poll wakes the engine. */
static void
test_pull (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(YcCase) local = NULL;
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  guint rounds;

  g_object_set (f->engine, "long-poll-seconds", 10, NULL);
  g_object_set_data (G_OBJECT (f->engine), "case", c);
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  yc_test_sleep (200);
  rounds = f->rounds_ok;
  g_ptr_array_set_size (f->changed, 0);

  /* No kick: the long poll answers when the back office commits. */
  yc_engine_fixture_server_push (f, "rev-scjg", "review.claim", c->uuid, 1,
                                 "{\"department\": \"scjg\"}");
  yc_engine_fixture_server_push (f, "rev-scjg", "review.approve", c->uuid, 2,
               "{\"department\": \"scjg\", \"comment\": \"同意\"}");
  yc_engine_fixture_wait_until (f, approved_here, 20);
  /* The round that read it (started by the long poll, not by us) ends right after. */
  for (guint i = 0; i < 100 && f->rounds_ok == rounds; i++)
    yc_test_sleep (20);
  g_assert_cmpuint (f->rounds_ok, >, rounds);
  local = yc_store_get_case (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, &state), ==, 3);
  g_assert_cmpstr (yc_case_state_to_string (local->state), ==, state);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "synced");
  g_assert_true (g_ptr_array_find_with_equal_func (f->changed, c->uuid, g_str_equal, NULL));

  /* A supervisor's urge for the hall reaches the clerk. */
  yc_engine_fixture_server_push (f, "super", "supervision.urge", c->uuid, 3,
               "{\"message\": \"请尽快通知申请人领取\"}");
  yc_engine_fixture_wait_until (f, urged, 20);
  g_assert_cmpstr (g_ptr_array_index (f->urges, 0), ==, "请尽快通知申请人领取");
  urges = yc_store_list_urges (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (urges->len, ==, 1);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->case_uuid, ==, c->uuid);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->from_user, ==, "super");
  g_assert_true (yc_store_acknowledge_urge (f->store, ((YcUrge *) g_ptr_array_index (urges, 0))->id,
                                            &error));
  g_clear_pointer (&urges, g_ptr_array_unref);
  urges = yc_store_list_urges (f->store, TRUE, &error);
  g_assert_cmpuint (urges->len, ==, 0);

  /* The same feed read again (another round) brings no urge twice. */
  yc_engine_fixture_sync_once (f);
  g_assert_cmpuint (f->urges->len, ==, 1);
}

#define N_URGES 230

static gboolean
all_urged (Fixture *f)
{
  return f->urges->len >= N_URGES;
}

/* A feed of several pages (the round asks for the next page while it applies one) is read
 * whole, each page once and in order: every urge arrives once, in the order it was made, and
 * the cursor stored is the last page's. */
static void
test_pull_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcChangesPage) page = NULL;
  g_autofree char *cursor = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  yc_sync_engine_stop (f->engine);

  /* Approved: an urge then goes to the clerk of the case.  Made while the engine is
   * stopped: one round reads them, three pages of 100. */
  yc_engine_fixture_server_push (f, "rev-scjg", "review.claim", c->uuid, 1,
                                 "{\"department\": \"scjg\"}");
  yc_engine_fixture_server_push (f, "rev-scjg", "review.approve", c->uuid, 2,
                                 "{\"department\": \"scjg\", \"comment\": \"同意\"}");
  for (guint i = 0; i < N_URGES; i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"message\": \"督办 %u\"}", i);

      yc_engine_fixture_server_push (f, "super", "supervision.urge", c->uuid,
                                     yc_engine_fixture_server_case (f, CLERK, c->uuid, NULL),
                                     payload);
    }
  g_ptr_array_set_size (f->urges, 0);
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_sync_once (f);
  yc_engine_fixture_wait_until (f, all_urged, 30);
  yc_engine_fixture_sync_once (f);

  g_assert_cmpuint (f->urges->len, ==, N_URGES);
  for (guint i = 0; i < N_URGES; i++)
    {
      g_autofree char *message = g_strdup_printf ("督办 %u", i);

      g_assert_cmpstr (g_ptr_array_index (f->urges, i), ==, message);
    }
  urges = yc_store_list_urges (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (urges->len, ==, N_URGES);

  /* Nothing after the cursor stored. */
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  yc_backoffice_client_get_changes_async (f->client, cursor, 100, 0, NULL, yc_test_engine_async_cb,
                                          &result);
  page = yc_backoffice_client_get_changes_finish (f->client, yc_test_engine_wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 0);
  g_assert_false (page->more);
}

/* The cursor is stored with its page: a page that cannot be stored whole is not stored at
 * all, and a reopened store continues where it stopped. */
static void
test_cursor_with_page (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(JsonObject) urge = yc_test_engine_parse_object (
      "{\"id\": \"aaaaaaaa-0000-4000-8000-000000000001\", \"case_uuid\": \"x\", \"by\": \"super\", "
      "\"message\": \"m\", \"at\": \"2026-11-23T10:00:00+08:00\"}");
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *reopened = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcChangesPage) page = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  yc_engine_fixture_drop_engine (f);
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);

  /* A page whose cursor cannot be stored: neither the urge nor the cursor is written. */
  g_ptr_array_add (changes, yc_feed_change_new (999, "urge", c->uuid, 1, urge));
  applied = yc_store_apply_feed_page (f->store, changes, "not a cursor", CLERK, &error);
  g_assert_null (applied);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  urges = yc_store_list_urges (f->store, FALSE, &error);
  g_assert_cmpuint (urges->len, ==, 0);

  /* Reopened (as after a crash between pages): the cursor is the last page's. */
  g_assert_finalize_object (g_steal_pointer (&f->sessions));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  yc_engine_fixture_open_store (f);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  reopened = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reopened, ==, cursor);
  /* From there the back office has nothing more: no page is applied twice. */
  yc_backoffice_client_get_changes_async (f->client, reopened, 100, 0, NULL, yc_test_engine_async_cb,
                                          &result);
  page = yc_backoffice_client_get_changes_finish (f->client, yc_test_engine_wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 0);

  /* The same page applied twice changes nothing the second time. */
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_add (changes, yc_feed_change_new (999, "urge", c->uuid, 1, urge));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(YcFeedApplied) again = yc_store_apply_feed_page (f->store, changes, reopened,
                                                                CLERK, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (again->new_urges->len, ==, i == 0 ? 1 : 0);
    }
  yc_engine_fixture_new_engine (f);
}

/* 410: the back office does not know the cursor's epoch; the feed is read again from the
 * start and the ops waiting here are still sent. */
static void
test_gone_resync (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(YcCase) first = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(YcCase) second = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(YcTestResponse) health = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *prefix = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  yc_sync_engine_stop (f->engine);

  applied = yc_store_apply_feed_page (f->store, none, "0123456789abcdef0123456789abcdef:5", CLERK,
                                      &error);
  g_assert_no_error (error);
  second = yc_engine_fixture_accept_case (f, CLERK);
  g_ptr_array_set_size (f->changed, 0);
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_assert_null (yc_sync_engine_get_last_error (f->engine));

  health = yc_test_server_get (f->server, "/healthz", NULL);
  prefix = g_strconcat (json_object_get_string_member (yc_test_response_object (health), "epoch"),
                        ":", NULL);
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_true (g_str_has_prefix (cursor, prefix));
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, second->uuid, NULL), ==, 1);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, first->uuid), ==, "synced");
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, second->uuid), ==, "synced");
  /* Every case was read again from the back office. */
  g_assert_true (g_ptr_array_find_with_equal_func (f->changed, first->uuid, g_str_equal, NULL));
  {
    gint64 acknowledged = 0;
    g_autofree char *day = yc_date_format_iso (&first->accepted_on);

    g_assert_true (yc_store_reconcile_day (f->store, day, NULL, &acknowledged, NULL, &error));
    g_assert_cmpint (acknowledged, ==, 2);
  }
}

/* Ops belong to their author: another clerk's wait until they sign in. */
static void
test_other_clerk_waits (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YcCase) theirs = yc_engine_fixture_accept_case (f, "clerk-z");
  g_autoptr(YcCase) mine = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(YcOutboxBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_sync_once (f);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_IDLE);
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, mine->uuid, NULL), ==, 1);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, theirs->uuid, NULL), ==, 0);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, theirs->uuid), ==, "pending");
  batch = yc_store_outbox_take_batch (f->store, "clerk-z", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->ops->len, ==, 1);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (batch->ops, 0))->case_uuid, ==, theirs->uuid);
}

/* A token the back office no longer accepts: signed out of the network, still signed in. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcCase) c = NULL;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  response = yc_test_server_request (f->server, "DELETE", "/api/v1/sessions/current",
                                     yc_backoffice_client_get_token (f->client), NULL, NULL, NULL);
  g_assert_cmpuint (response->status, <, 300);
  c = yc_engine_fixture_accept_case (f, CLERK);
  yc_engine_fixture_sync_once (f);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_true (yc_session_manager_is_signed_in (f->sessions));
  g_assert_false (yc_session_manager_is_online (f->sessions));
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);

  /* Signed in online again: the waiting case goes. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    yc_session_manager_sign_out_async (f->sessions, NULL, yc_test_engine_async_cb, &result);
    g_assert_true (yc_session_manager_sign_out_finish (f->sessions, yc_test_engine_wait_result (&result),
                                                       &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_SIGNED_OUT);
  yc_engine_fixture_sign_in (f, CLERK);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, NULL), ==, 1);
}

/* The reply to a push is lost after the back office committed it: the same batch (its id
 * stored before sending) goes again and gets the stored answer; nothing is applied twice. */
static void
test_lost_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *batch_id = NULL;
  const char *state = NULL;
  guint failed;

  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  failed = f->rounds_failed;

  op_id = yc_engine_fixture_withdraw (f, c->uuid, 1);
  /* The reply is swallowed, and the network stays down until the test lets it up. */
  yc_fault_proxy_set_down_after (f->proxy, TRUE);
  yc_fault_proxy_set_fault (f->proxy, YC_FAULT_DROP_REPLY, 0);
  yc_sync_engine_kick (f->engine);
  while (f->rounds_failed == failed)
    yc_test_sleep (20);
  g_assert_cmpuint (yc_fault_proxy_get_fired (f->proxy), ==, 1);
  g_assert_cmpint (f->state_after_round, ==, YC_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);
  /* Applied on the back office, not acknowledged here; the batch id is kept with the op. */
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, &state), ==, 2);
  {
    YcDatabase *database = yc_store_get_database (f->store);
    g_autoptr(YcStatement) statement = yc_database_prepare (database,
                                                           "SELECT batch_id FROM outbox WHERE op_id = ?",
                                                           &error);

    g_assert_no_error (error);
    sqlite3_bind_text (statement, 1, op_id, -1, SQLITE_STATIC);
    g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
    batch_id = yc_statement_dup_text (statement, 0);
    g_assert_nonnull (batch_id);
  }

  /* The probe finds the back office again; the same batch gets the stored answer. */
  yc_fault_proxy_set_fault (f->proxy, YC_FAULT_PASS, 0);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 30);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, c->uuid, &state), ==, 2);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, c->uuid), ==, "synced");
}

/* The client's requests in the order libsoup takes them ("Q METHOD /path") and lets them go
 * once answered ("U METHOD /path"). */
static void
request_logged (SoupSession *session,
                SoupMessage *message,
                GPtrArray   *log,
                const char  *what)
{
  g_ptr_array_add (log, g_strdup_printf ("%s %s %s", what, soup_message_get_method (message),
                                         g_uri_get_path (soup_message_get_uri (message))));
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  request_logged (session, message, user_data, "Q");
}

static void
request_unqueued_cb (SoupSession *session,
                     SoupMessage *message,
                     gpointer     user_data)
{
  request_logged (session, message, user_data, "U");
}

/* Pipelining (issue 6): the first batch names no scan still to upload, so it is pushed
 * while the round's uploads go on, instead of after the last of them.  The proxy holds
 * every piece of data 100 ms, so the last of 24 uploads (four at a time) cannot be
 * answered in less than about a second, whatever the load: the first push is taken well
 * before.  Each batch still goes only after the previous one's answer, and every op is
 * applied once. */
static gboolean
settled_again (Fixture *f)
{
  return f->rounds_ok > GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->engine), "rounds-ok"))
         && yc_engine_fixture_settled (f);
}

#define PIPELINE_FIRST 100   /* YC_SYNC_ENGINE_BATCH_SIZE: the whole first batch */
#define PIPELINE_LATER 24

static void
test_push_while_uploading (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  const char *state = NULL;
  int first_push = -1, last_upload = -1, pushes_answered = 0;
  int pushes_open = 0;

  g_assert_cmpuint (YC_SYNC_ENGINE_BATCH_SIZE, ==, PIPELINE_FIRST);
  for (guint i = 0; i < PIPELINE_FIRST; i++)
    g_ptr_array_add (first, yc_engine_fixture_accept_case (f, CLERK));
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 120);
  yc_sync_engine_stop (f->engine);

  /* The outbox: 100 withdrawals (no scan), then 24 cases whose scans are not sent yet. */
  for (guint i = 0; i < first->len; i++)
    g_free (yc_engine_fixture_withdraw (f, ((YcCase *) g_ptr_array_index (first, i))->uuid, 1));
  for (guint i = 0; i < PIPELINE_LATER; i++)
    g_ptr_array_add (later, yc_engine_fixture_accept_case (f, CLERK));

  g_signal_connect (f->client->session, "request-queued", G_CALLBACK (request_queued_cb), log);
  g_signal_connect (f->client->session, "request-unqueued", G_CALLBACK (request_unqueued_cb), log);
  yc_fault_proxy_set_fault (f->proxy, YC_FAULT_DELAY, 100);
  g_object_set_data (G_OBJECT (f->engine), "rounds-ok", GUINT_TO_POINTER (f->rounds_ok));
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, settled_again, 120);
  yc_fault_proxy_set_fault (f->proxy, YC_FAULT_PASS, 0);
  g_signal_handlers_disconnect_by_data (f->client->session, log);

  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);

      g_test_message ("%s", line);
      if (g_str_equal (line, "Q POST /api/v1/sync/push"))
        {
          /* One batch at a time: the next is taken only after the previous one's answer. */
          g_assert_cmpint (pushes_open, ==, 0);
          pushes_open++;
          if (first_push < 0)
            first_push = (int) i;
        }
      else if (g_str_equal (line, "U POST /api/v1/sync/push"))
        {
          pushes_open--;
          pushes_answered++;
        }
      else if (g_str_has_prefix (line, "U ") && strstr (line, " /api/v1/uploads") != NULL)
        last_upload = (int) i;
    }
  g_assert_cmpint (pushes_answered, ==, 2);
  g_assert_cmpint (first_push, >=, 0);
  g_assert_cmpint (last_upload, >=, 0);
  g_assert_cmpint (first_push, <, last_upload);

  /* Everything applied once: the withdrawals at version 2, the new cases at version 1. */
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  for (guint i = 0; i < first->len; i += 33)
    {
      const char *uuid = ((YcCase *) g_ptr_array_index (first, i))->uuid;

      g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, uuid, &state), ==, 2);
      g_assert_cmpstr (state, ==, "withdrawn");
      g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, uuid), ==, "synced");
    }
  for (guint i = 0; i < later->len; i++)
    {
      const char *uuid = ((YcCase *) g_ptr_array_index (later, i))->uuid;

      g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, uuid, NULL), ==, 1);
      g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, uuid), ==, "synced");
    }
}

/* A case accepted while a round is uploading (the clerk at the next applicant) is not in
 * that round's listing of scans: the round must not push it, or the back office refuses it
 * (missing_blob) and the clerk gets a problem for nothing.  It goes in the next round, the
 * one its commit asked for, after its scan.  The case is accepted when the round's first
 * upload is queued: after the listing, before any batch but the first is taken. */
typedef struct {
  Fixture *f;
  YcCase  *during;
} DuringRound;

static void
accept_during_round_cb (SoupSession *session,
                        SoupMessage *message,
                        gpointer     user_data)
{
  DuringRound *during = user_data;

  if (during->during == NULL && soup_message_get_method (message) == SOUP_METHOD_POST
      && g_str_equal (g_uri_get_path (soup_message_get_uri (message)), "/api/v1/uploads"))
    during->during = yc_engine_fixture_accept_case (during->f, CLERK);
}

static void
test_commit_during_round (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(YcCase) before = yc_engine_fixture_accept_case (f, CLERK);
  DuringRound during = { f, NULL };
  const char *state = NULL;

  g_signal_connect (f->client->session, "request-queued", G_CALLBACK (accept_during_round_cb),
                    &during);
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 60);
  g_signal_handlers_disconnect_by_data (f->client->session, &during);

  g_assert_nonnull (during.during);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, before->uuid, &state), ==, 1);
  g_assert_cmpint (yc_engine_fixture_server_case (f, CLERK, during.during->uuid, &state), ==, 1);
  g_assert_cmpstr (yc_engine_fixture_local_sync_state (f, during.during->uuid), ==, "synced");
  g_clear_pointer (&during.during, yc_case_unref);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add ("/sync-engine/" path, Fixture, NULL, setup, func, yc_engine_fixture_tear_down)
  ADD ("offline-then-online", yc_engine_fixture_set_up, test_offline_then_online);
  ADD ("pull", yc_engine_fixture_set_up, test_pull);
  ADD ("pull-pages", yc_engine_fixture_set_up, test_pull_pages);
  ADD ("cursor-with-page", yc_engine_fixture_set_up, test_cursor_with_page);
  ADD ("gone-resync", yc_engine_fixture_set_up, test_gone_resync);
  ADD ("other-clerk-waits", yc_engine_fixture_set_up, test_other_clerk_waits);
  ADD ("unauthorized", yc_engine_fixture_set_up, test_unauthorized);
  ADD ("lost-reply", fixture_set_up_proxy, test_lost_reply);
  ADD ("push-while-uploading", fixture_set_up_proxy, test_push_while_uploading);
  ADD ("commit-during-round", yc_engine_fixture_set_up, test_commit_during_round);
#undef ADD

  return g_test_run ();
}
