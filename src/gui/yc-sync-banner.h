/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-sync-engine.h"

G_BEGIN_DECLS

#define YC_TYPE_SYNC_BANNER (yc_sync_banner_get_type ())
G_DECLARE_FINAL_TYPE (YcSyncBanner, yc_sync_banner, YC, SYNC_BANNER, GtkWidget)

GtkWidget    *yc_sync_banner_new          (YcSyncEngine *engine);
YcSyncEngine *yc_sync_banner_get_engine   (YcSyncBanner *self);
void          yc_sync_banner_set_engine   (YcSyncBanner *self,
                                           YcSyncEngine *engine);
/* Whether the banner is shown (offline, or signed in offline). */
gboolean      yc_sync_banner_get_revealed (YcSyncBanner *self);
const char   *yc_sync_banner_get_title    (YcSyncBanner *self);
/* Added: whether it offers to sign in again (the engine is NEEDS_SIGN_IN). */
gboolean      yc_sync_banner_get_offers_reauth (YcSyncBanner *self);

G_END_DECLS
