/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-calendar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-calendar-private.h"

/*
 * Reading holiday files in the format of NateScarlet/holiday-cn (docs/calendar.md).
 * Validation is strict: a calendar that silently skipped a bad entry would move deadlines.
 */

void
yc_year_file_free (YcYearFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_clear_pointer (&file->days, g_array_unref);
  g_free (file);
}

static gboolean
node_holds (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
parse_day (JsonNode    *node,
           const char  *name,
           guint        index,
           int          year,
           YcListedDay   *day,
           GError     **error)
{
  static const char * const keys[] = { "name", "date", "isOffDay" };
  JsonObject *object;
  const char *text;
  GDate date;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u] must be an object"), name, index);
      return FALSE;
    }

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!json_object_has_member (object, keys[i]))
      {
        g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                     _("%s: days[%u]: missing key “%s”"), name, index, keys[i]);
        return FALSE;
      }

  if (!node_holds (json_object_get_member (object, "name"), G_TYPE_STRING))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u].name: must be text"), name, index);
      return FALSE;
    }

  if (!node_holds (json_object_get_member (object, "isOffDay"), G_TYPE_BOOLEAN))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u].isOffDay: must be true or false"), name, index);
      return FALSE;
    }

  if (!node_holds (json_object_get_member (object, "date"), G_TYPE_STRING))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u].date: must be a date written YYYY-MM-DD"), name, index);
      return FALSE;
    }
  text = json_object_get_string_member (object, "date");
  if (!yc_date_parse_iso (text, &date))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u].date: “%s” is not a date (write it as YYYY-MM-DD)"),
                   name, index, text);
      return FALSE;
    }

  /* A year's notice may move a weekend of the December before (调休 for 元旦). */
  if (g_date_get_year (&date) != year &&
      !(g_date_get_year (&date) == year - 1 && g_date_get_month (&date) == G_DATE_DECEMBER))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: days[%u].date: %s is outside the year %d (only December of the year before may appear)"),
                   name, index, text, year);
      return FALSE;
    }

  day->julian = g_date_get_julian (&date);
  day->off = json_object_get_boolean_member (object, "isOffDay");
  return TRUE;
}

/*
 * yc_year_file_parse:
 * @name: the file's name, for messages
 *
 * Returns: (transfer full): one year's file in holiday-cn format, validated; or %NULL with
 *   @error set (%YC_CALENDAR_ERROR_INVALID naming @name, the entry and the reason)
 */
YcYearFile *
yc_year_file_parse (GBytes      *json,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(YcYearFile) file = NULL;
  JsonObject *root;
  JsonArray *days;
  JsonNode *node;
  gint64 year;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: not a holiday file: %s"), name, local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: the top level must be a JSON object"), name);
      return NULL;
    }
  root = json_node_get_object (node);

  node = json_object_get_member (root, "year");
  if (node == NULL)
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: missing key “%s”"), name, "year");
      return NULL;
    }
  year = node_holds (node, G_TYPE_INT64) ? json_node_get_int (node) : 0;
  if (year < 1900 || year > 9999)
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: “year” must be a whole number from 1900 to 9999"), name);
      return NULL;
    }

  node = json_object_get_member (root, "days");
  if (node == NULL)
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: missing key “%s”"), name, "days");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                   _("%s: “days” must be a list"), name);
      return NULL;
    }
  days = json_node_get_array (node);

  file = g_new0 (YcYearFile, 1);
  file->year = (int) year;
  file->name = g_strdup (name);
  file->days = g_array_sized_new (FALSE, FALSE, sizeof (YcListedDay), json_array_get_length (days));
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      YcListedDay day;

      if (!parse_day (json_array_get_element (days, i), name, i, file->year, &day, error))
        return NULL;
      g_array_append_val (file->days, day);
    }

  return g_steal_pointer (&file);
}

static gboolean
is_year_file_name (const char *name)
{
  return strlen (name) == 9 &&
         g_ascii_isdigit (name[0]) && g_ascii_isdigit (name[1]) &&
         g_ascii_isdigit (name[2]) && g_ascii_isdigit (name[3]) &&
         g_str_equal (name + 4, ".json");
}

/*
 * yc_year_files_load_directory:
 *
 * Parses every `YYYY.json` of @dir, checking that each file's year matches its name.
 *
 * Returns: (transfer full) (element-type YcYearFile): the files, at least one, owned by
 *   the array; or %NULL with @error set
 */
GPtrArray *
yc_year_files_load_directory (GFile   *dir,
                              GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_year_file_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir_name = g_file_get_parse_name (dir);

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (enumerator == NULL)
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO,
                   _("Could not read the holiday calendar folder %s: %s"),
                   dir_name, local_error->message);
      return NULL;
    }

  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *child_name = NULL;
      YcYearFile *file;
      const char *basename;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, &local_error))
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO,
                       _("Could not read the holiday calendar folder %s: %s"),
                       dir_name, local_error->message);
          return NULL;
        }
      if (info == NULL)
        break;

      basename = g_file_info_get_name (info);
      if (!is_year_file_name (basename))
        continue;

      child_name = g_file_get_parse_name (child);
      bytes = g_file_load_bytes (child, NULL, NULL, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO,
                       _("Could not read the holiday calendar %s: %s"),
                       child_name, local_error->message);
          return NULL;
        }

      file = yc_year_file_parse (bytes, child_name, error);
      if (file == NULL)
        return NULL;
      g_ptr_array_add (files, file);

      if (file->year != (int) g_ascii_strtoll (basename, NULL, 10))
        {
          g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                       _("%s: the file is named for %.4s but its “year” is %d"),
                       child_name, basename, file->year);
          return NULL;
        }
    }

  if (files->len == 0)
    {
      g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO,
                   _("The holiday calendar folder %s holds no year file (such as 2025.json)"),
                   dir_name);
      return NULL;
    }

  return g_steal_pointer (&files);
}
