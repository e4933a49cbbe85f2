/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Pages and files: rotation and crop applied losslessly in the material's PDF, thumbnails,
 * and the import of PDF, JPEG, PNG and TIFF files recognised by their content, with the
 * errors a clerk meets (a damaged, encrypted, oversized or foreign file). */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <poppler.h>
#include <string.h>

#include "yc-file-import.h"
#include "yc-page-pdf.h"
#include "yc-scan-error.h"
#include "yc-scan-page.h"

/* A colour page, left half red and right half blue, @width × @height at 100 dpi */
static YcScanPage *
two_colour_page (guint width,
                 guint height)
{
  g_autofree guint8 *rows = g_malloc ((gsize) width * 3 * height);
  g_autoptr(GError) error = NULL;
  YcScanPage *page;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = rows + ((gsize) y * width + x) * 3;

        p[0] = x < width / 2 ? 220 : 20;
        p[1] = 20;
        p[2] = x < width / 2 ? 20 : 220;
      }
  page = yc_scan_page_new_from_rows (YC_SCAN_COLOR_RGB, width, height, (gsize) width * 3, rows,
                                     100, 90, &error);
  g_assert_no_error (error);
  return page;
}

/* The colour at (@fx, @fy), fractions of the page, of page @index of @pdf rendered */
static char
colour_at (GBytes *pdf,
           int     index,
           double  fx,
           double  fy,
           double *out_width,
           double *out_height)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  guint32 pixel;
  guint r, b;

  g_assert_no_error (error);
  page = poppler_document_get_page (document, index);
  poppler_page_get_size (page, &w, &h);
  if (out_width != NULL)
    *out_width = w;
  if (out_height != NULL)
    *out_height = h;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixel = ((guint32 *) (cairo_image_surface_get_data (surface)
                        + (int) (fy * h) * cairo_image_surface_get_stride (surface)))[(int) (fx * w)];
  cairo_surface_destroy (surface);
  g_object_unref (page);
  g_object_unref (document);

  r = (pixel >> 16) & 0xff;
  b = pixel & 0xff;
  if (r > 150 && b < 80)
    return 'r';
  if (b > 150 && r < 80)
    return 'b';
  if (r > 200 && b > 200)
    return 'w';
  return '?';
}

static GBytes *
pdf_of (YcScanPage *page)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  g_ptr_array_add (pages, page);
  pdf = yc_page_pdf_write (pages, &error);
  g_assert_no_error (error);
  return pdf;
}

static void
test_rotate (void)
{
  g_autoptr(YcScanPage) page = two_colour_page (200, 100);
  g_autoptr(YcScanPage) right = yc_scan_page_rotate (page, 1);
  g_autoptr(YcScanPage) left = yc_scan_page_rotate (page, -1);
  g_autoptr(YcScanPage) back = yc_scan_page_rotate (right, 3);
  g_autoptr(GBytes) pdf = NULL;
  double w, h;

  g_assert_cmpuint (yc_scan_page_get_width (right), ==, 100);
  g_assert_cmpuint (yc_scan_page_get_height (right), ==, 200);
  g_assert_cmpuint (yc_scan_page_get_rotation (left), ==, 3);
  g_assert_cmpuint (yc_scan_page_get_rotation (back), ==, 0);
  /* The original is untouched, and shares its image */
  g_assert_cmpuint (yc_scan_page_get_rotation (page), ==, 0);
  g_assert_true (yc_scan_page_get_data (page) == yc_scan_page_get_data (right));

  /* Turned clockwise, the left (red) half is on top: 1 × 2 inches */
  pdf = pdf_of (right);
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.25, &w, &h), ==, 'r');
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.75, NULL, NULL), ==, 'b');
  g_assert_cmpfloat_with_epsilon (w, 72, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 144, 0.5);
  g_clear_pointer (&pdf, g_bytes_unref);

  /* Counter-clockwise, red at the bottom */
  pdf = pdf_of (left);
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.25, NULL, NULL), ==, 'b');
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.75, NULL, NULL), ==, 'r');
  g_clear_pointer (&pdf, g_bytes_unref);

  /* Upside down: blue on the left */
  {
    g_autoptr(YcScanPage) turned = yc_scan_page_rotate (page, 2);

    pdf = pdf_of (turned);
    g_assert_cmpint (colour_at (pdf, 0, 0.25, 0.5, NULL, NULL), ==, 'b');
    g_assert_cmpint (colour_at (pdf, 0, 0.75, 0.5, NULL, NULL), ==, 'r');
  }
}

