/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "yc-case-summary.h"
#include "yc-data.h"
#include "yc-intake-view.h"
#include "yc-store-private.h"  /* the store's connection: a full disk on demand */
#include "yc-today-view.h"
#include "yc-test-finalize.h"

/*
 * The intake over the shipped catalog and calendar, driven through its actions and
 * properties as the clerk's clicks and keys do: the decision panel follows the rules
 * engine as material states and the applicant change, the applicant form checks and masks
 * the numbers, and confirming records the case in a real store with its number.
 */

#define HALL   "T1"
#define WINDOW "W2"
#define GYM    "YJS-001"          /* 我要开健身房 */
#define HYGIENE "WJ-XK-001"       /* 公共场所卫生许可: asks 新办 or 延续 */
#define USCC   "91350100M000100Y43"
#define RESIDENT_ID "110101199003070011"

typedef struct {
  char         *dir;
  YcStore      *store;
  YcCatalog    *catalog;
  YcCalendar   *calendar;
  GtkWindow    *window;
  YcIntakeView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("yc-intake-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = yc_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (fixture->store, HALL, WINDOW, &error));
  fixture->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  fixture->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  fixture->view = YC_INTAKE_VIEW (yc_intake_view_new (fixture->store, fixture->catalog, fixture->calendar));
  yc_intake_view_set_device (fixture->view, HALL, WINDOW, "clerk1");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window),
                                      adw_toast_overlay_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window))),
                               GTK_WIDGET (fixture->view));
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
  /* Lookups the intake started (the applicant's credit, today's list) answer on the store's
   * thread a moment later, holding the store until then. */
  yc_test_finalize_soon (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->calendar);
  g_clear_object (&fixture->catalog);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static YcRulesResult *
result_of (Fixture *fixture)
{
  YcRulesResult *result = yc_intake_view_get_result (fixture->view);

  g_assert_nonnull (result);
  return result;
}

static YcDecision
recommended (Fixture *fixture)
{
  return yc_rules_result_get_recommended (result_of (fixture));
}

static void
set_state (Fixture       *fixture,
           const char    *code,
           YcIntakeState  state)
{
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (checklist), "checklist.set-state",
                                             "(si)", code, (int) state));
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, code)), ==, state);
}

static void
fill_enterprise (Fixture *fixture)
{
  g_object_set (yc_intake_view_get_applicant_form (fixture->view),
                "kind", YC_APPLICANT_ENTERPRISE,
                "name", "力行健身管理有限公司",
                "id-number", USCC,
                "mobile", "138 0013 8000",
                NULL);
}

