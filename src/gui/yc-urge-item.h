/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yc-store.h"

G_BEGIN_DECLS

/*
 * One open urge (督办) for the list in the window's header (yc-urge-bar.c): a GObject around
 * the store's YcUrge, with read-only properties "id", "case-uuid", "case-number", "message",
 * "from-user", "created-at" and "title" (the case number, or a short uuid without one).
 */

#define YC_TYPE_URGE_ITEM (yc_urge_item_get_type ())
G_DECLARE_FINAL_TYPE (YcUrgeItem, yc_urge_item, YC, URGE_ITEM, GObject)

YcUrgeItem   *yc_urge_item_new            (const YcUrge *urge);
const YcUrge *yc_urge_item_get_urge       (YcUrgeItem   *self);
const char   *yc_urge_item_get_id         (YcUrgeItem   *self);
const char   *yc_urge_item_get_case_uuid  (YcUrgeItem   *self);
const char   *yc_urge_item_get_message    (YcUrgeItem   *self);
const char   *yc_urge_item_get_from_user  (YcUrgeItem   *self);
/* The case number, or the start of the uuid when the urge came without one. */
const char   *yc_urge_item_get_title      (YcUrgeItem   *self);

G_END_DECLS
