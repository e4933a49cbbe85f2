/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-sync-error.h"

G_BEGIN_DECLS

/* Shared by the yc-*.c files of src/sync. */

/* A failure before any answer: @transport from libsoup or GIO; @timed_out when our own
 * deadline cancelled the call.  Cancellation by the caller stays G_IO_ERROR_CANCELLED. */
void yc_sync_set_error_from_transport (GError       **error,
                                       const GError  *transport,
                                       gboolean       timed_out,
                                       guint          timeout_seconds);

/* An HTTP error answer; @body: the parsed JSON error body, or NULL. */
void yc_sync_set_error_from_response  (GError       **error,
                                       guint          status,
                                       JsonNode      *body,
                                       gboolean       signing_in);

G_END_DECLS
