/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-catalog-private.h"
#include "yc-rules.h"

/*
 * The rules engine.  docs/rules.md is the specification; keep the two in step.
 */

struct _YcRulesResult
{
  gatomicrefcount  ref_count;

  YcRulesInput    *input;
  GPtrArray       *agent_materials;  /* of YcMaterial*, owned: the materials agents add */
  GPtrArray       *agent_merged;     /* of YcMergedMaterial*, owned, wrapping the above */
  GPtrArray       *materials;        /* of const YcMergedMaterial*: the subject's, then agent's */

  YcDecision       recommended;
  gboolean         allowed[YC_N_DECISIONS];
  GPtrArray       *reasons[YC_N_DECISIONS];  /* of char*, translated */
  GPtrArray       *outstanding;              /* of YcOutstanding* */
  GPtrArray       *tolerated;                /* of YcDeferredMaterial* */
  GPtrArray       *pledges;                  /* of YcDeferredMaterial* */
  GDate            supplement_deadline;
  GDate            pledge_verify_date;
  GPtrArray       *warnings;                 /* of char*, translated */
};

G_DEFINE_BOXED_TYPE (YcRulesResult, yc_rules_result, yc_rules_result_ref, yc_rules_result_unref)

static void
outstanding_free (YcOutstanding *outstanding)
{
  g_free (outstanding->detail);
  g_free (outstanding->message);
  g_free (outstanding);
}

static void
agent_merged_free (YcMergedMaterial *merged)
{
  g_clear_pointer (&merged->required_by, g_ptr_array_unref);
  g_clear_pointer (&merged->items, g_ptr_array_unref);
  g_free (merged);
}

static void G_GNUC_PRINTF (3, 4)
add_reason (YcRulesResult *self,
            YcDecision     decision,
            const char    *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->reasons[decision], g_strdup_vprintf (format, args));
  va_end (args);
}

