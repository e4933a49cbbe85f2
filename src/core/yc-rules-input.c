/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-rules.h"

/*
 * The input of the rules engine, as the clerk fills it in at the counter, and the names of
 * the rules' enumerations (stable keys for JSON, translated labels for people).
 */

typedef struct {
  YcMaterialState  state;
  gboolean         original_checked;
  guint            copies;
  char            *reason;
} MaterialEntry;

struct _YcRulesInput
{
  gatomicrefcount  ref_count;

  YcMergedList    *subject;
  YcApplicant      applicant;
  GDate            acceptance_date;
  YcRefusal        refusal;
  char            *refusal_text;
  GHashTable      *states;  /* material code → MaterialEntry* */
  GPtrArray       *codes;   /* the codes of @states in the order they were first set */
};

G_DEFINE_BOXED_TYPE (YcRulesInput, yc_rules_input, yc_rules_input_ref, yc_rules_input_unref)

G_DEFINE_QUARK (yc-rules-error-quark, yc_rules_error)

static const struct {
  YcDecision  decision;
  const char *key;
  const char *label;
} decisions[] = {
  { YC_DECISION_ACCEPT, "accept", N_("Accept") },
  { YC_DECISION_ACCEPT_WITH_TOLERANCE, "accept_with_tolerance", N_("Accept with tolerance") },
  { YC_DECISION_ACCEPT_ON_PLEDGE, "accept_on_pledge", N_("Accept on pledge") },
  { YC_DECISION_ONE_TIME_NOTICE, "one_time_notice", N_("One-time notice") },
  { YC_DECISION_REFUSE, "refuse", N_("Refuse") },
};

static const struct {
  YcMaterialState  state;
  const char      *key;
} states[] = {
  { YC_MATERIAL_STATE_MISSING, "missing" },
  { YC_MATERIAL_STATE_PROVIDED, "provided" },
  { YC_MATERIAL_STATE_DEFECTIVE, "defective" },
  { YC_MATERIAL_STATE_PLEDGED, "pledged" },
  { YC_MATERIAL_STATE_SHARED, "shared" },
};

static const char * const problems[] = {
  [YC_PROBLEM_MISSING] = "missing",
  [YC_PROBLEM_DEFECTIVE] = "defective",
  [YC_PROBLEM_ORIGINAL_NOT_CHECKED] = "original_not_checked",
  [YC_PROBLEM_COPIES_SHORT] = "copies_short",
  [YC_PROBLEM_NOT_SHARED] = "not_shared",
  [YC_PROBLEM_NOT_PLEDGEABLE] = "not_pledgeable",
  [YC_PROBLEM_PLEDGE_BARRED] = "pledge_barred",
};

static const struct {
  YcRefusal   refusal;
  const char *key;
  const char *label;
} refusals[] = {
  { YC_REFUSAL_NONE, "none", N_("Not refused") },
  { YC_REFUSAL_OUT_OF_REMIT, "out_of_remit", N_("Not within this hall’s remit") },
  { YC_REFUSAL_NOT_ELIGIBLE, "not_eligible", N_("Applicant not eligible") },
};

static const char * const applicant_kinds[] = {
  [YC_APPLICANT_PERSON] = "person",
  [YC_APPLICANT_ENTERPRISE] = "enterprise",
};

static void
material_entry_free (MaterialEntry *entry)
{
  g_free (entry->reason);
  g_free (entry);
}

/**
 * yc_rules_input_new:
 * @subject: the (merged) material list of the item or bundle applied for
 *
 * Creates an input in which every material is missing, the applicant is a person acting
 * for themself in good standing, nothing is refused and no acceptance date is set yet.
 * Do not change an input once it has been evaluated: the result refers to it.
 *
 * Returns: (transfer full): a new input
 */
YcRulesInput *
yc_rules_input_new (YcMergedList *subject)
{
  YcRulesInput *self;

  g_return_val_if_fail (subject != NULL, NULL);

  self = g_new0 (YcRulesInput, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->subject = yc_merged_list_ref (subject);
  self->applicant.kind = YC_APPLICANT_PERSON;
  g_date_clear (&self->acceptance_date, 1);
  self->refusal = YC_REFUSAL_NONE;
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) material_entry_free);
  self->codes = g_ptr_array_new ();

  return self;
}

