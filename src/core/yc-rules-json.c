/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-json-reader-private.h"
#include "yc-rules.h"

/*
 * The JSON form of a described case and of the decision document, read and printed by
 * `yichuang-catalog evaluate`.  docs/rules.md shows both with full examples.  Reading is
 * strict — unknown members, wrong types and unknown material codes are errors naming their
 * path — because a typo in a case file must not silently turn into "missing".
 */

static const char * const case_members[] = {
  "item", "scenario", "answers", "bundle", "applicant", "accepted_on", "refusal", "materials", NULL
};
static const char * const applicant_members[] = {
  "kind", "agent", "dishonest", "broken_pledge", NULL
};
static const char * const refusal_members[] = { "reason", "text", NULL };
static const char * const material_members[] = {
  "state", "original_checked", "copies", "reason", NULL
};

/* docs/rules.md speaks of members. */
static YcJsonReader
rules_reader (void)
{
  return (YcJsonReader) {
    .domain = YC_RULES_ERROR,
    .code = YC_RULES_ERROR_INVALID,
    .unknown = N_("unknown member"),
  };
}

static YcMergedList *
read_subject (YcCatalog   *catalog,
              JsonObject  *root,
              GError     **error)
{
  const YcJsonReader r = rules_reader ();
  const char *item_code, *scenario_code, *bundle_code;
  const YcItem *item;
  const YcScenario *scenario = NULL;
  JsonObject *answers;

  if (!yc_json_get_text (&r, root, "item", "", YC_JSON_NULLABLE, &item_code, error) ||
      !yc_json_get_text (&r, root, "scenario", "", YC_JSON_NULLABLE, &scenario_code, error) ||
      !yc_json_get_text (&r, root, "bundle", "", YC_JSON_NULLABLE, &bundle_code, error) ||
      !yc_json_get_object (&r, root, "answers", "", YC_JSON_OPTIONAL, &answers, error))
    return NULL;

  if ((item_code == NULL) == (bundle_code == NULL))
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("A case names either an “item” or a “bundle”, not both and not neither"));
      return NULL;
    }

  if (bundle_code != NULL)
    {
      const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, bundle_code);

      if (scenario_code != NULL || answers != NULL)
        {
          g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                       _("bundle: a bundle fixes the scenario of each item; drop “scenario” and “answers”"));
          return NULL;
        }
      if (bundle == NULL)
        {
          g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                       _("bundle: no bundle “%s” in the catalog"), bundle_code);
          return NULL;
        }
      return yc_bundle_merge (catalog, bundle, error);
    }

  item = yc_catalog_lookup_item (catalog, item_code);
  if (item == NULL)
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("item: no item “%s” in the catalog"), item_code);
      return NULL;
    }

  if (scenario_code != NULL)
    {
      scenario = yc_item_lookup_scenario (item, scenario_code);
      if (scenario == NULL)
        {
          g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                       _("scenario: item “%s” has no scenario “%s”"), item_code, scenario_code);
          return NULL;
        }
    }
  else if (answers != NULL)
    {
      g_autoptr(GHashTable) table = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GList) members = json_object_get_members (answers);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *value;

          if (!yc_json_get_text (&r, answers, l->data, "answers", YC_JSON_NULLABLE, &value,
                                 error))
            return NULL;
          g_hash_table_insert (table, l->data, (gpointer) value);
        }
      scenario = yc_item_match_scenario (item, table);
      if (scenario == NULL)
        {
          g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                       _("answers: no scenario of item “%s” matches these answers"), item_code);
          return NULL;
        }
    }
  else if (item->scenarios->len == 1)
    scenario = g_ptr_array_index (item->scenarios, 0);
  else
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("scenario: item “%s” has several scenarios; name one or give “answers”"),
                   item_code);
      return NULL;
    }

  return yc_merged_list_new_for_item (catalog, item, scenario);
}

