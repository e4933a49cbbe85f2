/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include "yc-session-manager-private.h"
#include "yc-store-meta.h"

G_DEFINE_FINAL_TYPE (YcSessionManager, yc_session_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_IDLE_LOCK_SECONDS,
  PROP_SIGNED_IN,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  PROP_ONLINE,
  PROP_TOKEN,
  PROP_LOCKED,
  N_PROPS
};

enum {
  SIGNAL_LOCKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_idle_lock (YcSessionManager *self);

/**
 * yc_session_manager_new:
 * @client: the back office
 * @store: the local store, where verifiers are cached
 *
 * Returns: (transfer full): a signed-out session
 */
YcSessionManager *
yc_session_manager_new (YcBackofficeClient *client,
                        YcStore            *store)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_SESSION_MANAGER, "client", client, "store", store, NULL);
}

YcBackofficeClient *
yc_session_manager_get_client (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return self->client;
}

gboolean
yc_session_manager_is_signed_in (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  return self->profile != NULL;
}

gboolean
yc_session_manager_is_online (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  return self->profile != NULL && self->online;
}

gboolean
yc_session_manager_is_locked (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  return self->locked;
}

const char *
yc_session_manager_get_username (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return self->profile != NULL ? self->profile->username : NULL;
}

const char *
yc_session_manager_get_display_name (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return self->profile != NULL ? self->profile->display_name : NULL;
}

/**
 * yc_session_manager_get_role:
 *
 * Returns: (nullable): "clerk", "reviewer", "supervisor" or "admin"; %NULL when signed out
 */
const char *
yc_session_manager_get_role (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return self->profile != NULL ? yc_role_to_string (self->profile->role) : NULL;
}

/**
 * yc_session_manager_get_token:
 *
 * Returns: (nullable): the bearer token of an online session; %NULL offline or signed out
 */
const char *
yc_session_manager_get_token (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return yc_session_manager_is_online (self) ? yc_backoffice_client_get_token (self->client) : NULL;
}

const YcUserProfile *
yc_session_manager_get_profile (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), NULL);
  return self->profile;
}

guint
yc_session_manager_get_idle_lock_seconds (YcSessionManager *self)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), 0);
  return self->idle_lock_seconds;
}

void
yc_session_manager_set_idle_lock_seconds (YcSessionManager *self,
                                          guint             seconds)
{
  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  if (self->idle_lock_seconds == seconds)
    return;
  self->idle_lock_seconds = seconds;
  schedule_idle_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_LOCK_SECONDS]);
}

/* State changes, notified together */

static void
notify_all (YcSessionManager *self)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_SIGNED_IN]);
  g_object_notify_by_pspec (object, properties[PROP_USERNAME]);
  g_object_notify_by_pspec (object, properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (object, properties[PROP_ROLE]);
  g_object_notify_by_pspec (object, properties[PROP_ONLINE]);
  g_object_notify_by_pspec (object, properties[PROP_TOKEN]);
  g_object_notify_by_pspec (object, properties[PROP_LOCKED]);
  g_object_thaw_notify (object);
}

void
yc_session_manager_set_signed_in (YcSessionManager *self,
                                  YcUserProfile    *profile,
                                  gboolean          online)
{
  g_clear_pointer (&self->profile, yc_user_profile_free);
  self->profile = profile;
  self->online = online;
  self->locked = FALSE;
  self->last_activity = g_get_monotonic_time ();
  schedule_idle_lock (self);
  notify_all (self);
}

void
yc_session_manager_set_signed_out (YcSessionManager *self)
{
  g_clear_pointer (&self->profile, yc_user_profile_free);
  self->online = FALSE;
  self->locked = FALSE;
  schedule_idle_lock (self);
  notify_all (self);
}

/* Idle lock.  touch() runs on every key press, so it only records the time; the timer
 * works out on expiry whether the session really was idle that long. */

static gboolean
idle_lock_cb (gpointer user_data)
{
  YcSessionManager *self = user_data;

  self->idle_source = 0;
  schedule_idle_lock (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_idle_lock (YcSessionManager *self)
{
  gint64 deadline, now;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->profile == NULL || self->locked || self->idle_lock_seconds == 0)
    return;

  deadline = self->last_activity + (gint64) self->idle_lock_seconds * G_USEC_PER_SEC;
  now = g_get_monotonic_time ();
  if (now >= deadline)
    {
      yc_session_manager_lock (self);
      return;
    }
  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((deadline - now + 999) / 1000),
                                          idle_lock_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->idle_source),
                            "[yc-sync] idle lock");
}

void
yc_session_manager_touch (YcSessionManager *self)
{
  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  if (self->locked)
    return;
  self->last_activity = g_get_monotonic_time ();
  if (self->idle_source == 0)
    schedule_idle_lock (self);
}