YcRulesInput *
yc_rules_input_ref (YcRulesInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_rules_input_unref (YcRulesInput *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->subject, yc_merged_list_unref);
  g_free (self->refusal_text);
  g_free (self);
}

/**
 * yc_rules_input_get_subject:
 *
 * Returns: (transfer none): the material list applied for
 */
YcMergedList *
yc_rules_input_get_subject (YcRulesInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->subject;
}

void
yc_rules_input_set_applicant (YcRulesInput      *self,
                              const YcApplicant *applicant)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (applicant != NULL);
  self->applicant = *applicant;
}

const YcApplicant *
yc_rules_input_get_applicant (YcRulesInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->applicant;
}

/**
 * yc_rules_input_set_acceptance_date:
 * @date: a valid date: the day the application is accepted (deadlines count from it)
 */
void
yc_rules_input_set_acceptance_date (YcRulesInput *self,
                                    const GDate  *date)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (date != NULL && g_date_valid (date));
  self->acceptance_date = *date;
}

/**
 * yc_rules_input_get_acceptance_date:
 *
 * Returns: the acceptance date; not valid (g_date_valid()) until one is set
 */
const GDate *
yc_rules_input_get_acceptance_date (YcRulesInput *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->acceptance_date;
}

/**
 * yc_rules_input_set_refusal:
 * @refusal: why the application cannot be accepted at this hall, or %YC_REFUSAL_NONE
 * @text: (nullable): the clerk's explanation, such as the department that is competent
 */
void
yc_rules_input_set_refusal (YcRulesInput *self,
                            YcRefusal     refusal,
                            const char   *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (refusal <= YC_REFUSAL_NOT_ELIGIBLE);

  self->refusal = refusal;
  g_free (self->refusal_text);
  self->refusal_text = refusal != YC_REFUSAL_NONE ? g_strdup (text) : NULL;
}

YcRefusal
yc_rules_input_get_refusal (YcRulesInput  *self,
                            const char   **text)
{
  g_return_val_if_fail (self != NULL, YC_REFUSAL_NONE);
  if (text != NULL)
    *text = self->refusal_text;
  return self->refusal;
}

static MaterialEntry *
entry_for (YcRulesInput *self,
           const char   *code)
{
  MaterialEntry *entry = g_hash_table_lookup (self->states, code);
  char *key;

  if (entry != NULL)
    {
      g_clear_pointer (&entry->reason, g_free);
      entry->original_checked = FALSE;
      entry->copies = 0;
      return entry;
    }

  entry = g_new0 (MaterialEntry, 1);
  key = g_strdup (code);
  g_hash_table_insert (self->states, key, entry);
  g_ptr_array_add (self->codes, key);
  return entry;
}

/**
 * yc_rules_input_set_provided:
 * @code: a material code of the subject (or an agent material)
 * @original_checked: whether the clerk has checked the original
 * @copies: how many copies were handed in
 */
void
yc_rules_input_set_provided (YcRulesInput *self,
                             const char   *code,
                             gboolean      original_checked,
                             guint         copies)
{
  MaterialEntry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (code != NULL);

  entry = entry_for (self, code);
  entry->state = YC_MATERIAL_STATE_PROVIDED;
  entry->original_checked = !!original_checked;
  entry->copies = copies;
}

void
yc_rules_input_set_missing (YcRulesInput *self,
                            const char   *code)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (code != NULL);
  entry_for (self, code)->state = YC_MATERIAL_STATE_MISSING;
}

/**
 * yc_rules_input_set_defective:
 * @reason: (nullable): what is wrong, in the clerk's words (印章不清晰, 已过有效期 …)
 */
