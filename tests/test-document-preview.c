/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <poppler.h>

#include "yc-document-preview.h"
#include "yc-print.h"
#include "yc-store-meta.h"
#include "yc-test-store.h"

/*
 * The documents after a commit, as the counter shows and prints them: the preview lays out
 * what the case's decision gives (receipt, then the letters to sign), pages and zooms
 * through its actions, reads the hall secret from the store's meta table (and without one
 * prints the receipt with its note), and prints through GtkPrintOperation — here its export
 * to a PDF, read back with poppler.
 */

#define SECRET "3f0c9a52d1e84b7fa6c35e0d2b1f4a9c8e7d6c5b4a39281706f5e4d3c2b1a098"

#if !defined(POPPLER_CHECK_VERSION) || !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

typedef struct {
  YcStoreFixture  store;
  YcCase         *case_doc;  /* accepted with tolerance and a pledge, in the store */
  char           *export_dir;
  GtkWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) accepted_at = yc_test_day_at (2026, 11, 23, 9);
  g_autoptr(GError) error = NULL;

  yc_store_fixture_set_up (&fixture->store, data);
  if (GPOINTER_TO_INT (data))
    {
      g_assert_true (yc_store_set_meta (fixture->store.store, YC_STORE_META_HALL_SECRET, SECRET, &error));
      g_assert_no_error (error);
    }
  fixture->case_doc = yc_test_case_new (fixture->store.blob_a, fixture->store.blob_b, accepted_at);
  g_assert_true (yc_store_accept_case (fixture->store.store, fixture->case_doc, &error));
  g_assert_no_error (error);
  fixture->export_dir = g_dir_make_tmp ("yc-print-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->window = GTK_WINDOW (gtk_window_new ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->case_doc, yc_case_unref);
  yc_test_rm_rf (fixture->export_dir);
  g_free (fixture->export_dir);
  g_unsetenv (YC_PRINT_EXPORT_DIR_ENV);
  yc_store_fixture_tear_down (&fixture->store, data);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until *flag (a gboolean) is set; fails after ten seconds. */
static void
wait_for (const gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
set_flag_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
}

static YcDocumentPreview *
new_preview (Fixture *fixture)
{
  return YC_DOCUMENT_PREVIEW (yc_document_preview_new (fixture->window, fixture->store.store,
                                                       yc_test_store_catalog (),
                                                       yc_test_store_calendar ()));
}

static void
ready_cb (YcDocumentPreview *preview,
          GParamSpec        *pspec,
          gboolean          *settled)
{
  if (yc_document_preview_get_ready (preview) || yc_document_preview_get_error (preview) != NULL)
    *settled = TRUE;
}

static void
wait_ready (YcDocumentPreview *preview)
{
  gboolean settled = FALSE;
  gulong id = g_signal_connect (preview, "notify::ready", G_CALLBACK (ready_cb), &settled);

  wait_for (&settled);
  g_signal_handler_disconnect (preview, id);
}

static char *
pdf_text (const char *path,
          int        *out_n_pages)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  *out_n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < *out_n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);
      double width, height;

      /* A4 in points, whatever the print backend's default paper. */
      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, YC_DOCUMENT_PAGE_WIDTH, 1.0);
      g_assert_cmpfloat_with_epsilon (height, YC_DOCUMENT_PAGE_HEIGHT, 1.0);
      for (const char *p = page_text; *p != '\0'; p++)
        if (*p != '\n' && *p != ' ')
          g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
test_export_filename (void)
{
  g_autofree char *none = NULL;
  g_autofree char *path = NULL;

  g_unsetenv (YC_PRINT_EXPORT_DIR_ENV);
  none = yc_print_export_filename ("HD01-W03-20261123-0001");
  g_assert_null (none);

  g_setenv (YC_PRINT_EXPORT_DIR_ENV, "/tmp/prints", TRUE);
  path = yc_print_export_filename ("HD01/W03 0001");
  /* A job name never leaves the directory. */
  g_assert_cmpstr (path, ==, "/tmp/prints/HD01_W03_0001.pdf");
  g_unsetenv (YC_PRINT_EXPORT_DIR_ENV);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  char     *exported;
  GError   *error;
} Printed;

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Printed *printed = user_data;

  printed->ok = yc_print_documents_finish (result, &printed->exported, &printed->error);
  printed->done = TRUE;
}

