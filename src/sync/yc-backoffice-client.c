/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-backoffice-client-private.h"

/* Connections to the back office at once (besides the long poll's). */
#define MAX_CONNECTIONS 8

/* The object, its address rules and properties, and the session calls: sign in, sign out,
 * health, catalog.  One HTTP call is in yc-backoffice-client-http.c, push and changes in
 * yc-backoffice-client-sync.c, uploads and blobs in yc-backoffice-client-upload.c. */

static void yc_backoffice_client_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcBackofficeClient, yc_backoffice_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      yc_backoffice_client_initable_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TLS_CERTIFICATE,
  PROP_TIMEOUT_SECONDS,
  PROP_TOKEN,
  PROP_CHUNK_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Address rules */

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
yc_backoffice_client_initable_init_impl (GInitable     *initable,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (initable);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  gsize length;

  if (self->base_url != NULL)
    uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, &local_error);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                   _("“%s” is not a back-office address. Use the form "
                     "https://host:port, as the administrator gave it."),
                   self->base_url != NULL ? self->base_url : "");
      return FALSE;
    }

  /* Passwords and tokens must never cross a network in clear. */
  if (g_str_equal (scheme, "http") && !is_loopback_host (g_uri_get_host (uri)))
    {
      g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INSECURE,
                   _("The back-office address %s is not encrypted (http://). Only https:// "
                     "addresses may be used, except for this computer itself. Ask the "
                     "administrator for the https:// address."), self->base_url);
      return FALSE;
    }

  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  /* libsoup allows 2 connections to a host by default: the sync engine keeps more uploads
   * than that in flight (YC_SYNC_ENGINE_UPLOADS_IN_FLIGHT), which would queue. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", MAX_CONNECTIONS,
                                                 "user-agent", "yichuang/" PACKAGE_VERSION,
                                                 NULL);
  return TRUE;
}

static void
yc_backoffice_client_initable_init (GInitableIface *iface)
{
  iface->init = yc_backoffice_client_initable_init_impl;
}

/**
 * yc_backoffice_client_new:
 * @base_url: "https://host:port" (a path prefix is allowed); "http://" only for loopback
 * @certificate: (nullable): accepted as the back office's certificate even if self-signed
 *
 * Returns: (transfer full): the client, or %NULL with %YC_SYNC_ERROR_INSECURE or
 *   %YC_SYNC_ERROR_INVALID
 */
YcBackofficeClient *
yc_backoffice_client_new (const char       *base_url,
                          GTlsCertificate  *certificate,
                          GError          **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_initable_new (YC_TYPE_BACKOFFICE_CLIENT, NULL, error,
                         "base-url", base_url,
                         "tls-certificate", certificate,
                         NULL);
}

const char *
yc_backoffice_client_get_base_url (YcBackofficeClient *self)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  return self->base_url;
}

const char *
yc_backoffice_client_get_token (YcBackofficeClient *self)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  return self->token;
}

static void
clear_token (YcBackofficeClient *self)
{
  if (self->token != NULL)
    sodium_memzero (self->token, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
}

void
yc_backoffice_client_set_token (YcBackofficeClient *self,
                                const char         *token)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;
  clear_token (self);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

guint
yc_backoffice_client_get_timeout (YcBackofficeClient *self)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), 0);
  return self->timeout;
}

void
yc_backoffice_client_set_timeout (YcBackofficeClient *self,
                                  guint               seconds)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_SECONDS]);
}

guint
yc_backoffice_client_get_chunk_size (YcBackofficeClient *self)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), 0);
  return self->chunk_size;
}

/* Takes effect at the next chunk sent, even within an upload under way. */
void
yc_backoffice_client_set_chunk_size (YcBackofficeClient *self,
                                     guint               bytes)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (bytes > 0 && bytes <= YC_BACKOFFICE_CLIENT_MAX_CHUNK_SIZE);

  if (self->chunk_size == bytes)
    return;
  self->chunk_size = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

/* One HTTP call (yc-backoffice-client-http.c) */

static void
start_call (YcBackofficeClient  *self,
            const char          *method,
            const char          *path,
            YcCallFlags          flags,
            GBytes              *body,
            const char * const  *headers,
            YcResponseFunc       handle,
            GDestroyNotify       result_free,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  /* Their handlers read the answer as json-glib parsed it. */
  const YcCallSpec spec = {
    .method = method, .path = path, .flags = flags | YC_CALL_JSON_ANSWER, .headers = headers,
    .handle = handle, .result_free = result_free, .source_tag = source_tag,
  };

  yc_backoffice_client_call (self, &spec, body, cancellable, callback, user_data);
}

/* Sign in */

static void
zero_and_free (gpointer data)
{
  sodium_memzero (data, strlen (data));
  g_free (data);
}

