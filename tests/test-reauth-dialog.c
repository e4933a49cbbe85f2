/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yc-reauth-dialog.h"
#include "yc-session-manager.h"
#include "yc-sync-banner.h"
#include "yc-sync-engine.h"
#include "yc-sync-indicator.h"
#include "yc-test-files.h"
#include "yc-test-server.h"

/*
 * What the clerk sees when the back office refuses the session (issue 6), in process and
 * in Chinese, against the real back office: the session is ended there, the engine stops at
 * NEEDS_SIGN_IN, the banner says "您的登录已过期，请重新输入密码" and offers to sign in again,
 * the header indicator says so too; the dialog asks the same user's password, shows a
 * refusal and stays open, and with the right password signs in online in the same session
 * (nobody signs out, so an intake in progress stays), closes, and the engine syncs again.
 */

#define HALL   YC_TEST_HALL_A
#define WINDOW "W01"
#define CLERK  "clerk-a"

static YcTestServer *server;

typedef struct {
  char               *dir;
  YcStore            *store;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  guint               session_changes;
} Fixture;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

typedef gboolean (*Predicate) (gpointer data);

static void
wait_until (Predicate predicate,
            gpointer  data,
            guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
session_changed_cb (YcSessionManager *sessions,
                    GParamSpec       *pspec,
                    Fixture          *f)
{
  f->session_changes++;
}

static gboolean
engine_idle (gpointer data)
{
  return yc_sync_engine_get_state (data) == YC_SYNC_STATE_IDLE;
}

static gboolean
engine_needs_sign_in (gpointer data)
{
  return yc_sync_engine_get_state (data) == YC_SYNC_STATE_NEEDS_SIGN_IN;
}

static gboolean
dialog_done (gpointer data)
{
  return !yc_reauth_dialog_get_busy (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  f->dir = g_dir_make_tmp ("yc-reauth-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, HALL, WINDOW, &error));
  g_assert_no_error (error);
  f->client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (f->client, 5);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  yc_session_manager_sign_in_async (f->sessions, CLERK, CLERK "-pw", NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, result, &error));
  g_assert_no_error (error);
  g_signal_connect (f->sessions, "notify::signed-in", G_CALLBACK (session_changed_cb), f);
  g_signal_connect (f->sessions, "notify::username", G_CALLBACK (session_changed_cb), f);

  f->engine = yc_sync_engine_new (f->sessions, f->store, NULL);
  yc_sync_engine_set_intervals (f->engine, 0, 0, 1);
  yc_sync_engine_start (f->engine);
  wait_until (engine_idle, f->engine, 60);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  yc_sync_engine_stop (f->engine);
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->engine);
  g_clear_object (&f->sessions);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
signed_in_cb (YcReauthDialog *dialog,
              gboolean       *signed_in)
{
  *signed_in = TRUE;
}

static void
test_expired_session (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *banner = g_object_ref_sink (yc_sync_banner_new (f->engine));
  GtkWidget *indicator = g_object_ref_sink (yc_sync_indicator_new (f->engine));
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcUserProfile) cached = NULL;
  GtkWidget *dialog;
  gpointer dialog_pointer;
  gboolean signed_in = FALSE;
  const char *token_before;

  g_assert_false (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));

  /* The session ends at the back office (as a new password or a sign-out elsewhere would
   * end it); the next round meets the 401. */
  token_before = yc_backoffice_client_get_token (f->client);
  response = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current", token_before,
                                     NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  yc_sync_engine_kick (f->engine);
  wait_until (engine_needs_sign_in, f->engine, 30);

  g_assert_true (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_true (g_str_has_prefix (yc_sync_banner_get_title (YC_SYNC_BANNER (banner)),
                                   "您的登录已过期，请重新输入密码"));
  g_assert_true (yc_sync_banner_get_offers_reauth (YC_SYNC_BANNER (banner)));
  g_assert_true (g_str_has_prefix (yc_sync_indicator_get_summary (YC_SYNC_INDICATOR (indicator)),
                                   "登录已过期"));
  g_assert_true (yc_session_manager_is_signed_in (f->sessions));

  dialog = yc_reauth_dialog_new (f->sessions, NULL);
  dialog_pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &dialog_pointer);
  g_signal_connect (dialog, "signed-in", G_CALLBACK (signed_in_cb), &signed_in);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (g_str_has_prefix (yc_reauth_dialog_get_message (YC_REAUTH_DIALOG (dialog)),
                                   "您的登录已过期，请重新输入密码"));
  g_assert_null (yc_reauth_dialog_get_error (YC_REAUTH_DIALOG (dialog)));

  /* Nothing typed: said so, nothing sent. */
  yc_reauth_dialog_submit (YC_REAUTH_DIALOG (dialog));
  g_assert_false (yc_reauth_dialog_get_busy (YC_REAUTH_DIALOG (dialog)));
  g_assert_cmpstr (yc_reauth_dialog_get_error (YC_REAUTH_DIALOG (dialog)), ==, "请输入密码。");

  /* A wrong password: refused in the dialog, which stays; still waiting; the cache keeps the
   * right password for the idle lock. */
  yc_reauth_dialog_set_password (YC_REAUTH_DIALOG (dialog), "not-the-password");
  yc_reauth_dialog_submit (YC_REAUTH_DIALOG (dialog));
  g_assert_true (yc_reauth_dialog_get_busy (YC_REAUTH_DIALOG (dialog)));
  wait_until (dialog_done, dialog, 30);
  g_assert_nonnull (yc_reauth_dialog_get_error (YC_REAUTH_DIALOG (dialog)));
  g_assert_true (strstr (yc_reauth_dialog_get_error (YC_REAUTH_DIALOG (dialog)), "密码错误") != NULL);
  g_assert_false (signed_in);
  g_assert_nonnull (dialog_pointer);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpint (yc_sync_engine_get_state (f->engine), ==, YC_SYNC_STATE_NEEDS_SIGN_IN);
  cached = yc_store_check_credential (f->store, CLERK, CLERK "-pw", &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached);

  /* The right one: signed in online, same session; the dialog closes; sync resumes. */
  yc_reauth_dialog_set_password (YC_REAUTH_DIALOG (dialog), CLERK "-pw");
  yc_reauth_dialog_submit (YC_REAUTH_DIALOG (dialog));
  wait_until (pointer_cleared, &dialog_pointer, 30);
  g_assert_true (signed_in);
  g_assert_true (yc_session_manager_is_online (f->sessions));
  g_assert_nonnull (yc_session_manager_get_token (f->sessions));
  wait_until (engine_idle, f->engine, 60);
  g_assert_false (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));
  g_assert_false (yc_sync_banner_get_offers_reauth (YC_SYNC_BANNER (banner)));
  g_assert_cmpuint (f->session_changes, ==, 0);
  g_assert_cmpstr (yc_session_manager_get_username (f->sessions), ==, CLERK);

  yc_sync_banner_set_engine (YC_SYNC_BANNER (banner), NULL);
  yc_sync_indicator_set_engine (YC_SYNC_INDICATOR (indicator), NULL);
  g_object_unref (banner);
  g_object_unref (indicator);
}

