/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The counter's case document (yc-case-builder.h): built from the rules' result and the
 * intake, it must be the document the back office makes of its case.accept operation —
 * compared member for member after yc_case_machine_accept_full() with the catalog, also
 * through the wire form of the operation.
 */

#include "config.h"

#include <locale.h>

#include "yc-test-counter.h"

static YcCalendar *calendar;
static YcCatalog *catalog;

#define NUMBER "HD01-W03-20261123-0007"

static GDateTime *
monday (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");

  return g_date_time_new (tz, 2026, 11, 23, 9, 30, 0);
}

static YcRulesInput *
input_new (const char *code)
{
  GDate day = yc_test_date (YC_TEST_DAY);

  return yc_test_input_new (catalog, code, &day);
}

static YcCase *
build (YcRulesInput  *input,
       YcDecision     decision,
       YcCaseIntake  *intake,
       GError       **error)
{
  g_autoptr(YcRulesResult) result = yc_rules_evaluate (input, calendar);

  return yc_case_build_accepted (result, decision, intake, calendar, error);
}

static YcCase *
build_ok (YcRulesInput *input,
          YcDecision    decision,
          YcCaseIntake *intake)
{
  g_autoptr(GError) error = NULL;
  YcCase *c = build (input, decision, intake, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* The back office's acceptance of the built case gives the built case, byte for byte, and
 * so does the operation after a trip through its JSON. */
static void
assert_back_office_accepts (YcCase *built)
{
  g_autoptr(YcOperation) op = yc_case_new_accept_operation (built);
  g_autoptr(JsonNode) wire = yc_operation_to_json (op);
  g_autofree char *wire_text = json_to_string (wire, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcOperation) received = NULL;
  g_autoptr(YcCase) accepted = NULL;
  g_autoptr(YcCase) reread = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *built_text = yc_test_case_text (built);
  g_autofree char *accepted_text = NULL;

  g_assert_cmpint (op->base_version, ==, 0);
  g_assert_cmpint (op->kind, ==, YC_OP_CASE_ACCEPT);
  g_assert_cmpstr (op->case_uuid, ==, built->uuid);
  g_assert_cmpstr (op->created_at, ==, built->accepted_at);

  g_assert_true (json_parser_load_from_data (parser, wire_text, -1, &error));
  g_assert_no_error (error);
  received = yc_operation_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);

  accepted = yc_case_machine_accept_full (received, yc_test_actor ("c1"), catalog, calendar, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);
  accepted_text = yc_test_case_text (accepted);
  g_assert_cmpstr (accepted_text, ==, built_text);

  /* And the stored document reads back strictly. */
  document = yc_case_to_json (built);
  reread = yc_case_from_json (document, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reread);
}

static YcCaseMaterialVersion *
material (YcCase     *c,
          const char *code)
{
  YcCaseMaterialVersion *m = yc_case_lookup_material (c, code);

  g_assert_nonnull (m);
  return m;
}

static void
test_bundle_tolerance (void)
{
  g_autoptr(YcRulesInput) input = input_new ("OPEN_GYM");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);
  YcCaseScan scans[] = {
    { "application", YC_TEST_SHA_A, 2 },
    { "health_cert", YC_TEST_SHA_B, 1 },  /* tolerated: its scan is not part of the case */
  };
  GDate due = yc_test_date ("2026-11-26"), deadline;

  intake.number = NUMBER;
  intake.scans = scans;
  intake.n_scans = G_N_ELEMENTS (scans);
  yc_rules_input_set_missing (input, "health_cert");
  c = build_ok (input, YC_DECISION_ACCEPT_WITH_TOLERANCE, &intake);

  g_assert_true (g_uuid_string_is_valid (c->uuid));
  g_assert_cmpstr (c->number, ==, NUMBER);
  g_assert_cmpint (c->version, ==, 1);
  g_assert_cmpstr (c->catalog_version, ==, "test");
  g_assert_cmpstr (c->subject_kind, ==, "bundle");
  g_assert_cmpstr (c->subject_code, ==, "OPEN_GYM");
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_ACCEPTED);
  g_assert_cmpint (c->decision, ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpstr (c->accepted_at, ==, "2026-11-23T09:30:00+08:00");
  {
    GDate day = yc_test_date (YC_TEST_DAY);
    g_assert_cmpint (g_date_compare (&c->accepted_on, &day), ==, 0);
  }

  /* Parts per department, in subject order. */
  g_assert_cmpuint (c->parts->len, ==, 2);
  g_assert_cmpstr (((YcCasePart *) g_ptr_array_index (c->parts, 0))->department, ==, "sport");
  g_assert_cmpstr (((YcCasePart *) g_ptr_array_index (c->parts, 1))->department, ==, "health");
  g_assert_cmpstr (((YcCasePart *) g_ptr_array_index (c->parts, 1))->items[0], ==, "HEALTH");

  /* The bundle's own limit, counted on the calendar. */
  g_assert_cmpint (c->committed_days, ==, 8);
  g_date_clear (&deadline, 1);
  {
    GDate day = yc_test_date (YC_TEST_DAY);
    yc_calendar_deadline (calendar, &day, 8, NULL, 0, &deadline);
  }
  g_assert_cmpint (g_date_compare (&c->deadline, &deadline), ==, 0);

  /* HEALTH allows 3 supplement days: Thursday. */
  g_assert_cmpuint (c->tolerated->len, ==, 1);
  g_assert_cmpstr (((YcCaseTolerated *) g_ptr_array_index (c->tolerated, 0))->material, ==, "health_cert");
  g_assert_cmpint (g_date_compare (&((YcCaseTolerated *) g_ptr_array_index (c->tolerated, 0))->due, &due), ==, 0);
  g_assert_cmpuint (c->pledges->len, ==, 0);

  g_assert_cmpint (material (c, "health_cert")->state, ==, YC_CASE_MATERIAL_TOLERATED);
  g_assert_null (material (c, "health_cert")->blob_sha256);
  g_assert_cmpint (material (c, "id_card")->state, ==, YC_CASE_MATERIAL_SHARED);
  g_assert_cmpint (material (c, "application")->state, ==, YC_CASE_MATERIAL_PROVIDED);
  g_assert_cmpstr (material (c, "application")->blob_sha256, ==, YC_TEST_SHA_A);
  g_assert_cmpuint (material (c, "application")->pages, ==, 2);
  g_assert_cmpuint (material (c, "lease")->copies, ==, 2);
  g_assert_cmpint (material (c, "photo")->state, ==, YC_CASE_MATERIAL_MISSING);
  g_assert_cmpstr (material (c, "photo")->added_at, ==, c->accepted_at);
  g_assert_cmpuint (material (c, "photo")->version, ==, 1);

  g_assert_cmpstr (json_object_get_string_member (c->applicant, "kind"), ==, "enterprise");
  g_assert_false (json_object_get_boolean_member (c->applicant, "agent"));
  g_assert_cmpstr (json_object_get_string_member (c->applicant, "mobile"), ==, "13800138000");

  g_assert_cmpuint (c->history->len, ==, 1);
  g_assert_cmpstr (((YcCaseHistoryEntry *) g_ptr_array_index (c->history, 0))->actor, ==, "c1");

  assert_back_office_accepts (c);
}