static gpointer
handle_sign_in (YcBackofficeClient  *self,
                SoupMessage         *msg,
                GBytes              *body,
                JsonNode            *json,
                GError             **error)
{
  g_autoptr(YcSignIn) sign_in = g_new0 (YcSignIn, 1);
  g_autoptr(GStrvBuilder) departments = g_strv_builder_new ();
  g_auto(GStrv) department_list = NULL;
  JsonObject *object = json != NULL && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json) : NULL;
  JsonObject *user = NULL;
  JsonNode *member;
  const char *token = yc_backoffice_get_string (object, "token");
  const char *expires_at = yc_backoffice_get_string (object, "expires_at");
  const char *username, *role_name;
  YcRole role;

  if (object != NULL && (member = json_object_get_member (object, "user")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (member))
    user = json_node_get_object (member);
  username = yc_backoffice_get_string (user, "username");
  role_name = yc_backoffice_get_string (user, "role");
  if (token == NULL || *token == '\0' || username == NULL || role_name == NULL ||
      !yc_role_from_string (role_name, &role))
    {
      yc_backoffice_set_protocol_error (error, "POST /api/v1/sessions");
      return NULL;
    }

  member = json_object_get_member (user, "departments");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (departments, json_node_get_string (element));
        }
    }
  department_list = g_strv_builder_end (departments);

  /* The hall's settings (docs/API.md); an older back office sends none. */
  sign_in->yellow_threshold = -1;
  if ((member = json_object_get_member (object, "settings")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonNode *threshold = json_object_get_member (json_node_get_object (member), "yellow_threshold");

      if (threshold != NULL && JSON_NODE_HOLDS_VALUE (threshold)
          && json_node_get_value_type (threshold) == G_TYPE_INT64
          && json_node_get_int (threshold) >= 0 && json_node_get_int (threshold) <= G_MAXINT)
        sign_in->yellow_threshold = (int) json_node_get_int (threshold);
    }

  sign_in->token = g_strdup (token);
  sign_in->expires_at = expires_at != NULL ? g_date_time_new_from_iso8601 (expires_at, NULL) : NULL;
  sign_in->user = yc_user_profile_new (username, yc_backoffice_get_string (user, "display_name"), role,
                                       yc_backoffice_get_string (user, "hall"),
                                       (const char * const *) department_list);
  yc_backoffice_client_set_token (self, token);
  return g_steal_pointer (&sign_in);
}

/**
 * yc_backoffice_client_sign_in_async:
 *
 * POST /api/v1/sessions.  On success the client keeps the token for the calls that
 * need it.  Wrong credentials: %YC_SYNC_ERROR_UNAUTHORIZED; too many:
 * %YC_SYNC_ERROR_LOCKED_OUT; unreachable: %YC_SYNC_ERROR_OFFLINE.
 */
void
yc_backoffice_client_sign_in_async (YcBackofficeClient  *self,
                                    const char          *username,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTask) task = NULL;
  char *text;

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));

  if (username == NULL || *username == '\0' || password == NULL || *password == '\0')
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, yc_backoffice_client_sign_in_async);
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("Enter your user name and password."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  start_call (self, "POST", "/api/v1/sessions", YC_CALL_SIGNING_IN,
              g_bytes_new_with_free_func (text, strlen (text), zero_and_free, text),
              NULL, handle_sign_in, (GDestroyNotify) yc_sign_in_free,
              yc_backoffice_client_sign_in_async, cancellable, callback, user_data);
}

YcSignIn *
yc_backoffice_client_sign_in_finish (YcBackofficeClient  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_sign_in_async, error);
}

/* Sign out */

static gpointer
handle_sign_out (YcBackofficeClient  *self,
                 SoupMessage         *msg,
                 GBytes              *body,
                 JsonNode            *json,
                 GError             **error)
{
  return GINT_TO_POINTER (TRUE);
}

void
yc_backoffice_client_sign_out_async (YcBackofficeClient  *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));

  if (self->token == NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, yc_backoffice_client_sign_out_async);
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  /* The request carries the token; after that the client forgets it, whatever the
   * answer: a clerk who signed out must not stay signed in because the network was down. */
  start_call (self, "DELETE", "/api/v1/sessions/current", YC_CALL_AUTHENTICATED, NULL, NULL,
              handle_sign_out, NULL, yc_backoffice_client_sign_out_async,
              cancellable, callback, user_data);
  yc_backoffice_client_set_token (self, NULL);
}

gboolean
yc_backoffice_client_sign_out_finish (YcBackofficeClient  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_sign_out_async, error) != NULL;
}

/* Health */

