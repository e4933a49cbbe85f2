/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-rules.h"

G_BEGIN_DECLS

#define YC_TYPE_APPLICANT_FORM (yc_applicant_form_get_type ())
G_DECLARE_FINAL_TYPE (YcApplicantForm, yc_applicant_form, YC, APPLICANT_FORM, GtkWidget)

GtkWidget       *yc_applicant_form_new              (void);
void             yc_applicant_form_reset            (YcApplicantForm *self,
                                                     YcApplicantKind  kind);
YcApplicantKind  yc_applicant_form_get_kind         (YcApplicantForm *self);
void             yc_applicant_form_set_kind         (YcApplicantForm *self,
                                                     YcApplicantKind  kind);
void             yc_applicant_form_get_applicant    (YcApplicantForm *self,
                                                     YcApplicant     *out);
const char      *yc_applicant_form_get_name         (YcApplicantForm *self);
const char      *yc_applicant_form_get_id_number    (YcApplicantForm *self);
const char      *yc_applicant_form_get_mobile       (YcApplicantForm *self);
const char      *yc_applicant_form_get_agent_name   (YcApplicantForm *self);
const char      *yc_applicant_form_get_agent_id_number (YcApplicantForm *self);
const char      *yc_applicant_form_get_problem      (YcApplicantForm *self);
gboolean         yc_applicant_form_get_complete     (YcApplicantForm *self);
const char      *yc_applicant_form_get_checked_id_number (YcApplicantForm *self);
void             yc_applicant_form_set_flag         (YcApplicantForm *self,
                                                     const char      *id_number,
                                                     const char      *notice);
const char      *yc_applicant_form_get_flag_notice  (YcApplicantForm *self);

G_END_DECLS
