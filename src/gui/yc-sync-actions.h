/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-session-manager.h"
#include "yc-store.h"
#include "yc-sync-engine.h"
#include "yc-window.h"

G_BEGIN_DECLS

/*
 * What the window does with the sync engine (issue 6, "What the clerk sees"): the actions
 * win.sync-now (Ctrl+Shift+S), win.show-problems (Ctrl+Shift+P) and win.close-day
 * (Ctrl+Shift+D), disabled while nobody is signed in; the sync indicators and the offline
 * banner inside the window follow the engine; today's cases are reloaded when the engine
 * touches a case, and an urge is shown as a toast.
 */

void          yc_sync_actions_install    (YcWindow         *window);
/* The services the engine is made of, once they exist (all NULL: none any more).  While a
 * user is signed in to @sessions the window runs a YcSyncEngine for them: made and started
 * at sign-in, stopped and dropped at sign-out (and with the window). */
void          yc_sync_actions_set_services (YcWindow         *window,
                                            YcSessionManager *sessions,
                                            YcStore          *store,
                                            YcCalendar       *calendar);
/* (nullable): the engine of the window @widget is in */
YcSyncEngine *yc_sync_actions_get_engine (GtkWidget        *widget);
/* Something was committed in the window @widget is in: sync soon.  No engine: nothing. */
void          yc_sync_actions_kick       (GtkWidget        *widget);

G_END_DECLS
