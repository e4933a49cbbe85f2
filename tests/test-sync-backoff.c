/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-sync-backoff.h"

/* Exponential backoff with full jitter: bounds double from the base to the cap, delays
 * stay within 0 … bound and spread out, a success resets. */

static void
test_grows_to_cap (void)
{
  g_autoptr(YcSyncBackoff) backoff = yc_sync_backoff_new (1000, 300000);
  const guint expected[] = { 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000,
                             300000, 300000, 300000 };

  g_assert_cmpuint (yc_sync_backoff_get_bound (backoff), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint delay = yc_sync_backoff_fail (backoff);

      g_assert_cmpuint (yc_sync_backoff_get_bound (backoff), ==, expected[i]);
      g_assert_cmpuint (delay, <=, expected[i]);
    }
  /* Many failures later the bound stays at the cap (no overflow). */
  for (guint i = 0; i < 100; i++)
    g_assert_cmpuint (yc_sync_backoff_fail (backoff), <=, 300000);
  g_assert_cmpuint (yc_sync_backoff_get_bound (backoff), ==, 300000);

  yc_sync_backoff_reset (backoff);
  g_assert_cmpuint (yc_sync_backoff_get_bound (backoff), ==, 0);
  g_assert_cmpuint (yc_sync_backoff_get_failures (backoff), ==, 0);
  g_assert_cmpuint (yc_sync_backoff_fail (backoff), <=, 1000);
  g_assert_cmpuint (yc_sync_backoff_get_bound (backoff), ==, 1000);
}

/* Full jitter: windows that failed together do not come back together. */
static void
test_jitter_spreads (void)
{
  g_autoptr(YcSyncBackoff) backoff = yc_sync_backoff_new (1000, 300000);
  guint low = 0, high = 0;

  yc_sync_backoff_set_seed (backoff, 42);
  for (guint i = 0; i < 2000; i++)
    {
      guint delay;

      yc_sync_backoff_reset (backoff);
      for (guint j = 0; j < 6; j++)
        yc_sync_backoff_fail (backoff);
      delay = yc_sync_backoff_fail (backoff);  /* bound 64 s */
      g_assert_cmpuint (delay, <=, 64000);
      if (delay < 16000)
        low++;
      else if (delay > 48000)
        high++;
    }
  /* About a quarter each; far from all in one place. */
  g_assert_cmpuint (low, >, 350);
  g_assert_cmpuint (high, >, 350);
}

static void
test_seeded_repeatable (void)
{
  g_autoptr(YcSyncBackoff) a = yc_sync_backoff_new (1000, 300000);
  g_autoptr(YcSyncBackoff) b = yc_sync_backoff_new (1000, 300000);

  yc_sync_backoff_set_seed (a, 7);
  yc_sync_backoff_set_seed (b, 7);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpuint (yc_sync_backoff_fail (a), ==, yc_sync_backoff_fail (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-backoff/grows-to-cap", test_grows_to_cap);
  g_test_add_func ("/sync-backoff/jitter-spreads", test_jitter_spreads);
  g_test_add_func ("/sync-backoff/seeded", test_seeded_repeatable);
  return g_test_run ();
}
