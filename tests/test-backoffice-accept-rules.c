/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-case-builder.h"
#include "yc-test-backoffice.h"

/*
 * The back office runs the rules engine again on every case.accept (yc-backoffice-push-
 * accept.c).  Whatever the counter may legitimately decide, it must take: for every item
 * scenario and every bundle of the shipped catalog, several intakes (everything in order,
 * tolerable materials missing, pledges, a defect, an agent, an applicant on the dishonesty
 * list) are evaluated as the counter does, every decision the rules allow is built into a
 * case with yc_case_build_accepted() and pushed; each must be ok.  And a decision the rules
 * refuse, written into such a case by hand, must be refused.
 */

typedef enum {
  VARIANT_COMPLETE,
  VARIANT_TOLERANCE,
  VARIANT_PLEDGE,
  VARIANT_DEFECT,
  VARIANT_AGENT,
  VARIANT_DISHONEST,
  VARIANT_TOLERANCE_PLEDGE,  /* tolerable materials missing, pledgeable ones pledged */
  VARIANT_SHORT,             /* one original not shown, one copy short */
  N_VARIANTS
} Variant;

typedef struct {
  Fixture      *fixture;
  YcPrincipal  *clerk;
  guint         serial;
  guint         pushed;
  guint         by_decision[YC_N_DECISIONS];
  GPtrArray    *failures;
} Run;

static YcRulesInput *
input_for (YcMergedList *merged,
           Variant       variant,
           gboolean      enterprise)
{
  YcRulesInput *input = yc_rules_input_new (merged);
  YcApplicant applicant = { 0 };
  GDate day;
  gboolean defect_done = FALSE;
  gboolean original_done = FALSE;
  gboolean copies_done = FALSE;

  applicant.kind = enterprise ? YC_APPLICANT_ENTERPRISE : YC_APPLICANT_PERSON;
  applicant.is_agent = variant == VARIANT_AGENT;
  applicant.dishonest = variant == VARIANT_DISHONEST;
  yc_rules_input_set_applicant (input, &applicant);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 23, G_DATE_NOVEMBER, 2026);
  yc_rules_input_set_acceptance_date (input, &day);

  for (guint i = 0; i < yc_merged_list_get_n_materials (merged); i++)
    {
      const YcMergedMaterial *m = yc_merged_list_get_material (merged, i);
      const char *code = m->material->code;

      if (variant == VARIANT_TOLERANCE_PLEDGE && m->pledgeable)
        yc_rules_input_set_pledged (input, code);
      else if ((variant == VARIANT_TOLERANCE || variant == VARIANT_DISHONEST
                || variant == VARIANT_TOLERANCE_PLEDGE) && m->tolerable)
        yc_rules_input_set_missing (input, code);
      else if (variant == VARIANT_PLEDGE && m->pledgeable)
        yc_rules_input_set_pledged (input, code);
      else if (variant == VARIANT_SHORT && m->shared_source == NULL && !original_done
               && m->form == YC_MATERIAL_FORM_ORIGINAL)
        {
          yc_rules_input_set_provided (input, code, FALSE, m->copies);
          original_done = TRUE;
        }
      else if (variant == VARIANT_SHORT && m->shared_source == NULL && !copies_done && m->copies > 1)
        {
          yc_rules_input_set_provided (input, code, TRUE, m->copies - 1);
          copies_done = TRUE;
        }
      else if (variant == VARIANT_DEFECT && m->required && !defect_done)
        {
          yc_rules_input_set_defective (input, code, "印章不清晰");
          defect_done = TRUE;
        }
      else if (m->shared_source != NULL)
        yc_rules_input_set_shared (input, code);
      else
        yc_rules_input_set_provided (input, code, TRUE, m->copies);
    }
  if (applicant.is_agent)
    {
      yc_rules_input_set_provided (input, YC_RULES_AGENT_POWER_OF_ATTORNEY, TRUE, 1);
      yc_rules_input_set_provided (input, YC_RULES_AGENT_ID_CARD, TRUE, 1);
    }
  return input;
}

