/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-sync-engine-private.h"

/*
 * The sync engine: when to run a round (yc-sync-round.c) and what the window shows about
 * it.  Triggers: yc_sync_engine_kick() after every commit, the session going online, the
 * network coming back (GNetworkMonitor) or /healthz answering again while offline, a
 * periodic timer, and the change feed's long poll while idle.  A failed round is retried
 * after an exponential backoff with full jitter (1 s … 5 min), reset by a successful round.
 * Everything runs on the context the engine was created on.
 */

G_DEFINE_ENUM_TYPE (YcSyncState, yc_sync_state,
                    G_DEFINE_ENUM_VALUE (YC_SYNC_STATE_SIGNED_OUT, "signed-out"),
                    G_DEFINE_ENUM_VALUE (YC_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (YC_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (YC_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (YC_SYNC_STATE_NEEDS_SIGN_IN, "needs-sign-in"))

G_DEFINE_FINAL_TYPE (YcSyncEngine, yc_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION_MANAGER,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_STATE,
  PROP_PENDING,
  PROP_PROBLEMS,
  PROP_PROGRESS,
  PROP_LAST_ERROR,
  PROP_LAST_SYNCED_AT,
  PROP_INTERVAL_SECONDS,
  PROP_LONG_POLL_SECONDS,
  PROP_PROBE_SECONDS,
  N_PROPS
};

enum {
  SIGNAL_CASE_CHANGED,
  SIGNAL_URGE,
  SIGNAL_ROUND_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


/* Properties */

void
yc_sync_engine_set_state (YcSyncEngine *self,
           YcSyncState   state)
{
  if (self->state == state)
    return;
  g_debug ("sync state: %d → %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
yc_sync_engine_set_progress (YcSyncEngine *self,
                             double        progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_last_error (YcSyncEngine *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
yc_sync_engine_emit_case_changed (YcSyncEngine *self,
                                  const char   *uuid)
{
  g_signal_emit (self, signals[SIGNAL_CASE_CHANGED], 0, uuid);
}

void
yc_sync_engine_emit_urge (YcSyncEngine *self,
                          const char   *case_uuid,
                          const char   *message)
{
  g_signal_emit (self, signals[SIGNAL_URGE], 0, case_uuid, message);
}

static void set_counts (YcSyncEngine *self, guint pending, guint problems);

static void
counts_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcSyncEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  guint pending = 0, problems = 0;

  if (!yc_store_get_sync_counts_finish (YC_STORE (source), result, &pending, &problems, &error))
    {
      g_warning ("Cannot count the operations waiting to be sent: %s", error->message);
      return;
    }
  set_counts (self, pending, problems);
}

static void
set_counts (YcSyncEngine *self,
            guint         pending,
            guint         problems)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->pending != pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (self->problems != problems)
    {
      self->problems = problems;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The counts are read after every round and every kick; the store's writer thread runs
 * requests in order, so they reflect everything committed before. */
void
yc_sync_engine_refresh_counts (YcSyncEngine *self)
{
  yc_store_get_sync_counts_async (self->store, NULL, counts_cb, g_object_ref (self));
}

/* Timers */

void
yc_sync_engine_clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

GSource *
yc_sync_engine_add_timeout (YcSyncEngine *self,
             guint         milliseconds,
             GSourceFunc   func,
             const char   *name)
{
  GSource *source = g_timeout_source_new (milliseconds);

  g_source_set_static_name (source, name);
  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static gboolean
soon_cb (gpointer user_data)
{
  YcSyncEngine *self = user_data;

  g_clear_pointer (&self->soon_source, g_source_unref);
  yc_sync_engine_run_round (self);
  return G_SOURCE_REMOVE;
}

/* A round at the next turn of the main loop: several kicks in a row make one round. */
void
yc_sync_engine_schedule_soon (YcSyncEngine *self)
{
  if (self->soon_source != NULL)
    return;
  self->soon_source = g_idle_source_new ();
  g_source_set_static_name (self->soon_source, "[yc-sync] round soon");
  g_source_set_callback (self->soon_source, soon_cb, self, NULL);
  g_source_attach (self->soon_source, self->context);
}

static gboolean
retry_cb (gpointer user_data)
{
  YcSyncEngine *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  yc_sync_engine_run_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
interval_cb (gpointer user_data)
{
  YcSyncEngine *self = user_data;

  /* A round already waiting for its backoff is not hurried by the timer. */
  if (self->retry_source == NULL)
    yc_sync_engine_run_round (self);
  return G_SOURCE_CONTINUE;
}

/* Rounds */

gboolean
yc_sync_engine_can_send (YcSyncEngine *self)
{
  return yc_session_manager_is_signed_in (self->sessions)
         && yc_session_manager_get_token (self->sessions) != NULL;
}

YcSyncState
yc_sync_engine_state_without_token (YcSyncEngine *self)
{
  if (self->refused_user != NULL
      && g_strcmp0 (self->refused_user, yc_session_manager_get_username (self->sessions)) == 0)
    return YC_SYNC_STATE_NEEDS_SIGN_IN;
  return YC_SYNC_STATE_SIGNED_OUT;
}

void
yc_sync_engine_after_failure (YcSyncEngine *self,
               const GError *error)
{
  guint delay;

  set_last_error (self, error->message);
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED))
    {
      /* The token expired or the session was ended at the back office.  Retrying cannot
       * help: the clerk keeps working, the outbox keeps everything, and nothing is tried
       * until they give their password again; "online" notifies us then. */
      g_free (self->refused_user);
      self->refused_user = g_strdup (yc_session_manager_get_username (self->sessions));
      yc_sync_engine_clear_source (&self->retry_source);
      yc_sync_engine_clear_source (&self->probe_source);
      yc_session_manager_drop_online (self->sessions);
      yc_sync_engine_set_state (self, yc_sync_engine_state_without_token (self));
      return;
    }
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN))
    {
      /* No token here (signed out or offline meanwhile): nothing to retry either. */
      yc_sync_engine_set_state (self, yc_sync_engine_state_without_token (self));
      return;
    }

  delay = yc_sync_backoff_fail (self->backoff);
  g_debug ("sync round failed (%s); next attempt in %u ms (bound %u ms)", error->message, delay,
           yc_sync_backoff_get_bound (self->backoff));
  yc_sync_engine_clear_source (&self->retry_source);
  self->retry_source = yc_sync_engine_add_timeout (self, delay, retry_cb, "[yc-sync] retry");

  if (yc_sync_error_is_offline (error))
    {
      yc_sync_engine_set_state (self, YC_SYNC_STATE_OFFLINE);
      yc_sync_engine_schedule_probe (self);
    }
  else
    /* Reachable but refusing (a server error, a 409 while our batch is applied): we stay
     * online; last-error and the pending count say that not everything was sent. */
    yc_sync_engine_set_state (self, YC_SYNC_STATE_IDLE);
}

typedef struct {
  YcSyncEngine *engine;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
  char         *cursor;
} RoundEnd;

static void
round_end_free (RoundEnd *end)
{
  g_object_unref (end->engine);
  g_object_unref (end->cancellable);
  g_clear_error (&end->error);
  g_free (end->cursor);
  g_free (end);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RoundEnd, round_end_free)

/* The round's outcome is published once the counts are read, so that whoever sees
 * "round-finished" or the state change also sees the right "pending" and "problems". */
static void
round_counted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RoundEnd) end = user_data;
  YcSyncEngine *self = end->engine;
  g_autoptr(GError) error = NULL;
  guint pending = 0, problems = 0;

  if (yc_store_get_sync_counts_finish (YC_STORE (source), result, &pending, &problems, &error))
    set_counts (self, pending, problems);
  else
    g_warning ("Cannot count the operations waiting to be sent: %s", error->message);

  if (end->cancellable != self->round_cancellable || !self->started)
    return;
  self->round_running = FALSE;
  g_clear_object (&self->round_cancellable);
  yc_sync_engine_set_progress (self, -1.0);

  if (end->ok)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      yc_sync_backoff_reset (self->backoff);
      yc_sync_engine_clear_source (&self->probe_source);
      g_free (self->cursor);
      self->cursor = g_steal_pointer (&end->cursor);
      g_clear_pointer (&self->last_synced_at, g_date_time_unref);
      self->last_synced_at = g_date_time_ref (now);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED_AT]);
      set_last_error (self, NULL);
      yc_sync_engine_set_state (self, YC_SYNC_STATE_IDLE);
    }
  else
    yc_sync_engine_after_failure (self, end->error);

  g_signal_emit (self, signals[SIGNAL_ROUND_FINISHED], 0, end->ok);

  if (self->round_again && self->retry_source == NULL)
    {
      self->round_again = FALSE;
      yc_sync_engine_schedule_soon (self);
    }
  else if (end->ok)
    yc_sync_engine_start_long_poll (self);
}

static void
round_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (source);
  RoundEnd *end = g_new0 (RoundEnd, 1);

  end->engine = g_object_ref (self);
  end->cancellable = user_data;
  end->ok = yc_sync_round_finish (self, result, &end->cursor, &end->error);
  /* A round cancelled by a sign-out or a stop may end after the next one started. */
  if (end->cancellable != self->round_cancellable
      || g_error_matches (end->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->started)
    {
      round_end_free (end);
      return;
    }
  yc_store_get_sync_counts_async (self->store, NULL, round_counted_cb, end);
}

void
yc_sync_engine_run_round (YcSyncEngine *self)
{
  if (!self->started)
    return;
  if (self->round_running)
    {
      self->round_again = TRUE;
      return;
    }
  self->round_again = FALSE;
  yc_sync_engine_clear_source (&self->retry_source);
  yc_sync_engine_cancel_poll (self);

  if (!yc_sync_engine_can_send (self))
    {
      yc_sync_engine_set_state (self, yc_sync_engine_state_without_token (self));
      yc_sync_engine_set_progress (self, -1.0);
      yc_sync_engine_refresh_counts (self);
      return;
    }

  self->round_running = TRUE;
  self->round_cancellable = g_cancellable_new ();
  yc_sync_engine_set_state (self, YC_SYNC_STATE_SYNCING);
  yc_sync_engine_set_progress (self, 0.0);
  /* The counts come first on the writer thread, so the round's progress knows the total. */
  yc_sync_engine_refresh_counts (self);
  yc_sync_round_run (self, yc_session_manager_get_username (self->sessions),
                     self->round_cancellable, round_done_cb,
                     g_object_ref (self->round_cancellable));
}

/* Public API */

/**
 * yc_sync_engine_new:
 * @calendar: (nullable): working days; %NULL loads the default calendar
 */
YcSyncEngine *
yc_sync_engine_new (YcSessionManager *sessions,
                    YcStore          *store,
                    YcCalendar       *calendar)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (sessions), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_SYNC_ENGINE, "session-manager", sessions, "store", store,
                       "calendar", calendar, NULL);
}

