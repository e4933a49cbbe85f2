/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-machine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-bundle-merge.h"
#include "yc-case-machine-private.h"

/*
 * case.accept: the case document as the counter makes it becomes a case.  The counter decided
 * offline, so the back office does not decide again; it checks that the document is whole and
 * consistent (and, with the same catalog version, that it matches the catalog), counts the
 * deadline with its own calendar, and splits the case into one part per department.
 */

static const char * const accept_members[] = {
  "uuid", "number", "hall", "window", "clerk", "catalog_version", "subject", "applicant",
  "decision", "accepted_at", "accepted_on", "committed_days", "deadline", "materials",
  "tolerated", "pledges", "notice", NULL
};

/* The counter's own day of acceptance is in the case number (hall-window-YYYYMMDD-NNNN). */
static gboolean
check_number (const YcJsonReader  *r,
              const char          *number,
              const char          *hall,
              const char          *window,
              GDate               *out_day,
              GError             **error)
{
  g_autofree char *prefix = g_strdup_printf ("%s-%s-", hall, window);
  g_autofree char *day = NULL;
  const char *rest;
  gsize digits = 0;

  if (!g_str_has_prefix (number, prefix))
    return yc_json_fail (r, error, "payload.number",
                         _("“%s” does not start with the hall and window “%s”"), number, prefix);
  rest = number + strlen (prefix);
  if (strlen (rest) < 13 || rest[8] != '-')
    return yc_json_fail (r, error, "payload.number",
                         _("“%s” is not hall-window-YYYYMMDD-NNNN"), number);
  for (const char *p = rest + 9; *p != '\0'; p++, digits++)
    if (!g_ascii_isdigit (*p))
      return yc_json_fail (r, error, "payload.number",
                           _("“%s” is not hall-window-YYYYMMDD-NNNN"), number);
  day = g_strdup_printf ("%.4s-%.2s-%.2s", rest, rest + 4, rest + 6);
  if (digits < 4 || !yc_date_parse_iso (day, out_day))
    return yc_json_fail (r, error, "payload.number",
                         _("“%s” is not hall-window-YYYYMMDD-NNNN"), number);
  return TRUE;
}

/* One part per implementing department, in the order the subject first names them. */
static void
build_parts (YcCase *c)
{
  JsonArray *items = json_object_get_array_member (c->subject, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *department = json_object_get_string_member (item, "department");
      YcCasePart *part = yc_case_lookup_part (c, department);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (part == NULL)
        {
          part = yc_case_part_new (department);
          g_ptr_array_add (c->parts, part);
        }
      g_strv_builder_addv (builder, (const char **) part->items);
      g_strv_builder_add (builder, json_object_get_string_member (item, "item"));
      g_strfreev (part->items);
      part->items = g_strv_builder_end (builder);
    }
}

