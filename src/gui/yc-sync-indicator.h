/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-sync-engine.h"

G_BEGIN_DECLS

#define YC_TYPE_SYNC_INDICATOR (yc_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (YcSyncIndicator, yc_sync_indicator, YC, SYNC_INDICATOR, GtkWidget)

GtkWidget    *yc_sync_indicator_new        (YcSyncEngine    *engine);
YcSyncEngine *yc_sync_indicator_get_engine (YcSyncIndicator *self);
void          yc_sync_indicator_set_engine (YcSyncIndicator *self,
                                            YcSyncEngine    *engine);
/* The short text shown in the header, e.g. "Offline · 3 waiting" (for tests). */
const char   *yc_sync_indicator_get_summary (YcSyncIndicator *self);

/* Texts shared with the banner and the day closing. */
char         *yc_sync_format_time          (GDateTime       *time);

G_END_DECLS
