/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Receipt benchmark: from calling the receipt render (yc_document_save: layout, QR code,
 * PDF, write, fsync of the file and of its directory) to the PDF durable on disk, for the
 * bundle case of the tests (我要开健身房, one tolerated material), next to the store's commit
 * floor measured the same way and interleaved in the same run: a small new file written,
 * fsynced, its directory fsynced (as bench-store-commit.c).  p50 and p99 over 100 runs after
 * a warm-up (the first render loads the fonts).  Printed, never asserted.  The directory is
 * the current one (the build tree, a real disk) unless YC_BENCH_DIR names another.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "yc-documents.h"
#include "../yc-test-cases.h"

#define RUNS    100
#define WARM_UP 5

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
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
}

static void
check_errno (int         rc,
             const char *what)
{
  if (rc < 0)
    g_error ("%s: %s", what, g_strerror (errno));
}

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

/* The same render into memory: how much of the time is layout and PDF, not the disk. */
static double
memory_sample (YcDocumentContext *context,
               YcCase            *c)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!yc_document_write (YC_DOCUMENT_RECEIPT, context, c, NULL, stream, NULL, &error))
    g_error ("receipt: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
receipt_sample (YcDocumentContext *context,
                YcCase            *c,
                const char        *dir,
                guint              i,
                gsize             *size)
{
  g_autofree char *name = g_strdup_printf ("receipt-%u.pdf", i);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;
  GStatBuf st;

  if (!yc_document_save (YC_DOCUMENT_RECEIPT, context, c, NULL, file, NULL, &error))
    g_error ("receipt: %s", error->message);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  if (g_stat (path, &st) == 0)
    *size = st.st_size;
  return elapsed;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);
  const char *base = g_getenv ("YC_BENCH_DIR");
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dir = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcDocumentContext) context = NULL;
  g_autoptr(GArray) receipts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) renders = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  gsize size = 0;

  /* Printed in Chinese, as at the counter: CJK fonts and shaping are part of the cost. */
  if (g_file_test (mo, G_FILE_TEST_EXISTS))
    g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  dir = g_build_filename (base != NULL ? base : cwd, "bench-receipt-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("%s: %s", dir, g_strerror (errno));

  catalog = yc_test_rules_catalog_new ();
  calendar = yc_test_calendar ();
  c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  context = yc_document_context_new ("海淀区政务服务中心");
  yc_document_context_set_hall_secret (context, "bench-secret");
  yc_document_context_set_catalog (context, catalog);
  yc_document_context_set_calendar (context, calendar);

  for (guint i = 0; i < WARM_UP; i++)
    receipt_sample (context, c, dir, i, &size);
  for (guint i = 0; i < RUNS; i++)
    {
      double receipt = receipt_sample (context, c, dir, i, &size);
      double floor = floor_sample (dir, i);
      double render = memory_sample (context, c);

      g_array_append_val (receipts, receipt);
      g_array_append_val (floors, floor);
      g_array_append_val (renders, render);
    }

  g_print ("# receipt PDF durable on disk (%" G_GSIZE_FORMAT " bytes), %u runs, in %s\n",
           size, RUNS, dir);
  g_print ("# %-28s p50 %8.2f ms   p99 %8.2f ms\n", "receipt render + fsync",
           percentile (receipts, 0.50), percentile (receipts, 0.99));
  g_print ("# %-28s p50 %8.2f ms   p99 %8.2f ms\n", "  of which render (memory)",
           percentile (renders, 0.50), percentile (renders, 0.99));
  g_print ("# %-28s p50 %8.2f ms   p99 %8.2f ms\n", "commit floor (write+fsync)",
           percentile (floors, 0.50), percentile (floors, 0.99));
  g_print ("# receipt p50 = %.1f x the floor p50\n",
           percentile (receipts, 0.50) / MAX (percentile (floors, 0.50), 0.001));

  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  return 0;
}
