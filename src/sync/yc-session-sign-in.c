/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-session-manager-private.h"
#include "yc-store-meta.h"

/*
 * Signing in (online when the back office answers, else offline against the verifier cached
 * at the last online sign-in), signing out, and unlocking after the idle lock (against the
 * cached verifier, no network).  The state they change is yc-session-manager.c's.
 */

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
  yc_session_manager_set_signed_in (self, profile, FALSE);
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
      yc_session_manager_set_signed_in (self, yc_user_profile_copy (sign_in->user), TRUE);
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

  yc_session_manager_set_signed_out (self);
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
  yc_session_manager_set_unlocked (self);
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
