/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * Thumbnails of scanned pages, decoded off the main loop.  Decoding a 300 dpi colour page
 * takes tens of milliseconds even scaled down by libjpeg; a strip of fifty of them decoded
 * while drawing would freeze the counter for seconds.  Requests go to a small pool of
 * worker threads (YC_PAGE_THUMBNAILER_THREADS), the newest first, because the newest are
 * the pages the clerk is looking at; a cancelled request is dropped without decoding, so
 * the queue holds only the thumbnails still wanted (the strip cancels those of the
 * thumbnails it stops showing).  The texture comes back on the caller's main context.
 */

#define YC_PAGE_THUMBNAILER_THREADS 2

void        yc_page_thumbnail_async  (YcScanPage           *page,
                                      guint                 max_size,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GdkTexture *yc_page_thumbnail_finish (GAsyncResult         *result,
                                      GError              **error);

/* How many requests wait for a worker now (for tests and the benchmark) */
guint       yc_page_thumbnail_get_n_queued (void);

G_END_DECLS
