/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * A material's pages as one PDF, the form it is stored in (the blob store, under the
 * PDF's sha256) and uploaded.  Each page keeps its physical size (pixels / dpi); colour
 * and grey pages are embedded as the JPEG they were kept as (no second compression),
 * black-and-white pages losslessly as 1-bit images.  Rotation and crop are applied here.
 */

#define YC_PAGE_PDF_MAX_PAGES 500

GBytes  *yc_page_pdf_write        (GPtrArray           *pages,
                                   GError             **error);
void     yc_page_pdf_write_async  (GPtrArray           *pages,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GBytes  *yc_page_pdf_write_finish (GAsyncResult        *result,
                                   GError             **error);

G_END_DECLS
