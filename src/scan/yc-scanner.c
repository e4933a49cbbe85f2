/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-page-pdf.h"
#include "yc-sane-private.h"
#include "yc-scan-error.h"
#include "yc-scanner.h"

typedef enum {
  REQUEST_LIST_DEVICES,
  REQUEST_GET_OPTIONS,
  REQUEST_SCAN,
  REQUEST_QUIT,
} RequestKind;

typedef struct {
  RequestKind             kind;
  gboolean                rescan;
  GTask                  *task;           /* NULL for REQUEST_QUIT */
  char                   *device;
  YcScanSettings          settings;
  GMainContext           *context;        /* where the callbacks run */
  YcScanProgressCallback  progress;
  YcScanPageCallback      page_callback;
  gpointer                callback_data;
  GDestroyNotify          callback_data_free;
} Request;

struct _YcScanner {
  GObject       parent_instance;

  GThread      *thread;
  GAsyncQueue  *requests;

  /* The worker's own: never touched from another thread */
  gboolean      sane_ready;
  SANE_Handle   handle;
  char         *open_device;
};

G_DEFINE_FINAL_TYPE (YcScanner, yc_scanner, G_TYPE_OBJECT)

/* The worker's thread name; the threads a backend starts from it inherit it. */
#define WORKER_NAME "yc-scanner"
/* A reader blocks on its full pipe within milliseconds; a device may take longer. */
#define READER_WAIT_MS 2000
/* A reader ends within a millisecond of writing a page's last bytes; one that stays (some
 * backends keep theirs until cancelled) is waited for as before sane_cancel(). */
#define READER_END_MS 500

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_free (request->device);
  if (request->context != NULL)
    g_main_context_unref (request->context);
  g_free (request);
}

/* A request is freed on the caller's context, after its result and the last page
 * callback queued before it; a scan's callback data with it. */
static gboolean
free_callback_data (gpointer user_data)
{
  Request *request = user_data;

  if (request->callback_data_free != NULL)
    request->callback_data_free (request->callback_data);
  request_free (request);
  return G_SOURCE_REMOVE;
}

/* Always queued on @context, never run at once: g_main_context_invoke() would run @func
 * on the worker thread whenever nobody iterates the caller's context at that moment. */
static void
post (GMainContext *context,
      GSourceFunc   func,
      gpointer      data)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[yc-scanner] delivery");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ---- worker thread ---- */

static gboolean
worker_init_sane (YcScanner  *self,
                  GError    **error)
{
  SANE_Int version = 0;
  SANE_Status status;

  if (self->sane_ready)
    return TRUE;
  status = sane_init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                   _("The scanner drivers (SANE) could not be started: %s. Reinstall the "
                     "package sane-utils."), sane_strstatus (status));
      return FALSE;
    }
  self->sane_ready = TRUE;
  return TRUE;
}

static void
worker_close_device (YcScanner *self)
{
  if (self->handle != NULL)
    {
      sane_close (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->open_device, g_free);
}

/* Opening is slow for network scanners: the handle is kept while the same device is used. */
static SANE_Handle
worker_open_device (YcScanner   *self,
                    const char  *device,
                    GError     **error)
{
  SANE_Handle handle = NULL;
  SANE_Status status;

  if (!worker_init_sane (self, error))
    return NULL;
  if (self->handle != NULL && g_strcmp0 (self->open_device, device) == 0)
    return self->handle;

  worker_close_device (self);
  status = sane_open (device, &handle);
  if (status == SANE_STATUS_INVAL)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_NO_DEVICE,
                   _("The scanner %s is not connected. Check its cable and power, then "
                     "choose it again from the list."), device);
      return NULL;
    }
  if (status != SANE_STATUS_GOOD)
    {
      yc_sane_set_error (error, status, device);
      return NULL;
    }
  self->handle = handle;
  self->open_device = g_strdup (device);
  return handle;
}

