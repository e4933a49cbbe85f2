/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-backoffice-client-reconcile.h"
#include "yc-test-server.h"

/*
 * yc_backoffice_client_reconcile_async against the real back office: the figures parsed,
 * checked against the question asked, and the refusals as YC_SYNC_ERROR codes.
 */

static YcTestServer *server;

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

static YcBackofficeClient *
signed_in_client (const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strconcat (username, "-pw", NULL);
  YcBackofficeClient *client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_autoptr(YcSignIn) sign_in = NULL;
  Wait wait = { NULL };

  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 10);
  yc_backoffice_client_sign_in_async (client, username, password, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  sign_in = yc_backoffice_client_sign_in_finish (client, wait.result, &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  return client;
}

static YcReconciliation *
reconcile (YcBackofficeClient  *client,
           const char          *day,
           const char          *hall,
           const char          *window,
           GError             **error)
{
  Wait wait = { NULL };
  YcReconciliation *reconciliation;

  yc_backoffice_client_reconcile_async (client, day, hall, window, NULL, done_cb, &wait);
  yc_test_wait_for (&wait.done, 30);
  reconciliation = yc_backoffice_client_reconcile_finish (client, wait.result, error);
  g_clear_object (&wait.result);
  return reconciliation;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static char *
accept_case (void)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *uuid = yc_test_uuid ();
  JsonNode *document = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  g_autofree char *line = g_strdup_printf ("%s|%s\n", uuid,
                                           json_object_get_string_member (json_node_get_object (document), "number"));
  g_autofree char *batch = yc_test_batch (key, yc_test_op ("case.accept", uuid, 0, document), NULL);
  g_autoptr(YcTestResponse) response = yc_test_server_push (server, yc_test_server_token (server, "clerk-a"), key, batch);

  g_assert_cmpuint (response->status, ==, 200);
  return g_steal_pointer (&line);
}

static void
test_figures (void)
{
  g_autoptr(YcBackofficeClient) client = signed_in_client ("clerk-a");
  g_autoptr(YcReconciliation) before = NULL;
  g_autoptr(YcReconciliation) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = today ();
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;

  before = reconcile (client, day, YC_TEST_HALL_A, "W01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before->day, ==, day);
  g_assert_cmpstr (before->hall, ==, YC_TEST_HALL_A);
  g_assert_cmpstr (before->window, ==, "W01");
  g_assert_cmpint (before->count, ==, 0);
  g_assert_cmpstr (before->hash, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  line = accept_case ();
  expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, line, -1);
  after = reconcile (client, day, YC_TEST_HALL_A, "W01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->count, ==, 1);
  g_assert_cmpstr (after->hash, ==, expected);
}

static void
test_refused (void)
{
  g_autoptr(YcBackofficeClient) other_hall = signed_in_client ("clerk-b");
  g_autoptr(YcBackofficeClient) client = signed_in_client ("clerk-a");
  g_autoptr(YcReconciliation) reconciliation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = today ();

  reconciliation = reconcile (other_hall, day, YC_TEST_HALL_A, "W01", &error);
  g_assert_null (reconciliation);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);

  reconciliation = reconcile (client, day, YC_TEST_HALL_A, "W99", &error);
  g_assert_null (reconciliation);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
}

static void
test_signed_out (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcBackofficeClient) client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_autoptr(YcReconciliation) reconciliation = NULL;
  g_autofree char *day = today ();

  g_assert_no_error (error);
  reconciliation = reconcile (client, day, YC_TEST_HALL_A, "W01", &error);
  g_assert_null (reconciliation);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN);
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

  g_test_add_func ("/sync/client/reconcile/figures", test_figures);
  g_test_add_func ("/sync/client/reconcile/refused", test_refused);
  g_test_add_func ("/sync/client/reconcile/signed-out", test_signed_out);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
