/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

struct _YcHttpServer
{
  GObject         parent_instance;

  YcBackoffice   *backoffice;
  YcHttpConfig    config;
  SoupServer     *soup;
  GMainContext   *context;       /* where the server was made: every reply is written there */
  gulong          committed_id;
  guint64         committed_seq; /* the highest seq the "committed" signal reported */
  YcHttpWaiters  *waiters;
  gboolean        https;
};

G_DEFINE_FINAL_TYPE (YcHttpServer, yc_http_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-http-server-error-quark, yc_http_server_error)

static const YcHttpRoute routes[] = {
  { "POST", "/api/v1/sessions", yc_http_sessions_create, YC_HTTP_AUTH_NONE, YC_HTTP_BODY_JSON },
  { "DELETE", "/api/v1/sessions/current", yc_http_sessions_delete, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/catalog", yc_http_catalog_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/catalog/versions/*", yc_http_catalog_version_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "POST", "/api/v1/uploads", yc_http_uploads_create, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_JSON_OR_CHUNK },
  { "HEAD", "/api/v1/uploads/*", yc_http_uploads_head, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "PATCH", "/api/v1/uploads/*", yc_http_uploads_patch, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_CHUNK },
  { "GET", "/api/v1/blobs/*", yc_http_blobs_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "POST", "/api/v1/sync/push", yc_http_sync_push, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_JSON },
  { "GET", "/api/v1/sync/changes", yc_http_sync_changes, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/cases", yc_http_cases_query, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/cases/*", yc_http_cases_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/stats", yc_http_stats_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/reconciliation", yc_http_reconcile_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/api/v1/windows/*/*", yc_http_windows_get, YC_HTTP_AUTH_REQUIRED, YC_HTTP_BODY_NONE },
  { "GET", "/healthz", yc_http_health_get, YC_HTTP_AUTH_NONE, YC_HTTP_BODY_NONE },
};

/* The "committed" signal is emitted on whichever thread committed; its handler only holds
 * a weak reference, so a commit racing the server's finalization finds nothing to wake. */
typedef struct {
  gatomicrefcount  ref_count;
  GWeakRef         server;
  GMainContext    *context;
} CommitRelay;

typedef struct {
  CommitRelay *relay;
  guint64      seq;
} CommitNotice;

static CommitRelay *
commit_relay_ref (CommitRelay *relay)
{
  g_atomic_ref_count_inc (&relay->ref_count);
  return relay;
}

static void
commit_relay_unref (gpointer data)
{
  CommitRelay *relay = data;

  if (!g_atomic_ref_count_dec (&relay->ref_count))
    return;
  g_weak_ref_clear (&relay->server);
  g_main_context_unref (relay->context);
  g_free (relay);
}

static void
commit_notice_free (gpointer data)
{
  CommitNotice *notice = data;

  commit_relay_unref (notice->relay);
  g_free (notice);
}

static gboolean
commit_notice_dispatch_cb (gpointer data)
{
  CommitNotice *notice = data;
  g_autoptr(YcHttpServer) self = g_weak_ref_get (&notice->relay->server);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (notice->seq > self->committed_seq)
    self->committed_seq = notice->seq;
  if (self->waiters != NULL)
    yc_http_waiters_committed (self->waiters, notice->seq);

  return G_SOURCE_REMOVE;
}

static void
backoffice_committed_cb (YcBackoffice *backoffice,
                         guint64       seq,
                         gpointer      user_data)
{
  CommitRelay *relay = user_data;
  CommitNotice *notice = g_new0 (CommitNotice, 1);

  notice->relay = commit_relay_ref (relay);
  notice->seq = seq;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT,
                              commit_notice_dispatch_cb, notice, commit_notice_free);
}

/* Routing */

static gboolean
route_match (const YcHttpRoute *route,
             const char        *path,
             GPtrArray         *params)
{
  g_auto(GStrv) want = g_strsplit (route->pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (g_str_equal (want[i], "*"))
        {
          if (have[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            g_ptr_array_add (params, g_strdup (have[i]));
        }
      else if (!g_str_equal (want[i], have[i]))
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* Finds the route of @method on @path.  A GET route also answers HEAD (libsoup leaves the
 * body out).  When the path exists under other methods only, @out_allow lists them. */
static const YcHttpRoute *
route_lookup (const char  *method,
              const char  *path,
              GPtrArray   *params,
              char       **out_allow)
{
  const YcHttpRoute *get_route = NULL;
  g_autoptr(GString) allow = g_string_new (NULL);
  gboolean has_head = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!route_match (&routes[i], path, NULL))
        continue;
      if (g_str_equal (routes[i].method, method))
        {
          if (params != NULL)
            route_match (&routes[i], path, params);
          return &routes[i];
        }
      if (g_str_equal (routes[i].method, "GET"))
        get_route = &routes[i];
      if (g_str_equal (routes[i].method, "HEAD"))
        has_head = TRUE;
      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", routes[i].method);
    }

  if (get_route != NULL && g_str_equal (method, "HEAD"))
    {
      if (params != NULL)
        route_match (get_route, path, params);
      return get_route;
    }
  if (get_route != NULL && !has_head)
    g_string_append (allow, ", HEAD");

  if (out_allow != NULL)
    *out_allow = allow->len > 0 ? g_string_free (g_steal_pointer (&allow), FALSE) : NULL;
  return NULL;
}

static void
message_set_error (SoupServerMessage *msg,
                   const GError      *error)
{
  g_autoptr(JsonNode) node = yc_http_error_to_json (error);
  g_autoptr(GBytes) bytes = yc_http_json_to_bytes (node);
  guint status = yc_http_error_status (error);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* Without "Expect: 100-continue" libsoup still reads the body of a refused request before
   * answering: let it go by instead of keeping it, and do not reuse the connection. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (headers, "Connection", "close");
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"yichuang\"");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, length);
}

/* Everything that can be refused before the body is read: unknown routes, wrong methods,
 * media types, bodies over the limit or without a declared length.  With "Expect:
 * 100-continue" libsoup answers at once and the body is never sent; without it the body is
 * read and dropped (message_set_error) before the answer. */
static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  YcHttpServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *allow = NULL;
  g_autoptr(GError) error = NULL;
  const YcHttpRoute *route;
  SoupEncoding encoding;
  gboolean chunk = FALSE;
  goffset length;
  gsize limit;

  route = route_lookup (method, path, NULL, &allow);
  if (route == NULL && allow != NULL)
    {
      g_set_error (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_METHOD_NOT_ALLOWED,
                   _("The method %s is not allowed here; allowed: %s."), method, allow);
      message_set_error (msg, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
      return;
    }
  if (route == NULL)
    {
      g_set_error (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_NOT_FOUND,
                   _("There is no such address in the API: %s"), path);
      message_set_error (msg, error);
      return;
    }

  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      g_set_error_literal (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_LENGTH_REQUIRED,
                           _("A request body must be sent with a Content-Length."));
      message_set_error (msg, error);
      return;
    }

  if (route->body != YC_HTTP_BODY_NONE)
    {
      const char *want = route->body == YC_HTTP_BODY_CHUNK ? "application/offset+octet-stream" : "application/json";
      const char *type = soup_message_headers_get_content_type (headers, NULL);

      /* Creating an upload takes its description (JSON) or its first chunk. */
      chunk = type != NULL && route->body != YC_HTTP_BODY_JSON
              && g_ascii_strcasecmp (type, "application/offset+octet-stream") == 0;
      if (!chunk && (type == NULL || g_ascii_strcasecmp (type, want) != 0))
        {
          g_set_error (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_UNSUPPORTED_MEDIA_TYPE,
                       _("The request body must be sent as %s."), want);
          message_set_error (msg, error);
          return;
        }
    }

  length = soup_message_headers_get_content_length (headers);
  limit = chunk ? self->config.max_chunk_size : self->config.max_body_size;
  if (route->body == YC_HTTP_BODY_NONE && length > 0)
    {
      yc_http_set_invalid (&error, NULL, _("This request takes no body."));
      message_set_error (msg, error);
      return;
    }
  if (length > 0 && (guint64) length > limit)
    {
      g_autofree char *sent = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) length);
      g_autofree char *allowed = g_strdup_printf ("%" G_GSIZE_FORMAT, limit);

      g_set_error (&error, YC_HTTP_ERROR, YC_HTTP_ERROR_TOO_LARGE,
                   _("The request body is %s bytes; at most %s are accepted."), sent, allowed);
      message_set_error (msg, error);
      return;
    }
}