static void
worker_list_devices (YcScanner *self,
                     Request   *request)
{
  const SANE_Device **list = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  GError *error = NULL;
  SANE_Status status;

  if (request->rescan && self->sane_ready)
    {
      worker_close_device (self);
      sane_exit ();
      self->sane_ready = FALSE;
    }
  if (!worker_init_sane (self, &error))
    {
      g_task_return_error (request->task, error);
      return;
    }
  /* sane_get_devices invalidates handles' device lists only, not open handles. */
  status = sane_get_devices (&list, SANE_FALSE);
  if (status != SANE_STATUS_GOOD)
    {
      yc_sane_set_error (&error, status, "");
      g_task_return_error (request->task, error);
      return;
    }

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_device_free);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      YcScanDevice *device = g_new0 (YcScanDevice, 1);

      device->name = g_strdup (list[i]->name);
      device->vendor = g_strdup (list[i]->vendor);
      device->model = g_strdup (list[i]->model);
      device->type = g_strdup (list[i]->type);
      g_ptr_array_add (devices, device);
    }
  g_task_return_pointer (request->task, g_steal_pointer (&devices), (GDestroyNotify) g_ptr_array_unref);
}

static void
worker_get_options (YcScanner *self,
                    Request   *request)
{
  GError *error = NULL;
  SANE_Handle handle = worker_open_device (self, request->device, &error);
  YcScanOptions *options;

  if (handle == NULL)
    {
      g_task_return_error (request->task, error);
      return;
    }
  options = g_new0 (YcScanOptions, 1);
  yc_sane_read_options (handle, options, NULL);
  g_task_return_pointer (request->task, options, (GDestroyNotify) yc_scan_options_free);
}

typedef struct {
  Request     *request;
  YcScanPage  *page;
  guint        index;
  double       fraction;
} Delivery;

static gboolean
deliver_page (gpointer user_data)
{
  Delivery *delivery = user_data;

  if (delivery->request->page_callback != NULL)
    delivery->request->page_callback (delivery->page, delivery->index,
                                      delivery->request->callback_data);
  yc_scan_page_unref (delivery->page);
  g_free (delivery);
  return G_SOURCE_REMOVE;
}

static gboolean
deliver_progress (gpointer user_data)
{
  Delivery *delivery = user_data;

  delivery->request->progress (delivery->index, delivery->fraction,
                               delivery->request->callback_data);
  g_free (delivery);
  return G_SOURCE_REMOVE;
}

static void
post_progress (Request *request,
               guint    index,
               double   fraction)
{
  Delivery *delivery;

  if (request->progress == NULL)
    return;
  delivery = g_new0 (Delivery, 1);
  delivery->request = request;
  delivery->index = index;
  delivery->fraction = fraction;
  post (request->context, deliver_progress, delivery);
}

/* The rows of one frame in the form yc_scan_page_new_from_rows() takes. */
static YcScanPage *
page_from_frame (const SANE_Parameters  *parameters,
                 const guint8           *data,
                 gsize                   length,
                 guint                   dpi,
                 guint                   jpeg_quality,
                 GError                **error)
{
  guint width = (guint) parameters->pixels_per_line;
  gsize in_stride = (gsize) parameters->bytes_per_line;
  guint height = (guint) (length / in_stride);
  gboolean rgb = parameters->format == SANE_FRAME_RGB;
  guint channels = rgb ? 3 : 1;
  g_autofree guint8 *rows = NULL;
  YcScanColor color;

  if (height == 0 || width == 0)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                   _("The scanner sent an empty page. Scan it again."));
      return NULL;
    }

  rows = g_malloc ((gsize) width * channels * height);
  if (parameters->depth == 1)
    {
      /* One bit a pixel, 1 = black (SANE's convention for line art) */
      color = YC_SCAN_COLOR_LINEART;
      for (guint y = 0; y < height; y++)
        for (guint x = 0; x < width; x++)
          rows[(gsize) y * width + x] = (data[y * in_stride + x / 8] & (0x80 >> (x % 8))) ? 0 : 255;
    }
  else
    {
      color = rgb ? YC_SCAN_COLOR_RGB : YC_SCAN_COLOR_GRAY;
      for (guint y = 0; y < height; y++)
        {
          const guint8 *in = data + y * in_stride;
          guint8 *out = rows + (gsize) y * width * channels;

          if (parameters->depth == 8)
            memcpy (out, in, (gsize) width * channels);
          else
            /* 16 bits in the machine's order: keep the high byte */
            for (guint i = 0; i < width * channels; i++)
              out[i] = (guint8) (((const guint16 *) in)[i] >> 8);
        }
    }
  return yc_scan_page_new_from_rows (color, width, height, (gsize) width * channels, rows, dpi,
                                     jpeg_quality, error);
}

