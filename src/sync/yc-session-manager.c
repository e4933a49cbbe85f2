/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-session-manager-private.h"
#include "yc-store-meta.h"

struct _YcSessionManager
{
  GObject             parent_instance;

  YcBackofficeClient *client;
  YcStore            *store;

  YcUserProfile      *profile;          /* NULL while signed out */
  gboolean            online;
  gboolean            locked;
  gboolean            busy;             /* a sign-in is under way */

  guint               idle_lock_seconds;
  gint64              last_activity;    /* monotonic, µs */
  guint               idle_source;
};

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

static void
set_signed_in (YcSessionManager *self,
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

static void
set_signed_out (YcSessionManager *self)
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

/* Sign in */

typedef struct {
  char *username;
  char *password;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->username);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
finish_busy (GTask *task)
{
  YcSessionManager *self = g_task_get_source_object (task);

  self->busy = FALSE;
}

/* Offline: a store error becomes what the clerk needs to read. */
static GError *
offline_error (GError     *store_error,
               const char *username)
{
  if (g_error_matches (store_error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD))
    return g_error_new_literal (YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED,
                                _("Wrong user name or password."));
  if (g_error_matches (store_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    return g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL,
                        _("The back office cannot be reached, and “%s” has never signed in on "
                          "this computer while it could be reached, so offline sign-in is not "
                          "possible. Sign in once while the back office is reachable, or ask "
                          "the administrator."), username);
  return g_error_copy (store_error);
}

static void
offline_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSessionManager *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  YcUserProfile *profile;

  finish_busy (task);
  profile = yc_store_check_credential_finish (YC_STORE (source), result, &error);
  if (profile == NULL)
    {
      g_task_return_error (task, offline_error (error, data->username));
      return;
    }
  g_message ("%s signed in offline (last online sign-in cached)", profile->username);
  set_signed_in (self, profile, FALSE);
  g_task_return_boolean (task, TRUE);
}

static void
credential_cached_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed in all the same: offline sign-in is only not ready yet for this user. */
  if (!yc_store_put_credential_finish (YC_STORE (source), result, &error))
    g_warning ("Offline sign-in could not be prepared: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
credential_forgotten_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *refusal = g_object_get_data (G_OBJECT (task), "refusal");
  g_autoptr(GError) error = NULL;

  if (!yc_store_forget_credential_finish (YC_STORE (source), result, &error))
    g_warning ("A refused password stays cached for offline sign-in: %s", error->message);
  g_task_return_error (task, g_error_copy (refusal));
}

static void
online_signed_in_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSessionManager *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(YcSignIn) sign_in = NULL;
  g_autoptr(GError) error = NULL;

  sign_in = yc_backoffice_client_sign_in_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  if (sign_in != NULL)
    {
      finish_busy (task);
      if (sign_in->yellow_threshold >= 0)
        {
          g_autoptr(GError) meta_error = NULL;
          g_autofree char *text = g_strdup_printf ("%d", sign_in->yellow_threshold);

          /* Kept for offline sign-ins and the next start: one row, before the views that
           * count with it are made for this user. */
          if (!yc_store_set_meta (self->store, YC_STORE_META_YELLOW_THRESHOLD, text, &meta_error))
            g_warning ("The back office's yellow threshold was not kept: %s", meta_error->message);
        }
      set_signed_in (self, yc_user_profile_copy (sign_in->user), TRUE);
      yc_store_put_credential_async (self->store, sign_in->user, data->password, NULL,
                                     credential_cached_cb, g_steal_pointer (&task));
      return;
    }

  if (yc_sync_error_is_offline (error))
    {
      g_message ("Back office unreachable, signing %s in offline: %s", data->username, error->message);
      GCancellable *cancellable = g_task_get_cancellable (task);

      yc_store_check_credential_async (self->store, data->username, data->password,
                                       cancellable, offline_checked_cb, g_steal_pointer (&task));
      return;
    }

  finish_busy (task);
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED))
    {
      /* The back office no longer takes this password: neither may the cache. */
      g_object_set_data_full (G_OBJECT (task), "refusal", g_steal_pointer (&error),
                              (GDestroyNotify) g_error_free);
      yc_store_forget_credential_async (self->store, data->username, NULL,
                                        credential_forgotten_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * yc_session_manager_sign_in_async:
 *
 * Online when the back office answers, else offline against the cached verifier.  The
 * callback runs once the session's properties have changed (and, online, once the
 * verifier is cached).
 */
void
yc_session_manager_sign_in_async (YcSessionManager    *self,
                                  const char          *username,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignInData *data;

  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_manager_sign_in_async);
  /* A sign-in that happened is reported even if cancelled late: the properties say so. */
  g_task_set_check_cancellable (task, FALSE);

  if (username == NULL || *username == '\0' || password == NULL || *password == '\0')
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("Enter your user name and password."));
      return;
    }
  if (self->profile != NULL || self->busy)
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_FAILED,
                               _("Someone is already signed in at this window. Sign out first."));
      return;
    }

  data = g_new0 (SignInData, 1);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);
  self->busy = TRUE;

  yc_backoffice_client_sign_in_async (self->client, username, password, cancellable,
                                      online_signed_in_cb, g_steal_pointer (&task));
}

