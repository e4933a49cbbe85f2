/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/* The day a case number HALL-WINDOW-YYYYMMDD-NNNN was given, as YYYY-MM-DD; NULL when
 * @number is not a case number. */
char   *yc_case_number_dup_day        (const char          *number);

/* Finds the case numbered @number in the store (any day: applicants come back days later),
 * with its sync state.  Not found: G_IO_ERROR_NOT_FOUND, with a message for the clerk. */
void    yc_case_lookup_number_async   (YcStore             *store,
                                       const char          *number,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
YcCase *yc_case_lookup_number_finish  (YcStore             *store,
                                       GAsyncResult        *result,
                                       char               **out_sync_state,
                                       GError             **error);

G_END_DECLS
