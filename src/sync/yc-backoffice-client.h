/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-store-credentials.h"
#include "yc-sync-error.h"

G_BEGIN_DECLS

/*
 * The back office's HTTP API (docs/API.md) as seen from a window: a SoupSession inside,
 * every call an _async/_finish pair that runs on the caller's thread-default main context,
 * honours its GCancellable and gives up after "timeout-seconds" with YC_SYNC_ERROR_OFFLINE.
 * Errors are in YC_SYNC_ERROR (yc-sync-error.h).
 *
 * Plain HTTP is accepted only for a loopback address (127.0.0.0/8, ::1, localhost); any
 * other back office must be https://.  A self-signed back office is trusted by giving its
 * certificate ("tls-certificate"); otherwise the system's trust store decides.
 *
 * The bearer token is kept in memory only ("token"): sign_in sets it, sign_out clears it.
 */

typedef struct {
  char          *token;
  GDateTime     *expires_at;   /* UTC */
  YcUserProfile *user;         /* last_online_at: now */
  int            yellow_threshold;  /* the hall's ("settings"), or -1 when not told */
} YcSignIn;

typedef struct {
  char   *status;     /* "ok" */
  char   *version;    /* the back office's program version */
  char   *epoch;      /* the change feed's epoch */
  gint64  head_seq;   /* the newest change */
} YcBackofficeHealth;

typedef struct {
  gboolean  not_modified;  /* 304: the catalog named by the ETag is still current */
  GBytes   *bytes;         /* the catalog JSON (docs/catalog-format.md); NULL when not modified */
  char     *etag;          /* the ETag to send next time, quotes included */
  char     *version;       /* Catalog-Version, or NULL when not modified */
} YcCatalogFetch;

#define YC_BACKOFFICE_CLIENT_DEFAULT_TIMEOUT 15

#define YC_TYPE_SIGN_IN (yc_sign_in_get_type ())
#define YC_TYPE_BACKOFFICE_HEALTH (yc_backoffice_health_get_type ())
#define YC_TYPE_CATALOG_FETCH (yc_catalog_fetch_get_type ())
GType               yc_sign_in_get_type              (void) G_GNUC_CONST;
GType               yc_backoffice_health_get_type    (void) G_GNUC_CONST;
GType               yc_catalog_fetch_get_type        (void) G_GNUC_CONST;
void                yc_sign_in_free                  (YcSignIn           *sign_in);
void                yc_backoffice_health_free        (YcBackofficeHealth *health);
void                yc_catalog_fetch_free            (YcCatalogFetch     *fetch);

#define YC_TYPE_BACKOFFICE_CLIENT (yc_backoffice_client_get_type ())
G_DECLARE_FINAL_TYPE (YcBackofficeClient, yc_backoffice_client, YC, BACKOFFICE_CLIENT, GObject)

/* @certificate: (nullable): the back office's own certificate, accepted even if
 * self-signed.  Fails with YC_SYNC_ERROR_INSECURE or _INVALID for an unusable address. */
YcBackofficeClient *yc_backoffice_client_new         (const char          *base_url,
                                                      GTlsCertificate     *certificate,
                                                      GError             **error);
const char         *yc_backoffice_client_get_base_url (YcBackofficeClient *self);
const char         *yc_backoffice_client_get_token   (YcBackofficeClient  *self);
void                yc_backoffice_client_set_token   (YcBackofficeClient  *self,
                                                      const char          *token);
guint               yc_backoffice_client_get_timeout (YcBackofficeClient  *self);
void                yc_backoffice_client_set_timeout (YcBackofficeClient  *self,
                                                      guint                seconds);

void                yc_backoffice_client_sign_in_async  (YcBackofficeClient  *self,
                                                         const char          *username,
                                                         const char          *password,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
YcSignIn           *yc_backoffice_client_sign_in_finish (YcBackofficeClient  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* Ends the session of the current token; the token is forgotten even if the back
 * office cannot be reached.  Without a token there is nothing to do: TRUE. */
void                yc_backoffice_client_sign_out_async  (YcBackofficeClient  *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            yc_backoffice_client_sign_out_finish (YcBackofficeClient  *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                yc_backoffice_client_health_async   (YcBackofficeClient  *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
YcBackofficeHealth *yc_backoffice_client_health_finish  (YcBackofficeClient  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* @etag: (nullable): the ETag of the catalog this window has, for If-None-Match */
void                yc_backoffice_client_get_catalog_async  (YcBackofficeClient  *self,
                                                             const char          *etag,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
YcCatalogFetch     *yc_backoffice_client_get_catalog_finish (YcBackofficeClient  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSignIn, yc_sign_in_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcBackofficeHealth, yc_backoffice_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCatalogFetch, yc_catalog_fetch_free)

G_END_DECLS

/* Push, changes, uploads and blobs. */
#include "yc-backoffice-client-sync.h"
