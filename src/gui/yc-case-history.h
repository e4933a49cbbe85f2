/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-case.h"

G_BEGIN_DECLS

/*
 * One line of a case's history (the case document's "history": every operation with its
 * time, who did it and what changed), in the clerk's words, for a GtkListView.
 */

#define YC_TYPE_CASE_HISTORY_ITEM (yc_case_history_item_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseHistoryItem, yc_case_history_item, YC, CASE_HISTORY_ITEM, GObject)

/* Every entry of @case_doc's history, oldest first: a list of YcCaseHistoryItem. */
GListModel *yc_case_history_new_model          (YcCase            *case_doc);

const char *yc_case_history_item_get_time      (YcCaseHistoryItem *self);
const char *yc_case_history_item_get_actor     (YcCaseHistoryItem *self);
const char *yc_case_history_item_get_action    (YcCaseHistoryItem *self);
const char *yc_case_history_item_get_detail    (YcCaseHistoryItem *self);

G_END_DECLS
