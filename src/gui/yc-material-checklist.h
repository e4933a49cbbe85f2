/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-intake-material.h"
#include "yc-page-strip.h"
#include "yc-scan-settings-popover.h"

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

/* Scanning and importing into the materials (yc-material-checklist-scan.c) */
gboolean          yc_material_checklist_scan         (YcMaterialChecklist *self,
                                                      const char          *code);
gboolean          yc_material_checklist_scan_next_missing (YcMaterialChecklist *self);
gboolean          yc_material_checklist_import       (YcMaterialChecklist *self,
                                                      const char          *code,
                                                      GPtrArray           *files);
YcPageStrip      *yc_material_checklist_get_page_strip (YcMaterialChecklist *self);
YcScanSettingsPopover *yc_material_checklist_get_scanner_settings (YcMaterialChecklist *self);

G_END_DECLS