static YcMergedList *
check_subject_against_catalog (const YcJsonReader  *r,
                               YcCase              *c,
                               YcCatalog           *catalog,
                               GError             **error)
{
  JsonArray *items = json_object_get_array_member (c->subject, "items");
  const YcBundle *bundle = NULL;

  if (g_str_equal (c->subject_kind, "bundle"))
    {
      bundle = yc_catalog_lookup_bundle (catalog, c->subject_code);
      if (bundle == NULL)
        {
          yc_json_fail (r, error, "payload.subject.code",
                        _("catalog %s has no bundle “%s”"), c->catalog_version, c->subject_code);
          return NULL;
        }
      if (bundle->parts->len != json_array_get_length (items))
        {
          yc_json_fail (r, error, "payload.subject.items",
                        _("bundle “%s” has %u items in catalog %s, not %u"), c->subject_code,
                        bundle->parts->len, c->catalog_version, json_array_get_length (items));
          return NULL;
        }
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);
      const char *code = json_object_get_string_member (entry, "item");
      const char *scenario = json_object_get_string_member (entry, "scenario");
      const char *department = json_object_get_string_member (entry, "department");
      g_autofree char *path = g_strdup_printf ("payload.subject.items[%u]", i);
      g_autofree char *item_path = yc_json_path (path, "item");
      g_autofree char *scenario_path = yc_json_path (path, "scenario");
      g_autofree char *department_path = yc_json_path (path, "department");
      const YcItem *item = yc_catalog_lookup_item (catalog, code);
      gboolean in_bundle = bundle == NULL;

      if (item == NULL)
        {
          yc_json_fail (r, error, item_path, _("catalog %s has no item “%s”"),
                        c->catalog_version, code);
          return NULL;
        }
      if (yc_item_lookup_scenario (item, scenario) == NULL)
        {
          yc_json_fail (r, error, scenario_path, _("item “%s” has no scenario “%s”"), code, scenario);
          return NULL;
        }
      if (!g_str_equal (item->department, department))
        {
          yc_json_fail (r, error, department_path,
                        _("item “%s” is implemented by “%s” in catalog %s, not “%s”"), code,
                        item->department, c->catalog_version, department);
          return NULL;
        }
      for (guint j = 0; bundle != NULL && j < bundle->parts->len; j++)
        {
          const YcBundlePart *part = g_ptr_array_index (bundle->parts, j);

          if (g_str_equal (part->item, code) && g_str_equal (part->scenario, scenario))
            in_bundle = TRUE;
        }
      if (!in_bundle)
        {
          yc_json_fail (r, error, path, _("“%s” in scenario “%s” is not a part of bundle “%s”"),
                        code, scenario, c->subject_code);
          return NULL;
        }
    }

  if (bundle != NULL)
    return yc_bundle_merge (catalog, bundle, error);
  {
    JsonObject *entry = json_array_get_object_element (items, 0);
    const YcItem *item = yc_catalog_lookup_item (catalog, c->subject_code);

    return yc_merged_list_new_for_item (catalog, item,
                                        yc_item_lookup_scenario (item, json_object_get_string_member (entry, "scenario")));
  }
}

static gboolean
check_against_catalog (const YcJsonReader  *r,
                       YcCase              *c,
                       YcCatalog           *catalog,
                       GError             **error)
{
  g_autoptr(YcMergedList) merged = NULL;
  gboolean decided = c->state != YC_CASE_STATE_CLOSED_AT_COUNTER;

  /* A case decided under another catalog version is judged by the catalog the counter had. */
  if (catalog == NULL || g_strcmp0 (yc_catalog_get_version (catalog), c->catalog_version) != 0)
    return TRUE;

  merged = check_subject_against_catalog (r, c, catalog, error);
  if (merged == NULL)
    return FALSE;

  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (c->materials, i);

      if (yc_merged_list_lookup_material (merged, material->code) == NULL
          && !g_str_equal (material->code, YC_RULES_AGENT_POWER_OF_ATTORNEY)
          && !g_str_equal (material->code, YC_RULES_AGENT_ID_CARD))
        {
          g_autofree char *path = g_strdup_printf ("payload.materials[%u].code", i);

          return yc_json_fail (r, error, path, _("“%s” is not a material of this subject in catalog %s"),
                               material->code, c->catalog_version);
        }
    }

  if (decided && c->committed_days != yc_merged_list_get_figures (merged)->bundle_committed_days)
    return yc_json_fail (r, error, "payload.committed_days",
                         _("catalog %s commits %d working days, not %d"), c->catalog_version,
                         yc_merged_list_get_figures (merged)->bundle_committed_days,
                         c->committed_days);
  return TRUE;
}

static gboolean
read_materials (const YcJsonReader  *r,
                YcCase              *c,
                JsonArray           *array,
                GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("payload.materials[%u]", i);
      YcCaseMaterialVersion *material;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (r, error, path, _("must be an object"));
      material = yc_case_read_material (r, json_node_get_object (node), path, FALSE, error);
      if (material == NULL)
        return FALSE;
      material->added_at = g_strdup (c->accepted_at);
      g_ptr_array_add (c->materials, material);
      if (!g_hash_table_add (seen, material->code))
        {
          g_autofree char *code_path = yc_json_path (path, "code");

          return yc_json_fail (r, error, code_path, _("“%s” is listed twice"), material->code);
        }
    }
  return TRUE;
}

