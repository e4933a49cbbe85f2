/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* GET /api/v1/windows/{hall}/{window} — what a counter computer learns when it is enrolled. */

typedef struct {
  char *hall;
  char *window;
} WindowQuery;

static void
window_query_free (gpointer data)
{
  WindowQuery *query = data;

  g_free (query->hall);
  g_free (query->window);
  g_free (query);
}

/* Hall and window codes as yichuang-backoffice window enroll accepts them. */
static gboolean
code_valid (const char *code)
{
  gsize length = code != NULL ? strlen (code) : 0;

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
window_work (YcHttpRequest *request,
             YcHttpReply   *reply,
             GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  WindowQuery *query = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_window_info (backoffice, request->principal, query->hall, query->window,
                                    error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  return TRUE;
}

void
yc_http_windows_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  const char *hall = yc_http_request_get_param (request, 0);
  const char *window = yc_http_request_get_param (request, 1);
  WindowQuery *query;

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;
  if (!code_valid (hall))
    {
      yc_http_set_invalid (&error, "hall", _("This is not a hall code."));
      goto fail;
    }
  if (!code_valid (window))
    {
      yc_http_set_invalid (&error, "window", _("This is not a window code."));
      goto fail;
    }

  query = g_new0 (WindowQuery, 1);
  query->hall = g_strdup (hall);
  query->window = g_strdup (window);
  yc_http_request_run (request, window_work, NULL, query, window_query_free);
  return;

fail:
  yc_http_request_fail (request, error);
}
