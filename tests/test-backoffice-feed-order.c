/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/*
 * The change feed's commit-ordered cursor (yc-backoffice-storage.h, "The change feed"): a
 * reader paging while writers commit concurrently sees every committed change exactly once,
 * in seq order, and never a seq above the horizon it was given — so a cursor that jumps to
 * the horizon never skips a change that commits later with a lower seq.  Checked on the
 * storage interface itself (what a PostgreSQL back end must pass too) and end to end with
 * concurrent pushes and a long-polling reader.
 */

#define N_WRITERS        4
#define TXNS_PER_WRITER  40
#define READ_LIMIT       4

typedef struct {
  YcBackofficeStorage *storage;
  GMutex               lock;
  GHashTable          *committed;   /* seq → TRUE, of the writers' committed changes */
  gint                 writers_left;
  guint                rolled_back;
} Contract;

static gpointer
contract_writer (gpointer data)
{
  Contract *contract = data;
  g_autoptr(GRand) rand = g_rand_new ();

  for (guint i = 0; i < TXNS_PER_WRITER; i++)
    {
      g_autoptr(GError) error = NULL;
      static const char * const none[] = { NULL };
      YcStorageChange change = { 0 };
      guint64 seq;

      change.kind = (char *) "catalog";
      change.version = i;
      change.payload = (char *) "{}";
      change.departments = (char **) none;
      change.at = i;
      g_assert_true (yc_backoffice_storage_begin (contract->storage, TRUE, &error));
      seq = yc_backoffice_storage_change_append (contract->storage, &change, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seq, >, 0);
      /* Hold the transaction a while, as a group commit applying its pushes does. */
      g_usleep (g_rand_int_range (rand, 0, 1500));
      if (g_rand_int_range (rand, 0, 100) < 15)
        {
          yc_backoffice_storage_rollback (contract->storage);
          g_atomic_int_inc ((gint *) &contract->rolled_back);
          continue;
        }
      g_assert_true (yc_backoffice_storage_commit (contract->storage, &error));
      g_assert_no_error (error);
      g_mutex_lock (&contract->lock);
      g_assert_false (g_hash_table_contains (contract->committed, GSIZE_TO_POINTER (seq)));
      g_hash_table_add (contract->committed, GSIZE_TO_POINTER (seq));
      g_mutex_unlock (&contract->lock);
    }
  g_atomic_int_dec_and_test (&contract->writers_left);
  return NULL;
}

/* One page as the service reads it: horizon and changes in one read transaction; the
 * cursor moves to the last change of a full page, else to the horizon. */
static guint64
read_page (YcBackofficeStorage *storage,
           guint64              cursor,
           GHashTable          *seen,
           guint64             *last_seen)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  YcStorageScope scope = { .username = "reader", .all = TRUE };
  guint64 horizon;

  g_assert_true (yc_backoffice_storage_begin (storage, FALSE, &error));
  horizon = yc_backoffice_storage_head_seq (storage, &error);
  g_assert_no_error (error);
  page = yc_backoffice_storage_changes_list (storage, cursor, &scope, READ_LIMIT, &error);
  g_assert_no_error (error);
  yc_backoffice_storage_rollback (storage);

  g_assert_cmpuint (horizon, >=, cursor);
  for (guint i = 0; i < page->len; i++)
    {
      const YcStorageChange *change = g_ptr_array_index (page, i);

      g_assert_cmpuint (change->seq, >, *last_seen);
      g_assert_cmpuint (change->seq, <=, horizon);
      g_assert_false (g_hash_table_contains (seen, GSIZE_TO_POINTER (change->seq)));
      g_hash_table_add (seen, GSIZE_TO_POINTER (change->seq));
      *last_seen = change->seq;
    }
  if (page->len == READ_LIMIT)
    return ((const YcStorageChange *) g_ptr_array_index (page, page->len - 1))->seq;
  return horizon;
}

