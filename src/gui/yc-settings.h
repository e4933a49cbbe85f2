/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's GSettings (data/cn.gov.Yichuang.gschema.xml). */
GSettings *yc_settings_new                 (void);
guint      yc_settings_get_idle_lock_seconds (GSettings *settings);
guint      yc_settings_yellow_threshold    (void);
void       yc_settings_set_served_yellow_threshold (int working_days);

G_END_DECLS
