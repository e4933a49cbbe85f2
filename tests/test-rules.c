/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-rules.h"
#include "yc-test-rules-catalog.h"

/*
 * The rules engine, table-driven over the test catalog of yc-test-rules-catalog.h.
 *
 * Every material of the subject (and, for an agent, the two agent materials) starts out
 * provided as required; `states` then changes some, as space-separated `code=spec`:
 *   missing | shared | pledged | defective | defective:REASON | copies:N (original checked)
 *   | unchecked (required copies) | provided:CHECKED:N
 * Expectations: `allowed` lists the decisions allowed (accept tolerance pledge notice refuse);
 * `outstanding` is `code:problem …` in order, `tolerated` and `pledges` are `code@due …`;
 * NULL means empty or no date.  `reason`/`reason2` are `decision:text`, a text one of that
 * decision's reasons must contain; `notice` a text some outstanding message must contain;
 * `warning` NULL is not checked, "" means no warnings, else a text a warning contains.
 */

typedef enum {
  CAL_WEEKDAYS,  /* Monday–Friday */
  CAL_SHIPPED,   /* the shipped holiday calendar */
} CalendarKind;

typedef struct {
  const char   *name;
  const char   *subject;    /* an item (scenario "default") or a bundle code */
  const char   *applicant;  /* comma-separated: agent, dishonest, broken, enterprise */
  YcRefusal     refusal;
  const char   *states;
  const char   *accepted;   /* NULL: 2026-03-02, a Monday */
  CalendarKind  calendar;

  YcDecision    recommended;
  const char   *allowed;
  const char   *outstanding;
  const char   *tolerated;
  const char   *supplement_by;
  const char   *pledges;
  const char   *verify_by;
  const char   *reason;
  const char   *reason2;
  const char   *notice;
  const char   *warning;
} RulesCase;

#define ACCEPT    YC_DECISION_ACCEPT
#define TOLERANCE YC_DECISION_ACCEPT_WITH_TOLERANCE
#define PLEDGE    YC_DECISION_ACCEPT_ON_PLEDGE
#define NOTICE    YC_DECISION_ONE_TIME_NOTICE
#define REFUSE    YC_DECISION_REFUSE

