/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalog.h"

G_BEGIN_DECLS

/*
 * Typed, path-aware access to the JSON of a catalog file, for the loader.  Every failure
 * sets a YC_CATALOG_ERROR_INVALID error of the form "FILE: PATH: REASON", where PATH is a
 * JSON path such as items[12].scenarios[0].materials[3].copies.
 */

typedef enum {
  YC_FIELD_OPTIONAL = 0,
  YC_FIELD_REQUIRED = 1 << 0,  /* absent is an error */
  YC_FIELD_NULLABLE = 1 << 1,  /* null is accepted (string → NULL, int → YC_NO_LIMIT) */
} YcFieldFlags;

JsonNode   *yc_catalog_reader_parse      (const char          *file,
                                          const char          *data,
                                          gsize                length,
                                          GError             **error);

gboolean    yc_catalog_reader_invalid    (GError             **error,
                                          const char          *file,
                                          const char          *path,
                                          const char          *format,
                                          ...) G_GNUC_PRINTF (4, 5);

char       *yc_catalog_reader_member     (const char          *path,
                                          const char          *key);
char       *yc_catalog_reader_index      (const char          *path,
                                          guint                index);

JsonObject *yc_catalog_reader_object     (const char          *file,
                                          JsonNode            *node,
                                          const char          *path,
                                          const char * const  *keys,
                                          GError             **error);
gboolean    yc_catalog_reader_string     (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          const char          *key,
                                          YcFieldFlags         flags,
                                          char               **out,
                                          GError             **error);
gboolean    yc_catalog_reader_int        (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          const char          *key,
                                          YcFieldFlags         flags,
                                          int                  fallback,
                                          int                  min,
                                          int                  max,
                                          int                 *out,
                                          GError             **error);
gboolean    yc_catalog_reader_bool       (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          const char          *key,
                                          gboolean             fallback,
                                          gboolean            *out,
                                          GError             **error);
gboolean    yc_catalog_reader_array      (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          const char          *key,
                                          YcFieldFlags         flags,
                                          guint                min_length,
                                          JsonArray          **out,
                                          GError             **error);
gboolean    yc_catalog_reader_audience   (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          YcAudience          *out,
                                          GError             **error);
gboolean    yc_catalog_reader_stages     (const char          *file,
                                          JsonObject          *object,
                                          const char          *path,
                                          YcAudience           audience,
                                          GStrv               *out,
                                          GError             **error);

const char *yc_audience_to_string        (YcAudience           audience);

G_END_DECLS