static JsonObject *
applicant_for (Variant  variant,
               gboolean enterprise)
{
  JsonObject *applicant = json_object_new ();

  json_object_set_string_member (applicant, "name", enterprise ? "力行健身有限公司" : "张三");
  json_object_set_string_member (applicant, "id_number",
                                 enterprise ? "91110108MA01ABCD2X" : "11010519491231002X");
  if (variant == VARIANT_AGENT)
    {
      json_object_set_string_member (applicant, "agent_name", "李四");
      json_object_set_string_member (applicant, "agent_id_number", "110105195001010011");
    }
  json_object_set_boolean_member (applicant, "dishonest", variant == VARIANT_DISHONEST);
  json_object_set_boolean_member (applicant, "broken_pledge", FALSE);
  return applicant;
}

/* Every decision the rules allow for @merged under @variant, built and pushed in one batch. */
static void
push_allowed (Run          *run,
              YcMergedList *merged,
              const char   *subject,
              Variant       variant)
{
  const YcBundle *bundle = yc_merged_list_get_bundle (merged);
  gboolean enterprise = bundle != NULL ? bundle->audience == YC_AUDIENCE_ENTERPRISE
                                       : yc_merged_list_get_item (merged, 0)->audience == YC_AUDIENCE_ENTERPRISE;
  g_autoptr(YcRulesInput) input = input_for (merged, variant, enterprise);
  g_autoptr(YcRulesResult) result = yc_rules_evaluate (input, run->fixture->calendar);
  g_autoptr(JsonObject) applicant = applicant_for (variant, enterprise);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) accepted_at = g_date_time_new (zone, 2026, 11, 23, 10, 0, 0);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  JsonArray *results;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (YcDecision decision = 0; decision < YC_N_DECISIONS; decision++)
    {
      g_autofree char *number = g_strdup_printf ("HD01-W03-20261123-%04u", ++run->serial);
      g_autoptr(YcCase) c = NULL;
      g_autoptr(YcOperation) op = NULL;
      YcCaseIntake intake = { 0 };

      if (!yc_rules_result_is_allowed (result, decision))
        continue;
      intake.number = number;
      intake.hall = "HD01";
      intake.window = "W03";
      intake.clerk = "c1";
      intake.applicant = applicant;
      intake.notice_text = "不属于本大厅受理范围";
      intake.accepted_at = accepted_at;
      c = yc_case_build_accepted (result, decision, &intake, run->fixture->calendar, &error);
      g_assert_no_error (error);
      op = yc_case_new_accept_operation (c);
      json_builder_add_value (builder, yc_operation_to_json (op));
      g_ptr_array_add (labels, g_strdup_printf ("%s variant %d %s", subject, variant,
                                                yc_decision_to_string (decision)));
      run->by_decision[decision]++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (labels->len == 0)
    return;

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new (text, strlen (text));
  answer = yc_backoffice_push (run->fixture->backoffice, run->clerk, key, body, &error);
  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, labels->len);
  for (guint i = 0; i < labels->len; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);

      run->pushed++;
      if (!g_str_equal (json_object_get_string_member (r, "result"), "ok"))
        g_ptr_array_add (run->failures,
                         g_strdup_printf ("%s: %s: %s", (char *) g_ptr_array_index (labels, i),
                                          json_object_get_string_member_with_default (r, "code", ""),
                                          json_object_get_string_member_with_default (r, "reason", "")));
    }
}

static YcCatalog *
import_shipped (Fixture *fixture)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                                     "catalog.json", NULL);
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog = yc_catalog_load_file (file, &error);

  g_assert_no_error (error);
  g_assert_true (yc_backoffice_catalog_import (fixture->backoffice, catalog, &error));
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W03", "test", &error));
  g_assert_no_error (error);
  return catalog;
}

