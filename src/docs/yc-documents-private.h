/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-bundle-merge.h"
#include "yc-documents.h"
#include "yc-page-writer-private.h"

G_BEGIN_DECLS

struct _YcDocumentContext
{
  gatomicrefcount  ref_count;
  char            *hall_name;
  char            *hall_secret;
  char            *window_name;
  char            *clerk_name;
  char            *follow_hint;
  gboolean         allow_unverified;  /* a receipt without secret: no QR code, a note */
  YcCatalog       *catalog;
  YcCalendar      *calendar;
};

YcDocumentPages *yc_document_pages_new     (YcDocumentKind      kind,
                                           GPtrArray          *pages);

/* One document's content, drawn into @writer (yc-receipt.c, yc-letters.c, yc-notices.c). */
typedef gboolean (*YcDocumentDrawFunc) (YcPageWriter       *writer,
                                        YcDocumentContext  *context,
                                        YcCase             *c,
                                        YcRulesResult      *result,
                                        GError            **error);

gboolean      yc_receipt_draw                (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              YcRulesResult      *result,
                                              GError            **error);
gboolean      yc_tolerance_commitment_draw   (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              YcRulesResult      *result,
                                              GError            **error);
gboolean      yc_pledge_draw                 (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              YcRulesResult      *result,
                                              GError            **error);
gboolean      yc_one_time_notice_draw        (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              YcRulesResult      *result,
                                              GError            **error);
gboolean      yc_refusal_draw                (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              YcRulesResult      *result,
                                              GError            **error);

/* Shared pieces (yc-document-parts.c). */
char         *yc_docs_format_date            (const GDate        *date);
char         *yc_docs_format_datetime        (const char         *iso8601);
const char   *yc_docs_hall_name              (YcDocumentContext  *context,
                                              YcCase             *c);
const char   *yc_docs_window_name            (YcDocumentContext  *context,
                                              YcCase             *c);
const char   *yc_docs_clerk_name             (YcDocumentContext  *context,
                                              YcCase             *c);
const char   *yc_docs_subject_name           (YcDocumentContext  *context,
                                              YcCase             *c);
const char   *yc_docs_applicant_name         (YcCase             *c);
gboolean      yc_docs_has_agent              (YcCase             *c);
const char   *yc_docs_material_name          (YcCase             *c,
                                              const char         *code);
YcMergedList *yc_docs_merge_subject          (YcDocumentContext  *context,
                                              YcCase             *c);
const char   *yc_docs_material_source_hint   (YcMergedList       *merged,
                                              const char         *code);

GStrv         yc_docs_row                    (const char         *first,
                                              ...) G_GNUC_NULL_TERMINATED;
void          yc_docs_begin                  (YcPageWriter       *writer,
                                              YcDocumentKind      kind,
                                              YcCase             *c);
void          yc_docs_applicant_table        (YcPageWriter       *writer,
                                              YcCase             *c);
void          yc_docs_closing                (YcPageWriter       *writer,
                                              YcDocumentContext  *context,
                                              YcCase             *c,
                                              gboolean            signatures,
                                              const GDate        *date);

G_END_DECLS
