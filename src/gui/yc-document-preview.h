/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-catalog.h"
#include "yc-documents.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_DOCUMENT_PREVIEW (yc_document_preview_get_type ())
G_DECLARE_FINAL_TYPE (YcDocumentPreview, yc_document_preview, YC, DOCUMENT_PREVIEW, AdwWindow)

GtkWidget       *yc_document_preview_new                  (GtkWindow          *parent,
                                                           YcStore            *store,
                                                           YcCatalog          *catalog,
                                                           YcCalendar         *calendar);
void             yc_document_preview_show_case            (YcDocumentPreview  *self,
                                                           YcCase             *case_doc);
void             yc_document_preview_show_uuid            (YcDocumentPreview  *self,
                                                           const char         *uuid);
YcCase          *yc_document_preview_get_case             (YcDocumentPreview  *self);
gboolean         yc_document_preview_get_ready            (YcDocumentPreview  *self);
const char      *yc_document_preview_get_error            (YcDocumentPreview  *self);
gboolean         yc_document_preview_get_verified         (YcDocumentPreview  *self);
guint            yc_document_preview_get_n_documents      (YcDocumentPreview  *self);
YcDocumentPages *yc_document_preview_get_document         (YcDocumentPreview  *self,
                                                           guint               index);
guint            yc_document_preview_get_current_document (YcDocumentPreview  *self);
guint            yc_document_preview_get_current_page     (YcDocumentPreview  *self);
/* 0 while the whole page fits the window; else points → pixels. */
double           yc_document_preview_get_zoom             (YcDocumentPreview  *self);

G_END_DECLS
