/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-catalog"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "yc-catalog-private.h"
#include "yc-catalog-loader-private.h"

/*
 * The loader reads a catalog (docs/catalog-format.md) and validates all of it before it
 * builds anything: a catalog with one bad material is rejected whole, because a hall that
 * silently dropped an item would hand applicants a wrong list of materials.
 */

#define CATALOG_FORMAT 1

/* A time limit above this is a typo, not a law (the longest statutory limits are months). */
#define MAX_DAYS 1000

/* Where a bundle was read: its parts are resolved once every file is read. */
typedef struct {
  char *file;
  char *path;
} Origin;

static const char * const manifest_keys[] = {
  "format", "version", "name", "departments", "include", "items", "bundles", NULL
};
static const char * const include_keys[] = { "items", "bundles", NULL };
static const char * const department_keys[] = { "code", "name", "short_name", NULL };
static const char * const bundle_keys[] = {
  "code", "name", "description", "audience", "life_stages", "committed_days", "parts", NULL
};
static const char * const part_keys[] = { "item", "scenario", NULL };

/* Catalog files have their own words for two failures: docs/catalog-format.md speaks of
 * keys, and of required ones. */
static YcJsonReader
catalog_reader (const char *file)
{
  return (YcJsonReader) {
    .domain = YC_CATALOG_ERROR,
    .code = YC_CATALOG_ERROR_INVALID,
    .file = file,
    .unknown = N_("unknown key"),
    .missing = N_("is required"),
  };
}

static void
origin_free (Origin *origin)
{
  g_free (origin->file);
  g_free (origin->path);
  g_free (origin);
}

static void
loader_init (YcCatalogLoader *loader)
{
  loader->departments = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_department_free);
  loader->items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_free);
  loader->bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_free);
  loader->bundle_origins = g_ptr_array_new_with_free_func ((GDestroyNotify) origin_free);
  loader->department_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader->item_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader->bundle_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader->material_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader->material_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  loader->included = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
