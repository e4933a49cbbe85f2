/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* Uploads, tus-style (POST to create, with or without the first chunk; HEAD to resume,
 * PATCH at an offset) and the blobs they make (GET /api/v1/blobs/{sha256}). */

#define MAX_UPLOAD_ID_LENGTH 128

typedef struct {
  char   *id;
  char   *sha256;
  char   *chunk_sha256;
  gint64  length;
  gint64  offset;
  gboolean with_data;   /* creation with upload: the body is the first chunk */
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_free (upload->id);
  g_free (upload->sha256);
  g_free (upload->chunk_sha256);
  g_free (upload);
}

static gboolean
upload_id_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_UPLOAD_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
reply_add_offsets (YcHttpReply *reply,
                   JsonObject  *status)
{
  g_autofree char *offset = NULL;
  g_autofree char *length = NULL;

  offset = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (status, "offset", 0));
  length = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member_with_default (status, "length", 0));
  yc_http_reply_add_header (reply, "Upload-Offset", offset);
  yc_http_reply_add_header (reply, "Upload-Length", length);
}

static gboolean
uploads_create_work (YcHttpRequest *request,
                     YcHttpReply   *reply,
                     GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  Upload *upload = request->data;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *location = NULL;
  JsonObject *object;
  const char *id;

  if (upload->with_data)
    node = yc_backoffice_upload_create_with_data (backoffice, request->principal, upload->sha256,
                                                  upload->length, request->body,
                                                  upload->chunk_sha256, error);
  else
    node = yc_backoffice_upload_create (backoffice, request->principal, upload->sha256,
                                        upload->length, error);
  if (node == NULL)
    return FALSE;

  object = json_node_get_object (node);
  id = json_object_get_string_member_with_default (object, "id", NULL);
  if (id == NULL)
    {
      g_set_error_literal (error, YC_HTTP_ERROR, YC_HTTP_ERROR_INTERNAL,
                           _("The back office created an upload without an id."));
      return FALSE;
    }

  location = g_strdup_printf ("/api/v1/uploads/%s", id);
  yc_http_reply_set_json (reply, SOUP_STATUS_CREATED, node);
  yc_http_reply_add_header (reply, "Location", location);
  reply_add_offsets (reply, object);
  return TRUE;
}

static char *parse_checksum (const char  *header,
                             GError     **error);

/* POST with the first chunk as its body: the file's hash and length in Upload-Sha256 and
 * Upload-Length, the chunk's checksum (optional) in Upload-Checksum, as with PATCH. */
static void
uploads_create_with_data (YcHttpRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk_sha256 = NULL;
  const char *sha256 = yc_http_request_get_header (request, "Upload-Sha256");
  const char *checksum = yc_http_request_get_header (request, "Upload-Checksum");
  guint64 length;
  Upload *upload;

  if (sha256 == NULL || !yc_http_is_sha256_hex (sha256))
    {
      yc_http_set_invalid (&error, "Upload-Sha256",
                           _("The SHA-256 must be 64 lowercase hexadecimal digits."));
      yc_http_request_fail (request, error);
      return;
    }
  if (!yc_http_parse_uint (yc_http_request_get_header (request, "Upload-Length"), "Upload-Length",
                           0, G_MAXINT64, &length, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }
  if (checksum != NULL && (chunk_sha256 = parse_checksum (checksum, &error)) == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }

  upload = g_new0 (Upload, 1);
  upload->sha256 = g_strdup (sha256);
  upload->length = (gint64) length;
  upload->chunk_sha256 = g_steal_pointer (&chunk_sha256);
  upload->with_data = TRUE;
  yc_http_request_run (request, uploads_create_work, NULL, upload, upload_free);
}

void
yc_http_uploads_create (YcHttpRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (request->msg), NULL);
  JsonObject *object;
  const char *sha256;
  gint64 length;
  Upload *upload;

  /* The early handler let through JSON or a chunk, nothing else. */
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      uploads_create_with_data (request);
      return;
    }

  root = yc_http_parse_json_object (request->body, &error);
  if (root == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }
  object = json_node_get_object (root);

  sha256 = yc_http_json_get_string (object, "sha256", 64, &error);
  if (sha256 == NULL)
    {
      yc_http_request_fail (request, error);
      return;
    }
  if (!yc_http_is_sha256_hex (sha256))
    {
      yc_http_set_invalid (&error, "sha256", _("The SHA-256 must be 64 lowercase hexadecimal digits."));
      yc_http_request_fail (request, error);
      return;
    }
  if (!yc_http_json_get_int (object, "length", 0, G_MAXINT64, &length, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }

  upload = g_new0 (Upload, 1);
  upload->sha256 = g_strdup (sha256);
  upload->length = length;
  yc_http_request_run (request, uploads_create_work, NULL, upload, upload_free);
}

static gboolean
uploads_head_work (YcHttpRequest *request,
                   YcHttpReply   *reply,
                   GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  Upload *upload = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_upload_status (backoffice, request->principal, upload->id, error);
  if (node == NULL)
    return FALSE;

  reply->status = SOUP_STATUS_OK;
  reply_add_offsets (reply, json_node_get_object (node));
  return TRUE;
}