static void
request_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  YcHttpRequest *request = user_data;

  request->done = TRUE;
}

static char *
bearer_token (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  const char *token;

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  token = value + 7;
  while (*token == ' ')
    token++;
  if (*token == '\0' || strlen (token) > 256)
    return NULL;

  return g_strdup (token);
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  YcHttpServer *self = user_data;
  g_autoptr(YcHttpRequest) request = g_new0 (YcHttpRequest, 1);
  SoupMessageBody *body;

  g_atomic_ref_count_init (&request->ref_count);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->peer = g_strdup (soup_server_message_get_remote_host (msg));
  request->params = g_ptr_array_new_with_free_func (g_free);
  request->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (request->query, g_strdup (key), g_strdup (value));
    }
  request->token = bearer_token (soup_server_message_get_request_headers (msg));
  body = soup_server_message_get_request_body (msg);
  request->body = soup_message_body_flatten (body);
  request->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (request_finished_cb), request);

  /* The early handler already refused what has no route. */
  request->route = route_lookup (request->method, path, request->params, NULL);
  g_assert (request->route != NULL);

  request->route->handler (request);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "yc-http-start", start, g_free);
}

static void
request_logged_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   gpointer           user_data)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "yc-http-start");
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;
  GUri *uri = soup_server_message_get_uri (msg);

  if (GPOINTER_TO_INT (user_data))
    g_info ("%s %s aborted (connection lost) %.1f ms",
            soup_server_message_get_method (msg),
            uri != NULL ? g_uri_get_path (uri) : "?",
            ms);
  else
    g_info ("%s %s %u %.1f ms",
            soup_server_message_get_method (msg),
            uri != NULL ? g_uri_get_path (uri) : "?",
            soup_server_message_get_status (msg),
            ms);
}

