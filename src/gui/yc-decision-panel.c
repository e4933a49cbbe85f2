/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-decision-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-decision-panel.h"
#include "yc-format.h"

/*
 * The five decisions as the rules engine judges them right now, each with its reasons;
 * the recommended one is marked and chosen unless the clerk chose another allowed one.
 * Below: what accepting involves (tolerated materials and their supplement deadline,
 * pledges and their verification date) and, while materials are outstanding, the full
 * list a one-time notice would give.
 *
 * A refusal is the clerk's call, not the materials': choosing 不予受理 asks for the kind
 * of reason and the explanation, and the intake evaluates the refusal when it commits.
 */

struct _YcDecisionPanel
{
  GtkWidget        parent_instance;

  YcRulesResult   *result;
  YcDecision       decision;
  gboolean         chosen_by_clerk;
  gboolean         updating;

  AdwActionRow    *decision_rows[YC_N_DECISIONS];
  GtkCheckButton  *decision_checks[YC_N_DECISIONS];
  GtkWidget       *recommended_tags[YC_N_DECISIONS];
  GtkWidget       *unavailable_tags[YC_N_DECISIONS];
  GPtrArray       *detail_rows;  /* rows of the groups below, rebuilt per result */

  GtkWidget           *credit_notice;
  GtkLabel            *credit_notice_label;
  AdwPreferencesGroup *decisions_group;
  AdwPreferencesGroup *refusal_group;
  AdwComboRow         *refusal_kind_row;
  AdwEntryRow         *refusal_text_row;
  AdwPreferencesGroup *tolerated_group;
  AdwPreferencesGroup *pledges_group;
  AdwPreferencesGroup *outstanding_group;
  AdwPreferencesGroup *warnings_group;
};

G_DEFINE_FINAL_TYPE (YcDecisionPanel, yc_decision_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DECISION,
  PROP_REFUSAL_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REFUSAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The refusal kinds offered, in the order of the menu. */
static const YcRefusal refusal_kinds[] = { YC_REFUSAL_OUT_OF_REMIT, YC_REFUSAL_NOT_ELIGIBLE };

static void
clear_details (YcDecisionPanel *self)
{
  for (guint i = 0; i < self->detail_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->detail_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->detail_rows, 0);
}

static void
add_detail (YcDecisionPanel     *self,
            AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->detail_rows, g_object_ref (row));
}

/* Tolerated materials (@pledges FALSE) or pledges, with their dates. */
static void
show_deferred (YcDecisionPanel     *self,
               AdwPreferencesGroup *group,
               GPtrArray           *deferred,
               gboolean             pledges,
               const GDate         *earliest)
{
  if (deferred->len == 0)
    return;

  if (g_date_valid (earliest))
    {
      g_autofree char *date = yc_format_date (earliest);
      /* Translators: %s is a date */
      g_autofree char *description = pledges
        ? g_strdup_printf (_("The applicant signs a pledge in place of these certificates; they are verified by %s."), date)
        : g_strdup_printf (_("The applicant signs a tolerance commitment and supplements them by %s."), date);
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (group, escaped);
    }

  for (guint i = 0; i < deferred->len; i++)
    {
      const YcDeferredMaterial *material = g_ptr_array_index (deferred, i);
      g_autofree char *date = yc_format_date (&material->due);
      /* Translators: %s is a date */
      g_autofree char *subtitle = pledges ? g_strdup_printf (_("Verified after the fact by %s"), date)
                                          : g_strdup_printf (_("Supplement by %s"), date);

      add_detail (self, group, material->material->material->name, subtitle);
    }
}

/* What accepting involves is shown for the decision that involves it. */
static void
update_detail_visibility (YcDecisionPanel *self)
{
  YcDecision d = self->decision;

  if (self->result == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->tolerated_group),
                          d == YC_DECISION_ACCEPT_WITH_TOLERANCE
                          && yc_rules_result_get_tolerated (self->result)->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pledges_group),
                          (d == YC_DECISION_ACCEPT_WITH_TOLERANCE || d == YC_DECISION_ACCEPT_ON_PLEDGE)
                          && yc_rules_result_get_pledges (self->result)->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->outstanding_group),
                          d == YC_DECISION_ONE_TIME_NOTICE
                          && yc_rules_result_get_outstanding (self->result)->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_group), d == YC_DECISION_REFUSE);
}