void
yc_http_uploads_head (YcHttpRequest *request)
{
  g_autoptr(GError) error = NULL;
  const char *id = yc_http_request_get_param (request, 0);
  Upload *upload;

  if (!upload_id_valid (id))
    {
      yc_http_set_invalid (&error, "id", _("This is not an upload id."));
      yc_http_request_fail (request, error);
      return;
    }

  upload = g_new0 (Upload, 1);
  upload->id = g_strdup (id);
  yc_http_request_run (request, uploads_head_work, NULL, upload, upload_free);
}

static gboolean
uploads_patch_work (YcHttpRequest *request,
                    YcHttpReply   *reply,
                    GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  Upload *upload = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = yc_backoffice_upload_append (backoffice, request->principal, upload->id, upload->offset,
                                      request->body, upload->chunk_sha256, error);
  if (node == NULL)
    return FALSE;

  reply->status = SOUP_STATUS_NO_CONTENT;
  reply_add_offsets (reply, json_node_get_object (node));
  return TRUE;
}

/* "sha256 <base64 of the 32-byte digest>" → the digest in lowercase hex. */
static char *
parse_checksum (const char  *header,
                GError     **error)
{
  g_autofree guchar *digest = NULL;
  const char *encoded;
  gsize length = 0;
  GString *hex;

  if (!g_str_has_prefix (header, "sha256 "))
    {
      yc_http_set_invalid (error, "Upload-Checksum",
                           _("Only “sha256 <base64>” checksums are supported."));
      return NULL;
    }

  encoded = header + strlen ("sha256 ");
  if (strlen (encoded) != 44 || encoded[43] != '=')
    goto invalid;
  for (guint i = 0; i < 43; i++)
    if (!g_ascii_isalnum (encoded[i]) && encoded[i] != '+' && encoded[i] != '/')
      goto invalid;

  digest = g_base64_decode (encoded, &length);
  if (length != 32)
    goto invalid;

  hex = g_string_sized_new (64);
  for (guint i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);

invalid:
  yc_http_set_invalid (error, "Upload-Checksum",
                       _("The checksum must be the base64 of a 32-byte SHA-256 digest."));
  return NULL;
}

void
yc_http_uploads_patch (YcHttpRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk_sha256 = NULL;
  const char *id = yc_http_request_get_param (request, 0);
  const char *checksum;
  guint64 offset;
  Upload *upload;

  if (!upload_id_valid (id))
    {
      yc_http_set_invalid (&error, "id", _("This is not an upload id."));
      yc_http_request_fail (request, error);
      return;
    }
  if (!yc_http_parse_uint (yc_http_request_get_header (request, "Upload-Offset"), "Upload-Offset",
                           0, G_MAXINT64, &offset, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }
  checksum = yc_http_request_get_header (request, "Upload-Checksum");
  if (checksum != NULL)
    {
      chunk_sha256 = parse_checksum (checksum, &error);
      if (chunk_sha256 == NULL)
        {
          yc_http_request_fail (request, error);
          return;
        }
    }

  upload = g_new0 (Upload, 1);
  upload->id = g_strdup (id);
  upload->offset = (gint64) offset;
  upload->chunk_sha256 = g_steal_pointer (&chunk_sha256);
  yc_http_request_run (request, uploads_patch_work, NULL, upload, upload_free);
}

static gboolean
blobs_get_work (YcHttpRequest *request,
                YcHttpReply   *reply,
                GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  const char *sha256 = request->data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) local_error = NULL;

  file = yc_backoffice_blob_file (backoffice, request->principal, sha256, error);
  if (file == NULL)
    return FALSE;

  path = g_file_get_path (file);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, YC_HTTP_ERROR, YC_HTTP_ERROR_INTERNAL,
                   _("The stored file %s cannot be read: %s"), sha256, local_error->message);
      return FALSE;
    }

  /* A blob never changes: its name is its hash. */
  etag = g_strdup_printf ("\"%s\"", sha256);
  reply->status = SOUP_STATUS_OK;
  reply->content_type = g_strdup ("application/octet-stream");
  reply->body = g_mapped_file_get_bytes (mapped);
  yc_http_reply_add_header (reply, "ETag", etag);
  yc_http_reply_add_header (reply, "Cache-Control", "private, max-age=31536000, immutable");
  return TRUE;
}

void
yc_http_blobs_get (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  const char *sha256 = yc_http_request_get_param (request, 0);

  if (!yc_http_request_check_query (request, allowed, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }
  if (!yc_http_is_sha256_hex (sha256))
    {
      yc_http_set_invalid (&error, "sha256", _("The SHA-256 must be 64 lowercase hexadecimal digits."));
      yc_http_request_fail (request, error);
      return;
    }

  yc_http_request_run (request, blobs_get_work, NULL, g_strdup (sha256), g_free);
}
