/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A material's pages, one at a time and large: the clerk's scans (a GListModel of
 * YcPageItem, followed as it changes) or a stored material's PDF (rendered with poppler),
 * the same for reviewers.  Zoom in and out, fit the width or the whole page, turn the view
 * by quarter turns (the page itself is not changed), page n of m; 裁切 (C) then a drag
 * crops a scanned page to the rectangle drawn, or the margins typed in millimetres (Enter)
 * cut off its edges.  Keys: Page Up/Down, + and −, Ctrl+0 (fit the page), R and Shift+R.
 */

typedef enum {
  YC_PAGE_FIT_PAGE,   /* the whole page in the window */
  YC_PAGE_FIT_WIDTH,  /* as wide as the window, scrolled down */
  YC_PAGE_FIT_NONE,   /* the zoom the clerk chose */
} YcPageFit;

#define YC_PAGE_VIEWER_MIN_ZOOM 0.1
#define YC_PAGE_VIEWER_MAX_ZOOM 8.0

#define YC_TYPE_PAGE_VIEWER (yc_page_viewer_get_type ())
G_DECLARE_FINAL_TYPE (YcPageViewer, yc_page_viewer, YC, PAGE_VIEWER, GtkWidget)

GtkWidget *yc_page_viewer_new           (void);
/* @pages: (nullable): a list of YcPageItem */
void       yc_page_viewer_set_pages     (YcPageViewer *self,
                                         GListModel   *pages);
/* A stored material (a PDF blob); FALSE with the reason when poppler cannot read it */
gboolean   yc_page_viewer_set_pdf       (YcPageViewer *self,
                                         GBytes       *pdf,
                                         GError      **error);
guint      yc_page_viewer_get_n_pages   (YcPageViewer *self);
guint      yc_page_viewer_get_page      (YcPageViewer *self);
void       yc_page_viewer_set_page      (YcPageViewer *self,
                                         guint         page);
YcPageFit  yc_page_viewer_get_fit       (YcPageViewer *self);
void       yc_page_viewer_set_fit       (YcPageViewer *self,
                                         YcPageFit     fit);
/* 1.0 is the page's real size on a 96 dpi screen */
double     yc_page_viewer_get_zoom      (YcPageViewer *self);
void       yc_page_viewer_set_zoom      (YcPageViewer *self,
                                         double        zoom);
guint      yc_page_viewer_get_rotation  (YcPageViewer *self);
/* Crops the page shown to a rectangle of the page area (the drag of 裁切) */
gboolean   yc_page_viewer_crop          (YcPageViewer *self,
                                         double        x,
                                         double        y,
                                         double        width,
                                         double        height,
                                         GError      **error);

/* Crops the page shown by so many millimetres off each edge (the margins of 裁切) */
gboolean   yc_page_viewer_crop_margins  (YcPageViewer *self,
                                         double        top,
                                         double        right,
                                         double        bottom,
                                         double        left,
                                         GError      **error);

G_END_DECLS
