/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-backoffice.h"
#include "yc-backoffice-storage.h"

G_BEGIN_DECLS

/* Shared by the files of the back office service (yc-backoffice*.c, yc-audit.c,
 * yc-uploads.c) and by the unit tests; not for the HTTP layer. */

typedef void (*YcBackofficePushHook) (YcBackoffice *self,
                                      const char   *idempotency_key,
                                      gpointer      data);

/* A unit of work committed in one transaction together with the units that other threads
 * queued meanwhile (yc-backoffice-push-group.c): group commit.  @apply runs inside a
 * savepoint of the shared write transaction; when it fails, only its own writes are undone.
 * The caller gets control back after the shared commit, with @error set when its unit was
 * not committed. */
typedef struct _YcGroupUnit YcGroupUnit;
struct _YcGroupUnit
{
  /* set by the caller */
  gboolean  (*apply) (YcGroupUnit *unit, GError **error);
  void      (*reset) (YcGroupUnit *unit);   /* before it is applied again in a new transaction */
  guint64     last_seq;                     /* set by @apply: its last change, 0 if none */
  /* set by the group */
  GError     *error;
  gboolean    done;
  GCond       cond;                         /* its thread waits here for its turn */
};

struct _YcBackoffice
{
  GObject              parent_instance;

  char                *data_dir;
  char                *blobs_dir;
  char                *partial_dir;
  YcBackofficeStorage *storage;
  YcCalendar          *calendar;

  /* Everything below is guarded by @lock. */
  GMutex               lock;
  char                *epoch;
  GPtrArray           *old_epochs;         /* replaced epochs, freed with the object */
  GHashTable          *batches_in_flight;  /* idempotency keys being applied */
  GHashTable          *uploads_busy;       /* upload ids with an append running */
  GTimeSpan            token_lifetime;
  gint64               upload_limit;
  guint                yellow_threshold;   /* working days left at which a case is yellow */
  guint                lockout_failures;
  GTimeSpan            lockout_duration;
  GDateTime         *(*now) (gpointer data);
  gpointer             now_data;
  char                *dummy_hash;         /* verified against for unknown users */
  YcCatalog           *catalog;            /* the current catalog, loaded on first need */
  char                *catalog_version;    /* its ETag */
  GHashTable          *catalogs;           /* version → YcCatalog, each version once loaded */
  YcBackofficePushHook push_hook;
  gpointer             push_hook_data;

  /* Group commit (yc-backoffice-push-group.c), guarded by @group_lock. */
  GMutex               group_lock;
  GCond                group_cond;
  GPtrArray           *group_queue;        /* of YcGroupUnit*, waiting for the next commit */
  gboolean             group_committing;   /* a thread is applying and committing a group */
  guint                group_preparing;    /* announced units not queued yet */
  gboolean             group_gathering;    /* the leader waits on group_cond for them */
};

/* errors */
gboolean    yc_backoffice_set_error        (GError            **error,
                                            YcBackofficeError   code,
                                            const char         *field,
                                            const char         *format,
                                            ...) G_GNUC_PRINTF (4, 5);

/* clock */
GDateTime  *yc_backoffice_now              (YcBackoffice       *self);
gint64      yc_backoffice_now_unix         (YcBackoffice       *self);
void        yc_backoffice_today            (YcBackoffice       *self,
                                            GDate              *out_date);
char       *yc_backoffice_date_to_iso      (const GDate        *date);

/* denials: logged at message level and audited in a transaction of their own */
void        yc_backoffice_deny             (YcBackoffice       *self,
                                            YcPrincipal        *p,
                                            const char         *action,
                                            const char         *target,
                                            const char         *reason);
/* May @p read the case?  Scope only (the case machine owns role × state for ops). */
gboolean    yc_backoffice_can_read_case    (YcPrincipal        *p,
                                            const YcStorageCase *c);
/* May @p see (or refer an op to) blob @sha256?  Its own upload of it was received, or a case
 * in @p's scope refers to it.  Inside the caller's transaction; @out_found: the blob exists. */