static void
test_storage_contract (Fixture       *fixture,
                       gconstpointer  data)
{
  Contract contract = { 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GThread *writers[N_WRITERS];
  GHashTableIter iter;
  gpointer key;
  guint64 cursor = 0, last_seen = 0;
  guint64 start;
  g_autoptr(GError) error = NULL;

  contract.storage = fixture->backoffice->storage;
  contract.committed = g_hash_table_new (NULL, NULL);
  contract.writers_left = N_WRITERS;
  g_mutex_init (&contract.lock);

  /* Whatever the fixture put on the feed before is not part of the race. */
  g_assert_true (yc_backoffice_storage_begin (contract.storage, FALSE, &error));
  start = yc_backoffice_storage_head_seq (contract.storage, &error);
  yc_backoffice_storage_rollback (contract.storage);
  cursor = last_seen = start;

  for (guint i = 0; i < N_WRITERS; i++)
    writers[i] = g_thread_new ("writer", contract_writer, &contract);
  while (g_atomic_int_get (&contract.writers_left) > 0)
    cursor = read_page (contract.storage, cursor, seen, &last_seen);
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (writers[i]);
  /* Drain: everything committed is below the horizon now. */
  for (guint64 before = G_MAXUINT64; before != cursor;)
    {
      before = cursor;
      cursor = read_page (contract.storage, cursor, seen, &last_seen);
    }

  g_assert_cmpuint (g_hash_table_size (contract.committed), ==,
                    N_WRITERS * TXNS_PER_WRITER - contract.rolled_back);
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (contract.committed));
  g_hash_table_iter_init (&iter, contract.committed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (seen, key));

  g_hash_table_unref (contract.committed);
  g_mutex_clear (&contract.lock);
}

/* End to end: pushes from several threads, and a reader on yc_backoffice_changes() that
 * long-polls (waits for the "committed" signal) whenever it has caught up. */

#define N_PUSHERS          4
#define BATCHES_PER_PUSHER 12
#define OPS_PER_BATCH      2

typedef struct {
  Fixture     *fixture;
  YcPrincipal *clerk;
  GPtrArray   *keys;     /* per pusher: its batches' keys … */
  GPtrArray   *bodies;   /* … and bodies */
  GMutex       lock;
  GCond        cond;
  guint64      committed_seq;
  gint         pushers_left;
} Feed;

typedef struct {
  Feed  *feed;
  guint  index;
} Pusher;

static gpointer
feed_pusher (gpointer data)
{
  Pusher *pusher = data;
  Feed *feed = pusher->feed;

  for (guint b = 0; b < BATCHES_PER_PUSHER; b++)
    {
      guint n = pusher->index * BATCHES_PER_PUSHER + b;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = yc_backoffice_push (feed->fixture->backoffice, feed->clerk,
                                                       g_ptr_array_index (feed->keys, n),
                                                       g_ptr_array_index (feed->bodies, n), &error);
      JsonArray *results;

      g_assert_no_error (error);
      results = json_object_get_array_member (json_node_get_object (answer), "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "result"),
                         ==, "ok");
    }
  g_mutex_lock (&feed->lock);
  feed->pushers_left--;
  g_cond_broadcast (&feed->cond);
  g_mutex_unlock (&feed->lock);
  return NULL;
}

static void
feed_committed_cb (YcBackoffice *backoffice,
                   guint64       seq,
                   gpointer      user_data)
{
  Feed *feed = user_data;

  g_mutex_lock (&feed->lock);
  feed->committed_seq = MAX (feed->committed_seq, seq);
  g_cond_broadcast (&feed->cond);
  g_mutex_unlock (&feed->lock);
}

