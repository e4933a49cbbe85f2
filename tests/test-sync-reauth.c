/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-backoffice.h"
#include "yc-case-builder.h"
#include "yc-store-private.h"
#include "yc-sync-engine.h"
#include "yc-test-server.h"

/*
 * Signing in again after the back office refused the session's token (issue 6), with the
 * real back office process and a real store: the token is ended there (a sign-out
 * elsewhere), runs out (a back office with a 2-second token lifetime), or dies with a new
 * password set by the administrator.  Each time the engine stops at NEEDS_SIGN_IN and
 * retries nothing, the clerk stays signed in (nobody signs out: "signed-in" and "username"
 * are never notified) with the work in the outbox, a wrong password changes nothing, and
 * the password again in the same session resumes the engine, which drains the outbox.
 */

#define ITEM    "SCJG-XK-002"   /* 有限责任公司设立登记, department scjg */
#define CLERK   "clerk-a"
#define USCC    "91350100M000100Y43"
/* The token lifetime of the back office in /sync-reauth/expired. */
#define TOKEN_SECONDS 8

typedef struct {
  YcTestServer       *server;
  char               *dir;
  YcStore            *store;
  YcCatalog          *catalog;
  YcCalendar         *calendar;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  guint               rounds;
  guint               session_changes;   /* "signed-in" or "username" notified */
  gint64              signed_in_at;      /* monotonic µs */
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
  f->rounds++;
}

static void
session_changed_cb (YcSessionManager *sessions,
                    GParamSpec       *pspec,
                    Fixture          *f)
{
  f->session_changes++;
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

static gboolean
settled (Fixture *f)
{
  return yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_IDLE
         && yc_sync_engine_get_pending (f->engine) == 0;
}

static gboolean
needs_sign_in (Fixture *f)
{
  return yc_sync_engine_get_state (f->engine) == YC_SYNC_STATE_NEEDS_SIGN_IN;
}

static gboolean
one_pending (Fixture *f)
{
  return yc_sync_engine_get_pending (f->engine) == 1;
}

static void
fixture_set_up_with (Fixture            *f,
                     const char * const *serve_args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                            "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->server = yc_test_server_new ();
  g_assert_true (yc_test_server_start_full (f->server, serve_args, NULL, NULL, NULL));
  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("yc-sync-reauth-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, YC_TEST_HALL_A, "W01", &error));
  g_assert_no_error (error);

  f->client = yc_backoffice_client_new (yc_test_server_get_base_url (f->server), NULL, &error);
  g_assert_no_error (error);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  yc_session_manager_sign_in_async (f->sessions, CLERK, CLERK "-pw", NULL, async_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (yc_session_manager_is_online (f->sessions));
  f->signed_in_at = g_get_monotonic_time ();

  f->engine = yc_sync_engine_new (f->sessions, f->store, f->calendar);
  /* No periodic round; a long poll of 1 s while idle (a 401 there counts too). */
  yc_sync_engine_set_intervals (f->engine, 0, 1, 1);
  g_signal_connect (f->engine, "round-finished", G_CALLBACK (round_finished_cb), f);
  g_signal_connect (f->sessions, "notify::signed-in", G_CALLBACK (session_changed_cb), f);
  g_signal_connect (f->sessions, "notify::username", G_CALLBACK (session_changed_cb), f);
  yc_sync_engine_start (f->engine);
  wait_until (f, settled, 60);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_set_up_with (f, NULL);
}

static void
fixture_set_up_short_tokens (Fixture       *f,
                             gconstpointer  data)
{
  const char * const args[] = { "--listen", "127.0.0.1", "--port", "0", "--token-lifetime",
                                G_STRINGIFY (TOKEN_SECONDS) "s", NULL };

  fixture_set_up_with (f, args);
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
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_clear_object (&f->catalog);
  g_clear_object (&f->calendar);
  yc_test_server_free (f->server);
  rm_rf (f->dir);
  g_free (f->dir);
}

/* A case of ITEM as the counter builds it, with a scan; kicks the engine. */
static char *
accept_case (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const YcItem *item = yc_catalog_lookup_item (f->catalog, ITEM);
  g_autoptr(YcMergedList) subject = yc_merged_list_new_for_item (f->catalog, item,
                                                                 g_ptr_array_index (item->scenarios, 0));
  g_autoptr(YcRulesInput) input = yc_rules_input_new (subject);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonObject) applicant = NULL;
  g_autoptr(JsonNode) applicant_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *content = g_strdup_printf ("%%PDF-1.7 scan of %s", uuid);
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  g_autofree char *sha = NULL;
  g_autoptr(YcCase) c = NULL;
  YcApplicant standing = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  YcCaseIntake intake = { 0 };
  YcCaseScan scan = { 0 };
  GDate day;
  int year, month, mday;

  g_date_time_get_ymd (now, &year, &month, &mday);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) mday, (GDateMonth) month, (GDateYear) year);
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

  applicant_node = yc_test_json ("{\"kind\": \"enterprise\", \"name\": \"江滨示范有限公司\", "
                                 "\"id_number\": \"" USCC "\"}");
  applicant = json_object_ref (json_node_get_object (applicant_node));
  intake.uuid = uuid;
  intake.hall = YC_TEST_HALL_A;
  intake.window = "W01";
  intake.clerk = CLERK;
  intake.applicant = applicant;
  intake.scans = &scan;
  intake.n_scans = 1;
  intake.accepted_at = now;
  c = yc_case_build_accepted (result, YC_DECISION_ACCEPT, &intake, f->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  yc_sync_engine_kick (f->engine);
  return g_steal_pointer (&uuid);
}

/* The case's version at the back office (0: it has none), asked as the supervisor. */
static gint64
server_case (Fixture    *f,
             const char *uuid)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);
  g_autoptr(YcTestResponse) response = NULL;

  /* A fresh token each time: tokens may live only seconds here. */
  yc_test_server_forget_token (f->server, "super");
  response = yc_test_server_get (f->server, path, yc_test_server_token (f->server, "super"));

  if (response->status == 404)
    return 0;
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_int_member (json_object_get_object_member (yc_test_response_object (response),
                                                                    "case"), "version");
}

