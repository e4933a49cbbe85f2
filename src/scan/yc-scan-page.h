/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * One page of a material, as scanned or imported.  The image is kept compressed from the
 * moment it arrives — JPEG for colour and grey, one bit per pixel for black and white — so
 * that a 50-page colour batch does not hold gigabytes of raw pixels.  Edits never touch
 * those bytes: a rotation (quarter turns) and a crop rectangle are applied when the page is
 * drawn or put into the material's PDF (yc-page-pdf.h), so rotating and cropping are
 * lossless and can be undone.
 *
 * A YcScanPage is immutable and reference counted; the edit functions return a new page
 * that shares the image.
 */

typedef enum {
  YC_SCAN_COLOR_RGB,      /* colour, 8 bits per channel */
  YC_SCAN_COLOR_GRAY,     /* 8-bit grey */
  YC_SCAN_COLOR_LINEART,  /* black and white, 1 bit per pixel */
} YcScanColor;

#define YC_SCAN_PAGE_DEFAULT_JPEG_QUALITY 85

typedef struct _YcScanPage YcScanPage;

#define YC_TYPE_SCAN_PAGE (yc_scan_page_get_type ())
GType        yc_scan_page_get_type     (void) G_GNUC_CONST;

/*
 * Builds a page from raw rows: @color RGB has 3 bytes a pixel, GRAY 1, LINEART 1 byte a
 * pixel where 0 is black and anything else white.  @stride is the distance between rows
 * in bytes.  Colour and grey are encoded as JPEG at @jpeg_quality (1–100).
 */
YcScanPage  *yc_scan_page_new_from_rows (YcScanColor    color,
                                         guint          width,
                                         guint          height,
                                         gsize          stride,
                                         const guint8  *rows,
                                         guint          dpi,
                                         guint          jpeg_quality,
                                         GError       **error);
YcScanPage  *yc_scan_page_ref          (YcScanPage    *page);
void         yc_scan_page_unref        (YcScanPage    *page);

YcScanColor  yc_scan_page_get_color    (YcScanPage    *page);
guint        yc_scan_page_get_dpi      (YcScanPage    *page);
/* The size of the image as scanned, before rotation and crop, in pixels */
guint        yc_scan_page_get_source_width  (YcScanPage *page);
guint        yc_scan_page_get_source_height (YcScanPage *page);
/* The size as shown and printed: crop, then rotation */
guint        yc_scan_page_get_width    (YcScanPage    *page);
guint        yc_scan_page_get_height   (YcScanPage    *page);
guint        yc_scan_page_get_rotation (YcScanPage    *page);   /* quarter turns clockwise, 0–3 */
/* Whether the page looks blank (almost no ink away from the edges): flagged, never dropped */
gboolean     yc_scan_page_is_blank     (YcScanPage    *page);
/* The compressed image: JPEG for RGB and GRAY, packed rows of bits (1 = black, most
 * significant bit first, rows padded to whole bytes) for LINEART. */
GBytes      *yc_scan_page_get_data     (YcScanPage    *page);
/* The crop rectangle in source pixels */
void         yc_scan_page_get_crop     (YcScanPage    *page,
                                        guint         *x,
                                        guint         *y,
                                        guint         *width,
                                        guint         *height);

/* A new page turned by @quarter_turns clockwise (negative turns counter-clockwise) */
YcScanPage  *yc_scan_page_rotate       (YcScanPage    *page,
                                        int            quarter_turns);
/* A new page cropped to the rectangle given in the page's current (rotated, cropped)
 * coordinates; FALSE with YC_SCAN_ERROR_UNSUPPORTED when it is empty or outside. */
YcScanPage  *yc_scan_page_crop         (YcScanPage    *page,
                                        guint          x,
                                        guint          y,
                                        guint          width,
                                        guint          height,
                                        GError       **error);

/* A new page with so many millimetres cut off each edge of the page as shown */
YcScanPage  *yc_scan_page_crop_margins (YcScanPage    *page,
                                        double         top_mm,
                                        double         right_mm,
                                        double         bottom_mm,
                                        double         left_mm,
                                        GError       **error);

/*
 * The page decoded into a cairo image surface (CAIRO_FORMAT_RGB24) of the source size,
 * before crop and rotation; yc_scan_page_apply_transform() sets up a cairo context for
 * drawing it in the page's current orientation at one unit per pixel.
 */
cairo_surface_t *yc_scan_page_create_surface (YcScanPage *page,
                                              GError    **error);
void         yc_scan_page_apply_transform (YcScanPage   *page,
                                           cairo_t      *cr);
/* A thumbnail no larger than @max_size pixels on either side, rotated and cropped */
cairo_surface_t *yc_scan_page_create_thumbnail (YcScanPage *page,
                                                guint       max_size,
                                                GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScanPage, yc_scan_page_unref)

G_END_DECLS
