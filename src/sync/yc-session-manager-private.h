/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-session-manager.h"

G_BEGIN_DECLS

/* Shared by yc-session-manager.c (the session's state, the idle lock), yc-session-sign-in.c
 * (signing in and out, unlocking) and yc-session-reauth.c (signing in again online). */

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

/* Signed in as @profile (transfer full), online or not, unlocked; everything notified. */
void      yc_session_manager_set_signed_in  (YcSessionManager *self,
                                             YcUserProfile    *profile,
                                             gboolean          online);
void      yc_session_manager_set_signed_out (YcSessionManager *self);
/* Unlocked by the signed-in user: the idle lock counts from now. */
void      yc_session_manager_set_unlocked   (YcSessionManager *self);

/* For yc-session-reauth.c */

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