/* The server */

static void
yc_http_server_dispose (GObject *object)
{
  YcHttpServer *self = (YcHttpServer *) object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->waiters, yc_http_waiters_free);
  if (self->backoffice != NULL)
    g_clear_signal_handler (&self->committed_id, self->backoffice);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (yc_http_server_parent_class)->dispose (object);
}

static void
yc_http_server_finalize (GObject *object)
{
  YcHttpServer *self = (YcHttpServer *) object;

  g_clear_object (&self->backoffice);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (yc_http_server_parent_class)->finalize (object);
}

static void
yc_http_server_class_init (YcHttpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_http_server_dispose;
  object_class->finalize = yc_http_server_finalize;
}

static void
yc_http_server_init (YcHttpServer *self)
{
}

/**
 * yc_http_server_new:
 * @backoffice: the service the routes call
 * @config: (nullable): limits; %NULL or zero fields take the defaults
 *
 * Makes the server; it answers on the thread-default main context of the caller once
 * yc_http_server_listen() succeeded.
 *
 * Returns: (transfer full): a new #YcHttpServer
 */
YcHttpServer *
yc_http_server_new (YcBackoffice       *backoffice,
                    const YcHttpConfig *config)
{
  YcHttpServer *self;
  CommitRelay *relay;

  g_return_val_if_fail (YC_IS_BACKOFFICE (backoffice), NULL);

  self = g_object_new (YC_TYPE_HTTP_SERVER, NULL);
  self->backoffice = g_object_ref (backoffice);
  self->context = g_main_context_ref_thread_default ();
  if (config != NULL)
    self->config = *config;
  if (self->config.max_body_size == 0)
    self->config.max_body_size = YC_HTTP_DEFAULT_MAX_BODY_SIZE;
  if (self->config.max_chunk_size == 0)
    self->config.max_chunk_size = YC_HTTP_DEFAULT_MAX_CHUNK_SIZE;
  if (self->config.max_wait_seconds == 0)
    self->config.max_wait_seconds = YC_HTTP_DEFAULT_MAX_WAIT_SECONDS;
  if (self->config.max_page_size == 0)
    self->config.max_page_size = YC_HTTP_DEFAULT_MAX_PAGE_SIZE;

  self->soup = soup_server_new ("server-header", "yichuang-backoffice/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_logged_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_logged_cb), GINT_TO_POINTER (TRUE));

  self->waiters = yc_http_waiters_new (self);

  relay = g_new0 (CommitRelay, 1);
  g_atomic_ref_count_init (&relay->ref_count);
  g_weak_ref_init (&relay->server, self);
  relay->context = g_main_context_ref (self->context);
  self->committed_id = g_signal_connect_data (backoffice, "committed",
                                              G_CALLBACK (backoffice_committed_cb), relay,
                                              (GClosureNotify) (void (*) (void)) commit_relay_unref, 0);

  return self;
}

/* libsoup's own listening sockets keep GSocket's backlog of 10: when every window of a hall
 * reconnects at once (after an outage), the kernel resets the connections past the tenth.
 * The kernel's maximum queue lets them all wait for accept() instead. */
static GSocket *
listening_socket_new (GSocketAddress  *address,
                      GError         **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, SOMAXCONN);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/**
 * yc_http_server_listen:
 * @address: an IPv4 or IPv6 literal
 * @port: the port, or 0 for a free one
 * @tls: (nullable): the certificate (with its private key) to serve HTTPS with
 * @out_port: (out) (optional): the port actually bound
 *
 * Plain HTTP is allowed on a loopback address only (127.0.0.0/8, ::1): anywhere else the
 * bearer tokens and the applicants' data would cross the network in clear.
 */
gboolean
yc_http_server_listen (YcHttpServer     *self,
                       const char       *address,
                       guint             port,
                       GTlsCertificate  *tls,
                       guint            *out_port,
                       GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocket) listener = NULL;
  GSList *listeners;
  guint bound = 0;

  g_return_val_if_fail (YC_IS_HTTP_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (tls == NULL || G_IS_TLS_CERTIFICATE (tls), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, YC_HTTP_SERVER_ERROR, YC_HTTP_SERVER_ERROR_INVALID_ADDRESS,
                   _("“%s” is not an IP address; give an IPv4 or IPv6 address such as 127.0.0.1."),
                   address);
      return FALSE;
    }
  if (tls == NULL && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, YC_HTTP_SERVER_ERROR, YC_HTTP_SERVER_ERROR_TLS_REQUIRED,
                   _("Refusing to serve plain HTTP on %s: only a loopback address (127.0.0.1, ::1) may be used without TLS. Give a certificate and key (--tls-cert, --tls-key) or listen on 127.0.0.1."),
                   address);
      return FALSE;
    }

  if (tls != NULL)
    g_object_set (self->soup, "tls-certificate", tls, NULL);

  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  listener = listening_socket_new (socket_address, &local_error);
  if (listener == NULL
      || !soup_server_listen_socket (self->soup, listener,
                                     tls != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, &local_error))
    {
      g_set_error (error, YC_HTTP_SERVER_ERROR, YC_HTTP_SERVER_ERROR_LISTEN,
                   _("Cannot listen on %s port %u: %s"), address, port, local_error->message);
      return FALSE;
    }
  self->https = tls != NULL;

  /* The listener just added is the last of the list. */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (g_slist_last (listeners)->data, NULL);

      if (local != NULL && G_IS_INET_SOCKET_ADDRESS (local))
        bound = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  g_debug ("listening on %s://%s:%u", tls != NULL ? "https" : "http", address, bound);
  if (out_port != NULL)
    *out_port = bound;
  return TRUE;
}

/* Stops listening and closes the open connections; long-polls still waiting are dropped. */
void
yc_http_server_disconnect (YcHttpServer *self)
{
  g_return_if_fail (YC_IS_HTTP_SERVER (self));

  g_clear_pointer (&self->waiters, yc_http_waiters_free);
  soup_server_disconnect (self->soup);
  self->waiters = yc_http_waiters_new (self);
}

gboolean
yc_http_server_is_https (YcHttpServer *self)
{
  g_return_val_if_fail (YC_IS_HTTP_SERVER (self), FALSE);
  return self->https;
}

YcBackoffice *
yc_http_server_get_backoffice (YcHttpServer *self)
{
  g_return_val_if_fail (YC_IS_HTTP_SERVER (self), NULL);
  return self->backoffice;
}

const YcHttpConfig *
yc_http_server_get_config (YcHttpServer *self)
{
  return &self->config;
}

guint64
yc_http_server_get_committed_seq (YcHttpServer *self)
{
  return self->committed_seq;
}

YcHttpWaiters *
yc_http_server_get_waiters (YcHttpServer *self)
{
  return self->waiters;
}
