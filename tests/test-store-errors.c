/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <unistd.h>

#include "yc-store-private.h"
#include "yc-test-store.h"

/*
 * Corrupt, locked, read-only and full databases: each must give its own clear error, and
 * afterwards nothing that was stored may be missing.  Where a condition is simulated
 * rather than real, the test says so.
 */

static GDateTime *
test_day (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  return g_date_time_new (tz, 2026, 12, 1, 10, 0, 0);
}

static YcStore *
open_enrolled (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (store, "HD01", "W03", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static gboolean
try_accept (YcStore  *store,
            char    **out_number,
            GError  **error)
{
  g_autoptr(GDateTime) when = test_day ();
  g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, when);

  if (!yc_store_accept_case (store, c, error))
    {
      /* A case that was not stored has no number to show. */
      g_assert_null (c->number);
      return FALSE;
    }
  *out_number = g_strdup (c->number);
  return TRUE;
}

static void
accept_n (YcStore *store,
          guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = NULL;

      g_assert_true (try_accept (store, &number, &error));
      g_assert_no_error (error);
    }
}

/* Every case stored is there, complete, and the database is sound. */
static void
assert_cases_intact (YcStore *store,
                     guint    expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = yc_store_list_cases (store, "2026-12-01", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, expected);
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *stored = g_ptr_array_index (cases, i);
      g_autofree char *number = g_strdup_printf ("HD01-W03-20261201-%04u", i + 1);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM case_materials WHERE case_uuid = '%s'",
                                              stored->uuid);
      YcDatabase *database = yc_store_get_database (store);
      g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

      g_assert_cmpstr (stored->number, ==, number);
      g_assert_cmpuint (stored->materials->len, ==, 7);
      g_assert_no_error (error);
      g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (statement, 0), ==, 7);
    }
  g_assert_cmpint (yc_store_outbox_count (store, &error), ==, expected);
  g_assert_true (yc_database_check_integrity (yc_store_get_database (store), FALSE, &error));
  g_assert_no_error (error);
}

static void
test_corrupt_garbage (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(GByteArray) garbage = g_byte_array_new ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;

  for (guint i = 0; i < 8192; i++)
    {
      guint8 byte = (guint8) (i * 7919 + 13);
      g_byte_array_append (garbage, &byte, 1);
    }
  g_assert_true (g_file_set_contents (db, (const char *) garbage->data, garbage->len, NULL));
  before = yc_test_read_file (db);

  store = yc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, db));
  g_test_message ("%s", error->message);

  after = yc_test_read_file (db);
  g_assert_true (g_bytes_equal (before, after));
  yc_test_rm_rf (dir);
}

/* A real store whose file is then damaged: header cut short, or a page overwritten. */
static void
test_corrupt_damaged (gconstpointer data)
{
  const char *how = data;
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autofree char *contents = NULL;
  gsize length;

  accept_n (store, 20);
  g_assert_finalize_object (g_steal_pointer (&store));  /* checkpoints the WAL */

  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  if (g_str_equal (how, "truncated-header"))
    length = 60;
  else
    memset (contents + 4096, 0xa5, 4096);  /* page 2, the first table's root */
  g_assert_true (g_file_set_contents (db, contents, length, NULL));
  before = yc_test_read_file (db);

  store = yc_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);

  after = yc_test_read_file (db);
  g_assert_true (g_bytes_equal (before, after));
  yc_test_rm_rf (dir);
}

