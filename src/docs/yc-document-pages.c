/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "yc-documents-private.h"

struct _YcDocumentPages
{
  gatomicrefcount  ref_count;
  YcDocumentKind   kind;
  char            *title;
  GPtrArray       *pages;  /* of cairo_surface_t*: complete recording surfaces */
};

G_DEFINE_BOXED_TYPE (YcDocumentPages, yc_document_pages,
                     yc_document_pages_ref, yc_document_pages_unref)

YcDocumentPages *
yc_document_pages_new (YcDocumentKind  kind,
                       GPtrArray      *pages)
{
  YcDocumentPages *self = g_new0 (YcDocumentPages, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->title = g_strdup (yc_document_kind_label (kind));
  self->pages = g_ptr_array_ref (pages);
  return self;
}

YcDocumentPages *
yc_document_pages_ref (YcDocumentPages *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_document_pages_unref (YcDocumentPages *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_free (self->title);
  g_free (self);
}

YcDocumentKind
yc_document_pages_get_kind (YcDocumentPages *self)
{
  g_return_val_if_fail (self != NULL, YC_DOCUMENT_RECEIPT);
  return self->kind;
}

/* The document's name in the user's language, e.g. for the print job. */
const char *
yc_document_pages_get_title (YcDocumentPages *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

guint
yc_document_pages_get_n_pages (YcDocumentPages *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pages->len;
}

void
yc_document_pages_draw (YcDocumentPages *self,
                        guint            index,
                        cairo_t         *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->pages->len);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, YC_DOCUMENT_PAGE_WIDTH, YC_DOCUMENT_PAGE_HEIGHT);
  cairo_clip (cr);
  cairo_set_source_surface (cr, g_ptr_array_index (self->pages, index), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} WriteClosure;

static cairo_status_t
write_cb (void                *user_data,
          const unsigned char *data,
          unsigned int         length)
{
  WriteClosure *closure = user_data;

  if (closure->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (closure->stream, data, length, NULL, closure->cancellable,
                                  &closure->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/**
 * yc_document_pages_write_pdf:
 * @stream: where the PDF goes; left open
 *
 * Writes the pages as a PDF: vector drawing, the fonts embedded as subsets with their
 * Unicode mapping, so the text can be searched and read back.
 */
gboolean
yc_document_pages_write_pdf (YcDocumentPages  *self,
                             GOutputStream    *stream,
                             GCancellable     *cancellable,
                             GError          **error)
{
  YcDocumentPages *documents[] = { self };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return yc_document_pages_write_pdf_many (documents, 1, self->title, stream, cancellable, error);
}

/**
 * yc_document_pages_write_pdf_many:
 * @documents: (array length=n_documents): the documents, in the order they are handed over
 * @title: (nullable): the PDF's title; the first document's when %NULL
 * @stream: where the PDF goes; left open
 *
 * Writes several documents one after the other into one PDF — what the counter hands over
 * together (the receipt and the letters to sign), saved as one file.  Each keeps its own
 * page numbers.  Draws in the calling thread: the thread the pages are drawn in.
 */
gboolean
yc_document_pages_write_pdf_many (YcDocumentPages  **documents,
                                  guint              n_documents,
                                  const char        *title,
                                  GOutputStream     *stream,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  WriteClosure closure = { stream, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (documents != NULL && n_documents > 0, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (write_cb, &closure, YC_DOCUMENT_PAGE_WIDTH,
                                                 YC_DOCUMENT_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  title != NULL ? title : documents[0]->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yichuang " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint d = 0; d < n_documents; d++)
    for (guint i = 0; i < documents[d]->pages->len; i++)
      {
        yc_document_pages_draw (documents[d], i, cr);
        cairo_show_page (cr);
      }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (closure.error != NULL)
    {
      g_propagate_error (error, closure.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_RENDER,
                   _("Could not draw the document: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
