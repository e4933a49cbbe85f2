/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-case-page.h"
#include "yc-catalog.h"
#include "yc-rating-window.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_TODAY_VIEW (yc_today_view_get_type ())
G_DECLARE_FINAL_TYPE (YcTodayView, yc_today_view, YC, TODAY_VIEW, GtkWidget)

GtkWidget  *yc_today_view_new              (YcStore     *store,
                                            YcCatalog   *catalog);
GtkWidget  *yc_today_view_new_full         (YcStore     *store,
                                            YcCatalog   *catalog,
                                            YcCalendar  *calendar);
void        yc_today_view_set_device       (YcTodayView *self,
                                            const char  *hall,
                                            const char  *window,
                                            const char  *clerk);
void        yc_today_view_open_case        (YcTodayView *self,
                                            YcCase      *case_doc);
YcCasePage *yc_today_view_get_case_page    (YcTodayView *self);
YcRatingWindow *yc_today_view_get_rating_window (YcTodayView *self);
void        yc_today_view_reload           (YcTodayView *self);
GListModel *yc_today_view_get_cases        (YcTodayView *self);
void        yc_today_view_set_title_widget (YcTodayView *self,
                                            GtkWidget   *widget);

G_END_DECLS
