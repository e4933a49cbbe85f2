/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* Group commit: pushes of several threads applied in one transaction, each in its own
 * savepoint: every batch gets exactly the answer it would get alone, a refused batch leaves
 * nothing behind and costs the others nothing, and nobody is answered before the commit. */

#define N_PUSHES 7

typedef struct {
  Fixture     *fixture;
  YcPrincipal *p;
  char        *key;
  GBytes      *body;
  JsonNode    *answer;
  GError      *error;
  GThread     *thread;
} Push;

static gpointer
push_thread (gpointer data)
{
  Push *push = data;

  push->answer = yc_backoffice_push (push->fixture->backoffice, push->p, push->key, push->body,
                                     &push->error);
  return NULL;
}

static void
committed_cb (YcBackoffice *backoffice,
              guint64       seq,
              gpointer      data)
{
  g_atomic_int_inc ((gint *) data);
}

static guint
queued (YcBackoffice *backoffice)
{
  guint n;

  g_mutex_lock (&backoffice->group_lock);
  n = backoffice->group_queue->len;
  g_mutex_unlock (&backoffice->group_lock);
  return n;
}

static const char *
result_of (JsonNode *answer,
           guint     i,
           const char *member)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  return json_object_get_string_member (json_array_get_object_element (results, i), member);
}

/* Begins a write transaction, then starts @first: it takes the lead of a group of its own
 * and waits for the writer, so the pushes started next queue up behind it until the test
 * rolls the transaction back. */
static void
hold_writer_behind (Fixture *fixture,
                    Push    *first)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_backoffice_storage_begin (fixture->backoffice->storage, TRUE, &error));
  g_assert_no_error (error);
  first->thread = g_thread_new ("push-0", push_thread, first);
  while (TRUE)
    {
      gboolean leading;

      g_mutex_lock (&fixture->backoffice->group_lock);
      leading = fixture->backoffice->group_committing && fixture->backoffice->group_queue->len == 0;
      g_mutex_unlock (&fixture->backoffice->group_lock);
      if (leading)
        break;
      g_usleep (1000);
    }
}

/* A batch accepting one new case of hall HD01 (clerk c1's) under a new op id. */
static GBytes *
accept_batch (Fixture    *fixture,
              const char *key,
              const char *uuid)
{
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, uuid, "HD01");
  g_autofree char *op_id = g_uuid_string_random ();

  return fixture_batch (key, fixture_op_json (op_id, uuid, 0, YC_OP_CASE_ACCEPT, payload), NULL);
}

