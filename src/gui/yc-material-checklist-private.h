/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-material-checklist.h"
#include "yc-page-strip.h"
#include "yc-scan-settings-popover.h"

G_BEGIN_DECLS

/* Shared by yc-material-checklist.c (the rows and their states) and
 * yc-material-checklist-scan.c (each material's scan slot and its pages). */
struct _YcMaterialChecklist
{
  GtkWidget              parent_instance;

  GListStore            *materials;
  GtkSingleSelection    *selection;

  GtkLabel              *count_label;
  GtkListView           *list_view;
  YcScanSettingsPopover *scanner_popover;
  GtkWidget             *pages_pane;
  YcPageStrip           *page_strip;
  GtkWidget             *viewer_window;  /* the page viewer's window while open */

  gboolean               touched;  /* the clerk changed a row since the last clear */
};

/* yc-material-checklist-scan.c */
void  yc_material_checklist_scan_class_init (GtkWidgetClass      *widget_class);
void  yc_material_checklist_scan_init       (YcMaterialChecklist *self);
void  yc_material_checklist_scan_dispose    (YcMaterialChecklist *self);
void  yc_material_checklist_setup_slot      (YcMaterialChecklist *self,
                                             GtkBox              *box,
                                             GtkWidget           *row);
void  yc_material_checklist_bind_slot       (YcMaterialChecklist *self,
                                             GtkWidget           *row,
                                             YcIntakeMaterial    *material,
                                             GPtrArray           *bindings);

G_END_DECLS
