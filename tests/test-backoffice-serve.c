/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * `yichuang-backoffice serve`: the real executable (its path is the first argument) prints
 * its listening line once the port is bound, answers, stops cleanly on SIGTERM, takes its
 * settings from the key file and the command line, refuses plain HTTP off loopback and
 * speaks TLS 1.2 or later only.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "yc-test-cli.h"

typedef struct {
  GMainLoop *loop;
  char      *line;
  gboolean   timed_out;
} LineWait;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineWait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  g_main_loop_quit (wait->loop);
}

static gboolean
line_timeout_cb (gpointer user_data)
{
  LineWait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

/* The first line the server prints, within 30 s. */
static char *
read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  LineWait wait = { loop, NULL, FALSE };
  guint timeout = g_timeout_add_seconds (30, line_timeout_cb, &wait);

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read_cb, &wait);
  g_main_loop_run (loop);
  if (!wait.timed_out)
    g_source_remove (timeout);
  g_assert_false (wait.timed_out);
  return wait.line;
}

/* A server must not outlive a test that failed half-way. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_server (GError **error,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = yc_test_cli_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) yc_test_cli_executable ());
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* GET /healthz over a plain socket: the status line. */
static char *
healthz_status (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  const char request[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  char *line;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

static guint
listening_port (const char *line,
                const char *scheme,
                const char *address)
{
  g_autofree char *prefix = g_strdup_printf ("listening on %s://%s:", scheme, address);
  guint64 port;

  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_true (g_ascii_string_to_unsigned (line + strlen (prefix), 10, 1, 65535, &port, NULL));
  return (guint) port;
}

static void
assert_stops_on_sigterm (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serve (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *status = NULL;
  guint port;

  process = spawn_server (&error, "--config", "/dev/null", "--data-dir", data_dir,
                          "serve", "--listen", "127.0.0.1", "--port", "0", NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  port = listening_port (line, "http", "127.0.0.1");
  status = healthz_status (port);
  g_assert_cmpstr (status, ==, "HTTP/1.1 200 OK\r");
  assert_stops_on_sigterm (process);

  yc_test_cli_remove_tree (parent);
}

/* The settings come from the key file; the command line overrides them key by key. */
static void
test_serve_config_file (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autofree char *config = g_build_filename (parent, "backoffice.conf", NULL);
  g_autofree char *bad_config = g_build_filename (parent, "bad.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[server]\n# the port is overridden below\nport = 1\n"
                                           "listen = 127.0.0.1\ndata-dir = %s\nmax-body = 2M\n"
                                           "token-lifetime = 8h\nupload-limit = 20M\n", data_dir);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCliResult) bad_key = NULL;
  g_autoptr(YcCliResult) bad_value = NULL;
  g_autoptr(YcCliResult) missing = NULL;
  g_autofree char *line = NULL;

  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  process = spawn_server (&error, "--config", config, "--port", "0", NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  listening_port (line, "http", "127.0.0.1");
  assert_stops_on_sigterm (process);

  g_file_set_contents (bad_config, "[server]\nprot = 8480\n", -1, &error);
  g_assert_no_error (error);
  bad_key = yc_test_cli_run (NULL, "--config", bad_config, "--data-dir", data_dir, "user", "list", NULL);
  g_assert_cmpint (bad_key->status, ==, 1);
  g_assert_nonnull (strstr (bad_key->err, "unknown key “prot”"));

  bad_value = yc_test_cli_run (NULL, "--data-dir", data_dir, "serve", "--port", "84800", NULL);
  g_assert_cmpint (bad_value->status, ==, 1);
  g_assert_nonnull (strstr (bad_value->err, "option --port: “84800” is not a port number"));

  missing = yc_test_cli_run (NULL, "--config", "/nonexistent/backoffice.conf", "user", "list", NULL);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->err, "/nonexistent/backoffice.conf"));

  yc_test_cli_remove_tree (parent);
}

static void
test_serve_refuses_plain_http_off_loopback (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autoptr(YcCliResult) result = NULL;
  g_autoptr(YcCliResult) half_tls = NULL;
  g_autoptr(YcCliResult) no_dir = NULL;

  result = yc_test_cli_run (NULL, "--data-dir", data_dir, "serve", "--listen", "0.0.0.0", "--port", "0", NULL);
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_nonnull (strstr (result->err, "TLS"));

  half_tls = yc_test_cli_run (NULL, "--data-dir", data_dir, "serve", "--tls-cert", "/dev/null", NULL);
  g_assert_cmpint (half_tls->status, ==, 1);
  g_assert_nonnull (strstr (half_tls->err, "tls-key"));

  no_dir = yc_test_cli_run (NULL, "--data-dir", "/nonexistent/yc-data", "serve", "--port", "0", NULL);
  g_assert_cmpint (no_dir->status, ==, 1);
  g_assert_nonnull (strstr (no_dir->err, "init"));

  yc_test_cli_remove_tree (parent);
}

static gboolean
accept_any_certificate_cb (GTlsConnection       *connection,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return TRUE;
}

/* Whether a client offering only TLS @version completes a handshake with the server. */
static gboolean
gnutls_handshake (const char *gnutls_cli,
                  guint       port,
                  const char *version)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *priority = g_strdup_printf ("NORMAL:-VERS-ALL:+VERS-%s", version);
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              gnutls_cli, "--insecure", "--priority", priority, "-p", port_text,
                              "127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, empty, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
}

/* With a certificate the server listens on any address and speaks TLS 1.2 or later. */
static void
test_serve_tls (void)
{
  g_autofree char *parent = NULL;
  g_autofree char *data_dir = yc_test_cli_init_data_dir (&parent);
  g_autofree char *cert = g_build_filename (parent, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (parent, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *gnutls_cli = g_find_program_in_path ("gnutls-cli");
  g_autofree char *command = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int status;
  guint port;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a test certificate");
      yc_test_cli_remove_tree (parent);
      return;
    }
  command = g_strdup_printf ("%s req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                             "-keyout %s -out %s", openssl, key, cert);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  process = spawn_server (&error, "--config", "/dev/null", "--data-dir", data_dir, "serve",
                          "--listen", "0.0.0.0", "--port", "0", "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_no_error (error);
  line = read_first_line (process);
  port = listening_port (line, "https", "0.0.0.0");

  /* A self-signed certificate: accept it, check the handshake and the protocol version. */
  client = g_socket_client_new ();
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls)), >=,
                   G_TLS_PROTOCOL_VERSION_TLS_1_2);
  g_io_stream_close (tls, NULL, NULL);

  /* TLS 1.1 and older are refused (GnuTLS's own default would still offer them). */
  if (gnutls_cli != NULL)
    {
      g_assert_true (gnutls_handshake (gnutls_cli, port, "TLS1.2"));
      g_assert_false (gnutls_handshake (gnutls_cli, port, "TLS1.1"));
      g_assert_false (gnutls_handshake (gnutls_cli, port, "TLS1.0"));
    }
  assert_stops_on_sigterm (process);

  yc_test_cli_remove_tree (parent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  yc_test_cli_init (argc, argv);

  g_test_add_func ("/backoffice-serve/listening", test_serve);
  g_test_add_func ("/backoffice-serve/config-file", test_serve_config_file);
  g_test_add_func ("/backoffice-serve/refuses-plain-http", test_serve_refuses_plain_http_off_loopback);
  g_test_add_func ("/backoffice-serve/tls", test_serve_tls);

  return g_test_run ();
}
