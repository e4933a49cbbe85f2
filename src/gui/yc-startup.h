/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-calendar.h"
#include "yc-search-index.h"
#include "yc-store.h"

G_BEGIN_DECLS

void     yc_startup_async  (const char     *data_dir,
                            GCancellable   *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer        user_data);
gboolean yc_startup_finish (GAsyncResult   *result,
                            YcStore       **out_store,
                            YcSearchIndex **out_search_index,
                            YcCalendar    **out_calendar,
                            gboolean       *out_imported,
                            GError        **error);

G_END_DECLS
