/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-case-record.h"

void
yc_outbox_op_free (YcOutboxOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->case_uuid);
  g_free (op->kind);
  g_free (op->payload_json);
  g_clear_pointer (&op->created_at, g_date_time_unref);
  g_free (op->last_error);
  g_free (op);
}
