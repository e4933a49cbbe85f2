/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "yc-chart.h"

/* The layout maths of YcChart (src/gui/yc-chart.c): axis ends, stacked spans, the columns
 * of label, plot and value, the numbers as written.  No display needed. */

typedef struct {
  double max;
  double nice;
} NiceCase;

static const NiceCase nice_cases[] = {
  { 0.0, 1.0 },
  { -3.0, 1.0 },
  { 1.0, 1.0 },
  { 0.87, 1.0 },
  { 0.3, 0.5 },
  { 7.0, 10.0 },
  { 12.0, 20.0 },
  { 2.3, 2.5 },
  { 41.0, 50.0 },
  { 100.0, 100.0 },
  { 101.0, 200.0 },
  { 1234.0, 2000.0 },
  { 0.0042, 0.005 },
};

static void
test_nice_max (gconstpointer data)
{
  const NiceCase *c = data;

  g_assert_cmpfloat_with_epsilon (yc_chart_nice_max (c->max), c->nice, c->nice * 1e-9);
  g_assert_cmpfloat (yc_chart_nice_max (c->max), >=, c->max);
}

static void
test_stack_spans (void)
{
  const double values[] = { 1.0, 0.0, 3.0, NAN, -2.0, 6.0 };
  YcChartSpan spans[G_N_ELEMENTS (values)];

  /* Axis 20 over 200 px from x = 50: 10 px per unit. */
  yc_chart_stack_spans (values, G_N_ELEMENTS (values), 20.0, 50.0, 200.0, spans);
  g_assert_cmpfloat_with_epsilon (spans[0].x, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[0].width, 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[1].width, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[2].x, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[2].width, 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[3].width, 0.0, 1e-9);    /* NAN: no room */
  g_assert_cmpfloat_with_epsilon (spans[4].width, 0.0, 1e-9);    /* negative: no room */
  g_assert_cmpfloat_with_epsilon (spans[5].x, 90.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[5].width, 60.0, 1e-9);

  /* A stack above the axis end is cut at the plot's end. */
  yc_chart_stack_spans (values, G_N_ELEMENTS (values), 5.0, 0.0, 100.0, spans);
  g_assert_cmpfloat_with_epsilon (spans[0].width, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[2].width, 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[5].x, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (spans[5].width, 20.0, 1e-9);
  g_assert_cmpfloat (spans[5].x + spans[5].width, <=, 100.0);
}

static void
test_geometry (void)
{
  YcChartGeometry g;

  yc_chart_compute_geometry (600, 20, 100, 40, &g);
  g_assert_cmpfloat_with_epsilon (g.label_width, 100, 1e-9);
  g_assert_cmpfloat (g.plot_x, >, g.label_width);
  g_assert_cmpfloat_with_epsilon (g.plot_x + g.plot_width + 40, 600 - (g.plot_x - g.label_width), 1e-9);
  g_assert_cmpfloat (g.top, >=, 20);
  g_assert_cmpfloat (g.bar_height, <, g.row_height);

  /* Long labels take at most 40 % of the width. */
  yc_chart_compute_geometry (500, 20, 400, 40, &g);
  g_assert_cmpfloat_with_epsilon (g.label_width, 200, 1e-9);

  /* Too narrow: no negative plot. */
  yc_chart_compute_geometry (30, 20, 10, 100, &g);
  g_assert_cmpfloat (g.plot_width, ==, 0);
}

static void
test_format (void)
{
  static const struct {
    YcChartFormat format;
    double        value;
    const char   *text;
  } cases[] = {
    { YC_CHART_FORMAT_COUNT, 12, "12" },
    { YC_CHART_FORMAT_PERCENT, 0.615, "61.5%" },
    { YC_CHART_FORMAT_PERCENT, 1, "100.0%" },
    { YC_CHART_FORMAT_PERCENT, -0.05, "-5.0%" },
    { YC_CHART_FORMAT_DECIMAL, 7.0 / 3.0, "2.33" },
    { YC_CHART_FORMAT_COUNT, NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = yc_chart_format_value (cases[i].format, cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nice_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/chart/nice-max/%u", i);

      g_test_add_data_func (path, &nice_cases[i], test_nice_max);
    }
  g_test_add_func ("/chart/stack-spans", test_stack_spans);
  g_test_add_func ("/chart/geometry", test_geometry);
  g_test_add_func ("/chart/format", test_format);

  return g_test_run ();
}
