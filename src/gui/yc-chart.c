/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "yc-chart.h"
#include "yc-format.h"

/*
 * Horizontal bars: a row per label, the label on the left (ellipsized, CJK through Pango),
 * the bar, then the value as text, so that the number is read, not guessed from a length.
 * Stacked rows put their series side by side in one bar, with a legend under the rows.
 */

#define ROW_HEIGHT     26.0
#define BAR_HEIGHT     16.0
#define GAP            8.0
#define LEGEND_HEIGHT  24.0
#define MAX_SERIES     8

typedef struct {
  char   *label;
  double  values[MAX_SERIES];
} Row;

struct _YcChart
{
  GtkDrawingArea  parent_instance;

  char           *title;
  YcChartFormat   format;
  GStrv           series;      /* never NULL; one empty name for plain bars */
  guint           n_series;
  GPtrArray      *rows;        /* of Row* */
};

G_DEFINE_FINAL_TYPE (YcChart, yc_chart, GTK_TYPE_DRAWING_AREA)

/* Satisfaction from 非常不满意 to 非常满意; plain bars take the first of the last colour. */
static const GdkRGBA series_colors[MAX_SERIES] = {
  { 0.753, 0.110, 0.157, 1.0 },   /* red */
  { 0.902, 0.380, 0.000, 1.0 },   /* orange */
  { 0.898, 0.647, 0.039, 1.0 },   /* yellow */
  { 0.569, 0.835, 0.396, 1.0 },   /* light green */
  { 0.149, 0.635, 0.412, 1.0 },   /* green */
  { 0.384, 0.627, 0.918, 1.0 },
  { 0.569, 0.255, 0.675, 1.0 },
  { 0.400, 0.400, 0.400, 1.0 },
};
static const GdkRGBA bar_color = { 0.208, 0.518, 0.894, 1.0 };   /* blue */

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_free (row);
}

double
yc_chart_nice_max (double max)
{
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double magnitude;

  if (!(max > 0.0) || !isfinite (max))
    return 1.0;
  magnitude = pow (10.0, floor (log10 (max)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= max * (1.0 - 1e-12))
      return steps[i] * magnitude;
  return 10.0 * magnitude;
}

void
yc_chart_stack_spans (const double *values,
                      guint         n_values,
                      double        axis_max,
                      double        x,
                      double        width,
                      YcChartSpan  *out_spans)
{
  double end = x + MAX (width, 0.0);
  double at = x;

  g_return_if_fail (values != NULL || n_values == 0);
  g_return_if_fail (out_spans != NULL || n_values == 0);

  for (guint i = 0; i < n_values; i++)
    {
      double value = values[i];
      double span = 0.0;

      if (isfinite (value) && value > 0.0 && axis_max > 0.0)
        span = value / axis_max * MAX (width, 0.0);
      span = MIN (span, end - at);
      out_spans[i].x = at;
      out_spans[i].width = span;
      at += span;
    }
}

void
yc_chart_compute_geometry (double           width,
                           double           title_height,
                           double           label_width,
                           double           value_width,
                           YcChartGeometry *out)
{
  g_return_if_fail (out != NULL);

  out->label_width = MIN (MAX (label_width, 0.0), 0.4 * MAX (width, 0.0));
  out->plot_x = out->label_width + GAP;
  out->plot_width = MAX (width - out->plot_x - GAP - MAX (value_width, 0.0), 0.0);
  out->top = title_height + GAP / 2;
  out->row_height = ROW_HEIGHT;
  out->bar_height = BAR_HEIGHT;
}

char *
yc_chart_format_value (YcChartFormat format,
                       double        value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  switch (format)
    {
    case YC_CHART_FORMAT_PERCENT:
      return yc_format_percent (value, 1);
    case YC_CHART_FORMAT_DECIMAL:
      return g_strdup_printf ("%.2f", value);
    case YC_CHART_FORMAT_COUNT:
    default:
      return yc_format_count ((gint64) round (value));
    }
}

/* The number written after a row's bar: its value, or the total of a stack. */
static double
row_total (YcChart   *self,
           const Row *row)
{
  double total = 0.0;
  gboolean any = FALSE;

  for (guint i = 0; i < self->n_series; i++)
    if (isfinite (row->values[i]))
      {
        total += row->values[i];
        any = TRUE;
      }
  return any ? total : NAN;
}

static PangoLayout *
make_layout (YcChart    *self,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static double
text_width (YcChart    *self,
            const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, FALSE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
draw_text (cairo_t       *cr,
           PangoLayout   *layout,
           const GdkRGBA *color,
           double         x,
           double         y_center)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y_center - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static const GdkRGBA *
color_of (YcChart *self,
          guint    series)
{
  return self->n_series > 1 ? &series_colors[series % MAX_SERIES] : &bar_color;
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  YcChart *self = YC_CHART (area);
  g_autoptr(PangoLayout) title = make_layout (self, self->title, TRUE);
  double label_width = 0.0, value_width = 0.0, max_total = 0.0, axis_max;
  YcChartGeometry geometry;
  GdkRGBA fg;
  int title_height;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS

  pango_layout_get_pixel_size (title, NULL, &title_height);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);
      g_autofree char *value = yc_chart_format_value (self->format, row_total (self, row));
      double total = row_total (self, row);

      label_width = MAX (label_width, text_width (self, row->label));
      value_width = MAX (value_width, text_width (self, value));
      if (isfinite (total))
        max_total = MAX (max_total, total);
    }
  axis_max = yc_chart_nice_max (max_total);
  yc_chart_compute_geometry (width, title_height, label_width, value_width, &geometry);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);
      g_autoptr(PangoLayout) label = make_layout (self, row->label, FALSE);
      g_autofree char *value_text = yc_chart_format_value (self->format, row_total (self, row));
      g_autoptr(PangoLayout) value = make_layout (self, value_text, FALSE);
      double y = geometry.top + i * geometry.row_height;
      double center = y + geometry.row_height / 2.0;
      YcChartSpan spans[MAX_SERIES];
      double end = geometry.plot_x;

      pango_layout_set_width (label, (int) (geometry.label_width * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      draw_text (cr, label, &fg, 0, center);

      yc_chart_stack_spans (row->values, self->n_series, axis_max, geometry.plot_x,
                            geometry.plot_width, spans);
      for (guint s = 0; s < self->n_series; s++)
        {
          if (spans[s].width <= 0.0)
            continue;
          gdk_cairo_set_source_rgba (cr, color_of (self, s));
          cairo_rectangle (cr, spans[s].x, center - geometry.bar_height / 2.0, spans[s].width,
                           geometry.bar_height);
          cairo_fill (cr);
          end = spans[s].x + spans[s].width;
        }
      draw_text (cr, value, &fg, end + GAP / 2, center);
    }

  /* The legend of a stacked chart. */
  if (self->n_series > 1)
    {
      double x = geometry.plot_x;
      double center = geometry.top + self->rows->len * geometry.row_height + LEGEND_HEIGHT / 2.0;

      for (guint s = 0; s < self->n_series; s++)
        {
          g_autoptr(PangoLayout) name = make_layout (self, self->series[s], FALSE);
          int name_width;

          gdk_cairo_set_source_rgba (cr, color_of (self, s));
          cairo_rectangle (cr, x, center - 5, 10, 10);
          cairo_fill (cr);
          draw_text (cr, name, &fg, x + 14, center);
          pango_layout_get_pixel_size (name, &name_width, NULL);
          x += 14 + name_width + 2 * GAP;
        }
    }
}

char *
yc_chart_dup_summary (YcChart *self)
{
  GString *summary;

  g_return_val_if_fail (YC_IS_CHART (self), NULL);

  summary = g_string_new (self->title);
  if (self->rows->len == 0)
    {
      /* Translators: a chart with no rows, after its title */
      g_string_append (summary, _(": no figures"));
      return g_string_free (summary, FALSE);
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);

      /* Translators: between a chart's title or previous row and the next row */
      g_string_append (summary, i == 0 ? _(": ") : _("; "));
      g_string_append (summary, row->label);
      for (guint s = 0; s < self->n_series; s++)
        {
          g_autofree char *value = yc_chart_format_value (self->format, row->values[s]);

          if (self->n_series > 1)
            g_string_append_printf (summary, s == 0 ? " %s %s" : ", %s %s", self->series[s], value);
          else
            g_string_append_printf (summary, " %s", value);
        }
    }
  return g_string_free (summary, FALSE);
}

