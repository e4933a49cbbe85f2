/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sane/sane.h>

#include "yc-scanner.h"

G_BEGIN_DECLS

/* SANE's options seen as Yichuang's settings (yc-sane-options.c).  Worker thread only. */

void      yc_sane_set_error       (GError               **error,
                                   SANE_Status            status,
                                   const char            *device);
gboolean  yc_sane_read_options    (SANE_Handle            handle,
                                   YcScanOptions         *options,
                                   GError               **error);
gboolean  yc_sane_apply_settings  (SANE_Handle            handle,
                                   const char            *device,
                                   const YcScanSettings  *settings,
                                   GError               **error);

/* Before sane_cancel(): until the backend's reader threads can be ended safely
 * (yc-sane-threads.c) */
gboolean  yc_sane_wait_for_readers (const char          *thread_name,
                                    guint                 timeout_ms);
/* Before the sane_read() that returns a page's last bytes: until the readers have ended */
gboolean  yc_sane_wait_for_readers_to_end (const char   *thread_name,
                                           guint         timeout_ms);

G_END_DECLS
