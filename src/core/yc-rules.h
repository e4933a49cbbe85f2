/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-bundle-merge.h"
#include "yc-types.h"

G_BEGIN_DECLS

/*
 * The acceptance rules (受理规则): what the clerk may decide about one application, given the
 * (merged) material list, the applicant and the state of each material.  yc_rules_evaluate()
 * is a pure function of its input and the calendar; docs/rules.md states every rule, the
 * decision logic and the JSON form used by `yichuang-catalog evaluate`.
 */

#define YC_RULES_ERROR (yc_rules_error_quark ())

typedef enum {
  YC_RULES_ERROR_INVALID,  /* a described case is malformed: message names the JSON path */
} YcRulesError;

/*
 * When the applicant is represented, the engine itself adds these two materials (required,
 * core, original checked, one copy) unless the scenario already lists a material of that code.
 */
#define YC_RULES_AGENT_POWER_OF_ATTORNEY "agent_power_of_attorney"  /* 授权委托书 */
#define YC_RULES_AGENT_ID_CARD           "agent_id_card"            /* 受托人身份证件 */

typedef enum {
  YC_DECISION_ACCEPT,                 /* 受理 */
  YC_DECISION_ACCEPT_WITH_TOLERANCE,  /* 容缺受理 */
  YC_DECISION_ACCEPT_ON_PLEDGE,       /* 承诺受理 */
  YC_DECISION_ONE_TIME_NOTICE,        /* 一次性告知 */
  YC_DECISION_REFUSE,                 /* 不予受理 */
} YcDecision;

#define YC_N_DECISIONS 5

typedef enum {
  YC_APPLICANT_PERSON,      /* 自然人 */
  YC_APPLICANT_ENTERPRISE,  /* 法人 */
} YcApplicantKind;

typedef struct {
  YcApplicantKind kind;
  gboolean        is_agent;       /* represented by an agent (委托代理人 / 代办员) */
  gboolean        dishonest;      /* on the dishonesty list (失信) */
  gboolean        broken_pledge;  /* broke an earlier pledge (承诺不实) */
} YcApplicant;

typedef enum {
  YC_MATERIAL_STATE_MISSING,    /* not handed in (the default) */
  YC_MATERIAL_STATE_PROVIDED,   /* handed in: original checked or not, a number of copies */
  YC_MATERIAL_STATE_DEFECTIVE,  /* handed in but unusable, with the clerk's reason */
  YC_MATERIAL_STATE_PLEDGED,    /* replaced by a signed pledge (告知承诺) */
  YC_MATERIAL_STATE_SHARED,     /* obtained through shared data (数据共享) */
} YcMaterialState;

typedef enum {
  YC_REFUSAL_NONE,
  YC_REFUSAL_OUT_OF_REMIT,  /* not within this hall's remit */
  YC_REFUSAL_NOT_ELIGIBLE,  /* the applicant is not eligible */
} YcRefusal;

/* Why a material is outstanding; a material shows its first problem, its message all. */
typedef enum {
  YC_PROBLEM_MISSING,
  YC_PROBLEM_DEFECTIVE,
  YC_PROBLEM_ORIGINAL_NOT_CHECKED,
  YC_PROBLEM_COPIES_SHORT,
  YC_PROBLEM_NOT_SHARED,      /* marked shared, but no shared-data source serves it */
  YC_PROBLEM_NOT_PLEDGEABLE,  /* pledged, but a pledge cannot replace it */
  YC_PROBLEM_PLEDGE_BARRED,   /* pledged, but the applicant may not pledge */
} YcProblem;

typedef struct {
  const YcMergedMaterial *material;
  YcProblem               problem;
  char                   *detail;           /* the clerk's reason for a defect, or NULL */
  guint                   copies_received;  /* for a provided material */
  gboolean                tolerable;        /* flagged, not core, applicant in good standing */
  char                   *message;          /* the notice's sentence, translated */
} YcOutstanding;

typedef struct {
  const YcMergedMaterial *material;
  GDate                   due;  /* supplement (tolerated) or post-verification (pledged) date */
} YcDeferredMaterial;

typedef struct _YcRulesInput  YcRulesInput;
typedef struct _YcRulesResult YcRulesResult;

#define YC_TYPE_RULES_INPUT  (yc_rules_input_get_type ())
#define YC_TYPE_RULES_RESULT (yc_rules_result_get_type ())

GQuark              yc_rules_error_quark               (void);
GType               yc_rules_input_get_type            (void) G_GNUC_CONST;
GType               yc_rules_result_get_type           (void) G_GNUC_CONST;

