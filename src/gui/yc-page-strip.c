/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-strip"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-page-item.h"
#include "yc-page-strip.h"
#include "yc-scan-error.h"

/* Ink for trimming: anything clearly darker than paper, a scanner's grey lid included not */
#define TRIM_INK_LUMA   200
/* Rows or columns with fewer ink pixels than this are dust, not content */
#define TRIM_MIN_INK    3
#define TRIM_MARGIN     0.01  /* kept around the content, of the page's longer side */

struct _YcPageStrip
{
  GtkWidget           parent_instance;

  GListStore         *pages;
  GtkSingleSelection *selection;

  GtkWidget          *box;
  GtkLabel           *title_label;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (YcPageStrip, yc_page_strip, GTK_TYPE_WIDGET)

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (YcPageStrip *self)
{
  guint n = self->pages != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->pages)) : 0;
  guint selected = yc_page_strip_get_selected (self);
  gboolean any = selected != GTK_INVALID_LIST_POSITION;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.rotate", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.trim", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.delete", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.view", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "strip.move", any && n > 1);
}

static void
describe_thumbnail (GtkWidget  *widget,
                    YcPageItem *item,
                    guint       position)
{
  gboolean blank = yc_page_item_get_blank (item);
  g_autofree char *label = blank
    /* Translators: a page of a material that looks empty */
    ? g_strdup_printf (_("Page %u, looks blank"), position + 1)
    : g_strdup_printf (_("Page %u"), position + 1);
  GtkWidget *number = g_object_get_data (G_OBJECT (widget), "number");
  g_autofree char *text = g_strdup_printf ("%u", position + 1);

  gtk_label_set_text (GTK_LABEL (number), text);
  gtk_widget_set_tooltip_text (widget, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
show_item (GtkListItem *list_item)
{
  YcPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *widget = gtk_list_item_get_child (list_item);

  if (item == NULL || widget == NULL)
    return;
  gtk_picture_set_paintable (g_object_get_data (G_OBJECT (widget), "picture"),
                             GDK_PAINTABLE (yc_page_item_get_thumbnail (item)));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (widget), "badge"), yc_page_item_get_blank (item));
  describe_thumbnail (widget, item, gtk_list_item_get_position (list_item));
}

static void
item_page_cb (YcPageItem  *item,
              GParamSpec  *pspec,
              GtkListItem *list_item)
{
  show_item (list_item);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *list_item)
{
  YcPageItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL)
    return NULL;
  return gdk_content_provider_new_typed (YC_TYPE_PAGE_ITEM, item);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  YcPageStrip *self = YC_PAGE_STRIP (gtk_widget_get_ancestor (widget, YC_TYPE_PAGE_STRIP));
  YcPageItem *dragged = g_value_get_object (value);
  guint from, to = gtk_list_item_get_position (list_item);

  if (self == NULL || dragged == NULL
      || !g_list_store_find (self->pages, dragged, &from))
    return FALSE;  /* a page of another material: not this strip's to reorder */
  /* Dropped on the right half of a thumbnail: after it. */
  if (x > gtk_widget_get_width (widget) / 2.0)
    to++;
  if (to > from)
    to--;
  return yc_page_strip_move (self, from, to);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               YcPageStrip              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *badge = gtk_label_new (C_("page", "Blank"));
  GtkWidget *number = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (YC_TYPE_PAGE_ITEM, GDK_ACTION_MOVE);

  gtk_widget_set_size_request (picture, 96, 120);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  gtk_widget_set_halign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (badge, 4);
  gtk_widget_add_css_class (badge, "tag");
  gtk_widget_add_css_class (badge, "blank-page");
  gtk_widget_set_tooltip_text (badge, _("This page looks blank: delete it unless it belongs to the material"));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), badge);
  gtk_box_append (GTK_BOX (box), overlay);
  gtk_widget_add_css_class (number, "caption");
  gtk_widget_add_css_class (number, "dim-label");
  gtk_box_append (GTK_BOX (box), number);
  gtk_widget_set_margin_start (box, 4);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_add_css_class (box, "page-thumbnail");

  g_object_set_data (G_OBJECT (box), "picture", picture);
  g_object_set_data (G_OBJECT (box), "badge", badge);
  g_object_set_data (G_OBJECT (box), "number", number);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), list_item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), list_item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (target));

  gtk_list_item_set_child (list_item, box);
  /* Page numbers follow the order: a move or a delete shifts the pages after it. */
  g_signal_connect (list_item, "notify::position", G_CALLBACK (show_item), NULL);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              YcPageStrip              *self)
{
  YcPageItem *item = gtk_list_item_get_item (list_item);

  show_item (list_item);
  g_signal_connect_object (item, "notify::page", G_CALLBACK (item_page_cb), list_item, 0);
  g_signal_connect_object (item, "notify::thumbnail", G_CALLBACK (item_page_cb), list_item, 0);
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                YcPageStrip              *self)
{
  YcPageItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    {
      g_signal_handlers_disconnect_by_func (item, item_page_cb, list_item);
      /* Scrolled out of sight: its thumbnail waits no longer in the decoding queue. */
      yc_page_item_cancel_thumbnail (item);
    }
}

