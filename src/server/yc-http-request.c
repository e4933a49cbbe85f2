/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/*
 * A request's life after routing: the handler's checks on the main context, the work on a
 * worker thread while the message is paused (authentication first), the reply written back
 * on the main context.
 */

YcHttpRequest *
yc_http_request_ref (YcHttpRequest *request)
{
  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
yc_http_request_unref (YcHttpRequest *request)
{
  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;

  g_clear_signal_handler (&request->finished_id, request->msg);
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  g_clear_object (&request->msg);
  g_clear_object (&request->server);
  g_clear_pointer (&request->params, g_ptr_array_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->peer, g_free);
  g_clear_pointer (&request->token, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->principal, yc_principal_unref);
  g_free (request);
}

const char *
yc_http_request_get_param (YcHttpRequest *request,
                           guint          index)
{
  g_return_val_if_fail (index < request->params->len, NULL);
  return g_ptr_array_index (request->params, index);
}

const char *
yc_http_request_get_query (YcHttpRequest *request,
                           const char    *name)
{
  const char *value = g_hash_table_lookup (request->query, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

const char *
yc_http_request_get_header (YcHttpRequest *request,
                            const char    *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), name);
}

/* A misspelt parameter is refused rather than ignored: a filter that silently did
 * nothing would show a reviewer cases they did not ask for. */
gboolean
yc_http_request_check_query (YcHttpRequest       *request,
                             const char * const  *allowed,
                             GError             **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_strv_contains (allowed, key))
        {
          yc_http_set_invalid (error, key, _("Unknown query parameter."));
          return FALSE;
        }
    }

  return TRUE;
}

void
yc_http_reply_clear (YcHttpReply *reply)
{
  g_clear_pointer (&reply->headers, g_ptr_array_unref);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->body, g_bytes_unref);
  if (reply->defer_data_free != NULL)
    g_clear_pointer (&reply->defer_data, reply->defer_data_free);
  reply->defer_data = NULL;
  reply->defer_data_free = NULL;
  reply->defer = FALSE;
  reply->status = 0;
}

static void
yc_http_reply_free (gpointer data)
{
  YcHttpReply *reply = data;

  yc_http_reply_clear (reply);
  g_free (reply);
}

void
yc_http_reply_add_header (YcHttpReply *reply,
                          const char  *name,
                          const char  *value)
{
  if (reply->headers == NULL)
    reply->headers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (reply->headers, g_strdup (name));
  g_ptr_array_add (reply->headers, g_strdup (value));
}

static void
set_json_body (YcHttpReply *reply,
               guint        status,
               GBytes      *body)
{
  reply->status = status;
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->content_type);
  reply->content_type = g_strdup ("application/json");
  reply->body = body;
}

void
yc_http_reply_set_json (YcHttpReply *reply,
                        guint        status,
                        JsonNode    *node)
{
  set_json_body (reply, status, yc_http_json_to_bytes (node));
}

/* An answer the back office wrote as text already (a push's, as stored for replays): sent as
 * it is rather than parsed and written again.  Takes @text. */
void
yc_http_reply_set_json_text (YcHttpReply *reply,
                             guint        status,
                             char        *text)
{
  set_json_body (reply, status, g_bytes_new_take (text, strlen (text)));
}

void
yc_http_reply_set_error (YcHttpReply  *reply,
                         const GError *error)
{
  g_autoptr(JsonNode) node = yc_http_error_to_json (error);
  guint status = yc_http_error_status (error);

  yc_http_reply_clear (reply);
  yc_http_reply_set_json (reply, status, node);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    yc_http_reply_add_header (reply, "WWW-Authenticate", "Bearer realm=\"yichuang\"");
  /* Not g_warning: a failing disk must not abort a server run with fatal warnings; the
   * client gets the error, the log keeps the reason. */
  if (status >= 500)
    g_message ("internal error (%u %s): %s", status, yc_http_error_code (error), error->message);
  else
    g_debug ("refused (%u %s): %s", status, yc_http_error_code (error), error->message);
}

/* Keeps the connection after an answer without a body (below). */
static void
no_body_written_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_NONE);
}

