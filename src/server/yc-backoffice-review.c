/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * Review queries and statistics.  Storage narrows by hall, departments, state, text and
 * acceptance dates; the traffic light is computed here with the same core code as the app
 * (yc_case_deadline_state), so a case is red on the server exactly when it is red at the
 * counter.
 */

#define DEFAULT_QUERY_LIMIT 50
#define MAX_QUERY_LIMIT     500

typedef struct {
  YcStorageCase   *row;
  YcCase          *c;
  YcDeadlineState  light;
  int              remaining;
  GDate            deadline;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->row, yc_storage_case_free);
  g_clear_pointer (&entry->c, yc_case_unref);
  g_free (entry);
}

static Entry *
entry_new (YcBackoffice   *self,
           YcStorageCase  *row,
           const GDate    *today,
           GError        **error)
{
  g_autoptr(JsonNode) document = json_from_string (row->document, error);
  Entry *entry;
  YcCase *c;

  if (document == NULL)
    return NULL;
  c = yc_case_from_json (document, error);
  if (c == NULL)
    return NULL;
  entry = g_new0 (Entry, 1);
  entry->row = row;
  entry->c = c;
  entry->light = yc_case_deadline_state (c, self->calendar, today, YC_CASE_YELLOW_THRESHOLD_DEFAULT,
                                         &entry->remaining);
  yc_case_current_deadline (c, self->calendar, today, &entry->deadline);
  return entry;
}

static gboolean
deadline_from_string (const char      *str,
                      YcDeadlineState *out)
{
  for (YcDeadlineState s = YC_DEADLINE_GREEN; s <= YC_DEADLINE_RED; s++)
    if (g_strcmp0 (str, yc_deadline_state_to_string (s)) == 0)
      {
        *out = s;
        return TRUE;
      }
  return FALSE;
}

static int
compare_deadline (gconstpointer a,
                  gconstpointer b)
{
  const Entry *x = *(Entry **) a, *y = *(Entry **) b;

  if (x->light != y->light)
    return x->light > y->light ? -1 : 1;          /* red first */
  if (x->remaining != y->remaining)
    return x->remaining < y->remaining ? -1 : 1;
  return g_strcmp0 (x->row->number, y->row->number);
}

static int
compare_accepted (gconstpointer a,
                  gconstpointer b)
{
  const Entry *x = *(Entry **) a, *y = *(Entry **) b;
  int order = g_strcmp0 (x->row->accepted_on, y->row->accepted_on);

  return order != 0 ? order : g_strcmp0 (x->row->number, y->row->number);
}

static int
compare_accepted_desc (gconstpointer a,
                       gconstpointer b)
{
  return -compare_accepted (a, b);
}

static int
compare_number (gconstpointer a,
                gconstpointer b)
{
  const Entry *x = *(Entry **) a, *y = *(Entry **) b;

  return g_strcmp0 (x->row->number, y->row->number);
}

static const struct {
  const char       *name;
  GCompareFunc      compare;
} sorts[] = {
  { "deadline", compare_deadline },
  { "accepted", compare_accepted },
  { "-accepted", compare_accepted_desc },
  { "number", compare_number },
};

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_light (JsonBuilder *builder,
           const Entry *entry)
{
  g_autofree char *deadline = yc_backoffice_date_to_iso (&entry->deadline);

  add_string_or_null (builder, "deadline", deadline);
  json_builder_set_member_name (builder, "deadline_status");
  json_builder_add_string_value (builder, yc_deadline_state_to_string (entry->light));
  json_builder_set_member_name (builder, "remaining_days");
  json_builder_add_int_value (builder, entry->remaining);
}

