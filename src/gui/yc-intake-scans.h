/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-case-builder.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The scanned pages of an intake, made durable before the case is: each material of the
 * checklist that holds pages and is marked received becomes one PDF (yc_page_pdf_write())
 * put into the blob store under its SHA-256 (DESIGN.md: files first, then the
 * transaction that names them).  The result is the YcCaseScan list for yc_case_build_accepted().
 */

/* @materials: the checklist's rows (YcIntakeMaterial) */
void     yc_intake_scans_store_async  (YcStore              *store,
                                       GListModel           *materials,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns: (element-type YcCaseScan): the scans, owning their strings; possibly empty */
GArray  *yc_intake_scans_store_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
