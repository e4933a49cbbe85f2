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

/*
 * Rows handed out before they are read (docs/review.md, "Rows on demand"): GTK 4.8's list
 * view asks for some 200 rows around a jump's anchor and draws only the thirty it shows, so
 * the model gives it rows that read themselves — the whole batch (a page) at once — the
 * first time anything of one of them is asked for.  Main thread only.
 */
typedef struct _YcCaseRowBatch YcCaseRowBatch;

/* Fills @data with row @rowid as it is now; FALSE when it cannot be read (the row shows a
 * placeholder then). */
typedef gboolean (*YcCaseRowReadFunc) (gint64         rowid,
                                       YcCaseRowData *data,
                                       gpointer       user_data);

YcCaseRowBatch *yc_case_row_batch_new   (YcCaseRowReadFunc  read,
                                         gpointer           user_data,
                                         GDestroyNotify     destroy);
void            yc_case_row_batch_unref (YcCaseRowBatch    *batch);
/* A row of @batch, read with the others of the batch when first needed. */
YcCaseRow      *yc_case_row_new_pending (YcCaseRowBatch    *batch,
                                         gint64             rowid);
/* Whether the row holds its data yet (FALSE: a pending row not asked for). */
gboolean        yc_case_row_is_read     (YcCaseRow         *self);

G_END_DECLS
