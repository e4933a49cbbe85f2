/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-store.h"

G_BEGIN_DECLS

#define YC_TYPE_ENROLL_DIALOG (yc_enroll_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcEnrollDialog, yc_enroll_dialog, YC, ENROLL_DIALOG, AdwWindow)

GtkWidget *yc_enroll_dialog_new       (YcStore        *store,
                                       GtkWindow      *parent);
void       yc_enroll_dialog_set_codes (YcEnrollDialog *self,
                                       const char     *hall,
                                       const char     *window);

G_END_DECLS
