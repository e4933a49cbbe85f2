/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sha256"

#include "config.h"

#include <nettle/sha2.h>
#include <string.h>

#include "yc-sha256.h"

struct _YcSha256 {
  struct sha256_ctx ctx;
};

/**
 * yc_sha256_new:
 *
 * Returns: (transfer full): a hash of nothing yet, to feed with yc_sha256_update()
 */
YcSha256 *
yc_sha256_new (void)
{
  YcSha256 *self = g_new (YcSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
yc_sha256_update (YcSha256   *self,
                  const void *data,
                  gsize       length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || length == 0);

  sha256_update (&self->ctx, length, data);
}

void
yc_sha256_update_string (YcSha256   *self,
                         const char *text)
{
  g_return_if_fail (text != NULL);

  yc_sha256_update (self, text, strlen (text));
}

/**
 * yc_sha256_get_digest:
 * @digest: (out caller-allocates): the 32 bytes
 *
 * Ends the hash: @self starts again from nothing afterwards.
 */
void
yc_sha256_get_digest (YcSha256 *self,
                      guint8    digest[32])
{
  g_return_if_fail (self != NULL);

  sha256_digest (&self->ctx, SHA256_DIGEST_SIZE, digest);
}

/**
 * yc_sha256_get_hex:
 *
 * Ends the hash, as yc_sha256_get_digest() does.
 *
 * Returns: (transfer full): 64 lowercase hexadecimal digits
 */
char *
yc_sha256_get_hex (YcSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char *hex = g_malloc (2 * SHA256_DIGEST_SIZE + 1);

  yc_sha256_get_digest (self, digest);
  for (guint i = 0; i < SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[2 * SHA256_DIGEST_SIZE] = '\0';
  return hex;
}

void
yc_sha256_free (YcSha256 *self)
{
  g_free (self);
}

char *
yc_sha256_hex_for_data (const void *data,
                        gsize       length)
{
  YcSha256 hash;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  sha256_init (&hash.ctx);
  sha256_update (&hash.ctx, length, data);
  return yc_sha256_get_hex (&hash);
}

char *
yc_sha256_hex_for_bytes (GBytes *bytes)
{
  gsize length = 0;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  return yc_sha256_hex_for_data (data, length);
}
