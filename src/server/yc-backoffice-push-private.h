/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-backoffice-private.h"

G_BEGIN_DECLS

/*
 * Shared by the push (yc-backoffice-push.c) and the checks of a case.accept
 * (yc-backoffice-push-accept.c).
 */

/* A case.accept depends only on the catalog version it names, the calendar and the caller,
 * never on stored rows, so the case it builds is made before the transaction, in parallel
 * with other pushes; inside, the op still goes through every check in order and uses it
 * only when it gets that far.  Exactly one of @c, @error, @code is set after preparing. */
typedef struct {
  YcCase        *c;        /* the case, checked against its catalog version and the rules */
  YcStorageCase *row;      /* its stored form */
  YcCatalog     *catalog;  /* the version it names, for the flagged applicant's rules run */
  GError        *error;    /* the case machine refused the op, or storage failed (STORAGE) */
  char          *code;     /* else a refusal of the back office: unknown_catalog_version, */
  char          *reason;   /*   decision_not_allowed */
} YcPushAccept;

void           yc_push_accept_prepare          (YcPushAccept       *accept,
                                                YcBackoffice       *self,
                                                const YcOperation  *op,
                                                const YcActor      *actor,
                                                gint64              now);
void           yc_push_accept_clear            (YcPushAccept       *accept);

/* Inside the push's transaction, once the case machine accepted the op: a refusal (code and
 * reason, both set) for a number already taken, a window never enrolled, or tolerance or a
 * pledge for an applicant flagged before the op was created; neither set when the case may
 * be stored; FALSE with @error when storage failed. */
gboolean       yc_push_accept_check_stored     (YcBackoffice       *self,
                                                const YcPushAccept *accept,
                                                const YcOperation  *op,
                                                char              **out_code,
                                                char              **out_reason,
                                                GError            **error);

/* A pledge of @c was verified broken: flags its applicant and tells every hall (change kind
 * "applicant_flag").  Inside the push's transaction; returns the change's seq or 0 with
 * @error. */
guint64        yc_push_flag_applicant          (YcBackoffice       *self,
                                                YcCase             *c,
                                                const char         *id_number,
                                                const char         *reason,
                                                gint64              now,
                                                GError            **error);

YcStorageCase *yc_push_storage_case_new        (YcCase             *c,
                                                gint64              now);

/* yc-backoffice-push-store.c, inside the push's transaction; each returns the last change's
 * seq, or 0 with @error.  The case @op made (@row: its stored form, or NULL to make it), on
 * the feed for everyone in its scope, an urge also for its target: */
guint64        yc_push_store_case              (YcBackoffice        *self,
                                                YcCase              *c,
                                                const YcStorageCase *row,
                                                const YcOperation   *op,
                                                gint64               now,
                                                GError             **error);
/* A stale op: the losing op kept and sent to its author only. */
guint64        yc_push_store_conflict          (YcBackoffice        *self,
                                                YcPrincipal         *p,
                                                const YcOperation   *op,
                                                const YcStorageCase *server,
                                                gint64               now,
                                                GError             **error);

/* yc-backoffice-rebase.c, inside the push's transaction (parallel review): whether a review
 * op on a stale base is applied to the case as it stands (only other parts changed since),
 * and, once an op was applied, the parts it changed. */
gboolean       yc_push_rebase_check            (YcBackoffice        *self,
                                                YcPrincipal         *p,
                                                const YcOperation   *op,
                                                const YcStorageCase *row,
                                                gboolean            *out_apply,
                                                gint64              *out_known,
                                                GError             **error);
gboolean       yc_push_rebase_note             (YcBackoffice        *self,
                                                YcPrincipal         *p,
                                                const YcOperation   *op,
                                                YcCase              *c,
                                                gint64               known,
                                                GError             **error);

G_END_DECLS
