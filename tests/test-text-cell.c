/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gtk/gtk.h>

#include "yc-text-cell.h"

/*
 * The review list's text cells and the cache of shaped texts they share (yc-text-cache.c,
 * yc-text-cell.c), in a real window (GSK_RENDERER=cairo, under Xvfb): a text is shaped once
 * per width, attributes and font, the least recently used goes first, a font change starts
 * afresh, long texts end in an ellipsis on one line, a cell draws its text and names
 * itself with it for screen readers, and a cell bound to an item makes its text and name
 * only when drawn.
 */

typedef struct {
  GtkWindow   *window;
  GtkWidget   *first;
  GtkWidget   *second;
  YcTextCache *cache;
} Fixture;

static void
spin_until_drawn (GtkWidget *widget)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->cache = yc_text_cache_new (3);
  f->first = yc_text_cell_new (f->cache, 4, 20);
  f->second = yc_text_cell_new (f->cache, 4, 20);
  gtk_box_append (GTK_BOX (box), f->first);
  gtk_box_append (GTK_BOX (box), f->second);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);
  spin_until_drawn (f->second);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  yc_text_cache_unref (f->cache);
}

static void
test_shaped_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(YcShapedText) a = yc_text_cache_lookup (f->cache, f->first, "事项01 营业执照变更登记", NULL, 200);
  g_autoptr(YcShapedText) again = yc_text_cache_lookup (f->cache, f->first, "事项01 营业执照变更登记", NULL, 200);
  g_autoptr(YcShapedText) other_cell = yc_text_cache_lookup (f->cache, f->second, "事项01 营业执照变更登记", NULL, 200);
  g_autoptr(YcShapedText) wider = NULL;
  g_autoptr(YcShapedText) coloured = NULL;
  PangoAttrList *attrs = pango_attr_list_new ();

  /* The same text, width and font: the same shaped text, whichever cell asks. */
  g_assert_true (a == again);
  g_assert_true (a == other_cell);
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 1);
  g_assert_cmpstr (pango_layout_get_text (yc_shaped_text_get_layout (a)), ==, "事项01 营业执照变更登记");
  g_assert_cmpint (yc_shaped_text_get_width (a), ==, 200);

  /* Another width or other attributes: shaped again, kept beside it. */
  wider = yc_text_cache_lookup (f->cache, f->first, "事项01 营业执照变更登记", NULL, 300);
  coloured = yc_text_cache_lookup (f->cache, f->first, "事项01 营业执照变更登记", attrs, 200);
  g_assert_true (wider != a);
  g_assert_true (coloured != a && coloured != wider);
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 3);
  g_assert_cmpuint (yc_text_cache_get_size (f->cache), ==, 3);
  pango_attr_list_unref (attrs);
}

static void
test_least_recent_goes (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const texts[] = { "超期", "预警", "正常" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, texts[i], NULL, 100));
  /* "超期" used again: "预警" is now the least recent, and goes for a fourth text. */
  yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, "超期", NULL, 100));
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 3);
  yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, "无办结时限", NULL, 100));
  g_assert_cmpuint (yc_text_cache_get_size (f->cache), ==, 3);
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 4);

  yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, "超期", NULL, 100));
  yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, "正常", NULL, 100));
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 4);
  yc_shaped_text_unref (yc_text_cache_lookup (f->cache, f->first, "预警", NULL, 100));
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 5);
  g_assert_cmpuint (yc_text_cache_get_size (f->cache), ==, 3);
}