static gboolean
read_applicant (JsonObject   *root,
                YcApplicant  *applicant,
                GError      **error)
{
  const YcJsonReader r = rules_reader ();
  JsonObject *object;
  const char *kind;

  if (!yc_json_get_object (&r, root, "applicant", "", YC_JSON_OPTIONAL, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!yc_json_check_members (&r, object, applicant_members, "applicant", error) ||
      !yc_json_get_text (&r, object, "kind", "applicant", YC_JSON_NULLABLE, &kind, error) ||
      !yc_json_get_bool (&r, object, "agent", "applicant", YC_JSON_OPTIONAL,
                         &applicant->is_agent, error) ||
      !yc_json_get_bool (&r, object, "dishonest", "applicant", YC_JSON_OPTIONAL,
                         &applicant->dishonest, error) ||
      !yc_json_get_bool (&r, object, "broken_pledge", "applicant", YC_JSON_OPTIONAL,
                         &applicant->broken_pledge, error))
    return FALSE;

  if (kind != NULL && !yc_applicant_kind_from_string (kind, &applicant->kind))
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("applicant.kind: “%s” is neither “person” nor “enterprise”"), kind);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_refusal (JsonObject    *root,
              YcRulesInput  *input,
              GError       **error)
{
  const YcJsonReader r = rules_reader ();
  const char *reason, *text;
  JsonObject *object;
  YcRefusal refusal;

  if (!yc_json_get_object (&r, root, "refusal", "", YC_JSON_OPTIONAL, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!yc_json_check_members (&r, object, refusal_members, "refusal", error) ||
      !yc_json_get_text (&r, object, "reason", "refusal", YC_JSON_NULLABLE, &reason, error) ||
      !yc_json_get_text (&r, object, "text", "refusal", YC_JSON_NULLABLE, &text, error))
    return FALSE;

  if (!yc_refusal_from_string (reason, &refusal))
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("refusal.reason: must be “none”, “out_of_remit” or “not_eligible”"));
      return FALSE;
    }
  yc_rules_input_set_refusal (input, refusal, text);
  return TRUE;
}

static gboolean
read_material (YcRulesInput  *input,
               const char    *code,
               guint          required_copies,
               JsonObject    *object,
               const char    *path,
               GError       **error)
{
  const YcJsonReader r = rules_reader ();
  const char *state_name, *reason;
  gboolean original_checked = TRUE;
  YcMaterialState state;
  gint64 copies = required_copies;

  if (!yc_json_check_members (&r, object, material_members, path, error) ||
      !yc_json_get_text (&r, object, "state", path, YC_JSON_NULLABLE, &state_name, error) ||
      !yc_json_get_text (&r, object, "reason", path, YC_JSON_NULLABLE, &reason, error) ||
      !yc_json_get_bool (&r, object, "original_checked", path, YC_JSON_OPTIONAL,
                         &original_checked, error) ||
      !yc_json_get_int (&r, object, "copies", path, YC_JSON_OPTIONAL, G_MININT64, G_MAXINT64,
                        &copies, error))
    return FALSE;

  if (!yc_material_state_from_string (state_name, &state))
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("%s.state: must be one of missing, provided, defective, pledged, shared"),
                   path);
      return FALSE;
    }

  if (copies < 0 || copies > G_MAXUINT)
    {
      g_autofree char *copies_path = yc_json_path (path, "copies");
      return yc_json_fail (&r, error, copies_path, _("must be a whole number, 0 or more"));
    }

  switch (state)
    {
    case YC_MATERIAL_STATE_PROVIDED:
      yc_rules_input_set_provided (input, code, original_checked, copies);
      break;
    case YC_MATERIAL_STATE_DEFECTIVE:
      yc_rules_input_set_defective (input, code, reason);
      break;
    case YC_MATERIAL_STATE_PLEDGED:
      yc_rules_input_set_pledged (input, code);
      break;
    case YC_MATERIAL_STATE_SHARED:
      yc_rules_input_set_shared (input, code);
      break;
    case YC_MATERIAL_STATE_MISSING:
    default:
      yc_rules_input_set_missing (input, code);
      break;
    }
  return TRUE;
}

static gboolean
read_materials (JsonObject    *root,
                YcRulesInput  *input,
                GError       **error)
{
  const YcJsonReader r = rules_reader ();
  YcMergedList *subject = yc_rules_input_get_subject (input);
  gboolean agent = yc_rules_input_get_applicant (input)->is_agent;
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!yc_json_get_object (&r, root, "materials", "", YC_JSON_OPTIONAL, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *code = l->data;
      const YcMergedMaterial *merged = yc_merged_list_lookup_material (subject, code);
      JsonObject *material;
      g_autofree char *path = g_strdup_printf ("materials.%s", code);
      gboolean agent_code = g_str_equal (code, YC_RULES_AGENT_POWER_OF_ATTORNEY) ||
                            g_str_equal (code, YC_RULES_AGENT_ID_CARD);

      if (merged == NULL && !(agent && agent_code))
        {
          if (agent_code)
            g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                         _("%s: only an agent hands this in; set applicant.agent to true"), path);
          else
            g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                         _("%s: no material of this code in the application"), path);
          return FALSE;
        }
      if (!yc_json_get_object (&r, object, code, "materials", YC_JSON_REQUIRED, &material,
                               error) ||
          !read_material (input, code, merged != NULL ? merged->copies : 1, material, path,
                          error))
        return FALSE;
    }
  return TRUE;
}

