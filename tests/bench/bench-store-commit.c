/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Store commit benchmark: accepting one case with seven materials (yc_store_accept_case:
 * BEGIN IMMEDIATE, number, case row with its document, seven material rows, outbox row,
 * COMMIT with synchronous=FULL) next to the fsync floor measured in the same run, in the same
 * directory:
 *
 *  - floor: write a small new file, fsync it, fsync the directory (a durable file
 *    creation, the floor the brief names);
 *  - WAL floor: append 4 KiB to an existing file and fsync it (what a WAL commit must do
 *    at the very least).
 *
 * The samples are interleaved so that both see the same disk.  Target: commit p50 ≤ 2×
 * the floor.  Timings are printed, never asserted.  The directory is the current one (the
 * build tree, a real disk) unless YC_BENCH_DIR names another; /tmp may be a tmpfs where
 * fsync costs nothing.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "yc-store.h"
#include "../yc-test-store.h"

#define RUNS    200
#define WARM_UP 10

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static void
check_errno (int         rc,
             const char *what)
{
  if (rc < 0)
    g_error ("%s: %s", what, g_strerror (errno));
}

/* A new small file made durable: write, fsync, fsync of its directory. */
static double
floor_sample (const char *dir,
              guint       i)
{
  g_autofree char *name = g_strdup_printf ("floor-%u", i);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char data[512];
  gint64 start;
  int fd, dfd;

  memset (data, 'x', sizeof data);
  start = g_get_monotonic_time ();
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  check_errno (fd, path);
  check_errno (write (fd, data, sizeof data), "write");
  check_errno (fsync (fd), "fsync");
  close (fd);
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  check_errno (dfd, dir);
  check_errno (fsync (dfd), "fsync dir");
  close (dfd);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* What a WAL commit must at least do: append a page, fsync. */
static double
wal_floor_sample (int fd)
{
  char page[4096];
  gint64 start;

  memset (page, 'w', sizeof page);
  start = g_get_monotonic_time ();
  check_errno (write (fd, page, sizeof page), "write");
  check_errno (fsync (fd), "fsync");
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The case is built (rules, document) before the clock starts: this is the commit alone. */
static double
commit_sample (YcStore    *store,
               const char *blob_a,
               const char *blob_b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_test_case_new (blob_a, blob_b, NULL);
  gint64 start = g_get_monotonic_time ();

  if (!yc_store_accept_case (store, c, &error))
    g_error ("accept: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *base = g_getenv ("YC_BENCH_DIR");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *floor_dir = NULL;
  g_autofree char *wal_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GBytes) scan_a = g_bytes_new_static ("%PDF-1.7 bench scan A", 21);
  g_autoptr(GBytes) scan_b = g_bytes_new_static ("%PDF-1.7 bench scan B", 21);
  g_autofree char *blob_a = NULL;
  g_autofree char *blob_b = NULL;
  GArray *commits = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *floors = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *wal_floors = g_array_new (FALSE, FALSE, sizeof (double));
  double commit_p50, commit_p99, floor_p50, floor_p99, wal_p50, wal_p99;
  int wal_fd;

  dir = g_build_filename (base != NULL ? base : cwd, "bench-store-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("%s: %s", dir, g_strerror (errno));
  store_dir = g_build_filename (dir, "store", NULL);
  floor_dir = g_build_filename (dir, "floor", NULL);
  g_mkdir (floor_dir, 0700);
  wal_path = g_build_filename (floor_dir, "wal", NULL);
  wal_fd = open (wal_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  check_errno (wal_fd, wal_path);

  store = yc_store_open (store_dir, &error);
  g_assert_no_error (error);
  yc_store_enroll_device (store, "HD01", "W03", &error);
  g_assert_no_error (error);
  blob_a = yc_store_put_blob (store, scan_a, "application/pdf", &error);
  g_assert_no_error (error);
  blob_b = yc_store_put_blob (store, scan_b, "application/pdf", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < WARM_UP; i++)
    {
      floor_sample (floor_dir, i);
      wal_floor_sample (wal_fd);
      commit_sample (store, blob_a, blob_b);
    }

  for (guint i = 0; i < RUNS; i++)
    {
      double sample;

      sample = floor_sample (floor_dir, WARM_UP + i);
      g_array_append_val (floors, sample);
      sample = wal_floor_sample (wal_fd);
      g_array_append_val (wal_floors, sample);
      sample = commit_sample (store, blob_a, blob_b);
      g_array_append_val (commits, sample);
    }

  commit_p50 = percentile (commits, 0.50);
  commit_p99 = percentile (commits, 0.99);
  floor_p50 = percentile (floors, 0.50);
  floor_p99 = percentile (floors, 0.99);
  wal_p50 = percentile (wal_floors, 0.50);
  wal_p99 = percentile (wal_floors, 0.99);

  printf ("# store commit: one accepted case, 7 materials, %d runs, in %s\n", RUNS, dir);
  printf ("#   commit (accept_case)          p50 %7.3f ms   p99 %7.3f ms\n", commit_p50, commit_p99);
  printf ("#   floor (new file+fsync+dir)    p50 %7.3f ms   p99 %7.3f ms\n", floor_p50, floor_p99);
  printf ("#   WAL floor (append 4K+fsync)   p50 %7.3f ms   p99 %7.3f ms\n", wal_p50, wal_p99);
  printf ("#   ratio commit/floor            p50 %5.2f×   p99 %5.2f×   (target ≤ 2×)\n",
          commit_p50 / floor_p50, commit_p99 / floor_p99);
  printf ("#   ratio commit/WAL floor        p50 %5.2f×   p99 %5.2f×\n",
          commit_p50 / wal_p50, commit_p99 / wal_p99);

  close (wal_fd);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_array_unref (commits);
  g_array_unref (floors);
  g_array_unref (wal_floors);
  yc_test_rm_rf (dir);
  return 0;
}