static void
test_pushes_long_poll (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *since = NULL;
  Feed feed = { 0 };
  Pusher pushers[N_PUSHERS];
  GThread *threads[N_PUSHERS];
  guint64 last_seq = 0;
  gulong handler;
  gboolean done = FALSE;

  feed.fixture = fixture;
  feed.clerk = clerk;
  feed.keys = g_ptr_array_new_with_free_func (g_free);
  feed.bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  feed.pushers_left = N_PUSHERS;
  g_mutex_init (&feed.lock);
  g_cond_init (&feed.cond);

  /* Every batch made up front (the fixture's payloads are not made for threads). */
  for (guint n = 0; n < N_PUSHERS * BATCHES_PER_PUSHER; n++)
    {
      char *key = g_uuid_string_random ();
      JsonNode *ops[OPS_PER_BATCH];

      for (guint i = 0; i < OPS_PER_BATCH; i++)
        {
          char *uuid = g_uuid_string_random ();
          g_autofree char *op_id = g_uuid_string_random ();
          g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, YC_TEST_ITEM, uuid, "HD01");

          ops[i] = fixture_op_json (op_id, uuid, 0, YC_OP_CASE_ACCEPT, payload);
          g_hash_table_add (expected, uuid);
        }
      g_ptr_array_add (feed.keys, key);
      g_ptr_array_add (feed.bodies, fixture_batch (key, ops[0], ops[1], NULL));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) first = yc_backoffice_changes (fixture->backoffice, clerk, NULL, 1000, &error);

    g_assert_no_error (error);
    /* Start after whatever the fixture already put on the feed. */
    since = g_strdup (json_object_get_string_member (json_node_get_object (first), "next"));
  }

  handler = g_signal_connect (fixture->backoffice, "committed", G_CALLBACK (feed_committed_cb), &feed);
  for (guint i = 0; i < N_PUSHERS; i++)
    {
      pushers[i].feed = &feed;
      pushers[i].index = i;
      threads[i] = g_thread_new ("pusher", feed_pusher, &pushers[i]);
    }

  while (!done)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      guint64 seen_seq;
      gboolean finished;
      JsonObject *page;
      JsonArray *changes;

      g_mutex_lock (&feed.lock);
      seen_seq = feed.committed_seq;
      finished = feed.pushers_left == 0;
      g_mutex_unlock (&feed.lock);

      node = yc_backoffice_changes (fixture->backoffice, clerk, since, 3, &error);
      g_assert_no_error (error);
      page = json_node_get_object (node);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          guint64 seq = json_object_get_int_member (change, "seq");
          const char *uuid = json_object_get_string_member (change, "case_uuid");
          JsonObject *payload = json_object_get_object_member (change, "payload");

          g_assert_cmpuint (seq, >, last_seq);
          last_seq = seq;
          g_assert_cmpstr (json_object_get_string_member (change, "kind"), ==, "case");
          g_assert_true (g_hash_table_contains (expected, uuid));
          g_assert_false (g_hash_table_contains (seen, uuid));
          g_hash_table_add (seen, g_strdup (uuid));
          /* The payload is the case's document, whichever table holds it. */
          g_assert_cmpstr (json_object_get_string_member (payload, "uuid"), ==, uuid);
          g_assert_cmpint (json_object_get_int_member (payload, "version"), ==,
                           json_object_get_int_member (change, "version"));
        }
      g_free (since);
      since = g_strdup (json_object_get_string_member (page, "next"));

      if (json_array_get_length (changes) > 0 || json_object_get_boolean_member (page, "more"))
        continue;
      /* Caught up.  Done once every pusher returned before this read began; else wait for
       * the next commit, as a long poll does (a commit since seen_seq answers at once). */
      if (finished)
        {
          done = TRUE;
          continue;
        }
      g_mutex_lock (&feed.lock);
      if (feed.committed_seq == seen_seq && feed.pushers_left > 0)
        g_cond_wait_until (&feed.cond, &feed.lock, g_get_monotonic_time () + G_TIME_SPAN_SECOND);
      g_mutex_unlock (&feed.lock);
    }

  for (guint i = 0; i < N_PUSHERS; i++)
    g_thread_join (threads[i]);
  g_signal_handler_disconnect (fixture->backoffice, handler);

  g_assert_cmpuint (g_hash_table_size (seen), ==, N_PUSHERS * BATCHES_PER_PUSHER * OPS_PER_BATCH);
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));

  g_ptr_array_unref (feed.keys);
  g_ptr_array_unref (feed.bodies);
  g_mutex_clear (&feed.lock);
  g_cond_clear (&feed.cond);
}

/* A case change refers to the case row: a reader is given the document as it stands, with
 * the version that goes with it. */
static void
test_case_document_once (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  JsonArray *changes;
  JsonObject *change;

  fixture_accept (fixture, YC_TEST_ITEM, uuid, "HD01");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM changes WHERE kind = 'case'"
                                               " AND payload <> ''"), ==, 0);

  node = yc_backoffice_changes (fixture->backoffice, clerk, NULL, 100, &error);
  g_assert_no_error (error);
  changes = json_object_get_array_member (json_node_get_object (node), "changes");
  change = json_array_get_object_element (changes, json_array_get_length (changes) - 1);
  g_assert_cmpstr (json_object_get_string_member (change, "case_uuid"), ==, uuid);
  g_assert_cmpint (json_object_get_int_member (change, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (change, "payload"), "uuid"),
                   ==, uuid);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/feed-order/storage-contract", test_storage_contract);
  FIXTURE_TEST ("/backoffice/feed-order/pushes-long-poll", test_pushes_long_poll);
  FIXTURE_TEST ("/backoffice/feed-order/case-document-once", test_case_document_once);

  return g_test_run ();
}
