/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-catalog.h"
#include "yc-rules.h"

G_BEGIN_DECLS

/*
 * The documents the counter hands to the applicant (docs/documents.md), as A4 PDFs drawn
 * with cairo and Pango in a CJK font — no GTK, so that they can be rendered in a worker
 * thread, in tests and on a server:
 *
 *   receipt               受理回执       accept, accept_with_tolerance, accept_on_pledge
 *   one-time notice       一次性告知书   one_time_notice
 *   tolerance commitment  容缺受理承诺书 accept_with_tolerance (for the applicant to sign)
 *   pledge                告知承诺书     accept_on_pledge (for the applicant to sign)
 *   refusal notice        不予受理通知书 refuse
 *
 * Each is drawn from the case document (yc-case.h); the catalog, when given, supplies item,
 * department and material details (names, form, where to get a material); the rules result,
 * when given, supplies the one-time notice's reasons and the refusal's reason.
 *
 * The receipt carries a QR code `YC1|<number>|<uuid>|<hash>` where hash is the first 16 hex
 * digits of HMAC-SHA256 (key: the hall secret) over `<number>|<uuid>|<accepted_at>`; see
 * yc_receipt_qr_text() and yc_receipt_verify_qr().
 */

#define YC_DOCUMENT_ERROR (yc_document_error_quark ())

typedef enum {
  YC_DOCUMENT_ERROR_NOT_APPLICABLE,  /* the case's decision does not give this document */
  YC_DOCUMENT_ERROR_NO_SECRET,       /* a receipt needs the hall secret for its QR code */
  YC_DOCUMENT_ERROR_RENDER,          /* cairo or libqrencode failed */
  YC_DOCUMENT_ERROR_INVALID_QR,      /* not a receipt QR code, or not one of this hall */
} YcDocumentError;

typedef enum {
  YC_DOCUMENT_RECEIPT,               /* 受理回执 */
  YC_DOCUMENT_ONE_TIME_NOTICE,       /* 一次性告知书 */
  YC_DOCUMENT_TOLERANCE_COMMITMENT,  /* 容缺受理承诺书 */
  YC_DOCUMENT_PLEDGE,                /* 告知承诺书 */
  YC_DOCUMENT_REFUSAL,               /* 不予受理通知书 */
} YcDocumentKind;

#define YC_N_DOCUMENT_KINDS 5

/* A4 in points (1/72 inch), the unit of yc_document_pages_draw(). */
#define YC_DOCUMENT_PAGE_WIDTH  (210.0 * 72.0 / 25.4)
#define YC_DOCUMENT_PAGE_HEIGHT (297.0 * 72.0 / 25.4)

/*
 * YcDocumentContext: what the documents need beyond the case — who issues them and with
 * what.  Reference counted; the _async functions take a copy, so changing a context later
 * does not reach a document being rendered.
 */
typedef struct _YcDocumentContext YcDocumentContext;

/*
 * YcDocumentPages: a document laid out, its pages ready to draw — into a PDF
 * (yc_document_pages_write_pdf()), onto a GtkPrintOperation's cairo context, or into a
 * preview.  Immutable and reference counted: laid out in a worker thread, drawn in the main
 * thread.
 */
typedef struct _YcDocumentPages YcDocumentPages;

#define YC_TYPE_DOCUMENT_CONTEXT (yc_document_context_get_type ())
#define YC_TYPE_DOCUMENT_PAGES   (yc_document_pages_get_type ())

GQuark              yc_document_error_quark               (void);
GType               yc_document_context_get_type          (void) G_GNUC_CONST;
GType               yc_document_pages_get_type            (void) G_GNUC_CONST;

YcDocumentContext  *yc_document_context_new               (const char          *hall_name);
YcDocumentContext  *yc_document_context_ref               (YcDocumentContext   *self);
void                yc_document_context_unref             (YcDocumentContext   *self);
YcDocumentContext  *yc_document_context_copy              (YcDocumentContext   *self);

/* The hall's name as printed (海淀区政务服务中心); the hall code of the case if NULL. */
void                yc_document_context_set_hall_name     (YcDocumentContext   *self,
                                                           const char          *hall_name);
const char         *yc_document_context_get_hall_name     (YcDocumentContext   *self);
/* The key of the receipt's verification hash; required for receipts. */
void                yc_document_context_set_hall_secret   (YcDocumentContext   *self,
                                                           const char          *secret);
const char         *yc_document_context_get_hall_secret   (YcDocumentContext   *self);
/* Without a hall secret a receipt is refused (YC_DOCUMENT_ERROR_NO_SECRET) unless this is
 * set: then it is printed without its QR code, with a visible note saying so (a window
 * enrolled before hall secrets existed must still hand the applicant a receipt). */
void                yc_document_context_set_allow_unverified (YcDocumentContext *self,
                                                              gboolean           allow);
