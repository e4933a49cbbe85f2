/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-backoffice-client.h"
#include "yc-fault-proxy.h"
#include "yc-test-server.h"

/*
 * The sync transport of YcBackofficeClient (push, changes, uploads, blobs) against the
 * real `yichuang-backoffice serve` process, through the fault proxy of tests/yc-fault-proxy.c:
 * replies dropped after the commit, connections cut at a random byte, resets, delays.
 * What the server holds is checked with the test session, straight to the server.
 */

static YcTestServer *server;
static YcFaultProxy *proxy;
static YcBackofficeClient *client;   /* clerk-a, through the proxy */

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  yc_test_wait_for (&wait->done, 60);
  return wait->result;
}

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

/* Calls */

static YcPushReply *
push (const char  *batch_id,
      GPtrArray   *ops,
      GError     **error)
{
  Wait wait = { NULL };
  YcPushReply *reply;

  yc_backoffice_client_push_async (client, batch_id, ops, NULL, done_cb, &wait);
  reply = yc_backoffice_client_push_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return reply;
}

static YcChangesPage *
get_changes (YcBackofficeClient  *self,
             const char          *since,
             guint                limit,
             guint                wait_seconds,
             GError             **error)
{
  Wait wait = { NULL };
  YcChangesPage *page;

  yc_backoffice_client_get_changes_async (self, since, limit, wait_seconds, NULL, done_cb, &wait);
  page = yc_backoffice_client_get_changes_finish (self, wait_result (&wait), error);
  wait_clear (&wait);
  return page;
}

static YcUpload *
create_upload (const char  *sha256,
               gint64       length,
               GError     **error)
{
  Wait wait = { NULL };
  YcUpload *upload;

  yc_backoffice_client_create_upload_async (client, sha256, length, NULL, done_cb, &wait);
  upload = yc_backoffice_client_create_upload_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return upload;
}

typedef struct {
  gint64   first;     /* the offset the back office gave at the start */
  gint64   last;
  guint    calls;
  gboolean decreasing;
  /* Called once before the first chunk (see test_upload_wrong_offset). */
  void   (*hook) (gpointer data);
  gpointer hook_data;
} Progress;

static void
progress_cb (gint64   acknowledged,
             gint64   length,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpint (acknowledged, <=, length);
  if (acknowledged < progress->last)
    progress->decreasing = TRUE;
  progress->last = acknowledged;
  if (progress->calls++ == 0)
    {
      progress->first = acknowledged;
      if (progress->hook != NULL)
        progress->hook (progress->hook_data);
    }
}

static gboolean
upload_file (const char  *upload_id,
             GFile       *file,
             gint64       length,
             Progress    *progress,
             gint64      *out_sent,
             GError     **error)
{
  Wait wait = { NULL };
  gboolean ok;

  yc_backoffice_client_upload_file_async (client, upload_id, file, length,
                                          progress != NULL ? progress_cb : NULL, progress,
                                          NULL, done_cb, &wait);
  ok = yc_backoffice_client_upload_file_finish (client, wait_result (&wait), out_sent, error);
  wait_clear (&wait);
  return ok;
}

static GBytes *
get_blob (const char  *sha256,
          GError     **error)
{
  Wait wait = { NULL };
  GBytes *bytes;

  yc_backoffice_client_get_blob_async (client, sha256, NULL, done_cb, &wait);
  bytes = yc_backoffice_client_get_blob_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return bytes;
}

/* Fixtures */

static YcOperation *
make_op (const char *kind,
         const char *case_uuid,
         gint64      base_version,
         JsonNode   *payload)
{
  g_autoptr(JsonNode) node = yc_test_op (kind, case_uuid, base_version, payload);
  g_autoptr(GError) error = NULL;
  YcOperation *op = yc_operation_from_json (node, &error);

  g_assert_no_error (error);
  return op;
}

static YcOperation *
accept_op (const char *case_uuid)
{
  return make_op ("case.accept", case_uuid, 0,
                  yc_test_case_document (case_uuid, YC_TEST_HALL_A, "clerk-a", "scjg"));
}

