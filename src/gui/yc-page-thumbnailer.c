/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-thumbnailer"

#include "config.h"

#include "yc-page-thumbnailer.h"

typedef struct {
  YcScanPage *page;
  guint       max_size;
  guint64     serial;  /* order of the request: the newest is decoded first */
} Job;

typedef struct {
  GBytes *pixels;  /* B8G8R8A8 premultiplied on little-endian machines, as cairo's ARGB32 */
  int     width;
  int     height;
  int     stride;
} Pixels;

static void
job_free (Job *job)
{
  yc_scan_page_unref (job->page);
  g_free (job);
}

static void
pixels_free (Pixels *pixels)
{
  g_bytes_unref (pixels->pixels);
  g_free (pixels);
}

/* The texture is made on the main context, from the pixels the worker drew. */
static Pixels *
draw_thumbnail (YcScanPage  *page,
                guint        max_size,
                GError     **error)
{
  cairo_surface_t *surface = yc_scan_page_create_thumbnail (page, max_size, error);
  cairo_surface_t *opaque;
  cairo_t *cr;
  Pixels *pixels;

  if (surface == NULL)
    return NULL;
  /* RGB24 leaves the fourth byte undefined; painted onto ARGB32 it becomes opaque. */
  opaque = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width (surface),
                                       cairo_image_surface_get_height (surface));
  cr = cairo_create (opaque);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  cairo_surface_flush (opaque);

  pixels = g_new0 (Pixels, 1);
  pixels->width = cairo_image_surface_get_width (opaque);
  pixels->height = cairo_image_surface_get_height (opaque);
  pixels->stride = cairo_image_surface_get_stride (opaque);
  pixels->pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (opaque),
                                               (gsize) pixels->stride * pixels->height,
                                               (GDestroyNotify) cairo_surface_destroy, opaque);
  return pixels;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  Pixels *pixels;

  /* Scrolled away or edited while it waited: not worth decoding any more. */
  if (g_task_return_error_if_cancelled (task))
    return;
  pixels = draw_thumbnail (job->page, job->max_size, &error);
  if (pixels == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixels, (GDestroyNotify) pixels_free);
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  Job *job_a = g_task_get_task_data ((GTask *) a);
  Job *job_b = g_task_get_task_data ((GTask *) b);

  return job_a->serial < job_b->serial ? 1 : job_a->serial > job_b->serial ? -1 : 0;
}

static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *created = g_thread_pool_new (worker, NULL, YC_PAGE_THUMBNAILER_THREADS,
                                                FALSE, NULL);

      g_thread_pool_set_sort_function (created, newest_first, NULL);
      g_once_init_leave (&pool, created);
    }
  return pool;
}

/**
 * yc_page_thumbnail_async:
 * @page: the page, as edited (rotation and crop applied)
 * @max_size: the thumbnail's longer side at most, in pixels
 *
 * Decodes the page's thumbnail on a worker thread.
 */
void
yc_page_thumbnail_async (YcScanPage          *page,
                         guint                max_size,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  static guint64 serial;
  GTask *task;
  Job *job;

  g_return_if_fail (page != NULL);
  g_return_if_fail (max_size > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_page_thumbnail_async);
  job = g_new0 (Job, 1);
  job->page = yc_scan_page_ref (page);
  job->max_size = max_size;
  job->serial = ++serial;  /* the main context's: requests come from there */
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_thread_pool_push (get_pool (), task, NULL);
}

/**
 * yc_page_thumbnail_finish:
 *
 * Returns: (transfer full): the thumbnail, or %NULL with G_IO_ERROR_CANCELLED or the reason
 *   the page could not be decoded
 */
GdkTexture *
yc_page_thumbnail_finish (GAsyncResult  *result,
                          GError       **error)
{
  Pixels *pixels;
  GdkTexture *texture;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  pixels = g_task_propagate_pointer (G_TASK (result), error);
  if (pixels == NULL)
    return NULL;
  /* cairo's ARGB32 is B8G8R8A8 in memory on little-endian machines */
  texture = gdk_memory_texture_new (pixels->width, pixels->height,
                                    G_BYTE_ORDER == G_LITTLE_ENDIAN
                                    ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                    : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                    pixels->pixels, (gsize) pixels->stride);
  pixels_free (pixels);
  return texture;
}

guint
yc_page_thumbnail_get_n_queued (void)
{
  return g_thread_pool_unprocessed (get_pool ());
}
