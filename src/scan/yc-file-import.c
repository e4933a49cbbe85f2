/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "yc-file-import.h"
#include "yc-page-pdf.h"
#include "yc-scan-error.h"

/* A3's long side, in inches: an image claiming a larger page has a resolution that was
 * never meant for paper (a phone photo at "72 dpi"). */
#define MAX_PAGE_INCHES 16.6
#define A4_LONG_INCHES  11.69

YcFileKind
yc_file_sniff (const guint8 *data,
               gsize         length)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (data == NULL)
    return YC_FILE_KIND_UNKNOWN;
  /* A PDF header may follow some junk; readers accept it within the first 1 KiB. */
  for (gsize i = 0; i + 5 <= MIN (length, 1024); i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return YC_FILE_KIND_PDF;
  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return YC_FILE_KIND_JPEG;
  if (length >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return YC_FILE_KIND_PNG;
  if (length >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return YC_FILE_KIND_TIFF;
  return YC_FILE_KIND_UNKNOWN;
}

/* Whether every pixel of the xRGB rows is grey: such a page is kept as grey. */
static gboolean
rows_are_grey (const guint8 *rows,
               guint         width,
               guint         height,
               gsize         stride,
               guint         channels)
{
  for (guint y = 0; y < height; y++)
    {
      const guint8 *p = rows + (gsize) y * stride;

      for (guint x = 0; x < width; x++, p += channels)
        if (p[0] != p[1] || p[1] != p[2])
          return FALSE;
    }
  return TRUE;
}

static YcScanPage *
page_from_rgb (const guint8  *rgb,
               guint          width,
               guint          height,
               gsize          stride,
               guint          dpi,
               guint          jpeg_quality,
               GError       **error)
{
  if (rows_are_grey (rgb, width, height, stride, 3))
    {
      g_autofree guint8 *grey = g_malloc ((gsize) width * height);

      for (guint y = 0; y < height; y++)
        for (guint x = 0; x < width; x++)
          grey[(gsize) y * width + x] = rgb[(gsize) y * stride + 3 * x];
      return yc_scan_page_new_from_rows (YC_SCAN_COLOR_GRAY, width, height, width, grey, dpi,
                                         jpeg_quality, error);
    }
  return yc_scan_page_new_from_rows (YC_SCAN_COLOR_RGB, width, height, stride, rgb, dpi,
                                     jpeg_quality, error);
}

static GPtrArray *
import_pdf (GBytes        *bytes,
            const char    *name,
            guint          jpeg_quality,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GObject) document_object = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  g_autoptr(GPtrArray) pages = NULL;
  int n_pages;

  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_ENCRYPTED_FILE,
                     _("“%s” is protected by a password. Ask the applicant for a copy without "
                       "a password, or scan the printed pages."), name);
      else
        g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE,
                     _("“%s” is a damaged PDF file (%s). Ask the applicant for the file "
                       "again, or scan the printed pages."), name, local_error->message);
      return NULL;
    }

  document_object = G_OBJECT (document);
  n_pages = poppler_document_get_n_pages (document);
  if (n_pages <= 0 || n_pages > YC_PAGE_PDF_MAX_PAGES)
    {
      g_set_error (error, YC_SCAN_ERROR,
                   n_pages <= 0 ? YC_SCAN_ERROR_CORRUPT_FILE : YC_SCAN_ERROR_TOO_LARGE,
                   _("“%s” has %d pages; a material can have 1 to %d."), name, n_pages,
                   YC_PAGE_PDF_MAX_PAGES);
      return NULL;
    }

  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_page_unref);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page_object = NULL;
      PopplerPage *pdf_page = poppler_document_get_page (document, i);
      double width_pt = 0, height_pt = 0;
      guint width, height;
      cairo_surface_t *surface;
      g_autofree guint8 *rgb = NULL;
      YcScanPage *page;
      cairo_t *cr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (pdf_page == NULL)
        {
          g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE,
                       _("Page %d of “%s” cannot be read. Ask the applicant for the file again, "
                         "or scan the printed pages."), i + 1, name);
          return NULL;
        }
      page_object = G_OBJECT (pdf_page);
      poppler_page_get_size (pdf_page, &width_pt, &height_pt);
      width = (guint) ceil (width_pt / 72.0 * YC_FILE_IMPORT_PDF_DPI);
      height = (guint) ceil (height_pt / 72.0 * YC_FILE_IMPORT_PDF_DPI);
      if (width == 0 || height == 0 || (guint64) width * height > YC_FILE_IMPORT_MAX_PIXELS)
        {
          g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE,
                       _("Page %d of “%s” is %.0f × %.0f mm, too large for a material. Print "
                         "it on paper of a usual size and scan it."), i + 1, name,
                       width_pt / 72 * 25.4, height_pt / 72 * 25.4);
          return NULL;
        }

      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, YC_FILE_IMPORT_PDF_DPI / 72.0, YC_FILE_IMPORT_PDF_DPI / 72.0);
      poppler_page_render_for_printing (pdf_page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      /* xRGB words to RGB bytes */
      rgb = g_malloc ((gsize) width * 3 * height);
      for (guint y = 0; y < height; y++)
        {
          const guint32 *in = (const guint32 *) (cairo_image_surface_get_data (surface)
                                                 + (gsize) y * cairo_image_surface_get_stride (surface));
          guint8 *out = rgb + (gsize) y * width * 3;

          for (guint x = 0; x < width; x++)
            {
              out[3 * x] = (in[x] >> 16) & 0xff;
              out[3 * x + 1] = (in[x] >> 8) & 0xff;
              out[3 * x + 2] = in[x] & 0xff;
            }
        }
      cairo_surface_destroy (surface);

      page = page_from_rgb (rgb, width, height, (gsize) width * 3, YC_FILE_IMPORT_PDF_DPI,
                            jpeg_quality, error);
      if (page == NULL)
        return NULL;
      g_ptr_array_add (pages, page);
    }
  return g_steal_pointer (&pages);
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  gboolean *too_large = user_data;

  /* Refuse a decompression bomb before its pixels are allocated. */
  if (width <= 0 || height <= 0 || (guint64) width * height > YC_FILE_IMPORT_MAX_PIXELS)
    {
      *too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
    }
}

