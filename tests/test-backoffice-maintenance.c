/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/*
 * Tolerance expiry (容缺 supplement deadlines): only the cases whose open tolerance is past
 * its due date and the grace period are terminated, a bounded page per write transaction;
 * a database from before the tolerance_due column gets it filled in when it is opened.
 */

/* Accepts the bundle (health certificate tolerated) at HD01 with the tolerance due on @due;
 * @due NULL: the single item, with nothing tolerated.  Returns the case's uuid. */
static char *
accept_due (Fixture    *fixture,
            const char *due)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  char *uuid = g_uuid_string_random ();
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, due != NULL ? YC_TEST_BUNDLE : YC_TEST_ITEM,
                                                          uuid, "HD01");
  g_autoptr(JsonObject) result = NULL;

  if (due != NULL)
    {
      JsonArray *tolerated = json_object_get_array_member (payload, "tolerated");

      json_object_set_string_member (json_array_get_object_element (tolerated, 0), "due", due);
    }
  result = fixture_push_one (fixture, clerk, uuid, 0, YC_OP_CASE_ACCEPT, payload);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  return uuid;
}

static char *
state_of (Fixture    *fixture,
          const char *uuid)
{
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_backoffice_get_case (fixture->backoffice, c1, uuid, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "case"),
                                                  "state"));
}

static void
committed_cb (YcBackoffice *backoffice,
              guint64       seq,
              gpointer      user_data)
{
  GArray *seqs = user_data;

  g_array_append_val (seqs, seq);
}

static void
assert_states (Fixture    *fixture,
               GPtrArray  *uuids,
               const char *state)
{
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autofree char *actual = state_of (fixture, g_ptr_array_index (uuids, i));

      g_assert_cmpstr (actual, ==, state);
    }
}

#define N_DUE   12
#define N_LATER 5
#define N_PLAIN 3
#define BATCH   5

static void
test_only_due_in_batches (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 head;
  gulong handler;

  /* Interleaved, so that the due cases are not simply the first rows of the table. */
  for (guint i = 0; i < N_DUE; i++)
    {
      g_ptr_array_add (due, accept_due (fixture, "2026-11-26"));
      if (i < N_LATER)
        g_ptr_array_add (later, accept_due (fixture, "2026-12-03"));
      if (i < N_PLAIN)
        g_ptr_array_add (plain, accept_due (fixture, NULL));
    }

  /* Monday 11-30: 11-26 plus three days of grace has passed, 12-03 has not. */
  fixture_advance (fixture, 7 * G_TIME_SPAN_DAY);
  head = yc_backoffice_head_seq (fixture->backoffice);
  handler = g_signal_connect (fixture->backoffice, "committed", G_CALLBACK (committed_cb), seqs);
  g_assert_cmpuint (yc_backoffice_expire_tolerances_in_batches (fixture->backoffice, BATCH), ==, N_DUE);
  g_signal_handler_disconnect (fixture->backoffice, handler);

  /* One commit per page of at most BATCH cases, each with one change per case. */
  g_assert_cmpuint (seqs->len, ==, (N_DUE + BATCH - 1) / BATCH);
  for (guint i = 0; i < seqs->len; i++)
    {
      guint64 previous = i == 0 ? head : g_array_index (seqs, guint64, i - 1);
      guint64 step = g_array_index (seqs, guint64, i) - previous;

      g_assert_cmpuint (step, ==, MIN (BATCH, N_DUE - i * BATCH));
    }
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head + N_DUE);

  assert_states (fixture, due, "terminated");
  assert_states (fixture, later, "accepted");
  assert_states (fixture, plain, "accepted");

  /* A terminated case leaves the index: nothing is read or terminated twice. */
  g_assert_cmpuint (yc_backoffice_expire_tolerances_in_batches (fixture->backoffice, BATCH), ==, 0);
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head + N_DUE);

  /* Monday 12-07: the later ones are past 12-03 plus grace. */
  fixture_advance (fixture, 7 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_expire_tolerances (fixture->backoffice), ==, N_LATER);
  assert_states (fixture, later, "terminated");
  assert_states (fixture, plain, "accepted");
}

/* A database from before tolerance_due (schema version 3) gets the column and its index
 * filled from the stored documents when it is opened. */
static void
test_migration_backfills (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *due = accept_due (fixture, "2026-11-26");
  g_autofree char *later = accept_due (fixture, "2026-12-03");
  g_autofree char *plain = accept_due (fixture, NULL);
  g_autofree char *plain_state = NULL;
  g_autofree char *due_state = NULL;
  g_autofree char *later_state = NULL;

  g_assert_finalize_object (fixture->backoffice);
  fixture->backoffice = NULL;
  fixture_sql (fixture, "DROP INDEX cases_tolerance_due;"
                        "ALTER TABLE cases DROP COLUMN tolerance_due;"
                        "UPDATE meta SET value = '3' WHERE key = 'schema_version';");
  fixture_open (fixture);

  fixture_advance (fixture, 7 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_expire_tolerances (fixture->backoffice), ==, 1);
  due_state = state_of (fixture, due);
  later_state = state_of (fixture, later);
  g_assert_cmpstr (due_state, ==, "terminated");
  g_assert_cmpstr (later_state, ==, "accepted");
  plain_state = state_of (fixture, plain);
  g_assert_cmpstr (plain_state, ==, "accepted");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/maintenance/only-due-in-batches", test_only_due_in_batches);
  FIXTURE_TEST ("/backoffice/maintenance/migration-backfills", test_migration_backfills);

  return g_test_run ();
}