static const RulesCase rules_cases[] = {
  /* Everything in order */
  { .name = "all-provided", .subject = "SPORT",
    .recommended = ACCEPT, .allowed = "accept refuse",
    .reason = "accept:Every required material is in order",
    .reason2 = "tolerance:no tolerance is needed", .warning = "" },
  { .name = "dishonest-but-complete", .subject = "SPORT", .applicant = "dishonest",
    .recommended = ACCEPT, .allowed = "accept refuse" },

  /* Tolerance (容缺) */
  { .name = "one-tolerable-missing", .subject = "SPORT", .states = "floor_plan=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing", .tolerated = "floor_plan@2026-03-09",
    .supplement_by = "2026-03-09",
    .reason = "tolerance:To be supplemented by 2026-03-09 under a signed tolerance commitment: “场地平面图”",
    .reason2 = "accept:Not everything required is in order: “场地平面图”",
    .notice = "场地平面图: not handed in" },
  { .name = "core-missing", .subject = "SPORT", .states = "application=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "application:missing",
    .reason = "tolerance:“经营许可申请书” is a core material and can never be tolerated",
    .reason2 = "notice:everything outstanding at once: “经营许可申请书”" },
  { .name = "core-and-tolerable-missing", .subject = "SPORT",
    .states = "application=missing floor_plan=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "application:missing floor_plan:missing",
    .reason = "notice:“经营许可申请书”, “场地平面图”" },
  { .name = "tolerable-missing-dishonest", .subject = "SPORT", .applicant = "dishonest",
    .states = "floor_plan=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "floor_plan:missing",
    .reason = "tolerance:The applicant is on the dishonesty list" },
  { .name = "tolerable-missing-broken-pledge", .subject = "SPORT", .applicant = "broken",
    .states = "floor_plan=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "floor_plan:missing",
    .reason = "tolerance:The applicant broke an earlier pledge" },
  { .name = "cap-reached", .subject = "SPORT", .states = "floor_plan=missing staff_list=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing staff_list:missing",
    .tolerated = "floor_plan@2026-03-09 staff_list@2026-03-09", .supplement_by = "2026-03-09" },
  { .name = "cap-exceeded", .subject = "SPORT",
    .states = "lease=missing floor_plan=missing staff_list=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "lease:missing floor_plan:missing staff_list:missing",
    .reason = "tolerance:“高危险性体育项目经营许可” allows at most 2 tolerated materials, but 3 are outstanding: “场地使用证明”, “场地平面图”, “社会体育指导人员名单”" },

  /* Copies and originals */
  { .name = "copies-short-tolerable", .subject = "SPORT", .states = "lease=copies:1",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "lease:copies_short", .tolerated = "lease@2026-03-09",
    .supplement_by = "2026-03-09", .notice = "场地使用证明: 2 copies required, 1 handed in" },
  { .name = "copies-short-core", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "id_card=copies:1",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "id_card:copies_short",
    .reason = "tolerance:“法定代表人身份证” is a core material" },
  { .name = "copies-more-than-enough", .subject = "SPORT", .states = "lease=copies:3",
    .recommended = ACCEPT, .allowed = "accept refuse" },
  { .name = "copies-none", .subject = "SPORT", .states = "safety_cert=copies:0",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "safety_cert:copies_short",
    .reason = "tolerance:“安全保障制度证明” is not a tolerable material" },
  { .name = "original-not-checked", .subject = "SPORT", .states = "application=unchecked",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "application:original_not_checked",
    .notice = "经营许可申请书: the original must be shown for checking" },
  { .name = "copy-form-needs-no-original", .subject = "SPORT", .states = "lease=provided:0:2",
    .recommended = ACCEPT, .allowed = "accept refuse" },
  { .name = "original-and-copies-wrong", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "id_card=provided:0:1",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "id_card:original_not_checked",
    .notice = "法定代表人身份证: the original must be shown for checking; 2 copies required, 1 handed in" },

  /* Defects count as missing */
  { .name = "defective-tolerable", .subject = "SPORT", .states = "floor_plan=defective:比例尺缺失",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:defective", .tolerated = "floor_plan@2026-03-09",
    .supplement_by = "2026-03-09", .notice = "场地平面图: defective: 比例尺缺失" },
  { .name = "defective-core", .subject = "SPORT", .states = "application=defective:未签字",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "application:defective",
    .notice = "未签字" },
  { .name = "defective-without-reason", .subject = "SPORT", .states = "application=defective",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "application:defective",
    .notice = "经营许可申请书: defective" },

  /* Pledges (告知承诺) */
  { .name = "pledged-pledgeable", .subject = "SPORT", .states = "safety_cert=pledged",
    .recommended = PLEDGE, .allowed = "pledge refuse",
    .pledges = "safety_cert@2026-03-30", .verify_by = "2026-03-30",
    .reason = "pledge:Replaced by a signed pledge, verified by 2026-03-30: “安全保障制度证明”",
    .reason2 = "accept:accept on pledge" },
  { .name = "pledged-not-pledgeable", .subject = "SPORT", .states = "application=pledged",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "application:not_pledgeable",
    .notice = "经营许可申请书: a pledge cannot replace it",
    .reason = "pledge:No certificate is replaced by a pledge" },
  { .name = "pledged-not-pledgeable-but-tolerable", .subject = "SPORT", .states = "floor_plan=pledged",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:not_pledgeable", .tolerated = "floor_plan@2026-03-09",
    .supplement_by = "2026-03-09" },
  { .name = "pledged-dishonest", .subject = "SPORT", .applicant = "dishonest",
    .states = "safety_cert=pledged",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "safety_cert:pledge_barred",
    .reason = "pledge:The applicant is on the dishonesty list",
    .notice = "this applicant may not pledge" },
  { .name = "pledged-broken-pledge", .subject = "SPORT", .applicant = "broken",
    .states = "safety_cert=pledged",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "safety_cert:pledge_barred",
    .reason = "pledge:The applicant broke an earlier pledge" },
  { .name = "pledge-and-tolerance", .subject = "SPORT",
    .states = "safety_cert=pledged floor_plan=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing", .tolerated = "floor_plan@2026-03-09",
    .supplement_by = "2026-03-09", .pledges = "safety_cert@2026-03-30", .verify_by = "2026-03-30",
    .reason = "pledge:accept with tolerance, which takes the pledges too",
    .reason2 = "tolerance:Replaced by a signed pledge, verified by 2026-03-30: “安全保障制度证明”" },
  { .name = "pledge-and-core-missing", .subject = "SPORT",
    .states = "safety_cert=pledged application=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "application:missing",
    .pledges = "safety_cert@2026-03-30", .verify_by = "2026-03-30",
    .reason = "pledge:Materials are still outstanding: “经营许可申请书”" },

  /* Shared data (数据共享) */
  { .name = "shared-with-source", .subject = "SPORT", .states = "id_card=shared",
    .recommended = ACCEPT, .allowed = "accept refuse" },
  { .name = "shared-without-source-core", .subject = "SPORT", .states = "application=shared",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "application:not_shared",
    .notice = "经营许可申请书: no shared data provides it" },
  { .name = "shared-without-source-tolerable", .subject = "SPORT", .states = "floor_plan=shared",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:not_shared", .tolerated = "floor_plan@2026-03-09",
    .supplement_by = "2026-03-09" },

  /* Agents */
  { .name = "agent-complete", .subject = "SPORT", .applicant = "agent",
    .recommended = ACCEPT, .allowed = "accept refuse" },
  { .name = "agent-without-power-of-attorney", .subject = "SPORT", .applicant = "agent",
    .states = "agent_power_of_attorney=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "agent_power_of_attorney:missing",
    .reason = "tolerance:“Power of attorney” is a core material",
    .notice = "Power of attorney: not handed in" },
  { .name = "agent-without-id", .subject = "SPORT", .applicant = "agent",
    .states = "agent_id_card=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "agent_id_card:missing",
    .notice = "Agent’s identity document: not handed in" },
  { .name = "agent-without-both", .subject = "SPORT", .applicant = "agent",
    .states = "agent_power_of_attorney=missing agent_id_card=unchecked",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "agent_power_of_attorney:missing agent_id_card:original_not_checked" },
  { .name = "agent-material-without-agent", .subject = "SPORT",
    .states = "agent_power_of_attorney=copies:1",
    .recommended = ACCEPT, .allowed = "accept refuse",
    .warning = "“agent_power_of_attorney” matches no material" },

  /* Optional materials never block */
  { .name = "optional-missing", .subject = "SPORT", .states = "photo=missing",
    .recommended = ACCEPT, .allowed = "accept refuse", .warning = "" },
  { .name = "optional-defective", .subject = "SPORT", .states = "photo=defective:模糊",
    .recommended = ACCEPT, .allowed = "accept refuse",
    .warning = "Optional material, does not block acceptance: 场地照片: defective: 模糊" },

  /* Refusal (不予受理) overrides everything */
  { .name = "refusal", .subject = "SPORT", .refusal = YC_REFUSAL_OUT_OF_REMIT,
    .recommended = REFUSE, .allowed = "refuse",
    .reason = "accept:The application is to be refused: Not within this hall’s remit: 应向市级部门申请",
    .reason2 = "refuse:Refused: Not within this hall’s remit: 应向市级部门申请" },
  { .name = "refusal-with-tolerable-missing", .subject = "SPORT",
    .refusal = YC_REFUSAL_NOT_ELIGIBLE, .states = "floor_plan=missing",
    .recommended = REFUSE, .allowed = "refuse", .outstanding = "floor_plan:missing",
    .reason = "tolerance:The application is to be refused: Applicant not eligible" },
  { .name = "refusal-with-pledge", .subject = "SPORT", .refusal = YC_REFUSAL_NOT_ELIGIBLE,
    .states = "safety_cert=pledged",
    .recommended = REFUSE, .allowed = "refuse",
    .pledges = "safety_cert@2026-03-30", .verify_by = "2026-03-30" },
  { .name = "refuse-needs-reason", .subject = "SPORT", .states = "application=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "application:missing", .reason = "refuse:Refusing needs a reason" },

  /* Bundles */
  { .name = "bundle-all-provided", .subject = "OPEN_GYM", .applicant = "enterprise",
    .recommended = ACCEPT, .allowed = "accept refuse", .warning = "" },
  { .name = "bundle-shared-and-tolerated", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "id_card=shared health_cert=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "health_cert:missing", .tolerated = "health_cert@2026-03-05",
    .supplement_by = "2026-03-05" },
  { .name = "bundle-tolerated-in-both-earliest", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "floor_plan=missing health_cert=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing health_cert:missing",
    .tolerated = "floor_plan@2026-03-09 health_cert@2026-03-05", .supplement_by = "2026-03-05",
    .reason = "tolerance:To be supplemented by 2026-03-05" },
  { .name = "bundle-merged-not-tolerable", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "lease=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "lease:missing",
    .reason = "tolerance:“场地使用证明” is not a tolerable material" },
  { .name = "bundle-cap-per-item", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "health_cert=missing hygiene_plan=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "health_cert:missing hygiene_plan:missing",
    .reason = "tolerance:“公共场所卫生许可” allows at most 1 tolerated materials, but 2 are outstanding" },
  { .name = "bundle-cap-counted-per-item", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "floor_plan=missing staff_list=missing health_cert=missing",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing staff_list:missing health_cert:missing",
    .tolerated = "floor_plan@2026-03-09 staff_list@2026-03-09 health_cert@2026-03-05",
    .supplement_by = "2026-03-05" },
  { .name = "bundle-pledges-per-item", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "hygiene_plan=pledged safety_cert=pledged",
    .recommended = PLEDGE, .allowed = "pledge refuse",
    .pledges = "safety_cert@2026-03-30 hygiene_plan@2026-03-16", .verify_by = "2026-03-16" },
  { .name = "bundle-person-applicant", .subject = "OPEN_GYM",
    .recommended = ACCEPT, .allowed = "accept refuse",
    .warning = "“公共场所卫生许可” serves enterprises, but the applicant is a person" },
  { .name = "bundle-agent", .subject = "OPEN_GYM", .applicant = "enterprise,agent",
    .states = "agent_id_card=missing",
    .recommended = NOTICE, .allowed = "notice refuse", .outstanding = "agent_id_card:missing" },

  /* The one-time notice names everything at once */
  { .name = "one-time-notice-lists-everything", .subject = "SPORT", .applicant = "agent",
    .states = "id_card=unchecked application=missing lease=copies:1 floor_plan=defective:模糊 "
              "staff_list=shared safety_cert=pledged photo=missing agent_id_card=missing",
    .recommended = NOTICE, .allowed = "notice refuse",
    .outstanding = "id_card:original_not_checked application:missing lease:copies_short "
                   "floor_plan:defective staff_list:not_shared agent_id_card:missing",
    .pledges = "safety_cert@2026-03-30", .verify_by = "2026-03-30",
    .reason = "notice:“法定代表人身份证”, “经营许可申请书”, “场地使用证明”, “场地平面图”, “社会体育指导人员名单”, “Agent’s identity document”" },

  /* Deadlines in working days, the day of acceptance not counted */
  { .name = "deadline-over-weekend", .subject = "SPORT", .states = "floor_plan=missing",
    .accepted = "2026-03-06",
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing", .tolerated = "floor_plan@2026-03-13",
    .supplement_by = "2026-03-13" },
  { .name = "deadline-over-national-day", .subject = "SPORT",
    .states = "floor_plan=missing safety_cert=pledged",
    .accepted = "2026-09-30", .calendar = CAL_SHIPPED,
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "floor_plan:missing", .tolerated = "floor_plan@2026-10-13",
    .supplement_by = "2026-10-13", .pledges = "safety_cert@2026-11-03", .verify_by = "2026-11-03" },
  { .name = "deadline-over-spring-festival", .subject = "OPEN_GYM", .applicant = "enterprise",
    .states = "health_cert=missing", .accepted = "2026-02-13", .calendar = CAL_SHIPPED,
    .recommended = TOLERANCE, .allowed = "tolerance notice refuse",
    .outstanding = "health_cert:missing", .tolerated = "health_cert@2026-02-25",
    .supplement_by = "2026-02-25" },
};

#undef ACCEPT
#undef TOLERANCE
#undef PLEDGE
#undef NOTICE
#undef REFUSE

/* Built once for all cases, so that a case that changed the catalog would break the others. */
static YcCatalog *test_catalog;

static YcMergedList *
subject_for (YcCatalog  *catalog,
             const char *code)
{
  const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, code);
  const YcItem *item;

  if (bundle != NULL)
    {
      g_autoptr(GError) error = NULL;
      YcMergedList *merged = yc_bundle_merge (catalog, bundle, &error);
      g_assert_no_error (error);
      return merged;
    }

  item = yc_catalog_lookup_item (catalog, code);
  g_assert_nonnull (item);
  return yc_merged_list_new_for_item (catalog, item, yc_item_lookup_scenario (item, "default"));
}

