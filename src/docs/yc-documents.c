/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "yc-documents-private.h"

static const YcDocumentDrawFunc draw_funcs[] = {
  [YC_DOCUMENT_RECEIPT] = yc_receipt_draw,
  [YC_DOCUMENT_ONE_TIME_NOTICE] = yc_one_time_notice_draw,
  [YC_DOCUMENT_TOLERANCE_COMMITMENT] = yc_tolerance_commitment_draw,
  [YC_DOCUMENT_PLEDGE] = yc_pledge_draw,
  [YC_DOCUMENT_REFUSAL] = yc_refusal_draw,
};

/**
 * yc_document_layout:
 * @kind: which document
 * @context: the hall, window, clerk, secret, catalog
 * @c: the case
 * @result: (nullable): the rules result the clerk decided on
 *
 * Blocks on layout (fonts, shaping): call it in a worker thread, or use
 * yc_document_layout_async().
 *
 * Returns: (transfer full): the pages, or NULL with @error set
 */
YcDocumentPages *
yc_document_layout (YcDocumentKind      kind,
                    YcDocumentContext  *context,
                    YcCase             *c,
                    YcRulesResult      *result,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(YcPageWriter) writer = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *running_header = NULL;

  g_return_val_if_fail (kind < YC_N_DOCUMENT_KINDS, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!yc_document_applies (kind, c, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  running_header = g_strdup_printf ("%s · %s · %s", yc_docs_hall_name (context, c),
                                    yc_document_kind_label (kind), c->number);
  writer = yc_page_writer_new (running_header);
  if (!draw_funcs[kind] (writer, context, c, result, error))
    return NULL;
  pages = yc_page_writer_end (writer);
  return yc_document_pages_new (kind, pages);
}

/**
 * yc_document_write:
 * @stream: where the PDF goes; left open
 *
 * yc_document_layout() and yc_document_pages_write_pdf(); blocks.
 */
gboolean
yc_document_write (YcDocumentKind      kind,
                   YcDocumentContext  *context,
                   YcCase             *c,
                   YcRulesResult      *result,
                   GOutputStream      *stream,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(YcDocumentPages) pages = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  pages = yc_document_layout (kind, context, c, result, cancellable, error);
  return pages != NULL && yc_document_pages_write_pdf (pages, stream, cancellable, error);
}

static gboolean
sync_fd (int          fd,
         const char  *what,
         GError     **error)
{
  int saved;

  if (fsync (fd) == 0)
    return TRUE;
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not make the document %s durable on disk: %s"), what, g_strerror (saved));
  return FALSE;
}

/* A new file is on disk only once its directory entry is. */
static gboolean
sync_parent (GFile   *file,
             GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = parent != NULL ? g_file_get_path (parent) : NULL;
  gboolean ok;
  int fd;

  if (path == NULL)
    return TRUE;  /* not a local file: the backend decides what durable means */
  fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return TRUE;  /* a directory we may not open is one we cannot sync either */
  ok = sync_fd (fd, path, error);
  close (fd);
  return ok;
}

/**
 * yc_document_save_bytes:
 * @bytes: a rendered PDF
 * @file: where it goes, replaced if it exists
 *
 * Writes @bytes to @file and returns once they are on disk: fsync of the file and, for a
 * local file, of its directory.  The file is created readable by its owner only: a
 * document names the applicant.  Blocks: call it in a worker thread, or use
 * yc_document_save_bytes_async().
 */
gboolean
yc_document_save_bytes (GBytes        *bytes,
                        GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                        cancellable, error);
  if (out == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), NULL, cancellable, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      return FALSE;
    }
  if (!g_output_stream_flush (G_OUTPUT_STREAM (out), cancellable, error))
    return FALSE;
  if (G_IS_FILE_DESCRIPTOR_BASED (out)
      && !sync_fd (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (out)), name, error))
    return FALSE;
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return FALSE;
  return sync_parent (file, error);
}

