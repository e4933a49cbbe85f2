/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <poppler.h>

#include "yc-page-item.h"
#include "yc-page-strip.h"
#include "yc-page-viewer.h"
#include "yc-test-scan.h"

/*
 * Scanning in the counter's checklist (yc-material-checklist-scan.c, yc-page-strip.c,
 * yc-page-viewer.c, yc-intake-scans.c) in process: SANE's `test` backend through a private
 * SANE_CONFIG_DIR (as tests/test-scan.c), files made here, a real store (tests/yc-test-scan.c).
 * Pages land in the material's slot and its strip; imports, reorder, rotate, trim and delete
 * edit them; the committed case names a blob whose PDF has the material's pages.
 */

#define MATERIAL "articles_of_association"

typedef YcScanFixture Fixture;

/* A PNG of @width × @height, white with a black rectangle at (x, y, w, h); named .dat:
 * the type is read from the content. */
static GFile *
write_png (Fixture *fixture,
           const char *name,
           int      width,
           int      height,
           int      x,
           int      y,
           int      w,
           int      h)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_file_new_for_path (path);
}

static void
import_into (Fixture    *fixture,
             const char *code,
             GFile      *file)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  g_ptr_array_add (files, file);
  g_assert_true (yc_material_checklist_import (fixture->checklist, code, files));
  yc_test_scan_wait_idle (yc_scan_fixture_material (fixture, code));
}

static YcScanPage *
page_at (YcIntakeMaterial *row,
         guint             position)
{
  g_autoptr(YcPageItem) item = g_list_model_get_item (G_LIST_MODEL (yc_intake_material_get_pages (row)), position);

  g_assert_nonnull (item);
  return yc_page_item_get_page (item);  /* the material's store keeps it */
}

/* 重新查找 in the scanner popover: SANE starts again and reads test.conf again. */
static void
rescan (Fixture *fixture)
{
  YcScanSettingsPopover *popover = yc_material_checklist_get_scanner_settings (fixture->checklist);
  g_autoptr(GError) error = yc_test_scan_find_device (popover);

  g_assert_no_error (error);
  g_assert_cmpstr (yc_scan_settings_popover_get_device (popover), ==, "test:0");
}

/* 扫描 in a row: the page lands in the material, which the strip shows; it counts as received. */
static void
test_scan_into_slot (Fixture       *fixture,
                     gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, MATERIAL);
  YcPageStrip *strip = yc_material_checklist_get_page_strip (fixture->checklist);

  g_assert_cmpint (yc_intake_material_get_state (row), ==, YC_INTAKE_STATE_MISSING);
  yc_scan_fixture_scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 1);
  g_assert_true (yc_page_strip_get_pages (strip) == yc_intake_material_get_pages (row));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (yc_page_strip_get_pages (strip))), ==, 1);
  g_assert_cmpuint (yc_page_strip_get_selected (strip), ==, 0);
  g_assert_cmpint (yc_intake_material_get_state (row), !=, YC_INTAKE_STATE_MISSING);
  g_assert_false (yc_page_item_get_blank (g_list_model_get_item (G_LIST_MODEL (yc_intake_material_get_pages (row)), 0)));
  g_assert_true (yc_material_checklist_get_touched (fixture->checklist));

  /* A second scan goes after the first; a jam keeps what was there. */
  yc_scan_fixture_scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 2);
  yc_test_scan_write_conf (1, "SANE_STATUS_JAMMED");
  rescan (fixture);
  g_assert_true (yc_material_checklist_scan (fixture->checklist, MATERIAL));
  yc_test_scan_wait_idle (row);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 2);
}

