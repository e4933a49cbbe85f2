/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_RATING_WINDOW (yc_rating_window_get_type ())
G_DECLARE_FINAL_TYPE (YcRatingWindow, yc_rating_window, YC, RATING_WINDOW, AdwWindow)

GtkWidget *yc_rating_window_new          (YcStore        *store,
                                          YcCalendar     *calendar);
void       yc_rating_window_set_clerk    (YcRatingWindow *self,
                                          const char     *username,
                                          const char     *hall);
/* Shows the form for @case_doc (not rated yet) to the applicant. */
void       yc_rating_window_request      (YcRatingWindow *self,
                                          YcCase         *case_doc);
/* Back to the welcome page, for the next applicant. */
void       yc_rating_window_reset        (YcRatingWindow *self);
/* The case being rated, or NULL. */
YcCase    *yc_rating_window_get_case     (YcRatingWindow *self);
/* 1 (非常不满意) … 5 (非常满意); 0: none chosen. */
void       yc_rating_window_set_level    (YcRatingWindow *self,
                                          guint           level);
guint      yc_rating_window_get_level    (YcRatingWindow *self);
/* Fullscreen on @monitor (a second monitor facing the applicant). */
void       yc_rating_window_show_on_monitor (YcRatingWindow *self,
                                             GdkMonitor     *monitor);
/* The monitor other than @window's, when the display has two or more; NULL otherwise. */
GdkMonitor *yc_rating_window_find_second_monitor (GtkWidget   *window);

G_END_DECLS
