/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * The counter's intake for tests: rules inputs over the test catalog of
 * yc-test-rules-catalog.h and case documents built from them (yc-case-builder.h), as the
 * counter makes them.  Used by test-case-builder.c and the store's tests and benchmark.
 */

#include <stdio.h>

#include "yc-case-builder.h"
#include "yc-test-cases.h"

#define YC_TEST_APPLICANT \
  "{\"kind\": \"enterprise\", \"name\": \"力行健身有限公司\", \"id_number\": \"91110108MA01ABCD2X\", " \
  "\"mobile\": \"13800138000\", \"address\": \"北京市海淀区中关村大街1号\"}"

static inline YcMergedList *
yc_test_subject (YcCatalog  *catalog,
                 const char *code)
{
  const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, code);
  const YcItem *item = yc_catalog_lookup_item (catalog, code);
  g_autoptr(GError) error = NULL;
  YcMergedList *subject;

  if (bundle == NULL)
    {
      g_assert_nonnull (item);
      return yc_merged_list_new_for_item (catalog, item, g_ptr_array_index (item->scenarios, 0));
    }
  subject = yc_bundle_merge (catalog, bundle, &error);
  g_assert_no_error (error);
  return subject;
}

static inline GDate
yc_test_day_of (GDateTime *when)
{
  int year, month, day;
  GDate date;

  g_date_time_get_ymd (when, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* Every material of @code (item or bundle) handed in as asked (originals checked, the copies
 * required), id_card from shared data; an enterprise without an agent; accepted on @day. */
static inline YcRulesInput *
yc_test_input_new (YcCatalog   *catalog,
                   const char  *code,
                   const GDate *day)
{
  g_autoptr(YcMergedList) subject = yc_test_subject (catalog, code);
  YcRulesInput *input = yc_rules_input_new (subject);
  YcApplicant applicant = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };

  yc_rules_input_set_applicant (input, &applicant);
  yc_rules_input_set_acceptance_date (input, day);
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *merged = yc_merged_list_get_material (subject, i);

      if (merged->required)
        yc_rules_input_set_provided (input, merged->material->code, TRUE, merged->copies);
    }
  yc_rules_input_set_shared (input, "id_card");
  return input;
}

static inline YcCaseIntake
yc_test_intake (JsonObject *applicant,
                GDateTime  *accepted_at)
{
  YcCaseIntake intake = { 0 };

  intake.hall = "HD01";
  intake.window = "W03";
  intake.clerk = "c1";
  intake.applicant = applicant;
  intake.accepted_at = accepted_at;
  return intake;
}

/*
 * The store's standard case: SPORT accepted with tolerance on the day of @accepted_at (NULL:
 * now), seven materials — id_card shared; application (scan @blob_a, 2 pages) and lease
 * (2 copies, scan @blob_b, 5 pages) provided; floor_plan missing, hence tolerated;
 * staff_list provided; safety_cert pledged; the optional photo defective (复印件不清晰).
 * The blobs may be NULL (no scan).
 */
static inline YcCase *
yc_test_counter_case (YcCatalog  *catalog,
                      YcCalendar *calendar,
                      const char *blob_a,
                      const char *blob_b,
                      GDateTime  *accepted_at)
{
  g_autoptr(GDateTime) when = accepted_at != NULL ? g_date_time_ref (accepted_at)
                                                  : g_date_time_new_now_local ();
  GDate day = yc_test_day_of (when);
  g_autoptr(YcRulesInput) input = yc_test_input_new (catalog, "SPORT", &day);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  g_autoptr(GError) error = NULL;
  YcCaseScan scans[] = { { "application", blob_a, 2 }, { "lease", blob_b, 5 } };
  YcCaseIntake intake = yc_test_intake (applicant, when);
  YcCase *c;

  yc_rules_input_set_missing (input, "floor_plan");
  yc_rules_input_set_pledged (input, "safety_cert");
  yc_rules_input_set_defective (input, "photo", "复印件不清晰");
  result = yc_rules_evaluate (input, calendar);
  intake.scans = scans;
  intake.n_scans = G_N_ELEMENTS (scans);
  c = yc_case_build_accepted (result, YC_DECISION_ACCEPT_WITH_TOLERANCE, &intake, calendar, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}