/* F8: the first material in list order that is owed on paper and has no pages. */
static void
test_scan_next_missing (Fixture       *fixture,
                        gconstpointer  data)
{
  GListModel *rows = yc_material_checklist_get_model (fixture->checklist);
  g_autoptr(YcIntakeMaterial) first = NULL;
  g_autoptr(YcIntakeMaterial) second = NULL;
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n && second == NULL; i++)
    {
      g_autoptr(YcIntakeMaterial) row = g_list_model_get_item (rows, i);
      YcIntakeState state = yc_intake_material_get_state (row);

      if (state == YC_INTAKE_STATE_SHARED || state == YC_INTAKE_STATE_PLEDGED)
        continue;
      if (first == NULL)
        first = g_object_ref (row);
      else
        second = g_object_ref (row);
    }
  g_assert_nonnull (second);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->checklist), "checklist.scan-next", NULL));
  yc_test_scan_wait_pages (first, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (first), ==, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (second), ==, 0);
  g_assert_true (yc_material_checklist_scan_next_missing (fixture->checklist));
  yc_test_scan_wait_pages (second, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (first), ==, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (second), ==, 1);
  /* The strip follows the material being scanned. */
  g_assert_true (yc_page_strip_get_pages (yc_material_checklist_get_page_strip (fixture->checklist))
                 == yc_intake_material_get_pages (second));
}

/* Files: a PNG named .dat imports; a text file is refused and leaves the pages alone. */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, MATERIAL);
  g_autoptr(GFile) png = write_png (fixture, "scan.dat", 300, 400, 50, 50, 100, 100);
  g_autofree char *text_path = g_build_filename (fixture->dir, "notes.pdf", NULL);
  g_autoptr(GFile) text = g_file_new_for_path (text_path);

  import_into (fixture, MATERIAL, png);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 1);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 0)), ==, 300);
  g_assert_cmpuint (yc_scan_page_get_height (page_at (row, 0)), ==, 400);
  g_assert_cmpint (yc_intake_material_get_state (row), !=, YC_INTAKE_STATE_MISSING);

  g_assert_true (g_file_set_contents (text_path, "not a PDF at all", -1, NULL));
  import_into (fixture, MATERIAL, text);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 1);
}

/* The strip's edits: reorder (keys and the drop's move), rotate, trim, delete. */
static void
test_strip_edits (Fixture       *fixture,
                  gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, MATERIAL);
  YcPageStrip *strip = yc_material_checklist_get_page_strip (fixture->checklist);
  g_autoptr(GFile) a = write_png (fixture, "a.png", 200, 300, 40, 60, 50, 80);
  g_autoptr(GFile) b = write_png (fixture, "b.png", 210, 300, 0, 0, 10, 10);
  g_autoptr(GFile) c = write_png (fixture, "c.png", 220, 300, 0, 0, 10, 10);
  guint x, y, w, h;

  import_into (fixture, MATERIAL, a);
  import_into (fixture, MATERIAL, b);
  import_into (fixture, MATERIAL, c);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 3);
  g_assert_true (yc_page_strip_get_pages (strip) == yc_intake_material_get_pages (row));

  /* Alt+Right on the first page: a b c → b a c */
  yc_page_strip_select (strip, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.move", "i", 1));
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 0)), ==, 210);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 1)), ==, 200);
  g_assert_cmpuint (yc_page_strip_get_selected (strip), ==, 1);
  /* A drop of the last page onto the first: c b a */
  g_assert_true (yc_page_strip_move (strip, 2, 0));
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 0)), ==, 220);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 2)), ==, 200);
  /* Nothing before the first page */
  yc_page_strip_select (strip, 0);
  gtk_widget_activate_action (GTK_WIDGET (strip), "strip.move", "i", -1);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 0)), ==, 220);

  /* Rotate page a (now last) right: its sides swap */
  yc_page_strip_select (strip, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.rotate", "i", 1));
  g_assert_cmpuint (yc_scan_page_get_rotation (page_at (row, 2)), ==, 1);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 2)), ==, 300);
  g_assert_cmpuint (yc_scan_page_get_height (page_at (row, 2)), ==, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.rotate", "i", -1));
  g_assert_cmpuint (yc_scan_page_get_rotation (page_at (row, 2)), ==, 0);

  /* Trim: the black box at (40, 60) 50 × 80, with a margin of 1 % of the longer side */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.trim", NULL));
  yc_scan_page_get_crop (page_at (row, 2), &x, &y, &w, &h);
  g_assert_cmpuint (x, ==, 37);
  g_assert_cmpuint (y, ==, 57);
  g_assert_cmpuint (w, ==, 56);
  g_assert_cmpuint (h, ==, 86);

  /* Delete the middle page: c a, the selection on the page that took its place */
  yc_page_strip_select (strip, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "strip.delete", NULL));
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 2);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 0)), ==, 220);
  g_assert_cmpuint (yc_scan_page_get_width (page_at (row, 1)), ==, 56);
  g_assert_cmpuint (yc_page_strip_get_selected (strip), ==, 1);
}

