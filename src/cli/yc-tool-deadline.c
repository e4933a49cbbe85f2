/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-calendar.h"
#include "yc-tool.h"

/*
 * Whether the holiday calendar covers every year the span touches: a span from 2026 into
 * 2028 crosses all of 2027, whose holidays count as much as those at either end.
 */
static gboolean
covers_span (YcCalendar  *calendar,
             const GDate *from,
             const GDate *to)
{
  int first = MIN (g_date_get_year (from), g_date_get_year (to));
  int last = MAX (g_date_get_year (from), g_date_get_year (to));

  for (int year = first; year <= last; year++)
    if (!yc_calendar_covers_year (calendar, year))
      return FALSE;
  return TRUE;
}

static int
print_result (YcToolContext *ctx,
              YcCalendar    *calendar,
              const GDate   *from,
              const GDate   *to,
              int            working_days)
{
  g_autofree char *from_text = yc_date_format_iso (from);
  g_autofree char *to_text = yc_date_format_iso (to);
  gboolean covered = covers_span (calendar, from, to);

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from_text);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, to_text);
      json_builder_set_member_name (builder, "working_days");
      json_builder_add_int_value (builder, working_days);
      json_builder_set_member_name (builder, "holidays_known");
      json_builder_add_boolean_value (builder, covered);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      yc_tool_print_json (ctx, root);
    }
  else
    {
      /* TRANSLATORS: a span of time in working days: "from 2026-09-30 to 2026-10-12: 3 working
       * days"; the count is negative when the second date comes first. */
      g_string_append_printf (ctx->out,
                              g_dngettext (GETTEXT_PACKAGE, "%s → %s: %d working day",
                                           "%s → %s: %d working days", ABS (working_days)),
                              from_text, to_text, working_days);
      g_string_append_c (ctx->out, '\n');
      if (!covered)
        {
          g_string_append (ctx->out, _("Note: the holiday calendar does not cover these dates; only weekends were excluded."));
          g_string_append_c (ctx->out, '\n');
        }
    }
  return YC_TOOL_EXIT_OK;
}

/*
 * deadline DATE N            the date N working days after DATE (DATE itself not counted)
 * deadline DATE --until DATE2 working days after DATE up to and including DATE2
 */
int
yc_tool_cmd_deadline (YcToolContext  *ctx,
                      int             argc,
                      char          **argv)
{
  g_autoptr(YcCalendar) calendar = NULL;
  GDate start, end;
  guint64 n;

  if (argc != 3 && !(argc == 4 && g_str_equal (argv[2], "--until")))
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: deadline DATE N, or deadline DATE --until DATE2"));

  if (!yc_date_parse_iso (argv[1], &start))
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("“%s” is not a date: write it as YYYY-MM-DD"), argv[1]);

  if (argc == 4)
    {
      if (!yc_date_parse_iso (argv[3], &end))
        return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("“%s” is not a date: write it as YYYY-MM-DD"), argv[3]);
      if ((calendar = yc_tool_load_calendar (ctx)) == NULL)
        return YC_TOOL_EXIT_USAGE;
      return print_result (ctx, calendar, &start, &end,
                           yc_calendar_working_days_between (calendar, &start, &end));
    }

  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 3650, &n, NULL))
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("“%s” is not a number of working days between 0 and 3650"), argv[2]);
  if ((calendar = yc_tool_load_calendar (ctx)) == NULL)
    return YC_TOOL_EXIT_USAGE;

  yc_calendar_add_working_days (calendar, &start, (guint) n, &end);
  return print_result (ctx, calendar, &start, &end, (int) n);
}
