/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "yc-calendar.h"
#include "yc-rules.h"
#include "yc-tool.h"

static JsonNode *
figures_to_json (const YcBundleFigures *figures)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "materials_before");
  json_builder_add_int_value (builder, figures->materials_before);
  json_builder_set_member_name (builder, "materials_after");
  json_builder_add_int_value (builder, figures->materials_after);
  json_builder_set_member_name (builder, "departments");
  json_builder_add_int_value (builder, figures->departments);
  json_builder_set_member_name (builder, "trips_before");
  json_builder_add_int_value (builder, figures->trips_before);
  json_builder_set_member_name (builder, "trips_after");
  json_builder_add_int_value (builder, figures->trips_after);
  json_builder_set_member_name (builder, "committed_days_sum");
  json_builder_add_int_value (builder, figures->committed_days_sum);
  json_builder_set_member_name (builder, "bundle_committed_days");
  json_builder_add_int_value (builder, figures->bundle_committed_days);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_merged_material (JsonBuilder            *builder,
                     const YcMergedMaterial *merged)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, merged->material->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, merged->material->name);
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, yc_material_form_to_string (merged->form));
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, merged->copies);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, merged->required);
  json_builder_set_member_name (builder, "core");
  json_builder_add_boolean_value (builder, merged->core);
  json_builder_set_member_name (builder, "tolerable");
  json_builder_add_boolean_value (builder, merged->tolerable);
  json_builder_set_member_name (builder, "pledgeable");
  json_builder_add_boolean_value (builder, merged->pledgeable);
  json_builder_set_member_name (builder, "shared_source");
  if (merged->shared_source != NULL)
    json_builder_add_string_value (builder, merged->shared_source);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < merged->items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (merged->items, i);
      json_builder_add_string_value (builder, item->code);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_merged_material (GString                *out,
                       const YcMergedMaterial *merged)
{
  g_string_append_printf (out, "  - %s  [%s ×%u] %s", merged->material->name,
                          yc_material_form_label (merged->form), merged->copies,
                          merged->required ? _("required") : _("optional"));
  if (merged->tolerable)
    g_string_append_printf (out, " %s", _("tolerable"));
  if (merged->pledgeable)
    g_string_append_printf (out, " %s", _("pledgeable"));
  if (merged->shared_source != NULL)
    g_string_append_printf (out, " %s", merged->shared_source);
  if (merged->items->len > 1)
    g_string_append_printf (out, "  %s",
                            /* TRANSLATORS: a material that several items of a bundle ask for */
                            _("(asked once for several items)"));
  g_string_append_c (out, '\n');
}