/* yc-print.c alone: the pages laid out here go through GtkPrintOperation's export. */
static void
test_print_export (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcDocumentContext) context = yc_document_context_new ("海淀区政务服务中心");
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_document_pages_unref);
  g_autoptr(GArray) kinds = yc_document_kinds_for_case (fixture->case_doc);
  g_autofree char *path = g_build_filename (fixture->export_dir, "job.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->export_dir, "no-such-dir", "job.pdf", NULL);
  g_autofree char *text = NULL;
  Printed printed = { 0 };
  int n_pages = 0, expected = 0;

  yc_document_context_set_hall_secret (context, SECRET);
  yc_document_context_set_catalog (context, yc_test_store_catalog ());
  for (guint i = 0; i < kinds->len; i++)
    {
      g_autoptr(GError) error = NULL;
      YcDocumentPages *pages = yc_document_layout (g_array_index (kinds, YcDocumentKind, i), context,
                                                   fixture->case_doc, NULL, NULL, &error);

      g_assert_no_error (error);
      expected += yc_document_pages_get_n_pages (pages);
      g_ptr_array_add (documents, pages);
    }
  g_assert_cmpuint (documents->len, ==, 3);  /* receipt, tolerance commitment, pledge */

  yc_print_documents_async (fixture->window, (YcDocumentPages **) documents->pdata, documents->len,
                            fixture->case_doc->number, YC_PRINT_MODE_EXPORT, path, NULL,
                            printed_cb, &printed);
  wait_for (&printed.done);
  g_assert_no_error (printed.error);
  g_assert_true (printed.ok);
  g_assert_cmpstr (printed.exported, ==, path);
  g_free (printed.exported);
  /* The settings stay with the counter's window: the next applicant's documents go to the
   * same printer. */
  g_assert_true (GTK_IS_PRINT_SETTINGS (g_object_get_data (G_OBJECT (fixture->window), "yc-print-settings")));

  text = pdf_text (path, &n_pages);
  g_assert_cmpint (n_pages, ==, expected);
  g_assert_nonnull (strstr (text, fixture->case_doc->number));
  for (guint i = 0; i < documents->len; i++)
    {
      const char *title = yc_document_pages_get_title (g_ptr_array_index (documents, i));
      g_auto(GStrv) words = g_strsplit (title, " ", 2);

      /* Each document's title, by its first word (the spaces are dropped above). */
      g_assert_nonnull (strstr (text, words[0]));
    }

  /* Nowhere to write: an error for the clerk, not a crash. */
  memset (&printed, 0, sizeof printed);
  yc_print_documents_async (fixture->window, (YcDocumentPages **) documents->pdata, documents->len,
                            fixture->case_doc->number, YC_PRINT_MODE_EXPORT, missing, NULL,
                            printed_cb, &printed);
  wait_for (&printed.done);
  g_assert_false (printed.ok);
  g_assert_error (printed.error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL);
  g_assert_nonnull (strstr (printed.error->message, "could not be printed"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&printed.error);
}

static void
activate (YcDocumentPreview *preview,
          const char        *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), action, NULL));
}

/* The documents of the commit, paged and zoomed, printed, done. */
static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  YcDocumentPreview *preview = new_preview (fixture);
  g_autofree char *exported = g_strdup_printf ("%s/%s.pdf", fixture->export_dir, fixture->case_doc->number);
  g_autofree char *text = NULL;
  gboolean printed = FALSE, done = FALSE;
  guint n_receipt;
  int n_pages = 0;

  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  g_assert_false (yc_document_preview_get_ready (preview));
  yc_document_preview_show_case (preview, fixture->case_doc);
  gtk_window_present (GTK_WINDOW (preview));
  wait_ready (preview);
  g_assert_null (yc_document_preview_get_error (preview));
  g_assert_true (yc_document_preview_get_ready (preview));
  g_assert_true (yc_document_preview_get_verified (preview));

  g_assert_cmpuint (yc_document_preview_get_n_documents (preview), ==, 3);
  g_assert_cmpint (yc_document_pages_get_kind (yc_document_preview_get_document (preview, 0)), ==, YC_DOCUMENT_RECEIPT);
  g_assert_cmpint (yc_document_pages_get_kind (yc_document_preview_get_document (preview, 1)), ==,
                   YC_DOCUMENT_TOLERANCE_COMMITMENT);
  g_assert_cmpint (yc_document_pages_get_kind (yc_document_preview_get_document (preview, 2)), ==, YC_DOCUMENT_PLEDGE);
  g_assert_null (yc_document_preview_get_document (preview, 3));
  n_receipt = yc_document_pages_get_n_pages (yc_document_preview_get_document (preview, 0));

  /* Page Down walks the receipt's pages, then on into the letters; Page Up comes back. */
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 0);
  g_assert_cmpuint (yc_document_preview_get_current_page (preview), ==, 0);
  for (guint i = 0; i < n_receipt; i++)
    activate (preview, "preview.next-page");
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 1);
  g_assert_cmpuint (yc_document_preview_get_current_page (preview), ==, 0);
  activate (preview, "preview.previous-page");
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 0);
  g_assert_cmpuint (yc_document_preview_get_current_page (preview), ==, n_receipt - 1);
  activate (preview, "preview.next-document");
  activate (preview, "preview.next-document");
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 2);
  /* The last document: nothing further. */
  activate (preview, "preview.next-document");
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 2);
  activate (preview, "preview.previous-document");
  g_assert_cmpuint (yc_document_preview_get_current_document (preview), ==, 1);

  /* Whole page, then a zoom, then whole page again. */
  g_assert_cmpfloat (yc_document_preview_get_zoom (preview), ==, 0);
  activate (preview, "preview.zoom-in");
  g_assert_cmpfloat (yc_document_preview_get_zoom (preview), >, 0);
  {
    double zoomed = yc_document_preview_get_zoom (preview);

    activate (preview, "preview.zoom-in");
    g_assert_cmpfloat_with_epsilon (yc_document_preview_get_zoom (preview), zoomed * 1.25, 1e-9);
    activate (preview, "preview.zoom-out");
    g_assert_cmpfloat_with_epsilon (yc_document_preview_get_zoom (preview), zoomed, 1e-9);
  }
  activate (preview, "preview.zoom-fit");
  g_assert_cmpfloat (yc_document_preview_get_zoom (preview), ==, 0);

  /* 打印, headless: exported as <case number>.pdf, every document in one job. */
  g_setenv (YC_PRINT_EXPORT_DIR_ENV, fixture->export_dir, TRUE);
  g_signal_connect_swapped (preview, "printed", G_CALLBACK (set_flag_cb), &printed);
  activate (preview, "preview.print");
  wait_for (&printed);
  text = pdf_text (exported, &n_pages);
  g_assert_cmpint (n_pages, ==,
                   n_receipt
                   + yc_document_pages_get_n_pages (yc_document_preview_get_document (preview, 1))
                   + yc_document_pages_get_n_pages (yc_document_preview_get_document (preview, 2)));
  g_assert_nonnull (strstr (text, fixture->case_doc->number));

  /* 完成: "done", and the window goes. */
  g_signal_connect_swapped (preview, "done", G_CALLBACK (set_flag_cb), &done);
  activate (preview, "preview.done");
  g_assert_true (done);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (preview);
}

