/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-text-cache.h"

G_BEGIN_DECLS

/*
 * One line of text in a list cell, drawn from a YcTextCache (docs/review.md, "The
 * widget").  Like a GtkInscription its size is a number of characters, never its text, so
 * that binding a row measures nothing; unlike one, a text seen lately in the same column
 * is neither shaped nor turned into render nodes again.  Its CSS name is "label" and its
 * accessible role a label whose name is its text, so that styling and screen readers (and
 * the UI tests) see what they saw of an inscription.
 */

#define YC_TYPE_TEXT_CELL (yc_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (YcTextCell, yc_text_cell, YC, TEXT_CELL, GtkWidget)

/* A cell @chars characters wide (at least 4 when squeezed), its texts shaped in @cache
 * (shared by the cells of a column; one of capacity 0 for texts that never repeat). */
GtkWidget   *yc_text_cell_new       (YcTextCache   *cache,
                                     guint          chars);
/* Shows @text (NULL: nothing) with @attrs (compared by identity: pass lists made once). */
void         yc_text_cell_set_text  (YcTextCell    *self,
                                     const char    *text,
                                     PangoAttrList *attrs);
const char  *yc_text_cell_get_text  (YcTextCell    *self);

G_END_DECLS
