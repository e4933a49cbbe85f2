/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include "yc-backoffice-client.h"
#include "yc-sync-engine-private.h"

/*
 * What starts a round besides a kick and the timer (yc-sync-engine.c): the change feed's
 * long poll while idle, /healthz while offline, the network coming back, and the session
 * going online or changing hands.
 */

void
yc_sync_engine_cancel_poll (YcSyncEngine *self)
{
  if (self->poll_cancellable != NULL)
    {
      g_cancellable_cancel (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
}

/* Long poll: while idle, the feed is asked with wait=N; a change (or a 410) starts a
 * round, which reads the feed from the stored cursor. */

typedef struct {
  YcSyncEngine *engine;
  GCancellable *cancellable;
} Poll;

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Poll *poll = user_data;
  g_autoptr(YcSyncEngine) self = poll->engine;
  g_autoptr(GCancellable) cancellable = poll->cancellable;
  g_autoptr(YcChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_free (poll);
  page = yc_backoffice_client_get_changes_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  /* Only the poll still wanted decides anything: a cancelled or replaced one is over. */
  if (cancellable != self->poll_cancellable || !self->started || self->round_running)
    return;
  g_clear_object (&self->poll_cancellable);

  if (error != NULL && !g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_GONE))
    {
      yc_sync_engine_after_failure (self, error);
      return;
    }
  if (error != NULL || page->changes->len > 0)
    yc_sync_engine_run_round (self);
  else
    yc_sync_engine_start_long_poll (self);
}

void
yc_sync_engine_start_long_poll (YcSyncEngine *self)
{
  Poll *poll;

  if (!self->started || self->long_poll_seconds == 0 || self->round_running
      || self->poll_cancellable != NULL || !yc_sync_engine_can_send (self))
    return;
  self->poll_cancellable = g_cancellable_new ();
  poll = g_new0 (Poll, 1);
  poll->engine = g_object_ref (self);
  poll->cancellable = g_object_ref (self->poll_cancellable);
  yc_backoffice_client_get_changes_async (yc_session_manager_get_client (self->sessions),
                                          self->cursor, 1, self->long_poll_seconds,
                                          self->poll_cancellable, poll_cb, poll);
}

/* Offline: /healthz every probe-seconds; when it answers, a round at once. */

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(YcSyncEngine) self = user_data;
  g_autoptr(YcBackofficeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  self->probing = FALSE;
  health = yc_backoffice_client_health_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  if (!self->started || self->state != YC_SYNC_STATE_OFFLINE)
    return;
  if (health == NULL)
    {
      yc_sync_engine_schedule_probe (self);
      return;
    }
  g_debug ("the back office answers again; syncing");
  yc_sync_backoff_reset (self->backoff);
  yc_sync_engine_run_round (self);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  YcSyncEngine *self = user_data;

  g_clear_pointer (&self->probe_source, g_source_unref);
  if (self->state != YC_SYNC_STATE_OFFLINE || self->probing || self->round_running)
    return G_SOURCE_REMOVE;
  self->probing = TRUE;
  yc_backoffice_client_health_async (yc_session_manager_get_client (self->sessions),
                                     self->round_cancellable, probe_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
yc_sync_engine_schedule_probe (YcSyncEngine *self)
{
  if (self->probe_source != NULL || self->probe_seconds == 0)
    return;
  self->probe_source = yc_sync_engine_add_timeout (self, self->probe_seconds * 1000, probe_timeout_cb,
                                    "[yc-sync] probe");
}

/* Triggers from outside */

void
yc_sync_engine_network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    YcSyncEngine    *self)
{
  if (!available || self->state != YC_SYNC_STATE_OFFLINE)
    return;
  g_debug ("the network changed; trying the back office again");
  yc_sync_backoff_reset (self->backoff);
  yc_sync_engine_run_round (self);
}

void
yc_sync_engine_session_changed_cb (YcSessionManager *sessions,
                    GParamSpec       *pspec,
                    YcSyncEngine     *self)
{
  if (!self->started)
    return;
  /* Another user, or signed out: a refused token of the previous one no longer matters. */
  if (self->refused_user != NULL
      && g_strcmp0 (self->refused_user, yc_session_manager_get_username (sessions)) != 0)
    g_clear_pointer (&self->refused_user, g_free);
  if (!yc_sync_engine_can_send (self))
    {
      /* Signed out, or offline: what runs was for the previous session. */
      if (self->round_cancellable != NULL)
        g_cancellable_cancel (self->round_cancellable);
      g_clear_object (&self->round_cancellable);
      yc_sync_engine_cancel_poll (self);
      self->round_running = FALSE;
      yc_sync_engine_clear_source (&self->retry_source);
      yc_sync_engine_set_state (self, yc_sync_engine_state_without_token (self));
      yc_sync_engine_set_progress (self, -1.0);
      yc_sync_engine_refresh_counts (self);
      return;
    }
  /* Online again (signed in anew after a 401, say): the refusal is over. */
  g_clear_pointer (&self->refused_user, g_free);
  yc_sync_backoff_reset (self->backoff);
  yc_sync_engine_schedule_soon (self);
}
