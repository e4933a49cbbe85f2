/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store.h"

/* The records of sync bookkeeping (yc-store.h, "Sync bookkeeping"): copies and frees. */

YcSyncProblem *
yc_sync_problem_copy (const YcSyncProblem *problem)
{
  YcSyncProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (YcSyncProblem, 1);
  copy->id = problem->id;
  copy->op_id = g_strdup (problem->op_id);
  copy->case_uuid = g_strdup (problem->case_uuid);
  copy->case_number = g_strdup (problem->case_number);
  copy->op_kind = g_strdup (problem->op_kind);
  copy->result = g_strdup (problem->result);
  copy->code = g_strdup (problem->code);
  copy->reason = g_strdup (problem->reason);
  copy->payload = g_strdup (problem->payload);
  copy->server_version = problem->server_version;
  copy->created_at = g_strdup (problem->created_at);
  copy->author = g_strdup (problem->author);
  copy->resolution = g_strdup (problem->resolution);
  copy->resolved_by = g_strdup (problem->resolved_by);
  copy->resolved_at = g_strdup (problem->resolved_at);
  copy->retry_op_id = g_strdup (problem->retry_op_id);
  return copy;
}

void
yc_sync_problem_free (YcSyncProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->op_id);
  g_free (problem->case_uuid);
  g_free (problem->case_number);
  g_free (problem->op_kind);
  g_free (problem->result);
  g_free (problem->code);
  g_free (problem->reason);
  g_free (problem->payload);
  g_free (problem->created_at);
  g_free (problem->author);
  g_free (problem->resolution);
  g_free (problem->resolved_by);
  g_free (problem->resolved_at);
  g_free (problem->retry_op_id);
  g_free (problem);
}

G_DEFINE_BOXED_TYPE (YcSyncProblem, yc_sync_problem, yc_sync_problem_copy, yc_sync_problem_free)

YcUrge *
yc_urge_copy (const YcUrge *urge)
{
  YcUrge *copy;

  g_return_val_if_fail (urge != NULL, NULL);

  copy = g_new0 (YcUrge, 1);
  copy->id = g_strdup (urge->id);
  copy->case_uuid = g_strdup (urge->case_uuid);
  copy->case_number = g_strdup (urge->case_number);
  copy->message = g_strdup (urge->message);
  copy->from_user = g_strdup (urge->from_user);
  copy->created_at = g_strdup (urge->created_at);
  copy->acknowledged_at = g_strdup (urge->acknowledged_at);
  copy->addressee = g_strdup (urge->addressee);
  copy->department = g_strdup (urge->department);
  copy->hall = g_strdup (urge->hall);
  return copy;
}

void
yc_urge_free (YcUrge *urge)
{
  if (urge == NULL)
    return;
  g_free (urge->id);
  g_free (urge->case_uuid);
  g_free (urge->case_number);
  g_free (urge->message);
  g_free (urge->from_user);
  g_free (urge->created_at);
  g_free (urge->acknowledged_at);
  g_free (urge->addressee);
  g_free (urge->department);
  g_free (urge->hall);
  g_free (urge);
}

G_DEFINE_BOXED_TYPE (YcUrge, yc_urge, yc_urge_copy, yc_urge_free)

YcDayClosing *
yc_day_closing_copy (const YcDayClosing *closing)
{
  YcDayClosing *copy;

  g_return_val_if_fail (closing != NULL, NULL);

  copy = g_new0 (YcDayClosing, 1);
  copy->day = g_strdup (closing->day);
  copy->local_count = closing->local_count;
  copy->local_hash = g_strdup (closing->local_hash);
  copy->server_count = closing->server_count;
  copy->server_hash = g_strdup (closing->server_hash);
  copy->explanation = g_strdup (closing->explanation);
  copy->closed_by = g_strdup (closing->closed_by);
  copy->closed_at = g_strdup (closing->closed_at);
  return copy;
}

void
yc_day_closing_free (YcDayClosing *closing)
{
  if (closing == NULL)
    return;
  g_free (closing->day);
  g_free (closing->local_hash);
  g_free (closing->server_hash);
  g_free (closing->explanation);
  g_free (closing->closed_by);
  g_free (closing->closed_at);
  g_free (closing);
}

G_DEFINE_BOXED_TYPE (YcDayClosing, yc_day_closing, yc_day_closing_copy, yc_day_closing_free)

void
yc_pending_upload_free (YcPendingUpload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->sha256);
  g_free (upload->upload_id);
  g_free (upload);
}

void
yc_outbox_batch_free (YcOutboxBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->batch_id);
  g_clear_pointer (&batch->ops, g_ptr_array_unref);
  g_free (batch);
}

YcOutboxAnswer *
yc_outbox_answer_new (const char     *op_id,
                      YcOutboxResult  result,
                      gint64          version,
                      const char     *code,
                      const char     *reason)
{
  YcOutboxAnswer *answer;

  g_return_val_if_fail (op_id != NULL, NULL);

  answer = g_new0 (YcOutboxAnswer, 1);
  answer->op_id = g_strdup (op_id);
  answer->result = result;
  answer->version = version;
  answer->code = g_strdup (code);
  answer->reason = g_strdup (reason);
  return answer;
}

void
yc_outbox_answer_free (YcOutboxAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->op_id);
  g_free (answer->code);
  g_free (answer->reason);
  g_free (answer->flag_applicant);
  g_free (answer->flag_reason);
  g_free (answer);
}

YcFeedChange *
yc_feed_change_new (gint64      seq,
                    const char *kind,
                    const char *case_uuid,
                    gint64      version,
                    JsonObject *payload)
{
  YcFeedChange *change;

  g_return_val_if_fail (kind != NULL, NULL);

  change = g_new0 (YcFeedChange, 1);
  change->seq = seq;
  change->kind = g_strdup (kind);
  change->case_uuid = g_strdup (case_uuid);
  change->version = version;
  change->payload = payload != NULL ? json_object_ref (payload) : json_object_new ();
  return change;
}

void
yc_feed_change_free (YcFeedChange *change)
{
  if (change == NULL)
    return;
  g_free (change->kind);
  g_free (change->case_uuid);
  g_clear_pointer (&change->payload, json_object_unref);
  g_free (change);
}

void
yc_feed_applied_free (YcFeedApplied *applied)
{
  if (applied == NULL)
    return;
  g_clear_pointer (&applied->changed_cases, g_ptr_array_unref);
  g_clear_pointer (&applied->new_urges, g_ptr_array_unref);
  g_clear_pointer (&applied->catalogs, g_ptr_array_unref);
  g_free (applied);
}
