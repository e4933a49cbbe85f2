/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-session-manager.h"

G_BEGIN_DECLS

#define YC_TYPE_ACCOUNT_BUTTON (yc_account_button_get_type ())
G_DECLARE_FINAL_TYPE (YcAccountButton, yc_account_button, YC, ACCOUNT_BUTTON, GtkWidget)

GtkWidget *yc_account_button_new        (YcSessionManager *sessions);
void       yc_account_button_set_window (YcAccountButton  *self,
                                         const char       *hall,
                                         const char       *window);

G_END_DECLS
