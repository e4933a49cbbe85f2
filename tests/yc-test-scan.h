/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-intake-view.h"

G_BEGIN_DECLS

/*
 * What the in-process scanning tests share (test-scan-ui.c, test-scan-checklist.c): SANE's
 * `test` backend through a private SANE_CONFIG_DIR (TESTING.md), a private XDG_CONFIG_HOME
 * (the scanner remembered in scanners.ini), and an intake view of the gym bundle for an
 * enterprise, in a window, over a real store in a fresh directory.  The waits run the
 * default main context until the scan's or import's work is done, failing after a timeout;
 * YC_TEST_DUMP_THREADS=1 prints every thread's stack (gdb) before failing.
 */

#define YC_TEST_SCAN_HALL   "T1"
#define YC_TEST_SCAN_WINDOW "W2"
#define YC_TEST_SCAN_GYM    "YJS-001"             /* 我要开健身房 */
#define YC_TEST_SCAN_USCC   "91350100M000100Y43"

typedef struct {
  char                *dir;
  YcStore             *store;
  YcCatalog           *catalog;
  YcCalendar          *calendar;
  GtkWindow           *window;
  YcIntakeView        *view;
  YcMaterialChecklist *checklist;
} YcScanFixture;

/* Before anything else in main(): the private SANE and configuration directories (the
 * `test` backend only, one device), then gtk_test_init() and adw_init(). */
void               yc_test_scan_init            (int                    *argc,
                                                 char                 ***argv);
/* After g_test_run(): removes what yc_test_scan_init() made. */
void               yc_test_scan_cleanup         (void);
/* SANE's test.conf: @devices colour scanners whose reads end with @status ("Default",
 * "SANE_STATUS_JAMMED" …).  A scanner already open keeps what it read. */
void               yc_test_scan_write_conf      (guint                   devices,
                                                 const char             *status);
/* SANE's dll.conf: the backends, one a line ("" for none). */
void               yc_test_scan_write_backends  (const char             *backends);

/* One scanner, none remembered; the view started on the gym bundle, the applicant filled. */
void               yc_scan_fixture_set_up       (YcScanFixture          *fixture,
                                                 gconstpointer           data);
/* Waits for the store and the shared scanner to go, so that the next test's scanner reads
 * the SANE configuration afresh. */
void               yc_scan_fixture_tear_down    (YcScanFixture          *fixture,
                                                 gconstpointer           data);
/* The checklist's row of @code (fails the test when there is none). */
YcIntakeMaterial  *yc_scan_fixture_material     (YcScanFixture          *fixture,
                                                 const char             *code);
/* 扫描 in @code's row: returns once its page has come and the material is idle. */
void               yc_scan_fixture_scan_into    (YcScanFixture          *fixture,
                                                 const char             *code);

typedef gboolean (*YcTestScanDone) (gpointer user_data);

/* Runs the default main context until @done (@user_data) holds; fails after @seconds. */
void               yc_test_scan_wait            (YcTestScanDone          done,
                                                 gpointer                user_data,
                                                 guint                   seconds);
/* A YcTestScanDone: whether the pointer at @location is set (an async result, …). */
gboolean           yc_test_scan_is_set          (gpointer                location);
/* Until @material is idle, then what its work's callbacks still queued (30 s). */
void               yc_test_scan_wait_idle       (YcIntakeMaterial       *material);
/* Until @material has @n pages or more and is idle (30 s). */
void               yc_test_scan_wait_pages      (YcIntakeMaterial       *material,
                                                 guint                   n);
/* 重新查找 in @popover (SANE starts again and reads its configuration again): NULL when a
 * device was chosen, else why not. */
GError            *yc_test_scan_find_device     (YcScanSettingsPopover  *popover);

G_END_DECLS
