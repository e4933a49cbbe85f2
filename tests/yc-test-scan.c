/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-test-scan"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "yc-data.h"
#include "yc-scanner.h"
#include "yc-test-files.h"
#include "yc-test-finalize.h"
#include "yc-test-sane.h"
#include "yc-test-scan.h"

#define WAIT_SECONDS 30

static char *sane_dir;
static char *config_home;

void
yc_test_scan_init (int    *argc,
                   char ***argv)
{
  sane_dir = g_dir_make_tmp ("yc-test-sane-XXXXXX", NULL);
  config_home = g_dir_make_tmp ("yc-test-config-XXXXXX", NULL);
  g_assert_nonnull (sane_dir);
  g_assert_nonnull (config_home);
  yc_test_scan_write_backends ("test\n");
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

void
yc_test_scan_cleanup (void)
{
  yc_test_rm_rf (sane_dir);
  yc_test_rm_rf (config_home);
  g_clear_pointer (&sane_dir, g_free);
  g_clear_pointer (&config_home, g_free);
}

void
yc_test_scan_write_conf (guint       devices,
                         const char *status)
{
  yc_test_sane_write_conf (sane_dir, devices, "Color", "Color pattern", FALSE, status);
}

void
yc_test_scan_write_backends (const char *backends)
{
  g_autofree char *path = g_build_filename (sane_dir, "dll.conf", NULL);

  g_assert_true (g_file_set_contents (path, backends, -1, NULL));
}

void
yc_scan_fixture_set_up (YcScanFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autofree char *remembered = g_build_filename (config_home, "yichuang", "scanners.ini", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  yc_test_scan_write_conf (1, "Default");
  g_unlink (remembered);
  fixture->dir = g_dir_make_tmp ("yc-test-scan-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = yc_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (fixture->store, YC_TEST_SCAN_HALL, YC_TEST_SCAN_WINDOW,
                                         &error));
  fixture->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  fixture->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_set_default_size (fixture->window, 1200, 900);
  fixture->view = YC_INTAKE_VIEW (yc_intake_view_new (fixture->store, fixture->catalog,
                                                      fixture->calendar));
  yc_intake_view_set_device (fixture->view, YC_TEST_SCAN_HALL, YC_TEST_SCAN_WINDOW, "clerk1");
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (fixture->window), overlay);
  gtk_window_present (fixture->window);
  fixture->checklist = yc_intake_view_get_checklist (fixture->view);

  g_assert_true (yc_intake_view_start_bundle (fixture->view, YC_TEST_SCAN_GYM));
  g_object_set (yc_intake_view_get_applicant_form (fixture->view),
                "kind", YC_APPLICANT_ENTERPRISE,
                "name", "力行健身管理有限公司",
                "id-number", YC_TEST_SCAN_USCC,
                "mobile", "138 0013 8000",
                NULL);
}

void
yc_scan_fixture_tear_down (YcScanFixture *fixture,
                           gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* What the store's thread still holds comes back a moment later. */
  yc_test_finalize_soon (g_steal_pointer (&fixture->store));
  /* The next test's scanner reads the SANE configuration afresh (a jam set by this one
   * would stay otherwise): the shared scanner goes once its last request is freed. */
  yc_test_finalize_soon (yc_scanner_dup_default ());
  g_clear_object (&fixture->calendar);
  g_clear_object (&fixture->catalog);
  yc_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

YcIntakeMaterial *
yc_scan_fixture_material (YcScanFixture *fixture,
                          const char    *code)
{
  YcIntakeMaterial *row = yc_material_checklist_lookup (fixture->checklist, code);

  g_assert_nonnull (row);
  return row;
}

void
yc_scan_fixture_scan_into (YcScanFixture *fixture,
                           const char    *code)
{
  YcIntakeMaterial *row = yc_scan_fixture_material (fixture, code);
  guint before = yc_intake_material_get_n_pages (row);

  g_assert_true (yc_material_checklist_scan (fixture->checklist, code));
  /* Pages first: the first scan looks for the scanner before the material is busy. */
  yc_test_scan_wait_pages (row, before + 1);
}

/* On a hang, YC_TEST_DUMP_THREADS=1 prints every thread's stack (gdb) before failing. */
static void
dump_threads (void)
{
  g_autofree char *command = NULL;

  if (g_getenv ("YC_TEST_DUMP_THREADS") == NULL)
    return;
  command = g_strdup_printf ("gdb -p %d -batch -ex \"thread apply all bt\"", (int) getpid ());
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static gboolean
timeout_cb (gpointer user_data)
{
  dump_threads ();
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
yc_test_scan_wait (YcTestScanDone done,
                   gpointer       user_data,
                   guint          seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!done (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

gboolean
yc_test_scan_is_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

static gboolean
idle (gpointer user_data)
{
  return !yc_intake_material_get_busy (user_data);
}

void
yc_test_scan_wait_idle (YcIntakeMaterial *material)
{
  yc_test_scan_wait (idle, material, WAIT_SECONDS);
  /* What the scan's callbacks still queued */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  YcIntakeMaterial *material;
  guint             n;
} Pages;

static gboolean
has_pages (gpointer user_data)
{
  Pages *pages = user_data;

  return yc_intake_material_get_n_pages (pages->material) >= pages->n;
}

void
yc_test_scan_wait_pages (YcIntakeMaterial *material,
                         guint             n)
{
  Pages pages = { material, n };

  yc_test_scan_wait (has_pages, &pages, WAIT_SECONDS);
  yc_test_scan_wait_idle (material);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Found;

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Found *found = user_data;

  if (!yc_scan_settings_popover_find_device_finish (YC_SCAN_SETTINGS_POPOVER (object), result,
                                                    &found->error))
    g_assert_nonnull (found->error);
  found->done = TRUE;
}

static gboolean
found (gpointer user_data)
{
  return ((Found *) user_data)->done;
}

GError *
yc_test_scan_find_device (YcScanSettingsPopover *popover)
{
  Found answer = { FALSE, NULL };

  yc_scan_settings_popover_find_device_async (popover, TRUE, found_cb, &answer);
  /* SANE's start, on a loaded machine: more than a scan's wait */
  yc_test_scan_wait (found, &answer, 2 * WAIT_SECONDS);
  return answer.error;
}