/* Tolerated and pledged materials: each entry names a material of that state, each material
 * of that state has an entry, and nothing falls due before the case was accepted. */
static gboolean
read_deferred (const YcJsonReader   *r,
               YcCase               *c,
               JsonArray            *array,
               const char           *member,
               YcCaseMaterialState   state,
               GError              **error)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean tolerated = state == YC_CASE_MATERIAL_TOLERATED;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("payload.%s[%u]", member, i);
      g_autofree char *material_path = yc_json_path (path, "material");
      g_autofree char *due_path = yc_json_path (path, "due");
      YcCaseMaterialVersion *material;
      const char *code;
      const GDate *due;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (r, error, path, _("must be an object"));
      if (tolerated)
        {
          YcCaseTolerated *entry = yc_case_read_tolerated (r, json_node_get_object (node), path,
                                                           FALSE, error);
          if (entry == NULL)
            return FALSE;
          g_ptr_array_add (c->tolerated, entry);
          code = entry->material;
          due = &entry->due;
        }
      else
        {
          YcCasePledge *entry = yc_case_read_pledge (r, json_node_get_object (node), path, FALSE,
                                                     error);
          if (entry == NULL)
            return FALSE;
          g_ptr_array_add (c->pledges, entry);
          code = entry->material;
          due = &entry->due;
        }
      material = yc_case_lookup_material (c, code);
      if (material == NULL || material->state != state)
        return yc_json_fail (r, error, material_path, _("“%s” is not a material in state “%s”"),
                             code, yc_case_material_state_to_string (state));
      if (!g_hash_table_add (listed, (gpointer) code))
        return yc_json_fail (r, error, material_path, _("“%s” is listed twice"), code);
      if (g_date_compare (due, &c->accepted_on) < 0)
        return yc_json_fail (r, error, due_path, _("falls due before the day of acceptance"));
    }

  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (c->materials, i);

      if (material->state == state && !g_hash_table_contains (listed, material->code))
        {
          g_autofree char *path = g_strdup_printf ("payload.materials[%u].state", i);

          return yc_json_fail (r, error, path, _("“%s” is %s but not listed in %s"),
                               material->code, yc_case_material_state_to_string (state), member);
        }
    }
  return TRUE;
}

static gboolean
check_decision (const YcJsonReader  *r,
                YcCase              *c,
                gboolean             has_committed_days,
                gboolean             has_notice,
                GError             **error)
{
  gboolean closed = c->decision == YC_DECISION_ONE_TIME_NOTICE || c->decision == YC_DECISION_REFUSE;

  if (closed)
    {
      if (c->tolerated->len > 0)
        return yc_json_fail (r, error, "payload.tolerated",
                             _("a case not accepted tolerates nothing"));
      if (c->pledges->len > 0)
        return yc_json_fail (r, error, "payload.pledges", _("a case not accepted has no pledges"));
      return TRUE;
    }

  if (has_notice)
    return yc_json_fail (r, error, "payload.notice",
                         _("only a one-time notice or a refusal carries a notice"));
  if (!has_committed_days)
    return yc_json_fail (r, error, "payload.committed_days", _("missing"));
  if (c->decision == YC_DECISION_ACCEPT_WITH_TOLERANCE && c->tolerated->len == 0)
    return yc_json_fail (r, error, "payload.tolerated",
                         _("acceptance with tolerance names the tolerated materials"));
  if (c->decision != YC_DECISION_ACCEPT_WITH_TOLERANCE && c->tolerated->len > 0)
    return yc_json_fail (r, error, "payload.tolerated",
                         _("only acceptance with tolerance tolerates materials"));
  if (c->decision == YC_DECISION_ACCEPT_ON_PLEDGE && c->pledges->len == 0)
    return yc_json_fail (r, error, "payload.pledges",
                         _("acceptance on pledge names the pledged materials"));
  if (c->decision == YC_DECISION_ACCEPT && c->pledges->len > 0)
    return yc_json_fail (r, error, "payload.pledges",
                         _("plain acceptance has no pledges; the decision is accept_on_pledge"));
  return TRUE;
}

