/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Scanning benchmark (issue 5): pages per second from the SANE `test` device's feeder into
 * a material — YcScanner on its worker thread, each page compressed as it arrives — next
 * to `scanimage --batch` with the same device and settings in the same run, writing JPEG
 * (the form a material keeps) and PNM (no compression at all).  Target: our time ≤ 1.1×
 * scanimage's JPEG time.  Then the peak memory (ru_maxrss) of holding a 50-page colour
 * batch at 300 dpi — five feeder loads of 10 sheets, the test device's feeder size — next
 * to the 50 pages' raw size.  Settings: colour, 300 dpi, 200 × 200 mm (the test device's
 * largest area), "Color pattern".  Printed, never asserted.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/resource.h>

#include "yc-scanner.h"

#define RUNS 3

static char *sane_dir;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
on_page (YcScanPage *page,
         guint       index,
         gpointer    user_data)
{
  g_ptr_array_add (user_data, yc_scan_page_ref (page));
}

static void
settings_for_bench (YcScanSettings *settings)
{
  yc_scan_settings_init (settings);
  settings->source = YC_SCAN_SOURCE_ADF;
  settings->color = YC_SCAN_COLOR_RGB;
  settings->resolution = 300;
  settings->width_mm = 200;
  settings->height_mm = 200;
}

/* One feeder load into @pages; returns the seconds it took. */
static double
scan_batch (YcScanner *scanner,
            GPtrArray *pages)
{
  g_autoptr(GAsyncResult) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcScanSettings settings;
  guint n = 0;
  gint64 start;

  /* A fresh SANE start reloads a full feeder (the test device "empties" after 10). */
  yc_scanner_list_devices_async (scanner, TRUE, NULL, on_result, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_unref (yc_scanner_list_devices_finish (scanner, list, &error));
  g_assert_no_error (error);

  settings_for_bench (&settings);
  start = g_get_monotonic_time ();
  yc_scanner_scan_async (scanner, "test:0", &settings, NULL, on_page, pages, NULL, NULL,
                         on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!yc_scanner_scan_finish (scanner, result, &n, &error))
    g_error ("scan failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
scanimage_batch (const char *format)
{
  g_autofree char *directory = g_dir_make_tmp ("yc-bench-scanimage-XXXXXX", NULL);
  g_autofree char *pattern = g_strdup_printf ("--batch=%s/page%%d.%s", directory, format);
  g_autofree char *format_arg = g_strdup_printf ("--format=%s", format);
  const char *argv[] = { "scanimage", "-d", "test:0", "--source", "Automatic Document Feeder",
                         "--mode", "Color", "--depth", "8", "--resolution", "300", "-x", "200",
                         "-y", "200", "--test-picture", "Color pattern", format_arg, pattern,
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint files = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    g_error ("scanimage: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  dir = g_dir_open (directory, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      files++;
      g_unlink (path);
    }
  g_rmdir (directory);
  if (files != 10)
    g_error ("scanimage wrote %u pages, not 10", files);
  return seconds;
}

static double
best_of (double *samples,
         guint   n)
{
  double best = samples[0];

  for (guint i = 1; i < n; i++)
    best = MIN (best, samples[i]);
  return best;
}

int
main (int argc, char *argv[])
{
  g_autoptr(YcScanner) scanner = NULL;
  g_autofree char *dll = NULL;
  g_autofree char *conf = NULL;
  double ours[RUNS], jpeg[RUNS], pnm[RUNS];
  double raw_mb;
  struct rusage usage;
  long rss_before_kb, rss_after_kb;
  gsize kept = 0;

  setlocale (LC_ALL, "");
  sane_dir = g_dir_make_tmp ("yc-bench-sane-XXXXXX", NULL);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  conf = g_build_filename (sane_dir, "test.conf", NULL);
  g_file_set_contents (dll, "test\n", -1, NULL);
  /* The device's defaults, with the largest area */
  g_file_set_contents (conf, "number_of_devices 2\ngeometry_min 0.0\ngeometry_max 200.0\n", -1, NULL);
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  scanner = yc_scanner_dup_default ();
  {
    /* Warm-up: loads the backend and the JPEG encoder */
    g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_page_unref);
    scan_batch (scanner, pages);
  }
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_page_unref);

      ours[i] = scan_batch (scanner, pages);
      g_assert_cmpuint (pages->len, ==, 10);
      jpeg[i] = scanimage_batch ("jpeg");
      pnm[i] = scanimage_batch ("pnm");
    }

  g_print ("Feeder batch of 10 colour pages, 300 dpi, 200 × 200 mm (best of %d):\n", RUNS);
  g_print ("  yichuang        %6.2f s  %5.1f pages/s\n", best_of (ours, RUNS), 10 / best_of (ours, RUNS));
  g_print ("  scanimage jpeg  %6.2f s  %5.1f pages/s\n", best_of (jpeg, RUNS), 10 / best_of (jpeg, RUNS));
  g_print ("  scanimage pnm   %6.2f s  %5.1f pages/s\n", best_of (pnm, RUNS), 10 / best_of (pnm, RUNS));
  g_print ("  ratio to scanimage jpeg: %.2f× (target ≤ 1.10×: %s)\n",
           best_of (ours, RUNS) / best_of (jpeg, RUNS),
           best_of (ours, RUNS) / best_of (jpeg, RUNS) <= 1.10 ? "met" : "NOT met");

  /* 50 pages held at once, as a material of a 50-page batch would be */
  getrusage (RUSAGE_SELF, &usage);
  rss_before_kb = usage.ru_maxrss;
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scan_page_unref);

    for (guint load = 0; load < 5; load++)
      scan_batch (scanner, pages);
    g_assert_cmpuint (pages->len, ==, 50);
    for (guint i = 0; i < pages->len; i++)
      kept += g_bytes_get_size (yc_scan_page_get_data (pages->pdata[i]));
    raw_mb = 50.0 * yc_scan_page_get_source_width (pages->pdata[0])
             * yc_scan_page_get_source_height (pages->pdata[0]) * 3 / (1024 * 1024);
    getrusage (RUSAGE_SELF, &usage);
    rss_after_kb = usage.ru_maxrss;
  }
  g_print ("50-page colour batch at 300 dpi: peak RSS %.0f MB (before the batch %.0f MB); "
           "pages kept %.1f MB compressed; raw pixels would be %.0f MB\n",
           rss_after_kb / 1024.0, rss_before_kb / 1024.0, kept / (1024.0 * 1024.0), raw_mb);

  g_unlink (conf);
  g_unlink (dll);
  g_rmdir (sane_dir);
  return 0;
}
