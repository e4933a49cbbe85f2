/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Confirm-to-receipt benchmark: what the clerk waits for between confirming a decision and
 * the receipt PDF being on disk.  Each run, timed from the confirmation:
 *
 *  1. build the case from the rules' judgement (yc_case_build_accepted, through the test
 *     counter's intake of yc-test-counter.h: accepted with tolerance and a pledge);
 *  2. commit it in the store (yc_store_accept_case: one transaction, WAL, synchronous=FULL;
 *     the number is allocated inside it);
 *  3. lay out its receipt and write it durably (yc_document_layout,
 *     yc_document_pages_write_pdf, yc_document_save_bytes: fsync of the file and its
 *     directory) — the preview's layout and its 另存为 PDF / print-to-file;
 *
 * next to the commit floor measured in the same run, interleaved so both see the same disk:
 * a raw SQLite transaction on a database of its own (WAL, synchronous=FULL, BEGIN
 * IMMEDIATE, one 1 KiB row, COMMIT).  Also printed: the phases, and every document of the
 * decision (receipt, tolerance commitment, pledge) in one PDF.  p50 and p99 over RUNS runs
 * after a warm-up (the first layout loads the fonts).  Printed, never asserted.  The
 * directory is the current one (the build tree, a real disk) unless YC_BENCH_DIR names
 * another: /tmp may be a tmpfs where fsync costs nothing.
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "yc-documents.h"
#include "yc-store.h"
#include "../yc-test-store.h"

#define RUNS    100
#define WARM_UP 5

typedef struct {
  GArray *total;      /* confirm → receipt durable */
  GArray *build;
  GArray *commit;
  GArray *receipt;    /* layout + PDF + fsync */
  GArray *documents;  /* all documents of the decision, one PDF, durable */
  GArray *floor;      /* raw SQLite fsync'd transaction */
} Samples;

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

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
check_sqlite (sqlite3    *db,
              int         rc,
              const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static sqlite3 *
floor_open (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "floor.db", NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  check_sqlite (db, sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                  "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);",
                                  NULL, NULL, NULL), "floor schema");
  return db;
}

/* The least a durable case commit can cost here: one small SQLite transaction, fsynced. */
static double
floor_sample (sqlite3 *db)
{
  static char body[1024];
  sqlite3_stmt *insert = NULL;
  gint64 start;

  memset (body, 'x', sizeof body);
  start = g_get_monotonic_time ();
  check_sqlite (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
  check_sqlite (db, sqlite3_prepare_v2 (db, "INSERT INTO t (body) VALUES (?)", -1, &insert, NULL), "prepare");
  sqlite3_bind_blob (insert, 1, body, sizeof body, SQLITE_STATIC);
  check_sqlite (db, sqlite3_step (insert), "insert");
  sqlite3_finalize (insert);
  check_sqlite (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), "commit");
  return ms_since (start);
}

static YcDocumentContext *
context_new (void)
{
  YcDocumentContext *context = yc_document_context_new ("海淀区政务服务中心");

  yc_document_context_set_hall_secret (context, "3f0c9a52d1e84b7fa6c35e0d2b1f4a9c8e7d6c5b4a39281706f5e4d3c2b1a098");
  yc_document_context_set_window_name (context, "3 号综合窗口");
  yc_document_context_set_catalog (context, yc_test_store_catalog ());
  yc_document_context_set_calendar (context, yc_test_store_calendar ());
  return context;
}

/* Lays out @kinds of @c and writes them as one PDF to @path, durably. */
static gsize
save_documents (YcDocumentContext *context,
                YcCase            *c,
                const YcDocumentKind *kinds,
                guint              n_kinds,
                const char        *path)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_document_pages_unref);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_kinds; i++)
    {
      YcDocumentPages *pages = yc_document_layout (kinds[i], context, c, NULL, NULL, &error);

      if (pages == NULL)
        g_error ("layout: %s", error->message);
      g_ptr_array_add (documents, pages);
    }
  if (!yc_document_pages_write_pdf_many ((YcDocumentPages **) documents->pdata, documents->len,
                                         NULL, memory, NULL, &error)
      || !g_output_stream_close (memory, NULL, &error))
    g_error ("pdf: %s", error->message);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  if (!yc_document_save_bytes (bytes, file, NULL, &error))
    g_error ("save: %s", error->message);
  return g_bytes_get_size (bytes);
}

