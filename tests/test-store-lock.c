/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "yc-store-private.h"
#include "yc-test-store.h"

/*
 * One store directory, one open store: opening clears blobs/.staging and allocates case
 * numbers, so a second instance, in this process or another, must be refused before it
 * touches anything.
 */

#define STORE_DIR_ENV "YC_TEST_LOCKED_STORE"

static YcStore *
open_enrolled (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (store, "HD01", "W03", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
accept_one (YcStore *store)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = g_date_time_new (tz, 2026, 12, 7, 10, 0, 0);
  g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, when);
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_accept_case (store, c, &error));
  g_assert_no_error (error);
}

static guint
count_cases (YcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = yc_store_list_cases (store, "2026-12-07", &error);

  g_assert_no_error (error);
  return cases->len;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(YcStore) store = yc_store_open_finish (result, error);

  g_assert_null (store);
}

static void
test_same_process (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *inflight = g_build_filename (dir, YC_STORE_BLOBS_NAME, ".staging",
                                                "blob-Inflt1", NULL);
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(YcStore) second = NULL;
  g_autoptr(YcStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  /* The first instance is writing a scan. */
  g_assert_true (g_file_set_contents (inflight, "half a sc", 9, NULL));

  second = yc_store_open (dir, &error);
  g_assert_null (second);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, dir));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_test (inflight, G_FILE_TEST_IS_REGULAR));

  /* The way the GUI opens it, too. */
  {
    g_autoptr(GMainContext) context = g_main_context_new ();

    g_main_context_push_thread_default (context);
    yc_store_open_async (dir, NULL, opened_cb, &error);
    while (error == NULL)
      g_main_context_iteration (context, TRUE);
    g_main_context_pop_thread_default (context);
  }
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (g_file_test (inflight, G_FILE_TEST_IS_REGULAR));

  /* The first instance is not disturbed; inspecting read-only is still possible. */
  accept_one (store);
  reader = yc_store_open_full (dir, YC_STORE_OPEN_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_cases (reader), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&reader));

  /* Closed, the store can be opened again, and then cleans up what was left. */
  g_assert_finalize_object (g_steal_pointer (&store));
  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (inflight, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_cases (store), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* Run in a child process by test_other_process(): the parent holds the store. */
static void
child_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (g_getenv (STORE_DIR_ENV), &error);

  g_assert_null (store);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED);
}

/* Run in a child process by test_other_process(): the parent has closed the store. */
static void
child_free (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (g_getenv (STORE_DIR_ENV), &error);

  g_assert_no_error (error);
  accept_one (store);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_other_process (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);

  g_setenv (STORE_DIR_ENV, dir, TRUE);

  g_test_trap_subprocess ("/store/lock/other-process/subprocess/locked", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_finalize_object (g_steal_pointer (&store));
  g_test_trap_subprocess ("/store/lock/other-process/subprocess/free", 0,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* The child really had the store: its case is there. */
  store = open_enrolled (dir);
  g_assert_cmpuint (count_cases (store), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&store));
  g_unsetenv (STORE_DIR_ENV);
  yc_test_rm_rf (dir);
}

/* The clerk reads the refusal in Chinese. */
static void
test_message_zh_cn (void)
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("translations not built: %s", mo);
      return;
    }

  /* In a child, so that the language switch stays out of the other tests. */
  if (g_test_subprocess ())
    {
      g_autofree char *dir = yc_test_make_tmpdir ();
      g_autoptr(YcStore) store = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      store = yc_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_null (yc_store_open (dir, &error));
      g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LOCKED);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "这个数据目录（"));
      g_assert_nonnull (strstr (error->message, "正被本机上另一个一窗程序使用"));

      g_assert_finalize_object (g_steal_pointer (&store));
      yc_test_rm_rf (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/lock/same-process", test_same_process);
  g_test_add_func ("/store/lock/other-process", test_other_process);
  g_test_add_func ("/store/lock/other-process/subprocess/locked", child_locked);
  g_test_add_func ("/store/lock/other-process/subprocess/free", child_free);
  g_test_add_func ("/store/lock/message-zh-cn", test_message_zh_cn);

  return g_test_run ();
}