static void
update_decision_rows (YcDecisionPanel *self)
{
  YcDecision recommended = yc_rules_result_get_recommended (self->result);

  self->updating = TRUE;
  for (YcDecision d = 0; d < YC_N_DECISIONS; d++)
    {
      GPtrArray *reasons = yc_rules_result_get_reasons (self->result, d);
      gboolean allowed = yc_rules_result_is_allowed (self->result, d);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autoptr(GString) all = g_string_new (NULL);
      /* Why a decision is not open can name every material: the recommended one in full,
       * the others their first reasons, all of them in the tooltip. */
      guint shown = d == recommended ? reasons->len : MIN (reasons->len, 2);

      for (guint i = 0; i < reasons->len; i++)
        {
          if (all->len > 0)
            g_string_append_c (all, '\n');
          g_string_append (all, g_ptr_array_index (reasons, i));
          if (i >= shown)
            continue;
          if (subtitle->len > 0)
            g_string_append_c (subtitle, '\n');
          g_string_append (subtitle, g_ptr_array_index (reasons, i));
        }
      if (shown < reasons->len)
        {
          g_string_append_c (subtitle, '\n');
          g_string_append_printf (subtitle,
                                  g_dngettext (GETTEXT_PACKAGE, "and %u more reason", "and %u more reasons",
                                               reasons->len - shown),
                                  reasons->len - shown);
        }
      adw_action_row_set_subtitle (self->decision_rows[d], subtitle->str);
      adw_action_row_set_subtitle_lines (self->decision_rows[d], d == recommended ? 8 : 4);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->decision_rows[d]), all->str);

      gtk_widget_set_sensitive (GTK_WIDGET (self->decision_checks[d]), allowed);
      gtk_widget_set_visible (self->unavailable_tags[d], !allowed);
      gtk_widget_set_visible (self->recommended_tags[d], d == recommended);
      if (d == recommended)
        gtk_widget_add_css_class (GTK_WIDGET (self->decision_rows[d]), "recommended");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->decision_rows[d]), "recommended");
      if (allowed)
        gtk_widget_remove_css_class (GTK_WIDGET (self->decision_rows[d]), "unavailable");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->decision_rows[d]), "unavailable");
    }

  if (!self->chosen_by_clerk || !yc_rules_result_is_allowed (self->result, self->decision))
    {
      self->chosen_by_clerk = FALSE;
      if (self->decision != recommended)
        {
          self->decision = recommended;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
        }
    }
  gtk_check_button_set_active (self->decision_checks[self->decision], TRUE);
  update_detail_visibility (self);
  self->updating = FALSE;
}

static void
update_details (YcDecisionPanel *self)
{
  GPtrArray *outstanding = yc_rules_result_get_outstanding (self->result);
  GPtrArray *warnings = yc_rules_result_get_warnings (self->result);

  clear_details (self);

  show_deferred (self, self->tolerated_group, yc_rules_result_get_tolerated (self->result), FALSE,
                 yc_rules_result_get_supplement_deadline (self->result));
  show_deferred (self, self->pledges_group, yc_rules_result_get_pledges (self->result), TRUE,
                 yc_rules_result_get_pledge_verify_date (self->result));
  update_detail_visibility (self);

  if (outstanding->len > 0)
    {
      g_autofree char *description =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Everything the applicant must bring, at once: %u material",
                                      "Everything the applicant must bring, at once: %u materials",
                                      outstanding->len),
                         outstanding->len);
      adw_preferences_group_set_description (self->outstanding_group, description);
    }
  for (guint i = 0; i < outstanding->len; i++)
    {
      const YcOutstanding *item = g_ptr_array_index (outstanding, i);
      g_autoptr(GString) subtitle = g_string_new (item->message);

      if (item->material->source_hint != NULL)
        g_string_append_printf (subtitle, "\n%s", item->material->source_hint);
      add_detail (self, self->outstanding_group, item->material->material->name, subtitle->str);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), warnings->len > 0);
  for (guint i = 0; i < warnings->len; i++)
    add_detail (self, self->warnings_group, g_ptr_array_index (warnings, i), NULL);
}

static void
decision_toggled_cb (GtkCheckButton  *check,
                     YcDecisionPanel *self)
{
  if (self->updating || !gtk_check_button_get_active (check))
    return;

  for (YcDecision d = 0; d < YC_N_DECISIONS; d++)
    if (self->decision_checks[d] == check)
      yc_decision_panel_set_decision (self, d);
}

static void
refusal_changed_cb (YcDecisionPanel *self)
{
  if (self->updating)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFUSAL_TEXT]);
  g_signal_emit (self, signals[REFUSAL_CHANGED], 0);
}

