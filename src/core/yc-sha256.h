/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * SHA-256 as Yichuang uses it everywhere (blob names, upload and chunk checksums, the op
 * and audit hashes): lowercase hex, the same text g_checksum_get_string() gives.  Computed
 * by nettle, whose SHA-256 uses the CPU's SHA extensions where there are some: on the
 * machines here 1.5 GB/s against GLib's 0.23 GB/s, and every scan is hashed on the counter,
 * for each chunk sent, and twice on the back office.
 */

typedef struct _YcSha256 YcSha256;

YcSha256 *yc_sha256_new             (void);
void      yc_sha256_update          (YcSha256      *self,
                                     const void    *data,
                                     gsize          length);
void      yc_sha256_update_string   (YcSha256      *self,
                                     const char    *text);
void      yc_sha256_get_digest      (YcSha256      *self,
                                     guint8         digest[32]);
char     *yc_sha256_get_hex         (YcSha256      *self);
void      yc_sha256_free            (YcSha256      *self);

char     *yc_sha256_hex_for_data    (const void    *data,
                                     gsize          length);
char     *yc_sha256_hex_for_bytes   (GBytes        *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcSha256, yc_sha256_free)

G_END_DECLS