static void
test_counter_decisions_accepted (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(YcCatalog) catalog = import_shipped (fixture);
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  GPtrArray *items = yc_catalog_get_items (catalog);
  GPtrArray *bundles = yc_catalog_get_bundles (catalog);
  Run run = { fixture, clerk, 0, 0, { 0 }, g_ptr_array_new_with_free_func (g_free) };

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      for (guint j = 0; j < item->scenarios->len; j++)
        {
          const YcScenario *scenario = g_ptr_array_index (item->scenarios, j);
          g_autoptr(YcMergedList) merged = yc_merged_list_new_for_item (catalog, item, scenario);
          g_autofree char *subject = g_strdup_printf ("%s/%s", item->code, scenario->code);

          for (Variant v = 0; v < N_VARIANTS; v++)
            push_allowed (&run, merged, subject, v);
        }
    }
  for (guint i = 0; i < bundles->len; i++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcMergedList) merged = yc_bundle_merge (catalog, bundle, &error);

      g_assert_no_error (error);
      for (Variant v = 0; v < N_VARIANTS; v++)
        push_allowed (&run, merged, bundle->code, v);
    }

  g_test_message ("%u accepts pushed, %u refused", run.pushed, run.failures->len);
  for (YcDecision d = 0; d < YC_N_DECISIONS; d++)
    {
      g_test_message ("%s: %u", yc_decision_to_string (d), run.by_decision[d]);
      g_assert_cmpuint (run.by_decision[d], >, 0);
    }
  for (guint i = 0; i < run.failures->len; i++)
    g_test_message ("refused: %s", (char *) g_ptr_array_index (run.failures, i));
  /* Every kind of decision was exercised, not just plain acceptance. */
  g_assert_cmpuint (run.pushed, >, 5 * items->len);
  g_assert_cmpuint (run.failures->len, ==, 0);
  g_ptr_array_unref (run.failures);
}

/* A case built for one decision with its decision changed by hand: the rules refuse it. */
static void
test_forged_decision_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(YcCatalog) catalog = import_shipped (fixture);
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  const YcItem *item = NULL;
  GPtrArray *items = yc_catalog_get_items (catalog);
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonObject) applicant = applicant_for (VARIANT_DEFECT, FALSE);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) accepted_at = g_date_time_new (zone, 2026, 11, 23, 10, 0, 0);
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(GError) error = NULL;
  YcCaseIntake intake = { 0 };

  for (guint i = 0; item == NULL && i < items->len; i++)
    {
      const YcItem *candidate = g_ptr_array_index (items, i);

      if (candidate->audience != YC_AUDIENCE_ENTERPRISE && candidate->committed_days > 0)
        item = candidate;
    }
  g_assert_nonnull (item);
  merged = yc_merged_list_new_for_item (catalog, item, g_ptr_array_index (item->scenarios, 0));
  input = input_for (merged, VARIANT_DEFECT, FALSE);
  result = yc_rules_evaluate (input, fixture->calendar);
  g_assert_false (yc_rules_result_is_allowed (result, YC_DECISION_ACCEPT));
  g_assert_true (yc_rules_result_is_allowed (result, YC_DECISION_ONE_TIME_NOTICE));

  /* The notice case, turned into a plain acceptance: materials as decided, no notice. */
  intake.number = "HD01-W03-20261123-9001";
  intake.hall = "HD01";
  intake.window = "W03";
  intake.clerk = "c1";
  intake.applicant = applicant;
  intake.accepted_at = accepted_at;
  c = yc_case_build_accepted (result, YC_DECISION_ONE_TIME_NOTICE, &intake, fixture->calendar, &error);
  g_assert_no_error (error);
  op = yc_case_new_accept_operation (c);
  payload = json_object_ref (op->payload);
  json_object_set_string_member (payload, "decision", "accept");
  json_object_set_null_member (payload, "notice");
  json_object_set_int_member (payload, "committed_days",
                              yc_merged_list_get_figures (merged)->bundle_committed_days);
  r = fixture_push_one (fixture, clerk, c->uuid, 0, YC_OP_CASE_ACCEPT, payload);
  g_assert_cmpstr (json_object_get_string_member (r, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (r, "code"), ==, "decision_not_allowed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice-accept-rules/counter-decisions-accepted", test_counter_decisions_accepted);
  FIXTURE_TEST ("/backoffice-accept-rules/forged-decision-refused", test_forged_decision_refused);

  return g_test_run ();
}
