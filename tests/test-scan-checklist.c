/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-page-intake.h"
#include "yc-page-item.h"
#include "yc-page-strip.h"
#include "yc-page-thumbnailer.h"
#include "yc-page-viewer.h"
#include "yc-scan-error.h"
#include "yc-test-scan.h"

/*
 * What issue 5 left of scanning, in process (tests/test-scan-ui.c has the rest): the
 * checklist weighs pages against copies and the decision follows them live; thumbnails
 * are decoded off the main loop; the scanner chosen is remembered across restarts; the
 * viewer crops by margins typed in millimetres.  SANE's `test` backend through a private
 * SANE_CONFIG_DIR (TESTING.md), a real store (tests/yc-test-scan.c).
 */

/* 建设工程消防验收或备案凭证: electronic (电子), one copy, served by shared data */
#define ELECTRONIC "fire_acceptance"

typedef YcScanFixture Fixture;

/* The material's entry in what the decision panel shows, or NULL when it is in order */
static const YcOutstanding *
outstanding (Fixture    *fixture,
             const char *code)
{
  YcRulesResult *result = yc_intake_view_get_result (fixture->view);
  GPtrArray *list = yc_rules_result_get_outstanding (result);

  g_assert_true (yc_decision_panel_get_result (yc_intake_view_get_decision_panel (fixture->view)) == result);
  for (guint i = 0; i < list->len; i++)
    {
      const YcOutstanding *entry = g_ptr_array_index (list, i);

      if (g_str_equal (entry->material->material->code, code))
        return entry;
    }
  return NULL;
}

static guint
copies_told (Fixture    *fixture,
             const char *code)
{
  YcRulesInput *input = yc_rules_result_get_input (yc_intake_view_get_result (fixture->view));
  guint copies = G_MAXUINT;

  g_assert_cmpint (yc_rules_input_get_state (input, code, NULL, &copies, NULL), ==,
                   YC_MATERIAL_STATE_PROVIDED);
  return copies;
}

/*
 * An electronic material is handed in by its pages: marked received without a page it is
 * short of copies for the rules, and the decision follows as pages come and go.  A paper
 * material is complete on paper, scanned or not.
 */
static void
test_pages_against_copies (Fixture       *fixture,
                           gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, ELECTRONIC);
  YcIntakeMaterial *paper = yc_scan_fixture_material (fixture, "articles_of_association");
  GListStore *pages = yc_intake_material_get_pages (row);
  const YcOutstanding *entry;

  g_assert_true (yc_intake_material_needs_pages (row));
  g_assert_false (yc_intake_material_needs_pages (paper));
  g_assert_cmpuint (yc_intake_material_get_copies_required (row), ==, 1);

  /* Everything handed in on paper; the shared-data material too, its source being down */
  yc_material_checklist_receive_all (fixture->checklist);
  g_assert_true (yc_material_checklist_set_state (fixture->checklist, ELECTRONIC, YC_INTAKE_STATE_COPIES));
  g_assert_cmpuint (yc_intake_material_get_n_pages (paper), ==, 0);
  g_assert_null (outstanding (fixture, "articles_of_association"));

  /* No page: short, and the decision is not to accept */
  g_assert_true (yc_intake_material_get_pages_short (row));
  g_assert_cmpuint (yc_intake_material_get_copies_counted (row), ==, 0);
  g_assert_cmpuint (copies_told (fixture, ELECTRONIC), ==, 0);
  entry = outstanding (fixture, ELECTRONIC);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->problem, ==, YC_PROBLEM_COPIES_SHORT);
  g_assert_false (yc_rules_result_is_allowed (yc_intake_view_get_result (fixture->view), YC_DECISION_ACCEPT));

  /* Its scan: complete, live */
  yc_scan_fixture_scan_into (fixture, ELECTRONIC);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 1);
  g_assert_false (yc_intake_material_get_pages_short (row));
  g_assert_cmpuint (copies_told (fixture, ELECTRONIC), ==, 1);
  g_assert_null (outstanding (fixture, ELECTRONIC));
  g_assert_true (yc_rules_result_is_allowed (yc_intake_view_get_result (fixture->view), YC_DECISION_ACCEPT));

  /* The page deleted in the strip: short again */
  g_list_store_remove (pages, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (yc_intake_material_get_pages_short (row));
  g_assert_nonnull (outstanding (fixture, ELECTRONIC));

  /* Two copies wanted by the clerk's count but one page: the pages count, not the spin */
  yc_scan_fixture_scan_into (fixture, ELECTRONIC);
  yc_intake_material_set_copies (row, 3);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (copies_told (fixture, ELECTRONIC), ==, 1);

}

