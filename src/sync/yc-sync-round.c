/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client.h"
#include "yc-case-machine.h"
#include "yc-store-meta.h"
#include "yc-sync-round-private.h"

/*
 * One sync round (docs/sync-client.md, "The sync engine"), a chain of asynchronous steps:
 *
 *   1. blobs: every scan the user's sendable ops refer to and the back office has not
 *      confirmed, a few at a time — a file that fits in a chunk goes with its create (one
 *      request); a larger one: create the upload (its id stored before any byte is sent),
 *      send the file (resumable: the next round resumes at the server's offset);
 *   2. push: batches of at most YC_SYNC_ENGINE_BATCH_SIZE ops from the outbox, in order,
 *      under a batch id stored with them before sending, so a lost reply or a crash sends
 *      the same key and body again; all answers of a batch in one store transaction.
 *      The pushes run alongside the uploads: a batch goes as soon as every scan its ops
 *      name is recorded received, one batch at a time;
 *   3. pull, once both are done (yc-sync-round-pull.c): pages of the change feed, each
 *      applied with its cursor in one transaction; catalog versions fetched and imported
 *      first; 410 resets the cursor once.
 *
 * Nothing here blocks: store calls go to its writer thread, HTTP calls are libsoup's.
 */


static void
round_free (Round *round)
{
  g_clear_object (&round->engine);
  g_clear_object (&round->client);
  g_clear_object (&round->store);
  g_free (round->username);
  g_free (round->scope);
  g_clear_pointer (&round->uploads, g_ptr_array_unref);
  g_clear_error (&round->error);
  g_clear_pointer (&round->sent, g_ptr_array_unref);
  g_clear_pointer (&round->recorded, g_ptr_array_unref);
  g_clear_pointer (&round->batch_waiting, g_hash_table_unref);
  g_clear_pointer (&round->unconfirmed, g_hash_table_unref);
  g_clear_pointer (&round->batch, yc_outbox_batch_free);
  g_clear_pointer (&round->batch_ops, g_ptr_array_unref);
  g_free (round->cursor);
  g_clear_pointer (&round->page, yc_changes_page_free);
  g_clear_pointer (&round->next_page, yc_changes_page_free);
  g_clear_error (&round->next_error);
  g_clear_pointer (&round->catalogs, g_ptr_array_unref);
  g_free (round);
}

static void push_next (GTask *task);
static void push_if_ready (GTask *task);

/* The back office holds @sha256, or it cannot be sent at all: nothing waits for it now. */
static void
confirm (Round      *round,
         const char *sha256)
{
  g_hash_table_remove (round->batch_waiting, sha256);
  g_hash_table_remove (round->unconfirmed, sha256);
}

static void
advance (Round *round,
         guint  items)
{
  round->n_done += items;
  if (round->n_items > 0)
    yc_sync_engine_set_progress (round->engine,
                                 MIN (1.0, (double) round->n_done / round->n_items));
}

gboolean
yc_sync_round_fail_if (GTask  *task,
                       GError *error)
{
  if (error == NULL)
    return FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
  return TRUE;
}

static gboolean
uploads_busy (Round *round)
{
  return round->uploads_running > 0 || round->recording || round->sent->len > 0;
}

/* Uploads and pushes run side by side: the round goes on (to the pull) or fails (with the
 * first error) only once neither has anything under way. */
static void
round_settle (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (uploads_busy (round) || round->pushing)
    return;
  if (round->error != NULL)
    yc_sync_round_fail_if (task, g_steal_pointer (&round->error));
  else if (round->pushed_all && round->upload_next >= round->uploads->len)
    yc_sync_round_pull (task);
}

/* Keeps the first failure (@error taken): nothing new starts after it. */
static void
round_fail (GTask  *task,
            GError *error)
{
  Round *round = g_task_get_task_data (task);

  if (round->error == NULL)
    round->error = error;
  else
    g_error_free (error);
  round_settle (task);
}