static gboolean
reasons_mention (YcRulesResult *result,
                 YcDecision     decision,
                 const char    *text)
{
  GPtrArray *reasons = yc_rules_result_get_reasons (result, decision);

  for (guint i = 0; i < reasons->len; i++)
    if (strstr (g_ptr_array_index (reasons, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* The gym bundle: from nothing handed in to tolerance with a pledge, as the panel shows it. */
static void
test_bundle_decisions (Fixture       *fixture,
                       gconstpointer  data)
{
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);
  YcDecisionPanel *panel = yc_intake_view_get_decision_panel (fixture->view);
  GListModel *rows = yc_material_checklist_get_model (checklist);
  YcRulesResult *result;
  GPtrArray *tolerated;
  GPtrArray *pledges;

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, GYM);
  /* Asked once though five items want it: 41 → 29 materials (docs/rules.md). */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 29);
  /* The hall fetches the business licence itself. */
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, "business_license")),
                   ==, YC_INTAKE_STATE_SHARED);
  g_assert_false (yc_intake_material_allows_state (yc_material_checklist_lookup (checklist, "application_company"),
                                                   YC_INTAKE_STATE_SHARED));

  /* Nothing handed in yet. */
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (yc_rules_result_is_allowed (result_of (fixture), YC_DECISION_ACCEPT));
  g_assert_cmpuint (yc_rules_result_get_outstanding (result_of (fixture))->len, >, 20);
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ONE_TIME_NOTICE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (checklist), "checklist.receive-all", NULL));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT);
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ACCEPT);
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, "articles_of_association")),
                   ==, YC_INTAKE_STATE_ORIGINAL);

  set_state (fixture, "premises_proof", YC_INTAKE_STATE_PLEDGED);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_ON_PLEDGE);
  g_assert_false (yc_rules_result_is_allowed (result_of (fixture), YC_DECISION_ACCEPT));

  set_state (fixture, "health_certificates", YC_INTAKE_STATE_MISSING);
  result = result_of (fixture);
  g_assert_cmpint (yc_rules_result_get_recommended (result), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_false (yc_rules_result_is_allowed (result, YC_DECISION_ACCEPT_ON_PLEDGE));
  g_assert_true (yc_rules_result_is_allowed (result, YC_DECISION_ONE_TIME_NOTICE));
  tolerated = yc_rules_result_get_tolerated (result);
  g_assert_cmpuint (tolerated->len, ==, 1);
  g_assert_cmpstr (((YcDeferredMaterial *) g_ptr_array_index (tolerated, 0))->material->material->code,
                   ==, "health_certificates");
  g_assert_true (g_date_valid (yc_rules_result_get_supplement_deadline (result)));
  pledges = yc_rules_result_get_pledges (result);
  g_assert_cmpuint (pledges->len, ==, 1);
  g_assert_true (reasons_mention (result, YC_DECISION_ACCEPT_WITH_TOLERANCE, "从业人员健康合格证明"));
  /* The applicant is still to be filled in: nothing to confirm yet. */
  g_assert_nonnull (yc_intake_view_get_problem (fixture->view));

  /* The clerk may still choose the notice; not an acceptance the rules refuse. */
  g_assert_false (yc_decision_panel_set_decision (panel, YC_DECISION_ACCEPT));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.choose", "i",
                                             (int) YC_DECISION_ONE_TIME_NOTICE));
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ONE_TIME_NOTICE);
  /* … and the choice stays while it stays allowed. */
  set_state (fixture, "hygiene_test_report", YC_INTAKE_STATE_MISSING);
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);

  /* A core material missing: nothing but the notice (and a refusal). */
  set_state (fixture, "legal_rep_id_card", YC_INTAKE_STATE_MISSING);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (yc_rules_result_is_allowed (result_of (fixture), YC_DECISION_ACCEPT_WITH_TOLERANCE));
  g_assert_true (reasons_mention (result_of (fixture), YC_DECISION_ACCEPT_WITH_TOLERANCE, "法定代表人身份证件"));

  /* A defect with its reason is outstanding too. */
  set_state (fixture, "legal_rep_id_card", YC_INTAKE_STATE_COPIES);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  set_state (fixture, "articles_of_association", YC_INTAKE_STATE_DEFECTIVE);
  yc_intake_material_set_reason (yc_material_checklist_lookup (checklist, "articles_of_association"), "缺股东签字");
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_true (reasons_mention (result_of (fixture), YC_DECISION_ONE_TIME_NOTICE, "公司章程"));

  /* States the material cannot take are refused. */
  g_assert_false (yc_material_checklist_set_state (checklist, "application_company", YC_INTAKE_STATE_SHARED));
  g_assert_false (yc_material_checklist_set_state (checklist, "no_such_material", YC_INTAKE_STATE_MISSING));
}

/* The agent toggle adds the agent's materials to the checklist, and takes them away. */
static void
test_agent (Fixture       *fixture,
            gconstpointer  data)
{
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  GListModel *rows = yc_material_checklist_get_model (checklist);

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  yc_material_checklist_receive_all (checklist);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT);

  g_object_set (form, "agent", TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 31);
  g_assert_nonnull (yc_material_checklist_lookup (checklist, YC_RULES_AGENT_POWER_OF_ATTORNEY));
  g_assert_nonnull (yc_material_checklist_lookup (checklist, YC_RULES_AGENT_ID_CARD));
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);

  set_state (fixture, YC_RULES_AGENT_POWER_OF_ATTORNEY, YC_INTAKE_STATE_ORIGINAL);
  set_state (fixture, YC_RULES_AGENT_ID_CARD, YC_INTAKE_STATE_ORIGINAL);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT);
  /* The other rows kept their states. */
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, "articles_of_association")),
                   ==, YC_INTAKE_STATE_ORIGINAL);

  /* The form wants the agent's details now. */
  fill_enterprise (fixture);
  g_assert_false (yc_applicant_form_get_complete (form));
  g_object_set (form, "agent-name", "李代办", "agent-id-number", RESIDENT_ID, NULL);
  g_assert_true (yc_applicant_form_get_complete (form));

  g_object_set (form, "agent", FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 29);
  g_assert_null (yc_material_checklist_lookup (checklist, YC_RULES_AGENT_ID_CARD));
}