void
yc_rules_input_set_defective (YcRulesInput *self,
                              const char   *code,
                              const char   *reason)
{
  MaterialEntry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (code != NULL);

  entry = entry_for (self, code);
  entry->state = YC_MATERIAL_STATE_DEFECTIVE;
  entry->reason = g_strdup (reason);
}

void
yc_rules_input_set_pledged (YcRulesInput *self,
                            const char   *code)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (code != NULL);
  entry_for (self, code)->state = YC_MATERIAL_STATE_PLEDGED;
}

void
yc_rules_input_set_shared (YcRulesInput *self,
                           const char   *code)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (code != NULL);
  entry_for (self, code)->state = YC_MATERIAL_STATE_SHARED;
}

/**
 * yc_rules_input_get_state:
 * @original_checked: (out) (optional): for a provided material
 * @copies: (out) (optional): for a provided material, else 0
 * @reason: (out) (optional) (transfer none): for a defective material, else %NULL
 *
 * Returns: the state of @code, %YC_MATERIAL_STATE_MISSING when none was set
 */
YcMaterialState
yc_rules_input_get_state (YcRulesInput  *self,
                          const char    *code,
                          gboolean      *original_checked,
                          guint         *copies,
                          const char   **reason)
{
  MaterialEntry *entry;

  g_return_val_if_fail (self != NULL, YC_MATERIAL_STATE_MISSING);
  g_return_val_if_fail (code != NULL, YC_MATERIAL_STATE_MISSING);

  entry = g_hash_table_lookup (self->states, code);
  if (original_checked != NULL)
    *original_checked = entry != NULL && entry->original_checked;
  if (copies != NULL)
    *copies = entry != NULL ? entry->copies : 0;
  if (reason != NULL)
    *reason = entry != NULL ? entry->reason : NULL;

  return entry != NULL ? entry->state : YC_MATERIAL_STATE_MISSING;
}

/**
 * yc_rules_input_dup_codes:
 *
 * Returns: (transfer full): the codes whose state was set, in the order first set
 */
GStrv
yc_rules_input_dup_codes (YcRulesInput *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->codes->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->codes, i));
  return g_strv_builder_end (builder);
}

const char *
yc_decision_to_string (YcDecision decision)
{
  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    if (decisions[i].decision == decision)
      return decisions[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_decision_from_string (const char *str,
                         YcDecision *decision)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (decisions); i++)
    if (g_str_equal (decisions[i].key, str))
      {
        *decision = decisions[i].decision;
        return TRUE;
      }
  return FALSE;
}

/**
 * yc_decision_label:
 *
 * Returns: the translated name of a decision (受理, 容缺受理, …)
 */
const char *
yc_decision_label (YcDecision decision)
{
  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    if (decisions[i].decision == decision)
      return _(decisions[i].label);
  g_return_val_if_reached (NULL);
}

const char *
yc_material_state_to_string (YcMaterialState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (states[i].state == state)
      return states[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_material_state_from_string (const char      *str,
                               YcMaterialState *state)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (states[i].key, str))
      {
        *state = states[i].state;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_problem_to_string (YcProblem problem)
{
  g_return_val_if_fail (problem < G_N_ELEMENTS (problems), NULL);
  return problems[problem];
}

const char *
yc_refusal_to_string (YcRefusal refusal)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    if (refusals[i].refusal == refusal)
      return refusals[i].key;
  g_return_val_if_reached (NULL);
}

gboolean
yc_refusal_from_string (const char *str,
                        YcRefusal  *refusal)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (refusals); i++)
    if (g_str_equal (refusals[i].key, str))
      {
        *refusal = refusals[i].refusal;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_refusal_label (YcRefusal refusal)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    if (refusals[i].refusal == refusal)
      return _(refusals[i].label);
  g_return_val_if_reached (NULL);
}

const char *
yc_applicant_kind_to_string (YcApplicantKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (applicant_kinds), NULL);
  return applicant_kinds[kind];
}

gboolean
yc_applicant_kind_from_string (const char      *str,
                               YcApplicantKind *kind)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (applicant_kinds); i++)
    if (g_str_equal (applicant_kinds[i], str))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}
