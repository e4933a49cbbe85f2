/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"
#include "yc-backoffice-client-stats.h"
#include "yc-sync-error.h"

/* GET /api/v1/stats: the hall's figures for a period, read strictly (a figure the app
 * misread would be reported to the hall as true). */

#define STATS_WHAT "GET /api/v1/stats"

/* The error domain is a function call, so the reader is filled in on first use. */
static const YcJsonReader *
reader (void)
{
  static YcJsonReader r = { 0, YC_SYNC_ERROR_PROTOCOL, STATS_WHAT, NULL, NULL };

  r.domain = YC_SYNC_ERROR;
  return &r;
}

#define FIGURES_MEMBERS \
  "cases", "by_decision", "accepted", "one_trip", "one_trip_share", "at_once", "at_once_share", \
  "decided", "average_stages", "compression", "overdue", "satisfaction"

static void
group_free (gpointer data)
{
  YcFiguresGroup *group = data;

  g_free (group->key);
  g_free (group->hall);
  g_free (group->name);
  g_free (group);
}

static YcStats *
stats_new (void)
{
  YcStats *stats = g_new0 (YcStats, 1);

  g_date_clear (&stats->from, 1);
  g_date_clear (&stats->to, 1);
  stats->by_department = g_ptr_array_new_with_free_func (group_free);
  stats->by_window = g_ptr_array_new_with_free_func (group_free);
  return stats;
}

static GPtrArray *
copy_groups (GPtrArray *groups,
             GPtrArray *into)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const YcFiguresGroup *group = g_ptr_array_index (groups, i);
      YcFiguresGroup *copy = g_new0 (YcFiguresGroup, 1);

      copy->key = g_strdup (group->key);
      copy->hall = g_strdup (group->hall);
      copy->name = g_strdup (group->name);
      copy->figures = group->figures;
      g_ptr_array_add (into, copy);
    }
  return into;
}

YcStats *
yc_stats_copy (const YcStats *stats)
{
  YcStats *copy;

  g_return_val_if_fail (stats != NULL, NULL);

  copy = stats_new ();
  copy->from = stats->from;
  copy->to = stats->to;
  copy->generated_at = g_strdup (stats->generated_at);
  copy->total = stats->total;
  copy_groups (stats->by_department, copy->by_department);
  copy_groups (stats->by_window, copy->by_window);
  copy->json = g_strdup (stats->json);
  return copy;
}

void
yc_stats_free (YcStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->generated_at);
  g_ptr_array_unref (stats->by_department);
  g_ptr_array_unref (stats->by_window);
  g_free (stats->json);
  g_free (stats);
}

G_DEFINE_BOXED_TYPE (YcStats, yc_stats, yc_stats_copy, yc_stats_free)

