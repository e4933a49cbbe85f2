/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-calendar.h"
#include "yc-rules.h"
#include "yc-test-rules-catalog.h"

/*
 * The JSON form of described cases and decision documents (docs/rules.md).  The catalog is
 * the test catalog with a second scenario for SPORT, chosen by the answer kind=renewal.
 */

static YcCatalog *test_catalog;

static YcCatalog *
json_test_catalog_new (void)
{
  YcCatalog *catalog = yc_test_rules_catalog_new ();
  YcItem *sport = (YcItem *) yc_catalog_lookup_item (catalog, "SPORT");
  YcScenario *renewal = g_new0 (YcScenario, 1);

  renewal->code = g_strdup ("renewal");
  renewal->name = g_strdup ("延续");
  renewal->when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (renewal->when, g_strdup ("kind"), g_strdup ("renewal"));
  renewal->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  g_ptr_array_add (renewal->materials,
                   yc_test_material_new ("licence", "原许可证", YC_MATERIAL_FORM_ORIGINAL, 1,
                                         M_REQUIRED | M_CORE, NULL, NULL));
  /* First, so that it wins over the catch-all default scenario when it matches. */
  g_ptr_array_insert (sport->scenarios, 0, renewal);
  return catalog;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static YcRulesInput *
input_from_text (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);
  g_autoptr(GError) error = NULL;
  YcRulesInput *input = yc_rules_input_from_json (test_catalog, node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (input);
  return input;
}

static JsonObject *
evaluate_text (const char *text,
               JsonNode  **out_node)
{
  g_autoptr(YcRulesInput) input = input_from_text (text);
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(YcRulesResult) result = yc_rules_evaluate (input, calendar);

  *out_node = yc_rules_result_to_json (result);
  return json_node_get_object (*out_node);
}

static JsonObject *
decision_object (JsonObject *document,
                 const char *name)
{
  JsonArray *decisions = json_object_get_array_member (document, "decisions");

  g_assert_cmpuint (json_array_get_length (decisions), ==, YC_N_DECISIONS);
  for (guint i = 0; i < json_array_get_length (decisions); i++)
    {
      JsonObject *decision = json_array_get_object_element (decisions, i);
      if (g_str_equal (json_object_get_string_member (decision, "decision"), name))
        return decision;
    }
  g_assert_not_reached ();
}

static void
test_json_tolerance_document (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *document = evaluate_text (
    "{ \"item\": \"SPORT\", \"scenario\": \"default\","
    "  \"applicant\": { \"kind\": \"enterprise\", \"agent\": true },"
    "  \"accepted_on\": \"2026-03-06\","
    "  \"materials\": {"
    "    \"id_card\": { \"state\": \"shared\" },"
    "    \"application\": { \"state\": \"provided\" },"
    "    \"lease\": { \"state\": \"provided\", \"copies\": 1 },"
    "    \"floor_plan\": { \"state\": \"provided\" },"
    "    \"staff_list\": { \"state\": \"provided\" },"
    "    \"safety_cert\": { \"state\": \"pledged\" },"
    "    \"agent_power_of_attorney\": { \"state\": \"provided\" },"
    "    \"agent_id_card\": { \"state\": \"provided\", \"original_checked\": true }"
    "  } }", &node);
  JsonObject *subject, *entry, *decision;
  JsonArray *array;

  subject = json_object_get_object_member (document, "subject");
  g_assert_true (json_object_get_null_member (subject, "bundle"));
  g_assert_cmpstr (json_object_get_string_member (subject, "name"), ==, "高危险性体育项目经营许可");
  array = json_object_get_array_member (subject, "parts");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "scenario"), ==, "default");

  g_assert_cmpstr (json_object_get_string_member (document, "accepted_on"), ==, "2026-03-06");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (document, "applicant"), "kind"), ==, "enterprise");
  g_assert_false (json_object_has_member (document, "refusal"));
  g_assert_cmpstr (json_object_get_string_member (document, "recommended"), ==, "accept_with_tolerance");
  g_assert_cmpstr (json_object_get_string_member (document, "recommended_label"), ==, "Accept with tolerance");

  decision = decision_object (document, "accept_with_tolerance");
  g_assert_true (json_object_get_boolean_member (decision, "allowed"));
  g_assert_true (json_object_get_boolean_member (decision, "recommended"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (decision, "reasons")), ==, 2);
  decision = decision_object (document, "accept");
  g_assert_false (json_object_get_boolean_member (decision, "allowed"));
  g_assert_false (json_object_get_boolean_member (decision, "recommended"));

  array = json_object_get_array_member (document, "outstanding");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "material"), ==, "lease");
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "场地使用证明");
  g_assert_cmpstr (json_object_get_string_member (entry, "problem"), ==, "copies_short");
  g_assert_true (json_object_get_null_member (entry, "detail"));
  g_assert_cmpstr (json_object_get_string_member (entry, "form"), ==, "copy");
  g_assert_cmpint (json_object_get_int_member (entry, "copies_required"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (entry, "copies_received"), ==, 1);
  g_assert_true (json_object_get_boolean_member (entry, "tolerable"));
  g_assert_cmpstr (json_object_get_string_member (entry, "source_hint"), ==, "出租方");
  g_assert_cmpstr (json_object_get_string_member (entry, "message"), ==,
                   "场地使用证明: 2 copies required, 1 handed in");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (entry, "items"), 0), ==, "SPORT");

  array = json_object_get_array_member (document, "tolerated");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "supplement_by"), ==, "2026-03-13");
  g_assert_cmpstr (json_object_get_string_member (document, "supplement_by"), ==, "2026-03-13");

  array = json_object_get_array_member (document, "pledges");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  entry = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "material"), ==, "safety_cert");
  g_assert_cmpstr (json_object_get_string_member (entry, "verify_by"), ==, "2026-04-03");
  g_assert_cmpstr (json_object_get_string_member (document, "pledge_verify_by"), ==, "2026-04-03");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "warnings")), ==, 0);
}

