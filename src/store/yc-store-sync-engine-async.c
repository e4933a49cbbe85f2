/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store-private.h"

/* The _async forms of yc-store-sync-engine.c and yc-store-sync-pull.c, run on the
 * writer thread. */

typedef struct {
  char      *text1;
  char      *text2;
  char      *text3;
  gboolean   flag;
  guint      number;
  gint64     seq;
  GPtrArray *array;
} Request;

static void
request_free (Request *request)
{
  g_free (request->text1);
  g_free (request->text2);
  g_free (request->text3);
  g_clear_pointer (&request->array, g_ptr_array_unref);
  g_free (request);
}

static Request *
request_new (const char *text1,
             const char *text2,
             const char *text3)
{
  Request *request = g_new0 (Request, 1);

  request->text1 = g_strdup (text1);
  request->text2 = g_strdup (text2);
  request->text3 = g_strdup (text3);
  return request;
}

typedef struct {
  char  *text;
  guint  count1;
  guint  count2;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->text);
  g_free (answer);
}

static gpointer
pending_uploads_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_list_pending_uploads (self, ((Request *) data)->text1, error);
}

void
yc_store_list_pending_uploads_async (YcStore             *self,
                                     const char          *username,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (username != NULL);

  yc_store_queue_job (self, pending_uploads_job, request_new (username, NULL, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                      yc_store_list_pending_uploads_async, cancellable, callback, user_data);
}

/**
 * yc_store_list_pending_uploads_finish:
 *
 * Returns: (transfer full) (element-type YcPendingUpload): the uploads, or %NULL
 */
GPtrArray *
yc_store_list_pending_uploads_finish (YcStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_pending_uploads_async, error);
}

static gpointer
record_upload_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_record_upload (self, request->text1, request->text2, request->text3,
                                 request->flag, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_record_upload_async (YcStore             *self,
                              const char          *sha256,
                              const char          *username,
                              const char          *upload_id,
                              gboolean             complete,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (sha256 != NULL && username != NULL);

  request = request_new (sha256, username, upload_id);
  request->flag = complete;
  yc_store_queue_job (self, record_upload_job, request, (GDestroyNotify) request_free, NULL,
                      yc_store_record_upload_async, cancellable, callback, user_data);
}

gboolean
yc_store_record_upload_finish (YcStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_record_upload_async, error) != NULL;
}

static gpointer
record_uploads_complete_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_record_uploads_complete (self, request->array, request->text1, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_record_uploads_complete_async (YcStore             *self,
                                        GPtrArray           *sha256s,
                                        const char          *username,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (sha256s != NULL && username != NULL);

  request = request_new (username, NULL, NULL);
  request->array = g_ptr_array_ref (sha256s);
  yc_store_queue_job (self, record_uploads_complete_job, request, (GDestroyNotify) request_free,
                      NULL, yc_store_record_uploads_complete_async, cancellable, callback,
                      user_data);
}

gboolean
yc_store_record_uploads_complete_finish (YcStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_record_uploads_complete_async, error) != NULL;
}

void
yc_store_outbox_take_batch_async (YcStore             *self,
                                  const char          *username,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  yc_store_outbox_take_batch_upto_async (self, username, limit, G_MAXINT64, cancellable,
                                         callback, user_data);
}

/**
 * yc_store_outbox_take_batch_finish:
 *
 * Returns: (transfer full): the batch, or %NULL with @error
 */
YcOutboxBatch *
yc_store_outbox_take_batch_finish (YcStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_store_outbox_take_batch_upto_finish (self, result, error);
}

static gpointer
take_batch_upto_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_outbox_take_batch_upto (self, request->text1, request->number, request->seq,
                                          error);
}

void
yc_store_outbox_take_batch_upto_async (YcStore             *self,
                                       const char          *username,
                                       guint                limit,
                                       gint64               last_seq,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (limit > 0);

  request = request_new (username, NULL, NULL);
  request->number = limit;
  request->seq = last_seq;
  yc_store_queue_job (self, take_batch_upto_job, request, (GDestroyNotify) request_free,
                      (GDestroyNotify) yc_outbox_batch_free,
                      yc_store_outbox_take_batch_upto_async, cancellable, callback, user_data);
}

/**
 * yc_store_outbox_take_batch_upto_finish:
 *
 * Returns: (transfer full): the batch, or %NULL with @error
 */
YcOutboxBatch *
yc_store_outbox_take_batch_upto_finish (YcStore       *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_take_batch_upto_async, error);
}

static gpointer
last_seq_job (YcStore *self, gpointer data, GError **error)
{
  gint64 seq = 0;

  if (!yc_store_outbox_last_seq (self, &seq, error))
    return NULL;
  return g_memdup2 (&seq, sizeof seq);
}

void
yc_store_outbox_last_seq_async (YcStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, last_seq_job, NULL, NULL, g_free, yc_store_outbox_last_seq_async,
                      cancellable, callback, user_data);
}

