/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalog.h"

G_BEGIN_DECLS

/* Used by the loader (yc-catalog-loader.c) to build a catalog it has validated. */

YcCatalog *yc_catalog_new_take          (char      *version,
                                         char      *name,
                                         GPtrArray *departments,
                                         GPtrArray *items,
                                         GPtrArray *bundles);

/* The catalog format's JSON of one item or bundle (yc-catalog-writer.c). */
JsonNode  *yc_item_to_json              (const YcItem     *item);
JsonNode  *yc_bundle_to_json            (const YcBundle   *bundle);

void       yc_department_free           (YcDepartment     *department);
void       yc_material_free             (YcMaterial       *material);
void       yc_question_option_free      (YcQuestionOption *option);
void       yc_question_free             (YcQuestion       *question);
void       yc_scenario_free             (YcScenario       *scenario);
void       yc_item_free                 (YcItem           *item);
void       yc_bundle_part_free          (YcBundlePart     *part);
void       yc_bundle_free               (YcBundle         *bundle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDepartment, yc_department_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcMaterial, yc_material_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcQuestionOption, yc_question_option_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcQuestion, yc_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScenario, yc_scenario_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcItem, yc_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcBundlePart, yc_bundle_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcBundle, yc_bundle_free)

G_END_DECLS
