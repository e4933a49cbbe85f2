/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-backoffice-client-private.h"
#include "yc-sync-error-private.h"

/* One HTTP call of YcBackofficeClient: the request, its deadline and cancellation, and
 * the answer turned into a result or a YC_SYNC_ERROR. */

typedef struct {
  SoupMessage    *msg;
  GCancellable   *cancellable;   /* ours: the caller's and the deadline cancel it */
  GCancellable   *caller;
  gulong          caller_id;
  GSource        *deadline;
  guint           deadline_seconds;
  gboolean        timed_out;
  gboolean        signing_in;
  gboolean        json_answer;   /* YC_CALL_JSON_ANSWER */
  YcResponseFunc  handle;
  GDestroyNotify  result_free;
} Call;

static void
call_free (Call *call)
{
  if (call->caller_id != 0)
    g_cancellable_disconnect (call->caller, call->caller_id);
  g_clear_object (&call->caller);
  if (call->deadline != NULL)
    {
      g_source_destroy (call->deadline);
      g_source_unref (call->deadline);
    }
  g_clear_object (&call->cancellable);
  g_clear_object (&call->msg);
  g_free (call);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return g_tls_certificate_is_same (peer, G_TLS_CERTIFICATE (user_data));
}

/* A 204 (every upload chunk's answer) or 304 has no body and no Content-Length, and libsoup
 * (3.2) takes an answer without Content-Length for one that ends with the connection: it
 * would close the connection and the next call would pay a new one and its TLS handshake.
 * Say there is no body. */
static void
got_headers_cb (SoupMessage *msg,
                gpointer     user_data)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    soup_message_headers_set_encoding (soup_message_get_response_headers (msg),
                                       SOUP_ENCODING_NONE);
}

/*
 * libsoup (3.2.3) sends a GET, HEAD or DELETE again by itself when the kept-alive
 * connection it went out on turns out closed before any answer (request_is_restartable ()
 * in soup-client-message-io-http1.c).  A soup_message_io_run_until_read_async () that ends
 * in the main-loop iteration it started in delivers its result from an idle, one iteration
 * later.  When the failed attempt's result waits there and the queue restarts the message
 * at once on another kept-alive connection, run_until_read_done () in soup-session.c takes
 * the stale failure for the new attempt (it only checks item->io_started, which the new
 * attempt set again) and ends the new attempt's I/O; if the new attempt's own answer was
 * already waiting in an idle too, it then reaches soup_message_io_get_response_istream ()
 * with no I/O left: a call through a NULL SoupClientMessageIO, a segfault (seen in the
 * fault trials; tests/test-sync-restart.c makes it happen).  A restarted message that has
 * to open a new connection cannot run again before the stale result is delivered
 * (connecting takes more iterations), and the stale result then finds item->io_started
 * cleared and is dropped.  A fresh connection is what the retry needs anyway: the pool has
 * just shown a dead one.
 */
static void
restarted_cb (SoupMessage *msg,
              gpointer     user_data)
{
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
}

static JsonNode *
parse_json_body (SoupMessage *msg,
                 GBytes      *body)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (body == NULL || g_bytes_get_size (body) == 0 || g_strcmp0 (type, "application/json") != 0)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/*
 * Whether @body is the whole answer.  libsoup takes the end of the connection for the end
 * of an answer that says neither its length nor chunked encoding, and it takes an answer
 * cut at the end of a header line (right after the status line, say) for a whole answer
 * without the headers that followed.  The back office frames every answer that has a body
 * with Content-Length, so an answer framed by the connection's end alone cannot be told
 * from a cut one: for the clerk it is a connection lost midway, not an answer this program
 * does not understand.  Chunks come only through a proxy that re-encodes the answers, and
 * libsoup takes a connection closed between two chunks for the last chunk: such an answer
 * is whole when its JSON is (@json parsed, nothing lost but the end marker); an empty or
 * unparsable one is taken for a cut.
 */