static void
test_tolerance_and_pledge (void)
{
  g_autoptr(YcRulesInput) input = input_new ("OPEN_GYM");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);
  GDate verify = yc_test_date ("2026-12-07");  /* HEALTH verifies within 10 working days */

  intake.number = NUMBER;
  yc_rules_input_set_missing (input, "health_cert");
  yc_rules_input_set_pledged (input, "hygiene_plan");
  c = build_ok (input, YC_DECISION_ACCEPT_WITH_TOLERANCE, &intake);

  g_assert_cmpuint (c->tolerated->len, ==, 1);
  g_assert_cmpuint (c->pledges->len, ==, 1);
  g_assert_cmpstr (((YcCasePledge *) g_ptr_array_index (c->pledges, 0))->material, ==, "hygiene_plan");
  g_assert_cmpint (((YcCasePledge *) g_ptr_array_index (c->pledges, 0))->status, ==, YC_PLEDGE_DUE);
  g_assert_cmpint (g_date_compare (&((YcCasePledge *) g_ptr_array_index (c->pledges, 0))->due, &verify), ==, 0);
  g_assert_cmpint (material (c, "hygiene_plan")->state, ==, YC_CASE_MATERIAL_PLEDGED);
  assert_back_office_accepts (c);
}

static void
test_item_pledge (void)
{
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);

  intake.number = NUMBER;
  yc_rules_input_set_pledged (input, "safety_cert");
  c = build_ok (input, YC_DECISION_ACCEPT_ON_PLEDGE, &intake);

  g_assert_cmpstr (c->subject_kind, ==, "item");
  g_assert_cmpuint (c->parts->len, ==, 1);
  g_assert_cmpint (c->committed_days, ==, 10);
  g_assert_cmpuint (c->tolerated->len, ==, 0);
  g_assert_cmpuint (c->pledges->len, ==, 1);
  g_assert_cmpint (material (c, "safety_cert")->state, ==, YC_CASE_MATERIAL_PLEDGED);
  assert_back_office_accepts (c);
}