static void G_GNUC_PRINTF (2, 3)
add_warning (YcRulesResult *self,
             const char    *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Material names as a clerk reads them in one sentence: “营业执照”、“租赁合同” */
static char *
join_names (GPtrArray *array)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < array->len; i++)
    {
      /* Each element starts with its material, as YcOutstanding and YcDeferredMaterial do. */
      const YcMergedMaterial *merged = *(const YcMergedMaterial **) g_ptr_array_index (array, i);

      if (i > 0)
        g_string_append (names, _(", "));
      /* Quoted, as names such as 法定代表人、董事、监事和经理的任职文件 contain the separator. */
      g_string_append_printf (names, _("“%s”"), merged->material->name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
add_agent_material (YcRulesResult *self,
                    YcMergedList  *subject,
                    const char    *code,
                    const char    *name,
                    const char    *source_hint)
{
  YcMaterial *material;
  YcMergedMaterial *merged;

  /* A scenario written for agents may list the material itself; ask for it once. */
  if (yc_merged_list_lookup_material (subject, code) != NULL)
    return;

  material = g_new0 (YcMaterial, 1);
  material->code = g_strdup (code);
  material->name = g_strdup (name);
  material->form = YC_MATERIAL_FORM_ORIGINAL;
  material->copies = 1;
  material->required = TRUE;
  material->core = TRUE;
  material->source_hint = g_strdup (source_hint);
  g_ptr_array_add (self->agent_materials, material);

  merged = g_new0 (YcMergedMaterial, 1);
  merged->material = material;
  merged->form = material->form;
  merged->copies = material->copies;
  merged->required = TRUE;
  merged->core = TRUE;
  merged->source_hint = material->source_hint;
  merged->items = g_ptr_array_new ();
  for (guint i = 0; i < yc_merged_list_get_n_parts (subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (subject, i);
      if (!g_ptr_array_find (merged->items, item, NULL))
        g_ptr_array_add (merged->items, (gpointer) item);
    }
  /* Every item requires what proves the agent may act. */
  merged->required_by = g_ptr_array_copy (merged->items, NULL, NULL);
  g_ptr_array_add (self->agent_merged, merged);
  g_ptr_array_add (self->materials, merged);
}

static void
collect_materials (YcRulesResult *self)
{
  YcMergedList *subject = yc_rules_input_get_subject (self->input);
  const YcApplicant *applicant = yc_rules_input_get_applicant (self->input);

  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    g_ptr_array_add (self->materials, (gpointer) yc_merged_list_get_material (subject, i));

  if (applicant->is_agent)
    {
      add_agent_material (self, subject, YC_RULES_AGENT_POWER_OF_ATTORNEY,
                          _("Power of attorney"),
                          _("Signed (and sealed) by the applicant"));
      add_agent_material (self, subject, YC_RULES_AGENT_ID_CARD,
                          _("Agent’s identity document"),
                          _("Brought by the agent in person"));
    }
}

static gboolean
applicant_barred (const YcApplicant *applicant)
{
  return applicant->dishonest || applicant->broken_pledge;
}

/*
 * Checks one material against its state.  Returns %NULL when it is in order, or the
 * problem found; a pledge that holds goes to @pledged instead.
 */
static YcOutstanding *
check_material (YcRulesResult          *self,
                const YcMergedMaterial *merged,
                gboolean               *pledged)
{
  const YcApplicant *applicant = yc_rules_input_get_applicant (self->input);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  YcOutstanding *outstanding;
  YcProblem first = YC_PROBLEM_MISSING;
  gboolean original_checked;
  guint copies;
  const char *reason;
  YcMaterialState state;

  *pledged = FALSE;
  state = yc_rules_input_get_state (self->input, merged->material->code,
                                    &original_checked, &copies, &reason);

  switch (state)
    {
    case YC_MATERIAL_STATE_PROVIDED:
      /* Both checks run so that the notice tells the applicant everything at once. */
      if (merged->form == YC_MATERIAL_FORM_ORIGINAL && !original_checked)
        {
          first = YC_PROBLEM_ORIGINAL_NOT_CHECKED;
          g_ptr_array_add (problems, g_strdup (_("the original must be shown for checking")));
        }
      if (copies < merged->copies)
        {
          if (problems->len == 0)
            first = YC_PROBLEM_COPIES_SHORT;
          g_ptr_array_add (problems,
                           g_strdup_printf (_("%u copies required, %u handed in"),
                                            merged->copies, copies));
        }
      break;

    case YC_MATERIAL_STATE_DEFECTIVE:
      first = YC_PROBLEM_DEFECTIVE;
      if (reason != NULL && *reason != '\0')
        g_ptr_array_add (problems, g_strdup_printf (_("defective: %s"), reason));
      else
        g_ptr_array_add (problems, g_strdup (_("defective")));
      break;

    case YC_MATERIAL_STATE_PLEDGED:
      if (!merged->pledgeable)
        {
          first = YC_PROBLEM_NOT_PLEDGEABLE;
          g_ptr_array_add (problems,
                           g_strdup (_("a pledge cannot replace it; it must be handed in")));
        }
      else if (applicant_barred (applicant))
        {
          first = YC_PROBLEM_PLEDGE_BARRED;
          g_ptr_array_add (problems,
                           g_strdup (_("this applicant may not pledge; it must be handed in")));
        }
      else
        *pledged = TRUE;
      break;

    case YC_MATERIAL_STATE_SHARED:
      if (merged->shared_source == NULL)
        {
          first = YC_PROBLEM_NOT_SHARED;
          g_ptr_array_add (problems,
                           g_strdup (_("no shared data provides it; it must be handed in")));
        }
      break;

    case YC_MATERIAL_STATE_MISSING:
    default:
      first = YC_PROBLEM_MISSING;
      g_ptr_array_add (problems, g_strdup (_("not handed in")));
      break;
    }

  if (problems->len == 0)
    return NULL;

  g_ptr_array_add (problems, NULL);
  joined = g_strjoinv (_("; "), (char **) problems->pdata);

  outstanding = g_new0 (YcOutstanding, 1);
  outstanding->material = merged;
  outstanding->problem = first;
  outstanding->detail = state == YC_MATERIAL_STATE_DEFECTIVE ? g_strdup (reason) : NULL;
  outstanding->copies_received = state == YC_MATERIAL_STATE_PROVIDED ? copies : 0;
  outstanding->tolerable = merged->tolerable && !merged->core && !applicant_barred (applicant);
  outstanding->message = g_strdup_printf (_("%s: %s"), merged->material->name, joined);
  return outstanding;
}

static void
check_materials (YcRulesResult *self)
{
  YcMergedList *subject = yc_rules_input_get_subject (self->input);
  g_auto(GStrv) codes = yc_rules_input_dup_codes (self->input);

  for (guint i = 0; i < self->materials->len; i++)
    {
      const YcMergedMaterial *merged = g_ptr_array_index (self->materials, i);
      YcOutstanding *outstanding;
      gboolean pledged;

      outstanding = check_material (self, merged, &pledged);
      if (pledged)
        {
          YcDeferredMaterial *pledge = g_new0 (YcDeferredMaterial, 1);
          pledge->material = merged;
          g_date_clear (&pledge->due, 1);
          g_ptr_array_add (self->pledges, pledge);
        }
      else if (outstanding != NULL && merged->required)
        g_ptr_array_add (self->outstanding, outstanding);
      else if (outstanding != NULL)
        {
          /* Optional materials never block; a wrong one is still worth a word. */
          if (outstanding->problem != YC_PROBLEM_MISSING)
            add_warning (self, _("Optional material, does not block acceptance: %s"),
                         outstanding->message);
          outstanding_free (outstanding);
        }
    }

  for (guint i = 0; codes[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; !known && j < self->materials->len; j++)
        {
          const YcMergedMaterial *merged = g_ptr_array_index (self->materials, j);
          known = g_str_equal (merged->material->code, codes[i]);
        }
      if (!known)
        add_warning (self, _("The state given for “%s” matches no material of this application and was ignored"),
                     codes[i]);
    }

  for (guint i = 0; i < yc_merged_list_get_n_parts (subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (subject, i);
      const YcApplicant *applicant = yc_rules_input_get_applicant (self->input);

      if (applicant->kind == YC_APPLICANT_PERSON && !(item->audience & YC_AUDIENCE_CITIZEN))
        add_warning (self, _("“%s” serves enterprises, but the applicant is a person"),
                     item->name);
      else if (applicant->kind == YC_APPLICANT_ENTERPRISE && !(item->audience & YC_AUDIENCE_ENTERPRISE))
        add_warning (self, _("“%s” serves citizens, but the applicant is an enterprise"),
                     item->name);
    }
}

/*
 * The deadline of a tolerated or pledged material: each item requiring it counts its own
 * working days from acceptance, and the earliest binds, as one paper serves them all.  An
 * item where it is optional would accept without it, so its period does not bind.
 */
static void
compute_due (YcRulesResult      *self,
             YcCalendar         *calendar,
             YcDeferredMaterial *deferred,
             gboolean            pledge,
             GDate              *earliest)
{
  const GDate *accepted = yc_rules_input_get_acceptance_date (self->input);

  g_date_clear (&deferred->due, 1);
  for (guint i = 0; i < deferred->material->required_by->len; i++)
    {
      const YcItem *item = g_ptr_array_index (deferred->material->required_by, i);
      guint days = pledge ? item->pledge_verify_days : item->supplement_days;
      GDate due;

      g_date_clear (&due, 1);
      yc_calendar_add_working_days (calendar, accepted, days, &due);
      if (!g_date_valid (&deferred->due) || g_date_compare (&due, &deferred->due) < 0)
        deferred->due = due;
    }

  if (g_date_valid (&deferred->due) &&
      (!g_date_valid (earliest) || g_date_compare (&deferred->due, earliest) < 0))
    *earliest = deferred->due;
}

/*
 * Returns whether every item of the subject stays within its cap on tolerated materials.  A
 * material counts against the items requiring it only: one where it is optional does not
 * wait for it.
 */
static gboolean
check_caps (YcRulesResult *self)
{
  YcMergedList *subject = yc_rules_input_get_subject (self->input);
  gboolean within = TRUE;

  for (guint i = 0; i < yc_merged_list_get_n_parts (subject); i++)
    {
      const YcItem *item = yc_merged_list_get_item (subject, i);
      g_autoptr(GPtrArray) counted = g_ptr_array_new ();
      g_autofree char *names = NULL;

      for (guint j = 0; j < self->outstanding->len; j++)
        {
          YcOutstanding *outstanding = g_ptr_array_index (self->outstanding, j);
          if (outstanding->tolerable && yc_merged_material_required_by (outstanding->material, item))
            g_ptr_array_add (counted, outstanding);
        }

      if (counted->len <= item->max_tolerated)
        continue;

      within = FALSE;
      names = join_names (counted);
      add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                  _("“%s” allows at most %u tolerated materials, but %u are outstanding: %s"),
                  item->name, item->max_tolerated, counted->len, names);
    }

  return within;
}

static void
add_barred_reasons (YcRulesResult *self,
                    YcDecision     decision)
{
  const YcApplicant *applicant = yc_rules_input_get_applicant (self->input);

  if (applicant->dishonest)
    add_reason (self, decision,
                _("The applicant is on the dishonesty list: neither tolerance nor pledges are available"));
  if (applicant->broken_pledge)
    add_reason (self, decision,
                _("The applicant broke an earlier pledge: neither tolerance nor pledges are available"));
}

static char *
describe_refusal (YcRulesInput *input)
{
  const char *text;
  YcRefusal refusal = yc_rules_input_get_refusal (input, &text);

  if (text != NULL && *text != '\0')
    return g_strdup_printf (_("%s: %s"), yc_refusal_label (refusal), text);
  return g_strdup (yc_refusal_label (refusal));
}

static void
decide (YcRulesResult *self,
        YcCalendar    *calendar)
{
  const YcApplicant *applicant = yc_rules_input_get_applicant (self->input);
  gboolean refused = yc_rules_input_get_refusal (self->input, NULL) != YC_REFUSAL_NONE;
  gboolean outstanding = self->outstanding->len > 0;
  gboolean pledges = self->pledges->len > 0;
  gboolean all_tolerable = outstanding;
  gboolean pledge_barred = FALSE;
  gboolean tolerance;
  g_autofree char *outstanding_names = join_names (self->outstanding);
  g_autofree char *pledge_names = join_names (self->pledges);
  g_autofree char *refusal = refused ? describe_refusal (self->input) : NULL;
  g_autofree char *verify_by = NULL;
  g_autofree char *supplement_by = NULL;

  for (guint i = 0; i < self->pledges->len; i++)
    compute_due (self, calendar, g_ptr_array_index (self->pledges, i), TRUE,
                 &self->pledge_verify_date);
  if (pledges)
    verify_by = yc_date_format_iso (&self->pledge_verify_date);

  /* 容缺受理: everything outstanding may be tolerated, within every item's cap. */
  for (guint i = 0; i < self->outstanding->len; i++)
    {
      YcOutstanding *entry = g_ptr_array_index (self->outstanding, i);
      const YcMergedMaterial *merged = entry->material;

      pledge_barred |= entry->problem == YC_PROBLEM_PLEDGE_BARRED;
      if (entry->tolerable)
        continue;
      all_tolerable = FALSE;
      if (merged->core)
        add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                    _("“%s” is a core material and can never be tolerated"),
                    merged->material->name);
      else if (!merged->tolerable)
        add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                    _("“%s” is not a tolerable material"), merged->material->name);
    }
  if (outstanding && applicant_barred (applicant))
    add_barred_reasons (self, YC_DECISION_ACCEPT_WITH_TOLERANCE);
  /* The caps are checked (and explained) even when tolerance already failed otherwise. */
  tolerance = check_caps (self) && all_tolerable;

  if (tolerance)
    {
      for (guint i = 0; i < self->outstanding->len; i++)
        {
          YcOutstanding *entry = g_ptr_array_index (self->outstanding, i);
          YcDeferredMaterial *tolerated = g_new0 (YcDeferredMaterial, 1);

          tolerated->material = entry->material;
          compute_due (self, calendar, tolerated, FALSE, &self->supplement_deadline);
          g_ptr_array_add (self->tolerated, tolerated);
        }
      supplement_by = yc_date_format_iso (&self->supplement_deadline);
    }

  if (refused)
    {
      /* Refusal overrides everything but itself. */
      for (YcDecision d = YC_DECISION_ACCEPT; d < YC_DECISION_REFUSE; d++)
        {
          g_ptr_array_set_size (self->reasons[d], 0);
          add_reason (self, d, _("The application is to be refused: %s"), refusal);
        }
      g_ptr_array_set_size (self->tolerated, 0);
      g_date_clear (&self->supplement_deadline, 1);
      self->allowed[YC_DECISION_REFUSE] = TRUE;
      add_reason (self, YC_DECISION_REFUSE, _("Refused: %s"), refusal);
      self->recommended = YC_DECISION_REFUSE;
      return;
    }

  /* 受理 */
  self->allowed[YC_DECISION_ACCEPT] = !outstanding && !pledges;
  if (outstanding)
    add_reason (self, YC_DECISION_ACCEPT, _("Not everything required is in order: %s"),
                outstanding_names);
  else if (pledges)
    add_reason (self, YC_DECISION_ACCEPT,
                _("Some certificates are replaced by pledges (%s): accept on pledge"),
                pledge_names);
  else
    add_reason (self, YC_DECISION_ACCEPT, _("Every required material is in order"));

  /* 容缺受理, which also takes any pledges */
  self->allowed[YC_DECISION_ACCEPT_WITH_TOLERANCE] = tolerance;
  if (!outstanding)
    add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                _("Nothing required is outstanding: no tolerance is needed"));
  else if (tolerance)
    {
      add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                  _("To be supplemented by %s under a signed tolerance commitment: %s"),
                  supplement_by, outstanding_names);
      if (pledges)
        add_reason (self, YC_DECISION_ACCEPT_WITH_TOLERANCE,
                    _("Replaced by a signed pledge, verified by %s: %s"),
                    verify_by, pledge_names);
    }

  /* 承诺受理 */
  self->allowed[YC_DECISION_ACCEPT_ON_PLEDGE] = pledges && !outstanding;
  if (pledge_barred)
    add_barred_reasons (self, YC_DECISION_ACCEPT_ON_PLEDGE);
  if (pledges && !outstanding)
    add_reason (self, YC_DECISION_ACCEPT_ON_PLEDGE,
                _("Replaced by a signed pledge, verified by %s: %s"),
                verify_by, pledge_names);
  else if (pledges && tolerance)
    add_reason (self, YC_DECISION_ACCEPT_ON_PLEDGE,
                _("Materials are still outstanding (%s): accept with tolerance, which takes the pledges too"),
                outstanding_names);
  else if (pledges)
    add_reason (self, YC_DECISION_ACCEPT_ON_PLEDGE,
                _("Materials are still outstanding: %s"), outstanding_names);
  else if (!pledge_barred)
    add_reason (self, YC_DECISION_ACCEPT_ON_PLEDGE,
                _("No certificate is replaced by a pledge"));

  /* 一次性告知 */
  self->allowed[YC_DECISION_ONE_TIME_NOTICE] = outstanding;
  if (outstanding)
    add_reason (self, YC_DECISION_ONE_TIME_NOTICE,
                _("The notice tells the applicant everything outstanding at once: %s"),
                outstanding_names);
  else
    add_reason (self, YC_DECISION_ONE_TIME_NOTICE, _("Nothing required is outstanding"));

  /* 不予受理 is always open to the clerk, who must then say why. */
  self->allowed[YC_DECISION_REFUSE] = TRUE;
  add_reason (self, YC_DECISION_REFUSE,
              _("Refusing needs a reason: the matter is outside this hall’s remit, or the applicant is not eligible"));

  if (!outstanding && !pledges)
    self->recommended = YC_DECISION_ACCEPT;
  else if (!outstanding)
    self->recommended = YC_DECISION_ACCEPT_ON_PLEDGE;
  else if (tolerance)
    self->recommended = YC_DECISION_ACCEPT_WITH_TOLERANCE;
  else
    self->recommended = YC_DECISION_ONE_TIME_NOTICE;
}