void
yc_sync_engine_start (YcSyncEngine *self)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  g_return_if_fail (YC_IS_SYNC_ENGINE (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->network_handler = g_signal_connect (monitor, "network-changed",
                                            G_CALLBACK (yc_sync_engine_network_changed_cb), self);
  self->online_handler = g_signal_connect (self->sessions, "notify::online",
                                           G_CALLBACK (yc_sync_engine_session_changed_cb), self);
  self->signed_in_handler = g_signal_connect (self->sessions, "notify::username",
                                              G_CALLBACK (yc_sync_engine_session_changed_cb), self);
  if (self->interval_seconds > 0)
    self->interval_source = yc_sync_engine_add_timeout (self, self->interval_seconds * 1000, interval_cb,
                                         "[yc-sync] interval");
  yc_sync_engine_run_round (self);
}

void
yc_sync_engine_stop (YcSyncEngine *self)
{
  g_return_if_fail (YC_IS_SYNC_ENGINE (self));

  if (!self->started)
    return;
  self->started = FALSE;
  if (self->round_cancellable != NULL)
    g_cancellable_cancel (self->round_cancellable);
  g_clear_object (&self->round_cancellable);
  self->round_running = FALSE;
  yc_sync_engine_cancel_poll (self);
  yc_sync_engine_clear_source (&self->soon_source);
  yc_sync_engine_clear_source (&self->retry_source);
  yc_sync_engine_clear_source (&self->interval_source);
  yc_sync_engine_clear_source (&self->probe_source);
  g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
  g_clear_signal_handler (&self->online_handler, self->sessions);
  g_clear_signal_handler (&self->signed_in_handler, self->sessions);
  self->round_again = FALSE;
  yc_sync_engine_set_progress (self, -1.0);
}

/**
 * yc_sync_engine_kick:
 *
 * Something was committed to the store: a round soon.  While offline the round waits for
 * its backoff or the back office's return; only the counts are updated.
 */
void
yc_sync_engine_kick (YcSyncEngine *self)
{
  g_return_if_fail (YC_IS_SYNC_ENGINE (self));

  if (!self->started)
    {
      yc_sync_engine_refresh_counts (self);
      return;
    }
  if (self->round_running)
    {
      self->round_again = TRUE;
      return;
    }
  if (self->state == YC_SYNC_STATE_OFFLINE && self->retry_source != NULL)
    {
      yc_sync_engine_refresh_counts (self);
      return;
    }
  yc_sync_engine_schedule_soon (self);
}

YcSyncState
yc_sync_engine_get_state (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), YC_SYNC_STATE_SIGNED_OUT);
  return self->state;
}