static gboolean
reauthenticate (Fixture     *f,
                const char  *password,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yc_session_manager_reauthenticate_async (f->sessions, password, NULL, async_cb, &result);
  return yc_session_manager_reauthenticate_finish (f->sessions, wait_result (&result), error);
}

static gboolean
cache_takes (Fixture    *f,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcUserProfile) profile = yc_store_check_credential (f->store, CLERK, password, &error);

  return profile != NULL;
}

/* After the refusal: NEEDS_SIGN_IN, nothing retried, the clerk still signed in (offline),
 * the case waiting. */
static void
assert_waiting (Fixture    *f,
                const char *uuid)
{
  guint rounds;

  wait_until (f, needs_sign_in, 30);
  /* The counts come from the store's thread after the kick. */
  wait_until (f, one_pending, 30);
  g_assert_true (yc_session_manager_is_signed_in (f->sessions));
  g_assert_cmpstr (yc_session_manager_get_username (f->sessions), ==, CLERK);
  g_assert_false (yc_session_manager_is_online (f->sessions));
  g_assert_null (yc_session_manager_get_token (f->sessions));
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);
  g_assert_cmpuint (yc_sync_engine_get_backoff_bound_ms (f->engine), ==, 0);

  /* No retry, whatever kicks it: no round runs, the state stays. */
  rounds = f->rounds;
  yc_sync_engine_kick (f->engine);
  yc_test_sleep (2500);
  yc_sync_engine_kick (f->engine);
  yc_test_sleep (200);
  g_assert_cmpuint (f->rounds, ==, rounds);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_cmpint (server_case (f, uuid), ==, 0);
}

