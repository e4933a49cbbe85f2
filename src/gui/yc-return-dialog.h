/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "yc-case.h"

G_BEGIN_DECLS

/*
 * Return for supplement (退回补正), one department's part: the materials cited and the
 * message to the applicant.  一次性告知: once a part has a notice, a later return may cite
 * only what an earlier notice of that part named and is still unmet; citing anything else
 * needs the box "新增补正要求（将报督查）" ticked, and the return is then recorded as a new
 * demand for supervision.  The dialog only collects; the review case page applies
 * review.return through the store.  Responses: "cancel", "return".
 */

#define YC_TYPE_RETURN_DIALOG (yc_return_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcReturnDialog, yc_return_dialog, YC, RETURN_DIALOG, AdwMessageDialog)

GtkWidget  *yc_return_dialog_new            (GtkWindow      *parent,
                                             YcCase         *case_doc,
                                             const char     *department);
/* Codes a return of @department's part may cite without a new demand: NULL when the part
 * has no notice yet (anything may be cited), else those an earlier notice named and still
 * unmet (possibly none). */
GStrv       yc_return_dialog_dup_citable    (YcCase         *case_doc,
                                             const char     *department);
void        yc_return_dialog_set_cited      (YcReturnDialog *self,
                                             const char     *code,
                                             gboolean        cited);
void        yc_return_dialog_set_message    (YcReturnDialog *self,
                                             const char     *message);
void        yc_return_dialog_set_new_demand (YcReturnDialog *self,
                                             gboolean        new_demand);
/* TRUE when something cited needs the new-demand box (whether or not it is ticked). */
gboolean    yc_return_dialog_needs_new_demand (YcReturnDialog *self);
/* The review.return payload, or NULL while it cannot be sent (nothing cited, no message, or
 * a new demand not confirmed). */
JsonObject *yc_return_dialog_dup_payload    (YcReturnDialog *self);

G_END_DECLS
