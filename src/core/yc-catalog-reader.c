/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-catalog"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "yc-catalog-reader-private.h"

/* An unknown key this close to a known one is reported as a probable typo of it. */
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

  /* json-glib silently keeps the last of two equal keys; an administrator who wrote the
   * key twice meant one of them, and we cannot know which. */
  if (seen > json_object_get_size (object) && check->duplicate == NULL)
    {
      check->duplicate = g_strdup (member_name);
      check->duplicate_line = json_parser_get_current_line (parser);
    }
}

/*
 * yc_catalog_reader_parse:
 * @file: the name used in error messages
 *
 * Returns: (transfer full): the root node, or %NULL with YC_CATALOG_ERROR_PARSE (not JSON,
 *   with the line) or YC_CATALOG_ERROR_INVALID (a key repeated within one object)
 */
JsonNode *
yc_catalog_reader_parse (const char  *file,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  DuplicateCheck check = { 0 };
  JsonNode *root;

  /* json-glib takes an empty document for a valid one without a root (and refuses NULL). */
  if (data == NULL || length == 0)
    {
      g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_PARSE,
                   _("%s: the file is empty"), file);
      return NULL;
    }

  check.members_seen = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &check);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      unsigned line = 0, column = 0;
      int consumed = 0;

      g_hash_table_unref (check.members_seen);
      g_free (check.duplicate);

      /* json-glib says "<data>:LINE:COLUMN: Parse error: …"; say it our way. */
      if (sscanf (local_error->message, "<data>:%u:%u: %n", &line, &column, &consumed) == 2
          && consumed > 0)
        g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_PARSE,
                     _("%s: line %u, column %u: not valid JSON: %s"),
                     file, line, column, local_error->message + consumed);
      else
        g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_PARSE,
                     _("%s: not valid JSON: %s"), file, local_error->message);
      return NULL;
    }

  g_hash_table_unref (check.members_seen);

  if (check.duplicate != NULL)
    {
      g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_INVALID,
                   _("%s: line %u: key “%s” appears twice in the same object"),
                   file, check.duplicate_line, check.duplicate);
      g_free (check.duplicate);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_PARSE,
                   _("%s: the file is empty"), file);
      return NULL;
    }

  return json_node_copy (root);
}

/*
 * yc_catalog_reader_invalid:
 *
 * Sets a YC_CATALOG_ERROR_INVALID error "FILE: PATH: REASON" (no PATH for the root).
 *
 * Returns: %FALSE, so that callers can `return yc_catalog_reader_invalid (…);`
 */
gboolean
yc_catalog_reader_invalid (GError     **error,
                           const char  *file,
                           const char  *path,
                           const char  *format,
                           ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (path == NULL || *path == '\0')
    g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_INVALID, "%s: %s", file, reason);
  else
    g_set_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_INVALID,
                 "%s: %s: %s", file, path, reason);
  return FALSE;
}

char *
yc_catalog_reader_member (const char *path,
                          const char *key)
{
  if (path == NULL || *path == '\0')
    return g_strdup (key);
  return g_strconcat (path, ".", key, NULL);
}

char *
yc_catalog_reader_index (const char *path,
                         guint       index)
{
  return g_strdup_printf ("%s[%u]", path, index);
}

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
 * yc_catalog_reader_object:
 * @keys: the keys the object may have; any other key is an error, so that a misspelt
 *   flag ("tolerabel") is caught instead of silently taking its default
 *
 * Returns: (transfer none): the object, or %NULL with @error set
 */
JsonObject *
yc_catalog_reader_object (const char          *file,
                          JsonNode            *node,
                          const char          *path,
                          const char * const  *keys,
                          GError             **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      yc_catalog_reader_invalid (error, file, path, _("must be an object, not %s"),
                                 node_kind (node));
      return NULL;
    }

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (keys, member))
        {
          g_autofree char *member_path = yc_catalog_reader_member (path, member);
          const char *suggestion = closest_key (member, keys);

          if (suggestion != NULL)
            yc_catalog_reader_invalid (error, file, member_path,
                                       _("unknown key (did you mean “%s”?)"), suggestion);
          else
            yc_catalog_reader_invalid (error, file, member_path, _("unknown key"));
          return NULL;
        }
    }

  return object;
}

/* Looks up @key; %FALSE with @error set when it is absent but required. */
static gboolean
lookup (const char    *file,
        JsonObject    *object,
        const char    *path,
        const char    *key,
        YcFieldFlags   flags,
        JsonNode     **node,
        GError       **error)
{
  *node = json_object_get_member (object, key);
  if (*node == NULL && (flags & YC_FIELD_REQUIRED) != 0)
    {
      g_autofree char *member_path = yc_catalog_reader_member (path, key);
      return yc_catalog_reader_invalid (error, file, member_path, _("is required"));
    }
  return TRUE;
}

