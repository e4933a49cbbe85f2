/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <poppler.h>

#include "yc-data.h"
#include "yc-intake-view.h"
#include "yc-page-item.h"
#include "yc-page-strip.h"
#include "yc-page-viewer.h"
#include "yc-scanner.h"
#include "yc-test-finalize.h"

/*
 * Scanning in the counter's checklist (yc-material-checklist-scan.c, yc-page-strip.c,
 * yc-page-viewer.c, yc-intake-scans.c) in process: SANE's `test` backend through a private
 * SANE_CONFIG_DIR (as tests/test-scan.c), files made here, a real store.  Pages land in the
 * material's slot and its strip; imports, reorder, rotate, trim and delete edit them; the
 * committed case names a blob whose PDF has the material's pages.
 */

#define HALL   "T1"
#define WINDOW "W2"
#define GYM    "YJS-001"          /* 我要开健身房 */
#define USCC   "91350100M000100Y43"
#define MATERIAL "articles_of_association"

static char *sane_dir;

typedef struct {
  char         *dir;
  YcStore      *store;
  YcCatalog    *catalog;
  YcCalendar   *calendar;
  GtkWindow    *window;
  YcIntakeView *view;
  YcMaterialChecklist *checklist;
} Fixture;

static void
write_test_conf (const char *status)
{
  g_autofree char *path = g_build_filename (sane_dir, "test.conf", NULL);
  g_autofree char *text = g_strdup_printf (
      "number_of_devices 1\n"
      "mode Color\n"
      "depth 8\n"
      "hand-scanner false\n"
      "three-pass false\n"
      "three-pass-order RGB\n"
      "resolution_min 1.0\n"
      "resolution_max 1200.0\n"
      "resolution_quant 1.0\n"
      "resolution 50.0\n"
      "test-picture \"Color pattern\"\n"
      "invert-endianess false\n"
      "read-limit false\n"
      "read-limit-size 4096\n"
      "read-delay false\n"
      "read-delay-duration 20000\n"
      "read-status-code \"%s\"\n"
      "fuzzy-parameters false\n"
      "ppl-loss 0\n"
      "non-blocking false\n"
      "select-fd false\n"
      "enable-test-options false\n"
      "geometry_min 0.0\n"
      "geometry_max 200.0\n"
      "geometry_quant 1.0\n"
      "tl_x 0.0\n"
      "tl_y 0.0\n"
      "br_x 80.0\n"
      "br_y 100.0\n", status);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  write_test_conf ("Default");
  fixture->dir = g_dir_make_tmp ("yc-scan-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = yc_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (fixture->store, HALL, WINDOW, &error));
  fixture->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  fixture->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, 1200, 900);
  fixture->view = YC_INTAKE_VIEW (yc_intake_view_new (fixture->store, fixture->catalog, fixture->calendar));
  yc_intake_view_set_device (fixture->view, HALL, WINDOW, "clerk1");
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), overlay);
  gtk_window_present (fixture->window);
  fixture->checklist = yc_intake_view_get_checklist (fixture->view);

  g_assert_true (yc_intake_view_start_bundle (fixture->view, GYM));
  g_object_set (yc_intake_view_get_applicant_form (fixture->view),
                "kind", YC_APPLICANT_ENTERPRISE,
                "name", "力行健身管理有限公司",
                "id-number", USCC,
                "mobile", "138 0013 8000",
                NULL);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* What the store's thread still holds comes back a moment later. */
  yc_test_finalize_soon (g_steal_pointer (&fixture->store));
  /* The next test's scanner reads the SANE configuration afresh (a jam set by this one
   * would stay otherwise): the shared scanner goes once its last request is freed. */
  yc_test_finalize_soon (yc_scanner_dup_default ());
  g_clear_object (&fixture->calendar);
  g_clear_object (&fixture->catalog);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