gboolean    yc_backoffice_blob_allowed     (YcBackoffice       *self,
                                            YcPrincipal        *p,
                                            const char         *sha256,
                                            gboolean           *out_found,
                                            gboolean           *out_allowed,
                                            GError            **error);
YcCatalog  *yc_backoffice_dup_catalog      (YcBackoffice       *self);
/* yc-uploads-disk.c: the data directories, made (and synced) when the back office opens;
 * the partial files no upload in progress names, removed when it is initialised; fsync of a
 * directory. */
gboolean    yc_backoffice_uploads_prepare_directories (YcBackoffice *self,
                                                       GError      **error);
gboolean    yc_backoffice_fsync_directory  (const char         *path,
                                            GError            **error);
gint        yc_backoffice_uploads_recover  (YcBackoffice       *self,
                                            GError            **error);
/* An upload with an append (or a creation with data) running is claimed: a second append
 * is CONFLICT, and expiry and recovery leave its file alone.  FALSE when already claimed. */
gboolean    yc_backoffice_upload_claim     (YcBackoffice       *self,
                                            const char         *id);
void        yc_backoffice_upload_release   (YcBackoffice       *self,
                                            const char         *id);
/* yc-backoffice-catalogs.c: the catalog stored under @version; NULL without @error when the
 * back office never had that version.  Outside any transaction. */
YcCatalog  *yc_backoffice_dup_catalog_version (YcBackoffice    *self,
                                               const char      *version,
                                               GError         **error);
char       *yc_backoffice_sha256_hex       (gconstpointer       data,
                                            gsize               length);

/* audit (yc-audit.c): inside a write transaction of the caller */
gboolean    yc_audit_append                (YcBackofficeStorage *storage,
                                            gint64              at,
                                            const char         *actor,
                                            const char         *action,
                                            const char         *target,
                                            const char         *outcome,
                                            JsonNode           *detail,
                                            GError            **error);
gboolean    yc_audit_verify                (YcBackofficeStorage *storage,
                                            gint64             *out_first_bad_id,
                                            GError            **error);
/* yc-backoffice-review.c: an applied supervision.urge or urge.ack gets its own audit row
 * (who urged whom about which case, who acknowledged); other kinds: nothing, TRUE. */
gboolean    yc_backoffice_audit_urge       (YcBackoffice       *self,
                                            gint64              now,
                                            const char         *username,
                                            const YcOperation  *op,
                                            YcCase             *c,
                                            GError            **error);

/* yc-backoffice-review.c: the handler an urge goes to, or NULL for the department's reviewers. */
const char *yc_backoffice_urge_addressee   (YcCase             *c,
                                            const YcCaseUrge   *urge);

guint64     yc_backoffice_store_case       (YcBackoffice       *self,
                                            YcCase             *c,
                                            gint64              now,
                                            GError            **error);
/* The same with the stored form of @c made beforehand (yc_push_storage_case_new), outside
 * the write transaction. */
guint64     yc_backoffice_store_case_row   (YcBackoffice       *self,
                                            YcCase             *c,
                                            const YcStorageCase *row,
                                            gint64              now,
                                            GError            **error);

/* tolerance expiry (yc-backoffice-maintenance.c) */
/* The earliest due date of a tolerated material @c still waits for, while @c is not final
 * (YcStorageCase.tolerance_due); NULL otherwise. */
char       *yc_backoffice_tolerance_due    (YcCase             *c);
/* yc_backoffice_expire_tolerances() with at most @batch cases per write transaction. */
guint       yc_backoffice_expire_tolerances_in_batches (YcBackoffice *self,
                                                        guint         batch);
void        yc_backoffice_emit_committed   (YcBackoffice       *self,
                                            guint64             seq);

/* group commit (yc-backoffice-push-group.c) */
void        yc_backoffice_group_init       (YcBackoffice       *self);
void        yc_backoffice_group_clear      (YcBackoffice       *self);
void        yc_backoffice_group_announce   (YcBackoffice       *self);
void        yc_backoffice_group_commit     (YcBackoffice       *self,
                                            YcGroupUnit        *unit);

/* tests */
void        yc_backoffice_set_push_hook    (YcBackoffice       *self,
                                            YcBackofficePushHook hook,
                                            gpointer            data);

G_END_DECLS
