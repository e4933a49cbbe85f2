/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalog-private.h"

struct _YcCatalog
{
  GObject     parent_instance;

  char       *version;
  char       *name;
  GPtrArray  *departments;
  GPtrArray  *items;
  GPtrArray  *bundles;

  GHashTable *departments_by_code;
  GHashTable *items_by_code;
  GHashTable *bundles_by_code;
};

G_DEFINE_FINAL_TYPE (YcCatalog, yc_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-catalog-error-quark, yc_catalog_error)

static const struct {
  YcItemType  type;
  const char *key;
  const char *label;
} item_types[] = {
  { YC_ITEM_TYPE_ADMINISTRATIVE_PERMIT, "administrative_permit", N_("Administrative permit") },
  { YC_ITEM_TYPE_ADMINISTRATIVE_CONFIRMATION, "administrative_confirmation", N_("Administrative confirmation") },
  { YC_ITEM_TYPE_ADMINISTRATIVE_PAYMENT, "administrative_payment", N_("Administrative payment") },
  { YC_ITEM_TYPE_PUBLIC_SERVICE, "public_service", N_("Public service") },
  { YC_ITEM_TYPE_OTHER_POWER, "other_power", N_("Other administrative power") },
};

static const struct {
  YcMaterialForm  form;
  const char     *key;
  const char     *label;
} material_forms[] = {
  { YC_MATERIAL_FORM_ELECTRONIC, "electronic", N_("Electronic") },
  { YC_MATERIAL_FORM_COPY, "copy", N_("Copy") },
  { YC_MATERIAL_FORM_ORIGINAL, "original", N_("Original for checking") },
};

/* Life stages: citizens by life event, enterprises by stage of the business (DOMAIN.md). */
static const char * const citizen_stages[] = {
  "birth", "schooling", "employment", "marriage", "housing", "retirement", NULL
};
static const char * const enterprise_stages[] = {
  "startup", "market_access", "operation", "financing", "difficulty", NULL
};
static const char * const all_stages[] = {
  "birth", "schooling", "employment", "marriage", "housing", "retirement",
  "startup", "market_access", "operation", "financing", "difficulty", NULL
};
static const struct {
  const char *key;
  const char *label;
} stage_labels[] = {
  { "birth", N_("Birth") },
  { "schooling", N_("Schooling") },
  { "employment", N_("Employment") },
  { "marriage", N_("Marriage") },
  { "housing", N_("Housing") },
  { "retirement", N_("Retirement") },
  { "startup", N_("Starting up") },
  { "market_access", N_("Market access") },
  { "operation", N_("Daily operation") },
  { "financing", N_("Growth and financing") },
  { "difficulty", N_("Facing difficulties") },
};

void
yc_department_free (YcDepartment *department)
{
  if (department == NULL)
    return;
  g_free (department->code);
  g_free (department->name);
  g_free (department->short_name);
  g_free (department);
}

void
yc_material_free (YcMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->code);
  g_free (material->name);
  g_free (material->shared_source);
  g_free (material->source_hint);
  g_free (material->note);
  g_free (material);
}

void
yc_question_option_free (YcQuestionOption *option)
{
  if (option == NULL)
    return;
  g_free (option->code);
  g_free (option->label);
  g_free (option);
}

void
yc_question_free (YcQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->code);
  g_free (question->text);
  g_clear_pointer (&question->options, g_ptr_array_unref);
  g_free (question);
}

void
yc_scenario_free (YcScenario *scenario)
{
  if (scenario == NULL)
    return;
  g_free (scenario->code);
  g_free (scenario->name);
  g_clear_pointer (&scenario->when, g_hash_table_unref);
  g_clear_pointer (&scenario->materials, g_ptr_array_unref);
  g_free (scenario);
}

void
yc_item_free (YcItem *item)
{
  if (item == NULL)
    return;
  g_free (item->code);
  g_free (item->name);
  g_free (item->department);
  g_free (item->fee);
  g_free (item->legal_basis);
  g_strfreev (item->life_stages);
  g_clear_pointer (&item->questions, g_ptr_array_unref);
  g_clear_pointer (&item->scenarios, g_ptr_array_unref);
  g_free (item);
}

void
yc_bundle_part_free (YcBundlePart *part)
{
  if (part == NULL)
    return;
  g_free (part->item);
  g_free (part->scenario);
  g_free (part);
}

void
yc_bundle_free (YcBundle *bundle)
{
  if (bundle == NULL)
    return;
  g_free (bundle->code);
  g_free (bundle->name);
  g_free (bundle->description);
  g_strfreev (bundle->life_stages);
  g_clear_pointer (&bundle->parts, g_ptr_array_unref);
  g_free (bundle);
}

static void
yc_catalog_finalize (GObject *object)
{
  YcCatalog *self = (YcCatalog *)object;

  g_clear_pointer (&self->departments_by_code, g_hash_table_unref);
  g_clear_pointer (&self->items_by_code, g_hash_table_unref);
  g_clear_pointer (&self->bundles_by_code, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->bundles, g_ptr_array_unref);
  g_free (self->version);
  g_free (self->name);

  G_OBJECT_CLASS (yc_catalog_parent_class)->finalize (object);
}

static void
yc_catalog_class_init (YcCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_catalog_finalize;
}