static void
thumbnail_cb (GObject    *item,
              GParamSpec *pspec,
              guint      *count)
{
  if (yc_page_item_get_thumbnail (YC_PAGE_ITEM (item)) != NULL)
    (*count)++;
}

typedef struct {
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* An A4 colour page at 300 dpi (2480 × 3508 pixels), a photo-like gradient */
static YcScanPage *
a4_colour_page (void)
{
  guint width = 2480, height = 3508;
  g_autofree guint8 *rows = g_malloc ((gsize) width * 3 * height);
  g_autoptr(GError) error = NULL;
  YcScanPage *page;

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = rows + ((gsize) y * width + x) * 3;

        p[0] = (guint8) (x * 255 / width);
        p[1] = (guint8) (y * 255 / height);
        p[2] = (guint8) ((x ^ y) & 0xff);
      }
  page = yc_scan_page_new_from_rows (YC_SCAN_COLOR_RGB, width, height, (gsize) width * 3, rows,
                                     300, YC_SCAN_PAGE_DEFAULT_JPEG_QUALITY, &error);
  g_assert_no_error (error);
  return page;
}

/*
 * Thumbnails come from worker threads: asked for, a page has none yet; it arrives through
 * notify::thumbnail.  Fifty 300 dpi colour pages in the strip: each thumbnail arrives
 * later; the longest pause of the main loop is reported beside what decoding the shown
 * thumbnails on it would have cost.
 */
