/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-calendar.h"
#include "yc-counter-view.h"
#include "yc-intake-view.h"
#include "yc-today-view.h"
#include "yc-search-index.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_WINDOW (yc_window_get_type ())
G_DECLARE_FINAL_TYPE (YcWindow, yc_window, YC, WINDOW, AdwApplicationWindow)

YcWindow      *yc_window_new              (GtkApplication *application);
void           yc_window_show_loading     (YcWindow       *self);
void           yc_window_show_error       (YcWindow       *self,
                                           const GError   *error);
void           yc_window_show_counter     (YcWindow       *self,
                                           YcStore        *store,
                                           YcSearchIndex  *search_index,
                                           YcCalendar     *calendar);
YcCounterView *yc_window_get_counter_view (YcWindow       *self);
YcIntakeView  *yc_window_get_intake_view  (YcWindow       *self);
YcTodayView   *yc_window_get_today_view   (YcWindow       *self);
void           yc_window_add_toast        (YcWindow       *self,
                                           const char     *message);

/* Sign-in (issue 4): the counter only for a signed-in, unlocked user. */
void              yc_window_require_sign_in     (YcWindow         *self);
void              yc_window_show_not_enrolled   (YcWindow         *self);
void              yc_window_set_session_manager (YcWindow         *self,
                                                 YcSessionManager *sessions,
                                                 const char       *hall,
                                                 const char       *window,
                                                 const char       *window_name);
YcSessionManager *yc_window_get_session_manager (YcWindow         *self);

G_END_DECLS
