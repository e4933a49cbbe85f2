/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-counter-view.h"
#include "yc-intake-view.h"
#include "yc-sign-in-page.h"
#include "yc-today-view.h"
#include "yc-window.h"

G_BEGIN_DECLS

/* Shared by yc-window.c (the counter) and yc-window-session.c (sign-in, lock, sign-out and
 * what each role sees). */

struct _YcWindow
{
  AdwApplicationWindow  parent_instance;

  YcCounterView        *counter_view;
  YcIntakeView         *intake_view;
  YcTodayView          *today_view;
  AdwViewStack         *views;
  GtkStack             *intake_stack;
  YcStore              *store;
  GCancellable         *cancellable;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;

  /* Sign-in (yc_window_set_session_manager) */
  gboolean              gated;
  YcSessionManager     *sessions;
  YcSignInPage         *sign_in_page;
  GtkWidget            *not_enrolled_page;
  char                 *hall;          /* NULL: a back-office computer */
  char                 *window_code;

  /* What a reviewer or a supervisor works in (yc-window-session.c), made at sign-in */
  YcCalendar           *calendar;
  YcCatalog            *catalog;
  GtkWidget            *role_view;
  char                 *role_view_user;
};

void       yc_window_set_device        (YcWindow   *self,
                                        const char *hall,
                                        const char *window);
/* The header's title: the counter's view switcher, who is signed in, the sync state. */
GtkWidget *yc_window_new_switcher      (YcWindow   *self);
void       yc_window_init_session      (YcWindow   *self);
void       yc_window_dispose_session   (YcWindow   *self);
/* The page the session's state asks for: sign-in, unlock, or the signed-in role's work. */
void       yc_window_show_session_page (YcWindow   *self);

G_END_DECLS
