/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-json-reader"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-json-reader-private.h"

/* An unknown key this close to an allowed one is reported as a probable typo of it. */
#define MAX_KEY_DISTANCE 2

typedef struct {
  GHashTable *members_seen;  /* JsonObject* → number of members parsed so far */
  char       *duplicate;     /* first key seen twice in one object */
  guint       duplicate_line;
} DuplicateCheck;

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member_name,
                  gpointer    user_data)
{
  DuplicateCheck *check = user_data;
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (check->members_seen, object)) + 1;

  g_hash_table_insert (check->members_seen, object, GUINT_TO_POINTER (seen));

  /* json-glib silently keeps the last of two equal keys; whoever wrote the key twice
   * meant one of them, and we cannot know which. */
  if (seen > json_object_get_size (object) && check->duplicate == NULL)
    {
      check->duplicate = g_strdup (member_name);
      check->duplicate_line = json_parser_get_current_line (parser);
    }
}

/*
 * yc_json_parse:
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
yc_json_parse (const YcJsonReader  *reader,
               int                  syntax_code,
               const char          *data,
               gsize                length,
               GError             **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) members_seen = NULL;
  g_autofree char *duplicate = NULL;
  DuplicateCheck check = { 0 };
  const char *file;
  gboolean loaded;
  JsonNode *root;

  g_return_val_if_fail (reader->file != NULL, NULL);

  file = reader->file;
  /* json-glib takes an empty document for a valid one without a root (and refuses NULL). */
  if (data == NULL || length == 0)
    {
      g_set_error (error, reader->domain, syntax_code, _("%s: the file is empty"), file);
      return NULL;
    }

  parser = json_parser_new ();
  members_seen = check.members_seen = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &check);

  loaded = json_parser_load_from_data (parser, data, length, &local_error);
  duplicate = check.duplicate;
  if (!loaded)
    {
      unsigned line = 0, column = 0;
      int consumed = 0;

      /* json-glib says "<data>:LINE:COLUMN: Parse error: …"; say it our way. */
      if (sscanf (local_error->message, "<data>:%u:%u: %n", &line, &column, &consumed) == 2
          && consumed > 0)
        g_set_error (error, reader->domain, syntax_code,
                     _("%s: line %u, column %u: not valid JSON: %s"),
                     file, line, column, local_error->message + consumed);
      else
        g_set_error (error, reader->domain, syntax_code,
                     _("%s: not valid JSON: %s"), file, local_error->message);
      return NULL;
    }

  if (duplicate != NULL)
    {
      g_set_error (error, reader->domain, reader->code,
                   _("%s: line %u: key “%s” appears twice in the same object"),
                   file, check.duplicate_line, duplicate);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, reader->domain, syntax_code, _("%s: the file is empty"), file);
      return NULL;
    }

  return json_node_copy (root);
}

char *
yc_json_path (const char *path,
              const char *member)
{
  return path != NULL && *path != '\0' ? g_strconcat (path, ".", member, NULL) : g_strdup (member);
}

char *
yc_json_index_path (const char *path,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", path != NULL ? path : "", index);
}

static gboolean G_GNUC_PRINTF (4, 0)
fail_valist (const YcJsonReader  *reader,
             GError             **error,
             const char          *path,
             const char          *format,
             va_list              args)
{
  g_autoptr(GString) message = g_string_new (NULL);

  if (reader->file != NULL)
    g_string_append_printf (message, "%s: ", reader->file);
  if (path != NULL && *path != '\0')
    g_string_append_printf (message, "%s: ", path);
  g_string_append_vprintf (message, format, args);

  g_set_error_literal (error, reader->domain, reader->code, message->str);
  return FALSE;
}

/*
 * yc_json_fail:
 * @path: (nullable): where, or %NULL or "" for the whole document
 *
 * Returns: %FALSE, so that callers can `return yc_json_fail (…);`
 */
gboolean
yc_json_fail (const YcJsonReader  *reader,
              GError             **error,
              const char          *path,
              const char          *format,
              ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (reader, error, path, format, args);
  va_end (args);
  return FALSE;
}

/* Fails at @member of the object at @path (at its element @index unless -1).  The path is
 * built only here: reading a valid document (a push reads hundreds of members) builds none. */
