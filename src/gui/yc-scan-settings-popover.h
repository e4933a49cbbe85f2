/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "yc-scanner.h"

G_BEGIN_DECLS

/*
 * The scanner and how it scans (source, resolution, colour), chosen in a popover of the
 * checklist and remembered per device (yc_scan_settings_save()).  The device list is
 * looked up on the scanner's thread the first time it is needed; the device chosen last
 * is remembered across restarts (yc_scan_settings_save_chosen()) and chosen again when it
 * is found, with a message when it is not.
 */

#define YC_TYPE_SCAN_SETTINGS_POPOVER (yc_scan_settings_popover_get_type ())
G_DECLARE_FINAL_TYPE (YcScanSettingsPopover, yc_scan_settings_popover, YC, SCAN_SETTINGS_POPOVER, GtkPopover)

GtkWidget  *yc_scan_settings_popover_new                (void);
/* Returns: (nullable): the chosen device's SANE name */
const char *yc_scan_settings_popover_get_device         (YcScanSettingsPopover *self);
void        yc_scan_settings_popover_get_settings       (YcScanSettingsPopover *self,
                                                         YcScanSettings        *settings);
/* What the popover says about the scanners now: "" or a message such as "not found" */
const char *yc_scan_settings_popover_get_status         (YcScanSettingsPopover *self);
/* Looks up the devices (again with @rescan) and chooses one.
 * Returns (finish): FALSE with YC_SCAN_ERROR_NO_DEVICE when there is none. */
void        yc_scan_settings_popover_find_device_async  (YcScanSettingsPopover *self,
                                                         gboolean               rescan,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean    yc_scan_settings_popover_find_device_finish (YcScanSettingsPopover *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);

G_END_DECLS