guint
yc_sync_engine_get_pending (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

guint
yc_sync_engine_get_problems (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), 0);
  return self->problems;
}

double
yc_sync_engine_get_progress (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), -1.0);
  return self->progress;
}

/**
 * yc_sync_engine_get_last_error:
 *
 * Returns: (nullable): why the last round failed, for the user; %NULL after a success
 */
const char *
yc_sync_engine_get_last_error (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

/**
 * yc_sync_engine_get_last_synced_at:
 *
 * Returns: (nullable) (transfer none): the end of the last successful round (UTC)
 */
GDateTime *
yc_sync_engine_get_last_synced_at (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), NULL);
  return self->last_synced_at;
}

guint
yc_sync_engine_get_backoff_bound_ms (YcSyncEngine *self)
{
  g_return_val_if_fail (YC_IS_SYNC_ENGINE (self), 0);
  return yc_sync_backoff_get_bound (self->backoff);
}

void
yc_sync_engine_set_intervals (YcSyncEngine *self,
                              guint         interval_seconds,
                              guint         long_poll_seconds,
                              guint         probe_seconds)
{
  g_return_if_fail (YC_IS_SYNC_ENGINE (self));

  g_object_set (self, "interval-seconds", interval_seconds, "long-poll-seconds",
                long_poll_seconds, "probe-seconds", probe_seconds, NULL);
}

