/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-figures-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-csv.h"
#include "yc-figures-private.h"

/*
 * The figures as a spreadsheet: the period, then one row for the whole period, one per
 * department and one per window, every figure a column.  Shares and compressions are
 * fractions (0.6000, not 60%), so that a spreadsheet can compute with them; an undefined
 * figure is an empty cell.
 */

static void
add_figures (YcCsvWriter     *csv,
             const YcFigures *f)
{
  yc_csv_writer_add_int (csv, f->cases);
  for (guint d = 0; d < YC_N_DECISIONS; d++)
    yc_csv_writer_add_int (csv, f->by_decision[d]);
  yc_csv_writer_add_int (csv, f->one_trip);
  yc_csv_writer_add_double (csv, f->one_trip_share, 4);
  yc_csv_writer_add_int (csv, f->at_once);
  yc_csv_writer_add_double (csv, f->at_once_share, 4);
  yc_csv_writer_add_int (csv, f->decided);
  yc_csv_writer_add_double (csv, f->average_stages, 2);
  yc_csv_writer_add_double (csv, f->committed_compression, 4);
  yc_csv_writer_add_double (csv, f->actual_compression, 4);
  yc_csv_writer_add_int (csv, f->overdue);
  yc_csv_writer_add_int (csv, f->rated);
  for (guint level = 0; level < 5; level++)
    yc_csv_writer_add_int (csv, f->levels[level]);
  yc_csv_writer_add_double (csv, f->rating_average, 2);
  yc_csv_writer_add_double (csv, f->satisfied_share, 4);
  yc_csv_writer_end_row (csv);
}

static void
add_groups (YcCsvWriter *csv,
            const char  *level,
            GPtrArray   *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const YcFiguresGroup *group = g_ptr_array_index (groups, i);

      yc_csv_writer_add_text (csv, level);
      yc_csv_writer_add_text (csv, group->key);
      yc_csv_writer_add_text (csv, group->name);
      add_figures (csv, &group->figures);
    }
}

GBytes *
yc_figures_csv_new (const YcStats *stats,
                    const char    *fetched_at)
{
  g_autoptr(YcCsvWriter) csv = yc_csv_writer_new (TRUE);
  g_autofree char *from = NULL, *to = NULL;

  g_return_val_if_fail (stats != NULL, NULL);

  from = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&stats->from),
                          g_date_get_month (&stats->from), g_date_get_day (&stats->from));
  to = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&stats->to),
                        g_date_get_month (&stats->to), g_date_get_day (&stats->to));
  yc_csv_writer_add_text (csv, _("Period"));
  yc_csv_writer_add_text (csv, from);
  yc_csv_writer_add_text (csv, to);
  yc_csv_writer_end_row (csv);
  yc_csv_writer_add_text (csv, _("Computed by the back office at"));
  yc_csv_writer_add_text (csv, stats->generated_at);
  yc_csv_writer_end_row (csv);
  if (fetched_at != NULL)
    {
      yc_csv_writer_add_text (csv, _("Fetched at"));
      yc_csv_writer_add_text (csv, fetched_at);
      yc_csv_writer_end_row (csv);
    }
  yc_csv_writer_end_row (csv);

  yc_csv_writer_add_text (csv, _("Level"));
  yc_csv_writer_add_text (csv, _("Code"));
  yc_csv_writer_add_text (csv, _("Name"));
  yc_csv_writer_add_text (csv, _("Cases"));
  for (guint d = 0; d < YC_N_DECISIONS; d++)
    yc_csv_writer_add_text (csv, yc_decision_label (d));
  yc_csv_writer_add_text (csv, _("At most one trip"));
  yc_csv_writer_add_text (csv, _("At-most-one-trip share"));
  yc_csv_writer_add_text (csv, _("Done at once"));
  yc_csv_writer_add_text (csv, _("Done-at-once rate"));
  yc_csv_writer_add_text (csv, _("Decided"));
  yc_csv_writer_add_text (csv, _("Average stages"));
  yc_csv_writer_add_text (csv, _("Committed time limit compression"));
  yc_csv_writer_add_text (csv, _("Actual time limit compression"));
  yc_csv_writer_add_text (csv, _("Overdue"));
  yc_csv_writer_add_text (csv, _("Rated"));
  for (guint level = 1; level <= 5; level++)
    yc_csv_writer_add_text (csv, yc_rating_level_label (level));
  yc_csv_writer_add_text (csv, _("Average rating"));
  yc_csv_writer_add_text (csv, _("Satisfaction rate"));
  yc_csv_writer_end_row (csv);

  yc_csv_writer_add_text (csv, _("Whole hall"));
  yc_csv_writer_add_text (csv, NULL);
  yc_csv_writer_add_text (csv, NULL);
  add_figures (csv, &stats->total);
  add_groups (csv, _("Department"), stats->by_department);
  add_groups (csv, _("Window"), stats->by_window);

  return yc_csv_writer_finish (g_steal_pointer (&csv));
}
