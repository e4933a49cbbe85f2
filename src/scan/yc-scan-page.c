/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "yc-scan-error.h"
#include "yc-scan-page.h"

#define MM_PER_INCH 25.4

/* The image, shared by every edit of a page */
typedef struct {
  gatomicrefcount  ref_count;
  YcScanColor      color;
  guint            width;
  guint            height;
  guint            dpi;
  GBytes          *data;      /* JPEG, or packed bits for LINEART */
  gboolean         blank;
} YcScanImage;

struct _YcScanPage {
  gatomicrefcount  ref_count;
  YcScanImage     *image;
  guint            rotation;  /* quarter turns clockwise */
  guint            crop_x;    /* in source pixels */
  guint            crop_y;
  guint            crop_width;
  guint            crop_height;
};

/* A pixel darker than this counts as ink; a page with less ink than BLANK_INK_SHARE of
 * its inner area (margins of BLANK_MARGIN left out: shadows of the scanner's lid) is
 * blank.  Specks of dust stay below it, one handwritten line does not. */
#define BLANK_INK_LUMA  110
#define BLANK_INK_SHARE 0.0005
#define BLANK_MARGIN    0.04

G_DEFINE_BOXED_TYPE (YcScanPage, yc_scan_page, yc_scan_page_ref, yc_scan_page_unref)

static YcScanImage *
image_ref (YcScanImage *image)
{
  g_atomic_ref_count_inc (&image->ref_count);
  return image;
}

static void
image_unref (YcScanImage *image)
{
  if (g_atomic_ref_count_dec (&image->ref_count))
    {
      g_bytes_unref (image->data);
      g_free (image);
    }
}

static guint
luma_at (YcScanColor   color,
         const guint8 *row,
         guint         x)
{
  switch (color)
    {
    case YC_SCAN_COLOR_RGB:
      return (299 * row[3 * x] + 587 * row[3 * x + 1] + 114 * row[3 * x + 2]) / 1000;
    case YC_SCAN_COLOR_GRAY:
      return row[x];
    case YC_SCAN_COLOR_LINEART:
    default:
      return row[x] == 0 ? 0 : 255;
    }
}

static gboolean
rows_look_blank (YcScanColor   color,
                 guint         width,
                 guint         height,
                 gsize         stride,
                 const guint8 *rows)
{
  guint x0 = (guint) (width * BLANK_MARGIN), x1 = width - x0;
  guint y0 = (guint) (height * BLANK_MARGIN), y1 = height - y0;
  guint64 ink = 0, seen = 0;

  /* Every other pixel of every other row: a quarter of the work, the same answer. */
  for (guint y = y0; y < y1; y += 2)
    {
      const guint8 *row = rows + (gsize) y * stride;

      for (guint x = x0; x < x1; x += 2)
        {
          seen++;
          if (luma_at (color, row, x) < BLANK_INK_LUMA)
            ink++;
        }
    }
  return seen == 0 || (double) ink / (double) seen < BLANK_INK_SHARE;
}

static GBytes *
encode_jpeg (YcScanColor    color,
             guint          width,
             guint          height,
             gsize          stride,
             const guint8  *rows,
             guint          quality,
             GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *quality_text = g_strdup_printf ("%u", CLAMP (quality, 1, 100));
  char *keys[] = { (char *) "quality", NULL };
  char *values[] = { quality_text, NULL };
  g_autofree guint8 *expanded = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  if (color == YC_SCAN_COLOR_GRAY)
    {
      /* gdk-pixbuf writes RGB JPEGs only; a grey page goes through as equal channels. */
      expanded = g_malloc ((gsize) width * 3 * height);
      for (guint y = 0; y < height; y++)
        {
          const guint8 *in = rows + (gsize) y * stride;
          guint8 *out = expanded + (gsize) y * width * 3;

          for (guint x = 0; x < width; x++)
            out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = in[x];
        }
      rows = expanded;
      stride = (gsize) width * 3;
    }

  pixbuf = gdk_pixbuf_new_from_data (rows, GDK_COLORSPACE_RGB, FALSE, 8, (int) width,
                                     (int) height, (int) stride, NULL, NULL);
  if (!gdk_pixbuf_save_to_bufferv (pixbuf, &buffer, &size, "jpeg", keys, values, error))
    {
      g_prefix_error (error, _("The scanned page could not be compressed: "));
      return NULL;
    }
  return g_bytes_new_take (buffer, size);
}