static void
test_json_defaults (void)
{
  g_autoptr(YcRulesInput) input = input_from_text (
    "{ \"item\": \"SPORT\", \"answers\": { \"kind\": \"first\" },"
    "  \"materials\": { \"lease\": { \"state\": \"provided\" },"
    "                   \"floor_plan\": { \"state\": \"defective\", \"reason\": \"模糊\" } } }");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const YcApplicant *applicant = yc_rules_input_get_applicant (input);
  const GDate *accepted = yc_rules_input_get_acceptance_date (input);
  gboolean checked;
  guint copies;
  const char *reason;

  g_assert_cmpstr (yc_merged_list_get_scenario (yc_rules_input_get_subject (input), 0)->code, ==, "default");
  g_assert_cmpint (applicant->kind, ==, YC_APPLICANT_PERSON);
  g_assert_false (applicant->is_agent || applicant->dishonest || applicant->broken_pledge);
  g_assert_cmpint (yc_rules_input_get_refusal (input, NULL), ==, YC_REFUSAL_NONE);

  /* Without accepted_on, today. */
  g_assert_cmpint (g_date_get_year (accepted), ==, g_date_time_get_year (now));
  g_assert_cmpint (g_date_get_day_of_year (accepted), ==, g_date_time_get_day_of_year (now));

  /* Provided means provided as required unless said otherwise. */
  g_assert_cmpint (yc_rules_input_get_state (input, "lease", &checked, &copies, &reason), ==,
                   YC_MATERIAL_STATE_PROVIDED);
  g_assert_true (checked);
  g_assert_cmpuint (copies, ==, 2);
  g_assert_null (reason);
  g_assert_cmpint (yc_rules_input_get_state (input, "floor_plan", NULL, NULL, &reason), ==,
                   YC_MATERIAL_STATE_DEFECTIVE);
  g_assert_cmpstr (reason, ==, "模糊");
  g_assert_cmpint (yc_rules_input_get_state (input, "application", NULL, &copies, NULL), ==,
                   YC_MATERIAL_STATE_MISSING);
  g_assert_cmpuint (copies, ==, 0);
}

static void
test_json_answers_choose_scenario (void)
{
  g_autoptr(YcRulesInput) input = input_from_text (
    "{ \"item\": \"SPORT\", \"answers\": { \"kind\": \"renewal\" }, \"accepted_on\": \"2026-03-02\","
    "  \"materials\": { \"licence\": { \"state\": \"provided\" } } }");
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(YcRulesResult) result = yc_rules_evaluate (input, calendar);

  g_assert_cmpstr (yc_merged_list_get_scenario (yc_rules_input_get_subject (input), 0)->code, ==, "renewal");
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT);
}

