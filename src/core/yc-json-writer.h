/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One way to write a JSON document, two targets: compact text appended to a GString, the same
 * bytes json_to_string (…, FALSE) makes of the equivalent tree, or a JsonBuilder's tree.  The
 * wire types and the case document are described once against this writer
 * (yc-operation.c, yc-case-json.c); the back office writes what it stores and answers as text
 * without building a tree first, the clients get trees.
 *
 * Calls follow JsonBuilder's: a member name, then its value; containers begin and end.
 */

#define YC_JSON_WRITER_MAX_DEPTH 64

typedef struct {
  /*< private >*/
  GString     *out;        /* text target, or NULL */
  JsonBuilder *builder;    /* tree target, or NULL */
  guint        depth;
  guint64      has_value;  /* bit d: the container at depth d holds something already */
  gboolean     after_member;
} YcJsonWriter;

void      yc_json_writer_init_text    (YcJsonWriter        *writer,
                                       GString             *out);
void      yc_json_writer_init_tree    (YcJsonWriter        *writer,
                                       JsonBuilder         *builder);

void      yc_json_writer_begin_object (YcJsonWriter        *writer);
void      yc_json_writer_end_object   (YcJsonWriter        *writer);
void      yc_json_writer_begin_array  (YcJsonWriter        *writer);
void      yc_json_writer_end_array    (YcJsonWriter        *writer);
void      yc_json_writer_member       (YcJsonWriter        *writer,
                                       const char          *name);

/* Values; a NULL string, object or date is null.  An object from elsewhere is written as it
 * is in text, and deep-copied into a tree. */
void      yc_json_writer_string       (YcJsonWriter        *writer,
                                       const char          *value);
void      yc_json_writer_int          (YcJsonWriter        *writer,
                                       gint64               value);
void      yc_json_writer_boolean      (YcJsonWriter        *writer,
                                       gboolean             value);
void      yc_json_writer_null         (YcJsonWriter        *writer);
void      yc_json_writer_object       (YcJsonWriter        *writer,
                                       JsonObject          *object);
/* A value already written as compact JSON text (a stored answer): as it is in text, parsed
 * into a tree.  FALSE when @json does not parse (tree target only). */
gboolean  yc_json_writer_raw          (YcJsonWriter        *writer,
                                       const char          *json);

/* A member and its value. */
void      yc_json_writer_add_string   (YcJsonWriter        *writer,
                                       const char          *member,
                                       const char          *value);
void      yc_json_writer_add_int      (YcJsonWriter        *writer,
                                       const char          *member,
                                       gint64               value);
void      yc_json_writer_add_boolean  (YcJsonWriter        *writer,
                                       const char          *member,
                                       gboolean             value);
/* YYYY-MM-DD, or null for NULL or an invalid date. */
void      yc_json_writer_add_date     (YcJsonWriter        *writer,
                                       const char          *member,
                                       const GDate         *value);
void      yc_json_writer_add_strv     (YcJsonWriter        *writer,
                                       const char          *member,
                                       const char * const  *values);
void      yc_json_writer_add_object   (YcJsonWriter        *writer,
                                       const char          *member,
                                       JsonObject          *value);

G_END_DECLS
