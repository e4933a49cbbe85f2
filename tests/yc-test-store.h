/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the store's tests and benchmark. */

#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sys/mount.h>

#include "yc-store.h"
#include "yc-test-counter.h"
#include "yc-test-files.h"
#include "yc-test-finalize.h"

static inline GBytes *
yc_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The catalog and calendar of the store's test cases, loaded once per process. */
static inline YcCatalog *
yc_test_store_catalog (void)
{
  static YcCatalog *catalog = NULL;

  if (catalog == NULL)
    catalog = yc_test_rules_catalog_new ();
  return catalog;
}

static inline YcCalendar *
yc_test_store_calendar (void)
{
  static YcCalendar *calendar = NULL;

  if (calendar == NULL)
    calendar = yc_test_calendar ();
  return calendar;
}

/*
 * A case with seven materials as the counter builds it (yc-test-counter.h): SPORT of the
 * test catalog accepted with tolerance at HD01-W03, two materials scanned (the blobs must
 * have been put; NULL for no scan), one pledged, one tolerated, one shared, one optional
 * material defective.  No number yet.
 */
static inline YcCase *
yc_test_case_new (const char *blob_a,
                  const char *blob_b,
                  GDateTime  *accepted_at)
{
  return yc_test_counter_case (yc_test_store_catalog (), yc_test_store_calendar (), blob_a,
                               blob_b, accepted_at);
}

/*
 * Moves this test process into its own mount namespace, so that it can mount a small
 * tmpfs or a read-only bind mount that nobody else sees and that vanishes with it.
 * Needs root (CAP_SYS_ADMIN); returns FALSE where that is not allowed.
 */
static inline gboolean
yc_test_private_mounts (void)
{
  static int state = 0;  /* 0 unknown, 1 ok, -1 refused */

  if (state == 0)
    {
      if (unshare (CLONE_NEWNS) == 0 &&
          mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
        state = 1;
      else
        state = -1;
    }
  return state == 1;
}
/* A store in a fresh directory, enrolled as HD01-W03, holding two scans. */
typedef struct {
  char    *dir;
  YcStore *store;
  char    *blob_a;
  char    *blob_b;
} YcStoreFixture;

static inline GDateTime *
yc_test_day_at (int year, int month, int day, int hour)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  return g_date_time_new (tz, year, month, day, hour, 30, 0);
}

static inline void
yc_store_fixture_set_up (YcStoreFixture *f,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = g_bytes_new_static ("%PDF-1.7 identity card scan", 27);
  g_autoptr(GBytes) b = g_bytes_new_static ("%PDF-1.7 lease contract scan", 28);

  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, "HD01", "W03", &error));
  g_assert_no_error (error);
  f->blob_a = yc_store_put_blob (f->store, a, "application/pdf", &error);
  g_assert_no_error (error);
  f->blob_b = yc_store_put_blob (f->store, b, "application/pdf", &error);
  g_assert_no_error (error);
}

static inline void
yc_store_fixture_tear_down (YcStoreFixture *f,
                            gconstpointer   data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->blob_a);
  g_free (f->blob_b);
}

