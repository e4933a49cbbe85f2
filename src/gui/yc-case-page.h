/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-rating-window.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_PAGE (yc_case_page_get_type ())
G_DECLARE_FINAL_TYPE (YcCasePage, yc_case_page, YC, CASE_PAGE, GtkWidget)

GtkWidget      *yc_case_page_new               (YcStore        *store,
                                                YcCalendar     *calendar);
/* The clerk signed in, who acts on the case. */
void            yc_case_page_set_clerk         (YcCasePage     *self,
                                                const char     *username,
                                                const char     *hall);
void            yc_case_page_set_rating_window (YcCasePage     *self,
                                                YcRatingWindow *window);
void            yc_case_page_set_rating_pad    (YcCasePage     *self,
                                                gboolean        enabled);
YcRatingWindow *yc_case_page_get_rating_window (YcCasePage     *self);
/* Shows @case_doc (NULL: nothing) with the actions its state allows the clerk. */
void            yc_case_page_set_case          (YcCasePage     *self,
                                                YcCase         *case_doc);
YcCase         *yc_case_page_get_case          (YcCasePage     *self);
/* Would the clerk be offered @kind on the case shown? */
gboolean        yc_case_page_can               (YcCasePage     *self,
                                                YcOpKind        kind);
/* Applies @kind with @payload to the case shown through the store (what the dialogs do once
 * confirmed); "changed" follows on success, the error is shown on the page otherwise. */
void            yc_case_page_apply             (YcCasePage     *self,
                                                YcOpKind        kind,
                                                JsonObject     *payload);

G_END_DECLS
