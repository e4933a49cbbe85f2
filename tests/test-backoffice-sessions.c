/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* Users and sessions: passwords, tokens, expiry, lockout, administration, restart. */

#define PASSWORD "correct horse battery"

static const char * const sport_departments[] = { "sport", NULL };

static void
add_users (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_backoffice_user_add (fixture->backoffice, "c1", "王小明", YC_ROLE_CLERK, "HD01",
                                         NULL, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_user_add (fixture->backoffice, "rs", NULL, YC_ROLE_REVIEWER, NULL,
                                         sport_departments, PASSWORD, &error));
  g_assert_no_error (error);
}

static char *
sign_in (Fixture     *fixture,
         const char  *username,
         const char  *password,
         const char  *peer,
         GError     **error)
{
  return yc_backoffice_sign_in (fixture->backoffice, username, password, peer, NULL, NULL, error);
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autoptr(YcPrincipal) again = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *query = NULL;

  add_users (fixture);
  token = yc_backoffice_sign_in (fixture->backoffice, "c1", PASSWORD, "127.0.0.1", &principal,
                                 &expires, &error);
  g_assert_no_error (error);
  /* 256 bits in base64url without padding: 43 characters of the URL-safe alphabet. */
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *c = token; *c != '\0'; c++)
    g_assert_true (g_ascii_isalnum (*c) || *c == '-' || *c == '_');
  g_assert_cmpstr (yc_principal_get_username (principal), ==, "c1");
  g_assert_cmpstr (yc_principal_get_display_name (principal), ==, "王小明");
  g_assert_cmpint (yc_principal_get_role (principal), ==, YC_ROLE_CLERK);
  g_assert_cmpstr (yc_principal_get_hall (principal), ==, "HD01");
  g_assert_cmpint (g_date_time_difference (expires, fixture->now), ==, 12 * G_TIME_SPAN_HOUR);

  again = yc_backoffice_authenticate (fixture->backoffice, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_principal_get_username (again), ==, "c1");
  g_assert_cmpstr (yc_principal_get_actor (again)->hall, ==, "HD01");

  /* Only the token's hash is stored. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  query = g_strdup_printf ("SELECT count(*) FROM sessions WHERE token_hash = '%s'", hash);
  g_assert_cmpint (fixture_sql_count (fixture, query), ==, 1);
  g_free (query);
  query = g_strdup_printf ("SELECT count(*) FROM sessions WHERE token_hash = '%s'", token);
  g_assert_cmpint (fixture_sql_count (fixture, query), ==, 0);
  /* And an argon2id hash of the password. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), ==, 2);

  /* A restart keeps users and sessions. */
  fixture_reopen (fixture);
  g_clear_pointer (&again, yc_principal_unref);
  again = yc_backoffice_authenticate (fixture->backoffice, token, &error);
  g_assert_no_error (error);

  /* Sign-out ends it; a second sign-out has nothing to end. */
  g_assert_true (yc_backoffice_sign_out (fixture->backoffice, token, &error));
  g_assert_no_error (error);
  g_assert_null (yc_backoffice_authenticate (fixture->backoffice, token, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (yc_backoffice_sign_out (fixture->backoffice, token, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (yc_backoffice_authenticate (fixture->backoffice, "not-a-token", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 401);
}

static void
test_bad_password (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *message = NULL;

  add_users (fixture);
  g_assert_null (sign_in (fixture, "c1", "wrong password", "10.0.0.1", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  message = g_strdup (error->message);
  g_clear_error (&error);

  /* An unknown user gets the very same answer. */
  g_assert_null (sign_in (fixture, "nobody", "wrong password", "10.0.0.1", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  g_assert_null (sign_in (fixture, "c1", "", "10.0.0.1", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "password");
  g_clear_error (&error);

  /* Audited. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'sign_in.failed'"), ==, 2);

  token = sign_in (fixture, "c1", PASSWORD, "10.0.0.1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
}

static void
test_lockout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  add_users (fixture);
  for (guint i = 0; i < YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES; i++)
    {
      g_assert_null (sign_in (fixture, "c1", "guess", "10.0.0.2", &error));
      g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
      fixture_advance (fixture, G_TIME_SPAN_SECOND);
    }

  /* Locked: even the right password is refused, from any peer. */
  g_assert_null (sign_in (fixture, "c1", PASSWORD, "10.0.0.3", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT);
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 429);
  g_clear_error (&error);
  /* Others behind the same address (one NAT for a whole hall) still sign in … */
  token = sign_in (fixture, "rs", PASSWORD, "10.0.0.2", &error);
  g_assert_no_error (error);
  g_clear_pointer (&token, g_free);
  /* … until the address itself has failed four times as often, whatever the usernames. */
  for (guint i = 0; i < 4 * YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES - YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%u", i);
      g_assert_null (sign_in (fixture, name, "guess", "10.0.0.2", &error));
      g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
    }
  g_assert_null (sign_in (fixture, "rs", PASSWORD, "10.0.0.2", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  /* Others from elsewhere are not. */
  token = sign_in (fixture, "rs", PASSWORD, "10.0.0.4", &error);
  g_assert_no_error (error);
  g_clear_pointer (&token, g_free);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'sign_in.locked'"), ==, 2);

  /* Still locked a minute before the end; free after 15 minutes. */
  fixture_advance (fixture, 14 * G_TIME_SPAN_MINUTE);
  g_assert_null (sign_in (fixture, "c1", PASSWORD, "10.0.0.3", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  fixture_advance (fixture, G_TIME_SPAN_MINUTE);
  token = sign_in (fixture, "c1", PASSWORD, "10.0.0.3", &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  /* The lockout survives a restart. */
  for (guint i = 0; i < YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES; i++)
    {
      g_assert_null (sign_in (fixture, "c1", "guess", "10.0.0.5", &error));
      g_clear_error (&error);
    }
  fixture_reopen (fixture);
  g_assert_null (sign_in (fixture, "c1", PASSWORD, "10.0.0.6", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT);
}

#define PARALLEL_GUESSES 41

typedef struct {
  Fixture *fixture;
  guint    index;
  GError  *error;
  char    *token;
} Guess;

static gpointer
guess_thread (gpointer data)
{
  Guess *guess = data;
  g_autofree char *password = g_strdup_printf ("guess %u", guess->index);

  guess->token = sign_in (guess->fixture, "c1", password, "10.0.0.7", &guess->error);
  return NULL;
}

/* Parallel guesses must not verify more passwords than the limit allows (they all used to
 * pass the lock check before the first failure was counted). */
static void
test_lockout_parallel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Guess guesses[PARALLEL_GUESSES];
  GThread *threads[PARALLEL_GUESSES];
  guint refused = 0;

  add_users (fixture);
  for (guint i = 0; i < PARALLEL_GUESSES; i++)
    {
      guesses[i] = (Guess) { fixture, i, NULL, NULL };
      threads[i] = g_thread_new ("guess", guess_thread, &guesses[i]);
    }
  for (guint i = 0; i < PARALLEL_GUESSES; i++)
    {
      g_thread_join (threads[i]);
      g_assert_null (guesses[i].token);
      g_assert_nonnull (guesses[i].error);
      g_assert_true (g_error_matches (guesses[i].error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED)
                     || g_error_matches (guesses[i].error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT));
      if (guesses[i].error->code == YC_BACKOFFICE_ERROR_LOCKED_OUT)
        refused++;
      g_clear_error (&guesses[i].error);
    }
  /* Each verified password is one sign_in.failed row. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'sign_in.failed'"),
                   <=, YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES);
  g_assert_cmpuint (refused, >=, PARALLEL_GUESSES - YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES);

  /* Serially, exactly the limit is verified, then the username is locked. */
  for (guint i = 0; i < 2 * YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES; i++)
    {
      g_assert_null (sign_in (fixture, "rs", "guess", "10.0.0.8", &error));
      g_clear_error (&error);
    }
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'sign_in.failed'"
                                               " AND actor = 'rs'"),
                   ==, YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES);
  g_assert_null (sign_in (fixture, "rs", PASSWORD, "10.0.0.8", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_LOCKED_OUT);
}

/* The attempt that reaches the limit is verified; when its password is right it signs in and
 * its provisional failure is taken back. */
static void
test_lockout_last_attempt (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  add_users (fixture);
  for (guint i = 0; i + 1 < YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES; i++)
    {
      g_assert_null (sign_in (fixture, "c1", "guess", "10.0.0.9", &error));
      g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
    }
  token = sign_in (fixture, "c1", PASSWORD, "10.0.0.9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_clear_pointer (&token, g_free);
  /* Cleared: the limit counts afresh. */
  g_assert_null (sign_in (fixture, "c1", "guess", "10.0.0.9", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  token = sign_in (fixture, "c1", PASSWORD, "10.0.0.9", &error);
  g_assert_no_error (error);
}

static void
test_token_expiry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autofree char *token = NULL;

  add_users (fixture);
  yc_backoffice_set_token_lifetime (fixture->backoffice, G_TIME_SPAN_HOUR);
  token = sign_in (fixture, "rs", PASSWORD, NULL, &error);
  g_assert_no_error (error);

  fixture_advance (fixture, 59 * G_TIME_SPAN_MINUTE);
  principal = yc_backoffice_authenticate (fixture->backoffice, token, &error);
  g_assert_no_error (error);
  g_assert_true (yc_principal_has_department (principal, "sport"));
  g_assert_false (yc_principal_has_department (principal, "health"));

  fixture_advance (fixture, G_TIME_SPAN_MINUTE);
  g_assert_null (yc_backoffice_authenticate (fixture->backoffice, token, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
}

static void
test_users_admin (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) windows = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token2 = NULL;
  JsonArray *array;
  JsonObject *rs;

  add_users (fixture);

  /* What a user needs. */
  g_assert_false (yc_backoffice_user_add (fixture->backoffice, "c1", NULL, YC_ROLE_CLERK, "HD01", NULL, PASSWORD, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (yc_backoffice_user_add (fixture->backoffice, "c9", NULL, YC_ROLE_CLERK, NULL, NULL, PASSWORD, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "hall");
  g_clear_error (&error);
  g_assert_false (yc_backoffice_user_add (fixture->backoffice, "r9", NULL, YC_ROLE_REVIEWER, NULL, NULL, PASSWORD, &error));
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "departments");
  g_clear_error (&error);
  g_assert_false (yc_backoffice_user_add (fixture->backoffice, "a9", NULL, YC_ROLE_ADMIN, NULL, NULL, "short", &error));
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "password");
  g_clear_error (&error);
  g_assert_false (yc_backoffice_user_add (fixture->backoffice, "bad name'; --", NULL, YC_ROLE_ADMIN, NULL, NULL, PASSWORD, &error));
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "username");
  g_clear_error (&error);

  list = yc_backoffice_user_list (fixture->backoffice, &error);
  g_assert_no_error (error);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  rs = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (rs, "username"), ==, "rs");
  g_assert_cmpstr (json_object_get_string_member (rs, "role"), ==, "reviewer");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (rs, "departments"), 0), ==, "sport");
  g_assert_false (json_object_get_boolean_member (rs, "disabled"));
  g_assert_false (json_object_has_member (rs, "password_hash"));

  /* A new password ends the sessions and replaces the old one. */
  token = sign_in (fixture, "rs", PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_user_set_password (fixture->backoffice, "rs", "another good one", &error));
  g_assert_no_error (error);
  g_assert_null (yc_backoffice_authenticate (fixture->backoffice, token, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (sign_in (fixture, "rs", PASSWORD, NULL, &error));
  g_clear_error (&error);
  token2 = sign_in (fixture, "rs", "another good one", NULL, &error);
  g_assert_no_error (error);

  /* Disabled: no session, no sign-in. */
  g_assert_true (yc_backoffice_user_disable (fixture->backoffice, "rs", &error));
  g_assert_no_error (error);
  g_assert_null (yc_backoffice_authenticate (fixture->backoffice, token2, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (sign_in (fixture, "rs", "another good one", NULL, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_false (yc_backoffice_user_disable (fixture->backoffice, "nobody", &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Windows: enrolled once. */
  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W03", "三楼综合窗口", &error));
  g_assert_no_error (error);
  g_assert_false (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W03", NULL, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "window");
  g_clear_error (&error);
  windows = yc_backoffice_window_list (fixture->backoffice, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (windows)), ==, 1);

  /* Every administrative act is audited, and the chain holds. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action IN"
                                               " ('user.add', 'user.password', 'user.disable', 'window.enroll')"), ==, 5);
  g_assert_true (yc_backoffice_audit_verify (fixture->backoffice, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/sessions/sign-in", test_sign_in);
  FIXTURE_TEST ("/backoffice/sessions/bad-password", test_bad_password);
  FIXTURE_TEST ("/backoffice/sessions/lockout", test_lockout);
  FIXTURE_TEST ("/backoffice/sessions/lockout-parallel", test_lockout_parallel);
  FIXTURE_TEST ("/backoffice/sessions/lockout-last-attempt", test_lockout_last_attempt);
  FIXTURE_TEST ("/backoffice/sessions/token-expiry", test_token_expiry);
  FIXTURE_TEST ("/backoffice/sessions/users-admin", test_users_admin);

  return g_test_run ();
}
