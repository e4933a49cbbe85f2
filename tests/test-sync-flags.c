/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-store-flags.h"
#include "yc-sync-engine.h"
#include "yc-test-server.h"

/*
 * A broken pledge reaches another hall's window: a clerk of hall A accepts on pledge, the
 * reviewer verifies the pledge broken (the real back office, tests/yc-test-server.c), and the
 * sync engine of a window of hall B, signed in as its clerk, pulls the change of kind
 * applicant_flag into its store — with the back office's kind, reason, time and case — so
 * that its counter refuses tolerance and pledges offline.
 */

#define APPLICANT "110105194912310029"
#define NOTE      "公安机关查实有犯罪记录"

typedef struct {
  YcTestServer       *server;
  char               *dir;
  YcStore            *store;
  YcCalendar         *calendar;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  guint               rounds;
} Fixture;

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
round_finished_cb (YcSyncEngine *engine,
                   gboolean      ok,
                   Fixture      *f)
{
  f->rounds++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  f->server = yc_test_server_new ();
  yc_test_server_start (f->server, NULL);
  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("yc-sync-flags-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, YC_TEST_HALL_B, "W01", &error));
  f->client = yc_backoffice_client_new (yc_test_server_get_base_url (f->server), NULL, &error);
  g_assert_no_error (error);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  yc_session_manager_sign_in_async (f->sessions, "clerk-b", "clerk-b-pw", NULL, async_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, result, &error));
  g_assert_no_error (error);

  f->engine = yc_sync_engine_new (f->sessions, f->store, f->calendar);
  yc_sync_engine_set_intervals (f->engine, 0, 0, 1);
  g_signal_connect (f->engine, "round-finished", G_CALLBACK (round_finished_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  yc_sync_engine_stop (f->engine);
  yc_test_sleep (100);
  g_assert_finalize_object (g_steal_pointer (&f->engine));
  g_clear_object (&f->sessions);
  yc_test_sleep (50);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_clear_object (&f->calendar);
  yc_test_server_free (f->server);
  rm_rf (f->dir);
  g_free (f->dir);
}

/* One whole round that started after now. */
static void
sync_once (Fixture *f)
{
  guint before = f->rounds;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  yc_sync_engine_kick (f->engine);
  while (f->rounds < before + 1 || yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_SYNCING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      yc_test_sleep (20);
    }
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

/* YC_TEST_PLEDGE_ITEM accepted at hall A on the applicant's pledge for the certificate. */
static JsonNode *
pledge_document (const char *uuid)
{
  JsonNode *node = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  JsonObject *document = json_node_get_object (node);
  JsonObject *subject = json_object_get_object_member (document, "subject");
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (subject, "items"), 0);
  JsonArray *materials = json_array_new ();
  JsonArray *pledges = json_array_new ();
  JsonObject *pledge = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = g_date_time_add_days (now, 30);
  g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");

  json_object_set_string_member (subject, "code", YC_TEST_PLEDGE_ITEM);
  json_object_set_string_member (item, "item", YC_TEST_PLEDGE_ITEM);
  json_object_set_string_member (json_object_get_object_member (document, "applicant"),
                                 "id_number", APPLICANT);
  json_object_set_string_member (document, "decision", "accept_on_pledge");
  add_material (materials, "id-card", "身份证", "provided");
  add_material (materials, "certificate", "无犯罪记录证明", "pledged");
  add_material (materials, "photo", "场所照片", "provided");
  json_object_set_array_member (document, "materials", materials);
  json_object_set_string_member (pledge, "material", "certificate");
  json_object_set_string_member (pledge, "due", due_text);
  json_array_add_object_element (pledges, pledge);
  json_object_set_array_member (document, "pledges", pledges);
  return node;
}

static JsonObject *
push (Fixture         *f,
      const char      *username,
      JsonNode        *op,
      YcTestResponse **out_response)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *batch = yc_test_batch (key, op, NULL);
  JsonObject *result;

  *out_response = yc_test_server_push (f->server, yc_test_server_token (f->server, username),
                                       key, batch);
  g_assert_cmpuint ((*out_response)->status, ==, 200);
  result = json_array_get_object_element (
      json_object_get_array_member (yc_test_response_object (*out_response), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  return result;
}

static void
test_flag_reaches_other_hall (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *uuid = yc_test_uuid ();
  g_autoptr(YcTestResponse) accepted = NULL;
  g_autoptr(YcTestResponse) verified = NULL;
  g_autoptr(YcApplicantFlag) flag = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) flagged_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  yc_sync_engine_start (f->engine);
  sync_once (f);
  flag = yc_store_lookup_applicant_flag (f->store, APPLICANT, &error);
  g_assert_no_error (error);
  g_assert_null (flag);

  push (f, "clerk-a", yc_test_op ("case.accept", uuid, 0, pledge_document (uuid)), &accepted);
  before = g_date_time_new_now_utc ();
  push (f, "rev-scjg",
        yc_test_op ("pledge.verify", uuid, 1,
                    yc_test_json ("{\"material\": \"certificate\", \"result\": \"broken\", "
                                  "\"note\": \"" NOTE "\"}")),
        &verified);

  sync_once (f);
  flag = yc_store_lookup_applicant_flag (f->store, APPLICANT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flag);
  g_assert_cmpstr (flag->applicant_kind, ==, "person");
  g_assert_cmpstr (flag->id_number, ==, APPLICANT);
  g_assert_cmpstr (flag->case_uuid, ==, uuid);
  g_assert_nonnull (flag->reason);
  g_assert_cmpstr (flag->reason, !=, "");
  /* The back office's time of the flag (whole seconds), not when it arrived here. */
  flagged_at = g_date_time_new_from_iso8601 (flag->flagged_at, NULL);
  g_assert_nonnull (flagged_at);
  g_assert_cmpint (g_date_time_to_unix (flagged_at), >=, g_date_time_to_unix (before) - 1);
  g_assert_cmpint (g_date_time_get_microsecond (flagged_at), ==, 0);

  g_assert_true (yc_store_applicant_is_flagged (f->store, APPLICANT, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, flag->reason);

  /* Offline later (the back office gone), the window still knows. */
  yc_sync_engine_stop (f->engine);
  yc_test_server_stop (f->server);
  g_clear_pointer (&flag, yc_applicant_flag_free);
  flag = yc_store_lookup_applicant_flag (f->store, APPLICANT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flag);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-flags/flag-reaches-other-hall", Fixture, NULL, fixture_set_up,
              test_flag_reaches_other_hall, fixture_tear_down);

  return g_test_run ();
}
