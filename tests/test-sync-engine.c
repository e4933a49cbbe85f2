/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-case-builder.h"
#include "yc-store-private.h"
#include "yc-sync-engine.h"
#include "yc-fault-proxy.h"
#include "yc-test-server.h"

/*
 * The sync engine against the real back office (tests/yc-test-server.c) and a real store
 * in a temporary directory: cases accepted offline are sent once the back office is back,
 * each exactly once; conflicts and refusals become problems with their payloads, which are
 * retried or discarded; review decisions and urges come down the feed (the long poll wakes
 * the engine); the cursor is stored with its page; 410 resyncs; other clerks' ops wait;
 * 401 drops the online session.
 */

#define ITEM    "SCJG-XK-002"   /* 有限责任公司设立登记, department scjg */
#define CLERK   "clerk-a"
#define USCC    "91350100M000100Y43"

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("yc-sync-engine-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = yc_test_json (json);

  return json_object_ref (json_node_get_object (node));
}

static GDate
day_of (GDateTime *when)
{
  int year, month, day;
  GDate date;

  g_date_time_get_ymd (when, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

typedef struct {
  YcTestServer       *server;
  YcFaultProxy       *proxy;     /* between client and server, or NULL */
  char               *dir;
  YcStore            *store;
  YcCatalog          *catalog;
  YcCalendar         *calendar;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  guint               rounds_ok;
  guint               rounds_failed;
  YcSyncState         state_after_round;  /* as "round-finished" was emitted */
  GPtrArray          *changed;   /* case uuids from "case-changed" */
  GPtrArray          *urges;     /* messages from "urge" */
} Fixture;

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
round_finished_cb (YcSyncEngine *engine,
                   gboolean      ok,
                   Fixture      *f)
{
  if (ok)
    f->rounds_ok++;
  else
    f->rounds_failed++;
  /* A retry may start at once (full jitter): later reads of the state may see it. */
  f->state_after_round = yc_sync_engine_get_state (engine);
}

static void
case_changed_cb (YcSyncEngine *engine,
                 const char   *uuid,
                 Fixture      *f)
{
  g_ptr_array_add (f->changed, g_strdup (uuid));
}

static void
urge_cb (YcSyncEngine *engine,
         const char   *case_uuid,
         const char   *message,
         Fixture      *f)
{
  g_ptr_array_add (f->urges, g_strdup (message));
}

static void
sign_in (Fixture    *f,
         const char *username)
{
  g_autofree char *password = g_strconcat (username, "-pw", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_session_manager_sign_in_async (f->sessions, username, password, NULL, async_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
new_engine (Fixture *f)
{
  f->engine = yc_sync_engine_new (f->sessions, f->store, f->calendar);
  /* No periodic round (the tests trigger them), probes every second while offline. */
  yc_sync_engine_set_intervals (f->engine, 0, 0, 1);
  g_signal_connect (f->engine, "round-finished", G_CALLBACK (round_finished_cb), f);
  g_signal_connect (f->engine, "case-changed", G_CALLBACK (case_changed_cb), f);
  g_signal_connect (f->engine, "urge", G_CALLBACK (urge_cb), f);
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up_full (Fixture    *f,
                     const char *window,
                     gboolean    proxy)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                            "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->server = yc_test_server_new ();
  yc_test_server_start (f->server, NULL);
  f->changed = g_ptr_array_new_with_free_func (g_free);
  f->urges = g_ptr_array_new_with_free_func (g_free);

  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);

  f->dir = make_tmpdir ();
  open_store (f);
  g_assert_true (yc_store_enroll_device (f->store, YC_TEST_HALL_A, window, &error));
  g_assert_no_error (error);
  /* No catalog here yet: the back office's comes down the feed. */

  if (proxy)
    {
      f->proxy = yc_fault_proxy_new (yc_test_server_get_port (f->server));
      base_url = yc_fault_proxy_dup_base_url (f->proxy);
    }
  else
    base_url = g_strdup (yc_test_server_get_base_url (f->server));
  f->client = yc_backoffice_client_new (base_url, NULL, &error);
  g_assert_no_error (error);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  sign_in (f, CLERK);
  new_engine (f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_full (f, "W01", FALSE);
}

static void
fixture_set_up_proxy (Fixture       *f,
                      gconstpointer  data)
{
  fixture_set_up_full (f, "W01", TRUE);
}

static void
drop_engine (Fixture *f)
{
  yc_sync_engine_stop (f->engine);
  /* Let the cancelled calls come back, so that nothing holds the engine. */
  yc_test_sleep (100);
  g_assert_finalize_object (g_steal_pointer (&f->engine));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  drop_engine (f);
  g_clear_object (&f->sessions);
  yc_test_sleep (50);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_clear_object (&f->catalog);
  g_clear_object (&f->calendar);
  g_clear_pointer (&f->proxy, yc_fault_proxy_free);
  yc_test_server_free (f->server);
  rm_rf (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->changed);
  g_ptr_array_unref (f->urges);
}

/* A case of ITEM as the counter builds it, with a scan of its own content. */
static YcCase *
accept_case (Fixture    *f,
             const char *clerk)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day = day_of (now);
  const YcItem *item = yc_catalog_lookup_item (f->catalog, ITEM);
  g_autoptr(YcMergedList) subject = yc_merged_list_new_for_item (f->catalog, item,
                                                                 g_ptr_array_index (item->scenarios, 0));
  g_autoptr(YcRulesInput) input = yc_rules_input_new (subject);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonObject) applicant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *content = g_strdup_printf ("%%PDF-1.7 scan of %s", uuid);
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  g_autofree char *sha = NULL;
  YcApplicant standing = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  YcCaseIntake intake = { 0 };
  YcCaseScan scan = { 0 };
  YcCase *c;

  yc_rules_input_set_applicant (input, &standing);
  yc_rules_input_set_acceptance_date (input, &day);
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *merged = yc_merged_list_get_material (subject, i);

      if (merged->required)
        yc_rules_input_set_provided (input, merged->material->code, TRUE, merged->copies);
    }
  result = yc_rules_evaluate (input, f->calendar);

  sha = yc_store_put_blob (f->store, bytes, "application/pdf", &error);
  g_assert_no_error (error);
  scan.material = yc_merged_list_get_material (subject, 0)->material->code;
  scan.blob_sha256 = sha;
  scan.pages = 1;

  applicant = parse_object ("{\"kind\": \"enterprise\", \"name\": \"江滨示范有限公司\", "
                                    "\"id_number\": \"" USCC "\"}");
  intake.uuid = uuid;
  intake.hall = YC_TEST_HALL_A;
  {
    g_autofree char *window = NULL;

    g_assert_true (yc_store_get_device (f->store, NULL, &window, NULL, &error));
    intake.window = g_intern_string (window);
  }
  intake.clerk = clerk;
  intake.applicant = applicant;
  intake.scans = &scan;
  intake.n_scans = 1;
  intake.accepted_at = now;
  c = yc_case_build_accepted (result, YC_DECISION_ACCEPT, &intake, f->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  if (f->engine != NULL)
    yc_sync_engine_kick (f->engine);
  return c;
}

static gboolean
settled (Fixture *f)
{
  return f->rounds_ok > 0 && yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_IDLE
         && yc_sync_engine_get_pending (f->engine) == 0;
}

/* Iterates until @cond holds (fails the test after @seconds). */
static void
wait_until (Fixture   *f,
            gboolean (*cond) (Fixture *f),
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out: state %d, pending %u, problems %u, error %s",
                 yc_sync_engine_get_state (f->engine), yc_sync_engine_get_pending (f->engine),
                 yc_sync_engine_get_problems (f->engine),
                 yc_sync_engine_get_last_error (f->engine));
      yc_test_sleep (20);
    }
}

/* One whole round after everything queued so far. */
static void
sync_once (Fixture *f)
{
  guint before = f->rounds_ok + f->rounds_failed;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  yc_sync_engine_kick (f->engine);
  /* A kick during a running round asks for another one after it: wait for a round that
   * started after the kick. */
  while (f->rounds_ok + f->rounds_failed < before + 1
         || yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_SYNCING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      yc_test_sleep (20);
    }
  /* The counts are read on the store's thread after the round. */
  yc_test_sleep (100);
}

static const char *
local_sync_state (Fixture    *f,
                  const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autoptr(YcCase) c = yc_store_get_case (f->store, uuid, &error);
  g_autoptr(GHashTable) states = NULL;

  g_assert_no_error (error);
  day = yc_date_format_iso (&c->accepted_on);
  states = yc_store_list_sync_states (f->store, day, &error);
  g_assert_no_error (error);
  return g_intern_string (g_hash_table_lookup (states, uuid));
}

/* The case as the back office holds it: its version and state, or 0 when it has none. */
static gint64
server_case (Fixture     *f,
             const char  *uuid,
             const char **out_state)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);
  g_autoptr(YcTestResponse) response = yc_test_server_get (f->server, path,
                                                          yc_test_server_token (f->server, CLERK));
  JsonObject *c;

  if (response->status == 404)
    return 0;
  g_assert_cmpuint (response->status, ==, 200);
  c = json_object_get_object_member (yc_test_response_object (response), "case");
  if (out_state != NULL)
    *out_state = g_intern_string (json_object_get_string_member (c, "state"));
  return json_object_get_int_member (c, "version");
}

