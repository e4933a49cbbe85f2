/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-documents.h"

G_BEGIN_DECLS

/*
 * Printing the documents of a case with GtkPrintOperation: A4, the pages drawn with
 * yc_document_pages_draw(), all documents in one job in the order they are handed over.
 *
 * When the environment variable YC_PRINT_EXPORT_DIR names a directory, no dialog opens:
 * the job is exported as a PDF to <dir>/<job name>.pdf (GTK_PRINT_OPERATION_ACTION_EXPORT)
 * — the headless path the UI tests and a counter without a printer use.
 */

#define YC_PRINT_EXPORT_DIR_ENV "YC_PRINT_EXPORT_DIR"

typedef enum {
  YC_PRINT_MODE_DIALOG,  /* the print dialog, for the clerk to choose the printer */
  YC_PRINT_MODE_EXPORT,  /* to a PDF file, no dialog */
} YcPrintMode;

void      yc_print_documents_async   (GtkWindow            *parent,
                                      YcDocumentPages     **documents,
                                      guint                 n_documents,
                                      const char           *job_name,
                                      YcPrintMode           mode,
                                      const char           *export_filename,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  yc_print_documents_finish  (GAsyncResult         *result,
                                      char                **out_export_filename,
                                      GError              **error);

/* Where YC_PRINT_EXPORT_DIR sends the job @job_name, or NULL when it is not set. */
char     *yc_print_export_filename   (const char           *job_name);

G_END_DECLS
