/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * Review queries (the hall's figures: yc-backoffice-stats.c).  Storage narrows by hall,
 * departments, state, text and acceptance dates; the traffic light is computed here with the same core code as the app
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
  YcCalendar      *calendar;  /* borrowed from the back office: the parts' clocks */
  GDate            today;
  guint            threshold;  /* the back office's yellow threshold */
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
  entry->calendar = self->calendar;
  entry->today = *today;
  entry->threshold = yc_backoffice_get_yellow_threshold (self);
  entry->light = yc_case_deadline_state (c, self->calendar, today, entry->threshold,
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

/* Each department's own clock (yc_case_clock): stopped on the day it decided. */
static void
add_part_clock (JsonBuilder      *builder,
                const Entry      *entry,
                const YcCasePart *part)
{
  g_autofree char *deadline = NULL;
  YcClock clock;

  yc_case_clock (entry->c, part, entry->calendar, &entry->today, entry->threshold,
                 &clock);
  deadline = yc_backoffice_date_to_iso (&clock.deadline);
  add_string_or_null (builder, "deadline", deadline);
  json_builder_set_member_name (builder, "deadline_status");
  json_builder_add_string_value (builder, yc_deadline_state_to_string (clock.state));
  json_builder_set_member_name (builder, "remaining_days");
  json_builder_add_int_value (builder, clock.remaining);
  json_builder_set_member_name (builder, "paused");
  json_builder_add_boolean_value (builder, clock.paused);
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
      add_part_clock (builder, entry, part);
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
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; entry->c->parts != NULL && i < entry->c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (entry->c->parts, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "department", part->department);
      add_part_clock (builder, entry, part);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  entry_free (entry);
  return json_builder_get_root (builder);
}

/**
 * yc_backoffice_urge_addressee:
 * @c: the case as the urge left it
 *
 * To whom an urge goes: the handler.  A department's urge goes to the reviewer holding that
 * part; a hall urge (the case waits at the counter) to the clerk who accepted the case.
 *
 * Returns: (nullable): the username, or %NULL when nobody holds the part (then every
 *   reviewer of the department gets it, who may take it)
 */
const char *
yc_backoffice_urge_addressee (YcCase           *c,
                              const YcCaseUrge *urge)
{
  g_return_val_if_fail (c != NULL && urge != NULL, NULL);

  if (urge->department != NULL)
    {
      const YcCasePart *part = yc_case_lookup_part (c, urge->department);

      return part != NULL ? part->claimed_by : NULL;
    }
  return c->clerk;
}

/**
 * yc_backoffice_audit_urge:
 *
 * Urges (督办) and their acknowledgements are what supervision is judged by, so each gets an
 * audit row of its own beside the batch's "push" row: action "supervision.urge" or
 * "urge.ack", target the case uuid, detail {op_id, number, urge_id, department | hall,
 * message, to} (message and to — the addressee, yc_backoffice_urge_addressee() — for urges
 * only).  Inside the push's write transaction.
 */
gboolean
yc_backoffice_audit_urge (YcBackoffice       *self,
                          gint64              now,
                          const char         *username,
                          const YcOperation  *op,
                          YcCase             *c,
                          GError            **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) detail = NULL;
  const YcCaseUrge *urge;
  const char *urge_id;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);
  g_return_val_if_fail (op != NULL && c != NULL, FALSE);

  if (op->kind == YC_OP_SUPERVISION_URGE)
    urge_id = op->op_id;
  else if (op->kind == YC_OP_URGE_ACK)
    urge_id = json_object_get_string_member_with_default (op->payload, "urge_id", NULL);
  else
    return TRUE;
  urge = urge_id != NULL ? yc_case_lookup_urge (c, urge_id) : NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_or_null (builder, "op_id", op->op_id);
  add_string_or_null (builder, "number", c->number);
  add_string_or_null (builder, "urge_id", urge_id);
  if (urge != NULL && urge->department != NULL)
    add_string_or_null (builder, "department", urge->department);
  if (urge != NULL && urge->hall != NULL)
    add_string_or_null (builder, "hall", urge->hall);
  if (op->kind == YC_OP_SUPERVISION_URGE && urge != NULL)
    {
      add_string_or_null (builder, "message", urge->message);
      add_string_or_null (builder, "to", yc_backoffice_urge_addressee (c, urge));
    }
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  return yc_audit_append (self->storage, now, username, yc_op_kind_to_string (op->kind), c->uuid,
                          "ok", detail, error);
}
