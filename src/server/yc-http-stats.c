/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* GET /api/v1/stats?from=&to= and GET /healthz. */

#define DEFAULT_STATS_DAYS 30

typedef struct {
  GDate from;
  GDate to;
} Range;

static gboolean
stats_get_work (YcHttpRequest *request,
                YcHttpReply   *reply,
                GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  Range *range = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_stats (backoffice, request->principal, &range->from, &range->to, error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  return TRUE;
}

void
yc_http_stats_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { "from", "to", NULL };
  g_autoptr(GError) error = NULL;
  const char *from = yc_http_request_get_query (request, "from");
  const char *to = yc_http_request_get_query (request, "to");
  Range range;

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;

  if (to != NULL)
    {
      if (!yc_http_parse_date (to, "to", &range.to, &error))
        goto fail;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&range.to, 1);
      g_date_set_dmy (&range.to, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
    }

  if (from != NULL)
    {
      if (!yc_http_parse_date (from, "from", &range.from, &error))
        goto fail;
    }
  else
    {
      range.from = range.to;
      g_date_subtract_days (&range.from, DEFAULT_STATS_DAYS - 1);
    }

  if (g_date_compare (&range.from, &range.to) > 0)
    {
      yc_http_set_invalid (&error, "from", _("The start of the range is after its end."));
      goto fail;
    }

  yc_http_request_run (request, stats_get_work, NULL, g_memdup2 (&range, sizeof range), g_free);
  return;

fail:
  yc_http_request_fail (request, error);
}

static gboolean
health_get_work (YcHttpRequest *request,
                 YcHttpReply   *reply,
                 GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  g_autoptr(JsonNode) node = yc_backoffice_health (backoffice);
  JsonObject *object = json_node_get_object (node);
  const char *status = json_object_get_string_member_with_default (object, "status", "error");

  /* A load balancer only looks at the status line. */
  yc_http_reply_set_json (reply, g_str_equal (status, "ok") ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, node);
  return TRUE;
}

void
yc_http_health_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;

  if (!yc_http_request_check_query (request, allowed, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }

  yc_http_request_run (request, health_get_work, NULL, NULL, NULL);
}
