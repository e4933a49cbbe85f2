/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-json-writer.h"

G_BEGIN_DECLS

/*
 * The JSON wire types of the sync protocol (DESIGN.md, docs/case-life.md): one operation,
 * a batch of operations as pushed, and the result of each operation.  Everything a user does
 * to a case — clerk, reviewer, supervisor — travels as one of these, through the same outbox.
 *
 * An operation on the wire:
 *
 *   {"op_id": "<uuid>", "case_uuid": "<uuid>", "base_version": 3, "kind": "review.approve",
 *    "payload": {…}, "created_at": "2026-11-22T09:30:00+08:00"}
 *
 * Parsing is strict: every member must be present with its type (payload an object), no
 * unknown member; the error (YC_OPERATION_ERROR_INVALID) names the member, e.g. "ops[2].kind".
 * The payload itself is checked by the case machine (yc-case-machine.h), which knows each kind.
 */

#define YC_OPERATION_ERROR (yc_operation_error_quark ())

typedef enum {
  YC_OPERATION_ERROR_INVALID,  /* malformed operation or batch: message starts with the field */
} YcOperationError;

typedef enum {
  YC_OP_CASE_ACCEPT,        /* "case.accept"      clerk: a new case (payload: the case document) */
  YC_OP_CASE_SUPPLEMENT,    /* "case.supplement"  clerk: materials brought later (tolerated or returned-for) */
  YC_OP_CASE_WITHDRAW,      /* "case.withdraw"    clerk: the applicant withdraws */
  YC_OP_CASE_ISSUE,         /* "case.issue"       clerk: result handed over, signature confirmed */
  YC_OP_REVIEW_CLAIM,       /* "review.claim"     reviewer: takes a part (others see who holds it) */
  YC_OP_REVIEW_RELEASE,     /* "review.release" */
  YC_OP_REVIEW_APPROVE,     /* "review.approve"   reviewer: approves the department's part */
  YC_OP_REVIEW_RETURN,      /* "review.return"    reviewer: return for supplement, citing materials */
  YC_OP_REVIEW_REJECT,      /* "review.reject"    reviewer: with a reason */
  YC_OP_PLEDGE_VERIFY,      /* "pledge.verify"    reviewer: post-verification verified | broken */
  YC_OP_SUPERVISION_URGE,   /* "supervision.urge" supervisor: urge the handler, with a message */
  YC_OP_URGE_ACK,           /* "urge.ack"         the urged handler acknowledges */
  YC_OP_RATING_SUBMIT,      /* "rating.submit"    好差评: level 1..5 + comment (clerk's device) */
} YcOpKind;

#define YC_N_OP_KINDS 13

/* Boxed, reference counted (yc_operation_ref/unref).  The fields are read-only once built. */
typedef struct {
  char       *op_id;         /* UUID */
  char       *case_uuid;     /* UUID */
  gint64      base_version;  /* the case version the client saw; 0 for case.accept */
  YcOpKind    kind;
  JsonObject *payload;       /* never NULL */
  char       *created_at;    /* ISO 8601 with a time zone, the client's clock */
} YcOperation;

typedef enum {
  YC_OP_RESULT_OK,        /* "ok":       applied, "version" is the new version */
  YC_OP_RESULT_CONFLICT,  /* "conflict": base_version is stale; the server's version kept */
  YC_OP_RESULT_REJECTED,  /* "rejected": "code" and "reason" say why */
} YcOpResultKind;

#define YC_TYPE_OPERATION (yc_operation_get_type ())

GQuark        yc_operation_error_quark      (void);
GType         yc_operation_get_type         (void) G_GNUC_CONST;

/* @payload may be NULL (an empty object); it is copied.  @created_at NULL: now, local time. */
YcOperation  *yc_operation_new              (const char         *op_id,
                                             const char         *case_uuid,
                                             gint64              base_version,
                                             YcOpKind            kind,
                                             JsonObject         *payload,
                                             const char         *created_at);
YcOperation  *yc_operation_ref              (YcOperation        *op);
void          yc_operation_unref            (YcOperation        *op);

/* Strict; on error the message starts with the field ("kind: unknown operation kind …").
 * The op keeps @node's payload object (sealed: it cannot be changed any more), not a copy. */
YcOperation  *yc_operation_from_json        (JsonNode           *node,
                                             GError            **error);
JsonNode     *yc_operation_to_json          (const YcOperation  *op);
/* The compact text of yc_operation_to_json() (the same bytes), written without a tree. */
char         *yc_operation_to_json_string   (const YcOperation  *op);

const char   *yc_op_kind_to_string          (YcOpKind            kind);
gboolean      yc_op_kind_from_string        (const char         *str,
                                             YcOpKind           *kind);
const char   *yc_op_kind_label              (YcOpKind            kind);   /* translated */

/*
 * Batch: {"batch_id": "<uuid>", "ops": [op, …]} → GPtrArray of YcOperation* (owning; free
 * function set).  At least one op, at most YC_OPERATION_BATCH_MAX; op ids unique within the
 * batch.  Field names in errors are "batch_id", "ops", "ops[3].payload" ….  As with
 * yc_operation_from_json(), each op keeps (and seals) its payload object of @node.
 */
#define YC_OPERATION_BATCH_MAX 500

GPtrArray    *yc_operation_batch_from_json  (JsonNode           *node,
                                             char              **out_batch_id,
                                             GError            **error);
JsonNode     *yc_operation_batch_to_json    (const char         *batch_id,
                                             GPtrArray          *ops);

/* Every blob sha256 an operation refers to (case.accept and case.supplement materials), so
 * that the server can check they were uploaded before applying.  NULL-terminated; never NULL. */
GStrv         yc_operation_dup_blob_refs    (const YcOperation  *op);

const char   *yc_op_result_kind_to_string   (YcOpResultKind      kind);
gboolean      yc_op_result_kind_from_string (const char         *str,
                                             YcOpResultKind     *kind);
/* {"op_id", "result": "ok"|"conflict"|"rejected", "version": n, "code": "...", "reason": "..."};
 * "code" and "reason" are left out when NULL.  The server may add members to the object. */
JsonNode     *yc_op_result_to_json          (const char         *op_id,
                                             YcOpResultKind      kind,
                                             gint64              version,
                                             const char         *code,
                                             const char         *reason);
/* The same members into an object @writer has begun, for an answer written as text. */
void          yc_op_result_write_members    (YcJsonWriter       *writer,
                                             const char         *op_id,
                                             YcOpResultKind      kind,
                                             gint64              version,
                                             const char         *code,
                                             const char         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOperation, yc_operation_unref)

G_END_DECLS