static void
test_font_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(YcShapedText) before = yc_text_cache_lookup (f->cache, f->first, "HD01-W01", NULL, 200);
  g_autoptr(YcShapedText) after = NULL;
  PangoRectangle small, large;
  int char_before, line_before, char_after, line_after;

  yc_text_cache_get_metrics (f->cache, f->first, &char_before, &line_before);
  g_assert_cmpint (char_before, >, 0);
  g_assert_cmpint (line_before, >, 0);
  pango_layout_get_pixel_extents (yc_shaped_text_get_layout (before), NULL, &small);
  gtk_css_provider_load_from_data (provider, "label.large { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_add_css_class (f->first, "large");
  {
    g_autoptr(PangoFontDescription) old = pango_font_description_copy (
      pango_context_get_font_description (gtk_widget_get_pango_context (f->first)));
    gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (pango_font_description_equal (old, pango_context_get_font_description (
                                                gtk_widget_get_pango_context (f->first)))
           && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
  }

  /* Another font: the cache starts afresh, and the text is shaped in the new one. */
  after = yc_text_cache_lookup (f->cache, f->first, "HD01-W01", NULL, 200);
  g_assert_true (after != before);
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 2);
  g_assert_cmpuint (yc_text_cache_get_size (f->cache), ==, 1);
  pango_layout_get_pixel_extents (yc_shaped_text_get_layout (after), NULL, &large);
  g_assert_cmpint (large.height, >, small.height);
  yc_text_cache_get_metrics (f->cache, f->first, &char_after, &line_after);
  g_assert_cmpint (char_after, >, char_before);
  g_assert_cmpint (line_after, >, line_before);
  /* The text the earlier cell held stays usable. */
  g_assert_cmpstr (pango_layout_get_text (yc_shaped_text_get_layout (before)), ==, "HD01-W01");

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
}

static void
test_one_line_with_ellipsis (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(YcTextCache) keeps_none = yc_text_cache_new (0);
  g_autoptr(YcShapedText) narrow = yc_text_cache_lookup (keeps_none, f->first, "事项02 营业执照变更登记\n第二行", NULL, 40);
  g_autoptr(YcShapedText) wide = yc_text_cache_lookup (keeps_none, f->first, "事项02 营业执照变更登记", NULL, 2000);
  g_autoptr(YcShapedText) again = yc_text_cache_lookup (keeps_none, f->first, "事项02 营业执照变更登记", NULL, 2000);
  PangoRectangle logical;

  g_assert_true (pango_layout_is_ellipsized (yc_shaped_text_get_layout (narrow)));
  g_assert_cmpint (pango_layout_get_line_count (yc_shaped_text_get_layout (narrow)), ==, 1);
  pango_layout_get_pixel_extents (yc_shaped_text_get_layout (narrow), NULL, &logical);
  g_assert_cmpint (logical.width, <=, 40);
  g_assert_false (pango_layout_is_ellipsized (yc_shaped_text_get_layout (wide)));
  /* A cache of capacity 0 keeps nothing: the same text is shaped again. */
  g_assert_true (again != wide);
  g_assert_cmpuint (yc_text_cache_get_n_shaped (keeps_none), ==, 3);
  g_assert_cmpuint (yc_text_cache_get_size (keeps_none), ==, 0);
}