/* 1. Blobs, YC_SYNC_ENGINE_UPLOADS_IN_FLIGHT at a time: each upload waits on fsyncs at
 * both ends (the back office's of the file and of its row, the store's of the upload id
 * and of the receipt) and on round trips, which several in flight overlap. */

typedef struct {
  GTask           *task;        /* the round's */
  YcPendingUpload *upload;      /* in round->uploads */
  gboolean         recreated;   /* a new upload was made for one the back office forgot */
  gboolean         complete;    /* the back office holds the blob already */
  gint64           created_offset;  /* the back office's, from the answer that created it */
} UploadSlot;

static void start_upload (UploadSlot *slot);

/* Starts uploads while there are slots free; once all are back, the round goes on when
 * the pushes are done too (or fails with the first error: the others were let finish,
 * their work is kept). */
static void
uploads_continue (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  while (round->error == NULL && round->uploads_running < YC_SYNC_ENGINE_UPLOADS_IN_FLIGHT
         && round->upload_next < round->uploads->len)
    {
      UploadSlot *slot = g_new0 (UploadSlot, 1);

      slot->task = task;
      slot->upload = g_ptr_array_index (round->uploads, round->upload_next++);
      round->uploads_running++;
      start_upload (slot);
    }
  round_settle (task);
}

/* @slot's upload is over (@error: NULL when sent or skipped; taken), without going on. */
static void
upload_finished (UploadSlot *slot,
                 GError     *error)
{
  Round *round = g_task_get_task_data (slot->task);

  g_free (slot);
  round->uploads_running--;
  if (error != NULL && round->error == NULL)
    round->error = error;
  else if (error != NULL)
    g_error_free (error);
  else
    advance (round, 1);
}

static void
upload_done (UploadSlot *slot,
             GError     *error)
{
  GTask *task = slot->task;

  upload_finished (slot, error);
  uploads_continue (task);
}

/* @sha256 needs nothing more from this round (its receipt is recorded, or it cannot be
 * sent at all): a batch waiting on it may go. */
static void
upload_settled (UploadSlot *slot)
{
  Round *round = g_task_get_task_data (slot->task);

  confirm (round, slot->upload->sha256);
  push_if_ready (slot->task);
}

static void record_sent (GTask *task);

static void
uploads_recorded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) recorded = g_steal_pointer (&round->recorded);
  GError *error = NULL;

  yc_store_record_uploads_complete_finish (YC_STORE (source), result, &error);
  round->recording = FALSE;
  if (error != NULL)
    {
      /* The rest are not recorded either: the next round's create finds them complete. */
      g_ptr_array_set_size (round->sent, 0);
      if (round->error == NULL)
        round->error = error;
      else
        g_error_free (error);
    }
  else
    for (guint i = 0; i < recorded->len; i++)
      confirm (round, g_ptr_array_index (recorded, i));
  record_sent (task);
  push_if_ready (task);
  uploads_continue (task);
}

/* Records that the back office holds the files sent since the last record, in one
 * transaction: one commit (and fsync) of the store for all that ended meanwhile.  Their
 * slots are free at once (the next uploads overlap the commit), but the push waits for the
 * records.  (A file sent but not recorded before a crash costs no bytes: the next round's
 * create finds it received and complete at once.) */
static void
record_sent (GTask *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) sha256s = NULL;

  if (round->recording || round->sent->len == 0)
    return;
  sha256s = g_steal_pointer (&round->sent);
  round->sent = g_ptr_array_new_with_free_func (g_free);
  round->recording = TRUE;
  round->recorded = g_ptr_array_ref (sha256s);
  yc_store_record_uploads_complete_async (round->store, sha256s, round->username,
                                          g_task_get_cancellable (task), uploads_recorded_cb,
                                          task);
}

