/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-machine"

#include "config.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>

#include "yc-case-machine-private.h"

/*
 * The checks every transition shares (role, scope, state), the clock (pauses, deadline,
 * traffic light, tolerance expiry) and the dispatcher.  The handlers of each kind are in
 * yc-case-transitions.c, acceptance in yc-case-accept.c; docs/case-life.md is the reference.
 */

G_DEFINE_QUARK (yc-case-machine-error-quark, yc_case_machine_error)

static const char * const error_codes[] = {
  "illegal_transition", "forbidden", "invalid_payload", "not_notified",
};

static const char * const role_keys[] = { "clerk", "reviewer", "supervisor", "admin" };

const char *
yc_case_machine_error_code_string (int code)
{
  g_return_val_if_fail (code >= 0 && (guint) code < G_N_ELEMENTS (error_codes), NULL);

  return error_codes[code];
}

const char *
yc_role_to_string (YcRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_keys), NULL);

  return role_keys[role];
}

gboolean
yc_role_from_string (const char *str,
                     YcRole     *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (role_keys); i++)
    if (g_str_equal (str, role_keys[i]))
      {
        *role = (YcRole) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
yc_case_machine_illegal (GError     **error,
                         const char  *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION, message);
  return FALSE;
}

gboolean
yc_case_machine_forbidden (GError     **error,
                           const char  *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_FORBIDDEN, message);
  return FALSE;
}

/* Role × kind: who may do what at all (docs/case-life.md, "Who may do what"). */
static gboolean
role_allows (YcRole   role,
             YcOpKind kind)
{
  switch (kind)
    {
    case YC_OP_CASE_ACCEPT:
    case YC_OP_CASE_SUPPLEMENT:
    case YC_OP_CASE_WITHDRAW:
    case YC_OP_CASE_ISSUE:
    case YC_OP_RATING_SUBMIT:
      return role == YC_ROLE_CLERK;
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
    case YC_OP_REVIEW_REJECT:
    case YC_OP_PLEDGE_VERIFY:
      return role == YC_ROLE_REVIEWER;
    case YC_OP_REVIEW_RELEASE:
      /* A supervisor frees a part held by someone who is away; administrators run the
       * system and act on no case (docs/backoffice.md, "Authorisation"). */
      return role == YC_ROLE_REVIEWER || role == YC_ROLE_SUPERVISOR;
    case YC_OP_SUPERVISION_URGE:
      return role == YC_ROLE_SUPERVISOR;
    case YC_OP_URGE_ACK:
      return role == YC_ROLE_CLERK || role == YC_ROLE_REVIEWER;
    default:
      return FALSE;
    }
}

gboolean
yc_case_machine_check_role (const YcActor  *actor,
                            YcOpKind        kind,
                            GError        **error)
{
  if (!role_allows (actor->role, kind))
    return yc_case_machine_forbidden (error, _("A %s may not %s"), yc_role_to_string (actor->role),
                                      yc_op_kind_to_string (kind));
  return TRUE;
}

gboolean
yc_case_machine_check_hall (YcCase         *c,
                            const YcActor  *actor,
                            GError        **error)
{
  if (g_strcmp0 (actor->hall, c->hall) != 0)
    return yc_case_machine_forbidden (error, _("Case %s belongs to hall “%s”; %s works in hall “%s”"),
                                      c->number, c->hall, actor->username,
                                      actor->hall != NULL ? actor->hall : "");
  return TRUE;
}

gboolean
yc_case_machine_actor_has_department (const YcActor *actor,
                                      const char    *department)
{
  return actor->departments != NULL && department != NULL
         && g_strv_contains (actor->departments, department);
}

gboolean
yc_case_machine_check_department (YcCase        *c,
                                  const YcActor *actor,
                                  const char    *department,
                                  GError       **error)
{
  if (!yc_case_machine_actor_has_department (actor, department))
    return yc_case_machine_forbidden (error, _("%s does not review for department “%s” (case %s)"),
                                      actor->username, department, c->number);
  return TRUE;
}

