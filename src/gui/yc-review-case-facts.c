/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-review-case-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-history.h"
#include "yc-case-machine.h"
#include "yc-format.h"
#include "yc-identifiers.h"
#include "yc-review-case-facts.h"
#include "yc-settings.h"

/* Rows are rebuilt whenever the case changes: a case has tens of rows, not thousands. */

static void
clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);
  g_autofree char *escaped = g_markup_escape_text (subtitle != NULL ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (list, row);
  return row;
}

static const char *
material_name (YcCase     *case_doc,
               const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (case_doc, code);

  return material != NULL ? material->name : code;
}

const char *
yc_review_case_facts_department_name (YcCatalog  *catalog,
                                      const char *department)
{
  const YcDepartment *found = catalog != NULL ? yc_catalog_lookup_department (catalog, department) : NULL;

  if (found == NULL)
    return department;
  return found->short_name != NULL && *found->short_name != '\0' ? found->short_name : found->name;
}

char *
yc_review_case_facts_dup_applicant (YcCase *case_doc)
{
  const char *kind = json_object_get_string_member_with_default (case_doc->applicant, "kind", "");
  const char *name = json_object_get_string_member_with_default (case_doc->applicant, "name", "");
  const char *id = yc_case_get_applicant_id (case_doc);
  g_autofree char *masked = NULL;

  if (id != NULL)
    masked = g_str_equal (kind, "enterprise") ? yc_mask_credit_code (id) : yc_mask_resident_id (id);
  return g_strdup_printf ("%s  %s", name, masked != NULL ? masked : "");
}

static char *
local_time (const char *iso)
{
  return yc_format_iso_date_time (iso, "");
}

static void
add_deadline (GtkListBox  *list,
              YcCase      *c,
              YcCalendar  *calendar,
              const GDate *today)
{
  GDate deadline;
  int remaining = 0;
  YcDeadlineState light;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (calendar == NULL || c->committed_days < 0 || c->state == YC_CASE_STATE_CLOSED_AT_COUNTER)
    return;
  yc_case_current_deadline (c, calendar, today, &deadline);
  if (!g_date_valid (&deadline))
    return;
  light = yc_case_deadline_state (c, calendar, today, yc_settings_yellow_threshold (), &remaining);
  date = yc_format_date (&deadline);
  if (g_date_valid (&c->stopped_on))
    /* Translators: the committed date and the traffic light, once the clock has stopped */
    text = g_strdup_printf (_("%s (%s, clock stopped)"), date, yc_deadline_state_label (light));
  else
    /* Translators: the committed date, the traffic light and the working days left */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s, %d working day left)",
                                         "%s (%s, %d working days left)", ABS (remaining)),
                            date, yc_deadline_state_label (light), remaining);
  add_row (list, _("Committed completion"), text);
}

void
yc_review_case_facts_fill_summary (GtkListBox  *list,
                                   YcCase      *c,
                                   YcCatalog   *catalog,
                                   YcCalendar  *calendar,
                                   const GDate *today)
{
  g_autofree char *applicant = NULL;
  g_autofree char *when = NULL;
  g_autofree char *decision = NULL;
  const char *subject;

  clear (list);
  if (c == NULL)
    return;
  applicant = yc_review_case_facts_dup_applicant (c);
  add_row (list, _("Applicant"), applicant);
  subject = c->subject_name != NULL ? c->subject_name : c->subject_code;
  if (g_strcmp0 (c->subject_kind, "bundle") == 0)
    {
      /* Translators: a bundle (一件事) and the number of departments reviewing it */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s (one thing, %u department)",
                                                            "%s (one thing, %u departments in parallel)",
                                                            c->parts->len), subject, c->parts->len);
      add_row (list, _("Subject"), text);
    }
  else
    add_row (list, _("Subject"), subject);
  when = local_time (c->accepted_at);
  /* Translators: the counter's decision, when, and the clerk */
  decision = g_strdup_printf (_("%s · %s · %s at window %s-%s"), yc_decision_label (c->decision), when,
                              c->clerk, c->hall, c->window);
  add_row (list, _("Decision at the counter"), decision);
  add_deadline (list, c, calendar, today);
}

void
yc_review_case_facts_fill_parts (GtkListBox *list,
                                 YcCase     *c,
                                 YcCatalog  *catalog)
{
  clear (list);
  if (c == NULL)
    return;
  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);
      g_autoptr(GString) text = g_string_new (yc_case_state_label (part->state));

      if (part->claimed_by != NULL)
        /* Translators: who holds a department's part of a case */
        g_string_append_printf (text, _(" · held by %s"), part->claimed_by);
      else if (part->state != YC_CASE_STATE_APPROVED && part->state != YC_CASE_STATE_REJECTED)
        g_string_append (text, _(" · not taken"));
      if (part->decided_by != NULL)
        /* Translators: who approved or rejected a department's part */
        g_string_append_printf (text, _(" · decided by %s"), part->decided_by);
      if (part->reason != NULL)
        g_string_append_printf (text, " · %s", part->reason);
      add_row (list, yc_review_case_facts_department_name (catalog, part->department), text->str);
    }
}

static guint
count_versions (YcCase     *c,
                const char *code)
{
  guint n = 0;

  for (guint i = 0; i < c->materials->len; i++)
    if (g_str_equal (((YcCaseMaterialVersion *) g_ptr_array_index (c->materials, i))->code, code))
      n++;
  return n;
}

