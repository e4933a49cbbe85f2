/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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
/* uuid → "pending" | "synced" | "conflict" | "rejected", for the cases of @day */
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

G_END_DECLS
