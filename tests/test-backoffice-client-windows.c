/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-backoffice-client-windows.h"
#include "yc-test-server.h"

/*
 * yc_backoffice_client_get_window against the real back office (tests/yc-test-server.c):
 * what the enrolment dialog reads, and the errors it turns into messages for the
 * administrator (unknown window, another hall's clerk, no session).
 */

static YcTestServer *server;

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static YcBackofficeClient *
signed_in_client (const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = username != NULL ? g_strconcat (username, "-pw", NULL) : NULL;
  YcBackofficeClient *client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_autoptr(YcSignIn) sign_in = NULL;
  Wait wait = { NULL };

  g_assert_no_error (error);
  if (username == NULL)
    return client;
  yc_backoffice_client_sign_in_async (client, username, password, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  sign_in = yc_backoffice_client_sign_in_finish (client, wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  return client;
}

static YcWindowInfo *
get_window (YcBackofficeClient  *client,
            const char          *hall,
            const char          *window,
            GError             **error)
{
  Wait wait = { NULL };
  YcWindowInfo *info;

  yc_backoffice_client_get_window_async (client, hall, window, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  info = yc_backoffice_client_get_window_finish (client, wait.result, error);
  g_clear_object (&wait.result);
  return info;
}

static void
test_enrolled (void)
{
  g_autoptr(YcBackofficeClient) admin = signed_in_client ("admin");
  g_autoptr(YcBackofficeClient) clerk = signed_in_client ("clerk-a");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcWindowInfo) info = NULL;
  g_autoptr(YcWindowInfo) again = NULL;
  g_autoptr(YcWindowInfo) copy = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  info = get_window (admin, YC_TEST_HALL_A, "W01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->hall, ==, YC_TEST_HALL_A);
  g_assert_cmpstr (info->window, ==, "W01");
  g_assert_cmpstr (info->window_name, ==, "test window");
  g_assert_nonnull (info->hall_name);
  g_assert_cmpuint (strlen (info->hall_secret), ==, 64);
  /* Nothing pushed yet from this window today: its numbers start at 1. */
  g_assert_true (g_hash_table_contains (info->next_sequence, today));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (info->next_sequence, today)), ==, 1);

  /* A clerk of the hall gets the same secret. */
  again = get_window (clerk, YC_TEST_HALL_A, "W01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->hall_secret, ==, info->hall_secret);

  copy = yc_window_info_copy (info);
  g_assert_cmpstr (copy->hall_secret, ==, info->hall_secret);
  g_assert_cmpuint (g_hash_table_size (copy->next_sequence), ==, g_hash_table_size (info->next_sequence));
}

static void
test_refused (void)
{
  g_autoptr(YcBackofficeClient) admin = signed_in_client ("admin");
  g_autoptr(YcBackofficeClient) other_clerk = signed_in_client ("clerk-b");
  g_autoptr(YcBackofficeClient) anonymous = signed_in_client (NULL);
  g_autoptr(GError) error = NULL;
  YcWindowInfo *info;

  info = get_window (admin, YC_TEST_HALL_A, "W77", &error);
  g_assert_null (info);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  info = get_window (other_clerk, YC_TEST_HALL_A, "W01", &error);
  g_assert_null (info);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Without a session the call fails before the network. */
  info = get_window (anonymous, YC_TEST_HALL_A, "W01", &error);
  g_assert_null (info);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN);
}

static void
test_offline (void)
{
  g_autoptr(YcBackofficeClient) admin = signed_in_client ("admin");
  g_autoptr(GError) error = NULL;
  YcWindowInfo *info;

  yc_test_server_stop (server);
  info = get_window (admin, YC_TEST_HALL_A, "W01", &error);
  g_assert_null (info);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

  g_test_add_func ("/backoffice-client/windows/enrolled", test_enrolled);
  g_test_add_func ("/backoffice-client/windows/refused", test_refused);
  /* Last: it stops the server. */
  g_test_add_func ("/backoffice-client/windows/offline", test_offline);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