static guint
image_dpi (GdkPixbuf *pixbuf)
{
  const char *option = gdk_pixbuf_get_option (pixbuf, "x-dpi");
  guint longer = (guint) MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
  guint64 dpi = option != NULL ? g_ascii_strtoull (option, NULL, 10) : 0;

  if (dpi >= 50 && dpi <= 2400 && longer / (double) dpi <= MAX_PAGE_INCHES)
    return (guint) dpi;
  /* Unknown or implausible: the image fills an A4 page. */
  return MAX (1, (guint) ceil (longer / A4_LONG_INCHES));
}

/* Whether a PNG has its end chunk, a JPEG its end-of-image marker (cameras may append
 * data after it, hence the search over the file's tail). */
static gboolean
image_is_complete (GBytes     *bytes,
                   YcFileKind  kind)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  gsize tail = MIN (length, 64 * 1024);

  if (kind == YC_FILE_KIND_PNG)
    return length >= 12 && memcmp (data + length - 8, "IEND", 4) == 0;
  if (kind == YC_FILE_KIND_JPEG)
    {
      for (gsize i = length - tail; i + 1 < length; i++)
        if (data[i] == 0xff && data[i + 1] == 0xd9)
          return TRUE;
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
import_image (GBytes        *bytes,
              YcFileKind     kind,
              const char    *name,
              guint          jpeg_quality,
              GError       **error)
{
  static const char * const loader_types[] = {
    [YC_FILE_KIND_JPEG] = "jpeg", [YC_FILE_KIND_PNG] = "png", [YC_FILE_KIND_TIFF] = "tiff",
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) flat = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  gboolean too_large = FALSE;
  GdkPixbuf *pixbuf;
  YcScanPage *page;

  /* The image loaders forgive a file cut short and fill the rest with grey; a clerk must
   * hear that the file is incomplete instead. */
  if (!image_is_complete (bytes, kind))
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE,
                   _("“%s” is incomplete: the file was cut short. Ask the applicant for the "
                     "file again, or scan the printed pages."), name);
      return NULL;
    }
  loader = gdk_pixbuf_loader_new_with_type (loader_types[kind], &local_error);
  if (loader == NULL)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED_FILE,
                   _("This computer cannot read “%s” (%s). Scan the printed pages instead."),
                   name, local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &too_large);
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error))
    /* The stream must be ended even so; what it says adds nothing to the first error. */
    gdk_pixbuf_loader_close (loader, NULL);
  else
    gdk_pixbuf_loader_close (loader, &local_error);
  if (local_error != NULL || too_large)
    {
      if (too_large)
        g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE,
                     _("The image “%s” has more than %d million pixels. Ask for a smaller "
                       "copy, or print and scan it."), name, YC_FILE_IMPORT_MAX_PIXELS / 1000000);
      else
        g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE,
                     _("“%s” is a damaged image (%s). Ask the applicant for the file again, "
                       "or scan the printed pages."), name,
                     local_error != NULL ? local_error->message : _("no image in it"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_CORRUPT_FILE,
                   _("“%s” holds no image. Ask the applicant for the file again, or scan the "
                     "printed pages."), name);
      return NULL;
    }

  /* A photo taken sideways says so in its EXIF data. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (gdk_pixbuf_get_has_alpha (oriented))
    {
      /* Transparent areas are paper: white. */
      flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, gdk_pixbuf_get_width (oriented),
                             gdk_pixbuf_get_height (oriented));
      gdk_pixbuf_fill (flat, 0xffffffff);
      gdk_pixbuf_composite (oriented, flat, 0, 0, gdk_pixbuf_get_width (oriented),
                            gdk_pixbuf_get_height (oriented), 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);
    }
  else
    flat = g_object_ref (oriented);

  page = page_from_rgb (gdk_pixbuf_read_pixels (flat), (guint) gdk_pixbuf_get_width (flat),
                        (guint) gdk_pixbuf_get_height (flat), (gsize) gdk_pixbuf_get_rowstride (flat),
                        image_dpi (pixbuf), jpeg_quality, error);
  if (page == NULL)
    return NULL;
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_page_unref);
  g_ptr_array_add (pages, page);
  return g_steal_pointer (&pages);
}

