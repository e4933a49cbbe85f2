/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-machine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-machine-private.h"

/*
 * One handler per operation kind.  Each reads its payload strictly, then checks scope, then
 * state, in the order yc-case-machine.h promises, and only then changes the case: nothing
 * below a "Change the case" comment may fail.
 */

static const char * const supplement_members[] = { "materials", "note", NULL };
static const char * const withdraw_members[] = { "reason", NULL };
static const char * const issue_members[] = { "signature_confirmed", "recipient", NULL };
static const char * const part_members[] = { "department", NULL };
static const char * const approve_members[] = { "department", "comment", NULL };
static const char * const return_members[] = { "department", "materials", "message", "new_demand", NULL };
static const char * const reject_members[] = { "department", "reason", NULL };
static const char * const pledge_members[] = { "material", "result", "note", NULL };
static const char * const urge_members[] = { "message", "department", NULL };
static const char * const ack_members[] = { "urge_id", NULL };
static const char * const rating_members[] = { "level", "comment", NULL };

static void
history (YcTransition *t,
         const char   *detail)
{
  yc_case_add_history (t->c, t->op->created_at, t->actor->username,
                       yc_op_kind_to_string (t->op->kind), detail);
}

/* The payload's "department" and the case's part of it. */
static gboolean
read_part (YcTransition        *t,
           const char * const  *members,
           YcCasePart         **out_part,
           GError             **error)
{
  MACHINE_READER (r);
  const char *department;

  if (!yc_json_check_members (r, t->op->payload, members, "payload", error)
      || !yc_json_get_string (r, t->op->payload, "department", "payload", YC_JSON_REQUIRED,
                              &department, error))
    return FALSE;
  *out_part = yc_case_lookup_part (t->c, department);
  if (*out_part == NULL)
    return yc_json_fail (r, error, "payload.department", _("case %s has no part of department “%s”"),
                         t->c->number, department);
  return TRUE;
}

/* Materials a supplement may bring: tolerated and not yet received, or named by a return and
 * not yet brought. */
static gboolean
is_owed_by_notice (YcCase     *c,
                   const char *code)
{
  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      for (guint j = 0; j < part->notices->len; j++)
        if (g_strv_contains ((const char * const *) ((YcCaseNotice *) g_ptr_array_index (part->notices, j))->unmet, code))
          return TRUE;
    }
  return FALSE;
}

static GStrv
strv_without (GStrv       strv,
              const char *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    if (!g_str_equal (strv[i], value))
      g_strv_builder_add (builder, strv[i]);
  g_strfreev (strv);
  return g_strv_builder_end (builder);
}

/* The counter's day of the operation: the local day of created_at in its own zone.  The
 * supplement may have been received offline and synced days later; what counts is when the
 * applicant brought it.  A counter clock ahead of the server by more than the day's slack of
 * case.accept cannot help: the day is then the server's. */
static void
counter_day (YcTransition *t,
             GDate        *out_day)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (t->op->created_at, NULL);
  GDate latest = *t->today;
  int year, month, day;

  *out_day = *t->today;
  if (instant == NULL)
    return;
  g_date_time_get_ymd (instant, &year, &month, &day);
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_date_add_days (&latest, 1);
  if (g_date_compare (out_day, &latest) > 0)
    *out_day = *t->today;
}

/* On time: received on or before the due date, with case.accept's day of slack for a counter
 * clock set to another zone. */
static gboolean
supplement_on_time (const YcCaseTolerated *tolerated,
                    const GDate           *day)
{
  return g_date_days_between (&tolerated->due, day) <= 1;
}

/* A case terminated by expiry that an on-time supplement reopens: the clock runs again unless
 * every part was decided before the termination, and a pause the termination closed is open
 * again while a part is still returned.  Held parts stay released. */
static void
reopen_terminated (YcCase *c)
{
  gboolean all_approved = c->parts->len > 0, returned = FALSE;

  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      all_approved &= part->state == YC_CASE_STATE_APPROVED;
      returned |= part->state == YC_CASE_STATE_RETURNED;
    }
  if (!all_approved)
    {
      if (returned && c->pauses->len > 0)
        g_date_clear (&g_array_index (c->pauses, YcPause, c->pauses->len - 1).last, 1);
      g_date_clear (&c->stopped_on, 1);
    }
  /* Any non-final state: settle derives the real one from the parts. */
  c->state = YC_CASE_STATE_ACCEPTED;
}

