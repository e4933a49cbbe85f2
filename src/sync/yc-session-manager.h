/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice-client.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * Who is signed in at this window (issue 4, "Sign-in and window"; docs/sync-client.md).
 *
 * sign_in tries the back office first.  When it answers, the clerk is signed in online
 * and an argon2id verifier of the password is cached in the local store with the clerk's
 * profile.  When it cannot be reached (YC_SYNC_ERROR_OFFLINE), the password is checked
 * against that cache instead, and the clerk works offline ("online" FALSE, no token).
 * A user who never signed in online here gets YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL; a wrong
 * password, online or offline, YC_SYNC_ERROR_UNAUTHORIZED.  When the back office refuses
 * a password, the cached verifier of that user is dropped (the password was changed or
 * the account disabled).
 *
 * Idle lock: after "idle-lock-seconds" without yc_session_manager_touch() the session
 * emits "locked" and "locked" becomes TRUE; unlock re-checks the password against the
 * cached verifier, without the network.  0 turns the idle lock off.
 */

#define YC_SESSION_MANAGER_DEFAULT_IDLE_LOCK_SECONDS 300

#define YC_TYPE_SESSION_MANAGER (yc_session_manager_get_type ())
G_DECLARE_FINAL_TYPE (YcSessionManager, yc_session_manager, YC, SESSION_MANAGER, GObject)

YcSessionManager    *yc_session_manager_new             (YcBackofficeClient  *client,
                                                         YcStore             *store);

YcBackofficeClient  *yc_session_manager_get_client      (YcSessionManager    *self);
gboolean             yc_session_manager_is_signed_in    (YcSessionManager    *self);
gboolean             yc_session_manager_is_online       (YcSessionManager    *self);
gboolean             yc_session_manager_is_locked       (YcSessionManager    *self);
const char          *yc_session_manager_get_username    (YcSessionManager    *self);
const char          *yc_session_manager_get_display_name (YcSessionManager   *self);
const char          *yc_session_manager_get_role        (YcSessionManager    *self);
const char          *yc_session_manager_get_token       (YcSessionManager    *self);
/* (nullable): role, hall, departments and the last online sign-in of the signed-in user */
const YcUserProfile *yc_session_manager_get_profile     (YcSessionManager    *self);
int                 yc_session_manager_get_yellow_threshold (YcSessionManager *self);
guint                yc_session_manager_get_idle_lock_seconds (YcSessionManager *self);
void                 yc_session_manager_set_idle_lock_seconds (YcSessionManager *self,
                                                               guint             seconds);

void                 yc_session_manager_sign_in_async   (YcSessionManager    *self,
                                                         const char          *username,
                                                         const char          *password,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             yc_session_manager_sign_in_finish  (YcSessionManager    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* Signed out at once; the back office is told when it can be reached. */
void                 yc_session_manager_sign_out_async  (YcSessionManager    *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             yc_session_manager_sign_out_finish (YcSessionManager    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* The back office refused the token (401 on a later call): stay signed in, offline. */
void                 yc_session_manager_drop_online     (YcSessionManager    *self);

/* The signed-in user signs in online again with @password, in the same session: after the
 * back office refused the token (the sync engine's NEEDS_SIGN_IN) or after an offline
 * sign-in.  Nobody signs out: "signed-in" and "username" do not change, so whatever the
 * window holds (an intake in progress) stays.  On success "online" and "token" change (the
 * sync engine resumes) and the verifier is cached again.  OFFLINE when the back office
 * cannot be reached (the session stays as it was); UNAUTHORIZED for a refused password,
 * and when the refused password is the one cached here, the cache is dropped (it was
 * changed or the account disabled); NOT_SIGNED_IN when nobody is signed in. */
void                 yc_session_manager_reauthenticate_async  (YcSessionManager    *self,
                                                               const char          *password,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean             yc_session_manager_reauthenticate_finish (YcSessionManager    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* Activity (a key press, a click): restarts the idle-lock countdown. */
void                 yc_session_manager_touch           (YcSessionManager    *self);
/* Locks now, as the idle timer would. */
void                 yc_session_manager_lock            (YcSessionManager    *self);
void                 yc_session_manager_unlock_async    (YcSessionManager    *self,
                                                         const char          *password,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             yc_session_manager_unlock_finish   (YcSessionManager    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