static void
server_push (Fixture    *f,
             const char *user,
             const char *kind,
             const char *case_uuid,
             gint64      base_version,
             const char *payload)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *batch = yc_test_batch (key, yc_test_op (kind, case_uuid, base_version,
                                                           yc_test_json (payload)), NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (f->server,
                                                            yc_test_server_token (f->server, user),
                                                            key, batch);
  JsonObject *result;

  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (
      json_object_get_array_member (yc_test_response_object (response), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
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
    g_ptr_array_add (cases, accept_case (f, CLERK));

  yc_sync_engine_start (f->engine);
  sync_once (f);
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
  g_assert_cmpstr (local_sync_state (f, ((YcCase *) g_ptr_array_index (cases, 0))->uuid), ==,
                   "pending");

  /* Back on the same address: the probe notices, a round sends everything. */
  g_assert_true (yc_test_server_start_full (f->server, serve, NULL, NULL, NULL));
  wait_until (f, settled, 30);
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
      g_assert_cmpint (server_case (f, c->uuid, NULL), ==, 1);
      g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "synced");
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
  sync_once (f);
  g_assert_true (settled (f));
  g_assert_cmpint (server_case (f, ((YcCase *) g_ptr_array_index (cases, 0))->uuid, NULL), ==, 1);
}

/* A stale op loses: a problem with its payload; the server's case comes down; a retry
 * at the new version goes through. */
static void
test_conflict_retry (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(YcCase) c = accept_case (f, CLERK);
  g_autoptr(YcOperation) withdraw = NULL;
  g_autoptr(YcCase) updated = NULL;
  g_autoptr(YcCase) local = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonObject) payload = parse_object ("{\"reason\": \"申请人撤回\"}");
  g_autoptr(GError) error = NULL;
  const YcActor clerk = { CLERK, YC_ROLE_CLERK, YC_TEST_HALL_A, NULL };
  g_autofree char *op_id = g_uuid_string_random ();
  YcSyncProblem *problem;
  const char *state = NULL;

  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);

  /* The reviewer claims on the back office (v2) while the clerk withdraws here at v1. */
  server_push (f, "rev-scjg", "review.claim", c->uuid, 1, "{\"department\": \"scjg\"}");
  withdraw = yc_operation_new (op_id, c->uuid, 1, YC_OP_CASE_WITHDRAW, payload, NULL);
  updated = yc_store_apply_operation (f->store, withdraw, &clerk, f->calendar, &error);
  g_assert_no_error (error);
  sync_once (f);

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
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "conflict");
  g_assert_true (g_ptr_array_find_with_equal_func (f->changed, c->uuid, g_str_equal, NULL));

  /* Retried as it was: a new op at the back office's version; it goes through. */
  g_assert_true (yc_store_retry_problem (f->store, problem->id, NULL, CLERK, &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_retry_problem (f->store, problem->id, NULL, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  sync_once (f);
  g_assert_true (settled (f));
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (server_case (f, c->uuid, &state), ==, 3);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_clear_pointer (&local, yc_case_unref);
  local = yc_store_get_case (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local->state, ==, YC_CASE_STATE_WITHDRAWN);
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "synced");

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
  fixture_set_up_full (f, "W09", FALSE);
}

static void
test_rejected_discard (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) c = accept_case (f, CLERK);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  YcSyncProblem *problem;

  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 1);
  g_assert_cmpint (server_case (f, c->uuid, NULL), ==, 0);

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
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "rejected");

  g_assert_true (yc_store_discard_problem (f->store, problem->id, CLERK, &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_discard_problem (f->store, problem->id, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (yc_store_discard_problem (f->store, 999999, CLERK, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  sync_once (f);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  /* Never sent, so still shown as refused; the problem is kept as discarded. */
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "rejected");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = yc_store_list_problems (f->store, TRUE, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 0))->resolution, ==, "discarded");
  g_assert_cmpint (server_case (f, c->uuid, NULL), ==, 0);
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
  g_autoptr(YcCase) c = accept_case (f, CLERK);
  g_autoptr(YcCase) local = NULL;
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = NULL;
  guint rounds;

  g_object_set (f->engine, "long-poll-seconds", 10, NULL);
  g_object_set_data (G_OBJECT (f->engine), "case", c);
  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  yc_test_sleep (200);
  rounds = f->rounds_ok;
  g_ptr_array_set_size (f->changed, 0);

  /* No kick: the long poll answers when the back office commits. */
  server_push (f, "rev-scjg", "review.claim", c->uuid, 1, "{\"department\": \"scjg\"}");
  server_push (f, "rev-scjg", "review.approve", c->uuid, 2,
               "{\"department\": \"scjg\", \"comment\": \"同意\"}");
  wait_until (f, approved_here, 20);
  /* The round that read it (started by the long poll, not by us) ends right after. */
  for (guint i = 0; i < 100 && f->rounds_ok == rounds; i++)
    yc_test_sleep (20);
  g_assert_cmpuint (f->rounds_ok, >, rounds);
  local = yc_store_get_case (f->store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_case (f, c->uuid, &state), ==, 3);
  g_assert_cmpstr (yc_case_state_to_string (local->state), ==, state);
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "synced");
  g_assert_true (g_ptr_array_find_with_equal_func (f->changed, c->uuid, g_str_equal, NULL));

  /* A supervisor's urge for the hall reaches the clerk. */
  server_push (f, "super", "supervision.urge", c->uuid, 3,
               "{\"message\": \"请尽快通知申请人领取\"}");
  wait_until (f, urged, 20);
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
  sync_once (f);
  g_assert_cmpuint (f->urges->len, ==, 1);
}