static void
test_locked (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  sqlite3 *other = NULL;
  gint64 start, elapsed;

  accept_n (store, 2);

  /* Another program (here, another connection) holds the write lock. */
  g_assert_cmpint (sqlite3_open (db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  yc_store_set_busy_timeout (store, 200);
  start = g_get_monotonic_time ();
  g_assert_false (try_accept (store, &number, &error));
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED);
  g_test_message ("%s (after %" G_GINT64_FORMAT " ms)", error->message, elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 150 * 1000);  /* it waited, it did not give up at once */
  g_assert_null (number);
  g_clear_error (&error);

  /* Reading still works in WAL mode while the other writer holds its lock. */
  {
    g_autoptr(GPtrArray) cases = yc_store_list_cases (store, "2026-12-01", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cases->len, ==, 2);
  }

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  g_assert_true (try_accept (store, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "HD01-W03-20261201-0003");
  assert_cases_intact (store, 3);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* Simulated: the connection is switched to query_only, which makes SQLite refuse every
 * write with SQLITE_READONLY, the code a read-only file gives. */
static void
test_read_only_query_only (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  accept_n (store, 2);
  g_assert_true (yc_database_exec (yc_store_get_database (store), "PRAGMA query_only=ON", &error));

  g_assert_false (try_accept (store, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_READ_ONLY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (yc_database_exec (yc_store_get_database (store), "PRAGMA query_only=OFF", &error));
  accept_n (store, 1);
  assert_cases_intact (store, 3);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* The store opened with SQLITE_OPEN_READONLY (YC_STORE_OPEN_FLAGS_READ_ONLY). */
static void
test_read_only_open_flag (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  accept_n (store, 2);
  g_assert_finalize_object (g_steal_pointer (&store));
  before = yc_test_read_file (db);

  store = yc_store_open_full (dir, YC_STORE_OPEN_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (try_accept (store, &number, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) scan = g_bytes_new_static ("scan", 4);
    g_autofree char *sha256 = yc_store_put_blob (store, scan, NULL, &error);
    g_assert_null (sha256);
    g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_READ_ONLY);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) cases = yc_store_list_cases (store, "2026-12-01", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cases->len, ==, 2);
  }
  g_assert_finalize_object (g_steal_pointer (&store));

  after = yc_test_read_file (db);
  g_assert_true (g_bytes_equal (before, after));
  yc_test_rm_rf (dir);
}

/* Real: the store's folder bind-mounted read-only (root only, in a private namespace). */
static void
test_read_only_mount (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (!yc_test_private_mounts ())
    {
      g_test_skip ("needs root to bind-mount the store read-only");
      g_assert_finalize_object (g_steal_pointer (&store));
      yc_test_rm_rf (dir);
      return;
    }

  accept_n (store, 2);
  g_assert_finalize_object (g_steal_pointer (&store));

  g_assert_cmpint (mount (dir, dir, NULL, MS_BIND, NULL), ==, 0);
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==, 0);

  store = yc_store_open (dir, &error);
  if (store != NULL)
    {
      g_assert_false (try_accept (store, &number, &error));
      g_assert_finalize_object (g_steal_pointer (&store));
    }
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_cmpint (umount (dir), ==, 0);
  store = open_enrolled (dir);
  assert_cases_intact (store, 2);
  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_cannot_open (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (db, 0700), ==, 0);
  g_assert_null (yc_store_open (dir, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_PERMISSION);
  g_test_message ("%s", error->message);
  yc_test_rm_rf (dir);
}

/* SQLite's own limit (PRAGMA max_page_count) makes it return SQLITE_FULL for real. */
static void
test_full_page_limit (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(GError) error = NULL;
  guint accepted = 5;

  accept_n (store, accepted);
  g_assert_true (yc_database_exec (database, "PRAGMA max_page_count = 1", &error));  /* clamps to the current size */

  for (guint i = 0; i < 1000 && error == NULL; i++)
    {
      g_autofree char *number = NULL;
      if (try_accept (store, &number, &error))
        accepted++;
    }
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_test_message ("after %u cases: %s", accepted, error->message);
  g_clear_error (&error);

  assert_cases_intact (store, accepted);

  /* Space again: the next case takes the next number, none was lost or skipped. */
  g_assert_true (yc_database_exec (database, "PRAGMA max_page_count = 1073741823", &error));
  accept_n (store, 1);
  assert_cases_intact (store, accepted + 1);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* Real: a 512 KiB tmpfs fills up with scans and cases (root only, private namespace). */
static void
test_full_disk (void)
{
  g_autofree char *mnt = yc_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (mnt, "store", NULL);
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint accepted = 0;
  guint8 scan[16 * 1024];

  if (!yc_test_private_mounts () ||
      mount ("tmpfs", mnt, "tmpfs", 0, "size=512k,mode=0700") != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs");
      yc_test_rm_rf (mnt);
      return;
    }

  store = open_enrolled (dir);
  for (guint i = 0; i < 1000 && error == NULL; i++)
    {
      g_autoptr(GDateTime) when = test_day ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(YcCase) c = NULL;
      g_autofree char *sha256 = NULL;

      memset (scan, 0, sizeof scan);
      memcpy (scan, &i, sizeof i);
      bytes = g_bytes_new (scan, sizeof scan);
      sha256 = yc_store_put_blob (store, bytes, "image/png", &error);
      if (sha256 == NULL)
        break;
      c = yc_test_case_new (sha256, NULL, when);
      if (yc_store_accept_case (store, c, &error))
        accepted++;
    }
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FULL);
  g_test_message ("after %u cases: %s", accepted, error->message);
  g_assert_cmpuint (accepted, >, 0);
  g_clear_error (&error);

  /* Nothing half-written is left in staging, and every case kept its scan. */
  assert_cases_intact (store, accepted);
  {
    g_autofree char *staging = g_build_filename (dir, "blobs", ".staging", NULL);
    g_autoptr(GDir) d = g_dir_open (staging, 0, NULL);
    g_assert_null (g_dir_read_name (d));
  }
  g_assert_finalize_object (g_steal_pointer (&store));

  /* And after a restart on the still full disk. */
  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  assert_cases_intact (store, accepted);
  g_assert_finalize_object (g_steal_pointer (&store));

  g_assert_cmpint (umount (mnt), ==, 0);
  yc_test_rm_rf (mnt);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/errors/corrupt/garbage", test_corrupt_garbage);
  g_test_add_data_func ("/store/errors/corrupt/truncated-header", "truncated-header", test_corrupt_damaged);
  g_test_add_data_func ("/store/errors/corrupt/damaged-page", "damaged-page", test_corrupt_damaged);
  g_test_add_func ("/store/errors/locked", test_locked);
  g_test_add_func ("/store/errors/read-only/query-only", test_read_only_query_only);
  g_test_add_func ("/store/errors/read-only/open-flag", test_read_only_open_flag);
  g_test_add_func ("/store/errors/read-only/mount", test_read_only_mount);
  g_test_add_func ("/store/errors/cannot-open", test_cannot_open);
  g_test_add_func ("/store/errors/full/page-limit", test_full_page_limit);
  g_test_add_func ("/store/errors/full/disk", test_full_disk);

  return g_test_run ();
}
