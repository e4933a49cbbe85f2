/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-intake-view-private.h"

/*
 * The intake of one application (受理): the scenario (an item's questions, or a bundle's
 * parts), the applicant, the materials checklist and the decision panel, which follows the
 * rules engine on every change.  Rules evaluation is pure and takes microseconds, so it
 * runs on the main loop; the commit goes to the store's thread.  Then the result page
 * with the case number, and 办理下一位 starts over.
 *
 * Keyboard: Alt+1 … Alt+5 choose a decision, Ctrl+Enter confirms it, Ctrl+N after the
 * commit starts the next applicant, Escape goes back to the catalog.
 *
 * While a case is being recorded the intake cannot be left or started over; leaving a
 * filled-in intake asks first (yc-intake-leave.c).
 */


G_DEFINE_FINAL_TYPE (YcIntakeView, yc_intake_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CATALOG,
  PROP_CALENDAR,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMMITTED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

const char *
yc_intake_view_get_subject_name (YcIntakeView *self)
{
  return self->item != NULL ? self->item->name : self->bundle != NULL ? self->bundle->name : NULL;
}

YcRulesInput *
yc_intake_view_build_input (YcIntakeView *self,
                            gboolean      with_refusal)
{
  YcRulesInput *input = yc_rules_input_new (self->subject);
  YcApplicant applicant;
  GDate date;

  yc_applicant_form_get_applicant (self->applicant_form, &applicant);
  yc_rules_input_set_applicant (input, &applicant);
  today (&date);
  yc_rules_input_set_acceptance_date (input, &date);
  yc_material_checklist_apply (self->checklist, input);
  if (with_refusal)
    {
      const char *text;
      YcRefusal refusal = yc_decision_panel_get_refusal (self->decision_panel, &text);

      yc_rules_input_set_refusal (input, refusal, text);
    }
  return input;
}

static void
set_problem (YcIntakeView *self,
             const char   *problem)
{
  gboolean can_confirm = problem == NULL && !self->committing && self->confirm_dialog == NULL;
  /* A failed commit is shown until retried, but does not stop the retry. */
  const char *shown = problem != NULL ? problem : self->commit_error;

  gtk_label_set_text (self->problem_label, shown != NULL ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), shown != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.confirm", can_confirm);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.back", !self->committing);
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
}

void
yc_intake_view_update_problem (YcIntakeView *self)
{
  const char *problem = NULL;

  if (self->subject == NULL)
    problem = _("No scenario of this item fits these answers.");
  else if ((problem = yc_applicant_form_get_problem (self->applicant_form)) != NULL)
    ;
  else if ((problem = yc_decision_panel_get_problem (self->decision_panel)) != NULL)
    ;
  else if (self->store == NULL)
    problem = _("The local store is not open: cases cannot be recorded.");
  set_problem (self, problem);
}

/* Runs the rules on the intake as it stands and shows their judgement. */
void
yc_intake_view_evaluate (YcIntakeView *self)
{
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  guint n_before;

  if (self->evaluating || self->subject == NULL)
    {
      yc_intake_view_update_problem (self);
      return;
    }

  self->evaluating = TRUE;
  n_before = g_list_model_get_n_items (yc_material_checklist_get_model (self->checklist));
  input = yc_intake_view_build_input (self, FALSE);
  result = yc_rules_evaluate (input, self->calendar);
  yc_material_checklist_sync (self->checklist, yc_rules_result_get_materials (result));

  /* The agent's materials came or went: judge again with their rows' states. */
  if (n_before != g_list_model_get_n_items (yc_material_checklist_get_model (self->checklist)))
    {
      g_clear_pointer (&result, yc_rules_result_unref);
      g_clear_pointer (&input, yc_rules_input_unref);
      input = yc_intake_view_build_input (self, FALSE);
      result = yc_rules_evaluate (input, self->calendar);
    }

  yc_decision_panel_set_result (self->decision_panel, result);
  self->evaluating = FALSE;
  yc_intake_view_update_problem (self);
}

