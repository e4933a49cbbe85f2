/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* GET /api/v1/catalog: the current catalog with an ETag, 304 when the client has it.
 * GET /api/v1/catalog/versions/{version}: any version the back office ever imported, for a
 * window that accepted offline under it and for reviewers. */

static char *
quote_etag (const char *etag)
{
  if (etag[0] == '"' || g_str_has_prefix (etag, "W/\""))
    return g_strdup (etag);
  return g_strdup_printf ("\"%s\"", etag);
}

/* If-None-Match is "*" or a list of entity tags, weak or strong; a GET compares them
 * weakly (RFC 9110 §13.1.2). */
static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) candidates = NULL;
  const char *ours = g_str_has_prefix (etag, "W/") ? etag + 2 : etag;

  if (if_none_match == NULL)
    return FALSE;

  candidates = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; candidates[i] != NULL; i++)
    {
      const char *candidate = g_strstrip (candidates[i]);

      if (g_str_equal (candidate, "*"))
        return TRUE;
      if (g_str_has_prefix (candidate, "W/"))
        candidate += 2;
      if (g_str_equal (candidate, ours))
        return TRUE;
    }

  return FALSE;
}

static gboolean
catalog_get_work (YcHttpRequest *request,
                  YcHttpReply   *reply,
                  GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  const char *if_none_match = request->data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *version = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *quoted = NULL;

  bytes = yc_backoffice_catalog_get (backoffice, &version, &etag, error);
  if (bytes == NULL)
    return FALSE;

  quoted = quote_etag (etag);
  yc_http_reply_add_header (reply, "ETag", quoted);
  yc_http_reply_add_header (reply, "Catalog-Version", version);
  /* Revalidated each time: cheap with the ETag, and a new catalog shows at once. */
  yc_http_reply_add_header (reply, "Cache-Control", "no-cache");

  if (etag_matches (if_none_match, quoted))
    {
      reply->status = SOUP_STATUS_NOT_MODIFIED;
      return TRUE;
    }

  reply->status = SOUP_STATUS_OK;
  reply->content_type = g_strdup ("application/json");
  reply->body = g_steal_pointer (&bytes);
  return TRUE;
}

void
yc_http_catalog_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  const char *if_none_match;

  if (!yc_http_request_check_query (request, allowed, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }

  if_none_match = yc_http_request_get_header (request, "If-None-Match");
  yc_http_request_run (request, catalog_get_work, NULL, g_strdup (if_none_match), g_free);
}

typedef struct {
  char *version;
  char *if_none_match;
} VersionGet;

static void
version_get_free (gpointer data)
{
  VersionGet *get = data;

  g_free (get->version);
  g_free (get->if_none_match);
  g_free (get);
}

static gboolean
catalog_version_get_work (YcHttpRequest *request,
                          YcHttpReply   *reply,
                          GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  const VersionGet *get = request->data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *quoted = NULL;

  bytes = yc_backoffice_catalog_get_version (backoffice, get->version, &etag, error);
  if (bytes == NULL)
    return FALSE;

  quoted = quote_etag (etag);
  yc_http_reply_add_header (reply, "ETag", quoted);
  yc_http_reply_add_header (reply, "Catalog-Version", get->version);
  /* A version never changes content (import refuses that), so it may be kept. */
  yc_http_reply_add_header (reply, "Cache-Control", "private, max-age=31536000, immutable");

  if (etag_matches (get->if_none_match, quoted))
    {
      reply->status = SOUP_STATUS_NOT_MODIFIED;
      return TRUE;
    }

  reply->status = SOUP_STATUS_OK;
  reply->content_type = g_strdup ("application/json");
  reply->body = g_steal_pointer (&bytes);
  return TRUE;
}

/* A version as the path carries it, percent-decoded: 1 to 128 bytes of UTF-8, no control
 * characters. */
static char *
decode_version (const char *segment)
{
  g_autofree char *version = g_uri_unescape_string (segment, NULL);

  if (version == NULL || version[0] == '\0' || strlen (version) > 128
      || !g_utf8_validate (version, -1, NULL))
    return NULL;
  for (const char *p = version; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return NULL;
  return g_steal_pointer (&version);
}

void
yc_http_catalog_version_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  VersionGet *get;

  if (!yc_http_request_check_query (request, allowed, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }
  version = decode_version (yc_http_request_get_param (request, 0));
  if (version == NULL)
    {
      yc_http_set_invalid (&error, "version",
                           _("A catalog version is 1 to 128 characters of text, percent-encoded in the path."));
      yc_http_request_fail (request, error);
      return;
    }

  get = g_new0 (VersionGet, 1);
  get->version = g_steal_pointer (&version);
  get->if_none_match = g_strdup (yc_http_request_get_header (request, "If-None-Match"));
  yc_http_request_run (request, catalog_version_get_work, NULL, get, version_get_free);
}