/* A window enrolled before hall secrets: the receipt still comes, with its note. */
static void
test_preview_no_secret (Fixture       *fixture,
                        gconstpointer  data)
{
  YcDocumentPreview *preview = new_preview (fixture);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  YcDocumentPages *receipt;

  yc_document_preview_show_case (preview, fixture->case_doc);
  wait_ready (preview);
  g_assert_null (yc_document_preview_get_error (preview));
  g_assert_false (yc_document_preview_get_verified (preview));
  receipt = yc_document_preview_get_document (preview, 0);
  g_assert_cmpint (yc_document_pages_get_kind (receipt), ==, YC_DOCUMENT_RECEIPT);

  g_assert_true (yc_document_pages_write_pdf (receipt, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *page_text = NULL;

      g_clear_object (&page);
      page = poppler_document_get_page (document, i);
      page_text = poppler_page_get_text (page);
      if (strstr (page_text, "No verification code") != NULL)
        text = g_steal_pointer (&page_text);
    }
  g_assert_nonnull (text);
  gtk_window_destroy (GTK_WINDOW (preview));
}

/* Printing again from today's cases: the case read from the store by its UUID. */
static void
test_preview_uuid (Fixture       *fixture,
                   gconstpointer  data)
{
  YcDocumentPreview *preview = new_preview (fixture);

  yc_document_preview_show_uuid (preview, fixture->case_doc->uuid);
  wait_ready (preview);
  g_assert_null (yc_document_preview_get_error (preview));
  g_assert_cmpstr (yc_document_preview_get_case (preview)->number, ==, fixture->case_doc->number);
  g_assert_cmpuint (yc_document_preview_get_n_documents (preview), ==, 3);

  /* A UUID the store does not know: said so, and nothing to print. */
  yc_document_preview_show_uuid (preview, "00000000-0000-4000-8000-000000000000");
  g_assert_false (yc_document_preview_get_ready (preview));
  wait_ready (preview);
  g_assert_nonnull (yc_document_preview_get_error (preview));
  g_assert_false (yc_document_preview_get_ready (preview));
  g_assert_cmpuint (yc_document_preview_get_n_documents (preview), ==, 0);
  gtk_window_destroy (GTK_WINDOW (preview));
}

int
main (int   argc,
      char *argv[])
{
  /* The GL renderer on a software rasteriser can stall under Xvfb (TESTING.md). */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/print/export-filename", test_export_filename);
#define ADD(path, func, secret) \
  g_test_add (path, Fixture, GINT_TO_POINTER (secret), fixture_set_up, func, fixture_tear_down)
  ADD ("/print/export", test_print_export, TRUE);
  ADD ("/preview/documents", test_preview, TRUE);
  ADD ("/preview/no-secret", test_preview_no_secret, FALSE);
  ADD ("/preview/uuid", test_preview_uuid, TRUE);
#undef ADD

  return g_test_run ();
}