static gpointer
handle_health (YcBackofficeClient  *self,
               SoupMessage         *msg,
               GBytes              *body,
               JsonNode            *json,
               GError             **error)
{
  JsonObject *object = json != NULL && JSON_NODE_HOLDS_OBJECT (json) ? json_node_get_object (json) : NULL;
  YcBackofficeHealth *health;

  if (yc_backoffice_get_string (object, "status") == NULL)
    {
      yc_backoffice_set_protocol_error (error, "GET /healthz");
      return NULL;
    }
  health = g_new0 (YcBackofficeHealth, 1);
  health->status = g_strdup (yc_backoffice_get_string (object, "status"));
  health->version = g_strdup (yc_backoffice_get_string (object, "version"));
  health->epoch = g_strdup (yc_backoffice_get_string (object, "epoch"));
  health->head_seq = json_object_get_int_member_with_default (object, "head_seq", 0);
  return health;
}

/**
 * yc_backoffice_client_health_async:
 *
 * GET /healthz, no token needed: the cheap probe that tells whether the back office can
 * be reached.  An unhealthy back office (503) is %YC_SYNC_ERROR_OFFLINE.
 */
void
yc_backoffice_client_health_async (YcBackofficeClient  *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));

  start_call (self, "GET", "/healthz", YC_CALL_ANONYMOUS, NULL, NULL, handle_health,
              (GDestroyNotify) yc_backoffice_health_free, yc_backoffice_client_health_async,
              cancellable, callback, user_data);
}

YcBackofficeHealth *
yc_backoffice_client_health_finish (YcBackofficeClient  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_health_async, error);
}

/* Catalog */

static gpointer
handle_catalog (YcBackofficeClient  *self,
                SoupMessage         *msg,
                GBytes              *body,
                JsonNode            *json,
                GError             **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  YcCatalogFetch *fetch;

  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    {
      fetch = g_new0 (YcCatalogFetch, 1);
      fetch->not_modified = TRUE;
      fetch->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      if (fetch->etag == NULL)
        fetch->etag = g_strdup (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                              "If-None-Match"));
      return fetch;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK || json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      yc_backoffice_set_protocol_error (error, "GET /api/v1/catalog");
      return NULL;
    }

  fetch = g_new0 (YcCatalogFetch, 1);
  fetch->bytes = g_bytes_ref (body);
  fetch->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  fetch->version = g_strdup (soup_message_headers_get_one (headers, "Catalog-Version"));
  return fetch;
}

/**
 * yc_backoffice_client_get_catalog_async:
 * @etag: (nullable): the ETag of the catalog this window already has
 *
 * GET /api/v1/catalog with If-None-Match.  The result says either "not modified" or
 * carries the new catalog's bytes, ETag and version.
 */
void
yc_backoffice_client_get_catalog_async (YcBackofficeClient  *self,
                                        const char          *etag,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  const char * const headers[] = { "If-None-Match", etag, NULL };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));

  start_call (self, "GET", "/api/v1/catalog", YC_CALL_AUTHENTICATED, NULL,
              etag != NULL ? headers : NULL, handle_catalog,
              (GDestroyNotify) yc_catalog_fetch_free, yc_backoffice_client_get_catalog_async,
              cancellable, callback, user_data);
}

YcCatalogFetch *
yc_backoffice_client_get_catalog_finish (YcBackofficeClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_get_catalog_async, error);
}

/* GObject */

static void
yc_backoffice_client_finalize (GObject *object)
{
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  if (self->poll_session != NULL)
    soup_session_abort (self->poll_session);
  g_clear_object (&self->session);
  g_clear_object (&self->poll_session);
  g_clear_object (&self->certificate);
  clear_token (self);
  g_free (self->base_url);

  G_OBJECT_CLASS (yc_backoffice_client_parent_class)->finalize (object);
}

static void
yc_backoffice_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_TIMEOUT_SECONDS:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_backoffice_client_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_TLS_CERTIFICATE:
      g_set_object (&self->certificate, g_value_get_object (value));
      break;
    case PROP_TIMEOUT_SECONDS:
      yc_backoffice_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_TOKEN:
      yc_backoffice_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_CHUNK_SIZE:
      yc_backoffice_client_set_chunk_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_backoffice_client_class_init (YcBackofficeClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_backoffice_client_finalize;
  object_class->get_property = yc_backoffice_client_get_property;
  object_class->set_property = yc_backoffice_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_SECONDS] =
    g_param_spec_uint ("timeout-seconds", NULL, NULL, 1, 600, YC_BACKOFFICE_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 1, YC_BACKOFFICE_CLIENT_MAX_CHUNK_SIZE,
                       YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_backoffice_client_init (YcBackofficeClient *self)
{
  self->timeout = YC_BACKOFFICE_CLIENT_DEFAULT_TIMEOUT;
  self->chunk_size = YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE;
}
