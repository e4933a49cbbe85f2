/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include "yc-store-private.h"
#include "yc-test-store.h"

/*
 * The store's sync bookkeeping (schema 6) without a back office: batches that stay the
 * same until answered (also after reopening), answers applied once, problems kept with
 * their payloads, discard and retry, the feed's pages with their cursor, uploads still to
 * send, reconciliation and day closing.
 */

#define AUTHOR "c1"   /* the clerk of yc_test_case_new() */

static YcCase *
accept (YcStoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  YcCase *c = yc_test_case_new (f->blob_a, f->blob_b, NULL);

  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  return c;
}

static YcOutboxBatch *
take (YcStoreFixture *f,
      const char     *username,
      guint           limit)
{
  g_autoptr(GError) error = NULL;
  YcOutboxBatch *batch = yc_store_outbox_take_batch (f->store, username, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  return batch;
}

static void
reopen (YcStoreFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
answer (YcStoreFixture *f,
        const char     *batch_id,
        ...)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_answer_free);
  g_autoptr(GError) error = NULL;
  YcOutboxAnswer *one;
  va_list args;

  va_start (args, batch_id);
  while ((one = va_arg (args, YcOutboxAnswer *)) != NULL)
    g_ptr_array_add (answers, one);
  va_end (args);
  g_assert_true (yc_store_outbox_apply_answers (f->store, batch_id, answers, &error));
  g_assert_no_error (error);
}

static const char *
op_id_at (YcOutboxBatch *batch,
          guint          i)
{
  return ((YcOutboxOp *) g_ptr_array_index (batch->ops, i))->op_id;
}

static const char *
sync_state (YcStoreFixture *f,
            YcCase         *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = yc_date_format_iso (&c->accepted_on);
  g_autoptr(GHashTable) states = yc_store_list_sync_states (f->store, day, &error);

  g_assert_no_error (error);
  return g_intern_string (g_hash_table_lookup (states, c->uuid));
}

static void
counts (YcStoreFixture *f,
        guint           pending,
        guint           problems)
{
  g_autoptr(GError) error = NULL;
  guint p = 99, q = 99;

  g_assert_true (yc_store_get_sync_counts (f->store, &p, &q, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p, ==, pending);
  g_assert_cmpuint (q, ==, problems);
}

/* A batch is the same key and ops until it is answered, even after a restart. */
static void
test_batch_stable (YcStoreFixture *f,
                   gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcCase) b = accept (f);
  g_autoptr(YcCase) c = accept (f);
  g_autoptr(YcOutboxBatch) first = NULL;
  g_autoptr(YcOutboxBatch) again = NULL;
  g_autoptr(YcOutboxBatch) next = NULL;
  g_autoptr(YcOutboxBatch) nobody = NULL;

  first = take (f, AUTHOR, 2);
  g_assert_nonnull (first->batch_id);
  g_assert_cmpuint (first->ops->len, ==, 2);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (first->ops, 0))->case_uuid, ==, a->uuid);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (first->ops, 1))->case_uuid, ==, b->uuid);

  reopen (f);
  again = take (f, AUTHOR, 100);
  g_assert_cmpstr (again->batch_id, ==, first->batch_id);
  g_assert_cmpuint (again->ops->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpstr (op_id_at (again, i), ==, op_id_at (first, i));
      g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (again->ops, i))->payload_json, ==,
                       ((YcOutboxOp *) g_ptr_array_index (first->ops, i))->payload_json);
    }

  /* Answered (one op only: the other goes in a later batch), the next batch is new. */
  answer (f, first->batch_id, yc_outbox_answer_new (op_id_at (first, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);
  next = take (f, AUTHOR, 100);
  g_assert_cmpstr (next->batch_id, !=, first->batch_id);
  g_assert_cmpuint (next->ops->len, ==, 2);
  g_assert_cmpstr (op_id_at (next, 0), ==, op_id_at (first, 1));
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (next->ops, 1))->case_uuid, ==, c->uuid);
  g_assert_cmpstr (sync_state (f, a), ==, "synced");
  g_assert_cmpstr (sync_state (f, b), ==, "pending");

  /* Nothing for a user who made none of them. */
  nobody = take (f, "c3", 100);
  g_assert_null (nobody->batch_id);
  g_assert_cmpuint (nobody->ops->len, ==, 0);
  counts (f, 2, 0);
}

static gint64
last_seq (YcStoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = -1;

  g_assert_true (yc_store_outbox_last_seq (f->store, &seq, &error));
  g_assert_no_error (error);
  return seq;
}

/* A sync round lists the scans of the ops waiting when it begins: a batch it takes holds
 * no op committed since (its scans were not listed), whatever the outbox answered meanwhile. */
