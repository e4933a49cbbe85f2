/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-push-private.h"

/*
 * What the back office checks of a case.accept beyond the case machine, and the flagged
 * applicants (告知承诺 breached).
 *
 * The counter decided offline, possibly under an older catalog version; the back office
 * judges the case by the version it names (every imported version is kept), and runs the
 * same rules engine as the counter (src/core/yc-rules.h) on the case's own intake: its
 * subject, applicant and material states.  The decision must be one the rules allow, and
 * tolerance and pledges only what the rules grant.  An applicant flagged for a broken pledge
 * gets neither, from the moment the flag could be known: an accept created at the counter
 * before the flag was recorded is taken as it was decided.
 */

static char *
join_reasons (GPtrArray *reasons)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    {
      if (i > 0)
        g_string_append (text, _("; "));
      g_string_append (text, g_ptr_array_index (reasons, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
applicant_boolean (JsonObject *applicant,
                   const char *member)
{
  JsonNode *node = applicant != NULL ? json_object_get_member (applicant, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static const char *
applicant_string (JsonObject *applicant,
                  const char *member)
{
  JsonNode *node = applicant != NULL ? json_object_get_member (applicant, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The subject's merged material list under @catalog.  The case machine has already checked
 * the subject against that catalog (yc-case-accept.c), so the lookups succeed. */
static YcMergedList *
merged_list_for_case (YcCase     *c,
                      YcCatalog  *catalog,
                      GError    **error)
{
  JsonArray *items = json_object_get_array_member (c->subject, "items");
  JsonObject *first;
  const YcItem *item;
  const YcScenario *scenario;

  if (g_strcmp0 (c->subject_kind, "bundle") == 0)
    {
      const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, c->subject_code);

      if (bundle != NULL)
        return yc_bundle_merge (catalog, bundle, error);
    }
  else if (items != NULL && json_array_get_length (items) == 1)
    {
      first = json_array_get_object_element (items, 0);
      item = yc_catalog_lookup_item (catalog, c->subject_code);
      scenario = item != NULL ? yc_item_lookup_scenario (item, json_object_get_string_member (first, "scenario"))
                              : NULL;
      if (scenario != NULL)
        return yc_merged_list_new_for_item (catalog, item, scenario);
    }
  yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "payload.subject",
                           _("“%s” is not a subject of catalog %s"), c->subject_code,
                           c->catalog_version);
  return NULL;
}

/*
 * The rules input of the case as the counter recorded it.  A material the counter found in
 * order is provided (original checked, the copies it counted); one it found wanting is
 * defective; a tolerated one is missing (the rules say whether it may be tolerated); a
 * pledged or shared one is what it says.  @flagged: the back office knows of a broken pledge.
 */
static YcRulesInput *
rules_input_for_case (YcCase     *c,
                      YcCatalog  *catalog,
                      gboolean    flagged,
                      GError    **error)
{
  g_autoptr(YcMergedList) merged = merged_list_for_case (c, catalog, error);
  g_autoptr(YcRulesInput) input = NULL;
  YcApplicant applicant = { 0 };
  const char *kind;

  if (merged == NULL)
    return NULL;
  input = yc_rules_input_new (merged);

  kind = applicant_string (c->applicant, "kind");
  if (kind == NULL || !yc_applicant_kind_from_string (kind, &applicant.kind))
    applicant.kind = YC_APPLICANT_PERSON;
  applicant.is_agent = applicant_boolean (c->applicant, "agent");
  applicant.dishonest = applicant_boolean (c->applicant, "dishonest");
  applicant.broken_pledge = applicant_boolean (c->applicant, "broken_pledge") || flagged;
  yc_rules_input_set_applicant (input, &applicant);
  yc_rules_input_set_acceptance_date (input, &c->accepted_on);

  for (guint i = 0; i < c->materials->len; i++)
    {
      const YcCaseMaterialVersion *m = g_ptr_array_index (c->materials, i);

      switch (m->state)
        {
        case YC_CASE_MATERIAL_PROVIDED:
          yc_rules_input_set_provided (input, m->code, TRUE, m->copies);
          break;
        case YC_CASE_MATERIAL_DEFECTIVE:
          yc_rules_input_set_defective (input, m->code, m->defect_reason != NULL ? m->defect_reason : "");
          break;
        case YC_CASE_MATERIAL_PLEDGED:
          yc_rules_input_set_pledged (input, m->code);
          break;
        case YC_CASE_MATERIAL_SHARED:
          yc_rules_input_set_shared (input, m->code);
          break;
        case YC_CASE_MATERIAL_TOLERATED:
        case YC_CASE_MATERIAL_MISSING:
        default:
          yc_rules_input_set_missing (input, m->code);
          break;
        }
    }
  return g_steal_pointer (&input);
}

static gboolean
case_tolerates (YcCase     *c,
                const char *code)
{
  for (guint i = 0; i < c->tolerated->len; i++)
    if (g_str_equal (((YcCaseTolerated *) g_ptr_array_index (c->tolerated, i))->material, code))
      return TRUE;
  return FALSE;
}

/* NULL when the rules allow the case's decision, else why not (translated). */
static char *
rules_refusal (YcCase        *c,
               YcRulesResult *result)
{
  g_autofree char *why = NULL;

  /* A refusal is always open to the clerk, with a reason the case machine requires. */
  if (c->decision == YC_DECISION_REFUSE)
    return NULL;

  if (!yc_rules_result_is_allowed (result, c->decision))
    {
      why = join_reasons (yc_rules_result_get_reasons (result, c->decision));
      return g_strdup_printf (_("“%s” is not allowed under catalog %s: %s"),
                              yc_decision_label (c->decision), c->catalog_version, why);
    }

  /* Accepted with tolerance, everything outstanding is tolerated: a missing material the
   * case does not list would be owed by nobody. */
  if (c->decision == YC_DECISION_ACCEPT_WITH_TOLERANCE)
    {
      GPtrArray *tolerated = yc_rules_result_get_tolerated (result);

      for (guint i = 0; i < tolerated->len; i++)
        {
          const YcDeferredMaterial *entry = g_ptr_array_index (tolerated, i);

          if (!case_tolerates (c, entry->material->material->code))
            return g_strdup_printf (_("“%s” is outstanding but not listed as tolerated; list it "
                                      "with its supplement date, or give a one-time notice"),
                                    entry->material->material->name);
        }
    }
  return NULL;
}

void
yc_push_accept_prepare (YcPushAccept       *accept,
                        YcBackoffice       *self,
                        const YcOperation  *op,
                        const YcActor      *actor,
                        gint64              now)
{
  JsonNode *node = json_object_get_member (op->payload, "catalog_version");
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *version = NULL;

  g_return_if_fail (accept != NULL);
  g_return_if_fail (op->kind == YC_OP_CASE_ACCEPT);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    version = json_node_get_string (node);
  if (version != NULL)
    {
      catalog = yc_backoffice_dup_catalog_version (self, version, &local_error);
      if (local_error != NULL)
        {
          accept->error = g_steal_pointer (&local_error);
          return;
        }
    }

  /* Without the catalog the machine still checks role, payload and scope, which come first. */
  accept->c = yc_case_machine_accept_full (op, actor, catalog, self->calendar, &accept->error);
  if (accept->c == NULL)
    return;
  if (catalog == NULL)
    {
      g_clear_pointer (&accept->c, yc_case_unref);
      accept->code = g_strdup ("unknown_catalog_version");
      accept->reason = g_strdup_printf (_("The back office has no catalog version “%s”, so the case "
                                          "cannot be checked; ask an administrator to import that "
                                          "version, or accept the case again under the current catalog"),
                                        version != NULL ? version : "");
      return;
    }

  input = rules_input_for_case (accept->c, catalog, FALSE, &local_error);
  if (input == NULL)
    {
      g_clear_pointer (&accept->c, yc_case_unref);
      accept->code = g_strdup ("invalid_payload");
      accept->reason = g_strdup (local_error->message);
      return;
    }
  result = yc_rules_evaluate (input, self->calendar);
  accept->reason = rules_refusal (accept->c, result);
  if (accept->reason != NULL)
    {
      g_clear_pointer (&accept->c, yc_case_unref);
      accept->code = g_strdup ("decision_not_allowed");
      return;
    }

  accept->catalog = g_steal_pointer (&catalog);
  accept->row = yc_push_storage_case_new (accept->c, now);
}

void
yc_push_accept_clear (YcPushAccept *accept)
{
  g_clear_pointer (&accept->c, yc_case_unref);
  g_clear_pointer (&accept->row, yc_storage_case_free);
  g_clear_object (&accept->catalog);
  g_clear_error (&accept->error);
  g_clear_pointer (&accept->code, g_free);
  g_clear_pointer (&accept->reason, g_free);
}

static char *
format_unix (gint64 at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at);

  return g_date_time_format_iso8601 (time);
}

/* Tolerance or pledges for an applicant flagged before @op was created: the rules run again
 * as they would for an applicant with a broken pledge. */
static gboolean
check_flagged (YcBackoffice        *self,
               const YcPushAccept  *accept,
               const YcOperation   *op,
               char               **out_code,
               char               **out_reason,
               GError             **error)
{
  YcCase *c = accept->c;
  const char *id_number = yc_case_get_applicant_id (c);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  g_autofree char *when = NULL;
  gboolean flagged = FALSE;
  gint64 flagged_at = 0;

  if (id_number == NULL || (c->tolerated->len == 0 && c->pledges->len == 0))
    return TRUE;
  if (!yc_backoffice_storage_applicant_flagged (self->storage, id_number, &flagged, &flagged_at, error))
    return FALSE;
  if (!flagged)
    return TRUE;
  /* The counter could not know a flag recorded after it accepted the case (offline). */
  created = g_date_time_new_from_iso8601 (op->created_at, NULL);
  if (created != NULL && g_date_time_to_unix (created) < flagged_at)
    return TRUE;

  input = rules_input_for_case (c, accept->catalog, TRUE, &local_error);
  if (input == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL, "%s", local_error->message);
      return FALSE;
    }
  result = yc_rules_evaluate (input, self->calendar);
  if (yc_rules_result_is_allowed (result, c->decision))
    return TRUE;

  why = join_reasons (yc_rules_result_get_reasons (result, c->decision));
  when = format_unix (flagged_at);
  *out_code = g_strdup ("applicant_flagged");
  *out_reason = g_strdup_printf (_("The applicant %s has been flagged for a broken pledge since %s, "
                                   "before this case was accepted: %s"),
                                 id_number, when, why);
  return TRUE;
}

gboolean
yc_push_accept_check_stored (YcBackoffice       *self,
                             const YcPushAccept *accept,
                             const YcOperation  *op,
                             char              **out_code,
                             char              **out_reason,
                             GError            **error)
{
  YcBackofficeStorage *storage = self->storage;
  const YcStorageCase *row = accept->row;
  gboolean taken = FALSE, enrolled = FALSE;

  g_return_val_if_fail (accept->c != NULL && row != NULL, FALSE);
  *out_code = NULL;
  *out_reason = NULL;

  if (!yc_backoffice_storage_case_number_taken (storage, row->number, &taken, error))
    return FALSE;
  if (taken)
    {
      *out_code = g_strdup ("duplicate_number");
      *out_reason = g_strdup_printf (_("The case number %s is already in use; "
                                       "accept the case again under a new number"),
                                     row->number);
      return TRUE;
    }
  if (row->window != NULL
      && !yc_backoffice_storage_window_enrolled (storage, row->hall, row->window, &enrolled, error))
    return FALSE;
  if (!enrolled)
    {
      *out_code = g_strdup ("window_not_enrolled");
      *out_reason = g_strdup_printf (_("Window %s of hall %s is not enrolled with the "
                                       "back office; ask an administrator to enroll it"),
                                     row->window != NULL ? row->window : "", row->hall);
      return TRUE;
    }
  return check_flagged (self, accept, op, out_code, out_reason, error);
}

guint64
yc_push_flag_applicant (YcBackoffice  *self,
                        YcCase        *c,
                        const char    *id_number,
                        const char    *reason,
                        gint64         now,
                        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flagged_at = NULL;
  static const char * const no_departments[] = { NULL };
  const char *kind = applicant_string (c->applicant, "kind");
  YcStorageChange change = { 0 };
  gboolean flagged = FALSE;
  gint64 first_at = now;

  if (!yc_backoffice_storage_applicant_flag (self->storage, id_number, c->uuid, reason, now, error)
      || !yc_backoffice_storage_applicant_flagged (self->storage, id_number, &flagged, &first_at, error))
    return 0;
  flagged_at = format_unix (flagged ? first_at : now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "applicant_kind");
  json_builder_add_string_value (builder, g_strcmp0 (kind, "enterprise") == 0 ? "enterprise" : "person");
  json_builder_set_member_name (builder, "id_number");
  json_builder_add_string_value (builder, id_number);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "flagged_at");
  json_builder_add_string_value (builder, flagged_at);
  json_builder_set_member_name (builder, "case_uuid");
  json_builder_add_string_value (builder, c->uuid);
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);
  text = json_to_string (payload, FALSE);

  /* Every counter and supervisor of every hall: a flag holds wherever the applicant goes. */
  change.kind = (char *) "applicant_flag";
  change.case_uuid = c->uuid;
  change.version = c->version;
  change.payload = text;
  change.hall = (char *) YC_STORAGE_EVERY_HALL;
  change.departments = (char **) no_departments;
  change.at = now;
  g_message ("Applicant %s flagged: broken pledge in case %s", id_number, c->uuid);
  return yc_backoffice_storage_change_append (self->storage, &change, error);
}