static gboolean
supplement (YcTransition  *t,
            GError       **error)
{
  MACHINE_READER (r);
  g_autoptr(GPtrArray) materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_version_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) detail = g_string_new (NULL);
  YcCase *c = t->c;
  const char *note;
  JsonArray *array;
  gboolean reopen = FALSE;
  GDate day;

  if (!yc_json_check_members (r, t->op->payload, supplement_members, "payload", error)
      || !yc_json_get_array (r, t->op->payload, "materials", "payload", YC_JSON_REQUIRED, &array,
                             error)
      || !yc_json_get_text (r, t->op->payload, "note", "payload", YC_JSON_NULLABLE, &note, error))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return yc_json_fail (r, error, "payload.materials", _("a supplement brings at least one material"));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("payload.materials[%u]", i);
      g_autofree char *code_path = yc_json_path (path, "code");
      g_autofree char *state_path = yc_json_path (path, "state");
      YcCaseMaterialVersion *material;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (r, error, path, _("must be an object"));
      material = yc_case_read_material (r, json_node_get_object (node), path, FALSE, error);
      if (material == NULL)
        return FALSE;
      g_ptr_array_add (materials, material);
      if (material->state != YC_CASE_MATERIAL_PROVIDED && material->state != YC_CASE_MATERIAL_SHARED)
        return yc_json_fail (r, error, state_path, _("a supplement brings provided or shared materials"));
      if (!g_hash_table_add (seen, material->code))
        return yc_json_fail (r, error, code_path, _("“%s” is listed twice"), material->code);
    }

  counter_day (t, &day);
  if (!yc_case_machine_check_hall (c, t->actor, error))
    return FALSE;
  if (c->state == YC_CASE_STATE_TERMINATED)
    {
      /* Only expiry terminates; a tolerated material brought on time but synced after the
       * grace period undoes it: nothing accepted offline may be lost. */
      for (guint i = 0; i < materials->len; i++)
        {
          YcCaseTolerated *tolerated = yc_case_lookup_tolerated (c, ((YcCaseMaterialVersion *) g_ptr_array_index (materials, i))->code);

          reopen |= tolerated != NULL && !tolerated->received && supplement_on_time (tolerated, &day);
        }
    }
  if (!reopen && !yc_case_machine_check_case_state (c, t->op->kind, error))
    return FALSE;
  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (materials, i);
      YcCaseTolerated *tolerated = yc_case_lookup_tolerated (c, material->code);

      /* What the case owes is part of the payload's meaning: a material nobody asked for is
       * a mistake at the counter, not a state the case is in. */
      if (!is_owed_by_notice (c, material->code) && (tolerated == NULL || tolerated->received))
        {
          g_autofree char *code_path = g_strdup_printf ("payload.materials[%u].code", i);

          return yc_json_fail (r, error, code_path,
                               _("case %s does not owe “%s”: it is neither tolerated nor asked for by a return"),
                               c->number, material->code);
        }
      if (tolerated != NULL && !tolerated->received && !is_owed_by_notice (c, material->code)
          && !supplement_on_time (tolerated, &day))
        {
          g_autofree char *due = yc_date_format_iso (&tolerated->due);

          return yc_case_machine_illegal (error, _("The supplement of “%s” for case %s was due on %s"),
                                          material->code, c->number, due);
        }
    }
  if (reopen)
    for (guint i = 0; i < c->tolerated->len; i++)
      {
        YcCaseTolerated *tolerated = g_ptr_array_index (c->tolerated, i);
        gboolean brought = FALSE;

        for (guint m = 0; m < materials->len; m++)
          brought |= g_str_equal (((YcCaseMaterialVersion *) g_ptr_array_index (materials, m))->code,
                                  tolerated->material);
        /* Reopening a case that the next expiry run would terminate again helps nobody. */
        if (!tolerated->received && !brought && yc_case_tolerance_expired (tolerated, t->today))
          {
            g_autofree char *due = yc_date_format_iso (&tolerated->due);

            return yc_case_machine_illegal (error, _("Case %s stays terminated: “%s” was due on %s and has not been brought"),
                                            c->number, tolerated->material, due);
          }
      }

  /* Change the case */
  if (reopen)
    reopen_terminated (c);
  for (guint i = 0; i < materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (materials, i);
      YcCaseTolerated *tolerated = yc_case_lookup_tolerated (c, material->code);

      material->version = yc_case_material_version_of (c, material->code) + 1;
      material->added_at = g_strdup (t->op->created_at);
      if (tolerated != NULL && !tolerated->received)
        {
          tolerated->received = TRUE;
          /* The day the applicant brought it, never later than the server's today. */
          tolerated->received_on = g_date_compare (&day, t->today) < 0 ? day : *t->today;
        }
      for (guint p = 0; p < c->parts->len; p++)
        {
          YcCasePart *part = g_ptr_array_index (c->parts, p);
          gboolean answered = FALSE;

          for (guint n = 0; n < part->notices->len; n++)
            {
              YcCaseNotice *notice = g_ptr_array_index (part->notices, n);

              if (g_strv_contains ((const char * const *) notice->unmet, material->code))
                {
                  notice->unmet = strv_without (notice->unmet, material->code);
                  answered = TRUE;
                }
            }
          if (answered && part->state == YC_CASE_STATE_RETURNED)
            part->state = YC_CASE_STATE_SUPPLEMENTED;
        }
      g_string_append_printf (detail, "%s%s v%u", detail->len > 0 ? ", " : "", material->code,
                              material->version);
    }
  /* The versions move to the case: the list is append-only, a supplement never overwrites. */
  g_ptr_array_set_free_func (materials, NULL);
  g_ptr_array_extend_and_steal (c->materials, g_steal_pointer (&materials));
  if (reopen)
    g_string_append (detail, "; reopened after expiry");
  yc_case_machine_settle (c, t->today, t->calendar);
  history (t, detail->str);
  return TRUE;
}

