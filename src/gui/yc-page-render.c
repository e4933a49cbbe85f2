/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-render"

#include "config.h"

#include <math.h>

#include "yc-page-render.h"
#include "yc-page-thumbnailer.h"

/* Every use of a PopplerDocument handed to this unit (see the header) */
static GMutex poppler_lock;

typedef struct {
  PopplerDocument *document;
  guint            index;
  guint            max_size;
} PdfJob;

static void
pdf_job_free (PdfJob *job)
{
  g_object_unref (job->document);
  g_free (job);
}

/* A texture's pixels as a cairo image, which the viewer's drawing area paints */
static cairo_surface_t *
surface_from_texture (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = yc_page_thumbnail_finish (result, &error);

  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, surface_from_texture (texture), (GDestroyNotify) cairo_surface_destroy);
}

/**
 * yc_page_render_scan_async:
 * @page: the page, as edited (rotation and crop applied)
 * @max_size: the image's longer side at most, in pixels
 *
 * Decodes @page on the thumbnailer's workers (yc-page-thumbnailer.h).
 */
void
yc_page_render_scan_async (YcScanPage          *page,
                           guint                max_size,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (page != NULL);
  g_return_if_fail (max_size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_page_render_scan_async);
  yc_page_thumbnail_async (page, max_size, cancellable, thumbnail_cb, task);
}

/**
 * yc_page_render_pdf_open:
 * @out_sizes: (out): each page's width and height in points, two doubles a page
 *
 * Opens a PDF for yc_page_render_pdf_async().
 *
 * Returns: (transfer full): the document, or %NULL when @pdf is not a PDF poppler reads
 */
PopplerDocument *
yc_page_render_pdf_open (GBytes  *pdf,
                         GArray **out_sizes,
                         GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&poppler_lock);
  PopplerDocument *document;
  GArray *sizes;
  int n;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (out_sizes != NULL, NULL);

  document = poppler_document_new_from_bytes (pdf, NULL, error);
  if (document == NULL)
    return NULL;
  n = poppler_document_get_n_pages (document);
  sizes = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (guint) MAX (n, 0));
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      double size[2] = { 0, 0 };

      poppler_page_get_size (page, &size[0], &size[1]);
      g_array_append_vals (sizes, size, 2);
      g_object_unref (page);
    }
  *out_sizes = sizes;
  return document;
}

static void
render_pdf_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PdfJob *job = task_data;
  g_autoptr(GMutexLocker) locker = NULL;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 0, height = 0, scale;

  /* Turned past while it waited: not worth rendering any more. */
  if (g_task_return_error_if_cancelled (task))
    return;
  locker = g_mutex_locker_new (&poppler_lock);
  page = poppler_document_get_page (job->document, (int) job->index);
  if (page == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "The PDF has no page %u", job->index + 1);
      return;
    }
  poppler_page_get_size (page, &width, &height);
  scale = job->max_size / MAX (MAX (width, height), 1.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (1, (int) ceil (width * scale)),
                                        MAX (1, (int) ceil (height * scale)));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

/**
 * yc_page_render_pdf_async:
 * @document: opened with yc_page_render_pdf_open()
 * @index: the page, from 0
 * @max_size: the image's longer side, in pixels
 *
 * Renders one page of @document on a worker thread.
 */
void
yc_page_render_pdf_async (PopplerDocument     *document,
                          guint                index,
                          guint                max_size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PdfJob *job;

  g_return_if_fail (POPPLER_IS_DOCUMENT (document));
  g_return_if_fail (max_size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_page_render_pdf_async);
  job = g_new0 (PdfJob, 1);
  job->document = g_object_ref (document);
  job->index = index;
  job->max_size = max_size;
  g_task_set_task_data (task, job, (GDestroyNotify) pdf_job_free);
  g_task_run_in_thread (task, render_pdf_thread);
}

/**
 * yc_page_render_finish:
 *
 * Returns: (transfer full): the page's image, or %NULL with G_IO_ERROR_CANCELLED or why the
 *   page could not be made
 */
cairo_surface_t *
yc_page_render_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
