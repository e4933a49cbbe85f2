/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-intake-material.h"

G_BEGIN_DECLS

#define YC_TYPE_MATERIAL_CHECKLIST (yc_material_checklist_get_type ())
G_DECLARE_FINAL_TYPE (YcMaterialChecklist, yc_material_checklist, YC, MATERIAL_CHECKLIST, GtkWidget)

GtkWidget        *yc_material_checklist_new          (void);
GListModel       *yc_material_checklist_get_model    (YcMaterialChecklist *self);
void              yc_material_checklist_sync         (YcMaterialChecklist *self,
                                                      GPtrArray           *materials);
void              yc_material_checklist_clear        (YcMaterialChecklist *self);
gboolean          yc_material_checklist_get_touched  (YcMaterialChecklist *self);
YcIntakeMaterial *yc_material_checklist_lookup       (YcMaterialChecklist *self,
                                                      const char          *code);
gboolean          yc_material_checklist_set_state    (YcMaterialChecklist *self,
                                                      const char          *code,
                                                      YcIntakeState        state);
void              yc_material_checklist_receive_all  (YcMaterialChecklist *self);
void              yc_material_checklist_apply        (YcMaterialChecklist *self,
                                                      YcRulesInput        *input);

G_END_DECLS
