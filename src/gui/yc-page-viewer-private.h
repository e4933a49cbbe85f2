/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <poppler.h>

#include "yc-page-item.h"
#include "yc-page-viewer.h"

G_BEGIN_DECLS

/* Shared by yc-page-viewer.c (the pages, drawn) and yc-page-viewer-crop.c (裁切: the drag
 * and the margins). */

struct _YcPageViewer
{
  GtkWidget        parent_instance;

  GListModel      *pages;       /* of YcPageItem, or NULL … */
  PopplerDocument *document;    /* … a PDF, used on yc-page-render's workers only */
  GArray          *pdf_sizes;   /* of double: each PDF page's width and height in points */
  guint            page;
  YcPageFit        fit;
  double           zoom;        /* the last zoom drawn, or chosen with YC_PAGE_FIT_NONE */
  guint            rotation;    /* of the view, quarter turns clockwise */

  YcPageItem      *item;        /* the page shown, when pages */
  cairo_surface_t *surface;     /* the shown page's image (yc-page-render.h), as edited */
  guint            surface_size;   /* its longer side in pixels */
  GCancellable    *loading;     /* the image being made for the shown page */
  guint            loading_size;

  GtkWidget       *box;
  GtkLabel        *page_label;
  GtkLabel        *zoom_label;
  GtkScrolledWindow *scrolled;
  GtkDrawingArea  *area;
  GtkToggleButton *crop_button;
  GtkWidget       *crop_bar;
  GtkSpinButton   *top_spin;
  GtkSpinButton   *bottom_spin;
  GtkSpinButton   *left_spin;
  GtkSpinButton   *right_spin;
  GtkWidget       *apply_crop_button;

  gboolean         dragging;    /* a crop rectangle is being drawn */
  double           drag_x, drag_y, drag_w, drag_h;  /* in the area's coordinates */
};

/* From the page's pixels (as shown: cropped, rotated) to the area's coordinates of an area
 * @width × @height; FALSE when no scanned page is shown. */
gboolean yc_page_viewer_page_matrix (YcPageViewer   *self,
                                     int             width,
                                     int             height,
                                     cairo_matrix_t *matrix);

/* yc-page-viewer-crop.c: viewer.crop (C) */
void     yc_page_viewer_install_crop (GtkWidgetClass *widget_class);
/* The drag on the page area, the crop bar's margins and their Enter */
void     yc_page_viewer_init_crop    (YcPageViewer   *self);

G_END_DECLS
