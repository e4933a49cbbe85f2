/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Strict reading of JSON documents: the catalog files, the wire types, the case document
 * and the described case of `yichuang-catalog evaluate`.  Every error is set in the
 * reader's domain and code and names where it is: "FILE: PATH: REASON" when the reader
 * has a file, "PATH: REASON" otherwise ("payload.materials[2].pages: …"), so that the
 * server can name the field and a clerk or administrator can find it.  Paths are built by
 * the caller with yc_json_path() and yc_json_index_path().
 */

typedef struct {
  GQuark      domain;
  int         code;
  const char *file;     /* the document, named first in every message; NULL for none */
  /* How a format's documentation words two failures, marked for translation; NULL for the
   * defaults "unknown field" and "missing". */
  const char *unknown;  /* a member the object may not have */
  const char *missing;  /* a required member that is absent */
} YcJsonReader;

typedef enum {
  YC_JSON_OPTIONAL = 0,
  YC_JSON_REQUIRED = 1 << 0,  /* the member must be present */
  YC_JSON_NULLABLE = 1 << 1,  /* null is accepted (read as absent) */
} YcJsonFlags;

/* The root of @data; an empty document and syntax errors are @syntax_code, a key
 * written twice in one object (json-glib would keep the last silently) the reader's code.
 * The reader must have a file. */
JsonNode   *yc_json_parse          (const YcJsonReader  *reader,
                                    int                  syntax_code,
                                    const char          *data,
                                    gsize                length,
                                    GError             **error);

char       *yc_json_path           (const char          *path,
                                    const char          *member);
char       *yc_json_index_path     (const char          *path,
                                    guint                index);
gboolean    yc_json_fail           (const YcJsonReader  *reader,
                                    GError             **error,
                                    const char          *path,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (4, 5);

/* Any member not in @allowed is an error, with the allowed key it is probably a typo of. */
gboolean    yc_json_check_members  (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char * const  *allowed,
                                    const char          *path,
                                    GError             **error);
/* @node as an object with only @allowed members (array elements, roots). */
JsonObject *yc_json_node_object    (const YcJsonReader  *reader,
                                    JsonNode            *node,
                                    const char          *path,
                                    const char * const  *allowed,
                                    GError             **error);
/* Non-empty string; *out NULL when absent (or null with NULLABLE). */
gboolean    yc_json_get_string     (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    const char         **out,
                                    GError             **error);
/* Any string, possibly empty (comments, messages that may be blank). */
gboolean    yc_json_get_text       (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    const char         **out,
                                    GError             **error);
/* A copy without surrounding blanks (texts written by hand); blank is the same as absent,
 * and an error when required. */
gboolean    yc_json_dup_trimmed    (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    char               **out,
                                    GError             **error);
/* Integer in [min, max]; *out untouched when absent. */
gboolean    yc_json_get_int        (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    gint64               min,
                                    gint64               max,
                                    gint64              *out,
                                    GError             **error);
gboolean    yc_json_get_bool       (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    gboolean            *out,
                                    GError             **error);
gboolean    yc_json_get_object     (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    JsonObject         **out,
                                    GError             **error);
gboolean    yc_json_get_array      (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    JsonArray          **out,
                                    GError             **error);
/* An array of at least @min_length elements when present. */
gboolean    yc_json_get_array_min  (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    guint                min_length,
                                    JsonArray          **out,
                                    GError             **error);
/* "YYYY-MM-DD"; @out cleared (invalid) when absent. */
gboolean    yc_json_get_date       (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    GDate               *out,
                                    GError             **error);
/* ISO 8601 with a time zone. */
gboolean    yc_json_get_timestamp  (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    const char         **out,
                                    GError             **error);
gboolean    yc_json_get_uuid       (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    const char         **out,
                                    GError             **error);
gboolean    yc_json_get_sha256     (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    const char         **out,
                                    GError             **error);
/* Array of distinct non-empty strings → NULL-terminated vector (empty when absent). */
gboolean    yc_json_get_strv       (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char          *member,
                                    const char          *path,
                                    YcJsonFlags          flags,
                                    GStrv               *out,
                                    GError             **error);

gboolean    yc_json_is_sha256      (const char          *str);
char       *yc_json_now            (void);                        /* ISO 8601, local time */

/* Builder helpers: NULL strings and invalid dates become null. */
void        yc_json_add_string     (JsonBuilder         *builder,
                                    const char          *member,
                                    const char          *value);
void        yc_json_add_date       (JsonBuilder         *builder,
                                    const char          *member,
                                    const GDate         *value);
/* A deep copy (json_node_copy() shares objects and arrays). */
JsonObject *yc_json_object_copy    (JsonObject          *object);
/* Adds a deep copy of @value, or null. */
void        yc_json_add_object     (JsonBuilder         *builder,
                                    const char          *member,
                                    JsonObject          *value);
void        yc_json_add_strv       (JsonBuilder         *builder,
                                    const char          *member,
                                    const char * const  *values);

G_END_DECLS
