/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case-row.h"

G_BEGIN_DECLS

/* What YcCaseListModel reads from a case_parts row; the row takes the strings. */
typedef struct {
  char            *uuid;
  char            *number;
  char            *subject_code;
  char            *subject_name;
  char            *applicant_name;
  char            *department;
  char            *department_name;  /* NULL: the code is shown */
  char            *part_state;
  char            *claimed_by;
  char            *hall;
  char            *window;
  char            *accepted_on;
  char            *deadline;         /* NULL without a time limit */
  char            *sync_state;
  gboolean         has_clock;
  YcDeadlineState  state;
  int              remaining;
  gboolean         paused;
  guint            open_urges;
} YcCaseRowData;

YcCaseRow *yc_case_row_new_take (YcCaseRowData *data);
/* Rows showing the same thing (a refresh keeps the object then). */
gboolean   yc_case_row_equal    (YcCaseRow     *a,
                                 YcCaseRow     *b);

G_END_DECLS
