/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "yc-backoffice-cli-private.h"
#include "yc-http-server.h"

/* Housekeeping: abandoned partial uploads go after a day, op ids after the retention floor. */
#define MAINTENANCE_INTERVAL_SECONDS (60 * 60)
#define UPLOAD_EXPIRY                G_TIME_SPAN_DAY

#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

typedef struct {
  GMainLoop    *loop;
  YcBackoffice *backoffice;
  const char   *signal_name;
  gboolean      maintenance_running;
} Serve;

/*
 * A server's INFO messages are its access log and its life (started, listening, stopped):
 * shown by default, where GLib's default writer would hide them unless G_MESSAGES_DEBUG is
 * set.  Under systemd (JOURNAL_STREAM names stderr) they go to the journal with their fields;
 * everything else takes GLib's default path, which does the same journal check.
 */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  g_autofree char *line = NULL;

  if ((log_level & G_LOG_LEVEL_INFO) == 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  if (g_log_writer_is_journald (fileno (stderr)) &&
      g_log_writer_journald (log_level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (log_level, fields, n_fields,
                                     g_log_writer_supports_color (fileno (stderr)));
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
quit_cb (gpointer user_data)
{
  Serve *serve = user_data;

  /* The signal number is not passed: each handler has its own closure data. */
  g_main_loop_quit (serve->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigterm_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->signal_name = "SIGTERM";
  return quit_cb (serve);
}

static gboolean
sigint_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->signal_name = "SIGINT";
  return quit_cb (serve);
}

static void
maintenance_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  YcBackoffice *backoffice = source_object;
  guint uploads, op_ids;

  uploads = yc_backoffice_expire_uploads (backoffice, UPLOAD_EXPIRY);
  op_ids = yc_backoffice_purge_op_ids (backoffice, YC_BACKOFFICE_OP_RETENTION_FLOOR);
  if (uploads > 0 || op_ids > 0)
    g_info ("housekeeping: %u abandoned uploads expired, %u old op ids forgotten", uploads, op_ids);
  g_task_return_boolean (task, TRUE);
}

static void
maintenance_done_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Serve *serve = user_data;

  serve->maintenance_running = FALSE;
}

/* The database is not touched on the main loop: requests are being answered there. */
static gboolean
maintenance_cb (gpointer user_data)
{
  Serve *serve = user_data;
  g_autoptr(GTask) task = NULL;

  if (serve->maintenance_running)
    return G_SOURCE_CONTINUE;

  serve->maintenance_running = TRUE;
  task = g_task_new (serve->backoffice, NULL, maintenance_done_cb, serve);
  g_task_set_source_tag (task, maintenance_cb);
  g_task_run_in_thread (task, maintenance_thread);
  return G_SOURCE_CONTINUE;
}

static GTlsCertificate *
load_certificate (const YcBackofficeConfig  *config,
                  GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;

  certificate = g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, &local_error);
  if (certificate == NULL)
    g_set_error (error, local_error->domain, local_error->code,
                 _("Could not load the TLS certificate %s with the key %s: %s"),
                 config->tls_cert, config->tls_key, local_error->message);
  return certificate;
}

int
yc_backoffice_cli_serve (YcBackofficeCliContext *ctx)
{
  const YcBackofficeConfig *config = &ctx->config;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(YcHttpServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) users = NULL;
  YcHttpConfig http_config = { .max_body_size = config->max_body };
  Serve serve = { 0 };
  gboolean ipv6;
  guint port = 0;
  guint sources[3];

  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  if (config->tls_cert != NULL)
    {
      /* TLS 1.2 or later only.  GnuTLS's default (Debian's included) still offers 1.0 and
       * 1.1; glib-networking's GnuTLS backend takes its priority string from this variable,
       * read when the backend loads.  An administrator's own setting is kept. */
      g_setenv ("G_TLS_GNUTLS_PRIORITY", TLS_PRIORITY, FALSE);
      certificate = load_certificate (config, &error);
      if (certificate == NULL)
        return yc_backoffice_cli_fail_error (error);
    }

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  users = yc_backoffice_user_list (backoffice, &error);
  if (users == NULL)
    return yc_backoffice_cli_fail_error (error);
  if (json_array_get_length (json_node_get_array (users)) == 0)
    g_message ("the data directory %s has no users yet: nobody can sign in "
               "(add them with `yichuang-backoffice user add`)", config->data_dir);

  /* Handled from before the port is bound: whoever saw the line below may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  serve.loop = loop;
  serve.backoffice = backoffice;
  sources[0] = g_unix_signal_add (SIGTERM, sigterm_cb, &serve);
  sources[1] = g_unix_signal_add (SIGINT, sigint_cb, &serve);

  server = yc_http_server_new (backoffice, &http_config);
  if (!yc_http_server_listen (server, config->listen, config->port, certificate, &port, &error))
    {
      g_source_remove (sources[0]);
      g_source_remove (sources[1]);
      return yc_backoffice_cli_fail_error (error);
    }

  /* The line tests and scripts wait for: the port is bound, requests are accepted. */
  ipv6 = strchr (config->listen, ':') != NULL;
  yc_backoffice_cli_print ("listening on %s://%s%s%s:%u\n", certificate != NULL ? "https" : "http",
                           ipv6 ? "[" : "", config->listen, ipv6 ? "]" : "", port);
  fflush (stdout);

  sources[2] = g_timeout_add_seconds (MAINTENANCE_INTERVAL_SECONDS, maintenance_cb, &serve);
  maintenance_cb (&serve);

  g_info ("%s %s started: data directory %s, epoch %s", YC_BACKOFFICE_CLI_NAME, PACKAGE_VERSION,
          config->data_dir, yc_backoffice_get_epoch (backoffice));
  g_main_loop_run (loop);

  g_info ("%s received, shutting down", serve.signal_name != NULL ? serve.signal_name : "stop");
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    g_source_remove (sources[i]);
  yc_http_server_disconnect (server);

  /* Let the housekeeping transaction finish rather than cut it at exit. */
  while (serve.maintenance_running)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&server);
  g_clear_object (&backoffice);
  g_info ("stopped");
  return YC_BACKOFFICE_CLI_EXIT_OK;
}