static GPtrArray *
ops_new (YcOperation *first,
         ...)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
  va_list args;

  va_start (args, first);
  for (YcOperation *op = first; op != NULL; op = va_arg (args, YcOperation *))
    g_ptr_array_add (ops, op);
  va_end (args);
  return ops;
}

/* The version of a case as the back office has it, read straight from the server. */
static gint64
server_case_version (const char *case_uuid)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", case_uuid);
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, path, yc_test_server_token (server, "clerk-a"));
  JsonObject *object;

  if (response->status == 404)
    return 0;
  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  if (json_object_has_member (object, "case"))
    object = json_object_get_object_member (object, "case");
  return json_object_get_int_member (object, "version");
}

/* How many changes of the whole feed, read as clerk-a straight from the server, are of
 * @case_uuid: an op applied twice would show twice. */
static guint
server_count_changes (const char *case_uuid)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autofree char *since = NULL;
  guint count = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = since != NULL
                              ? g_strdup_printf ("/api/v1/sync/changes?since=%s&limit=500", since)
                              : g_strdup ("/api/v1/sync/changes?limit=500");
      g_autoptr(YcTestResponse) response = yc_test_server_get (server, path, token);
      JsonObject *page;
      JsonArray *changes;

      g_assert_cmpuint (response->status, ==, 200);
      page = yc_test_response_object (response);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (changes, i),
                                                      "case_uuid"), case_uuid) == 0)
          count++;
      g_free (since);
      since = g_strdup (json_object_get_string_member (page, "next"));
      more = json_object_get_boolean_member (page, "more");
    }
  return count;
}