static GBytes *
pack_bits (guint         width,
           guint         height,
           gsize         stride,
           const guint8 *rows)
{
  gsize packed_stride = (width + 7) / 8;
  guint8 *packed = g_malloc0 (packed_stride * height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = rows + (gsize) y * stride;
      guint8 *out = packed + (gsize) y * packed_stride;

      for (guint x = 0; x < width; x++)
        if (in[x] == 0)
          out[x / 8] |= 0x80 >> (x % 8);
    }
  return g_bytes_new_take (packed, packed_stride * height);
}

YcScanPage *
yc_scan_page_new_from_rows (YcScanColor    color,
                            guint          width,
                            guint          height,
                            gsize          stride,
                            const guint8  *rows,
                            guint          dpi,
                            guint          jpeg_quality,
                            GError       **error)
{
  YcScanImage *image;
  YcScanPage *page;
  GBytes *data;
  guint bytes_per_pixel = color == YC_SCAN_COLOR_RGB ? 3 : 1;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= (gsize) width * bytes_per_pixel, NULL);
  g_return_val_if_fail (dpi > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (color == YC_SCAN_COLOR_LINEART)
    data = pack_bits (width, height, stride, rows);
  else
    data = encode_jpeg (color, width, height, stride, rows, jpeg_quality, error);
  if (data == NULL)
    return NULL;

  image = g_new0 (YcScanImage, 1);
  g_atomic_ref_count_init (&image->ref_count);
  image->color = color;
  image->width = width;
  image->height = height;
  image->dpi = dpi;
  image->data = data;
  image->blank = rows_look_blank (color, width, height, stride, rows);

  page = g_new0 (YcScanPage, 1);
  g_atomic_ref_count_init (&page->ref_count);
  page->image = image;
  page->crop_width = width;
  page->crop_height = height;
  return page;
}

YcScanPage *
yc_scan_page_ref (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  g_atomic_ref_count_inc (&page->ref_count);
  return page;
}

void
yc_scan_page_unref (YcScanPage *page)
{
  if (page != NULL && g_atomic_ref_count_dec (&page->ref_count))
    {
      image_unref (page->image);
      g_free (page);
    }
}

YcScanColor
yc_scan_page_get_color (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, YC_SCAN_COLOR_RGB);
  return page->image->color;
}

guint
yc_scan_page_get_dpi (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->image->dpi;
}

guint
yc_scan_page_get_source_width (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->image->width;
}

guint
yc_scan_page_get_source_height (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->image->height;
}

guint
yc_scan_page_get_width (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->rotation % 2 == 0 ? page->crop_width : page->crop_height;
}

guint
yc_scan_page_get_height (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->rotation % 2 == 0 ? page->crop_height : page->crop_width;
}

guint
yc_scan_page_get_rotation (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return page->rotation;
}

gboolean
yc_scan_page_is_blank (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, FALSE);
  return page->image->blank;
}

GBytes *
yc_scan_page_get_data (YcScanPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->image->data;
}

void
yc_scan_page_get_crop (YcScanPage *page,
                       guint      *x,
                       guint      *y,
                       guint      *width,
                       guint      *height)
{
  g_return_if_fail (page != NULL);

  if (x != NULL)
    *x = page->crop_x;
  if (y != NULL)
    *y = page->crop_y;
  if (width != NULL)
    *width = page->crop_width;
  if (height != NULL)
    *height = page->crop_height;
}

static YcScanPage *
page_copy (YcScanPage *page)
{
  YcScanPage *copy = g_new0 (YcScanPage, 1);

  g_atomic_ref_count_init (&copy->ref_count);
  copy->image = image_ref (page->image);
  copy->rotation = page->rotation;
  copy->crop_x = page->crop_x;
  copy->crop_y = page->crop_y;
  copy->crop_width = page->crop_width;
  copy->crop_height = page->crop_height;
  return copy;
}

