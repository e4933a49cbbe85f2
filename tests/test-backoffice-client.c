/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-backoffice-client.h"
#include "yc-test-server.h"

/*
 * YcBackofficeClient against the real `yichuang-backoffice serve` process on loopback
 * (tests/yc-test-server.c).  Every call is async on the default main context, waited for
 * with a timeout, so a hang fails the test instead of blocking it.
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

/* Returns the result (owned by @wait; cleared by wait_clear). */
static GAsyncResult *
wait_result (Wait *wait)
{
  yc_test_wait_for (&wait->done, 30);
  return wait->result;
}

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

static YcBackofficeClient *
new_client (void)
{
  g_autoptr(GError) error = NULL;
  YcBackofficeClient *client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);

  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 10);
  return client;
}

static YcSignIn *
sign_in (YcBackofficeClient  *client,
         const char          *username,
         const char          *password,
         GError             **error)
{
  Wait wait = { NULL };
  YcSignIn *sign_in;

  yc_backoffice_client_sign_in_async (client, username, password, NULL, done_cb, &wait);
  sign_in = yc_backoffice_client_sign_in_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return sign_in;
}

static YcCatalogFetch *
get_catalog (YcBackofficeClient  *client,
             const char          *etag,
             GError             **error)
{
  Wait wait = { NULL };
  YcCatalogFetch *fetch;

  yc_backoffice_client_get_catalog_async (client, etag, NULL, done_cb, &wait);
  fetch = yc_backoffice_client_get_catalog_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return fetch;
}

static YcBackofficeHealth *
health (YcBackofficeClient  *client,
        GCancellable        *cancellable,
        GError             **error)
{
  Wait wait = { NULL };
  YcBackofficeHealth *result;

  yc_backoffice_client_health_async (client, cancellable, done_cb, &wait);
  result = yc_backoffice_client_health_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return result;
}

/* Plain HTTP only on loopback; everything else must be https://. */
static void
test_addresses (void)
{
  static const struct {
    const char *url;
    int         code;  /* -1: accepted */
  } cases[] = {
    { "http://127.0.0.1:8480", -1 },
    { "http://127.9.9.9:8480/", -1 },
    { "http://localhost:8480", -1 },
    { "http://[::1]:8480", -1 },
    { "https://backoffice.example.gov.cn", -1 },
    { "https://192.0.2.10:8443/prefix/", -1 },
    { "http://192.0.2.10:8480", YC_SYNC_ERROR_INSECURE },
    { "http://backoffice.example.gov.cn", YC_SYNC_ERROR_INSECURE },
    { "http://0.0.0.0:8480", YC_SYNC_ERROR_INSECURE },
    { "ftp://127.0.0.1/", YC_SYNC_ERROR_INVALID },
    { "backoffice:8480", YC_SYNC_ERROR_INVALID },
    { "https://", YC_SYNC_ERROR_INVALID },
    { "", YC_SYNC_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcBackofficeClient) client = yc_backoffice_client_new (cases[i].url, NULL, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
          g_assert_false (g_str_has_suffix (yc_backoffice_client_get_base_url (client), "/"));
        }
      else
        {
          g_assert_null (client);
          g_assert_error (error, YC_SYNC_ERROR, cases[i].code);
          g_test_message ("→ %s", error->message);
        }
    }
}

static void
test_health (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcBackofficeHealth) result = NULL;
  g_autoptr(GError) error = NULL;

  result = health (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->status, ==, "ok");
  g_assert_cmpstr (result->version, ==, PACKAGE_VERSION);
  g_assert_nonnull (result->epoch);
  g_assert_cmpint (result->head_seq, >=, 0);
}

static void
test_sign_in (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcSignIn) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  g_assert_null (yc_backoffice_client_get_token (client));
  result = sign_in (client, "clerk-a", "clerk-a-pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (result->token), ==, 43);  /* 256 bits in base64url */
  g_assert_cmpstr (yc_backoffice_client_get_token (client), ==, result->token);
  g_assert_nonnull (result->expires_at);
  g_assert_cmpint (g_date_time_compare (result->expires_at, now), >, 0);
  g_assert_cmpstr (result->user->username, ==, "clerk-a");
  g_assert_cmpstr (result->user->display_name, ==, "clerk-a");
  g_assert_cmpint (result->user->role, ==, YC_ROLE_CLERK);
  g_assert_cmpstr (result->user->hall, ==, YC_TEST_HALL_A);
  g_assert_cmpuint (g_strv_length (result->user->departments), ==, 0);
  g_clear_pointer (&result, yc_sign_in_free);

  /* A reviewer's departments come through too. */
  result = sign_in (client, "rev-both", "rev-both-pw", &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->user->role, ==, YC_ROLE_REVIEWER);
  g_assert_null (result->user->hall);
  g_assert_cmpuint (g_strv_length (result->user->departments), ==, 2);
}

