/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Catalogs built directly in C for unit tests and benchmarks, without the JSON loader:
 * just enough of each item (one scenario, no materials) for what searches and lists need.
 */

#include "yc-catalog-private.h"

typedef struct {
  GPtrArray *departments;
  GPtrArray *items;
  GPtrArray *bundles;
} YcTestCatalog;

static inline void
yc_test_catalog_init (YcTestCatalog *builder)
{
  builder->departments = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_department_free);
  builder->items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_free);
  builder->bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_free);
}

static inline void
yc_test_catalog_department (YcTestCatalog *builder,
                            const char    *code,
                            const char    *name,
                            const char    *short_name)
{
  YcDepartment *department = g_new0 (YcDepartment, 1);

  department->code = g_strdup (code);
  department->name = g_strdup (name);
  department->short_name = g_strdup (short_name);
  g_ptr_array_add (builder->departments, department);
}

/* @life_stages: comma-separated keys, or "" */
static inline YcItem *
yc_test_catalog_item (YcTestCatalog *builder,
                      const char    *code,
                      const char    *name,
                      const char    *department,
                      YcAudience     audience,
                      const char    *life_stages)
{
  YcItem *item = g_new0 (YcItem, 1);
  YcScenario *scenario = g_new0 (YcScenario, 1);

  item->code = g_strdup (code);
  item->name = g_strdup (name);
  item->type = YC_ITEM_TYPE_ADMINISTRATIVE_PERMIT;
  item->department = g_strdup (department);
  item->statutory_days = 20;
  item->committed_days = 5;
  item->fee = g_strdup ("不收费");
  item->audience = audience;
  item->life_stages = life_stages[0] != '\0' ? g_strsplit (life_stages, ",", -1) : g_new0 (char *, 1);
  item->supplement_days = 5;
  item->max_tolerated = 2;
  item->pledge_verify_days = 20;
  item->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_question_free);
  item->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scenario_free);

  scenario->code = g_strdup ("default");
  scenario->name = g_strdup ("默认");
  scenario->when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scenario->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  g_ptr_array_add (item->scenarios, scenario);

  g_ptr_array_add (builder->items, item);
  return item;
}

/* The trailing arguments are item codes, NULL-terminated. */
static inline void
yc_test_catalog_bundle (YcTestCatalog *builder,
                        const char    *code,
                        const char    *name,
                        YcAudience     audience,
                        const char    *life_stages,
                        ...)
{
  YcBundle *bundle = g_new0 (YcBundle, 1);
  const char *item;
  va_list args;

  bundle->code = g_strdup (code);
  bundle->name = g_strdup (name);
  bundle->description = g_strdup ("");
  bundle->audience = audience;
  bundle->life_stages = life_stages[0] != '\0' ? g_strsplit (life_stages, ",", -1) : g_new0 (char *, 1);
  bundle->committed_days = 5;
  bundle->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_part_free);

  va_start (args, life_stages);
  while ((item = va_arg (args, const char *)) != NULL)
    {
      YcBundlePart *part = g_new0 (YcBundlePart, 1);

      part->item = g_strdup (item);
      part->scenario = g_strdup ("default");
      g_ptr_array_add (bundle->parts, part);
    }
  va_end (args);

  g_ptr_array_add (builder->bundles, bundle);
}

static inline YcCatalog *
yc_test_catalog_finish (YcTestCatalog *builder)
{
  return yc_catalog_new_take (g_strdup ("test"), g_strdup ("测试目录"),
                              g_steal_pointer (&builder->departments),
                              g_steal_pointer (&builder->items),
                              g_steal_pointer (&builder->bundles));
}
