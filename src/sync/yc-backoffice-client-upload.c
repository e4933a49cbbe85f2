/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"
#include "yc-sha256.h"

/* Uploads, tus-style (docs/API.md "Uploads"); the blobs they make are read in
 * yc-backoffice-client-blobs.c.  A file is sent in chunks read one at a time, each with its
 * own checksum, so that a cut connection costs at most the chunk that was under way: the
 * back office keeps only whole chunks and HEAD says where to go on.  A file that fits in a
 * chunk goes with its create instead (creation with upload): one request. */

#define CREATE_WHAT "POST /api/v1/uploads"

/* A 409 on PATCH means our offset is stale: ask HEAD and go on from there.  If that keeps
 * happening, something else writes into the upload; stop rather than loop. */
#define MAX_CONFLICTS 3

static const char * const upload_members[] = { "id", "sha256", "offset", "length", "complete", NULL };

/* Upload ids are the back office's; they go into a path, so only these characters. */
static gboolean
upload_id_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 128)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* Create */

typedef struct {
  char   *sha256;
  gint64  length;
} CreateRequest;

static void
create_request_free (gpointer data)
{
  CreateRequest *request = data;

  g_free (request->sha256);
  g_free (request);
}

static gpointer
handle_create (YcBackofficeClient  *self,
               SoupMessage         *msg,
               GBytes              *body,
               JsonNode            *json,
               GError             **error)
{
  const YcJsonReader reader = { YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL, CREATE_WHAT };
  CreateRequest *request = g_object_get_data (G_OBJECT (msg), "yc-create-request");
  g_autoptr(YcUpload) upload = g_new0 (YcUpload, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *id = NULL, *sha256 = NULL;

  root = yc_backoffice_parse_answer (&reader, body, upload_members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_string (&reader, object, "id", NULL, YC_JSON_REQUIRED, &id, &local_error)
      || !yc_json_get_sha256 (&reader, object, "sha256", NULL, YC_JSON_REQUIRED, &sha256, &local_error)
      || !yc_json_get_int (&reader, object, "length", NULL, YC_JSON_REQUIRED, 0, G_MAXINT64,
                           &upload->length, &local_error)
      || !yc_json_get_int (&reader, object, "offset", NULL, YC_JSON_REQUIRED, 0, upload->length,
                           &upload->offset, &local_error)
      || !yc_json_get_bool (&reader, object, "complete", NULL, YC_JSON_REQUIRED, &upload->complete,
                            &local_error))
    goto fail;
  if (!upload_id_valid (id))
    {
      yc_json_fail (&reader, &local_error, "id", "not an upload id: “%s”", id);
      goto fail;
    }
  if (g_ascii_strcasecmp (sha256, request->sha256) != 0 || upload->length != request->length)
    {
      yc_json_fail (&reader, &local_error, NULL, "an upload of another file");
      goto fail;
    }
  if (upload->complete != (upload->offset == upload->length))
    {
      yc_json_fail (&reader, &local_error, "complete", "does not match offset and length");
      goto fail;
    }
  upload->id = g_strdup (id);
  upload->sha256 = g_ascii_strdown (sha256, -1);
  return g_steal_pointer (&upload);

fail:
  yc_backoffice_set_protocol_error (error, local_error->message);
  return NULL;
}

/**
 * yc_backoffice_client_create_upload_async:
 * @sha256: the whole file's SHA-256, 64 hex digits
 * @length: the file's size in bytes
 *
 * POST /api/v1/uploads.  When this user's upload of the same blob was received before,
 * the upload is complete at once and nothing needs to be sent.
 */
void
yc_backoffice_client_create_upload_async (YcBackofficeClient  *self,
                                          const char          *sha256,
                                          gint64               length,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  const YcCallSpec spec = {
    .method = "POST",
    .path = "/api/v1/uploads",
    /* Sent twice, it leaves an empty upload nobody resumes, which expires after a day. */
    .flags = YC_CALL_AUTHENTICATED | YC_CALL_IDEMPOTENT,
    .handle = handle_create,
    .result_free = (GDestroyNotify) yc_upload_free,
    .source_tag = yc_backoffice_client_create_upload_async,
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  CreateRequest *request;
  char *text;

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (sha256 != NULL);

  if (!yc_json_is_sha256 (sha256) || length < 0)
    {
      yc_backoffice_client_fail_early (self, yc_backoffice_client_create_upload_async, cancellable,
                                       callback, user_data,
                                       g_error_new_literal (YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                                                            _("A file to upload needs its SHA-256 (64 "
                                                              "hexadecimal digits) and its size in "
                                                              "bytes.")));
      return;
    }

  request = g_new0 (CreateRequest, 1);
  request->sha256 = g_ascii_strdown (sha256, -1);
  request->length = length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, request->sha256);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, length);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  yc_backoffice_client_call_with_data (self, &spec, g_bytes_new_take (text, strlen (text)),
                                       "yc-create-request", request, create_request_free,
                                       cancellable, callback, user_data);
}