/* GObject */

static void
yc_sync_engine_constructed (GObject *object)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (object);

  G_OBJECT_CLASS (yc_sync_engine_parent_class)->constructed (object);

  g_assert (self->sessions != NULL && self->store != NULL);
  if (self->calendar == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->calendar = yc_calendar_new_default (&error);
      if (self->calendar == NULL)
        {
          g_warning ("No working-day calendar for the sync engine: %s", error->message);
          self->calendar = yc_calendar_new ();
        }
    }
  self->state = yc_sync_engine_can_send (self) ? YC_SYNC_STATE_IDLE : YC_SYNC_STATE_SIGNED_OUT;
  yc_sync_engine_refresh_counts (self);
}

static void
yc_sync_engine_dispose (GObject *object)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (object);

  yc_sync_engine_stop (self);
  G_OBJECT_CLASS (yc_sync_engine_parent_class)->dispose (object);
}

static void
yc_sync_engine_finalize (GObject *object)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (object);

  g_clear_object (&self->round_cancellable);
  g_clear_object (&self->sessions);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->backoff, yc_sync_backoff_free);
  g_free (self->last_error);
  g_free (self->cursor);
  g_free (self->refused_user);
  g_clear_pointer (&self->last_synced_at, g_date_time_unref);
  G_OBJECT_CLASS (yc_sync_engine_parent_class)->finalize (object);
}

