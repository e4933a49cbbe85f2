/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-case-machine.h"
#include "yc-case-summary.h"
#include "yc-format.h"
#include "yc-identifiers.h"
#include "yc-settings.h"

/*
 * One row of today's cases: the texts a clerk reads, computed once from the stored case,
 * so that the row template binds plain string properties.  The case itself is kept for
 * opening it.
 */

struct _YcCaseSummary
{
  GObject  parent_instance;

  YcCase  *case_doc;
  char    *search_key;  /* number, applicant's full name and id number, folded */
  char    *number;
  char    *subject;
  char    *applicant;
  char    *decision;
  char    *state;
  char    *sync_state;
  char    *time;
  char    *deadline;
  char    *follow_up;
  YcDeadlineState light;
  gboolean has_light;
  gboolean synced;
};

G_DEFINE_FINAL_TYPE (YcCaseSummary, yc_case_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_SUBJECT,
  PROP_APPLICANT,
  PROP_DECISION,
  PROP_STATE,
  PROP_SYNC_STATE,
  PROP_TIME,
  PROP_SYNCED,
  PROP_PENDING,
  PROP_DEADLINE,
  PROP_LIGHT_GREEN,
  PROP_LIGHT_YELLOW,
  PROP_LIGHT_RED,
  PROP_FOLLOW_UP,
  PROP_HAS_FOLLOW_UP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
sync_state_label (const char *sync_state)
{
  if (g_strcmp0 (sync_state, "synced") == 0)
    return _("Synced");
  if (g_strcmp0 (sync_state, "conflict") == 0)
    return _("Sync conflict");
  if (g_strcmp0 (sync_state, "rejected") == 0)
    return _("Rejected by the back office");
  return _("Waiting to sync");
}

static void
yc_case_summary_finalize (GObject *object)
{
  YcCaseSummary *self = (YcCaseSummary *)object;

  g_free (self->number);
  g_free (self->subject);
  g_free (self->applicant);
  g_free (self->decision);
  g_free (self->state);
  g_free (self->sync_state);
  g_free (self->time);
  g_free (self->deadline);
  g_free (self->follow_up);
  g_free (self->search_key);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_case_summary_parent_class)->finalize (object);
}

static void
yc_case_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YcCaseSummary *self = YC_CASE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_APPLICANT:
      g_value_set_string (value, self->applicant);
      break;
    case PROP_DECISION:
      g_value_set_string (value, self->decision);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_SYNC_STATE:
      g_value_set_string (value, self->sync_state);
      break;
    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;
    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, !self->synced);
      break;
    case PROP_DEADLINE:
      g_value_set_string (value, self->deadline);
      break;
    case PROP_LIGHT_GREEN:
      g_value_set_boolean (value, self->has_light && self->light == YC_DEADLINE_GREEN);
      break;
    case PROP_LIGHT_YELLOW:
      g_value_set_boolean (value, self->has_light && self->light == YC_DEADLINE_YELLOW);
      break;
    case PROP_LIGHT_RED:
      g_value_set_boolean (value, self->has_light && self->light == YC_DEADLINE_RED);
      break;
    case PROP_FOLLOW_UP:
      g_value_set_string (value, self->follow_up);
      break;
    case PROP_HAS_FOLLOW_UP:
      g_value_set_boolean (value, self->follow_up[0] != '\0');
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_summary_class_init (YcCaseSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_case_summary_finalize;
  object_class->get_property = yc_case_summary_get_property;

  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT] = g_param_spec_string ("applicant", NULL, NULL, NULL, flags);
  properties[PROP_DECISION] = g_param_spec_string ("decision", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_SYNC_STATE] = g_param_spec_string ("sync-state", NULL, NULL, NULL, flags);
  properties[PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, flags);
  properties[PROP_SYNCED] = g_param_spec_boolean ("synced", NULL, NULL, FALSE, flags);
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, TRUE, flags);
  properties[PROP_DEADLINE] = g_param_spec_string ("deadline", NULL, NULL, NULL, flags);
  properties[PROP_LIGHT_GREEN] = g_param_spec_boolean ("light-green", NULL, NULL, FALSE, flags);
  properties[PROP_LIGHT_YELLOW] = g_param_spec_boolean ("light-yellow", NULL, NULL, FALSE, flags);
  properties[PROP_LIGHT_RED] = g_param_spec_boolean ("light-red", NULL, NULL, FALSE, flags);
  properties[PROP_FOLLOW_UP] = g_param_spec_string ("follow-up", NULL, NULL, NULL, flags);
  properties[PROP_HAS_FOLLOW_UP] = g_param_spec_boolean ("has-follow-up", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_summary_init (YcCaseSummary *self)
{
}

/* The traffic light and the working days left, while the clock means something. */
static void
set_deadline (YcCaseSummary *self,
              YcCase        *case_doc,
              YcCalendar    *calendar,
              const GDate   *today)
{
  int remaining = 0;

  if (calendar == NULL || today == NULL || case_doc->committed_days < 0
      || case_doc->state == YC_CASE_STATE_CLOSED_AT_COUNTER
      || case_doc->state == YC_CASE_STATE_ISSUED || case_doc->state == YC_CASE_STATE_WITHDRAWN)
    {
      self->deadline = g_strdup ("");
      return;
    }
  self->light = yc_case_deadline_state (case_doc, calendar, today, yc_settings_yellow_threshold (),
                                        &remaining);
  self->has_light = TRUE;
  if (remaining >= 0)
    /* Translators: the traffic light (按时, 即将到期, 已超期) and the working days left */
    self->deadline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d working day left",
                                                   "%s, %d working days left", remaining),
                                      yc_deadline_state_label (self->light), remaining);
  else
    /* Translators: the traffic light and the working days past the deadline */
    self->deadline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s by %d working day",
                                                   "%s by %d working days", -remaining),
                                      yc_deadline_state_label (self->light), -remaining);
}

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized, -1);
}

