/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-sha256.h"

/* FIPS 180-2's examples */
static void
test_known (void)
{
  g_autofree char *empty = yc_sha256_hex_for_data (NULL, 0);
  g_autofree char *abc = yc_sha256_hex_for_data ("abc", 3);
  g_autoptr(YcSha256) hash = yc_sha256_new ();
  g_autofree char *long_text = NULL;

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  yc_sha256_update_string (hash, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  long_text = yc_sha256_get_hex (hash);
  g_assert_cmpstr (long_text, ==, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* The same hex as GLib's, whatever the data and however it is fed: blob names and op hashes
 * stored before nettle computed them stay valid. */
static void
test_as_glib (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 50; round++)
    {
      gsize length = g_rand_int_range (rand, 0, 300000);
      g_autofree guint8 *data = g_malloc (MAX (length, 1));
      g_autoptr(YcSha256) hash = yc_sha256_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *whole = NULL;
      g_autofree char *fed = NULL;
      g_autofree char *of_bytes = NULL;
      guint8 digest[32];
      gsize at = 0;

      for (gsize i = 0; i < length; i++)
        data[i] = (guint8) g_rand_int (rand);
      expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
      whole = yc_sha256_hex_for_data (data, length);
      g_assert_cmpstr (whole, ==, expected);

      while (at < length)
        {
          gsize piece = (gsize) g_rand_int_range (rand, 1, 70000);

          piece = MIN (piece, length - at);

          yc_sha256_update (hash, data + at, piece);
          at += piece;
        }
      fed = yc_sha256_get_hex (hash);
      g_assert_cmpstr (fed, ==, expected);

      bytes = g_bytes_new (data, length);
      of_bytes = yc_sha256_hex_for_bytes (bytes);
      g_assert_cmpstr (of_bytes, ==, expected);

      /* The digest is the hex's bytes; a finished hash starts again from nothing */
      yc_sha256_update (hash, data, length);
      yc_sha256_get_digest (hash, digest);
      for (guint i = 0; i < 32; i++)
        {
          char pair[3];

          g_snprintf (pair, sizeof pair, "%02x", digest[i]);
          g_assert_cmpmem (pair, 2, expected + 2 * i, 2);
        }
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sha256/known", test_known);
  g_test_add_func ("/sha256/as-glib", test_as_glib);
  return g_test_run ();
}