/* The cursor is stored with its page: a page that cannot be stored whole is not stored at
 * all, and a reopened store continues where it stopped. */
static void
test_cursor_with_page (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(YcCase) c = accept_case (f, CLERK);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(JsonObject) urge = parse_object (
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
  wait_until (f, settled, 30);
  drop_engine (f);
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
  open_store (f);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  reopened = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reopened, ==, cursor);
  /* From there the back office has nothing more: no page is applied twice. */
  yc_backoffice_client_get_changes_async (f->client, reopened, 100, 0, NULL, async_cb, &result);
  page = yc_backoffice_client_get_changes_finish (f->client, wait_result (&result), &error);
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
  new_engine (f);
}

/* 410: the back office does not know the cursor's epoch; the feed is read again from the
 * start and the ops waiting here are still sent. */
static void
test_gone_resync (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(YcCase) first = accept_case (f, CLERK);
  g_autoptr(YcCase) second = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(YcTestResponse) health = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *prefix = NULL;

  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  yc_sync_engine_stop (f->engine);

  applied = yc_store_apply_feed_page (f->store, none, "0123456789abcdef0123456789abcdef:5", CLERK,
                                      &error);
  g_assert_no_error (error);
  second = accept_case (f, CLERK);
  g_ptr_array_set_size (f->changed, 0);
  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  g_assert_null (yc_sync_engine_get_last_error (f->engine));

  health = yc_test_server_get (f->server, "/healthz", NULL);
  prefix = g_strconcat (json_object_get_string_member (yc_test_response_object (health), "epoch"),
                        ":", NULL);
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_true (g_str_has_prefix (cursor, prefix));
  g_assert_cmpint (server_case (f, second->uuid, NULL), ==, 1);
  g_assert_cmpstr (local_sync_state (f, first->uuid), ==, "synced");
  g_assert_cmpstr (local_sync_state (f, second->uuid), ==, "synced");
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
  g_autoptr(YcCase) theirs = accept_case (f, "clerk-z");
  g_autoptr(YcCase) mine = accept_case (f, CLERK);
  g_autoptr(YcOutboxBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  yc_sync_engine_start (f->engine);
  sync_once (f);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_IDLE);
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (server_case (f, mine->uuid, NULL), ==, 1);
  g_assert_cmpint (server_case (f, theirs->uuid, NULL), ==, 0);
  g_assert_cmpstr (local_sync_state (f, theirs->uuid), ==, "pending");
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
  wait_until (f, settled, 30);
  response = yc_test_server_request (f->server, "DELETE", "/api/v1/sessions/current",
                                     yc_backoffice_client_get_token (f->client), NULL, NULL, NULL);
  g_assert_cmpuint (response->status, <, 300);
  c = accept_case (f, CLERK);
  sync_once (f);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_true (yc_session_manager_is_signed_in (f->sessions));
  g_assert_false (yc_session_manager_is_online (f->sessions));
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);

  /* Signed in online again: the waiting case goes. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    yc_session_manager_sign_out_async (f->sessions, NULL, async_cb, &result);
    g_assert_true (yc_session_manager_sign_out_finish (f->sessions, wait_result (&result), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_SIGNED_OUT);
  sign_in (f, CLERK);
  wait_until (f, settled, 30);
  g_assert_cmpint (server_case (f, c->uuid, NULL), ==, 1);
}

/* The reply to a push is lost after the back office committed it: the same batch (its id
 * stored before sending) goes again and gets the stored answer; nothing is applied twice. */