static void
apply_state (YcRulesInput *input,
             const char   *assignment)
{
  g_auto(GStrv) parts = g_strsplit (assignment, "=", 2);
  YcMergedList *subject = yc_rules_input_get_subject (input);
  const YcMergedMaterial *merged;
  const char *code = parts[0];
  const char *spec = parts[1];
  guint required_copies;

  g_assert_nonnull (spec);
  merged = yc_merged_list_lookup_material (subject, code);
  required_copies = merged != NULL ? merged->copies : 1;

  if (g_str_equal (spec, "missing"))
    yc_rules_input_set_missing (input, code);
  else if (g_str_equal (spec, "shared"))
    yc_rules_input_set_shared (input, code);
  else if (g_str_equal (spec, "pledged"))
    yc_rules_input_set_pledged (input, code);
  else if (g_str_equal (spec, "defective"))
    yc_rules_input_set_defective (input, code, NULL);
  else if (g_str_has_prefix (spec, "defective:"))
    yc_rules_input_set_defective (input, code, spec + strlen ("defective:"));
  else if (g_str_has_prefix (spec, "copies:"))
    yc_rules_input_set_provided (input, code, TRUE, atoi (spec + strlen ("copies:")));
  else if (g_str_equal (spec, "unchecked"))
    yc_rules_input_set_provided (input, code, FALSE, required_copies);
  else if (g_str_has_prefix (spec, "provided:"))
    {
      int checked, copies;
      g_assert_cmpint (sscanf (spec, "provided:%d:%d", &checked, &copies), ==, 2);
      yc_rules_input_set_provided (input, code, checked, copies);
    }
  else
    g_error ("bad state spec %s", assignment);
}