static char *
describe_material (YcCase                *c,
                   YcCaseMaterialVersion *m)
{
  YcCaseTolerated *tolerated = yc_case_lookup_tolerated (c, m->code);
  YcCasePledge *pledge = yc_case_lookup_pledge (c, m->code);
  guint versions = count_versions (c, m->code);
  g_autoptr(GString) text = g_string_new (NULL);

  switch (m->state)
    {
    case YC_CASE_MATERIAL_PROVIDED:
      /* Translators: a material received: copies and scanned pages */
      g_string_append_printf (text, _("Received: %u copies, %u pages scanned"), m->copies, m->pages);
      break;
    case YC_CASE_MATERIAL_TOLERATED:
      {
        g_autofree char *due = tolerated != NULL ? yc_format_date (&tolerated->due) : g_strdup ("");

        /* Translators: a tolerated material (容缺) and its due date */
        g_string_append_printf (text, _("Tolerated: to be brought by %s"), due);
      }
      break;
    case YC_CASE_MATERIAL_PLEDGED:
      {
        g_autofree char *due = pledge != NULL ? yc_format_date (&pledge->due) : g_strdup ("");

        /* Translators: a pledged material (告知承诺), its verification state and date */
        g_string_append_printf (text, _("Pledged: %s, verification by %s"),
                                pledge != NULL ? yc_pledge_status_label (pledge->status) : "", due);
      }
      break;
    case YC_CASE_MATERIAL_SHARED:
      g_string_append (text, _("Shared data: obtained from another department"));
      break;
    case YC_CASE_MATERIAL_DEFECTIVE:
      /* Translators: a defective material and what is wrong with it */
      g_string_append_printf (text, _("Defective: %s"), m->defect_reason != NULL ? m->defect_reason : "");
      break;
    case YC_CASE_MATERIAL_MISSING:
    default:
      g_string_append (text, _("Not handed in"));
      break;
    }
  if (tolerated != NULL && tolerated->received)
    {
      g_autofree char *on = yc_format_date (&tolerated->received_on);

      /* Translators: a tolerated material that came in later */
      g_string_append_printf (text, _(" · tolerated, received %s"), on);
    }
  if (versions > 1)
    /* Translators: the newest version of a material brought again */
    g_string_append_printf (text, _(" · version %u"), m->version);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
yc_review_case_facts_fill_materials (GtkListBox *list,
                                     YcCase     *c)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  clear (list);
  if (c == NULL)
    return;
  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *first = g_ptr_array_index (c->materials, i);
      YcCaseMaterialVersion *m;
      g_autofree char *text = NULL;
      GtkWidget *row;

      if (!g_hash_table_add (seen, first->code))
        continue;
      m = yc_case_lookup_material (c, first->code);
      text = describe_material (c, m);
      row = add_row (list, m->name, text);
      if (m->blob_sha256 != NULL)
        {
          GtkWidget *button = gtk_button_new_with_label (_("View"));
          /* Translators: accessible name of the button showing a material's pages */
          g_autofree char *accessible = g_strdup_printf (_("View %s"), m->name);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "review.view-material");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", m->code);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          accessible, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
        }
    }
}

static char *
join_names (YcCase             *c,
            const char * const *codes)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: between material names in a list */
        g_string_append (text, _(", "));
      g_string_append (text, material_name (c, codes[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
yc_review_case_facts_fill_notices (GtkListBox *list,
                                   YcCase     *c,
                                   YcCatalog  *catalog)
{
  guint shown = 0;

  clear (list);
  if (c == NULL)
    return;
  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      for (guint n = 0; n < part->notices->len; n++)
        {
          YcCaseNotice *notice = g_ptr_array_index (part->notices, n);
          g_autofree char *on = yc_format_date (&notice->on);
          g_autofree char *named = join_names (c, (const char * const *) notice->materials);
          g_autofree char *unmet = join_names (c, (const char * const *) notice->unmet);
          g_autofree char *title = NULL;
          g_autoptr(GString) text = g_string_new (NULL);

          /* Translators: a return notice: the day, the department and the reviewer */
          title = g_strdup_printf (_("%s · %s · %s"), on,
                                   yc_review_case_facts_department_name (catalog, part->department),
                                   notice->by);
          /* Translators: what a return notice cited */
          g_string_append_printf (text, _("Cited: %s. %s"), named, notice->message);
          if (notice->unmet != NULL && notice->unmet[0] != NULL)
            /* Translators: the cited materials not brought since */
            g_string_append_printf (text, _(" Still unmet: %s."), unmet);
          else
            g_string_append (text, _(" Everything cited was brought."));
          if (notice->new_demand)
            {
              g_autofree char *fresh = join_names (c, (const char * const *) notice->new_materials);

              /* Translators: a return that cited materials no earlier notice named */
              g_string_append_printf (text, _(" New demand, reported to supervision: %s."), fresh);
            }
          add_row (list, title, text->str);
          shown++;
        }
    }
  if (shown == 0)
    add_row (list, _("No notices"), _("The case was never returned for supplement."));
}

void
yc_review_case_facts_fill_history (GtkListBox *list,
                                   YcCase     *c)
{
  g_autoptr(GListModel) history = NULL;

  clear (list);
  if (c == NULL)
    return;
  history = yc_case_history_new_model (c);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(YcCaseHistoryItem) item = g_list_model_get_item (history, i);
      const char *detail = yc_case_history_item_get_detail (item);
      g_autofree char *title = g_strdup_printf ("%s · %s", yc_case_history_item_get_time (item),
                                                yc_case_history_item_get_actor (item));
      g_autofree char *text = detail != NULL && *detail != '\0'
                              ? g_strdup_printf ("%s · %s", yc_case_history_item_get_action (item), detail)
                              : g_strdup (yc_case_history_item_get_action (item));

      add_row (list, title, text);
    }
}
