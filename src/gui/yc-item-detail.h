/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-catalog.h"

G_BEGIN_DECLS

#define YC_TYPE_ITEM_DETAIL (yc_item_detail_get_type ())
G_DECLARE_FINAL_TYPE (YcItemDetail, yc_item_detail, YC, ITEM_DETAIL, GtkWidget)

GtkWidget  *yc_item_detail_new         (YcCatalog    *catalog);
YcCatalog  *yc_item_detail_get_catalog (YcItemDetail *self);
const char *yc_item_detail_get_code    (YcItemDetail *self);
gboolean    yc_item_detail_get_is_bundle (YcItemDetail *self);
gboolean    yc_item_detail_show_item   (YcItemDetail *self,
                                        const char   *code);
gboolean    yc_item_detail_show_bundle (YcItemDetail *self,
                                        const char   *code);

G_END_DECLS
