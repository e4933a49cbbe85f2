/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice-client.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * A material's file for review mode (docs/review.md): read from the local blob store when
 * this computer holds it, else fetched once from the back office (GET /api/v1/blobs/{sha256},
 * yc-backoffice-client-sync.h), verified and kept in the local blob store, so that it opens
 * again without the network.  Requests for a file already on its way share the one download.
 *
 * Errors: not held and the back office unreachable → %YC_SYNC_ERROR_OFFLINE with a message
 * that says so; not signed in online → %YC_SYNC_ERROR_NOT_SIGNED_IN; unknown to the back
 * office or outside the user's scope → %YC_SYNC_ERROR_NOT_FOUND.
 */

#define YC_TYPE_BLOB_FETCHER (yc_blob_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (YcBlobFetcher, yc_blob_fetcher, YC, BLOB_FETCHER, GObject)

/* Construct properties "client" and "store". */
YcBlobFetcher *yc_blob_fetcher_new          (YcBackofficeClient  *client,
                                             YcStore             *store);
void           yc_blob_fetcher_fetch_async  (YcBlobFetcher       *self,
                                             const char          *sha256,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes        *yc_blob_fetcher_fetch_finish (YcBlobFetcher       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Downloads finished so far (for tests: the second request is served locally). */
guint          yc_blob_fetcher_get_n_downloads (YcBlobFetcher    *self);

G_END_DECLS
