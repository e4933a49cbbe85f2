/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"

/* POST /api/v1/sync/push and GET /api/v1/sync/changes with its long-poll `wait`. */

#define DEFAULT_CHANGES_LIMIT 100

/* Push */

static gboolean
sync_push_work (YcHttpRequest *request,
                YcHttpReply   *reply,
                GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  const char *key = request->data;
  g_autofree char *answer = NULL;

  answer = yc_backoffice_push_text (backoffice, request->principal, key, request->body, error);
  if (answer == NULL)
    return FALSE;

  /* The one test hook: die the hard way between the commit and the reply, so the tests can
   * show that a client retrying the same batch gets the stored result and nothing twice. */
  if (g_strcmp0 (g_getenv ("YC_TEST_CRASH_AFTER_COMMIT"), "1") == 0)
    {
      g_printerr ("YC_TEST_CRASH_AFTER_COMMIT: killing the server after the commit of batch %s\n", key);
      kill (getpid (), SIGKILL);
      _exit (137);
    }

  yc_http_reply_set_json_text (reply, SOUP_STATUS_OK, g_steal_pointer (&answer));
  return TRUE;
}

void
yc_http_sync_push (YcHttpRequest *request)
{
  static const char * const allowed[] = { NULL };
  g_autoptr(GError) error = NULL;
  const char *key;

  if (!yc_http_request_check_query (request, allowed, &error))
    {
      yc_http_request_fail (request, error);
      return;
    }

  key = yc_http_request_get_header (request, "Idempotency-Key");
  if (key == NULL || key[0] == '\0')
    {
      yc_http_set_invalid (&error, "Idempotency-Key",
                           _("A push needs an Idempotency-Key header: the batch id."));
      yc_http_request_fail (request, error);
      return;
    }
  if (!g_uuid_string_is_valid (key))
    {
      yc_http_set_invalid (&error, "Idempotency-Key", _("The Idempotency-Key must be a UUID."));
      yc_http_request_fail (request, error);
      return;
    }

  yc_http_request_run (request, sync_push_work, NULL, g_ascii_strdown (key, -1), g_free);
}

/* Changes */

typedef struct {
  char    *since;
  guint    limit;
  gint64   deadline;   /* monotonic µs; 0 when the client does not wait */
  guint64  seen_seq;   /* the head seq read just before the last query */
} Changes;

static void
changes_free (gpointer data)
{
  Changes *changes = data;

  g_free (changes->since);
  g_free (changes);
}

static gboolean
changes_empty (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  JsonArray *array = json_object_get_array_member (object, "changes");

  return array == NULL || json_array_get_length (array) == 0;
}

/* Reads the head seq *before* querying: a commit landing after the read will be reported
 * by the "committed" signal with a higher seq, so the waiter cannot miss it. */
static JsonNode *
changes_query (YcHttpRequest *request,
               Changes       *changes,
               gboolean       reauthenticate,
               guint64       *out_seen_seq,
               GError       **error)
{
  YcBackoffice *backoffice = yc_http_server_get_backoffice (request->server);
  g_autoptr(YcPrincipal) current = NULL;

  /* A long poll outlives the check made when it arrived: a user signed out, disabled or
   * given another scope meanwhile must not go on receiving changes until `wait` runs out. */
  if (reauthenticate)
    {
      current = yc_backoffice_authenticate (backoffice, request->token, error);
      if (current == NULL)
        return NULL;
    }
  *out_seen_seq = yc_backoffice_head_seq (backoffice);
  return yc_backoffice_changes (backoffice, current != NULL ? current : request->principal,
                                changes->since, changes->limit, error);
}

static gboolean
sync_changes_work (YcHttpRequest *request,
                   YcHttpReply   *reply,
                   GError       **error)
{
  Changes *changes = request->data;
  g_autoptr(JsonNode) node = NULL;

  node = changes_query (request, changes, FALSE, &changes->seen_seq, error);
  if (node == NULL)
    return FALSE;

  yc_http_reply_set_json (reply, SOUP_STATUS_OK, node);
  reply->defer = changes->deadline > 0 && changes_empty (node);
  return TRUE;
}

/* Long-poll waiters.  Each commit re-runs the queries of the waiting clients (each in its
 * own scope) on worker threads; the first non-empty page, or the empty one at the
 * deadline, is the answer. */

struct _YcHttpWaiters
{
  YcHttpServer *server;   /* unowned: the server owns the waiters */
  GPtrArray    *waiting;  /* of Waiter*, one reference each */
};

