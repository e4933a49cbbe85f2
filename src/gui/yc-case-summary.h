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
const char    *yc_case_summary_get_number     (YcCaseSummary *self);
const char    *yc_case_summary_get_subject    (YcCaseSummary *self);
const char    *yc_case_summary_get_decision   (YcCaseSummary *self);
const char    *yc_case_summary_get_state      (YcCaseSummary *self);
const char    *yc_case_summary_get_sync_state (YcCaseSummary *self);

G_END_DECLS