/**
 * yc_case_summary_new_full:
 * @catalog: (nullable): names the subject when the case does not
 * @calendar: (nullable): for the deadline light; without it the row shows none
 * @today: (nullable): the day the light is for
 * @sync_state: (nullable): pending, synced, conflict or rejected; %NULL is pending
 */
YcCaseSummary *
yc_case_summary_new_full (YcCase      *case_doc,
                          YcCatalog   *catalog,
                          YcCalendar  *calendar,
                          const GDate *today,
                          const char  *sync_state)
{
  YcCaseSummary *self;
  const char *subject;
  const char *name = NULL;
  const char *id_number;
  g_autoptr(GDateTime) accepted = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  g_return_val_if_fail (case_doc != NULL, NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  subject = case_doc->subject_name;
  if (subject == NULL && catalog != NULL && case_doc->subject_code != NULL)
    {
      const YcItem *item = yc_catalog_lookup_item (catalog, case_doc->subject_code);
      const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, case_doc->subject_code);

      subject = item != NULL ? item->name : bundle != NULL ? bundle->name : NULL;
    }

  self = g_object_new (YC_TYPE_CASE_SUMMARY, NULL);
  self->case_doc = yc_case_ref (case_doc);
  self->number = g_strdup (case_doc->number);
  self->subject = g_strdup (subject != NULL ? subject : case_doc->subject_code);
  if (case_doc->applicant != NULL && json_object_has_member (case_doc->applicant, "name"))
    name = json_object_get_string_member_with_default (case_doc->applicant, "name", NULL);
  /* A list others may glance at: a person's name masked, an enterprise's as it is. */
  if (name != NULL && g_strcmp0 (json_object_get_string_member_with_default (case_doc->applicant, "kind", NULL),
                                 "enterprise") == 0)
    self->applicant = g_strdup (name);
  else
    self->applicant = name != NULL ? yc_mask_name (name) : g_strdup ("");
  self->decision = g_strdup (yc_decision_label (case_doc->decision));
  self->state = g_strdup (yc_case_state_label (case_doc->state));
  self->sync_state = g_strdup (sync_state_label (sync_state));
  self->synced = g_strcmp0 (sync_state, "synced") == 0;
  if (case_doc->accepted_at != NULL
      && (accepted = g_date_time_new_from_iso8601 (case_doc->accepted_at, NULL)) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (accepted);

      /* An older case, looked up by its number, shows its day instead of its hour. */
      if (today != NULL && g_date_valid (&case_doc->accepted_on)
          && g_date_compare (&case_doc->accepted_on, today) != 0)
        self->time = yc_format_day (local);
      else
        self->time = g_date_time_format (local, "%H:%M");
    }
  else
    self->time = g_strdup ("");
  set_deadline (self, case_doc, calendar, today);
  if (g_date_valid (&case_doc->follow_up_due))
    {
      g_autofree char *date = yc_format_date (&case_doc->follow_up_due);

      /* Translators: 回访 of a poor rating; %s is its due date */
      self->follow_up = g_strdup_printf (_("Follow-up due %s"), date);
    }
  else
    self->follow_up = g_strdup ("");

  /* The clerk types what the applicant says: the number, the name, the id number. */
  id_number = yc_case_get_applicant_id (case_doc);
  g_string_append_printf (key, "%s\n%s\n%s", case_doc->number != NULL ? case_doc->number : "",
                          name != NULL ? name : "", id_number != NULL ? id_number : "");
  self->search_key = fold (key->str);
  return self;
}

/**
 * yc_case_summary_new:
 * @catalog: (nullable): names the subject when the case does not
 * @sync_state: (nullable): pending, synced, conflict or rejected; %NULL is pending
 *
 * A summary without the deadline light.
 */
YcCaseSummary *
yc_case_summary_new (YcCase     *case_doc,
                     YcCatalog  *catalog,
                     const char *sync_state)
{
  return yc_case_summary_new_full (case_doc, catalog, NULL, NULL, sync_state);
}

/**
 * yc_case_summary_get_case:
 *
 * Returns: (transfer none): the case as it was read
 */
YcCase *
yc_case_summary_get_case (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->case_doc;
}

/**
 * yc_case_summary_matches:
 * @query: what the clerk typed; empty matches everything
 *
 * Returns: whether the case number, the applicant's full name or id number contains @query
 *   (case-insensitive)
 */
gboolean
yc_case_summary_matches (YcCaseSummary *self,
                         const char    *query)
{
  g_autofree char *folded = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), FALSE);

  stripped = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (stripped[0] == '\0')
    return TRUE;
  folded = fold (stripped);
  return strstr (self->search_key, folded) != NULL;
}

const char *
yc_case_summary_get_number (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->number;
}

const char *
yc_case_summary_get_subject (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->subject;
}

const char *
yc_case_summary_get_decision (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->decision;
}

const char *
yc_case_summary_get_state (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->state;
}

const char *
yc_case_summary_get_sync_state (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->sync_state;
}

const char *
yc_case_summary_get_deadline (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->deadline;
}

const char *
yc_case_summary_get_follow_up (YcCaseSummary *self)
{
  g_return_val_if_fail (YC_IS_CASE_SUMMARY (self), NULL);
  return self->follow_up;
}
