/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-catalog.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The supervisor's window content (docs/supervision.md): an AdwViewStack with
 *   "board"    the hall-wide board — the count of red, yellow and green parts for the
 *              board's filters (each a button that filters the board by that light) over a
 *              YcCaseQueue in mode BOARD (filters by department, window, state); activating
 *              a case opens it (YcUrgeCasePage) with the 督办 action;
 *   "figures"  the hall's figures (YcFiguresView).
 *
 * Construct properties "store", "calendar", "catalog" (nullable), "session".
 */

#define YC_TYPE_SUPERVISION_VIEW (yc_supervision_view_get_type ())
G_DECLARE_FINAL_TYPE (YcSupervisionView, yc_supervision_view, YC, SUPERVISION_VIEW, GtkWidget)

GtkWidget  *yc_supervision_view_new         (YcStore          *store,
                                             YcCalendar       *calendar,
                                             YcCatalog        *catalog,
                                             YcSessionManager *session);
/* (transfer none): the board's queue (a YcCaseQueue) */
GtkWidget  *yc_supervision_view_get_queue   (YcSupervisionView *self);
/* (transfer none): the case page the board opens */
GtkWidget  *yc_supervision_view_get_case_page (YcSupervisionView *self);
/* How many parts of the board's filters are @status ("red", "yellow", "green") today;
 * G_MAXUINT while counting. */
guint       yc_supervision_view_get_count   (YcSupervisionView *self,
                                             const char        *status);
/* Opens case @uuid on the board (what activating a row does). */
void        yc_supervision_view_open_case   (YcSupervisionView *self,
                                             const char        *uuid);
/* "board" or "figures" */
void        yc_supervision_view_show_page   (YcSupervisionView *self,
                                             const char        *name);
/* Packs @widget (the window's account button and sync indicator) at the end of the view's
 * header bar, beside the Board / Figures switcher. */
void        yc_supervision_view_set_header_widget (YcSupervisionView *self,
                                                   GtkWidget         *widget);
/* Reads the board again (after a sync round). */
void        yc_supervision_view_refresh     (YcSupervisionView *self);

G_END_DECLS
