/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_PREFERENCES_WINDOW (yc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, YC, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *yc_preferences_window_new          (GSettings           *settings,
                                               YcStore             *store);
GSettings *yc_preferences_window_get_settings (YcPreferencesWindow *self);

G_END_DECLS
