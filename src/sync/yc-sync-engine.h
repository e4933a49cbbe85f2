/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-calendar.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The sync engine (issue 6; docs/sync-client.md "The sync engine").  One per window.  A
 * round sends the scanned files the signed-in user's waiting ops refer to, then the outbox
 * in batches (the user's own ops only; other users' ops wait for their author), then reads
 * the change feed.  Rounds start after yc_sync_engine_kick(), on reconnection, on a timer,
 * and when the feed's long poll answers.  Failures back off exponentially with full jitter.
 *
 * Nothing blocks the main loop: every store call goes to the store's writer thread and
 * every back office call is asynchronous.  Properties change and signals are emitted on
 * the thread-default main context the engine was created on.
 */

typedef enum {
  YC_SYNC_STATE_SIGNED_OUT,   /* no online session: nothing can be sent */
  YC_SYNC_STATE_OFFLINE,      /* the back office cannot be reached; retrying with backoff */
  YC_SYNC_STATE_SYNCING,      /* a round is running: uploads, push, pull */
  YC_SYNC_STATE_IDLE,         /* online, everything sent, feed read */
  /* Added: the back office refused the session's token (401: it expired, or the session was
   * ended there: sign-out elsewhere, a new password, a disabled account).  Nothing is retried
   * until the same user signs in online again (yc_session_manager_reauthenticate_async());
   * the clerk keeps working and the outbox keeps everything. */
  YC_SYNC_STATE_NEEDS_SIGN_IN,
} YcSyncState;

#define YC_TYPE_SYNC_STATE (yc_sync_state_get_type ())
GType yc_sync_state_get_type (void) G_GNUC_CONST;

#define YC_SYNC_ENGINE_DEFAULT_INTERVAL_SECONDS  60   /* a round at least this often */
#define YC_SYNC_ENGINE_DEFAULT_LONG_POLL_SECONDS 30   /* the feed's wait= while online */
#define YC_SYNC_ENGINE_DEFAULT_PROBE_SECONDS     10   /* /healthz while offline */
#define YC_SYNC_ENGINE_BATCH_SIZE                100  /* ops per push */
/* Added: uploads a round keeps in flight (each waits on fsyncs at both ends). */
#define YC_SYNC_ENGINE_UPLOADS_IN_FLIGHT         4

#define YC_TYPE_SYNC_ENGINE (yc_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (YcSyncEngine, yc_sync_engine, YC, SYNC_ENGINE, GObject)

/* Construct properties "session-manager", "store", "calendar" (nullable: the default). */
YcSyncEngine *yc_sync_engine_new                (YcSessionManager *sessions,
                                                 YcStore          *store,
                                                 YcCalendar       *calendar);

/* Timers, the network monitor and a first round. */
void          yc_sync_engine_start              (YcSyncEngine     *self);
/* Cancels what runs and stops every timer; safe at any point, also twice. */
void          yc_sync_engine_stop               (YcSyncEngine     *self);
/* Something was committed: a round soon (at once when idle, after the running one else). */
void          yc_sync_engine_kick               (YcSyncEngine     *self);

/* Read-only properties, notified on change:
 * "state" YcSyncState, "pending" guint (ops waiting in the outbox), "problems" guint (open
 * problems), "progress" double 0..1 (-1 when not syncing), "last-error" (translated, for the
 * user; NULL when none), "last-synced-at" GDateTime (UTC; NULL: never). */
YcSyncState   yc_sync_engine_get_state          (YcSyncEngine     *self);
guint         yc_sync_engine_get_pending        (YcSyncEngine     *self);
guint         yc_sync_engine_get_problems       (YcSyncEngine     *self);
double        yc_sync_engine_get_progress       (YcSyncEngine     *self);
const char   *yc_sync_engine_get_last_error     (YcSyncEngine     *self);
GDateTime    *yc_sync_engine_get_last_synced_at (YcSyncEngine     *self);

/* Added: the delay (ms) before the next attempt after a failure, 0 while healthy; it grows
 * 1 s … 5 min per failure (the jittered delay is drawn from 0 … this bound). */
guint         yc_sync_engine_get_backoff_bound_ms (YcSyncEngine   *self);
/* Added: tuning, mainly for tests.  Read/write properties "interval-seconds",
 * "long-poll-seconds", "probe-seconds". */
void          yc_sync_engine_set_intervals      (YcSyncEngine     *self,
                                                 guint             interval_seconds,
                                                 guint             long_poll_seconds,
                                                 guint             probe_seconds);

/* Signals:
 *   "case-changed" (const char *uuid): a pulled change or an op's result touched a case;
 *   "urge" (const char *case_uuid, const char *message): a new urge for this user;
 *   added: "round-finished" (gboolean ok): a round ended (ok: everything sent and read). */

G_END_DECLS
