/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-backoffice-client.h"
#include "yc-operation.h"

G_BEGIN_DECLS

/*
 * The sync calls of YcBackofficeClient (docs/API.md "Uploads" and "Sync",
 * docs/sync-client.md): push a batch, read the change feed, upload a blob in resumable
 * chunks and fetch one back.  Include "yc-backoffice-client.h", which includes this.
 */

typedef struct {
  char           *op_id;
  YcOpResultKind  result;
  gint64          version;   /* ok: the new version; conflict: the server's kept; rejected: the case's (0: none) */
  char           *code;      /* rejected: "illegal_transition" …; else NULL */
  char           *reason;    /* rejected: why, translated by the server; else NULL */
  JsonObject     *effects;   /* nullable: e.g. {"flag_applicant": …} */
} YcPushResult;

typedef struct {
  char      *batch_id;
  GPtrArray *results;   /* YcPushResult*, in op order */
} YcPushReply;

typedef struct {
  gint64      seq;
  char       *kind;       /* "case", "urge", "conflict", "catalog" */
  char       *case_uuid;  /* nullable */
  gint64      version;
  JsonObject *payload;    /* never NULL (an empty object when the server sent null) */
} YcChange;

typedef struct {
  GPtrArray *changes;  /* YcChange*, in commit order */
  char      *next;     /* the cursor to store with these changes */
  gboolean   more;     /* more are waiting: ask again at once */
} YcChangesPage;

typedef struct {
  char     *id;
  char     *sha256;
  gint64    offset;    /* bytes the back office holds */
  gint64    length;
  gboolean  complete;  /* nothing (more) to send */
} YcUpload;

#define YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE (1024 * 1024)
#define YC_BACKOFFICE_CLIENT_MAX_CHUNK_SIZE (8 * 1024 * 1024)  /* the server's limit */

#define YC_TYPE_PUSH_RESULT (yc_push_result_get_type ())
#define YC_TYPE_PUSH_REPLY (yc_push_reply_get_type ())
#define YC_TYPE_CHANGE (yc_change_get_type ())
#define YC_TYPE_CHANGES_PAGE (yc_changes_page_get_type ())
#define YC_TYPE_UPLOAD (yc_upload_get_type ())
GType          yc_push_result_get_type  (void) G_GNUC_CONST;
GType          yc_push_reply_get_type   (void) G_GNUC_CONST;
GType          yc_change_get_type       (void) G_GNUC_CONST;
GType          yc_changes_page_get_type (void) G_GNUC_CONST;
GType          yc_upload_get_type       (void) G_GNUC_CONST;
void           yc_push_result_free      (YcPushResult  *result);
void           yc_push_reply_free       (YcPushReply   *reply);
void           yc_change_free           (YcChange      *change);
void           yc_changes_page_free     (YcChangesPage *page);
void           yc_upload_free           (YcUpload      *upload);

/* "chunk-size": the bytes of one PATCH (default 1 MiB, at most the server's 8 MiB). */
guint          yc_backoffice_client_get_chunk_size (YcBackofficeClient *self);
void           yc_backoffice_client_set_chunk_size (YcBackofficeClient *self,
                                                    guint               bytes);

/* POST /api/v1/sync/push with Idempotency-Key @batch_id.  Sending the same @batch_id with
 * the same @ops again returns the stored answer.  409 (the batch is being applied right
 * now): YC_SYNC_ERROR_CONFLICT, retry the same key and body later; 422 (the key was used
 * with another body): YC_SYNC_ERROR_MISMATCH. */
