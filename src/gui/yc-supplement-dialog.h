/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "yc-case.h"

G_BEGIN_DECLS

#define YC_TYPE_SUPPLEMENT_DIALOG (yc_supplement_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcSupplementDialog, yc_supplement_dialog, YC, SUPPLEMENT_DIALOG, AdwMessageDialog)

GtkWidget  *yc_supplement_dialog_new           (GtkWindow          *parent,
                                                YcCase             *case_doc);
/* The materials the case owes: tolerated and not received, or named by a return and unmet.
 * NULL-terminated codes, in the case's order. */
GStrv       yc_supplement_dialog_dup_owed      (YcCase             *case_doc);
/* What the clerk marked as brought: "provided" (with its copies) or "shared".  */
void        yc_supplement_dialog_set_brought   (YcSupplementDialog *self,
                                                const char         *code,
                                                const char         *state,
                                                guint               copies);
/* The case.supplement payload, or NULL while nothing is marked brought (or a defect has no
 * reason). */
JsonObject *yc_supplement_dialog_dup_payload   (YcSupplementDialog *self);

G_END_DECLS