/* @slot's file went (@error NULL) or failed (@error taken). */
static void
file_sent (UploadSlot *slot,
           GError     *error)
{
  Round *round = g_task_get_task_data (slot->task);

  /* A scan that is gone or damaged here cannot be sent, now or later.  It must not hold
   * up everything else: its op goes and comes back as a problem (missing_blob) the clerk
   * sees. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
      || g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH))
    {
      g_warning ("The scan %s cannot be uploaded and was skipped: %s", slot->upload->sha256,
                 error->message);
      g_clear_error (&error);
      upload_settled (slot);
      upload_done (slot, NULL);
      return;
    }
  if (error != NULL)
    {
      upload_done (slot, error);
      return;
    }
  g_ptr_array_add (round->sent, g_strdup (slot->upload->sha256));
  record_sent (slot->task);
  upload_done (slot, NULL);
}

static void
file_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  UploadSlot *slot = user_data;
  YcPendingUpload *upload = slot->upload;
  GError *error = NULL;

  yc_backoffice_client_upload_file_finish (YC_BACKOFFICE_CLIENT (source), result, NULL, &error);
  /* An upload the back office no longer knows (expired after a day): start a new one,
   * once. */
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND) && !slot->recreated)
    {
      g_clear_error (&error);
      g_clear_pointer (&upload->upload_id, g_free);
      slot->recreated = TRUE;
      start_upload (slot);
      return;
    }
  file_sent (slot, error);
}

/* @offset: the back office's, when the upload was created just now (no HEAD first); -1 for
 * an upload resumed from an earlier round. */
static void
send_file (UploadSlot *slot,
           gint64      offset)
{
  Round *round = g_task_get_task_data (slot->task);
  g_autofree char *path = yc_blob_store_get_path (yc_store_get_blob_store (round->store),
                                                  slot->upload->sha256);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (offset >= 0)
    yc_backoffice_client_upload_file_from_async (round->client, slot->upload->upload_id, file,
                                                 slot->upload->size, offset, NULL, NULL,
                                                 g_task_get_cancellable (slot->task),
                                                 file_sent_cb, slot);
  else
    yc_backoffice_client_upload_file_async (round->client, slot->upload->upload_id, file,
                                            slot->upload->size, NULL, NULL,
                                            g_task_get_cancellable (slot->task), file_sent_cb,
                                            slot);
}

static void
upload_id_recorded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  UploadSlot *slot = user_data;
  GError *error = NULL;

  yc_store_record_upload_finish (YC_STORE (source), result, &error);
  if (error == NULL && slot->complete)
    upload_settled (slot);
  if (error != NULL || slot->complete)
    upload_done (slot, error);
  else
    send_file (slot, slot->created_offset);
}

static void
upload_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  UploadSlot *slot = user_data;
  Round *round = g_task_get_task_data (slot->task);
  YcPendingUpload *pending = slot->upload;
  g_autoptr(YcUpload) upload = NULL;
  GError *error = NULL;

  upload = yc_backoffice_client_create_upload_finish (YC_BACKOFFICE_CLIENT (source), result,
                                                      &error);
  if (error != NULL)
    {
      upload_done (slot, error);
      return;
    }
  g_free (pending->upload_id);
  pending->upload_id = g_strdup (upload->id);
  slot->complete = upload->complete;
  slot->created_offset = upload->offset;

  /* The id is stored before a byte is sent, so that after a crash the same upload is
   * resumed instead of the file being sent again from the start.  (A file that goes in one
   * chunk has nothing to resume: it goes with its create, start_upload().) */
  yc_store_record_upload_async (round->store, pending->sha256, round->username, upload->id,
                                upload->complete, g_task_get_cancellable (slot->task),
                                upload_id_recorded_cb, slot);
}

/* A file that fits in a chunk went with its create, or (an older back office) the upload
 * was made and the file goes now.  Its id is not stored: see upload_created_cb(). */
static void
created_with_file_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  UploadSlot *slot = user_data;
  g_autoptr(YcUpload) upload = NULL;
  GError *error = NULL;

  upload = yc_backoffice_client_create_upload_with_file_finish (YC_BACKOFFICE_CLIENT (source),
                                                                result, &error);
  if (upload == NULL)
    {
      file_sent (slot, error);
      return;
    }
  g_free (slot->upload->upload_id);
  slot->upload->upload_id = g_strdup (upload->id);
  if (upload->complete)
    file_sent (slot, NULL);
  else
    send_file (slot, upload->offset);
}