static GtkWidget *
find_drawing_area (GtkWidget *widget)
{
  if (GTK_IS_DRAWING_AREA (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawing_area (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the viewer's page, drawn as GTK would draw it now, shows dark ink anywhere */
static gboolean
draws_ink (gpointer user_data)
{
  YcPageViewer *viewer = user_data;
  GtkWidget *area = find_drawing_area (GTK_WIDGET (viewer));
  int width = gtk_widget_get_width (area);
  int height = gtk_widget_get_height (area);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (area);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ink = FALSE;

  if (width <= 0 || height <= 0)
    {
      g_object_unref (snapshot);
      return FALSE;
    }
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (int y = 0; y < height && !ink; y++)
    {
      const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface)
                                              + y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < width && !ink; x++)
        ink = ((row[x] >> 16) & 0xff) < 40 && ((row[x] >> 8) & 0xff) < 40 && (row[x] & 0xff) < 40;
    }
  cairo_surface_destroy (surface);
  return ink;
}

/* The page's image is made off the main loop: runs it until the page shows its ink. */
static void
wait_for_ink (YcPageViewer *viewer)
{
  yc_test_scan_wait (draws_ink, viewer, 30);
}

/* The viewer over the material's pages: page n of m, zoom, fit, the view's rotation. */
static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, MATERIAL);
  g_autoptr(GFile) a = write_png (fixture, "a.png", 200, 300, 40, 60, 50, 80);
  GtkWidget *window = gtk_window_new ();
  YcPageViewer *viewer = YC_PAGE_VIEWER (yc_page_viewer_new ());
  GListStore *pages = yc_intake_material_get_pages (row);
  double zoom;

  import_into (fixture, MATERIAL, a);
  yc_scan_fixture_scan_into (fixture, MATERIAL);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (viewer));
  yc_page_viewer_set_pages (viewer, G_LIST_MODEL (pages));
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (yc_page_viewer_get_n_pages (viewer), ==, 2);
  g_assert_cmpuint (yc_page_viewer_get_page (viewer), ==, 0);
  /* The imported page: white with a black rectangle, decoded on a worker */
  wait_for_ink (viewer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next", NULL));
  g_assert_cmpuint (yc_page_viewer_get_page (viewer), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next", NULL);
  g_assert_cmpuint (yc_page_viewer_get_page (viewer), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.previous", NULL));
  g_assert_cmpuint (yc_page_viewer_get_page (viewer), ==, 0);

  yc_page_viewer_set_zoom (viewer, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL));
  zoom = yc_page_viewer_get_zoom (viewer);
  g_assert_cmpfloat_with_epsilon (zoom, 1.25, 0.001);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (yc_page_viewer_get_zoom (viewer), 1.0, 0.001);
  g_assert_cmpint (yc_page_viewer_get_fit (viewer), ==, YC_PAGE_FIT_NONE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.fit-width", NULL));
  g_assert_cmpint (yc_page_viewer_get_fit (viewer), ==, YC_PAGE_FIT_WIDTH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.fit-page", NULL));
  g_assert_cmpint (yc_page_viewer_get_fit (viewer), ==, YC_PAGE_FIT_PAGE);
  /* 裁切: a rectangle drawn around the middle of the area keeps the middle of the page. */
  {
    GtkWidget *area = find_drawing_area (GTK_WIDGET (viewer));
    g_autoptr(GError) error = NULL;
    YcScanPage *page;
    guint width = yc_scan_page_get_width (page_at (row, 0));
    guint height = yc_scan_page_get_height (page_at (row, 0));
    int aw, ah;

    g_assert_nonnull (area);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    aw = gtk_widget_get_width (area);
    ah = gtk_widget_get_height (area);
    g_assert_cmpint (aw, >, 100);
    g_assert_true (yc_page_viewer_crop (viewer, aw / 2.0 - 20, ah / 2.0 - 20, 40, 40, &error));
    g_assert_no_error (error);
    page = page_at (row, 0);
    g_assert_cmpuint (yc_scan_page_get_width (page), <, width / 2);
    g_assert_cmpuint (yc_scan_page_get_height (page), <, height / 2);
    g_assert_cmpuint (yc_scan_page_get_width (page), >, 0);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.rotate", "i", -1));
  g_assert_cmpuint (yc_page_viewer_get_rotation (viewer), ==, 3);

  /* A deleted page: the viewer follows the list. */
  g_list_store_remove (pages, 1);
  g_assert_cmpuint (yc_page_viewer_get_n_pages (viewer), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
committed_cb (YcIntakeView *view,
              YcCase       *case_doc,
              YcCase      **out)
{
  *out = yc_case_ref (case_doc);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  return dialog;
}

/* Confirming stores each received material's pages as one PDF blob before the case. */
static void
test_commit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) a = write_png (fixture, "a.png", 200, 300, 40, 60, 50, 80);
  g_autoptr(YcCase) case_doc = NULL;
  g_autoptr(YcCase) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) blob = NULL;
  PopplerDocument *pdf;
  YcCaseMaterialVersion *version;
  AdwMessageDialog *dialog;

  yc_material_checklist_receive_all (fixture->checklist);
  yc_scan_fixture_scan_into (fixture, MATERIAL);
  import_into (fixture, MATERIAL, a);
  yc_scan_fixture_scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (yc_scan_fixture_material (fixture, MATERIAL)), ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_signal_connect (fixture->view, "committed", G_CALLBACK (committed_cb), &case_doc);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  yc_test_scan_wait (yc_test_scan_is_set, &case_doc, 20);

  stored = yc_store_get_case (fixture->store, case_doc->uuid, &error);
  g_assert_no_error (error);
  version = yc_case_lookup_material (stored, MATERIAL);
  g_assert_nonnull (version);
  g_assert_cmpuint (version->pages, ==, 3);
  g_assert_nonnull (version->blob_sha256);
  /* Materials without pages name no blob. */
  for (guint i = 0; i < stored->materials->len; i++)
    {
      YcCaseMaterialVersion *other = g_ptr_array_index (stored->materials, i);
      if (!g_str_equal (other->code, MATERIAL))
        g_assert_null (other->blob_sha256);
    }

  blob = yc_store_read_blob (fixture->store, version->blob_sha256, &error);
  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (blob, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 3);
  g_object_unref (pdf);

  /* The same PDF in the reviewers' viewer */
  {
    YcPageViewer *viewer = YC_PAGE_VIEWER (g_object_ref_sink (yc_page_viewer_new ()));

    GtkWidget *window = gtk_window_new ();

    gtk_window_set_default_size (GTK_WINDOW (window), 600, 800);
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (viewer));
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (yc_page_viewer_set_pdf (viewer, blob, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (yc_page_viewer_get_n_pages (viewer), ==, 3);
    /* The imported page, rendered by poppler on a worker */
    yc_page_viewer_set_page (viewer, 1);
    wait_for_ink (viewer);
    yc_page_viewer_set_page (viewer, 2);
    g_assert_cmpuint (yc_page_viewer_get_page (viewer), ==, 2);
    gtk_window_destroy (GTK_WINDOW (window));
    g_object_unref (viewer);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  yc_test_scan_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, yc_scan_fixture_set_up, func, yc_scan_fixture_tear_down)
  ADD ("/scan-ui/scan-into-slot", test_scan_into_slot);
  ADD ("/scan-ui/scan-next-missing", test_scan_next_missing);
  ADD ("/scan-ui/import", test_import);
  ADD ("/scan-ui/strip-edits", test_strip_edits);
  ADD ("/scan-ui/viewer", test_viewer);
  ADD ("/scan-ui/commit", test_commit);
#undef ADD

  status = g_test_run ();
  yc_test_scan_cleanup ();
  return status;
}
