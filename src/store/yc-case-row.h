/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-calendar.h"

G_BEGIN_DECLS

/*
 * One row of the review queue: one department part of a case (table case_parts,
 * docs/store.md), as YcCaseListModel gives it.  Immutable once read: a change of the case
 * gives a new row object.  A row the model hands out is read (with its page) when first
 * asked for anything, as the case is then.  Personal numbers never appear; the applicant's
 * name is shown as the counter shows it (names are not masked).
 *
 * Properties (all read-only):
 *   uuid, number, subject-code, subject-name, applicant-name, department, department-name,
 *   part-state (word of yc-case.h), part-state-label (translated), claimed-by, hall, window,
 *   accepted-on (YYYY-MM-DD), deadline (YYYY-MM-DD, or NULL without a time limit),
 *   deadline-status ("green", "yellow", "red", or "none" without a time limit),
 *   deadline-status-label (translated), remaining-days (working days, negative when past),
 *   paused (the clock stands still: waiting for a supplement), open-urges, sync-state
 *   ("pending", "synced", "conflict", "rejected").
 */

#define YC_TYPE_CASE_ROW (yc_case_row_get_type ())
G_DECLARE_FINAL_TYPE (YcCaseRow, yc_case_row, YC, CASE_ROW, GObject)

const char *yc_case_row_get_uuid                  (YcCaseRow       *self);
const char *yc_case_row_get_number                (YcCaseRow       *self);
const char *yc_case_row_get_subject_code          (YcCaseRow       *self);
const char *yc_case_row_get_subject_name          (YcCaseRow       *self);
const char *yc_case_row_get_applicant_name        (YcCaseRow       *self);
const char *yc_case_row_get_department            (YcCaseRow       *self);
const char *yc_case_row_get_department_name       (YcCaseRow       *self);
const char *yc_case_row_get_part_state            (YcCaseRow       *self);
const char *yc_case_row_get_part_state_label      (YcCaseRow       *self);
const char *yc_case_row_get_claimed_by            (YcCaseRow       *self);
const char *yc_case_row_get_hall                  (YcCaseRow       *self);
const char *yc_case_row_get_window                (YcCaseRow       *self);
const char *yc_case_row_get_accepted_on           (YcCaseRow       *self);
const char *yc_case_row_get_deadline              (YcCaseRow       *self);
const char *yc_case_row_get_deadline_status       (YcCaseRow       *self);
const char *yc_case_row_get_deadline_status_label (YcCaseRow       *self);
/* FALSE for a case without a time limit ("none"). */
gboolean    yc_case_row_get_deadline_state        (YcCaseRow       *self,
                                                   YcDeadlineState *out_state);
int         yc_case_row_get_remaining_days        (YcCaseRow       *self);
gboolean    yc_case_row_get_paused                (YcCaseRow       *self);
guint       yc_case_row_get_open_urges            (YcCaseRow       *self);
const char *yc_case_row_get_sync_state            (YcCaseRow       *self);

G_END_DECLS
