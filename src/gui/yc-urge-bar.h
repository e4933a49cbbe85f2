/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-urge-center.h"

G_BEGIN_DECLS

/*
 * The in-app notice of open urges (督办), over the top of the window's pages: hidden while
 * there is none, else a red strip "督办：N 件待确认" whose button opens a popover listing
 * each urge (the case number, the supervisor's message, who sent it) with a "知道了" button
 * that acknowledges it through the YcUrgeCenter (then the window's sync is kicked).
 */

#define YC_TYPE_URGE_BAR (yc_urge_bar_get_type ())
G_DECLARE_FINAL_TYPE (YcUrgeBar, yc_urge_bar, YC, URGE_BAR, GtkWidget)

GtkWidget    *yc_urge_bar_new        (void);
/* (nullable): the center whose urges are shown; NULL while nobody is signed in */
void          yc_urge_bar_set_center (YcUrgeBar    *self,
                                      YcUrgeCenter *center);
YcUrgeCenter *yc_urge_bar_get_center (YcUrgeBar    *self);
/* Opens the list (app.show-urges, the notification's default action). */
void          yc_urge_bar_popup      (YcUrgeBar    *self);

G_END_DECLS
