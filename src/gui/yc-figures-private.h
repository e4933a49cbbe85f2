/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-backoffice-client-stats.h"
#include "yc-chart.h"

G_BEGIN_DECLS

/* yc-figures-csv.c: the figures as the exported CSV (UTF-8 with a byte order mark).
 * @fetched_at: (nullable): when the app fetched them. */
GBytes *yc_figures_csv_new (const YcStats *stats,
                            const char    *fetched_at);

/* yc-figures-page.c: the widgets of the figures view and how the figures are shown in
 * them (tiles, charts, the tables beside them).  The view owns them through its child. */
typedef struct {
  GtkWidget   *presets[5];      /* toggle buttons in one group, by YcFiguresPreset */
  GtkWidget   *custom_box;
  GtkEntry    *from_entry;
  GtkEntry    *to_entry;
  GtkWidget   *refresh_button;
  GtkWidget   *export_button;
  GtkLabel    *message_label;
  GtkLabel    *tiles[8];
  YcChart     *decision_chart;
  YcChart     *satisfaction_chart;
  YcChart     *department_chart;
  YcChart     *department_satisfaction_chart;
  GtkGrid     *department_table;
  YcChart     *window_chart;
  YcChart     *window_satisfaction_chart;
  GtkGrid     *window_table;
} YcFiguresWidgets;

/* Builds the page into @bin; the caller connects the controls. */
void    yc_figures_page_build (YcFiguresWidgets *self,
                               AdwBin           *bin);
/* The preset whose button is active. */
guint   yc_figures_page_get_preset (YcFiguresWidgets *self);
/* @stats: (nullable): NULL empties tiles, charts and tables. */
void    yc_figures_page_show  (YcFiguresWidgets *self,
                               const YcStats    *stats);
/* 0.615 → "61.5%", NAN → "—". */
char   *yc_figures_format_share (double          value);

G_END_DECLS