static void
pages_changed_cb (YcPageStrip *self)
{
  update_actions (self);
}

static YcPageItem *
selected_item (YcPageStrip *self)
{
  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

static void
rotate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcPageItem *item = selected_item (YC_PAGE_STRIP (widget));
  g_autoptr(YcScanPage) rotated = NULL;

  if (item == NULL)
    return;
  rotated = yc_scan_page_rotate (yc_page_item_get_page (item), g_variant_get_int32 (parameter));
  yc_page_item_set_page (item, rotated);
}

static void
trim_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageItem *item = selected_item (YC_PAGE_STRIP (widget));
  g_autoptr(YcScanPage) trimmed = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    return;
  trimmed = yc_page_trim_margins (yc_page_item_get_page (item), &error);
  if (trimmed == NULL)
    {
      g_debug ("Not trimmed: %s", error->message);
      gtk_widget_error_bell (widget);
      return;
    }
  yc_page_item_set_page (item, trimmed);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcPageStrip *self = YC_PAGE_STRIP (widget);
  guint selected = yc_page_strip_get_selected (self);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  g_list_store_remove (self->pages, selected);
  /* The next page (or the new last one) takes the place, for deleting several in a row. */
  yc_page_strip_select (self, selected);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageStrip *self = YC_PAGE_STRIP (widget);
  guint selected = yc_page_strip_get_selected (self);
  int by = g_variant_get_int32 (parameter);

  if (selected == GTK_INVALID_LIST_POSITION
      || (by < 0 && selected == 0)
      || !yc_page_strip_move (self, selected, (guint) ((int) selected + by)))
    gtk_widget_error_bell (widget);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageStrip *self = YC_PAGE_STRIP (widget);
  guint selected = yc_page_strip_get_selected (self);

  if (selected != GTK_INVALID_LIST_POSITION)
    g_signal_emit (self, signals[PAGE_ACTIVATED], 0, selected);
}

static void
activate_cb (YcPageStrip *self,
             guint        position)
{
  g_signal_emit (self, signals[PAGE_ACTIVATED], 0, position);
}

static void
yc_page_strip_dispose (GObject *object)
{
  YcPageStrip *self = (YcPageStrip *)object;

  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_PAGE_STRIP);
  g_clear_object (&self->selection);
  g_clear_object (&self->pages);

  G_OBJECT_CLASS (yc_page_strip_parent_class)->dispose (object);
}

static void
yc_page_strip_class_init (YcPageStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_page_strip_dispose;

  /**
   * YcPageStrip::page-activated:
   * @position: the page
   *
   * The clerk asked to see the page large (Enter, a double click, 查看).
   */
  signals[PAGE_ACTIVATED] = g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-page-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, YcPageStrip, box);
  gtk_widget_class_bind_template_child (widget_class, YcPageStrip, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcPageStrip, list_view);

  gtk_widget_class_install_action (widget_class, "strip.rotate", "i", rotate_action);
  gtk_widget_class_install_action (widget_class, "strip.trim", NULL, trim_action);
  gtk_widget_class_install_action (widget_class, "strip.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "strip.move", "i", move_action);
  gtk_widget_class_install_action (widget_class, "strip.view", NULL, view_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "strip.move", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "strip.move", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "strip.rotate", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_SHIFT_MASK, "strip.rotate", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "strip.trim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "strip.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "strip.delete", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pagestrip");
}

static void
yc_page_strip_init (YcPageStrip *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (activate_cb), self);

  yc_page_strip_set_pages (self, NULL, NULL);
}

GtkWidget *
yc_page_strip_new (void)
{
  return g_object_new (YC_TYPE_PAGE_STRIP, NULL);
}

/**
 * yc_page_strip_set_pages:
 * @pages: (nullable): a list of #YcPageItem, edited in place
 * @title: (nullable): what the pages are, e.g. the material's name
 */