static void
test_thumbnails_off_main_loop (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(YcScanPage) page = a4_colour_page ();
  g_autoptr(GListStore) pages = g_list_store_new (YC_TYPE_PAGE_ITEM);
  g_autoptr(YcPageItem) single = yc_page_item_new (page);
  YcPageStrip *strip = yc_material_checklist_get_page_strip (fixture->checklist);
  GtkWidget *pane = gtk_widget_get_parent (GTK_WIDGET (strip));
  guint arrived = 0, shown = 0, early = 0;
  gint64 start, one_decode;
  Ticks ticks = { 0 };
  guint tick;
  gboolean done = FALSE;

  /* One thumbnail, timed as the main loop would have paid for it */
  start = g_get_monotonic_time ();
  {
    cairo_surface_t *surface = yc_scan_page_create_thumbnail (page, 160, NULL);

    g_assert_nonnull (surface);
    cairo_surface_destroy (surface);
  }
  one_decode = g_get_monotonic_time () - start;

  /* Asked for: none yet, then notified with one of the right size */
  g_signal_connect (single, "notify::thumbnail", G_CALLBACK (thumbnail_cb), &arrived);
  g_assert_null (yc_page_item_get_thumbnail (single));
  while (arrived == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (yc_page_item_get_thumbnail (single));
  g_assert_cmpint (gdk_texture_get_height (yc_page_item_get_thumbnail (single)), ==, 160);
  g_assert_cmpint (gdk_texture_get_width (yc_page_item_get_thumbnail (single)), ==, 114);

  /* An edit drops the thumbnail and a new one comes */
  {
    g_autoptr(YcScanPage) turned = yc_scan_page_rotate (page, 1);

    arrived = 0;
    yc_page_item_set_page (single, turned);
    g_assert_null (yc_page_item_get_thumbnail (single));
    while (arrived == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (gdk_texture_get_width (yc_page_item_get_thumbnail (single)), ==, 160);
  }

  /* Cancelled before a worker took it, then the item gone: nothing arrives, nothing breaks */
  {
    YcPageItem *doomed = yc_page_item_new (page);
    guint never = 0;

    g_signal_connect (doomed, "notify::thumbnail", G_CALLBACK (thumbnail_cb), &never);
    g_assert_null (yc_page_item_get_thumbnail (doomed));
    yc_page_item_cancel_thumbnail (doomed);
    g_object_unref (doomed);
    while (yc_page_thumbnail_get_n_queued () > 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (never, ==, 0);
  }

  /* Fifty pages in the strip: the main loop ticks every 10 ms meanwhile */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(YcScanPage) copy = yc_scan_page_rotate (page, 4 * (int) (i + 1));
      g_autoptr(YcPageItem) item = yc_page_item_new (copy);

      g_signal_connect (item, "notify::thumbnail", G_CALLBACK (thumbnail_cb), &shown);
      g_list_store_append (pages, item);
    }
  ticks.last = g_get_monotonic_time ();
  tick = g_timeout_add (10, tick_cb, &ticks);
  gtk_widget_set_visible (pane, TRUE);
  start = g_get_monotonic_time ();
  yc_page_strip_set_pages (strip, pages, "50 pages");
  /* Nothing decoded on the spot: every thumbnail is asked for, none is there yet */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(YcPageItem) item = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (shown == 0 && yc_page_item_get_thumbnail (item) != NULL)
        early++;
    }
  /* Until the thumbnails on screen have come (at least the first few) */
  while (!done)
    {
      g_main_context_iteration (NULL, TRUE);
      done = shown >= 5 && yc_page_thumbnail_get_n_queued () == 0;
      if (g_get_monotonic_time () - start > 60 * G_USEC_PER_SEC)
        g_assert_not_reached ();
    }
  g_source_remove (tick);
  g_test_message ("one thumbnail decoded in %.1f ms; %u thumbnails shown; longest main-loop "
                  "pause %.1f ms (decoding them on the main loop: %.0f ms)",
                  one_decode / 1000.0, shown, ticks.longest / 1000.0,
                  shown * one_decode / 1000.0);
  /* A figure, not a verdict: timings on a loaded test machine are noise (TESTING.md).  The
   * thumbnails came, and none of them was there before its notification. */
  g_assert_cmpuint (shown, >=, 5);
  g_assert_cmpuint (early, ==, 0);
  yc_page_strip_set_pages (strip, NULL, NULL);
}

/* The @nth widget of @type in @widget (@shown: shown), in the order of the tree */
static GtkWidget *
find_named (GtkWidget *widget,
            GType      type,
            guint      nth,
            gboolean   shown)
{
  guint seen = 0;
  GtkWidget *stack[64];
  guint depth = 0;

  stack[depth++] = widget;
  while (depth > 0)
    {
      GtkWidget *w = stack[--depth];

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && (!shown || gtk_widget_is_visible (w))
          && seen++ == nth)
        return w;
      for (GtkWidget *c = gtk_widget_get_last_child (w); c != NULL && depth < G_N_ELEMENTS (stack);
           c = gtk_widget_get_prev_sibling (c))
        stack[depth++] = c;
    }
  return NULL;
}

/*
 * The scanner chosen is remembered in scanners.ini and chosen again by the next session;
 * gone, another is used for now with a message naming it, and the choice is kept for when
 * it is back.
 */