/* The glyphs of the text nodes under @node. */
static guint
count_glyphs (GskRenderNode *node)
{
  guint glyphs = 0;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      return gsk_text_node_get_num_glyphs (node);
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        glyphs += count_glyphs (gsk_container_node_get_child (node, i));
      return glyphs;
    case GSK_TRANSFORM_NODE:
      return count_glyphs (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return count_glyphs (gsk_clip_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return count_glyphs (gsk_rounded_clip_node_get_child (node));
    case GSK_OPACITY_NODE:
      return count_glyphs (gsk_opacity_node_get_child (node));
    case GSK_DEBUG_NODE:
      return count_glyphs (gsk_debug_node_get_child (node));
    default:
      return 0;
    }
}

static void
test_node_per_colour (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(YcShapedText) shaped = yc_text_cache_lookup (f->cache, f->first, "HD01-W01", NULL, 400);
  GdkRGBA black = { 0, 0, 0, 1 }, red = { 1, 0, 0, 1 };
  GskRenderNode *node = yc_shaped_text_get_node (shaped, &black);

  g_assert_nonnull (node);
  g_assert_cmpuint (count_glyphs (node), ==, strlen ("HD01-W01"));
  g_assert_true (yc_shaped_text_get_node (shaped, &black) == node);
  node = yc_shaped_text_get_node (shaped, &red);
  g_assert_cmpuint (count_glyphs (node), ==, strlen ("HD01-W01"));
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static void
test_cell_draws_and_names (Fixture       *f,
                           gconstpointer  data)
{
  YcTextCell *cell = YC_TEXT_CELL (f->second);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  int width, height;
  char *failure;

  g_assert_cmpstr (yc_text_cell_get_text (cell), ==, "");
  yc_text_cell_set_text (cell, "申请人0000001", NULL);
  g_assert_cmpstr (yc_text_cell_get_text (cell), ==, "申请人0000001");
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_ROLE_LABEL));
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "申请人0000001");
  g_assert_null (failure);

  /* Its size is its characters', whatever the text. */
  gtk_widget_measure (f->second, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (f->second, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  yc_text_cell_set_text (cell, "甲", NULL);
  {
    int again;

    gtk_widget_measure (f->second, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &again, NULL, NULL);
    g_assert_cmpint (again, ==, width);
  }

  /* Drawn in the window's next frame: the text's glyphs, through the column's cache. */
  yc_text_cell_set_text (cell, "申请人0000001", NULL);
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (f->second);
    gboolean painted = FALSE;
    gulong handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_true), &painted);
    gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!painted && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (clock, handler);
    g_assert_true (painted);
  }
  g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 1);
  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (gtk_widget_get_parent (f->second), f->second, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_cmpuint (count_glyphs (node), ==, g_utf8_strlen ("申请人0000001", -1));

  /* Nothing: nothing drawn, an empty name. */
  yc_text_cell_set_text (cell, NULL, NULL);
  g_assert_cmpstr (yc_text_cell_get_text (cell), ==, "");
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_null (failure);
}

static guint resolved_count;

/* An "item" is a GObject carrying its text as data. */
static char *
resolve_text (gpointer        item,
              PangoAttrList **attrs,
              gconstpointer   user_data)
{
  resolved_count++;
  *attrs = (PangoAttrList *) user_data;
  return g_strdup (g_object_get_data (item, "text"));
}

static GObject *
item_new (const char *text)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (item, "text", g_strdup (text), g_free);
  return item;
}

static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (set_true), &painted);
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_assert_true (painted);
}

/* A cell is as wide as its characters at its natural size, and squeezed no narrower than
 * its minimum in characters: a case number keeps all of its 24. */
static void
test_minimum_in_characters (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GtkWidget) squeezable = g_object_ref_sink (yc_text_cell_new (f->cache, 4, 24));
  g_autoptr(GtkWidget) whole = g_object_ref_sink (yc_text_cell_new (f->cache, 24, 24));
  int min_squeezable, nat_squeezable, min_whole, nat_whole;

  gtk_widget_measure (squeezable, GTK_ORIENTATION_HORIZONTAL, -1, &min_squeezable,
                      &nat_squeezable, NULL, NULL);
  gtk_widget_measure (whole, GTK_ORIENTATION_HORIZONTAL, -1, &min_whole, &nat_whole, NULL, NULL);
  g_assert_cmpint (nat_squeezable, ==, nat_whole);
  g_assert_cmpint (min_whole, ==, nat_whole);
  g_assert_cmpint (min_squeezable, >, 0);
  g_assert_cmpint (min_squeezable * 5, <=, min_whole);
}

/* A cell bound to an item makes its text and name only when drawn (or asked for its
 * text); bound to another, it drops the old name at once; bound again to the same, it does
 * nothing. */
