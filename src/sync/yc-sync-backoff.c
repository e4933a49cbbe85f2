/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include "yc-sync-backoff.h"

struct _YcSyncBackoff {
  guint  base_ms;
  guint  max_ms;
  guint  failures;
  guint  bound_ms;
  GRand *rand;
};

YcSyncBackoff *
yc_sync_backoff_new (guint base_ms,
                     guint max_ms)
{
  YcSyncBackoff *self;

  g_return_val_if_fail (base_ms > 0, NULL);
  g_return_val_if_fail (max_ms >= base_ms, NULL);

  self = g_new0 (YcSyncBackoff, 1);
  self->base_ms = base_ms;
  self->max_ms = max_ms;
  self->rand = g_rand_new ();
  return self;
}

void
yc_sync_backoff_free (YcSyncBackoff *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_free (self);
}

void
yc_sync_backoff_set_seed (YcSyncBackoff *self,
                          guint32        seed)
{
  g_return_if_fail (self != NULL);

  g_rand_set_seed (self->rand, seed);
}

guint
yc_sync_backoff_fail (YcSyncBackoff *self)
{
  guint64 bound;

  g_return_val_if_fail (self != NULL, 0);

  /* Doubling stops once the cap is reached, so the shift never overflows. */
  if (self->bound_ms < self->max_ms)
    self->failures++;
  bound = (guint64) self->base_ms << MIN (self->failures - 1, 31u);
  self->bound_ms = (guint) MIN (bound, (guint64) self->max_ms);
  return (guint) g_rand_int_range (self->rand, 0, (gint32) MIN (self->bound_ms, (guint) G_MAXINT32 - 1) + 1);
}

guint
yc_sync_backoff_get_bound (YcSyncBackoff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bound_ms;
}

guint
yc_sync_backoff_get_failures (YcSyncBackoff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failures;
}

void
yc_sync_backoff_reset (YcSyncBackoff *self)
{
  g_return_if_fail (self != NULL);

  self->failures = 0;
  self->bound_ms = 0;
}
