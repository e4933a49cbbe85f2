/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-session-manager-private.h"

/*
 * Signing in online again, in the same session (issue 6): the back office refused the
 * session's token (it expired, or the session was ended there), or the clerk signed in
 * offline and the back office is back.  The clerk gives the password again; nobody signs
 * out, so the window keeps what it holds, and the sync engine resumes once "online" says so.
 */

typedef struct {
  char     *username;
  char     *password;
  GError   *refusal;    /* the back office's answer, while the cache is checked */
} Reauth;

static void
reauth_free (Reauth *data)
{
  g_free (data->username);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_clear_error (&data->refusal);
  g_free (data);
}

static void
cached_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Online all the same: only the idle lock and offline sign-in keep the old verifier. */
  if (!yc_store_put_credential_finish (YC_STORE (source), result, &error))
    g_warning ("The new password could not be cached for offline sign-in: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
forgotten_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reauth *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!yc_store_forget_credential_finish (YC_STORE (source), result, &error))
    g_warning ("A refused password stays cached for offline sign-in: %s", error->message);
  g_task_return_error (task, g_steal_pointer (&data->refusal));
}

/* Refused: a password the cache still takes was changed at the back office, or the account
 * was disabled there; the cache must not take it either.  A mistyped one (which the cache
 * does not take) leaves the cache alone: the idle lock still needs it. */
static void
refused_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSessionManager *self = g_task_get_source_object (task);
  Reauth *data = g_task_get_task_data (task);
  g_autoptr(YcUserProfile) cached = NULL;

  cached = yc_store_check_credential_finish (YC_STORE (source), result, NULL);
  if (cached == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->refusal));
      return;
    }
  g_message ("the back office refused the cached password of %s; forgetting it", data->username);
  yc_store_forget_credential_async (yc_session_manager_get_store (self), data->username, NULL,
                                    forgotten_cb, g_steal_pointer (&task));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcSessionManager *self = g_task_get_source_object (task);
  Reauth *data = g_task_get_task_data (task);
  YcBackofficeClient *client = YC_BACKOFFICE_CLIENT (source);
  g_autoptr(YcSignIn) sign_in = NULL;
  g_autoptr(GError) error = NULL;
  const char *username;

  yc_session_manager_end_busy (self);
  sign_in = yc_backoffice_client_sign_in_finish (client, result, &error);
  username = yc_session_manager_get_username (self);
  if (sign_in != NULL && g_strcmp0 (username, data->username) != 0)
    {
      /* Signed out while the back office was answering: the new token has no session. */
      yc_backoffice_client_set_token (client, NULL);
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN,
                               _("You signed out while signing in again."));
      return;
    }
  if (sign_in != NULL)
    {
      yc_session_manager_set_online_again (self, yc_user_profile_copy (sign_in->user));
      yc_store_put_credential_async (yc_session_manager_get_store (self), sign_in->user,
                                     data->password, NULL, cached_cb, g_steal_pointer (&task));
      return;
    }

  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_UNAUTHORIZED))
    {
      data->refusal = g_steal_pointer (&error);
      yc_store_check_credential_async (yc_session_manager_get_store (self), data->username,
                                       data->password, NULL, refused_checked_cb,
                                       g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * yc_session_manager_reauthenticate_async:
 * @password: the signed-in user's password
 *
 * Signs the signed-in user in online again, in the same session (see the header).
 */
void
yc_session_manager_reauthenticate_async (YcSessionManager    *self,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *username;
  Reauth *data;

  g_return_if_fail (YC_IS_SESSION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_session_manager_reauthenticate_async);
  /* A sign-in that happened is reported even if cancelled late: the properties say so. */
  g_task_set_check_cancellable (task, FALSE);

  username = yc_session_manager_get_username (self);
  if (username == NULL)
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Nobody is signed in at this window. Sign in."));
      return;
    }
  if (password == NULL || *password == '\0')
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("Enter your password."));
      return;
    }
  if (!yc_session_manager_try_begin_busy (self))
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_FAILED,
                               _("A sign-in is already under way. Wait for it to finish."));
      return;
    }

  data = g_new0 (Reauth, 1);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) reauth_free);
  yc_backoffice_client_sign_in_async (yc_session_manager_get_client (self), username, password,
                                      cancellable, signed_in_cb, g_steal_pointer (&task));
}

gboolean
yc_session_manager_reauthenticate_finish (YcSessionManager  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_session_manager_reauthenticate_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
