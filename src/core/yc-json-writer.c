/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-json"

#include "config.h"

#include <string.h>

#include "yc-json-reader-private.h"
#include "yc-json-writer.h"

/*
 * The text target writes what json-glib's generator writes, byte for byte: stored documents
 * and op hashes made by json_to_string () before this writer existed must still compare
 * equal.  The common cases are written here; the two whose spelling has changed between
 * json-glib releases (doubles, strings with control characters) are handed to json-glib
 * itself, so that the bytes follow the library the program runs with.
 */

void
yc_json_writer_init_text (YcJsonWriter *writer,
                          GString      *out)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (out != NULL);

  memset (writer, 0, sizeof *writer);
  writer->out = out;
}

void
yc_json_writer_init_tree (YcJsonWriter *writer,
                          JsonBuilder  *builder)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  memset (writer, 0, sizeof *writer);
  writer->builder = builder;
}

/* Before a member name or a value in text: the comma after the container's previous one. */
static void
separate (YcJsonWriter *writer)
{
  guint64 bit;

  if (writer->after_member)
    {
      writer->after_member = FALSE;
      return;
    }
  if (writer->depth == 0)
    return;
  bit = G_GUINT64_CONSTANT (1) << (writer->depth - 1);
  if (writer->has_value & bit)
    g_string_append_c (writer->out, ',');
  writer->has_value |= bit;
}

static void
open_container (YcJsonWriter *writer,
                char          bracket)
{
  g_return_if_fail (writer->depth < YC_JSON_WRITER_MAX_DEPTH);

  separate (writer);
  g_string_append_c (writer->out, bracket);
  writer->depth++;
  writer->has_value &= ~(G_GUINT64_CONSTANT (1) << (writer->depth - 1));
}

static void
close_container (YcJsonWriter *writer,
                 char          bracket)
{
  g_return_if_fail (writer->depth > 0);

  writer->depth--;
  g_string_append_c (writer->out, bracket);
}

void
yc_json_writer_begin_object (YcJsonWriter *writer)
{
  if (writer->builder != NULL)
    json_builder_begin_object (writer->builder);
  else
    open_container (writer, '{');
}

void
yc_json_writer_end_object (YcJsonWriter *writer)
{
  if (writer->builder != NULL)
    json_builder_end_object (writer->builder);
  else
    close_container (writer, '}');
}

void
yc_json_writer_begin_array (YcJsonWriter *writer)
{
  if (writer->builder != NULL)
    json_builder_begin_array (writer->builder);
  else
    open_container (writer, '[');
}

void
yc_json_writer_end_array (YcJsonWriter *writer)
{
  if (writer->builder != NULL)
    json_builder_end_array (writer->builder);
  else
    close_container (writer, ']');
}

/* What a byte of a string needs: 1 a backslash before it, 2 json-glib's own spelling. */
static const guint8 escapes[128] = {
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  ['"'] = 1, ['\\'] = 1, [0x7f] = 2,
};

/* @value quoted and escaped as json-glib does. */
static void
append_string (GString    *out,
               const char *value)
{
  gsize before = out->len;
  const char *start = value;
  const char *p;

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x80 || escapes[c] == 0)
        continue;
      if (escapes[c] == 2)
        {
          /* A control character: json-glib's own spelling of the whole string. */
          g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
          g_autofree char *text = json_to_string (node, FALSE);

          g_string_truncate (out, before);
          g_string_append (out, text);
          return;
        }
      g_string_append_len (out, start, p - start);
      g_string_append_c (out, '\\');
      start = p;
    }
  g_string_append_len (out, start, p - start);
  g_string_append_c (out, '"');
}

/* "%" G_GINT64_FORMAT without printf's machinery. */
static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  guint n = sizeof digits;

  do
    {
      digits[--n] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    digits[--n] = '-';
  g_string_append_len (out, digits + n, sizeof digits - n);
}

void
yc_json_writer_member (YcJsonWriter *writer,
                       const char   *name)
{
  g_return_if_fail (name != NULL);

  if (writer->builder != NULL)
    {
      json_builder_set_member_name (writer->builder, name);
      return;
    }
  separate (writer);
  append_string (writer->out, name);
  g_string_append_c (writer->out, ':');
  writer->after_member = TRUE;
}

void
yc_json_writer_null (YcJsonWriter *writer)
{
  if (writer->builder != NULL)
    {
      json_builder_add_null_value (writer->builder);
      return;
    }
  separate (writer);
  g_string_append_len (writer->out, "null", 4);
}