static gboolean
withdraw (YcTransition  *t,
          GError       **error)
{
  MACHINE_READER (r);
  const char *reason;

  if (!yc_json_check_members (r, t->op->payload, withdraw_members, "payload", error)
      || !yc_json_get_text (r, t->op->payload, "reason", "payload", YC_JSON_NULLABLE, &reason, error)
      || !yc_case_machine_check_hall (t->c, t->actor, error)
      || !yc_case_machine_check_case_state (t->c, t->op->kind, error))
    return FALSE;

  /* Change the case */
  t->c->state = YC_CASE_STATE_WITHDRAWN;
  yc_case_machine_release_all (t->c);
  yc_case_machine_stop_clock (t->c, t->today, t->calendar);
  history (t, reason);
  return TRUE;
}

static gboolean
issue (YcTransition  *t,
       GError       **error)
{
  MACHINE_READER (r);
  gboolean confirmed = FALSE;
  const char *recipient;

  if (!yc_json_check_members (r, t->op->payload, issue_members, "payload", error)
      || !yc_json_get_bool (r, t->op->payload, "signature_confirmed", "payload", YC_JSON_REQUIRED,
                            &confirmed, error)
      || !yc_json_get_string (r, t->op->payload, "recipient", "payload", YC_JSON_NULLABLE,
                              &recipient, error))
    return FALSE;
  if (!confirmed)
    return yc_json_fail (r, error, "payload.signature_confirmed",
                         _("the result is handed over only against the applicant’s signature"));
  if (!yc_case_machine_check_hall (t->c, t->actor, error)
      || !yc_case_machine_check_case_state (t->c, t->op->kind, error))
    return FALSE;

  /* Change the case */
  t->c->state = YC_CASE_STATE_ISSUED;
  history (t, recipient);
  return TRUE;
}

