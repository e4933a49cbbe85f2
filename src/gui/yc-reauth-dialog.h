/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-session-manager.h"

G_BEGIN_DECLS

/*
 * "Your sign-in has expired" (issue 6): the back office refused the session's token, so the
 * sync engine waits (NEEDS_SIGN_IN).  The dialog asks the signed-in user's password again
 * and signs in online with yc_session_manager_reauthenticate_async(): the same session, so
 * the intake in progress stays and the engine resumes by itself.  A refusal or an
 * unreachable back office is shown in the dialog, which stays open; "Later" closes it and
 * the banner keeps offering it.  On success it emits "signed-in" and closes.
 */

#define YC_TYPE_REAUTH_DIALOG (yc_reauth_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcReauthDialog, yc_reauth_dialog, YC, REAUTH_DIALOG, AdwWindow)

/* @parent: (nullable): the window it is modal for */
GtkWidget  *yc_reauth_dialog_new          (YcSessionManager *sessions,
                                           GtkWindow        *parent);
/* As the clerk would: the password typed, then "Sign In" (or Enter). */
void        yc_reauth_dialog_set_password (YcReauthDialog   *self,
                                           const char       *password);
void        yc_reauth_dialog_submit       (YcReauthDialog   *self);
/* Whether the back office is being asked. */
gboolean    yc_reauth_dialog_get_busy     (YcReauthDialog   *self);
/* (nullable): the error shown, translated; NULL when none */
const char *yc_reauth_dialog_get_error    (YcReauthDialog   *self);
/* The message at the top, translated. */
const char *yc_reauth_dialog_get_message  (YcReauthDialog   *self);

G_END_DECLS
