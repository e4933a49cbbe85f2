/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "yc-data.h"
#include "yc-intake-view.h"
#include "yc-store-flags.h"
#include "yc-test-finalize.h"

/*
 * An applicant the back office flagged for a broken pledge, at the counter: the flag is in
 * the local store only (as the sync engine leaves it, from a change of kind applicant_flag),
 * the clerk enters the number, and the intake's rules stop offering tolerance and pledges,
 * with the reason in the decision panel.  Another number gives them back.
 */

#define HALL   "T1"
#define WINDOW "W2"
#define GYM    "YJS-001"              /* 我要开健身房 */
#define FLAGGED_USCC "91350100M000100Y43"
#define REASON "承诺的场所使用证明经核查不实"

typedef struct {
  char         *dir;
  YcStore      *store;
  YcCatalog    *catalog;
  YcCalendar   *calendar;
  GtkWindow    *window;
  YcIntakeView *view;
} Fixture;

static void
record_flag (YcStore *store)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GError) error = NULL;

  /* As the back office writes it (yc_push_flag_applicant). */
  json_object_set_string_member (payload, "applicant_kind", "enterprise");
  json_object_set_string_member (payload, "id_number", FLAGGED_USCC);
  json_object_set_string_member (payload, "reason", REASON);
  json_object_set_string_member (payload, "flagged_at", "2026-11-20T02:00:00Z");
  json_object_set_string_member (payload, "case_uuid", "0b7e2f8a-4c1d-4e5f-9a6b-7c8d9e0f1a2b");
  g_ptr_array_add (changes, yc_feed_change_new (5, "applicant_flag",
                                                "0b7e2f8a-4c1d-4e5f-9a6b-7c8d9e0f1a2b", 3, payload));
  applied = yc_store_apply_feed_page (store, changes, "e1:5", "clerk1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (applied);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("yc-intake-credit-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = yc_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (fixture->store, HALL, WINDOW, &error));
  record_flag (fixture->store);
  fixture->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  fixture->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  fixture->view = YC_INTAKE_VIEW (yc_intake_view_new (fixture->store, fixture->catalog, fixture->calendar));
  yc_intake_view_set_device (fixture->view, HALL, WINDOW, "clerk1");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* What the store's thread still holds comes back a moment later. */
  yc_test_finalize_soon (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->calendar);
  g_clear_object (&fixture->catalog);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static YcDecision
recommended (Fixture *fixture)
{
  YcRulesResult *result = yc_intake_view_get_result (fixture->view);

  g_assert_nonnull (result);
  return yc_rules_result_get_recommended (result);
}

static gboolean
allowed (Fixture    *fixture,
         YcDecision  decision)
{
  return yc_rules_result_is_allowed (yc_intake_view_get_result (fixture->view), decision);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The lookup answers from the store's thread: wait until the panel shows (or hides) the
 * notice, and for the lookups still under way. */
static const char *
wait_for_notice (Fixture  *fixture,
                 gboolean  shown)
{
  YcDecisionPanel *panel = yc_intake_view_get_decision_panel (fixture->view);
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!timed_out && (yc_decision_panel_get_credit_notice (panel) != NULL) != shown)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  /* Answers of lookups asked meanwhile (they say the same). */
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  return yc_decision_panel_get_credit_notice (panel);
}

static void
test_flagged_applicant (Fixture       *fixture,
                        gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);
  YcApplicant applicant;
  const char *notice;
  gboolean broken_pledge = TRUE;

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  yc_material_checklist_receive_all (checklist);
  g_assert_true (yc_material_checklist_set_state (checklist, "health_certificates",
                                                  YC_INTAKE_STATE_MISSING));
  g_assert_true (yc_material_checklist_set_state (checklist, "premises_proof",
                                                  YC_INTAKE_STATE_PLEDGED));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_null (yc_decision_panel_get_credit_notice (yc_intake_view_get_decision_panel (fixture->view)));

  /* The flagged enterprise: no tolerance, no pledge, and the panel says why. */
  g_object_set (form,
                "kind", YC_APPLICANT_ENTERPRISE,
                "name", "力行健身管理有限公司",
                "id-number", FLAGGED_USCC,
                "mobile", "138 0013 8000",
                NULL);
  notice = wait_for_notice (fixture, TRUE);
  g_assert_nonnull (strstr (notice, REASON));
  g_assert_nonnull (strstr (notice, "2026"));
  g_assert_nonnull (strstr (notice, "broken pledge"));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (allowed (fixture, YC_DECISION_ACCEPT_WITH_TOLERANCE));
  g_assert_false (allowed (fixture, YC_DECISION_ACCEPT_ON_PLEDGE));
  yc_applicant_form_get_applicant (form, &applicant);
  g_assert_true (applicant.broken_pledge);
  /* The clerk's switch shows it and cannot turn it off. */
  g_object_set (form, "broken-pledge", FALSE, NULL);
  yc_applicant_form_get_applicant (form, &applicant);
  g_assert_true (applicant.broken_pledge);
  g_assert_false (allowed (fixture, YC_DECISION_ACCEPT_WITH_TOLERANCE));

  /* The material states still count: everything handed in is a plain acceptance. */
  g_assert_true (yc_material_checklist_set_state (checklist, "health_certificates",
                                                  YC_INTAKE_STATE_ORIGINAL));
  g_assert_true (yc_material_checklist_set_state (checklist, "premises_proof",
                                                  YC_INTAKE_STATE_ORIGINAL));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT);
  g_assert_true (yc_material_checklist_set_state (checklist, "health_certificates",
                                                  YC_INTAKE_STATE_MISSING));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);

  /* A number that does not check is nobody's: the flag does not apply. */
  g_object_set (form, "id-number", "91350100M00010", NULL);
  g_assert_null (wait_for_notice (fixture, FALSE));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_object_get (form, "broken-pledge", &broken_pledge, NULL);
  g_assert_false (broken_pledge);

  /* Back to the flagged number: the flag again. */
  g_object_set (form, "id-number", FLAGGED_USCC, NULL);
  g_assert_nonnull (wait_for_notice (fixture, TRUE));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);

  /* The next applicant starts clean (yc_intake_view_restart() resets the form so). */
  yc_applicant_form_reset (form, YC_APPLICANT_ENTERPRISE);
  g_assert_null (yc_decision_panel_get_credit_notice (yc_intake_view_get_decision_panel (fixture->view)));
  yc_applicant_form_get_applicant (form, &applicant);
  g_assert_false (applicant.broken_pledge);
}

/* A person not flagged is looked up too and keeps tolerance. */
static void
test_not_flagged (Fixture       *fixture,
                  gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  yc_material_checklist_receive_all (checklist);
  g_assert_true (yc_material_checklist_set_state (checklist, "health_certificates",
                                                  YC_INTAKE_STATE_MISSING));
  g_object_set (form,
                "kind", YC_APPLICANT_ENTERPRISE,
                "name", "另一家健身有限公司",
                "id-number", "91110108MA01ABCD2H",
                "mobile", "138 0013 8000",
                NULL);
  g_assert_null (wait_for_notice (fixture, FALSE));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/intake-credit/flagged-applicant", Fixture, NULL, fixture_set_up,
              test_flagged_applicant, fixture_tear_down);
  g_test_add ("/intake-credit/not-flagged", Fixture, NULL, fixture_set_up,
              test_not_flagged, fixture_tear_down);

  return g_test_run ();
}
