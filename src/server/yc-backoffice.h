/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-catalog.h"
#include "yc-calendar.h"
#include "yc-case-machine.h"
#include "yc-principal.h"

G_BEGIN_DECLS

/**
 * YcBackoffice:
 *
 * The back office without HTTP (docs/backoffice.md): users and sessions, uploads, push and
 * changes, review queries, statistics and the audit chain, over a storage interface
 * (yc-backoffice-storage.h) whose first implementation is SQLite.
 *
 * Every call is synchronous and thread-safe: the HTTP layer runs them on worker threads.
 */

#define YC_BACKOFFICE_ERROR (yc_backoffice_error_quark ())

typedef enum {
  YC_BACKOFFICE_ERROR_INVALID,       /* 400 "invalid"       (field set) */
  YC_BACKOFFICE_ERROR_UNAUTHORIZED,  /* 401 "unauthorized"  bad credentials, expired/unknown token */
  YC_BACKOFFICE_ERROR_FORBIDDEN,     /* 403 "forbidden"     role × scope */
  YC_BACKOFFICE_ERROR_NOT_FOUND,     /* 404 "not_found" */
  YC_BACKOFFICE_ERROR_CONFLICT,      /* 409 "conflict"      wrong upload offset; batch in flight */
  YC_BACKOFFICE_ERROR_GONE,          /* 410 "gone"          unknown epoch → full resync */
  YC_BACKOFFICE_ERROR_TOO_LARGE,     /* 413 "too_large" */
  YC_BACKOFFICE_ERROR_MISMATCH,      /* 422 "mismatch"      idempotency key reused with another body; checksum */
  YC_BACKOFFICE_ERROR_LOCKED_OUT,    /* 429 "locked_out"    too many failed sign-ins */
  YC_BACKOFFICE_ERROR_STORAGE,       /* 500 "storage" */
} YcBackofficeError;

/* Defaults; each can be changed on an open back office (yc_backoffice_set_*). */
#define YC_BACKOFFICE_DEFAULT_TOKEN_LIFETIME   (12 * G_TIME_SPAN_HOUR)
#define YC_BACKOFFICE_DEFAULT_UPLOAD_LIMIT     (G_GINT64_CONSTANT (50) * 1024 * 1024)
#define YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES 5
#define YC_BACKOFFICE_DEFAULT_LOCKOUT_DURATION (15 * G_TIME_SPAN_MINUTE)
/* Op ids are kept at least this long, so a client retrying late is never applied twice. */
#define YC_BACKOFFICE_OP_RETENTION_FLOOR       (90 * G_TIME_SPAN_DAY)

#define YC_TYPE_BACKOFFICE (yc_backoffice_get_type ())
G_DECLARE_FINAL_TYPE (YcBackoffice, yc_backoffice, YC, BACKOFFICE, GObject)

GQuark        yc_backoffice_error_quark       (void);
const char   *yc_backoffice_error_get_field   (const GError *error);   /* or NULL */
const char   *yc_backoffice_error_code_string (int           code);    /* "invalid", … */
guint         yc_backoffice_error_http_status (const GError *error);   /* any domain → HTTP status */

/* SQLite in data_dir/backoffice.db, blobs in data_dir/blobs (both created as needed). */
YcBackoffice *yc_backoffice_open              (const char   *data_dir,
                                               YcCalendar   *calendar,
                                               GError      **error);
/* Schema; idempotent.  The first run creates the epoch. */
gboolean      yc_backoffice_initialize        (YcBackoffice *self,
                                               GError      **error);

/* configuration */
void          yc_backoffice_set_token_lifetime (YcBackoffice *self,
                                                GTimeSpan     lifetime);
void          yc_backoffice_set_upload_limit   (YcBackoffice *self,
                                                gint64        max_bytes);
void          yc_backoffice_set_yellow_threshold (YcBackoffice *self,
                                                  guint         working_days);
guint         yc_backoffice_get_yellow_threshold (YcBackoffice *self);
void          yc_backoffice_set_lockout        (YcBackoffice *self,
                                                guint         max_failures,
                                                GTimeSpan     duration);
void          yc_backoffice_set_clock          (YcBackoffice *self,
                                                GDateTime   *(*now) (gpointer data),
                                                gpointer      data);   /* tests: token expiry, lockout, upload expiry */
const char   *yc_backoffice_get_data_dir       (YcBackoffice *self);

/* administration (the CLI) */
gboolean      yc_backoffice_user_add          (YcBackoffice       *self,
                                               const char         *username,
                                               const char         *display_name,
                                               YcRole              role,
                                               const char         *hall,
                                               const char * const *departments,
                                               const char         *password,
                                               GError            **error);
gboolean      yc_backoffice_user_disable      (YcBackoffice       *self,
                                               const char         *username,
                                               GError            **error);
gboolean      yc_backoffice_user_set_password (YcBackoffice       *self,
                                               const char         *username,
                                               const char         *password,
                                               GError            **error);
/* array of {username, display_name, role, hall, departments, disabled} */
JsonNode     *yc_backoffice_user_list         (YcBackoffice       *self,
                                               GError            **error);
gboolean      yc_backoffice_window_enroll     (YcBackoffice       *self,
                                               const char         *hall,
                                               const char         *window,
                                               const char         *description,
                                               GError            **error);
/* array of {hall, window, description, enrolled_at} */
JsonNode     *yc_backoffice_window_list       (YcBackoffice       *self,
                                               GError            **error);
gboolean      yc_backoffice_catalog_import    (YcBackoffice       *self,
                                               YcCatalog          *catalog,
                                               GError            **error);
