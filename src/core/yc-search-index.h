/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yc-catalog.h"
#include "yc-types.h"

G_BEGIN_DECLS

/*
 * Search over a catalog's items and bundles: by hanzi, full pinyin, initials, item code
 * and department, filtered by department, life stage and audience, ranked.  The index is
 * immutable once built and may be queried from any thread.  docs/search.md describes the
 * matching and the ranking.
 */

typedef enum {
  YC_SEARCH_KIND_ITEM,
  YC_SEARCH_KIND_BUNDLE,
} YcSearchKind;

/* NULL / 0 fields put no restriction. */
typedef struct {
  const char *department;    /* department code; a bundle passes if one of its items is there */
  const char *life_stage;    /* life stage key, see yc_life_stage_keys() */
  YcAudience  audience;      /* 0: any */
  gboolean    items_only;
  gboolean    bundles_only;
} YcSearchFilter;

/* The strings are owned by the catalog. */
typedef struct {
  YcSearchKind  kind;
  const char   *code;
  const char   *name;
  const char   *department;  /* department code; NULL for bundles */
  double        score;       /* higher is better; 0 when browsing */
} YcSearchHit;

#define YC_TYPE_SEARCH_INDEX (yc_search_index_get_type ())
G_DECLARE_FINAL_TYPE (YcSearchIndex, yc_search_index, YC, SEARCH_INDEX, GObject)

YcSearchIndex *yc_search_index_new          (YcCatalog            *catalog);
GArray        *yc_search_index_query        (YcSearchIndex        *self,
                                             const char           *query,
                                             const YcSearchFilter *filter,
                                             guint                 limit);
YcCatalog     *yc_search_index_get_catalog  (YcSearchIndex        *self);

G_END_DECLS