static gboolean G_GNUC_PRINTF (6, 7)
fail_member (const YcJsonReader  *reader,
             GError             **error,
             const char          *path,
             const char          *member,
             int                  index,
             const char          *format,
             ...)
{
  g_autofree char *full = yc_json_path (path, member);
  g_autofree char *element = index >= 0 ? yc_json_index_path (full, index) : NULL;
  va_list args;

  va_start (args, format);
  fail_valist (reader, error, element != NULL ? element : full, format, args);
  va_end (args);
  return FALSE;
}

/* What a node is, for "must be …, not KIND". */
static const char *
node_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_INT64:
      return _("an integer");
    default:
      return _("a number with a fraction");
    }
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

static const char *
closest_key (const char         *key,
             const char * const *keys)
{
  const char *best = NULL;
  guint best_distance = MAX_KEY_DISTANCE + 1;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint distance = edit_distance (key, keys[i]);
      if (distance < best_distance)
        {
          best = keys[i];
          best_distance = distance;
        }
    }
  return best;
}

/*
 * yc_json_check_members:
 * @allowed: the members the object may have; any other is an error, so that a misspelt
 *   member ("tolerabel") is caught instead of silently taking its default
 */
gboolean
yc_json_check_members (const YcJsonReader  *reader,
                       JsonObject          *object,
                       const char * const  *allowed,
                       const char          *path,
                       GError             **error)
{
  const char *unknown = _(reader->unknown != NULL ? reader->unknown : N_("unknown field"));
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (allowed, member))
      {
        const char *suggestion = closest_key (member, allowed);

        if (suggestion != NULL)
          /* TRANSLATORS: the first %s is "unknown field" or the like */
          return fail_member (reader, error, path, member, -1, _("%s (did you mean “%s”?)"),
                              unknown, suggestion);
        return fail_member (reader, error, path, member, -1, "%s", unknown);
      }
  return TRUE;
}

/* Returns: (transfer none): the object, or %NULL with @error set */
JsonObject *
yc_json_node_object (const YcJsonReader  *reader,
                     JsonNode            *node,
                     const char          *path,
                     const char * const  *allowed,
                     GError             **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      yc_json_fail (reader, error, path, _("must be an object, not %s"), node_kind (node));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!yc_json_check_members (reader, object, allowed, path, error))
    return NULL;
  return object;
}

/*
 * The member's node, or NULL when absent (or null and nullable).  FALSE when the member is
 * required and absent, or null and not nullable.
 */
static gboolean
lookup (const YcJsonReader  *reader,
        JsonObject          *object,
        const char          *member,
        const char          *path,
        YcJsonFlags          flags,
        JsonNode           **out,
        GError             **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (flags & YC_JSON_REQUIRED)
        return fail_member (reader, error, path, member, -1, "%s",
                            _(reader->missing != NULL ? reader->missing : N_("missing")));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & YC_JSON_NULLABLE))
        return fail_member (reader, error, path, member, -1, _("must not be null"));
      return TRUE;
    }
  *out = node;
  return TRUE;
}

static gboolean
get_any_string (const YcJsonReader  *reader,
                JsonObject          *object,
                const char          *member,
                const char          *path,
                YcJsonFlags          flags,
                gboolean             allow_empty,
                const char         **out,
                GError             **error)
{
  JsonNode *node;
  const char *value;

  *out = NULL;
  if (!lookup (reader, object, member, path, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_STRING))
    return fail_member (reader, error, path, member, -1, _("must be a string, not %s"),
                        node_kind (node));
  value = json_node_get_string (node);
  if (!allow_empty && *value == '\0')
    return fail_member (reader, error, path, member, -1, _("must not be empty"));
  *out = value;
  return TRUE;
}

gboolean
yc_json_get_string (const YcJsonReader  *reader,
                    JsonObject          *object,
                    const char          *member,
                    const char          *path,
                    YcJsonFlags          flags,
                    const char         **out,
                    GError             **error)
{
  return get_any_string (reader, object, member, path, flags, FALSE, out, error);
}

