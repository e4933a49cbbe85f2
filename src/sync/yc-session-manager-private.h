/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-session-manager.h"

G_BEGIN_DECLS

/* Shared by yc-session-manager.c and yc-session-reauth.c (signing in again online). */

YcStore  *yc_session_manager_get_store     (YcSessionManager *self);
/* FALSE when a sign-in is already under way; else it is now. */
gboolean  yc_session_manager_try_begin_busy (YcSessionManager *self);
void      yc_session_manager_end_busy      (YcSessionManager *self);
/* The signed-in user is online again with @profile (transfer full; the same username): the
 * client holds the new token.  "online", "token", "display-name" and "role" are notified;
 * "signed-in" and "username" are not, since nobody signed in or out. */
void      yc_session_manager_set_online_again (YcSessionManager *self,
                                               YcUserProfile    *profile);

G_END_DECLS