static void
test_json_bundle_refused (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *document = evaluate_text (
    "{ \"bundle\": \"OPEN_GYM\", \"accepted_on\": \"2026-03-02\","
    "  \"applicant\": { \"kind\": \"enterprise\" },"
    "  \"refusal\": { \"reason\": \"out_of_remit\", \"text\": \"应向市级部门申请\" } }", &node);
  JsonObject *subject = json_object_get_object_member (document, "subject");
  JsonObject *refusal = json_object_get_object_member (document, "refusal");

  g_assert_cmpstr (json_object_get_string_member (subject, "bundle"), ==, "OPEN_GYM");
  g_assert_cmpstr (json_object_get_string_member (subject, "name"), ==, "我要开健身房");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (subject, "parts")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (refusal, "reason"), ==, "out_of_remit");
  g_assert_cmpstr (json_object_get_string_member (refusal, "text"), ==, "应向市级部门申请");
  g_assert_cmpstr (json_object_get_string_member (document, "recommended"), ==, "refuse");
  g_assert_false (json_object_get_boolean_member (decision_object (document, "one_time_notice"), "allowed"));
  /* Nothing handed in: the eight required materials are listed even under a refusal. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "outstanding")), ==, 8);
  g_assert_true (json_object_get_null_member (document, "supplement_by"));
  g_assert_true (json_object_get_null_member (document, "pledge_verify_by"));
}

static void
test_json_round_trip (void)
{
  const char *text =
    "{\"bundle\":\"OPEN_GYM\","
    "\"applicant\":{\"kind\":\"enterprise\",\"agent\":true,\"dishonest\":false,\"broken_pledge\":true},"
    "\"accepted_on\":\"2026-09-30\","
    "\"refusal\":{\"reason\":\"not_eligible\",\"text\":\"经营范围不符\"},"
    "\"materials\":{"
    "\"lease\":{\"state\":\"provided\",\"original_checked\":false,\"copies\":1},"
    "\"health_cert\":{\"state\":\"defective\",\"reason\":\"已过期\"},"
    "\"hygiene_plan\":{\"state\":\"pledged\"},"
    "\"id_card\":{\"state\":\"shared\"},"
    "\"photo\":{\"state\":\"missing\"},"
    "\"agent_id_card\":{\"state\":\"provided\",\"original_checked\":true,\"copies\":1}}}";
  g_autoptr(YcRulesInput) input = input_from_text (text);
  g_autoptr(JsonNode) written = yc_rules_input_to_json (input);
  g_autofree char *again = json_to_string (written, FALSE);
  g_autoptr(YcRulesInput) reread = input_from_text (again);
  g_autoptr(JsonNode) rewritten = yc_rules_input_to_json (reread);
  g_autofree char *third = json_to_string (rewritten, FALSE);

  g_assert_cmpstr (again, ==, text);
  g_assert_cmpstr (third, ==, text);
}

static void
test_json_evaluation_is_pure (void)
{
  g_autoptr(YcRulesInput) input = input_from_text (
    "{ \"bundle\": \"OPEN_GYM\", \"accepted_on\": \"2026-03-02\","
    "  \"applicant\": { \"kind\": \"enterprise\", \"agent\": true },"
    "  \"materials\": { \"health_cert\": { \"state\": \"missing\" },"
    "                   \"hygiene_plan\": { \"state\": \"pledged\" } } }");
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(JsonNode) before = yc_rules_input_to_json (input);
  g_autoptr(YcRulesResult) first = yc_rules_evaluate (input, calendar);
  g_autoptr(YcRulesResult) second = yc_rules_evaluate (input, calendar);
  g_autoptr(JsonNode) first_json = yc_rules_result_to_json (first);
  g_autoptr(JsonNode) second_json = yc_rules_result_to_json (second);
  g_autoptr(JsonNode) after = yc_rules_input_to_json (input);

  g_assert_true (json_node_equal (first_json, second_json));
  g_assert_true (json_node_equal (before, after));
}

typedef struct {
  const char *name;
  const char *json;
  const char *message;  /* what the error message must contain */
} JsonErrorCase;