static void
test_batch_upto (YcStoreFixture *f,
                 gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) a = NULL;
  g_autoptr(YcCase) b = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcOutboxBatch) first = NULL;
  g_autoptr(YcOutboxBatch) second = NULL;
  g_autoptr(YcOutboxBatch) later = NULL;
  gint64 seen;

  g_assert_cmpint (last_seq (f), ==, 0);
  a = accept (f);
  b = accept (f);
  seen = last_seq (f);
  g_assert_cmpint (seen, >, 0);

  first = yc_store_outbox_take_batch_upto (f->store, AUTHOR, 1, seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->ops->len, ==, 1);
  answer (f, first->batch_id, yc_outbox_answer_new (op_id_at (first, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);
  /* Committed after the reading; the outbox emptied of a meanwhile: seqs are never given
   * again, so c's comes after what was seen. */
  c = accept (f);
  g_assert_cmpint (last_seq (f), >, seen);
  second = yc_store_outbox_take_batch_upto (f->store, AUTHOR, 100, seen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->ops->len, ==, 1);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (second->ops, 0))->case_uuid, ==, b->uuid);
  answer (f, second->batch_id, yc_outbox_answer_new (op_id_at (second, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);
  later = yc_store_outbox_take_batch_upto (f->store, AUTHOR, 100, seen, &error);
  g_assert_no_error (error);
  g_assert_null (later->batch_id);
  g_assert_cmpuint (later->ops->len, ==, 0);
  g_assert_cmpstr (sync_state (f, c), ==, "pending");
  /* The next round sees it. */
  g_clear_pointer (&later, yc_outbox_batch_free);
  later = take (f, AUTHOR, 100);
  g_assert_cmpuint (later->ops->len, ==, 1);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (later->ops, 0))->case_uuid, ==, c->uuid);
}

/* Another author's op on a case holds back the later ops of that case. */
static void
test_batch_author_order (YcStoreFixture *f,
                         gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcCase) updated = NULL;
  g_autoptr(YcOperation) rate = NULL;
  g_autoptr(YcOutboxBatch) mine = NULL;
  g_autoptr(YcOutboxBatch) theirs = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  const YcActor *colleague = yc_test_actor ("c3");

  json_object_set_int_member (payload, "level", 5);
  rate = yc_operation_new (op_id, a->uuid, 1, YC_OP_RATING_SUBMIT, payload, NULL);
  updated = yc_store_apply_operation (f->store, rate, colleague, yc_test_store_calendar (), &error);
  g_assert_no_error (error);

  /* c3's rating waits for c1's acceptance of the same case. */
  theirs = take (f, "c3", 100);
  g_assert_cmpuint (theirs->ops->len, ==, 0);
  mine = take (f, AUTHOR, 100);
  g_assert_cmpuint (mine->ops->len, ==, 1);
  answer (f, mine->batch_id, yc_outbox_answer_new (op_id_at (mine, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);
  g_clear_pointer (&theirs, yc_outbox_batch_free);
  theirs = take (f, "c3", 100);
  g_assert_cmpuint (theirs->ops->len, ==, 1);
  g_assert_cmpstr (op_id_at (theirs, 0), ==, op_id);
}

/* Conflicts and refusals leave the outbox as problems with their payloads; an answer
 * applied twice changes nothing; flagged applicants are kept. */
static void
test_answers_and_problems (YcStoreFixture *f,
                           gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcCase) b = accept (f);
  g_autoptr(YcOutboxBatch) batch = take (f, AUTHOR, 100);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  YcOutboxAnswer *refused;
  YcSyncProblem *problem;

  refused = yc_outbox_answer_new (op_id_at (batch, 1), YC_OUTBOX_RESULT_REJECTED, 0,
                                  "duplicate_number", "The case number is already in use");
  refused->flag_applicant = g_strdup ("91110108MA01ABCD2X");
  refused->flag_reason = g_strdup ("承诺未兑现");
  answer (f, batch->batch_id,
          yc_outbox_answer_new (op_id_at (batch, 0), YC_OUTBOX_RESULT_CONFLICT, 4, NULL, NULL),
          refused, NULL);
  /* The same answers again (a replayed reply): nothing changes. */
  answer (f, batch->batch_id,
          yc_outbox_answer_new (op_id_at (batch, 0), YC_OUTBOX_RESULT_OK, 5, NULL, NULL), NULL);
  counts (f, 0, 2);
  g_assert_cmpstr (sync_state (f, a), ==, "conflict");
  g_assert_cmpstr (sync_state (f, b), ==, "rejected");

  problems = yc_store_list_problems (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 0);  /* newest first */
  g_assert_cmpstr (problem->op_id, ==, op_id_at (batch, 1));
  g_assert_cmpstr (problem->result, ==, "rejected");
  g_assert_cmpstr (problem->code, ==, "duplicate_number");
  g_assert_cmpstr (problem->case_number, ==, b->number);
  g_assert_cmpstr (problem->author, ==, AUTHOR);
  g_assert_nonnull (strstr (problem->payload, b->number));
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (problem->result, ==, "conflict");
  g_assert_null (problem->code);
  g_assert_cmpint (problem->server_version, ==, 4);

  g_assert_true (yc_store_applicant_is_flagged (f->store, "91110108MA01ABCD2X", &reason, &error));
  g_assert_cmpstr (reason, ==, "承诺未兑现");
  g_assert_false (yc_store_applicant_is_flagged (f->store, "110101199003070011", NULL, &error));
  g_assert_no_error (error);

  /* Discarded: kept, resolved; a never-acknowledged acceptance stays "rejected". */
  problem = g_ptr_array_index (problems, 0);
  g_assert_true (yc_store_discard_problem (f->store, problem->id, "c1", &error));
  g_assert_no_error (error);
  counts (f, 0, 1);
  g_assert_cmpstr (sync_state (f, b), ==, "rejected");

  /* Retried with a corrected payload: a new op at version 0 (an acceptance), pending. */
  problem = g_ptr_array_index (problems, 1);
  g_assert_false (yc_store_retry_problem (f->store, problem->id, "[1, 2]", "c1", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (yc_store_retry_problem (f->store, problem->id, NULL, "c1", &error));
  g_assert_no_error (error);
  counts (f, 1, 0);
  g_assert_cmpstr (sync_state (f, a), ==, "pending");
  g_clear_pointer (&batch, yc_outbox_batch_free);
  batch = take (f, AUTHOR, 100);
  g_assert_cmpuint (batch->ops->len, ==, 1);
  g_assert_cmpstr (op_id_at (batch, 0), !=, problem->op_id);
  g_assert_nonnull (strstr (((YcOutboxOp *) g_ptr_array_index (batch->ops, 0))->payload_json,
                            "\"base_version\":0"));

  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = yc_store_list_problems (f->store, TRUE, &error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 0))->resolution, ==, "discarded");
  g_assert_cmpstr (((YcSyncProblem *) g_ptr_array_index (problems, 1))->resolution, ==, "retried");
}

