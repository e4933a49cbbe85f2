/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-figures-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-figures-private.h"
#include "yc-figures-view.h"
#include "yc-format.h"

/*
 * The figures page: period controls, eight KPI tiles, and for the whole hall, by
 * department and by window, bar charts (YcChart) with a table of the same numbers beside
 * them — the exact values for the eye and for screen readers.  yc-figures-view.c owns
 * the data; this file only builds the widgets and fills them.
 */

static const char *tile_titles[G_N_ELEMENTS (((YcFiguresWidgets *) NULL)->tiles)] = {
  N_("Cases"),
  N_("At most one trip"),
  N_("Done at once"),
  N_("Average stages"),
  N_("Committed time limit compression"),
  N_("Actual time limit compression"),
  N_("Overdue"),
  N_("Satisfaction rate"),
};

static const char *table_headers[] = {
  N_("Name"), N_("Cases"), N_("At most one trip"), N_("Done at once"), N_("Average stages"),
  N_("Committed compression"), N_("Actual compression"), N_("Overdue"), N_("Satisfaction rate"),
};


char *
yc_figures_format_share (double value)
{
  return yc_chart_format_value (YC_CHART_FORMAT_PERCENT, value);
}

static GtkWidget *
table_label (const char *text,
             gboolean    header,
             gboolean    number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static char *
group_label (const YcFiguresGroup *group)
{
  if (group->hall != NULL && group->name != NULL && *group->name != '\0')
    /* Translators: a window's description and its hall-window code */
    return g_strdup_printf (_("%s (%s)"), group->name, group->key);
  return g_strdup (yc_figures_group_get_label (group));
}

static void
fill_table (GtkGrid   *grid,
            GPtrArray *groups)
{
  clear_grid (grid);
  for (guint c = 0; c < G_N_ELEMENTS (table_headers); c++)
    gtk_grid_attach (grid, table_label (_(table_headers[c]), TRUE, c > 0), c, 0, 1, 1);
  for (guint i = 0; i < groups->len; i++)
    {
      const YcFiguresGroup *group = g_ptr_array_index (groups, i);
      const YcFigures *f = &group->figures;
      g_autofree char *name = group_label (group);
      g_autofree char *cases = yc_format_count (f->cases);
      g_autofree char *one_trip = yc_figures_format_share (f->one_trip_share);
      g_autofree char *at_once = yc_figures_format_share (f->at_once_share);
      g_autofree char *stages = yc_chart_format_value (YC_CHART_FORMAT_DECIMAL, f->average_stages);
      g_autofree char *committed = yc_figures_format_share (f->committed_compression);
      g_autofree char *actual = yc_figures_format_share (f->actual_compression);
      g_autofree char *overdue = yc_format_count (f->overdue);
      g_autofree char *satisfied = yc_figures_format_share (f->satisfied_share);
      const char *cells[] = { name, cases, one_trip, at_once, stages, committed, actual, overdue, satisfied };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        gtk_grid_attach (grid, table_label (cells[c], FALSE, c > 0), c, i + 1, 1, 1);
    }
}

static void
fill_group_charts (YcChart   *cases_chart,
                   YcChart   *satisfaction_chart,
                   GPtrArray *groups)
{
  yc_chart_clear (cases_chart);
  yc_chart_clear (satisfaction_chart);
  for (guint i = 0; i < groups->len; i++)
    {
      const YcFiguresGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *label = group_label (group);
      double cases = group->figures.cases;
      double levels[5];

      for (guint l = 0; l < 5; l++)
        levels[l] = group->figures.levels[l];
      yc_chart_add_row (cases_chart, label, &cases);
      yc_chart_add_row (satisfaction_chart, label, levels);
    }
}

void
yc_figures_page_show (YcFiguresWidgets *self,
                      const YcStats    *stats)
{
  const YcFigures *f;
  double levels[5];
  g_autofree char *tile_text[G_N_ELEMENTS (self->tiles)] = { NULL };

  gtk_widget_set_sensitive (self->export_button, stats != NULL);
  yc_chart_clear (self->decision_chart);
  yc_chart_clear (self->satisfaction_chart);
  if (stats == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (self->tiles); i++)
        gtk_label_set_text (self->tiles[i], "—");
      fill_group_charts (self->department_chart, self->department_satisfaction_chart, none);
      fill_group_charts (self->window_chart, self->window_satisfaction_chart, none);
      clear_grid (self->department_table);
      clear_grid (self->window_table);
      return;
    }

  f = &stats->total;
  tile_text[0] = yc_format_count (f->cases);
  tile_text[1] = yc_figures_format_share (f->one_trip_share);
  tile_text[2] = yc_figures_format_share (f->at_once_share);
  tile_text[3] = yc_chart_format_value (YC_CHART_FORMAT_DECIMAL, f->average_stages);
  tile_text[4] = yc_figures_format_share (f->committed_compression);
  tile_text[5] = yc_figures_format_share (f->actual_compression);
  tile_text[6] = yc_format_count (f->overdue);
  tile_text[7] = yc_figures_format_share (f->satisfied_share);
  for (guint i = 0; i < G_N_ELEMENTS (self->tiles); i++)
    gtk_label_set_text (self->tiles[i], tile_text[i]);

  for (guint d = 0; d < YC_N_DECISIONS; d++)
    {
      double value = f->by_decision[d];

      yc_chart_add_row (self->decision_chart, yc_decision_label (d), &value);
    }
  for (guint l = 0; l < 5; l++)
    levels[l] = f->levels[l];
  yc_chart_add_row (self->satisfaction_chart, _("Whole hall"), levels);

  fill_group_charts (self->department_chart, self->department_satisfaction_chart, stats->by_department);
  fill_table (self->department_table, stats->by_department);
  fill_group_charts (self->window_chart, self->window_satisfaction_chart, stats->by_window);
  fill_table (self->window_table, stats->by_window);
}