void
yc_http_request_send (YcHttpRequest *request,
                      YcHttpReply   *reply)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers;
  gboolean was_paused;

  if (request->done)
    return;
  request->done = TRUE;

  headers = soup_server_message_get_response_headers (msg);
  soup_server_message_set_status (msg, reply->status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  for (guint i = 0; reply->headers != NULL && i + 1 < reply->headers->len; i += 2)
    soup_message_headers_replace (headers,
                                  g_ptr_array_index (reply->headers, i),
                                  g_ptr_array_index (reply->headers, i + 1));
  if (reply->body != NULL && reply->status != SOUP_STATUS_NO_CONTENT &&
      reply->status != SOUP_STATUS_NOT_MODIFIED)
    {
      soup_message_headers_set_content_type (headers,
                                             reply->content_type ? reply->content_type : "application/octet-stream",
                                             NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
    }
  /* A 204 or 304 has no body and no Content-Length, and libsoup's server (3.2) takes an
   * answer without Content-Length for one that ends with the connection, which it then
   * closes: each upload chunk (204) cost the client a new connection and TLS handshake.
   * Say there is no body; for a 204 again once its headers are written, because writing
   * them drops Content-Length and with it what was said. */
  if (reply->status == SOUP_STATUS_NO_CONTENT || reply->status == SOUP_STATUS_NOT_MODIFIED)
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_NONE);
      g_signal_connect (msg, "wrote-headers", G_CALLBACK (no_body_written_cb), NULL);
    }

  was_paused = request->work != NULL;
  if (was_paused)
    soup_server_message_unpause (msg);
}

void
yc_http_request_send_error (YcHttpRequest *request,
                            const GError  *error)
{
  YcHttpReply reply = { 0, };

  yc_http_reply_set_error (&reply, error);
  yc_http_request_send (request, &reply);
  yc_http_reply_clear (&reply);
}

/* Refuses on the main context, before any worker runs: the message was never paused. */
void
yc_http_request_fail (YcHttpRequest *request,
                      const GError  *error)
{
  g_return_if_fail (request->work == NULL);
  yc_http_request_send_error (request, error);
}

static void
request_run_thread_cb (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  YcHttpRequest *request = task_data;
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  YcHttpReply *reply = g_new0 (YcHttpReply, 1);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (request->route->auth == YC_HTTP_AUTH_REQUIRED)
    {
      if (request->token == NULL)
        {
          g_set_error_literal (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_UNAUTHORIZED,
                               _("Sign in first: this request needs an “Authorization: Bearer” token."));
          ok = FALSE;
        }
      else
        {
          request->principal = yc_backoffice_authenticate (backoffice, request->token, &error);
          ok = request->principal != NULL;
        }
    }

  if (!ok)
    {
      yc_http_reply_set_error (reply, error);
      /* RFC 6750: a token was sent but is not (or no longer) valid. */
      if (request->token != NULL && reply->status == SOUP_STATUS_UNAUTHORIZED)
        yc_http_reply_add_header (reply, "WWW-Authenticate",
                                  "Bearer realm=\"yichuang\", error=\"invalid_token\"");
    }
  else if (!request->work (request, reply, &error))
    {
      yc_http_reply_set_error (reply, error);
    }

  g_task_return_pointer (task, reply, yc_http_reply_free);
}

static void
request_run_done_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcHttpRequest) request = user_data;
  YcHttpReply *reply = g_task_propagate_pointer (G_TASK (result), NULL);

  if (request->done)
    {
      g_debug ("%s %s: the client went away before the reply", request->method, request->path);
      yc_http_reply_free (reply);
      return;
    }

  if (reply->defer && request->defer != NULL && request->defer (request, reply))
    {
      yc_http_reply_free (reply);
      return;
    }

  yc_http_request_send (request, reply);
  yc_http_reply_free (reply);
}

/* The requests' own worker threads rather than GTask's pool: that pool has 10 threads, and a
 * push holds its thread until the group commit holding it returned, so ten pushes in flight
 * left no thread to parse the next ones while the writer worked: groups stayed small (about
 * five pushes), the writer did a commit, its WAL frames and its checkpoint share for every
 * few pushes, and the other core sat idle.  With more threads the pushes of every window
 * that has one in flight are parsed in parallel and join the same group. */
#define REQUEST_THREADS 64

static void
request_pool_cb (gpointer data,
                 gpointer user_data)
{
  g_autoptr(GTask) task = data;

  request_run_thread_cb (task, NULL, g_task_get_task_data (task), NULL);
}

static GThreadPool *
request_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *created = g_thread_pool_new (request_pool_cb, NULL, REQUEST_THREADS, FALSE, &error);

      /* Only an exclusive pool can fail to start its threads. */
      g_assert_no_error (error);
      g_once_init_leave (&pool, created);
    }
  return pool;
}

/* Pauses the message and runs @work on a worker thread; the reply is written back on the
 * server's main context. */
void
yc_http_request_run (YcHttpRequest   *request,
                     YcHttpWorkFunc   work,
                     YcHttpDeferFunc  defer,
                     gpointer         data,
                     GDestroyNotify   data_free)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (request->work == NULL);

  request->work = work;
  request->defer = defer;
  request->data = data;
  request->data_free = data_free;

  soup_server_message_pause (request->msg);

  task = g_task_new (NULL, NULL, request_run_done_cb, yc_http_request_ref (request));
  g_task_set_source_tag (task, yc_http_request_run);
  g_task_set_task_data (task, yc_http_request_ref (request), (GDestroyNotify) yc_http_request_unref);
  g_thread_pool_push (request_pool (), g_steal_pointer (&task), NULL);
}
