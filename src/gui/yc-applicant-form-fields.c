/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-applicant-form"

#include "config.h"

#include "yc-applicant-form-private.h"
#include "yc-identifiers.h"

/*
 * The applicant's numbers (the resident ID or the credit code, the mobile, the agent's ID):
 * checked as they are typed (yc-identifiers.h), the message under the field once the
 * number is complete or left; a person's numbers masked unless being edited or wrong.
 */

/* Characters other than spaces: a number is judged once it has its full length. */
static guint
significant_length (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;
  return n;
}

static gboolean
field_is_masked (YcApplicantForm *self,
                 FieldId          id)
{
  if (id == FIELD_ID)
    return yc_applicant_form_get_kind (self) == YC_APPLICANT_PERSON;
  return TRUE;
}

void
yc_applicant_form_field_show (YcApplicantForm *self,
                              FieldId          id)
{
  Field *field = &self->fields[id];
  g_autofree char *shown = NULL;

  if (!field->focused && field->normalized != NULL && field_is_masked (self, id))
    shown = id == FIELD_MOBILE ? yc_mask_mobile (field->normalized)
                               : yc_mask_resident_id (field->normalized);
  else
    shown = g_strdup (field->value != NULL ? field->value : "");

  if (g_strcmp0 (shown, gtk_editable_get_text (GTK_EDITABLE (field->row))) == 0)
    return;
  field->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (field->row), shown);
  field->updating = FALSE;
}

static void
show_message (AdwActionRow *row,
              const char   *message)
{
  gtk_widget_set_visible (GTK_WIDGET (row), message != NULL);
  if (message != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
}

gboolean
yc_applicant_form_flag_applies (YcApplicantForm *self)
{
  return self->flag_id != NULL
         && g_strcmp0 (self->flag_id, self->fields[FIELD_ID].normalized) == 0;
}

/* A flag from the back office is not the clerk's to switch off: while the number entered is
 * the flagged one the switch stays on and insensitive; another number gives the clerk's own
 * setting back. */
void
yc_applicant_form_sync_flag (YcApplicantForm *self)
{
  gboolean applies = yc_applicant_form_flag_applies (self);

  if (applies == self->flag_shown)
    return;
  self->flag_shown = applies;
  if (applies)
    {
      self->clerk_broken_pledge = gtk_switch_get_active (self->broken_pledge_switch);
      gtk_switch_set_active (self->broken_pledge_switch, TRUE);
    }
  else
    gtk_switch_set_active (self->broken_pledge_switch, self->clerk_broken_pledge);
  gtk_widget_set_sensitive (GTK_WIDGET (self->broken_pledge_switch), !applies);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->broken_pledge_switch),
                               applies ? self->flag_notice : NULL);
}

/* Checks a field; the message is shown once the number is complete or left. */
void
yc_applicant_form_check_field (YcApplicantForm *self,
                               FieldId          id)
{
  Field *field = &self->fields[id];
  g_autoptr(GError) error = NULL;
  const char *value = field->value != NULL ? field->value : "";
  gboolean judge;
  AdwActionRow *message_row;

  g_clear_pointer (&field->normalized, g_free);
  if (id == FIELD_ID)
    {
      message_row = self->id_message_row;
      judge = !field->focused || significant_length (value) >= 18;
      self->checksum_warning = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (message_row), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (message_row), "error");
      if (yc_applicant_form_get_kind (self) == YC_APPLICANT_PERSON)
        {
          YcResidentId resident;
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          GDate today;

          g_date_clear (&today, 1);
          g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                          g_date_time_get_month (now), g_date_time_get_year (now));
          if (*value != '\0' && yc_resident_id_parse (value, &today, &resident, &error))
            field->normalized = g_strdup (resident.number);
        }
      else
        {
          YcCreditCode code;

          if (*value != '\0' && yc_credit_code_parse (value, &code, &error))
            field->normalized = g_strdup (code.code);
          else if (g_error_matches (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_CHECKSUM))
            {
              self->checksum_warning = TRUE;
              if (self->checksum_override)
                field->normalized = g_strdup (code.code);
              gtk_widget_remove_css_class (GTK_WIDGET (message_row), "error");
              gtk_widget_add_css_class (GTK_WIDGET (message_row), "warning");
              judge = TRUE;
            }
        }
      gtk_widget_set_visible (GTK_WIDGET (self->override_button),
                              self->checksum_warning && !self->checksum_override);
      if (self->checksum_warning && self->checksum_override)
        g_clear_error (&error);
      yc_applicant_form_sync_flag (self);
    }
  else if (id == FIELD_MOBILE)
    {
      message_row = self->mobile_message_row;
      judge = !field->focused || significant_length (value) >= 11;
      if (*value != '\0')
        field->normalized = yc_mobile_normalize (value, &error);
    }
  else
    {
      YcResidentId resident;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      GDate today;

      message_row = self->agent_id_message_row;
      judge = !field->focused || significant_length (value) >= 18;
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
      if (*value != '\0' && yc_resident_id_parse (value, &today, &resident, &error))
        field->normalized = g_strdup (resident.number);
    }

  show_message (message_row, judge && error != NULL ? error->message : NULL);
  if (judge && error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (field->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (field->row), "error");
}