static void
start_upload (UploadSlot *slot)
{
  Round *round = g_task_get_task_data (slot->task);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  if (slot->upload->upload_id != NULL)
    send_file (slot, -1);
  else if (slot->upload->size <= (gint64) yc_backoffice_client_get_chunk_size (round->client))
    {
      /* One request: the create carries the file. */
      path = yc_blob_store_get_path (yc_store_get_blob_store (round->store), slot->upload->sha256);
      file = g_file_new_for_path (path);
      yc_backoffice_client_create_upload_with_file_async (round->client, slot->upload->sha256,
                                                          file, slot->upload->size,
                                                          g_task_get_cancellable (slot->task),
                                                          created_with_file_cb, slot);
    }
  else
    yc_backoffice_client_create_upload_async (round->client, slot->upload->sha256,
                                              slot->upload->size,
                                              g_task_get_cancellable (slot->task),
                                              upload_created_cb, slot);
}

static void
uploads_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  round->uploads = yc_store_list_pending_uploads_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  round->n_items = round->uploads->len + round->engine->pending;
  round->sent = g_ptr_array_new_with_free_func (g_free);
  round->unconfirmed = g_hash_table_new (g_str_hash, g_str_equal);
  round->batch_waiting = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < round->uploads->len; i++)
    g_hash_table_add (round->unconfirmed,
                      ((YcPendingUpload *) g_ptr_array_index (round->uploads, i))->sha256);
  push_next (task);
  uploads_continue (task);
}

/* 2. Push */

static GPtrArray *
answers_from_reply (YcPushReply *reply)
{
  GPtrArray *answers = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_answer_free);

  for (guint i = 0; i < reply->results->len; i++)
    {
      YcPushResult *result = g_ptr_array_index (reply->results, i);
      YcOutboxResult kind = result->result == YC_OP_RESULT_OK ? YC_OUTBOX_RESULT_OK
                          : result->result == YC_OP_RESULT_CONFLICT ? YC_OUTBOX_RESULT_CONFLICT
                          : YC_OUTBOX_RESULT_REJECTED;
      YcOutboxAnswer *answer = yc_outbox_answer_new (result->op_id, kind, result->version,
                                                     result->code, result->reason);

      if (result->effects != NULL && json_object_has_member (result->effects, "flag_applicant"))
        {
          answer->flag_applicant = g_strdup (json_object_get_string_member_with_default (
              result->effects, "flag_applicant", NULL));
          answer->flag_reason = g_strdup (json_object_get_string_member_with_default (
              result->effects, "flag_reason", NULL));
        }
      g_ptr_array_add (answers, answer);
    }
  return answers;
}

static void
answers_applied_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;

  yc_store_outbox_apply_answers_finish (YC_STORE (source), result, &error);
  round->pushing = FALSE;
  if (error != NULL)
    {
      round_fail (task, error);
      return;
    }

  for (guint i = 0; i < round->batch->ops->len; i++)
    {
      YcOutboxOp *op = g_ptr_array_index (round->batch->ops, i);

      if (op->case_uuid != NULL && g_hash_table_add (seen, op->case_uuid))
        yc_sync_engine_emit_case_changed (round->engine, op->case_uuid);
    }
  advance (round, round->batch->ops->len);
  g_clear_pointer (&round->batch, yc_outbox_batch_free);
  g_clear_pointer (&round->batch_ops, g_ptr_array_unref);
  push_next (task);
}