/* claim, release, approve, reject: the part-level transitions without a notice. */
static gboolean
part_decision (YcTransition  *t,
               GError       **error)
{
  MACHINE_READER (r);
  const char * const *members = t->op->kind == YC_OP_REVIEW_APPROVE ? approve_members
                                : t->op->kind == YC_OP_REVIEW_REJECT ? reject_members
                                : part_members;
  const char *text = NULL;
  YcCasePart *part;
  YcCase *c = t->c;

  if (!read_part (t, members, &part, error))
    return FALSE;
  if (t->op->kind == YC_OP_REVIEW_APPROVE
      && !yc_json_get_text (r, t->op->payload, "comment", "payload", YC_JSON_NULLABLE, &text, error))
    return FALSE;
  if (t->op->kind == YC_OP_REVIEW_REJECT
      && !yc_json_get_string (r, t->op->payload, "reason", "payload", YC_JSON_REQUIRED, &text, error))
    return FALSE;
  if (t->actor->role == YC_ROLE_REVIEWER
      && !yc_case_machine_check_department (c, t->actor, part->department, error))
    return FALSE;
  if (t->actor->role != YC_ROLE_REVIEWER && !yc_case_actor_in_scope (c, t->actor))
    return yc_case_machine_forbidden (error, _("%s supervises hall “%s”, not hall “%s” (case %s)"),
                                      t->actor->username, t->actor->hall != NULL ? t->actor->hall : "",
                                      c->hall, c->number);
  if (!yc_case_machine_check_case_state (c, t->op->kind, error)
      || !yc_case_machine_check_part (c, part, t->op->kind, t->actor, error))
    return FALSE;

  /* Change the case */
  switch (t->op->kind)
    {
    case YC_OP_REVIEW_CLAIM:
      part->state = YC_CASE_STATE_IN_REVIEW;
      part->claimed_by = g_strdup (t->actor->username);
      break;
    case YC_OP_REVIEW_RELEASE:
      /* Back to where it waited: a returned part that came back is still "supplemented". */
      part->state = part->notices->len > 0 ? YC_CASE_STATE_SUPPLEMENTED : YC_CASE_STATE_ACCEPTED;
      g_clear_pointer (&part->claimed_by, g_free);
      break;
    case YC_OP_REVIEW_APPROVE:
      part->state = YC_CASE_STATE_APPROVED;
      g_clear_pointer (&part->claimed_by, g_free);
      part->decided_by = g_strdup (t->actor->username);
      part->decided_on = *t->today;
      break;
    case YC_OP_REVIEW_REJECT:
      part->state = YC_CASE_STATE_REJECTED;
      part->decided_by = g_strdup (t->actor->username);
      part->decided_on = *t->today;
      part->reason = g_strdup (text);
      g_clear_pointer (&part->claimed_by, g_free);
      /* The case is over: the other departments stop reviewing it. */
      yc_case_machine_release_all (c);
      break;
    default:
      g_assert_not_reached ();
    }
  yc_case_machine_settle (c, t->today, t->calendar);
  {
    g_autofree char *detail = text != NULL ? g_strdup_printf ("%s: %s", part->department, text)
                                           : g_strdup (part->department);
    history (t, detail);
  }
  return TRUE;
}

/*
 * 一次性告知: the first return of a part may name anything; a later one only what an earlier
 * notice of that part named and is still unmet.  Anything else is refused, unless the
 * reviewer says it is a new demand — then it goes through and supervision is told.
 */