static YcRulesInput *
input_for_case (YcCatalog       *catalog,
                const RulesCase *tc)
{
  g_autoptr(YcMergedList) subject = subject_for (catalog, tc->subject);
  YcRulesInput *input = yc_rules_input_new (subject);
  g_auto(GStrv) flags = g_strsplit (tc->applicant ? tc->applicant : "", ",", -1);
  g_auto(GStrv) states = g_strsplit (tc->states ? tc->states : "", " ", -1);
  YcApplicant applicant = { 0, };
  GDate date;

  applicant.kind = g_strv_contains ((const char * const *) flags, "enterprise")
                   ? YC_APPLICANT_ENTERPRISE : YC_APPLICANT_PERSON;
  applicant.is_agent = g_strv_contains ((const char * const *) flags, "agent");
  applicant.dishonest = g_strv_contains ((const char * const *) flags, "dishonest");
  applicant.broken_pledge = g_strv_contains ((const char * const *) flags, "broken");
  yc_rules_input_set_applicant (input, &applicant);

  g_assert_true (yc_date_parse_iso (tc->accepted ? tc->accepted : "2026-03-02", &date));
  yc_rules_input_set_acceptance_date (input, &date);

  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *m = yc_merged_list_get_material (subject, i);
      yc_rules_input_set_provided (input, m->material->code, TRUE, m->copies);
    }
  if (applicant.is_agent)
    {
      yc_rules_input_set_provided (input, YC_RULES_AGENT_POWER_OF_ATTORNEY, TRUE, 1);
      yc_rules_input_set_provided (input, YC_RULES_AGENT_ID_CARD, TRUE, 1);
    }
  for (guint i = 0; states[i] != NULL; i++)
    if (*states[i] != '\0')
      apply_state (input, states[i]);

  if (tc->refusal != YC_REFUSAL_NONE)
    yc_rules_input_set_refusal (input, tc->refusal, "应向市级部门申请");

  return input;
}

