/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-review-case-page.h"

G_BEGIN_DECLS

/* Shared by yc-review-case-page.c (the page, the viewer) and yc-review-decisions.c (the
 * reviewer's decisions and their dialogs). */

struct _YcReviewCasePage
{
  GtkWidget      parent_instance;

  YcStore       *store;
  YcCalendar    *calendar;
  YcCatalog     *catalog;
  YcBlobFetcher *fetcher;
  YcCase        *case_doc;
  char          *username;
  GStrv          departments;     /* the reviewer's */
  char          *department;      /* the part acted for */
  GStrv          choices;         /* the reviewer's parts in this case */
  GCancellable  *cancellable;     /* decisions and loads; cancelled at dispose */
  GCancellable  *viewer_cancellable;
  gboolean       applying;
  gboolean       pending;
  char          *error;

  GtkLabel      *number_label;
  GtkLabel      *state_label;
  GtkLabel      *pending_label;
  GtkDropDown   *department_dropdown;
  GtkLabel      *error_label;
  GtkListBox    *summary_list;
  GtkListBox    *parts_list;
  GtkListBox    *materials_list;
  GtkListBox    *notices_list;
  GtkListBox    *history_list;
  GtkLabel      *viewer_title;
  GtkLabel      *viewer_status;
  YcPageViewer  *viewer;
};

enum {
  YC_REVIEW_CASE_PAGE_CHANGED,
  YC_REVIEW_CASE_PAGE_N_SIGNALS
};

extern guint yc_review_case_page_signals[YC_REVIEW_CASE_PAGE_N_SIGNALS];

void yc_review_case_page_show_error          (YcReviewCasePage *self,
                                              const char       *message);
void yc_review_case_page_update_actions      (YcReviewCasePage *self);
/* review.claim, review.release, review.approve, review.return, review.reject */
void yc_review_case_page_install_decisions   (GtkWidgetClass   *widget_class);

G_END_DECLS
