/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include "yc-store-private.h"
#include "yc-test-store.h"

/* The window's enrolment and its daily case-number sequences. */

static GDateTime *
on_day (int day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  return g_date_time_new (tz, 2026, 12, day, 10, 0, 0);
}

static char *
accept_on (YcStore *store,
           int      day)
{
  g_autoptr(GDateTime) when = on_day (day);
  g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, when);
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_accept_case (store, c, &error));
  g_assert_no_error (error);
  return g_strdup (c->number);
}

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
test_device (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autofree char *hall = NULL;
  g_autofree char *window = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *device_id_again = NULL;

  g_assert_no_error (error);
  g_assert_false (yc_store_get_device (store, &hall, &window, &device_id, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  g_assert_false (yc_store_enroll_device (store, "HD-01", "W03", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (yc_store_enroll_device (store, "HD01", "", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (yc_store_enroll_device (store, "HD01", "W03", &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_get_device (store, &hall, &window, &device_id, &error));
  g_assert_cmpstr (hall, ==, "HD01");
  g_assert_cmpstr (window, ==, "W03");
  g_assert_true (g_uuid_string_is_valid (device_id));

  /* Enrolled once: the same codes are accepted again, others are refused. */
  g_assert_true (yc_store_enroll_device (store, "HD01", "W03", &error));
  g_assert_no_error (error);
  g_assert_false (yc_store_enroll_device (store, "HD01", "W04", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (yc_store_get_device (store, NULL, NULL, &device_id_again, &error));
  g_assert_cmpstr (device_id_again, ==, device_id);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/*
 * A window whose store is wiped and enrolled again with the same codes starts every day at
 * 0001 again, repeating numbers it gave before; the back office seeds the sequence floor
 * from the numbers it received, and numbering continues after them.
 */
static void
test_floor_after_wipe (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (given, accept_on (store, 2));
  g_assert_cmpstr (g_ptr_array_index (given, 2), ==, "HD01-W03-20261202-0003");
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Wiped (a new disk, say) and enrolled again with the same codes. */
  yc_test_rm_rf (dir);
  store = open_enrolled (dir);
  g_assert_true (yc_store_set_sequence_floor (store, "2026-12-02", 4, &error));
  g_assert_no_error (error);
  {
    g_autofree char *number = accept_on (store, 2);
    g_assert_cmpstr (number, ==, "HD01-W03-20261202-0004");
  }

  /* The floor only ever raises the sequence: a lower or equal one changes nothing. */
  g_assert_true (yc_store_set_sequence_floor (store, "2026-12-02", 2, &error));
  g_assert_true (yc_store_set_sequence_floor (store, "2026-12-02", 5, &error));
  g_assert_no_error (error);
  {
    g_autofree char *number = accept_on (store, 2);
    g_assert_cmpstr (number, ==, "HD01-W03-20261202-0005");
  }

  /* Per day, and stored: it holds after a restart. */
  g_assert_true (yc_store_set_sequence_floor (store, "2026-12-03", 17, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
  store = open_enrolled (dir);
  {
    g_autofree char *other_day = accept_on (store, 4);
    g_autofree char *seeded_day = accept_on (store, 3);
    g_assert_cmpstr (other_day, ==, "HD01-W03-20261204-0001");
    g_assert_cmpstr (seeded_day, ==, "HD01-W03-20261203-0017");
  }

  /* 10000: the back office saw all of that day's numbers, the window gives no more. */
  g_assert_true (yc_store_set_sequence_floor (store, "2026-12-05", 10000, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) when = on_day (5);
    g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, when);

    g_assert_false (yc_store_accept_case (store, c, &error));
    g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "9999"));
    g_assert_null (c->number);
    g_clear_error (&error);
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_floor_invalid (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *day;
    guint       next;
  } refused[] = {
    { "2026-02-30", 5 },
    { "20261202", 5 },
    { NULL, 5 },
    { "2026-12-02", 0 },
    { "2026-12-02", 10001 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (yc_store_set_sequence_floor (store, refused[i].day, refused[i].next, &error));
      g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }

  /* Nothing was stored by the refused calls. */
  {
    g_autofree char *number = accept_on (store, 2);
    g_assert_cmpstr (number, ==, "HD01-W03-20261202-0001");
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
floor_set_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_set_sequence_floor_finish (YC_STORE (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
test_floor_async (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = open_enrolled (dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *number = NULL;

  yc_store_set_sequence_floor_async (store, "2026-12-06", 42, NULL, floor_set_cb, loop);
  g_main_loop_run (loop);
  number = accept_on (store, 6);
  g_assert_cmpstr (number, ==, "HD01-W03-20261206-0042");

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/device/enroll", test_device);
  g_test_add_func ("/store/device/floor-after-wipe", test_floor_after_wipe);
  g_test_add_func ("/store/device/floor-invalid", test_floor_invalid);
  g_test_add_func ("/store/device/floor-async", test_floor_async);

  return g_test_run ();
}