static void
changed_cb (YcIntakeView *self)
{
  yc_intake_view_evaluate (self);
  yc_intake_view_check_credit (self);
}

static void
decision_changed_cb (YcIntakeView *self)
{
  yc_intake_view_update_problem (self);
}

static YcApplicantKind
kind_for (YcAudience audience)
{
  return audience == YC_AUDIENCE_ENTERPRISE ? YC_APPLICANT_ENTERPRISE : YC_APPLICANT_PERSON;
}

/* Everything of the previous applicant goes; the subject stays. */
void
yc_intake_view_restart (YcIntakeView *self)
{
  YcAudience audience = self->item != NULL ? self->item->audience : self->bundle->audience;

  /* Answers still on their way belong to the previous applicant. */
  self->generation++;
  self->committing = FALSE;
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm_dialog)));
  g_free (self->uuid);
  self->uuid = g_uuid_string_random ();
  g_clear_pointer (&self->commit_error, g_free);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  self->evaluating = TRUE;
  yc_applicant_form_reset (self->applicant_form, kind_for (audience));
  yc_decision_panel_reset (self->decision_panel);
  yc_material_checklist_clear (self->checklist);
  self->evaluating = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (self->confirm_button, TRUE);
  gtk_widget_set_visible (self->back_button, TRUE);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  yc_intake_view_confirm (YC_INTAKE_VIEW (widget));
}

/* Called by the commit (yc-intake-commit.c) once the store has the case. */
void
yc_intake_view_committed (YcIntakeView *self,
                          YcCase       *case_doc)
{
  g_signal_emit (self, signals[COMMITTED], 0, case_doc);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);
  int decision = g_variant_get_int32 (parameter);

  if (decision < 0 || decision >= YC_N_DECISIONS
      || !yc_decision_panel_set_decision (self->decision_panel, decision))
    gtk_widget_error_bell (widget);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  yc_intake_view_leave (YC_INTAKE_VIEW (widget));
}

/* Called by yc-intake-leave.c once the clerk has left (or discarded) the intake. */
void
yc_intake_view_finished (YcIntakeView *self)
{
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);

  if (self->case_doc == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  yc_intake_view_restart (self);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
yc_intake_view_dispose (GObject *object)
{
  YcIntakeView *self = (YcIntakeView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm_dialog)));
  if (self->discard_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->discard_dialog)));
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_INTAKE_VIEW);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->scenario_rows, g_ptr_array_unref);
  g_clear_pointer (&self->subject, yc_merged_list_unref);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (yc_intake_view_parent_class)->dispose (object);
}

static void
yc_intake_view_finalize (GObject *object)
{
  YcIntakeView *self = (YcIntakeView *)object;

  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_free (self->hall);
  g_free (self->window);
  g_free (self->clerk);
  g_free (self->uuid);
  g_free (self->flag_lookup_id);
  g_free (self->commit_error);
  g_free (self->pending_code);

  G_OBJECT_CLASS (yc_intake_view_parent_class)->finalize (object);
}

