/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-search-index.h"
#include "yc-tool.h"

static const char *
department_name (YcCatalog  *catalog,
                 const char *code)
{
  const YcDepartment *department;

  if (code == NULL)
    return "";
  department = yc_catalog_lookup_department (catalog, code);
  return department != NULL ? department->name : code;
}

/* validate FILE|DIR: a directory means its catalog.json. */
int
yc_tool_cmd_validate (YcToolContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = NULL;

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: validate FILE|DIR"));

  file = g_file_new_for_commandline_arg (argv[1]);
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      GFile *manifest = g_file_get_child (file, "catalog.json");
      g_object_unref (file);
      file = manifest;
    }

  catalog = yc_catalog_load_file (file, &error);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "valid");
      json_builder_add_boolean_value (builder, catalog != NULL);
      if (catalog != NULL)
        {
          json_builder_set_member_name (builder, "version");
          json_builder_add_string_value (builder, yc_catalog_get_version (catalog));
          json_builder_set_member_name (builder, "departments");
          json_builder_add_int_value (builder, yc_catalog_get_departments (catalog)->len);
          json_builder_set_member_name (builder, "items");
          json_builder_add_int_value (builder, yc_catalog_get_items (catalog)->len);
          json_builder_set_member_name (builder, "bundles");
          json_builder_add_int_value (builder, yc_catalog_get_bundles (catalog)->len);
        }
      else
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      yc_tool_print_json (ctx, root);
    }
  else if (catalog != NULL)
    {
      g_string_append_printf (ctx->out,
                              _("Catalog %s is valid: %u departments, %u items, %u bundles."),
                              yc_catalog_get_version (catalog),
                              yc_catalog_get_departments (catalog)->len,
                              yc_catalog_get_items (catalog)->len,
                              yc_catalog_get_bundles (catalog)->len);
      g_string_append_c (ctx->out, '\n');
    }
  else
    g_string_append_printf (ctx->err, "%s\n", error->message);

  return catalog != NULL ? YC_TOOL_EXIT_OK : YC_TOOL_EXIT_INVALID;
}

int
yc_tool_cmd_search (YcToolContext  *ctx,
                    int             argc,
                    char          **argv)
{
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcSearchIndex) index = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *query = NULL;

  if (argc < 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: search QUERY"));
  if ((catalog = yc_tool_load_catalog (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;

  /* Several words are one query: all of them must match. */
  query = g_strjoinv (" ", argv + 1);
  index = yc_search_index_new (catalog);
  hits = yc_search_index_query (index, query, NULL, 50);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      const YcSearchHit *hit = &g_array_index (hits, YcSearchHit, i);
      const char *kind = hit->kind == YC_SEARCH_KIND_BUNDLE ? "bundle" : "item";

      if (!ctx->json)
        {
          g_string_append_printf (ctx->out, "%-24s %s  %s\n", hit->code, hit->name,
                                  hit->kind == YC_SEARCH_KIND_BUNDLE
                                    ? _("(bundle)")
                                    : department_name (catalog, hit->department));
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, hit->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, hit->name);
      json_builder_set_member_name (builder, "department");
      if (hit->department != NULL)
        json_builder_add_string_value (builder, hit->department);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, hit->score);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (ctx->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      yc_tool_print_json (ctx, root);
    }
  else if (hits->len == 0)
    {
      g_string_append_printf (ctx->out, _("Nothing matches “%s”."), query);
      g_string_append_c (ctx->out, '\n');
    }

  return YC_TOOL_EXIT_OK;
}
