/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-case.h"
#include "yc-catalog.h"
#include "yc-session-manager.h"
#include "yc-store.h"

G_BEGIN_DECLS

/*
 * 督办: a supervisor urges the handler of a case.  The message is required; the addressee
 * is whoever the case waits for (the first department still deciding, or the hall's clerks
 * once review is over) unless the supervisor picks one undecided department of a bundle.
 * "Urge" applies supervision.urge through the store and its outbox (it works offline) and
 * emits "urged" (YcCase *the case as applied); a refusal stays in the dialog.
 *
 * yc_urge_dialog_submit() is what the "urge" response does (tests call it directly).
 */

#define YC_TYPE_URGE_DIALOG (yc_urge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcUrgeDialog, yc_urge_dialog, YC, URGE_DIALOG, AdwMessageDialog)

GtkWidget *yc_urge_dialog_new         (GtkWindow        *parent,
                                       YcStore          *store,
                                       YcCalendar       *calendar,
                                       YcCatalog        *catalog,
                                       YcSessionManager *session,
                                       YcCase           *case_doc);
void       yc_urge_dialog_set_message (YcUrgeDialog     *self,
                                       const char       *message);
/* NULL: whoever the case waits for */
void       yc_urge_dialog_set_department (YcUrgeDialog  *self,
                                          const char    *department);
void       yc_urge_dialog_submit      (YcUrgeDialog     *self);

G_END_DECLS