static YcScanPage *read_frames (YcScanner *self, Request *request, guint index,
                                GCancellable *cancellable, GByteArray *frames[3],
                                SANE_Parameters *out_parameters, GError **error);

/* Reads one page (sane_start already succeeded).  Three-pass scanners send red, green
 * and blue as three frames; they are put together here. */
static YcScanPage *
worker_read_page (YcScanner     *self,
                  Request       *request,
                  guint          index,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GByteArray *frames[3] = { NULL, NULL, NULL };
  SANE_Parameters parameters = { 0 };
  YcScanPage *page;

  page = read_frames (self, request, index, cancellable, frames, &parameters, error);
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    if (frames[i] != NULL)
      g_byte_array_unref (frames[i]);
  return page;
}

static YcScanPage *
read_frames (YcScanner        *self,
             Request          *request,
             guint             index,
             GCancellable     *cancellable,
             GByteArray       *frames[3],
             SANE_Parameters  *out_parameters,
             GError          **error)
{
  SANE_Parameters parameters = { 0 };
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  gboolean first = TRUE;

  for (;;)
    {
      SANE_Status status;
      int frame_index;
      gsize expected;

      if (!first && (status = sane_start (self->handle)) != SANE_STATUS_GOOD)
        {
          yc_sane_set_error (error, status, request->device);
          return NULL;
        }
      first = FALSE;
      status = sane_get_parameters (self->handle, &parameters);
      if (status != SANE_STATUS_GOOD)
        {
          yc_sane_set_error (error, status, request->device);
          return NULL;
        }
      if (parameters.bytes_per_line <= 0 || parameters.pixels_per_line <= 0
          || (parameters.depth != 1 && parameters.depth != 8 && parameters.depth != 16)
          || (parameters.depth == 1 && parameters.format != SANE_FRAME_GRAY))
        {
          g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                       _("The scanner %s sends images in a form Yichuang cannot read (%d bits, "
                         "format %d). Choose another colour mode."), request->device,
                       parameters.depth, parameters.format);
          return NULL;
        }
      frame_index = parameters.format == SANE_FRAME_GREEN ? 1
                    : parameters.format == SANE_FRAME_BLUE ? 2 : 0;
      expected = parameters.lines > 0 ? (gsize) parameters.lines * parameters.bytes_per_line : 0;
      if (frames[frame_index] != NULL)
        g_byte_array_unref (frames[frame_index]);
      frames[frame_index] = g_byte_array_sized_new (expected > 0 ? (guint) expected : 1024 * 1024);

      for (;;)
        {
          SANE_Int length = 0;
          SANE_Int wanted = 64 * 1024;

          if (g_cancellable_is_cancelled (cancellable))
            {
              g_cancellable_set_error_if_cancelled (cancellable, error);
              return NULL;
            }
          /* The read that returns the page's last bytes ends the backend's reader thread:
           * hold the last byte back until the reader has ended (yc-sane-threads.c). */
          if (expected > 0 && frames[frame_index]->len < expected)
            {
              gsize remaining = expected - frames[frame_index]->len;

              if (remaining == 1)
                {
                  if (!yc_sane_wait_for_readers_to_end (WORKER_NAME, READER_END_MS))
                    yc_sane_wait_for_readers (WORKER_NAME, READER_WAIT_MS);
                }
              else if (remaining <= (gsize) wanted)
                wanted = (SANE_Int) remaining - 1;
            }
          status = sane_read (self->handle, buffer, wanted, &length);
          if (status == SANE_STATUS_EOF)
            break;
          if (status != SANE_STATUS_GOOD)
            {
              yc_sane_set_error (error, status, request->device);
              return NULL;
            }
          g_byte_array_append (frames[frame_index], buffer, (guint) length);
          if (expected > 0)
            post_progress (request, index, MIN (1.0, (double) frames[frame_index]->len / expected));
        }
      if (parameters.last_frame)
        break;
    }
  *out_parameters = parameters;

  if (parameters.format == SANE_FRAME_RED || parameters.format == SANE_FRAME_GREEN
      || parameters.format == SANE_FRAME_BLUE)
    {
      SANE_Parameters rgb = parameters;
      guint bytes = parameters.depth / 8;
      gsize samples;
      g_autoptr(GByteArray) joined = NULL;

      if (frames[0] == NULL || frames[1] == NULL || frames[2] == NULL
          || frames[0]->len != frames[1]->len || frames[1]->len != frames[2]->len)
        {
          g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                       _("The scanner %s sent an incomplete colour page. Scan it again."),
                       request->device);
          return NULL;
        }
      samples = frames[0]->len / bytes;
      joined = g_byte_array_sized_new (frames[0]->len * 3);
      g_byte_array_set_size (joined, frames[0]->len * 3);
      for (gsize i = 0; i < samples; i++)
        for (guint c = 0; c < 3; c++)
          memcpy (joined->data + (i * 3 + c) * bytes, frames[c]->data + i * bytes, bytes);
      rgb.format = SANE_FRAME_RGB;
      rgb.bytes_per_line = parameters.bytes_per_line * 3;
      return page_from_frame (&rgb, joined->data, joined->len, request->settings.resolution,
                              request->settings.jpeg_quality, error);
    }
  return page_from_frame (&parameters, frames[0]->data, frames[0]->len,
                          request->settings.resolution, request->settings.jpeg_quality, error);
}

