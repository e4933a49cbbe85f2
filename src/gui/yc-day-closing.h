/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-backoffice-client.h"
#include "yc-store.h"

G_BEGIN_DECLS

/* The state the dialog shows once both sides are read. */
typedef enum {
  YC_DAY_CLOSING_LOADING,      /* still reading */
  YC_DAY_CLOSING_MATCH,        /* the back office holds exactly what this window accepted */
  YC_DAY_CLOSING_MISMATCH,     /* counts or hashes differ: closing needs an explanation */
  YC_DAY_CLOSING_UNREACHABLE,  /* the back office could not be asked: explanation needed */
  YC_DAY_CLOSING_CLOSED,       /* the day is closed; the record is shown */
} YcDayClosingStatus;

#define YC_TYPE_DAY_CLOSING_DIALOG (yc_day_closing_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YcDayClosingDialog, yc_day_closing_dialog, YC, DAY_CLOSING_DIALOG, AdwWindow)

/* 日结对账 of @day (YYYY-MM-DD; NULL: today) at this window.  @client: (nullable): the
 * signed-in client (NULL or without a token: the back office is not asked).  @username: who
 * closes the day. */
GtkWidget          *yc_day_closing_dialog_new            (YcStore            *store,
                                                          YcBackofficeClient *client,
                                                          const char         *username,
                                                          const char         *day,
                                                          GtkWindow          *parent);
YcDayClosingStatus  yc_day_closing_dialog_get_status     (YcDayClosingDialog *self);
/* Whether "Close the Day" may be pressed now. */
gboolean            yc_day_closing_dialog_can_close      (YcDayClosingDialog *self);
void                yc_day_closing_dialog_set_explanation (YcDayClosingDialog *self,
                                                           const char         *text);
/* Records the closing (as the button does); "status" becomes CLOSED when stored. */
void                yc_day_closing_dialog_close_day      (YcDayClosingDialog *self);

G_END_DECLS