gboolean
yc_case_actor_in_scope (YcCase        *self,
                        const YcActor *actor)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  switch (actor->role)
    {
    case YC_ROLE_CLERK:
      return g_strcmp0 (actor->hall, self->hall) == 0;
    case YC_ROLE_REVIEWER:
      for (guint i = 0; i < self->parts->len; i++)
        if (yc_case_machine_actor_has_department (actor,
                                                  ((YcCasePart *) g_ptr_array_index (self->parts, i))->department))
          return TRUE;
      return FALSE;
    case YC_ROLE_SUPERVISOR:
      /* A supervisor without a hall supervises the whole city. */
      return actor->hall == NULL || g_strcmp0 (actor->hall, self->hall) == 0;
    case YC_ROLE_ADMIN:
    default:
      return FALSE;
    }
}

/* Case-level states in which each kind may happen (the transitions table). */
gboolean
yc_case_machine_check_case_state (YcCase   *c,
                                  YcOpKind  kind,
                                  GError  **error)
{
  YcCaseState s = c->state;
  gboolean in_review = s == YC_CASE_STATE_ACCEPTED || s == YC_CASE_STATE_IN_REVIEW
                       || s == YC_CASE_STATE_RETURNED || s == YC_CASE_STATE_SUPPLEMENTED;
  gboolean allowed;

  switch (kind)
    {
    case YC_OP_CASE_ACCEPT:
      return yc_case_machine_illegal (error, _("Case %s exists already"), c->number);
    case YC_OP_CASE_SUPPLEMENT:
    case YC_OP_CASE_WITHDRAW:
      allowed = in_review || s == YC_CASE_STATE_AWAITING_SUPPLEMENT;
      break;
    case YC_OP_CASE_ISSUE:
      allowed = s == YC_CASE_STATE_READY;
      break;
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_RELEASE:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
    case YC_OP_REVIEW_REJECT:
      allowed = in_review;
      break;
    case YC_OP_SUPERVISION_URGE:
      allowed = !yc_case_state_is_final (s);
      break;
    case YC_OP_PLEDGE_VERIFY:
      allowed = s != YC_CASE_STATE_WITHDRAWN && s != YC_CASE_STATE_CLOSED_AT_COUNTER;
      break;
    case YC_OP_URGE_ACK:
    case YC_OP_RATING_SUBMIT:
      allowed = TRUE;
      break;
    default:
      allowed = FALSE;
      break;
    }
  if (!allowed)
    return yc_case_machine_illegal (error, _("Case %s is “%s”: cannot %s"), c->number,
                                    yc_case_state_label (s), yc_op_kind_to_string (kind));
  return TRUE;
}

gboolean
yc_case_machine_check_part (YcCase         *c,
                            YcCasePart     *part,
                            YcOpKind        kind,
                            const YcActor  *actor,
                            GError        **error)
{
  YcCaseState s = part->state;

  switch (kind)
    {
    case YC_OP_REVIEW_CLAIM:
      if (s == YC_CASE_STATE_IN_REVIEW)
        return yc_case_machine_illegal (error, _("The part of “%s” in case %s is held by %s"),
                                        part->department, c->number, part->claimed_by);
      if (s != YC_CASE_STATE_ACCEPTED && s != YC_CASE_STATE_SUPPLEMENTED)
        return yc_case_machine_illegal (error, _("The part of “%s” in case %s is “%s”: nothing to take"),
                                        part->department, c->number, yc_case_state_label (s));
      return TRUE;
    case YC_OP_REVIEW_RELEASE:
      if (s != YC_CASE_STATE_IN_REVIEW)
        return yc_case_machine_illegal (error, _("The part of “%s” in case %s is not held by anyone"),
                                        part->department, c->number);
      if (actor->role == YC_ROLE_REVIEWER && g_strcmp0 (part->claimed_by, actor->username) != 0)
        return yc_case_machine_forbidden (error, _("The part of “%s” in case %s is held by %s, not by %s"),
                                          part->department, c->number, part->claimed_by,
                                          actor->username);
      return TRUE;
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
    case YC_OP_REVIEW_REJECT:
      if (s != YC_CASE_STATE_IN_REVIEW)
        return yc_case_machine_illegal (error, _("The part of “%s” in case %s is “%s”: take it for review first"),
                                        part->department, c->number, yc_case_state_label (s));
      if (g_strcmp0 (part->claimed_by, actor->username) != 0)
        return yc_case_machine_illegal (error, _("The part of “%s” in case %s is held by %s"),
                                        part->department, c->number, part->claimed_by);
      return TRUE;
    default:
      return TRUE;
    }
}