void
yc_page_strip_set_pages (YcPageStrip *self,
                         GListStore  *pages,
                         const char  *title)
{
  g_return_if_fail (YC_IS_PAGE_STRIP (self));
  g_return_if_fail (pages == NULL || G_IS_LIST_STORE (pages));

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  if (pages == self->pages && pages != NULL)
    return;
  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  g_set_object (&self->pages, pages);
  if (self->pages == NULL)
    self->pages = g_list_store_new (YC_TYPE_PAGE_ITEM);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->pages)));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  /* After the selection's own handler, so that the selection is already right. */
  g_signal_connect_object (self->pages, "items-changed", G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_actions (self);
}

/**
 * yc_page_strip_get_pages:
 *
 * Returns: (transfer none): the pages shown
 */
GListStore *
yc_page_strip_get_pages (YcPageStrip *self)
{
  g_return_val_if_fail (YC_IS_PAGE_STRIP (self), NULL);
  return self->pages;
}

guint
yc_page_strip_get_selected (YcPageStrip *self)
{
  g_return_val_if_fail (YC_IS_PAGE_STRIP (self), GTK_INVALID_LIST_POSITION);

  if (self->selection == NULL || selected_item (self) == NULL)
    return GTK_INVALID_LIST_POSITION;
  return gtk_single_selection_get_selected (self->selection);
}

/* @position past the end selects the last page. */
void
yc_page_strip_select (YcPageStrip *self,
                      guint        position)
{
  guint n;

  g_return_if_fail (YC_IS_PAGE_STRIP (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  if (n == 0)
    return;
  position = MIN (position, n - 1);
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  update_actions (self);
}

gboolean
yc_page_strip_move (YcPageStrip *self,
                    guint        from,
                    guint        to)
{
  g_autoptr(YcPageItem) item = NULL;
  guint n;

  g_return_val_if_fail (YC_IS_PAGE_STRIP (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  if (from >= n || to >= n)
    return FALSE;
  if (from == to)
    return TRUE;
  item = g_list_model_get_item (G_LIST_MODEL (self->pages), from);
  g_list_store_remove (self->pages, from);
  g_list_store_insert (self->pages, to, item);
  yc_page_strip_select (self, to);
  return TRUE;
}

static gboolean
is_ink (const guint8 *pixel)
{
  guint32 value = *(const guint32 *) pixel;
  guint r = (value >> 16) & 0xff, g = (value >> 8) & 0xff, b = value & 0xff;

  return (r * 299 + g * 587 + b * 114) / 1000 < TRIM_INK_LUMA;
}

/**
 * yc_page_trim_margins:
 *
 * Returns: (transfer full) (nullable): a new page cut to its content, or %NULL
 */
YcScanPage *
yc_page_trim_margins (YcScanPage  *page,
                      GError     **error)
{
  cairo_surface_t *source;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint width, height, stride;
  guint *column_ink, *row_ink;
  guint left, right, top, bottom, margin;
  const guint8 *data;
  YcScanPage *trimmed;

  g_return_val_if_fail (page != NULL, NULL);

  source = yc_scan_page_create_surface (page, error);
  if (source == NULL)
    return NULL;
  /* The page as shown: crop and rotation applied, so the rectangle is in its coordinates. */
  width = yc_scan_page_get_width (page);
  height = yc_scan_page_get_height (page);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  yc_scan_page_apply_transform (page, cr);
  cairo_set_source_surface (cr, source, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (source);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  column_ink = g_new0 (guint, width);
  row_ink = g_new0 (guint, height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      if (is_ink (data + (gsize) y * stride + 4 * x))
        {
          column_ink[x]++;
          row_ink[y]++;
        }
  cairo_surface_destroy (surface);

  for (left = 0; left < width && column_ink[left] < TRIM_MIN_INK; left++);
  for (right = width; right > left && column_ink[right - 1] < TRIM_MIN_INK; right--);
  for (top = 0; top < height && row_ink[top] < TRIM_MIN_INK; top++);
  for (bottom = height; bottom > top && row_ink[bottom - 1] < TRIM_MIN_INK; bottom--);
  g_free (column_ink);
  g_free (row_ink);

  if (left >= right || top >= bottom)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("The page has no content to crop to"));
      return NULL;
    }
  margin = (guint) (MAX (width, height) * TRIM_MARGIN);
  left = left > margin ? left - margin : 0;
  top = top > margin ? top - margin : 0;
  right = MIN (right + margin, width);
  bottom = MIN (bottom + margin, height);
  if (left == 0 && top == 0 && right == width && bottom == height)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("The page has no empty margins to crop"));
      return NULL;
    }
  trimmed = yc_scan_page_crop (page, left, top, right - left, bottom - top, error);
  return trimmed;
}