YcRulesInput       *yc_rules_input_new                 (YcMergedList       *subject);
YcRulesInput       *yc_rules_input_ref                 (YcRulesInput       *self);
void                yc_rules_input_unref               (YcRulesInput       *self);
YcMergedList       *yc_rules_input_get_subject         (YcRulesInput       *self);
void                yc_rules_input_set_applicant       (YcRulesInput       *self,
                                                        const YcApplicant  *applicant);
const YcApplicant  *yc_rules_input_get_applicant       (YcRulesInput       *self);
void                yc_rules_input_set_acceptance_date (YcRulesInput       *self,
                                                        const GDate        *date);
const GDate        *yc_rules_input_get_acceptance_date (YcRulesInput       *self);
void                yc_rules_input_set_refusal         (YcRulesInput       *self,
                                                        YcRefusal           refusal,
                                                        const char         *text);
YcRefusal           yc_rules_input_get_refusal         (YcRulesInput       *self,
                                                        const char        **text);
void                yc_rules_input_set_provided        (YcRulesInput       *self,
                                                        const char         *code,
                                                        gboolean            original_checked,
                                                        guint               copies);
void                yc_rules_input_set_missing         (YcRulesInput       *self,
                                                        const char         *code);
void                yc_rules_input_set_defective       (YcRulesInput       *self,
                                                        const char         *code,
                                                        const char         *reason);
void                yc_rules_input_set_pledged         (YcRulesInput       *self,
                                                        const char         *code);
void                yc_rules_input_set_shared          (YcRulesInput       *self,
                                                        const char         *code);
YcMaterialState     yc_rules_input_get_state           (YcRulesInput       *self,
                                                        const char         *code,
                                                        gboolean           *original_checked,
                                                        guint              *copies,
                                                        const char        **reason);
GStrv               yc_rules_input_dup_codes           (YcRulesInput       *self);

YcRulesResult      *yc_rules_evaluate                  (YcRulesInput       *input,
                                                        YcCalendar         *calendar);
YcRulesResult      *yc_rules_result_ref                (YcRulesResult      *self);
void                yc_rules_result_unref              (YcRulesResult      *self);
YcRulesInput       *yc_rules_result_get_input          (YcRulesResult      *self);
GPtrArray          *yc_rules_result_get_materials      (YcRulesResult      *self);
YcDecision          yc_rules_result_get_recommended    (YcRulesResult      *self);
gboolean            yc_rules_result_is_allowed         (YcRulesResult      *self,
                                                        YcDecision          decision);
GPtrArray          *yc_rules_result_get_reasons        (YcRulesResult      *self,
                                                        YcDecision          decision);
GPtrArray          *yc_rules_result_get_outstanding    (YcRulesResult      *self);
GPtrArray          *yc_rules_result_get_tolerated      (YcRulesResult      *self);
const GDate        *yc_rules_result_get_supplement_deadline (YcRulesResult *self);
GPtrArray          *yc_rules_result_get_pledges        (YcRulesResult      *self);
const GDate        *yc_rules_result_get_pledge_verify_date  (YcRulesResult *self);
GPtrArray          *yc_rules_result_get_warnings       (YcRulesResult      *self);

YcRulesInput       *yc_rules_input_from_json           (YcCatalog          *catalog,
                                                        JsonNode           *node,
                                                        GError            **error);
JsonNode           *yc_rules_input_to_json             (YcRulesInput       *self);
JsonNode           *yc_rules_result_to_json            (YcRulesResult      *self);

const char         *yc_decision_to_string              (YcDecision          decision);
gboolean            yc_decision_from_string            (const char         *str,
                                                        YcDecision         *decision);
const char         *yc_decision_label                  (YcDecision          decision);
const char         *yc_material_state_to_string        (YcMaterialState     state);
gboolean            yc_material_state_from_string      (const char         *str,
                                                        YcMaterialState    *state);
const char         *yc_problem_to_string               (YcProblem           problem);
const char         *yc_refusal_to_string               (YcRefusal           refusal);
gboolean            yc_refusal_from_string             (const char         *str,
                                                        YcRefusal          *refusal);
const char         *yc_refusal_label                   (YcRefusal           refusal);
const char         *yc_applicant_kind_to_string        (YcApplicantKind     kind);
gboolean            yc_applicant_kind_from_string      (const char         *str,
                                                        YcApplicantKind    *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRulesInput, yc_rules_input_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcRulesResult, yc_rules_result_unref)

G_END_DECLS