/* A file of @length random bytes in a temporary directory; its sha256 in @out_sha256. */
static GFile *
random_file (gsize   length,
             char  **out_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint32 *data;
  int fd;

  data = g_malloc (length + sizeof (guint32));
  for (gsize i = 0; i < length / sizeof (guint32) + 1; i++)
    data[i] = g_test_rand_int ();
  bytes = g_bytes_new_take (data, length);
  *out_sha256 = yc_test_sha256_hex (bytes);

  fd = g_file_open_tmp ("yc-transport-XXXXXX.bin", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GBytes *
file_bytes (GFile *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
delete_file (GFile *file)
{
  g_file_delete (file, NULL, NULL);
}

static void
proxy_pass (void)
{
  yc_fault_proxy_set_down_after (proxy, FALSE);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS, 0);
}

/* Push */

static void
test_push_results (void)
{
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *first_key = yc_test_uuid ();
  g_autofree char *second_key = yc_test_uuid ();
  g_autoptr(GPtrArray) first_ops = ops_new (accept_op (case_uuid), NULL);
  g_autoptr(GPtrArray) second_ops = NULL;
  g_autoptr(YcPushReply) first = NULL;
  g_autoptr(YcPushReply) second = NULL;
  g_autoptr(GError) error = NULL;
  YcPushResult *result;

  first = push (first_key, first_ops, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->batch_id, ==, first_key);
  g_assert_cmpuint (first->results->len, ==, 1);
  result = g_ptr_array_index (first->results, 0);
  g_assert_cmpstr (result->op_id, ==, ((YcOperation *) g_ptr_array_index (first_ops, 0))->op_id);
  g_assert_cmpint (result->result, ==, YC_OP_RESULT_OK);
  g_assert_cmpint (result->version, ==, 1);
  g_assert_null (result->code);

  /* ok, then the same change on the version it replaced (conflict), then a review by a
   * clerk (rejected, forbidden), each answered in op order. */
  second_ops = ops_new (make_op ("case.withdraw", case_uuid, 1,
                                 yc_test_json ("{\"reason\": \"The applicant changed their mind\"}")),
                        make_op ("case.withdraw", case_uuid, 1,
                                 yc_test_json ("{\"reason\": \"Asked twice\"}")),
                        make_op ("review.claim", case_uuid, 2, yc_test_json ("{\"department\": \"scjg\"}")),
                        NULL);
  second = push (second_key, second_ops, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->results->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((YcPushResult *) g_ptr_array_index (second->results, i))->op_id, ==,
                     ((YcOperation *) g_ptr_array_index (second_ops, i))->op_id);

  result = g_ptr_array_index (second->results, 0);
  g_assert_cmpint (result->result, ==, YC_OP_RESULT_OK);
  g_assert_cmpint (result->version, ==, 2);
  result = g_ptr_array_index (second->results, 1);
  g_assert_cmpint (result->result, ==, YC_OP_RESULT_CONFLICT);
  g_assert_cmpint (result->version, ==, 2);
  result = g_ptr_array_index (second->results, 2);
  g_assert_cmpint (result->result, ==, YC_OP_RESULT_REJECTED);
  g_assert_cmpstr (result->code, ==, "forbidden");
  g_assert_nonnull (result->reason);
  g_assert_cmpuint (strlen (result->reason), >, 0);

  g_assert_cmpint (server_case_version (case_uuid), ==, 2);
}

/* The back office committed the batch but its reply never arrived: the same batch again
 * gets the stored answer and nothing is applied twice. */
static void
test_push_reply_dropped (void)
{
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *key = yc_test_uuid ();
  g_autoptr(GPtrArray) ops = ops_new (accept_op (case_uuid), NULL);
  g_autoptr(YcPushReply) lost = NULL;
  g_autoptr(YcPushReply) replay = NULL;
  g_autoptr(GError) error = NULL;
  YcPushResult *result;
  guint fired = yc_fault_proxy_get_fired (proxy);

  /* "Down after": a retry of libsoup's own would fail too, the client must see the loss. */
  yc_fault_proxy_set_down_after (proxy, TRUE);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_DROP_REPLY, 0);
  lost = push (key, ops, &error);
  g_assert_null (lost);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_assert_cmpuint (yc_fault_proxy_get_fired (proxy), ==, fired + 1);
  g_clear_error (&error);

  /* It was committed all the same. */
  g_assert_cmpint (server_case_version (case_uuid), ==, 1);

  proxy_pass ();
  replay = push (key, ops, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (replay->results, 0);
  g_assert_cmpint (result->result, ==, YC_OP_RESULT_OK);
  g_assert_cmpint (result->version, ==, 1);
  g_assert_cmpint (server_case_version (case_uuid), ==, 1);
  g_assert_cmpuint (server_count_changes (case_uuid), ==, 1);
}

/* A reset and a cut answer are OFFLINE too, and the retry gets the one stored answer. */
static void
test_push_reset_and_cut (void)
{
  const YcFault faults[] = { YC_FAULT_RESET, YC_FAULT_CUT_DOWN, YC_FAULT_CUT_UP };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *case_uuid = yc_test_uuid ();
      g_autofree char *key = yc_test_uuid ();
      g_autoptr(GPtrArray) ops = ops_new (accept_op (case_uuid), NULL);
      g_autoptr(YcPushReply) failed = NULL;
      g_autoptr(YcPushReply) retried = NULL;
      g_autoptr(GError) error = NULL;

      yc_fault_proxy_set_down_after (proxy, TRUE);
      yc_fault_proxy_set_fault (proxy, faults[i], 40);
      failed = push (key, ops, &error);
      g_assert_null (failed);
      g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
      g_clear_error (&error);

      proxy_pass ();
      retried = push (key, ops, &error);
      g_assert_no_error (error);
      g_assert_cmpint (((YcPushResult *) g_ptr_array_index (retried->results, 0))->result, ==,
                       YC_OP_RESULT_OK);
      g_assert_cmpint (server_case_version (case_uuid), ==, 1);
      g_assert_cmpuint (server_count_changes (case_uuid), ==, 1);
    }
}

/* A batch big enough to be applied for a while, sent straight to the server, and the
 * same batch through the client while it is in flight: CONFLICT, then the stored answer. */
static void
test_push_in_flight (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  gboolean saw_conflict = FALSE;

  for (guint attempt = 0; attempt < 10 && !saw_conflict; attempt++)
    {
      g_autofree char *key = yc_test_uuid ();
      g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
      g_autoptr(JsonNode) batch = NULL;
      g_autofree char *batch_json = NULL;
      g_autoptr(YcPushReply) reply = NULL;
      g_autoptr(YcPushReply) retry = NULL;
      g_autoptr(YcTestResponse) direct = NULL;
      g_autoptr(GError) error = NULL;
      YcTestCall *call;

      for (guint i = 0; i < YC_OPERATION_BATCH_MAX; i++)
        {
          g_autofree char *case_uuid = yc_test_uuid ();

          g_ptr_array_add (ops, accept_op (case_uuid));
        }
      batch = yc_operation_batch_to_json (key, ops);
      batch_json = json_to_string (batch, FALSE);

      call = yc_test_server_begin_push (server, token, key, batch_json);
      /* Let the direct request reach the server first. */
      yc_test_sleep (20);
      reply = push (key, ops, &error);
      direct = yc_test_call_wait (call);
      /* On a loaded machine the client's push, on a kept connection, can overtake the
       * direct one: then the direct one is the one in flight second (409), and this attempt
       * does not count. */
      if (direct->status == 409)
        g_assert_no_error (error);
      else
        g_assert_cmpuint (direct->status, ==, 200);
      if (reply == NULL)
        {
          g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_CONFLICT);
          saw_conflict = TRUE;
          g_clear_error (&error);
        }
      g_test_message ("attempt %u: %s", attempt, reply == NULL ? "in flight" : "stored answer");

      /* Either way the same key and body now get the stored answer. */
      retry = push (key, ops, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (retry->results->len, ==, YC_OPERATION_BATCH_MAX);
      for (guint i = 0; i < retry->results->len; i++)
        {
          YcPushResult *result = g_ptr_array_index (retry->results, i);

          g_assert_cmpint (result->result, ==, YC_OP_RESULT_OK);
          g_assert_cmpint (result->version, ==, 1);
        }
    }
  g_assert_true (saw_conflict);
}

static void
test_push_other_body (void)
{
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *other_uuid = yc_test_uuid ();
  g_autoptr(GPtrArray) ops = ops_new (accept_op (case_uuid), NULL);
  g_autoptr(GPtrArray) other = ops_new (accept_op (other_uuid), NULL);
  g_autoptr(YcPushReply) reply = NULL;
  g_autoptr(YcPushReply) mismatch = NULL;
  g_autoptr(GError) error = NULL;

  reply = push (key, ops, &error);
  g_assert_no_error (error);
  mismatch = push (key, other, &error);
  g_assert_null (mismatch);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH);
  g_assert_cmpint (server_case_version (other_uuid), ==, 0);
}

