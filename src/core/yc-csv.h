/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A CSV writer for exports the hall opens in a spreadsheet (yc-csv.c): RFC 4180 — fields
 * separated by commas, records ended by CRLF, a field holding a comma, a double quote, CR
 * or LF (or blanks at either end, which spreadsheets would trim) quoted, double quotes
 * inside it doubled.  UTF-8, optionally after a byte order mark, without which Excel reads
 * the file in the system's ANSI code page and shows Chinese as mojibake.
 */

typedef struct _YcCsvWriter YcCsvWriter;

YcCsvWriter *yc_csv_writer_new         (gboolean      byte_order_mark);
/* @text: (nullable): UTF-8; NULL is an empty field. */
void         yc_csv_writer_add_text    (YcCsvWriter  *self,
                                        const char   *text);
void         yc_csv_writer_add_int     (YcCsvWriter  *self,
                                        gint64        value);
/* @value with @decimals digits after the point, always a '.' whatever the locale; NAN and
 * infinities are an empty field (an undefined figure). */
void         yc_csv_writer_add_double  (YcCsvWriter  *self,
                                        double        value,
                                        guint         decimals);
void         yc_csv_writer_end_row     (YcCsvWriter  *self);
/* Ends a row left open, frees the writer. */
GBytes      *yc_csv_writer_finish      (YcCsvWriter  *self);
void         yc_csv_writer_free        (YcCsvWriter  *self);

/* One field as written: quoted when needed. */
char        *yc_csv_quote              (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCsvWriter, yc_csv_writer_free)

G_END_DECLS