gboolean
yc_catalog_reader_string (const char    *file,
                          JsonObject    *object,
                          const char    *path,
                          const char    *key,
                          YcFieldFlags   flags,
                          char         **out,
                          GError       **error)
{
  g_autofree char *member_path = NULL;
  g_autofree char *value = NULL;
  JsonNode *node;

  *out = NULL;
  if (!lookup (file, object, path, key, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  member_path = yc_catalog_reader_member (path, key);
  if (JSON_NODE_HOLDS_NULL (node) && (flags & YC_FIELD_NULLABLE) != 0)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return yc_catalog_reader_invalid (error, file, member_path, _("must be a string, not %s"),
                                      node_kind (node));

  value = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*value == '\0')
    {
      /* An empty optional text is the same as none: it prints nothing on a notice. */
      if ((flags & YC_FIELD_REQUIRED) != 0)
        return yc_catalog_reader_invalid (error, file, member_path, _("must not be empty"));
      return TRUE;
    }

  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
yc_catalog_reader_int (const char    *file,
                       JsonObject    *object,
                       const char    *path,
                       const char    *key,
                       YcFieldFlags   flags,
                       int            fallback,
                       int            min,
                       int            max,
                       int           *out,
                       GError       **error)
{
  g_autofree char *member_path = NULL;
  JsonNode *node;
  gint64 value;

  *out = fallback;
  if (!lookup (file, object, path, key, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  member_path = yc_catalog_reader_member (path, key);
  if (JSON_NODE_HOLDS_NULL (node) && (flags & YC_FIELD_NULLABLE) != 0)
    {
      *out = YC_NO_LIMIT;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      if ((flags & YC_FIELD_NULLABLE) != 0)
        return yc_catalog_reader_invalid (error, file, member_path,
                                          _("must be a whole number or null, not %s"),
                                          node_kind (node));
      return yc_catalog_reader_invalid (error, file, member_path,
                                        _("must be a whole number, not %s"),
                                        node_kind (node));
    }

  value = json_node_get_int (node);
  if (value < min)
    return yc_catalog_reader_invalid (error, file, member_path,
                                      _("must be at least %d"), min);
  if (value > max)
    return yc_catalog_reader_invalid (error, file, member_path,
                                      _("must be at most %d"), max);

  *out = (int) value;
  return TRUE;
}

gboolean
yc_catalog_reader_bool (const char  *file,
                        JsonObject  *object,
                        const char  *path,
                        const char  *key,
                        gboolean     fallback,
                        gboolean    *out,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = fallback;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *member_path = yc_catalog_reader_member (path, key);
      return yc_catalog_reader_invalid (error, file, member_path,
                                        _("must be true or false, not %s"), node_kind (node));
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
yc_catalog_reader_array (const char    *file,
                         JsonObject    *object,
                         const char    *path,
                         const char    *key,
                         YcFieldFlags   flags,
                         guint          min_length,
                         JsonArray    **out,
                         GError       **error)
{
  g_autofree char *member_path = NULL;
  JsonNode *node;

  *out = NULL;
  if (!lookup (file, object, path, key, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  member_path = yc_catalog_reader_member (path, key);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return yc_catalog_reader_invalid (error, file, member_path,
                                      _("must be an array, not %s"), node_kind (node));

  if (json_array_get_length (json_node_get_array (node)) < min_length)
    {
      if (min_length == 1)
        return yc_catalog_reader_invalid (error, file, member_path, _("must not be empty"));
      return yc_catalog_reader_invalid (error, file, member_path,
                                        _("must have at least %u entries"), min_length);
    }

  *out = json_node_get_array (node);
  return TRUE;
}

static const struct {
  YcAudience  audience;
  const char *key;
} audiences[] = {
  { YC_AUDIENCE_CITIZEN, "citizen" },
  { YC_AUDIENCE_ENTERPRISE, "enterprise" },
  { YC_AUDIENCE_ALL, "all" },
};

const char *
yc_audience_to_string (YcAudience audience)
{
  for (guint i = 0; i < G_N_ELEMENTS (audiences); i++)
    if (audiences[i].audience == audience)
      return audiences[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_catalog_reader_audience (const char  *file,
                            JsonObject  *object,
                            const char  *path,
                            YcAudience  *out,
                            GError     **error)
{
  g_autofree char *value = NULL;
  g_autofree char *member_path = NULL;

  if (!yc_catalog_reader_string (file, object, path, "audience", YC_FIELD_REQUIRED,
                                 &value, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (audiences); i++)
    if (g_str_equal (audiences[i].key, value))
      {
        *out = audiences[i].audience;
        return TRUE;
      }

  member_path = yc_catalog_reader_member (path, "audience");
  return yc_catalog_reader_invalid (error, file, member_path,
                                    _("unknown audience “%s” (expected citizen, enterprise or all)"),
                                    value);
}

/*
 * yc_catalog_reader_stages:
 *
 * Reads "life_stages": distinct keys, each a life stage of the given @audience (an item
 * for enterprises cannot be filed under 出生).
 */
gboolean
yc_catalog_reader_stages (const char  *file,
                          JsonObject  *object,
                          const char  *path,
                          YcAudience   audience,
                          GStrv       *out,
                          GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autofree char *stages_path = yc_catalog_reader_member (path, "life_stages");
  const char * const *allowed = yc_life_stage_keys (audience);
  JsonArray *array;

  if (!yc_catalog_reader_array (file, object, path, "life_stages", YC_FIELD_OPTIONAL, 0,
                                &array, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element_path = yc_catalog_reader_index (stages_path, i);
      const char *key;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return yc_catalog_reader_invalid (error, file, element_path,
                                          _("must be a string, not %s"), node_kind (node));

      key = json_node_get_string (node);
      if (!yc_life_stage_is_valid (key))
        return yc_catalog_reader_invalid (error, file, element_path,
                                          _("unknown life stage “%s”"), key);
      if (!g_strv_contains (allowed, key))
        return yc_catalog_reader_invalid (error, file, element_path,
                                          _("life stage “%s” does not apply to this audience"),
                                          key);
      if (g_ptr_array_find_with_equal_func (seen, key, g_str_equal, NULL))
        return yc_catalog_reader_invalid (error, file, element_path,
                                          _("life stage “%s” is listed twice"), key);

      g_ptr_array_add (seen, (gpointer) key);
      g_strv_builder_add (builder, key);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}
