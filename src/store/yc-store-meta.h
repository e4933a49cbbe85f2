/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/*
 * Small settings of this window kept in the local store's key/value `meta` table
 * (yc-store-meta.c): where the back office is, which certificate it presents, the hall
 * secret that keys the receipts' verification code.  Keys are ASCII names such as
 * YC_STORE_META_HALL_SECRET; values are UTF-8 text.
 */

#define YC_STORE_META_BACKOFFICE_URL          "backoffice_url"
#define YC_STORE_META_BACKOFFICE_CERTIFICATE  "backoffice_certificate"
#define YC_STORE_META_HALL_SECRET             "hall_secret"
#define YC_STORE_META_HALL_NAME               "hall_name"
#define YC_STORE_META_WINDOW_NAME             "window_name"
/* The scope (role, hall, departments) the change feed cursor was read for (yc-sync-round.c). */
#define YC_STORE_META_FEED_SCOPE              "feed_scope"
/* The back office's yellow threshold (working days) as it last said at sign-in. */
#define YC_STORE_META_YELLOW_THRESHOLD        "yellow_threshold"

/* NULL without an error when the key has no value. */
char     *yc_store_get_meta          (YcStore              *self,
                                      const char           *key,
                                      GError              **error);
/* @value: (nullable): NULL removes the key. */
gboolean  yc_store_set_meta          (YcStore              *self,
                                      const char           *key,
                                      const char           *value,
                                      GError              **error);
void      yc_store_get_meta_async    (YcStore              *self,
                                      const char           *key,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* NULL without an error when the key has no value. */
char     *yc_store_get_meta_finish   (YcStore              *self,
                                      GAsyncResult         *result,
                                      GError              **error);
void      yc_store_set_meta_async    (YcStore              *self,
                                      const char           *key,
                                      const char           *value,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  yc_store_set_meta_finish   (YcStore              *self,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
