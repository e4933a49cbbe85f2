/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <poppler.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * The images the page viewer shows, made off the main loop: a scanned page decoded at the
 * size it is drawn (libjpeg scales while decoding, so a page shown small costs little), or
 * a page of a material's PDF rendered by poppler at that size.  A 300 dpi colour page takes
 * tens of milliseconds to decode and a PDF page as long to render: on the main loop each
 * turn of a page or step of zoom would stall the reviewer's window, and a PDF rendered in
 * every frame would make scrolling crawl.
 *
 * poppler's documents are not safe to use from two threads at once: every call on a
 * document given here happens on a worker under one lock, and yc_page_render_pdf_open()
 * takes the same lock; the caller keeps the page sizes it returns instead of asking the
 * document again.
 */

/* The longer side of the images asked for is rounded up to a multiple of this, so that a
 * window resized by a few pixels does not decode the page again. */
#define YC_PAGE_RENDER_STEP 256

void             yc_page_render_scan_async (YcScanPage          *page,
                                            guint                max_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

PopplerDocument *yc_page_render_pdf_open   (GBytes              *pdf,
                                            GArray             **out_sizes,
                                            GError             **error);
void             yc_page_render_pdf_async  (PopplerDocument     *document,
                                            guint                index,
                                            guint                max_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

cairo_surface_t *yc_page_render_finish     (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
