/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-session-manager.h"
#include "yc-store.h"
#include "yc-sync-engine.h"
#include "yc-urge-center.h"
#include "yc-window.h"

G_BEGIN_DECLS

/*
 * What the window does with the sync engine (issue 6, "What the clerk sees"): the actions
 * win.sync-now (Ctrl+Shift+S), win.show-problems (Ctrl+Shift+P) and win.close-day
 * (Ctrl+Shift+D), and win.reauthenticate (the password again after the back office refused
 * the session: yc-reauth-dialog.c), disabled while nobody is signed in; the sync indicators and the offline
 * banner inside the window follow the engine; today's cases are reloaded when the engine
 * touches a case, and an urge is shown as a toast, in the urge strip over the pages and as a
 * desktop notification until acknowledged (yc-urge-center.h, docs/supervision.md).
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
/* The open urges (督办) of the user signed in at @widget's window: shown over the pages
 * (YcUrgeBar) and on the desktop (yc-urge-center.h); NULL while nobody is signed in. */
YcUrgeCenter *yc_sync_actions_get_urges  (GtkWidget        *widget);
/* Acknowledges urge @id (the notification's "知道了", app.acknowledge-urge) and syncs. */
void          yc_sync_actions_acknowledge_urge (YcWindow   *window,
                                                const char *id);

G_END_DECLS