static void
test_scanner_remembered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GtkWidget) first = NULL;
  g_autoptr(GtkWidget) second = NULL;
  g_autoptr(GtkWidget) third = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *remembered = NULL;

  g_assert_null (yc_scan_settings_load_chosen (NULL));

  /* Two scanners; the clerk picks the second */
  yc_test_scan_write_conf (2, "Default");
  first = g_object_ref_sink (yc_scan_settings_popover_new ());
  g_assert_null (yc_test_scan_find_device (YC_SCAN_SETTINGS_POPOVER (first)));
  g_assert_cmpstr (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (first)), ==, "test:0");
  /* The device list is the popover's first drop-down */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (first, GTK_TYPE_DROP_DOWN, 0, FALSE)), 1);
  g_assert_cmpstr (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (first)), ==, "test:1");
  remembered = yc_scan_settings_load_chosen (&label);
  g_assert_cmpstr (remembered, ==, "test:1");
  g_assert_cmpstr (label, ==, "Noname frontend-tester");
  g_clear_pointer (&remembered, g_free);
  g_clear_pointer (&label, g_free);
  gtk_widget_unparent (first);

  /* The next start of the counter: the remembered scanner, not the list's first */
  second = g_object_ref_sink (yc_scan_settings_popover_new ());
  g_assert_null (yc_test_scan_find_device (YC_SCAN_SETTINGS_POPOVER (second)));
  g_assert_cmpstr (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (second)), ==, "test:1");
  g_assert_cmpstr (yc_scan_settings_popover_get_status (YC_SCAN_SETTINGS_POPOVER (second)), ==, "");

  /* Gone (one scanner left): the one there is, with a message naming the one chosen
   * before; the choice stays for when it is back */
  g_assert_true (yc_scan_settings_save_chosen ("test:1", "Old Flatbed", &error));
  g_assert_no_error (error);
  yc_test_scan_write_conf (1, "Default");
  third = g_object_ref_sink (yc_scan_settings_popover_new ());
  g_assert_null (yc_test_scan_find_device (YC_SCAN_SETTINGS_POPOVER (third)));
  g_assert_cmpstr (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (third)), ==, "test:0");
  g_assert_nonnull (strstr (yc_scan_settings_popover_get_status (YC_SCAN_SETTINGS_POPOVER (third)), "Old Flatbed"));
  g_assert_nonnull (strstr (yc_scan_settings_popover_get_status (YC_SCAN_SETTINGS_POPOVER (third)), "was not found"));
  remembered = yc_scan_settings_load_chosen (NULL);
  g_assert_cmpstr (remembered, ==, "test:1");
  g_clear_pointer (&remembered, g_free);

  /* Plugged in again, 重新查找: chosen again, the message gone */
  yc_test_scan_write_conf (2, "Default");
  g_assert_null (yc_test_scan_find_device (YC_SCAN_SETTINGS_POPOVER (third)));
  g_assert_cmpstr (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (third)), ==, "test:1");
  g_assert_cmpstr (yc_scan_settings_popover_get_status (YC_SCAN_SETTINGS_POPOVER (third)), ==, "");

  /* None at all (no backend): the scan cannot start, and says which scanner is missing */
  yc_test_scan_write_backends ("");
  error = yc_test_scan_find_device (YC_SCAN_SETTINGS_POPOVER (third));
  yc_test_scan_write_backends ("test\n");
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_NO_DEVICE);
  g_assert_nonnull (strstr (error->message, "Old Flatbed"));
  g_assert_null (yc_scan_settings_popover_get_device (YC_SCAN_SETTINGS_POPOVER (third)));
}


/*
 * 裁切 with numbers: C opens the margins (top focused), the margins are typed in
 * millimetres and Enter cuts them off the page; margins that leave nothing are refused.
 */