static void
add_summary (JsonBuilder *builder,
             const Entry *entry)
{
  YcCase *c = entry->c;
  guint open_urges = 0;

  json_builder_begin_object (builder);
  add_string_or_null (builder, "uuid", c->uuid);
  add_string_or_null (builder, "number", c->number);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, c->version);
  add_string_or_null (builder, "hall", c->hall);
  add_string_or_null (builder, "window", c->window);
  add_string_or_null (builder, "clerk", c->clerk);
  add_string_or_null (builder, "state", yc_case_state_to_string (c->state));
  add_string_or_null (builder, "state_label", yc_case_state_label (c->state));
  add_string_or_null (builder, "decision", yc_decision_to_string (c->decision));
  add_string_or_null (builder, "subject_code", c->subject_code);
  add_string_or_null (builder, "subject_name", c->subject_name);
  add_string_or_null (builder, "applicant_name", entry->row->applicant_name);
  add_string_or_null (builder, "accepted_on", entry->row->accepted_on);
  add_light (builder, entry);
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "department", part->department);
      add_string_or_null (builder, "state", yc_case_state_to_string (part->state));
      add_string_or_null (builder, "claimed_by", part->claimed_by);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  for (guint i = 0; c->urges != NULL && i < c->urges->len; i++)
    if (!((YcCaseUrge *) g_ptr_array_index (c->urges, i))->acknowledged)
      open_urges++;
  json_builder_set_member_name (builder, "open_urges");
  json_builder_add_int_value (builder, open_urges);
  json_builder_end_object (builder);
}

/* Loads the cases matching @filter as entries; NULL with @error when storage failed. */
static GPtrArray *
load_entries (YcBackoffice               *self,
              const YcStorageCaseFilter  *filter,
              const GDate                *today,
              GError                    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  rows = yc_backoffice_storage_case_query (self->storage, filter, error);
  yc_backoffice_storage_rollback (self->storage);
  if (rows == NULL)
    return NULL;

  g_ptr_array_set_free_func (rows, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      YcStorageCase *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;
      Entry *entry = entry_new (self, row, today, &local_error);

      if (entry == NULL)
        {
          /* One unreadable document must not hide every other case from review. */
          g_message ("Case %s cannot be read: %s", row->uuid, local_error->message);
          yc_storage_case_free (row);
          continue;
        }
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

/**
 * yc_backoffice_query_cases:
 * @department: (nullable): only cases with a part of this department
 * @state: (nullable): a case state ("in_review" …)
 * @deadline_status: (nullable): "green", "yellow" or "red"
 * @text: (nullable): part of the number, the applicant's name or id number
 * @sort: (nullable): "deadline" (default: red first, least time left first), "accepted",
 *   "-accepted", "number"
 * @limit: page size (0: 50; at most 500)
 *
 * Cases in @p's scope: a clerk's hall, a reviewer's departments, a supervisor's hall (every
 * hall without one).  Administrators do not read cases.
 *
 * Returns: (transfer full): {total, cases: [summary…]}
 */
JsonNode *
yc_backoffice_query_cases (YcBackoffice  *self,
                           YcPrincipal   *p,
                           const char    *department,
                           const char    *state,
                           const char    *deadline_status,
                           const char    *text,
                           const char    *sort,
                           guint          limit,
                           guint          offset,
                           GError       **error)
{
  YcStorageCaseFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *one_department[2] = { department, NULL };
  GCompareFunc compare = compare_deadline;
  YcDeadlineState light = YC_DEADLINE_GREEN;
  YcCaseState case_state;
  GDate today;
  guint total = 0;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  if (state != NULL && *state != '\0' && !yc_case_state_from_string (state, &case_state))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "state", _("Unknown case state “%s”"), state);
      return NULL;
    }
  if (deadline_status != NULL && *deadline_status != '\0' && !deadline_from_string (deadline_status, &light))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "deadline_status",
                               _("The deadline status is green, yellow or red"));
      return NULL;
    }
  if (sort != NULL && *sort != '\0')
    {
      compare = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
        if (g_str_equal (sort, sorts[i].name))
          compare = sorts[i].compare;
      if (compare == NULL)
        {
          yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "sort",
                                   _("Sort by deadline, accepted, -accepted or number"));
          return NULL;
        }
    }
  if (department != NULL && *department == '\0')
    department = one_department[0] = NULL;

  switch (yc_principal_get_role (p))
    {
    case YC_ROLE_CLERK:
      filter.hall = yc_principal_get_hall (p);
      filter.departments = department != NULL ? one_department : NULL;
      break;
    case YC_ROLE_REVIEWER:
      if (department != NULL && !yc_principal_has_department (p, department))
        {
          yc_backoffice_deny (self, p, "cases.query", department, "department not in scope");
          yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, "department",
                                   _("You do not review for department %s"), department);
          return NULL;
        }
      filter.departments = department != NULL ? one_department : yc_principal_get_departments (p);
      break;
    case YC_ROLE_SUPERVISOR:
      filter.hall = yc_principal_get_hall (p);
      filter.departments = department != NULL ? one_department : NULL;
      break;
    case YC_ROLE_ADMIN:
    default:
      yc_backoffice_deny (self, p, "cases.query", NULL, "administrators do not read cases");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("Administrators do not read cases; sign in with a review or supervision account"));
      return NULL;
    }
  filter.state = state != NULL && *state != '\0' ? state : NULL;
  filter.text = text;

  if (limit == 0)
    limit = DEFAULT_QUERY_LIMIT;
  limit = MIN (limit, MAX_QUERY_LIMIT);
  yc_backoffice_today (self, &today);
  entries = load_entries (self, &filter, &today, error);
  if (entries == NULL)
    return NULL;
  g_ptr_array_sort (entries, compare);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);

      if (deadline_status != NULL && *deadline_status != '\0' && entry->light != light)
        continue;
      if (total >= offset && total < (guint64) offset + limit)
        add_summary (builder, entry);
      total++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * yc_backoffice_get_case:
 *
 * Returns: (transfer full): {case: the case document (materials, parts, history …),
 *   deadline, deadline_status, remaining_days}; FORBIDDEN outside @p's scope.
 */