YcUpload *
yc_backoffice_client_create_upload_finish (YcBackofficeClient  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_create_upload_async, error);
}

/* Create with the file in it (creation with upload) */

static void job_return_error (GTask  *task,
                              GError *error);

/* Ends @task (taken) with @upload or @error (taken). */
static void
return_upload (GTask    *task,
               YcUpload *upload,
               GError   *error)
{
  if (upload == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, upload, (GDestroyNotify) yc_upload_free);
  g_object_unref (task);
}

static void
with_file_plain_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError *error = NULL;
  YcUpload *upload = yc_backoffice_client_create_upload_finish (YC_BACKOFFICE_CLIENT (source),
                                                                result, &error);

  return_upload (user_data, upload, error);
}

static void
with_file_created_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (source);
  CreateRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  YcUpload *upload = yc_backoffice_client_call_finish (self, result, with_file_created_cb, &error);

  /* A back office older than creation with upload refuses the body's type (415,
   * "unsupported_media_type"; a proxy's bare 415 is FAILED): create as before, and from now
   * on for this client; the file then goes with PATCH. */
  if (upload == NULL && !self->plain_create
      && (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL)
          || g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FAILED)))
    {
      g_debug ("the back office does not take a file with its create (%s): create first", error->message);
      g_clear_error (&error);
      self->plain_create = TRUE;
      yc_backoffice_client_create_upload_async (self, request->sha256, request->length,
                                                g_task_get_cancellable (task), with_file_plain_cb,
                                                task);
      return;
    }
  return_upload (task, upload, error);
}

/* The whole file in one read on a worker thread (g_file_load_bytes_async() would read it 8
 * KB at a time, each read a trip to a worker thread and back). */
static void
load_file_thread_cb (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize size = 0;

  if (g_file_peek_path (file) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only a local file can be uploaded."));
      return;
    }
  if (!g_file_get_contents (g_file_peek_path (file), &contents, &size, &error))
    {
      /* The same domain as GIO's, so that a missing scan is G_IO_ERROR_NOT_FOUND. */
      GError *io_error = g_error_new_literal (G_IO_ERROR, g_io_error_from_file_error (error->code),
                                              error->message);

      g_prefix_error (&io_error, _("Could not read the file “%s” to upload: "),
                      g_file_peek_path (file));
      g_task_return_error (task, io_error);
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (contents, size), (GDestroyNotify) g_bytes_unref);
}

static void
with_file_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  YcBackofficeClient *self = g_task_get_source_object (task);
  CreateRequest *request = g_task_get_task_data (task);
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *length = NULL;
  CreateRequest *copy;
  GError *error = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      job_return_error (task, error);
      return;
    }
  if ((gint64) g_bytes_get_size (bytes) != request->length)
    {
      job_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                           _("The file “%s” has changed since it was stored, "
                                             "so it cannot be uploaded. Scan the material "
                                             "again."),
                                           g_file_peek_path (file)));
      return;
    }

  length = g_strdup_printf ("%" G_GINT64_FORMAT, request->length);
  {
    /* No Upload-Checksum: the body is the whole file, whose hash the back office checks
     * before it keeps anything, so hashing it here again would add nothing. */
    const char * const headers[] = {
      "Upload-Length", length,
      "Upload-Sha256", request->sha256,
      NULL
    };
    const YcCallSpec spec = {
      .method = "POST",
      .path = "/api/v1/uploads",
      /* Sent twice, the second finds the file received: complete at once. */
      .flags = YC_CALL_AUTHENTICATED | YC_CALL_IDEMPOTENT,
      .content_type = "application/offset+octet-stream",
      .headers = headers,
      .handle = handle_create,
      .result_free = (GDestroyNotify) yc_upload_free,
      .source_tag = with_file_created_cb,
    };

    copy = g_new0 (CreateRequest, 1);
    copy->sha256 = g_strdup (request->sha256);
    copy->length = request->length;
    yc_backoffice_client_call_with_data (self, &spec, g_steal_pointer (&bytes), "yc-create-request",
                                         copy, create_request_free, g_task_get_cancellable (task),
                                         with_file_created_cb, task);
  }
}

