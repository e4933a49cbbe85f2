/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-test-engine"

#include "config.h"

#include <string.h>

#include "yc-case-builder.h"
#include "yc-test-engine.h"
#include "yc-test-files.h"

void
yc_test_engine_async_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
yc_test_engine_wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

JsonObject *
yc_test_engine_parse_object (const char *json)
{
  g_autoptr(JsonNode) node = yc_test_json (json);

  return json_object_ref (json_node_get_object (node));
}

static void
round_finished_cb (YcSyncEngine    *engine,
                   gboolean         ok,
                   YcEngineFixture *f)
{
  if (ok)
    f->rounds_ok++;
  else
    f->rounds_failed++;
  /* A retry may start at once (full jitter): later reads of the state may see it. */
  f->state_after_round = yc_sync_engine_get_state (engine);
}

static void
case_changed_cb (YcSyncEngine    *engine,
                 const char      *uuid,
                 YcEngineFixture *f)
{
  g_ptr_array_add (f->changed, g_strdup (uuid));
}

static void
urge_cb (YcSyncEngine    *engine,
         const char      *case_uuid,
         const char      *message,
         YcEngineFixture *f)
{
  g_ptr_array_add (f->urges, g_strdup (message));
}

static void
session_changed_cb (YcSessionManager *sessions,
                    GParamSpec       *pspec,
                    YcEngineFixture  *f)
{
  f->session_changes++;
}

void
yc_engine_fixture_sign_in (YcEngineFixture *f,
                           const char      *username)
{
  g_autofree char *password = g_strconcat (username, "-pw", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_session_manager_sign_in_async (f->sessions, username, password, NULL,
                                    yc_test_engine_async_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions,
                                                    yc_test_engine_wait_result (&result), &error));
  g_assert_no_error (error);
}

void
yc_engine_fixture_new_engine (YcEngineFixture *f)
{
  f->engine = yc_sync_engine_new (f->sessions, f->store, f->calendar);
  /* No periodic round (the tests trigger them), probes every second while offline. */
  yc_sync_engine_set_intervals (f->engine, 0, 0, 1);
  g_signal_connect (f->engine, "round-finished", G_CALLBACK (round_finished_cb), f);
  g_signal_connect (f->engine, "case-changed", G_CALLBACK (case_changed_cb), f);
  g_signal_connect (f->engine, "urge", G_CALLBACK (urge_cb), f);
}

void
yc_engine_fixture_open_store (YcEngineFixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
}

void
yc_engine_fixture_set_up_full (YcEngineFixture    *f,
                               const char * const *serve_args,
                               const char         *window,
                               gboolean            proxy)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                            "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->server = yc_test_server_new ();
  g_assert_true (yc_test_server_start_full (f->server, serve_args, NULL, NULL, NULL));
  f->changed = g_ptr_array_new_with_free_func (g_free);
  f->urges = g_ptr_array_new_with_free_func (g_free);

  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("yc-test-engine-XXXXXX", &error);
  g_assert_no_error (error);
  yc_engine_fixture_open_store (f);
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
  yc_engine_fixture_sign_in (f, YC_ENGINE_FIXTURE_CLERK);
  g_assert_true (yc_session_manager_is_online (f->sessions));
  f->signed_in_at = g_get_monotonic_time ();
  g_signal_connect (f->sessions, "notify::signed-in", G_CALLBACK (session_changed_cb), f);
  g_signal_connect (f->sessions, "notify::username", G_CALLBACK (session_changed_cb), f);
  yc_engine_fixture_new_engine (f);
}

void
yc_engine_fixture_set_up (YcEngineFixture *f,
                          gconstpointer    data)
{
  yc_engine_fixture_set_up_full (f, NULL, "W01", FALSE);
}

void
yc_engine_fixture_drop_engine (YcEngineFixture *f)
{
  yc_sync_engine_stop (f->engine);
  /* Let the cancelled calls come back, so that nothing holds the engine. */
  yc_test_sleep (100);
  g_assert_finalize_object (g_steal_pointer (&f->engine));
}

void
yc_engine_fixture_tear_down (YcEngineFixture *f,
                             gconstpointer    data)
{
  yc_engine_fixture_drop_engine (f);
  g_clear_object (&f->sessions);
  yc_test_sleep (50);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_clear_object (&f->catalog);
  g_clear_object (&f->calendar);
  g_clear_pointer (&f->proxy, yc_fault_proxy_free);
  yc_test_server_free (f->server);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->changed);
  g_ptr_array_unref (f->urges);
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

YcCase *
yc_engine_fixture_accept_case (YcEngineFixture *f,
                               const char      *clerk)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day = day_of (now);
  const YcItem *item = yc_catalog_lookup_item (f->catalog, YC_ENGINE_FIXTURE_ITEM);
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
  g_autofree char *window = NULL;
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

  applicant = yc_test_engine_parse_object ("{\"kind\": \"enterprise\", "
                                           "\"name\": \"江滨示范有限公司\", "
                                           "\"id_number\": \"" YC_ENGINE_FIXTURE_USCC "\"}");
  g_assert_true (yc_store_get_device (f->store, NULL, &window, NULL, &error));
  intake.uuid = uuid;
  intake.hall = YC_TEST_HALL_A;
  intake.window = window;
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

char *
yc_engine_fixture_withdraw (YcEngineFixture *f,
                            const char      *uuid,
                            gint64           version)
{
  g_autoptr(JsonObject) payload = yc_test_engine_parse_object ("{\"reason\": \"申请人撤回\"}");
  const YcActor clerk = { YC_ENGINE_FIXTURE_CLERK, YC_ROLE_CLERK, YC_TEST_HALL_A, NULL };
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) withdraw = NULL;
  g_autoptr(YcCase) updated = NULL;
  g_autoptr(GError) error = NULL;

  withdraw = yc_operation_new (op_id, uuid, version, YC_OP_CASE_WITHDRAW, payload, NULL);
  updated = yc_store_apply_operation (f->store, withdraw, &clerk, f->calendar, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&op_id);
}

gboolean
yc_engine_fixture_settled (YcEngineFixture *f)
{
  return f->rounds_ok > 0 && yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_IDLE
         && yc_sync_engine_get_pending (f->engine) == 0;
}

void
yc_engine_fixture_wait_until (YcEngineFixture *f,
                              gboolean       (*cond) (YcEngineFixture *f),
                              guint            seconds)
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

void
yc_engine_fixture_sync_once (YcEngineFixture *f)
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

const char *
yc_engine_fixture_local_sync_state (YcEngineFixture *f,
                                    const char      *uuid)
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

gint64
yc_engine_fixture_server_case (YcEngineFixture  *f,
                               const char       *user,
                               const char       *uuid,
                               const char      **out_state)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);
  g_autoptr(YcTestResponse) response = yc_test_server_get (f->server, path,
                                                          yc_test_server_token (f->server, user));
  JsonObject *c;

  if (response->status == 404)
    return 0;
  g_assert_cmpuint (response->status, ==, 200);
  c = json_object_get_object_member (yc_test_response_object (response), "case");
  if (out_state != NULL)
    *out_state = g_intern_string (json_object_get_string_member (c, "state"));
  return json_object_get_int_member (c, "version");
}

void
yc_engine_fixture_server_push (YcEngineFixture *f,
                               const char      *user,
                               const char      *kind,
                               const char      *case_uuid,
                               gint64           base_version,
                               const char      *payload)
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
