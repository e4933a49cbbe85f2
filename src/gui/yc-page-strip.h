/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * A material's pages as a row of thumbnails: select, rotate, crop to the content, delete,
 * reorder (drag a thumbnail, or Alt+Left/Right), and open one large (Enter: the
 * ::page-activated signal).  Blank pages carry a badge; they are the clerk's to delete.
 * The pages are a GListStore of YcPageItem (yc_intake_material_get_pages()).
 */

#define YC_TYPE_PAGE_STRIP (yc_page_strip_get_type ())
G_DECLARE_FINAL_TYPE (YcPageStrip, yc_page_strip, YC, PAGE_STRIP, GtkWidget)

GtkWidget  *yc_page_strip_new          (void);
void        yc_page_strip_set_pages    (YcPageStrip *self,
                                        GListStore  *pages,
                                        const char  *title);
GListStore *yc_page_strip_get_pages    (YcPageStrip *self);
/* GTK_INVALID_LIST_POSITION when there is no page */
guint       yc_page_strip_get_selected (YcPageStrip *self);
void        yc_page_strip_select       (YcPageStrip *self,
                                        guint        position);
/* Moves the page at @from to @to (both positions before the move) and selects it */
gboolean    yc_page_strip_move         (YcPageStrip *self,
                                        guint        from,
                                        guint        to);

/* The page cropped to its content (ink darker than paper) with a small margin; FALSE
 * with YC_SCAN_ERROR_UNSUPPORTED when there is nothing to cut (a blank page, no margins) */
YcScanPage *yc_page_trim_margins       (YcScanPage  *page,
                                        GError     **error);

G_END_DECLS
