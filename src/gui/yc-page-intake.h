/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-intake-material.h"
#include "yc-scanner.h"

G_BEGIN_DECLS

/*
 * Pages into a material of the checklist: scanned (yc-scanner.h) or imported from a file
 * (yc-file-import.h).  Each scanned page lands in the material's pages as soon as it is
 * complete, so an error or a cancel in the middle of a feeder batch keeps the pages before
 * it.  The material is busy meanwhile (yc_intake_material_get_busy()), with the progress of
 * the current page; yc_intake_material_cancel_work() stops it.
 *
 * @position: where the new pages go, G_MAXUINT for after the last; with @replace the page
 * at @position is replaced by the first new page (the clerk's 重扫此页).  A material still
 * marked missing is marked received in its form when its first page arrives.
 */

void      yc_page_intake_scan_async    (YcIntakeMaterial      *material,
                                        const char            *device,
                                        const YcScanSettings  *settings,
                                        guint                  position,
                                        gboolean               replace,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
/* Returns: whether the scan completed; @out_pages: the pages added, also on an error */
gboolean  yc_page_intake_scan_finish   (GAsyncResult          *result,
                                        guint                 *out_pages,
                                        GError               **error);
void      yc_page_intake_import_async  (YcIntakeMaterial      *material,
                                        GFile                 *file,
                                        guint                  position,
                                        gboolean               replace,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data);
gboolean  yc_page_intake_import_finish (GAsyncResult          *result,
                                        guint                 *out_pages,
                                        GError               **error);

G_END_DECLS