const char *
yc_figures_group_get_label (const YcFiguresGroup *group)
{
  g_return_val_if_fail (group != NULL, NULL);

  return group->name != NULL && *group->name != '\0' ? group->name : group->key;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           const char  *path,
           guint       *out,
           GError     **error)
{
  g_autofree char *full = yc_json_path (path, member);
  gint64 value = 0;

  if (!yc_json_get_int (reader (), object, member, full, YC_JSON_REQUIRED, 0, G_MAXUINT32,
                        &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* A number, or null for "undefined" (NAN). */
static gboolean
get_ratio (JsonObject  *object,
           const char  *member,
           const char  *path,
           double      *out,
           GError     **error)
{
  g_autofree char *full = yc_json_path (path, member);
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL)
    return yc_json_fail (reader (), error, full, "missing");
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    return yc_json_fail (reader (), error, full, "not a number");
  if (!isfinite (*out))
    return yc_json_fail (reader (), error, full, "not a finite number");
  return TRUE;
}

static gboolean
read_average (JsonObject  *object,
              const char  *member,
              const char  *path,
              guint       *out_cases,
              double      *out_average,
              GError     **error)
{
  static const char * const members[] = { "cases", "average", NULL };
  g_autofree char *full = yc_json_path (path, member);
  JsonObject *average = NULL;

  return yc_json_get_object (reader (), object, member, full, YC_JSON_REQUIRED, &average, error)
         && yc_json_check_members (reader (), average, members, full, error)
         && get_count (average, "cases", full, out_cases, error)
         && get_ratio (average, "average", full, out_average, error);
}

/* The members every level has; the caller checked the object's member list. */
static gboolean
read_figures (JsonObject  *object,
              const char  *path,
              YcFigures   *f,
              GError     **error)
{
  static const char * const compression_members[] = { "committed", "actual", NULL };
  static const char * const satisfaction_members[] = {
    "rated", "levels", "average", "satisfied_share", NULL
  };
  g_autofree char *decisions_path = yc_json_path (path, "by_decision");
  g_autofree char *compression_path = yc_json_path (path, "compression");
  g_autofree char *satisfaction_path = yc_json_path (path, "satisfaction");
  g_autofree char *levels_path = yc_json_path (satisfaction_path, "levels");
  const char *decision_names[YC_N_DECISIONS + 1] = { NULL };
  JsonObject *decisions = NULL, *compression = NULL, *satisfaction = NULL;
  JsonArray *levels = NULL;

  for (guint d = 0; d < YC_N_DECISIONS; d++)
    decision_names[d] = yc_decision_to_string (d);

  if (!get_count (object, "cases", path, &f->cases, error)
      || !yc_json_get_object (reader (), object, "by_decision", decisions_path, YC_JSON_REQUIRED, &decisions, error)
      || !yc_json_check_members (reader (), decisions, decision_names, decisions_path, error))
    return FALSE;
  for (guint d = 0; d < YC_N_DECISIONS; d++)
    if (!get_count (decisions, decision_names[d], decisions_path, &f->by_decision[d], error))
      return FALSE;
  if (!get_count (object, "accepted", path, &f->accepted, error)
      || !get_count (object, "one_trip", path, &f->one_trip, error)
      || !get_ratio (object, "one_trip_share", path, &f->one_trip_share, error)
      || !get_count (object, "at_once", path, &f->at_once, error)
      || !get_ratio (object, "at_once_share", path, &f->at_once_share, error)
      || !get_count (object, "decided", path, &f->decided, error)
      || !get_ratio (object, "average_stages", path, &f->average_stages, error)
      || !get_count (object, "overdue", path, &f->overdue, error)
      || !yc_json_get_object (reader (), object, "compression", compression_path, YC_JSON_REQUIRED, &compression, error)
      || !yc_json_check_members (reader (), compression, compression_members, compression_path, error)
      || !read_average (compression, "committed", compression_path, &f->committed_cases, &f->committed_compression, error)
      || !read_average (compression, "actual", compression_path, &f->actual_cases, &f->actual_compression, error)
      || !yc_json_get_object (reader (), object, "satisfaction", satisfaction_path, YC_JSON_REQUIRED, &satisfaction, error)
      || !yc_json_check_members (reader (), satisfaction, satisfaction_members, satisfaction_path, error)
      || !get_count (satisfaction, "rated", satisfaction_path, &f->rated, error)
      || !get_ratio (satisfaction, "average", satisfaction_path, &f->rating_average, error)
      || !get_ratio (satisfaction, "satisfied_share", satisfaction_path, &f->satisfied_share, error)
      || !yc_json_get_array (reader (), satisfaction, "levels", levels_path, YC_JSON_REQUIRED, &levels, error))
    return FALSE;
  if (json_array_get_length (levels) != 5)
    return yc_json_fail (reader (), error, levels_path, "not five counts");
  for (guint i = 0; i < 5; i++)
    {
      JsonNode *node = json_array_get_element (levels, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT32)
        return yc_json_fail (reader (), error, levels_path, "not five counts");
      f->levels[i] = (guint) json_node_get_int (node);
    }
  return TRUE;
}

static gboolean
read_groups (JsonObject  *object,
             const char  *member,
             const char  *key_name,
             GPtrArray   *into,
             GError     **error)
{
  static const char * const department_members[] = { "department", "name", FIGURES_MEMBERS, NULL };
  static const char * const window_members[] = { "window", "hall", "name", FIGURES_MEMBERS, NULL };
  gboolean windows = g_str_equal (key_name, "window");
  JsonArray *array = NULL;

  if (!yc_json_get_array (reader (), object, member, member, YC_JSON_REQUIRED, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = yc_json_index_path (member, i);
      JsonObject *element;
      const char *key = NULL, *hall = NULL, *name = NULL;
      YcFiguresGroup *group;

      element = yc_json_node_object (reader (), json_array_get_element (array, i), path,
                                     windows ? window_members : department_members, error);
      if (element == NULL
          || !yc_json_get_string (reader (), element, key_name, path, YC_JSON_REQUIRED, &key, error)
          || (windows && !yc_json_get_string (reader (), element, "hall", path, YC_JSON_REQUIRED, &hall, error))
          || !yc_json_get_text (reader (), element, "name", path, YC_JSON_NULLABLE, &name, error))
        return FALSE;
      group = g_new0 (YcFiguresGroup, 1);
      group->key = g_strdup (key);
      group->hall = g_strdup (hall);
      group->name = g_strdup (name);
      g_ptr_array_add (into, group);
      if (!read_figures (element, path, &group->figures, error))
        return FALSE;
    }
  return TRUE;
}

YcStats *
yc_stats_parse (const char  *json,
                gssize       length,
                GError     **error)
{
  static const char * const members[] = {
    "from", "to", "generated_at", FIGURES_MEMBERS, "by_department", "by_window", NULL
  };
  g_autoptr(YcStats) stats = stats_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object = NULL;
  const char *generated_at = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (length < 0)
    length = strlen (json);
  body = g_bytes_new (json, length);
  root = yc_backoffice_parse_answer (reader (), body, members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_date (reader (), object, "from", NULL, YC_JSON_REQUIRED, &stats->from, &local_error)
      || !yc_json_get_date (reader (), object, "to", NULL, YC_JSON_REQUIRED, &stats->to, &local_error)
      || !yc_json_get_timestamp (reader (), object, "generated_at", NULL, YC_JSON_REQUIRED, &generated_at, &local_error)
      || !read_figures (object, NULL, &stats->total, &local_error)
      || !read_groups (object, "by_department", "department", stats->by_department, &local_error)
      || !read_groups (object, "by_window", "window", stats->by_window, &local_error))
    {
      yc_backoffice_set_protocol_error (error, local_error->message);
      return NULL;
    }
  stats->generated_at = g_strdup (generated_at);
  stats->json = g_strndup (json, length);
  return g_steal_pointer (&stats);
}

static gpointer
handle_stats (YcBackofficeClient  *self,
              SoupMessage         *msg,
              GBytes              *body,
              JsonNode            *json,
              GError             **error)
{
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  if (data == NULL)
    {
      yc_backoffice_set_protocol_error (error, STATS_WHAT ": no body");
      return NULL;
    }
  return yc_stats_parse (data, length, error);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcStats *stats;
  GError *error = NULL;

  stats = yc_backoffice_client_call_finish (YC_BACKOFFICE_CLIENT (object), result, handle_stats, &error);
  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) yc_stats_free);
}

/**
 * yc_backoffice_client_get_stats_async:
 * @from: the first day of the period
 * @to: the last day (inclusive), not before @from
 *
 * GET /api/v1/stats for the cases accepted in the period, signed in as a supervisor (their
 * hall, or every hall) or an administrator; %YC_SYNC_ERROR_FORBIDDEN otherwise, and
 * %YC_SYNC_ERROR_OFFLINE when the back office cannot be reached.
 */
void
yc_backoffice_client_get_stats_async (YcBackofficeClient  *self,
                                      const GDate         *from,
                                      const GDate         *to,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  YcCallSpec spec = {
    .method = "GET",
    .flags = YC_CALL_AUTHENTICATED,
    .handle = handle_stats,
    .result_free = (GDestroyNotify) yc_stats_free,
    .source_tag = handle_stats,
  };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_backoffice_client_get_stats_async);
  if (g_date_compare (from, to) > 0)
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("The period ends before it starts"));
      return;
    }
  path = g_strdup_printf ("/api/v1/stats?from=%04u-%02u-%02u&to=%04u-%02u-%02u",
                          g_date_get_year (from), g_date_get_month (from), g_date_get_day (from),
                          g_date_get_year (to), g_date_get_month (to), g_date_get_day (to));
  spec.path = path;
  yc_backoffice_client_call (self, &spec, NULL, cancellable, stats_cb, g_steal_pointer (&task));
}

/**
 * yc_backoffice_client_get_stats_finish:
 *
 * Returns: (transfer full): the figures, or %NULL with @error
 */
YcStats *
yc_backoffice_client_get_stats_finish (YcBackofficeClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_backoffice_client_get_stats_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
