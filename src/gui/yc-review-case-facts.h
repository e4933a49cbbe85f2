/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-catalog.h"

G_BEGIN_DECLS

/*
 * What the review case page shows of a case, in the reviewer's words (docs/review.md):
 * each function empties @list (a boxed GtkListBox) and fills it with rows.  The material
 * rows of scanned files carry a "View" button activating review.view-material("<code>").
 */

/* The applicant (identity numbers masked), the item or bundle, the counter's decision,
 * the committed completion with its traffic light, pledges and tolerated materials. */
void   yc_review_case_facts_fill_summary     (GtkListBox  *list,
                                              YcCase      *case_doc,
                                              YcCatalog   *catalog,
                                              YcCalendar  *calendar,
                                              const GDate *today);
/* Each department's part: its state, who holds it, who decided. */
void   yc_review_case_facts_fill_parts       (GtkListBox  *list,
                                              YcCase      *case_doc,
                                              YcCatalog   *catalog);
/* Each material as the clerk decided it: received (copies, pages, versions), tolerated
 * with its due date, pledged, shared data, missing or defective. */
void   yc_review_case_facts_fill_materials   (GtkListBox  *list,
                                              YcCase      *case_doc);
/* Every notice of every part so far, oldest first (an empty row when none). */
void   yc_review_case_facts_fill_notices     (GtkListBox  *list,
                                              YcCase      *case_doc,
                                              YcCatalog   *catalog);
/* The history: when, who, what. */
void   yc_review_case_facts_fill_history     (GtkListBox  *list,
                                              YcCase      *case_doc);

/* "力行健身有限公司  9111**********2X": the name kept, the identity number masked. */
char  *yc_review_case_facts_dup_applicant    (YcCase      *case_doc);
/* The department's short name from @catalog, else its code. */
const char *yc_review_case_facts_department_name (YcCatalog  *catalog,
                                                  const char *department);

G_END_DECLS
