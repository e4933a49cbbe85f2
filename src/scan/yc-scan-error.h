/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors of scanning and importing materials.  Every message is translated and says what
 * the clerk can do; pages scanned before an error are never thrown away. */

#define YC_SCAN_ERROR (yc_scan_error_quark ())

typedef enum {
  YC_SCAN_ERROR_FAILED,            /* anything not listed below */
  YC_SCAN_ERROR_NO_DEVICE,         /* the named scanner is not there (unplugged, switched off) */
  YC_SCAN_ERROR_BUSY,              /* another program is using the scanner */
  YC_SCAN_ERROR_JAMMED,            /* paper jam */
  YC_SCAN_ERROR_COVER_OPEN,        /* the cover or the feeder is open */
  YC_SCAN_ERROR_NO_DOCUMENTS,      /* the feeder is empty */
  YC_SCAN_ERROR_DEVICE_GONE,       /* input/output error: the scanner stopped answering */
  YC_SCAN_ERROR_ACCESS_DENIED,     /* no permission to use the scanner */
  YC_SCAN_ERROR_UNSUPPORTED,       /* a setting the scanner does not have */
  YC_SCAN_ERROR_UNSUPPORTED_FILE,  /* not a PDF, JPEG, PNG or TIFF file */
  YC_SCAN_ERROR_CORRUPT_FILE,      /* a damaged or truncated file */
  YC_SCAN_ERROR_ENCRYPTED_FILE,    /* a password-protected PDF */
  YC_SCAN_ERROR_TOO_LARGE,         /* the file or the number of pages is above the limit */
} YcScanError;

GQuark yc_scan_error_quark (void);

G_END_DECLS
