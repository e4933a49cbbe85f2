/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-backoffice.h"
#include "yc-test-engine.h"

/*
 * Signing in again after the back office refused the session's token (issue 6), with the
 * real back office process and a real store: the token is ended there (a sign-out
 * elsewhere), runs out (a back office with a 2-second token lifetime), or dies with a new
 * password set by the administrator.  Each time the engine stops at NEEDS_SIGN_IN and
 * retries nothing, the clerk stays signed in (nobody signs out: "signed-in" and "username"
 * are never notified) with the work in the outbox, a wrong password changes nothing, and
 * the password again in the same session resumes the engine, which drains the outbox.
 */

#define CLERK YC_ENGINE_FIXTURE_CLERK
/* The token lifetime of the back office in /sync-reauth/expired. */
#define TOKEN_SECONDS 8

typedef YcEngineFixture Fixture;

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
  yc_engine_fixture_set_up_full (f, serve_args, "W01", FALSE);
  /* No periodic round; a long poll of 1 s while idle (a 401 there counts too). */
  yc_sync_engine_set_intervals (f->engine, 0, 1, 1);
  yc_sync_engine_start (f->engine);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 60);
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

/* A case as the counter builds it, with a scan; kicks the engine. */
static char *
accept_case (Fixture *f)
{
  g_autoptr(YcCase) c = yc_engine_fixture_accept_case (f, CLERK);

  return g_strdup (c->uuid);
}

/* The case's version at the back office (0: it has none), asked as the supervisor. */
static gint64
server_case (Fixture    *f,
             const char *uuid)
{
  /* A fresh token each time: tokens may live only seconds here. */
  yc_test_server_forget_token (f->server, "super");
  return yc_engine_fixture_server_case (f, "super", uuid, NULL);
}

static gboolean
reauthenticate (Fixture     *f,
                const char  *password,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yc_session_manager_reauthenticate_async (f->sessions, password, NULL, yc_test_engine_async_cb,
                                           &result);
  return yc_session_manager_reauthenticate_finish (f->sessions, yc_test_engine_wait_result (&result),
                                                   error);
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

  yc_engine_fixture_wait_until (f, needs_sign_in, 30);
  /* The counts come from the store's thread after the kick. */
  yc_engine_fixture_wait_until (f, one_pending, 30);
  g_assert_true (yc_session_manager_is_signed_in (f->sessions));
  g_assert_cmpstr (yc_session_manager_get_username (f->sessions), ==, CLERK);
  g_assert_false (yc_session_manager_is_online (f->sessions));
  g_assert_null (yc_session_manager_get_token (f->sessions));
  g_assert_cmpuint (yc_sync_engine_get_pending (f->engine), ==, 1);
  g_assert_cmpuint (yc_sync_engine_get_backoff_bound_ms (f->engine), ==, 0);

  /* No retry, whatever kicks it: no round runs, the state stays. */
  rounds = f->rounds_ok + f->rounds_failed;
  yc_sync_engine_kick (f->engine);
  yc_test_sleep (2500);
  yc_sync_engine_kick (f->engine);
  yc_test_sleep (200);
  g_assert_cmpuint (f->rounds_ok + f->rounds_failed, ==, rounds);
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
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 60);
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
  yc_engine_fixture_wait_until (f, needs_sign_in, 30);

  yc_session_manager_sign_out_async (f->sessions, NULL, yc_test_engine_async_cb, &result);
  g_assert_true (yc_session_manager_sign_out_finish (f->sessions, yc_test_engine_wait_result (&result),
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_SIGNED_OUT);
  g_assert_false (reauthenticate (f, CLERK "-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  /* Signed in anew: sent. */
  yc_engine_fixture_sign_in (f, CLERK);
  yc_engine_fixture_wait_until (f, yc_engine_fixture_settled, 60);
  g_assert_cmpint (server_case (f, uuid), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-reauth/revoked", Fixture, NULL, fixture_set_up, test_revoked,
              yc_engine_fixture_tear_down);
  g_test_add ("/sync-reauth/expired", Fixture, NULL, fixture_set_up_short_tokens, test_expired,
              yc_engine_fixture_tear_down);
  g_test_add ("/sync-reauth/new-password", Fixture, NULL, fixture_set_up, test_new_password,
              yc_engine_fixture_tear_down);
  g_test_add ("/sync-reauth/sign-out-clears", Fixture, NULL, fixture_set_up, test_sign_out_clears,
              yc_engine_fixture_tear_down);
  return g_test_run ();
}
