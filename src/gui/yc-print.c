/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-print"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-print.h"

/*
 * One print job for the documents of a case.  GtkPrintOperation draws each page with
 * yc_document_pages_draw() in points on the full A4 sheet: the documents carry their own
 * margins, so the printer's are not added.  The operation runs asynchronously where the
 * platform can (the dialog does not block the counter); the export to a file is
 * synchronous in GTK, and is quick (the pages are laid out already: it replays them).
 *
 * The last print settings (printer, copies) are kept on the counter's main window (the
 * topmost window above @parent), so that the next applicant's documents go to the same
 * printer without asking again.
 */

#define SETTINGS_KEY "yc-print-settings"

typedef struct {
  GPtrArray         *documents;  /* of YcDocumentPages* */
  GtkPrintOperation *operation;
  char              *export_filename;
  GtkWindow         *parent;     /* weak */
  gboolean           completed;
  GtkPrintOperationResult result;
  GError            *error;
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_clear_pointer (&data->documents, g_ptr_array_unref);
  if (data->operation != NULL)
    g_signal_handlers_disconnect_by_data (data->operation, data);
  g_clear_object (&data->operation);
  g_clear_weak_pointer (&data->parent);
  g_free (data->export_filename);
  g_clear_error (&data->error);
  g_free (data);
}

/**
 * yc_print_export_filename:
 * @job_name: the print job's name (the case number, the documents)
 *
 * Returns: (transfer full) (nullable): `$YC_PRINT_EXPORT_DIR/<job name>.pdf`, with
 *   characters a file name cannot hold replaced, or %NULL when the variable is not set
 */
char *
yc_print_export_filename (const char *job_name)
{
  const char *dir = g_getenv (YC_PRINT_EXPORT_DIR_ENV);
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (job_name != NULL, NULL);

  if (dir == NULL || *dir == '\0')
    return NULL;
  base = g_strdup (job_name);
  g_strdelimit (base, "/\\:*?\"<>| ", '_');
  name = g_strconcat (base, ".pdf", NULL);
  return g_build_filename (dir, name, NULL);
}

/* Where the print settings are kept: the counter's main window, above the dialog or the
 * preview that printed (they close after each applicant; the printer stays). */
static GObject *
settings_holder (GtkWindow *parent)
{
  while (parent != NULL && gtk_window_get_transient_for (parent) != NULL)
    parent = gtk_window_get_transient_for (parent);
  return G_OBJECT (parent);
}

static gboolean
locate_page (PrintData       *data,
             int              page_nr,
             YcDocumentPages **out_pages,
             guint           *out_index)
{
  guint n = page_nr < 0 ? G_MAXUINT : (guint) page_nr;

  for (guint d = 0; d < data->documents->len; d++)
    {
      YcDocumentPages *pages = g_ptr_array_index (data->documents, d);
      guint n_pages = yc_document_pages_get_n_pages (pages);

      if (n < n_pages)
        {
          *out_pages = pages;
          *out_index = n;
          return TRUE;
        }
      n -= n_pages;
    }
  return FALSE;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintData         *data)
{
  YcDocumentPages *pages;
  guint index;

  if (!locate_page (data, page_nr, &pages, &index))
    return;
  /* The unit is points (gtk_print_operation_set_unit): no scaling here. */
  yc_document_pages_draw (pages, index, gtk_print_context_get_cairo_context (context));
}

