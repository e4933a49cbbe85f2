/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-sync-backoff.h"
#include "yc-sync-engine.h"

G_BEGIN_DECLS

/* Shared by yc-sync-engine.c (triggers, state) and yc-sync-round.c (one round). */

struct _YcSyncEngine {
  GObject             parent_instance;

  YcSessionManager   *sessions;
  YcStore            *store;
  YcCalendar         *calendar;
  GMainContext       *context;

  YcSyncState         state;
  guint               pending;
  guint               problems;
  double              progress;
  char               *last_error;
  GDateTime          *last_synced_at;

  YcSyncBackoff      *backoff;
  gboolean            started;
  gboolean            round_running;
  gboolean            round_again;
  GCancellable       *round_cancellable;
  GCancellable       *poll_cancellable;
  char               *cursor;           /* the feed cursor after the last round */
  char               *refused_user;     /* whose token the back office refused (401), until
                                           they sign in online again or someone else does */

  GSource            *soon_source;      /* a kick, coalesced */
  GSource            *retry_source;     /* the next attempt after a failure */
  GSource            *interval_source;  /* the periodic round */
  GSource            *probe_source;     /* /healthz while offline */
  gboolean            probing;

  gulong              network_handler;
  gulong              online_handler;
  gulong              signed_in_handler;

  guint               interval_seconds;
  guint               long_poll_seconds;
  guint               probe_seconds;
};

/* One round (yc-sync-round.c): uploads, push, pull.  @out_cursor: the feed cursor at the
 * end. */
void      yc_sync_round_run               (YcSyncEngine         *self,
                                           const char           *username,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  yc_sync_round_finish            (YcSyncEngine         *self,
                                           GAsyncResult         *result,
                                           char                **out_cursor,
                                           GError              **error);

/* yc-sync-engine.c: state and timers */
void      yc_sync_engine_set_progress     (YcSyncEngine         *self,
                                           double                progress);
void      yc_sync_engine_set_state        (YcSyncEngine         *self,
                                           YcSyncState           state);
gboolean  yc_sync_engine_can_send         (YcSyncEngine         *self);
/* The state while nothing can be sent: NEEDS_SIGN_IN after a 401, else SIGNED_OUT. */
YcSyncState yc_sync_engine_state_without_token (YcSyncEngine     *self);
void      yc_sync_engine_refresh_counts   (YcSyncEngine         *self);
void      yc_sync_engine_run_round        (YcSyncEngine         *self);
void      yc_sync_engine_schedule_soon    (YcSyncEngine         *self);
void      yc_sync_engine_after_failure    (YcSyncEngine         *self,
                                           const GError         *error);
GSource  *yc_sync_engine_add_timeout      (YcSyncEngine         *self,
                                           guint                 milliseconds,
                                           GSourceFunc           func,
                                           const char           *name);
void      yc_sync_engine_clear_source     (GSource             **source);

/* yc-sync-triggers.c: long poll, probe, network and session */
void      yc_sync_engine_start_long_poll  (YcSyncEngine         *self);
void      yc_sync_engine_cancel_poll      (YcSyncEngine         *self);
void      yc_sync_engine_schedule_probe   (YcSyncEngine         *self);
void      yc_sync_engine_network_changed_cb (GNetworkMonitor    *monitor,
                                             gboolean            available,
                                             YcSyncEngine       *self);
void      yc_sync_engine_session_changed_cb (YcSessionManager   *sessions,
                                             GParamSpec         *pspec,
                                             YcSyncEngine       *self);

void      yc_sync_engine_emit_case_changed (YcSyncEngine        *self,
                                            const char          *uuid);
void      yc_sync_engine_emit_urge        (YcSyncEngine         *self,
                                           const char           *case_uuid,
                                           const char           *message);

G_END_DECLS