static void
worker_scan (YcScanner *self,
             Request   *request)
{
  GCancellable *cancellable = g_task_get_cancellable (request->task);
  gboolean feeder = request->settings.source != YC_SCAN_SOURCE_FLATBED;
  GError *error = NULL;
  guint pages = 0;

  if (worker_open_device (self, request->device, &error) == NULL
      || !yc_sane_apply_settings (self->handle, request->device, &request->settings, &error))
    {
      g_task_return_error (request->task, error);
      return;
    }

  while (pages < YC_PAGE_PDF_MAX_PAGES)
    {
      SANE_Status status = sane_start (self->handle);
      YcScanPage *page;
      Delivery *delivery;

      /* The feeder ran empty after at least one page: the batch is complete. */
      if (status == SANE_STATUS_NO_DOCS && feeder && pages > 0)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          yc_sane_set_error (&error, status, request->device);
          break;
        }
      page = worker_read_page (self, request, pages, cancellable, &error);
      if (page == NULL)
        break;

      delivery = g_new0 (Delivery, 1);
      delivery->request = request;
      delivery->page = page;
      delivery->index = pages++;
      post (request->context, deliver_page, delivery);

      if (!feeder)
        break;
    }
  /* Ends the batch, stops the motor and releases the feeder.  Backends built on
   * sanei_thread kill their reader thread here with an asynchronous pthread_cancel, which
   * deadlocks the process if it lands inside malloc: after an error or a cancel the reader
   * is still producing, so wait until it blocks (yc-sane-threads.c). */
  if (!yc_sane_wait_for_readers (WORKER_NAME, READER_WAIT_MS))
    g_warning ("The reader of scanner %s is still busy after %u ms; cancelling it anyway",
               request->device, READER_WAIT_MS);
  sane_cancel (self->handle);

  /* A device that failed may have gone away: open it afresh next time. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    worker_close_device (self);

  if (error != NULL)
    g_task_return_error (request->task, error);
  else
    g_task_return_int (request->task, pages);
}

static gpointer
worker_main (gpointer user_data)
{
  YcScanner *self = user_data;

  for (;;)
    {
      Request *request = g_async_queue_pop (self->requests);
      RequestKind kind = request->kind;

      switch (kind)
        {
        case REQUEST_LIST_DEVICES:
          worker_list_devices (self, request);
          break;
        case REQUEST_GET_OPTIONS:
          worker_get_options (self, request);
          break;
        case REQUEST_SCAN:
          worker_scan (self, request);
          break;
        case REQUEST_QUIT:
        default:
          break;
        }

      if (kind == REQUEST_QUIT)
        {
          request_free (request);
          break;
        }
      /* Freed where it came from: the task holds the scanner, whose last reference must
       * never be dropped on this thread (it would join itself). */
      post (request->context, free_callback_data, request);
    }

  worker_close_device (self);
  if (self->sane_ready)
    sane_exit ();
  return NULL;
}

