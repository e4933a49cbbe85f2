/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yc-catalog.h"
#include "yc-search-index.h"

G_BEGIN_DECLS

#define YC_TYPE_SEARCH_RESULT (yc_search_result_get_type ())
G_DECLARE_FINAL_TYPE (YcSearchResult, yc_search_result, YC, SEARCH_RESULT, GObject)

YcSearchResult *yc_search_result_new                 (YcCatalog          *catalog,
                                                      const YcSearchHit  *hit);
YcSearchKind    yc_search_result_get_kind            (YcSearchResult     *self);
gboolean        yc_search_result_get_is_bundle       (YcSearchResult     *self);
const char     *yc_search_result_get_code            (YcSearchResult     *self);
const char     *yc_search_result_get_name            (YcSearchResult     *self);
const char     *yc_search_result_get_department_name (YcSearchResult     *self);
const char     *yc_search_result_get_limit_label     (YcSearchResult     *self);

G_END_DECLS