void
yc_json_writer_string (YcJsonWriter *writer,
                       const char   *value)
{
  if (value == NULL)
    yc_json_writer_null (writer);
  else if (writer->builder != NULL)
    json_builder_add_string_value (writer->builder, value);
  else
    {
      separate (writer);
      append_string (writer->out, value);
    }
}

void
yc_json_writer_int (YcJsonWriter *writer,
                    gint64        value)
{
  if (writer->builder != NULL)
    {
      json_builder_add_int_value (writer->builder, value);
      return;
    }
  separate (writer);
  append_int (writer->out, value);
}

void
yc_json_writer_boolean (YcJsonWriter *writer,
                        gboolean      value)
{
  if (writer->builder != NULL)
    {
      json_builder_add_boolean_value (writer->builder, value);
      return;
    }
  separate (writer);
  g_string_append (writer->out, value ? "true" : "false");
}

static void append_node (GString *out, JsonNode *node);

typedef struct {
  GString  *out;
  gboolean  first;
} MemberState;

static void
append_member_cb (JsonObject  *object,
                  const char  *name,
                  JsonNode    *node,
                  gpointer     user_data)
{
  MemberState *state = user_data;

  if (!state->first)
    g_string_append_c (state->out, ',');
  state->first = FALSE;
  append_string (state->out, name);
  g_string_append_c (state->out, ':');
  append_node (state->out, node);
}

/* Members in the order json-glib's generator writes them: the order they were added. */
static void
append_object (GString    *out,
               JsonObject *object)
{
  MemberState state = { out, TRUE };

  g_string_append_c (out, '{');
  json_object_foreach_member (object, append_member_cb, &state);
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append_len (out, "null", 4);
      break;
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          append_int (out, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          {
            /* Doubles: json-glib's spelling, which differs between its releases. */
            g_autofree char *text = json_to_string (node, FALSE);

            g_string_append (out, text);
          }
          break;
        }
      break;
    }
}

void
yc_json_writer_object (YcJsonWriter *writer,
                       JsonObject   *object)
{
  if (object == NULL)
    yc_json_writer_null (writer);
  else if (writer->builder != NULL)
    {
      JsonObject *copy = yc_json_object_copy (object);

      json_builder_add_value (writer->builder, json_node_init_object (json_node_alloc (), copy));
      json_object_unref (copy);
    }
  else
    {
      separate (writer);
      append_object (writer->out, object);
    }
}

gboolean
yc_json_writer_raw (YcJsonWriter *writer,
                    const char   *json)
{
  g_return_val_if_fail (json != NULL, FALSE);

  if (writer->builder != NULL)
    {
      JsonNode *node = json_from_string (json, NULL);

      if (node == NULL)
        return FALSE;
      json_builder_add_value (writer->builder, node);
      return TRUE;
    }
  separate (writer);
  g_string_append (writer->out, json);
  return TRUE;
}

void
yc_json_writer_add_string (YcJsonWriter *writer,
                           const char   *member,
                           const char   *value)
{
  yc_json_writer_member (writer, member);
  yc_json_writer_string (writer, value);
}

void
yc_json_writer_add_int (YcJsonWriter *writer,
                        const char   *member,
                        gint64        value)
{
  yc_json_writer_member (writer, member);
  yc_json_writer_int (writer, value);
}

void
yc_json_writer_add_boolean (YcJsonWriter *writer,
                            const char   *member,
                            gboolean      value)
{
  yc_json_writer_member (writer, member);
  yc_json_writer_boolean (writer, value);
}

void
yc_json_writer_add_date (YcJsonWriter *writer,
                         const char   *member,
                         const GDate  *value)
{
  char text[16];

  yc_json_writer_member (writer, member);
  if (value == NULL || !g_date_valid (value))
    {
      yc_json_writer_null (writer);
      return;
    }
  g_snprintf (text, sizeof text, "%04u-%02u-%02u", (guint) g_date_get_year (value),
              (guint) g_date_get_month (value), (guint) g_date_get_day (value));
  yc_json_writer_string (writer, text);
}

void
yc_json_writer_add_strv (YcJsonWriter       *writer,
                         const char         *member,
                         const char * const *values)
{
  yc_json_writer_member (writer, member);
  yc_json_writer_begin_array (writer);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    yc_json_writer_string (writer, values[i]);
  yc_json_writer_end_array (writer);
}

void
yc_json_writer_add_object (YcJsonWriter *writer,
                           const char   *member,
                           JsonObject   *value)
{
  yc_json_writer_member (writer, member);
  yc_json_writer_object (writer, value);
}