static void
test_lost_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YcCase) c = accept_case (f, CLERK);
  g_autoptr(YcOperation) withdraw = NULL;
  g_autoptr(YcCase) updated = NULL;
  g_autoptr(JsonObject) payload = parse_object ("{\"reason\": \"申请人撤回\"}");
  g_autoptr(GError) error = NULL;
  const YcActor clerk = { CLERK, YC_ROLE_CLERK, YC_TEST_HALL_A, NULL };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *batch_id = NULL;
  const char *state = NULL;
  guint failed;

  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  failed = f->rounds_failed;

  withdraw = yc_operation_new (op_id, c->uuid, 1, YC_OP_CASE_WITHDRAW, payload, NULL);
  updated = yc_store_apply_operation (f->store, withdraw, &clerk, f->calendar, &error);
  g_assert_no_error (error);
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
  g_assert_cmpint (server_case (f, c->uuid, &state), ==, 2);
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
  wait_until (f, settled, 30);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (server_case (f, c->uuid, &state), ==, 2);
  g_assert_cmpstr (state, ==, "withdrawn");
  g_assert_cmpstr (local_sync_state (f, c->uuid), ==, "synced");
}

/* A scan gone from the disk here does not hold up the rest: its acceptance comes back as
 * a problem (missing_blob), the other case is sent. */