/* Scans still to upload: those of the user's sendable ops, until confirmed. */
static void
test_pending_uploads (YcStoreFixture *f,
                      gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GError) error = NULL;

  uploads = yc_store_list_pending_uploads (f->store, AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 2);
  g_assert_cmpstr (((YcPendingUpload *) g_ptr_array_index (uploads, 0))->sha256, ==, f->blob_a);
  g_assert_cmpint (((YcPendingUpload *) g_ptr_array_index (uploads, 0))->size, ==, 27);
  g_assert_null (((YcPendingUpload *) g_ptr_array_index (uploads, 0))->upload_id);

  /* The id is kept (to resume), then the blob is done. */
  g_assert_true (yc_store_record_upload (f->store, f->blob_a, AUTHOR, "up-1", FALSE, &error));
  g_assert_true (yc_store_record_upload (f->store, f->blob_b, AUTHOR, "up-2", FALSE, &error));
  g_assert_true (yc_store_record_upload (f->store, f->blob_b, AUTHOR, NULL, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&uploads, g_ptr_array_unref);
  uploads = yc_store_list_pending_uploads (f->store, AUTHOR, &error);
  g_assert_cmpuint (uploads->len, ==, 1);
  g_assert_cmpstr (((YcPendingUpload *) g_ptr_array_index (uploads, 0))->upload_id, ==, "up-1");

  /* Another user's uploads are theirs: none of c1's ops is c3's to send. */
  g_clear_pointer (&uploads, g_ptr_array_unref);
  uploads = yc_store_list_pending_uploads (f->store, "c3", &error);
  g_assert_cmpuint (uploads->len, ==, 0);
}

/* Several uploads recorded complete in one transaction (the sync engine's end several at a
 * time); another user's record does not count for this one. */