static gboolean
complete_idle (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintData *data = g_task_get_task_data (task);

  switch (data->result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
      {
        GtkPrintSettings *settings = gtk_print_operation_get_print_settings (data->operation);

        if (data->parent != NULL && settings != NULL)
          g_object_set_data_full (settings_holder (data->parent), SETTINGS_KEY, g_object_ref (settings),
                                  g_object_unref);
      }
      g_task_return_boolean (task, TRUE);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled"));
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
    default:
      {
        const GError *error = data->error;

        if (error == NULL)
          {
            gtk_print_operation_get_error (data->operation, &data->error);
            error = data->error;
          }
        g_task_return_new_error (task, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                                 /* Translators: %s is GTK's or the printer's reason */
                                 _("The documents could not be printed: %s. Check the printer and print again."),
                                 error != NULL ? error->message : _("unknown error"));
      }
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Once per job: "done", or run() returning without it.  The task completes from an idle,
 * never inside the operation's own signal emission. */
static void
complete (GTask                   *task,
          GtkPrintOperationResult  result)
{
  PrintData *data = g_task_get_task_data (task);

  if (data->completed)
    return;
  data->completed = TRUE;
  data->result = result;
  g_idle_add (complete_idle, g_object_ref (task));
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GTask                   *task)
{
  complete (task, result);
}

/**
 * yc_print_documents_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @documents: (array length=n_documents): laid-out documents, printed in this order
 * @job_name: the job's name in the printer queue (e.g. the case number and documents)
 * @mode: the print dialog, or an export to @export_filename
 * @export_filename: (nullable): the PDF for %YC_PRINT_MODE_EXPORT
 *
 * Prints @documents in one job, A4.  Completes when the job was handed to the printer (or
 * written), was cancelled (%G_IO_ERROR_CANCELLED) or failed (%GTK_PRINT_ERROR with a
 * message for the clerk).
 */
void
yc_print_documents_async (GtkWindow            *parent,
                          YcDocumentPages     **documents,
                          guint                 n_documents,
                          const char           *job_name,
                          YcPrintMode           mode,
                          const char           *export_filename,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintSettings *settings = NULL;
  GtkPrintOperationResult result;
  PrintData *data;
  guint n_pages = 0;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (documents != NULL && n_documents > 0);
  g_return_if_fail (job_name != NULL);
  g_return_if_fail (mode != YC_PRINT_MODE_EXPORT || export_filename != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_print_documents_async);

  data = g_new0 (PrintData, 1);
  data->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_document_pages_unref);
  for (guint i = 0; i < n_documents; i++)
    {
      g_ptr_array_add (data->documents, yc_document_pages_ref (documents[i]));
      n_pages += yc_document_pages_get_n_pages (documents[i]);
    }
  data->export_filename = g_strdup (export_filename);
  g_set_weak_pointer (&data->parent, parent);
  data->operation = gtk_print_operation_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  page_setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_page_setup_set_orientation (page_setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (data->operation, page_setup);
  if (parent != NULL)
    settings = g_object_get_data (settings_holder (parent), SETTINGS_KEY);
  if (settings != NULL)
    gtk_print_operation_set_print_settings (data->operation, settings);
  gtk_print_operation_set_job_name (data->operation, job_name);
  gtk_print_operation_set_n_pages (data->operation, (int) n_pages);
  gtk_print_operation_set_unit (data->operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (data->operation, TRUE);
  gtk_print_operation_set_embed_page_setup (data->operation, FALSE);
  gtk_print_operation_set_allow_async (data->operation, TRUE);
  if (mode == YC_PRINT_MODE_EXPORT)
    gtk_print_operation_set_export_filename (data->operation, export_filename);

  g_signal_connect (data->operation, "draw-page", G_CALLBACK (draw_page_cb), data);
  g_signal_connect (data->operation, "done", G_CALLBACK (done_cb), task);

  result = gtk_print_operation_run (data->operation,
                                    mode == YC_PRINT_MODE_EXPORT
                                    ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                    : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && data->error == NULL && error != NULL)
    data->error = g_steal_pointer (&error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    complete (task, result);
}

/**
 * yc_print_documents_finish:
 * @out_export_filename: (out) (optional): the PDF written, for an export
 *
 * Returns: %TRUE once the job is printed or written
 */
gboolean
yc_print_documents_finish (GAsyncResult  *result,
                           char         **out_export_filename,
                           GError       **error)
{
  PrintData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_print_documents_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_export_filename != NULL)
    *out_export_filename = g_strdup (data->export_filename);
  return TRUE;
}
