/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-intake-view-private.h"

/*
 * What the intake is of: an item, whose questions choose its scenario (the checklist starts
 * again for a new one), or a bundle (一件事), whose parts are listed.  Starting either asks
 * first when a filled-in intake would go (yc-intake-leave.c).
 */

static void
clear_scenario_rows (YcIntakeView *self)
{
  for (guint i = 0; i < self->scenario_rows->len; i++)
    adw_preferences_group_remove (self->scenario_group, g_ptr_array_index (self->scenario_rows, i));
  g_ptr_array_set_size (self->scenario_rows, 0);
}

static void
add_scenario_row (YcIntakeView *self,
                  GtkWidget    *row)
{
  adw_preferences_group_add (self->scenario_group, row);
  g_ptr_array_add (self->scenario_rows, g_object_ref (row));
}

static GtkWidget *
new_info_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The item's scenario from the answers; the checklist starts again for a new one. */
static void
choose_scenario (YcIntakeView *self)
{
  const YcScenario *scenario = yc_item_match_scenario (self->item, self->answers);

  if (scenario == self->scenario && self->subject != NULL)
    return;

  self->scenario = scenario;
  g_clear_pointer (&self->subject, yc_merged_list_unref);
  yc_material_checklist_clear (self->checklist);
  if (scenario != NULL)
    self->subject = yc_merged_list_new_for_item (self->catalog, self->item, scenario);
  gtk_label_set_text (self->parts_label, scenario != NULL ? scenario->name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->parts_label), scenario != NULL);
  yc_intake_view_evaluate (self);
}

static void
question_changed_cb (AdwComboRow  *row,
                     GParamSpec   *pspec,
                     YcIntakeView *self)
{
  const YcQuestion *question = g_object_get_data (G_OBJECT (row), "question");
  guint position = adw_combo_row_get_selected (row);
  const YcQuestionOption *option;

  if (question == NULL || position >= question->options->len)
    return;
  option = g_ptr_array_index (question->options, position);
  g_hash_table_replace (self->answers, g_strdup (question->code), g_strdup (option->code));
  choose_scenario (self);
}

static void
show_questions (YcIntakeView *self)
{
  for (guint i = 0; i < self->item->questions->len; i++)
    {
      const YcQuestion *question = g_ptr_array_index (self->item->questions, i);
      g_autoptr(GtkStringList) options = gtk_string_list_new (NULL);
      const YcQuestionOption *first;
      GtkWidget *row = adw_combo_row_new ();

      for (guint j = 0; j < question->options->len; j++)
        gtk_string_list_append (options, ((YcQuestionOption *) g_ptr_array_index (question->options, j))->label);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question->text);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (options));
      g_object_set_data (G_OBJECT (row), "question", (gpointer) question);
      if (question->options->len > 0)
        {
          first = g_ptr_array_index (question->options, 0);
          g_hash_table_replace (self->answers, g_strdup (question->code), g_strdup (first->code));
        }
      g_signal_connect (row, "notify::selected", G_CALLBACK (question_changed_cb), self);
      add_scenario_row (self, row);
    }
}

static void
show_parts (YcIntakeView *self)
{
  for (guint i = 0; i < yc_merged_list_get_n_parts (self->subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (self->subject, i);
      const YcScenario *scenario = yc_merged_list_get_scenario (self->subject, i);
      const YcDepartment *department = yc_catalog_lookup_department (self->catalog, item->department);
      g_autofree char *subtitle =
        g_strjoin (" · ", department != NULL ? department->short_name : item->department,
                   scenario->name, NULL);

      add_scenario_row (self, new_info_row (item->name, subtitle));
    }
}

static void
show_subject (YcIntakeView *self,
              const char   *kind,
              const char   *code,
              const char   *name)
{
  gtk_label_set_text (self->kind_label, kind);
  if (self->bundle != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->kind_label), "bundle");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "bundle");
  gtk_label_set_text (self->code_label, code);
  gtk_label_set_text (self->title_label, name);
  clear_scenario_rows (self);
  g_hash_table_remove_all (self->answers);
  g_clear_pointer (&self->subject, yc_merged_list_unref);
  self->scenario = NULL;
}

static gboolean start_bundle_now (YcIntakeView *self,
                                  const char   *code);