/**
 * yc_rules_input_from_json:
 * @catalog: the catalog the case refers to
 * @node: a described case (docs/rules.md)
 *
 * Reads a described case.  Without `accepted_on` the case is accepted today (local time).
 * A provided material without `copies` has the required count, without `original_checked`
 * its original was checked.
 *
 * Returns: (transfer full): the input, or %NULL with @error naming the offending path
 */
YcRulesInput *
yc_rules_input_from_json (YcCatalog  *catalog,
                          JsonNode   *node,
                          GError    **error)
{
  g_autoptr(YcMergedList) subject = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  const YcJsonReader r = rules_reader ();
  YcApplicant applicant = { YC_APPLICANT_PERSON, FALSE, FALSE, FALSE };
  JsonObject *root;
  GDate date;

  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID,
                   _("A case must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!yc_json_check_members (&r, root, case_members, "", error) ||
      !(subject = read_subject (catalog, root, error)))
    return NULL;

  input = yc_rules_input_new (subject);

  if (!read_applicant (root, &applicant, error))
    return NULL;
  yc_rules_input_set_applicant (input, &applicant);

  if (!yc_json_get_date (&r, root, "accepted_on", "", YC_JSON_NULLABLE, &date, error))
    return NULL;
  if (!g_date_valid (&date))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_date_set_dmy (&date, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
  yc_rules_input_set_acceptance_date (input, &date);

  if (!read_refusal (root, input, error) ||
      !read_materials (root, input, error))
    return NULL;

  return g_steal_pointer (&input);
}

static void
add_applicant (JsonBuilder       *builder,
               const YcApplicant *applicant)
{
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, yc_applicant_kind_to_string (applicant->kind));
  json_builder_set_member_name (builder, "agent");
  json_builder_add_boolean_value (builder, applicant->is_agent);
  json_builder_set_member_name (builder, "dishonest");
  json_builder_add_boolean_value (builder, applicant->dishonest);
  json_builder_set_member_name (builder, "broken_pledge");
  json_builder_add_boolean_value (builder, applicant->broken_pledge);
  json_builder_end_object (builder);
}