static void
test_wrong_password (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcSignIn) result = NULL;
  g_autoptr(GError) error = NULL;

  result = sign_in (client, "clerk-b", "not-the-password", &error);
  g_assert_null (result);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong user name or password.");
  g_assert_null (yc_backoffice_client_get_token (client));
  g_clear_error (&error);

  /* An unknown user gets the same answer. */
  result = sign_in (client, "nobody", "whatever", &error);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Wrong user name or password.");
  g_clear_error (&error);

  /* Empty input never leaves the computer. */
  result = sign_in (client, "clerk-b", "", &error);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
}

static void
test_sign_out (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcSignIn) result = NULL;
  g_autoptr(YcCatalogFetch) fetch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_token = NULL;
  Wait wait = { NULL };

  /* Without a token, authenticated calls fail before sending anything. */
  fetch = get_catalog (client, NULL, &error);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  result = sign_in (client, "rev-sw", "rev-sw-pw", &error);
  g_assert_no_error (error);
  old_token = g_strdup (result->token);
  fetch = get_catalog (client, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&fetch, yc_catalog_fetch_free);

  yc_backoffice_client_sign_out_async (client, NULL, done_cb, &wait);
  g_assert_null (yc_backoffice_client_get_token (client));
  g_assert_true (yc_backoffice_client_sign_out_finish (client, wait_result (&wait), &error));
  g_assert_no_error (error);
  wait_clear (&wait);

  /* The back office ended that session: the old token is refused. */
  yc_backoffice_client_set_token (client, old_token);
  fetch = get_catalog (client, NULL, &error);
  g_assert_null (fetch);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Your session at the back office has ended. Sign in again.");
  g_clear_error (&error);

  /* Signing out without a session is no error. */
  yc_backoffice_client_set_token (client, NULL);
  yc_backoffice_client_sign_out_async (client, NULL, done_cb, &wait);
  g_assert_true (yc_backoffice_client_sign_out_finish (client, wait_result (&wait), &error));
  g_assert_no_error (error);
  wait_clear (&wait);
}

static void
test_catalog_etag (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcSignIn) result = NULL;
  g_autoptr(YcCatalogFetch) full = NULL;
  g_autoptr(YcCatalogFetch) again = NULL;
  g_autoptr(YcCatalogFetch) other = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  result = sign_in (client, "clerk-a", "clerk-a-pw", &error);
  g_assert_no_error (error);

  full = get_catalog (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (full->not_modified);
  g_assert_nonnull (full->bytes);
  g_assert_cmpuint (g_bytes_get_size (full->bytes), >, 1000);
  g_assert_nonnull (full->etag);
  g_assert_true (g_str_has_prefix (full->etag, "\""));
  g_assert_nonnull (full->version);
  text = g_strndup (g_bytes_get_data (full->bytes, NULL), g_bytes_get_size (full->bytes));
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));

  /* The same ETag: 304, nothing to download. */
  again = get_catalog (client, full->etag, &error);
  g_assert_no_error (error);
  g_assert_true (again->not_modified);
  g_assert_null (again->bytes);
  g_assert_cmpstr (again->etag, ==, full->etag);

  /* A stale ETag: the whole catalog again. */
  other = get_catalog (client, "\"stale\"", &error);
  g_assert_no_error (error);
  g_assert_false (other->not_modified);
  g_assert_true (g_bytes_equal (other->bytes, full->bytes));
  g_assert_cmpstr (other->etag, ==, full->etag);
}