loader_clear (YcCatalogLoader *loader)
{
  g_clear_pointer (&loader->departments, g_ptr_array_unref);
  g_clear_pointer (&loader->items, g_ptr_array_unref);
  g_clear_pointer (&loader->bundles, g_ptr_array_unref);
  g_clear_pointer (&loader->bundle_origins, g_ptr_array_unref);
  g_clear_pointer (&loader->department_at, g_hash_table_unref);
  g_clear_pointer (&loader->item_at, g_hash_table_unref);
  g_clear_pointer (&loader->bundle_at, g_hash_table_unref);
  g_clear_pointer (&loader->material_name, g_hash_table_unref);
  g_clear_pointer (&loader->material_at, g_hash_table_unref);
  g_clear_pointer (&loader->included, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (YcCatalogLoader, loader_clear)

/* "FILE: PATH" of @path in the file being read, for messages that name a second place. */
char *
yc_catalog_loader_location (YcCatalogLoader *loader,
                            const char      *path)
{
  return g_strdup_printf ("%s: %s", loader->reader.file, path);
}

/* Codes end up in URLs, file names and the wire format: keep them plain. */
gboolean
yc_catalog_loader_read_code (YcCatalogLoader  *loader,
                             JsonObject       *object,
                             const char       *path,
                             const char       *key,
                             char            **out,
                             GError          **error)
{
  g_autofree char *code = NULL;

  if (!yc_json_dup_trimmed (&loader->reader, object, key, path, YC_JSON_REQUIRED,
                            &code, error))
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      {
        g_autofree char *member_path = yc_json_path (path, key);
        return yc_json_fail (&loader->reader, error, member_path,
                             _("“%s” is not a valid code: use only letters, digits, “_”, “-” and “.”"),
                             code);
      }

  *out = g_steal_pointer (&code);
  return TRUE;
}

/*
 * Registers @code, defined at @path of the current file, in @table.
 *
 * Returns: %NULL, or where @code was defined first (for a message naming both places)
 */
const char *
yc_catalog_loader_claim_code (YcCatalogLoader *loader,
                              GHashTable      *table,
                              const char      *code,
                              const char      *path)
{
  g_autofree char *code_path = yc_json_path (path, "code");
  const char *first = g_hash_table_lookup (table, code);

  if (first == NULL)
    g_hash_table_insert (table, g_strdup (code), yc_catalog_loader_location (loader, code_path));
  return first;
}

gboolean
yc_catalog_loader_read_int (YcCatalogLoader  *loader,
                            JsonObject       *object,
                            const char       *path,
                            const char       *key,
                            YcJsonFlags       flags,
                            int               fallback,
                            int               min,
                            int               max,
                            int              *out,
                            GError          **error)
{
  gint64 value = fallback;

  /* The only nullable figure is a time limit, whose null is YC_NO_LIMIT: the fallback. */
  if (!yc_json_get_int (&loader->reader, object, key, path, flags, min, max, &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static const struct {
  YcAudience  audience;
  const char *key;
} audiences[] = {
  { YC_AUDIENCE_CITIZEN, "citizen" },
  { YC_AUDIENCE_ENTERPRISE, "enterprise" },
  { YC_AUDIENCE_ALL, "all" },
};

const char *
yc_audience_to_string (YcAudience audience)
{
  for (guint i = 0; i < G_N_ELEMENTS (audiences); i++)
    if (audiences[i].audience == audience)
      return audiences[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_catalog_loader_read_audience (YcCatalogLoader  *loader,
                                 JsonObject       *object,
                                 const char       *path,
                                 YcAudience       *out,
                                 GError          **error)
{
  g_autofree char *value = NULL;
  g_autofree char *member_path = NULL;

  if (!yc_json_dup_trimmed (&loader->reader, object, "audience", path, YC_JSON_REQUIRED,
                            &value, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (audiences); i++)
    if (g_str_equal (audiences[i].key, value))
      {
        *out = audiences[i].audience;
        return TRUE;
      }

  member_path = yc_json_path (path, "audience");
  return yc_json_fail (&loader->reader, error, member_path,
                       _("unknown audience “%s” (expected citizen, enterprise or all)"), value);
}

/*
 * Reads "life_stages": distinct keys, each a life stage of the given @audience (an item
 * for enterprises cannot be filed under 出生).
 */
gboolean
yc_catalog_loader_read_stages (YcCatalogLoader  *loader,
                               JsonObject       *object,
                               const char       *path,
                               YcAudience        audience,
                               GStrv            *out,
                               GError          **error)
{
  g_autofree char *stages_path = yc_json_path (path, "life_stages");
  const char * const *allowed = yc_life_stage_keys (audience);
  g_auto(GStrv) stages = NULL;

  if (!yc_json_get_strv (&loader->reader, object, "life_stages", path, YC_JSON_OPTIONAL,
                         &stages, error))
    return FALSE;

  for (guint i = 0; stages[i] != NULL; i++)
    {
      g_autofree char *element_path = yc_json_index_path (stages_path, i);

      if (!yc_life_stage_is_valid (stages[i]))
        return yc_json_fail (&loader->reader, error, element_path,
                             _("unknown life stage “%s”"), stages[i]);
      if (!g_strv_contains (allowed, stages[i]))
        return yc_json_fail (&loader->reader, error, element_path,
                             _("life stage “%s” does not apply to this audience"), stages[i]);
    }

  *out = g_steal_pointer (&stages);
  return TRUE;
}

static YcDepartment *
read_department (YcCatalogLoader  *loader,
                 JsonNode         *node,
                 const char       *path,
                 GError          **error)
{
  g_autoptr(YcDepartment) department = g_new0 (YcDepartment, 1);
  JsonObject *object;
  const char *first;

  if (!(object = yc_json_node_object (&loader->reader, node, path, department_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &department->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "name", path, YC_JSON_REQUIRED,
                               &department->name, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "short_name", path,
                               YC_JSON_REQUIRED, &department->short_name, error))
    return NULL;

  if ((first = yc_catalog_loader_claim_code (loader, loader->department_at, department->code,
                                             path)))
    {
      g_autofree char *code_path = yc_json_path (path, "code");
      yc_json_fail (&loader->reader, error, code_path,
                    _("duplicate department code “%s”, already defined at %s"),
                    department->code, first);
      return NULL;
    }

  return g_steal_pointer (&department);
}

static YcBundle *
read_bundle (YcCatalogLoader  *loader,
             JsonNode         *node,
             const char       *path,
             GError          **error)
{
  g_autoptr(YcBundle) bundle = g_new0 (YcBundle, 1);
  g_autofree char *parts_path = yc_json_path (path, "parts");
  JsonObject *object;
  JsonArray *parts;
  const char *first;

  bundle->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_part_free);

  if (!(object = yc_json_node_object (&loader->reader, node, path, bundle_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &bundle->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "name", path, YC_JSON_REQUIRED,
                               &bundle->name, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "description", path,
                               YC_JSON_REQUIRED, &bundle->description, error)
      || !yc_catalog_loader_read_audience (loader, object, path, &bundle->audience, error)
      || !yc_catalog_loader_read_stages (loader, object, path, bundle->audience,
                                         &bundle->life_stages, error)
      || !yc_catalog_loader_read_int (loader, object, path, "committed_days",
                                      YC_JSON_REQUIRED, 0, 0, MAX_DAYS,
                                      &bundle->committed_days, error)
      || !yc_json_get_array_min (&loader->reader, object, "parts", path, YC_JSON_REQUIRED,
                                 2, &parts, error))
    return NULL;

  /* The parts name items that may live in a later file: they are resolved in
   * resolve_bundles() once everything is read. */
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      g_autofree char *part_path = yc_json_index_path (parts_path, i);
      g_autoptr(YcBundlePart) part = g_new0 (YcBundlePart, 1);
      JsonObject *part_object;

      if (!(part_object = yc_json_node_object (&loader->reader,
                                               json_array_get_element (parts, i),
                                               part_path, part_keys, error))
          || !yc_catalog_loader_read_code (loader, part_object, part_path, "item", &part->item,
                                           error)
          || !yc_catalog_loader_read_code (loader, part_object, part_path, "scenario",
                                           &part->scenario, error))
        return NULL;

      for (guint j = 0; j < i; j++)
        {
          const YcBundlePart *earlier = g_ptr_array_index (bundle->parts, j);
          if (g_str_equal (earlier->item, part->item)
              && g_str_equal (earlier->scenario, part->scenario))
            {
              yc_json_fail (&loader->reader, error, part_path,
                            _("the same item and scenario as %s[%u]"),
                            parts_path, j);
              return NULL;
            }
        }
      g_ptr_array_add (bundle->parts, g_steal_pointer (&part));
    }

  if ((first = yc_catalog_loader_claim_code (loader, loader->bundle_at, bundle->code, path)))
    {
      g_autofree char *code_path = yc_json_path (path, "code");
      yc_json_fail (&loader->reader, error, code_path,
                    _("duplicate bundle code “%s”, already defined at %s"),
                    bundle->code, first);
      return NULL;
    }

  return g_steal_pointer (&bundle);
}

/*
 * Checks what a bundle can only be checked against once every file is read: that its
 * parts name existing items and scenarios, and that its code is not also an item's
 * (the counter and `yichuang-catalog show` look a code up as either).
 */
static gboolean
resolve_bundles (YcCatalogLoader  *loader,
                 GError          **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < loader->items->len; k++)
    {
      YcItem *item = g_ptr_array_index (loader->items, k);
      g_hash_table_insert (items, item->code, item);
    }

  for (guint b = 0; b < loader->bundles->len; b++)
    {
      const YcBundle *bundle = g_ptr_array_index (loader->bundles, b);
      const Origin *origin = g_ptr_array_index (loader->bundle_origins, b);
      const YcJsonReader reader = catalog_reader (origin->file);
      g_autofree char *parts_path = yc_json_path (origin->path, "parts");
      const char *item_at = g_hash_table_lookup (loader->item_at, bundle->code);

      if (item_at != NULL)
        {
          g_autofree char *code_path = yc_json_path (origin->path, "code");
          return yc_json_fail (&reader, error, code_path,
                               _("bundle code “%s” is already an item's code, at %s"),
                               bundle->code, item_at);
        }

      for (guint i = 0; i < bundle->parts->len; i++)
        {
          const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);
          g_autofree char *part_path = yc_json_index_path (parts_path, i);
          const YcItem *item = g_hash_table_lookup (items, part->item);

          if (item == NULL)
            {
              g_autofree char *item_path = yc_json_path (part_path, "item");
              return yc_json_fail (&reader, error, item_path,
                                   _("no item “%s” in the catalog"), part->item);
            }
          if (yc_item_lookup_scenario (item, part->scenario) == NULL)
            {
              g_autofree char *scenario_path = yc_json_path (part_path, "scenario");
              return yc_json_fail (&reader, error, scenario_path,
                                   _("item “%s” has no scenario “%s”"),
                                   part->item, part->scenario);
            }
        }
    }

  return TRUE;
}

/* Reads the "items" and "bundles" arrays of a manifest or an included file. */
static gboolean
read_contents (YcCatalogLoader  *loader,
               JsonObject       *object,
               GError          **error)
{
  JsonArray *items;
  JsonArray *bundles;

  if (!yc_json_get_array_min (&loader->reader, object, "items", "", YC_JSON_OPTIONAL, 0,
                              &items, error)
      || !yc_json_get_array_min (&loader->reader, object, "bundles", "", YC_JSON_OPTIONAL, 0,
                                 &bundles, error))
    return FALSE;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = yc_json_index_path ("items", i);
      YcItem *item = yc_catalog_loader_read_item (loader, json_array_get_element (items, i), path,
                                                  error);

      if (item == NULL)
        return FALSE;
      g_ptr_array_add (loader->items, item);
    }

  for (guint i = 0; bundles != NULL && i < json_array_get_length (bundles); i++)
    {
      g_autofree char *path = yc_json_index_path ("bundles", i);
      YcBundle *bundle = read_bundle (loader, json_array_get_element (bundles, i), path, error);
      Origin *origin;

      if (bundle == NULL)
        return FALSE;
      g_ptr_array_add (loader->bundles, bundle);

      origin = g_new0 (Origin, 1);
      origin->file = g_strdup (loader->reader.file);
      origin->path = g_steal_pointer (&path);
      g_ptr_array_add (loader->bundle_origins, origin);
    }

  return TRUE;
}

/* An included path stays inside the catalog's directory: a catalog copied to another
 * machine must carry everything it reads. */
static gboolean
include_path_is_safe (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (*path == '\0' || g_path_is_absolute (path) || path[0] == '/' || path[0] == '\\'
      || strchr (path, ':') != NULL)
    return FALSE;

  parts = g_strsplit_set (path, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

static gboolean
read_include (YcCatalogLoader  *loader,
              GFile            *directory,
              const char       *manifest,
              JsonNode         *node,
              const char       *path,
              GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  const char *relative;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return yc_json_fail (&loader->reader, error, path,
                         _("must be a file name, as a string"));

  relative = json_node_get_string (node);
  if (!include_path_is_safe (relative))
    return yc_json_fail (&loader->reader, error, path,
                         _("“%s” must be a relative path inside the catalog's directory (no “..”, not absolute)"),
                         relative);
  if (g_hash_table_contains (loader->included, relative))
    return yc_json_fail (&loader->reader, error, path,
                         _("“%s” is included twice"), relative);
  g_hash_table_add (loader->included, g_strdup (relative));

  file = g_file_resolve_relative_path (directory, relative);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_IO,
                   _("%s: cannot read the file included at %s: %s"),
                   relative, path, local_error->message);
      return FALSE;
    }

  loader->reader.file = relative;
  if (!(root = yc_json_parse (&loader->reader, YC_CATALOG_ERROR_PARSE, contents, length,
                              error)))
    return FALSE;
  if (!(object = yc_json_node_object (&loader->reader, root, "", include_keys, error))
      || !read_contents (loader, object, error))
    return FALSE;
  loader->reader.file = manifest;

  return TRUE;
}

/*
 * Reads a manifest.  @directory is where its includes are, or %NULL when the catalog
 * comes from memory and must be self-contained.
 */
static YcCatalog *
load (const char  *name,
      const char  *data,
      gsize        length,
      GFile       *directory,
      GError     **error)
{
  g_auto(YcCatalogLoader) loader = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *version = NULL;
  g_autofree char *catalog_name = NULL;
  JsonObject *object;
  JsonArray *departments;
  JsonArray *includes;
  int format;

  loader.reader = catalog_reader (name);
  if (!(root = yc_json_parse (&loader.reader, YC_CATALOG_ERROR_PARSE, data, length, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      yc_json_fail (&loader.reader, error, "", _("a catalog must be a JSON object"));
      return NULL;
    }

  /* The format comes first: a newer catalog's unknown keys are not typos. */
  if (!yc_catalog_loader_read_int (&loader, json_node_get_object (root), "", "format",
                                   YC_JSON_REQUIRED, 0, G_MININT, G_MAXINT, &format, error))
    return NULL;
  if (format != CATALOG_FORMAT)
    {
      yc_json_fail (&loader.reader, error, "format",
                    _("unknown format version %d (this version of Yichuang reads format %d)"),
                    format, CATALOG_FORMAT);
      return NULL;
    }

  loader_init (&loader);

  if (!(object = yc_json_node_object (&loader.reader, root, "", manifest_keys, error))
      || !yc_json_dup_trimmed (&loader.reader, object, "version", "", YC_JSON_REQUIRED,
                               &version, error)
      || !yc_json_dup_trimmed (&loader.reader, object, "name", "", YC_JSON_REQUIRED,
                               &catalog_name, error)
      || !yc_json_get_array_min (&loader.reader, object, "departments", "", YC_JSON_REQUIRED, 1,
                                 &departments, error)
      || !yc_json_get_array_min (&loader.reader, object, "include", "", YC_JSON_OPTIONAL, 0,
                                 &includes, error))
    return NULL;

  if (includes != NULL && directory == NULL)
    {
      yc_json_fail (&loader.reader, error, "include",
                    _("a catalog read from memory must hold its items and bundles itself; “include” works only in a catalog file"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (departments); i++)
    {
      g_autofree char *path = yc_json_index_path ("departments", i);
      YcDepartment *department;

      department = read_department (&loader, json_array_get_element (departments, i), path,
                                    error);
      if (department == NULL)
        return NULL;
      g_ptr_array_add (loader.departments, department);
    }

  if (!read_contents (&loader, object, error))
    return NULL;

  for (guint i = 0; includes != NULL && i < json_array_get_length (includes); i++)
    {
      g_autofree char *path = yc_json_index_path ("include", i);

      if (!read_include (&loader, directory, name, json_array_get_element (includes, i),
                         path, error))
        return NULL;
    }

  if (!resolve_bundles (&loader, error))
    return NULL;

  return yc_catalog_new_take (g_steal_pointer (&version),
                              g_steal_pointer (&catalog_name),
                              g_steal_pointer (&loader.departments),
                              g_steal_pointer (&loader.items),
                              g_steal_pointer (&loader.bundles));
}

/**
 * yc_catalog_load_file:
 * @file: a catalog manifest (`catalog.json`)
 *
 * Loads and validates a catalog and the files it includes.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set: YC_CATALOG_ERROR_IO
 *   when a file cannot be read, _PARSE when one is not JSON, _INVALID when the catalog
 *   breaks a rule of docs/catalog-format.md; the message names the file, the JSON path
 *   and the reason
 */
YcCatalog *
yc_catalog_load_file (GFile   *file,
                      GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_IO,
                   _("%s: cannot read the catalog: %s"), name, local_error->message);
      return NULL;
    }

  directory = g_file_get_parent (file);
  return load (name, contents, length, directory, error);
}

/**
 * yc_catalog_load_bytes:
 * @bytes: a single-document catalog, as written by yc_catalog_to_bytes()
 * @name: (nullable): what to call it in error messages
 *
 * Like yc_catalog_load_file(), for a catalog that holds all its items and bundles
 * (one received from the back office, for instance); "include" is an error here.
 *
 * Returns: (transfer full): the catalog, or %NULL with @error set
 */
YcCatalog *
yc_catalog_load_bytes (GBytes      *bytes,
                       const char  *name,
                       GError     **error)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return load (name != NULL ? name : "catalog", data, length, NULL, error);
}