static void
test_crop (void)
{
  g_autoptr(YcScanPage) page = two_colour_page (200, 100);
  g_autoptr(YcScanPage) right_half = NULL;
  g_autoptr(YcScanPage) rotated = yc_scan_page_rotate (page, 1);
  g_autoptr(YcScanPage) top_of_rotated = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  guint x, y, w, h;
  double pw, ph;

  right_half = yc_scan_page_crop (page, 100, 0, 100, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_scan_page_get_width (right_half), ==, 100);
  pdf = pdf_of (right_half);
  g_assert_cmpint (colour_at (pdf, 0, 0.1, 0.5, &pw, &ph), ==, 'b');
  g_assert_cmpint (colour_at (pdf, 0, 0.9, 0.5, NULL, NULL), ==, 'b');
  g_assert_cmpfloat_with_epsilon (pw, 72, 0.5);
  g_clear_pointer (&pdf, g_bytes_unref);

  /* A crop given on the turned page: its top half is the source's left half */
  top_of_rotated = yc_scan_page_crop (rotated, 0, 0, 100, 100, &error);
  g_assert_no_error (error);
  yc_scan_page_get_crop (top_of_rotated, &x, &y, &w, &h);
  g_assert_cmpuint (x, ==, 0);
  g_assert_cmpuint (y, ==, 0);
  g_assert_cmpuint (w, ==, 100);
  g_assert_cmpuint (h, ==, 100);
  pdf = pdf_of (top_of_rotated);
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.5, NULL, NULL), ==, 'r');

  /* Outside the page: refused, the page unchanged */
  g_assert_null (yc_scan_page_crop (page, 150, 0, 100, 10, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (yc_scan_page_crop (page, 0, 0, 0, 10, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED);
}

/* Margins in millimetres (the viewer's exact crop): 25.4 mm is 100 pixels at 100 dpi. */
static void
test_crop_margins (void)
{
  g_autoptr(YcScanPage) page = two_colour_page (200, 100);
  g_autoptr(YcScanPage) rotated = yc_scan_page_rotate (page, 1);
  g_autoptr(YcScanPage) cut = NULL;
  g_autoptr(YcScanPage) cut_rotated = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  guint x, y, w, h;

  /* The left half off: blue is left */
  cut = yc_scan_page_crop_margins (page, 0, 0, 0, 25.4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_scan_page_get_width (cut), ==, 100);
  g_assert_cmpuint (yc_scan_page_get_height (cut), ==, 100);
  pdf = pdf_of (cut);
  g_assert_cmpint (colour_at (pdf, 0, 0.1, 0.5, NULL, NULL), ==, 'b');
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_pointer (&cut, yc_scan_page_unref);

  /* Each edge its own: 2.54 mm = 10 px top, 5.08 mm = 20 px right, 7.62 mm = 30 px
   * bottom, 1.27 mm = 5 px left */
  cut = yc_scan_page_crop_margins (page, 2.54, 5.08, 7.62, 1.27, &error);
  g_assert_no_error (error);
  yc_scan_page_get_crop (cut, &x, &y, &w, &h);
  g_assert_cmpuint (x, ==, 5);
  g_assert_cmpuint (y, ==, 10);
  g_assert_cmpuint (w, ==, 200 - 5 - 20);
  g_assert_cmpuint (h, ==, 100 - 10 - 30);

  /* On the turned page the top is the source's left: cutting it leaves blue */
  cut_rotated = yc_scan_page_crop_margins (rotated, 25.4, 0, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_scan_page_get_height (cut_rotated), ==, 100);
  pdf = pdf_of (cut_rotated);
  g_assert_cmpint (colour_at (pdf, 0, 0.5, 0.5, NULL, NULL), ==, 'b');

  /* Nothing left, or a negative margin: refused */
  g_assert_null (yc_scan_page_crop_margins (page, 0, 25.4, 0, 25.4, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_null (yc_scan_page_crop_margins (page, -1, 0, 0, 0, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED);
}

static void
test_thumbnail (void)
{
  g_autoptr(YcScanPage) page = two_colour_page (400, 200);
  g_autoptr(YcScanPage) rotated = yc_scan_page_rotate (page, 1);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *thumbnail = yc_scan_page_create_thumbnail (rotated, 64, &error);
  guint32 top, bottom;

  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (thumbnail), ==, 32);
  g_assert_cmpint (cairo_image_surface_get_height (thumbnail), ==, 64);
  top = ((guint32 *) (cairo_image_surface_get_data (thumbnail)
                      + 10 * cairo_image_surface_get_stride (thumbnail)))[16];
  bottom = ((guint32 *) (cairo_image_surface_get_data (thumbnail)
                         + 54 * cairo_image_surface_get_stride (thumbnail)))[16];
  g_assert_cmpuint ((top >> 16) & 0xff, >, 150);    /* red on top */
  g_assert_cmpuint (bottom & 0xff, >, 150);         /* blue below */
  cairo_surface_destroy (thumbnail);
}

static void
test_sniff (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0 };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0 };

  g_assert_cmpint (yc_file_sniff ((const guint8 *) "%PDF-1.7\n", 9), ==, YC_FILE_KIND_PDF);
  g_assert_cmpint (yc_file_sniff ((const guint8 *) "\r\n%PDF-1.4", 10), ==, YC_FILE_KIND_PDF);
  g_assert_cmpint (yc_file_sniff (png, sizeof png), ==, YC_FILE_KIND_PNG);
  g_assert_cmpint (yc_file_sniff (jpeg, sizeof jpeg), ==, YC_FILE_KIND_JPEG);
  g_assert_cmpint (yc_file_sniff ((const guint8 *) "II*\0\x08", 5), ==, YC_FILE_KIND_TIFF);
  g_assert_cmpint (yc_file_sniff ((const guint8 *) "MM\0*\0", 5), ==, YC_FILE_KIND_TIFF);
  g_assert_cmpint (yc_file_sniff ((const guint8 *) "PK\3\4", 4), ==, YC_FILE_KIND_UNKNOWN);
  g_assert_cmpint (yc_file_sniff ((const guint8 *) "", 0), ==, YC_FILE_KIND_UNKNOWN);
}

/* An image in @format ("png", "jpeg", "tiff"), red on the left and blue on the right */
static GBytes *
image_bytes (const char *format,
             int         width,
             int         height,
             gboolean    grey,
             gboolean    alpha)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr(GError) error = NULL;
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gchar *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * gdk_pixbuf_get_rowstride (pixbuf) + x * channels;

        p[0] = grey ? 100 : (x < width / 2 ? 220 : 20);
        p[1] = grey ? 100 : 20;
        p[2] = grey ? 100 : (x < width / 2 ? 20 : 220);
        if (alpha)
          p[3] = x < 4 ? 0 : 255;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static void
test_import_images (void)
{
  static const char * const formats[] = { "png", "jpeg", "tiff" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = image_bytes (formats[i], 300, 400, FALSE, FALSE);
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;
      YcScanPage *page;

      g_test_message ("%s", formats[i]);
      /* Named wrongly on purpose: the content decides */
      pages = yc_file_import_bytes (bytes, "材料.pdf", 85, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pages->len, ==, 1);
      page = pages->pdata[0];
      g_assert_cmpuint (yc_scan_page_get_width (page), ==, 300);
      g_assert_cmpuint (yc_scan_page_get_height (page), ==, 400);
      g_assert_cmpint (yc_scan_page_get_color (page), ==, YC_SCAN_COLOR_RGB);
      /* No usable resolution in the file: the image fills an A4 page */
      g_assert_cmpuint (yc_scan_page_get_dpi (page), ==, 35);
      pdf = yc_page_pdf_write (pages, &error);
      g_assert_no_error (error);
      g_assert_cmpint (colour_at (pdf, 0, 0.2, 0.5, NULL, NULL), ==, 'r');
      g_assert_cmpint (colour_at (pdf, 0, 0.8, 0.5, NULL, NULL), ==, 'b');
    }
}

static void
test_import_grey_and_alpha (void)
{
  g_autoptr(GBytes) grey = image_bytes ("png", 50, 50, TRUE, FALSE);
  g_autoptr(GBytes) alpha = image_bytes ("png", 50, 50, FALSE, TRUE);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  pages = yc_file_import_bytes (grey, "grey.png", 85, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_scan_page_get_color (pages->pdata[0]), ==, YC_SCAN_COLOR_GRAY);
  g_clear_pointer (&pages, g_ptr_array_unref);

  /* Transparent is paper: white, not black */
  pages = yc_file_import_bytes (alpha, "alpha.png", 85, NULL, &error);
  g_assert_no_error (error);
  pdf = yc_page_pdf_write (pages, &error);
  g_assert_no_error (error);
  g_assert_cmpint (colour_at (pdf, 0, 0.02, 0.5, NULL, NULL), ==, 'w');
  g_assert_cmpint (colour_at (pdf, 0, 0.3, 0.5, NULL, NULL), ==, 'r');
}

static cairo_status_t
append (void                *closure,
        const unsigned char *data,
        unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A two-page PDF: an A4 page with a red square, a landscape A5 page with a blue one */
static GBytes *
two_page_pdf (void)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append, array, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.9, 0.1, 0.1);
  cairo_rectangle (cr, 100, 100, 300, 300);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_pdf_surface_set_size (surface, 595.28, 419.53);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.9);
  cairo_rectangle (cr, 100, 100, 200, 200);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

static void
test_import_pdf (void)
{
  g_autoptr(GBytes) source = two_page_pdf ();
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  double w, h;

  pages = yc_file_import_bytes (source, "营业执照.pdf", 85, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 2);
  g_assert_cmpuint (yc_scan_page_get_dpi (pages->pdata[0]), ==, YC_FILE_IMPORT_PDF_DPI);
  pdf = yc_page_pdf_write (pages, &error);
  g_assert_no_error (error);
  /* The pages keep their paper sizes and their content */
  g_assert_cmpint (colour_at (pdf, 0, 250 / 595.28, 250 / 841.89, &w, &h), ==, 'r');
  g_assert_cmpfloat_with_epsilon (w, 595.28, 1);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 1);
  g_assert_cmpint (colour_at (pdf, 0, 0.9, 0.9, NULL, NULL), ==, 'w');
  g_assert_cmpint (colour_at (pdf, 1, 200 / 595.28, 200 / 419.53, &w, &h), ==, 'b');
  g_assert_cmpfloat_with_epsilon (h, 419.53, 1);
}

