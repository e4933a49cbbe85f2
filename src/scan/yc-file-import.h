/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * Materials brought as files (a USB stick, an e-mail): PDF, JPEG, PNG and TIFF, recognised
 * by their content, never by their name.  Every page becomes a YcScanPage, so imported and
 * scanned pages are edited and stored the same way.  PDF pages are rendered with poppler.
 *
 * Limits keep a hostile file from exhausting the counter PC: the file size, the number of
 * pages (YC_PAGE_PDF_MAX_PAGES) and the pixels of one page.
 */

typedef enum {
  YC_FILE_KIND_UNKNOWN,
  YC_FILE_KIND_PDF,
  YC_FILE_KIND_JPEG,
  YC_FILE_KIND_PNG,
  YC_FILE_KIND_TIFF,
} YcFileKind;

#define YC_FILE_IMPORT_MAX_BYTES   (64 * 1024 * 1024)
#define YC_FILE_IMPORT_MAX_PIXELS  (120 * 1000 * 1000)
#define YC_FILE_IMPORT_PDF_DPI     200

YcFileKind  yc_file_sniff             (const guint8        *data,
                                       gsize                length);

/* @name: how the file is called in error messages (its display name) */
GPtrArray  *yc_file_import_bytes      (GBytes              *bytes,
                                       const char          *name,
                                       guint                jpeg_quality,
                                       GCancellable        *cancellable,
                                       GError             **error);
/* Reads and converts @file in a worker thread.  Returns a GPtrArray of YcScanPage. */
void        yc_file_import_async      (GFile               *file,
                                       guint                jpeg_quality,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray  *yc_file_import_finish     (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
