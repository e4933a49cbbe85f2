/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * Group commit.  A durable commit costs a write and an fsync of the log whatever it holds,
 * and a push is a few small rows, so when many windows push at once most of the time would
 * go to commits.  Instead, the threads that want to commit queue their units; one of them
 * (the leader) takes the whole queue, applies each unit in a savepoint of one write
 * transaction, commits once and wakes the others.  Units queued meanwhile form the next
 * group, led by one of their own threads.
 *
 * What each unit sees and writes is exactly what it would have in a transaction of its own
 * run in queue order; a unit that fails is rolled back to its savepoint and the others go
 * on.  Nobody is answered before the commit that holds their unit returned, so an answered
 * push is durable.  If the commit fails, every unit of the group gets the error and nothing
 * of the group was written.
 */

/* Enough to amortise the commit; small enough that no batch waits for a long group. */
#define MAX_GROUP 32
/* How long a leader waits for pushes still being parsed by other threads to join its group
 * (none waits when nobody else is pushing): small against the time a push takes. */
#define GROUP_WAIT (2 * G_TIME_SPAN_MILLISECOND)

void
yc_backoffice_group_init (YcBackoffice *self)
{
  g_mutex_init (&self->group_lock);
  g_cond_init (&self->group_cond);
  self->group_queue = g_ptr_array_new ();
}

void
yc_backoffice_group_clear (YcBackoffice *self)
{
  g_clear_pointer (&self->group_queue, g_ptr_array_unref);
  g_cond_clear (&self->group_cond);
  g_mutex_clear (&self->group_lock);
}

static void
unit_reset (YcGroupUnit *unit)
{
  g_clear_error (&unit->error);
  unit->last_seq = 0;
  if (unit->reset != NULL)
    unit->reset (unit);
}

static void
fail_all (GPtrArray    *units,
          const GError *error)
{
  for (guint i = 0; i < units->len; i++)
    {
      YcGroupUnit *unit = g_ptr_array_index (units, i);

      if (unit->error == NULL)
        unit->error = g_error_copy (error);
    }
}

/* Applies @group in one transaction.  When the database itself dropped the transaction
 * (SQLite does after an I/O error or a full disk), the unit that met it fails and the
 * others are applied again in a new transaction: one unit's failure never costs another
 * its commit. */
static void
run_group (YcBackoffice *self,
           GPtrArray    *group)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_copy (group, NULL, NULL);

  while (todo->len > 0)
    {
      g_autoptr(GError) error = NULL;
      guint64 last_seq = 0;
      gint lost = -1;

      for (guint i = 0; i < todo->len; i++)
        unit_reset (g_ptr_array_index (todo, i));

      if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
        {
          fail_all (todo, error);
          return;
        }

      for (guint i = 0; i < todo->len && lost < 0; i++)
        {
          YcGroupUnit *unit = g_ptr_array_index (todo, i);

          if (!yc_backoffice_storage_savepoint (self->storage, &unit->error))
            lost = i;
          else if (unit->apply (unit, &unit->error))
            {
              if (!yc_backoffice_storage_release (self->storage, &unit->error))
                lost = i;
            }
          else
            {
              g_autoptr(GError) rollback_error = NULL;

              if (unit->error == NULL)
                g_set_error_literal (&unit->error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_STORAGE,
                                     _("The back office could not apply this batch; retry it"));
              if (!yc_backoffice_storage_rollback_to (self->storage, &rollback_error))
                {
                  g_message ("A push failed and took its transaction with it: %s (%s)",
                             unit->error->message, rollback_error->message);
                  lost = i;
                }
            }
        }

      if (lost >= 0)
        {
          yc_backoffice_storage_rollback (self->storage);
          g_ptr_array_remove_index (todo, lost);
          continue;
        }

      if (!yc_backoffice_storage_commit (self->storage, &error))
        {
          for (guint i = 0; i < todo->len; i++)
            {
              YcGroupUnit *unit = g_ptr_array_index (todo, i);

              g_clear_error (&unit->error);
              unit->error = g_error_copy (error);
            }
          return;
        }

      for (guint i = 0; i < todo->len; i++)
        {
          YcGroupUnit *unit = g_ptr_array_index (todo, i);

          if (unit->error == NULL)
            last_seq = MAX (last_seq, unit->last_seq);
        }
      if (last_seq > 0)
        yc_backoffice_emit_committed (self, last_seq);
      return;
    }
}

/**
 * yc_backoffice_group_announce:
 *
 * Says that this thread is preparing a unit it will pass to yc_backoffice_group_commit()
 * soon, so that a leader about to commit may wait a moment for it.
 */
void
yc_backoffice_group_announce (YcBackoffice *self)
{
  g_mutex_lock (&self->group_lock);
  self->group_preparing++;
  g_mutex_unlock (&self->group_lock);
}

/**
 * yc_backoffice_group_commit:
 *
 * Queues @unit for the next group commit and returns once a group holding it was committed
 * (or failed).  The calling thread may be the one that applies the group.
 */
void
yc_backoffice_group_commit (YcBackoffice *self,
                            YcGroupUnit  *unit)
{
  unit->done = FALSE;
  g_clear_error (&unit->error);
  g_cond_init (&unit->cond);

  /* Each waiting thread sleeps on its own unit's condition and is woken only when its unit
   * is done or it is to lead the next group: with fifty windows pushing, waking every
   * waiter for every push queued and every group committed cost more in context switches
   * than the parsing of the pushes. */
  g_mutex_lock (&self->group_lock);
  g_assert (self->group_preparing > 0);
  self->group_preparing--;
  g_ptr_array_add (self->group_queue, unit);
  if (self->group_gathering)
    g_cond_signal (&self->group_cond);
  while (!unit->done)
    {
      g_autoptr(GPtrArray) group = NULL;
      gint64 deadline;
      guint n;

      if (self->group_committing)
        {
          g_cond_wait (&unit->cond, &self->group_lock);
          continue;
        }

      /* Lead: wait briefly for the pushes being prepared right now, then take what is
       * queued, in queue order (@unit among it unless an earlier leader took it, in which
       * case it is done by now). */
      self->group_committing = TRUE;
      self->group_gathering = TRUE;
      deadline = g_get_monotonic_time () + GROUP_WAIT;
      while (self->group_preparing > 0 && self->group_queue->len < MAX_GROUP)
        if (!g_cond_wait_until (&self->group_cond, &self->group_lock, deadline))
          break;
      self->group_gathering = FALSE;
      n = MIN (self->group_queue->len, MAX_GROUP);
      group = g_ptr_array_new ();
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (group, g_ptr_array_index (self->group_queue, i));
      g_ptr_array_remove_range (self->group_queue, 0, n);
      g_mutex_unlock (&self->group_lock);

      g_debug ("Group commit of %u pushes", group->len);
      run_group (self, group);

      g_mutex_lock (&self->group_lock);
      for (guint i = 0; i < group->len; i++)
        {
          YcGroupUnit *member = g_ptr_array_index (group, i);

          member->done = TRUE;
          if (member != unit)
            g_cond_signal (&member->cond);
        }
      self->group_committing = FALSE;
      /* The first push still queued leads the next group. */
      if (self->group_queue->len > 0)
        g_cond_signal (&((YcGroupUnit *) g_ptr_array_index (self->group_queue, 0))->cond);
    }
  g_mutex_unlock (&self->group_lock);
  g_cond_clear (&unit->cond);
}
