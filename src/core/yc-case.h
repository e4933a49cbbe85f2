/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-calendar.h"
#include "yc-rules.h"

G_BEGIN_DECLS

/*
 * The case document (docs/case-life.md): what case.accept carries from the counter, and what
 * the back office keeps and sends back through the changes feed.  Only the case machine
 * (yc-case-machine.h) changes a case; everything else reads the fields below.
 *
 * yc_case_from_json() reads the full stored document (as yc_case_to_json() writes it) and is
 * strict: the error (YC_CASE_ERROR_INVALID) starts with the JSON path of the offending field,
 * e.g. "parts[1].state: unknown case state “done”".
 */

#define YC_CASE_ERROR (yc_case_error_quark ())

typedef enum {
  YC_CASE_ERROR_INVALID,  /* malformed document: message starts with the field */
} YcCaseError;

typedef enum {
  YC_CASE_STATE_ACCEPTED,             /* 已受理: no part taken for review yet */
  YC_CASE_STATE_IN_REVIEW,            /* 审核中 */
  YC_CASE_STATE_RETURNED,             /* 退回补正: the clock stands still */
  YC_CASE_STATE_SUPPLEMENTED,         /* 已补正: waiting for the reviewer again */
  YC_CASE_STATE_APPROVED,             /* parts only: the department approved (see docs) */
  YC_CASE_STATE_REJECTED,             /* 不予许可 */
  YC_CASE_STATE_AWAITING_SUPPLEMENT,  /* 容缺: approved, the tolerated material not yet in */
  YC_CASE_STATE_READY,                /* 待出件 */
  YC_CASE_STATE_ISSUED,               /* 已出件 */
  YC_CASE_STATE_WITHDRAWN,            /* 已撤回 */
  YC_CASE_STATE_TERMINATED,           /* tolerance supplement deadline expired */
  YC_CASE_STATE_CLOSED_AT_COUNTER,    /* one-time notice or refusal: no review */
} YcCaseState;

#define YC_N_CASE_STATES 12

/* A material as the case records it: one entry per version (a supplement adds a version). */
typedef enum {
  YC_CASE_MATERIAL_PROVIDED,   /* handed in (scanned: blob_sha256) */
  YC_CASE_MATERIAL_MISSING,    /* not handed in (an optional material, or a closed case) */
  YC_CASE_MATERIAL_DEFECTIVE,  /* handed in but unusable (closed cases) */
  YC_CASE_MATERIAL_PLEDGED,    /* replaced by a signed pledge: see pledges */
  YC_CASE_MATERIAL_SHARED,     /* obtained through shared data */
  YC_CASE_MATERIAL_TOLERATED,  /* missing under a tolerance commitment: see tolerated */
} YcCaseMaterialState;

typedef enum {
  YC_PLEDGE_DUE,       /* post-verification not done yet */
  YC_PLEDGE_VERIFIED,
  YC_PLEDGE_BROKEN,    /* the pledge was false: the applicant is flagged */
} YcPledgeStatus;

typedef struct {
  char                *code;
  char                *name;
  YcCaseMaterialState  state;
  guint                copies;
  guint                pages;
  char                *blob_sha256;    /* 64 lowercase hex digits, or NULL */
  char                *defect_reason;  /* or NULL */
  guint                version;        /* 1 at acceptance, +1 per supplement of that code */
  char                *added_at;       /* ISO 8601 */
} YcCaseMaterialVersion;

typedef struct {
  char    *material;
  GDate    due;          /* 容缺后补 limit */
  gboolean received;
  GDate    received_on;  /* invalid until received */
} YcCaseTolerated;

typedef struct {
  char           *material;
  GDate           due;          /* 事后核查 date */
  YcPledgeStatus  status;
  char           *verified_by;  /* or NULL */
  GDate           verified_on;  /* invalid while due */
  char           *note;         /* or NULL */
} YcCasePledge;

/* One return for supplement (补正告知) of a part. */
typedef struct {
  char     *id;            /* the op id of the return */
  char     *at;            /* ISO 8601 */
  GDate     on;            /* the day of the return */
  char     *by;            /* reviewer */
  GStrv     materials;     /* the material codes the notice named */
  char     *message;
  gboolean  new_demand;    /* it named something no earlier notice did (一次性告知 breached) */
  GStrv     new_materials; /* those codes, when new_demand; else empty */
  GStrv     unmet;         /* the named materials not supplemented since */
} YcCaseNotice;

typedef struct {
  char        *department;  /* department code */
  GStrv        items;       /* the item codes of this department in the case */
  YcCaseState  state;       /* ACCEPTED, IN_REVIEW, RETURNED, SUPPLEMENTED, APPROVED or REJECTED */
  char        *claimed_by;  /* the reviewer holding it, or NULL */
  char        *decided_by;  /* who approved or rejected, or NULL */
  char        *reason;      /* rejection reason, or NULL */
  GPtrArray   *notices;     /* of YcCaseNotice*, oldest first */
  GDate        decided_on;  /* the day it was approved or rejected: its clock stopped; or invalid */
} YcCasePart;

typedef struct {
  char     *id;               /* the op id of the urge */
  char     *by;               /* supervisor */
  char     *message;
  char     *at;               /* ISO 8601 */
  char     *department;       /* urged: that department's reviewers, or NULL … */
  char     *hall;             /* … the hall's clerks (exactly one of the two is set) */
  gboolean  acknowledged;
  char     *acknowledged_by;  /* or NULL */
  char     *acknowledged_at;  /* or NULL */
  char     *to;               /* the handler it was sent to: the part's holder or the case's
                               * clerk; NULL: every reviewer of the department (nobody held
                               * the part), or a document from before addressees */
} YcCaseUrge;

