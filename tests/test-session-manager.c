/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-session-manager.h"
#include "yc-test-server.h"

/*
 * YcSessionManager with the real back office (tests/yc-test-server.c) and a real local
 * store: online sign-in caches a verifier; with the back office stopped the same password
 * signs in offline and nothing else does; the idle lock and its unlock.  The tests run in
 * order and share the session: the back office is stopped half way.
 */

static YcTestServer *server;
static char *store_dir;
static YcStore *store;
static YcBackofficeClient *client;
static YcSessionManager *session;

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static gboolean
sign_in (const char  *username,
         const char  *password,
         GError     **error)
{
  Wait wait = { NULL };
  gboolean ok;

  yc_session_manager_sign_in_async (session, username, password, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  ok = yc_session_manager_sign_in_finish (session, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
sign_out (void)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  yc_session_manager_sign_out_async (session, NULL, done_cb, &wait);
  /* Signed out at once, before the back office has answered. */
  g_assert_false (yc_session_manager_is_signed_in (session));
  yc_test_wait_for (&wait.done, 30);
  g_assert_true (yc_session_manager_sign_out_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

static gboolean
unlock (const char  *password,
        GError     **error)
{
  Wait wait = { NULL };
  gboolean ok;

  yc_session_manager_unlock_async (session, password, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  ok = yc_session_manager_unlock_finish (session, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
assert_signed_out (void)
{
  gboolean signed_in = TRUE, online = TRUE, locked = TRUE;
  g_autofree char *username = NULL;
  g_autofree char *token = NULL;
  g_autofree char *role = NULL;

  g_object_get (session, "signed-in", &signed_in, "online", &online, "locked", &locked,
                "username", &username, "token", &token, "role", &role, NULL);
  g_assert_false (signed_in);
  g_assert_false (online);
  g_assert_false (locked);
  g_assert_null (username);
  g_assert_null (token);
  g_assert_null (role);
}

static void
test_online (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcUserProfile) cached = NULL;
  g_autoptr(YcTestResponse) after = NULL;
  g_autofree char *token = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *role = NULL;
  gboolean online = FALSE;
  guint signed_in_changes = 0;

  assert_signed_out ();
  /* Nothing is cached before the first online sign-in. */
  g_assert_null (yc_store_check_credential (store, "clerk-a", "clerk-a-pw", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_signal_connect (session, "notify::signed-in", G_CALLBACK (count_cb), &signed_in_changes);
  g_assert_true (sign_in ("clerk-a", "clerk-a-pw", &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (session, count_cb, &signed_in_changes);
  g_assert_cmpuint (signed_in_changes, ==, 1);

  g_object_get (session, "online", &online, "token", &token, "display-name", &display_name,
                "role", &role, NULL);
  g_assert_true (online);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, ==, yc_backoffice_client_get_token (client));
  g_assert_cmpstr (display_name, ==, "clerk-a");
  g_assert_cmpstr (role, ==, "clerk");
  g_assert_cmpstr (yc_session_manager_get_username (session), ==, "clerk-a");
  g_assert_cmpstr (yc_session_manager_get_profile (session)->hall, ==, YC_TEST_HALL_A);

  /* The verifier is cached: the store itself accepts the password, and only it. */
  cached = yc_store_check_credential (store, "clerk-a", "clerk-a-pw", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->hall, ==, YC_TEST_HALL_A);
  g_assert_cmpint (cached->role, ==, YC_ROLE_CLERK);
  g_assert_null (yc_store_check_credential (store, "clerk-a", "clerk-a-PW", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  /* A second sign-in on top of this one is refused. */
  g_assert_false (sign_in ("clerk-b", "clerk-b-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpstr (yc_session_manager_get_username (session), ==, "clerk-a");

  sign_out ();
  assert_signed_out ();
  /* The back office ended the session too. */
  after = yc_test_server_get (server, "/api/v1/catalog", token);
  g_assert_cmpuint (after->status, ==, 401);
}

/* The back office refuses a password: the cached verifier of that user goes. */
static void
test_refused_forgets (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in ("clerk-b", "clerk-b-pw", &error));
  g_assert_no_error (error);
  sign_out ();

  g_assert_false (sign_in ("clerk-b", "an-old-password", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong user name or password.");
  g_clear_error (&error);
  assert_signed_out ();

  g_assert_null (yc_store_check_credential (store, "clerk-b", "clerk-b-pw", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
}

static void
locked_cb (YcSessionManager *manager,
           gpointer          user_data)
{
  (*(guint *) user_data)++;
}

static void
check_idle_lock (void)
{
  g_autoptr(GError) error = NULL;
  guint locked_signals = 0;
  gboolean locked = FALSE;

  g_signal_connect (session, "locked", G_CALLBACK (locked_cb), &locked_signals);
  g_object_set (session, "idle-lock-seconds", 1, NULL);

  /* Activity keeps it open well past the timeout.  On a loaded machine a 200 ms sleep
   * can take longer than the timeout itself; such a round proves nothing, so it is run
   * again (unlocked first), up to five times, until every gap between touches was short. */
  for (guint round = 0; ; round++)
    {
      gint64 longest_gap = 0, last = g_get_monotonic_time ();

      yc_session_manager_touch (session);
      for (guint i = 0; i < 8; i++)
        {
          gint64 now;

          yc_test_sleep (200);
          yc_session_manager_touch (session);
          now = g_get_monotonic_time ();
          longest_gap = MAX (longest_gap, now - last);
          last = now;
        }
      if (longest_gap < 700 * G_TIME_SPAN_MILLISECOND)
        {
          g_assert_cmpuint (locked_signals, ==, 0);
          g_assert_false (yc_session_manager_is_locked (session));
          break;
        }
      g_test_message ("round %u: a gap of %" G_GINT64_FORMAT " ms; again", round,
                      longest_gap / 1000);
      g_assert_cmpuint (round, <, 4);
      if (yc_session_manager_is_locked (session))
        g_assert_true (unlock ("clerk-a-pw", &error));
      locked_signals = 0;
    }

  /* Idle: locked after about a second, once. */
  for (guint i = 0; i < 30 && locked_signals == 0; i++)
    yc_test_sleep (100);
  g_assert_cmpuint (locked_signals, ==, 1);
  g_object_get (session, "locked", &locked, NULL);
  g_assert_true (locked);
  g_assert_true (yc_session_manager_is_signed_in (session));

  /* Activity does not unlock; a wrong password does not either. */
  yc_session_manager_touch (session);
  g_assert_true (yc_session_manager_is_locked (session));
  g_assert_false (unlock ("clerk-a-pw-typo", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_true (yc_session_manager_is_locked (session));

  g_assert_true (unlock ("clerk-a-pw", &error));
  g_assert_no_error (error);
  g_assert_false (yc_session_manager_is_locked (session));
  g_assert_true (yc_session_manager_is_signed_in (session));

  /* The countdown starts again after the unlock. */
  yc_test_sleep (500);
  g_assert_cmpuint (locked_signals, ==, 1);
  for (guint i = 0; i < 30 && locked_signals == 1; i++)
    yc_test_sleep (100);
  g_assert_cmpuint (locked_signals, ==, 2);
  g_assert_true (unlock ("clerk-a-pw", &error));
  g_assert_no_error (error);

  /* 0: never locks. */
  g_object_set (session, "idle-lock-seconds", 0, NULL);
  yc_test_sleep (1500);
  g_assert_cmpuint (locked_signals, ==, 2);
  g_signal_handlers_disconnect_by_func (session, locked_cb, &locked_signals);
}

static void
test_idle_lock_online (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in ("clerk-a", "clerk-a-pw", &error));
  g_assert_no_error (error);
  g_assert_true (yc_session_manager_is_online (session));
  check_idle_lock ();
  sign_out ();
  assert_signed_out ();
}

/* Caching failed at sign-in (simulated by dropping it): unlocking says what to do. */
static void
test_unlock_uncached (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in ("rev-scjg", "rev-scjg-pw", &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_forget_credential (store, "rev-scjg", &error));
  g_assert_no_error (error);
  yc_session_manager_lock (session);
  g_assert_true (yc_session_manager_is_locked (session));
  g_assert_false (unlock ("rev-scjg-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL);
  g_assert_nonnull (strstr (error->message, "Sign out and sign in again"));
  g_clear_error (&error);
  g_assert_true (yc_session_manager_is_locked (session));
  sign_out ();
  assert_signed_out ();
}

static void
test_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *token = NULL;
  gboolean online = TRUE;
  gint64 start;

  yc_test_server_stop (server);

  /* The same password signs in, offline, with the cached profile and no token. */
  start = g_get_monotonic_time ();
  g_assert_true (sign_in ("clerk-a", "clerk-a-pw", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_object_get (session, "online", &online, "token", &token, "display-name", &display_name,
                "role", &role, NULL);
  g_assert_true (yc_session_manager_is_signed_in (session));
  g_assert_false (online);
  g_assert_null (token);
  g_assert_cmpstr (display_name, ==, "clerk-a");
  g_assert_cmpstr (role, ==, "clerk");
  g_assert_cmpstr (yc_session_manager_get_profile (session)->hall, ==, YC_TEST_HALL_A);

  /* Locked and unlocked without the network. */
  check_idle_lock ();
  sign_out ();
  assert_signed_out ();

  /* A wrong password is refused offline. */
  g_assert_false (sign_in ("clerk-a", "clerk-b-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong user name or password.");
  g_clear_error (&error);
  assert_signed_out ();

  /* Users who never signed in online here (or whose cache was dropped) cannot. */
  g_assert_false (sign_in ("rev-sw", "rev-sw-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL);
  g_assert_nonnull (strstr (error->message, "“rev-sw” has never signed in on this computer"));
  g_clear_error (&error);
  g_assert_false (sign_in ("clerk-b", "clerk-b-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL);
  g_clear_error (&error);
  assert_signed_out ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  store_dir = g_dir_make_tmp ("yc-session-XXXXXX", &error);
  g_assert_no_error (error);
  store = yc_store_open (store_dir, &error);
  g_assert_no_error (error);
  client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 10);
  session = yc_session_manager_new (client, store);

  g_test_add_func ("/sync/session/online", test_online);
  g_test_add_func ("/sync/session/refused-forgets", test_refused_forgets);
  g_test_add_func ("/sync/session/idle-lock", test_idle_lock_online);
  g_test_add_func ("/sync/session/unlock-uncached", test_unlock_uncached);
  /* Last: stops the back office. */
  g_test_add_func ("/sync/session/offline", test_offline);

  status = g_test_run ();

  g_assert_finalize_object (session);
  g_assert_finalize_object (client);
  g_assert_finalize_object (store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", store_dir);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (store_dir);
  yc_test_server_free (server);
  return status;
}
