/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <sodium.h>

#include "yc-backoffice-private.h"

/* The chores that no request triggers: a new epoch after a restore, tolerance deadlines
 * running out, and the periodic clean-up. */

#define UPLOAD_EXPIRY (24 * G_TIME_SPAN_HOUR)

/**
 * yc_backoffice_new_epoch:
 *
 * Replaces the epoch of the change feed.  A database restored from a backup has lost the
 * changes after the backup, which clients may already hold: a new epoch makes every cursor
 * GONE, so that every client resynchronises from scratch.
 */
gboolean
yc_backoffice_new_epoch (YcBackoffice  *self,
                         GError       **error)
{
  g_autofree char *epoch = NULL;
  guint8 random[8];

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  randombytes_buf (random, sizeof random);
  epoch = g_malloc (2 * sizeof random + 1);
  sodium_bin2hex (epoch, 2 * sizeof random + 1, random, sizeof random);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  if (!yc_backoffice_storage_meta_set (self->storage, "epoch", epoch, error)
      || !yc_audit_append (self->storage, yc_backoffice_now_unix (self), "-", "epoch.new", epoch,
                           "ok", NULL, error))
    {
      yc_backoffice_storage_rollback (self->storage);
      return FALSE;
    }
  if (!yc_backoffice_storage_commit (self->storage, error))
    return FALSE;

  g_message ("The change feed has a new epoch %s: clients will resynchronise", epoch);
  g_mutex_lock (&self->lock);
  /* The old string may still be in a caller's hands (get_epoch returns it unowned): keep
   * it alive with the object rather than free it under them. */
  g_ptr_array_add (self->old_epochs, self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
has_outstanding_tolerance (YcCase *c)
{
  for (guint i = 0; c->tolerated != NULL && i < c->tolerated->len; i++)
    if (!((YcCaseTolerated *) g_ptr_array_index (c->tolerated, i))->received)
      return TRUE;
  return FALSE;
}

/**
 * yc_backoffice_expire_tolerances:
 *
 * Terminates the cases whose tolerated material (容缺) is still missing more than
 * YC_CASE_TOLERANCE_GRACE_DAYS after its due date, as the case machine defines it (the grace
 * lets a supplement received offline in time reach the back office), each with its change on
 * the feed.
 *
 * Returns: how many cases were terminated.
 */
guint
yc_backoffice_expire_tolerances (YcBackoffice *self)
{
  YcStorageCaseFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *at = NULL;
  guint64 seq = 0;
  guint terminated = 0;
  GDate today;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), 0);

  now = yc_backoffice_now (self);
  at = g_date_time_format_iso8601 (now);
  yc_backoffice_today (self, &today);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    goto fail;
  rows = yc_backoffice_storage_case_query (self->storage, &filter, &error);
  if (rows == NULL)
    goto rollback;
  for (guint i = 0; i < rows->len; i++)
    {
      const YcStorageCase *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonNode) document = NULL;
      g_autoptr(YcCase) c = NULL;
      YcCaseState state;

      if (!yc_case_state_from_string (row->state, &state) || yc_case_state_is_final (state))
        continue;
      document = json_from_string (row->document, NULL);
      if (document != NULL)
        c = yc_case_from_json (document, NULL);
      if (c == NULL || !has_outstanding_tolerance (c) || !yc_case_expire_tolerance (c, &today, at))
        continue;
      seq = yc_backoffice_store_case (self, c, g_date_time_to_unix (now), &error);
      if (seq == 0
          || !yc_audit_append (self->storage, g_date_time_to_unix (now), "-", "case.terminate",
                               c->uuid, "ok", NULL, &error))
        goto rollback;
      terminated++;
    }
  if (!yc_backoffice_storage_commit (self->storage, &error))
    goto fail;
  if (terminated > 0)
    {
      g_info ("%u cases terminated: tolerated material not brought in time", terminated);
      yc_backoffice_emit_committed (self, seq);
    }
  return terminated;

rollback:
  yc_backoffice_storage_rollback (self->storage);
fail:
  g_message ("Expiring tolerances failed: %s", error->message);
  return 0;
}

/**
 * yc_backoffice_run_maintenance:
 *
 * The periodic chores: abandoned uploads (untouched for a day), op ids older than the
 * 90-day floor, expired sessions, and expired tolerances.  Failures are logged; the next run
 * tries again.
 */
void
yc_backoffice_run_maintenance (YcBackoffice *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (YC_IS_BACKOFFICE (self));

  yc_backoffice_expire_uploads (self, UPLOAD_EXPIRY);
  yc_backoffice_purge_op_ids (self, YC_BACKOFFICE_OP_RETENTION_FLOOR);
  yc_backoffice_expire_tolerances (self);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    goto fail;
  if (!yc_backoffice_storage_sessions_purge (self->storage, NULL, yc_backoffice_now_unix (self), &error))
    {
      yc_backoffice_storage_rollback (self->storage);
      goto fail;
    }
  if (yc_backoffice_storage_commit (self->storage, &error))
    return;
fail:
  g_message ("Purging expired sessions failed: %s", error->message);
}
