/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-text-cell"

#include "config.h"

#include "yc-text-cell.h"

struct _YcTextCell
{
  GtkWidget      parent_instance;

  YcTextCache   *cache;
  guint          chars;
  char          *text;
  PangoAttrList *attrs;
  YcShapedText  *shaped;   /* the text in the current width and font, once drawn */
};

G_DEFINE_FINAL_TYPE (YcTextCell, yc_text_cell, GTK_TYPE_WIDGET)

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
      *minimum = PANGO_PIXELS_CEIL (MIN (self->chars, 4) * char_width);
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
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || *self->text == '\0')
    return;
  if (self->shaped == NULL)
    self->shaped = yc_text_cache_lookup (self->cache, widget, self->text, self->attrs, width);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  node = yc_shaped_text_get_node (self->shaped, &color);
  if (node == NULL)
    return;
  pango_layout_get_pixel_extents (yc_shaped_text_get_layout (self->shaped), NULL, &logical);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, MAX (0, (height - logical.height) / 2)));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
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

  g_clear_pointer (&self->shaped, yc_shaped_text_unref);
  g_clear_pointer (&self->cache, yc_text_cache_unref);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  g_free (self->text);

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
}

GtkWidget *
yc_text_cell_new (YcTextCache *cache,
                  guint        chars)
{
  YcTextCell *self;

  g_return_val_if_fail (cache != NULL, NULL);

  self = g_object_new (YC_TYPE_TEXT_CELL, NULL);
  self->cache = yc_text_cache_ref (cache);
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
  if (g_strcmp0 (self->text, text) == 0 && self->attrs == attrs)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->attrs != attrs)
    {
      g_clear_pointer (&self->attrs, pango_attr_list_unref);
      self->attrs = attrs != NULL ? pango_attr_list_ref (attrs) : NULL;
    }
  g_clear_pointer (&self->shaped, yc_shaped_text_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  /* Never a resize: the size does not depend on the text. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
yc_text_cell_get_text (YcTextCell *self)
{
  g_return_val_if_fail (YC_IS_TEXT_CELL (self), NULL);
  return self->text != NULL ? self->text : "";
}