static void
save_bytes_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "yc-file");
  GError *error = NULL;

  if (yc_document_save_bytes (task_data, file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yc_document_save_bytes_async:
 *
 * yc_document_save_bytes() in a worker thread: for a PDF rendered from pages laid out
 * earlier (yc_document_pages_write_pdf_many() into memory), e.g. the preview's 另存为 PDF.
 */
void
yc_document_save_bytes_async (GBytes              *bytes,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (bytes != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_save_bytes_async);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "yc-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, save_bytes_thread);
}

gboolean
yc_document_save_bytes_finish (GAsyncResult  *res,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (res, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == yc_document_save_bytes_async, FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}

/**
 * yc_document_save:
 * @file: the PDF to write, replaced if it exists
 *
 * Renders into memory first, so that a failed rendering leaves an earlier @file alone.
 */
gboolean
yc_document_save (YcDocumentKind      kind,
                  YcDocumentContext  *context,
                  YcCase             *c,
                  YcRulesResult      *result,
                  GFile              *file,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!yc_document_write (kind, context, c, result, memory, cancellable, error)
      || !g_output_stream_close (memory, cancellable, error))
    return FALSE;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  return yc_document_save_bytes (bytes, file, cancellable, error);
}

typedef struct {
  YcDocumentKind     kind;
  YcDocumentContext *context;
  YcCase            *c;
  YcRulesResult     *result;
  GOutputStream     *stream;
  GFile             *file;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_pointer (&data->context, yc_document_context_unref);
  g_clear_pointer (&data->c, yc_case_unref);
  g_clear_pointer (&data->result, yc_rules_result_unref);
  g_clear_object (&data->stream);
  g_clear_object (&data->file);
  g_free (data);
}

static RenderData *
render_data_new (YcDocumentKind     kind,
                 YcDocumentContext *context,
                 YcCase            *c,
                 YcRulesResult     *result)
{
  RenderData *data = g_new0 (RenderData, 1);

  /* Copies: the counter goes on editing its context and case while the thread draws. */
  data->kind = kind;
  data->context = yc_document_context_copy (context);
  data->c = yc_case_copy (c);
  data->result = result != NULL ? yc_rules_result_ref (result) : NULL;
  return data;
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;

  if (g_task_get_source_tag (task) == yc_document_layout_async)
    {
      YcDocumentPages *pages = yc_document_layout (data->kind, data->context, data->c,
                                                   data->result, cancellable, &error);

      if (pages != NULL)
        g_task_return_pointer (task, pages, (GDestroyNotify) yc_document_pages_unref);
      else
        g_task_return_error (task, error);
      return;
    }

  if (data->file != NULL
      ? yc_document_save (data->kind, data->context, data->c, data->result, data->file,
                          cancellable, &error)
      : yc_document_write (data->kind, data->context, data->c, data->result, data->stream,
                           cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yc_document_layout_async:
 *
 * Lays the document out in a worker thread, for a preview or a GtkPrintOperation: draw the
 * pages in the main thread with yc_document_pages_draw().
 */
void
yc_document_layout_async (YcDocumentKind       kind,
                          YcDocumentContext   *context,
                          YcCase              *c,
                          YcRulesResult       *result,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (kind < YC_N_DOCUMENT_KINDS);
  g_return_if_fail (context != NULL);
  g_return_if_fail (c != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_layout_async);
  g_task_set_task_data (task, render_data_new (kind, context, c, result),
                        (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

YcDocumentPages *
yc_document_layout_finish (GAsyncResult  *res,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (res, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == yc_document_layout_async, NULL);
  return g_task_propagate_pointer (G_TASK (res), error);
}

/**
 * yc_document_write_async:
 *
 * Renders in a worker thread.  @stream must not be used by anything else until the
 * callback has run.
 */
void
yc_document_write_async (YcDocumentKind       kind,
                         YcDocumentContext   *context,
                         YcCase              *c,
                         YcRulesResult       *result,
                         GOutputStream       *stream,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (kind < YC_N_DOCUMENT_KINDS);
  g_return_if_fail (context != NULL);
  g_return_if_fail (c != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_write_async);
  data = render_data_new (kind, context, c, result);
  data->stream = g_object_ref (stream);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

gboolean
yc_document_write_finish (GAsyncResult  *res,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (res, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == yc_document_write_async, FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}

void
yc_document_save_async (YcDocumentKind       kind,
                        YcDocumentContext   *context,
                        YcCase              *c,
                        YcRulesResult       *result,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (kind < YC_N_DOCUMENT_KINDS);
  g_return_if_fail (context != NULL);
  g_return_if_fail (c != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_save_async);
  data = render_data_new (kind, context, c, result);
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

gboolean
yc_document_save_finish (GAsyncResult  *res,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (res, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (res)) == yc_document_save_async, FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}