/* On a hang, YC_TEST_DUMP_THREADS=1 prints every thread's stack (gdb) before failing. */
static void
dump_threads (void)
{
  g_autofree char *command = NULL;

  if (g_getenv ("YC_TEST_DUMP_THREADS") == NULL)
    return;
  command = g_strdup_printf ("gdb -p %d -batch -ex \"thread apply all bt\"", (int) getpid ());
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  dump_threads ();
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @material is idle again, or fails after 30 s. */
static void
wait_idle (YcIntakeMaterial *material)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (yc_intake_material_get_busy (material) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  /* What the scan's callbacks still queued */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_pages (YcIntakeMaterial *row,
            guint             n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (yc_intake_material_get_n_pages (row) < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  wait_idle (row);
}

static YcIntakeMaterial *
material (Fixture    *fixture,
          const char *code)
{
  YcIntakeMaterial *row = yc_material_checklist_lookup (fixture->checklist, code);

  g_assert_nonnull (row);
  return row;
}

static void
scan_into (Fixture    *fixture,
           const char *code)
{
  YcIntakeMaterial *row = material (fixture, code);
  guint before = yc_intake_material_get_n_pages (row);
  gboolean timed_out = FALSE;
  guint id;

  g_assert_true (yc_material_checklist_scan (fixture->checklist, code));
  /* The first scan looks for the scanner before the material is busy. */
  id = g_timeout_add_seconds (30, timeout_cb, &timed_out);
  while (yc_intake_material_get_n_pages (row) == before && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  wait_idle (row);
}

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
  wait_idle (material (fixture, code));
}

static YcScanPage *
page_at (YcIntakeMaterial *row,
         guint             position)
{
  g_autoptr(YcPageItem) item = g_list_model_get_item (G_LIST_MODEL (yc_intake_material_get_pages (row)), position);

  g_assert_nonnull (item);
  return yc_page_item_get_page (item);  /* the material's store keeps it */
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_scan_settings_popover_find_device_finish (YC_SCAN_SETTINGS_POPOVER (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* 重新查找 in the scanner popover: SANE starts again and reads test.conf again. */
static void
rescan (Fixture *fixture)
{
  YcScanSettingsPopover *popover = yc_material_checklist_get_scanner_settings (fixture->checklist);
  gboolean found = FALSE;

  yc_scan_settings_popover_find_device_async (popover, TRUE, found_cb, &found);
  while (!found)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (yc_scan_settings_popover_get_device (popover), ==, "test:0");
}

/* 扫描 in a row: the page lands in the material, which the strip shows; it counts as received. */
static void
test_scan_into_slot (Fixture       *fixture,
                     gconstpointer  data)
{
  YcIntakeMaterial *row = material (fixture, MATERIAL);
  YcPageStrip *strip = yc_material_checklist_get_page_strip (fixture->checklist);

  g_assert_cmpint (yc_intake_material_get_state (row), ==, YC_INTAKE_STATE_MISSING);
  scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 1);
  g_assert_true (yc_page_strip_get_pages (strip) == yc_intake_material_get_pages (row));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (yc_page_strip_get_pages (strip))), ==, 1);
  g_assert_cmpuint (yc_page_strip_get_selected (strip), ==, 0);
  g_assert_cmpint (yc_intake_material_get_state (row), !=, YC_INTAKE_STATE_MISSING);
  g_assert_false (yc_page_item_get_blank (g_list_model_get_item (G_LIST_MODEL (yc_intake_material_get_pages (row)), 0)));
  g_assert_true (yc_material_checklist_get_touched (fixture->checklist));

  /* A second scan goes after the first; a jam keeps what was there. */
  scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 2);
  write_test_conf ("SANE_STATUS_JAMMED");
  rescan (fixture);
  g_assert_true (yc_material_checklist_scan (fixture->checklist, MATERIAL));
  wait_idle (row);
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
  wait_pages (first, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (first), ==, 1);
  g_assert_cmpuint (yc_intake_material_get_n_pages (second), ==, 0);
  g_assert_true (yc_material_checklist_scan_next_missing (fixture->checklist));
  wait_pages (second, 1);
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
  YcIntakeMaterial *row = material (fixture, MATERIAL);
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
  YcIntakeMaterial *row = material (fixture, MATERIAL);
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
draws_ink (YcPageViewer *viewer)
{
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
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (!draws_ink (viewer) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* The viewer over the material's pages: page n of m, zoom, fit, the view's rotation. */
static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  YcIntakeMaterial *row = material (fixture, MATERIAL);
  g_autoptr(GFile) a = write_png (fixture, "a.png", 200, 300, 40, 60, 50, 80);
  GtkWidget *window = gtk_window_new ();
  YcPageViewer *viewer = YC_PAGE_VIEWER (yc_page_viewer_new ());
  GListStore *pages = yc_intake_material_get_pages (row);
  double zoom;

  import_into (fixture, MATERIAL, a);
  scan_into (fixture, MATERIAL);
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
  gboolean timed_out = FALSE;
  guint id;

  yc_material_checklist_receive_all (fixture->checklist);
  scan_into (fixture, MATERIAL);
  import_into (fixture, MATERIAL, a);
  scan_into (fixture, MATERIAL);
  g_assert_cmpuint (yc_intake_material_get_n_pages (material (fixture, MATERIAL)), ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "intake.confirm", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_signal_connect (fixture->view, "committed", G_CALLBACK (committed_cb), &case_doc);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  id = g_timeout_add_seconds (20, timeout_cb, &timed_out);
  while (case_doc == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

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
  g_autofree char *config_home = NULL;
  g_autofree char *dll = NULL;
  int status;

  sane_dir = g_dir_make_tmp ("yc-test-sane-XXXXXX", NULL);
  config_home = g_dir_make_tmp ("yc-test-config-XXXXXX", NULL);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  g_assert_true (g_file_set_contents (dll, "test\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/scan-ui/scan-into-slot", test_scan_into_slot);
  ADD ("/scan-ui/scan-next-missing", test_scan_next_missing);
  ADD ("/scan-ui/import", test_import);
  ADD ("/scan-ui/strip-edits", test_strip_edits);
  ADD ("/scan-ui/viewer", test_viewer);
  ADD ("/scan-ui/commit", test_commit);
#undef ADD

  status = g_test_run ();
  rm_rf (sane_dir);
  rm_rf (config_home);
  g_free (sane_dir);
  return status;
}
