/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-summary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-summary.h"
#include "yc-identifiers.h"

/*
 * One row of today's cases: the texts a clerk reads, computed once from the stored case,
 * so that the row template binds plain string properties.
 */

struct _YcCaseSummary
{
  GObject  parent_instance;

  char    *number;
  char    *subject;
  char    *applicant;
  char    *decision;
  char    *state;
  char    *sync_state;
  char    *time;
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_summary_init (YcCaseSummary *self)
{
}

/**
 * yc_case_summary_new:
 * @catalog: (nullable): names the subject when the case does not
 * @sync_state: (nullable): pending, synced, conflict or rejected; %NULL is pending
 */
YcCaseSummary *
yc_case_summary_new (YcCase     *case_doc,
                     YcCatalog  *catalog,
                     const char *sync_state)
{
  YcCaseSummary *self;
  const char *subject = case_doc->subject_name;
  const char *name = NULL;
  g_autoptr(GDateTime) accepted = NULL;

  g_return_val_if_fail (case_doc != NULL, NULL);

  if (subject == NULL && catalog != NULL && case_doc->subject_code != NULL)
    {
      const YcItem *item = yc_catalog_lookup_item (catalog, case_doc->subject_code);
      const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, case_doc->subject_code);

      subject = item != NULL ? item->name : bundle != NULL ? bundle->name : NULL;
    }

  self = g_object_new (YC_TYPE_CASE_SUMMARY, NULL);
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
      self->time = g_date_time_format (local, "%H:%M");
    }
  else
    self->time = g_strdup ("");
  return self;
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
