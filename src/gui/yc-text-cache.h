/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Texts shaped once and drawn many times (docs/review.md, "The widget").  In the review
 * list most columns repeat a few hundred texts over a million rows (items, departments,
 * windows, dates, states, holders): a jump through the list binds a screenful of rows, and
 * shaping their texts again (Pango itemizing, HarfBuzz shaping, the CJK font fallback) was
 * the largest part of the frame.  A YcTextCache keeps the most recently used texts, each
 * laid out on one line in a given width (ellipsized at the end) together with the render
 * node that draws it, so that a cell showing a text seen lately only appends that node.
 *
 * A cache serves widgets of one font (the cells of one column): when a widget's font,
 * font options or resolution differ from the cache's, the cache starts afresh in the new
 * font.  Attribute lists are compared by identity: pass lists made once.
 *
 * Main thread only.
 */

typedef struct _YcTextCache  YcTextCache;
typedef struct _YcShapedText YcShapedText;

#define YC_TYPE_TEXT_CACHE  (yc_text_cache_get_type ())
#define YC_TYPE_SHAPED_TEXT (yc_shaped_text_get_type ())

GType          yc_text_cache_get_type      (void) G_GNUC_CONST;
GType          yc_shaped_text_get_type     (void) G_GNUC_CONST;

/* A cache keeping at most @capacity texts; 0: one that keeps none (a column whose texts
 * never repeat), still sharing its font and metrics. */
YcTextCache   *yc_text_cache_new           (guint          capacity);
YcTextCache   *yc_text_cache_ref           (YcTextCache   *self);
void           yc_text_cache_unref         (YcTextCache   *self);
/* @text with @attrs, laid out in @width pixels in @widget's font: the cached one, or
 * shaped now and kept.  Returns: (transfer full) */
YcShapedText  *yc_text_cache_lookup        (YcTextCache   *self,
                                            GtkWidget     *widget,
                                            const char    *text,
                                            PangoAttrList *attrs,
                                            int            width);
/* The approximate width of a character (the wider of a letter's and a digit's) and the
 * height of a line in @widget's font, in Pango units: measured once per font. */
void           yc_text_cache_get_metrics   (YcTextCache   *self,
                                            GtkWidget     *widget,
                                            int           *char_width,
                                            int           *line_height);
/* How many texts the cache holds, and how many it has shaped since it was made (the
 * lookups it could not answer). */
guint          yc_text_cache_get_size      (YcTextCache   *self);
guint          yc_text_cache_get_n_shaped  (YcTextCache   *self);

YcShapedText  *yc_shaped_text_ref          (YcShapedText  *self);
void           yc_shaped_text_unref        (YcShapedText  *self);
/* Returns: (transfer none): the layout (do not change it) */
PangoLayout   *yc_shaped_text_get_layout   (YcShapedText  *self);
int            yc_shaped_text_get_width    (YcShapedText  *self);
/* The text drawn in @color with its logical rectangle's top left at (0, 0); made once per
 * colour.  Returns: (transfer none) (nullable): NULL for a text that draws nothing */
GskRenderNode *yc_shaped_text_get_node     (YcShapedText  *self,
                                            const GdkRGBA *color);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTextCache, yc_text_cache_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcShapedText, yc_shaped_text_unref)

G_END_DECLS
