/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A JSON text (RFC 8259, UTF-8) read into the JsonNode tree json-glib's parser builds of it:
 * the same node types, integers as gint64, other numbers as double, members in the order
 * written (a key written twice keeps its first place and its last value, as json-glib does),
 * so that every consumer of json_parser's trees reads these as they are.  It is several
 * times cheaper than JsonParser, which is why request bodies on the back office go through
 * it.
 *
 * It reads JSON and nothing else, where json-glib 1.6 also takes comments, single quotes,
 * hexadecimal and zero-padded numbers, unknown escapes, raw control characters in strings,
 * integers past 64 bits (wrapped round) and lone UTF-16 surrogates (garbled): each of those
 * is an error here.  An integer beyond gint64 is read as a double, a number beyond a
 * double's range and "\u0000" (which a C string cannot hold) are errors.
 */

#define YC_JSON_DECODE_ERROR (yc_json_decode_error_quark ())

typedef enum {
  YC_JSON_DECODE_ERROR_EMPTY,     /* nothing but white space */
  YC_JSON_DECODE_ERROR_SYNTAX,    /* not JSON */
  YC_JSON_DECODE_ERROR_ENCODING,  /* not UTF-8, a lone surrogate, U+0000 */
  YC_JSON_DECODE_ERROR_DEPTH,     /* nested deeper than YC_JSON_DECODE_MAX_DEPTH */
  YC_JSON_DECODE_ERROR_NUMBER,    /* beyond a double's range */
} YcJsonDecodeError;

/* Objects and arrays nested deeper are refused (YcJsonWriter writes no deeper either). */
#define YC_JSON_DECODE_MAX_DEPTH 64

GQuark    yc_json_decode_error_quark (void);

/* The messages start "byte N: ", N the offset of the fault in @data from 0. */
JsonNode *yc_json_decode             (const char  *data,
                                      gsize        length,
                                      GError     **error);

G_END_DECLS