static void
test_uploads_complete_together (YcStoreFixture *f,
                                gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(GPtrArray) uploads = NULL;
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (done, f->blob_a);
  g_ptr_array_add (done, f->blob_b);
  g_assert_true (yc_store_record_uploads_complete (f->store, done, "c3", &error));
  g_assert_no_error (error);
  uploads = yc_store_list_pending_uploads (f->store, AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 2);
  g_clear_pointer (&uploads, g_ptr_array_unref);

  g_assert_true (yc_store_record_upload (f->store, f->blob_a, AUTHOR, "up-1", FALSE, &error));
  g_assert_true (yc_store_record_uploads_complete (f->store, done, AUTHOR, &error));
  g_assert_no_error (error);
  uploads = yc_store_list_pending_uploads (f->store, AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uploads->len, ==, 0);
}

static YcFeedChange *
case_change (YcCase *c,
             gint64  version)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(YcCase) copy = NULL;
  g_autoptr(GError) error = NULL;

  node = yc_case_to_json (c);
  copy = yc_case_from_json (node, &error);
  g_assert_no_error (error);
  copy->version = version;
  g_clear_pointer (&node, json_node_unref);
  node = yc_case_to_json (copy);
  return yc_feed_change_new (version, "case", c->uuid, version, json_node_get_object (node));
}

/* Pulled documents: newer than what the back office told us replaces ours; older or equal
 * does not; the cursor goes with the page. */