/* In good standing or not: the credit flags take tolerance and pledges away. */
static void
test_credit_flags (Fixture       *fixture,
                   gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  yc_material_checklist_receive_all (yc_intake_view_get_checklist (fixture->view));
  set_state (fixture, "health_certificates", YC_INTAKE_STATE_MISSING);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);

  g_object_set (form, "dishonest", TRUE, NULL);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (yc_rules_result_is_allowed (result_of (fixture), YC_DECISION_ACCEPT_WITH_TOLERANCE));

  g_object_set (form, "dishonest", FALSE, "broken-pledge", TRUE, NULL);
  set_state (fixture, "health_certificates", YC_INTAKE_STATE_COPIES);
  set_state (fixture, "premises_proof", YC_INTAKE_STATE_PLEDGED);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_false (yc_rules_result_is_allowed (result_of (fixture), YC_DECISION_ACCEPT_ON_PLEDGE));

  g_object_set (form, "broken-pledge", FALSE, NULL);
  g_assert_cmpint (recommended (fixture), ==, YC_DECISION_ACCEPT_ON_PLEDGE);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  return dialog;
}

static gboolean
is_open (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);
      if (toplevel == G_OBJECT (window))
        return TRUE;
    }
  return FALSE;
}

/* Answers the dialog as the clerk's click does: the response, then the dialog closes
 * (a click closes it; adw_message_dialog_response() alone does not). */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (is_open (GTK_WINDOW (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static guint
count_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window))
        n++;
    }
  return n;
}

static const char *
shown_text (YcApplicantForm *form,
            const char      *row)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), YC_TYPE_APPLICANT_FORM, row);

  return gtk_editable_get_text (GTK_EDITABLE (child));
}

static gboolean
message_shown (YcApplicantForm *form,
               const char      *row)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (form), YC_TYPE_APPLICANT_FORM, row);

  return gtk_widget_get_visible (GTK_WIDGET (child));
}

/* Live checks of the numbers, their messages, and masking while not edited. */
static void
test_applicant (Fixture       *fixture,
                gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  g_autofree char *id = NULL;

  g_assert_true (yc_intake_view_start_item (fixture->view, "RS-GG-002"));
  g_assert_cmpint (yc_applicant_form_get_kind (form), ==, YC_APPLICANT_PERSON);
  g_assert_false (yc_applicant_form_get_complete (form));
  g_assert_nonnull (yc_intake_view_get_problem (fixture->view));
  /* Confirming now asks nothing: the action is off. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  g_assert_null (find_dialog ());

  g_object_set (form, "name", "张晓明", "id-number", "110101199003070012", "mobile", "13800138000", NULL);
  g_assert_false (yc_applicant_form_get_complete (form));
  g_assert_true (message_shown (form, "id_message_row"));
  /* A number that does not check is shown as typed, so the mistake can be seen. */
  g_assert_cmpstr (shown_text (form, "id_row"), ==, "110101199003070012");

  g_object_set (form, "id-number", "１１０１０１ １９９００３０７ ００１１", NULL);
  g_assert_true (yc_applicant_form_get_complete (form));
  g_assert_false (message_shown (form, "id_message_row"));
  g_object_get (form, "id-number", &id, NULL);
  g_assert_cmpstr (id, ==, RESIDENT_ID);
  g_assert_cmpstr (shown_text (form, "id_row"), ==, "110101********0011");
  g_assert_cmpstr (shown_text (form, "mobile_row"), ==, "138****8000");
  g_assert_null (yc_intake_view_get_problem (fixture->view));

  g_object_set (form, "mobile", "12345", NULL);
  g_assert_false (yc_applicant_form_get_complete (form));
  g_assert_true (message_shown (form, "mobile_message_row"));
  g_assert_cmpstr (shown_text (form, "mobile_row"), ==, "12345");
}

