/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-case.h"
#include "yc-catalog.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * A case as the supervisor sees it from the board: the case's clock and each department's
 * (yc_case_clock), who holds each part, the urges so far and whether they were
 * acknowledged, and the history — with the "督办" action (urge-case.urge, Ctrl+U) that opens
 * the YcUrgeDialog, and "urge-case.back" (Escape) back to the board.
 *
 * Construct properties "store", "calendar", "catalog" (nullable), "session".
 * Signals: "back"; "urged" (YcCase *the case as applied).
 */

#define YC_TYPE_URGE_CASE_PAGE (yc_urge_case_page_get_type ())
G_DECLARE_FINAL_TYPE (YcUrgeCasePage, yc_urge_case_page, YC, URGE_CASE_PAGE, GtkWidget)

GtkWidget *yc_urge_case_page_new          (YcStore          *store,
                                           YcCalendar       *calendar,
                                           YcCatalog        *catalog,
                                           YcSessionManager *session);
/* Reads the case from the store (async) and shows it. */
void       yc_urge_case_page_load         (YcUrgeCasePage   *self,
                                           const char       *uuid);
void       yc_urge_case_page_set_case     (YcUrgeCasePage   *self,
                                           YcCase           *case_doc);
/* (nullable) (transfer none) */
YcCase    *yc_urge_case_page_get_case     (YcUrgeCasePage   *self);
/* The day the clocks are read on (tests); NULL: today. */
void       yc_urge_case_page_set_today    (YcUrgeCasePage   *self,
                                           const GDate      *today);
/* The urge dialog (also what urge-case.urge opens); NULL without a case. */
GtkWidget *yc_urge_case_page_open_urge_dialog (YcUrgeCasePage *self);

G_END_DECLS
