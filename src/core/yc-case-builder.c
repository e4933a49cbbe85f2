/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-bundle-merge.h"
#include "yc-case-builder.h"
#include "yc-case-machine-private.h"

/*
 * The counter's case document.  The rules engine has decided what the clerk may do; this
 * turns that decision into the document the back office would make of it, so that the
 * counter shows, prints and stores exactly what the back office will keep.  The tests
 * check that yc_case_machine_accept_full() of yc_case_new_accept_operation() gives the same
 * document back, member for member.
 */

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_closed (YcDecision decision)
{
  return decision == YC_DECISION_ONE_TIME_NOTICE || decision == YC_DECISION_REFUSE;
}

static gboolean
check_decision (YcRulesResult  *result,
                YcDecision      decision,
                GError        **error)
{
  GPtrArray *reasons;
  g_autoptr(GString) why = g_string_new (NULL);

  if (decision >= YC_N_DECISIONS)
    return invalid (error, _("decision: unknown decision %d"), (int) decision);
  if (yc_rules_result_is_allowed (result, decision))
    return TRUE;

  reasons = yc_rules_result_get_reasons (result, decision);
  for (guint i = 0; i < reasons->len; i++)
    {
      if (i > 0)
        g_string_append (why, _("; "));
      g_string_append (why, g_ptr_array_index (reasons, i));
    }
  return invalid (error, _("decision: “%s” is not allowed here: %s"), yc_decision_label (decision),
                  why->str);
}