GPtrArray *
yc_file_import_bytes (GBytes        *bytes,
                      const char    *name,
                      guint          jpeg_quality,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gsize length = 0;
  const guint8 *data;
  YcFileKind kind;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  if (length > YC_FILE_IMPORT_MAX_BYTES)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB. Ask for a smaller copy, or print and scan it."),
                   name, YC_FILE_IMPORT_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  kind = yc_file_sniff (data, length);
  switch (kind)
    {
    case YC_FILE_KIND_PDF:
      return import_pdf (bytes, name, jpeg_quality, cancellable, error);
    case YC_FILE_KIND_JPEG:
    case YC_FILE_KIND_PNG:
    case YC_FILE_KIND_TIFF:
      return import_image (bytes, kind, name, jpeg_quality, error);
    case YC_FILE_KIND_UNKNOWN:
    default:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED_FILE,
                   _("“%s” is not a PDF, JPEG, PNG or TIFF file. Save it in one of those "
                     "formats, or print and scan it."), name);
      return NULL;
    }
}

typedef struct {
  GFile *file;
  guint  jpeg_quality;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_object_unref (data->file);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GFile *file = data->file;
  guint jpeg_quality = data->jpeg_quality;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  GPtrArray *pages;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_size (info) > YC_FILE_IMPORT_MAX_BYTES)
    {
      g_task_return_new_error (task, YC_SCAN_ERROR, YC_SCAN_ERROR_TOO_LARGE,
                               _("“%s” is larger than %d MB. Ask for a smaller copy, or print "
                                 "and scan it."), name, YC_FILE_IMPORT_MAX_BYTES / (1024 * 1024));
      return;
    }
  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_prefix_error (&error, _("“%s” could not be read: "), name);
      g_task_return_error (task, error);
      return;
    }
  pages = yc_file_import_bytes (bytes, name, jpeg_quality, cancellable, &error);
  if (pages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
}

void
yc_file_import_async (GFile               *file,
                      guint                jpeg_quality,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->jpeg_quality = jpeg_quality;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_file_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
yc_file_import_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