static GtkWidget *
new_tag (const char *text,
         const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "tag");
  gtk_widget_add_css_class (label, style);
  return label;
}

static void
yc_decision_panel_dispose (GObject *object)
{
  YcDecisionPanel *self = (YcDecisionPanel *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_DECISION_PANEL);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result, yc_rules_result_unref);

  G_OBJECT_CLASS (yc_decision_panel_parent_class)->dispose (object);
}

static void
yc_decision_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcDecisionPanel *self = YC_DECISION_PANEL (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_DECISION:
      g_value_set_int (value, self->decision);
      break;
    case PROP_REFUSAL_TEXT:
      yc_decision_panel_get_refusal (self, &text);
      g_value_set_string (value, text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_decision_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcDecisionPanel *self = YC_DECISION_PANEL (object);

  switch (prop_id)
    {
    case PROP_DECISION:
      yc_decision_panel_set_decision (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_decision_panel_class_init (YcDecisionPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_decision_panel_dispose;
  object_class->get_property = yc_decision_panel_get_property;
  object_class->set_property = yc_decision_panel_set_property;

  /**
   * YcDecisionPanel:decision:
   *
   * The #YcDecision chosen: the recommended one unless the clerk chose another allowed one.
   */
  properties[PROP_DECISION] =
    g_param_spec_int ("decision", NULL, NULL, YC_DECISION_ACCEPT, YC_DECISION_REFUSE,
                      YC_DECISION_ONE_TIME_NOTICE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFUSAL_TEXT] =
    g_param_spec_string ("refusal-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcDecisionPanel::refusal-changed:
   *
   * The kind of reason or the explanation of a refusal changed.
   */
  signals[REFUSAL_CHANGED] = g_signal_new ("refusal-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-decision-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, credit_notice);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, credit_notice_label);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, decisions_group);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, refusal_group);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, refusal_kind_row);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, refusal_text_row);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, tolerated_group);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, pledges_group);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, outstanding_group);
  gtk_widget_class_bind_template_child (widget_class, YcDecisionPanel, warnings_group);
  gtk_widget_class_bind_template_callback (widget_class, refusal_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_decision_panel_init (YcDecisionPanel *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkCheckButton *group = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->detail_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->decision = YC_DECISION_ONE_TIME_NOTICE;

  for (YcDecision d = 0; d < YC_N_DECISIONS; d++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *label = yc_decision_label (d);

      /* The reasons quote catalog text, which is not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      gtk_widget_add_css_class (row, "decision");
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      /* The row labels its activatable widget: the check is named after the decision. */
      {
        g_autofree char *tooltip = g_strdup_printf ("Alt+%u", d + 1);
        gtk_widget_set_tooltip_text (check, tooltip);
      }
      g_signal_connect (check, "toggled", G_CALLBACK (decision_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      self->recommended_tags[d] = new_tag (_("Recommended"), "recommended");
      gtk_widget_set_visible (self->recommended_tags[d], FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->recommended_tags[d]);
      self->unavailable_tags[d] = new_tag (_("Not allowed"), "unavailable");
      gtk_widget_set_visible (self->unavailable_tags[d], FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->unavailable_tags[d]);

      adw_preferences_group_add (self->decisions_group, row);
      self->decision_rows[d] = ADW_ACTION_ROW (row);
      self->decision_checks[d] = GTK_CHECK_BUTTON (check);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refusal_kinds); i++)
    gtk_string_list_append (kinds, yc_refusal_label (refusal_kinds[i]));
  adw_combo_row_set_model (self->refusal_kind_row, G_LIST_MODEL (kinds));

  gtk_widget_set_visible (GTK_WIDGET (self->tolerated_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->pledges_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->outstanding_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), FALSE);
}

GtkWidget *
yc_decision_panel_new (void)
{
  return g_object_new (YC_TYPE_DECISION_PANEL, NULL);
}

/**
 * yc_decision_panel_set_result:
 * @result: the rules engine's judgement of the intake as it stands
 */
void
yc_decision_panel_set_result (YcDecisionPanel *self,
                              YcRulesResult   *result)
{
  g_return_if_fail (YC_IS_DECISION_PANEL (self));
  g_return_if_fail (result != NULL);

  yc_rules_result_ref (result);
  g_clear_pointer (&self->result, yc_rules_result_unref);
  self->result = result;

  update_decision_rows (self);
  update_details (self);
}

/**
 * yc_decision_panel_get_result:
 *
 * Returns: (transfer none) (nullable): the judgement shown
 */
YcRulesResult *
yc_decision_panel_get_result (YcDecisionPanel *self)
{
  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), NULL);
  return self->result;
}

YcDecision
yc_decision_panel_get_decision (YcDecisionPanel *self)
{
  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), YC_DECISION_ONE_TIME_NOTICE);
  return self->decision;
}

/**
 * yc_decision_panel_set_decision:
 *
 * Chooses @decision as the clerk would.
 *
 * Returns: %FALSE, choosing nothing, when the rules do not allow @decision
 */
gboolean
yc_decision_panel_set_decision (YcDecisionPanel *self,
                                YcDecision       decision)
{
  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), FALSE);
  g_return_val_if_fail (decision < YC_N_DECISIONS, FALSE);

  if (self->result == NULL || !yc_rules_result_is_allowed (self->result, decision))
    return FALSE;

  self->chosen_by_clerk = decision != yc_rules_result_get_recommended (self->result);
  self->updating = TRUE;
  gtk_check_button_set_active (self->decision_checks[decision], TRUE);
  self->updating = FALSE;

  if (self->decision != decision)
    {
      self->decision = decision;
      update_detail_visibility (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
    }
  return TRUE;
}

/**
 * yc_decision_panel_get_refusal:
 * @text: (out) (optional) (transfer none): the explanation, or %NULL when empty
 *
 * Returns: the kind of reason for refusing
 */
YcRefusal
yc_decision_panel_get_refusal (YcDecisionPanel  *self,
                               const char      **text)
{
  guint position;
  const char *explanation;

  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), YC_REFUSAL_NONE);

  explanation = gtk_editable_get_text (GTK_EDITABLE (self->refusal_text_row));
  if (text != NULL)
    *text = explanation != NULL && *explanation != '\0' ? explanation : NULL;
  position = adw_combo_row_get_selected (self->refusal_kind_row);
  return position < G_N_ELEMENTS (refusal_kinds) ? refusal_kinds[position] : YC_REFUSAL_NONE;
}

void
yc_decision_panel_set_refusal (YcDecisionPanel *self,
                               YcRefusal        refusal,
                               const char      *text)
{
  g_return_if_fail (YC_IS_DECISION_PANEL (self));

  for (guint i = 0; i < G_N_ELEMENTS (refusal_kinds); i++)
    if (refusal_kinds[i] == refusal)
      adw_combo_row_set_selected (self->refusal_kind_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->refusal_text_row), text != NULL ? text : "");
}

/**
 * yc_decision_panel_get_problem:
 *
 * Returns: (nullable): why the decision cannot be confirmed yet, or %NULL
 */
const char *
yc_decision_panel_get_problem (YcDecisionPanel *self)
{
  const char *text;

  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), NULL);

  if (self->result == NULL)
    return _("Choose the scenario first.");
  if (self->decision == YC_DECISION_REFUSE)
    {
      g_autofree char *stripped = NULL;

      yc_decision_panel_get_refusal (self, &text);
      stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
      if (*stripped == '\0')
        return _("Explain the refusal to the applicant.");
    }
  return NULL;
}