gboolean            yc_document_context_get_allow_unverified (YcDocumentContext *self);
/* Printed names of the window and the clerk; the case's codes when NULL. */
void                yc_document_context_set_window_name   (YcDocumentContext   *self,
                                                           const char          *window_name);
void                yc_document_context_set_clerk_name    (YcDocumentContext   *self,
                                                           const char          *clerk_name);
/* How the applicant follows the case (next to the QR code); a general sentence when NULL. */
void                yc_document_context_set_follow_hint   (YcDocumentContext   *self,
                                                           const char          *hint);
void                yc_document_context_set_catalog       (YcDocumentContext   *self,
                                                           YcCatalog           *catalog);
YcCatalog          *yc_document_context_get_catalog       (YcDocumentContext   *self);
/* Counts the committed completion date of a case that has none stored. */
void                yc_document_context_set_calendar      (YcDocumentContext   *self,
                                                           YcCalendar          *calendar);

const char         *yc_document_kind_to_string            (YcDocumentKind       kind);
const char         *yc_document_kind_label                (YcDocumentKind       kind);  /* translated */
/* The documents a decided case gives, in the order they are handed over. */
GArray             *yc_document_kinds_for_case            (YcCase              *c);
gboolean            yc_document_applies                   (YcDocumentKind       kind,
                                                           YcCase              *c,
                                                           GError             **error);

/*
 * Lays the document out.  @result (nullable) is the rules result the clerk decided on: the
 * one-time notice lists its outstanding materials and the refusal its reason; without it
 * they come from the case.
 */
YcDocumentPages    *yc_document_layout                    (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
void                yc_document_layout_async              (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
YcDocumentPages    *yc_document_layout_finish             (GAsyncResult        *res,
                                                           GError             **error);

YcDocumentPages    *yc_document_pages_ref                 (YcDocumentPages     *self);
void                yc_document_pages_unref               (YcDocumentPages     *self);
YcDocumentKind      yc_document_pages_get_kind            (YcDocumentPages     *self);
const char         *yc_document_pages_get_title           (YcDocumentPages     *self);
guint               yc_document_pages_get_n_pages         (YcDocumentPages     *self);
/* Draws page @index (from 0) at @cr's current transformation, in points: scale by
 * width / YC_DOCUMENT_PAGE_WIDTH for a preview, by the print context's DPI / 72 to print. */
void                yc_document_pages_draw                (YcDocumentPages     *self,
                                                           guint                index,
                                                           cairo_t             *cr);
gboolean            yc_document_pages_write_pdf           (YcDocumentPages     *self,
                                                           GOutputStream       *stream,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
/* Several documents, one after the other, in one PDF (the receipt and the letters handed
 * over together); @title (nullable) is the PDF's, else the first document's. */
gboolean            yc_document_pages_write_pdf_many      (YcDocumentPages    **documents,
                                                           guint                n_documents,
                                                           const char          *title,
                                                           GOutputStream       *stream,
                                                           GCancellable        *cancellable,
                                                           GError             **error);

/*
 * yc_document_layout() and yc_document_pages_write_pdf() in one: the PDF to @stream (not
 * closed).
 */
gboolean            yc_document_write                     (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GOutputStream       *stream,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
void                yc_document_write_async               (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GOutputStream       *stream,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            yc_document_write_finish              (GAsyncResult        *res,
                                                           GError             **error);

/* Writes the PDF to @file, replacing it, and returns once it is on disk (fsync of the file
 * and, for local files, of its directory).  The file is created readable by its owner only:
 * it names the applicant. */
gboolean            yc_document_save                      (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GFile               *file,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
void                yc_document_save_async                (YcDocumentKind       kind,
                                                           YcDocumentContext   *context,
                                                           YcCase              *c,
                                                           YcRulesResult       *result,
                                                           GFile               *file,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            yc_document_save_finish               (GAsyncResult        *res,
                                                           GError             **error);
/* A rendered PDF (@bytes) to @file durably, created 0600: the last step of
 * yc_document_save(), for pages laid out earlier. */
gboolean            yc_document_save_bytes                (GBytes              *bytes,
                                                           GFile               *file,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
void                yc_document_save_bytes_async          (GBytes              *bytes,
                                                           GFile               *file,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            yc_document_save_bytes_finish         (GAsyncResult        *res,
                                                           GError             **error);

/* The receipt's QR code. */
char               *yc_receipt_qr_text                    (YcCase              *c,
                                                           const char          *secret);
gboolean            yc_receipt_parse_qr                   (const char          *text,
                                                           char               **number,
                                                           char               **uuid,
                                                           GError             **error);
/* TRUE when @text is a receipt QR code whose hash the hall secret and the case's
 * accepted_at (looked up by the UUID in it) produce; @number and @uuid (out, nullable). */
gboolean            yc_receipt_verify_qr                  (const char          *text,
                                                           const char          *secret,
                                                           const char          *accepted_at,
                                                           char               **number,
                                                           char               **uuid,
                                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentContext, yc_document_context_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDocumentPages, yc_document_pages_unref)

G_END_DECLS