static void
yc_catalog_init (YcCatalog *self)
{
  self->departments_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->items_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->bundles_by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
index_by_code (GHashTable *table,
               GPtrArray  *array)
{
  /* Every struct in the catalog starts with its code. */
  for (guint i = 0; i < array->len; i++)
    {
      char **code = g_ptr_array_index (array, i);
      g_hash_table_insert (table, *code, code);
    }
}

/*
 * yc_catalog_new_take:
 *
 * Takes ownership of every argument.  The arrays must own their elements (free
 * functions set) and must already be validated: codes unique, references resolved.
 */
YcCatalog *
yc_catalog_new_take (char      *version,
                     char      *name,
                     GPtrArray *departments,
                     GPtrArray *items,
                     GPtrArray *bundles)
{
  YcCatalog *self;

  g_return_val_if_fail (version != NULL, NULL);
  g_return_val_if_fail (departments != NULL, NULL);
  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (bundles != NULL, NULL);

  self = g_object_new (YC_TYPE_CATALOG, NULL);
  self->version = version;
  self->name = name;
  self->departments = departments;
  self->items = items;
  self->bundles = bundles;

  index_by_code (self->departments_by_code, departments);
  index_by_code (self->items_by_code, items);
  index_by_code (self->bundles_by_code, bundles);

  return self;
}

const char *
yc_catalog_get_version (YcCatalog *self)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  return self->version;
}

const char *
yc_catalog_get_name (YcCatalog *self)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  return self->name;
}

/**
 * yc_catalog_get_departments:
 *
 * Returns: (transfer none) (element-type YcDepartment): the departments, in catalog order
 */
GPtrArray *
yc_catalog_get_departments (YcCatalog *self)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  return self->departments;
}

/**
 * yc_catalog_get_items:
 *
 * Returns: (transfer none) (element-type YcItem): the service items, in catalog order
 */
GPtrArray *
yc_catalog_get_items (YcCatalog *self)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  return self->items;
}

/**
 * yc_catalog_get_bundles:
 *
 * Returns: (transfer none) (element-type YcBundle): the bundles, in catalog order
 */
GPtrArray *
yc_catalog_get_bundles (YcCatalog *self)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  return self->bundles;
}

const YcDepartment *
yc_catalog_lookup_department (YcCatalog  *self,
                              const char *code)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->departments_by_code, code);
}

const YcItem *
yc_catalog_lookup_item (YcCatalog  *self,
                        const char *code)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->items_by_code, code);
}

const YcBundle *
yc_catalog_lookup_bundle (YcCatalog  *self,
                          const char *code)
{
  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->bundles_by_code, code);
}

const YcScenario *
yc_item_lookup_scenario (const YcItem *item,
                         const char   *code)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < item->scenarios->len; i++)
    {
      const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);
      if (g_str_equal (scenario->code, code))
        return scenario;
    }
  return NULL;
}

/**
 * yc_item_match_scenario:
 * @answers: question code → option code
 *
 * Returns: the first scenario whose conditions all hold for @answers, or %NULL
 */
const YcScenario *
yc_item_match_scenario (const YcItem *item,
                        GHashTable   *answers)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  for (guint i = 0; i < item->scenarios->len; i++)
    {
      const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);
      GHashTableIter iter;
      gpointer key, value;
      gboolean matches = TRUE;

      g_hash_table_iter_init (&iter, scenario->when);
      while (matches && g_hash_table_iter_next (&iter, &key, &value))
        matches = g_strcmp0 (g_hash_table_lookup (answers, key), value) == 0;

      if (matches)
        return scenario;
    }
  return NULL;
}

const char *
yc_item_type_to_string (YcItemType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_types); i++)
    if (item_types[i].type == type)
      return item_types[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_item_type_from_string (const char *str,
                          YcItemType *type)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (item_types); i++)
    if (g_str_equal (item_types[i].key, str))
      {
        *type = item_types[i].type;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_item_type_label (YcItemType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_types); i++)
    if (item_types[i].type == type)
      return _(item_types[i].label);
  g_return_val_if_reached (NULL);
}

const char *
yc_material_form_to_string (YcMaterialForm form)
{
  for (guint i = 0; i < G_N_ELEMENTS (material_forms); i++)
    if (material_forms[i].form == form)
      return material_forms[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_material_form_from_string (const char     *str,
                              YcMaterialForm *form)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (material_forms); i++)
    if (g_str_equal (material_forms[i].key, str))
      {
        *form = material_forms[i].form;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_material_form_label (YcMaterialForm form)
{
  for (guint i = 0; i < G_N_ELEMENTS (material_forms); i++)
    if (material_forms[i].form == form)
      return _(material_forms[i].label);
  g_return_val_if_reached (NULL);
}

gboolean
yc_life_stage_is_valid (const char *key)
{
  return key != NULL && g_strv_contains (all_stages, key);
}

/**
 * yc_life_stage_label:
 *
 * Returns: the translated name of a life stage key, or %NULL for an unknown key
 */
const char *
yc_life_stage_label (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (stage_labels); i++)
    if (g_str_equal (stage_labels[i].key, key))
      return _(stage_labels[i].label);
  return NULL;
}

/**
 * yc_life_stage_keys:
 *
 * Returns: (transfer none): the life stage keys for citizens, enterprises or both
 */
const char * const *
yc_life_stage_keys (YcAudience audience)
{
  switch ((int) audience)
    {
    case YC_AUDIENCE_CITIZEN:
      return citizen_stages;
    case YC_AUDIENCE_ENTERPRISE:
      return enterprise_stages;
    default:
      return all_stages;
    }
}