/* The password again: online in the same session, the outbox drained. */
static void
assert_resumes (Fixture    *f,
                const char *password,
                const char *uuid)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (reauthenticate (f, password, &error));
  g_assert_no_error (error);
  g_assert_true (yc_session_manager_is_online (f->sessions));
  g_assert_nonnull (yc_session_manager_get_token (f->sessions));
  wait_until (f, settled, 60);
  g_assert_cmpuint (yc_sync_engine_get_problems (f->engine), ==, 0);
  g_assert_cmpint (server_case (f, uuid), ==, 1);
  g_assert_true (cache_takes (f, password));
  /* Nobody signed out or in: the window keeps what it holds. */
  g_assert_cmpuint (f->session_changes, ==, 0);
}

/* The session ended at the back office (a sign-out elsewhere). */
static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  response = yc_test_server_request (f->server, "DELETE", "/api/v1/sessions/current",
                                     yc_backoffice_client_get_token (f->client), NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  uuid = accept_case (f);
  assert_waiting (f, uuid);
  g_assert_nonnull (yc_sync_engine_get_last_error (f->engine));

  /* A mistyped password: refused, still waiting, and the cache (which the idle lock needs)
   * keeps the right one. */
  g_assert_false (reauthenticate (f, "clerk-a-typo", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_false (yc_session_manager_is_online (f->sessions));
  g_assert_true (cache_takes (f, CLERK "-pw"));
  g_assert_false (reauthenticate (f, "", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
  g_clear_error (&error);

  assert_resumes (f, CLERK "-pw", uuid);
}

/* The token ran out while the window ran (the back office gives TOKEN_SECONDS tokens here);
 * the long poll or the next round meets the 401. */
static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  gint64 expiry = f->signed_in_at + (TOKEN_SECONDS + 1) * G_USEC_PER_SEC;

  if (g_get_monotonic_time () < expiry)
    yc_test_sleep ((guint) ((expiry - g_get_monotonic_time ()) / 1000));
  uuid = accept_case (f);
  assert_waiting (f, uuid);
  assert_resumes (f, CLERK "-pw", uuid);
}

/* The administrator set a new password: every session of the user ends at once.  The old
 * password is refused and forgotten here too; the new one resumes and is cached. */
static void
test_new_password (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  backoffice = yc_backoffice_open (yc_test_server_get_data_dir (f->server), f->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_user_set_password (backoffice, CLERK, "new-secret-7", &error));
  g_assert_no_error (error);
  g_clear_object (&backoffice);

  uuid = accept_case (f);
  assert_waiting (f, uuid);

  g_assert_false (reauthenticate (f, CLERK "-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (cache_takes (f, CLERK "-pw"));
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);

  assert_resumes (f, "new-secret-7", uuid);
}

/* Signed out meanwhile, or another user: the refusal does not carry over. */
static void
test_sign_out_clears (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  response = yc_test_server_request (f->server, "DELETE", "/api/v1/sessions/current",
                                     yc_backoffice_client_get_token (f->client), NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  uuid = accept_case (f);
  wait_until (f, needs_sign_in, 30);

  yc_session_manager_sign_out_async (f->sessions, NULL, async_cb, &result);
  g_assert_true (yc_session_manager_sign_out_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_SIGNED_OUT);
  g_assert_false (reauthenticate (f, CLERK "-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Signed in anew: sent. */
  yc_session_manager_sign_in_async (f->sessions, CLERK, CLERK "-pw", NULL, async_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
  wait_until (f, settled, 60);
  g_assert_cmpint (server_case (f, uuid), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-reauth/revoked", Fixture, NULL, fixture_set_up, test_revoked, fixture_tear_down);
  g_test_add ("/sync-reauth/expired", Fixture, NULL, fixture_set_up_short_tokens, test_expired,
              fixture_tear_down);
  g_test_add ("/sync-reauth/new-password", Fixture, NULL, fixture_set_up, test_new_password,
              fixture_tear_down);
  g_test_add ("/sync-reauth/sign-out-clears", Fixture, NULL, fixture_set_up, test_sign_out_clears,
              fixture_tear_down);
  return g_test_run ();
}
