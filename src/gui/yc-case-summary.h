/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "yc-case.h"
#include "yc-catalog.h"

G_BEGIN_DECLS

#define YC_TYPE_CASE_SUMMARY (yc_case_summary_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseSummary, yc_case_summary, YC, CASE_SUMMARY, GObject)

YcCaseSummary *yc_case_summary_new            (YcCase        *case_doc,
                                               YcCatalog     *catalog,
                                               const char    *sync_state);
YcCaseSummary *yc_case_summary_new_full       (YcCase        *case_doc,
                                               YcCatalog     *catalog,
                                               YcCalendar    *calendar,
                                               const GDate   *today,
                                               const char    *sync_state);
YcCase        *yc_case_summary_get_case       (YcCaseSummary *self);
const char    *yc_case_summary_get_number     (YcCaseSummary *self);
const char    *yc_case_summary_get_subject    (YcCaseSummary *self);
const char    *yc_case_summary_get_decision   (YcCaseSummary *self);
const char    *yc_case_summary_get_state      (YcCaseSummary *self);
const char    *yc_case_summary_get_sync_state (YcCaseSummary *self);
const char    *yc_case_summary_get_deadline   (YcCaseSummary *self);
const char    *yc_case_summary_get_follow_up  (YcCaseSummary *self);
gboolean       yc_case_summary_matches        (YcCaseSummary *self,
                                               const char    *query);

G_END_DECLS
