/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-calendar.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * The urges (督办) waiting for the signed-in handler (docs/supervision.md): the open urges
 * of the local store addressed to them (yc_store_list_urges_for(): on a computer shared by
 * several users, nobody else's) as a list model of YcUrgeItem (newest first), each also a desktop
 * notification (GNotification "urge-<id>", priority urgent, a "知道了" button bound to
 * app.acknowledge-urge) that stays until the urge is acknowledged — sent again by the first
 * reload of every run while the urge is still open.
 *
 * Acknowledging is an urge.ack operation through the store and its outbox (it works
 * offline), then the store's own mark; the notification is withdrawn and the item leaves
 * the list; an urge addressed to someone else is refused, here and at the back office.
 * An urge of the whole department that a colleague acknowledged first (the case says so)
 * is only marked here.  A reload for another user than the last drops the last one's
 * urges and notifications at once.
 *
 * Construct properties "store", "session", "calendar" and "application" (nullable: no
 * desktop notifications).  Signal "changed": the list was reloaded.
 */

#define YC_URGE_CENTER_ERROR (yc_urge_center_error_quark ())

typedef enum {
  YC_URGE_CENTER_ERROR_NO_CASE,     /* the case is not on this computer yet */
  YC_URGE_CENTER_ERROR_NOT_SIGNED_IN,
} YcUrgeCenterError;

#define YC_TYPE_URGE_CENTER (yc_urge_center_get_type ())
G_DECLARE_FINAL_TYPE (YcUrgeCenter, yc_urge_center, YC, URGE_CENTER, GObject)

GQuark         yc_urge_center_error_quark        (void);

YcUrgeCenter  *yc_urge_center_new                (YcStore             *store,
                                                  YcSessionManager    *session,
                                                  YcCalendar          *calendar,
                                                  GApplication        *application);
/* (transfer none): YcUrgeItem, the open urges, newest first */
GListModel    *yc_urge_center_get_model          (YcUrgeCenter        *self);
/* Reads the open urges again (async); notifies those not notified yet in this run. */
void           yc_urge_center_reload             (YcUrgeCenter        *self);
gboolean       yc_urge_center_get_loading        (YcUrgeCenter        *self);
/* Is urge @id's desktop notification shown (sent and not withdrawn)? */
gboolean       yc_urge_center_is_notified        (YcUrgeCenter        *self,
                                                  const char          *id);
/* Withdraws every notification of this center (sign-out: they are someone else's now). */
void           yc_urge_center_withdraw_all       (YcUrgeCenter        *self);

void           yc_urge_center_acknowledge_async  (YcUrgeCenter        *self,
                                                  const char          *id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       yc_urge_center_acknowledge_finish (YcUrgeCenter        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* "urge-<id>" */
char          *yc_urge_notification_id           (const char          *id);

G_END_DECLS