/* A peer that accepts connections and never answers: the call's deadline ends it. */
static GSocket *
silent_listener (guint *out_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static void
test_timeout (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(YcBackofficeHealth) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint port = 0;
  gint64 start;

  socket = silent_listener (&port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 1);

  start = g_get_monotonic_time ();
  result = health (client, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  /* Not refused: it waited for the deadline (libsoup's own second-granular I/O timeout
   * may come a little earlier). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
}

/* A name that does not resolve is offline too (within the deadline, whatever DNS does). */
static void
test_unknown_host (void)
{
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(YcBackofficeHealth) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  client = yc_backoffice_client_new ("https://yc-no-such-host.invalid:8443", NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 3);
  start = g_get_monotonic_time ();
  result = health (client, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_test_message ("%s", error->message);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
}

/* The caller's cancellation is reported as such, not as being offline. */
static void
test_cancel (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Wait wait = { NULL };
  guint port = 0;

  socket = silent_listener (&port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 30);

  yc_backoffice_client_health_async (client, cancellable, done_cb, &wait);
  yc_test_sleep (100);
  g_cancellable_cancel (cancellable);
  yc_test_wait_for (&wait.done, 5);
  g_assert_null (yc_backoffice_client_health_finish (client, wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_clear (&wait);
}

static void
test_lockout (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(GError) error = NULL;
  guint i;

  /* "admin" is not used by the other tests of this file. */
  for (i = 0; i < 10; i++)
    {
      g_autoptr(YcSignIn) result = sign_in (client, "admin", "guess", &error);

      g_assert_null (result);
      if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_LOCKED_OUT))
        break;
      g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
    }
  g_assert_cmpuint (i, >, 0);
  g_assert_cmpuint (i, <, 10);
  g_assert_nonnull (strstr (error->message, "15 minutes"));
  g_clear_error (&error);

  /* Even the right password waits now. */
  g_assert_null (sign_in (client, "admin", "admin-pw", &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_LOCKED_OUT);
}

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A self-signed certificate for 127.0.0.1 in @dir: cert.pem and key.pem. */
static void
make_certificate (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_path = g_build_filename (dir, "cert.cfg", NULL);
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
  const char *template =
    "organization = \"Yichuang test\"\n"
    "cn = \"127.0.0.1\"\n"
    "ip_address = \"127.0.0.1\"\n"
    "expiration_days = 2\n"
    "tls_www_server\n"
    "signing_key\n"
    "encryption_key\n";

  g_file_set_contents (template_path, template, -1, &error);
  g_assert_no_error (error);
  run ((const char * const []) { "certtool", "--generate-privkey", "--key-type=ecdsa",
                                 "--outfile", key_path, NULL });
  run ((const char * const []) { "certtool", "--generate-self-signed", "--load-privkey", key_path,
                                 "--template", template_path, "--outfile", cert_path, NULL });
}

/* HTTPS with a self-signed back office: refused unless its certificate was given; a
 * certificate problem is never mistaken for being offline. */
static void
test_tls_pinned (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-sync-tls-XXXXXX", &error);
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *other_dir = g_dir_make_tmp ("yc-sync-tls-XXXXXX", &error);
  g_autofree char *other_path = g_build_filename (other_dir, "cert.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsCertificate) other = NULL;
  g_autoptr(YcBackofficeClient) untrusting = NULL;
  g_autoptr(YcBackofficeClient) wrong = NULL;
  g_autoptr(YcBackofficeClient) pinned = NULL;
  g_autoptr(YcBackofficeHealth) result = NULL;
  g_autoptr(YcSignIn) signed_in = NULL;
  g_autoptr(YcTestServer) tls_server = NULL;
  const char * const args[] = { "--listen", "127.0.0.1", "--port", "0",
                                "--tls-cert", cert_path, "--tls-key", key_path, NULL };

  g_assert_no_error (error);
  make_certificate (dir);
  make_certificate (other_dir);
  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  other = g_tls_certificate_new_from_file (other_path, &error);
  g_assert_no_error (error);

  tls_server = yc_test_server_new ();
  g_assert_true (yc_test_server_start_full (tls_server, args, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (yc_test_server_get_base_url (tls_server), "https://"));

  untrusting = yc_backoffice_client_new (yc_test_server_get_base_url (tls_server), NULL, &error);
  g_assert_no_error (error);
  result = health (untrusting, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_TLS);
  g_assert_false (yc_sync_error_is_offline (error));
  g_clear_error (&error);

  wrong = yc_backoffice_client_new (yc_test_server_get_base_url (tls_server), other, &error);
  g_assert_no_error (error);
  signed_in = sign_in (wrong, "clerk-a", "clerk-a-pw", &error);
  g_assert_null (signed_in);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_TLS);
  g_clear_error (&error);

  pinned = yc_backoffice_client_new (yc_test_server_get_base_url (tls_server), certificate, &error);
  g_assert_no_error (error);
  result = health (pinned, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->status, ==, "ok");
  signed_in = sign_in (pinned, "clerk-a", "clerk-a-pw", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (signed_in->user->hall, ==, YC_TEST_HALL_A);

  yc_test_server_stop (tls_server);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", i == 0 ? dir : other_dir);
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
}

/* Last: the server is stopped.  Connection refused is offline, and it is quick. */
static void
test_server_stopped (void)
{
  g_autoptr(YcBackofficeClient) client = new_client ();
  g_autoptr(YcBackofficeHealth) result = NULL;
  g_autoptr(YcSignIn) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  yc_test_server_stop (server);

  start = g_get_monotonic_time ();
  result = health (client, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_assert_true (yc_sync_error_is_offline (error));
  g_assert_true (g_str_has_prefix (error->message, "Cannot connect to the back office; switched to offline mode."));
  g_clear_error (&error);

  signed_in = sign_in (client, "clerk-a", "clerk-a-pw", &error);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
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

  g_test_add_func ("/sync/client/addresses", test_addresses);
  g_test_add_func ("/sync/client/health", test_health);
  g_test_add_func ("/sync/client/sign-in", test_sign_in);
  g_test_add_func ("/sync/client/wrong-password", test_wrong_password);
  g_test_add_func ("/sync/client/sign-out", test_sign_out);
  g_test_add_func ("/sync/client/catalog-etag", test_catalog_etag);
  g_test_add_func ("/sync/client/timeout", test_timeout);
  g_test_add_func ("/sync/client/cancel", test_cancel);
  g_test_add_func ("/sync/client/unknown-host", test_unknown_host);
  g_test_add_func ("/sync/client/tls-pinned", test_tls_pinned);
  g_test_add_func ("/sync/client/lockout", test_lockout);
  g_test_add_func ("/sync/client/server-stopped", test_server_stopped);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