/**
 * yc_decision_panel_reset:
 *
 * Forgets the clerk's choice and the refusal, for the next applicant.
 */
void
yc_decision_panel_reset (YcDecisionPanel *self)
{
  g_return_if_fail (YC_IS_DECISION_PANEL (self));

  self->updating = TRUE;
  self->chosen_by_clerk = FALSE;
  adw_combo_row_set_selected (self->refusal_kind_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->refusal_text_row), "");
  self->updating = FALSE;
  if (self->result != NULL)
    update_decision_rows (self);
}

/**
 * yc_decision_panel_set_credit_notice:
 * @notice: (nullable): why tolerance and pledges are not offered to this applicant (a flag
 *   from the back office), or %NULL to hide the notice
 *
 * Shown above the decisions, so that the clerk can tell the applicant why.
 */
void
yc_decision_panel_set_credit_notice (YcDecisionPanel *self,
                                     const char      *notice)
{
  g_return_if_fail (YC_IS_DECISION_PANEL (self));

  gtk_label_set_text (self->credit_notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (self->credit_notice, notice != NULL);
}

/**
 * yc_decision_panel_get_credit_notice:
 *
 * Returns: (nullable): the notice shown, or %NULL when none is
 */
const char *
yc_decision_panel_get_credit_notice (YcDecisionPanel *self)
{
  g_return_val_if_fail (YC_IS_DECISION_PANEL (self), NULL);
  return gtk_widget_get_visible (self->credit_notice)
         ? gtk_label_get_text (self->credit_notice_label) : NULL;
}