static const char *
describe_deferred (GPtrArray *deferred,
                   GString   *out)
{
  g_string_truncate (out, 0);
  for (guint i = 0; i < deferred->len; i++)
    {
      const YcDeferredMaterial *entry = g_ptr_array_index (deferred, i);
      g_autofree char *date = yc_date_format_iso (&entry->due);

      g_assert_nonnull (date);
      g_string_append_printf (out, "%s%s@%s", i ? " " : "", entry->material->material->code, date);
    }
  return out->str;
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = yc_date_format_iso (date);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
strings_contain (GPtrArray  *strings,
                 const char *needle)
{
  for (guint i = 0; i < strings->len; i++)
    if (strstr (g_ptr_array_index (strings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static YcDecision
decision_from_short (const char *name)
{
  static const char * const names[] = { "accept", "tolerance", "pledge", "notice", "refuse" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], name))
      return i;
  g_error ("bad decision %s", name);
}

static void
assert_reason (YcRulesResult *result,
               const char    *spec)
{
  g_auto(GStrv) parts = NULL;
  YcDecision decision;
  GPtrArray *reasons;

  if (spec == NULL)
    return;
  parts = g_strsplit (spec, ":", 2);
  decision = decision_from_short (parts[0]);
  reasons = yc_rules_result_get_reasons (result, decision);
  if (!strings_contain (reasons, parts[1]))
    {
      for (guint i = 0; i < reasons->len; i++)
        g_test_message ("reason %s: %s", parts[0], (char *) g_ptr_array_index (reasons, i));
      g_error ("no reason for %s contains “%s”", parts[0], parts[1]);
    }
}

static YcCalendar *
calendar_for (CalendarKind kind)
{
  g_autoptr(GError) error = NULL;
  YcCalendar *calendar;

  if (kind == CAL_WEEKDAYS)
    return yc_calendar_new ();

  calendar = yc_calendar_new_default (&error);
  if (calendar == NULL || !yc_calendar_covers_year (calendar, 2026))
    {
      g_test_skip_printf ("no shipped holiday calendar for 2026: %s",
                          error ? error->message : "year not covered");
      g_clear_object (&calendar);
    }
  return calendar;
}

static void
test_rules_case (gconstpointer data)
{
  const RulesCase *tc = data;
  YcCatalog *catalog = test_catalog;
  g_autoptr(YcCalendar) calendar = calendar_for (tc->calendar);
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) allowed = g_strsplit (tc->allowed, " ", -1);
  GPtrArray *outstanding;

  if (calendar == NULL)
    return;

  input = input_for_case (catalog, tc);
  result = yc_rules_evaluate (input, calendar);
  g_assert_nonnull (result);
  g_assert_true (yc_rules_result_get_input (result) == input);

  g_assert_cmpstr (yc_decision_to_string (yc_rules_result_get_recommended (result)), ==,
                   yc_decision_to_string (tc->recommended));
  g_assert_true (yc_rules_result_is_allowed (result, tc->recommended));
  for (YcDecision d = YC_DECISION_ACCEPT; d < YC_N_DECISIONS; d++)
    {
      gboolean expected = FALSE;

      for (guint i = 0; allowed[i] != NULL; i++)
        expected |= decision_from_short (allowed[i]) == d;
      if (expected != yc_rules_result_is_allowed (result, d))
        g_error ("%s: expected %s to be %s", tc->name, yc_decision_to_string (d),
                 expected ? "allowed" : "not allowed");
      /* Every decision explains itself, allowed or not. */
      g_assert_cmpuint (yc_rules_result_get_reasons (result, d)->len, >, 0);
    }

  outstanding = yc_rules_result_get_outstanding (result);
  for (guint i = 0; i < outstanding->len; i++)
    {
      const YcOutstanding *entry = g_ptr_array_index (outstanding, i);
      g_string_append_printf (text, "%s%s:%s", i ? " " : "", entry->material->material->code,
                              yc_problem_to_string (entry->problem));
      g_assert_true (g_str_has_prefix (entry->message, entry->material->material->name));
    }
  g_assert_cmpstr (text->str, ==, tc->outstanding ? tc->outstanding : "");

  g_assert_cmpstr (describe_deferred (yc_rules_result_get_tolerated (result), text), ==,
                   tc->tolerated ? tc->tolerated : "");
  assert_date (yc_rules_result_get_supplement_deadline (result), tc->supplement_by);
  g_assert_cmpstr (describe_deferred (yc_rules_result_get_pledges (result), text), ==,
                   tc->pledges ? tc->pledges : "");
  assert_date (yc_rules_result_get_pledge_verify_date (result), tc->verify_by);

  assert_reason (result, tc->reason);
  assert_reason (result, tc->reason2);

  if (tc->notice != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < outstanding->len; i++)
        found |= strstr (((YcOutstanding *) g_ptr_array_index (outstanding, i))->message,
                         tc->notice) != NULL;
      if (!found)
        g_error ("%s: no outstanding message contains “%s”", tc->name, tc->notice);
    }

  if (tc->warning != NULL && *tc->warning == '\0')
    g_assert_cmpuint (yc_rules_result_get_warnings (result)->len, ==, 0);
  else if (tc->warning != NULL && !strings_contain (yc_rules_result_get_warnings (result), tc->warning))
    g_error ("%s: no warning contains “%s”", tc->name, tc->warning);
}

static void
test_rules_agent_material_in_scenario (void)
{
  YcTestCatalog builder;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcMergedList) subject = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  const YcApplicant agent = { YC_APPLICANT_PERSON, TRUE, FALSE, FALSE };
  const YcOutstanding *outstanding;
  GPtrArray *materials;
  YcItem *item;
  GDate date;

  /* A scenario written for agents lists the power of attorney itself, with its own demands. */
  yc_test_catalog_init (&builder);
  yc_test_catalog_department (&builder, "hr", "区人力资源和社会保障局", "人社局");
  item = yc_test_catalog_item (&builder, "SOCIAL", "社会保险登记", "hr", YC_AUDIENCE_ALL, "");
  yc_test_item_add_material (item, YC_RULES_AGENT_POWER_OF_ATTORNEY, "委托书",
                             YC_MATERIAL_FORM_COPY, 2, M_REQUIRED, NULL, NULL);
  catalog = yc_test_catalog_finish (&builder);

  subject = yc_merged_list_new_for_item (catalog, item, g_ptr_array_index (item->scenarios, 0));
  input = yc_rules_input_new (subject);
  yc_rules_input_set_applicant (input, &agent);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  yc_rules_input_set_acceptance_date (input, &date);
  result = yc_rules_evaluate (input, calendar);

  /* Asked once, with the catalog's demands; the agent's ID is added. */
  materials = yc_rules_result_get_materials (result);
  g_assert_cmpuint (materials->len, ==, 2);
  g_assert_cmpstr (((YcMergedMaterial *) g_ptr_array_index (materials, 0))->material->name, ==, "委托书");
  g_assert_cmpstr (((YcMergedMaterial *) g_ptr_array_index (materials, 1))->material->code, ==, YC_RULES_AGENT_ID_CARD);
  g_assert_true (((YcMergedMaterial *) g_ptr_array_index (materials, 1))->core);

  g_assert_cmpuint (yc_rules_result_get_outstanding (result)->len, ==, 2);
  outstanding = g_ptr_array_index (yc_rules_result_get_outstanding (result), 1);
  g_assert_true (outstanding->material->items->len == 1 &&
                 g_ptr_array_index (outstanding->material->items, 0) == item);
  g_assert_false (outstanding->tolerable);
}

