/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/*
 * Pledge post-verification (告知承诺核查) for review mode (docs/review.md, "Pledges"): the
 * cached cases with a pledged material and a part of one of the reviewer's departments.
 * pledge.verify itself is an operation like any other (yc_store_apply_operation).
 */

/* Element type YcCase: the cases with a pledge (@departments NULL: every case), by the
 * earliest due date of a pledge still due, then by number. */
GPtrArray *yc_store_list_pledge_cases        (YcStore             *self,
                                              const char * const  *departments,
                                              GError             **error);
void       yc_store_list_pledge_cases_async  (YcStore             *self,
                                              const char * const  *departments,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray *yc_store_list_pledge_cases_finish (YcStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