static void
test_plain_accept (void)
{
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(JsonObject) answers = yc_test_parse_object ("{\"agent\": \"no\"}");
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);

  intake.number = NUMBER;
  intake.uuid = YC_TEST_CASE_UUID;
  intake.answers = answers;
  /* An optional paper handed in wrong does not block; the case says what was wrong. */
  yc_rules_input_set_defective (input, "photo", "照片模糊");
  c = build_ok (input, YC_DECISION_ACCEPT, &intake);

  g_assert_cmpstr (c->uuid, ==, YC_TEST_CASE_UUID);
  g_assert_cmpint (material (c, "photo")->state, ==, YC_CASE_MATERIAL_DEFECTIVE);
  g_assert_cmpstr (material (c, "photo")->defect_reason, ==, "照片模糊");
  g_assert_true (json_object_has_member (c->subject, "answers"));
  assert_back_office_accepts (c);
}

static void
test_one_time_notice (void)
{
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);
  JsonArray *outstanding;

  intake.number = NUMBER;
  intake.notice_text = "请带齐材料再来";
  yc_rules_input_set_missing (input, "application");           /* core: never tolerable */
  yc_rules_input_set_provided (input, "lease", TRUE, 1);        /* 2 copies asked */
  yc_rules_input_set_defective (input, "floor_plan", "未标注出入口");
  yc_rules_input_set_pledged (input, "safety_cert");            /* holds, but nothing is accepted */
  c = build_ok (input, YC_DECISION_ONE_TIME_NOTICE, &intake);

  g_assert_cmpint (c->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
  g_assert_cmpuint (c->parts->len, ==, 0);
  g_assert_cmpint (c->committed_days, ==, -1);
  g_assert_false (g_date_valid (&c->deadline));
  g_assert_cmpint (g_date_compare (&c->stopped_on, &c->accepted_on), ==, 0);
  g_assert_cmpuint (c->tolerated->len, ==, 0);
  g_assert_cmpuint (c->pledges->len, ==, 0);

  g_assert_cmpint (material (c, "application")->state, ==, YC_CASE_MATERIAL_MISSING);
  g_assert_cmpint (material (c, "lease")->state, ==, YC_CASE_MATERIAL_DEFECTIVE);
  g_assert_nonnull (strstr (material (c, "lease")->defect_reason, "2"));
  g_assert_cmpint (material (c, "floor_plan")->state, ==, YC_CASE_MATERIAL_DEFECTIVE);
  g_assert_cmpstr (material (c, "floor_plan")->defect_reason, ==, "未标注出入口");
  g_assert_cmpint (material (c, "safety_cert")->state, ==, YC_CASE_MATERIAL_MISSING);

  g_assert_nonnull (c->notice);
  g_assert_cmpstr (json_object_get_string_member (c->notice, "kind"), ==, "one_time_notice");
  g_assert_cmpstr (json_object_get_string_member (c->notice, "text"), ==, "请带齐材料再来");
  outstanding = json_object_get_array_member (c->notice, "outstanding");
  g_assert_cmpuint (json_array_get_length (outstanding), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (outstanding, 0), "material"),
                   ==, "application");
  assert_back_office_accepts (c);
}