YcScanPage *
yc_scan_page_rotate (YcScanPage *page,
                     int         quarter_turns)
{
  YcScanPage *copy;

  g_return_val_if_fail (page != NULL, NULL);

  copy = page_copy (page);
  copy->rotation = (guint) (((int) page->rotation + quarter_turns % 4 + 4) % 4);
  return copy;
}

YcScanPage *
yc_scan_page_crop (YcScanPage  *page,
                   guint        x,
                   guint        y,
                   guint        width,
                   guint        height,
                   GError     **error)
{
  YcScanPage *copy;
  guint cw, ch;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width == 0 || height == 0
      || x >= yc_scan_page_get_width (page) || width > yc_scan_page_get_width (page) - x
      || y >= yc_scan_page_get_height (page) || height > yc_scan_page_get_height (page) - y)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("The area to keep must lie inside the page (%u × %u pixels)."),
                   yc_scan_page_get_width (page), yc_scan_page_get_height (page));
      return NULL;
    }

  /* From the page as shown back to the source image: the inverse of the rotation in
   * yc_scan_page_apply_transform(). */
  copy = page_copy (page);
  cw = page->crop_width;
  ch = page->crop_height;
  switch (page->rotation)
    {
    case 0:
      copy->crop_x = page->crop_x + x;
      copy->crop_y = page->crop_y + y;
      copy->crop_width = width;
      copy->crop_height = height;
      break;
    case 1:
      copy->crop_x = page->crop_x + y;
      copy->crop_y = page->crop_y + ch - x - width;
      copy->crop_width = height;
      copy->crop_height = width;
      break;
    case 2:
      copy->crop_x = page->crop_x + cw - x - width;
      copy->crop_y = page->crop_y + ch - y - height;
      copy->crop_width = width;
      copy->crop_height = height;
      break;
    default:
      copy->crop_x = page->crop_x + cw - y - height;
      copy->crop_y = page->crop_y + x;
      copy->crop_width = height;
      copy->crop_height = width;
      break;
    }
  return copy;
}

/**
 * yc_scan_page_crop_margins:
 * @top_mm: what to cut off the top edge of the page as shown, in millimetres (≥ 0)
 *
 * The exact crop of the clerk who knows the margins (a scan of an ID card on an A4
 * flatbed): each edge of the page as shown (rotated, cropped) moved in by so many
 * millimetres, at the page's resolution, rounded to whole pixels.
 *
 * Returns: (transfer full) (nullable): a new page, or %NULL with YC_SCAN_ERROR_UNSUPPORTED
 *   when a margin is negative or the margins leave nothing of the page
 */
YcScanPage *
yc_scan_page_crop_margins (YcScanPage  *page,
                           double       top_mm,
                           double       right_mm,
                           double       bottom_mm,
                           double       left_mm,
                           GError     **error)
{
  double dpi;
  guint width, height, top, right, bottom, left;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  width = yc_scan_page_get_width (page);
  height = yc_scan_page_get_height (page);
  dpi = MAX (page->image->dpi, 1);
  if (!(top_mm >= 0 && right_mm >= 0 && bottom_mm >= 0 && left_mm >= 0))
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("A margin to cut cannot be less than 0 mm."));
      return NULL;
    }
  top = (guint) MIN (round (top_mm * dpi / MM_PER_INCH), G_MAXUINT / 4);
  right = (guint) MIN (round (right_mm * dpi / MM_PER_INCH), G_MAXUINT / 4);
  bottom = (guint) MIN (round (bottom_mm * dpi / MM_PER_INCH), G_MAXUINT / 4);
  left = (guint) MIN (round (left_mm * dpi / MM_PER_INCH), G_MAXUINT / 4);
  if (left + right >= width || top + bottom >= height)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("These margins leave nothing of the page (%.0f × %.0f mm)."),
                   width * MM_PER_INCH / dpi, height * MM_PER_INCH / dpi);
      return NULL;
    }
  return yc_scan_page_crop (page, left, top, width - left - right, height - top - bottom, error);
}

