/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-applicant-form.h"
#include "yc-calendar.h"
#include "yc-case.h"
#include "yc-catalog.h"
#include "yc-decision-panel.h"
#include "yc-material-checklist.h"
#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_INTAKE_VIEW (yc_intake_view_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakeView, yc_intake_view, YC, INTAKE_VIEW, GtkWidget)

GtkWidget           *yc_intake_view_new                (YcStore         *store,
                                                        YcCatalog       *catalog,
                                                        YcCalendar      *calendar);
gboolean             yc_intake_view_start_item         (YcIntakeView    *self,
                                                        const char      *code);
gboolean             yc_intake_view_start_bundle       (YcIntakeView    *self,
                                                        const char      *code);
gboolean             yc_intake_view_answer             (YcIntakeView    *self,
                                                        const char      *question,
                                                        const char      *option);
void                 yc_intake_view_set_device         (YcIntakeView    *self,
                                                        const char      *hall,
                                                        const char      *window,
                                                        const char      *clerk);
void                 yc_intake_view_set_title_widget   (YcIntakeView    *self,
                                                        GtkWidget       *widget);
const char          *yc_intake_view_get_subject_code   (YcIntakeView    *self);
const YcScenario    *yc_intake_view_get_scenario       (YcIntakeView    *self);
YcRulesResult       *yc_intake_view_get_result         (YcIntakeView    *self);
YcApplicantForm     *yc_intake_view_get_applicant_form (YcIntakeView    *self);
YcMaterialChecklist *yc_intake_view_get_checklist      (YcIntakeView    *self);
YcDecisionPanel     *yc_intake_view_get_decision_panel (YcIntakeView    *self);
const char          *yc_intake_view_get_problem        (YcIntakeView    *self);
YcCase              *yc_intake_view_get_case           (YcIntakeView    *self);

G_END_DECLS
