/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Errors of the sync client.  Each comes with a translated message a clerk can act on.
 * The codes of the back office's JSON errors (docs/API.md, "Errors") map one to one;
 * everything that means "the back office cannot be reached now" is OFFLINE, which is what
 * makes the counter fall back to working offline.
 */

#define YC_SYNC_ERROR (yc_sync_error_quark ())

typedef enum {
  YC_SYNC_ERROR_FAILED,         /* anything not listed below */
  YC_SYNC_ERROR_OFFLINE,        /* refused, unreachable, no DNS, timed out, 502/503/504 */
  YC_SYNC_ERROR_INSECURE,       /* plain HTTP to a host that is not loopback: refused */
  YC_SYNC_ERROR_TLS,            /* the back office's certificate is not trusted */
  YC_SYNC_ERROR_PROTOCOL,       /* an answer that is not what the API documents */
  YC_SYNC_ERROR_INVALID,        /* 400 invalid */
  YC_SYNC_ERROR_UNAUTHORIZED,   /* 401: wrong credentials, or the session ended */
  YC_SYNC_ERROR_FORBIDDEN,      /* 403 */
  YC_SYNC_ERROR_NOT_FOUND,      /* 404 */
  YC_SYNC_ERROR_CONFLICT,       /* 409 */
  YC_SYNC_ERROR_GONE,           /* 410: the change cursor is of another epoch */
  YC_SYNC_ERROR_TOO_LARGE,      /* 411, 413 */
  YC_SYNC_ERROR_MISMATCH,       /* 422 */
  YC_SYNC_ERROR_LOCKED_OUT,     /* 429: too many failed sign-ins */
  YC_SYNC_ERROR_SERVER,         /* 500 storage / internal */
  YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL, /* offline sign-in of a user never signed in online here */
  YC_SYNC_ERROR_NOT_SIGNED_IN,  /* the call needs a signed-in session */
} YcSyncError;

GQuark   yc_sync_error_quark           (void);

/* The code of a JSON error body's "code" member ("locked_out" …), or FAILED. */
YcSyncError yc_sync_error_from_code    (const char   *code,
                                        guint         status);

/* Whether @error means that the back office cannot be reached right now. */
gboolean yc_sync_error_is_offline      (const GError *error);

G_END_DECLS
