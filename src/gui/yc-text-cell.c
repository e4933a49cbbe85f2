/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-text-cell"

#include "config.h"

#include "yc-text-cell.h"

struct _YcTextCell
{
  GtkWidget          parent_instance;

  YcTextCache       *cache;
  guint              min_chars;
  guint              chars;
  char              *text;
  PangoAttrList     *attrs;
  YcShapedText      *shaped;   /* the text in the current width and font, once drawn */

  /* Until drawn, a bound cell keeps only what it shows (docs/review.md, "The widget"). */
  GObject           *item;
  YcTextCellResolve  resolve;
  gconstpointer      resolve_data;
  gboolean           resolved; /* text and attrs are the item's (or were set) */
  gboolean           named;    /* the accessible name is set */
};

G_DEFINE_FINAL_TYPE (YcTextCell, yc_text_cell, GTK_TYPE_WIDGET)

static void
set_name (YcTextCell *self)
{
  if (self->text == NULL && !self->named)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "", -1);
  self->named = TRUE;
}

/* The item's text is made, and the cell named by it, when the cell is drawn or its text
 * asked for: a jump binds some 200 rows around its anchor and draws only the thirty it
 * shows, whose names a screen reader (and the UI tests) then read. */
static void
ensure_resolved (YcTextCell *self)
{
  PangoAttrList *attrs = NULL;
  char *text;

  if (self->resolved)
    return;
  self->resolved = TRUE;
  text = self->resolve (self->item, &attrs, self->resolve_data);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  self->text = text;
  self->attrs = attrs != NULL ? pango_attr_list_ref (attrs) : NULL;
  set_name (self);
}

static void
clear_text (YcTextCell *self)
{
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  g_clear_pointer (&self->shaped, yc_shaped_text_unref);
}

static void
yc_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  YcTextCell *self = YC_TEXT_CELL (widget);
  int char_width, line_height;

  /* The column's metrics, not the cell's: every new cell of a list would measure its font
   * again (shaping a sample text) otherwise. */
  yc_text_cache_get_metrics (self->cache, widget, &char_width, &line_height);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (self->min_chars * char_width);
      *natural = PANGO_PIXELS_CEIL (self->chars * char_width);
    }
  else
    *minimum = *natural = PANGO_PIXELS_CEIL (line_height);
}

static void
yc_text_cell_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  YcTextCell *self = YC_TEXT_CELL (widget);

  if (self->shaped != NULL && yc_shaped_text_get_width (self->shaped) != width)
    g_clear_pointer (&self->shaped, yc_shaped_text_unref);
}

static void
yc_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  YcTextCell *self = YC_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderNode *node;
  PangoRectangle ink, logical;
  GdkRGBA color;
  int top;

  ensure_resolved (self);
  if (self->text == NULL)
    return;
  if (self->shaped == NULL)
    self->shaped = yc_text_cache_lookup (self->cache, widget, self->text, self->attrs, width);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  node = yc_shaped_text_get_node (self->shaped, &color);
  if (node == NULL)
    return;
  pango_layout_get_pixel_extents (yc_shaped_text_get_layout (self->shaped), &ink, &logical);
  top = MAX (0, (height - logical.height) / 2);
  /* A clip only when the text would cross the cell's edges: the layout is ellipsized to
   * the width, so it hardly ever does, and a clip per cell costs the renderer a save, a
   * clip and a restore for every cell of every frame. */
  if (ink.x < 0 || ink.x + ink.width > width || top + ink.y < 0 || top + ink.y + ink.height > height)
    {
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, top));
      gtk_snapshot_append_node (snapshot, node);
      gtk_snapshot_restore (snapshot);
      gtk_snapshot_pop (snapshot);
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, top));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
}

static void
yc_text_cell_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  YcTextCell *self = YC_TEXT_CELL (widget);

  GTK_WIDGET_CLASS (yc_text_cell_parent_class)->css_changed (widget, change);
  /* Perhaps another font: the cache notices when the text is looked up again. */
  g_clear_pointer (&self->shaped, yc_shaped_text_unref);
}

static void
yc_text_cell_finalize (GObject *object)
{
  YcTextCell *self = (YcTextCell *)object;

  clear_text (self);
  g_clear_object (&self->item);
  g_clear_pointer (&self->cache, yc_text_cache_unref);

  G_OBJECT_CLASS (yc_text_cell_parent_class)->finalize (object);
}

static void
yc_text_cell_class_init (YcTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = yc_text_cell_finalize;
  widget_class->measure = yc_text_cell_measure;
  widget_class->size_allocate = yc_text_cell_size_allocate;
  widget_class->snapshot = yc_text_cell_snapshot;
  widget_class->css_changed = yc_text_cell_css_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
yc_text_cell_init (YcTextCell *self)
{
  /* Nothing to show, nothing to make. */
  self->resolved = TRUE;
}

GtkWidget *
yc_text_cell_new (YcTextCache *cache,
                  guint        min_chars,
                  guint        chars)
{
  YcTextCell *self;

  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (min_chars <= chars, NULL);

  self = g_object_new (YC_TYPE_TEXT_CELL, NULL);
  self->cache = yc_text_cache_ref (cache);
  self->min_chars = min_chars;
  self->chars = chars;
  return GTK_WIDGET (self);
}

void
yc_text_cell_set_text (YcTextCell    *self,
                       const char    *text,
                       PangoAttrList *attrs)
{
  g_return_if_fail (YC_IS_TEXT_CELL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  /* A row bound again to what it showed (a refresh) changes nothing. */
  if (self->item == NULL && self->resolved && g_strcmp0 (self->text, text) == 0
      && self->attrs == attrs)
    return;
  g_clear_object (&self->item);
  self->resolve = NULL;
  self->resolve_data = NULL;
  self->resolved = TRUE;
  clear_text (self);
  self->text = g_strdup (text);
  self->attrs = attrs != NULL ? pango_attr_list_ref (attrs) : NULL;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  self->named = TRUE;
  /* Never a resize: the size does not depend on the text. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
yc_text_cell_set_item (YcTextCell        *self,
                       gpointer           item,
                       YcTextCellResolve  resolve,
                       gconstpointer      user_data)
{
  g_return_if_fail (YC_IS_TEXT_CELL (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));
  g_return_if_fail (resolve != NULL);

  /* A row bound again to what it showed (a refresh) changes nothing. */
  if (self->item == item && item != NULL && self->resolve == resolve
      && self->resolve_data == user_data)
    return;
  g_set_object (&self->item, item);
  self->resolve = resolve;
  self->resolve_data = user_data;
  clear_text (self);
  /* Without an item there is nothing to make: the cell is resolved, empty. */
  self->resolved = item == NULL;
  /* The name of what the cell showed before goes now; the new one comes when it is drawn. */
  if (self->named)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      self->named = FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
yc_text_cell_get_resolved (YcTextCell *self)
{
  g_return_val_if_fail (YC_IS_TEXT_CELL (self), FALSE);
  return self->resolved;
}

const char *
yc_text_cell_get_text (YcTextCell *self)
{
  g_return_val_if_fail (YC_IS_TEXT_CELL (self), NULL);

  ensure_resolved (self);
  return self->text != NULL ? self->text : "";
}