typedef struct {
  gatomicrefcount  ref_count;
  YcHttpWaiters   *waiters;    /* NULL once removed */
  YcHttpRequest   *request;
  YcHttpReply     *fallback;   /* the last (empty) page, sent at the deadline */
  guint            timeout_id;
  gboolean         querying;
  gboolean         dirty;      /* a commit arrived while querying */
  gboolean         expired;    /* the deadline passed while querying */
} Waiter;

typedef struct {
  JsonNode *node;
  guint64   seen_seq;
} Requery;

static void
requery_free (gpointer data)
{
  Requery *requery = data;

  g_clear_pointer (&requery->node, json_node_unref);
  g_free (requery);
}

static Waiter *
waiter_ref (Waiter *waiter)
{
  g_atomic_ref_count_inc (&waiter->ref_count);
  return waiter;
}

static void
waiter_unref (gpointer data)
{
  Waiter *waiter = data;

  if (!g_atomic_ref_count_dec (&waiter->ref_count))
    return;

  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  if (waiter->fallback != NULL)
    {
      yc_http_reply_clear (waiter->fallback);
      g_free (waiter->fallback);
    }
  yc_http_request_unref (waiter->request);
  g_free (waiter);
}

static void
waiter_remove (Waiter *waiter)
{
  YcHttpWaiters *waiters = waiter->waiters;

  if (waiters == NULL)
    return;
  waiter->waiters = NULL;
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  g_ptr_array_remove_fast (waiters->waiting, waiter);
}

static void
waiter_answer (Waiter      *waiter,
               YcHttpReply *reply)
{
  waiter_ref (waiter);
  yc_http_request_send (waiter->request, reply);
  waiter_remove (waiter);
  waiter_unref (waiter);
}

static void waiter_requery (Waiter *waiter);

static void
waiter_requery_thread_cb (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  Waiter *waiter = task_data;
  Requery *requery = g_new0 (Requery, 1);
  GError *error = NULL;

  requery->node = changes_query (waiter->request, waiter->request->data, TRUE, &requery->seen_seq,
                                 &error);
  if (requery->node == NULL)
    {
      requery_free (requery);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, requery, requery_free);
}

static void
waiter_requery_done_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;
  Requery *requery;
  Changes *changes = waiter->request->data;

  waiter->querying = FALSE;
  requery = g_task_propagate_pointer (G_TASK (result), &error);

  if (waiter->waiters == NULL || waiter->request->done)
    {
      /* Removed meanwhile (shutdown), or the client went away. */
      if (waiter->waiters != NULL)
        waiter_remove (waiter);
    }
  else if (requery == NULL)
    {
      yc_http_request_send_error (waiter->request, error);
      waiter_remove (waiter);
    }
  else if (!changes_empty (requery->node))
    {
      YcHttpReply reply = { 0, };

      yc_http_reply_set_json (&reply, SOUP_STATUS_OK, requery->node);
      waiter_answer (waiter, &reply);
      yc_http_reply_clear (&reply);
    }
  else
    {
      changes->seen_seq = requery->seen_seq;
      yc_http_reply_set_json (waiter->fallback, SOUP_STATUS_OK, requery->node);
      if (waiter->expired)
        waiter_answer (waiter, waiter->fallback);
      else if (waiter->dirty ||
               yc_http_server_get_committed_seq (waiter->request->server) > changes->seen_seq)
        waiter_requery (waiter);
    }

  g_clear_pointer (&requery, requery_free);
  waiter_unref (waiter);
}

static void
waiter_requery (Waiter *waiter)
{
  g_autoptr(GTask) task = NULL;

  if (waiter->querying)
    {
      waiter->dirty = TRUE;
      return;
    }
  waiter->querying = TRUE;
  waiter->dirty = FALSE;

  task = g_task_new (NULL, NULL, waiter_requery_done_cb, waiter_ref (waiter));
  g_task_set_source_tag (task, waiter_requery);
  g_task_set_task_data (task, waiter_ref (waiter), waiter_unref);
  g_task_run_in_thread (task, waiter_requery_thread_cb);
}

static gboolean
waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timeout_id = 0;
  if (waiter->querying)
    {
      /* Answered when the query in progress comes back, whatever it finds. */
      waiter->expired = TRUE;
      return G_SOURCE_REMOVE;
    }

  waiter_answer (waiter, waiter->fallback);
  return G_SOURCE_REMOVE;
}

