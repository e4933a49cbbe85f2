/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-backoffice-client.h"
#include "yc-session-manager.h"

G_BEGIN_DECLS

#define YC_TYPE_APPLICATION (yc_application_get_type ())
G_DECLARE_FINAL_TYPE (YcApplication, yc_application, YC, APPLICATION, AdwApplication)

YcApplication *yc_application_new           (void);
const char    *yc_application_get_data_dir  (YcApplication *self);
void           yc_application_set_data_dir  (YcApplication *self,
                                             const char    *data_dir);
/* (nullable): the services of an enrolled computer, made once the store is open */
YcBackofficeClient *yc_application_get_backoffice_client (YcApplication *self);
YcSessionManager   *yc_application_get_session_manager   (YcApplication *self);
/* The shortcuts window (ui/help-overlay.ui), new, transient for @parent, destroyed on close. */
GtkWindow          *yc_application_new_help_overlay      (GtkWindow     *parent);
GtkWindow          *yc_application_new_about_window      (GtkWindow     *parent);

typedef struct {
  const char *action;
  const char *accelerator;
} YcAccelerator;

const YcAccelerator *yc_application_get_accelerators    (void);

G_END_DECLS