/* ---- the caller's side ---- */

static void
yc_scanner_finalize (GObject *object)
{
  YcScanner *self = YC_SCANNER (object);

  if (self->thread != NULL)
    {
      Request *quit = g_new0 (Request, 1);

      quit->kind = REQUEST_QUIT;
      g_async_queue_push (self->requests, quit);
      g_thread_join (self->thread);
    }
  g_async_queue_unref (self->requests);

  G_OBJECT_CLASS (yc_scanner_parent_class)->finalize (object);
}

static void
yc_scanner_class_init (YcScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_scanner_finalize;
}

static void
yc_scanner_init (YcScanner *self)
{
  self->requests = g_async_queue_new ();
}

YcScanner *
yc_scanner_dup_default (void)
{
  static GWeakRef the_scanner;
  static GMutex lock;
  YcScanner *scanner;

  g_mutex_lock (&lock);
  scanner = g_weak_ref_get (&the_scanner);
  if (scanner == NULL)
    {
      scanner = g_object_new (YC_TYPE_SCANNER, NULL);
      g_weak_ref_set (&the_scanner, scanner);
    }
  g_mutex_unlock (&lock);
  return scanner;
}

/* Each task holds a reference to the scanner, so the worker outlives every request. */
static void
submit (YcScanner *self,
        Request   *request)
{
  if (self->thread == NULL)
    self->thread = g_thread_new (WORKER_NAME, worker_main, self);
  request->context = g_main_context_ref_thread_default ();
  g_async_queue_push (self->requests, request);
}

void
yc_scanner_list_devices_async (YcScanner           *self,
                               gboolean             rescan,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_SCANNER (self));

  request = g_new0 (Request, 1);
  request->kind = REQUEST_LIST_DEVICES;
  request->rescan = rescan;
  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, yc_scanner_list_devices_async);
  submit (self, request);
}

GPtrArray *
yc_scanner_list_devices_finish (YcScanner     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_scanner_get_options_async (YcScanner           *self,
                              const char          *device,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_SCANNER (self));
  g_return_if_fail (device != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_GET_OPTIONS;
  request->device = g_strdup (device);
  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, yc_scanner_get_options_async);
  submit (self, request);
}

YcScanOptions *
yc_scanner_get_options_finish (YcScanner     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
yc_scanner_scan_async (YcScanner              *self,
                       const char             *device,
                       const YcScanSettings   *settings,
                       YcScanProgressCallback  progress,
                       YcScanPageCallback      page_callback,
                       gpointer                callback_data,
                       GDestroyNotify          callback_data_free,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_SCANNER (self));
  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_SCAN;
  request->device = g_strdup (device);
  request->settings = *settings;
  request->progress = progress;
  request->page_callback = page_callback;
  request->callback_data = callback_data;
  request->callback_data_free = callback_data_free;
  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, yc_scanner_scan_async);
  submit (self, request);
}

gboolean
yc_scanner_scan_finish (YcScanner     *self,
                        GAsyncResult  *result,
                        guint         *out_pages,
                        GError       **error)
{
  gssize pages;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  pages = g_task_propagate_int (G_TASK (result), error);
  if (pages < 0)
    return FALSE;
  if (out_pages != NULL)
    *out_pages = (guint) pages;
  return TRUE;
}
