/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yc-blob-store.h"
#include "yc-test-store.h"

typedef struct {
  char        *dir;
  YcBlobStore *blobs;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = yc_test_make_tmpdir ();

  f->dir = g_build_filename (tmp, "blobs", NULL);
  f->blobs = yc_blob_store_new (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  g_assert_finalize_object (f->blobs);
  yc_test_rm_rf (parent);
  g_free (f->dir);
}

/*
 * This executable's fsync() wraps the C library's and, while recording, notes which files
 * and directories were synced, so a test can see that a put made its names durable.
 */
static GArray *fsynced;  /* of struct stat, only st_dev and st_ino matter */

int
fsync (int fd)
{
  static int (*real_fsync) (int);
  struct stat st;

  if (real_fsync == NULL)
    real_fsync = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
  if (fsynced != NULL && fstat (fd, &st) == 0)
    g_array_append_val (fsynced, st);
  return real_fsync (fd);
}

static gboolean
was_fsynced (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  for (guint i = 0; i < fsynced->len; i++)
    {
      const struct stat *synced = &g_array_index (fsynced, struct stat, i);
      if (synced->st_dev == st.st_dev && synced->st_ino == st.st_ino)
        return TRUE;
    }
  return FALSE;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GBytes *
pseudo_random_bytes (gsize   length,
                     guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, length);
}

static void
test_put_and_read (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello, window", 13);
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_autofree char *path = NULL;
  g_autofree char *wanted_path = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autoptr(GBytes) read = NULL;
  g_autofree char *staging = g_build_filename (f->dir, ".staging", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, expected);

  /* blobs/<first two hex digits>/<sha256> */
  prefix = g_strndup (sha256, 2);
  wanted_path = g_build_filename (f->dir, prefix, sha256, NULL);
  path = yc_blob_store_get_path (f->blobs, sha256);
  g_assert_cmpstr (path, ==, wanted_path);
  on_disk = yc_test_read_file (path);
  g_assert_true (g_bytes_equal (on_disk, bytes));
  g_assert_true (yc_blob_store_contains (f->blobs, sha256));
  g_assert_cmpuint (count_entries (staging), ==, 0);

  read = yc_blob_store_read (f->blobs, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, bytes));
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("same scan twice", 15);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_autofree char *path = yc_blob_store_get_path (f->blobs, first);
  g_autofree char *second = NULL;
  g_autofree char *staging = g_build_filename (f->dir, ".staging", NULL);
  struct stat before, after;

  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &before), ==, 0);
  second = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);  /* not rewritten */
  g_assert_cmpuint (count_entries (staging), ==, 0);
}

/* A blob already there may have been renamed into place by a put that crashed before its
 * fsyncs: putting it again must make it durable, not just find it. */
static void
test_again_is_durable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("scanned before a crash", 22);
  g_autofree char *source_path = g_build_filename (f->dir, "..", "again.pdf", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_autofree char *path = yc_blob_store_get_path (f->blobs, first);
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *again = NULL;
  g_autofree char *from_file = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (source_path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));

  fsynced = g_array_new (FALSE, FALSE, sizeof (struct stat));
  again = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, first);
  g_assert_true (was_fsynced (path));
  g_assert_true (was_fsynced (directory));
  g_assert_true (was_fsynced (f->dir));

  g_array_set_size (fsynced, 0);
  from_file = yc_blob_store_put_file (f->blobs, source, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (from_file, ==, first);
  g_assert_true (was_fsynced (path));
  g_assert_true (was_fsynced (directory));
  g_assert_true (was_fsynced (f->dir));
  g_clear_pointer (&fsynced, g_array_unref);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = yc_blob_store_put_bytes (f->blobs, empty, &error);
  g_autoptr(GBytes) read = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  read = yc_blob_store_read (f->blobs, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (read), ==, 0);
}

static void
test_put_file (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) bytes = pseudo_random_bytes (1024 * 1024 + 17, 42);  /* several chunks */
  g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *source_path = g_build_filename (f->dir, "..", "scan.pdf", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GBytes) read = NULL;
  goffset size = 0;

  g_assert_true (g_file_set_contents (source_path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  sha256 = yc_blob_store_put_file (f->blobs, source, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, expected);
  g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (bytes));
  read = yc_blob_store_read (f->blobs, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, bytes));

  /* Again, from the file: the blob is already there. */
  g_clear_pointer (&sha256, g_free);
  sha256 = yc_blob_store_put_file (f->blobs, source, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, expected);
}

