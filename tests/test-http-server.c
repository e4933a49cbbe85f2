/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "yc-backoffice.h"
#include "yc-http-server.h"

/*
 * YcHttpServer in process: the listening rules (plain HTTP on loopback only) and the cap on
 * the long-poll wait.  The server and the client share the main context, so the client's
 * calls are async.  The HTTP API itself is tested against the real process (test-api-*.c).
 */

typedef struct {
  char          *data_dir;
  YcBackoffice  *backoffice;
  YcHttpServer  *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const YcHttpConfig *config = data;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("yc-http-XXXXXX", &error);
  g_assert_no_error (error);
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  fixture->backoffice = yc_backoffice_open (fixture->data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (fixture->backoffice, &error);
  g_assert_no_error (error);
  yc_backoffice_user_add (fixture->backoffice, "super", "Supervisor", YC_ROLE_SUPERVISOR, NULL, NULL,
                          "super-pw", &error);
  g_assert_no_error (error);
  fixture->server = yc_http_server_new (fixture->backoffice, config);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->data_dir);

  yc_http_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_clear_object (&fixture->backoffice);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (fixture->data_dir);
}

static void
test_loopback_only (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    const char *address;
    int         error;   /* -1: listens */
  } cases[] = {
    { "127.0.0.1", -1 },
    { "127.0.0.2", -1 },   /* all of 127.0.0.0/8 is loopback */
    { "0.0.0.0", YC_HTTP_SERVER_ERROR_TLS_REQUIRED },
    { "::", YC_HTTP_SERVER_ERROR_TLS_REQUIRED },
    { "192.0.2.1", YC_HTTP_SERVER_ERROR_TLS_REQUIRED },
    { "::ffff:127.0.0.1", YC_HTTP_SERVER_ERROR_TLS_REQUIRED },
    { "localhost", YC_HTTP_SERVER_ERROR_INVALID_ADDRESS },
    { "127.0.0.1:80", YC_HTTP_SERVER_ERROR_INVALID_ADDRESS },
    { "", YC_HTTP_SERVER_ERROR_INVALID_ADDRESS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint port = 0;
      gboolean ok;

      g_test_message ("listen on “%s”", cases[i].address);
      ok = yc_http_server_listen (fixture->server, cases[i].address, 0, NULL, &port, &error);
      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (port, >, 0);
        }
      else
        {
          g_assert_error (error, YC_HTTP_SERVER_ERROR, cases[i].error);
          g_assert_false (ok);
        }
    }
  g_assert_false (yc_http_server_is_https (fixture->server));
}

typedef struct {
  SoupMessage *msg;
  GBytes      *body;
  gboolean     done;
} Call;

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  call->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

static guint
call (SoupSession *session,
      SoupMessage *msg,
      GBytes     **out_body)
{
  Call c = { msg, NULL, FALSE };
  guint id = g_timeout_add_seconds (30, timeout_cb, NULL);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, call_done_cb, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&c.body);
  g_clear_pointer (&c.body, g_bytes_unref);
  return soup_message_get_status (msg);
}

static void
test_wait_capped (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) sign_in = NULL;
  g_autoptr(SoupMessage) changes = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  const char *json = "{\"username\": \"super\", \"password\": \"super-pw\"}";
  gint64 start, elapsed;
  guint port = 0;

  yc_http_server_listen (fixture->server, "127.0.0.1", 0, NULL, &port, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/sessions", port);
  sign_in = soup_message_new ("POST", url);
  request = g_bytes_new_static (json, strlen (json));
  soup_message_set_request_body_from_bytes (sign_in, "application/json", request);
  g_assert_cmpuint (call (session, sign_in, &body), ==, 201);
  root = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  bearer = g_strconcat ("Bearer ", json_object_get_string_member (json_node_get_object (root), "token"), NULL);

  /* An hour asked for, the configured second given: the empty page comes back then. */
  g_free (url);
  url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/sync/changes?wait=3600", port);
  changes = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (changes), "Authorization", bearer);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (call (session, changes, NULL), ==, 200);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  static const YcHttpConfig one_second = { .max_wait_seconds = 1 };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/http-server/loopback-only", Fixture, NULL, fixture_set_up, test_loopback_only, fixture_tear_down);
  g_test_add ("/http-server/wait-capped", Fixture, &one_second, fixture_set_up, test_wait_capped, fixture_tear_down);

  return g_test_run ();
}