static void
yc_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_SESSION_MANAGER:
      g_value_set_object (value, self->sessions);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_PROBLEMS:
      g_value_set_uint (value, self->problems);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_SYNCED_AT:
      g_value_set_boxed (value, self->last_synced_at);
      break;
    case PROP_INTERVAL_SECONDS:
      g_value_set_uint (value, self->interval_seconds);
      break;
    case PROP_LONG_POLL_SECONDS:
      g_value_set_uint (value, self->long_poll_seconds);
      break;
    case PROP_PROBE_SECONDS:
      g_value_set_uint (value, self->probe_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcSyncEngine *self = YC_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_SESSION_MANAGER:
      self->sessions = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_INTERVAL_SECONDS:
      self->interval_seconds = g_value_get_uint (value);
      if (self->started)
        {
          yc_sync_engine_clear_source (&self->interval_source);
          if (self->interval_seconds > 0)
            self->interval_source = yc_sync_engine_add_timeout (self, self->interval_seconds * 1000, interval_cb,
                                                 "[yc-sync] interval");
        }
      break;
    case PROP_LONG_POLL_SECONDS:
      self->long_poll_seconds = g_value_get_uint (value);
      if (self->long_poll_seconds == 0)
        yc_sync_engine_cancel_poll (self);
      break;
    case PROP_PROBE_SECONDS:
      self->probe_seconds = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_engine_class_init (YcSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags tuning = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_sync_engine_constructed;
  object_class->dispose = yc_sync_engine_dispose;
  object_class->finalize = yc_sync_engine_finalize;
  object_class->get_property = yc_sync_engine_get_property;
  object_class->set_property = yc_sync_engine_set_property;

  properties[PROP_SESSION_MANAGER] = g_param_spec_object ("session-manager", NULL, NULL,
                                                          YC_TYPE_SESSION_MANAGER, construct);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, construct);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                                                   construct);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, YC_TYPE_SYNC_STATE,
                                              YC_SYNC_STATE_SIGNED_OUT, read_only);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_PROBLEMS] = g_param_spec_uint ("problems", NULL, NULL, 0, G_MAXUINT, 0,
                                                 read_only);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                                                   read_only);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, read_only);
  properties[PROP_LAST_SYNCED_AT] = g_param_spec_boxed ("last-synced-at", NULL, NULL,
                                                        G_TYPE_DATE_TIME, read_only);
  properties[PROP_INTERVAL_SECONDS] =
    g_param_spec_uint ("interval-seconds", NULL, NULL, 0, 24 * 3600,
                       YC_SYNC_ENGINE_DEFAULT_INTERVAL_SECONDS, tuning);
  properties[PROP_LONG_POLL_SECONDS] =
    g_param_spec_uint ("long-poll-seconds", NULL, NULL, 0, 60,
                       YC_SYNC_ENGINE_DEFAULT_LONG_POLL_SECONDS, tuning);
  properties[PROP_PROBE_SECONDS] =
    g_param_spec_uint ("probe-seconds", NULL, NULL, 0, 3600,
                       YC_SYNC_ENGINE_DEFAULT_PROBE_SECONDS, tuning);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CASE_CHANGED] =
    g_signal_new ("case-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_URGE] =
    g_signal_new ("urge", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_ROUND_FINISHED] =
    g_signal_new ("round-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
yc_sync_engine_init (YcSyncEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->progress = -1.0;
  self->backoff = yc_sync_backoff_new (YC_SYNC_BACKOFF_DEFAULT_BASE_MS,
                                       YC_SYNC_BACKOFF_DEFAULT_MAX_MS);
}