gboolean
yc_store_outbox_last_seq_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 gint64        *out_seq,
                                 GError       **error)
{
  g_autofree gint64 *seq = yc_store_job_finish (self, result, yc_store_outbox_last_seq_async,
                                                error);

  if (seq == NULL)
    return FALSE;
  *out_seq = *seq;
  return TRUE;
}

static gpointer
apply_answers_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_outbox_apply_answers (self, request->text1, request->array, error)
         ? YC_STORE_JOB_OK : NULL;
}

/* @answers: (element-type YcOutboxAnswer): referenced until done; not changed meanwhile */
void
yc_store_outbox_apply_answers_async (YcStore             *self,
                                     const char          *batch_id,
                                     GPtrArray           *answers,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (batch_id != NULL && answers != NULL);

  request = request_new (batch_id, NULL, NULL);
  request->array = g_ptr_array_ref (answers);
  yc_store_queue_job (self, apply_answers_job, request, (GDestroyNotify) request_free, NULL,
                      yc_store_outbox_apply_answers_async, cancellable, callback, user_data);
}

gboolean
yc_store_outbox_apply_answers_finish (YcStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_apply_answers_async, error) != NULL;
}

static gpointer
get_cursor_job (YcStore *self, gpointer data, GError **error)
{
  GError *local_error = NULL;
  Answer *answer = g_new0 (Answer, 1);

  answer->text = yc_store_get_sync_cursor (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      answer_free (answer);
      return NULL;
    }
  return answer;
}

void
yc_store_get_sync_cursor_async (YcStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, get_cursor_job, NULL, NULL, (GDestroyNotify) answer_free,
                      yc_store_get_sync_cursor_async, cancellable, callback, user_data);
}

/**
 * yc_store_get_sync_cursor_finish:
 *
 * Returns: (transfer full) (nullable): the cursor, or %NULL (none, or @error set)
 */
char *
yc_store_get_sync_cursor_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  Answer *answer = yc_store_job_finish (self, result, yc_store_get_sync_cursor_async, error);
  char *cursor;

  if (answer == NULL)
    return NULL;
  cursor = g_steal_pointer (&answer->text);
  answer_free (answer);
  return cursor;
}

static gpointer
reset_cursor_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_reset_sync_cursor (self, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_reset_sync_cursor_async (YcStore             *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, reset_cursor_job, NULL, NULL, NULL,
                      yc_store_reset_sync_cursor_async, cancellable, callback, user_data);
}

gboolean
yc_store_reset_sync_cursor_finish (YcStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_reset_sync_cursor_async, error) != NULL;
}

static gpointer
apply_page_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_apply_feed_page (self, request->array, request->text1, request->text2, error);
}

/* @changes: (element-type YcFeedChange): referenced until done; not changed meanwhile */
void
yc_store_apply_feed_page_async (YcStore             *self,
                                GPtrArray           *changes,
                                const char          *next,
                                const char          *username,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (changes != NULL);

  request = request_new (next, username, NULL);
  request->array = g_ptr_array_ref (changes);
  yc_store_queue_job (self, apply_page_job, request, (GDestroyNotify) request_free,
                      (GDestroyNotify) yc_feed_applied_free, yc_store_apply_feed_page_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_apply_feed_page_finish:
 *
 * Returns: (transfer full): what the page changed, or %NULL with @error
 */
YcFeedApplied *
yc_store_apply_feed_page_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_apply_feed_page_async, error);
}

static gpointer
counts_job (YcStore *self, gpointer data, GError **error)
{
  Answer *answer = g_new0 (Answer, 1);

  if (!yc_store_get_sync_counts (self, &answer->count1, &answer->count2, error))
    {
      answer_free (answer);
      return NULL;
    }
  return answer;
}

void
yc_store_get_sync_counts_async (YcStore             *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, counts_job, NULL, NULL, (GDestroyNotify) answer_free,
                      yc_store_get_sync_counts_async, cancellable, callback, user_data);
}

gboolean
yc_store_get_sync_counts_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 guint         *out_pending,
                                 guint         *out_problems,
                                 GError       **error)
{
  Answer *answer = yc_store_job_finish (self, result, yc_store_get_sync_counts_async, error);

  if (answer == NULL)
    return FALSE;
  if (out_pending != NULL)
    *out_pending = answer->count1;
  if (out_problems != NULL)
    *out_problems = answer->count2;
  answer_free (answer);
  return TRUE;
}

static gpointer
drop_batch_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_outbox_drop_batch (self, ((Request *) data)->text1, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_outbox_drop_batch_async (YcStore             *self,
                                  const char          *batch_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (batch_id != NULL);

  yc_store_queue_job (self, drop_batch_job, request_new (batch_id, NULL, NULL),
                      (GDestroyNotify) request_free, NULL, yc_store_outbox_drop_batch_async,
                      cancellable, callback, user_data);
}

gboolean
yc_store_outbox_drop_batch_finish (YcStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_outbox_drop_batch_async, error) != NULL;
}