void           yc_backoffice_client_push_async   (YcBackofficeClient   *self,
                                                  const char           *batch_id,
                                                  GPtrArray            *ops,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
YcPushReply   *yc_backoffice_client_push_finish  (YcBackofficeClient   *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* GET /api/v1/sync/changes.  @since: (nullable): the previous page's next; @limit: 1..500,
 * 0 for the server's default; @wait_seconds: long poll, 0 for none.  The deadline of this
 * call is @wait_seconds + "timeout-seconds".  410: YC_SYNC_ERROR_GONE (resync). */
void           yc_backoffice_client_get_changes_async  (YcBackofficeClient   *self,
                                                        const char           *since,
                                                        guint                 limit,
                                                        guint                 wait_seconds,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
YcChangesPage *yc_backoffice_client_get_changes_finish (YcBackofficeClient   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* POST /api/v1/uploads.  A blob this user already uploaded is complete at once. */
void           yc_backoffice_client_create_upload_async  (YcBackofficeClient   *self,
                                                          const char           *sha256,
                                                          gint64                length,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
YcUpload      *yc_backoffice_client_create_upload_finish (YcBackofficeClient   *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* POST /api/v1/uploads with the whole of @file (@length bytes, at most "chunk-size") in it:
 * one request for a file that fits in a chunk.  The upload comes back complete, or (from a
 * back office that takes no file with its create) at its offset, to be sent with
 * yc_backoffice_client_upload_file_from_async().  Errors as for the upload of a file. */
void           yc_backoffice_client_create_upload_with_file_async  (YcBackofficeClient   *self,
                                                                    const char           *sha256,
                                                                    GFile                *file,
                                                                    gint64                length,
                                                                    GCancellable         *cancellable,
                                                                    GAsyncReadyCallback   callback,
                                                                    gpointer              user_data);
YcUpload      *yc_backoffice_client_create_upload_with_file_finish (YcBackofficeClient   *self,
                                                                    GAsyncResult         *result,
                                                                    GError              **error);

/* Called on the caller's main context after each acknowledged chunk (and once at the
 * start with the server's offset). */
typedef void (*YcUploadProgress) (gint64   acknowledged,
                                  gint64   length,
                                  gpointer user_data);

/* Sends @file (of @length bytes, whose sha256 the upload was created with) into upload
 * @upload_id: HEAD first to learn the offset, then PATCH chunks of "chunk-size" bytes
 * with Upload-Checksum, read from the file one chunk at a time.  A 409 (wrong offset)
 * asks HEAD again; a cut connection fails with YC_SYNC_ERROR_OFFLINE and the next call
 * resumes at the server's offset; a checksum refused by the server is
 * YC_SYNC_ERROR_MISMATCH.  @progress: (nullable). */
void           yc_backoffice_client_upload_file_async  (YcBackofficeClient   *self,
                                                        const char           *upload_id,
                                                        GFile                *file,
                                                        gint64                length,
                                                        YcUploadProgress      progress,
                                                        gpointer              progress_data,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* The same without the HEAD before the first chunk, for an upload just created: @offset
 * is where its create answer said the back office is (a stale one costs a 409 and a HEAD).
 * Finished with yc_backoffice_client_upload_file_finish(). */
void           yc_backoffice_client_upload_file_from_async (YcBackofficeClient   *self,
                                                            const char           *upload_id,
                                                            GFile                *file,
                                                            gint64                length,
                                                            gint64                offset,
                                                            YcUploadProgress      progress,
                                                            gpointer              progress_data,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
/* @out_bytes_sent: (optional): the payload bytes this call handed to the network, set on
 * failure too (a chunk cut midway counts whole). */
gboolean       yc_backoffice_client_upload_file_finish (YcBackofficeClient   *self,
                                                        GAsyncResult         *result,
                                                        gint64               *out_bytes_sent,
                                                        GError              **error);

/* GET /api/v1/blobs/{sha256}; the bytes are checked against @sha256 (else
 * YC_SYNC_ERROR_PROTOCOL). */
void           yc_backoffice_client_get_blob_async  (YcBackofficeClient   *self,
                                                     const char           *sha256,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GBytes        *yc_backoffice_client_get_blob_finish (YcBackofficeClient   *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPushResult, yc_push_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPushReply, yc_push_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcChange, yc_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcChangesPage, yc_changes_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcUpload, yc_upload_free)

G_END_DECLS