/*
 * A bundle where one item requires a tolerable material and another lists it as optional
 * (the review's repro, /tmp/yc-review/cat): the optional part neither takes tolerance away
 * nor counts the material against its cap, nor lends it its shorter supplement period.
 */
static void
test_rules_optional_part (void)
{
  YcTestCatalog builder;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcMergedList) subject = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  const YcApplicant person = { YC_APPLICANT_PERSON, FALSE, FALSE, FALSE };
  YcItem *a, *b;
  GDate date;

  yc_test_catalog_init (&builder);
  yc_test_catalog_department (&builder, "a", "甲局", "甲");
  yc_test_catalog_department (&builder, "b", "乙局", "乙");
  a = yc_test_catalog_item (&builder, "A", "甲事项", "a", YC_AUDIENCE_ALL, "");
  a->supplement_days = 5;
  a->max_tolerated = 1;
  yc_test_item_add_material (a, "lease", "租赁合同", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_TOLERABLE, NULL, NULL);
  yc_test_item_add_material (a, "id_card", "身份证", YC_MATERIAL_FORM_ORIGINAL, 1,
                             M_REQUIRED | M_CORE, NULL, NULL);
  b = yc_test_catalog_item (&builder, "B", "乙事项", "b", YC_AUDIENCE_ALL, "");
  b->supplement_days = 2;
  b->max_tolerated = 1;
  yc_test_item_add_material (b, "lease", "租赁合同", YC_MATERIAL_FORM_COPY, 1, 0, NULL, NULL);
  yc_test_item_add_material (b, "plan", "平面图", YC_MATERIAL_FORM_COPY, 1,
                             M_REQUIRED | M_TOLERABLE, NULL, NULL);
  yc_test_catalog_bundle (&builder, "AB", "甲乙一件事", YC_AUDIENCE_ALL, "", "A", "B", NULL);
  catalog = yc_test_catalog_finish (&builder);

  subject = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "AB"), NULL);
  input = yc_rules_input_new (subject);
  yc_rules_input_set_applicant (input, &person);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  yc_rules_input_set_acceptance_date (input, &date);
  yc_rules_input_set_provided (input, "id_card", TRUE, 1);
  yc_rules_input_set_missing (input, "lease");
  yc_rules_input_set_missing (input, "plan");
  result = yc_rules_evaluate (input, calendar);

  /* Each item has one tolerated material, within its cap of one; the lease waits A's five
   * days, not B's two. */
  g_assert_true (yc_rules_result_is_allowed (result, YC_DECISION_ACCEPT_WITH_TOLERANCE));
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpstr (describe_deferred (yc_rules_result_get_tolerated (result), text), ==,
                   "lease@2026-03-09 plan@2026-03-04");
  assert_date (yc_rules_result_get_supplement_deadline (result), "2026-03-04");
}