gboolean
yc_json_get_text (const YcJsonReader  *reader,
                  JsonObject          *object,
                  const char          *member,
                  const char          *path,
                  YcJsonFlags          flags,
                  const char         **out,
                  GError             **error)
{
  return get_any_string (reader, object, member, path, flags, TRUE, out, error);
}

gboolean
yc_json_dup_trimmed (const YcJsonReader  *reader,
                     JsonObject          *object,
                     const char          *member,
                     const char          *path,
                     YcJsonFlags          flags,
                     char               **out,
                     GError             **error)
{
  g_autofree char *value = NULL;
  const char *text;

  *out = NULL;
  if (!get_any_string (reader, object, member, path, flags, TRUE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  value = g_strstrip (g_strdup (text));
  if (*value == '\0')
    {
      /* An empty optional text is the same as none: it prints nothing on a notice. */
      if (flags & YC_JSON_REQUIRED)
        return fail_member (reader, error, path, member, -1, _("must not be empty"));
      return TRUE;
    }
  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
yc_json_get_int (const YcJsonReader  *reader,
                 JsonObject          *object,
                 const char          *member,
                 const char          *path,
                 YcJsonFlags          flags,
                 gint64               min,
                 gint64               max,
                 gint64              *out,
                 GError             **error)
{
  JsonNode *node;
  gint64 value;

  if (!lookup (reader, object, member, path, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_INT64))
    {
      if (flags & YC_JSON_NULLABLE)
        return fail_member (reader, error, path, member, -1,
                            _("must be a whole number or null, not %s"),
                            node_kind (node));
      return fail_member (reader, error, path, member, -1, _("must be a whole number, not %s"),
                          node_kind (node));
    }
  value = json_node_get_int (node);
  if (value < min)
    return fail_member (reader, error, path, member, -1, _("must be at least %lld"),
                        (long long) min);
  if (value > max)
    return fail_member (reader, error, path, member, -1, _("must be at most %lld"),
                        (long long) max);
  *out = value;
  return TRUE;
}

gboolean
yc_json_get_bool (const YcJsonReader  *reader,
                  JsonObject          *object,
                  const char          *member,
                  const char          *path,
                  YcJsonFlags          flags,
                  gboolean            *out,
                  GError             **error)
{
  JsonNode *node;

  if (!lookup (reader, object, member, path, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_BOOLEAN))
    return fail_member (reader, error, path, member, -1, _("must be true or false, not %s"),
                        node_kind (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
yc_json_get_object (const YcJsonReader  *reader,
                    JsonObject          *object,
                    const char          *member,
                    const char          *path,
                    YcJsonFlags          flags,
                    JsonObject         **out,
                    GError             **error)
{
  JsonNode *node;

  *out = NULL;
  if (!lookup (reader, object, member, path, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_member (reader, error, path, member, -1, _("must be an object, not %s"),
                        node_kind (node));
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
yc_json_get_array_min (const YcJsonReader  *reader,
                       JsonObject          *object,
                       const char          *member,
                       const char          *path,
                       YcJsonFlags          flags,
                       guint                min_length,
                       JsonArray          **out,
                       GError             **error)
{
  JsonNode *node;

  *out = NULL;
  if (!lookup (reader, object, member, path, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_member (reader, error, path, member, -1, _("must be an array, not %s"),
                        node_kind (node));
  if (json_array_get_length (json_node_get_array (node)) < min_length)
    {
      if (min_length == 1)
        return fail_member (reader, error, path, member, -1, _("must not be empty"));
      return fail_member (reader, error, path, member, -1, _("must have at least %u entries"),
                          min_length);
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
yc_json_get_array (const YcJsonReader  *reader,
                   JsonObject          *object,
                   const char          *member,
                   const char          *path,
                   YcJsonFlags          flags,
                   JsonArray          **out,
                   GError             **error)
{
  return yc_json_get_array_min (reader, object, member, path, flags, 0, out, error);
}

gboolean
yc_json_get_date (const YcJsonReader  *reader,
                  JsonObject          *object,
                  const char          *member,
                  const char          *path,
                  YcJsonFlags          flags,
                  GDate               *out,
                  GError             **error)
{
  const char *value;

  g_date_clear (out, 1);
  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (!yc_date_parse_iso (value, out))
    return fail_member (reader, error, path, member, -1, _("“%s” is not a date (YYYY-MM-DD)"),
                        value);
  return TRUE;
}

gboolean
yc_json_get_timestamp (const YcJsonReader  *reader,
                       JsonObject          *object,
                       const char          *member,
                       const char          *path,
                       YcJsonFlags          flags,
                       const char         **out,
                       GError             **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  const char *value;

  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  *out = value;
  if (value == NULL)
    return TRUE;
  /* No default zone: a timestamp without one would mean different instants on the clerk's
   * device and on the server. */
  parsed = g_date_time_new_from_iso8601 (value, NULL);
  if (parsed == NULL)
    {
      *out = NULL;
      return fail_member (reader, error, path, member, -1,
                          _("“%s” is not an ISO 8601 date and time with a time zone"), value);
    }
  return TRUE;
}

gboolean
yc_json_get_uuid (const YcJsonReader  *reader,
                  JsonObject          *object,
                  const char          *member,
                  const char          *path,
                  YcJsonFlags          flags,
                  const char         **out,
                  GError             **error)
{
  const char *value;

  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  *out = value;
  if (value != NULL && !g_uuid_string_is_valid (value))
    {
      *out = NULL;
      return fail_member (reader, error, path, member, -1, _("“%s” is not a UUID"), value);
    }
  return TRUE;
}

gboolean
yc_json_is_sha256 (const char *str)
{
  if (str == NULL || strlen (str) != 64)
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
yc_json_get_sha256 (const YcJsonReader  *reader,
                    JsonObject          *object,
                    const char          *member,
                    const char          *path,
                    YcJsonFlags          flags,
                    const char         **out,
                    GError             **error)
{
  const char *value;

  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  *out = value;
  if (value != NULL && !yc_json_is_sha256 (value))
    {
      *out = NULL;
      return fail_member (reader, error, path, member, -1,
                          _("not a SHA-256 digest (64 lowercase hexadecimal digits)"));
    }
  return TRUE;
}

gboolean
yc_json_get_strv (const YcJsonReader  *reader,
                  JsonObject          *object,
                  const char          *member,
                  const char          *path,
                  YcJsonFlags          flags,
                  GStrv               *out,
                  GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  *out = NULL;
  if (!yc_json_get_array (reader, object, member, path, flags, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;

      if (!holds_type (node, G_TYPE_STRING))
        return fail_member (reader, error, path, member, i, _("must be a string, not %s"),
                            node_kind (node));
      value = json_node_get_string (node);
      if (*value == '\0')
        return fail_member (reader, error, path, member, i, _("must not be empty"));
      if (!g_hash_table_add (seen, (gpointer) value))
        return fail_member (reader, error, path, member, i, _("“%s” is listed twice"), value);
      g_strv_builder_add (builder, value);
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

char *
yc_json_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format_iso8601 (now);
}

void
yc_json_add_string (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
yc_json_add_date (JsonBuilder *builder,
                  const char  *member,
                  const GDate *value)
{
  g_autofree char *text = value != NULL ? yc_date_format_iso (value) : NULL;

  yc_json_add_string (builder, member, text);
}

void
yc_json_add_strv (JsonBuilder        *builder,
                  const char         *member,
                  const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static JsonNode *
copy_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = yc_json_object_copy (json_node_get_object (node));
        JsonNode *result = json_node_init_object (json_node_alloc (), copy);

        json_object_unref (copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result;

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, copy_node (json_array_get_element (array, i)));
        result = json_node_init_array (json_node_alloc (), copy);
        json_array_unref (copy);
        return result;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* json_node_copy() shares objects and arrays; a case must not share its members with the
 * payload it was made from, nor hand out its own to a caller that may change them. */
JsonObject *
yc_json_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, copy_node (json_object_get_member (object, l->data)));
  return copy;
}

void
yc_json_add_object (JsonBuilder *builder,
                    const char  *member,
                    JsonObject  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    {
      JsonObject *copy = yc_json_object_copy (value);

      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), copy));
      json_object_unref (copy);
    }
  else
    json_builder_add_null_value (builder);
}
