/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yc-blob-store.h"
#include "yc-case-machine.h"
#include "yc-case-record.h"
#include "yc-catalog.h"
#include "yc-store-credentials.h"
#include "yc-store-error.h"

G_BEGIN_DECLS

/*
 * The window's local store: one directory holding yichuang.db (SQLite, WAL,
 * synchronous=FULL) and blobs/ (scanned files by content hash).  Schema and durability
 * rules: docs/store.md.
 *
 * The _async functions run, in the order they were called, on one writer thread the
 * store owns, and call back on the caller's thread-default main context.  The blocking
 * functions are for tests, tools and that thread; they may be called from any thread
 * (the store serialises them) but never from a GUI's main loop.
 */

typedef enum {
  YC_STORE_OPEN_FLAGS_NONE      = 0,
  YC_STORE_OPEN_FLAGS_READ_ONLY = 1 << 0,  /* inspect a store without writing to it */
} YcStoreOpenFlags;

typedef enum {
  YC_OUTBOX_RESULT_OK,        /* applied; the case is synced unless more operations wait */
  YC_OUTBOX_RESULT_CONFLICT,  /* the server kept its version; shown to the user */
  YC_OUTBOX_RESULT_REJECTED,  /* refused with a reason */
} YcOutboxResult;

#define YC_STORE_DATABASE_NAME "yichuang.db"
#define YC_STORE_BLOBS_NAME    "blobs"
#define YC_STORE_LOCK_NAME     "yichuang.lock"

#define YC_TYPE_STORE (yc_store_get_type ())
G_DECLARE_FINAL_TYPE (YcStore, yc_store, YC, STORE, GObject)

YcStore      *yc_store_open                 (const char           *directory,
                                             GError              **error);
YcStore      *yc_store_open_full            (const char           *directory,
                                             YcStoreOpenFlags      flags,
                                             GError              **error);