/**
 * yc_backoffice_client_create_upload_with_file_async:
 * @sha256: the whole file's SHA-256, 64 hex digits
 * @file: the file, of @length bytes: at most "chunk-size"
 *
 * POST /api/v1/uploads with the file as the body (creation with upload): one request and
 * one commit of the back office for a file that fits in a chunk.  The upload comes back
 * complete; from a back office that does not take the file with the create it comes back
 * at its offset, and the file goes with yc_backoffice_client_upload_file_from_async().
 * Errors as for yc_backoffice_client_upload_file_async().
 */
void
yc_backoffice_client_create_upload_with_file_async (YcBackofficeClient  *self,
                                                    const char          *sha256,
                                                    GFile               *file,
                                                    gint64               length,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) load = NULL;
  CreateRequest *request;

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (length >= 0 && length <= (gint64) self->chunk_size);

  if (self->plain_create)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, yc_backoffice_client_create_upload_with_file_async);
      yc_backoffice_client_create_upload_async (self, sha256, length, cancellable,
                                                with_file_plain_cb, g_steal_pointer (&task));
      return;
    }
  if (!yc_json_is_sha256 (sha256))
    {
      yc_backoffice_client_fail_early (self, yc_backoffice_client_create_upload_with_file_async,
                                       cancellable, callback, user_data,
                                       g_error_new_literal (YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                                                            _("A file to upload needs its SHA-256 (64 "
                                                              "hexadecimal digits) and its size in "
                                                              "bytes.")));
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_backoffice_client_create_upload_with_file_async);
  g_task_set_check_cancellable (task, TRUE);
  request = g_new0 (CreateRequest, 1);
  request->sha256 = g_ascii_strdown (sha256, -1);
  request->length = length;
  g_task_set_task_data (task, request, create_request_free);
  load = g_task_new (self, cancellable, with_file_loaded_cb, g_steal_pointer (&task));
  g_task_set_source_tag (load, load_file_thread_cb);
  g_task_set_task_data (load, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (load, load_file_thread_cb);
}

YcUpload *
yc_backoffice_client_create_upload_with_file_finish (YcBackofficeClient  *self,
                                                     GAsyncResult        *result,
                                                     GError             **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Send a file */

typedef struct {
  gint64 offset;
  gint64 length;
} Offsets;

static gboolean
header_int64 (SoupMessage *msg,
              const char  *name,
              gint64      *out)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), name);

  return value != NULL && g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, out, NULL);
}

/* HEAD and PATCH both answer with Upload-Offset (and Upload-Length). */
static gpointer
handle_offsets (YcBackofficeClient  *self,
                SoupMessage         *msg,
                GBytes              *body,
                JsonNode            *json,
                GError             **error)
{
  Offsets offsets = { 0, -1 };

  if (!header_int64 (msg, "Upload-Offset", &offsets.offset))
    {
      g_autofree char *what = g_strdup_printf ("%s /api/v1/uploads: Upload-Offset",
                                               soup_message_get_method (msg));

      yc_backoffice_set_protocol_error (error, what);
      return NULL;
    }
  header_int64 (msg, "Upload-Length", &offsets.length);
  return g_memdup2 (&offsets, sizeof offsets);
}

typedef struct {
  char             *path;       /* /api/v1/uploads/{id} */
  GFile            *file;
  GInputStream     *stream;
  gint64            length;
  gint64            offset;     /* acknowledged by the back office */
  gint64            sent;       /* payload bytes handed to the network */
  guint             chunk;      /* the size of the chunk in flight */
  guint8           *buffer;
  guint             conflicts;
  gboolean          offset_known;  /* from the create answer: no HEAD before the first chunk */
  YcUploadProgress  progress;
  gpointer          progress_data;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_clear_object (&job->file);
  g_clear_object (&job->stream);
  g_free (job->buffer);
  g_free (job);
}

static void ask_offset (GTask *task);
static void send_chunk (GTask *task);

