/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-item-detail.h"
#include "yc-search-index.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_COUNTER_VIEW (yc_counter_view_get_type ())
G_DECLARE_FINAL_TYPE (YcCounterView, yc_counter_view, YC, COUNTER_VIEW, GtkWidget)

GtkWidget     *yc_counter_view_new              (YcStore       *store,
                                                 YcSearchIndex *search_index);
YcStore       *yc_counter_view_get_store        (YcCounterView *self);
YcSearchIndex *yc_counter_view_get_search_index (YcCounterView *self);
const char    *yc_counter_view_get_query        (YcCounterView *self);
void           yc_counter_view_set_query        (YcCounterView *self,
                                                 const char    *query);
void           yc_counter_view_set_filter       (YcCounterView *self,
                                                 const char    *department,
                                                 const char    *life_stage,
                                                 gboolean       bundles_only);
GListModel    *yc_counter_view_get_results      (YcCounterView *self);
YcItemDetail  *yc_counter_view_get_detail       (YcCounterView *self);
void           yc_counter_view_set_title_widget (YcCounterView *self,
                                                 GtkWidget     *widget);

G_END_DECLS
