/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-calendar.h"
#include "yc-data.h"
#include "yc-rules.h"

/*
 * The rules engine on the shipped catalog's bundles (data/catalog/): the material codes
 * and flags named here are what the data says; dates are computed from each item's limits.
 */

static YcRulesInput *
shipped_input (YcCatalog          *catalog,
               const char         *bundle_name,
               const YcApplicant  *applicant)
{
  GPtrArray *bundles = yc_catalog_get_bundles (catalog);
  g_autoptr(YcMergedList) subject = NULL;
  YcRulesInput *input;
  GDate date;

  for (guint i = 0; subject == NULL && i < bundles->len; i++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, i);
      if (g_str_equal (bundle->name, bundle_name))
        subject = yc_bundle_merge (catalog, bundle, NULL);
    }
  g_assert_nonnull (subject);

  input = yc_rules_input_new (subject);
  yc_rules_input_set_applicant (input, applicant);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  yc_rules_input_set_acceptance_date (input, &date);

  /* Everything as required; what shared data serves is fetched, not asked for. */
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *m = yc_merged_list_get_material (subject, i);
      if (m->shared_source != NULL)
        yc_rules_input_set_shared (input, m->material->code);
      else
        yc_rules_input_set_provided (input, m->material->code, TRUE, m->copies);
    }
  return input;
}

static YcCatalog *
load_shipped_catalog (void)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog;

  if (!g_file_query_exists (file, NULL))
    {
      g_test_skip ("no shipped catalog yet");
      return NULL;
    }
  catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  return catalog;
}

/* The earliest of the items' own limits, as the engine must find it. */
static void
earliest_due (YcCalendar             *calendar,
              const YcMergedMaterial *m,
              gboolean                pledge,
              GDate                  *due)
{
  GDate accepted;

  g_date_clear (&accepted, 1);
  g_date_set_dmy (&accepted, 2, G_DATE_MARCH, 2026);
  g_date_clear (due, 1);
  for (guint i = 0; i < m->items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (m->items, i);
      GDate date;

      g_date_clear (&date, 1);
      yc_calendar_add_working_days (calendar, &accepted,
                                    pledge ? item->pledge_verify_days : item->supplement_days,
                                    &date);
      if (!g_date_valid (due) || g_date_compare (&date, due) < 0)
        *due = date;
    }
}

static void
test_rules_shipped_gym (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped_catalog ();
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  const YcApplicant enterprise = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  const YcMergedMaterial *health, *premises;
  const YcDeferredMaterial *deferred;
  GDate due;

  if (catalog == NULL)
    return;

  input = shipped_input (catalog, "我要开健身房", &enterprise);
  result = yc_rules_evaluate (input, calendar);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT);
  g_assert_cmpuint (yc_rules_result_get_outstanding (result)->len, ==, 0);
  g_assert_cmpuint (yc_rules_result_get_warnings (result)->len, ==, 0);
  g_clear_pointer (&result, yc_rules_result_unref);

  /* The health certificates are tolerable; the premises proof may be pledged in all four items. */
  health = yc_merged_list_lookup_material (yc_rules_input_get_subject (input), "health_certificates");
  premises = yc_merged_list_lookup_material (yc_rules_input_get_subject (input), "premises_proof");
  g_assert_true (health->tolerable);
  g_assert_true (premises->pledgeable);
  g_assert_cmpuint (premises->items->len, ==, 4);
  yc_rules_input_set_missing (input, "health_certificates");
  yc_rules_input_set_pledged (input, "premises_proof");
  result = yc_rules_evaluate (input, calendar);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpuint (yc_rules_result_get_tolerated (result)->len, ==, 1);
  deferred = g_ptr_array_index (yc_rules_result_get_tolerated (result), 0);
  g_assert_true (deferred->material == health);
  earliest_due (calendar, health, FALSE, &due);
  g_assert_cmpint (g_date_compare (&due, yc_rules_result_get_supplement_deadline (result)), ==, 0);
  g_assert_cmpuint (yc_rules_result_get_pledges (result)->len, ==, 1);
  deferred = g_ptr_array_index (yc_rules_result_get_pledges (result), 0);
  g_assert_true (deferred->material == premises);
  earliest_due (calendar, premises, TRUE, &due);
  g_assert_cmpint (g_date_compare (&due, &deferred->due), ==, 0);
  g_clear_pointer (&result, yc_rules_result_unref);

  /* The legal representative's ID is core: no tolerance, a one-time notice listing both. */
  yc_rules_input_set_missing (input, "legal_rep_id_card");
  result = yc_rules_evaluate (input, calendar);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (yc_rules_result_is_allowed (result, YC_DECISION_ACCEPT_WITH_TOLERANCE));
  g_assert_cmpuint (yc_rules_result_get_outstanding (result)->len, ==, 2);
}

static void
test_rules_shipped_business (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped_catalog ();
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  const YcApplicant agent = { YC_APPLICANT_ENTERPRISE, TRUE, FALSE, FALSE };
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  const YcOutstanding *outstanding;

  if (catalog == NULL)
    return;

  /* An agent for a company start-up, with the agent's ID but no power of attorney. */
  input = shipped_input (catalog, "开办企业（有限责任公司）", &agent);
  yc_rules_input_set_provided (input, YC_RULES_AGENT_ID_CARD, TRUE, 1);
  result = yc_rules_evaluate (input, calendar);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_cmpuint (yc_rules_result_get_outstanding (result)->len, ==, 1);
  outstanding = g_ptr_array_index (yc_rules_result_get_outstanding (result), 0);
  g_assert_cmpstr (outstanding->material->material->code, ==, YC_RULES_AGENT_POWER_OF_ATTORNEY);
  g_assert_cmpuint (outstanding->material->items->len, ==, 6);
  g_clear_pointer (&result, yc_rules_result_unref);

  yc_rules_input_set_provided (input, YC_RULES_AGENT_POWER_OF_ATTORNEY, TRUE, 1);
  result = yc_rules_evaluate (input, calendar);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules-shipped/gym", test_rules_shipped_gym);
  g_test_add_func ("/rules-shipped/business", test_rules_shipped_business);

  return g_test_run ();
}