static gboolean
answer_is_whole (SoupMessage *msg,
                 GBytes      *body,
                 JsonNode    *json)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  guint status = soup_message_get_status (msg);
  const char *type;

  /* Answers that never have a body end with their headers (RFC 9112, 6.3). */
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED
      || (status >= 100 && status < 200)
      || g_strcmp0 (soup_message_get_method (msg), SOUP_METHOD_HEAD) == 0)
    return TRUE;
  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      return (goffset) g_bytes_get_size (body) == soup_message_headers_get_content_length (headers);
    case SOUP_ENCODING_CHUNKED:
      type = soup_message_headers_get_content_type (headers, NULL);
      if (g_bytes_get_size (body) == 0)
        return FALSE;
      return json != NULL || g_strcmp0 (type, "application/json") != 0;
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    case SOUP_ENCODING_UNRECOGNIZED:
    default:
      return FALSE;
    }
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcBackofficeClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) json = NULL;
  gpointer value;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &transport);
  /* Parsed here for an error (its code and message), for a chunked answer (whether it is
   * whole) and for the handlers that ask; the others read the body themselves. */
  status = soup_message_get_status (call->msg);
  if (body != NULL
      && (call->json_answer || status < 200 || status >= 300
          || soup_message_headers_get_encoding (soup_message_get_response_headers (call->msg))
             == SOUP_ENCODING_CHUNKED))
    json = parse_json_body (call->msg, body);
  if (body != NULL && !answer_is_whole (call->msg, body, json))
    {
      g_debug ("%s %s → %u, cut after %" G_GSIZE_FORMAT " bytes of its body",
               soup_message_get_method (call->msg), g_uri_get_path (soup_message_get_uri (call->msg)),
               soup_message_get_status (call->msg), g_bytes_get_size (body));
      g_clear_pointer (&body, g_bytes_unref);
      transport = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                       _("the connection closed before the whole answer arrived"));
    }
  if (body == NULL)
    {
      /* libsoup reports an answer cut within its headers as unparsable: for the clerk it
       * is a connection lost midway, to be retried like any other. */
      if (g_error_matches (transport, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING))
        {
          g_autoptr(GError) cut = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                               "%s", transport->message);

          g_clear_error (&transport);
          transport = g_steal_pointer (&cut);
        }
      /* The caller's cancellation wins over our deadline if both happened. */
      yc_sync_set_error_from_transport (&error, transport,
                                        call->timed_out &&
                                        (call->caller == NULL || !g_cancellable_is_cancelled (call->caller)),
                                        call->deadline_seconds);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s %s → %u", soup_message_get_method (call->msg),
           g_uri_get_path (soup_message_get_uri (call->msg)), status);
  if (status >= 400 || status < 200)
    {
      yc_sync_set_error_from_response (&error, status, json, call->signing_in);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = call->handle (self, call->msg, body, json, &error);
  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, value, call->result_free);
}

void
yc_backoffice_client_fail_early (YcBackofficeClient  *self,
                                 gpointer             source_tag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data,
                                 GError              *error)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

void
yc_backoffice_client_call (YcBackofficeClient  *self,
                           const YcCallSpec    *spec,
                           GBytes              *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  yc_backoffice_client_call_with_data (self, spec, body, NULL, NULL, NULL,
                                       cancellable, callback, user_data);
}