static void
test_refusal (void)
{
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcCase) by_rules = NULL;
  g_autoptr(GError) error = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);

  intake.number = NUMBER;

  /* Refusing is always open, but never without a reason. */
  g_assert_null (build (input, YC_DECISION_REFUSE, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "notice.text: "));
  g_clear_error (&error);

  intake.notice_text = "   ";
  g_assert_null (build (input, YC_DECISION_REFUSE, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  g_clear_error (&error);

  intake.notice_text = "申请人已在他区办理";
  c = build_ok (input, YC_DECISION_REFUSE, &intake);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
  g_assert_cmpstr (json_object_get_string_member (c->notice, "kind"), ==, "refuse");
  g_assert_cmpstr (json_object_get_string_member (c->notice, "text"), ==, "申请人已在他区办理");
  g_assert_true (json_object_get_null_member (c->notice, "reason"));
  assert_back_office_accepts (c);

  /* The rules' refusal gives the reason, and every other decision is closed. */
  intake.notice_text = NULL;
  yc_rules_input_set_refusal (input, YC_REFUSAL_OUT_OF_REMIT, "属市级事权");
  g_assert_null (build (input, YC_DECISION_ACCEPT, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  g_clear_error (&error);
  by_rules = build_ok (input, YC_DECISION_REFUSE, &intake);
  g_assert_cmpstr (json_object_get_string_member (by_rules->notice, "reason"), ==, "out_of_remit");
  g_assert_cmpstr (json_object_get_string_member (by_rules->notice, "text"), ==, "属市级事权");
  assert_back_office_accepts (by_rules);
}

static void
test_agent (void)
{
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = NULL;
  g_autoptr(GError) error = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);
  YcApplicant agent = { YC_APPLICANT_ENTERPRISE, TRUE, FALSE, FALSE };

  intake.number = NUMBER;
  yc_rules_input_set_applicant (input, &agent);
  yc_rules_input_set_provided (input, YC_RULES_AGENT_POWER_OF_ATTORNEY, TRUE, 1);
  yc_rules_input_set_provided (input, YC_RULES_AGENT_ID_CARD, TRUE, 1);

  g_assert_null (build (input, YC_DECISION_ACCEPT, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "applicant.agent_name: "));
  g_clear_error (&error);

  json_object_set_string_member (applicant, "agent_name", "王五");
  json_object_set_string_member (applicant, "agent_id_number", "110101199003074477");
  c = build_ok (input, YC_DECISION_ACCEPT, &intake);
  g_assert_true (json_object_get_boolean_member (c->applicant, "agent"));
  g_assert_cmpint (material (c, YC_RULES_AGENT_POWER_OF_ATTORNEY)->state, ==, YC_CASE_MATERIAL_PROVIDED);
  g_assert_cmpint (material (c, YC_RULES_AGENT_ID_CARD)->state, ==, YC_CASE_MATERIAL_PROVIDED);
  assert_back_office_accepts (c);

  /* What the applicant object says must be what the rules were told. */
  json_object_set_boolean_member (applicant, "agent", FALSE);
  g_assert_null (build (input, YC_DECISION_ACCEPT, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "applicant.agent: "));
}

typedef struct {
  const char *name;
  const char *prefix;  /* the error starts with it */
} Refused;

static const Refused refused[] = {
  { "not-allowed", "decision: " },
  { "no-clerk", "clerk: " },
  { "no-hall", "hall: " },
  { "bad-uuid", "uuid: " },
  { "other-day", "accepted_at: " },
  { "applicant-kind", "applicant.kind: " },
  { "applicant-name", "applicant.name: " },
  { "applicant-id", "applicant.id_number: " },
  { "no-applicant", "applicant: " },
  { "scan-unknown", "scans[0].material: " },
  { "scan-twice", "scans[1].material: " },
  { "scan-digest", "scans[0].blob_sha256: " },
  { "defect-without-reason", "materials.photo: " },
};

static void
test_refused (gconstpointer data)
{
  const Refused *test = data;
  g_autoptr(YcRulesInput) input = input_new ("SPORT");
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) tuesday = g_date_time_new (tz, 2026, 11, 24, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  YcCaseIntake intake = yc_test_intake (applicant, when);
  YcDecision decision = YC_DECISION_ACCEPT;
  YcCaseScan scans[2] = { { "application", YC_TEST_SHA_A, 1 }, { "application", YC_TEST_SHA_B, 1 } };

  if (g_str_equal (test->name, "not-allowed"))
    {
      yc_rules_input_set_missing (input, "application");
      decision = YC_DECISION_ACCEPT_WITH_TOLERANCE;
    }
  else if (g_str_equal (test->name, "no-clerk"))
    intake.clerk = NULL;
  else if (g_str_equal (test->name, "no-hall"))
    intake.hall = "";
  else if (g_str_equal (test->name, "bad-uuid"))
    intake.uuid = "not-a-uuid";
  else if (g_str_equal (test->name, "other-day"))
    intake.accepted_at = tuesday;
  else if (g_str_equal (test->name, "applicant-kind"))
    json_object_set_string_member (applicant, "kind", "person");
  else if (g_str_equal (test->name, "applicant-name"))
    json_object_set_string_member (applicant, "name", " ");
  else if (g_str_equal (test->name, "applicant-id"))
    json_object_remove_member (applicant, "id_number");
  else if (g_str_equal (test->name, "no-applicant"))
    intake.applicant = NULL;
  else if (g_str_equal (test->name, "scan-unknown"))
    {
      scans[0].material = "passport";
      intake.scans = scans;
      intake.n_scans = 1;
    }
  else if (g_str_equal (test->name, "scan-twice"))
    {
      intake.scans = scans;
      intake.n_scans = 2;
    }
  else if (g_str_equal (test->name, "scan-digest"))
    {
      scans[0].blob_sha256 = "abc";
      intake.scans = scans;
      intake.n_scans = 1;
    }
  else if (g_str_equal (test->name, "defect-without-reason"))
    yc_rules_input_set_defective (input, "photo", NULL);
  else
    g_assert_not_reached ();

  g_assert_null (build (input, decision, &intake, &error));
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, test->prefix))
    g_error ("%s: “%s” does not start with “%s”", test->name, error->message, test->prefix);
}