static void
job_return_error (GTask  *task,
                  GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
report_progress (Job *job)
{
  if (job->progress != NULL)
    job->progress (job->offset, job->length, job->progress_data);
}

/* job->offset acknowledged: done, or the next chunk. */
static void
go_on (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  report_progress (job);
  if (job->offset == job->length)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  send_chunk (task);
}

static void
patch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autofree Offsets *offsets = NULL;
  GError *error = NULL;

  offsets = yc_backoffice_client_call_finish (YC_BACKOFFICE_CLIENT (source), result,
                                              patch_done_cb, &error);
  if (offsets == NULL)
    {
      /* Most often our reply to the previous chunk was lost and the chunk was kept. */
      if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_CONFLICT) &&
          ++job->conflicts <= MAX_CONFLICTS)
        {
          g_clear_error (&error);
          ask_offset (task);
          return;
        }
      job_return_error (task, error);
      return;
    }

  if (offsets->offset != job->offset + job->chunk)
    {
      g_autofree char *what = g_strdup_printf ("PATCH %s: Upload-Offset %" G_GINT64_FORMAT
                                               " after a chunk at %" G_GINT64_FORMAT,
                                               job->path, offsets->offset, job->offset);

      yc_backoffice_set_protocol_error (&error, what);
      job_return_error (task, error);
      return;
    }
  job->offset = offsets->offset;
  job->conflicts = 0;
  go_on (task);
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  YcBackofficeClient *self = g_task_get_source_object (task);
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  g_autofree char *offset_header = NULL;
  g_autofree char *checksum_header = NULL;
  g_autofree char *digest_base64 = NULL;
  GError *error = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gsize got = 0;
  GBytes *chunk;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error))
    {
      g_prefix_error (&error, _("Could not read the file “%s” to upload: "),
                      g_file_peek_path (job->file));
      job_return_error (task, error);
      return;
    }
  if (got != job->chunk)
    {
      job_return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                           _("The file “%s” is shorter than when it was "
                                             "stored, so it cannot be uploaded. Scan the "
                                             "material again."),
                                           g_file_peek_path (job->file)));
      return;
    }

  yc_sha256_update (checksum, job->buffer, job->chunk);
  yc_sha256_get_digest (checksum, digest);
  digest_base64 = g_base64_encode (digest, digest_length);
  checksum_header = g_strconcat ("sha256 ", digest_base64, NULL);
  offset_header = g_strdup_printf ("%" G_GINT64_FORMAT, job->offset);

  {
    const char * const headers[] = {
      "Upload-Offset", offset_header,
      "Upload-Checksum", checksum_header,
      NULL
    };
    const YcCallSpec spec = {
      .method = "PATCH",
      .path = job->path,
      /* Sent twice, the second finds the offset moved on: 409, and HEAD says where to go. */
      .flags = YC_CALL_AUTHENTICATED | YC_CALL_IDEMPOTENT,
      .content_type = "application/offset+octet-stream",
      .headers = headers,
      .handle = handle_offsets,
      .result_free = g_free,
      .source_tag = patch_done_cb,
    };

    /* The buffer goes with the request; the next chunk gets a new one. */
    chunk = g_bytes_new_take (g_steal_pointer (&job->buffer), job->chunk);
    job->sent += job->chunk;
    yc_backoffice_client_call (self, &spec, chunk, g_task_get_cancellable (task), patch_done_cb, task);
  }
}

static void
send_chunk (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  YcBackofficeClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  job->chunk = (guint) MIN ((gint64) self->chunk_size, job->length - job->offset);
  job->buffer = g_realloc (job->buffer, job->chunk);
  if (!g_seekable_seek (G_SEEKABLE (job->stream), job->offset, G_SEEK_SET,
                        g_task_get_cancellable (task), &error))
    {
      g_prefix_error (&error, _("Could not read the file “%s” to upload: "),
                      g_file_peek_path (job->file));
      job_return_error (task, error);
      return;
    }
  g_input_stream_read_all_async (job->stream, job->buffer, job->chunk, G_PRIORITY_DEFAULT,
                                 g_task_get_cancellable (task), chunk_read_cb, task);
}

static void
head_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autofree Offsets *offsets = NULL;
  GError *error = NULL;

  offsets = yc_backoffice_client_call_finish (YC_BACKOFFICE_CLIENT (source), result,
                                              head_done_cb, &error);
  if (offsets == NULL)
    {
      job_return_error (task, error);
      return;
    }
  if (offsets->length != job->length || offsets->offset > job->length)
    {
      job_return_error (task, g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH,
                                           _("The back office expects a file of another size "
                                             "than “%s” for this upload; the upload has to be "
                                             "started again."),
                                           g_file_peek_path (job->file)));
      return;
    }

  job->offset = offsets->offset;
  go_on (task);
}

