/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-backoffice-client-stats.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The hall's figures for a supervisor (yc-figures-view.c, docs/figures.md): a period (today,
 * this week, this month, the last 30 days, or two dates), KPI tiles, bar charts by decision,
 * by department and by window with a table of the same numbers beside each, and a CSV
 * export.  Asked from the back office (GET /api/v1/stats); offline, the last figures fetched
 * are shown from the store's meta table with the time they were fetched.
 */

typedef enum {
  YC_FIGURES_TODAY,
  YC_FIGURES_THIS_WEEK,      /* from Monday */
  YC_FIGURES_THIS_MONTH,
  YC_FIGURES_LAST_30_DAYS,   /* today and the 29 days before */
  YC_FIGURES_CUSTOM,
} YcFiguresPreset;

/* The store's meta key of the figures kept for offline use:
 * {"fetched_at": ISO 8601, "stats": the back office's answer as received}. */
#define YC_FIGURES_META_LAST "figures_last"

#define YC_TYPE_FIGURES_VIEW (yc_figures_view_get_type ())
G_DECLARE_FINAL_TYPE (YcFiguresView, yc_figures_view, YC, FIGURES_VIEW, AdwBin)

GtkWidget     *yc_figures_view_new          (YcStore          *store,
                                             YcSessionManager *session);
/* Asks the back office again for the period shown (the "Refresh" button). */
void           yc_figures_view_refresh      (YcFiguresView    *self);
void           yc_figures_view_set_preset   (YcFiguresView    *self,
                                             YcFiguresPreset   preset);
/* A custom period, as if typed into the two date fields (YYYY-MM-DD); refreshes when both
 * are valid, else shows what is wrong. */
void           yc_figures_view_set_custom   (YcFiguresView    *self,
                                             const char       *from,
                                             const char       *to);
/* "busy": a request or a read of the kept figures is running. */
gboolean       yc_figures_view_is_busy      (YcFiguresView    *self);
/* The figures shown, or NULL; "offline" when they are the kept ones. */
const YcStats *yc_figures_view_get_stats    (YcFiguresView    *self);
gboolean       yc_figures_view_is_offline   (YcFiguresView    *self);
/* The message under the period (what is shown, since when, or what went wrong). */
const char    *yc_figures_view_get_message  (YcFiguresView    *self);
/* The CSV of the figures shown (UTF-8 with a byte order mark), or NULL without figures. */
GBytes        *yc_figures_view_dup_csv      (YcFiguresView    *self);
/* Writes the CSV to @file (what the export dialog does once a file is chosen). */
void           yc_figures_view_save_csv_async  (YcFiguresView       *self,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       yc_figures_view_save_csv_finish (YcFiguresView       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The period of @preset on @today (not CUSTOM). */
void           yc_figures_preset_range      (YcFiguresPreset   preset,
                                             const GDate      *today,
                                             GDate            *out_from,
                                             GDate            *out_to);

G_END_DECLS