/* {"kind", "code", "name", "items": [{item, scenario, department}], "answers"?} */
static JsonObject *
build_subject (YcMergedList *subject,
               JsonObject   *answers)
{
  const YcBundle *bundle = yc_merged_list_get_bundle (subject);
  const YcItem *first = yc_merged_list_get_item (subject, 0);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "kind", bundle != NULL ? "bundle" : "item");
  yc_json_add_string (builder, "code", bundle != NULL ? bundle->code : first->code);
  yc_json_add_string (builder, "name", bundle != NULL ? bundle->name : first->name);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < yc_merged_list_get_n_parts (subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (subject, i);

      json_builder_begin_object (builder);
      yc_json_add_string (builder, "item", item->code);
      yc_json_add_string (builder, "scenario", yc_merged_list_get_scenario (subject, i)->code);
      yc_json_add_string (builder, "department", item->department);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (answers != NULL)
    yc_json_add_object (builder, "answers", answers);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
has_text (JsonObject *object,
          const char *member)
{
  const char *value = member_string (object, member);

  return !is_blank (value);
}

/* The applicant as given, checked against what the rules were told about them. */
static JsonObject *
build_applicant (YcRulesInput  *input,
                 JsonObject    *given,
                 GError       **error)
{
  const YcApplicant *applicant = yc_rules_input_get_applicant (input);
  const char *kind = yc_applicant_kind_to_string (applicant->kind);
  g_autoptr(JsonObject) copy = NULL;
  JsonNode *agent;

  if (given == NULL)
    {
      invalid (error, _("applicant: missing"));
      return NULL;
    }
  copy = yc_json_object_copy (given);

  if (!json_object_has_member (copy, "kind"))
    json_object_set_string_member (copy, "kind", kind);
  else if (g_strcmp0 (member_string (copy, "kind"), kind) != 0)
    {
      invalid (error, _("applicant.kind: the rules were evaluated for a %s applicant"), kind);
      return NULL;
    }
  if (!has_text (copy, "name"))
    {
      invalid (error, _("applicant.name: missing"));
      return NULL;
    }
  if (!has_text (copy, "id_number"))
    {
      invalid (error, _("applicant.id_number: missing"));
      return NULL;
    }

  agent = json_object_get_member (copy, "agent");
  if (agent == NULL || JSON_NODE_HOLDS_NULL (agent))
    json_object_set_boolean_member (copy, "agent", applicant->is_agent);
  else if (!JSON_NODE_HOLDS_VALUE (agent) || json_node_get_value_type (agent) != G_TYPE_BOOLEAN
           || json_node_get_boolean (agent) != applicant->is_agent)
    {
      if (applicant->is_agent)
        invalid (error, _("applicant.agent: the rules were evaluated for an applicant with an agent"));
      else
        invalid (error, _("applicant.agent: the rules were evaluated for an applicant without an agent"));
      return NULL;
    }
  /* The power of attorney names the agent; a case without them cannot be followed up. */
  if (applicant->is_agent && !has_text (copy, "agent_name"))
    {
      invalid (error, _("applicant.agent_name: missing for a represented applicant"));
      return NULL;
    }
  if (applicant->is_agent && !has_text (copy, "agent_id_number"))
    {
      invalid (error, _("applicant.agent_id_number: missing for a represented applicant"));
      return NULL;
    }
  return g_steal_pointer (&copy);
}

static const YcDeferredMaterial *
find_deferred (GPtrArray  *deferred,
               const char *code)
{
  for (guint i = 0; i < deferred->len; i++)
    {
      const YcDeferredMaterial *entry = g_ptr_array_index (deferred, i);

      if (g_str_equal (entry->material->material->code, code))
        return entry;
    }
  return NULL;
}

static const YcOutstanding *
find_outstanding (YcRulesResult *result,
                  const char    *code)
{
  GPtrArray *outstanding = yc_rules_result_get_outstanding (result);

  for (guint i = 0; i < outstanding->len; i++)
    {
      const YcOutstanding *entry = g_ptr_array_index (outstanding, i);

      if (g_str_equal (entry->material->material->code, code))
        return entry;
    }
  return NULL;
}

/*
 * The state the case records for one material.  Relief the rules granted (tolerance, a
 * pledge) only exists in an accepted case; a pledge or a shared source the rules did not
 * accept means the paper is still missing; a paper handed in that the rules found wanting
 * is defective, with what was wrong.
 */
static gboolean
material_state (YcRulesResult           *result,
                YcDecision               decision,
                const YcMergedMaterial  *merged,
                YcCaseMaterialState     *out_state,
                char                   **out_reason,
                GError                 **error)
{
  YcRulesInput *input = yc_rules_result_get_input (result);
  const char *code = merged->material->code;
  const YcOutstanding *outstanding = find_outstanding (result, code);
  const char *reason = NULL;
  YcMaterialState state = yc_rules_input_get_state (input, code, NULL, NULL, &reason);
  gboolean closed = is_closed (decision);

  *out_reason = NULL;
  if (!closed && decision == YC_DECISION_ACCEPT_WITH_TOLERANCE
      && find_deferred (yc_rules_result_get_tolerated (result), code) != NULL)
    {
      *out_state = YC_CASE_MATERIAL_TOLERATED;
      return TRUE;
    }
  if (!closed && find_deferred (yc_rules_result_get_pledges (result), code) != NULL)
    {
      *out_state = YC_CASE_MATERIAL_PLEDGED;
      return TRUE;
    }

  switch (state)
    {
    case YC_MATERIAL_STATE_PROVIDED:
      if (outstanding != NULL && merged->required)
        {
          *out_state = YC_CASE_MATERIAL_DEFECTIVE;
          *out_reason = g_strdup (outstanding->message);
        }
      else
        *out_state = YC_CASE_MATERIAL_PROVIDED;
      return TRUE;
    case YC_MATERIAL_STATE_SHARED:
      *out_state = merged->shared_source != NULL ? YC_CASE_MATERIAL_SHARED : YC_CASE_MATERIAL_MISSING;
      return TRUE;
    case YC_MATERIAL_STATE_DEFECTIVE:
      if (is_blank (reason))
        return invalid (error, _("materials.%s: say what is wrong with “%s”"), code,
                        merged->material->name);
      *out_state = YC_CASE_MATERIAL_DEFECTIVE;
      *out_reason = g_strdup (reason);
      return TRUE;
    case YC_MATERIAL_STATE_PLEDGED:
    case YC_MATERIAL_STATE_MISSING:
    default:
      *out_state = YC_CASE_MATERIAL_MISSING;
      return TRUE;
    }
}

static const YcCaseScan *
find_scan (const YcCaseIntake *intake,
           const char         *code)
{
  for (guint i = 0; i < intake->n_scans; i++)
    if (g_strcmp0 (intake->scans[i].material, code) == 0)
      return &intake->scans[i];
  return NULL;
}

static gboolean
check_scans (YcRulesResult       *result,
             const YcCaseIntake  *intake,
             GError             **error)
{
  GPtrArray *materials = yc_rules_result_get_materials (result);

  for (guint i = 0; i < intake->n_scans; i++)
    {
      const YcCaseScan *scan = &intake->scans[i];
      gboolean known = FALSE;

      for (guint j = 0; !known && j < materials->len; j++)
        known = g_strcmp0 (((const YcMergedMaterial *) g_ptr_array_index (materials, j))->material->code,
                           scan->material) == 0;
      if (!known)
        return invalid (error, _("scans[%u].material: “%s” is not a material of this application"),
                        i, scan->material != NULL ? scan->material : "");
      if (find_scan (intake, scan->material) != scan)
        return invalid (error, _("scans[%u].material: “%s” is scanned twice"), i, scan->material);
      if (scan->blob_sha256 != NULL && !yc_json_is_sha256 (scan->blob_sha256))
        return invalid (error, _("scans[%u].blob_sha256: not a SHA-256 digest"), i);
    }
  return TRUE;
}

static gboolean
add_materials (YcCase              *c,
               YcRulesResult       *result,
               YcDecision           decision,
               const YcCaseIntake  *intake,
               GError             **error)
{
  YcRulesInput *input = yc_rules_result_get_input (result);
  GPtrArray *materials = yc_rules_result_get_materials (result);

  for (guint i = 0; i < materials->len; i++)
    {
      const YcMergedMaterial *merged = g_ptr_array_index (materials, i);
      const YcCaseScan *scan = find_scan (intake, merged->material->code);
      YcCaseMaterialVersion *material;
      YcCaseMaterialState state = YC_CASE_MATERIAL_MISSING;
      g_autofree char *reason = NULL;
      guint copies = 0;

      if (!material_state (result, decision, merged, &state, &reason, error))
        return FALSE;
      if (yc_rules_input_get_state (input, merged->material->code, NULL, &copies, NULL)
          != YC_MATERIAL_STATE_PROVIDED)
        copies = 0;

      material = g_new0 (YcCaseMaterialVersion, 1);
      material->code = g_strdup (merged->material->code);
      material->name = g_strdup (merged->material->name);
      material->state = state;
      material->copies = MIN (copies, 1000);
      material->defect_reason = g_steal_pointer (&reason);
      material->version = 1;
      material->added_at = g_strdup (c->accepted_at);
      /* Only a paper the case holds as provided is on file; the scan of one the rules found
       * wanting stays in the blob store and is not part of the case. */
      if (scan != NULL && state == YC_CASE_MATERIAL_PROVIDED)
        {
          material->blob_sha256 = g_strdup (scan->blob_sha256);
          material->pages = MIN (scan->pages, 100000);
        }
      g_ptr_array_add (c->materials, material);
    }
  return TRUE;
}

static void
add_deferred (YcCase        *c,
              YcRulesResult *result,
              YcDecision     decision)
{
  GPtrArray *tolerated = yc_rules_result_get_tolerated (result);
  GPtrArray *pledges = yc_rules_result_get_pledges (result);

  if (decision == YC_DECISION_ACCEPT_WITH_TOLERANCE)
    for (guint i = 0; i < tolerated->len; i++)
      {
        const YcDeferredMaterial *entry = g_ptr_array_index (tolerated, i);
        YcCaseTolerated *t = g_new0 (YcCaseTolerated, 1);

        t->material = g_strdup (entry->material->material->code);
        t->due = entry->due;
        g_date_clear (&t->received_on, 1);
        g_ptr_array_add (c->tolerated, t);
      }
  if (decision == YC_DECISION_ACCEPT_WITH_TOLERANCE || decision == YC_DECISION_ACCEPT_ON_PLEDGE)
    for (guint i = 0; i < pledges->len; i++)
      {
        const YcDeferredMaterial *entry = g_ptr_array_index (pledges, i);
        YcCasePledge *p = g_new0 (YcCasePledge, 1);

        p->material = g_strdup (entry->material->material->code);
        p->due = entry->due;
        p->status = YC_PLEDGE_DUE;
        g_date_clear (&p->verified_on, 1);
        g_ptr_array_add (c->pledges, p);
      }
}

/* One part per implementing department, in the order the subject first names them: the
 * same split as the back office's acceptance. */
static void
add_parts (YcCase *c)
{
  JsonArray *items = json_object_get_array_member (c->subject, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *department = json_object_get_string_member (item, "department");
      YcCasePart *part = yc_case_lookup_part (c, department);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (part == NULL)
        {
          part = yc_case_part_new (department);
          g_ptr_array_add (c->parts, part);
        }
      if (part->items != NULL)
        g_strv_builder_addv (builder, (const char **) part->items);
      g_strv_builder_add (builder, json_object_get_string_member (item, "item"));
      g_strfreev (part->items);
      part->items = g_strv_builder_end (builder);
    }
}

/*
 * The notice of a case closed at the counter, kept verbatim by the back office:
 * {"kind": "one_time_notice", "outstanding": [as yc_rules_result_to_json()], "text"} or
 * {"kind": "refuse", "reason": "out_of_remit"|"not_eligible"|null, "text"}.
 */
static JsonObject *
build_notice (YcRulesResult       *result,
              YcDecision           decision,
              const YcCaseIntake  *intake,
              GError             **error)
{
  YcRulesInput *input = yc_rules_result_get_input (result);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *rules_text = NULL;
  YcRefusal refusal = yc_rules_input_get_refusal (input, &rules_text);
  const char *text = intake->notice_text;

  if (is_blank (text))
    text = NULL;

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "kind", yc_decision_to_string (decision));
  if (decision == YC_DECISION_REFUSE)
    {
      if (text == NULL)
        text = rules_text;
      if (refusal == YC_REFUSAL_NONE && is_blank (text))
        {
          invalid (error, _("notice.text: a refusal needs its reason"));
          return NULL;
        }
      yc_json_add_string (builder, "reason",
                          refusal != YC_REFUSAL_NONE ? yc_refusal_to_string (refusal) : NULL);
      yc_json_add_string (builder, "text", text != NULL ? text : yc_refusal_label (refusal));
    }
  else
    {
      g_autoptr(JsonNode) decided = yc_rules_result_to_json (result);
      JsonNode *outstanding = json_object_get_member (json_node_get_object (decided), "outstanding");

      json_builder_set_member_name (builder, "outstanding");
      json_builder_add_value (builder, json_node_copy (outstanding));
      yc_json_add_string (builder, "text", text);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static gboolean
check_intake (YcRulesResult       *result,
              const YcCaseIntake  *intake,
              GDateTime           *accepted_at,
              GDate               *out_day,
              GError             **error)
{
  const GDate *evaluated = yc_rules_input_get_acceptance_date (yc_rules_result_get_input (result));
  int year, month, day;

  if (intake->uuid != NULL && !g_uuid_string_is_valid (intake->uuid))
    return invalid (error, _("uuid: “%s” is not a UUID"), intake->uuid);
  if (intake->hall == NULL || *intake->hall == '\0')
    return invalid (error, _("hall: missing; enrol the window first"));
  if (intake->window == NULL || *intake->window == '\0')
    return invalid (error, _("window: missing; enrol the window first"));
  if (intake->clerk == NULL || *intake->clerk == '\0')
    return invalid (error, _("clerk: missing; sign in first"));
  if (intake->n_scans > 0 && intake->scans == NULL)
    return invalid (error, _("scans: missing"));

  /* The number and every deadline count from the clerk's own day of acceptance. */
  g_date_time_get_ymd (accepted_at, &year, &month, &day);
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (!g_date_valid (evaluated) || g_date_compare (evaluated, out_day) != 0)
    {
      g_autofree char *evaluated_text = yc_date_format_iso (evaluated);
      g_autofree char *day_text = yc_date_format_iso (out_day);

      return invalid (error, _("accepted_at: the rules were evaluated for %s, not for %s; "
                               "evaluate them again"),
                      evaluated_text != NULL ? evaluated_text : "?", day_text);
    }
  return TRUE;
}

/**
 * yc_case_build_accepted:
 * @result: the rules engine's evaluation of the application, as the clerk saw it
 * @decision: what the clerk confirmed; it must be allowed by @result
 * @intake: what the rules do not know
 * @calendar: the working-day calendar (the committed deadline)
 *
 * Builds the case document for @decision: version 1, state accepted (split into one part
 * per department) or closed_at_counter (one-time notice, refusal), the materials with
 * their states, the tolerated materials with their supplement dates and the pledges with
 * their verification dates from @result, the committed limit and its deadline, and the
 * history entry of the acceptance.  The number is @intake's, or left unset for the store.
 *
 * Returns: (transfer full): the case, or %NULL with %YC_CASE_ERROR_INVALID
 */
YcCase *
yc_case_build_accepted (YcRulesResult       *result,
                        YcDecision           decision,
                        const YcCaseIntake  *intake,
                        YcCalendar          *calendar,
                        GError             **error)
{
  YcRulesInput *input;
  YcMergedList *subject;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(GDateTime) accepted_at = NULL;
  GDate day;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (intake != NULL, NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = yc_rules_result_get_input (result);
  subject = yc_rules_input_get_subject (input);
  accepted_at = intake->accepted_at != NULL ? g_date_time_ref (intake->accepted_at)
                                            : g_date_time_new_now_local ();

  if (!check_decision (result, decision, error)
      || !check_intake (result, intake, accepted_at, &day, error)
      || !check_scans (result, intake, error))
    return NULL;

  c = yc_case_new_empty ();
  c->uuid = intake->uuid != NULL ? g_strdup (intake->uuid) : g_uuid_string_random ();
  c->number = g_strdup (intake->number);
  c->version = 1;
  c->hall = g_strdup (intake->hall);
  c->window = g_strdup (intake->window);
  c->clerk = g_strdup (intake->clerk);
  c->catalog_version = g_strdup (intake->catalog_version != NULL
                                 ? intake->catalog_version
                                 : yc_catalog_get_version (yc_merged_list_get_catalog (subject)));
  c->subject = build_subject (subject, intake->answers);
  c->subject_kind = g_strdup (json_object_get_string_member (c->subject, "kind"));
  c->subject_code = g_strdup (json_object_get_string_member (c->subject, "code"));
  c->subject_name = g_strdup (json_object_get_string_member (c->subject, "name"));
  c->applicant = build_applicant (input, intake->applicant, error);
  if (c->applicant == NULL)
    return NULL;
  c->decision = decision;
  /* Whole seconds with the clerk's offset: what the receipt prints and the number's day. */
  c->accepted_at = g_date_time_format (accepted_at, "%Y-%m-%dT%H:%M:%S%:z");
  c->accepted_on = day;

  if (!add_materials (c, result, decision, intake, error))
    return NULL;
  add_deferred (c, result, decision);

  if (is_closed (decision))
    {
      c->notice = build_notice (result, decision, intake, error);
      if (c->notice == NULL)
        return NULL;
      c->state = YC_CASE_STATE_CLOSED_AT_COUNTER;
      c->committed_days = -1;
      c->stopped_on = day;
    }
  else
    {
      c->state = YC_CASE_STATE_ACCEPTED;
      c->committed_days = yc_merged_list_get_figures (subject)->bundle_committed_days;
      add_parts (c);
      yc_case_machine_update_deadline (c, calendar);
    }
  yc_case_add_history (c, c->accepted_at, c->clerk, "case.accept", yc_decision_to_string (decision));

  return g_steal_pointer (&c);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

/**
 * yc_case_dup_accept_payload:
 *
 * Returns: (transfer full): the case.accept payload of @self
 */
JsonObject *
yc_case_dup_accept_payload (YcCase *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean closed;

  g_return_val_if_fail (self != NULL, NULL);

  closed = self->state == YC_CASE_STATE_CLOSED_AT_COUNTER;

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "uuid", self->uuid);
  yc_json_add_string (builder, "number", self->number);
  yc_json_add_string (builder, "hall", self->hall);
  yc_json_add_string (builder, "window", self->window);
  yc_json_add_string (builder, "clerk", self->clerk);
  yc_json_add_string (builder, "catalog_version", self->catalog_version);
  yc_json_add_object (builder, "subject", self->subject);
  yc_json_add_object (builder, "applicant", self->applicant);
  yc_json_add_string (builder, "decision", yc_decision_to_string (self->decision));
  yc_json_add_string (builder, "accepted_at", self->accepted_at);
  yc_json_add_date (builder, "accepted_on", &self->accepted_on);
  json_builder_set_member_name (builder, "committed_days");
  if (self->committed_days >= 0)
    json_builder_add_int_value (builder, self->committed_days);
  else
    json_builder_add_null_value (builder);
  yc_json_add_date (builder, "deadline", &self->deadline);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (self->materials, i);

      /* Later versions are supplements, operations of their own. */
      if (material->version != 1)
        continue;
      json_builder_begin_object (builder);
      yc_json_add_string (builder, "code", material->code);
      yc_json_add_string (builder, "name", material->name);
      yc_json_add_string (builder, "state", yc_case_material_state_to_string (material->state));
      add_int (builder, "copies", material->copies);
      add_int (builder, "pages", material->pages);
      yc_json_add_string (builder, "blob_sha256", material->blob_sha256);
      yc_json_add_string (builder, "defect_reason", material->defect_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tolerated");
  json_builder_begin_array (builder);
  for (guint i = 0; !closed && i < self->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (self->tolerated, i);

      json_builder_begin_object (builder);
      yc_json_add_string (builder, "material", tolerated->material);
      yc_json_add_date (builder, "due", &tolerated->due);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pledges");
  json_builder_begin_array (builder);
  for (guint i = 0; !closed && i < self->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (self->pledges, i);

      json_builder_begin_object (builder);
      yc_json_add_string (builder, "material", pledge->material);
      yc_json_add_date (builder, "due", &pledge->due);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  yc_json_add_object (builder, "notice", self->notice);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

/**
 * yc_case_new_accept_operation:
 *
 * Returns: (transfer full): the case.accept operation of @self, with a new op id
 */
YcOperation *
yc_case_new_accept_operation (YcCase *self)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *op_id = g_uuid_string_random ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->uuid != NULL, NULL);

  payload = yc_case_dup_accept_payload (self);
  return yc_operation_new (op_id, self->uuid, 0, YC_OP_CASE_ACCEPT, payload, self->accepted_at);
}
