/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-format.h"
#include "yc-intake-view-private.h"
#include "yc-store-flags.h"

/*
 * An applicant the back office flagged for a broken pledge (承诺不实) gets neither tolerance
 * nor pledges, in any hall (docs/API.md, change kind applicant_flag).  The sync engine keeps
 * the flags in the local store; once the number entered checks, the intake looks it up
 * there — so it works offline — and the applicant form then weighs the applicant as having
 * broken a pledge.  The decision panel says why.
 *
 * The lookup is asked again on every change of the intake (it is one primary-key read on the
 * store's thread), so that a flag the sync brings while the applicant is at the window counts
 * before the clerk confirms.
 */

typedef struct {
  YcIntakeView *self;
  guint         generation;
  char         *id_number;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_object_unref (data->self);
  g_free (data->id_number);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LookupData, lookup_data_free)

/* "该申请人曾有承诺不实记录（2026-11-24：…），不适用容缺受理和告知承诺" */
static char *
flag_notice (YcApplicantFlag *flag)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (flag->flagged_at, NULL);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (flag->reason != NULL ? flag->reason : ""));

  if (local != NULL)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                      g_date_time_get_year (local));
      day = yc_format_date (&date);
    }

  if (day != NULL && *reason != '\0')
    /* Translators: when the back office recorded the broken pledge, and why */
    detail = g_strdup_printf (_("recorded %s: %s"), day, reason);
  else if (day != NULL)
    detail = g_strdup_printf (_("recorded %s"), day);
  else if (*reason != '\0')
    detail = g_strdup (reason);
  else
    detail = g_strdup (_("reported by the back office"));

  return g_strdup_printf (_("This applicant has a record of a broken pledge (%s): accepting "
                            "with tolerance and accepting on pledge do not apply."),
                          detail);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LookupData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcApplicantFlag) flag = NULL;
  g_autofree char *notice = NULL;
  YcIntakeView *self = data->self;

  flag = yc_store_lookup_applicant_flag_finish (YC_STORE (object), result, &error);
  if (g_strcmp0 (self->flag_lookup_id, data->id_number) == 0)
    g_clear_pointer (&self->flag_lookup_id, g_free);
  if (self->applicant_form == NULL)  /* the view is going */
    return;
  /* Another applicant by now: theirs is looked up anew. */
  if (data->generation != self->generation)
    {
      yc_intake_view_check_credit (self);
      return;
    }
  if (error != NULL)
    {
      /* The rules then go by the clerk's own switch; the back office still checks. */
      g_warning ("Could not look up whether applicant %s is flagged: %s", data->id_number,
                 error->message);
      return;
    }
  if (flag != NULL)
    notice = flag_notice (flag);
  /* A flag for a number no longer entered is kept but does not apply (the form compares). */
  if (flag != NULL)
    yc_applicant_form_set_flag (self->applicant_form, data->id_number, notice);
  else if (g_strcmp0 (yc_applicant_form_get_checked_id_number (self->applicant_form),
                      data->id_number) == 0)
    yc_applicant_form_set_flag (self->applicant_form, NULL, NULL);
}

/**
 * yc_intake_view_check_credit:
 *
 * Shows the notice of a flag that applies, and looks the number entered up in the local
 * store unless that lookup is under way.  Called on every change of the intake.
 */
void
yc_intake_view_check_credit (YcIntakeView *self)
{
  const char *id_number;
  LookupData *data;

  g_return_if_fail (YC_IS_INTAKE_VIEW (self));

  yc_decision_panel_set_credit_notice (self->decision_panel,
                                       yc_applicant_form_get_flag_notice (self->applicant_form));

  id_number = yc_applicant_form_get_checked_id_number (self->applicant_form);
  if (self->store == NULL || id_number == NULL
      || g_strcmp0 (self->flag_lookup_id, id_number) == 0)
    return;

  g_free (self->flag_lookup_id);
  self->flag_lookup_id = g_strdup (id_number);
  data = g_new0 (LookupData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;
  data->id_number = g_strdup (id_number);
  yc_store_lookup_applicant_flag_async (self->store, id_number, self->cancellable, lookup_cb, data);
}