JsonNode *
yc_backoffice_get_case (YcBackoffice  *self,
                        YcPrincipal   *p,
                        const char    *uuid,
                        GError       **error)
{
  g_autoptr(YcStorageCase) row = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) document = NULL;
  Entry *entry;
  GDate today;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "uuid", _("There is no such case"));
      return NULL;
    }
  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  row = yc_backoffice_storage_case_get (self->storage, uuid, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (row == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "uuid", _("There is no such case"));
      return NULL;
    }
  if (!yc_backoffice_can_read_case (p, row))
    {
      yc_backoffice_deny (self, p, "case.read", uuid, "not in scope");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("This case is outside your hall or departments"));
      return NULL;
    }

  yc_backoffice_today (self, &today);
  entry = entry_new (self, row, &today, &local_error);
  if (entry == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                               _("The stored case cannot be read: %s"), local_error->message);
      return NULL;
    }
  row = NULL;  /* owned by the entry now */

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "case");
  json_builder_add_value (builder, yc_case_to_json (entry->c));
  add_light (builder, entry);
  json_builder_end_object (builder);
  entry_free (entry);
  return json_builder_get_root (builder);
}

typedef struct {
  guint cases, overdue, one_trip, at_once;
} Tally;

static void
tally_add (GHashTable  *table,
           const char  *key,
           gboolean     overdue,
           gboolean     one_trip,
           gboolean     at_once)
{
  Tally *tally = g_hash_table_lookup (table, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (table, g_strdup (key), tally);
    }
  tally->cases++;
  tally->overdue += overdue;
  tally->one_trip += one_trip;
  tally->at_once += at_once;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_tallies (JsonBuilder *builder,
             const char  *name,
             const char  *key_name,
             GHashTable  *table)
{
  g_autofree gpointer *keys = NULL;
  guint n;

  keys = g_hash_table_get_keys_as_array (table, &n);
  g_qsort_with_data (keys, n, sizeof (gpointer), compare_keys, NULL);
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const Tally *tally = g_hash_table_lookup (table, keys[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key_name);
      json_builder_add_string_value (builder, keys[i]);
      json_builder_set_member_name (builder, "cases");
      json_builder_add_int_value (builder, tally->cases);
      json_builder_set_member_name (builder, "overdue");
      json_builder_add_int_value (builder, tally->overdue);
      json_builder_set_member_name (builder, "one_trip");
      json_builder_add_int_value (builder, tally->one_trip);
      json_builder_set_member_name (builder, "at_once");
      json_builder_add_int_value (builder, tally->at_once);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* 最多跑一次: the applicant needed at most one visit — not sent home with a one-time notice
 * and never asked to come back with a supplement. */
static gboolean
is_one_trip (YcCase *c)
{
  if (c->decision == YC_DECISION_ONE_TIME_NOTICE)
    return FALSE;
  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);
      if (part->notices != NULL && part->notices->len > 0)
        return FALSE;
    }
  return TRUE;
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? (double) part / whole : 0.0;
}

/**
 * yc_backoffice_stats:
 *
 * Figures for the cases accepted from @from to @to (inclusive), for supervisors (their hall,
 * or every hall) and administrators: cases by decision, the 最多跑一次 and 即来即办 shares,
 * overdue cases, the satisfaction distribution, by department and by window
 * (docs/backoffice.md defines each figure).
 *
 * Returns: (transfer full): the figures, or %NULL with @error
 */
JsonNode *
yc_backoffice_stats (YcBackoffice  *self,
                     YcPrincipal   *p,
                     const GDate   *from,
                     const GDate   *to,
                     GError       **error)
{
  YcStorageCaseFilter filter = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) by_department = NULL;
  g_autoptr(GHashTable) by_window = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;
  guint decisions[YC_N_DECISIONS] = { 0 };
  guint ratings[6] = { 0 };
  guint one_trip = 0, at_once = 0, overdue = 0, rated = 0, rating_sum = 0;
  YcRole role;
  GDate today;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  role = yc_principal_get_role (p);
  if (role != YC_ROLE_SUPERVISOR && role != YC_ROLE_ADMIN)
    {
      yc_backoffice_deny (self, p, "stats", NULL, "role may not read statistics");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("Statistics are for supervisors and administrators"));
      return NULL;
    }
  if (from == NULL || to == NULL || !g_date_valid (from) || !g_date_valid (to))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, from == NULL || !g_date_valid (from) ? "from" : "to",
                               _("Give the first and the last day of the period"));
      return NULL;
    }
  if (g_date_compare (from, to) > 0)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "to",
                               _("The period ends before it starts"));
      return NULL;
    }

  from_iso = yc_backoffice_date_to_iso (from);
  to_iso = yc_backoffice_date_to_iso (to);
  filter.hall = role == YC_ROLE_SUPERVISOR ? yc_principal_get_hall (p) : NULL;
  filter.accepted_from = from_iso;
  filter.accepted_to = to_iso;
  yc_backoffice_today (self, &today);
  entries = load_entries (self, &filter, &today, error);
  if (entries == NULL)
    return NULL;

  by_department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  by_window = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      YcCase *c = entry->c;
      gboolean late = entry->light == YC_DEADLINE_RED;
      gboolean once = is_one_trip (c);
      gboolean now = c->committed_days == 0;
      g_autofree char *window = g_strdup_printf ("%s-%s", c->hall, c->window != NULL ? c->window : "");

      if ((guint) c->decision < YC_N_DECISIONS)
        decisions[c->decision]++;
      one_trip += once;
      at_once += now;
      overdue += late;
      if (c->rated && c->rating_level >= 1 && c->rating_level <= 5)
        {
          ratings[c->rating_level]++;
          rated++;
          rating_sum += c->rating_level;
        }
      for (guint j = 0; c->parts != NULL && j < c->parts->len; j++)
        tally_add (by_department, ((YcCasePart *) g_ptr_array_index (c->parts, j))->department,
                   late, once, now);
      tally_add (by_window, window, late, once, now);
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from_iso);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to_iso);
  json_builder_set_member_name (builder, "cases");
  json_builder_add_int_value (builder, entries->len);
  json_builder_set_member_name (builder, "by_decision");
  json_builder_begin_object (builder);
  for (guint d = 0; d < YC_N_DECISIONS; d++)
    {
      json_builder_set_member_name (builder, yc_decision_to_string (d));
      json_builder_add_int_value (builder, decisions[d]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "one_trip_share");
  json_builder_add_double_value (builder, share (one_trip, entries->len));
  json_builder_set_member_name (builder, "at_once_share");
  json_builder_add_double_value (builder, share (at_once, entries->len));
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_int_value (builder, overdue);
  json_builder_set_member_name (builder, "satisfaction");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rated");
  json_builder_add_int_value (builder, rated);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint level = 1; level <= 5; level++)
    json_builder_add_int_value (builder, ratings[level]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "average");
  json_builder_add_double_value (builder, rated > 0 ? (double) rating_sum / rated : 0.0);
  json_builder_end_object (builder);
  add_tallies (builder, "by_department", "department", by_department);
  add_tallies (builder, "by_window", "window", by_window);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