/* A credit code whose check character disagrees: a warning the clerk may override. */
static void
test_credit_code_override (Fixture       *fixture,
                           gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  GObject *override = gtk_widget_get_template_child (GTK_WIDGET (form), YC_TYPE_APPLICANT_FORM, "override_button");

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  g_assert_cmpint (yc_applicant_form_get_kind (form), ==, YC_APPLICANT_ENTERPRISE);
  fill_enterprise (fixture);
  g_assert_true (yc_applicant_form_get_complete (form));
  /* Credit codes are public: not masked. */
  g_assert_cmpstr (shown_text (form, "id_row"), ==, USCC);

  g_object_set (form, "id-number", "91350100M000100Y44", NULL);
  g_assert_false (yc_applicant_form_get_complete (form));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (override)));
  g_signal_emit_by_name (override, "clicked");
  g_assert_true (yc_applicant_form_get_complete (form));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (override)));

  /* Another code needs another decision. */
  g_object_set (form, "id-number", "91350100M000100Y45", NULL);
  g_assert_false (yc_applicant_form_get_complete (form));
}

/* An item's questions choose its scenario, and the checklist follows. */
static void
test_item_scenario (Fixture       *fixture,
                    gconstpointer  data)
{
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);

  g_assert_true (yc_intake_view_start_item (fixture->view, HYGIENE));
  g_assert_cmpstr (yc_intake_view_get_scenario (fixture->view)->code, ==, "new");
  g_assert_nonnull (yc_material_checklist_lookup (checklist, "hygiene_test_report"));

  g_assert_true (yc_intake_view_answer (fixture->view, "kind", "renew"));
  g_assert_cmpstr (yc_intake_view_get_scenario (fixture->view)->code, ==, "renew");
  g_assert_false (yc_intake_view_answer (fixture->view, "kind", "no-such-option"));
  g_assert_false (yc_intake_view_start_item (fixture->view, "NO-SUCH-ITEM"));
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, HYGIENE);
}

static void
committed_cb (YcIntakeView *view,
              YcCase       *case_doc,
              YcCase      **out)
{
  *out = yc_case_ref (case_doc);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Confirms the chosen decision in its dialog and waits for the store. */
static YcCase *
confirm (Fixture *fixture)
{
  AdwMessageDialog *dialog;
  YcCase *case_doc = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gulong handler;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);

  handler = g_signal_connect (fixture->view, "committed", G_CALLBACK (committed_cb), &case_doc);
  respond (dialog, "confirm");
  timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (case_doc == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_signal_handler_disconnect (fixture->view, handler);
  return case_doc;
}

static char *
expected_number (guint sequence)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");

  return g_strdup_printf ("%s-%s-%s-%04u", HALL, WINDOW, day, sequence);
}

