/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-bundle-merge.h"
#include "yc-rules.h"

G_BEGIN_DECLS

/*
 * What the clerk records about one material at the counter.  The order is the order of the
 * state menu and of the number keys 1–6 in the checklist.
 */
typedef enum {
  YC_INTAKE_STATE_ORIGINAL,   /* 已收原件核验 */
  YC_INTAKE_STATE_COPIES,     /* 已收复印件 */
  YC_INTAKE_STATE_MISSING,    /* 缺 */
  YC_INTAKE_STATE_DEFECTIVE,  /* 有瑕疵 */
  YC_INTAKE_STATE_PLEDGED,    /* 告知承诺 */
  YC_INTAKE_STATE_SHARED,     /* 数据共享 */
} YcIntakeState;

#define YC_N_INTAKE_STATES 6

#define YC_TYPE_INTAKE_MATERIAL (yc_intake_material_get_type ())
G_DECLARE_FINAL_TYPE (YcIntakeMaterial, yc_intake_material, YC, INTAKE_MATERIAL, GObject)

YcIntakeMaterial *yc_intake_material_new               (const YcMergedMaterial *material);
const char       *yc_intake_material_get_code          (YcIntakeMaterial *self);
const char       *yc_intake_material_get_name          (YcIntakeMaterial *self);
const char       *yc_intake_material_get_summary       (YcIntakeMaterial *self);
YcMaterialForm    yc_intake_material_get_form          (YcIntakeMaterial *self);
guint             yc_intake_material_get_copies_required (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_required      (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_core          (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_tolerable     (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_pledgeable    (YcIntakeMaterial *self);
const char       *yc_intake_material_get_shared_source (YcIntakeMaterial *self);
gboolean          yc_intake_material_allows_state      (YcIntakeMaterial *self,
                                                        YcIntakeState     state);

YcIntakeState     yc_intake_material_get_state         (YcIntakeMaterial *self);
void              yc_intake_material_set_state         (YcIntakeMaterial *self,
                                                        YcIntakeState     state);
guint             yc_intake_material_get_copies        (YcIntakeMaterial *self);
void              yc_intake_material_set_copies        (YcIntakeMaterial *self,
                                                        guint             copies);
const char       *yc_intake_material_get_reason        (YcIntakeMaterial *self);
void              yc_intake_material_set_reason        (YcIntakeMaterial *self,
                                                        const char       *reason);
void              yc_intake_material_apply             (YcIntakeMaterial *self,
                                                        YcRulesInput     *input);

/* The material's scanned or imported pages (issue 5): a GListStore of YcPageItem, and
 * whether a scan or import into it runs now (yc-page-intake.h). */
GListStore       *yc_intake_material_get_pages         (YcIntakeMaterial *self);
guint             yc_intake_material_get_n_pages       (YcIntakeMaterial *self);
/* Pages against copies: an electronic material is handed in by its pages alone */
gboolean          yc_intake_material_needs_pages       (YcIntakeMaterial *self);
guint             yc_intake_material_get_copies_counted (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_pages_short   (YcIntakeMaterial *self);
gboolean          yc_intake_material_get_busy          (YcIntakeMaterial *self);
double            yc_intake_material_get_progress      (YcIntakeMaterial *self);
void              yc_intake_material_begin_work        (YcIntakeMaterial *self,
                                                        GCancellable     *cancellable);
void              yc_intake_material_set_progress      (YcIntakeMaterial *self,
                                                        double            fraction);
void              yc_intake_material_end_work          (YcIntakeMaterial *self,
                                                        GCancellable     *cancellable);
void              yc_intake_material_cancel_work       (YcIntakeMaterial *self);

const char       *yc_intake_state_label                (YcIntakeState     state);

G_END_DECLS