/**
 * yc_rules_evaluate:
 * @input: the application, with its acceptance date set
 * @calendar: the working-day calendar for the deadlines
 *
 * Applies the acceptance rules.  The result depends on @input and @calendar alone.
 *
 * Returns: (transfer full): the decisions open to the clerk, the recommended one, and what
 *   each decision involves
 */
YcRulesResult *
yc_rules_evaluate (YcRulesInput *input,
                   YcCalendar   *calendar)
{
  YcRulesResult *self;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (calendar != NULL, NULL);
  g_return_val_if_fail (g_date_valid (yc_rules_input_get_acceptance_date (input)), NULL);

  self = g_new0 (YcRulesResult, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->input = yc_rules_input_ref (input);
  self->agent_materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  self->agent_merged = g_ptr_array_new_with_free_func ((GDestroyNotify) agent_merged_free);
  self->materials = g_ptr_array_new ();
  for (guint i = 0; i < YC_N_DECISIONS; i++)
    self->reasons[i] = g_ptr_array_new_with_free_func (g_free);
  self->outstanding = g_ptr_array_new_with_free_func ((GDestroyNotify) outstanding_free);
  self->tolerated = g_ptr_array_new_with_free_func (g_free);
  self->pledges = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&self->supplement_deadline, 1);
  g_date_clear (&self->pledge_verify_date, 1);
  self->warnings = g_ptr_array_new_with_free_func (g_free);

  collect_materials (self);
  check_materials (self);
  decide (self, calendar);

  return self;
}

