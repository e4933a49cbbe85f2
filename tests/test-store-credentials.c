/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include "yc-store-private.h"
#include "yc-test-store.h"

/* Cached credentials for offline sign-in: argon2id verifiers, never the password. */

#define PASSWORD "correct horse 电池"

static YcUserProfile *
clerk_profile (void)
{
  return yc_user_profile_new ("clerk-a", "王芳", YC_ROLE_CLERK, "JB01", NULL);
}

/* Every byte of the database file and its WAL, searched for @needle. */
static gboolean
store_files_contain (const char *dir,
                     const char *needle)
{
  const char *names[] = { "yichuang.db", "yichuang.db-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_put_check (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcUserProfile) profile = clerk_profile ();
  g_autoptr(YcUserProfile) checked = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_assert_no_error (error);

  /* Nothing cached yet. */
  g_assert_null (yc_store_check_credential (store, "clerk-a", PASSWORD, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "clerk-a"));
  g_clear_error (&error);

  g_assert_true (yc_store_put_credential (store, profile, PASSWORD, &error));
  g_assert_no_error (error);

  checked = yc_store_check_credential (store, "clerk-a", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked->username, ==, "clerk-a");
  g_assert_cmpstr (checked->display_name, ==, "王芳");
  g_assert_cmpint (checked->role, ==, YC_ROLE_CLERK);
  g_assert_cmpstr (checked->hall, ==, "JB01");
  g_assert_cmpuint (g_strv_length (checked->departments), ==, 0);
  g_assert_cmpint (g_date_time_to_unix (checked->last_online_at), ==,
                   g_date_time_to_unix (profile->last_online_at));

  /* Wrong passwords, including a prefix and a different case. */
  g_assert_null (yc_store_check_credential (store, "clerk-a", "correct horse", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_null (yc_store_check_credential (store, "clerk-a", "CORRECT HORSE 电池", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  /* Another user does not inherit it. */
  g_assert_null (yc_store_check_credential (store, "clerk-b", PASSWORD, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An argon2id verifier with the interactive limits; the password is nowhere on disk. */
  database = yc_store_get_database (store);
  statement = yc_database_prepare (database, "SELECT verifier FROM credentials WHERE username = 'clerk-a'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix (yc_statement_get_text (statement, 0), "$argon2id$v=19$m=65536,t=2,p=1$"));
  g_clear_pointer (&statement, yc_statement_release);
  g_assert_false (store_files_contain (dir, PASSWORD));
  g_assert_false (store_files_contain (dir, "correct horse"));

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_replace_and_forget (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcUserProfile) profile = clerk_profile ();
  g_autoptr(YcUserProfile) checked = NULL;
  const char * const departments[] = { "scjg", "sw", NULL };

  g_assert_no_error (error);
  g_assert_true (yc_store_put_credential (store, profile, "old-pw", &error));
  g_assert_no_error (error);

  /* Signed in online again with a new password and a new role: the old one is gone. */
  g_free (profile->display_name);
  profile->display_name = g_strdup ("王芳（复核）");
  profile->role = YC_ROLE_REVIEWER;
  g_clear_pointer (&profile->hall, g_free);
  g_strfreev (profile->departments);
  profile->departments = g_strdupv ((GStrv) departments);
  g_assert_true (yc_store_put_credential (store, profile, "new-pw", &error));
  g_assert_no_error (error);

  g_assert_null (yc_store_check_credential (store, "clerk-a", "old-pw", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  checked = yc_store_check_credential (store, "clerk-a", "new-pw", &error);
  g_assert_no_error (error);
  g_assert_cmpint (checked->role, ==, YC_ROLE_REVIEWER);
  g_assert_null (checked->hall);
  g_assert_cmpstrv (checked->departments, departments);
  g_assert_cmpstr (checked->display_name, ==, "王芳（复核）");

  g_assert_true (yc_store_forget_credential (store, "clerk-a", &error));
  g_assert_no_error (error);
  g_assert_null (yc_store_check_credential (store, "clerk-a", "new-pw", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Forgetting again is no error. */
  g_assert_true (yc_store_forget_credential (store, "clerk-a", &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

typedef struct {
  GAsyncResult *result;
} Waiter;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waiter->result;
}

/* The async functions run on the writer thread and call back on the main context. */
static void
test_async (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcUserProfile) profile = clerk_profile ();
  g_autoptr(YcUserProfile) checked = NULL;
  Waiter put = { NULL }, good = { NULL }, bad = { NULL }, forget = { NULL };

  g_assert_no_error (error);
  yc_store_put_credential_async (store, profile, PASSWORD, NULL, done_cb, &put);
  yc_store_check_credential_async (store, "clerk-a", PASSWORD, NULL, done_cb, &good);
  yc_store_check_credential_async (store, "clerk-a", "nope", NULL, done_cb, &bad);
  yc_store_forget_credential_async (store, "clerk-a", NULL, done_cb, &forget);

  g_assert_true (yc_store_put_credential_finish (store, wait_result (&put), &error));
  g_assert_no_error (error);
  checked = yc_store_check_credential_finish (store, wait_result (&good), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked->hall, ==, "JB01");
  g_assert_null (yc_store_check_credential_finish (store, wait_result (&bad), &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (yc_store_forget_credential_finish (store, wait_result (&forget), &error));
  g_assert_no_error (error);

  g_clear_object (&put.result);
  g_clear_object (&good.result);
  g_clear_object (&bad.result);
  g_clear_object (&forget.result);
  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_invalid (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcUserProfile) profile = yc_user_profile_new ("", NULL, YC_ROLE_CLERK, NULL, NULL);

  g_assert_no_error (error);
  g_assert_false (yc_store_put_credential (store, profile, PASSWORD, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (yc_store_check_credential (store, "", PASSWORD, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/credentials/put-check", test_put_check);
  g_test_add_func ("/store/credentials/replace-forget", test_replace_and_forget);
  g_test_add_func ("/store/credentials/async", test_async);
  g_test_add_func ("/store/credentials/invalid", test_invalid);

  return g_test_run ();
}
