/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-text-cache.h"

G_BEGIN_DECLS

/*
 * One line of text in a list cell, drawn from a YcTextCache (docs/review.md, "The
 * widget").  Like a GtkInscription its size is a number of characters, never its text, so
 * that binding a row measures nothing; unlike one, a text seen lately in the same column
 * is neither shaped nor turned into render nodes again; a cell bound to an item makes its
 * text only when it is drawn.  Its CSS name is "label" and its
 * accessible role a label whose name is its text, so that styling and screen readers (and
 * the UI tests) see what they saw of an inscription.
 */

#define YC_TYPE_TEXT_CELL (yc_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (YcTextCell, yc_text_cell, YC, TEXT_CELL, GtkWidget)

/* A cell @chars characters wide and at least @min_chars when squeezed, its texts shaped in
 * @cache (shared by the cells of a column; one of capacity 0 for texts that never repeat). */
GtkWidget   *yc_text_cell_new       (YcTextCache   *cache,
                                     guint          min_chars,
                                     guint          chars);
/* Makes the text of @item (NULL or empty: nothing) and sets @attrs to attributes that stay
 * alive as long as the cell might draw them (a list made once), or leaves it NULL. */
typedef char *(*YcTextCellResolve) (gpointer        item,
                                    PangoAttrList **attrs,
                                    gconstpointer   user_data);

/* Shows @text (NULL: nothing) with @attrs (compared by identity: pass lists made once). */
void         yc_text_cell_set_text      (YcTextCell        *self,
                                         const char        *text,
                                         PangoAttrList     *attrs);
/* Shows what @resolve makes of @item (NULL: nothing), made only when the cell is first
 * drawn or its text asked for: binding a row that is never drawn costs nothing but a
 * reference.  The accessible name is the text from then on; the same @item, @resolve and
 * @user_data again change nothing. */
void         yc_text_cell_set_item      (YcTextCell        *self,
                                         gpointer           item,
                                         YcTextCellResolve  resolve,
                                         gconstpointer      user_data);
/* Whether the text is made (FALSE: an item bound and not drawn yet). */
gboolean     yc_text_cell_get_resolved  (YcTextCell        *self);
/* The text shown (made now if it was not yet). */
const char  *yc_text_cell_get_text      (YcTextCell        *self);

G_END_DECLS