static gboolean
return_for_supplement (YcTransition  *t,
                       GError       **error)
{
  MACHINE_READER (r);
  g_auto(GStrv) materials = NULL;
  g_autoptr(GStrvBuilder) fresh = g_strv_builder_new ();
  g_auto(GStrv) new_materials = NULL;
  g_autofree char *detail = NULL;
  gboolean new_demand = FALSE;
  const char *message;
  YcCaseNotice *notice;
  YcCasePart *part;
  YcCase *c = t->c;

  if (!read_part (t, return_members, &part, error)
      || !yc_json_get_strv (r, t->op->payload, "materials", "payload", YC_JSON_REQUIRED, &materials,
                            error)
      || !yc_json_get_string (r, t->op->payload, "message", "payload", YC_JSON_REQUIRED, &message,
                              error)
      || !yc_json_get_bool (r, t->op->payload, "new_demand", "payload", YC_JSON_OPTIONAL,
                            &new_demand, error))
    return FALSE;
  if (materials[0] == NULL)
    return yc_json_fail (r, error, "payload.materials", _("a return names at least one material"));
  if (!yc_case_machine_check_department (c, t->actor, part->department, error)
      || !yc_case_machine_check_case_state (c, t->op->kind, error)
      || !yc_case_machine_check_part (c, part, t->op->kind, t->actor, error))
    return FALSE;

  if (part->notices->len > 0)
    for (guint i = 0; materials[i] != NULL; i++)
      {
        gboolean notified = FALSE;

        for (guint n = 0; n < part->notices->len && !notified; n++)
          notified = g_strv_contains ((const char * const *) ((YcCaseNotice *) g_ptr_array_index (part->notices, n))->unmet,
                                      materials[i]);
        if (!notified)
          g_strv_builder_add (fresh, materials[i]);
      }
  new_materials = g_strv_builder_end (fresh);
  if (new_materials[0] != NULL && !new_demand)
    {
      g_autofree char *list = g_strjoinv (", ", new_materials);

      g_set_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_NOT_NOTIFIED,
                   _("Case %s: no earlier notice of “%s” named %s, or it has been supplemented "
                     "since; a return may only ask again for what is still missing. If this is "
                     "truly a new demand, mark it as such: supervision will be told."),
                   c->number, part->department, list);
      return FALSE;
    }

  /* Change the case */
  notice = g_new0 (YcCaseNotice, 1);
  notice->id = g_strdup (t->op->op_id);
  notice->at = g_strdup (t->op->created_at);
  notice->on = *t->today;
  notice->by = g_strdup (t->actor->username);
  notice->materials = g_strdupv (materials);
  notice->message = g_strdup (message);
  notice->new_demand = new_materials[0] != NULL;
  notice->new_materials = g_strdupv (new_materials);
  notice->unmet = g_strdupv (materials);
  g_ptr_array_add (part->notices, notice);
  part->state = YC_CASE_STATE_RETURNED;
  g_clear_pointer (&part->claimed_by, g_free);
  yc_case_machine_open_pause (c, t->today);
  yc_case_machine_settle (c, t->today, t->calendar);

  if (notice->new_demand)
    {
      t->effects->new_demand = TRUE;
      t->effects->new_demand_materials = g_strdupv (new_materials);
    }
  {
    g_autofree char *list = g_strjoinv (", ", materials);

    detail = g_strdup_printf ("%s: %s%s", part->department, list,
                              notice->new_demand ? " (new demand)" : "");
  }
  history (t, detail);
  return TRUE;
}

static gboolean
verify_pledge (YcTransition  *t,
               GError       **error)
{
  MACHINE_READER (r);
  const char *material, *result, *note;
  YcPledgeStatus status;
  YcCasePledge *pledge;
  YcCase *c = t->c;

  if (!yc_json_check_members (r, t->op->payload, pledge_members, "payload", error)
      || !yc_json_get_string (r, t->op->payload, "material", "payload", YC_JSON_REQUIRED, &material,
                              error)
      || !yc_json_get_string (r, t->op->payload, "result", "payload", YC_JSON_REQUIRED, &result,
                              error)
      || !yc_json_get_text (r, t->op->payload, "note", "payload", YC_JSON_NULLABLE, &note, error))
    return FALSE;
  if (!yc_pledge_status_from_string (result, &status) || status == YC_PLEDGE_DUE)
    return yc_json_fail (r, error, "payload.result", _("must be “verified” or “broken”, not “%s”"),
                         result);
  pledge = yc_case_lookup_pledge (c, material);
  if (pledge == NULL)
    return yc_json_fail (r, error, "payload.material", _("case %s has no pledge for “%s”"),
                         c->number, material);
  if (!yc_case_actor_in_scope (c, t->actor))
    return yc_case_machine_forbidden (error, _("%s reviews for none of the departments of case %s"),
                                      t->actor->username, c->number);
  if (!yc_case_machine_check_case_state (c, t->op->kind, error))
    return FALSE;
  if (pledge->status != YC_PLEDGE_DUE)
    return yc_case_machine_illegal (error, _("The pledge for “%s” in case %s is already “%s”"),
                                    material, c->number, yc_pledge_status_label (pledge->status));

  /* Change the case */
  pledge->status = status;
  pledge->verified_by = g_strdup (t->actor->username);
  pledge->verified_on = *t->today;
  pledge->note = g_strdup (note);
  if (status == YC_PLEDGE_BROKEN)
    {
      t->effects->flag_applicant = g_strdup (yc_case_get_applicant_id (c));
      t->effects->flag_reason = g_strdup_printf ("case %s: pledge for %s broken%s%s", c->number,
                                                 material, note != NULL ? ": " : "",
                                                 note != NULL ? note : "");
    }
  {
    g_autofree char *detail = g_strdup_printf ("%s: %s", material, result);
    history (t, detail);
  }
  return TRUE;
}