static void
test_import_encrypted_pdf (void)
{
  g_autoptr(GBytes) source = two_page_pdf ();
  g_autofree char *directory = g_dir_make_tmp ("yc-test-import-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (directory, "plain.pdf", NULL);
  g_autofree char *locked = g_build_filename (directory, "locked.pdf", NULL);
  const char *argv[] = { "qpdf", "--encrypt", "secret", "owner", "256", "--", plain, locked, NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_true (g_file_set_contents (plain, g_bytes_get_data (source, NULL),
                                      (gssize) g_bytes_get_size (source), NULL));
  /* qpdf is installed by build-aux/install-deps.sh */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  bytes = g_file_load_bytes (g_file_new_for_path (locked), NULL, NULL, &error);
  g_assert_no_error (error);

  pages = yc_file_import_bytes (bytes, "locked.pdf", 85, NULL, &error);
  g_assert_null (pages);
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_ENCRYPTED_FILE);
  g_assert_nonnull (strstr (error->message, "locked.pdf"));

  g_unlink (plain);
  g_unlink (locked);
  g_rmdir (directory);
}

static guint32
crc32_of (const guint8 *data,
          gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

/* A PNG whose header claims @width × @height and ends at once: the pixels never come. */
static GBytes *
png_claiming (guint32 width,
              guint32 height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[17] = { 'I', 'H', 'D', 'R' };
  guint32 length = GUINT32_TO_BE (13), crc;

  ihdr[4] = width >> 24; ihdr[5] = width >> 16; ihdr[6] = width >> 8; ihdr[7] = width;
  ihdr[8] = height >> 24; ihdr[9] = height >> 16; ihdr[10] = height >> 8; ihdr[11] = height;
  ihdr[12] = 8;   /* bit depth */
  ihdr[13] = 2;   /* RGB */
  crc = GUINT32_TO_BE (crc32_of (ihdr, sizeof ihdr));
  g_byte_array_append (png, signature, sizeof signature);
  g_byte_array_append (png, (guint8 *) &length, 4);
  g_byte_array_append (png, ihdr, sizeof ihdr);
  g_byte_array_append (png, (guint8 *) &crc, 4);
  /* libpng reports the size when the image data starts: an empty data chunk */
  g_byte_array_append (png, (const guint8 *) "\0\0\0\0IDAT\x35\xaf\x06\x1e", 12);
  g_byte_array_append (png, (const guint8 *) "\0\0\0\0IEND\xae\x42\x60\x82", 12);
  return g_byte_array_free_to_bytes (png);
}

static void
test_import_bad_files (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("申请书\n", strlen ("申请书\n"));
  g_autoptr(GBytes) broken_pdf = g_bytes_new_static ("%PDF-1.4\n1 0 obj <<>>\ntrailer\n", 28);
  g_autoptr(GBytes) bomb = png_claiming (30000, 30000);
  g_autoptr(GBytes) good_png = image_bytes ("png", 64, 64, FALSE, FALSE);
  g_autoptr(GBytes) cut_png = g_bytes_new_from_bytes (good_png, 0, g_bytes_get_size (good_png) / 2);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *zeros = NULL;

  g_assert_null (yc_file_import_bytes (text, "申请书.jpg", 85, NULL, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED_FILE);
  g_assert_nonnull (strstr (error->message, "申请书.jpg"));
  g_clear_error (&error);

  g_assert_null (yc_file_import_bytes (broken_pdf, "broken.pdf", 85, NULL, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE);
  g_clear_error (&error);

  g_assert_null (yc_file_import_bytes (cut_png, "cut.png", 85, NULL, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE);
  g_clear_error (&error);

  g_assert_null (yc_file_import_bytes (bomb, "bomb.png", 85, NULL, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE);
  g_clear_error (&error);

  zeros = g_malloc0 (YC_FILE_IMPORT_MAX_BYTES + 1);
  memcpy (zeros, "%PDF-1.4", 8);
  huge = g_bytes_new_take (g_steal_pointer (&zeros), YC_FILE_IMPORT_MAX_BYTES + 1);
  g_assert_null (yc_file_import_bytes (huge, "huge.pdf", 85, NULL, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_import_file_async (void)
{
  g_autoptr(GBytes) bytes = image_bytes ("jpeg", 120, 80, FALSE, FALSE);
  g_autofree char *directory = g_dir_make_tmp ("yc-test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (directory, "scan", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/yc-test.png");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), NULL));
  yc_file_import_async (file, 85, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pages = yc_file_import_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_cmpuint (yc_scan_page_get_width (pages->pdata[0]), ==, 120);
  g_clear_object (&result);

  yc_file_import_async (missing, 85, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (yc_file_import_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (directory);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-pages/rotate", test_rotate);
  g_test_add_func ("/scan-pages/crop", test_crop);
  g_test_add_func ("/scan-pages/crop-margins", test_crop_margins);
  g_test_add_func ("/scan-pages/thumbnail", test_thumbnail);
  g_test_add_func ("/scan-pages/sniff", test_sniff);
  g_test_add_func ("/scan-pages/import-images", test_import_images);
  g_test_add_func ("/scan-pages/import-grey-and-alpha", test_import_grey_and_alpha);
  g_test_add_func ("/scan-pages/import-pdf", test_import_pdf);
  g_test_add_func ("/scan-pages/import-encrypted-pdf", test_import_encrypted_pdf);
  g_test_add_func ("/scan-pages/import-bad-files", test_import_bad_files);
  g_test_add_func ("/scan-pages/import-file-async", test_import_file_async);
  return g_test_run ();
}