static void
test_rules_lifetime (void)
{
  YcCatalog *catalog = yc_test_rules_catalog_new ();
  YcCalendar *calendar = yc_calendar_new ();
  YcMergedList *subject;
  YcRulesInput *input;
  YcRulesResult *result;
  GDate date;

  subject = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "OPEN_GYM"), NULL);
  input = yc_rules_input_new (subject);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  yc_rules_input_set_acceptance_date (input, &date);
  yc_rules_input_set_defective (input, "lease", "复印不清");
  result = yc_rules_evaluate (input, calendar);

  /* The result holds what its pointers point into; the calendar is only borrowed. */
  yc_merged_list_unref (subject);
  yc_rules_input_unref (input);
  g_object_unref (catalog);
  g_assert_finalize_object (calendar);

  g_assert_cmpstr (((YcOutstanding *) g_ptr_array_index (yc_rules_result_get_outstanding (result), 2))->detail, ==, "复印不清");
  g_assert_true (yc_rules_result_ref (result) == result);
  yc_rules_result_unref (result);
  catalog = g_object_ref (yc_merged_list_get_catalog (yc_rules_input_get_subject (yc_rules_result_get_input (result))));
  yc_rules_result_unref (result);
  g_assert_finalize_object (catalog);
}

static void
test_rules_enum_strings (void)
{
  YcDecision decision;
  YcMaterialState state;
  YcRefusal refusal;
  YcApplicantKind kind;

  for (YcDecision d = YC_DECISION_ACCEPT; d < YC_N_DECISIONS; d++)
    {
      g_assert_true (yc_decision_from_string (yc_decision_to_string (d), &decision));
      g_assert_cmpint (decision, ==, d);
    }
  g_assert_false (yc_decision_from_string ("accept_maybe", &decision));
  for (YcMaterialState s = YC_MATERIAL_STATE_MISSING; s <= YC_MATERIAL_STATE_SHARED; s++)
    {
      g_assert_true (yc_material_state_from_string (yc_material_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
    }
  for (YcRefusal r = YC_REFUSAL_NONE; r <= YC_REFUSAL_NOT_ELIGIBLE; r++)
    {
      g_assert_true (yc_refusal_from_string (yc_refusal_to_string (r), &refusal));
      g_assert_cmpint (refusal, ==, r);
    }
  g_assert_true (yc_applicant_kind_from_string ("enterprise", &kind));
  g_assert_cmpint (kind, ==, YC_APPLICANT_ENTERPRISE);
  g_assert_false (yc_applicant_kind_from_string (NULL, &kind));
  g_assert_cmpstr (yc_problem_to_string (YC_PROBLEM_PLEDGE_BARRED), ==, "pledge_barred");
}

static void
test_rules_labels_zh_cn (void)
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("translations not built: %s", mo);
      return;
    }

  /* In a child, so that the language switch stays out of the other tests. */
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_assert_cmpstr (yc_decision_label (YC_DECISION_ACCEPT), ==, "受理");
      g_assert_cmpstr (yc_decision_label (YC_DECISION_ACCEPT_WITH_TOLERANCE), ==, "容缺受理");
      g_assert_cmpstr (yc_decision_label (YC_DECISION_ACCEPT_ON_PLEDGE), ==, "承诺受理");
      g_assert_cmpstr (yc_decision_label (YC_DECISION_ONE_TIME_NOTICE), ==, "一次性告知");
      g_assert_cmpstr (yc_decision_label (YC_DECISION_REFUSE), ==, "不予受理");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rules_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/case/%s", rules_cases[i].name);
      g_test_add_data_func (path, &rules_cases[i], test_rules_case);
    }
  g_test_add_func ("/rules/agent-material-in-scenario", test_rules_agent_material_in_scenario);
  g_test_add_func ("/rules/optional-part", test_rules_optional_part);
  g_test_add_func ("/rules/lifetime", test_rules_lifetime);
  g_test_add_func ("/rules/enum-strings", test_rules_enum_strings);
  g_test_add_func ("/rules/labels-zh-cn", test_rules_labels_zh_cn);

  test_catalog = yc_test_rules_catalog_new ();
  status = g_test_run ();
  g_assert_finalize_object (test_catalog);
  return status;
}
