/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Errors of the local store.  Every code comes with a translated message that tells a
 * clerk or an administrator what to do; the technical detail (SQLite's or the system's
 * own words) follows in parentheses for the administrator.
 */

#define YC_STORE_ERROR (yc_store_error_quark ())

typedef enum {
  YC_STORE_ERROR_FAILED,        /* anything not listed below */
  YC_STORE_ERROR_CORRUPT,       /* the database or a blob file is damaged; left as it is */
  YC_STORE_ERROR_LOCKED,        /* another program holds the database past the busy timeout */
  YC_STORE_ERROR_READ_ONLY,     /* the database or its disk cannot be written */
  YC_STORE_ERROR_PERMISSION,    /* the file or folder cannot be opened */
  YC_STORE_ERROR_FULL,          /* the disk (or the database's size limit) is full */
  YC_STORE_ERROR_IO,            /* the disk reported an error */
  YC_STORE_ERROR_TOO_NEW,       /* written by a newer Yichuang; left untouched */
  YC_STORE_ERROR_NOT_FOUND,     /* no such case, no catalog imported, … */
  YC_STORE_ERROR_NOT_ENROLLED,  /* the window has no hall and window codes yet */
  YC_STORE_ERROR_CONFLICT,      /* contradicts what is stored (enrolment, catalog version) */
  YC_STORE_ERROR_INVALID,       /* the caller's description is incomplete or malformed */
  YC_STORE_ERROR_LEGACY,        /* a case saved before schema 4, without its document */
  YC_STORE_ERROR_WRONG_PASSWORD, /* offline sign-in: the password does not match the cache */
  YC_STORE_ERROR_NOT_ADDRESSEE, /* an urge addressed to someone else */
} YcStoreError;

GQuark yc_store_error_quark (void);

G_END_DECLS
