/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-bundle-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-bundle-merge.h"

struct _YcMergedList
{
  gatomicrefcount  ref_count;

  /* Every YcItem, YcScenario and YcMaterial pointer below belongs to the catalog. */
  YcCatalog       *catalog;
  const YcBundle  *bundle;      /* NULL for a single item */
  GPtrArray       *items;       /* of const YcItem*, one per part */
  GPtrArray       *scenarios;   /* of const YcScenario*, one per part */
  GPtrArray       *materials;   /* of YcMergedMaterial*, owned, in order of first appearance */
  GHashTable      *by_code;     /* material code → YcMergedMaterial* */
  YcBundleFigures  figures;
};

G_DEFINE_BOXED_TYPE (YcMergedList, yc_merged_list, yc_merged_list_ref, yc_merged_list_unref)

G_DEFINE_QUARK (yc-bundle-merge-error-quark, yc_bundle_merge_error)

static void
merged_material_free (YcMergedMaterial *merged)
{
  g_clear_pointer (&merged->required_by, g_ptr_array_unref);
  g_clear_pointer (&merged->items, g_ptr_array_unref);
  g_free (merged);
}

static YcMergedList *
merged_list_new (YcCatalog      *catalog,
                 const YcBundle *bundle)
{
  YcMergedList *self = g_new0 (YcMergedList, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->catalog = g_object_ref (catalog);
  self->bundle = bundle;
  self->items = g_ptr_array_new ();
  self->scenarios = g_ptr_array_new ();
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) merged_material_free);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

/*
 * Folds one catalog material into the list.  Being asked once must satisfy every item, so
 * the demands (form, copies, necessity, core) take the strictest of the parts.  Relief works
 * the other way: a material may only be tolerated, pledged or fetched from shared data when
 * every item requiring it allows that, because the one paper collected serves them all and
 * an item that insists on it would otherwise be left without it.  A part where the material
 * is optional does not insist on it, so it has no say (the loader even forbids tolerance and
 * pledges on optional materials, which would otherwise always turn them off); only when no
 * part requires the material do all of them decide.
 */
static void
take_relief (YcMergedMaterial *merged,
             const YcMaterial *material)
{
  merged->tolerable = material->tolerable;
  merged->pledgeable = material->pledgeable;
  merged->shared_source = material->shared_source;
}

static void
combine_relief (YcMergedMaterial *merged,
                const YcMaterial *material)
{
  merged->tolerable = merged->tolerable && material->tolerable;
  merged->pledgeable = merged->pledgeable && material->pledgeable;
  if (material->shared_source == NULL)
    merged->shared_source = NULL;
}

static void
add_item (GPtrArray    *items,
          const YcItem *item)
{
  if (!g_ptr_array_find (items, item, NULL))
    g_ptr_array_add (items, (gpointer) item);
}

static void
add_material (YcMergedList     *self,
              const YcItem     *item,
              const YcMaterial *material)
{
  YcMergedMaterial *merged = g_hash_table_lookup (self->by_code, material->code);

  if (merged == NULL)
    {
      merged = g_new0 (YcMergedMaterial, 1);
      merged->material = material;
      merged->form = material->form;
      merged->copies = material->copies;
      merged->required = material->required;
      merged->core = material->core;
      take_relief (merged, material);
      merged->source_hint = material->source_hint;
      merged->items = g_ptr_array_new ();
      merged->required_by = g_ptr_array_new ();
      g_ptr_array_add (self->materials, merged);
      g_hash_table_insert (self->by_code, material->code, merged);
    }
  else
    {
      merged->form = MAX (merged->form, material->form);
      merged->copies = MAX (merged->copies, material->copies);
      merged->core = merged->core || material->core;
      if (material->required && !merged->required)
        {
          /* The first part to require it: the optional parts before lose their say. */
          take_relief (merged, material);
          g_ptr_array_set_size (merged->required_by, 0);
        }
      else if (material->required == merged->required)
        combine_relief (merged, material);
      merged->required = merged->required || material->required;
      if (merged->source_hint == NULL)
        merged->source_hint = material->source_hint;
    }

  /* Core materials are never tolerable, whatever a part's flags say. */
  if (merged->core)
    merged->tolerable = FALSE;

  add_item (merged->items, item);
  if (material->required || !merged->required)
    add_item (merged->required_by, item);
}

static void
add_part (YcMergedList     *self,
          const YcItem     *item,
          const YcScenario *scenario)
{
  g_ptr_array_add (self->items, (gpointer) item);
  g_ptr_array_add (self->scenarios, (gpointer) scenario);

  for (guint i = 0; i < scenario->materials->len; i++)
    add_material (self, item, g_ptr_array_index (scenario->materials, i));

  self->figures.materials_before += scenario->materials->len;
  self->figures.committed_days_sum += MAX (item->committed_days, 0);
}

/* The one rule for a bundle's departments: each implementing department once, part order. */
static void
add_department (GPtrArray    *departments,
                const YcItem *item)
{
  if (!g_ptr_array_find_with_equal_func (departments, item->department, g_str_equal, NULL))
    g_ptr_array_add (departments, item->department);
}

static void
finish_figures (YcMergedList *self)
{
  g_autoptr(GPtrArray) departments = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    add_department (departments, g_ptr_array_index (self->items, i));

  self->figures.materials_after = self->materials->len;
  self->figures.departments = departments->len;
  /* Without the bundle the applicant visits each department's window once. */
  self->figures.trips_before = self->figures.departments;
  self->figures.trips_after = 1;
}