static const JsonErrorCase error_cases[] = {
  { "not-an-object", "[]", "must be a JSON object" },
  { "no-subject", "{}", "either an “item” or a “bundle”" },
  { "both-subjects", "{\"item\":\"SPORT\",\"bundle\":\"OPEN_GYM\"}", "not both" },
  { "unknown-item", "{\"item\":\"NOPE\"}", "item: no item “NOPE” in the catalog" },
  { "unknown-bundle", "{\"bundle\":\"NOPE\"}", "bundle: no bundle “NOPE” in the catalog" },
  { "bundle-with-scenario", "{\"bundle\":\"OPEN_GYM\",\"scenario\":\"default\"}", "a bundle fixes the scenario" },
  { "unknown-scenario", "{\"item\":\"SPORT\",\"scenario\":\"nope\"}", "scenario: item “SPORT” has no scenario “nope”" },
  { "several-scenarios", "{\"item\":\"SPORT\"}", "has several scenarios" },
  { "answer-not-string", "{\"item\":\"SPORT\",\"answers\":{\"kind\":1}}", "answers.kind: must be a string" },
  { "answers-not-object", "{\"item\":\"SPORT\",\"answers\":[]}", "answers: must be an object" },
  { "item-not-string", "{\"item\":7}", "item: must be a string" },
  { "unknown-member", "{\"item\":\"HEALTH\",\"colour\":1}", "colour: unknown member" },
  { "applicant-not-object", "{\"item\":\"HEALTH\",\"applicant\":[]}", "applicant: must be an object" },
  { "applicant-kind", "{\"item\":\"HEALTH\",\"applicant\":{\"kind\":\"robot\"}}", "applicant.kind: “robot”" },
  { "applicant-flag", "{\"item\":\"HEALTH\",\"applicant\":{\"agent\":\"yes\"}}", "applicant.agent: must be true or false" },
  { "applicant-member", "{\"item\":\"HEALTH\",\"applicant\":{\"vip\":true}}", "applicant.vip: unknown member" },
  { "date-format", "{\"item\":\"HEALTH\",\"accepted_on\":\"30/09/2026\"}", "accepted_on: “30/09/2026” is not a date" },
  { "date-impossible", "{\"item\":\"HEALTH\",\"accepted_on\":\"2026-02-30\"}", "accepted_on: “2026-02-30” is not a date" },
  { "date-with-time", "{\"item\":\"HEALTH\",\"accepted_on\":\"2026-02-03T10:00\"}", "accepted_on:" },
  { "refusal-reason", "{\"item\":\"HEALTH\",\"refusal\":{\"reason\":\"bored\"}}", "refusal.reason: must be" },
  { "refusal-missing-reason", "{\"item\":\"HEALTH\",\"refusal\":{\"text\":\"x\"}}", "refusal.reason: must be" },
  { "materials-not-object", "{\"item\":\"HEALTH\",\"materials\":[]}", "materials: must be an object" },
  { "material-unknown", "{\"item\":\"HEALTH\",\"materials\":{\"nope\":{\"state\":\"missing\"}}}", "materials.nope: no material of this code" },
  { "material-of-other-item", "{\"item\":\"HEALTH\",\"materials\":{\"floor_plan\":{\"state\":\"missing\"}}}", "materials.floor_plan: no material" },
  { "agent-material-without-agent", "{\"item\":\"HEALTH\",\"materials\":{\"agent_id_card\":{\"state\":\"provided\"}}}", "set applicant.agent to true" },
  { "material-not-object", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":\"provided\"}}", "materials.lease: must be an object" },
  { "material-no-state", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{}}}", "materials.lease.state: must be one of" },
  { "material-bad-state", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{\"state\":\"lost\"}}}", "materials.lease.state: must be one of" },
  { "material-member", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{\"state\":\"provided\",\"colour\":1}}}", "materials.lease.colour: unknown member" },
  { "copies-negative", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{\"state\":\"provided\",\"copies\":-1}}}", "materials.lease.copies: must be a whole number" },
  { "copies-fraction", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{\"state\":\"provided\",\"copies\":1.5}}}", "materials.lease.copies: must be a whole number" },
  { "checked-not-boolean", "{\"item\":\"HEALTH\",\"materials\":{\"lease\":{\"state\":\"provided\",\"original_checked\":1}}}", "materials.lease.original_checked: must be true or false" },
};

static void
test_json_error (gconstpointer data)
{
  const JsonErrorCase *tc = data;
  g_autoptr(JsonNode) node = parse (tc->json);
  g_autoptr(GError) error = NULL;
  YcRulesInput *input = yc_rules_input_from_json (test_catalog, node, &error);

  g_assert_null (input);
  g_assert_error (error, YC_RULES_ERROR, YC_RULES_ERROR_INVALID);
  if (strstr (error->message, tc->message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, tc->message);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules-json/tolerance-document", test_json_tolerance_document);
  g_test_add_func ("/rules-json/defaults", test_json_defaults);
  g_test_add_func ("/rules-json/answers-choose-scenario", test_json_answers_choose_scenario);
  g_test_add_func ("/rules-json/bundle-refused", test_json_bundle_refused);
  g_test_add_func ("/rules-json/round-trip", test_json_round_trip);
  g_test_add_func ("/rules-json/evaluation-is-pure", test_json_evaluation_is_pure);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules-json/error/%s", error_cases[i].name);
      g_test_add_data_func (path, &error_cases[i], test_json_error);
    }

  test_catalog = json_test_catalog_new ();
  status = g_test_run ();
  g_assert_finalize_object (test_catalog);
  return status;
}