static void
test_feed_page (YcStoreFixture *f,
                gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcOutboxBatch) batch = take (f, AUTHOR, 100);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(YcCase) local = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  answer (f, batch->batch_id, yc_outbox_answer_new (op_id_at (batch, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);

  /* Version 1 is ours already; version 3 is newer. */
  g_ptr_array_add (changes, case_change (a, 1));
  applied = yc_store_apply_feed_page (f->store, changes, "e1:10", AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->changed_cases->len, ==, 0);
  g_clear_pointer (&applied, yc_feed_applied_free);
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_add (changes, case_change (a, 3));
  applied = yc_store_apply_feed_page (f->store, changes, "e1:12", AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->changed_cases->len, ==, 1);
  local = yc_store_get_case (f->store, a->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (local->version, ==, 3);
  g_assert_cmpstr (sync_state (f, a), ==, "synced");
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_cmpstr (cursor, ==, "e1:12");

  /* A case of another window of the hall is kept (the review queue lists the user's whole
   * scope, schema 7) but is not in this window's list of the day; one of ours (a
   * reinstalled window) is in both. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) node = yc_case_to_json (a);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("HD01-%s-20261123-0042", i == 0 ? "W99" : "W03");
      g_autoptr(YcCase) found = NULL;
      JsonObject *object = json_node_get_object (node);

      json_object_set_string_member (object, "uuid", uuid);
      json_object_set_string_member (object, "number", number);
      json_object_set_string_member (object, "window", i == 0 ? "W99" : "W03");
      g_clear_pointer (&applied, yc_feed_applied_free);
      g_ptr_array_set_size (changes, 0);
      g_ptr_array_add (changes, yc_feed_change_new (20 + i, "case", uuid, 1, object));
      applied = yc_store_apply_feed_page (f->store, changes, "e1:20", AUTHOR, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (applied->changed_cases->len, ==, 1);
      found = yc_store_get_case (f->store, uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (found->number, ==, number);
      {
        g_autofree char *day = yc_date_format_iso (&found->accepted_on);
        g_autoptr(GPtrArray) listed = yc_store_list_cases (f->store, day, &error);
        gboolean in_list = FALSE;

        g_assert_no_error (error);
        for (guint c = 0; c < listed->len; c++)
          in_list |= g_str_equal (((YcCase *) g_ptr_array_index (listed, c))->uuid, uuid);
        g_assert_true (in_list == (i == 1));
      }
    }

  /* After 410 the cursor is gone and the back office's next document is taken whatever
   * its version; ops waiting here stay. */
  g_assert_true (yc_store_reset_sync_cursor (f->store, &error));
  g_clear_pointer (&cursor, g_free);
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);
  g_clear_pointer (&applied, yc_feed_applied_free);
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_add (changes, case_change (a, 2));
  applied = yc_store_apply_feed_page (f->store, changes, "e2:1", AUTHOR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->changed_cases->len, ==, 1);
}

/* Reconciliation counts this window's cases of the day and hashes the acknowledged ones. */
static void
test_reconcile_and_close (YcStoreFixture *f,
                          gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcCase) b = accept (f);
  g_autoptr(YcOutboxBatch) batch = take (f, AUTHOR, 1);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autofree char *day = yc_date_format_iso (&a->accepted_on);
  g_autofree char *line = g_strdup_printf ("%s|%s\n", a->uuid, a->number);
  g_autofree char *hash = NULL;
  g_autoptr(YcDayClosing) stored = NULL;
  YcDayClosing closing = { 0 };
  gint64 accepted = 0, acknowledged = 0;

  answer (f, batch->batch_id, yc_outbox_answer_new (op_id_at (batch, 0), YC_OUTBOX_RESULT_OK, 1, NULL, NULL),
          NULL);
  g_assert_true (yc_store_reconcile_day (f->store, day, &accepted, &acknowledged, &hash, &error));
  g_assert_no_error (error);
  g_assert_cmpint (accepted, ==, 2);
  g_assert_cmpint (acknowledged, ==, 1);
  g_checksum_update (checksum, (const guchar *) line, -1);
  g_assert_cmpstr (hash, ==, g_checksum_get_string (checksum));
  g_assert_false (yc_store_reconcile_day (f->store, "2026-13-01", NULL, NULL, NULL, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A mismatch needs a written explanation; a day closes once. */
  g_assert_null (yc_store_get_day_closing (f->store, day, &error));
  g_assert_no_error (error);
  closing.day = day;
  closing.local_count = 2;
  closing.local_hash = hash;
  closing.server_count = 1;
  closing.server_hash = hash;
  closing.closed_by = (char *) "c1";
  closing.explanation = (char *) "   ";
  g_assert_false (yc_store_close_day (f->store, &closing, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  closing.explanation = (char *) "第二件案件离线受理，网络恢复后补传";
  g_assert_true (yc_store_close_day (f->store, &closing, &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_close_day (f->store, &closing, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  stored = yc_store_get_day_closing (f->store, day, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->local_count, ==, 2);
  g_assert_cmpint (stored->server_count, ==, 1);
  g_assert_cmpstr (stored->explanation, ==, closing.explanation);
  g_assert_cmpstr (stored->closed_by, ==, "c1");
  g_assert_nonnull (stored->closed_at);
  (void) b;
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The _async forms the GUI uses run on the writer thread and answer on our context. */
static void
test_async (YcStoreFixture *f,
            gconstpointer   data)
{
  g_autoptr(YcCase) a = accept (f);
  g_autoptr(YcOutboxBatch) batch = take (f, AUTHOR, 100);
  g_autofree char *day = yc_date_format_iso (&a->accepted_on);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(YcDayClosing) closing = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *reason = NULL;
  gint64 accepted = 0, acknowledged = 9;
  guint pending = 0, open = 9;

  answer (f, batch->batch_id,
          yc_outbox_answer_new (op_id_at (batch, 0), YC_OUTBOX_RESULT_REJECTED, 0, "forbidden", "no"),
          NULL);
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_list_problems_async (f->store, FALSE, NULL, async_cb, &result);
    problems = yc_store_list_problems_finish (f->store, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 1);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_discard_problem_async (f->store, ((YcSyncProblem *) g_ptr_array_index (problems, 0))->id,
                                    "c1", NULL, async_cb, &result);
    g_assert_true (yc_store_discard_problem_finish (f->store, wait_result (&result), &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_get_sync_counts_async (f->store, NULL, async_cb, &result);
    g_assert_true (yc_store_get_sync_counts_finish (f->store, wait_result (&result), &pending, &open,
                                                    &error));
    g_assert_cmpuint (pending, ==, 0);
    g_assert_cmpuint (open, ==, 0);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_reconcile_day_async (f->store, day, NULL, async_cb, &result);
    g_assert_true (yc_store_reconcile_day_finish (f->store, wait_result (&result), &accepted,
                                                  &acknowledged, &hash, &error));
    g_assert_cmpint (accepted, ==, 1);
    g_assert_cmpint (acknowledged, ==, 0);
    /* SHA-256 of nothing */
    g_assert_cmpstr (hash, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_get_day_closing_async (f->store, day, NULL, async_cb, &result);
    closing = yc_store_get_day_closing_finish (f->store, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_null (closing);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    yc_store_applicant_is_flagged_async (f->store, "x", NULL, async_cb, &result);
    g_assert_false (yc_store_applicant_is_flagged_finish (f->store, wait_result (&result), &reason,
                                                          &error));
    g_assert_no_error (error);
    g_assert_null (reason);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store-sync/" path, YcStoreFixture, NULL, yc_store_fixture_set_up, func, \
              yc_store_fixture_tear_down)
  ADD ("batch-stable", test_batch_stable);
  ADD ("batch-author-order", test_batch_author_order);
  ADD ("batch-upto", test_batch_upto);
  ADD ("answers-and-problems", test_answers_and_problems);
  ADD ("pending-uploads", test_pending_uploads);
  ADD ("uploads-complete-together", test_uploads_complete_together);
  ADD ("feed-page", test_feed_page);
  ADD ("reconcile-and-close", test_reconcile_and_close);
  ADD ("async", test_async);
#undef ADD

  return g_test_run ();
}
