/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice-client.h"

G_BEGIN_DECLS

/*
 * Daily reconciliation (日结对账) as the back office sees it: GET /api/v1/reconciliation
 * (docs/API.md).  The window compares count and hash with yc_store_reconcile_day().
 */

typedef struct {
  char   *day;      /* YYYY-MM-DD */
  char   *hall;
  char   *window;
  gint64  count;    /* the cases of the window accepted that day that the back office holds */
  char   *hash;     /* lowercase hex SHA-256 of "<uuid>|<number>\n" lines sorted by uuid */
} YcReconciliation;

#define YC_TYPE_RECONCILIATION (yc_reconciliation_get_type ())
GType             yc_reconciliation_get_type  (void) G_GNUC_CONST;
YcReconciliation *yc_reconciliation_copy      (const YcReconciliation *reconciliation);
void              yc_reconciliation_free      (YcReconciliation       *reconciliation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcReconciliation, yc_reconciliation_free)

void              yc_backoffice_client_reconcile_async  (YcBackofficeClient   *self,
                                                         const char           *day,
                                                         const char           *hall,
                                                         const char           *window,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
YcReconciliation *yc_backoffice_client_reconcile_finish (YcBackofficeClient   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