static gboolean
urge (YcTransition  *t,
      GError       **error)
{
  MACHINE_READER (r);
  const char *message, *department;
  YcCasePart *target = NULL;
  YcCaseUrge *entry;
  YcCase *c = t->c;
  gboolean to_hall;

  if (!yc_json_check_members (r, t->op->payload, urge_members, "payload", error)
      || !yc_json_get_string (r, t->op->payload, "message", "payload", YC_JSON_REQUIRED, &message,
                              error)
      || !yc_json_get_string (r, t->op->payload, "department", "payload", YC_JSON_NULLABLE,
                              &department, error))
    return FALSE;
  if (department != NULL && (target = yc_case_lookup_part (c, department)) == NULL)
    return yc_json_fail (r, error, "payload.department", _("case %s has no part of department “%s”"),
                         c->number, department);
  if (!yc_case_actor_in_scope (c, t->actor))
    return yc_case_machine_forbidden (error, _("%s supervises hall “%s”, not hall “%s” (case %s)"),
                                      t->actor->username, t->actor->hall != NULL ? t->actor->hall : "",
                                      c->hall, c->number);
  if (!yc_case_machine_check_case_state (c, t->op->kind, error))
    return FALSE;
  if (target != NULL
      && (target->state == YC_CASE_STATE_APPROVED || target->state == YC_CASE_STATE_REJECTED))
    return yc_case_machine_illegal (error, _("The part of “%s” in case %s is decided already"),
                                    department, c->number);

  /* Whoever the case waits for: the counter once review is over or the applicant owes
   * something, otherwise the first department still reviewing. */
  to_hall = target == NULL
            && (c->state == YC_CASE_STATE_RETURNED || c->state == YC_CASE_STATE_AWAITING_SUPPLEMENT
                || c->state == YC_CASE_STATE_READY);
  for (guint i = 0; target == NULL && !to_hall && i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      if (part->state != YC_CASE_STATE_APPROVED && part->state != YC_CASE_STATE_REJECTED)
        target = part;
    }
  to_hall = target == NULL;

  /* Change the case */
  entry = g_new0 (YcCaseUrge, 1);
  entry->id = g_strdup (t->op->op_id);
  entry->by = g_strdup (t->actor->username);
  entry->message = g_strdup (message);
  entry->at = g_strdup (t->op->created_at);
  entry->department = to_hall ? NULL : g_strdup (target->department);
  entry->hall = to_hall ? g_strdup (c->hall) : NULL;
  /* The handler, as the case stands when urged: the reviewer holding the part, or the clerk
   * who accepted the case.  A part nobody holds is urged to its whole department. */
  entry->to = g_strdup (to_hall ? c->clerk : target->claimed_by);
  g_ptr_array_add (c->urges, entry);
  {
    g_autofree char *detail = g_strdup_printf ("%s %s: %s", to_hall ? "hall" : "department",
                                               to_hall ? c->hall : target->department, message);
    history (t, detail);
  }
  return TRUE;
}

