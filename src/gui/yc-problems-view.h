/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-store.h"
#include "yc-sync-engine.h"

G_BEGIN_DECLS

#define YC_TYPE_PROBLEMS_VIEW (yc_problems_view_get_type ())
G_DECLARE_FINAL_TYPE (YcProblemsView, yc_problems_view, YC, PROBLEMS_VIEW, AdwWindow)

/* @engine: (nullable): kicked after a retry; its "problems" count reloads the list.
 * @username: who discards or retries (recorded with the resolution). */
GtkWidget  *yc_problems_view_new          (YcStore        *store,
                                           YcSyncEngine   *engine,
                                           const char     *username,
                                           GtkWindow      *parent);
/* Reads the problems again; "loaded" is emitted when they are shown. */
void        yc_problems_view_reload       (YcProblemsView *self);
/* The problems shown (YcSyncProblem*), for tests. */
GPtrArray  *yc_problems_view_get_problems (YcProblemsView *self);
/* Asks for confirmation, then discards problem @id.  The confirmation dialog is returned
 * (for tests: adw_message_dialog_response (dialog, "discard")). */
GtkWidget  *yc_problems_view_discard      (YcProblemsView *self,
                                           gint64          id);
void        yc_problems_view_retry        (YcProblemsView *self,
                                           gint64          id);

G_END_DECLS