gboolean
yc_session_manager_sign_in_finish (YcSessionManager  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sign out */

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_backoffice_client_sign_out_finish (YC_BACKOFFICE_CLIENT (source), result, &error))
    {
      /* Offline the token dies with its expiry; it was never written down. */
      g_message ("The back office was not told about the sign-out: %s", error->message);
    }
  g_task_return_boolean (task, TRUE);
}

void
yc_session_manager_sign_out_async (YcSessionManager    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_manager_sign_out_async);

  set_signed_out (self);
  /* The client forgets the token as the request leaves. */
  yc_backoffice_client_sign_out_async (self->client, cancellable, signed_out_cb, g_steal_pointer (&task));
}

gboolean
yc_session_manager_sign_out_finish (YcSessionManager  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Unlock */

static void
unlock_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSessionManager *self = g_task_get_source_object (task);
  const char *username = g_task_get_task_data (task);
  g_autoptr(YcUserProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = yc_store_check_credential_finish (YC_STORE (source), result, &error);
  if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    {
      /* Caching failed at sign-in (a full disk, say): the lock cannot be checked here. */
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL,
                               _("The password cannot be checked on this computer, so the "
                                 "screen cannot be unlocked. Sign out and sign in again; "
                                 "nothing accepted so far is lost."));
      return;
    }
  if (profile == NULL)
    {
      g_task_return_error (task, offline_error (error, username));
      return;
    }
  /* Signed out or someone else meanwhile: nothing to unlock. */
  if (self->profile == NULL || !g_str_equal (self->profile->username, username) || !self->locked)
    {
      g_task_return_boolean (task, self->profile != NULL && !self->locked);
      return;
    }
  self->locked = FALSE;
  self->last_activity = g_get_monotonic_time ();
  schedule_idle_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  g_task_return_boolean (task, TRUE);
}

/**
 * yc_session_manager_unlock_async:
 *
 * Checks @password of the signed-in user against the cached verifier (no network), and
 * unlocks.  A wrong password: %YC_SYNC_ERROR_UNAUTHORIZED, still locked.
 */
void
yc_session_manager_unlock_async (YcSessionManager    *self,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_manager_unlock_async);

  if (self->profile == NULL)
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Nobody is signed in at this window. Sign in."));
      return;
    }
  if (password == NULL || *password == '\0')
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("Enter your password to unlock."));
      return;
    }
  g_task_set_task_data (task, g_strdup (self->profile->username), g_free);
  yc_store_check_credential_async (self->store, self->profile->username, password, cancellable,
                                   unlock_checked_cb, g_steal_pointer (&task));
}

gboolean
yc_session_manager_unlock_finish (YcSessionManager  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
