/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-document-preview.h"

G_BEGIN_DECLS

/* Shared by yc-document-preview.c (the window: pages, zoom, keys), -load.c (the hall's
 * facts from the store, the layouts) and -output.c (打印, 另存为 PDF). */
struct _YcDocumentPreview
{
  AdwWindow          parent_instance;

  YcStore           *store;
  YcCatalog         *catalog;
  YcCalendar        *calendar;
  GCancellable      *cancellable;

  YcCase            *case_doc;
  GArray            *kinds;       /* of YcDocumentKind */
  GPtrArray         *documents;   /* of YcDocumentPages*, NULL while one is laid out */
  guint              pending;     /* layouts on their way */
  char              *error;
  gboolean           verified;    /* the receipt carries its QR code */
  guint              document;
  guint              page;
  double             zoom;        /* 0: the whole page */
  gboolean           busy;        /* printing or saving */
  guint              generation;  /* +1 per case shown: late answers are dropped */

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkDropDown       *document_dropdown;
  GtkLabel          *page_label;
  GtkLabel          *zoom_label;
  GtkLabel          *note_label;
  GtkStack          *stack;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scrolled;
  GtkDrawingArea    *area;
  GtkWidget         *done_button;
};


/* One asynchronous answer, tied to the case it was asked for. */
typedef struct {
  GWeakRef           self;
  guint              generation;
  guint              slot;
  GFile             *file;  /* being saved, or NULL */
} Request;

Request  *yc_document_preview_request_new        (YcDocumentPreview *self,
                                                  guint              slot);
void      yc_document_preview_request_free       (Request           *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, yc_document_preview_request_free)

YcDocumentPreview *yc_document_preview_request_get (Request          *request,
                                                    const GError     *error,
                                                    gboolean          current);
void      yc_document_preview_update_controls    (YcDocumentPreview *self);
void      yc_document_preview_show_error         (YcDocumentPreview *self,
                                                  const char        *message);
void      yc_document_preview_add_toast          (YcDocumentPreview *self,
                                                  const char        *message,
                                                  gboolean           stays);
void      yc_document_preview_show_page          (YcDocumentPreview *self,
                                                  guint              document,
                                                  guint              page);
void      yc_document_preview_reset              (YcDocumentPreview *self);
void      yc_document_preview_notify_ready       (YcDocumentPreview *self);
void      yc_document_preview_emit_printed       (YcDocumentPreview *self);

/* yc-document-preview-output.c: the preview.print and preview.save actions */
void      yc_document_preview_print_action       (GtkWidget         *widget,
                                                  const char        *action_name,
                                                  GVariant          *parameter);
void      yc_document_preview_save_action        (GtkWidget         *widget,
                                                  const char        *action_name,
                                                  GVariant          *parameter);

G_END_DECLS
