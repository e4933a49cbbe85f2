/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* POST /api/v1/sessions, DELETE /api/v1/sessions/current */

#define MAX_USERNAME_LENGTH 128
#define MAX_PASSWORD_LENGTH 1024

typedef struct {
  char *username;
  char *password;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->username);
  /* The password must not linger in freed memory. */
  if (sign_in->password != NULL)
    {
      volatile char *p = sign_in->password;
      while (*p != '\0')
        *p++ = '\0';
      g_free (sign_in->password);
    }
  g_free (sign_in);
}

static gboolean
sessions_create_work (YcHttpRequest *request,
                      YcHttpReply   *reply,
                      GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  SignIn *sign_in = request->data;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_at = NULL;

  token = yc_backoffice_sign_in (backoffice, sign_in->username, sign_in->password,
                                 request->peer, &principal, &expires, error);
  if (token == NULL)
    return FALSE;

  expires_at = g_date_time_format_iso8601 (expires);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, yc_principal_to_json (principal));
  /* The hall's settings every client counts with (docs/API.md): one yellow threshold. */
  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "yellow_threshold");
  json_builder_add_int_value (builder, yc_backoffice_get_yellow_threshold (backoffice));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  yc_http_reply_set_json (reply, SOUP_STATUS_CREATED, node);
  return TRUE;
}

void
yc_http_sessions_create (YcHttpRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *username;
  const char *password;
  SignIn *sign_in;

  root = yc_http_parse_json_object (request->body, &error);
  if (root == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }
  object = json_node_get_object (root);

  username = yc_http_json_get_string (object, "username", MAX_USERNAME_LENGTH, &error);
  if (username == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }
  password = yc_http_json_get_string (object, "password", MAX_PASSWORD_LENGTH, &error);
  if (password == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->username = g_strdup (username);
  sign_in->password = g_strdup (password);
  yc_http_request_run (request, sessions_create_work, NULL, sign_in, sign_in_free);
}

static gboolean
sessions_delete_work (YcHttpRequest *request,
                      YcHttpReply   *reply,
                      GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);

  if (!yc_backoffice_sign_out (backoffice, request->token, error))
    return FALSE;

  reply->status = SOUP_STATUS_NO_CONTENT;
  return TRUE;
}

void
yc_http_sessions_delete (YcHttpRequest *request)
{
  yc_http_request_run (request, sessions_delete_work, NULL, NULL, NULL);
}