/* A refusal needs its explanation; then the bundle with tolerance; today lists both. */
static void
test_commit (Fixture       *fixture,
             gconstpointer  data)
{
  YcDecisionPanel *panel = yc_intake_view_get_decision_panel (fixture->view);
  g_autoptr(YcCase) refused = NULL;
  g_autoptr(YcCase) accepted = NULL;
  g_autofree char *first = expected_number (1);
  g_autofree char *second = expected_number (2);
  g_autoptr(GtkWidget) today = g_object_ref_sink (yc_today_view_new (fixture->store, fixture->catalog));
  GListModel *cases = yc_today_view_get_cases (YC_TODAY_VIEW (today));
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_assert_true (yc_intake_view_start_item (fixture->view, HYGIENE));
  fill_enterprise (fixture);
  g_assert_cmpint (yc_decision_panel_get_decision (panel), ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_null (yc_intake_view_get_problem (fixture->view));

  g_assert_true (yc_decision_panel_set_decision (panel, YC_DECISION_REFUSE));
  g_assert_nonnull (yc_intake_view_get_problem (fixture->view));
  yc_decision_panel_set_refusal (panel, YC_REFUSAL_OUT_OF_REMIT, "本事项由市卫健委受理");
  g_assert_null (yc_intake_view_get_problem (fixture->view));
  refused = confirm (fixture);
  g_assert_nonnull (refused);
  g_assert_cmpstr (refused->number, ==, first);
  g_assert_cmpint (refused->decision, ==, YC_DECISION_REFUSE);
  g_assert_cmpint (refused->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
  g_assert_cmpstr (refused->hall, ==, HALL);
  g_assert_cmpstr (refused->clerk, ==, "clerk1");
  g_assert_true (yc_intake_view_get_case (fixture->view) == refused);

  /* 办理下一位: a fresh form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.next", NULL));
  g_assert_null (yc_intake_view_get_case (fixture->view));

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  g_assert_false (yc_applicant_form_get_complete (yc_intake_view_get_applicant_form (fixture->view)));
  fill_enterprise (fixture);
  /* An agent with a resident ID: masked on screen, never in storage. */
  g_object_set (yc_intake_view_get_applicant_form (fixture->view),
                "agent", TRUE, "agent-name", "李代办", "agent-id-number", RESIDENT_ID, NULL);
  yc_material_checklist_receive_all (yc_intake_view_get_checklist (fixture->view));
  set_state (fixture, "premises_proof", YC_INTAKE_STATE_PLEDGED);
  set_state (fixture, "health_certificates", YC_INTAKE_STATE_MISSING);
  accepted = confirm (fixture);
  g_assert_nonnull (accepted);
  g_assert_cmpstr (accepted->number, ==, second);
  g_assert_cmpint (accepted->decision, ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  g_assert_cmpuint (accepted->tolerated->len, ==, 1);
  g_assert_cmpuint (accepted->pledges->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (accepted->applicant, "id_number"), ==, USCC);
  g_assert_cmpstr (json_object_get_string_member (accepted->applicant, "mobile"), ==, "13800138000");

  /* What the store keeps, read back: the document the back office receives. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCase) stored = yc_store_get_case (fixture->store, accepted->uuid, &error);
    g_autoptr(YcCase) stored_refusal = yc_store_get_case (fixture->store, refused->uuid, &error);
    YcCaseTolerated *tolerated;
    YcCasePledge *pledge;
    JsonObject *applicant;
    guint n_found = 0;

    g_assert_no_error (error);
    g_assert_cmpstr (stored->number, ==, second);
    g_assert_cmpint (stored->decision, ==, YC_DECISION_ACCEPT_WITH_TOLERANCE);
    g_assert_cmpint (stored->state, ==, YC_CASE_STATE_ACCEPTED);
    g_assert_cmpstr (stored->subject_code, ==, GYM);

    /* 29 materials of the bundle and the agent's two, each in the state the clerk chose. */
    g_assert_cmpuint (stored->materials->len, ==, 31);
    for (guint i = 0; i < stored->materials->len; i++)
      {
        YcCaseMaterialVersion *material = g_ptr_array_index (stored->materials, i);
        YcCaseMaterialState expected = YC_CASE_MATERIAL_PROVIDED;

        if (g_str_equal (material->code, "health_certificates"))
          expected = YC_CASE_MATERIAL_TOLERATED;
        else if (g_str_equal (material->code, "premises_proof"))
          expected = YC_CASE_MATERIAL_PLEDGED;
        else if (g_str_equal (material->code, "business_license"))
          expected = YC_CASE_MATERIAL_SHARED;
        else
          continue;
        g_assert_cmpint (material->state, ==, expected);
        n_found++;
      }
    g_assert_cmpuint (n_found, ==, 3);
    g_assert_nonnull (yc_case_lookup_material (stored, YC_RULES_AGENT_ID_CARD));
    g_assert_cmpint (yc_case_lookup_material (stored, "articles_of_association")->state,
                     ==, YC_CASE_MATERIAL_PROVIDED);

    g_assert_cmpuint (stored->tolerated->len, ==, 1);
    tolerated = g_ptr_array_index (stored->tolerated, 0);
    g_assert_cmpstr (tolerated->material, ==, "health_certificates");
    g_assert_true (g_date_valid (&tolerated->due));
    g_assert_false (tolerated->received);
    g_assert_cmpuint (stored->pledges->len, ==, 1);
    pledge = g_ptr_array_index (stored->pledges, 0);
    g_assert_cmpstr (pledge->material, ==, "premises_proof");
    g_assert_cmpint (pledge->status, ==, YC_PLEDGE_DUE);

    applicant = stored->applicant;
    g_assert_cmpstr (json_object_get_string_member (applicant, "kind"), ==, "enterprise");
    g_assert_cmpstr (json_object_get_string_member (applicant, "name"), ==, "力行健身管理有限公司");
    g_assert_cmpstr (json_object_get_string_member (applicant, "id_number"), ==, USCC);
    g_assert_cmpstr (json_object_get_string_member (applicant, "mobile"), ==, "13800138000");
    g_assert_true (json_object_get_boolean_member (applicant, "agent"));
    g_assert_cmpstr (json_object_get_string_member (applicant, "agent_name"), ==, "李代办");
    g_assert_cmpstr (json_object_get_string_member (applicant, "agent_id_number"), ==, RESIDENT_ID);

    /* The refusal: closed at the counter, its reason kept, nothing tolerated or pledged. */
    g_assert_cmpint (stored_refusal->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
    g_assert_cmpuint (stored_refusal->tolerated->len, ==, 0);
    g_assert_cmpuint (stored_refusal->pledges->len, ==, 0);
    g_assert_nonnull (stored_refusal->notice);
    g_assert_cmpstr (json_object_get_string_member (stored_refusal->applicant, "id_number"), ==, USCC);
  }

  /* 今日受理: newest first. */
  yc_today_view_reload (YC_TODAY_VIEW (today));
  /* Generous: the UI suite may share the machine with a busy build. */
  timeout_id = g_timeout_add_seconds (30, timeout_cb, &timed_out);
  while (g_list_model_get_n_items (cases) < 2 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  {
    g_autoptr(YcCaseSummary) newest = g_list_model_get_item (cases, 0);
    g_autoptr(YcCaseSummary) oldest = g_list_model_get_item (cases, 1);

    g_assert_cmpstr (yc_case_summary_get_number (newest), ==, second);
    g_assert_cmpstr (yc_case_summary_get_subject (newest), ==, "我要开健身房");
    g_assert_cmpstr (yc_case_summary_get_number (oldest), ==, first);
    g_assert_cmpstr (yc_case_summary_get_decision (oldest), ==, yc_decision_label (YC_DECISION_REFUSE));
  }
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
committed_count_cb (YcIntakeView *view,
                    YcCase       *case_doc,
                    guint        *count)
{
  (*count)++;
}

/* Runs the main loop until @done says so, or fails after 10 s. */
static void
spin_until (gboolean (*done) (Fixture *fixture),
            Fixture  *fixture)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!done (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

/* A little longer, for whatever a mistake would still deliver. */
static void
spin_a_while (void)
{
  gboolean timed_out = FALSE;

  g_timeout_add (300, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
has_case (Fixture *fixture)
{
  return yc_intake_view_get_case (fixture->view) != NULL;
}

static const char *
visible_page (Fixture *fixture)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (fixture->view), YC_TYPE_INTAKE_VIEW, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GtkLabel *
problem_label (Fixture *fixture)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), YC_TYPE_INTAKE_VIEW,
                                                   "problem_label"));
}

static gboolean
problem_shown (Fixture *fixture)
{
  return gtk_widget_get_visible (GTK_WIDGET (problem_label (fixture)));
}

static guint
count_cases (Fixture *fixture)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = yc_store_list_cases (fixture->store, day, &error);

  g_assert_no_error (error);
  return cases->len;
}

/* The gym bundle, all received, for an enterprise: ready to confirm 受理. */
static void
fill_gym (Fixture *fixture)
{
  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  fill_enterprise (fixture);
  yc_material_checklist_receive_all (yc_intake_view_get_checklist (fixture->view));
  g_assert_null (yc_intake_view_get_problem (fixture->view));
}

/* Ctrl+Enter repeating, or a double click, before the dialog maps: one dialog, one case. */
static void
test_confirm_once (Fixture       *fixture,
                   gconstpointer  data)
{
  guint n_committed = 0;

  fill_gym (fixture);
  g_signal_connect (fixture->view, "committed", G_CALLBACK (committed_count_cb), &n_committed);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  g_assert_cmpuint (count_dialogs (), ==, 1);

  respond (find_dialog (), "confirm");
  g_assert_cmpuint (count_dialogs (), ==, 0);
  /* Recording: confirming again asks nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  g_assert_cmpuint (count_dialogs (), ==, 0);

  spin_until (has_case, fixture);
  spin_a_while ();
  g_assert_cmpuint (n_committed, ==, 1);
  g_assert_cmpuint (count_cases (fixture), ==, 1);

  /* Recorded: nothing to confirm on the result page either. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL);
  g_assert_cmpuint (count_dialogs (), ==, 0);
  g_assert_cmpuint (count_cases (fixture), ==, 1);
}

/* While the case is recorded the intake can be neither left nor started over. */
static void
test_leave_while_committing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *first = expected_number (1);
  guint n_finished = 0;

  fill_gym (fixture);
  g_signal_connect (fixture->view, "finished", G_CALLBACK (count_cb), &n_finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL));
  respond (find_dialog (), "confirm");

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 0);
  g_assert_cmpuint (count_dialogs (), ==, 0);
  g_assert_false (yc_intake_view_start_item (fixture->view, HYGIENE));
  g_assert_false (yc_intake_view_start_bundle (fixture->view, GYM));
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, GYM);
  g_assert_cmpstr (visible_page (fixture), ==, "form");

  spin_until (has_case, fixture);
  g_assert_cmpstr (yc_intake_view_get_case (fixture->view)->number, ==, first);
  g_assert_cmpstr (visible_page (fixture), ==, "result");
  g_assert_cmpstr (yc_applicant_form_get_name (yc_intake_view_get_applicant_form (fixture->view)),
                   ==, "力行健身管理有限公司");

  /* Recorded: back without asking, and the next intake starts. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 1);
  g_assert_cmpuint (count_dialogs (), ==, 0);
  g_assert_true (yc_intake_view_start_item (fixture->view, HYGIENE));
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, HYGIENE);
  g_assert_cmpstr (visible_page (fixture), ==, "form");
  g_assert_null (yc_intake_view_get_case (fixture->view));
}

/* Esc, back or another item with data entered: 放弃本次受理？ first. */
static void
test_discard (Fixture       *fixture,
              gconstpointer  data)
{
  YcApplicantForm *form = yc_intake_view_get_applicant_form (fixture->view);
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);
  AdwMessageDialog *dialog;
  guint n_finished = 0;

  g_signal_connect (fixture->view, "finished", G_CALLBACK (count_cb), &n_finished);

  /* Nothing entered: back at once. */
  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 1);
  g_assert_cmpuint (count_dialogs (), ==, 0);

  /* A material's state is input too. */
  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  set_state (fixture, "articles_of_association", YC_INTAKE_STATE_ORIGINAL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 1);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (count_dialogs (), ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard This Intake?");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "continue");
  respond (dialog, "continue");
  g_assert_cmpuint (n_finished, ==, 1);
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, "articles_of_association")),
                   ==, YC_INTAKE_STATE_ORIGINAL);

  /* Choosing another item asks as well; 继续受理 keeps everything. */
  fill_enterprise (fixture);
  g_assert_true (yc_intake_view_start_item (fixture->view, HYGIENE));
  g_assert_cmpuint (count_dialogs (), ==, 1);
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, GYM);
  respond (find_dialog (), "continue");
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, GYM);
  g_assert_cmpstr (yc_applicant_form_get_name (form), ==, "力行健身管理有限公司");

  /* … 放弃 starts the other item with an empty form. */
  g_assert_true (yc_intake_view_start_item (fixture->view, HYGIENE));
  respond (find_dialog (), "discard");
  g_assert_cmpuint (count_dialogs (), ==, 0);
  g_assert_cmpstr (yc_intake_view_get_subject_code (fixture->view), ==, HYGIENE);
  g_assert_cmpstr (yc_applicant_form_get_name (form), ==, "");
  g_assert_false (yc_material_checklist_get_touched (checklist));
  g_assert_cmpuint (n_finished, ==, 1);

  /* Applicant data, then 放弃 on the way back: back to the catalog, nothing left behind. */
  g_object_set (form, "mobile", "13800138000", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 1);
  respond (find_dialog (), "discard");
  g_assert_cmpuint (n_finished, ==, 2);
  g_assert_cmpstr (yc_applicant_form_get_mobile (form), ==, "");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.back", NULL);
  g_assert_cmpuint (n_finished, ==, 3);
  g_assert_cmpuint (count_dialogs (), ==, 0);
}

