/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <qrencode.h>

G_BEGIN_DECLS

/*
 * The layout engine of the printed documents: A4 pages with fixed margins, a flow of blocks
 * (title, headings, paragraphs, ruled tables, signature lines, a seal placeholder, a QR code)
 * laid out top to bottom with Pango, breaking onto a new page when a block does not fit.
 * A table breaking across pages repeats its header row; pages after the first carry a
 * running header.  Pages are drawn on recording surfaces, so that the footer can say
 * "第 1 页 共 2 页" once the number of pages is known (yc_page_writer_end()); YcDocumentPages
 * replays them onto a PDF surface, a print context or a preview.  No GTK.
 */

typedef struct _YcPageWriter YcPageWriter;

typedef enum {
  YC_ALIGN_LEFT,
  YC_ALIGN_CENTER,
  YC_ALIGN_RIGHT,
} YcAlign;

typedef struct {
  const char *title;  /* header cell; NULL or "" for tables without a header row */
  double      width;  /* share of the text width; the shares of a table add up to 1 */
  YcAlign     align;
  gboolean    label;  /* a label column: shaded, bold (key–value tables) */
} YcColumn;

YcPageWriter *yc_page_writer_new            (const char      *running_header);
void          yc_page_writer_free           (YcPageWriter    *self);

void          yc_page_writer_title          (YcPageWriter    *self,
                                             const char      *text);
void          yc_page_writer_right_line     (YcPageWriter    *self,
                                             const char      *text);
void          yc_page_writer_heading        (YcPageWriter    *self,
                                             const char      *text);
void          yc_page_writer_paragraph      (YcPageWriter    *self,
                                             const char      *text,
                                             gboolean         indent);
void          yc_page_writer_emphasis       (YcPageWriter    *self,
                                             const char      *text);
/* @rows: of GStrv, each with one cell per column. */
void          yc_page_writer_table          (YcPageWriter    *self,
                                             const YcColumn  *columns,
                                             guint            n_columns,
                                             GPtrArray       *rows);
void          yc_page_writer_space          (YcPageWriter    *self,
                                             double           points);
void          yc_page_writer_closing        (YcPageWriter       *self,
                                             const char * const *signatures,
                                             const char         *date_label,
                                             const char         *issuer,
                                             const char         *date,
                                             const char         *seal_label);
void          yc_page_writer_qr             (YcPageWriter    *self,
                                             const QRcode    *code,
                                             const char      *caption);

GPtrArray    *yc_page_writer_end            (YcPageWriter       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPageWriter, yc_page_writer_free)

G_END_DECLS