static void
batch_dropped_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  yc_store_outbox_drop_batch_finish (YC_STORE (source), result, &error);
  round->pushing = FALSE;
  g_clear_pointer (&round->batch, yc_outbox_batch_free);
  g_clear_pointer (&round->batch_ops, g_ptr_array_unref);
  if (error != NULL)
    {
      round_fail (task, error);
      return;
    }
  push_next (task);
}

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(YcPushReply) reply = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  GError *error = NULL;

  reply = yc_backoffice_client_push_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  /* The key was used with another body: only possible if this batch's ops changed after it
   * was sent, which the store does not allow.  Batch them again under a new key, once. */
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH) && !round->batch_dropped)
    {
      g_warning ("The back office refused batch %s as reused with another body; sending its "
                 "ops again under a new batch id", round->batch->batch_id);
      g_clear_error (&error);
      round->batch_dropped = TRUE;
      yc_store_outbox_drop_batch_async (round->store, round->batch->batch_id,
                                        g_task_get_cancellable (task), batch_dropped_cb, task);
      return;
    }
  /* 409 (the same batch is being applied right now) and everything else: the round ends
   * (once the uploads under way are back) and the same batch goes again after the
   * backoff. */
  if (error != NULL)
    {
      round->pushing = FALSE;
      round_fail (task, error);
      return;
    }

  answers = answers_from_reply (reply);
  yc_store_outbox_apply_answers_async (round->store, round->batch->batch_id, answers,
                                       g_task_get_cancellable (task), answers_applied_cb, task);
}

/* Sends the batch taken once the back office holds every scan its ops name (recorded
 * here): an op never names a file the back office has not acknowledged.  Scans this round
 * does not upload were confirmed before, or cannot be sent at all (the op comes back as a
 * missing_blob problem).  After a failure it stays: its id is in the outbox, the next
 * round sends it as it is.  Never ends the round itself (its callers go on after it). */
static void
push_if_ready (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->pushing || round->batch_ops == NULL || round->error != NULL
      || g_hash_table_size (round->batch_waiting) > 0)
    return;
  g_debug ("pushing batch %s: %u ops", round->batch->batch_id, round->batch_ops->len);
  round->pushing = TRUE;
  yc_backoffice_client_push_async (round->client, round->batch->batch_id, round->batch_ops,
                                   g_task_get_cancellable (task), pushed_cb, task);
}

static void
batch_taken_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) ops = NULL;
  GError *error = NULL;

  round->batch = yc_store_outbox_take_batch_upto_finish (YC_STORE (source), result, &error);
  round->pushing = FALSE;
  if (error != NULL)
    {
      round_fail (task, error);
      return;
    }
  if (round->batch->ops->len == 0)
    {
      g_clear_pointer (&round->batch, yc_outbox_batch_free);
      round->pushed_all = TRUE;
      round_settle (task);
      return;
    }

  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
  for (guint i = 0; i < round->batch->ops->len; i++)
    {
      YcOutboxOp *row = g_ptr_array_index (round->batch->ops, i);
      g_autoptr(JsonNode) node = json_from_string (row->payload_json, &error);
      YcOperation *op = node != NULL ? yc_operation_from_json (node, &error) : NULL;

      if (op == NULL)
        {
          g_prefix_error (&error, _("The waiting operation %s cannot be read and was not sent: "),
                          row->op_id);
          round_fail (task, error);
          return;
        }
      g_ptr_array_add (ops, op);
    }
  /* The scans the batch waits for, found once: push_if_ready() runs after every record of
   * receipts and needs only to know whether any is left. */
  g_hash_table_remove_all (round->batch_waiting);
  for (guint i = 0; i < ops->len; i++)
    {
      g_auto(GStrv) refs = yc_operation_dup_blob_refs (g_ptr_array_index (ops, i));

      for (guint j = 0; refs != NULL && refs[j] != NULL; j++)
        {
          gpointer key;

          if (g_hash_table_lookup_extended (round->unconfirmed, refs[j], &key, NULL))
            g_hash_table_add (round->batch_waiting, key);
        }
    }
  round->batch_ops = g_steal_pointer (&ops);
  push_if_ready (task);
  /* Waiting for scans after a failure: nothing more comes for the batch. */
  round_settle (task);
}

/* The next batch, once the previous one's answers are applied; none after a failure. */
static void
push_next (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->error != NULL)
    {
      round_settle (task);
      return;
    }
  round->pushing = TRUE;
  /* Only ops whose scans were listed: one committed since waits for the next round (the
   * commit's kick asks for it), which uploads its scans first. */
  yc_store_outbox_take_batch_upto_async (round->store, round->username,
                                         YC_SYNC_ENGINE_BATCH_SIZE, round->last_seq,
                                         g_task_get_cancellable (task), batch_taken_cb, task);
}