/* The store's own size limit, on its connection: SQLite answers SQLITE_FULL for real. */
static void
fill_the_disk (YcStore *store)
{
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(GError) error = NULL;

  g_mutex_lock (yc_store_get_lock (store));
  g_assert_true (yc_database_exec (database, "CREATE TABLE test_filler (data BLOB)", &error));
  g_assert_true (yc_database_exec (database, "PRAGMA max_page_count = 1", &error));  /* clamps to the size */
  for (guint i = 0; i < 100000 && error == NULL; i++)
    yc_database_exec (database, "INSERT INTO test_filler VALUES (randomblob(2000))", &error);
  g_mutex_unlock (yc_store_get_lock (store));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FULL);
}

static void
free_the_disk (YcStore *store)
{
  g_autoptr(GError) error = NULL;

  g_mutex_lock (yc_store_get_lock (store));
  g_assert_true (yc_database_exec (yc_store_get_database (store), "PRAGMA max_page_count = 1073741823", &error));
  g_mutex_unlock (yc_store_get_lock (store));
  g_assert_no_error (error);
}

/* A full disk: the clerk reads why in Chinese, keeps the intake, and retries. */
static void
test_store_full (Fixture       *fixture,
                 gconstpointer  data)
{
  YcMaterialChecklist *checklist = yc_intake_view_get_checklist (fixture->view);
  g_autofree char *first = expected_number (1);
  g_autoptr(YcCase) case_doc = NULL;
  const char *text;

  /* In a child, so that the language switch stays out of the other tests. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  fill_gym (fixture);
  set_state (fixture, "premises_proof", YC_INTAKE_STATE_PLEDGED);
  fill_the_disk (fixture->store);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL));
  respond (find_dialog (), "confirm");
  spin_until (problem_shown, fixture);
  text = gtk_label_get_text (problem_label (fixture));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "本件未能保存：本机磁盘已满"));

  /* Everything entered is still there, and confirming again is allowed. */
  g_assert_cmpstr (visible_page (fixture), ==, "form");
  g_assert_null (yc_intake_view_get_case (fixture->view));
  g_assert_null (yc_intake_view_get_problem (fixture->view));
  g_assert_cmpstr (yc_applicant_form_get_name (yc_intake_view_get_applicant_form (fixture->view)),
                   ==, "力行健身管理有限公司");
  g_assert_cmpint (yc_intake_material_get_state (yc_material_checklist_lookup (checklist, "premises_proof")),
                   ==, YC_INTAKE_STATE_PLEDGED);
  g_assert_cmpuint (count_cases (fixture), ==, 0);

  /* Space again: the retry records it, with the first number. */
  free_the_disk (fixture->store);
  case_doc = confirm (fixture);
  g_assert_nonnull (case_doc);
  g_assert_cmpstr (case_doc->number, ==, first);
  g_assert_cmpint (case_doc->decision, ==, YC_DECISION_ACCEPT_ON_PLEDGE);
  g_assert_false (problem_shown (fixture));
  g_assert_cmpuint (count_cases (fixture), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/intake/bundle-decisions", test_bundle_decisions);
  ADD ("/intake/agent", test_agent);
  ADD ("/intake/credit-flags", test_credit_flags);
  ADD ("/intake/applicant", test_applicant);
  ADD ("/intake/credit-code-override", test_credit_code_override);
  ADD ("/intake/item-scenario", test_item_scenario);
  ADD ("/intake/commit", test_commit);
  ADD ("/intake/confirm-once", test_confirm_once);
  ADD ("/intake/leave-while-committing", test_leave_while_committing);
  ADD ("/intake/discard", test_discard);
  ADD ("/intake/store-full", test_store_full);
#undef ADD

  return g_test_run ();
}
