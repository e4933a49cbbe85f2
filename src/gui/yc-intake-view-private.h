/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-intake-view.h"

G_BEGIN_DECLS

/* Shared by yc-intake-view.c (the form) and yc-intake-commit.c (confirming and recording). */
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
  GCancellable        *cancellable;
  gboolean             evaluating;
  gboolean             committing;

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
void          yc_intake_view_confirm          (YcIntakeView *self);
void          yc_intake_view_committed        (YcIntakeView *self,
                                               YcCase       *case_doc);

G_END_DECLS