YcRulesResult *
yc_rules_result_ref (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_rules_result_unref (YcRulesResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->pledges, g_ptr_array_unref);
  g_clear_pointer (&self->tolerated, g_ptr_array_unref);
  g_clear_pointer (&self->outstanding, g_ptr_array_unref);
  for (guint i = 0; i < YC_N_DECISIONS; i++)
    g_clear_pointer (&self->reasons[i], g_ptr_array_unref);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->agent_merged, g_ptr_array_unref);
  g_clear_pointer (&self->agent_materials, g_ptr_array_unref);
  g_clear_pointer (&self->input, yc_rules_input_unref);
  g_free (self);
}

/**
 * yc_rules_result_get_input:
 *
 * Returns: (transfer none): the input evaluated
 */
YcRulesInput *
yc_rules_result_get_input (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->input;
}

/**
 * yc_rules_result_get_materials:
 *
 * Returns: (transfer none) (element-type YcMergedMaterial): every material checked: the
 *   subject's, then those the engine added for an agent
 */
GPtrArray *
yc_rules_result_get_materials (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->materials;
}

YcDecision
yc_rules_result_get_recommended (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, YC_DECISION_ONE_TIME_NOTICE);
  return self->recommended;
}

gboolean
yc_rules_result_is_allowed (YcRulesResult *self,
                            YcDecision     decision)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (decision < YC_N_DECISIONS, FALSE);
  return self->allowed[decision];
}