/* Read before the uploads are listed: every op up to it is in the listing. */
static void
last_seq_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  yc_store_outbox_last_seq_finish (YC_STORE (source), result, &round->last_seq, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  yc_store_list_pending_uploads_async (round->store, round->username,
                                       g_task_get_cancellable (task), uploads_listed_cb, task);
}

static void
cursor_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  round->cursor = yc_store_get_sync_cursor_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  yc_store_outbox_last_seq_async (round->store, g_task_get_cancellable (task), last_seq_cb, task);
}

/* What the change feed brings depends on who asks: a clerk gets the hall's cases, a
 * reviewer their departments'.  The cursor read so far holds for that scope only: on a
 * computer shared by users of different scopes (a back-office PC, a supervisor signing in
 * at a window), the feed is read again from the start for the new one. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
feed_scope (YcSyncEngine *self)
{
  const YcUserProfile *profile = yc_session_manager_get_profile (self->sessions);
  g_autoptr(GPtrArray) departments = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (profile == NULL)
    return NULL;
  for (guint i = 0; profile->departments[i] != NULL; i++)
    g_ptr_array_add (departments, profile->departments[i]);
  g_ptr_array_sort (departments, compare_names);
  g_ptr_array_add (departments, NULL);
  joined = g_strjoinv (",", (char **) departments->pdata);
  return g_strdup_printf ("%s|%s|%s", yc_role_to_string (profile->role),
                          profile->hall != NULL ? profile->hall : "", joined);
}

static void
scope_recorded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  yc_store_set_meta_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  yc_store_get_sync_cursor_async (YC_STORE (source), g_task_get_cancellable (task), cursor_read_cb,
                                  task);
}

static void
scope_reset_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  yc_store_reset_sync_cursor_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  /* Recorded once the cursor is gone: a crash in between reads the feed again, no harm. */
  yc_store_set_meta_async (round->store, YC_STORE_META_FEED_SCOPE, round->scope,
                           g_task_get_cancellable (task), scope_recorded_cb, task);
}

static void
scope_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *stored = yc_store_get_meta_finish (YC_STORE (source), result, &error);

  if (yc_sync_round_fail_if (task, error))
    return;
  if (round->scope != NULL && g_strcmp0 (stored, round->scope) != 0)
    {
      /* None recorded: a new store, or one from before scopes were recorded. */
      if (stored != NULL)
        g_message ("The change feed was read for another scope (%s); reading it again from "
                   "the start for %s", stored, round->scope);
      yc_store_reset_sync_cursor_async (round->store, g_task_get_cancellable (task),
                                        scope_reset_cb, task);
      return;
    }
  yc_store_get_sync_cursor_async (round->store, g_task_get_cancellable (task), cursor_read_cb, task);
}

void
yc_sync_round_run (YcSyncEngine        *self,
                   const char          *username,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  Round *round;

  g_return_if_fail (YC_IS_SYNC_ENGINE (self));
  g_return_if_fail (username != NULL);

  round = g_new0 (Round, 1);
  round->engine = g_object_ref (self);
  round->client = g_object_ref (yc_session_manager_get_client (self->sessions));
  round->store = g_object_ref (self->store);
  round->username = g_strdup (username);
  round->scope = feed_scope (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_sync_round_run);
  g_task_set_task_data (task, round, (GDestroyNotify) round_free);

  yc_store_get_meta_async (round->store, YC_STORE_META_FEED_SCOPE, cancellable, scope_read_cb, task);
}

gboolean
yc_sync_round_finish (YcSyncEngine  *self,
                      GAsyncResult  *result,
                      char         **out_cursor,
                      GError       **error)
{
  Round *round;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  round = g_task_get_task_data (G_TASK (result));
  if (out_cursor != NULL)
    *out_cursor = g_strdup (round->cursor);
  return g_task_propagate_boolean (G_TASK (result), error);
}
