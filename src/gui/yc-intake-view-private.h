/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-intake-view.h"

G_BEGIN_DECLS

/* Shared by yc-intake-view.c (the form), yc-intake-subject.c (the item's scenario or the
 * bundle's parts), yc-intake-commit.c (confirming and recording) and yc-intake-leave.c
 * (going back or on, asking before a filled-in form goes). */
struct _YcIntakeView
{
  GtkWidget            parent_instance;

  YcStore             *store;
  YcCatalog           *catalog;
  YcCalendar          *calendar;
  char                *hall;
  char                *window;
  char                *clerk;

  const YcItem        *item;      /* the item asked for, or NULL … */
  const YcBundle      *bundle;    /* … the bundle */
  const YcScenario    *scenario;  /* the item's scenario the answers chose, or NULL */
  GHashTable          *answers;   /* question code → option code */
  YcMergedList        *subject;   /* NULL while no scenario fits the answers */
  GPtrArray           *scenario_rows;
  const char          *problem;
  YcCase              *case_doc;  /* once committed */
  char                *uuid;      /* the case's, made once per applicant: a repeat is refused */
  guint                generation;  /* +1 per applicant: async answers of an older one are stale */
  char                *commit_error;  /* why the last commit failed, shown until retried */
  GtkWidget           *confirm_dialog;  /* the open confirmation, or NULL */
  GtkWidget           *discard_dialog;  /* the open 放弃本次受理？, or NULL */
  char                *pending_code;    /* what to start once the clerk discards, or NULL: back */
  gboolean             pending_is_bundle;
  GCancellable        *cancellable;
  gboolean             evaluating;
  gboolean             committing;
  char                *flag_lookup_id;  /* the number being looked up for a flag, or NULL */

  AdwHeaderBar        *header_bar;
  GtkWidget           *back_button;
  GtkWidget           *confirm_button;
  GtkStack            *stack;
  GtkLabel            *kind_label;
  GtkLabel            *code_label;
  GtkLabel            *title_label;
  GtkLabel            *parts_label;
  AdwPreferencesGroup *scenario_group;
  YcApplicantForm     *applicant_form;
  YcMaterialChecklist *checklist;
  GtkLabel            *problem_label;
  YcDecisionPanel     *decision_panel;
  AdwStatusPage       *result_page;
  GtkWidget           *next_button;
};

YcRulesInput *yc_intake_view_build_input      (YcIntakeView *self,
                                               gboolean      with_refusal);
const char   *yc_intake_view_get_subject_name (YcIntakeView *self);
void          yc_intake_view_update_problem   (YcIntakeView *self);
void          yc_intake_view_evaluate         (YcIntakeView *self);
void          yc_intake_view_confirm          (YcIntakeView *self);
void          yc_intake_view_committed        (YcIntakeView *self,
                                               YcCase       *case_doc);
void          yc_intake_view_finished         (YcIntakeView *self);
void          yc_intake_view_restart          (YcIntakeView *self);

/* yc-intake-subject.c */
void          yc_intake_view_start_now        (YcIntakeView *self,
                                               const char   *code,
                                               gboolean      is_bundle);

/* yc-intake-credit.c */
void          yc_intake_view_check_credit     (YcIntakeView *self);

/* yc-intake-leave.c */
void          yc_intake_view_leave            (YcIntakeView *self);
gboolean      yc_intake_view_may_start        (YcIntakeView *self,
                                               const char   *code,
                                               gboolean      is_bundle);

G_END_DECLS
