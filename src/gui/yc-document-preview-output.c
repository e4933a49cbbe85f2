/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-document-preview"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-document-preview-private.h"
#include "yc-print.h"

/*
 * The preview's output: 打印 prints every document of the case in one job (yc-print.h:
 * the print dialog, or the export to a PDF when YC_PRINT_EXPORT_DIR is set); 另存为 PDF
 * writes them into one file the clerk names, durably and readable by the owner only.
 */

static void
print_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(YcDocumentPreview) self = yc_document_preview_request_get (request, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  gboolean printed = yc_print_documents_finish (result, &exported, &error);

  if (self == NULL)
    return;
  self->busy = FALSE;
  yc_document_preview_update_controls (self);
  if (!printed)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Cannot print the documents: %s", error->message);
          yc_document_preview_add_toast (self, error->message, TRUE);
        }
      return;
    }
  if (exported != NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("Printed to %s"), exported);
      yc_document_preview_add_toast (self, message, FALSE);
    }
  else
    yc_document_preview_add_toast (self, _("Sent to the printer"), FALSE);
  if (request->generation == self->generation)
    yc_document_preview_emit_printed (self);
}

void
yc_document_preview_print_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (widget);
  g_autofree char *export_filename = NULL;

  if (!yc_document_preview_get_ready (self) || self->busy)
    return;
  export_filename = yc_print_export_filename (self->case_doc->number);
  self->busy = TRUE;
  yc_document_preview_update_controls (self);
  yc_print_documents_async (GTK_WINDOW (self), (YcDocumentPages **) self->documents->pdata,
                            self->documents->len, self->case_doc->number,
                            export_filename != NULL ? YC_PRINT_MODE_EXPORT : YC_PRINT_MODE_DIALOG,
                            export_filename, NULL, print_cb,
                            yc_document_preview_request_new (self, 0));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(YcDocumentPreview) self = yc_document_preview_request_get (request, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  gboolean saved = yc_document_save_bytes_finish (result, &error);

  if (self == NULL)
    return;
  self->busy = FALSE;
  yc_document_preview_update_controls (self);
  if (!saved)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("The PDF was not saved: %s"), error->message);

      g_message ("%s", message);
      yc_document_preview_add_toast (self, message, TRUE);
      return;
    }
  {
    g_autofree char *name = g_file_get_parse_name (request->file);
    /* Translators: %s is a file name */
    g_autofree char *message = g_strdup_printf (_("Saved to %s"), name);

    yc_document_preview_add_toast (self, message, FALSE);
  }
}

static void
save_response_cb (GtkNativeDialog   *dialog,
                  int                response,
                  YcDocumentPreview *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Request *request;

  self->busy = FALSE;
  if (response == GTK_RESPONSE_ACCEPT && yc_document_preview_get_ready (self))
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    {
      yc_document_preview_update_controls (self);
      return;
    }

  /* Replaying laid-out pages into a PDF takes milliseconds and happens where the pages are
   * drawn; the disk is written, and synced, in a worker thread. */
  memory = g_memory_output_stream_new_resizable ();
  /* Translators: the PDF's title: the case number */
  title = g_strdup_printf (_("Documents of case %s"), self->case_doc->number);
  if (!yc_document_pages_write_pdf_many ((YcDocumentPages **) self->documents->pdata,
                                         self->documents->len, title, memory, NULL, &error)
      || !g_output_stream_close (memory, NULL, &error))
    {
      yc_document_preview_add_toast (self, error->message, TRUE);
      yc_document_preview_update_controls (self);
      return;
    }
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  self->busy = TRUE;
  yc_document_preview_update_controls (self);
  request = yc_document_preview_request_new (self, 0);
  request->file = g_object_ref (file);
  yc_document_save_bytes_async (bytes, file, NULL, saved_cb, request);
}

void
yc_document_preview_save_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (!yc_document_preview_get_ready (self) || self->busy)
    return;
  dialog = gtk_file_chooser_native_new (_("Save the Documents as PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s.pdf", self->case_doc->number);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  self->busy = TRUE;
  yc_document_preview_update_controls (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