void
yc_case_machine_release_all (YcCase *c)
{
  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      if (part->state == YC_CASE_STATE_IN_REVIEW)
        part->state = part->notices->len > 0 ? YC_CASE_STATE_SUPPLEMENTED : YC_CASE_STATE_ACCEPTED;
      g_clear_pointer (&part->claimed_by, g_free);
    }
}

/* The clock */

gboolean
yc_case_machine_has_open_pause (YcCase *c)
{
  return c->pauses->len > 0
         && !g_date_valid (&g_array_index (c->pauses, YcPause, c->pauses->len - 1).last);
}

/* The clock runs on the day of the return (the reviewer worked on it) and stands still from
 * the next day up to and including the day the supplement comes in: counting resumes the
 * day after, as at acceptance. */
void
yc_case_machine_open_pause (YcCase      *c,
                            const GDate *today)
{
  YcPause pause;

  if (yc_case_machine_has_open_pause (c))
    return;
  pause.first = *today;
  g_date_add_days (&pause.first, 1);
  g_date_clear (&pause.last, 1);
  g_array_append_val (c->pauses, pause);
}

void
yc_case_machine_update_deadline (YcCase     *c,
                                 YcCalendar *calendar)
{
  g_autoptr(GArray) closed = g_array_new (FALSE, FALSE, sizeof (YcPause));

  if (c->committed_days < 0 || !g_date_valid (&c->accepted_on))
    {
      g_date_clear (&c->deadline, 1);
      return;
    }
  for (guint i = 0; i < c->pauses->len; i++)
    if (g_date_valid (&g_array_index (c->pauses, YcPause, i).last))
      g_array_append_val (closed, g_array_index (c->pauses, YcPause, i));
  yc_calendar_deadline (calendar, &c->accepted_on, (guint) c->committed_days,
                        (const YcPause *) closed->data, closed->len, &c->deadline);
}

void
yc_case_machine_close_pause (YcCase      *c,
                             const GDate *today,
                             YcCalendar  *calendar)
{
  if (!yc_case_machine_has_open_pause (c))
    return;
  g_array_index (c->pauses, YcPause, c->pauses->len - 1).last = *today;
  yc_case_machine_update_deadline (c, calendar);
}

void
yc_case_machine_stop_clock (YcCase      *c,
                            const GDate *today,
                            YcCalendar  *calendar)
{
  yc_case_machine_close_pause (c, today, calendar);
  if (!g_date_valid (&c->stopped_on))
    c->stopped_on = *today;
}

void
yc_case_machine_settle (YcCase      *c,
                        const GDate *today,
                        YcCalendar  *calendar)
{
  gboolean rejected = FALSE, returned = FALSE, supplemented = FALSE, started = FALSE;
  gboolean all_approved = c->parts->len > 0, owed = FALSE;

  if (yc_case_state_is_final (c->state))
    return;

  for (guint i = 0; i < c->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (c->parts, i);

      rejected |= part->state == YC_CASE_STATE_REJECTED;
      returned |= part->state == YC_CASE_STATE_RETURNED;
      supplemented |= part->state == YC_CASE_STATE_SUPPLEMENTED;
      started |= part->state == YC_CASE_STATE_IN_REVIEW || part->state == YC_CASE_STATE_APPROVED;
      all_approved &= part->state == YC_CASE_STATE_APPROVED;
    }
  for (guint i = 0; i < c->tolerated->len; i++)
    owed |= !((YcCaseTolerated *) g_ptr_array_index (c->tolerated, i))->received;

  if (rejected)
    c->state = YC_CASE_STATE_REJECTED;
  else if (returned)
    c->state = YC_CASE_STATE_RETURNED;
  else if (all_approved)
    c->state = owed ? YC_CASE_STATE_AWAITING_SUPPLEMENT : YC_CASE_STATE_READY;
  else if (supplemented)
    c->state = YC_CASE_STATE_SUPPLEMENTED;
  else if (started)
    c->state = YC_CASE_STATE_IN_REVIEW;
  else
    c->state = YC_CASE_STATE_ACCEPTED;

  /* The committed limit covers review: it ends with the last department's decision. */
  if (rejected || all_approved)
    yc_case_machine_stop_clock (c, today, calendar);
  else if (!returned)
    yc_case_machine_close_pause (c, today, calendar);
}

