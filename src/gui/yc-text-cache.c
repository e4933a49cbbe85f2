/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-text-cache"

#include "config.h"

#include "yc-text-cache.h"

struct _YcShapedText
{
  grefcount      ref_count;
  char          *text;
  PangoAttrList *attrs;
  int            width;
  guint          hash;
  PangoLayout   *layout;
  GskRenderNode *node;
  GdkRGBA        node_color;
  GList          link;       /* in the cache's recency queue, while cached */
};

struct _YcTextCache
{
  grefcount             ref_count;
  guint                 capacity;
  guint                 n_shaped;
  GHashTable           *texts;     /* YcShapedText set, by text, attributes and width */
  GQueue                recent;    /* most recently used first */
  /* The font the texts are shaped in: a context of the cache's own, made like the first
   * widget's, and what it was made from, to notice when the widgets' font changes. */
  PangoContext         *context;
  PangoFontDescription *font;
  cairo_font_options_t *options;
  double                resolution;
  /* The font's metrics, in Pango units, once asked for: measuring them shapes a sample
   * text, too much to do for every new cell of a list. */
  int                   char_width;
  int                   line_height;
};

G_DEFINE_BOXED_TYPE (YcTextCache, yc_text_cache, yc_text_cache_ref, yc_text_cache_unref)
G_DEFINE_BOXED_TYPE (YcShapedText, yc_shaped_text, yc_shaped_text_ref, yc_shaped_text_unref)

static guint
shaped_text_hash (const char    *text,
                  PangoAttrList *attrs,
                  int            width)
{
  return g_str_hash (text) ^ (GPOINTER_TO_UINT (attrs) * 31u) ^ ((guint) width * 131u);
}

static guint
shaped_text_hash_func (gconstpointer key)
{
  return ((const YcShapedText *) key)->hash;
}

static gboolean
shaped_text_equal_func (gconstpointer a,
                        gconstpointer b)
{
  const YcShapedText *x = a, *y = b;

  return x->hash == y->hash && x->width == y->width && x->attrs == y->attrs
         && strcmp (x->text, y->text) == 0;
}

static YcShapedText *
shaped_text_new (PangoContext  *context,
                 const char    *text,
                 PangoAttrList *attrs,
                 int            width)
{
  YcShapedText *self = g_new0 (YcShapedText, 1);

  g_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->attrs = attrs != NULL ? pango_attr_list_ref (attrs) : NULL;
  self->width = width;
  self->hash = shaped_text_hash (text, attrs, width);
  self->link.data = self;
  /* One line whatever the text holds, cut with an ellipsis where the cell ends, as the
   * inscriptions it replaces did. */
  self->layout = pango_layout_new (context);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_width (self->layout, width > 0 ? width * PANGO_SCALE : -1);
  pango_layout_set_attributes (self->layout, attrs);
  pango_layout_set_text (self->layout, text, -1);
  return self;
}

YcShapedText *
yc_shaped_text_ref (YcShapedText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_shaped_text_unref (YcShapedText *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_clear_pointer (&self->attrs, pango_attr_list_unref);
  g_clear_object (&self->layout);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_free (self);
}

PangoLayout *
yc_shaped_text_get_layout (YcShapedText *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->layout;
}

int
yc_shaped_text_get_width (YcShapedText *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

GskRenderNode *
yc_shaped_text_get_node (YcShapedText  *self,
                         const GdkRGBA *color)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (color != NULL, NULL);

  if (self->node == NULL || !gdk_rgba_equal (&self->node_color, color))
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      g_clear_pointer (&self->node, gsk_render_node_unref);
      gtk_snapshot_append_layout (snapshot, self->layout, color);
      self->node = gtk_snapshot_free_to_node (snapshot);
      self->node_color = *color;
    }
  return self->node;
}

/* The cache */

YcTextCache *
yc_text_cache_new (guint capacity)
{
  YcTextCache *self = g_new0 (YcTextCache, 1);

  g_ref_count_init (&self->ref_count);
  self->capacity = capacity;
  self->texts = g_hash_table_new_full (shaped_text_hash_func, shaped_text_equal_func,
                                       (GDestroyNotify) yc_shaped_text_unref, NULL);
  g_queue_init (&self->recent);
  return self;
}

YcTextCache *
yc_text_cache_ref (YcTextCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

static void
forget_font (YcTextCache *self)
{
  /* The queue's links live in the texts, which the table releases. */
  g_queue_init (&self->recent);
  g_hash_table_remove_all (self->texts);
  g_clear_object (&self->context);
  g_clear_pointer (&self->font, pango_font_description_free);
  g_clear_pointer (&self->options, cairo_font_options_destroy);
  self->char_width = self->line_height = 0;
}

void
yc_text_cache_unref (YcTextCache *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;
  forget_font (self);
  g_hash_table_unref (self->texts);
  g_free (self);
}

static gboolean
same_options (const cairo_font_options_t *a,
              const cairo_font_options_t *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return cairo_font_options_equal (a, b);
}

/* Makes sure the texts are shaped in @widget's font: a different one starts afresh. */
static void
follow_font (YcTextCache *self,
             GtkWidget   *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  double resolution = pango_cairo_context_get_resolution (context);

  if (self->context != NULL && pango_font_description_equal (self->font, font)
      && same_options (self->options, options) && self->resolution == resolution)
    return;
  forget_font (self);
  self->context = gtk_widget_create_pango_context (widget);
  self->font = pango_font_description_copy (font);
  self->options = options != NULL ? cairo_font_options_copy (options) : NULL;
  self->resolution = resolution;
}

YcShapedText *
yc_text_cache_lookup (YcTextCache   *self,
                      GtkWidget     *widget,
                      const char    *text,
                      PangoAttrList *attrs,
                      int            width)
{
  YcShapedText probe = { 0 };
  YcShapedText *found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  follow_font (self, widget);
  probe.text = (char *) text;
  probe.attrs = attrs;
  probe.width = width;
  probe.hash = shaped_text_hash (text, attrs, width);
  found = self->capacity > 0 ? g_hash_table_lookup (self->texts, &probe) : NULL;
  if (found != NULL)
    {
      g_queue_unlink (&self->recent, &found->link);
      g_queue_push_head_link (&self->recent, &found->link);
      return yc_shaped_text_ref (found);
    }

  if (self->capacity == 0)
    {
      self->n_shaped++;
      return shaped_text_new (self->context, text, attrs, width);
    }
  while (self->recent.length >= self->capacity)
    {
      GList *oldest = g_queue_pop_tail_link (&self->recent);

      g_hash_table_remove (self->texts, oldest->data);
    }
  found = shaped_text_new (self->context, text, attrs, width);
  self->n_shaped++;
  g_hash_table_add (self->texts, found);
  g_queue_push_head_link (&self->recent, &found->link);
  return yc_shaped_text_ref (found);
}

void
yc_text_cache_get_metrics (YcTextCache *self,
                           GtkWidget   *widget,
                           int         *char_width,
                           int         *line_height)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  follow_font (self, widget);
  if (self->line_height == 0)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (self->context, NULL, NULL);

      self->char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                              pango_font_metrics_get_approximate_digit_width (metrics));
      self->line_height = pango_font_metrics_get_ascent (metrics)
                          + pango_font_metrics_get_descent (metrics);
      pango_font_metrics_unref (metrics);
    }
  if (char_width != NULL)
    *char_width = self->char_width;
  if (line_height != NULL)
    *line_height = self->line_height;
}

guint
yc_text_cache_get_size (YcTextCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->texts);
}

guint
yc_text_cache_get_n_shaped (YcTextCache *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_shaped;
}
