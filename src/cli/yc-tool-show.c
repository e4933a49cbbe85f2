/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-catalog-private.h"
#include "yc-tool.h"

static char *
format_limit (int days)
{
  if (days == YC_NO_LIMIT)
    return g_strdup (_("none"));
  if (days == 0)
    return g_strdup (_("done at once"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", days), days);
}

static void
append_stages (GString *out,
               GStrv    stages)
{
  for (guint i = 0; stages != NULL && stages[i] != NULL; i++)
    {
      const char *label = yc_life_stage_label (stages[i]);
      g_string_append_printf (out, "%s%s", i > 0 ? _(", ") : "", label != NULL ? label : stages[i]);
    }
  g_string_append_c (out, '\n');
}

static void
append_material (GString          *out,
                 const YcMaterial *material)
{
  g_string_append_printf (out, "    - %s  [%s ×%u]", material->name,
                          yc_material_form_label (material->form), material->copies);
  g_string_append_printf (out, " %s", material->required ? _("required") : _("optional"));
  if (material->core)
    g_string_append_printf (out, " %s", _("core"));
  if (material->tolerable)
    g_string_append_printf (out, " %s", _("tolerable"));
  if (material->pledgeable)
    g_string_append_printf (out, " %s", _("pledgeable"));
  if (material->shared_source != NULL)
    g_string_append_printf (out, " %s", material->shared_source);
  g_string_append_printf (out, "  (%s)\n", material->code);
}

static void
show_item (YcToolContext *ctx,
           YcCatalog     *catalog,
           const YcItem  *item)
{
  const YcDepartment *department = yc_catalog_lookup_department (catalog, item->department);
  g_autofree char *statutory = format_limit (item->statutory_days);
  g_autofree char *committed = format_limit (item->committed_days);
  GString *out = ctx->out;

  g_string_append_printf (out, "%s  (%s)\n", item->name, item->code);
  g_string_append_printf (out, "%s%s\n", _("Department: "), department->name);
  g_string_append_printf (out, "%s%s\n", _("Type: "), yc_item_type_label (item->type));
  g_string_append_printf (out, "%s%s\n", _("Statutory limit: "), statutory);
  g_string_append_printf (out, "%s%s\n", _("Committed limit: "), committed);
  g_string_append_printf (out, "%s%s\n", _("Fee: "), item->fee);
  g_string_append_printf (out, "%s%s\n", _("Legal basis: "), item->legal_basis);
  g_string_append (out, _("Life stages: "));
  append_stages (out, item->life_stages);

  for (guint i = 0; i < item->scenarios->len; i++)
    {
      const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);

      g_string_append_printf (out, "  %s %s  (%s)\n", _("Scenario:"), scenario->name, scenario->code);
      for (guint j = 0; j < scenario->materials->len; j++)
        append_material (out, g_ptr_array_index (scenario->materials, j));
    }
}

static void
show_bundle (YcToolContext  *ctx,
             YcCatalog      *catalog,
             const YcBundle *bundle)
{
  g_autofree char *committed = format_limit (bundle->committed_days);
  GString *out = ctx->out;

  g_string_append_printf (out, "%s  (%s)\n", bundle->name, bundle->code);
  if (bundle->description != NULL)
    g_string_append_printf (out, "%s\n", bundle->description);
  g_string_append_printf (out, "%s%s\n", _("Committed limit: "), committed);
  g_string_append (out, _("Life stages: "));
  append_stages (out, bundle->life_stages);
  g_string_append_printf (out, "%s\n", _("Items:"));
  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);
      const YcItem *item = yc_catalog_lookup_item (catalog, part->item);
      const YcScenario *scenario = yc_item_lookup_scenario (item, part->scenario);
      const YcDepartment *department = yc_catalog_lookup_department (catalog, item->department);

      g_string_append_printf (out, "  - %s · %s  [%s]  (%s)\n", item->name, scenario->name,
                              department->short_name != NULL ? department->short_name : department->name,
                              item->code);
    }
}

int
yc_tool_cmd_show (YcToolContext  *ctx,
                  int             argc,
                  char          **argv)
{
  g_autoptr(YcCatalog) catalog = NULL;
  const YcItem *item;
  const YcBundle *bundle;

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: show CODE"));
  if ((catalog = yc_tool_load_catalog (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;

  item = yc_catalog_lookup_item (catalog, argv[1]);
  bundle = item == NULL ? yc_catalog_lookup_bundle (catalog, argv[1]) : NULL;
  if (item == NULL && bundle == NULL)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_INVALID,
                         _("no item or bundle has the code “%s”; “search” finds codes"), argv[1]);

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = item != NULL ? yc_item_to_json (item) : yc_bundle_to_json (bundle);
      yc_tool_print_json (ctx, node);
    }
  else if (item != NULL)
    show_item (ctx, catalog, item);
  else
    show_bundle (ctx, catalog, bundle);

  return YC_TOOL_EXIT_OK;
}