static void
run_once (YcStoreFixture    *fixture,
          YcDocumentContext *context,
          sqlite3           *floor_db,
          const char        *dir,
          guint              i,
          Samples           *samples,
          gsize             *receipt_size)
{
  static const YcDocumentKind receipt_only[] = { YC_DOCUMENT_RECEIPT };
  g_autofree char *receipt_path = g_strdup_printf ("%s/receipt-%u.pdf", dir, i);
  g_autofree char *all_path = g_strdup_printf ("%s/documents-%u.pdf", dir, i);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(GArray) kinds = NULL;
  gint64 start, phase;
  double build, commit, receipt, total, documents, floor;

  start = phase = g_get_monotonic_time ();
  c = yc_test_case_new (fixture->blob_a, fixture->blob_b, NULL);
  build = ms_since (phase);
  phase = g_get_monotonic_time ();
  if (!yc_store_accept_case (fixture->store, c, &error))
    g_error ("accept: %s", error->message);
  commit = ms_since (phase);
  phase = g_get_monotonic_time ();
  *receipt_size = save_documents (context, c, receipt_only, 1, receipt_path);
  receipt = ms_since (phase);
  total = ms_since (start);

  kinds = yc_document_kinds_for_case (c);
  phase = g_get_monotonic_time ();
  save_documents (context, c, (const YcDocumentKind *) kinds->data, kinds->len, all_path);
  documents = ms_since (phase);

  floor = floor_sample (floor_db);

  if (samples != NULL)
    {
      g_array_append_val (samples->total, total);
      g_array_append_val (samples->build, build);
      g_array_append_val (samples->commit, commit);
      g_array_append_val (samples->receipt, receipt);
      g_array_append_val (samples->documents, documents);
      g_array_append_val (samples->floor, floor);
    }
}

static void
report (const char *what,
        GArray     *samples)
{
  g_print ("#   %-40s p50 %8.2f ms   p99 %8.2f ms\n", what,
           percentile (samples, 0.50), percentile (samples, 0.99));
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
  g_autofree char *pdf_dir = NULL;
  g_autofree char *floor_dir = NULL;
  g_autoptr(YcDocumentContext) context = NULL;
  YcStoreFixture fixture = { 0 };
  Samples samples;
  sqlite3 *floor_db;
  gsize receipt_size = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) scan_a = g_bytes_new_static ("%PDF-1.7 identity card scan", 27);
  g_autoptr(GBytes) scan_b = g_bytes_new_static ("%PDF-1.7 lease contract scan", 28);

  /* Printed in Chinese, as at the counter: CJK fonts and shaping are part of the cost. */
  if (g_file_test (mo, G_FILE_TEST_EXISTS))
    g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  dir = g_build_filename (base != NULL ? base : cwd, "bench-confirm-receipt-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("%s: %s", dir, g_strerror (errno));
  pdf_dir = g_build_filename (dir, "pdf", NULL);
  floor_dir = g_build_filename (dir, "floor", NULL);
  g_mkdir (pdf_dir, 0700);
  g_mkdir (floor_dir, 0700);

  /* The store on the same disk as the floor, enrolled, with the two scans the case holds. */
  fixture.dir = g_build_filename (dir, "store", NULL);
  fixture.store = yc_store_open (fixture.dir, &error);
  if (fixture.store == NULL || !yc_store_enroll_device (fixture.store, "HD01", "W03", &error))
    g_error ("store: %s", error->message);
  fixture.blob_a = yc_store_put_blob (fixture.store, scan_a, "application/pdf", &error);
  fixture.blob_b = yc_store_put_blob (fixture.store, scan_b, "application/pdf", &error);
  if (fixture.blob_a == NULL || fixture.blob_b == NULL)
    g_error ("scans: %s", error->message);
  floor_db = floor_open (floor_dir);
  context = context_new ();

  samples.total = g_array_new (FALSE, FALSE, sizeof (double));
  samples.build = g_array_new (FALSE, FALSE, sizeof (double));
  samples.commit = g_array_new (FALSE, FALSE, sizeof (double));
  samples.receipt = g_array_new (FALSE, FALSE, sizeof (double));
  samples.documents = g_array_new (FALSE, FALSE, sizeof (double));
  samples.floor = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < WARM_UP; i++)
    run_once (&fixture, context, floor_db, pdf_dir, i, NULL, &receipt_size);
  for (guint i = 0; i < RUNS; i++)
    run_once (&fixture, context, floor_db, pdf_dir, WARM_UP + i, &samples, &receipt_size);

  g_print ("# confirm → receipt PDF durable on disk: %u runs (receipt %" G_GSIZE_FORMAT " bytes)\n",
           RUNS, receipt_size);
  g_print ("#   store, PDFs and floor in %s\n", dir);
  report ("confirm → receipt on disk", samples.total);
  report ("  build the case (rules → document)", samples.build);
  report ("  commit (store transaction)", samples.commit);
  report ("  receipt (layout + PDF + fsync)", samples.receipt);
  report ("all documents of the decision, one PDF", samples.documents);
  report ("commit floor (raw SQLite txn, fsync)", samples.floor);
  g_print ("#   confirm → receipt p50 = %.1f × the commit floor p50; commit alone %.1f ×\n",
           percentile (samples.total, 0.50) / MAX (percentile (samples.floor, 0.50), 0.001),
           percentile (samples.commit, 0.50) / MAX (percentile (samples.floor, 0.50), 0.001));

  g_array_unref (samples.total);
  g_array_unref (samples.build);
  g_array_unref (samples.commit);
  g_array_unref (samples.receipt);
  g_array_unref (samples.documents);
  g_array_unref (samples.floor);
  sqlite3_close (floor_db);
  g_clear_object (&fixture.store);
  g_free (fixture.blob_a);
  g_free (fixture.blob_b);
  g_free (fixture.dir);
  yc_test_rm_rf (dir);
  return 0;
}
