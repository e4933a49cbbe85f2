/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* GET /api/v1/reconciliation?day=&hall=&window= — daily reconciliation (日结对账). */

typedef struct {
  GDate  day;
  char  *hall;
  char  *window;
} Reconciliation;

static void
reconciliation_free (gpointer data)
{
  Reconciliation *query = data;

  g_free (query->hall);
  g_free (query->window);
  g_free (query);
}

/* Hall and window codes are what case numbers are made of: letters, digits, '-' or '_'. */
static gboolean
code_valid (const char *code)
{
  gsize length = code != NULL ? strlen (code) : 0;

  if (length == 0 || length > 32)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
reconcile_work (YcHttpRequest *request,
                YcHttpReply   *reply,
                GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  Reconciliation *query = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_reconcile (backoffice, request->principal, &query->day, query->hall,
                                  query->window, error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  return TRUE;
}

void
yc_http_reconcile_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { "day", "hall", "window", NULL };
  g_autoptr(GError) error = NULL;
  const char *day = yc_http_request_get_query (request, "day");
  const char *hall = yc_http_request_get_query (request, "hall");
  const char *window = yc_http_request_get_query (request, "window");
  Reconciliation *query;
  GDate date;

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;
  if (day == NULL)
    {
      yc_http_set_invalid (&error, "day", _("Give the day to reconcile (YYYY-MM-DD)."));
      goto fail;
    }
  if (!yc_http_parse_date (day, "day", &date, &error))
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

  query = g_new0 (Reconciliation, 1);
  query->day = date;
  query->hall = g_strdup (hall);
  query->window = g_strdup (window);
  yc_http_request_run (request, reconcile_work, NULL, query, reconciliation_free);
  return;

fail:
  yc_http_request_fail (request, error);
}