/* "Later" closes the dialog and changes nothing; closing while the back office is being
 * asked leaves the session to take the answer. */
static void
test_later (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(YcTestResponse) response = NULL;
  GtkWidget *dialog;
  gpointer dialog_pointer;

  response = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current",
                                     yc_backoffice_client_get_token (f->client), NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  yc_sync_engine_kick (f->engine);
  wait_until (engine_needs_sign_in, f->engine, 30);

  dialog = yc_reauth_dialog_new (f->sessions, NULL);
  dialog_pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &dialog_pointer);
  gtk_window_present (GTK_WINDOW (dialog));
  yc_reauth_dialog_set_password (YC_REAUTH_DIALOG (dialog), CLERK "-pw");
  yc_reauth_dialog_submit (YC_REAUTH_DIALOG (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (pointer_cleared, &dialog_pointer, 30);
  /* The answer still arrives: online, syncing again. */
  wait_until (engine_idle, f->engine, 60);
  g_assert_true (yc_session_manager_is_online (f->sessions));
  g_assert_cmpuint (f->session_changes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* In Chinese, from the translations compiled in this build tree. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  g_test_add ("/reauth-dialog/expired-session", Fixture, NULL, fixture_set_up, test_expired_session,
              fixture_tear_down);
  g_test_add ("/reauth-dialog/later", Fixture, NULL, fixture_set_up, test_later, fixture_tear_down);
  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