static GtkWidget *
section (GtkBox     *box,
         const char *title)
{
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (box, label);
  return label;
}

static YcChart *
add_chart (GtkBox        *box,
           const char    *title,
           YcChartFormat  format,
           gboolean       satisfaction)
{
  YcChart *chart = YC_CHART (yc_chart_new (title));

  yc_chart_set_format (chart, format);
  if (satisfaction)
    {
      const char *levels[6] = { NULL };

      for (guint l = 0; l < 5; l++)
        levels[l] = yc_rating_level_label (l + 1);
      yc_chart_set_series (chart, levels);
    }
  gtk_box_append (box, GTK_WIDGET (chart));
  return chart;
}

/* Charts on the left, the table of the same numbers on their right. */
static void
build_group_section (GtkBox         *page,
                     const char     *title,
                     const char     *cases_title,
                     const char     *satisfaction_title,
                     const char     *table_name,
                     YcChart       **out_cases,
                     YcChart       **out_satisfaction,
                     GtkGrid       **out_table)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *charts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *table = gtk_grid_new ();
  GtkWidget *table_scroller = gtk_scrolled_window_new ();

  section (page, title);
  *out_cases = add_chart (GTK_BOX (charts), cases_title, YC_CHART_FORMAT_COUNT, FALSE);
  *out_satisfaction = add_chart (GTK_BOX (charts), satisfaction_title, YC_CHART_FORMAT_COUNT, TRUE);
  gtk_widget_set_hexpand (charts, TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (table), 12);
  gtk_grid_set_row_spacing (GTK_GRID (table), 6);
  gtk_widget_set_valign (table, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (table), GTK_ACCESSIBLE_PROPERTY_LABEL, table_name, -1);
  /* A wide table scrolls sideways rather than widening the whole page past the window. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (table_scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_scroller), table);
  gtk_box_append (GTK_BOX (row), charts);
  gtk_box_append (GTK_BOX (row), table_scroller);
  gtk_box_append (page, row);
  *out_table = GTK_GRID (table);
}

void
yc_figures_page_build (YcFiguresWidgets *self,
                       AdwBin           *bin)
{
  static const char *presets[] = {
    N_("Today"), N_("This week"), N_("This month"), N_("Last 30 days"), N_("Custom"), NULL
  };
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *period = gtk_label_new (_("Period"));
  GtkWidget *preset_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *dash = gtk_label_new ("–");
  GtkWidget *tiles = gtk_grid_new ();
  GtkWidget *overall = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  /* Linked toggle buttons rather than a drop-down: one click (or one keyboard focus and
   * Space) for each period, and each one named for a screen reader. */
  gtk_widget_add_css_class (preset_box, "linked");
  for (guint i = 0; presets[i] != NULL; i++)
    {
      self->presets[i] = gtk_toggle_button_new_with_label (_(presets[i]));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->presets[i]),
                                     GTK_TOGGLE_BUTTON (self->presets[0]));
      gtk_box_append (GTK_BOX (preset_box), self->presets[i]);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->presets[YC_FIGURES_LAST_30_DAYS]), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (preset_box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"), -1);
  self->from_entry = GTK_ENTRY (gtk_entry_new ());
  self->to_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->from_entry, _("YYYY-MM-DD"));
  gtk_entry_set_placeholder_text (self->to_entry, _("YYYY-MM-DD"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from_entry), 11);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->to_entry), 11);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("First day"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Last day"), -1);
  self->custom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->from_entry));
  gtk_box_append (GTK_BOX (self->custom_box), dash);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->to_entry));
  gtk_widget_set_visible (self->custom_box, FALSE);
  self->refresh_button = gtk_button_new_with_mnemonic (_("_Refresh"));
  self->export_button = gtk_button_new_with_mnemonic (_("_Export CSV…"));
  gtk_widget_set_sensitive (self->export_button, FALSE);
  gtk_box_append (GTK_BOX (controls), period);
  gtk_box_append (GTK_BOX (controls), preset_box);
  gtk_box_append (GTK_BOX (controls), self->custom_box);
  gtk_box_append (GTK_BOX (controls), self->refresh_button);
  gtk_box_append (GTK_BOX (controls), self->export_button);
  gtk_box_append (GTK_BOX (page), controls);

  self->message_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->message_label));

  /* Two rows of four: a grid rather than a flow box, whose height-for-width left the
   * second row without height inside the supervisor's view stack. */
  gtk_grid_set_column_homogeneous (GTK_GRID (tiles), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (tiles), 12);
  gtk_grid_set_row_spacing (GTK_GRID (tiles), 12);
  for (guint i = 0; i < G_N_ELEMENTS (self->tiles); i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (_(tile_titles[i]));

      gtk_widget_add_css_class (tile, "card");
      gtk_widget_add_css_class (title, "caption");
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_top (title, 12);
      gtk_widget_set_margin_start (title, 6);
      gtk_widget_set_margin_end (title, 6);
      self->tiles[i] = GTK_LABEL (gtk_label_new ("—"));
      gtk_widget_add_css_class (GTK_WIDGET (self->tiles[i]), "title-1");
      gtk_widget_set_margin_bottom (GTK_WIDGET (self->tiles[i]), 12);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->tiles[i]), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      title, NULL, -1);
      gtk_box_append (GTK_BOX (tile), title);
      gtk_box_append (GTK_BOX (tile), GTK_WIDGET (self->tiles[i]));
      gtk_grid_attach (GTK_GRID (tiles), tile, i % 4, i / 4, 1, 1);
    }
  gtk_box_append (GTK_BOX (page), tiles);

  section (GTK_BOX (page), _("Whole hall"));
  self->decision_chart = add_chart (GTK_BOX (overall), _("Cases by decision"), YC_CHART_FORMAT_COUNT, FALSE);
  self->satisfaction_chart = add_chart (GTK_BOX (overall), _("Satisfaction"), YC_CHART_FORMAT_COUNT, TRUE);
  gtk_box_append (GTK_BOX (page), overall);
  build_group_section (GTK_BOX (page), _("By department"), _("Cases by department"),
                       _("Satisfaction by department"), _("Figures by department"),
                       &self->department_chart, &self->department_satisfaction_chart,
                       &self->department_table);
  build_group_section (GTK_BOX (page), _("By window"), _("Cases by window"),
                       _("Satisfaction by window"), _("Figures by window"),
                       &self->window_chart, &self->window_satisfaction_chart, &self->window_table);

  gtk_widget_set_margin_start (page, 18);
  gtk_widget_set_margin_end (page, 18);
  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), page);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (bin, scrolled);
}


guint
yc_figures_page_get_preset (YcFiguresWidgets *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->presets); i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->presets[i])))
      return i;
  return YC_FIGURES_LAST_30_DAYS;
}
