/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "yc-calendar.h"
#include "yc-data.h"
#include "yc-tool.h"

static const YcToolCommand commands[] = {
  { "validate", "FILE|DIR", N_("Validate a catalog: the first problem is named with its file and path"), yc_tool_cmd_validate },
  { "search", "QUERY", N_("Search items and bundles by hanzi, pinyin or initials"), yc_tool_cmd_search },
  { "show", "CODE", N_("Show an item or a bundle"), yc_tool_cmd_show },
  { "bundle", "CODE", N_("Merge a bundle's materials and compute its figures"), yc_tool_cmd_bundle },
  { "evaluate", "CASE.json", N_("Apply the acceptance rules to a described case"), yc_tool_cmd_evaluate },
  { "deadline", "DATE N | DATE --until DATE2", N_("Add working days, or count them between two dates"), yc_tool_cmd_deadline },
  { "idcheck", "ID", N_("Check a resident ID number"), yc_tool_cmd_idcheck },
  { "uscc", "CODE", N_("Check a unified social credit code"), yc_tool_cmd_uscc },
};

static char *
usage_text (void)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Usage: %s [--json] [--catalog FILE] [--calendar DIR] COMMAND ARGS"),
                          "yichuang-catalog");
  g_string_append (text, "\n\n");
  g_string_append (text, _("Commands:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *synopsis = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      g_string_append_printf (text, "  %-34s %s\n", synopsis, _(commands[i].summary));
    }
  return g_string_free (text, FALSE);
}

int
yc_tool_fail (YcToolContext *ctx,
              int            code,
              const char    *format,
              ...)
{
  va_list args;

  g_string_append (ctx->err, "yichuang-catalog: ");
  va_start (args, format);
  g_string_append_vprintf (ctx->err, format, args);
  va_end (args);
  g_string_append_c (ctx->err, '\n');

  return code;
}

void
yc_tool_print_json (YcToolContext *ctx,
                    JsonNode      *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_string_append (ctx->out, text);
  g_string_append_c (ctx->out, '\n');
}

/**
 * yc_tool_load_catalog:
 *
 * Loads the catalog named by --catalog, or the shipped one.  On failure the reason is
 * already in ctx->err.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
YcCatalog *
yc_tool_load_catalog (YcToolContext *ctx)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog;

  if (ctx->catalog_path != NULL)
    file = g_file_new_for_commandline_arg (ctx->catalog_path);
  else
    file = yc_data_find ("catalog/catalog.json");

  catalog = yc_catalog_load_file (file, &error);
  if (catalog == NULL)
    yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, "%s", error->message);
  return catalog;
}

/**
 * yc_tool_load_calendar:
 *
 * Loads the calendar named by --calendar, or the shipped one.  On failure the reason is
 * already in ctx->err.
 *
 * Returns: (transfer full) (nullable): the calendar
 */
YcCalendar *
yc_tool_load_calendar (YcToolContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;

  if (ctx->calendar_dir == NULL)
    calendar = yc_calendar_new_default (&error);
  else
    {
      g_autoptr(GFile) dir = g_file_new_for_commandline_arg (ctx->calendar_dir);

      calendar = yc_calendar_new ();
      if (!yc_calendar_load_directory (calendar, dir, &error))
        g_clear_object (&calendar);
    }

  if (calendar == NULL)
    yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, "%s", error->message);
  return g_steal_pointer (&calendar);
}

/**
 * yc_tool_run:
 * @out: receives what belongs on standard output
 * @err: receives what belongs on standard error
 *
 * Runs one invocation of yichuang-catalog.  Kept free of stdio so that tests run it in
 * process and compare the output.
 *
 * Returns: the exit code
 */
int
yc_tool_run (int      argc,
             char   **argv,
             GString *out,
             GString *err)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *usage = NULL;
  YcToolContext ctx = { 0 };
  gboolean version = FALSE;
  int n_args;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Print JSON instead of text"), NULL },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &ctx.catalog_path, N_("Catalog manifest to use instead of the shipped one"), N_("FILE") },
    { "calendar", 0, 0, G_OPTION_ARG_FILENAME, &ctx.calendar_dir, N_("Holiday calendar directory to use instead of the shipped one"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_return_val_if_fail (out != NULL && err != NULL, YC_TOOL_EXIT_USAGE);

  ctx.out = out;
  ctx.err = err;

  /* GOptionContext edits the vector it parses: give it a copy it may own. */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  usage = usage_text ();
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Subcommands have options of their own (deadline --until); unknown ones are refused below. */
  g_option_context_set_ignore_unknown_options (context, TRUE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      status = yc_tool_fail (&ctx, YC_TOOL_EXIT_USAGE, "%s\n%s", error->message, usage);
      goto out;
    }

  if (version)
    {
      g_string_append_printf (out, "yichuang-catalog %s\n", PACKAGE_VERSION);
      status = YC_TOOL_EXIT_OK;
      goto out;
    }

  n_args = g_strv_length (args);
  if (n_args < 2 || g_str_equal (args[1], "help"))
    {
      g_string_append (n_args < 2 ? err : out, usage);
      status = n_args < 2 ? YC_TOOL_EXIT_USAGE : YC_TOOL_EXIT_OK;
      goto out;
    }

  for (int i = 2; i < n_args; i++)
    {
      if (g_str_has_prefix (args[i], "--") &&
          !(g_str_equal (args[1], "deadline") && g_str_equal (args[i], "--until")))
        {
          status = yc_tool_fail (&ctx, YC_TOOL_EXIT_USAGE, _("unknown option “%s”\n%s"), args[i], usage);
          goto out;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* The command sees its own arguments only, its name as argv[0]. */
      if (g_str_equal (commands[i].name, args[1]))
        {
          status = commands[i].run (&ctx, n_args - 1, args + 1);
          goto out;
        }
    }
  status = yc_tool_fail (&ctx, YC_TOOL_EXIT_USAGE, _("unknown command “%s”\n%s"), args[1], usage);

out:
  g_free (ctx.catalog_path);
  g_free (ctx.calendar_dir);
  return status;
}
