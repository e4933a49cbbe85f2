/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-json-reader"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-json-reader-private.h"

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

gboolean
yc_json_fail (const YcJsonReader  *reader,
              GError             **error,
              const char          *path,
              const char          *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, reader->domain, reader->code, "%s: %s", path, message);
  return FALSE;
}

gboolean
yc_json_check_members (const YcJsonReader  *reader,
                       JsonObject          *object,
                       const char * const  *allowed,
                       const char          *path,
                       GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *full = yc_json_path (path, l->data);
        return yc_json_fail (reader, error, full, _("unknown field"));
      }
  return TRUE;
}

/*
 * The member's node, or NULL when absent (or null and nullable).  FALSE when the member is
 * required and absent, or null and not nullable.
 */
static gboolean
lookup (const YcJsonReader  *reader,
        JsonObject          *object,
        const char          *member,
        const char          *full,
        YcJsonFlags          flags,
        JsonNode           **out,
        GError             **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    {
      if (flags & YC_JSON_REQUIRED)
        return yc_json_fail (reader, error, full, _("missing"));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & YC_JSON_NULLABLE))
        return yc_json_fail (reader, error, full, _("must not be null"));
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
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node;
  const char *value;

  *out = NULL;
  if (!lookup (reader, object, member, full, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return yc_json_fail (reader, error, full, _("must be a string"));
  value = json_node_get_string (node);
  if (!allow_empty && *value == '\0')
    return yc_json_fail (reader, error, full, _("must not be empty"));
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
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node;
  gint64 value;

  if (!lookup (reader, object, member, full, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return yc_json_fail (reader, error, full, _("must be a whole number"));
  value = json_node_get_int (node);
  if (value < min || value > max)
    return yc_json_fail (reader, error, full, _("%lld is out of range (%lld–%lld)"),
                         (long long) value, (long long) min, (long long) max);
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
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node;

  if (!lookup (reader, object, member, full, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return yc_json_fail (reader, error, full, _("must be true or false"));
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
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node;

  *out = NULL;
  if (!lookup (reader, object, member, full, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return yc_json_fail (reader, error, full, _("must be an object"));
  *out = json_node_get_object (node);
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
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node;

  *out = NULL;
  if (!lookup (reader, object, member, full, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return yc_json_fail (reader, error, full, _("must be an array"));
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
yc_json_parse_date (const char *str,
                    GDate      *out)
{
  guint year, month, day;

  g_date_clear (out, 1);
  if (str == NULL || strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
      return FALSE;
  year = (guint) g_ascii_strtoull (str, NULL, 10);
  month = (guint) g_ascii_strtoull (str + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (str + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

char *
yc_json_format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
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
  g_autofree char *full = yc_json_path (path, member);
  const char *value;

  g_date_clear (out, 1);
  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (!yc_json_parse_date (value, out))
    return yc_json_fail (reader, error, full, _("“%s” is not a date (YYYY-MM-DD)"), value);
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
  g_autofree char *full = yc_json_path (path, member);
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
      return yc_json_fail (reader, error, full,
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
  g_autofree char *full = yc_json_path (path, member);
  const char *value;

  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  *out = value;
  if (value != NULL && !g_uuid_string_is_valid (value))
    {
      *out = NULL;
      return yc_json_fail (reader, error, full, _("“%s” is not a UUID"), value);
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
  g_autofree char *full = yc_json_path (path, member);
  const char *value;

  if (!yc_json_get_string (reader, object, member, path, flags, &value, error))
    return FALSE;
  *out = value;
  if (value != NULL && !yc_json_is_sha256 (value))
    {
      *out = NULL;
      return yc_json_fail (reader, error, full,
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
  g_autofree char *full = yc_json_path (path, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  *out = NULL;
  if (!yc_json_get_array (reader, object, member, path, flags, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element = yc_json_index_path (full, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return yc_json_fail (reader, error, element, _("must be a string"));
      value = json_node_get_string (node);
      if (*value == '\0')
        return yc_json_fail (reader, error, element, _("must not be empty"));
      if (!g_hash_table_add (seen, (gpointer) value))
        return yc_json_fail (reader, error, element, _("“%s” is listed twice"), value);
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
  g_autofree char *text = yc_json_format_date (value);

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
