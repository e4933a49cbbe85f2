/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-catalog"

#include "config.h"

#include <json-glib/json-glib.h>

#include "yc-catalog-private.h"
#include "yc-catalog-loader-private.h"

/*
 * Writes a catalog as one self-contained document of docs/catalog-format.md.  Every field
 * is written, defaults included, so that a reader never depends on this version's
 * defaults; yc_catalog_load_bytes() reads the result back into an equal catalog.
 */

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

static void
add_stages (JsonBuilder *builder,
            GStrv        stages)
{
  json_builder_set_member_name (builder, "life_stages");
  json_builder_begin_array (builder);
  for (guint i = 0; stages != NULL && stages[i] != NULL; i++)
    json_builder_add_string_value (builder, stages[i]);
  json_builder_end_array (builder);
}

static void
write_material (JsonBuilder      *builder,
                const YcMaterial *material)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", material->code);
  add_string (builder, "name", material->name);
  add_string (builder, "form", yc_material_form_to_string (material->form));
  add_int (builder, "copies", material->copies);
  add_bool (builder, "required", material->required);
  add_bool (builder, "core", material->core);
  add_bool (builder, "tolerable", material->tolerable);
  add_bool (builder, "pledgeable", material->pledgeable);
  add_string (builder, "shared_source", material->shared_source);
  add_string (builder, "source_hint", material->source_hint);
  add_string (builder, "note", material->note);
  json_builder_end_object (builder);
}

static void
write_question (JsonBuilder      *builder,
                const YcQuestion *question)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", question->code);
  add_string (builder, "text", question->text);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_array (builder);
  for (guint i = 0; i < question->options->len; i++)
    {
      const YcQuestionOption *option = g_ptr_array_index (question->options, i);

      json_builder_begin_object (builder);
      add_string (builder, "code", option->code);
      add_string (builder, "label", option->label);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
write_scenario (JsonBuilder      *builder,
                const YcItem     *item,
                const YcScenario *scenario)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", scenario->code);
  add_string (builder, "name", scenario->name);

  /* In question order, not hash order, so that the same catalog gives the same bytes. */
  json_builder_set_member_name (builder, "when");
  json_builder_begin_object (builder);
  for (guint i = 0; i < item->questions->len; i++)
    {
      const YcQuestion *question = g_ptr_array_index (item->questions, i);
      const char *option = g_hash_table_lookup (scenario->when, question->code);

      if (option != NULL)
        add_string (builder, question->code, option);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scenario->materials->len; i++)
    write_material (builder, g_ptr_array_index (scenario->materials, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
write_item (JsonBuilder  *builder,
            const YcItem *item)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", item->code);
  add_string (builder, "name", item->name);
  add_string (builder, "type", yc_item_type_to_string (item->type));
  add_string (builder, "department", item->department);
  json_builder_set_member_name (builder, "statutory_days");
  if (item->statutory_days == YC_NO_LIMIT)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, item->statutory_days);
  add_int (builder, "committed_days", item->committed_days);
  add_string (builder, "fee", item->fee);
  add_string (builder, "legal_basis", item->legal_basis);
  add_string (builder, "audience", yc_audience_to_string (item->audience));
  add_stages (builder, item->life_stages);
  add_int (builder, "supplement_days", item->supplement_days);
  add_int (builder, "max_tolerated", item->max_tolerated);
  add_int (builder, "pledge_verify_days", item->pledge_verify_days);

  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->questions->len; i++)
    write_question (builder, g_ptr_array_index (item->questions, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "scenarios");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->scenarios->len; i++)
    write_scenario (builder, item, g_ptr_array_index (item->scenarios, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
write_bundle (JsonBuilder    *builder,
              const YcBundle *bundle)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", bundle->code);
  add_string (builder, "name", bundle->name);
  add_string (builder, "description", bundle->description);
  add_string (builder, "audience", yc_audience_to_string (bundle->audience));
  add_stages (builder, bundle->life_stages);
  add_int (builder, "committed_days", bundle->committed_days);

  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);

      json_builder_begin_object (builder);
      add_string (builder, "item", part->item);
      add_string (builder, "scenario", part->scenario);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * yc_item_to_json:
 *
 * Returns: (transfer full): @item as it stands in the catalog format
 */
JsonNode *
yc_item_to_json (const YcItem *item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (item != NULL, NULL);

  write_item (builder, item);
  return json_builder_get_root (builder);
}

/**
 * yc_bundle_to_json:
 *
 * Returns: (transfer full): @bundle as it stands in the catalog format
 */
JsonNode *
yc_bundle_to_json (const YcBundle *bundle)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (bundle != NULL, NULL);

  write_bundle (builder, bundle);
  return json_builder_get_root (builder);
}

/**
 * yc_catalog_to_bytes:
 *
 * Serializes the catalog as a single JSON document (UTF-8, indented), the form
 * yc_catalog_load_bytes() reads.
 *
 * Returns: (transfer full): the document
 */
GBytes *
yc_catalog_to_bytes (YcCatalog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *departments;
  GPtrArray *items;
  GPtrArray *bundles;
  char *data;
  gsize length;

  g_return_val_if_fail (YC_IS_CATALOG (self), NULL);

  departments = yc_catalog_get_departments (self);
  items = yc_catalog_get_items (self);
  bundles = yc_catalog_get_bundles (self);

  json_builder_begin_object (builder);
  add_int (builder, "format", 1);
  add_string (builder, "version", yc_catalog_get_version (self));
  add_string (builder, "name", yc_catalog_get_name (self));

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < departments->len; i++)
    {
      const YcDepartment *department = g_ptr_array_index (departments, i);

      json_builder_begin_object (builder);
      add_string (builder, "code", department->code);
      add_string (builder, "name", department->name);
      add_string (builder, "short_name", department->short_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    write_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "bundles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bundles->len; i++)
    write_bundle (builder, g_ptr_array_index (bundles, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}