/**
 * yc_rules_result_get_reasons:
 *
 * Returns: (transfer none) (element-type utf8): translated sentences saying why @decision
 *   is or is not allowed, naming the materials concerned; never empty
 */
GPtrArray *
yc_rules_result_get_reasons (YcRulesResult *self,
                             YcDecision     decision)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (decision < YC_N_DECISIONS, NULL);
  return self->reasons[decision];
}

/**
 * yc_rules_result_get_outstanding:
 *
 * Returns: (transfer none) (element-type YcOutstanding): every required material that is
 *   missing or defective in any way, in list order: the content of a one-time notice
 */
GPtrArray *
yc_rules_result_get_outstanding (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->outstanding;
}

/**
 * yc_rules_result_get_tolerated:
 *
 * Returns: (transfer none) (element-type YcDeferredMaterial): the materials accepting with
 *   tolerance would defer, each with its supplement deadline; empty unless that is allowed
 */
GPtrArray *
yc_rules_result_get_tolerated (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tolerated;
}

/**
 * yc_rules_result_get_supplement_deadline:
 *
 * Returns: the earliest supplement deadline of the tolerated materials; not valid when
 *   nothing is tolerated
 */
const GDate *
yc_rules_result_get_supplement_deadline (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->supplement_deadline;
}

/**
 * yc_rules_result_get_pledges:
 *
 * Returns: (transfer none) (element-type YcDeferredMaterial): the certificates a signed
 *   pledge replaces, each with its post-verification date
 */
GPtrArray *
yc_rules_result_get_pledges (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pledges;
}

/**
 * yc_rules_result_get_pledge_verify_date:
 *
 * Returns: the earliest post-verification date of the pledges; not valid without pledges
 */
const GDate *
yc_rules_result_get_pledge_verify_date (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->pledge_verify_date;
}

/**
 * yc_rules_result_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): remarks for the clerk that change no
 *   decision (an optional material with a defect, an item for another kind of applicant,
 *   a state given for an unknown material)
 */
GPtrArray *
yc_rules_result_get_warnings (YcRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->warnings;
}