static void
test_push_invalid (void)
{
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autoptr(GPtrArray) ops = ops_new (accept_op (case_uuid), NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(YcPushReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint64 up, down;

  yc_fault_proxy_reset_bytes (proxy);
  reply = push ("batch-1", ops, &error);
  g_assert_null (reply);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *key = yc_test_uuid ();

    reply = push (key, none, &error);
  }
  g_assert_null (reply);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
  /* Refused before anything was sent. */
  yc_fault_proxy_get_bytes (proxy, &up, &down);
  g_assert_cmpuint (up, ==, 0);
}

/* Changes */

/* The cursor at the head of clerk-a's feed now. */
static char *
head_cursor (void)
{
  g_autofree char *since = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(YcChangesPage) page = get_changes (client, since, 500, 0, &error);

      g_assert_no_error (error);
      g_free (since);
      since = g_strdup (page->next);
      more = page->more;
    }
  return g_steal_pointer (&since);
}

static void
test_changes_paging (void)
{
  g_autofree char *start = head_cursor ();
  g_autofree char *since = g_strdup (start);
  g_autofree char *key = yc_test_uuid ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(YcPushReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_seq = -1;
  guint pages = 0, seen = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < 5; i++)
    {
      char *case_uuid = yc_test_uuid ();

      g_ptr_array_add (uuids, case_uuid);
      g_ptr_array_add (ops, accept_op (case_uuid));
    }
  reply = push (key, ops, &error);
  g_assert_no_error (error);

  /* Pages of two: 2, 2, 1, in commit order, "more" on all but the last. */
  while (more)
    {
      g_autoptr(YcChangesPage) page = get_changes (client, since, 2, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->changes->len, <=, 2);
      for (guint i = 0; i < page->changes->len; i++)
        {
          YcChange *change = g_ptr_array_index (page->changes, i);

          g_assert_cmpint (change->seq, >, last_seq);
          last_seq = change->seq;
          g_assert_cmpstr (change->kind, ==, "case");
          g_assert_cmpstr (change->case_uuid, ==, g_ptr_array_index (uuids, seen));
          g_assert_cmpint (change->version, ==, 1);
          g_assert_nonnull (change->payload);
          seen++;
        }
      more = page->more;
      g_assert_true (more == (seen < uuids->len));
      g_free (since);
      since = g_strdup (page->next);
      pages++;
    }
  g_assert_cmpuint (seen, ==, uuids->len);
  g_assert_cmpuint (pages, ==, 3);

  /* Nothing after the last cursor. */
  {
    g_autoptr(YcChangesPage) empty = get_changes (client, since, 0, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (empty->changes->len, ==, 0);
    g_assert_false (empty->more);
  }
}

static YcTestCall *direct_push;

static gboolean
push_direct_cb (gpointer user_data)
{
  const char *case_uuid = user_data;
  g_autofree char *key = yc_test_uuid ();
  g_autofree char *batch = yc_test_batch (key, yc_test_op ("case.accept", case_uuid, 0,
                                                           yc_test_case_document (case_uuid, YC_TEST_HALL_A,
                                                                                  "clerk-a", "scjg")),
                                          NULL);

  /* Not waited for here: the long poll's answer is what the test waits for. */
  direct_push = yc_test_server_begin_push (server, yc_test_server_token (server, "clerk-a"), key, batch);
  return G_SOURCE_REMOVE;
}

/* A long poll is answered by a commit in scope, long before its wait is over. */
static void
test_changes_long_poll_wakes (void)
{
  g_autofree char *since = head_cursor ();
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autoptr(YcChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  g_timeout_add (500, push_direct_cb, case_uuid);
  page = get_changes (client, since, 0, 30, &error);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (direct_push);
  {
    g_autoptr(YcTestResponse) pushed = yc_test_call_wait (g_steal_pointer (&direct_push));

    g_assert_cmpuint (pushed->status, ==, 200);
  }
  g_test_message ("woken after %.2f s", elapsed);
  g_assert_cmpfloat (elapsed, <, 10.0);
  g_assert_cmpuint (page->changes->len, ==, 1);
  g_assert_cmpstr (((YcChange *) g_ptr_array_index (page->changes, 0))->case_uuid, ==, case_uuid);
}

/* With nothing new, the long poll ends with its wait, not with "timeout-seconds". */
static void
test_changes_long_poll_outlives_timeout (void)
{
  g_autofree char *since = head_cursor ();
  g_autoptr(YcChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;
  double elapsed;

  /* New connections, made under the short timeout. */
  yc_backoffice_client_set_timeout (client, 1);
  yc_fault_proxy_close_all (proxy);
  started = g_get_monotonic_time ();
  page = get_changes (client, since, 0, 3, &error);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  yc_backoffice_client_set_timeout (client, 10);
  g_assert_no_error (error);
  g_test_message ("empty page after %.2f s", elapsed);
  g_assert_cmpfloat (elapsed, >=, 2.5);
  g_assert_cmpuint (page->changes->len, ==, 0);
  g_assert_cmpstr (page->next, ==, since);

  /* A silent server still fails after wait + timeout: a delay of 6 s against 2 + 1. */
  yc_backoffice_client_set_timeout (client, 1);
  yc_fault_proxy_set_fault (proxy, YC_FAULT_DELAY, 6000);
  started = g_get_monotonic_time ();
  {
    g_autoptr(YcChangesPage) late = get_changes (client, since, 0, 2, &error);

    g_assert_null (late);
  }
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  yc_backoffice_client_set_timeout (client, 10);
  proxy_pass ();
  yc_fault_proxy_close_all (proxy);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_test_message ("gave up after %.2f s", elapsed);
  g_assert_cmpfloat (elapsed, >=, 2.5);
  g_assert_cmpfloat (elapsed, <, 5.5);
}

static void
test_changes_gone (void)
{
  g_autoptr(YcChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = get_changes (client, "no-such-epoch:0", 0, 0, &error);
  g_assert_null (page);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_GONE);
}

/* Uploads and blobs */

#define CHUNK (256 * 1024)

static void
assert_blob_is (const char *sha256,
                GFile      *file)
{
  g_autoptr(GBytes) expected = file_bytes (file);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = get_blob (sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, expected));
}

static void
test_upload_whole (void)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = random_file (2 * CHUNK + 1000, &sha256);
  gint64 length = 2 * CHUNK + 1000;
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(YcUpload) again = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  gint64 sent = -1;

  yc_backoffice_client_set_chunk_size (client, CHUNK);
  upload = create_upload (sha256, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (upload->id);
  g_assert_cmpstr (upload->sha256, ==, sha256);
  g_assert_cmpint (upload->offset, ==, 0);
  g_assert_cmpint (upload->length, ==, length);
  g_assert_false (upload->complete);

  g_assert_true (upload_file (upload->id, file, length, &progress, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, length);
  /* Once at the start, then after each of the three chunks. */
  g_assert_cmpuint (progress.calls, ==, 4);
  g_assert_cmpint (progress.last, ==, length);
  g_assert_false (progress.decreasing);
  assert_blob_is (sha256, file);

  /* Held already: complete at once, nothing to send. */
  again = create_upload (sha256, length, &error);
  g_assert_no_error (error);
  g_assert_true (again->complete);
  g_assert_cmpint (again->offset, ==, length);
  sent = -1;
  g_assert_true (upload_file (again->id, file, length, NULL, &sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sent, ==, 0);

  delete_file (file);
  yc_backoffice_client_set_chunk_size (client, YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE);
}

/* An upload cut at a random byte resumes where the back office is, and all the tries
 * together send at most one chunk more than the file. */
static void
test_upload_cut_resumed (void)
{
  for (guint trial = 0; trial < 4; trial++)
    {
      gint64 length = 3 * CHUNK + g_test_rand_int_range (1, CHUNK);
      g_autofree char *sha256 = NULL;
      g_autoptr(GFile) file = random_file ((gsize) length, &sha256);
      g_autoptr(YcUpload) upload = NULL;
      g_autoptr(GError) error = NULL;
      gint64 cut_at = g_test_rand_int_range (1, (gint32) length);
      gint64 first_sent = -1, second_sent = -1;
      guint64 up, down;
      Progress progress = { 0 };
      guint requests;

      yc_backoffice_client_set_chunk_size (client, CHUNK);
      upload = create_upload (sha256, length, &error);
      g_assert_no_error (error);

      yc_fault_proxy_reset_bytes (proxy);
      yc_fault_proxy_set_down_after (proxy, TRUE);
      yc_fault_proxy_set_fault (proxy, YC_FAULT_CUT_UP, (guint64) cut_at);
      g_assert_false (upload_file (upload->id, file, length, NULL, &first_sent, &error));
      g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
      g_clear_error (&error);
      g_assert_cmpint (first_sent, >, 0);
      g_assert_cmpint (first_sent, <=, length);

      proxy_pass ();
      g_assert_true (upload_file (upload->id, file, length, &progress, &second_sent, &error));
      g_assert_no_error (error);
      g_test_message ("trial %u: %" G_GINT64_FORMAT " bytes, cut at %" G_GINT64_FORMAT
                      ", resumed at %" G_GINT64_FORMAT ", sent %" G_GINT64_FORMAT " + %"
                      G_GINT64_FORMAT, trial, length, cut_at, progress.first,
                      first_sent, second_sent);
      /* The server kept every whole chunk and the second call starts where the cut chunk
       * began: only that chunk is sent twice. */
      g_assert_cmpint (progress.first % CHUNK, ==, 0);
      g_assert_cmpint (second_sent, ==, length - progress.first);
      g_assert_cmpint (first_sent - progress.first, >, 0);
      g_assert_cmpint (first_sent - progress.first, <=, CHUNK);
      g_assert_cmpint (first_sent + second_sent, <=, length + CHUNK);

      /* The wire agrees: payload plus at most a few KiB of headers per request. */
      yc_fault_proxy_get_bytes (proxy, &up, &down);
      requests = 2 * (guint) (length / CHUNK + 2) + 4;
      g_assert_cmpuint (up, <=, (guint64) (length + CHUNK) + requests * 1024);
      assert_blob_is (sha256, file);
      delete_file (file);
    }
  yc_backoffice_client_set_chunk_size (client, YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE);
}

typedef struct {
  const char *upload_id;
  GBytes     *first_chunk;
} Interloper;

/* Another sender puts the first chunk in after our HEAD: our PATCH at 0 gets 409. */
static void
send_first_chunk (gpointer data)
{
  Interloper *interloper = data;
  g_autofree char *path = g_strconcat ("/api/v1/uploads/", interloper->upload_id, NULL);
  const char * const headers[] = { "Upload-Offset", "0", NULL };
  g_autoptr(YcTestResponse) response = NULL;

  response = yc_test_server_request (server, "PATCH", path, yc_test_server_token (server, "clerk-a"),
                                     "application/offset+octet-stream", interloper->first_chunk,
                                     headers);
  g_assert_cmpuint (response->status, ==, 204);
}

static void
test_upload_wrong_offset (void)
{
  gint64 length = 2 * CHUNK + 10;
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = random_file ((gsize) length, &sha256);
  g_autoptr(GBytes) bytes = file_bytes (file);
  g_autoptr(GBytes) first_chunk = g_bytes_new_from_bytes (bytes, 0, CHUNK);
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  Interloper interloper = { NULL, first_chunk };
  Progress progress = { .hook = send_first_chunk, .hook_data = &interloper };
  gint64 sent = -1;

  yc_backoffice_client_set_chunk_size (client, CHUNK);
  upload = create_upload (sha256, length, &error);
  g_assert_no_error (error);
  interloper.upload_id = upload->id;

  g_assert_true (upload_file (upload->id, file, length, &progress, &sent, &error));
  g_assert_no_error (error);
  /* The refused chunk at 0, then HEAD said CHUNK: the two chunks left. */
  g_assert_cmpint (sent, ==, length);
  g_assert_cmpint (progress.last, ==, length);
  assert_blob_is (sha256, file);
  delete_file (file);
  yc_backoffice_client_set_chunk_size (client, YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE);
}

/* A file that is not the one the upload was created for: the whole-file hash fails. */
static void
test_upload_checksum_mismatch (void)
{
  gint64 length = CHUNK + 7;
  g_autofree char *sha256 = NULL;
  g_autofree char *other_sha256 = NULL;
  g_autoptr(GFile) file = random_file ((gsize) length, &sha256);
  g_autoptr(GFile) other = random_file ((gsize) length, &other_sha256);
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sent = -1;

  yc_backoffice_client_set_chunk_size (client, CHUNK);
  upload = create_upload (sha256, length, &error);
  g_assert_no_error (error);
  g_assert_false (upload_file (upload->id, other, length, NULL, &sent, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH);
  g_clear_error (&error);

  blob = get_blob (sha256, &error);
  g_assert_null (blob);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A file shorter than announced is refused before anything wrong is sent. */
  {
    g_autofree char *short_sha256 = NULL;
    g_autoptr(GFile) short_file = random_file (100, &short_sha256);
    g_autoptr(YcUpload) short_upload = create_upload (short_sha256, 200, &error);

    g_assert_no_error (error);
    g_assert_false (upload_file (short_upload->id, short_file, 200, NULL, &sent, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    g_assert_cmpint (sent, ==, 0);
    delete_file (short_file);
  }
  delete_file (file);
  delete_file (other);
  yc_backoffice_client_set_chunk_size (client, YC_BACKOFFICE_CLIENT_DEFAULT_CHUNK_SIZE);
}

static void
test_blob_errors (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = get_blob ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &error);
  g_assert_null (bytes);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bytes = get_blob ("../etc/passwd", &error);
  g_assert_null (bytes);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID);
}

/* An upload the back office does not know (or another user's). */
static void
test_upload_unknown (void)
{
  gint64 length = CHUNK;
  g_autofree char *sha256 = NULL;
  g_autoptr(GFile) file = random_file ((gsize) length, &sha256);
  g_autoptr(GError) error = NULL;
  gint64 sent = -1;

  g_assert_false (upload_file ("no-such-upload", file, length, NULL, &sent, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
  g_assert_cmpint (sent, ==, 0);
  delete_file (file);
}

/* A rule for one connection: the next one cuts the answer, the one after passes. */
static void
test_proxy_connection_rule (void)
{
  g_autoptr(YcChangesPage) cut = NULL;
  g_autoptr(YcChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint fired = yc_fault_proxy_get_fired (proxy);
  guint connections;

  yc_fault_proxy_close_all (proxy);
  connections = yc_fault_proxy_get_connections (proxy);
  yc_fault_proxy_set_connection_fault (proxy, connections + 1, YC_FAULT_CUT_DOWN, 0);

  cut = get_changes (client, NULL, 1, 0, &error);
  g_assert_null (cut);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (yc_fault_proxy_get_fired (proxy), ==, fired + 1);
  g_assert_cmpint (yc_fault_proxy_get_fault (proxy), ==, YC_FAULT_PASS);

  page = get_changes (client, NULL, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 1);
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy), ==, connections + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(YcSignIn) signed_in = NULL;
  Wait wait = { NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  proxy = yc_fault_proxy_new ((guint16) yc_test_server_get_port (server));
  base_url = yc_fault_proxy_dup_base_url (proxy);
  client = yc_backoffice_client_new (base_url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 10);
  yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, done_cb, &wait);
  signed_in = yc_backoffice_client_sign_in_finish (client, wait_result (&wait), &error);
  g_assert_no_error (error);
  wait_clear (&wait);

  g_test_add_func ("/sync/transport/push-results", test_push_results);
  g_test_add_func ("/sync/transport/push-reply-dropped", test_push_reply_dropped);
  g_test_add_func ("/sync/transport/push-reset-and-cut", test_push_reset_and_cut);
  g_test_add_func ("/sync/transport/push-in-flight", test_push_in_flight);
  g_test_add_func ("/sync/transport/push-other-body", test_push_other_body);
  g_test_add_func ("/sync/transport/push-invalid", test_push_invalid);
  g_test_add_func ("/sync/transport/changes-paging", test_changes_paging);
  g_test_add_func ("/sync/transport/changes-long-poll-wakes", test_changes_long_poll_wakes);
  g_test_add_func ("/sync/transport/changes-long-poll-outlives-timeout",
                   test_changes_long_poll_outlives_timeout);
  g_test_add_func ("/sync/transport/changes-gone", test_changes_gone);
  g_test_add_func ("/sync/transport/upload-whole", test_upload_whole);
  g_test_add_func ("/sync/transport/upload-cut-resumed", test_upload_cut_resumed);
  g_test_add_func ("/sync/transport/upload-wrong-offset", test_upload_wrong_offset);
  g_test_add_func ("/sync/transport/upload-checksum-mismatch", test_upload_checksum_mismatch);
  g_test_add_func ("/sync/transport/upload-unknown", test_upload_unknown);
  g_test_add_func ("/sync/transport/blob-errors", test_blob_errors);
  g_test_add_func ("/sync/transport/proxy-connection-rule", test_proxy_connection_rule);

  status = g_test_run ();
  g_clear_object (&client);
  yc_fault_proxy_free (proxy);
  yc_test_server_free (server);
  return status;
}