static gboolean
read_payload (YcCase             *c,
              const YcOperation  *op,
              GDate              *out_deadline,
              GError            **error)
{
  MACHINE_READER (r);
  JsonObject *p = op->payload;
  const char *uuid, *number, *hall, *window, *clerk, *catalog_version, *decision, *accepted_at;
  JsonObject *subject, *applicant, *notice;
  JsonArray *materials, *tolerated, *pledges;
  gint64 committed_days = -1;
  GDate accepted_on, number_day;

  if (!yc_json_check_members (r, p, accept_members, "payload", error)
      || !yc_json_get_uuid (r, p, "uuid", "payload", YC_JSON_REQUIRED, &uuid, error)
      || !yc_json_get_string (r, p, "number", "payload", YC_JSON_REQUIRED, &number, error)
      || !yc_json_get_string (r, p, "hall", "payload", YC_JSON_REQUIRED, &hall, error)
      || !yc_json_get_string (r, p, "window", "payload", YC_JSON_REQUIRED, &window, error)
      || !yc_json_get_string (r, p, "clerk", "payload", YC_JSON_REQUIRED, &clerk, error)
      || !yc_json_get_string (r, p, "catalog_version", "payload", YC_JSON_REQUIRED,
                              &catalog_version, error)
      || !yc_json_get_object (r, p, "subject", "payload", YC_JSON_REQUIRED, &subject, error)
      || !yc_case_read_subject (c, r, subject, "payload.subject", error)
      || !yc_json_get_object (r, p, "applicant", "payload", YC_JSON_REQUIRED, &applicant, error)
      || !yc_case_read_applicant (c, r, applicant, "payload.applicant", error)
      || !yc_json_get_string (r, p, "decision", "payload", YC_JSON_REQUIRED, &decision, error)
      || !yc_json_get_timestamp (r, p, "accepted_at", "payload", YC_JSON_REQUIRED, &accepted_at,
                                 error)
      || !yc_json_get_date (r, p, "accepted_on", "payload", YC_JSON_OPTIONAL, &accepted_on, error)
      || !yc_json_get_int (r, p, "committed_days", "payload", YC_JSON_NULLABLE, 0, 10000,
                           &committed_days, error)
      || !yc_json_get_date (r, p, "deadline", "payload", YC_JSON_NULLABLE, out_deadline, error)
      || !yc_json_get_array (r, p, "materials", "payload", YC_JSON_REQUIRED, &materials, error)
      || !yc_json_get_array (r, p, "tolerated", "payload", YC_JSON_NULLABLE, &tolerated, error)
      || !yc_json_get_array (r, p, "pledges", "payload", YC_JSON_NULLABLE, &pledges, error)
      || !yc_json_get_object (r, p, "notice", "payload", YC_JSON_NULLABLE, &notice, error))
    return FALSE;

  if (!g_str_equal (uuid, op->case_uuid))
    return yc_json_fail (r, error, "payload.uuid", _("“%s” is not the operation’s case “%s”"),
                         uuid, op->case_uuid);
  if (!yc_decision_from_string (decision, &c->decision))
    return yc_json_fail (r, error, "payload.decision", _("unknown decision “%s”"), decision);
  if (!check_number (r, number, hall, window, &number_day, error))
    return FALSE;
  if (g_date_valid (&accepted_on) && g_date_compare (&accepted_on, &number_day) != 0)
    return yc_json_fail (r, error, "payload.accepted_on",
                         _("is not the day in the case number “%s”"), number);
  {
    /* The number carries the clerk's local day; the instant, read in its own zone, must be
     * that day (a day's slack for a clerk's clock set to another zone). */
    g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (accepted_at, NULL);
    int year, month, day;
    GDate instant_day;

    g_date_time_get_ymd (instant, &year, &month, &day);
    g_date_clear (&instant_day, 1);
    g_date_set_dmy (&instant_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    if (ABS (g_date_days_between (&instant_day, &number_day)) > 1)
      return yc_json_fail (r, error, "payload.accepted_at",
                           _("is not on the day in the case number “%s”"), number);
  }

  c->uuid = g_strdup (uuid);
  c->number = g_strdup (number);
  c->hall = g_strdup (hall);
  c->window = g_strdup (window);
  c->clerk = g_strdup (clerk);
  c->catalog_version = g_strdup (catalog_version);
  c->accepted_at = g_strdup (accepted_at);
  c->accepted_on = number_day;
  c->committed_days = (int) committed_days;
  if (notice != NULL)
    c->notice = json_object_is_immutable (notice) ? json_object_ref (notice)
                                                  : yc_json_object_copy (notice);

  return read_materials (r, c, materials, error)
         && read_deferred (r, c, tolerated, "tolerated", YC_CASE_MATERIAL_TOLERATED, error)
         && read_deferred (r, c, pledges, "pledges", YC_CASE_MATERIAL_PLEDGED, error)
         && check_decision (r, c, committed_days >= 0, notice != NULL, error);
}

YcCase *
yc_case_machine_accept_full (const YcOperation  *op,
                             const YcActor      *actor,
                             YcCatalog          *catalog,
                             YcCalendar         *calendar,
                             GError            **error)
{
  MACHINE_READER (r);
  g_autoptr(YcCase) c = NULL;
  g_autofree char *detail = NULL;
  GDate claimed_deadline;

  g_return_val_if_fail (op != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (op->kind != YC_OP_CASE_ACCEPT)
    {
      yc_case_machine_illegal (error, _("“%s” does not create a case"), yc_op_kind_to_string (op->kind));
      return NULL;
    }
  if (!yc_case_machine_check_role (actor, op->kind, error))
    return NULL;

  c = yc_case_new_empty ();
  if (!read_payload (c, op, &claimed_deadline, error))
    return NULL;
  /* The case records who accepted it; a clerk cannot file a case in a colleague's name. */
  if (g_strcmp0 (actor->username, c->clerk) != 0)
    {
      yc_case_machine_forbidden (error, _("payload.clerk: “%s” is not the signed-in clerk %s"),
                                 c->clerk, actor->username);
      return NULL;
    }
  if (g_strcmp0 (actor->hall, c->hall) != 0)
    {
      yc_case_machine_forbidden (error, _("%s is a clerk of hall “%s”, not of hall “%s”"),
                                 actor->username, actor->hall != NULL ? actor->hall : "", c->hall);
      return NULL;
    }

  if (c->decision == YC_DECISION_ONE_TIME_NOTICE || c->decision == YC_DECISION_REFUSE)
    {
      /* Kept for the hall's figures: no parts, no review, no clock. */
      c->state = YC_CASE_STATE_CLOSED_AT_COUNTER;
      c->stopped_on = c->accepted_on;
    }
  else
    {
      c->state = YC_CASE_STATE_ACCEPTED;
      build_parts (c);
    }
  if (!check_against_catalog (r, c, catalog, error))
    return NULL;

  if (c->state != YC_CASE_STATE_CLOSED_AT_COUNTER)
    yc_case_machine_update_deadline (c, calendar);
  c->version = 1;

  /* The back office's calendar is the reference; a counter with older holiday data may have
   * printed another date, which the history keeps so that the difference can be explained. */
  if (g_date_valid (&claimed_deadline) && g_date_valid (&c->deadline)
      && g_date_compare (&claimed_deadline, &c->deadline) != 0)
    {
      g_autofree char *claimed = yc_date_format_iso (&claimed_deadline);
      g_autofree char *counted = yc_date_format_iso (&c->deadline);

      detail = g_strdup_printf ("%s; deadline %s (counter: %s)", yc_decision_to_string (c->decision),
                                counted, claimed);
    }
  else
    detail = g_strdup (yc_decision_to_string (c->decision));
  yc_case_add_history (c, op->created_at, actor->username, "case.accept", detail);

  return g_steal_pointer (&c);
}

YcCase *
yc_case_machine_accept (const YcOperation  *op,
                        const YcActor      *actor,
                        YcCalendar         *calendar,
                        GError            **error)
{
  return yc_case_machine_accept_full (op, actor, NULL, calendar, error);
}