/* FALSE + id of the first altered row (error set only when the check itself failed). */
gboolean      yc_backoffice_audit_verify      (YcBackoffice       *self,
                                               gint64             *out_first_bad_id,
                                               GError            **error);
/* Forgets op ids and finished batches older than @older_than, never younger than
 * YC_BACKOFFICE_OP_RETENTION_FLOOR.  Returns how many op ids went. */
guint         yc_backoffice_purge_op_ids      (YcBackoffice       *self,
                                               GTimeSpan           older_than);

/* Gives the change feed a new epoch: every client resynchronises from scratch.  For a
 * database restored from a backup (docs/backoffice.md). */
gboolean      yc_backoffice_new_epoch         (YcBackoffice       *self,
                                               GError            **error);
/* Cases whose tolerated material was not brought in time go TERMINATED (yc-case-machine.h).
 * Returns how many. */
guint         yc_backoffice_expire_tolerances (YcBackoffice       *self);
/* The periodic chores, for the server to run (hourly, say): abandoned uploads (after a day),
 * op ids (after the 90-day floor), expired sessions, expired tolerances. */
void          yc_backoffice_run_maintenance   (YcBackoffice       *self);

/* sessions */
char         *yc_backoffice_sign_in           (YcBackoffice  *self,
                                               const char    *username,
                                               const char    *password,
                                               const char    *peer,
                                               YcPrincipal  **out_principal,
                                               GDateTime    **out_expires,
                                               GError       **error);
YcPrincipal  *yc_backoffice_authenticate      (YcBackoffice  *self,
                                               const char    *token,
                                               GError       **error);
gboolean      yc_backoffice_sign_out          (YcBackoffice  *self,
                                               const char    *token,
                                               GError       **error);

/* catalog */
GBytes       *yc_backoffice_catalog_get       (YcBackoffice  *self,
                                               char         **out_version,
                                               char         **out_etag,
                                               GError       **error);
/* Any version the back office ever imported (yc-backoffice-catalogs.c); NOT_FOUND else. */
GBytes       *yc_backoffice_catalog_get_version (YcBackoffice *self,
                                                 const char   *version,
                                                 char        **out_etag,
                                                 GError      **error);

/* uploads (tus-style) */
/* {id, offset, length, complete} */
JsonNode     *yc_backoffice_upload_create     (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *sha256,
                                               gint64         length,
                                               GError       **error);
JsonNode     *yc_backoffice_upload_status     (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *id,
                                               GError       **error);
/* create and the chunk at offset 0 in one commit (creation with upload) */
JsonNode     *yc_backoffice_upload_create_with_data (YcBackoffice  *self,
                                                     YcPrincipal   *p,
                                                     const char    *sha256,
                                                     gint64         length,
                                                     GBytes        *chunk,
                                                     const char    *chunk_sha256,
                                                     GError       **error);
/* wrong offset → CONFLICT; on the last chunk verifies the whole hash and fsyncs before returning */
JsonNode     *yc_backoffice_upload_append     (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *id,
                                               gint64         offset,
                                               GBytes        *chunk,
                                               const char    *chunk_sha256,
                                               GError       **error);
/* for viewing materials, scope-checked */
GFile        *yc_backoffice_blob_file         (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *sha256,
                                               GError       **error);
guint         yc_backoffice_expire_uploads    (YcBackoffice  *self,
                                               GTimeSpan      older_than);

/* push and changes */
/* {batch_id, results:[…]}; replay → stored result; other body → MISMATCH; in flight → CONFLICT */
JsonNode     *yc_backoffice_push              (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *idempotency_key,
                                               GBytes        *body,
                                               GError       **error);
/* The same answer as compact JSON text, as stored for a replay (the HTTP reply's body). */
char         *yc_backoffice_push_text         (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *idempotency_key,
                                               GBytes        *body,
                                               GError       **error);
/* {changes:[{seq, kind, case_uuid, version, payload}], next: "epoch:seq", more: bool}; unknown epoch → GONE */
JsonNode     *yc_backoffice_changes           (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *since,
                                               guint          limit,
                                               GError       **error);
guint64       yc_backoffice_head_seq          (YcBackoffice  *self);
const char   *yc_backoffice_get_epoch         (YcBackoffice  *self);
/* signal "committed" (guint64 seq): emitted from the committing thread after a commit that
 * added changes; listeners marshal to their own context (long-poll `wait`). */

/* review queries, stats */
/* {total, cases:[summary…]} */
JsonNode     *yc_backoffice_query_cases       (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *department,
                                               const char    *state,
                                               const char    *deadline_status,
                                               const char    *text,
                                               const char    *sort,
                                               guint          limit,
                                               guint          offset,
                                               GError       **error);
/* the case document + history */
JsonNode     *yc_backoffice_get_case          (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *uuid,
                                               GError       **error);
JsonNode     *yc_backoffice_stats             (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const GDate   *from,
                                               const GDate   *to,
                                               GError       **error);
/* {status: "ok", version, head_seq, epoch} */
JsonNode     *yc_backoffice_health            (YcBackoffice  *self);

/* a counter's enrolment (yc-backoffice-windows.c): {hall, window, hall_name, window_name,
 * enrolled, hall_secret, next_sequence: {YYYY-MM-DD: n}} */
JsonNode     *yc_backoffice_window_info       (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const char    *hall,
                                               const char    *window,
                                               GError       **error);

/* daily reconciliation (yc-backoffice-reconcile.c): {day, hall, window, count, hash} */
JsonNode     *yc_backoffice_reconcile         (YcBackoffice  *self,
                                               YcPrincipal   *p,
                                               const GDate   *day,
                                               const char    *hall,
                                               const char    *window,
                                               GError       **error);

G_END_DECLS
