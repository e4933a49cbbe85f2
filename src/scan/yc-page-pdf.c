/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "yc-page-pdf.h"
#include "yc-scan-error.h"

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint8
reverse_bits (guint8 b)
{
  b = (guint8) ((b & 0xf0) >> 4 | (b & 0x0f) << 4);
  b = (guint8) ((b & 0xcc) >> 2 | (b & 0x33) << 2);
  return (guint8) ((b & 0xaa) >> 1 | (b & 0x55) << 1);
}

/* Packed rows (1 = black, most significant bit first) as a cairo A1 surface, whose pixel
 * order within a byte follows the machine's endianness. */
static cairo_surface_t *
a1_surface_from_bits (GBytes *data,
                      guint   width,
                      guint   height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A1, (int) width, (int) height);
  guint8 *out = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);
  const guint8 *in = g_bytes_get_data (data, NULL);
  gsize in_stride = (width + 7) / 8;

  cairo_surface_flush (surface);
  for (guint y = 0; y < height; y++)
    for (gsize i = 0; i < in_stride; i++)
      {
        guint8 b = in[y * in_stride + i];

        out[(gsize) y * out_stride + i] = G_BYTE_ORDER == G_LITTLE_ENDIAN ? reverse_bits (b) : b;
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* A surface of the page's source size carrying the JPEG as its MIME data: cairo's PDF
 * backend embeds those bytes as they are.  The pixels are never touched, so the kernel
 * never has to back them with memory. */
static cairo_surface_t *
jpeg_surface (YcScanPage  *page,
              GError     **error)
{
  GBytes *jpeg = yc_scan_page_get_data (page);
  cairo_surface_t *surface;
  cairo_status_t status;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) yc_scan_page_get_source_width (page),
                                        (int) yc_scan_page_get_source_height (page));
  status = cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG,
                                        g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                        (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (jpeg));
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                   _("The material's PDF could not be written: %s"), cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static gboolean
draw_page (cairo_t     *cr,
           YcScanPage  *page,
           GError     **error)
{
  double points_per_pixel = 72.0 / yc_scan_page_get_dpi (page);
  cairo_surface_t *source;

  if (yc_scan_page_get_color (page) == YC_SCAN_COLOR_LINEART)
    source = a1_surface_from_bits (yc_scan_page_get_data (page),
                                   yc_scan_page_get_source_width (page),
                                   yc_scan_page_get_source_height (page));
  else
    source = jpeg_surface (page, error);
  if (source == NULL)
    return FALSE;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, points_per_pixel, points_per_pixel);
  yc_scan_page_apply_transform (page, cr);
  if (yc_scan_page_get_color (page) == YC_SCAN_COLOR_LINEART)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_mask_surface (cr, source, 0, 0);
    }
  else
    {
      cairo_set_source_surface (cr, source, 0, 0);
      cairo_paint (cr);
    }
  cairo_restore (cr);
  cairo_surface_destroy (source);
  return TRUE;
}

GBytes *
yc_page_pdf_write (GPtrArray  *pages,
                   GError    **error)
{
  g_autoptr(GByteArray) output = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (pages != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pages->len == 0 || pages->len > YC_PAGE_PDF_MAX_PAGES)
    {
      g_set_error (error, YC_SCAN_ERROR, pages->len == 0 ? YC_SCAN_ERROR_FAILED : YC_SCAN_ERROR_TOO_LARGE,
                   _("A material has between 1 and %d pages; this one has %u."),
                   YC_PAGE_PDF_MAX_PAGES, pages->len);
      return NULL;
    }

  output = g_byte_array_new ();
  /* The first page's size is set again below, like every page's. */
  surface = cairo_pdf_surface_create_for_stream (append_to_array, output, 595, 842);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yichuang");
  cr = cairo_create (surface);

  for (guint i = 0; i < pages->len; i++)
    {
      YcScanPage *page = g_ptr_array_index (pages, i);
      double points_per_pixel = 72.0 / yc_scan_page_get_dpi (page);

      cairo_pdf_surface_set_size (surface, yc_scan_page_get_width (page) * points_per_pixel,
                                  yc_scan_page_get_height (page) * points_per_pixel);
      if (!draw_page (cr, page, error))
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          return NULL;
        }
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                   _("The material's PDF could not be written: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&output));
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *bytes = yc_page_pdf_write (task_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
yc_page_pdf_write_async (GPtrArray           *pages,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy;

  g_return_if_fail (pages != NULL);

  /* The caller may go on editing its list: the thread writes a copy. */
  copy = g_ptr_array_new_full (pages->len, (GDestroyNotify) yc_scan_page_unref);
  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (copy, yc_scan_page_ref (g_ptr_array_index (pages, i)));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_page_pdf_write_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, write_thread);
}

GBytes *
yc_page_pdf_write_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