void
yc_scan_page_apply_transform (YcScanPage *page,
                              cairo_t    *cr)
{
  double cw, ch;

  g_return_if_fail (page != NULL);
  g_return_if_fail (cr != NULL);

  cw = page->crop_width;
  ch = page->crop_height;
  switch (page->rotation)
    {
    case 1:
      cairo_translate (cr, ch, 0);
      cairo_rotate (cr, G_PI / 2);
      break;
    case 2:
      cairo_translate (cr, cw, ch);
      cairo_rotate (cr, G_PI);
      break;
    case 3:
      cairo_translate (cr, 0, cw);
      cairo_rotate (cr, 3 * G_PI / 2);
      break;
    default:
      break;
    }
  cairo_translate (cr, -(double) page->crop_x, -(double) page->crop_y);
  cairo_rectangle (cr, page->crop_x, page->crop_y, cw, ch);
  cairo_clip (cr);
}

static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *in = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  guint8 *out = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      const guint8 *p = in + (gsize) y * in_stride;
      guint32 *q = (guint32 *) (out + (gsize) y * out_stride);

      for (int x = 0; x < width; x++, p += channels)
        q[x] = ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
surface_from_bits (YcScanImage *image)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) image->width,
                                                         (int) image->height);
  guint8 *out = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);
  const guint8 *bits = g_bytes_get_data (image->data, NULL);
  gsize in_stride = (image->width + 7) / 8;

  cairo_surface_flush (surface);
  for (guint y = 0; y < image->height; y++)
    {
      const guint8 *p = bits + (gsize) y * in_stride;
      guint32 *q = (guint32 *) (out + (gsize) y * out_stride);

      for (guint x = 0; x < image->width; x++)
        q[x] = (p[x / 8] & (0x80 >> (x % 8))) ? 0x000000 : 0xffffff;
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* Decodes the JPEG no smaller than @min_width × @min_height (0: full size); libjpeg scales
 * down while decoding, which is what makes thumbnails of 300 dpi pages cheap. */
static GdkPixbuf *
decode_jpeg (YcScanImage  *image,
             guint         min_width,
             guint         min_height,
             GError      **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (image->data);
  GdkPixbuf *pixbuf;

  if (min_width == 0 || min_width >= image->width || min_height >= image->height)
    pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, error);
  else
    pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, (int) min_width, (int) min_height,
                                                  TRUE, NULL, error);
  if (pixbuf == NULL)
    g_prefix_error (error, _("A stored page could not be read back: "));
  return pixbuf;
}

cairo_surface_t *
yc_scan_page_create_surface (YcScanPage  *page,
                             GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (page->image->color == YC_SCAN_COLOR_LINEART)
    return surface_from_bits (page->image);
  pixbuf = decode_jpeg (page->image, 0, 0, error);
  return pixbuf != NULL ? surface_from_pixbuf (pixbuf) : NULL;
}

cairo_surface_t *
yc_scan_page_create_thumbnail (YcScanPage  *page,
                               guint        max_size,
                               GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *source;
  cairo_surface_t *thumbnail;
  cairo_t *cr;
  double scale, source_scale;
  guint width, height;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (max_size > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  width = yc_scan_page_get_width (page);
  height = yc_scan_page_get_height (page);
  scale = MIN (1.0, (double) max_size / MAX (width, height));

  if (page->image->color == YC_SCAN_COLOR_LINEART)
    source = surface_from_bits (page->image);
  else
    {
      /* Decode at twice the thumbnail's scale at least: enough for a sharp result. */
      guint min_width = (guint) ceil (page->image->width * MIN (1.0, 2 * scale));
      guint min_height = (guint) ceil (page->image->height * MIN (1.0, 2 * scale));

      pixbuf = decode_jpeg (page->image, min_width, min_height, error);
      if (pixbuf == NULL)
        return NULL;
      source = surface_from_pixbuf (pixbuf);
    }
  source_scale = (double) cairo_image_surface_get_width (source) / page->image->width;

  thumbnail = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                          MAX (1, (int) ceil (width * scale)),
                                          MAX (1, (int) ceil (height * scale)));
  cr = cairo_create (thumbnail);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  yc_scan_page_apply_transform (page, cr);
  cairo_scale (cr, 1 / source_scale, 1 / source_scale);
  cairo_set_source_surface (cr, source, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (source);
  return thumbnail;
}