static void
test_missing_scan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcCase) broken = accept_case (f, CLERK);
  g_autoptr(YcCase) fine = accept_case (f, CLERK);
  YcCaseMaterialVersion *material = g_ptr_array_index (broken->materials, 0);
  g_autofree char *path = yc_blob_store_get_path (yc_store_get_blob_store (f->store),
                                                  material->blob_sha256);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_test_expect_message ("yc-sync", G_LOG_LEVEL_WARNING, "*cannot be uploaded and was skipped*");
  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 30);
  g_test_assert_expected_messages ();
  g_assert_cmpint (server_case (f, fine->uuid, NULL), ==, 1);
  g_assert_cmpint (server_case (f, broken->uuid, NULL), ==, 0);
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
  g_test_add ("/sync-engine/" path, Fixture, NULL, setup, func, fixture_tear_down)
  ADD ("offline-then-online", fixture_set_up, test_offline_then_online);
  ADD ("conflict-retry", fixture_set_up, test_conflict_retry);
  ADD ("rejected-discard", fixture_set_up_unenrolled, test_rejected_discard);
  ADD ("pull", fixture_set_up, test_pull);
  ADD ("cursor-with-page", fixture_set_up, test_cursor_with_page);
  ADD ("gone-resync", fixture_set_up, test_gone_resync);
  ADD ("other-clerk-waits", fixture_set_up, test_other_clerk_waits);
  ADD ("unauthorized", fixture_set_up, test_unauthorized);
  ADD ("lost-reply", fixture_set_up_proxy, test_lost_reply);
  ADD ("missing-scan", fixture_set_up, test_missing_scan);
#undef ADD

  return g_test_run ();
}
