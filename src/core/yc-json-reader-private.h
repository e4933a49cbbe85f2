/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Strict reading of JSON objects for the wire types and the case document: every error is
 * set in the caller's domain and code and starts with the JSON path of the field
 * ("payload.materials[2].pages: …"), so that the server can name the field and a clerk or
 * administrator can find it.  Paths are built by the caller with yc_json_path().
 */

typedef struct {
  GQuark domain;
  int    code;
} YcJsonReader;

typedef enum {
  YC_JSON_OPTIONAL = 0,
  YC_JSON_REQUIRED = 1 << 0,  /* the member must be present */
  YC_JSON_NULLABLE = 1 << 1,  /* null is accepted (read as absent) */
} YcJsonFlags;

char       *yc_json_path           (const char          *path,
                                    const char          *member);
char       *yc_json_index_path     (const char          *path,
                                    guint                index);
gboolean    yc_json_fail           (const YcJsonReader  *reader,
                                    GError             **error,
                                    const char          *path,
                                    const char          *format,
                                    ...) G_GNUC_PRINTF (4, 5);

gboolean    yc_json_check_members  (const YcJsonReader  *reader,
                                    JsonObject          *object,
                                    const char * const  *allowed,
                                    const char          *path,
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
gboolean    yc_json_parse_date     (const char          *str,
                                    GDate               *out);
char       *yc_json_format_date    (const GDate         *date);   /* NULL when invalid */
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
