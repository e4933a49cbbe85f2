/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * What the review queue shows (docs/review.md, "Queue"): the filters and the order of a
 * YcCaseListModel.  Every string member is optional: NULL (or "") means "any".
 *
 * @department: a department code, or several separated by commas ("market,health"): the
 *   parts of those departments
 * @state: a part state word of yc-case.h ("accepted", "in_review", "returned",
 *   "supplemented", "approved", "rejected"), or "open" for every part not yet decided
 *   (accepted, in_review, returned, supplemented)
 * @deadline_status: "green", "yellow", "red" (the traffic light as core computes it for
 *   today), or "none" (cases without a time limit)
 * @subject_code: the case's item or bundle code
 * @hall, @window: where the case was accepted
 * @text: words that must all appear in the case number, the applicant's name, the item's
 *   name or code (case-insensitive for Latin letters)
 * @sort: the order
 */

typedef enum {
  YC_CASE_SORT_DEADLINE,       /* red first, then least time left first; the default */
  YC_CASE_SORT_ACCEPTED,       /* accepted earliest first */
  YC_CASE_SORT_ACCEPTED_DESC,  /* accepted latest first */
  YC_CASE_SORT_NUMBER,         /* case number, ascending */
  YC_CASE_SORT_AGE,            /* untouched longest first: the case's last change, oldest first */
} YcCaseSort;

#define YC_TYPE_CASE_SORT  (yc_case_sort_get_type ())
#define YC_TYPE_CASE_QUERY (yc_case_query_get_type ())

typedef struct {
  char       *department;
  char       *state;
  char       *deadline_status;
  char       *subject_code;
  char       *hall;
  char       *window;
  char       *text;
  YcCaseSort  sort;
} YcCaseQuery;

GType        yc_case_sort_get_type      (void) G_GNUC_CONST;
GType        yc_case_query_get_type     (void) G_GNUC_CONST;

/* Everything, in deadline order. */
YcCaseQuery *yc_case_query_new          (void);
YcCaseQuery *yc_case_query_copy         (const YcCaseQuery *query);
void         yc_case_query_free         (YcCaseQuery       *query);
/* Equal when they select and order the same rows ("" and NULL are the same). */
gboolean     yc_case_query_equal        (const YcCaseQuery *a,
                                         const YcCaseQuery *b);

/* "deadline", "accepted", "accepted_desc", "number", "age" */
const char  *yc_case_sort_to_string     (YcCaseSort         sort);
gboolean     yc_case_sort_from_string   (const char        *text,
                                         YcCaseSort        *sort);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCaseQuery, yc_case_query_free)

G_END_DECLS
