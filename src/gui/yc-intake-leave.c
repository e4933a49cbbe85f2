/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-intake-view-private.h"

/*
 * Leaving an intake: back to the catalog (Escape, the back button) or on to another
 * item.  What the clerk entered for an applicant not yet recorded goes only once the
 * clerk says so (放弃本次受理？); nothing goes while the case is being recorded.
 */

/* Whether leaving would lose what the clerk entered for an applicant not yet recorded. */
static gboolean
has_input (YcIntakeView *self)
{
  YcApplicantForm *form = self->applicant_form;
  const char *texts[] = {
    yc_applicant_form_get_name (form),
    yc_applicant_form_get_id_number (form),
    yc_applicant_form_get_mobile (form),
    yc_applicant_form_get_agent_name (form),
    yc_applicant_form_get_agent_id_number (form),
  };
  YcApplicant applicant;

  if (self->case_doc != NULL || (self->item == NULL && self->bundle == NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *p = texts[i];

      while (p != NULL && g_ascii_isspace (*p))
        p++;
      if (p != NULL && *p != '\0')
        return TRUE;
    }
  yc_applicant_form_get_applicant (form, &applicant);
  return applicant.is_agent || applicant.dishonest || applicant.broken_pledge
         || yc_material_checklist_get_touched (self->checklist);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcIntakeView     *self)
{
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "yc-generation"));
  g_autofree char *code = g_steal_pointer (&self->pending_code);

  if (self->discard_dialog == GTK_WIDGET (dialog))
    self->discard_dialog = NULL;
  if (!g_str_equal (response, "discard") || generation != self->generation || self->committing)
    return;

  if (code == NULL)
    {
      yc_intake_view_restart (self);  /* nothing of this applicant stays behind */
      yc_intake_view_finished (self);
    }
  else
    yc_intake_view_start_now (self, code, self->pending_is_bundle);
}

static void
discard_dialog_destroy_cb (YcIntakeView *self,
                           GtkWidget    *dialog)
{
  if (self->discard_dialog == dialog)
    self->discard_dialog = NULL;
}

/* Asks before the filled-in intake goes; then goes back (@code %NULL) or starts @code. */
static void
ask_discard (YcIntakeView *self,
             const char   *code,
             gboolean      is_bundle)
{
  GtkWidget *dialog;

  g_free (self->pending_code);
  self->pending_code = g_strdup (code);
  self->pending_is_bundle = is_bundle;
  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Discard This Intake?"),
                                   _("The applicant’s details and the materials’ states entered "
                                     "so far will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Continue Intake"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter or Escape by habit keeps the applicant's data. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_object_set_data (G_OBJECT (dialog), "yc-generation", GUINT_TO_POINTER (self->generation));
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (discard_dialog_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  self->discard_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * yc_intake_view_leave:
 *
 * Back to the catalog: the intake.back action.  Refused while the case is being
 * recorded; asks first when the clerk has entered something not yet recorded.
 */
void
yc_intake_view_leave (YcIntakeView *self)
{
  /* The action is off meanwhile; this guards a caller that activates it regardless. */
  if (self->committing)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (has_input (self))
    {
      ask_discard (self, NULL, FALSE);
      return;
    }
  yc_intake_view_finished (self);
}

/**
 * yc_intake_view_may_start:
 * @code: the item or bundle to start next
 *
 * Returns: %TRUE when @code may start now; %FALSE when the clerk is asked first, and
 *   @code starts on 放弃
 */
gboolean
yc_intake_view_may_start (YcIntakeView *self,
                          const char   *code,
                          gboolean      is_bundle)
{
  if (!has_input (self))
    return TRUE;
  ask_discard (self, code, is_bundle);
  return FALSE;
}
