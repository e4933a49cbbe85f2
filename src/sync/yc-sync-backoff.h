/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Exponential backoff with full jitter: after the n-th failure in a row the bound is
 * min (max, base × 2^(n-1)) and the delay is drawn uniformly from 0 … bound, so that a
 * hall of windows coming back after an outage does not knock on the back office in step.
 * A success resets it.
 */

typedef struct _YcSyncBackoff YcSyncBackoff;

#define YC_SYNC_BACKOFF_DEFAULT_BASE_MS 1000
#define YC_SYNC_BACKOFF_DEFAULT_MAX_MS  (5 * 60 * 1000)

YcSyncBackoff *yc_sync_backoff_new        (guint          base_ms,
                                           guint          max_ms);
void           yc_sync_backoff_free       (YcSyncBackoff *self);
/* Tests: a fixed seed gives the same delays. */
void           yc_sync_backoff_set_seed   (YcSyncBackoff *self,
                                           guint32        seed);
/* Counts a failure; returns the delay in ms before the next attempt. */
guint          yc_sync_backoff_fail       (YcSyncBackoff *self);
/* The bound of the last delay; 0 after a success. */
guint          yc_sync_backoff_get_bound  (YcSyncBackoff *self);
guint          yc_sync_backoff_get_failures (YcSyncBackoff *self);
void           yc_sync_backoff_reset      (YcSyncBackoff *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSyncBackoff, yc_sync_backoff_free)

G_END_DECLS