static void
test_crop_margins (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcScanPage) page = a4_colour_page ();
  g_autoptr(GListStore) pages = g_list_store_new (YC_TYPE_PAGE_ITEM);
  g_autoptr(YcPageItem) item = yc_page_item_new (page);
  GtkWidget *window = gtk_window_new ();
  YcPageViewer *viewer = YC_PAGE_VIEWER (yc_page_viewer_new ());
  GtkSpinButton *top, *bottom, *left, *right;
  g_autoptr(GError) error = NULL;
  YcScanPage *cut;
  guint x, y, w, h;

  g_list_store_append (pages, item);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (viewer));
  yc_page_viewer_set_pages (viewer, G_LIST_MODEL (pages));
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The margins show only while cropping */
  g_assert_null (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 0, TRUE));
  /* C, the viewer's key for 裁切 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.crop", NULL));
  top = GTK_SPIN_BUTTON (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 0, TRUE));
  bottom = GTK_SPIN_BUTTON (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 1, TRUE));
  left = GTK_SPIN_BUTTON (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 2, TRUE));
  right = GTK_SPIN_BUTTON (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 3, TRUE));
  g_assert_nonnull (right);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (top))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (top)));
  /* No more than the page: A4 is 297 mm high */
  {
    double min, max;

    gtk_spin_button_get_range (top, &min, &max);
    g_assert_cmpfloat_with_epsilon (max, 297.0, 0.5);
  }

  /* 25.4 mm is 300 pixels at 300 dpi */
  gtk_spin_button_set_value (top, 25.4);
  gtk_spin_button_set_value (bottom, 50.8);
  gtk_spin_button_set_value (left, 8.467);
  gtk_spin_button_set_value (right, 0);
  /* Enter in the last margin */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (right)), "activate");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  cut = yc_page_item_get_page (item);
  yc_scan_page_get_crop (cut, &x, &y, &w, &h);
  g_assert_cmpuint (y, ==, 300);
  g_assert_cmpuint (h, ==, 3508 - 300 - 600);
  g_assert_cmpuint (x, ==, 100);
  g_assert_cmpuint (w, ==, 2480 - 100);
  /* Done: the margins go away */
  g_assert_null (find_named (GTK_WIDGET (viewer), GTK_TYPE_SPIN_BUTTON, 0, TRUE));

  /* Too much: refused, the page unchanged */
  g_assert_false (yc_page_viewer_crop_margins (viewer, 200, 0, 200, 0, &error));
  g_assert_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED);
  g_assert_true (yc_page_item_get_page (item) == cut);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
keep_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
import_png (YcIntakeMaterial *row,
            GFile            *file)
{
  GAsyncResult *result = NULL;

  yc_page_intake_import_async (row, file, G_MAXUINT, FALSE, keep_result_cb, &result);
  g_assert_true (yc_intake_material_get_busy (row));
  yc_test_scan_wait (yc_test_scan_is_set, &result, 30);
  return result;
}

/*
 * A scan's or import's task may outlive its result (the scanner frees its request a little
 * later, on the main loop).  When it goes, the material may be busy with the next work
 * already: that work stays busy, or the clerk could start a second scan into the same
 * material and the pages of both would interleave.
 */
static void
test_late_job_end (Fixture       *fixture,
                   gconstpointer  data)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, ELECTRONIC);
  g_autofree char *path = g_build_filename (fixture->dir, "page.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 60, 80);
  GAsyncResult *first;
  GAsyncResult *second;
  GCancellable *work;

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  first = import_png (row, file);
  g_assert_true (yc_page_intake_import_finish (first, NULL, NULL));
  g_assert_false (yc_intake_material_get_busy (row));

  /* The next work begins while the first task is still held */
  work = g_cancellable_new ();
  yc_intake_material_begin_work (row, work);
  g_assert_true (yc_intake_material_get_busy (row));
  g_object_unref (first);  /* the first job ends now */
  g_assert_true (yc_intake_material_get_busy (row));
  yc_intake_material_end_work (row, work);
  g_assert_false (yc_intake_material_get_busy (row));
  g_object_unref (work);

  second = import_png (row, file);
  g_assert_true (yc_page_intake_import_finish (second, NULL, NULL));
  g_object_unref (second);
  g_assert_cmpuint (yc_intake_material_get_n_pages (row), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  yc_test_scan_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, yc_scan_fixture_set_up, func, yc_scan_fixture_tear_down)
  ADD ("/scan-checklist/pages-against-copies", test_pages_against_copies);
  ADD ("/scan-checklist/thumbnails-off-main-loop", test_thumbnails_off_main_loop);
  ADD ("/scan-checklist/scanner-remembered", test_scanner_remembered);
  ADD ("/scan-checklist/crop-margins", test_crop_margins);
  ADD ("/scan-checklist/late-job-end", test_late_job_end);
#undef ADD

  status = g_test_run ();
  yc_test_scan_cleanup ();
  return status;
}