static gboolean
sync_changes_defer (YcHttpRequest *request,
                    YcHttpReply   *reply)
{
  YcHttpWaiters *waiters = yc_http_server_get_waiters (request->server);
  Changes *changes = request->data;
  gint64 remaining = changes->deadline - g_get_monotonic_time ();
  Waiter *waiter;

  if (waiters == NULL || remaining <= 0)
    return FALSE;

  waiter = g_new0 (Waiter, 1);
  g_atomic_ref_count_init (&waiter->ref_count);
  waiter->waiters = waiters;
  waiter->request = yc_http_request_ref (request);
  waiter->fallback = g_new0 (YcHttpReply, 1);
  waiter->fallback->status = reply->status;
  waiter->fallback->content_type = g_strdup (reply->content_type);
  waiter->fallback->body = g_bytes_ref (reply->body);
  waiter->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (remaining / 1000) + 1,
                                           waiter_timeout_cb, waiter, NULL);
  g_ptr_array_add (waiters->waiting, waiter);

  g_debug ("long-poll: %s waits up to %" G_GINT64_FORMAT " ms after seq %" G_GUINT64_FORMAT,
           yc_principal_get_username (request->principal), remaining / 1000, changes->seen_seq);

  if (yc_http_server_get_committed_seq (request->server) > changes->seen_seq)
    waiter_requery (waiter);

  return TRUE;
}

YcHttpWaiters *
yc_http_waiters_new (YcHttpServer *server)
{
  YcHttpWaiters *waiters = g_new0 (YcHttpWaiters, 1);

  waiters->server = server;
  waiters->waiting = g_ptr_array_new_with_free_func (waiter_unref);
  return waiters;
}

/* Answers every waiting client with its last (empty) page: it will simply ask again. */
void
yc_http_waiters_free (YcHttpWaiters *waiters)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (waiters == NULL)
    return;

  waiting = g_steal_pointer (&waiters->waiting);
  for (guint i = 0; i < waiting->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiting, i);

      waiter->waiters = NULL;
      g_clear_handle_id (&waiter->timeout_id, g_source_remove);
      yc_http_request_send (waiter->request, waiter->fallback);
    }
  g_free (waiters);
}

void
yc_http_waiters_committed (YcHttpWaiters *waiters,
                           guint64        seq)
{
  g_autoptr(GPtrArray) snapshot = NULL;

  if (waiters->waiting->len == 0)
    return;

  /* A requery may answer and remove its waiter synchronously: walk a copy. */
  snapshot = g_ptr_array_new_with_free_func (waiter_unref);
  for (guint i = 0; i < waiters->waiting->len; i++)
    g_ptr_array_add (snapshot, waiter_ref (g_ptr_array_index (waiters->waiting, i)));

  for (guint i = 0; i < snapshot->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (snapshot, i);

      if (waiter->waiters == NULL)
        continue;
      if (waiter->request->done)
        {
          waiter_remove (waiter);
          continue;
        }
      if (seq > ((Changes *) waiter->request->data)->seen_seq)
        waiter_requery (waiter);
    }
}

/* "epoch:seq": the epoch as the back office made it, the seq in digits. */
static gboolean
since_valid (const char *since)
{
  const char *colon = strchr (since, ':');
  guint64 seq;

  if (colon == NULL || colon == since || strlen (since) > 128)
    return FALSE;
  for (const char *p = since; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return yc_http_parse_uint (colon + 1, "since", 0, G_MAXINT64, &seq, NULL);
}

void
yc_http_sync_changes (YcHttpRequest *request)
{
  static const char * const allowed[] = { "since", "limit", "wait", NULL };
  const YcHttpConfig *config = yc_http_server_get_config (request->server);
  g_autoptr(GError) error = NULL;
  const char *since = yc_http_request_get_query (request, "since");
  const char *text;
  guint64 limit = DEFAULT_CHANGES_LIMIT;
  guint64 wait = 0;
  Changes *changes;

  if (!yc_http_request_check_query (request, allowed, &error))
    goto fail;
  if (since != NULL && !since_valid (since))
    {
      yc_http_set_invalid (&error, "since", _("The cursor must be written epoch:seq, as the last page gave it."));
      goto fail;
    }
  text = yc_http_request_get_query (request, "limit");
  if (text != NULL && !yc_http_parse_uint (text, "limit", 1, config->max_page_size, &limit, &error))
    goto fail;
  text = yc_http_request_get_query (request, "wait");
  if (text != NULL && !yc_http_parse_uint (text, "wait", 0, G_MAXUINT32, &wait, &error))
    goto fail;
  /* Longer waits are cut to the cap rather than refused: the client asks again anyway. */
  wait = MIN (wait, config->max_wait_seconds);

  changes = g_new0 (Changes, 1);
  changes->since = g_strdup (since);
  changes->limit = (guint) limit;
  if (wait > 0)
    changes->deadline = g_get_monotonic_time () + (gint64) wait * G_USEC_PER_SEC;
  yc_http_request_run (request, sync_changes_work, sync_changes_defer, changes, changes_free);
  return;

fail:
  yc_http_request_fail (request, error);
}