static gboolean
acknowledge (YcTransition  *t,
             GError       **error)
{
  MACHINE_READER (r);
  const char *id;
  YcCaseUrge *entry;
  gboolean addressee;

  if (!yc_json_check_members (r, t->op->payload, ack_members, "payload", error)
      || !yc_json_get_uuid (r, t->op->payload, "urge_id", "payload", YC_JSON_REQUIRED, &id, error))
    return FALSE;
  entry = yc_case_lookup_urge (t->c, id);
  if (entry == NULL)
    return yc_json_fail (r, error, "payload.urge_id", _("case %s has no urge “%s”"), t->c->number, id);
  addressee = t->actor->role == YC_ROLE_CLERK
              ? entry->hall != NULL && g_strcmp0 (entry->hall, t->actor->hall) == 0
              : yc_case_machine_actor_has_department (t->actor, entry->department);
  if (!addressee)
    return yc_case_machine_forbidden (error, _("The urge on case %s is not addressed to %s"),
                                      t->c->number, t->actor->username);
  /* Only its handler answers an addressed urge: a colleague at the same desk must not
   * acknowledge it for them (docs/supervision.md). */
  if (entry->to != NULL && g_strcmp0 (entry->to, t->actor->username) != 0)
    return yc_case_machine_forbidden (error, _("The urge on case %s is addressed to %s, not to %s"),
                                      t->c->number, entry->to, t->actor->username);
  if (entry->acknowledged)
    return yc_case_machine_illegal (error, _("The urge on case %s was acknowledged by %s already"),
                                    t->c->number, entry->acknowledged_by);

  /* Change the case */
  entry->acknowledged = TRUE;
  entry->acknowledged_by = g_strdup (t->actor->username);
  entry->acknowledged_at = g_strdup (t->op->created_at);
  history (t, id);
  return TRUE;
}

static gboolean
rate (YcTransition  *t,
      GError       **error)
{
  MACHINE_READER (r);
  const char *comment;
  gint64 level = 0;

  if (!yc_json_check_members (r, t->op->payload, rating_members, "payload", error)
      || !yc_json_get_int (r, t->op->payload, "level", "payload", YC_JSON_REQUIRED, 1, 5, &level,
                           error)
      || !yc_json_get_text (r, t->op->payload, "comment", "payload", YC_JSON_NULLABLE, &comment,
                            error)
      || !yc_case_machine_check_hall (t->c, t->actor, error)
      || !yc_case_machine_check_case_state (t->c, t->op->kind, error))
    return FALSE;
  if (t->c->rated)
    return yc_case_machine_illegal (error, _("Case %s has been rated already"), t->c->number);

  /* Change the case */
  t->c->rated = TRUE;
  t->c->rating_level = (guint) level;
  t->c->rating_comment = g_strdup (comment);
  t->c->rated_at = g_strdup (t->op->created_at);
  /* 回访: counted from the day the applicant rated at the counter, like a supplement, so
   * that a rating synced days later is followed up on the same date everywhere. */
  if (yc_rating_level_needs_follow_up ((guint) level))
    {
      GDate day;

      counter_day (t, &day);
      yc_calendar_add_working_days (t->calendar, &day, YC_CASE_FOLLOW_UP_WORKING_DAYS,
                                    &t->c->follow_up_due);
    }
  {
    g_autofree char *detail = g_strdup_printf ("%" G_GINT64_FORMAT, level);
    history (t, detail);
  }
  return TRUE;
}

gboolean
yc_case_transition_apply (YcTransition  *t,
                          GError       **error)
{
  switch (t->op->kind)
    {
    case YC_OP_CASE_SUPPLEMENT:
      return supplement (t, error);
    case YC_OP_CASE_WITHDRAW:
      return withdraw (t, error);
    case YC_OP_CASE_ISSUE:
      return issue (t, error);
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_RELEASE:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_REJECT:
      return part_decision (t, error);
    case YC_OP_REVIEW_RETURN:
      return return_for_supplement (t, error);
    case YC_OP_PLEDGE_VERIFY:
      return verify_pledge (t, error);
    case YC_OP_SUPERVISION_URGE:
      return urge (t, error);
    case YC_OP_URGE_ACK:
      return acknowledge (t, error);
    case YC_OP_RATING_SUBMIT:
      return rate (t, error);
    case YC_OP_CASE_ACCEPT:
    default:
      return yc_case_machine_illegal (error, _("Case %s exists already"), t->c->number);
    }
}
