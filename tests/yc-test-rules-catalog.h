/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A small catalog for the bundle-merge and rules tests, built in C so that the tests control
 * every flag.  Two items of two departments share two materials (id_card, lease) with
 * different demands, and form the bundle OPEN_GYM:
 *
 *   SPORT  高危险性体育项目经营许可  sport   committed 10  supplement 5  cap 2  verify 20  all
 *     id_card      original 1  required core        shared 公安人口库
 *     application  original 1  required core
 *     lease        copy     2  required tolerable
 *     floor_plan   copy     1  required tolerable
 *     staff_list   copy     1  required tolerable
 *     safety_cert  copy     1  required pledgeable
 *     photo        electr.  1  optional
 *   HEALTH 公共场所卫生许可          health  committed 15  supplement 3  cap 1  verify 10  enterprises
 *     id_card      copy     2  required             shared 公安人口库
 *     lease        copy     1  required
 *     health_cert  original 1  required tolerable
 *     hygiene_plan copy     1  required tolerable pledgeable
 *   OPEN_GYM = SPORT/default + HEALTH/default, committed 8
 */

#include "yc-test-catalog.h"

enum {
  M_REQUIRED   = 1 << 0,
  M_CORE       = 1 << 1,
  M_TOLERABLE  = 1 << 2,
  M_PLEDGEABLE = 1 << 3,
};

static inline YcMaterial *
yc_test_material_new (const char     *code,
                      const char     *name,
                      YcMaterialForm  form,
                      guint           copies,
                      guint           flags,
                      const char     *shared_source,
                      const char     *source_hint)
{
  YcMaterial *material = g_new0 (YcMaterial, 1);

  material->code = g_strdup (code);
  material->name = g_strdup (name);
  material->form = form;
  material->copies = copies;
  material->required = (flags & M_REQUIRED) != 0;
  material->core = (flags & M_CORE) != 0;
  material->tolerable = (flags & M_TOLERABLE) != 0;
  material->pledgeable = (flags & M_PLEDGEABLE) != 0;
  material->shared_source = g_strdup (shared_source);
  material->source_hint = g_strdup (source_hint);
  return material;
}

static inline void
yc_test_item_add_material (YcItem         *item,
                           const char     *code,
                           const char     *name,
                           YcMaterialForm  form,
                           guint           copies,
                           guint           flags,
                           const char     *shared_source,
                           const char     *source_hint)
{
  YcScenario *scenario = g_ptr_array_index (item->scenarios, 0);

  g_ptr_array_add (scenario->materials,
                   yc_test_material_new (code, name, form, copies, flags, shared_source,
                                         source_hint));
}

static inline YcCatalog *
yc_test_rules_catalog_new (void)
{
  YcTestCatalog builder;
  YcItem *item;
  YcBundle *bundle;

  yc_test_catalog_init (&builder);
  yc_test_catalog_department (&builder, "sport", "区文化和旅游体育局", "文旅体局");
  yc_test_catalog_department (&builder, "health", "区卫生健康委员会", "卫健委");

  item = yc_test_catalog_item (&builder, "SPORT", "高危险性体育项目经营许可", "sport",
                               YC_AUDIENCE_ALL, "startup");
  item->committed_days = 10;
  item->supplement_days = 5;
  item->max_tolerated = 2;
  item->pledge_verify_days = 20;
  yc_test_item_add_material (item, "id_card", "法定代表人身份证", YC_MATERIAL_FORM_ORIGINAL, 1,
                             M_REQUIRED | M_CORE, "公安人口库", "户籍所在地公安机关");
  yc_test_item_add_material (item, "application", "经营许可申请书", YC_MATERIAL_FORM_ORIGINAL, 1,
                             M_REQUIRED | M_CORE, NULL, "窗口领取或网上下载");
  yc_test_item_add_material (item, "lease", "场地使用证明", YC_MATERIAL_FORM_COPY, 2,
                             M_REQUIRED | M_TOLERABLE, NULL, "出租方");
  yc_test_item_add_material (item, "floor_plan", "场地平面图", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_TOLERABLE, NULL, NULL);
  yc_test_item_add_material (item, "staff_list", "社会体育指导人员名单", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_TOLERABLE, NULL, NULL);
  yc_test_item_add_material (item, "safety_cert", "安全保障制度证明", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_PLEDGEABLE, NULL, "应急管理部门");
  yc_test_item_add_material (item, "photo", "场地照片", YC_MATERIAL_FORM_ELECTRONIC, 1,
                             0, NULL, NULL);

  item = yc_test_catalog_item (&builder, "HEALTH", "公共场所卫生许可", "health",
                               YC_AUDIENCE_ENTERPRISE, "startup");
  item->committed_days = 15;
  item->supplement_days = 3;
  item->max_tolerated = 1;
  item->pledge_verify_days = 10;
  yc_test_item_add_material (item, "id_card", "法定代表人身份证", YC_MATERIAL_FORM_COPY, 2,
                             M_REQUIRED, "公安人口库", NULL);
  yc_test_item_add_material (item, "lease", "场地使用证明", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED, NULL, NULL);
  yc_test_item_add_material (item, "health_cert", "从业人员健康证明", YC_MATERIAL_FORM_ORIGINAL, 1,
                             M_REQUIRED | M_TOLERABLE, NULL, "疾病预防控制中心");
  yc_test_item_add_material (item, "hygiene_plan", "卫生管理制度", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_TOLERABLE | M_PLEDGEABLE, NULL, NULL);

  yc_test_catalog_bundle (&builder, "OPEN_GYM", "我要开健身房", YC_AUDIENCE_ENTERPRISE,
                          "startup", "SPORT", "HEALTH", NULL);
  bundle = g_ptr_array_index (builder.bundles, builder.bundles->len - 1);
  bundle->committed_days = 8;

  return yc_test_catalog_finish (&builder);
}
