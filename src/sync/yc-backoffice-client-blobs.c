/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"
#include "yc-sha256.h"

/* Blobs: GET /api/v1/blobs/{sha256}, the bytes checked against the hash they were asked
 * by (the uploads that make them are yc-backoffice-client-upload.c). */

static gpointer
handle_blob (YcBackofficeClient  *self,
             SoupMessage         *msg,
             GBytes              *body,
             JsonNode            *json,
             GError             **error)
{
  const char *wanted = g_object_get_data (G_OBJECT (msg), "yc-blob-sha256");
  g_autofree char *sha256 = yc_sha256_hex_for_bytes (body);

  /* What a case refers to must be exactly what was scanned. */
  if (g_ascii_strcasecmp (sha256, wanted) != 0)
    {
      g_autofree char *what = g_strdup_printf ("GET /api/v1/blobs/%s: bytes of SHA-256 %s",
                                               wanted, sha256);

      yc_backoffice_set_protocol_error (error, what);
      return NULL;
    }
  return g_bytes_ref (body);
}

/**
 * yc_backoffice_client_get_blob_async:
 * @sha256: 64 hex digits
 *
 * GET /api/v1/blobs/{sha256}; the bytes are checked against @sha256.
 */
void
yc_backoffice_client_get_blob_async (YcBackofficeClient  *self,
                                     const char          *sha256,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *lower = NULL;
  g_autofree char *path = NULL;
  YcCallSpec spec = {
    .method = "GET",
    .flags = YC_CALL_AUTHENTICATED,
    .handle = handle_blob,
    .result_free = (GDestroyNotify) g_bytes_unref,
    .source_tag = yc_backoffice_client_get_blob_async,
  };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (sha256 != NULL);

  if (!yc_json_is_sha256 (sha256))
    {
      yc_backoffice_client_fail_early (self, yc_backoffice_client_get_blob_async, cancellable,
                                       callback, user_data,
                                       g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                                                    _("“%s” is not the SHA-256 of a file."), sha256));
      return;
    }
  lower = g_ascii_strdown (sha256, -1);
  path = g_strconcat ("/api/v1/blobs/", lower, NULL);
  spec.path = path;
  yc_backoffice_client_call_with_data (self, &spec, NULL, "yc-blob-sha256",
                                       g_steal_pointer (&lower), g_free,
                                       cancellable, callback, user_data);
}

GBytes *
yc_backoffice_client_get_blob_finish (YcBackofficeClient  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_get_blob_async, error);
}
