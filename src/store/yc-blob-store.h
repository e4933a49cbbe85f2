/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-store-error.h"

G_BEGIN_DECLS

/*
 * Content-addressed files (scanned materials): blobs/<sha256[0:2]>/<sha256>.  A blob is
 * written to blobs/.staging, fsynced, renamed into place and its directory fsynced, so
 * once a put returns the file survives a power cut.  Writing the same content again is a
 * no-op; reading verifies the hash.  Safe to use from several threads.
 */

#define YC_TYPE_BLOB_STORE (yc_blob_store_get_type ())
G_DECLARE_FINAL_TYPE (YcBlobStore, yc_blob_store, YC, BLOB_STORE, GObject)

YcBlobStore *yc_blob_store_new            (const char    *directory,
                                           GError       **error);
YcBlobStore *yc_blob_store_new_read_only  (const char    *directory);
const char  *yc_blob_store_get_directory  (YcBlobStore   *self);
char        *yc_blob_store_put_bytes      (YcBlobStore   *self,
                                           GBytes        *bytes,
                                           GError       **error);
char        *yc_blob_store_put_file       (YcBlobStore   *self,
                                           GFile         *file,
                                           goffset       *out_size,
                                           GCancellable  *cancellable,
                                           GError       **error);
GBytes      *yc_blob_store_read           (YcBlobStore   *self,
                                           const char    *sha256,
                                           GError       **error);
gboolean     yc_blob_store_contains       (YcBlobStore   *self,
                                           const char    *sha256);
char        *yc_blob_store_get_path       (YcBlobStore   *self,
                                           const char    *sha256);
gboolean     yc_blob_store_is_valid_hash  (const char    *sha256);

G_END_DECLS