static void
yc_intake_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcIntakeView *self = YC_INTAKE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcIntakeView *self = YC_INTAKE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_view_class_init (YcIntakeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_intake_view_dispose;
  object_class->finalize = yc_intake_view_finalize;
  object_class->get_property = yc_intake_view_get_property;
  object_class->set_property = yc_intake_view_set_property;

  /**
   * YcIntakeView:store: (nullable)
   *
   * The local store cases are recorded in.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * YcIntakeView:problem: (nullable)
   *
   * Why the decision cannot be confirmed yet, as shown to the clerk; %NULL when it can.
   */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcIntakeView::committed:
   * @case_doc: the case as recorded, with its number
   */
  signals[COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);
  /**
   * YcIntakeView::finished:
   *
   * The clerk is done with this intake: back to the catalog.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (YC_TYPE_APPLICANT_FORM);
  g_type_ensure (YC_TYPE_MATERIAL_CHECKLIST);
  g_type_ensure (YC_TYPE_DECISION_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-intake-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, back_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, code_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, parts_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, scenario_group);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, applicant_form);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, checklist);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, decision_panel);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, result_page);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, next_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, decision_changed_cb);

  gtk_widget_class_install_action (widget_class, "intake.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "intake.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "intake.choose", "i", choose_action);
  /* Alt+1 … Alt+5: the decisions in the panel's order, wherever the focus is. */
  for (YcDecision d = 0; d < YC_N_DECISIONS; d++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + d, GDK_ALT_MASK, "intake.choose", "i", d);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + d, GDK_ALT_MASK, "intake.choose", "i", d);
    }
  gtk_widget_class_install_action (widget_class, "intake.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "intake.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "intake.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "intake.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "intake.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_intake_view_init (YcIntakeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scenario_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->clerk = g_strdup (g_get_user_name ());
  set_problem (self, _("Choose the scenario first."));
}

GtkWidget *
yc_intake_view_new (YcStore    *store,
                    YcCatalog  *catalog,
                    YcCalendar *calendar)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_INTAKE_VIEW,
                       "store", store,
                       "catalog", catalog,
                       "calendar", calendar,
                       NULL);
}

/**
 * yc_intake_view_set_device:
 * @hall: (nullable): the hall code of the window's enrolment, or %NULL before it; confirming
 *   a decision without it opens the enrolment (`win.enroll`)
 * @window: (nullable): the window code
 * @clerk: (nullable): the clerk's username; %NULL keeps the current one
 */
void
yc_intake_view_set_device (YcIntakeView *self,
                           const char   *hall,
                           const char   *window,
                           const char   *clerk)
{
  g_return_if_fail (YC_IS_INTAKE_VIEW (self));

  g_free (self->hall);
  g_free (self->window);
  self->hall = g_strdup (hall);
  self->window = g_strdup (window);
  if (clerk != NULL)
    {
      g_free (self->clerk);
      self->clerk = g_strdup (clerk);
    }
  yc_intake_view_update_problem (self);
}

/**
 * yc_intake_view_set_title_widget:
 *
 * Puts @widget (the view switcher) in the middle of the intake's header bar.
 */
void
yc_intake_view_set_title_widget (YcIntakeView *self,
                                 GtkWidget    *widget)
{
  g_return_if_fail (YC_IS_INTAKE_VIEW (self));
  adw_header_bar_set_title_widget (self->header_bar, widget);
}

const char *
yc_intake_view_get_subject_code (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->item != NULL ? self->item->code : self->bundle != NULL ? self->bundle->code : NULL;
}

/**
 * yc_intake_view_get_scenario:
 *
 * Returns: (nullable): the item's scenario the answers chose; %NULL for a bundle or when
 *   none fits
 */
const YcScenario *
yc_intake_view_get_scenario (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->scenario;
}

/**
 * yc_intake_view_get_result:
 *
 * Returns: (transfer none) (nullable): the rules' judgement shown in the decision panel
 */
YcRulesResult *
yc_intake_view_get_result (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return yc_decision_panel_get_result (self->decision_panel);
}

YcApplicantForm *
yc_intake_view_get_applicant_form (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->applicant_form;
}

YcMaterialChecklist *
yc_intake_view_get_checklist (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->checklist;
}

YcDecisionPanel *
yc_intake_view_get_decision_panel (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->decision_panel;
}

/**
 * yc_intake_view_get_problem:
 *
 * Returns: (nullable): why the decision cannot be confirmed yet, or %NULL
 */
const char *
yc_intake_view_get_problem (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->problem;
}

/**
 * yc_intake_view_get_case:
 *
 * Returns: (transfer none) (nullable): the case recorded, until the next applicant
 */
YcCase *
yc_intake_view_get_case (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->case_doc;
}