static void
test_group_isolates_batches (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autofree char *used_key = g_uuid_string_random ();
  g_autofree char *case_0 = g_uuid_string_random ();
  g_autofree char *case_a = g_uuid_string_random ();
  g_autofree char *case_b = g_uuid_string_random ();
  g_autofree char *case_f = g_uuid_string_random ();
  g_autofree char *case_x = g_uuid_string_random ();
  g_autofree char *own_op = g_uuid_string_random ();
  g_autofree char *shared_op = g_uuid_string_random ();
  g_autofree char *case_y = g_uuid_string_random ();
  g_autofree char *trigger = NULL;
  g_autoptr(GBytes) used_body = NULL;
  Push pushes[N_PUSHES] = { { 0 } };
  gint commits = 0;
  gint64 bad_row = -1;
  guint64 head;

  /* A batch committed before: its key comes back below with another body. */
  used_body = accept_batch (fixture, used_key, case_0);
  first = yc_backoffice_push (fixture->backoffice, clerk, used_key, used_body, &error);
  g_assert_no_error (error);
  head = yc_backoffice_head_seq (fixture->backoffice);

  for (guint i = 0; i < N_PUSHES; i++)
    {
      pushes[i].fixture = fixture;
      pushes[i].p = clerk;
      pushes[i].key = g_uuid_string_random ();
    }
  /* 0: applied alone (it leads while the test holds the write transaction); then one group:
   * 1: ok; 2: the used key with another body (mismatch); 3: not JSON (invalid);
   * 4: a case of another hall (rejected op, the batch itself stands) whose op id 5 uses
   * again (5 gets 4's stored result, applied once); 5 also accepts a case of its own;
   * 6: see below. */
  pushes[0].body = accept_batch (fixture, pushes[0].key, case_a);
  pushes[1].body = accept_batch (fixture, pushes[1].key, case_b);
  g_free (pushes[2].key);
  pushes[2].key = g_strdup (used_key);
  pushes[2].body = accept_batch (fixture, used_key, case_x);
  pushes[3].body = g_bytes_new_static ("{\"batch_id\": ", 13);
  {
    g_autoptr(JsonObject) elsewhere = fixture_accept_payload (fixture, YC_TEST_ITEM, case_f, "HD02");
    g_autoptr(JsonObject) own = fixture_accept_payload (fixture, YC_TEST_ITEM, case_f, "HD01");

    pushes[4].body = fixture_batch (pushes[4].key,
                                    fixture_op_json (shared_op, case_f, 0, YC_OP_CASE_ACCEPT, elsewhere), NULL);
    pushes[5].body = fixture_batch (pushes[5].key,
                                    fixture_op_json (shared_op, case_f, 0, YC_OP_CASE_ACCEPT, elsewhere),
                                    fixture_op_json (own_op, case_f, 0, YC_OP_CASE_ACCEPT, own),
                                    NULL);
  }

  /* 6: fails in storage half-way, after its case and change rows were written: its
   * savepoint takes them back, the rest of the group commits. */
  pushes[6].body = accept_batch (fixture, pushes[6].key, case_y);
  trigger = g_strdup_printf ("CREATE TRIGGER fail_op BEFORE INSERT ON ops WHEN NEW.case_uuid = '%s'"
                             " BEGIN SELECT RAISE (ABORT, 'the disk is on fire'); END", case_y);
  fixture_sql (fixture, trigger);

  g_signal_connect (fixture->backoffice, "committed", G_CALLBACK (committed_cb), &commits);

  /* Hold the writer: push 0 takes the lead and waits for it; the others queue up behind. */
  hold_writer_behind (fixture, &pushes[0]);
  for (guint i = 1; i < N_PUSHES; i++)
    {
      pushes[i].thread = g_thread_new ("push", push_thread, &pushes[i]);
      /* One at a time, so the queue order is the order above. */
      while (queued (fixture->backoffice) < i)
        g_usleep (1000);
    }
  /* Nobody is answered while the write transaction is not committed. */
  for (guint i = 0; i < N_PUSHES; i++)
    g_assert_null (pushes[i].answer);
  yc_backoffice_storage_rollback (fixture->backoffice->storage);

  for (guint i = 0; i < N_PUSHES; i++)
    g_thread_join (pushes[i].thread);

  /* Two commits: push 0 alone, then the others together. */
  g_assert_cmpint (g_atomic_int_get (&commits), ==, 2);

  g_assert_no_error (pushes[0].error);
  g_assert_cmpstr (result_of (pushes[0].answer, 0, "result"), ==, "ok");
  g_assert_no_error (pushes[1].error);
  g_assert_cmpstr (result_of (pushes[1].answer, 0, "result"), ==, "ok");
  g_assert_error (pushes[2].error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_assert_null (pushes[2].answer);
  g_assert_error (pushes[3].error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_null (pushes[3].answer);
  g_assert_no_error (pushes[4].error);
  g_assert_cmpstr (result_of (pushes[4].answer, 0, "result"), ==, "rejected");
  g_assert_cmpstr (result_of (pushes[4].answer, 0, "code"), ==, "forbidden");
  g_assert_no_error (pushes[5].error);
  g_assert_cmpstr (result_of (pushes[5].answer, 0, "result"), ==, "rejected");
  g_assert_cmpstr (result_of (pushes[5].answer, 0, "op_id"), ==, shared_op);
  g_assert_cmpstr (result_of (pushes[5].answer, 1, "result"), ==, "ok");
  g_assert_error (pushes[6].error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_STORAGE);
  g_assert_null (pushes[6].answer);

  /* Exactly what was answered is stored: four cases, one change each, nothing of 6 … */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, 4);
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head + 3);
  /* … the batches that were answered, and the shared op id once. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM batches"), ==, 5);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM ops"), ==, 5);
  /* The audit chain runs through the group in order: the denial of push 4 included. */
  g_assert_true (yc_backoffice_audit_verify (fixture->backoffice, &bad_row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad_row, ==, 0);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE action = 'denied'"), ==, 1);

  /* Every answered batch replays its stored answer. */
  for (guint i = 0; i < N_PUSHES; i++)
    {
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again_text = NULL;

      if (pushes[i].answer == NULL)
        continue;
      again = yc_backoffice_push (fixture->backoffice, pushes[i].p, pushes[i].key, pushes[i].body, &error);
      g_assert_no_error (error);
      text = json_to_string (pushes[i].answer, FALSE);
      again_text = json_to_string (again, FALSE);
      g_assert_cmpstr (text, ==, again_text);
    }

  for (guint i = 0; i < N_PUSHES; i++)
    {
      g_free (pushes[i].key);
      g_bytes_unref (pushes[i].body);
      g_clear_pointer (&pushes[i].answer, json_node_unref);
      g_clear_error (&pushes[i].error);
    }
}

/* More pushes at once than two full groups: each waiting thread is woken only for its own
 * turn (its unit done, or its unit first in the queue when a group ends), so a wake-up lost
 * there would hang a push; every one must come back ok, each case stored once. */
static void
test_group_many_at_once (Fixture       *fixture,
                         gconstpointer  data)
{
  enum { N_MANY = 80 };
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  Push pushes[N_MANY] = { { 0 } };
  gint commits = 0;

  g_signal_connect (fixture->backoffice, "committed", G_CALLBACK (committed_cb), &commits);
  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      pushes[i].fixture = fixture;
      pushes[i].p = clerk;
      pushes[i].key = g_uuid_string_random ();
      pushes[i].body = accept_batch (fixture, pushes[i].key, uuid);
    }
  /* Hold the writer: push 0 leads a group of its own and waits for it; the others queue
   * up behind, then the groups follow one another with nobody new arriving. */
  hold_writer_behind (fixture, &pushes[0]);
  for (guint i = 1; i < N_MANY; i++)
    pushes[i].thread = g_thread_new ("push", push_thread, &pushes[i]);
  while (queued (fixture->backoffice) < N_MANY - 1)
    g_usleep (1000);
  yc_backoffice_storage_rollback (fixture->backoffice->storage);

  for (guint i = 0; i < N_MANY; i++)
    {
      g_thread_join (pushes[i].thread);
      g_assert_no_error (pushes[i].error);
      g_assert_cmpstr (result_of (pushes[i].answer, 0, "result"), ==, "ok");
    }

  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM cases"), ==, N_MANY);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM batches"), ==, N_MANY);
  /* Push 0 alone, then the 79 queued in groups of at most 32: 32, 32, 15. */
  g_assert_cmpint (g_atomic_int_get (&commits), ==, 1 + (N_MANY - 1 + 31) / 32);
  g_assert_cmpint (queued (fixture->backoffice), ==, 0);

  for (guint i = 0; i < N_MANY; i++)
    {
      g_free (pushes[i].key);
      g_bytes_unref (pushes[i].body);
      g_clear_pointer (&pushes[i].answer, json_node_unref);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/group/isolates-batches", test_group_isolates_batches);
  FIXTURE_TEST ("/backoffice/group/many-at-once", test_group_many_at_once);

  return g_test_run ();
}