static gboolean
start_item_now (YcIntakeView *self,
                const char   *code)
{
  const YcItem *item = yc_catalog_lookup_item (self->catalog, code);

  if (item == NULL)
    return FALSE;

  self->item = item;
  self->bundle = NULL;
  show_subject (self, yc_item_type_label (item->type), item->code, item->name);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_group), item->questions->len > 0);
  adw_preferences_group_set_title (self->scenario_group, _("Scenario"));
  yc_intake_view_restart (self);
  show_questions (self);
  choose_scenario (self);
  return TRUE;
}

/**
 * yc_intake_view_start_item:
 * @code: a service item code
 *
 * Starts the intake of an item for a new applicant; the scenario follows the answers to
 * the item's questions, first options first.  When the clerk has filled in an intake not
 * yet recorded, asks first (放弃本次受理？) and starts only on 放弃.
 *
 * Returns: %FALSE, changing nothing, when the catalog has no such item or while a case
 *   is being recorded
 */
gboolean
yc_intake_view_start_item (YcIntakeView *self,
                           const char   *code)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->committing || yc_catalog_lookup_item (self->catalog, code) == NULL)
    return FALSE;
  return yc_intake_view_may_start (self, code, FALSE) ? start_item_now (self, code) : TRUE;
}

static gboolean
start_bundle_now (YcIntakeView *self,
                  const char   *code)
{
  const YcBundle *bundle = yc_catalog_lookup_bundle (self->catalog, code);
  g_autoptr(GError) error = NULL;
  YcMergedList *merged;

  if (bundle == NULL)
    return FALSE;
  /* A loaded catalog always merges: its loader checked every part. */
  if ((merged = yc_bundle_merge (self->catalog, bundle, &error)) == NULL)
    {
      g_message ("Cannot merge %s: %s", code, error->message);
      return FALSE;
    }

  self->item = NULL;
  self->bundle = bundle;
  show_subject (self, _("One-thing bundle"), bundle->code, bundle->name);
  self->subject = merged;
  gtk_label_set_text (self->parts_label, bundle->description != NULL ? bundle->description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->parts_label), bundle->description != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scenario_group), TRUE);
  adw_preferences_group_set_title (self->scenario_group, _("Included Items"));
  yc_intake_view_restart (self);
  show_parts (self);
  yc_intake_view_evaluate (self);
  return TRUE;
}

/* Starts at once, the clerk having agreed to discard the intake (yc-intake-leave.c). */
void
yc_intake_view_start_now (YcIntakeView *self,
                          const char   *code,
                          gboolean      is_bundle)
{
  if (is_bundle)
    start_bundle_now (self, code);
  else
    start_item_now (self, code);
}

/**
 * yc_intake_view_start_bundle:
 * @code: a bundle (一件事) code
 *
 * As yc_intake_view_start_item(), for a bundle.
 *
 * Returns: %FALSE, changing nothing, when the catalog has no such bundle or while a case
 *   is being recorded
 */
gboolean
yc_intake_view_start_bundle (YcIntakeView *self,
                             const char   *code)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->committing || yc_catalog_lookup_bundle (self->catalog, code) == NULL)
    return FALSE;
  return yc_intake_view_may_start (self, code, TRUE) ? start_bundle_now (self, code) : TRUE;
}

/**
 * yc_intake_view_answer:
 * @question: a question code of the item
 * @option: one of its option codes
 *
 * Answers a question of the item as the clerk would.
 *
 * Returns: %FALSE when the item has no such question or option
 */
gboolean
yc_intake_view_answer (YcIntakeView *self,
                       const char   *question,
                       const char   *option)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), FALSE);

  for (guint i = 0; i < self->scenario_rows->len && self->item != NULL; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->scenario_rows, i);
      const YcQuestion *q = g_object_get_data (G_OBJECT (row), "question");

      if (q == NULL || g_strcmp0 (q->code, question) != 0)
        continue;
      for (guint j = 0; j < q->options->len; j++)
        if (g_str_equal (((YcQuestionOption *) g_ptr_array_index (q->options, j))->code, option))
          {
            adw_combo_row_set_selected (row, j);
            return TRUE;
          }
    }
  return FALSE;
}