static void
test_read_verifies (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("original content", 16);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_autofree char *path = yc_blob_store_get_path (f->blobs, sha256);
  g_autofree char *again = NULL;
  g_autoptr(GBytes) read = NULL;

  g_assert_no_error (error);

  /* A flipped byte on disk is reported, never handed out as the scan. */
  g_assert_true (g_file_set_contents (path, "original cONtent", 16, NULL));
  g_assert_null (yc_blob_store_read (f->blobs, sha256, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Putting the real content again repairs it. */
  again = yc_blob_store_put_bytes (f->blobs, bytes, &error);
  g_assert_no_error (error);
  read = yc_blob_store_read (f->blobs, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, bytes));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (yc_blob_store_read (f->blobs, sha256, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (yc_blob_store_read (f->blobs, "../../etc/passwd", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (yc_blob_store_contains (f->blobs, "ABCDEF"));
}

static void
test_staging_cleaned (void)
{
  g_autofree char *tmp = yc_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (tmp, "blobs", NULL);
  g_autofree char *staging = g_build_filename (dir, ".staging", NULL);
  g_autofree char *leftover = g_build_filename (staging, "blob-Ab12Cd", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcBlobStore) blobs = NULL;

  /* A crash between write and rename leaves a partial file behind. */
  g_assert_cmpint (g_mkdir_with_parents (staging, 0700), ==, 0);
  g_assert_true (g_file_set_contents (leftover, "half a sc", 9, NULL));

  blobs = yc_blob_store_new (dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (g_steal_pointer (&blobs));
  yc_test_rm_rf (tmp);
}

/* Real ENOSPC from a tiny tmpfs (root only, in this process's own mount namespace). */
static void
test_disk_full (void)
{
  g_autofree char *mnt = yc_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (mnt, "blobs", NULL);
  g_autoptr(YcBlobStore) blobs = NULL;
  g_autoptr(GBytes) small = g_bytes_new_static ("fits", 4);
  g_autoptr(GBytes) big = pseudo_random_bytes (256 * 1024, 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *staging = NULL;
  g_autoptr(GBytes) read = NULL;

  if (!yc_test_private_mounts () ||
      mount ("tmpfs", mnt, "tmpfs", 0, "size=128k,mode=0700") != 0)
    {
      g_test_skip ("needs root to mount a small tmpfs");
      yc_test_rm_rf (mnt);
      return;
    }

  blobs = yc_blob_store_new (dir, &error);
  g_assert_no_error (error);
  kept = yc_blob_store_put_bytes (blobs, small, &error);
  g_assert_no_error (error);

  g_assert_null (yc_blob_store_put_bytes (blobs, big, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The failed write left nothing behind; the earlier blob is intact. */
  staging = g_build_filename (dir, ".staging", NULL);
  g_assert_cmpuint (count_entries (staging), ==, 0);
  read = yc_blob_store_read (blobs, kept, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, small));

  g_assert_finalize_object (g_steal_pointer (&blobs));
  g_assert_cmpint (umount (mnt), ==, 0);
  yc_test_rm_rf (mnt);
}

/* What a clerk may read from the blob store is in Chinese. */
static void
test_messages_zh_cn (void)
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("translations not built: %s", mo);
      return;
    }

  /* In a child, so that the language switch stays out of the other tests. */
  if (g_test_subprocess ())
    {
      g_autofree char *tmp = yc_test_make_tmpdir ();
      g_autofree char *dir = g_build_filename (tmp, "blobs", NULL);
      g_autoptr(YcBlobStore) blobs = NULL;
      g_autoptr(GBytes) bytes = g_bytes_new_static ("scan", 4);
      g_autoptr(GError) error = NULL;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      blobs = yc_blob_store_new (dir, &error);
      g_assert_no_error (error);
      g_assert_null (yc_blob_store_read (blobs, "ABCDEF", &error));
      g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_cmpstr (error->message, ==, "“ABCDEF”不是扫描文件的名称（应为小写十六进制的 "
                                           "SHA-256）。请将此情况报告管理员。");
      g_clear_error (&error);
      g_assert_finalize_object (g_steal_pointer (&blobs));

      blobs = yc_blob_store_new_read_only (dir);
      g_assert_null (yc_blob_store_put_bytes (blobs, bytes, &error));
      g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_READ_ONLY);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "本机数据文件"));
      g_assert_true (g_str_has_suffix (error->message, " (本程序以只读方式打开了数据文件夹)"));
      g_assert_finalize_object (g_steal_pointer (&blobs));
      yc_test_rm_rf (tmp);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/blob-store/put-and-read", Fixture, NULL, fixture_set_up, test_put_and_read, fixture_tear_down);
  g_test_add ("/blob-store/idempotent", Fixture, NULL, fixture_set_up, test_idempotent, fixture_tear_down);
  g_test_add ("/blob-store/again-is-durable", Fixture, NULL, fixture_set_up, test_again_is_durable, fixture_tear_down);
  g_test_add ("/blob-store/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/blob-store/put-file", Fixture, NULL, fixture_set_up, test_put_file, fixture_tear_down);
  g_test_add ("/blob-store/read-verifies", Fixture, NULL, fixture_set_up, test_read_verifies, fixture_tear_down);
  g_test_add_func ("/blob-store/staging-cleaned", test_staging_cleaned);
  g_test_add_func ("/blob-store/disk-full", test_disk_full);
  g_test_add_func ("/blob-store/messages-zh-cn", test_messages_zh_cn);

  return g_test_run ();
}
