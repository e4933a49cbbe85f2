/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-rules.h"

G_BEGIN_DECLS

#define YC_TYPE_DECISION_PANEL (yc_decision_panel_get_type ())
G_DECLARE_FINAL_TYPE (YcDecisionPanel, yc_decision_panel, YC, DECISION_PANEL, GtkWidget)

GtkWidget     *yc_decision_panel_new             (void);
void           yc_decision_panel_set_result      (YcDecisionPanel *self,
                                                  YcRulesResult   *result);
YcRulesResult *yc_decision_panel_get_result      (YcDecisionPanel *self);
YcDecision     yc_decision_panel_get_decision    (YcDecisionPanel *self);
gboolean       yc_decision_panel_set_decision    (YcDecisionPanel *self,
                                                  YcDecision       decision);
YcRefusal      yc_decision_panel_get_refusal     (YcDecisionPanel *self,
                                                  const char     **text);
void           yc_decision_panel_set_refusal     (YcDecisionPanel *self,
                                                  YcRefusal        refusal,
                                                  const char      *text);
const char    *yc_decision_panel_get_problem     (YcDecisionPanel *self);
void           yc_decision_panel_reset           (YcDecisionPanel *self);
void           yc_decision_panel_set_credit_notice (YcDecisionPanel *self,
                                                    const char      *notice);
const char    *yc_decision_panel_get_credit_notice (YcDecisionPanel *self);

G_END_DECLS
