/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-session-manager.h"

G_BEGIN_DECLS

#define YC_TYPE_SIGN_IN_PAGE (yc_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (YcSignInPage, yc_sign_in_page, YC, SIGN_IN_PAGE, GtkWidget)

GtkWidget *yc_sign_in_page_new          (YcSessionManager *sessions);
void       yc_sign_in_page_set_window   (YcSignInPage     *self,
                                         const char       *hall,
                                         const char       *window,
                                         const char       *window_name);
void       yc_sign_in_page_show_sign_in (YcSignInPage     *self,
                                         const char       *message);
void       yc_sign_in_page_show_unlock  (YcSignInPage     *self);

G_END_DECLS
