/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/* Plain HTTP only on loopback; TLS (1.2 or later) anywhere else.  A self-signed certificate
 * is made for each run with GnuTLS's certtool. */

static YcTestServer *server;
static char *cert_dir;
static char *cert_path;
static char *key_path;

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

static void
make_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_path = NULL;
  const char *template =
    "organization = \"Yichuang test\"\n"
    "cn = \"127.0.0.1\"\n"
    "ip_address = \"127.0.0.1\"\n"
    "dns_name = \"localhost\"\n"
    "expiration_days = 2\n"
    "tls_www_server\n"
    "signing_key\n"
    "encryption_key\n";

  cert_dir = g_dir_make_tmp ("yc-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (cert_dir, "cert.pem", NULL);
  key_path = g_build_filename (cert_dir, "key.pem", NULL);
  template_path = g_build_filename (cert_dir, "cert.cfg", NULL);
  g_file_set_contents (template_path, template, -1, &error);
  g_assert_no_error (error);

  run ((const char * const []) { "certtool", "--generate-privkey", "--key-type=ecdsa",
                                 "--outfile", key_path, NULL });
  run ((const char * const []) { "certtool", "--generate-self-signed", "--load-privkey", key_path,
                                 "--template", template_path, "--outfile", cert_path, NULL });
}

static void
test_plain_refused_off_loopback (void)
{
  static const char * const addresses[] = { "0.0.0.0", "::", "192.0.2.1", NULL };

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      const char * const args[] = { "--listen", addresses[i], "--port", "0", NULL };
      g_autofree char *err = NULL;
      int exit_status = 0;

      g_test_message ("plain HTTP on %s", addresses[i]);
      g_assert_false (yc_test_server_start_full (server, args, NULL, &exit_status, &err));
      g_assert_cmpint (exit_status, !=, 0);
      /* The administrator is told why and what to do. */
      g_assert_nonnull (strstr (err, "loopback"));
      g_assert_nonnull (strstr (err, "--tls-cert"));
    }
}

typedef struct {
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Sent;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sent *sent = user_data;

  sent->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &sent->error);
  sent->done = TRUE;
}

static void
test_tls_off_loopback (void)
{
  const char * const args[] = { "--listen", "0.0.0.0", "--port", "0",
                                "--tls-cert", cert_path, "--tls-key", key_path, NULL };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTestResponse) untrusted = NULL;
  g_autoptr(YcTestResponse) health = NULL;
  g_autoptr(YcTestResponse) plain = NULL;
  g_autoptr(YcTestResponse) catalog = NULL;
  g_autofree char *plain_url = NULL;

  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);

  g_assert_true (yc_test_server_start_full (server, args, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (yc_test_server_get_base_url (server), "https://"));

  /* A client that does not know the self-signed certificate refuses it. */
  yc_test_server_trust (server, NULL);
  untrusted = yc_test_server_get (server, "/healthz", NULL);
  g_assert_cmpuint (untrusted->status, ==, 0);
  g_assert_error (untrusted->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  /* One that does gets through, on TLS 1.2 or later, and can sign in. */
  yc_test_server_trust (server, certificate);
  health = yc_test_server_get (server, "/healthz", NULL);
  g_assert_no_error (health->error);
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpint (health->tls_version, >=, G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_assert_cmpint (health->tls_version, !=, G_TLS_PROTOCOL_VERSION_UNKNOWN);
  catalog = yc_test_server_get (server, "/api/v1/catalog", yc_test_server_token (server, "clerk-a"));
  g_assert_cmpuint (catalog->status, ==, 200);

  /* Plain HTTP on the TLS port gets no answer. */
  plain_url = g_strdup_printf ("http://127.0.0.1:%u/healthz", yc_test_server_get_port (server));
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", plain_url);
    Sent sent = { NULL, NULL, FALSE };

    soup_session_send_and_read_async (yc_test_server_get_session (server), msg, G_PRIORITY_DEFAULT,
                                      NULL, sent_cb, &sent);
    yc_test_wait_for (&sent.done, 30);
    g_assert_true (sent.error != NULL || soup_message_get_status (msg) != 200);
    g_clear_error (&sent.error);
    g_clear_pointer (&sent.body, g_bytes_unref);
  }

  yc_test_server_stop (server);
}

static void
test_tls_on_loopback (void)
{
  const char * const args[] = { "--listen", "127.0.0.1", "--port", "0",
                                "--tls-cert", cert_path, "--tls-key", key_path, NULL };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTestResponse) health = NULL;
  g_autoptr(YcTestResponse) signed_in = NULL;

  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);

  g_assert_true (yc_test_server_start_full (server, args, NULL, NULL, NULL));
  g_assert_true (g_str_has_prefix (yc_test_server_get_base_url (server), "https://127.0.0.1:"));

  yc_test_server_trust (server, certificate);
  health = yc_test_server_get (server, "/healthz", NULL);
  g_assert_no_error (health->error);
  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpint (health->tls_version, >=, G_TLS_PROTOCOL_VERSION_TLS_1_2);

  signed_in = yc_test_server_post_json (server, "/api/v1/sessions", NULL,
                                        "{\"username\": \"super\", \"password\": \"super-pw\"}", NULL);
  g_assert_cmpuint (signed_in->status, ==, 201);

  yc_test_server_stop (server);
}

static void
test_incomplete_tls_configuration (void)
{
  const char * const args[] = { "--listen", "0.0.0.0", "--port", "0", "--tls-cert", cert_path, NULL };
  g_autofree char *err = NULL;
  int exit_status = 0;

  g_assert_false (yc_test_server_start_full (server, args, NULL, &exit_status, &err));
  g_assert_cmpint (exit_status, !=, 0);
  g_assert_nonnull (strstr (err, "tls-key"));
}

static void
test_unavailable (void)
{
  g_test_skip ("certtool (gnutls-bin) or the TLS backend (glib-networking) is missing");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *command = NULL;
  g_autofree char *certtool = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  certtool = g_find_program_in_path ("certtool");
  if (certtool == NULL || !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      /* build-aux/install-deps.sh installs gnutls-bin and glib-networking. */
      g_test_add_func ("/api/tls/unavailable", test_unavailable);
      return g_test_run ();
    }

  make_certificate ();
  server = yc_test_server_new ();

  g_test_add_func ("/api/tls/plain-refused-off-loopback", test_plain_refused_off_loopback);
  g_test_add_func ("/api/tls/required-off-loopback", test_tls_off_loopback);
  g_test_add_func ("/api/tls/on-loopback", test_tls_on_loopback);
  g_test_add_func ("/api/tls/incomplete", test_incomplete_tls_configuration);

  status = g_test_run ();
  yc_test_server_free (server);
  command = g_strdup_printf ("rm -rf '%s'", cert_dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (cert_dir);
  g_free (cert_path);
  g_free (key_path);
  return status;
}