/**
 * yc_bundle_merge:
 * @catalog: the catalog @bundle belongs to
 * @bundle: a bundle of @catalog
 *
 * Merges the material lists of the bundle's parts.
 *
 * Returns: (transfer full): the merged list, or %NULL with @error set when a part names an
 *   item or scenario the catalog lacks (a validated catalog never does)
 */
YcMergedList *
yc_bundle_merge (YcCatalog       *catalog,
                 const YcBundle  *bundle,
                 GError         **error)
{
  g_autoptr(YcMergedList) self = NULL;

  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = merged_list_new (catalog, bundle);

  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);
      const YcItem *item = yc_catalog_lookup_item (catalog, part->item);
      const YcScenario *scenario;

      if (item == NULL)
        {
          g_set_error (error, YC_BUNDLE_MERGE_ERROR, YC_BUNDLE_MERGE_ERROR_UNKNOWN_ITEM,
                       _("Bundle “%s” names the item “%s”, which is not in the catalog"),
                       bundle->code, part->item);
          return NULL;
        }

      scenario = yc_item_lookup_scenario (item, part->scenario);
      if (scenario == NULL)
        {
          g_set_error (error, YC_BUNDLE_MERGE_ERROR, YC_BUNDLE_MERGE_ERROR_UNKNOWN_SCENARIO,
                       _("Bundle “%s” names the scenario “%s” of item “%s”, which has no such scenario"),
                       bundle->code, part->scenario, part->item);
          return NULL;
        }

      add_part (self, item, scenario);
    }

  finish_figures (self);
  self->figures.bundle_committed_days = bundle->committed_days;

  return g_steal_pointer (&self);
}

/**
 * yc_bundle_dup_departments:
 * @catalog: the catalog @bundle belongs to
 * @bundle: a bundle of @catalog
 *
 * The departments implementing the bundle's items, as its figures count them, without
 * merging the material lists: cheap enough for every row of a search.  A part naming an
 * item the catalog lacks is skipped (a loaded catalog has none).
 *
 * Returns: (transfer container) (element-type utf8): the distinct department codes, owned
 *   by @catalog, in part order
 */
GPtrArray *
yc_bundle_dup_departments (YcCatalog      *catalog,
                           const YcBundle *bundle)
{
  GPtrArray *departments;

  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (bundle != NULL, NULL);

  departments = g_ptr_array_new ();
  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);
      const YcItem *item = yc_catalog_lookup_item (catalog, part->item);

      if (item != NULL)
        add_department (departments, item);
    }
  return departments;
}

/**
 * yc_merged_list_new_for_item:
 * @catalog: the catalog @item belongs to
 * @item: an item of @catalog
 * @scenario: one of @item's scenarios
 *
 * Wraps a single item's material list in the same shape as a merged bundle, so that callers
 * need not tell the two apart.  Its figures are those of a one-part bundle.
 *
 * Returns: (transfer full): the material list
 */
YcMergedList *
yc_merged_list_new_for_item (YcCatalog        *catalog,
                             const YcItem     *item,
                             const YcScenario *scenario)
{
  YcMergedList *self;

  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (scenario != NULL, NULL);

  self = merged_list_new (catalog, NULL);
  add_part (self, item, scenario);
  finish_figures (self);
  self->figures.bundle_committed_days = item->committed_days;

  return self;
}

YcMergedList *
yc_merged_list_ref (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_merged_list_unref (YcMergedList *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->catalog);
  g_free (self);
}

/**
 * yc_merged_list_get_catalog:
 *
 * Returns: (transfer none): the catalog the list's items and materials belong to
 */
YcCatalog *
yc_merged_list_get_catalog (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->catalog;
}

/**
 * yc_merged_list_get_bundle:
 *
 * Returns: (nullable): the bundle, or %NULL for a single item
 */
const YcBundle *
yc_merged_list_get_bundle (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->bundle;
}

guint
yc_merged_list_get_n_parts (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->items->len;
}

const YcItem *
yc_merged_list_get_item (YcMergedList *self,
                         guint         part)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part < self->items->len, NULL);
  return g_ptr_array_index (self->items, part);
}

const YcScenario *
yc_merged_list_get_scenario (YcMergedList *self,
                             guint         part)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (part < self->scenarios->len, NULL);
  return g_ptr_array_index (self->scenarios, part);
}

guint
yc_merged_list_get_n_materials (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->materials->len;
}

const YcMergedMaterial *
yc_merged_list_get_material (YcMergedList *self,
                             guint         position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->materials->len, NULL);
  return g_ptr_array_index (self->materials, position);
}

/**
 * yc_merged_list_lookup_material:
 *
 * Returns: (nullable): the merged entry for the material @code, or %NULL
 */
const YcMergedMaterial *
yc_merged_list_lookup_material (YcMergedList *self,
                                const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->by_code, code);
}

const YcBundleFigures *
yc_merged_list_get_figures (YcMergedList *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->figures;
}

gboolean
yc_merged_material_needed_by (const YcMergedMaterial *material,
                              const YcItem           *item)
{
  g_return_val_if_fail (material != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  return g_ptr_array_find (material->items, item, NULL);
}

/**
 * yc_merged_material_required_by:
 * @material: a merged material
 * @item: an item of the list
 *
 * Returns: whether @material counts against @item's cap on tolerated materials and
 *   deadlines: @item requires it, or no item does and @item asks for it
 */
gboolean
yc_merged_material_required_by (const YcMergedMaterial *material,
                                const YcItem           *item)
{
  g_return_val_if_fail (material != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  return g_ptr_array_find (material->required_by, item, NULL);
}