static void
changed (YcChart *self)
{
  g_autofree char *summary = yc_chart_dup_summary (self);
  int height = 0;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  /* Title, rows, legend: the chart is as tall as its rows need. */
  height = (int) ceil (24 + GAP / 2 + MAX (self->rows->len, 1) * ROW_HEIGHT
                       + (self->n_series > 1 ? LEGEND_HEIGHT : 0));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), height);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
yc_chart_finalize (GObject *object)
{
  YcChart *self = YC_CHART (object);

  g_free (self->title);
  g_strfreev (self->series);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (yc_chart_parent_class)->finalize (object);
}

static void
yc_chart_class_init (YcChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_chart_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "chart");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
yc_chart_init (YcChart *self)
{
  self->title = g_strdup ("");
  self->series = g_new0 (char *, 2);
  self->series[0] = g_strdup ("");
  self->n_series = 1;
  self->rows = g_ptr_array_new_with_free_func (row_free);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 240);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_cb, NULL, NULL);
}

/**
 * yc_chart_new:
 * @title: what the chart shows (also its accessible name)
 */
GtkWidget *
yc_chart_new (const char *title)
{
  YcChart *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (YC_TYPE_CHART, NULL);
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  changed (self);
  return GTK_WIDGET (self);
}

const char *
yc_chart_get_title (YcChart *self)
{
  g_return_val_if_fail (YC_IS_CHART (self), NULL);

  return self->title;
}

void
yc_chart_set_format (YcChart       *self,
                     YcChartFormat  format)
{
  g_return_if_fail (YC_IS_CHART (self));

  self->format = format;
  changed (self);
}

void
yc_chart_set_series (YcChart            *self,
                     const char * const *names)
{
  g_return_if_fail (YC_IS_CHART (self));
  g_return_if_fail (names == NULL || g_strv_length ((char **) names) <= MAX_SERIES);
  g_return_if_fail (self->rows->len == 0);

  g_strfreev (self->series);
  if (names == NULL || names[0] == NULL)
    {
      self->series = g_new0 (char *, 2);
      self->series[0] = g_strdup ("");
    }
  else
    {
      self->series = g_strdupv ((char **) names);
    }
  self->n_series = g_strv_length (self->series);
  changed (self);
}

void
yc_chart_clear (YcChart *self)
{
  g_return_if_fail (YC_IS_CHART (self));

  g_ptr_array_set_size (self->rows, 0);
  changed (self);
}

void
yc_chart_add_row (YcChart      *self,
                  const char   *label,
                  const double *values)
{
  Row *row;

  g_return_if_fail (YC_IS_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (values != NULL);

  row = g_new0 (Row, 1);
  row->label = g_strdup (label);
  for (guint i = 0; i < self->n_series; i++)
    row->values[i] = values[i];
  g_ptr_array_add (self->rows, row);
  changed (self);
}

guint
yc_chart_get_n_rows (YcChart *self)
{
  g_return_val_if_fail (YC_IS_CHART (self), 0);

  return self->rows->len;
}
