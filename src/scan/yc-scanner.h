/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-scan-page.h"

G_BEGIN_DECLS

/*
 * The scanners of this computer, through SANE.  SANE is neither thread-safe nor quick (a
 * network backend may take seconds to answer), so every SANE call runs on one worker
 * thread the YcScanner owns: requests go in, results come back on the caller's
 * thread-default main context, and the user interface never waits.
 *
 * A scan delivers each page as soon as it is complete (@page_callback), so a device error
 * in the middle of a feeder batch (jam, cover open, device gone) loses nothing already
 * scanned; the scan then fails with a YC_SCAN_ERROR that says what to do.  A cancelled scan
 * fails with G_IO_ERROR_CANCELLED, after the pages before it.
 */

typedef enum {
  YC_SCAN_SOURCE_FLATBED,
  YC_SCAN_SOURCE_ADF,          /* automatic document feeder, front sides */
  YC_SCAN_SOURCE_ADF_DUPLEX,   /* feeder, both sides */
} YcScanSource;

typedef struct {
  char *name;     /* SANE device name, e.g. "test:0" or "epson2:net:192.168.1.20" */
  char *vendor;
  char *model;
  char *type;     /* "flatbed scanner", "virtual device" … */
} YcScanDevice;

typedef struct {
  YcScanSource source;
  YcScanColor  color;
  guint        resolution;      /* dpi; the nearest the device offers is used */
  double       width_mm;        /* scan area from the top left corner, cut to the device's */
  double       height_mm;
  int          brightness;      /* in the device's range; used when the device has it */
  int          contrast;
  guint        jpeg_quality;    /* colour and grey pages, 1–100 */
} YcScanSettings;

typedef struct {
  guint    sources;             /* bits (1 << YcScanSource) the device offers */
  guint    colors;              /* bits (1 << YcScanColor) */
  GArray  *resolutions;         /* guint dpi, ascending */
  double   max_width_mm;
  double   max_height_mm;
  gboolean has_brightness;
  int      brightness_min;
  int      brightness_max;
  gboolean has_contrast;
  int      contrast_min;
  int      contrast_max;
} YcScanOptions;

/* The page of a scan, on the caller's main context; the page is the callback's to ref. */
typedef void (*YcScanPageCallback) (YcScanPage *page,
                                    guint       index,
                                    gpointer    user_data);
/* How far the page @index is, 0.0–1.0 (-1 when the device does not know the length) */
typedef void (*YcScanProgressCallback) (guint    index,
                                        double   fraction,
                                        gpointer user_data);

#define YC_TYPE_SCAN_DEVICE  (yc_scan_device_get_type ())
#define YC_TYPE_SCAN_OPTIONS (yc_scan_options_get_type ())
GType           yc_scan_device_get_type    (void) G_GNUC_CONST;
GType           yc_scan_options_get_type   (void) G_GNUC_CONST;
YcScanDevice   *yc_scan_device_copy        (const YcScanDevice   *device);
void            yc_scan_device_free        (YcScanDevice         *device);
YcScanOptions  *yc_scan_options_copy       (const YcScanOptions  *options);
void            yc_scan_options_free       (YcScanOptions        *options);

/* A4, 200 dpi, colour, flatbed: what a hall scans most */
void            yc_scan_settings_init      (YcScanSettings       *settings);

#define YC_TYPE_SCANNER (yc_scanner_get_type ())
G_DECLARE_FINAL_TYPE (YcScanner, yc_scanner, YC, SCANNER, GObject)

/* SANE is one per process: so is the scanner.  A new reference to it, made on first use. */
YcScanner      *yc_scanner_dup_default          (void);

/* @rescan: restart SANE first, closing the open device, to find scanners plugged in (or
 * configured) since it started — the "search again" of the device list. */
void            yc_scanner_list_devices_async   (YcScanner            *self,
                                                 gboolean              rescan,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* Returns: (element-type YcScanDevice): possibly empty */
GPtrArray      *yc_scanner_list_devices_finish  (YcScanner            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void            yc_scanner_get_options_async    (YcScanner            *self,
                                                 const char           *device,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
YcScanOptions  *yc_scanner_get_options_finish   (YcScanner            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/*
 * Scans one page, or with a feeder source every page it holds (up to
 * YC_PAGE_PDF_MAX_PAGES).  @progress and @page_callback (both nullable) are called on the
 * caller's context before the scan completes; @callback_data is freed with
 * @callback_data_free after the last of them.
 * Returns (finish): the number of pages scanned.
 */
void            yc_scanner_scan_async           (YcScanner              *self,
                                                 const char             *device,
                                                 const YcScanSettings   *settings,
                                                 YcScanProgressCallback  progress,
                                                 YcScanPageCallback      page_callback,
                                                 gpointer                callback_data,
                                                 GDestroyNotify          callback_data_free,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);
gboolean        yc_scanner_scan_finish          (YcScanner            *self,
                                                 GAsyncResult         *result,
                                                 guint                *out_pages,
                                                 GError              **error);

/* Settings remembered per device ($XDG_CONFIG_HOME/yichuang/scanners.ini).
 * load: FALSE (and @settings untouched) when nothing was saved for @device. */
gboolean        yc_scan_settings_load           (const char           *device,
                                                 YcScanSettings       *settings);
gboolean        yc_scan_settings_save           (const char           *device,
                                                 const YcScanSettings *settings,
                                                 GError              **error);

/* The scanner chosen last, remembered in the same file across restarts */
char           *yc_scan_settings_load_chosen    (char                **label);
gboolean        yc_scan_settings_save_chosen    (const char           *device,
                                                 const char           *label,
                                                 GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScanDevice, yc_scan_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcScanOptions, yc_scan_options_free)

G_END_DECLS
