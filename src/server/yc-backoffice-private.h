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
  guint                lockout_failures;
  GTimeSpan            lockout_duration;
  GDateTime         *(*now) (gpointer data);
  gpointer             now_data;
  char                *dummy_hash;         /* verified against for unknown users */
  YcCatalog           *catalog;            /* the current catalog, loaded on first need */
  char                *catalog_version;    /* its ETag */
  YcBackofficePushHook push_hook;
  gpointer             push_hook_data;
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
YcCatalog  *yc_backoffice_dup_catalog      (YcBackoffice       *self);
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

guint64     yc_backoffice_store_case       (YcBackoffice       *self,
                                            YcCase             *c,
                                            gint64              now,
                                            GError            **error);
void        yc_backoffice_emit_committed   (YcBackoffice       *self,
                                            guint64             seq);

/* tests */
void        yc_backoffice_set_push_hook    (YcBackoffice       *self,
                                            YcBackofficePushHook hook,
                                            gpointer            data);

G_END_DECLS