static void
test_item_made_when_drawn (Fixture       *f,
                           gconstpointer  data)
{
  YcTextCell *cell = YC_TEXT_CELL (f->second);
  g_autoptr(GObject) first = item_new ("申请人0000001");
  g_autoptr(GObject) second = item_new ("申请人0000002");
  g_autoptr(GtkWidget) loose = g_object_ref_sink (yc_text_cell_new (f->cache, 4, 10));
  PangoAttrList *attrs = pango_attr_list_new ();
  char *failure;

  /* Never drawn: nothing made, no name. */
  resolved_count = 0;
  yc_text_cell_set_item (YC_TEXT_CELL (loose), first, resolve_text, attrs);
  g_assert_false (yc_text_cell_get_resolved (YC_TEXT_CELL (loose)));
  g_assert_cmpuint (resolved_count, ==, 0);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (loose),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  /* Asked for its text: made once, and named by it. */
  g_assert_cmpstr (yc_text_cell_get_text (YC_TEXT_CELL (loose)), ==, "申请人0000001");
  g_assert_cmpstr (yc_text_cell_get_text (YC_TEXT_CELL (loose)), ==, "申请人0000001");
  g_assert_cmpuint (resolved_count, ==, 1);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (loose),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "申请人0000001");
  g_assert_null (failure);
  /* Bound to another item: the old name goes before anything is drawn. */
  yc_text_cell_set_item (YC_TEXT_CELL (loose), second, resolve_text, attrs);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (loose),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* In the window: the next frame draws it, with the attributes the function gave. */
  resolved_count = 0;
  yc_text_cell_set_item (cell, first, resolve_text, attrs);
  g_assert_false (yc_text_cell_get_resolved (cell));
  wait_painted (f->second);
  g_assert_true (yc_text_cell_get_resolved (cell));
  g_assert_cmpuint (resolved_count, ==, 1);
  failure = gtk_test_accessible_check_property (GTK_ACCESSIBLE (cell),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "申请人0000001");
  g_assert_null (failure);
  {
    g_autoptr(YcShapedText) shaped = yc_text_cache_lookup (f->cache, f->second, "申请人0000001",
                                                           attrs, gtk_widget_get_width (f->second));

    g_assert_cmpuint (yc_text_cache_get_n_shaped (f->cache), ==, 1);
  }
  /* The same item again: nothing made again. */
  yc_text_cell_set_item (cell, first, resolve_text, attrs);
  g_assert_true (yc_text_cell_get_resolved (cell));
  wait_painted (f->second);
  g_assert_cmpuint (resolved_count, ==, 1);
  /* No item: nothing shown, no name. */
  yc_text_cell_set_item (cell, NULL, resolve_text, attrs);
  g_assert_cmpstr (yc_text_cell_get_text (cell), ==, "");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  pango_attr_list_unref (attrs);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* The cells' accessible names are part of what is tested: GTK's test context, never the
   * session's bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/text-cell/shaped-once", Fixture, NULL, fixture_set_up, test_shaped_once,
              fixture_tear_down);
  g_test_add ("/text-cell/least-recent-goes", Fixture, NULL, fixture_set_up,
              test_least_recent_goes, fixture_tear_down);
  g_test_add ("/text-cell/font-change", Fixture, NULL, fixture_set_up, test_font_change,
              fixture_tear_down);
  g_test_add ("/text-cell/one-line-with-ellipsis", Fixture, NULL, fixture_set_up,
              test_one_line_with_ellipsis, fixture_tear_down);
  g_test_add ("/text-cell/node-per-colour", Fixture, NULL, fixture_set_up, test_node_per_colour,
              fixture_tear_down);
  g_test_add ("/text-cell/draws-and-names", Fixture, NULL, fixture_set_up,
              test_cell_draws_and_names, fixture_tear_down);
  g_test_add ("/text-cell/item-made-when-drawn", Fixture, NULL, fixture_set_up,
              test_item_made_when_drawn, fixture_tear_down);
  g_test_add ("/text-cell/minimum-in-characters", Fixture, NULL, fixture_set_up,
              test_minimum_in_characters, fixture_tear_down);
  return g_test_run ();
}