/* Both read the one clock of yc-case-clock.c. */
void
yc_case_current_deadline (YcCase      *self,
                          YcCalendar  *calendar,
                          const GDate *today,
                          GDate       *out_deadline)
{
  YcClock clock;

  g_return_if_fail (self != NULL);
  g_return_if_fail (YC_IS_CALENDAR (calendar));
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (out_deadline != NULL);

  yc_case_clock (self, NULL, calendar, today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
  *out_deadline = clock.deadline;
}

YcDeadlineState
yc_case_deadline_state (YcCase      *self,
                        YcCalendar  *calendar,
                        const GDate *today,
                        guint        yellow_threshold,
                        int         *out_remaining)
{
  YcClock clock;

  g_return_val_if_fail (self != NULL, YC_DEADLINE_GREEN);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), YC_DEADLINE_GREEN);
  g_return_val_if_fail (today != NULL && g_date_valid (today), YC_DEADLINE_GREEN);

  yc_case_clock (self, NULL, calendar, today, yellow_threshold, &clock);
  if (out_remaining != NULL)
    *out_remaining = clock.remaining;
  return clock.state;
}

gboolean
yc_case_tolerance_expired (const YcCaseTolerated *tolerated,
                           const GDate           *today)
{
  GDate last;

  g_return_val_if_fail (tolerated != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (tolerated->received)
    return FALSE;
  last = tolerated->due;
  g_date_add_days (&last, YC_CASE_TOLERANCE_GRACE_DAYS);
  return g_date_compare (&last, today) < 0;
}

gboolean
yc_case_expire_tolerance (YcCase      *self,
                          const GDate *today,
                          const char  *at)
{
  g_autoptr(GString) detail = g_string_new (NULL);
  GDate stop;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (yc_case_state_is_final (self->state))
    return FALSE;
  for (guint i = 0; i < self->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (self->tolerated, i);

      if (yc_case_tolerance_expired (tolerated, today))
        g_string_append_printf (detail, "%s%s", detail->len > 0 ? ", " : "", tolerated->material);
    }
  if (detail->len == 0)
    return FALSE;

  self->state = YC_CASE_STATE_TERMINATED;
  yc_case_machine_release_all (self);
  /* Without a calendar at hand the open pause simply ends today; the deadline no longer
   * matters for a terminated case, but the clock must not run on. */
  stop = *today;
  if (yc_case_machine_has_open_pause (self))
    g_array_index (self->pauses, YcPause, self->pauses->len - 1).last = stop;
  if (!g_date_valid (&self->stopped_on))
    self->stopped_on = stop;
  self->version++;
  g_string_prepend (detail, "supplement overdue: ");
  yc_case_add_history (self, at, "system", "case.terminate", detail->str);
  return TRUE;
}

GStrv
yc_case_dup_overdue_pledges (YcCase      *self,
                             const GDate *today)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  for (guint i = 0; i < self->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (self->pledges, i);

      if (pledge->status == YC_PLEDGE_DUE && g_date_compare (&pledge->due, today) < 0)
        g_strv_builder_add (builder, pledge->material);
    }
  return g_strv_builder_end (builder);
}

/* Effects */

void
yc_case_effects_clear (YcCaseEffects *effects)
{
  g_return_if_fail (effects != NULL);

  g_clear_pointer (&effects->flag_applicant, g_free);
  g_clear_pointer (&effects->flag_reason, g_free);
  g_clear_pointer (&effects->new_demand_materials, g_strfreev);
  effects->new_demand = FALSE;
  effects->terminated = FALSE;
}

