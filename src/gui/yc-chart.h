/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A horizontal bar chart drawn with cairo (yc-chart.c): one row per label (CJK through
 * Pango), one bar per row, or stacked bars when the chart has several series (the five
 * satisfaction levels).  Screen readers get an accessible description listing every value;
 * the figures view puts a table of the same numbers beside it.
 */

typedef enum {
  YC_CHART_FORMAT_COUNT,    /* 12 */
  YC_CHART_FORMAT_PERCENT,  /* 0.615 → 61.5% */
  YC_CHART_FORMAT_DECIMAL,  /* 2.33 */
} YcChartFormat;

#define YC_TYPE_CHART (yc_chart_get_type ())
G_DECLARE_FINAL_TYPE (YcChart, yc_chart, YC, CHART, GtkDrawingArea)

GtkWidget  *yc_chart_new              (const char          *title);
const char *yc_chart_get_title        (YcChart             *self);
void        yc_chart_set_format       (YcChart             *self,
                                       YcChartFormat        format);
/* The series of a stacked chart, NULL-terminated; NULL or one name: plain bars. */
void        yc_chart_set_series       (YcChart             *self,
                                       const char * const  *names);
void        yc_chart_clear            (YcChart             *self);
/* One row: @values has one value per series; NAN is "no figure" (no bar, "—"). */
void        yc_chart_add_row          (YcChart             *self,
                                       const char          *label,
                                       const double        *values);
guint       yc_chart_get_n_rows       (YcChart             *self);
/* What the accessible description says: the title, then every row and its values. */
char       *yc_chart_dup_summary      (YcChart             *self);

/* Layout maths (no widget needed; tests/test-chart.c). */

/* The end of the value axis: the smallest 1, 2, 2.5 or 5 × 10^k at or above @max; 1 when
 * @max is not positive. */
double      yc_chart_nice_max         (double               max);

typedef struct {
  double x;
  double width;
} YcChartSpan;

/* The spans of @n_values stacked values on a plot from @x, @width wide, for an axis ending
 * at @axis_max: contiguous, in order, proportional; negative and NAN values take no room,
 * and the stack never runs past @x + @width. */
void        yc_chart_stack_spans      (const double        *values,
                                       guint                n_values,
                                       double               axis_max,
                                       double               x,
                                       double               width,
                                       YcChartSpan         *out_spans);

typedef struct {
  double label_width;   /* the label column, text ellipsized to it */
  double plot_x;
  double plot_width;    /* the bars; the value text follows the longest */
  double top;           /* of the first row, under the title */
  double row_height;
  double bar_height;
} YcChartGeometry;

/* Where things go in a chart @width wide with @n_rows rows whose widest label is
 * @label_width and widest value text @value_width: the label column takes at most 40 % of
 * the width, the plot what remains after the value text, never less than 0. */
void        yc_chart_compute_geometry (double               width,
                                       double               title_height,
                                       double               label_width,
                                       double               value_width,
                                       YcChartGeometry     *out);

/* @value formatted as @format shows it; "—" for NAN. */
char       *yc_chart_format_value     (YcChartFormat        format,
                                       double               value);

G_END_DECLS