typedef struct {
  char *at;      /* ISO 8601 */
  char *actor;   /* username, or "system" */
  char *action;  /* the op kind ("review.approve"), or "case.terminate" */
  char *detail;  /* or NULL */
} YcCaseHistoryEntry;

/* Boxed, reference counted.  Read the fields; change them only through the case machine. */
typedef struct {
  char            *uuid;
  char            *number;          /* hall-window-YYYYMMDD-NNNN */
  gint64           version;         /* 1 once accepted, +1 per applied operation */
  char            *hall;
  char            *window;
  char            *clerk;           /* who accepted it */
  char            *catalog_version;

  /* subject: what is asked for */
  char            *subject_kind;    /* "item" or "bundle" */
  char            *subject_code;    /* the item's or bundle's code */
  char            *subject_name;    /* or NULL */
  JsonObject      *subject;         /* the whole subject object as given (items, answers) */

  JsonObject      *applicant;       /* kind, name, id_number, … as given */
  YcDecision       decision;
  YcCaseState      state;
  char            *accepted_at;     /* ISO 8601 */
  GDate            accepted_on;     /* the clerk's local day */
  int              committed_days;  /* working days; -1 for closed-at-counter cases without */
  GDate            deadline;        /* with the closed pauses; invalid without a limit */
  GDate            stopped_on;      /* the clock stopped (decided, withdrawn …); or invalid */
  JsonObject      *notice;          /* closed-at-counter: the notice or refusal; or NULL */

  GPtrArray       *parts;           /* of YcCasePart* */
  GPtrArray       *materials;       /* of YcCaseMaterialVersion* */
  GPtrArray       *tolerated;       /* of YcCaseTolerated* */
  GPtrArray       *pledges;         /* of YcCasePledge* */
  GArray          *pauses;          /* of YcPause; an open pause has an invalid @last */
  GPtrArray       *urges;           /* of YcCaseUrge* */
  gboolean         rated;
  guint            rating_level;    /* 1 (非常不满意) … 5 (非常满意) */
  char            *rating_comment;  /* or NULL */
  char            *rated_at;        /* or NULL */
  GDate            follow_up_due;   /* 回访: a rating of 1 or 2 opens one, due then; or invalid */
  GPtrArray       *history;         /* of YcCaseHistoryEntry*, oldest first */
} YcCase;

#define YC_TYPE_CASE (yc_case_get_type ())

GQuark              yc_case_error_quark            (void);
GType               yc_case_get_type               (void) G_GNUC_CONST;

YcCase             *yc_case_ref                    (YcCase              *self);
void                yc_case_unref                  (YcCase              *self);
YcCase             *yc_case_copy                   (YcCase              *self);   /* deep */

YcCase             *yc_case_from_json              (JsonNode            *node,
                                                    GError             **error);
JsonNode           *yc_case_to_json                (YcCase              *self);
/* The compact text of yc_case_to_json() (the same bytes), written without a tree. */
char               *yc_case_to_json_string         (YcCase              *self);

const char         *yc_case_state_to_string        (YcCaseState          state);
gboolean            yc_case_state_from_string      (const char          *str,
                                                    YcCaseState         *state);
const char         *yc_case_state_label            (YcCaseState          state);   /* translated */
/* issued, withdrawn, terminated, rejected, closed_at_counter: nothing more happens but
 * pledge verification, urges' acknowledgement and rating. */
gboolean            yc_case_state_is_final         (YcCaseState          state);

const char         *yc_case_material_state_to_string   (YcCaseMaterialState  state);
gboolean            yc_case_material_state_from_string (const char          *str,
                                                        YcCaseMaterialState *state);
const char         *yc_pledge_status_to_string     (YcPledgeStatus       status);
gboolean            yc_pledge_status_from_string   (const char          *str,
                                                    YcPledgeStatus      *status);
const char         *yc_pledge_status_label         (YcPledgeStatus       status);  /* translated */
const char         *yc_rating_level_label          (guint                level);   /* translated */
/* Working days after the day of a rating by which a poor rating (level <= 2) is followed up. */
#define YC_CASE_FOLLOW_UP_WORKING_DAYS 15
/* Levels 1 (非常不满意) and 2 (不满意) open a follow-up (回访). */
gboolean            yc_rating_level_needs_follow_up (guint               level);

/* Lookups; NULL when absent. */
YcCasePart         *yc_case_lookup_part            (YcCase              *self,
                                                    const char          *department);
YcCaseTolerated    *yc_case_lookup_tolerated       (YcCase              *self,
                                                    const char          *material);
YcCasePledge       *yc_case_lookup_pledge          (YcCase              *self,
                                                    const char          *material);
YcCaseUrge         *yc_case_lookup_urge            (YcCase              *self,
                                                    const char          *id);
/* The newest version of a material, or NULL. */
YcCaseMaterialVersion *yc_case_lookup_material     (YcCase              *self,
                                                    const char          *code);
/* The applicant's identity number ("id_number"), or NULL. */
const char         *yc_case_get_applicant_id       (YcCase              *self);
/* Every department of the case's parts, NULL-terminated, in part order. */
GStrv               yc_case_dup_departments        (YcCase              *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCase, yc_case_unref)

G_END_DECLS