static void
add_refusal (JsonBuilder  *builder,
             YcRulesInput *input)
{
  const char *text;
  YcRefusal refusal = yc_rules_input_get_refusal (input, &text);

  if (refusal == YC_REFUSAL_NONE)
    return;
  json_builder_set_member_name (builder, "refusal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, yc_refusal_to_string (refusal));
  if (text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
    }
  json_builder_end_object (builder);
}

/**
 * yc_rules_input_to_json:
 *
 * Writes the input as a described case that yc_rules_input_from_json() reads back to the
 * same input: every default spelled out.
 *
 * Returns: (transfer full): the case
 */
JsonNode *
yc_rules_input_to_json (YcRulesInput *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  YcMergedList *subject;
  const YcBundle *bundle;
  g_auto(GStrv) codes = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  subject = yc_rules_input_get_subject (self);
  bundle = yc_merged_list_get_bundle (subject);
  codes = yc_rules_input_dup_codes (self);

  json_builder_begin_object (builder);
  if (bundle != NULL)
    {
      json_builder_set_member_name (builder, "bundle");
      json_builder_add_string_value (builder, bundle->code);
    }
  else
    {
      json_builder_set_member_name (builder, "item");
      json_builder_add_string_value (builder, yc_merged_list_get_item (subject, 0)->code);
      json_builder_set_member_name (builder, "scenario");
      json_builder_add_string_value (builder, yc_merged_list_get_scenario (subject, 0)->code);
    }
  add_applicant (builder, yc_rules_input_get_applicant (self));
  if (g_date_valid (yc_rules_input_get_acceptance_date (self)))
    yc_json_add_date (builder, "accepted_on", yc_rules_input_get_acceptance_date (self));
  add_refusal (builder, self);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_object (builder);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      gboolean original_checked;
      guint copies;
      const char *reason;
      YcMaterialState state = yc_rules_input_get_state (self, codes[i], &original_checked,
                                                        &copies, &reason);

      json_builder_set_member_name (builder, codes[i]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, yc_material_state_to_string (state));
      if (state == YC_MATERIAL_STATE_PROVIDED)
        {
          json_builder_set_member_name (builder, "original_checked");
          json_builder_add_boolean_value (builder, original_checked);
          json_builder_set_member_name (builder, "copies");
          json_builder_add_int_value (builder, copies);
        }
      if (reason != NULL)
        {
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, reason);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_material_head (JsonBuilder            *builder,
                   const YcMergedMaterial *merged)
{
  json_builder_set_member_name (builder, "material");
  json_builder_add_string_value (builder, merged->material->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, merged->material->name);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < merged->items->len; i++)
    json_builder_add_string_value (builder, ((const YcItem *) g_ptr_array_index (merged->items, i))->code);
  json_builder_end_array (builder);
}

static void
add_subject (JsonBuilder  *builder,
             YcMergedList *subject)
{
  const YcBundle *bundle = yc_merged_list_get_bundle (subject);

  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  yc_json_add_string (builder, "bundle", bundle != NULL ? bundle->code : NULL);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, bundle != NULL ? bundle->name
                                                         : yc_merged_list_get_item (subject, 0)->name);
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < yc_merged_list_get_n_parts (subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (subject, i);
      const YcScenario *scenario = yc_merged_list_get_scenario (subject, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item");
      json_builder_add_string_value (builder, item->code);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, item->name);
      json_builder_set_member_name (builder, "scenario");
      json_builder_add_string_value (builder, scenario->code);
      json_builder_set_member_name (builder, "scenario_name");
      json_builder_add_string_value (builder, scenario->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_strings (JsonBuilder *builder,
             const char  *member,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
add_deferred (JsonBuilder *builder,
              const char  *member,
              const char  *date_member,
              GPtrArray   *deferred)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < deferred->len; i++)
    {
      const YcDeferredMaterial *entry = g_ptr_array_index (deferred, i);

      json_builder_begin_object (builder);
      add_material_head (builder, entry->material);
      yc_json_add_date (builder, date_member, &entry->due);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_outstanding (JsonBuilder *builder,
                 GPtrArray   *outstanding)
{
  json_builder_set_member_name (builder, "outstanding");
  json_builder_begin_array (builder);
  for (guint i = 0; i < outstanding->len; i++)
    {
      const YcOutstanding *entry = g_ptr_array_index (outstanding, i);

      json_builder_begin_object (builder);
      add_material_head (builder, entry->material);
      json_builder_set_member_name (builder, "problem");
      json_builder_add_string_value (builder, yc_problem_to_string (entry->problem));
      yc_json_add_string (builder, "detail", entry->detail);
      json_builder_set_member_name (builder, "form");
      json_builder_add_string_value (builder, yc_material_form_to_string (entry->material->form));
      json_builder_set_member_name (builder, "copies_required");
      json_builder_add_int_value (builder, entry->material->copies);
      json_builder_set_member_name (builder, "copies_received");
      json_builder_add_int_value (builder, entry->copies_received);
      json_builder_set_member_name (builder, "tolerable");
      json_builder_add_boolean_value (builder, entry->tolerable);
      yc_json_add_string (builder, "source_hint", entry->material->source_hint);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, entry->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * yc_rules_result_to_json:
 *
 * Writes the decision document: the case, every decision with whether it is allowed and
 * why, the recommendation, the one-time notice's list, the tolerated materials and the
 * pledges with their dates.  Sentences are in the current locale.
 *
 * Returns: (transfer full): the document
 */
JsonNode *
yc_rules_result_to_json (YcRulesResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  YcRulesInput *input;
  YcDecision recommended;

  g_return_val_if_fail (self != NULL, NULL);

  input = yc_rules_result_get_input (self);
  recommended = yc_rules_result_get_recommended (self);

  json_builder_begin_object (builder);
  add_subject (builder, yc_rules_input_get_subject (input));
  add_applicant (builder, yc_rules_input_get_applicant (input));
  yc_json_add_date (builder, "accepted_on", yc_rules_input_get_acceptance_date (input));
  add_refusal (builder, input);

  json_builder_set_member_name (builder, "recommended");
  json_builder_add_string_value (builder, yc_decision_to_string (recommended));
  json_builder_set_member_name (builder, "recommended_label");
  json_builder_add_string_value (builder, yc_decision_label (recommended));

  json_builder_set_member_name (builder, "decisions");
  json_builder_begin_array (builder);
  for (YcDecision d = YC_DECISION_ACCEPT; d < YC_N_DECISIONS; d++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "decision");
      json_builder_add_string_value (builder, yc_decision_to_string (d));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, yc_decision_label (d));
      json_builder_set_member_name (builder, "allowed");
      json_builder_add_boolean_value (builder, yc_rules_result_is_allowed (self, d));
      json_builder_set_member_name (builder, "recommended");
      json_builder_add_boolean_value (builder, d == recommended);
      add_strings (builder, "reasons", yc_rules_result_get_reasons (self, d));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_outstanding (builder, yc_rules_result_get_outstanding (self));
  add_deferred (builder, "tolerated", "supplement_by", yc_rules_result_get_tolerated (self));
  yc_json_add_date (builder, "supplement_by", yc_rules_result_get_supplement_deadline (self));
  add_deferred (builder, "pledges", "verify_by", yc_rules_result_get_pledges (self));
  yc_json_add_date (builder, "pledge_verify_by", yc_rules_result_get_pledge_verify_date (self));
  add_strings (builder, "warnings", yc_rules_result_get_warnings (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