int
yc_tool_cmd_bundle (YcToolContext  *ctx,
                    int             argc,
                    char          **argv)
{
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(GError) error = NULL;
  const YcBundleFigures *figures;
  const YcBundle *bundle;

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: bundle CODE"));
  if ((catalog = yc_tool_load_catalog (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;

  bundle = yc_catalog_lookup_bundle (catalog, argv[1]);
  if (bundle == NULL)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_INVALID,
                         _("no bundle has the code “%s”; “search” finds codes"), argv[1]);

  merged = yc_bundle_merge (catalog, bundle, &error);
  if (merged == NULL)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_INVALID, "%s", error->message);
  figures = yc_merged_list_get_figures (merged);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, bundle->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, bundle->name);
      json_builder_set_member_name (builder, "figures");
      json_builder_add_value (builder, figures_to_json (figures));
      json_builder_set_member_name (builder, "materials");
      json_builder_begin_array (builder);
      for (guint i = 0; i < yc_merged_list_get_n_materials (merged); i++)
        add_merged_material (builder, yc_merged_list_get_material (merged, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      yc_tool_print_json (ctx, root);
      return YC_TOOL_EXIT_OK;
    }

  g_string_append_printf (ctx->out, "%s  (%s)\n", bundle->name, bundle->code);
  g_string_append_printf (ctx->out, _("Materials: %u → %u"), figures->materials_before, figures->materials_after);
  g_string_append_c (ctx->out, '\n');
  g_string_append_printf (ctx->out, _("Working days: %d (items added up) → %d (bundle)"),
                          figures->committed_days_sum, figures->bundle_committed_days);
  g_string_append_c (ctx->out, '\n');
  g_string_append_printf (ctx->out, _("Departments: %u; trips: %u → %u"),
                          figures->departments, figures->trips_before, figures->trips_after);
  g_string_append_c (ctx->out, '\n');
  g_string_append_printf (ctx->out, "%s\n", _("Materials asked for:"));
  for (guint i = 0; i < yc_merged_list_get_n_materials (merged); i++)
    print_merged_material (ctx->out, yc_merged_list_get_material (merged, i));

  return YC_TOOL_EXIT_OK;
}

static void
print_result (GString       *out,
              YcRulesResult *result)
{
  YcDecision recommended = yc_rules_result_get_recommended (result);
  GPtrArray *outstanding = yc_rules_result_get_outstanding (result);
  GPtrArray *tolerated = yc_rules_result_get_tolerated (result);
  GPtrArray *pledges = yc_rules_result_get_pledges (result);
  GPtrArray *warnings = yc_rules_result_get_warnings (result);

  g_string_append_printf (out, "%s%s\n\n", _("Recommended: "), yc_decision_label (recommended));

  for (int d = 0; d < YC_N_DECISIONS; d++)
    {
      GPtrArray *reasons = yc_rules_result_get_reasons (result, d);

      g_string_append_printf (out, "%s %s\n", yc_rules_result_is_allowed (result, d) ? "✔" : "✘",
                              yc_decision_label (d));
      for (guint i = 0; i < reasons->len; i++)
        g_string_append_printf (out, "    %s\n", (const char *) g_ptr_array_index (reasons, i));
    }

  if (outstanding->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Outstanding (one-time notice):"));
      for (guint i = 0; i < outstanding->len; i++)
        {
          const YcOutstanding *o = g_ptr_array_index (outstanding, i);
          g_string_append_printf (out, "  - %s\n", o->message);
        }
    }

  for (guint i = 0; i < tolerated->len; i++)
    {
      const YcDeferredMaterial *t = g_ptr_array_index (tolerated, i);
      g_autofree char *due = yc_date_format_iso (&t->due);

      if (i == 0)
        g_string_append_printf (out, "\n%s\n", _("Tolerated, to be supplemented:"));
      g_string_append_printf (out, "  - %s  %s %s\n", t->material->material->name, _("by"), due);
    }

  for (guint i = 0; i < pledges->len; i++)
    {
      const YcDeferredMaterial *p = g_ptr_array_index (pledges, i);
      g_autofree char *due = yc_date_format_iso (&p->due);

      if (i == 0)
        g_string_append_printf (out, "\n%s\n", _("Replaced by a pledge, verified afterwards:"));
      g_string_append_printf (out, "  - %s  %s %s\n", p->material->material->name, _("by"), due);
    }

  for (guint i = 0; i < warnings->len; i++)
    {
      if (i == 0)
        g_string_append_printf (out, "\n%s\n", _("Warnings:"));
      g_string_append_printf (out, "  - %s\n", (const char *) g_ptr_array_index (warnings, i));
    }
}

/* evaluate CASE.json: the described case format is in docs/rules.md; "-" reads stdin. */
int
yc_tool_cmd_evaluate (YcToolContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean parsed;

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: evaluate CASE.json"));

  if (g_str_equal (argv[1], "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      parsed = json_parser_load_from_stream (parser, in, NULL, &error);
    }
  else
    parsed = json_parser_load_from_mapped_file (parser, argv[1], &error);
  if (!parsed)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, "%s: %s", argv[1], error->message);

  if ((catalog = yc_tool_load_catalog (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;
  if ((calendar = yc_tool_load_calendar (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;

  input = yc_rules_input_from_json (catalog, json_parser_get_root (parser), &error);
  if (input == NULL)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_INVALID, "%s: %s", argv[1], error->message);

  result = yc_rules_evaluate (input, calendar);

  if (ctx->json)
    {
      g_autoptr(JsonNode) root = yc_rules_result_to_json (result);
      yc_tool_print_json (ctx, root);
    }
  else
    print_result (ctx->out, result);

  return YC_TOOL_EXIT_OK;
}
