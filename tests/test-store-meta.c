/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE
#define G_LOG_DOMAIN "test-store-meta"

#include "config.h"

#include "yc-store-error.h"
#include "yc-store-meta.h"
#include "yc-test-store.h"

/* The window's settings in the local store's meta table (yc-store-meta.c). */

static void
on_ready (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_meta_round_trip (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autofree char *value = NULL;
  g_autofree char *again = NULL;

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  /* Absent: NULL, and that is not an error. */
  value = yc_store_get_meta (store, YC_STORE_META_HALL_SECRET, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (yc_store_set_meta (store, YC_STORE_META_BACKOFFICE_URL, "https://bo.example:8443", &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_set_meta (store, YC_STORE_META_HALL_NAME, "江滨区政务服务中心", &error));
  g_assert_no_error (error);
  /* A second value replaces the first. */
  g_assert_true (yc_store_set_meta (store, YC_STORE_META_BACKOFFICE_URL, "http://127.0.0.1:8480", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Durable: read back after reopening. */
  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  value = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "http://127.0.0.1:8480");
  again = yc_store_get_meta (store, YC_STORE_META_HALL_NAME, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, "江滨区政务服务中心");

  /* NULL removes the key. */
  g_assert_true (yc_store_set_meta (store, YC_STORE_META_HALL_NAME, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, g_free);
  again = yc_store_get_meta (store, YC_STORE_META_HALL_NAME, &error);
  g_assert_no_error (error);
  g_assert_null (again);

  g_clear_object (&store);
  yc_test_rm_rf (dir);
}

static void
test_meta_invalid (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autofree char *value = NULL;

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  g_assert_false (yc_store_set_meta (store, "bad key; DROP", "x", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (yc_store_set_meta (store, "", "x", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (yc_store_set_meta (store, "hall_secret", "\xff\xfe", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  value = yc_store_get_meta (store, "no such key!", &error);
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_assert_null (value);

  g_clear_object (&store);
  yc_test_rm_rf (dir);
}

static void
test_meta_async (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GAsyncResult) set_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autofree char *value = NULL;
  g_autofree char *missing = NULL;
  const char *secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  yc_store_set_meta_async (store, YC_STORE_META_HALL_SECRET, secret, NULL, on_ready, &set_result);
  g_assert_true (yc_store_set_meta_finish (store, wait_result (&set_result), &error));
  g_assert_no_error (error);

  yc_store_get_meta_async (store, YC_STORE_META_HALL_SECRET, NULL, on_ready, &get_result);
  value = yc_store_get_meta_finish (store, wait_result (&get_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, secret);

  yc_store_get_meta_async (store, YC_STORE_META_WINDOW_NAME, NULL, on_ready, &missing_result);
  missing = yc_store_get_meta_finish (store, wait_result (&missing_result), &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_clear_object (&store);
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/meta/round-trip", test_meta_round_trip);
  g_test_add_func ("/store/meta/invalid", test_meta_invalid);
  g_test_add_func ("/store/meta/async", test_meta_async);

  return g_test_run ();
}
