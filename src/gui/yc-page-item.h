/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * One page of a material in a GListModel (the page strip, the page viewer): a YcScanPage
 * boxed in an object, because list models hold objects.  Editing a page (rotate, crop)
 * replaces the YcScanPage; the thumbnail follows.
 */

#define YC_TYPE_PAGE_ITEM (yc_page_item_get_type ())
G_DECLARE_FINAL_TYPE (YcPageItem, yc_page_item, YC, PAGE_ITEM, GObject)

YcPageItem *yc_page_item_new           (YcScanPage *page);
YcScanPage *yc_page_item_get_page      (YcPageItem *self);
void        yc_page_item_set_page      (YcPageItem *self,
                                        YcScanPage *page);
gboolean    yc_page_item_get_blank     (YcPageItem *self);
/* NULL until decoded off the main loop; "notify::thumbnail" when it is there */
GdkTexture *yc_page_item_get_thumbnail (YcPageItem *self);
void        yc_page_item_cancel_thumbnail (YcPageItem *self);

/* The pages of @model (of YcPageItem), for yc_page_pdf_write(): element-type YcScanPage */
GPtrArray  *yc_page_item_list_pages    (GListModel *model);

G_END_DECLS