void
yc_session_manager_lock (YcSessionManager *self)
{
  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  if (self->profile == NULL || self->locked)
    return;
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->locked = TRUE;
  g_debug ("session of %s locked", self->profile->username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  g_signal_emit (self, signals[SIGNAL_LOCKED], 0);
}

void
yc_session_manager_set_unlocked (YcSessionManager *self)
{
  self->locked = FALSE;
  self->last_activity = g_get_monotonic_time ();
  schedule_idle_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/**
 * yc_session_manager_drop_online:
 *
 * The back office no longer accepts this session's token (401 on a sync call: expired or
 * ended elsewhere).  The user stays signed in, offline, and keeps working; the token is
 * forgotten, so nothing is sent until they sign in online again.
 */
void
yc_session_manager_drop_online (YcSessionManager *self)
{
  GObject *object;

  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  if (self->profile == NULL || !self->online)
    return;
  object = G_OBJECT (self);
  g_message ("the back office ended the online session of %s; working offline",
             self->profile->username);
  self->online = FALSE;
  yc_backoffice_client_set_token (self->client, NULL);
  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_ONLINE]);
  g_object_notify_by_pspec (object, properties[PROP_TOKEN]);
  g_object_thaw_notify (object);
}

/* For yc-session-reauth.c */

YcStore *
yc_session_manager_get_store (YcSessionManager *self)
{
  return self->store;
}

gboolean
yc_session_manager_try_begin_busy (YcSessionManager *self)
{
  if (self->busy)
    return FALSE;
  self->busy = TRUE;
  return TRUE;
}

void
yc_session_manager_end_busy (YcSessionManager *self)
{
  self->busy = FALSE;
}

void
yc_session_manager_set_online_again (YcSessionManager *self,
                                     YcUserProfile    *profile)
{
  GObject *object = G_OBJECT (self);

  g_assert (self->profile != NULL && g_str_equal (self->profile->username, profile->username));
  g_clear_pointer (&self->profile, yc_user_profile_free);
  self->profile = profile;
  self->online = TRUE;
  g_message ("%s signed in online again", profile->username);
  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (object, properties[PROP_ROLE]);
  g_object_notify_by_pspec (object, properties[PROP_ONLINE]);
  g_object_notify_by_pspec (object, properties[PROP_TOKEN]);
  g_object_thaw_notify (object);
}

/* GObject */

static void
client_token_changed_cb (YcSessionManager *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

static void
yc_session_manager_constructed (GObject *object)
{
  YcSessionManager *self = YC_SESSION_MANAGER (object);

  G_OBJECT_CLASS (yc_session_manager_parent_class)->constructed (object);

  g_assert (self->client != NULL && self->store != NULL);
  g_signal_connect_object (self->client, "notify::token", G_CALLBACK (client_token_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
yc_session_manager_dispose (GObject *object)
{
  YcSessionManager *self = YC_SESSION_MANAGER (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_session_manager_parent_class)->dispose (object);
}

static void
yc_session_manager_finalize (GObject *object)
{
  YcSessionManager *self = YC_SESSION_MANAGER (object);

  g_clear_pointer (&self->profile, yc_user_profile_free);

  G_OBJECT_CLASS (yc_session_manager_parent_class)->finalize (object);
}

static void
yc_session_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcSessionManager *self = YC_SESSION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_IDLE_LOCK_SECONDS:
      g_value_set_uint (value, self->idle_lock_seconds);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, yc_session_manager_is_signed_in (self));
      break;
    case PROP_USERNAME:
      g_value_set_string (value, yc_session_manager_get_username (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, yc_session_manager_get_display_name (self));
      break;
    case PROP_ROLE:
      g_value_set_string (value, yc_session_manager_get_role (self));
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, yc_session_manager_is_online (self));
      break;
    case PROP_TOKEN:
      g_value_set_string (value, yc_session_manager_get_token (self));
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_session_manager_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  YcSessionManager *self = YC_SESSION_MANAGER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_IDLE_LOCK_SECONDS:
      yc_session_manager_set_idle_lock_seconds (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_session_manager_class_init (YcSessionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_session_manager_constructed;
  object_class->dispose = yc_session_manager_dispose;
  object_class->finalize = yc_session_manager_finalize;
  object_class->get_property = yc_session_manager_get_property;
  object_class->set_property = yc_session_manager_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, YC_TYPE_BACKOFFICE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_LOCK_SECONDS] =
    g_param_spec_uint ("idle-lock-seconds", NULL, NULL, 0, G_MAXUINT / 1000,
                       YC_SESSION_MANAGER_DEFAULT_IDLE_LOCK_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, read_only);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, read_only);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, read_only);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, read_only);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, read_only);
  properties[PROP_TOKEN] = g_param_spec_string ("token", NULL, NULL, NULL, read_only);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcSessionManager::locked:
   *
   * The session was locked (idle timeout or yc_session_manager_lock()): hide the
   * applicant's data and ask for the password.
   */
  signals[SIGNAL_LOCKED] =
    g_signal_new ("locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yc_session_manager_init (YcSessionManager *self)
{
  self->idle_lock_seconds = YC_SESSION_MANAGER_DEFAULT_IDLE_LOCK_SECONDS;
}

/**
 * yc_session_manager_get_yellow_threshold:
 *
 * Returns: the back office's yellow threshold (working days left at which a case is yellow)
 *   as it last said at an online sign-in on this computer, or -1 when it never did
 */
int
yc_session_manager_get_yellow_threshold (YcSessionManager *self)
{
  g_autofree char *text = NULL;
  guint64 value;

  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), -1);

  text = yc_store_get_meta (self->store, YC_STORE_META_YELLOW_THRESHOLD, NULL);
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return -1;
  return (int) value;
}