static void
ask_offset (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  const YcCallSpec spec = {
    .method = "HEAD",
    .path = job->path,
    .flags = YC_CALL_AUTHENTICATED,
    .handle = handle_offsets,
    .result_free = g_free,
    .source_tag = head_done_cb,
  };

  yc_backoffice_client_call (g_task_get_source_object (task), &spec, NULL,
                             g_task_get_cancellable (task), head_done_cb, task);
}

static void
file_opened_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->stream = G_INPUT_STREAM (g_file_read_finish (G_FILE (source), result, &error));
  if (job->stream == NULL)
    {
      g_prefix_error (&error, _("Could not read the file “%s” to upload: "),
                      g_file_peek_path (job->file));
      job_return_error (task, error);
      return;
    }
  if (!job->offset_known)
    {
      ask_offset (task);
      return;
    }
  /* A stale offset is answered 409, and then HEAD is asked like after any conflict. */
  go_on (task);
}

/* @offset: -1 when unknown (HEAD first). */
static void
upload_file (YcBackofficeClient  *self,
             const char          *upload_id,
             GFile               *file,
             gint64               length,
             gint64               offset,
             YcUploadProgress     progress,
             gpointer             progress_data,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  /* Both variants end in yc_backoffice_client_upload_file_finish(). */
  g_task_set_source_tag (task, yc_backoffice_client_upload_file_async);
  g_task_set_check_cancellable (task, TRUE);
  job->file = g_object_ref (file);
  job->length = length;
  job->offset_known = offset >= 0;
  job->offset = MAX (offset, 0);
  job->progress = progress;
  job->progress_data = progress_data;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (!upload_id_valid (upload_id))
    {
      job_return_error (task, g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                                           _("“%s” is not an upload of the back office."),
                                           upload_id));
      return;
    }
  job->path = g_strconcat ("/api/v1/uploads/", upload_id, NULL);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, file_opened_cb, task);
}

/**
 * yc_backoffice_client_upload_file_async:
 * @upload_id: an id from yc_backoffice_client_create_upload_finish()
 * @file: the file, of @length bytes
 * @progress: (nullable) (scope call): bytes acknowledged so far
 *
 * HEAD to learn where the back office is, then PATCH chunks of "chunk-size" bytes from
 * there, each with Upload-Checksum.  The file is read one chunk at a time.  Errors:
 * %YC_SYNC_ERROR_OFFLINE for a cut connection (call again later: it resumes),
 * %YC_SYNC_ERROR_MISMATCH for a checksum the back office refused or a length that is not
 * the upload's, G_IO_ERROR for a file that cannot be read.
 */
void
yc_backoffice_client_upload_file_async (YcBackofficeClient  *self,
                                        const char          *upload_id,
                                        GFile               *file,
                                        gint64               length,
                                        YcUploadProgress     progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (upload_id != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (length >= 0);

  upload_file (self, upload_id, file, length, -1, progress, progress_data, cancellable,
               callback, user_data);
}

/**
 * yc_backoffice_client_upload_file_from_async:
 * @offset: where the back office is in this upload, as the answer that created it said
 *
 * The same as yc_backoffice_client_upload_file_async(), without the HEAD before the first
 * chunk: for an upload just created, whose offset is known.  A stale @offset costs a 409
 * and a HEAD, never a wrong byte.  Finish with yc_backoffice_client_upload_file_finish().
 */
void
yc_backoffice_client_upload_file_from_async (YcBackofficeClient  *self,
                                             const char          *upload_id,
                                             GFile               *file,
                                             gint64               length,
                                             gint64               offset,
                                             YcUploadProgress     progress,
                                             gpointer             progress_data,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (upload_id != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (length >= 0);
  g_return_if_fail (offset >= 0 && offset <= length);

  upload_file (self, upload_id, file, length, offset, progress, progress_data, cancellable,
               callback, user_data);
}


gboolean
yc_backoffice_client_upload_file_finish (YcBackofficeClient  *self,
                                         GAsyncResult        *result,
                                         gint64              *out_bytes_sent,
                                         GError             **error)
{
  Job *job;

  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_backoffice_client_upload_file_async,
                        FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_bytes_sent != NULL)
    *out_bytes_sent = job->sent;
  return g_task_propagate_boolean (G_TASK (result), error);
}