/* The store's standard case (yc-test-counter.h) is a valid case too. */
static void
test_store_fixture (void)
{
  g_autoptr(GDateTime) when = monday ();
  g_autoptr(YcCase) c = yc_test_counter_case (catalog, calendar, YC_TEST_SHA_A, YC_TEST_SHA_B, when);

  g_assert_cmpuint (c->materials->len, ==, 7);
  g_assert_cmpint (material (c, "floor_plan")->state, ==, YC_CASE_MATERIAL_TOLERATED);
  g_assert_cmpint (material (c, "safety_cert")->state, ==, YC_CASE_MATERIAL_PLEDGED);
  g_assert_cmpint (material (c, "photo")->state, ==, YC_CASE_MATERIAL_DEFECTIVE);
  g_assert_cmpstr (material (c, "lease")->blob_sha256, ==, YC_TEST_SHA_B);
  g_assert_cmpuint (material (c, "lease")->pages, ==, 5);
  g_assert_null (c->number);
  c->number = g_strdup (NUMBER);
  assert_back_office_accepts (c);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  calendar = yc_test_calendar ();
  catalog = yc_test_rules_catalog_new ();

  g_test_add_func ("/case-builder/bundle-tolerance", test_bundle_tolerance);
  g_test_add_func ("/case-builder/tolerance-and-pledge", test_tolerance_and_pledge);
  g_test_add_func ("/case-builder/item-pledge", test_item_pledge);
  g_test_add_func ("/case-builder/plain-accept", test_plain_accept);
  g_test_add_func ("/case-builder/one-time-notice", test_one_time_notice);
  g_test_add_func ("/case-builder/refusal", test_refusal);
  g_test_add_func ("/case-builder/agent", test_agent);
  g_test_add_func ("/case-builder/store-fixture", test_store_fixture);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case-builder/refused/%s", refused[i].name);

      g_test_add_data_func (path, &refused[i], test_refused);
    }

  status = g_test_run ();
  g_object_unref (catalog);
  g_object_unref (calendar);
  return status;
}