void
yc_backoffice_client_call_with_data (YcBackofficeClient  *self,
                                     const YcCallSpec    *spec,
                                     GBytes              *body,
                                     const char          *key,
                                     gpointer             data,
                                     GDestroyNotify       destroy,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) request_body = body;
  g_autofree char *url = g_strconcat (self->base_url, spec->path, NULL);
  gboolean authenticated = (spec->flags & YC_CALL_AUTHENTICATED) != 0;
  SoupMessageHeaders *request_headers;
  SoupSession *session;
  Call *call;

  g_task_set_source_tag (task, spec->source_tag);
  g_task_set_check_cancellable (task, TRUE);

  if (authenticated && self->token == NULL)
    {
      if (destroy != NULL)
        destroy (data);
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN,
                               _("You are not signed in to the back office. Sign in while "
                                 "the back office is reachable."));
      return;
    }

  call = g_new0 (Call, 1);
  call->msg = soup_message_new (spec->method, url);
  if ((spec->flags & YC_CALL_IDEMPOTENT) != 0)
    soup_message_add_flags (call->msg, SOUP_MESSAGE_IDEMPOTENT);
  g_signal_connect (call->msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (call->msg, "restarted", G_CALLBACK (restarted_cb), NULL);
  call->cancellable = g_cancellable_new ();
  call->handle = spec->handle;
  call->result_free = spec->result_free;
  call->signing_in = (spec->flags & YC_CALL_SIGNING_IN) != 0;
  call->json_answer = (spec->flags & YC_CALL_JSON_ANSWER) != 0;
  call->deadline_seconds = self->timeout + spec->wait_seconds;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_assert (call->msg != NULL);
  if (key != NULL)
    g_object_set_data_full (G_OBJECT (call->msg), key, data, destroy);

  request_headers = soup_message_get_request_headers (call->msg);
  if (authenticated)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", value);
      sodium_memzero (value, strlen (value));
    }
  soup_message_headers_replace (request_headers, "Accept", "application/json");
  for (guint i = 0; spec->headers != NULL && spec->headers[i] != NULL && spec->headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, spec->headers[i], spec->headers[i + 1]);
  if (request_body != NULL)
    {
      if (g_bytes_get_size (request_body) >= YC_CALL_EXPECT_CONTINUE_SIZE)
        soup_message_headers_set_expectations (request_headers, SOUP_EXPECTATION_CONTINUE);
      soup_message_set_request_body_from_bytes (call->msg,
                                                spec->content_type != NULL ? spec->content_type
                                                                           : "application/json",
                                                request_body);
    }
  if (self->certificate != NULL)
    g_signal_connect_object (call->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                             self->certificate, 0);

  if (cancellable != NULL)
    {
      call->caller = g_object_ref (cancellable);
      call->caller_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                               call->cancellable, NULL);
    }
  /* libsoup's own timeout covers each read and write; this bounds the whole call.  A long
   * poll is silent for up to its wait: it goes through the session without an I/O timeout
   * and only this deadline, the wait plus the usual time, bounds it. */
  call->deadline = g_timeout_source_new_seconds (call->deadline_seconds);
  g_source_set_callback (call->deadline, deadline_cb, call, NULL);
  g_source_set_static_name (call->deadline, "[yc-sync] call deadline");
  g_source_attach (call->deadline, g_main_context_get_thread_default ());

  if (spec->wait_seconds > 0)
    {
      if (self->poll_session == NULL)
        self->poll_session = soup_session_new_with_options ("timeout", 0,
                                                            "idle-timeout", 60,
                                                            "user-agent", "yichuang/" PACKAGE_VERSION,
                                                            NULL);
      session = self->poll_session;
    }
  else
    session = self->session;

  soup_session_send_and_read_async (session, call->msg, G_PRIORITY_DEFAULT,
                                    call->cancellable, send_done_cb, g_steal_pointer (&task));
}

gpointer
yc_backoffice_client_call_finish (YcBackofficeClient  *self,
                                  GAsyncResult        *result,
                                  gpointer             source_tag,
                                  GError             **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_backoffice_set_protocol_error (GError     **error,
                                  const char  *what)
{
  g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL,
               _("The back office gave an answer this program does not understand (%s). Check "
                 "that the back-office address is right; if it is, call the administrator."),
               what);
}

const char *
yc_backoffice_get_string (JsonObject *object,
                          const char *name)
{
  JsonNode *member = object != NULL ? json_object_get_member (object, name) : NULL;

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

JsonNode *
yc_backoffice_parse_answer (const YcJsonReader  *reader,
                            GBytes              *body,
                            const char * const  *allowed,
                            JsonObject         **out_object,
                            GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  root = yc_json_parse (reader, reader->code, data, size, error);
  if (root == NULL)
    return NULL;
  object = yc_json_node_object (reader, root, NULL, allowed, error);
  if (object == NULL)
    return NULL;
  *out_object = object;
  return g_steal_pointer (&root);
}
