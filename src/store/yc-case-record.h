/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The store's own plain records.  Cases themselves are YcCase documents (yc-case.h); the
 * store keeps them as they are (yc_store_accept_case(), yc_store_apply_operation()).
 */

/* An operation waiting to be pushed to the back office. */
typedef struct {
  gint64     seq;               /* commit order */
  char      *op_id;             /* UUID, the idempotency key of the operation */
  char      *case_uuid;         /* or NULL */
  char      *kind;              /* case.accept, … */
  char      *payload_json;      /* the whole operation: yc_operation_to_json() */
  GDateTime *created_at;
  guint      attempts;
  char      *last_error;        /* or NULL */
} YcOutboxOp;

void            yc_outbox_op_free            (YcOutboxOp           *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxOp, yc_outbox_op_free)

G_END_DECLS
