/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case-queue.h"

G_BEGIN_DECLS

/* The columns of the queue (yc-case-queue-columns.c). */

/* Adds the columns to @view; the board's department and window columns only with @board. */
void        yc_case_queue_add_columns    (GtkColumnView *view,
                                          gboolean       board);
/* The order the view's header sorter asks for, or FALSE when no sortable header is
 * chosen. */
gboolean    yc_case_queue_header_sort    (GtkColumnView *view,
                                          YcCaseSort    *out_sort);
/* Shows @sort on the headers (the column it sorts by, ascending or descending). */
void        yc_case_queue_show_sort      (GtkColumnView *view,
                                          YcCaseSort     sort);
/* The traffic light's attributes: its dot in the light's colour (the words after it are
 * what a screen reader reads); one list per light, made once. */
PangoAttrList *yc_case_queue_light_attributes (YcCaseRow *row);

G_END_DECLS
