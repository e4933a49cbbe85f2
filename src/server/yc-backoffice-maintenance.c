/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <sodium.h>

#include "yc-backoffice-push-private.h"

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

/* Cases per write transaction of tolerance expiry: each transaction stays short, so that
 * pushes queued behind the writer lock wait milliseconds, not the whole sweep. */
#define TOLERANCE_BATCH 50

char *
yc_backoffice_tolerance_due (YcCase *c)
{
  const GDate *earliest = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  if (yc_case_state_is_final (c->state))
    return NULL;
  for (guint i = 0; c->tolerated != NULL && i < c->tolerated->len; i++)
    {
      const YcCaseTolerated *tolerated = g_ptr_array_index (c->tolerated, i);

      if (!tolerated->received && g_date_valid (&tolerated->due)
          && (earliest == NULL || g_date_compare (&tolerated->due, earliest) < 0))
        earliest = &tolerated->due;
    }
  return earliest != NULL ? yc_backoffice_date_to_iso (earliest) : NULL;
}

/* A case the sweep terminates: the case as terminated, its stored form (both made outside
 * any transaction) and the version it had when it was read. */
typedef struct {
  YcCase        *c;
  YcStorageCase *row;
  gint64         read_version;
} Expiring;

static void
expiring_free (gpointer data)
{
  Expiring *expiring = data;

  yc_case_unref (expiring->c);
  yc_storage_case_free (expiring->row);
  g_free (expiring);
}

/* Stores the terminated cases of one page in a short write transaction; a case a push
 * changed since it was read is left for the next run, which reads it again.  Returns the
 * number stored, or -1 with @error. */
static gint
store_expired (YcBackoffice  *self,
               GPtrArray     *expiring,
               gint64         now,
               guint64       *out_seq,
               GError       **error)
{
  gint stored = 0;

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return -1;
  for (guint i = 0; i < expiring->len; i++)
    {
      const Expiring *e = g_ptr_array_index (expiring, i);
      g_autoptr(YcStorageCase) current = NULL;
      g_autoptr(GError) local_error = NULL;
      guint64 seq;

      current = yc_backoffice_storage_case_get (self->storage, e->c->uuid, &local_error);
      if (local_error != NULL)
        goto fail;
      if (current == NULL || current->version != e->read_version)
        continue;
      seq = yc_backoffice_store_case_row (self, e->c, e->row, now, &local_error);
      if (seq == 0
          || !yc_audit_append (self->storage, now, "-", "case.terminate", e->c->uuid, "ok",
                               NULL, &local_error))
        goto fail;
      *out_seq = seq;
      stored++;
      continue;

    fail:
      yc_backoffice_storage_rollback (self->storage);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  if (!yc_backoffice_storage_commit (self->storage, error))
    return -1;
  return stored;
}

guint
yc_backoffice_expire_tolerances_in_batches (YcBackoffice *self,
                                            guint         batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *at = NULL;
  g_autofree char *cutoff = NULL;
  g_autofree char *after_due = NULL;
  g_autofree char *after_uuid = NULL;
  guint terminated = 0;
  GDate today, last_due;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), 0);
  g_return_val_if_fail (batch > 0, 0);

  now = yc_backoffice_now (self);
  at = g_date_time_format_iso8601 (now);
  yc_backoffice_today (self, &today);
  /* yc_case_tolerance_expired(): due + grace < today, i.e. due < today - grace. */
  last_due = today;
  g_date_subtract_days (&last_due, YC_CASE_TOLERANCE_GRACE_DAYS);
  cutoff = yc_backoffice_date_to_iso (&last_due);

  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GPtrArray) expiring = g_ptr_array_new_with_free_func (expiring_free);
      const YcStorageCase *last;
      guint64 seq = 0;
      gint stored;

      /* Only the cases the index says may be due, a page at a time, read without the
       * writer; the case machine runs with no transaction open. */
      if (!yc_backoffice_storage_begin (self->storage, FALSE, &error))
        goto fail;
      rows = yc_backoffice_storage_cases_tolerance_due (self->storage, cutoff, after_due,
                                                        after_uuid, batch, &error);
      yc_backoffice_storage_rollback (self->storage);
      if (rows == NULL)
        goto fail;
      if (rows->len == 0)
        break;
      last = g_ptr_array_index (rows, rows->len - 1);
      g_free (after_due);
      g_free (after_uuid);
      after_due = g_strdup (last->tolerance_due);
      after_uuid = g_strdup (last->uuid);

      for (guint i = 0; i < rows->len; i++)
        {
          const YcStorageCase *row = g_ptr_array_index (rows, i);
          g_autoptr(JsonNode) document = json_from_string (row->document, NULL);
          g_autoptr(YcCase) c = NULL;
          Expiring *e;

          if (document != NULL)
            c = yc_case_from_json (document, NULL);
          if (c == NULL)
            {
              g_warning ("Case %s cannot be read back from its stored document: its "
                         "tolerance cannot expire", row->uuid);
              continue;
            }
          if (!yc_case_expire_tolerance (c, &today, at))
            continue;
          e = g_new0 (Expiring, 1);
          e->read_version = row->version;
          e->row = yc_push_storage_case_new (c, g_date_time_to_unix (now));
          e->c = g_steal_pointer (&c);
          g_ptr_array_add (expiring, e);
        }

      if (expiring->len > 0)
        {
          stored = store_expired (self, expiring, g_date_time_to_unix (now), &seq, &error);
          if (stored < 0)
            goto fail;
          terminated += stored;
          if (seq > 0)
            yc_backoffice_emit_committed (self, seq);
        }
      if (rows->len < batch)
        break;
    }

  if (terminated > 0)
    g_info ("%u cases terminated: tolerated material not brought in time", terminated);
  return terminated;

fail:
  g_message ("Expiring tolerances failed: %s", error->message);
  return terminated;
}

/**
 * yc_backoffice_expire_tolerances:
 *
 * Terminates the cases whose tolerated material (容缺) is still missing more than
 * YC_CASE_TOLERANCE_GRACE_DAYS after its due date, as the case machine defines it (the grace
 * lets a supplement received offline in time reach the back office), each with its change on
 * the feed.  Only cases with an open tolerance past that date are read (an index), a page at
 * a time; each page is terminated in its own short write transaction, and the case machine
 * runs outside any transaction.
 *
 * Returns: how many cases were terminated.
 */
guint
yc_backoffice_expire_tolerances (YcBackoffice *self)
{
  return yc_backoffice_expire_tolerances_in_batches (self, TOLERANCE_BATCH);
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
