/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-test-server.h"

/*
 * Sign-ins of one user at the same moment, over real HTTP against the real back office
 * process (src/server/yc-backoffice-sessions.c): a window restarted after a crash signs in
 * while its first sign-in is still being verified, two windows of one clerk sign in at
 * once.  Correct passwords all get a token (the back office used to answer `locked_out`
 * to all but the first); the lockout still counts only failed attempts, exactly: a success
 * clears the count, the limit (5) is reached by the failures alone, and a locked user is
 * refused whatever the password.
 */

#define CLERK    "clerk-a"
#define PASSWORD "clerk-a-pw"
#define LIMIT    5   /* YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES */

static YcTestServer *server;

typedef struct {
  SoupMessage *msg;
  guint        status;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} Attempt;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Attempt *attempt = user_data;

  attempt->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &attempt->error);
  attempt->status = soup_message_get_status (attempt->msg);
  attempt->done = TRUE;
}

/* POSTs a sign-in of CLERK for each of @passwords at once, each on a connection of its own;
 * returns a string of the statuses in order ("201 201 401"), and adds the tokens to
 * @tokens when not NULL. */
static char *
sign_in_at_once (const char * const *passwords,
                 GPtrArray          *tokens)
{
  guint n = g_strv_length ((GStrv) passwords);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", (int) n + 1,
                                                                  "max-conns", (int) n + 1,
                                                                  "timeout", 120, NULL);
  g_autofree char *url = g_strconcat (yc_test_server_get_base_url (server), "/api/v1/sessions", NULL);
  g_autofree Attempt *attempts = g_new0 (Attempt, n);
  GString *statuses = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  gboolean all_done = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}", CLERK,
                                               passwords[i]);
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      attempts[i].msg = soup_message_new ("POST", url);
      /* No connection reused: each sign-in reaches the back office by itself, at once. */
      soup_message_add_flags (attempts[i].msg, SOUP_MESSAGE_NEW_CONNECTION);
      soup_message_set_request_body_from_bytes (attempts[i].msg, "application/json", body);
    }
  for (guint i = 0; i < n; i++)
    soup_session_send_and_read_async (session, attempts[i].msg, G_PRIORITY_DEFAULT, NULL, sent_cb,
                                      &attempts[i]);
  while (!all_done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      all_done = TRUE;
      for (guint i = 0; i < n; i++)
        all_done = all_done && attempts[i].done;
    }

  for (guint i = 0; i < n; i++)
    {
      g_assert_no_error (attempts[i].error);
      g_string_append_printf (statuses, "%s%u", i > 0 ? " " : "", attempts[i].status);
      if (attempts[i].status == 201 && tokens != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *object;

          g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (attempts[i].body, NULL),
                                                     (gssize) g_bytes_get_size (attempts[i].body), NULL));
          object = json_node_get_object (json_parser_get_root (parser));
          g_ptr_array_add (tokens, g_strdup (json_object_get_string_member (object, "token")));
        }
      g_clear_pointer (&attempts[i].body, g_bytes_unref);
      g_clear_object (&attempts[i].msg);
    }
  return g_string_free (statuses, FALSE);
}

static guint
sign_in_once (const char *password)
{
  const char * const passwords[] = { password, NULL };
  g_autofree char *status = sign_in_at_once (passwords, NULL);

  return (guint) g_ascii_strtoull (status, NULL, 10);
}

/* Three windows of one clerk sign in at the same moment: three sessions. */
static void
test_correct_at_once (void)
{
  const char * const passwords[] = { PASSWORD, PASSWORD, PASSWORD, NULL };
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *statuses = sign_in_at_once (passwords, tokens);

  g_assert_cmpstr (statuses, ==, "201 201 201");
  g_assert_cmpuint (tokens->len, ==, 3);
  for (guint i = 0; i < tokens->len; i++)
    {
      g_autoptr(YcTestResponse) response = NULL;

      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (g_ptr_array_index (tokens, i), !=, g_ptr_array_index (tokens, j));
      /* Each a live session. */
      response = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current",
                                         g_ptr_array_index (tokens, i), NULL, NULL, NULL);
      g_assert_cmpuint (response->status, ==, 204);
    }
}

/* The lockout counts the failures, and only them, whatever runs at the same time. */
static void
test_lockout_counts_failures (void)
{
  const char * const right3[] = { PASSWORD, PASSWORD, PASSWORD, NULL };
  const char * const wrong4[] = { "w1", "w2", "w3", "w4", NULL };
  const char * const mixed[] = { "w1", PASSWORD, "w2", PASSWORD, NULL };
  const char * const wrong5[] = { "w1", "w2", "w3", "w4", "w5", NULL };
  g_autofree char *statuses = NULL;

  /* One short of the limit, then correct passwords at once: all signed in (none counted). */
  for (guint i = 0; i + 1 < LIMIT; i++)
    g_assert_cmpuint (sign_in_once ("wrong"), ==, 401);
  statuses = sign_in_at_once (right3, NULL);
  g_assert_cmpstr (statuses, ==, "201 201 201");
  g_clear_pointer (&statuses, g_free);

  /* The count starts again: four failures at once are four, not a lockout … */
  statuses = sign_in_at_once (wrong4, NULL);
  g_assert_cmpstr (statuses, ==, "401 401 401 401");
  g_clear_pointer (&statuses, g_free);
  /* … so the right password still works, and clears them. */
  g_assert_cmpuint (sign_in_once (PASSWORD), ==, 201);

  /* Failures and successes mixed at once: the successes get in, two failures count. */
  statuses = sign_in_at_once (mixed, NULL);
  g_assert_cmpstr (statuses, ==, "401 201 401 201");
  g_clear_pointer (&statuses, g_free);
  g_assert_cmpuint (sign_in_once (PASSWORD), ==, 201);

  /* The limit in failures at once: each verified and refused, and then the user is locked,
   * the right password too. */
  statuses = sign_in_at_once (wrong5, NULL);
  g_assert_cmpstr (statuses, ==, "401 401 401 401 401");
  g_clear_pointer (&statuses, g_free);
  g_assert_cmpuint (sign_in_once (PASSWORD), ==, 429);
  statuses = sign_in_at_once (right3, NULL);
  g_assert_cmpstr (statuses, ==, "429 429 429");
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sessions-concurrent/correct-at-once", test_correct_at_once);
  g_test_add_func ("/sessions-concurrent/lockout-counts-failures", test_lockout_counts_failures);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
