/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Plain descriptions of cases as the store keeps them.  Decisions and material states are
 * the rules engine's words (yc_decision_to_string(), yc_material_state_to_string()), kept
 * as text; yc_store_accept_case() refuses any other word.
 */

typedef enum {
  YC_CASE_KIND_ITEM,    /* one service item */
  YC_CASE_KIND_BUNDLE,  /* 一件事: several items */
} YcCaseKind;

typedef struct {
  char  *code;           /* material code of the catalog */
  char  *state;          /* missing, provided, defective, pledged or shared */
  guint  copies;
  guint  pages;          /* scanned pages */
  char  *blob_sha256;    /* the scanned file in the blob store, or NULL */
  char  *defect_reason;  /* or NULL */
} YcCaseMaterial;

/* What the counter hands to yc_store_accept_case(). */
typedef struct {
  YcCaseKind  kind;
  char       *subject_code;     /* the item's or the bundle's code */
  char       *scenario_json;    /* JSON: scenario code(s) and the answers that chose them */
  char       *catalog_version;  /* the catalog the decision was made against */
  char       *applicant_json;   /* JSON: person or enterprise, agent, flags */
  char       *decision;         /* accept, accept_with_tolerance, accept_on_pledge,
                                 * one_time_notice or refuse */
  char       *state;            /* NULL: "accepted" */
  GDateTime  *accepted_at;      /* NULL: now */
  char       *supplement_due;   /* YYYY-MM-DD, or NULL */
  GPtrArray  *materials;        /* of YcCaseMaterial*, in the order shown */
} YcCaseDraft;

/* A case as stored. */
typedef struct {
  char       *uuid;             /* the identity */
  char       *number;           /* what people read: hall-window-YYYYMMDD-NNNN */
  YcCaseKind  kind;
  char       *subject_code;
  char       *scenario_json;
  char       *catalog_version;
  char       *applicant_json;
  char       *decision;
  char       *state;
  GDateTime  *accepted_at;
  char       *accepted_on;      /* local date, YYYY-MM-DD */
  char       *supplement_due;
  gint64      version;          /* the server's version; 0 until acknowledged */
  char       *sync_state;       /* pending, synced, conflict, rejected */
  GDateTime  *updated_at;
  GPtrArray  *materials;        /* of YcCaseMaterial* */
} YcStoredCase;

/* An operation waiting to be pushed to the back office. */
typedef struct {
  gint64     seq;               /* commit order */
  char      *op_id;             /* UUID, the idempotency key of the operation */
  char      *case_uuid;         /* or NULL */
  char      *kind;              /* case.accept, … */
  char      *payload_json;
  GDateTime *created_at;
  guint      attempts;
  char      *last_error;        /* or NULL */
} YcOutboxOp;

const char     *yc_case_kind_to_string       (YcCaseKind            kind);
gboolean        yc_case_kind_from_string     (const char           *str,
                                              YcCaseKind           *kind);

YcCaseMaterial *yc_case_material_new         (const char           *code,
                                              const char           *state,
                                              guint                 copies,
                                              guint                 pages,
                                              const char           *blob_sha256,
                                              const char           *defect_reason);
YcCaseMaterial *yc_case_material_copy        (const YcCaseMaterial *material);
void            yc_case_material_free        (YcCaseMaterial       *material);

YcCaseDraft    *yc_case_draft_new            (YcCaseKind            kind,
                                              const char           *subject_code);
YcCaseDraft    *yc_case_draft_copy           (const YcCaseDraft    *draft);
void            yc_case_draft_free           (YcCaseDraft          *draft);
void            yc_case_draft_add_material   (YcCaseDraft          *draft,
                                              const char           *code,
                                              const char           *state,
                                              guint                 copies,
                                              guint                 pages,
                                              const char           *blob_sha256,
                                              const char           *defect_reason);

void            yc_stored_case_free          (YcStoredCase         *stored);
void            yc_outbox_op_free            (YcOutboxOp           *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseMaterial, yc_case_material_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseDraft, yc_case_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStoredCase, yc_stored_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxOp, yc_outbox_op_free)

G_END_DECLS
