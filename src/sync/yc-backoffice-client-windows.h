/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice-client.h"

G_BEGIN_DECLS

/*
 * A counter's enrolment as the back office sees it: GET /api/v1/windows/{hall}/{window}
 * (docs/API.md).  The window stores the hall secret (it keys the receipts' verification
 * code) and seeds its case-number sequences with next_sequence.
 */

typedef struct {
  char       *hall;
  char       *window;
  char       *hall_name;
  char       *window_name;
  char       *hall_secret;     /* 64 lowercase hex digits */
  GHashTable *next_sequence;   /* "YYYY-MM-DD" → GUINT_TO_POINTER (next number, 1 to 10000) */
} YcWindowInfo;

#define YC_TYPE_WINDOW_INFO (yc_window_info_get_type ())
GType         yc_window_info_get_type              (void) G_GNUC_CONST;
YcWindowInfo *yc_window_info_copy                  (const YcWindowInfo *info);
void          yc_window_info_free                  (YcWindowInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcWindowInfo, yc_window_info_free)

void          yc_backoffice_client_get_window_async  (YcBackofficeClient  *self,
                                                      const char          *hall,
                                                      const char          *window,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
YcWindowInfo *yc_backoffice_client_get_window_finish (YcBackofficeClient  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
