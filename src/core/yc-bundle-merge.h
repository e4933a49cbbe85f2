/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-catalog.h"

G_BEGIN_DECLS

/*
 * The (merged) material list of what an applicant asks for: one item in one scenario, or a
 * bundle (一件事) whose parts each name an item and a scenario.  In a bundle a material that
 * several items ask for (same material code) is asked for once, with the strictest demands
 * of all of them.  The rules engine (yc-rules.h) and the UI work on this list alone, so that
 * items and bundles are treated alike.
 */

#define YC_BUNDLE_MERGE_ERROR (yc_bundle_merge_error_quark ())

typedef enum {
  YC_BUNDLE_MERGE_ERROR_UNKNOWN_ITEM,      /* a part names an item the catalog lacks */
  YC_BUNDLE_MERGE_ERROR_UNKNOWN_SCENARIO,  /* a part names a scenario its item lacks */
} YcBundleMergeError;

typedef struct _YcMergedList YcMergedList;

typedef struct {
  const YcMaterial *material;       /* representative: the first part's entry (code, name) */
  YcMaterialForm    form;           /* strictest: original > copy > electronic */
  guint             copies;         /* largest */
  gboolean          required;       /* any part requires it */
  gboolean          core;           /* any part calls it core */
  /* Relief (tolerable, pledgeable, shared_source) is decided by the parts that require the
   * material, or by every part when none does: a part where it is optional has no say. */
  gboolean          tolerable;      /* every deciding part allows it, and not core */
  gboolean          pledgeable;     /* every deciding part allows it */
  const char       *shared_source;  /* the first deciding part's source if each has one, or NULL */
  const char       *source_hint;    /* the first non-NULL hint of the parts, or NULL */
  GPtrArray        *items;          /* of const YcItem*: the items asking for it, part order */
  GPtrArray        *required_by;    /* of const YcItem*: the items requiring it, part order
                                     * (the same as items when none does); the items whose
                                     * caps and deadlines it counts against */
} YcMergedMaterial;

typedef struct {
  guint materials_before;       /* materials summed over the parts */
  guint materials_after;        /* distinct material codes */
  guint departments;            /* distinct implementing departments */
  guint trips_before;           /* one per department */
  guint trips_after;            /* one: the comprehensive window */
  int   committed_days_sum;     /* the items' committed limits added up (即办 = 0) */
  int   bundle_committed_days;  /* the bundle's own limit; the item's for a single item */
} YcBundleFigures;

#define YC_TYPE_MERGED_LIST (yc_merged_list_get_type ())

GQuark                  yc_bundle_merge_error_quark     (void);
GType                   yc_merged_list_get_type         (void) G_GNUC_CONST;

YcMergedList           *yc_bundle_merge                 (YcCatalog          *catalog,
                                                         const YcBundle     *bundle,
                                                         GError            **error);
YcMergedList           *yc_merged_list_new_for_item     (YcCatalog          *catalog,
                                                         const YcItem       *item,
                                                         const YcScenario   *scenario);
YcMergedList           *yc_merged_list_ref              (YcMergedList       *self);
void                    yc_merged_list_unref            (YcMergedList       *self);

YcCatalog              *yc_merged_list_get_catalog      (YcMergedList       *self);
const YcBundle         *yc_merged_list_get_bundle       (YcMergedList       *self);
guint                   yc_merged_list_get_n_parts      (YcMergedList       *self);
const YcItem           *yc_merged_list_get_item         (YcMergedList       *self,
                                                         guint               part);
const YcScenario       *yc_merged_list_get_scenario     (YcMergedList       *self,
                                                         guint               part);
guint                   yc_merged_list_get_n_materials  (YcMergedList       *self);
const YcMergedMaterial *yc_merged_list_get_material     (YcMergedList       *self,
                                                         guint               position);
const YcMergedMaterial *yc_merged_list_lookup_material  (YcMergedList       *self,
                                                         const char         *code);
const YcBundleFigures  *yc_merged_list_get_figures      (YcMergedList       *self);

GPtrArray              *yc_bundle_dup_departments       (YcCatalog          *catalog,
                                                         const YcBundle     *bundle);

gboolean                yc_merged_material_needed_by    (const YcMergedMaterial *material,
                                                         const YcItem           *item);
gboolean                yc_merged_material_required_by  (const YcMergedMaterial *material,
                                                         const YcItem           *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcMergedList, yc_merged_list_unref)

G_END_DECLS
