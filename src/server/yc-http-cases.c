/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-http-private.h"

/* Review queries: GET /api/v1/cases and GET /api/v1/cases/{uuid}. */

#define DEFAULT_CASES_LIMIT 50
#define MAX_TEXT_LENGTH     200

/* The orders the back office knows (yc_backoffice_query_cases). */
static const char * const sort_keys[] = { "deadline", "accepted", "-accepted", "number", NULL };

typedef struct {
  char  *department;
  char  *state;
  char  *deadline;
  char  *text;
  char  *sort;
  guint  limit;
  guint  offset;
} CaseQuery;

static void
case_query_free (gpointer data)
{
  CaseQuery *query = data;

  g_free (query->department);
  g_free (query->state);
  g_free (query->deadline);
  g_free (query->text);
  g_free (query->sort);
  g_free (query);
}

static gboolean
code_valid (const char *code)
{
  gsize length = strlen (code);

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
cases_query_work (YcHttpRequest *request,
                  YcHttpReply   *reply,
                  GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  CaseQuery *query = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_query_cases (backoffice, request->principal, query->department,
                                    query->state, query->deadline, query->text, query->sort,
                                    query->limit, query->offset, error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  return TRUE;
}

void
yc_http_cases_query (YcHttpRequest *request)
{
  static const char * const allowed[] = {
    "department", "state", "deadline", "q", "sort", "limit", "offset", NULL
  };
  const YcHttpConfig *config = yc_http_server_get_config (request->server);
  g_autoptr(GError) error = NULL;
  const char *department = yc_http_request_get_query (request, "department");
  const char *state = yc_http_request_get_query (request, "state");
  const char *deadline = yc_http_request_get_query (request, "deadline");
  const char *text = yc_http_request_get_query (request, "q");
  const char *sort = yc_http_request_get_query (request, "sort");
  const char *value;
  guint64 limit = DEFAULT_CASES_LIMIT;
  guint64 offset = 0;
  YcCaseState case_state;
  CaseQuery *query;

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;
  if (department != NULL && !code_valid (department))
    {
      yc_http_set_invalid (&error, "department", _("This is not a department code."));
      goto fail;
    }
  if (state != NULL && !yc_case_state_from_string (state, &case_state))
    {
      yc_http_set_invalid (&error, "state", _("Unknown case state."));
      goto fail;
    }
  if (deadline != NULL &&
      !g_str_equal (deadline, yc_deadline_state_to_string (YC_DEADLINE_GREEN)) &&
      !g_str_equal (deadline, yc_deadline_state_to_string (YC_DEADLINE_YELLOW)) &&
      !g_str_equal (deadline, yc_deadline_state_to_string (YC_DEADLINE_RED)))
    {
      yc_http_set_invalid (&error, "deadline", _("The deadline status is green, yellow or red."));
      goto fail;
    }
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_TEXT_LENGTH))
    {
      yc_http_set_invalid (&error, "q", _("The search text is too long or not valid UTF-8."));
      goto fail;
    }
  if (sort != NULL && !g_strv_contains (sort_keys, sort))
    {
      yc_http_set_invalid (&error, "sort",
                           _("Sort by deadline, accepted, -accepted or number."));
      goto fail;
    }
  value = yc_http_request_get_query (request, "limit");
  if (value != NULL && !yc_http_parse_uint (value, "limit", 1, config->max_page_size, &limit, &error))
    goto fail;
  value = yc_http_request_get_query (request, "offset");
  if (value != NULL && !yc_http_parse_uint (value, "offset", 0, G_MAXINT32, &offset, &error))
    goto fail;

  query = g_new0 (CaseQuery, 1);
  query->department = g_strdup (department);
  query->state = g_strdup (state);
  query->deadline = g_strdup (deadline);
  query->text = g_strdup (text);
  query->sort = g_strdup (sort);
  query->limit = (guint) limit;
  query->offset = (guint) offset;
  yc_http_request_run (request, cases_query_work, NULL, query, case_query_free);
  return;

fail:
  yc_http_request_fail (request, error);
}

static gboolean
cases_get_work (YcHttpRequest *request,
                YcHttpReply   *reply,
                GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_get_case (backoffice, request->principal, request->data, error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  return TRUE;
}

void
yc_http_cases_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  const char *uuid = yc_http_request_get_param (request, 0);

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;
  if (!g_uuid_string_is_valid (uuid))
    {
      yc_http_set_invalid (&error, "uuid", _("This is not a case UUID."));
      goto fail;
    }

  yc_http_request_run (request, cases_get_work, NULL, g_ascii_strdown (uuid, -1), g_free);
  return;

fail:
  yc_http_request_fail (request, error);
}