void          yc_store_open_async           (const char           *directory,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
YcStore      *yc_store_open_finish          (GAsyncResult         *result,
                                             GError              **error);

const char   *yc_store_get_directory        (YcStore              *self);
YcBlobStore  *yc_store_get_blob_store       (YcStore              *self);
void          yc_store_set_busy_timeout     (YcStore              *self,
                                             guint                 milliseconds);

/*
 * Signal "cases-changed" (YcStore *store, GStrv uuids): cases were written (accepted here,
 * an operation applied here, pulled from the back office).  Emitted after the commit, on
 * the thread-default main context of the thread that opened the store (for
 * yc_store_open_async: the caller's), never on the writer thread.  @uuids names the cases
 * (NULL-terminated, never empty).  Review lists (YcCaseListModel) refresh on it.
 */

/* The working-day calendar the store evaluates the clocks of the review queue's rows with
 * (docs/store.md, "The review queue"); by default yc_calendar_new_default(). */
void          yc_store_set_calendar         (YcStore              *self,
                                             YcCalendar           *calendar);

/* The catalog (yc-store-catalog.c) */
gboolean      yc_store_import_catalog       (YcStore              *self,
                                             YcCatalog            *catalog,
                                             GError              **error);
void          yc_store_import_catalog_async (YcStore              *self,
                                             YcCatalog            *catalog,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      yc_store_import_catalog_finish (YcStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
YcCatalog    *yc_store_load_catalog         (YcStore              *self,
                                             GError              **error);
void          yc_store_load_catalog_async   (YcStore              *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
YcCatalog    *yc_store_load_catalog_finish  (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* The window device, enrolled once, and its case-number sequences (yc-store-device.c) */
gboolean      yc_store_enroll_device        (YcStore              *self,
                                             const char           *hall_code,
                                             const char           *window_code,
                                             GError              **error);
void          yc_store_enroll_device_async  (YcStore              *self,
                                             const char           *hall_code,
                                             const char           *window_code,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      yc_store_enroll_device_finish (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean      yc_store_get_device           (YcStore              *self,
                                             char                **out_hall_code,
                                             char                **out_window_code,
                                             char                **out_device_id,
                                             GError              **error);
gboolean      yc_store_set_sequence_floor   (YcStore              *self,
                                             const char           *day,
                                             guint                 next,
                                             GError              **error);
void          yc_store_set_sequence_floor_async (YcStore             *self,
                                                 const char          *day,
                                                 guint                next,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      yc_store_set_sequence_floor_finish (YcStore            *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

/* Scanned files: written durably, then recorded */
char         *yc_store_put_blob             (YcStore              *self,
                                             GBytes               *bytes,
                                             const char           *media_type,
                                             GError              **error);
void          yc_store_put_blob_async       (YcStore              *self,
                                             GBytes               *bytes,
                                             const char           *media_type,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char         *yc_store_put_blob_finish      (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
char         *yc_store_put_blob_file        (YcStore              *self,
                                             GFile                *file,
                                             const char           *media_type,
                                             GCancellable         *cancellable,
                                             GError              **error);
GBytes       *yc_store_read_blob            (YcStore              *self,
                                             const char           *sha256,
                                             GError              **error);

/* Cases (yc-store-cases.c): YcCase documents (yc-case.h, yc-case-builder.h) */
gboolean      yc_store_accept_case          (YcStore              *self,
                                             YcCase               *case_doc,
                                             GError              **error);
void          yc_store_accept_case_async    (YcStore              *self,
                                             YcCase               *case_doc,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
YcCase       *yc_store_accept_case_finish   (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
YcCase       *yc_store_get_case             (YcStore              *self,
                                             const char           *uuid,
                                             GError              **error);
void          yc_store_get_case_async       (YcStore              *self,
                                             const char           *uuid,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
YcCase       *yc_store_get_case_finish      (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
GPtrArray    *yc_store_list_cases           (YcStore              *self,
                                             const char           *day,
                                             GError              **error);
void          yc_store_list_cases_async     (YcStore              *self,
                                             const char           *day,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *yc_store_list_cases_finish    (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* yc_store_list_cases() and this: the cases this window accepted on @day (the store also
 * keeps other windows' cases of the user's scope, for the review queue).
 * uuid → "pending" | "synced" | "conflict" | "rejected", for the cases of @day */
GHashTable   *yc_store_list_sync_states     (YcStore              *self,
                                             const char           *day,
                                             GError              **error);
void          yc_store_list_sync_states_async (YcStore            *self,
                                               const char         *day,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
GHashTable   *yc_store_list_sync_states_finish (YcStore           *self,
                                                GAsyncResult      *result,
                                                GError           **error);

/* Later operations on a stored case (yc-store-operations.c) */
YcCase       *yc_store_apply_operation      (YcStore              *self,
                                             YcOperation          *op,
                                             const YcActor        *actor,
                                             YcCalendar           *calendar,
                                             GError              **error);
void          yc_store_apply_operation_async (YcStore             *self,
                                              YcOperation         *op,
                                              const YcActor       *actor,
                                              YcCalendar          *calendar,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
YcCase       *yc_store_apply_operation_finish (YcStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);

/* The outbox (yc-store-outbox.c) */
GPtrArray    *yc_store_outbox_peek          (YcStore              *self,
                                             guint                 limit,
                                             GError              **error);
gint64        yc_store_outbox_count         (YcStore              *self,
                                             GError              **error);
gboolean      yc_store_outbox_complete      (YcStore              *self,
                                             const char           *op_id,
                                             YcOutboxResult        result,
                                             gint64                server_version,
                                             GError              **error);
gboolean      yc_store_outbox_record_failure (YcStore             *self,
                                              const char          *op_id,
                                              const char          *reason,
                                              GError             **error);

void          yc_store_outbox_peek_async    (YcStore              *self,
                                             guint                 limit,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *yc_store_outbox_peek_finish   (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
void          yc_store_outbox_complete_async (YcStore             *self,
                                              const char          *op_id,
                                              YcOutboxResult       result,
                                              gint64               server_version,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      yc_store_outbox_complete_finish (YcStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);
void          yc_store_outbox_record_failure_async (YcStore             *self,
                                                    const char          *op_id,
                                                    const char          *reason,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      yc_store_outbox_record_failure_finish (YcStore            *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/*
 * Sync bookkeeping (yc-store-sync.c, schema v6; docs/store.md "Sync", docs/sync-client.md).
 * The sync engine (src/sync/yc-sync-engine.c) is the only writer of these; the GUI reads
 * problems, urges, flags and day closings, and resolves problems.
 */

/* An operation the back office did not apply: a lost conflict or a refusal.  Kept with the
 * op's payload until a user discards it (then kept as resolved) or retries it. */
typedef struct {
  gint64  id;
  char   *op_id;           /* the op that lost or was refused */
  char   *case_uuid;
  char   *case_number;     /* nullable */
  char   *op_kind;         /* "case.accept", … */
  char   *result;          /* "conflict" | "rejected" */
  char   *code;            /* the server's code; nullable for conflicts */
  char   *reason;          /* the server's reason (may be English or technical); nullable */
  char   *payload;         /* the op's "payload" object as JSON text; kept, never dropped */
  gint64  server_version;  /* the case's version on the back office when it answered */
  char   *created_at;      /* UTC ISO 8601 */
  /* added: */
  char   *author;          /* the user whose op it was */
  char   *resolution;      /* NULL while open, "discarded" or "retried" */
  char   *resolved_by;     /* nullable */
  char   *resolved_at;     /* nullable */
  char   *retry_op_id;     /* the new op of a retry; nullable */
} YcSyncProblem;

/* A supervisor's urge for a case of this window's scope, from the change feed. */
typedef struct {
  char *id;
  char *case_uuid;
  char *case_number;       /* nullable */
  char *message;
  char *from_user;
  char *created_at;        /* as the back office wrote it */
  char *acknowledged_at;   /* nullable: open */
  /* added (schema 8, docs/supervision.md "The handler"): */
  char *addressee;         /* the handler it was sent to; NULL: everyone of its department or
                            * hall (nobody held the part, or stored before addressees) */
  char *department;        /* the urged department, or NULL … */
  char *hall;              /* … the urged hall; both NULL when not known here */
} YcUrge;

/* Day closing (日结对账): the local and the back office's count and hash of one day. */
typedef struct {
  char   *day;             /* YYYY-MM-DD */
  gint64  local_count;
  char   *local_hash;
  gint64  server_count;
  char   *server_hash;
  char   *explanation;     /* required when the two sides differ; nullable otherwise */
  char   *closed_by;
  char   *closed_at;       /* UTC ISO 8601; filled in by the store when NULL */
} YcDayClosing;

#define YC_TYPE_SYNC_PROBLEM (yc_sync_problem_get_type ())
#define YC_TYPE_URGE         (yc_urge_get_type ())
#define YC_TYPE_DAY_CLOSING  (yc_day_closing_get_type ())
GType          yc_sync_problem_get_type      (void) G_GNUC_CONST;
GType          yc_urge_get_type              (void) G_GNUC_CONST;
GType          yc_day_closing_get_type       (void) G_GNUC_CONST;
YcSyncProblem *yc_sync_problem_copy          (const YcSyncProblem  *problem);
void           yc_sync_problem_free          (YcSyncProblem        *problem);
YcUrge        *yc_urge_copy                  (const YcUrge         *urge);
void           yc_urge_free                  (YcUrge               *urge);
YcDayClosing  *yc_day_closing_copy           (const YcDayClosing   *closing);
void           yc_day_closing_free           (YcDayClosing         *closing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSyncProblem, yc_sync_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcUrge, yc_urge_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDayClosing, yc_day_closing_free)

/* Problems.  Element type YcSyncProblem, newest first. */
GPtrArray    *yc_store_list_problems        (YcStore              *self,
                                             gboolean              include_resolved,
                                             GError              **error);
void          yc_store_list_problems_async  (YcStore              *self,
                                             gboolean              include_resolved,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *yc_store_list_problems_finish (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Marks the problem resolved ("discarded", by @username, now); it is never deleted.
 * YC_STORE_ERROR_NOT_FOUND for an unknown id, _CONFLICT when already resolved. */
gboolean      yc_store_discard_problem      (YcStore              *self,
                                             gint64                id,
                                             const char           *username,
                                             GError              **error);
void          yc_store_discard_problem_async (YcStore             *self,
                                              gint64               id,
                                              const char          *username,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      yc_store_discard_problem_finish (YcStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* Queues a new op (a new op id, author @username) of the problem's kind with @payload
 * (JSON object text; NULL: the stored one) at the case's current version (0 for
 * case.accept), and resolves the problem as "retried", in one transaction.  The case
 * becomes pending.  The same errors as discard, and _INVALID for a payload that is not a
 * JSON object. */
gboolean      yc_store_retry_problem        (YcStore              *self,
                                             gint64                id,
                                             const char           *payload,
                                             const char           *username,
                                             GError              **error);
void          yc_store_retry_problem_async  (YcStore              *self,
                                             gint64                id,
                                             const char           *payload,
                                             const char           *username,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      yc_store_retry_problem_finish (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Day closing (日结对账).  A day whose two sides differ (count or hash) is closed only with
 * a non-empty explanation (else YC_STORE_ERROR_INVALID); a day is closed once
 * (YC_STORE_ERROR_CONFLICT the second time). */
gboolean      yc_store_close_day            (YcStore              *self,
                                             const YcDayClosing   *closing,
                                             GError              **error);
void          yc_store_close_day_async      (YcStore              *self,
                                             const YcDayClosing   *closing,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      yc_store_close_day_finish     (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* NULL without an error: the day is still open. */
YcDayClosing *yc_store_get_day_closing      (YcStore              *self,
                                             const char           *day,
                                             GError              **error);
void          yc_store_get_day_closing_async (YcStore             *self,
                                              const char          *day,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* NULL without an error: open. */
YcDayClosing *yc_store_get_day_closing_finish (YcStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* The local side of reconciliation for the cases this window (its hall and window codes)
 * accepted on @day: @out_accepted all of them; @out_acknowledged those the back office
 * acknowledged; @out_hash the lowercase hex SHA-256 of the lines "<uuid>|<number>\n" of the
 * acknowledged ones sorted by uuid (the same definition as GET /api/v1/reconciliation). */
gboolean      yc_store_reconcile_day        (YcStore              *self,
                                             const char           *day,
                                             gint64               *out_accepted,
                                             gint64               *out_acknowledged,
                                             char                **out_hash,
                                             GError              **error);
void          yc_store_reconcile_day_async  (YcStore              *self,
                                             const char           *day,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      yc_store_reconcile_day_finish (YcStore              *self,
                                             GAsyncResult         *result,
                                             gint64               *out_accepted,
                                             gint64               *out_acknowledged,
                                             char                **out_hash,
                                             GError              **error);

/* Urges and flagged applicants pulled from the back office.  Urges: element type YcUrge,
 * newest first; @only_open: those not acknowledged. */
GPtrArray    *yc_store_list_urges           (YcStore              *self,
                                             gboolean              only_open,
                                             GError              **error);
void          yc_store_list_urges_async     (YcStore              *self,
                                             gboolean              only_open,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *yc_store_list_urges_finish    (YcStore              *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Marks the urge answered here, whoever answered it (tests; prefer the checked call below). */
gboolean      yc_store_acknowledge_urge     (YcStore              *self,
                                             const char           *id,
                                             GError              **error);

/* The urges @reader is to see (yc-store-urges.c): those addressed to them, and those
 * addressed to nobody in particular of their departments (a reviewer) or hall (a clerk);
 * an urge whose department and hall are not known here is everyone's.  Newest first. */
GPtrArray    *yc_store_list_urges_for       (YcStore              *self,
                                             const YcActor        *reader,
                                             gboolean              only_open,
                                             GError              **error);
void          yc_store_list_urges_for_async (YcStore              *self,
                                             const YcActor        *reader,
                                             gboolean              only_open,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray    *yc_store_list_urges_for_finish (YcStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The user whose urges the review lists made from now on count (their open-urges column;
 * NULL: every open urge, as the supervisor's board shows). */
void          yc_store_set_urge_reader      (YcStore              *self,
                                             const char           *username);
char         *yc_store_dup_urge_reader      (YcStore              *self);
/* Marks the urge acknowledged by @username: refused (YC_STORE_ERROR_NOT_ADDRESSEE) when it
 * is addressed to someone else. */
gboolean      yc_store_acknowledge_urge_as  (YcStore              *self,
                                             const char           *id,
                                             const char           *username,
                                             GError              **error);
gboolean      yc_store_applicant_is_flagged (YcStore              *self,
                                             const char           *id_number,
                                             char                **out_reason,
                                             GError              **error);
void          yc_store_applicant_is_flagged_async (YcStore             *self,
                                                   const char          *id_number,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      yc_store_applicant_is_flagged_finish (YcStore            *self,
                                                    GAsyncResult       *result,
                                                    char              **out_reason,
                                                    GError           **error);

/*
 * The sync engine's side (yc-store-sync-engine.c).  Each call is one transaction.
 */

/* A scanned file that the user's waiting ops refer to and that the back office has not
 * confirmed yet; upload_id is the one created earlier (resume it), or NULL. */
typedef struct {
  char   *sha256;
  gint64  size;
  char   *upload_id;
} YcPendingUpload;

/* The ops of one push: the same batch id and ops after a crash or a lost reply. */
typedef struct {
  char      *batch_id;     /* NULL when nothing is waiting */
  GPtrArray *ops;          /* YcOutboxOp*, commit order; never NULL */
} YcOutboxBatch;

/* The back office's answer to one op of a batch. */
typedef struct {
  char           *op_id;
  YcOutboxResult  result;
  gint64          version;
  char           *code;            /* nullable */
  char           *reason;          /* nullable */
  char           *flag_applicant;  /* effects.flag_applicant; nullable */
  char           *flag_reason;     /* nullable */
} YcOutboxAnswer;

/* One change of the feed, as GET /api/v1/sync/changes gives it. */
typedef struct {
  gint64      seq;
  char       *kind;        /* "case", "urge", "conflict", "catalog", "applicant_flag" */
  char       *case_uuid;   /* nullable */
  gint64      version;
  JsonObject *payload;
} YcFeedChange;

/* What applying a feed page did, for the engine's signals. */
typedef struct {
  GPtrArray *changed_cases;  /* char*: uuids of cases written */
  GPtrArray *new_urges;      /* YcUrge*: urges seen for the first time */
  GPtrArray *catalogs;       /* char*: catalog versions announced (the engine imports them) */
} YcFeedApplied;

void           yc_pending_upload_free         (YcPendingUpload *upload);
void           yc_outbox_batch_free           (YcOutboxBatch   *batch);
YcOutboxAnswer *yc_outbox_answer_new          (const char      *op_id,
                                               YcOutboxResult   result,
                                               gint64           version,
                                               const char      *code,
                                               const char      *reason);
void           yc_outbox_answer_free          (YcOutboxAnswer  *answer);
YcFeedChange  *yc_feed_change_new             (gint64           seq,
                                               const char      *kind,
                                               const char      *case_uuid,
                                               gint64           version,
                                               JsonObject      *payload);
void           yc_feed_change_free            (YcFeedChange    *change);
void           yc_feed_applied_free           (YcFeedApplied   *applied);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPendingUpload, yc_pending_upload_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxBatch, yc_outbox_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcOutboxAnswer, yc_outbox_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFeedChange, yc_feed_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFeedApplied, yc_feed_applied_free)

/* Element type YcPendingUpload: the blobs of @username's sendable ops not yet confirmed. */
GPtrArray     *yc_store_list_pending_uploads  (YcStore              *self,
                                               const char           *username,
                                               GError              **error);
void           yc_store_list_pending_uploads_async (YcStore             *self,
                                                    const char          *username,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray     *yc_store_list_pending_uploads_finish (YcStore            *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
/* Records the upload id the back office gave for @sha256 (before sending), or that the
 * whole file is there (@complete). */
gboolean       yc_store_record_upload         (YcStore              *self,
                                               const char           *sha256,
                                               const char           *username,
                                               const char           *upload_id,
                                               gboolean              complete,
                                               GError              **error);
void           yc_store_record_upload_async   (YcStore              *self,
                                               const char           *sha256,
                                               const char           *username,
                                               const char           *upload_id,
                                               gboolean              complete,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       yc_store_record_upload_finish  (YcStore              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Added: that the back office holds each of @sha256s (char*) whole, in one transaction. */
gboolean       yc_store_record_uploads_complete        (YcStore             *self,
                                                        GPtrArray           *sha256s,
                                                        const char          *username,
                                                        GError             **error);
void           yc_store_record_uploads_complete_async  (YcStore             *self,
                                                        GPtrArray           *sha256s,
                                                        const char          *username,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean       yc_store_record_uploads_complete_finish (YcStore             *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* The open batch of @username if there is one, else up to @limit of @username's ops, in
 * commit order, that no other author's op of the same case precedes, under a new batch id
 * stored with them before they are sent. */
YcOutboxBatch *yc_store_outbox_take_batch     (YcStore              *self,
                                               const char           *username,
                                               guint                 limit,
                                               GError              **error);
void           yc_store_outbox_take_batch_async (YcStore             *self,
                                                 const char          *username,
                                                 guint                limit,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
YcOutboxBatch *yc_store_outbox_take_batch_finish (YcStore            *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* The same, leaving out ops committed after yc_store_outbox_last_seq() gave @last_seq. */
YcOutboxBatch *yc_store_outbox_take_batch_upto (YcStore             *self,
                                                const char          *username,
                                                guint                limit,
                                                gint64               last_seq,
                                                GError             **error);
void           yc_store_outbox_take_batch_upto_async (YcStore             *self,
                                                      const char          *username,
                                                      guint                limit,
                                                      gint64               last_seq,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
YcOutboxBatch *yc_store_outbox_take_batch_upto_finish (YcStore            *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
/* The seq of the last op committed to the outbox so far (0: none yet). */
gboolean       yc_store_outbox_last_seq       (YcStore              *self,
                                               gint64               *out_seq,
                                               GError              **error);
void           yc_store_outbox_last_seq_async (YcStore              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       yc_store_outbox_last_seq_finish (YcStore             *self,
                                                GAsyncResult        *result,
                                                gint64              *out_seq,
                                                GError             **error);
/* Forgets a batch id the back office refused (422): its ops get a new one next time. */
gboolean       yc_store_outbox_drop_batch     (YcStore              *self,
                                               const char           *batch_id,
                                               GError              **error);
void           yc_store_outbox_drop_batch_async (YcStore             *self,
                                                 const char          *batch_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       yc_store_outbox_drop_batch_finish (YcStore            *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* Applies the answers (YcOutboxAnswer*) of batch @batch_id: ok → the op leaves the outbox
 * and the case takes the server's version; conflict/rejected → the op leaves the outbox as a
 * YcSyncProblem with its payload.  Flagged applicants are recorded. */
gboolean       yc_store_outbox_apply_answers  (YcStore              *self,
                                               const char           *batch_id,
                                               GPtrArray            *answers,
                                               GError              **error);
void           yc_store_outbox_apply_answers_async (YcStore             *self,
                                                    const char          *batch_id,
                                                    GPtrArray           *answers,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       yc_store_outbox_apply_answers_finish (YcStore            *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);
/* The change feed's cursor ("epoch:seq") or NULL (start from the beginning). */
char          *yc_store_get_sync_cursor       (YcStore              *self,
                                               GError              **error);
void           yc_store_get_sync_cursor_async (YcStore              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *yc_store_get_sync_cursor_finish (YcStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* After 410: no cursor, and every case takes the back office's next document of it.  Ops
 * waiting in the outbox are kept. */
gboolean       yc_store_reset_sync_cursor     (YcStore              *self,
                                               GError              **error);
void           yc_store_reset_sync_cursor_async (YcStore             *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       yc_store_reset_sync_cursor_finish (YcStore            *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* One page (YcFeedChange*) and its cursor @next, in one transaction, for @username. */
YcFeedApplied *yc_store_apply_feed_page       (YcStore              *self,
                                               GPtrArray            *changes,
                                               const char           *next,
                                               const char           *username,
                                               GError              **error);
void           yc_store_apply_feed_page_async (YcStore              *self,
                                               GPtrArray            *changes,
                                               const char           *next,
                                               const char           *username,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
YcFeedApplied *yc_store_apply_feed_page_finish (YcStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Ops waiting in the outbox (all authors) and open problems. */
gboolean       yc_store_get_sync_counts       (YcStore              *self,
                                               guint                *out_pending,
                                               guint                *out_problems,
                                               GError              **error);
void           yc_store_get_sync_counts_async (YcStore              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       yc_store_get_sync_counts_finish (YcStore             *self,
                                                GAsyncResult        *result,
                                                guint               *out_pending,
                                                guint               *out_problems,
                                                GError             **error);

G_END_DECLS