JsonNode *
yc_case_effects_to_json (const YcCaseEffects *effects)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (effects != NULL, NULL);

  if (effects->flag_applicant == NULL && !effects->new_demand && !effects->terminated)
    return NULL;

  json_builder_begin_object (builder);
  if (effects->flag_applicant != NULL)
    {
      yc_json_add_string (builder, "flag_applicant", effects->flag_applicant);
      yc_json_add_string (builder, "flag_reason", effects->flag_reason);
    }
  if (effects->new_demand)
    {
      json_builder_set_member_name (builder, "new_demand");
      json_builder_add_boolean_value (builder, TRUE);
      yc_json_add_strv (builder, "new_demand_materials",
                        (const char * const *) effects->new_demand_materials);
    }
  if (effects->terminated)
    {
      json_builder_set_member_name (builder, "terminated");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The dispatcher */

gboolean
yc_case_machine_apply_full (YcCase             *self,
                            const YcOperation  *op,
                            const YcActor      *actor,
                            const GDate        *today,
                            YcCalendar         *calendar,
                            YcCaseEffects      *out_effects,
                            GError            **error)
{
  YcCaseEffects effects = { 0, };
  YcTransition t = { self, op, actor, today, calendar, &effects };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (op != NULL, FALSE);
  g_return_val_if_fail (actor != NULL && actor->username != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (op->case_uuid, self->uuid) != 0)
    return yc_case_machine_illegal (error, _("The operation is for case %s, not for case %s"),
                                    op->case_uuid, self->uuid);
  if (op->kind == YC_OP_CASE_ACCEPT)
    return yc_case_machine_illegal (error, _("Case %s exists already"), self->number);

  if (!yc_case_machine_check_role (actor, op->kind, error)
      || !yc_case_transition_apply (&t, error))
    {
      yc_case_effects_clear (&effects);
      return FALSE;
    }

  self->version++;
  if (out_effects != NULL)
    *out_effects = effects;
  else
    yc_case_effects_clear (&effects);
  return TRUE;
}

gboolean
yc_case_machine_apply (YcCase             *self,
                       const YcOperation  *op,
                       const YcActor      *actor,
                       const GDate        *today,
                       YcCalendar         *calendar,
                       GError            **error)
{
  return yc_case_machine_apply_full (self, op, actor, today, calendar, NULL, error);
}

static gboolean
can_part (YcCase        *self,
          YcOpKind       kind,
          const YcActor *actor)
{
  for (guint i = 0; i < self->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (self->parts, i);

      if (((actor->role == YC_ROLE_REVIEWER
            && yc_case_machine_actor_has_department (actor, part->department))
           || (actor->role != YC_ROLE_REVIEWER && yc_case_actor_in_scope (self, actor)))
          && yc_case_machine_check_part (self, part, kind, actor, NULL))
        return TRUE;
    }
  return FALSE;
}

gboolean
yc_case_machine_can (YcCase        *self,
                     YcOpKind       kind,
                     const YcActor *actor)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!role_allows (actor->role, kind) || !yc_case_machine_check_case_state (self, kind, NULL))
    return FALSE;

  switch (kind)
    {
    case YC_OP_CASE_SUPPLEMENT:
    case YC_OP_CASE_WITHDRAW:
    case YC_OP_CASE_ISSUE:
      return yc_case_machine_check_hall (self, actor, NULL);
    case YC_OP_RATING_SUBMIT:
      return yc_case_machine_check_hall (self, actor, NULL) && !self->rated;
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_RELEASE:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
    case YC_OP_REVIEW_REJECT:
      return can_part (self, kind, actor);
    case YC_OP_PLEDGE_VERIFY:
      for (guint i = 0; i < self->pledges->len; i++)
        if (((YcCasePledge *) g_ptr_array_index (self->pledges, i))->status == YC_PLEDGE_DUE)
          return yc_case_actor_in_scope (self, actor);
      return FALSE;
    case YC_OP_URGE_ACK:
      for (guint i = 0; i < self->urges->len; i++)
        {
          YcCaseUrge *urge = g_ptr_array_index (self->urges, i);

          if (!urge->acknowledged
              && (urge->to == NULL || g_strcmp0 (urge->to, actor->username) == 0)
              && ((actor->role == YC_ROLE_CLERK && urge->hall != NULL
                   && g_strcmp0 (actor->hall, urge->hall) == 0)
                  || (actor->role == YC_ROLE_REVIEWER
                      && yc_case_machine_actor_has_department (actor, urge->department))))
            return TRUE;
        }
      return FALSE;
    case YC_OP_SUPERVISION_URGE:
      return yc_case_actor_in_scope (self, actor);
    default:
      return FALSE;
    }
}
