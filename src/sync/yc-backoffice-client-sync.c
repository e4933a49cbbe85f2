/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"

/* Push and the change feed (docs/API.md "Sync").  The answers are read strictly: an
 * answer that does not say exactly what happened to every op is not taken for success. */

#define PUSH_WHAT "POST /api/v1/sync/push"
#define CHANGES_WHAT "GET /api/v1/sync/changes"

/* The largest limit the back office accepts. */
#define CHANGES_LIMIT_MAX 500

static const char * const reply_members[] = { "batch_id", "results", NULL };
static const char * const result_members[] = {
  "op_id", "result", "version", "code", "reason", "effects", NULL
};
static const char * const page_members[] = { "changes", "next", "more", NULL };
static const char * const change_members[] = {
  "seq", "kind", "case_uuid", "version", "payload", NULL
};

/* What a push was asked, to check the answer against. */
typedef struct {
  char      *batch_id;
  GPtrArray *op_ids;  /* char*, in op order */
} PushRequest;

static void
push_request_free (gpointer data)
{
  PushRequest *request = data;

  g_free (request->batch_id);
  g_ptr_array_unref (request->op_ids);
  g_free (request);
}

static gboolean
read_push_result (const YcJsonReader  *r,
                  JsonNode            *node,
                  const char          *path,
                  YcPushResult       **out,
                  GError             **error)
{
  g_autoptr(YcPushResult) result = g_new0 (YcPushResult, 1);
  g_autofree char *result_path = yc_json_path (path, "result");
  const char *op_id, *kind, *code = NULL, *reason = NULL;
  JsonObject *object, *effects = NULL;

  object = yc_json_node_object (r, node, path, result_members, error);
  if (object == NULL
      || !yc_json_get_uuid (r, object, "op_id", path, YC_JSON_REQUIRED, &op_id, error)
      || !yc_json_get_string (r, object, "result", path, YC_JSON_REQUIRED, &kind, error)
      || !yc_json_get_int (r, object, "version", path, YC_JSON_REQUIRED, 0, G_MAXINT64,
                           &result->version, error)
      || !yc_json_get_string (r, object, "code", path, YC_JSON_NULLABLE, &code, error)
      || !yc_json_get_text (r, object, "reason", path, YC_JSON_NULLABLE, &reason, error)
      || !yc_json_get_object (r, object, "effects", path, YC_JSON_NULLABLE, &effects, error))
    return FALSE;
  if (!yc_op_result_kind_from_string (kind, &result->result))
    return yc_json_fail (r, error, result_path, "unknown result “%s”", kind);
  /* A rejection the clerk cannot be told the reason of is of no use. */
  if (result->result == YC_OP_RESULT_REJECTED && code == NULL)
    return yc_json_fail (r, error, path, "a rejected op without a code");

  result->op_id = g_strdup (op_id);
  result->code = g_strdup (code);
  result->reason = g_strdup (reason);
  result->effects = effects != NULL ? yc_json_object_copy (effects) : NULL;
  *out = g_steal_pointer (&result);
  return TRUE;
}

static gpointer
handle_push (YcBackofficeClient  *self,
             SoupMessage         *msg,
             GBytes              *body,
             JsonNode            *json,
             GError             **error)
{
  const YcJsonReader reader = { YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL, PUSH_WHAT };
  PushRequest *request = g_object_get_data (G_OBJECT (msg), "yc-push-request");
  g_autoptr(YcPushReply) reply = g_new0 (YcPushReply, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  JsonArray *results = NULL;
  const char *batch_id = NULL;

  reply->results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_push_result_free);
  root = yc_backoffice_parse_answer (&reader, body, reply_members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_uuid (&reader, object, "batch_id", NULL, YC_JSON_REQUIRED, &batch_id, &local_error)
      || !yc_json_get_array (&reader, object, "results", NULL, YC_JSON_REQUIRED, &results, &local_error))
    goto fail;

  if (g_ascii_strcasecmp (batch_id, request->batch_id) != 0)
    {
      yc_json_fail (&reader, &local_error, "batch_id", "another batch (%s)", batch_id);
      goto fail;
    }
  /* Every op answered, in order: the outbox marks each op by this answer. */
  if (json_array_get_length (results) != request->op_ids->len)
    {
      yc_json_fail (&reader, &local_error, "results", "%u results for %u ops",
                    json_array_get_length (results), request->op_ids->len);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      g_autofree char *path = yc_json_index_path ("results", i);
      YcPushResult *result = NULL;

      if (!read_push_result (&reader, json_array_get_element (results, i), path, &result, &local_error))
        goto fail;
      g_ptr_array_add (reply->results, result);
      if (g_ascii_strcasecmp (result->op_id, g_ptr_array_index (request->op_ids, i)) != 0)
        {
          yc_json_fail (&reader, &local_error, path, "the answer of another op (%s)", result->op_id);
          goto fail;
        }
    }
  reply->batch_id = g_strdup (request->batch_id);
  return g_steal_pointer (&reply);

fail:
  yc_backoffice_set_protocol_error (error, local_error->message);
  return NULL;
}

/**
 * yc_backoffice_client_push_async:
 * @batch_id: the batch's UUID, also its Idempotency-Key
 * @ops: (element-type YcOperation): at least one, at most YC_OPERATION_BATCH_MAX
 *
 * POST /api/v1/sync/push.  The reply has one result per op, in the order of @ops (checked).
 */
void
yc_backoffice_client_push_async (YcBackofficeClient  *self,
                                 const char          *batch_id,
                                 GPtrArray           *ops,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  const char * const headers[] = { "Idempotency-Key", batch_id, NULL };
  const YcCallSpec spec = {
    .method = "POST",
    .path = "/api/v1/sync/push",
    /* Sent twice, the Idempotency-Key makes the back office answer the first push's
     * results again: safe on a kept connection, which saves a handshake per batch. */
    .flags = YC_CALL_AUTHENTICATED | YC_CALL_IDEMPOTENT,
    .headers = headers,
    .handle = handle_push,
    .result_free = (GDestroyNotify) yc_push_reply_free,
    .source_tag = yc_backoffice_client_push_async,
  };
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GTask) task = NULL;
  PushRequest *request;
  char *text;
  gsize length;

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (batch_id != NULL);
  g_return_if_fail (ops != NULL);

  if (!g_uuid_string_is_valid (batch_id) || ops->len == 0 || ops->len > YC_OPERATION_BATCH_MAX)
    {
      yc_backoffice_client_fail_early (self, yc_backoffice_client_push_async, cancellable,
                                       callback, user_data,
                                       g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                                                    _("A batch to send needs a UUID and from 1 to "
                                                      "%d operations; it has %u."),
                                                    YC_OPERATION_BATCH_MAX, ops->len));
      return;
    }

  request = g_new0 (PushRequest, 1);
  request->batch_id = g_strdup (batch_id);
  request->op_ids = g_ptr_array_new_full (ops->len, g_free);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (request->op_ids, g_strdup (((YcOperation *) g_ptr_array_index (ops, i))->op_id));

  batch = yc_operation_batch_to_json (batch_id, ops);
  text = json_to_string (batch, FALSE);
  length = strlen (text);

  /* The request travels with the message, so the answer can be matched against it. */
  yc_backoffice_client_call_with_data (self, &spec, g_bytes_new_take (text, length),
                                       "yc-push-request", request, push_request_free,
                                       cancellable, callback, user_data);
}

YcPushReply *
yc_backoffice_client_push_finish (YcBackofficeClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_push_async, error);
}

/* Changes */

static gboolean
read_change (const YcJsonReader  *r,
             JsonNode            *node,
             const char          *path,
             YcChange           **out,
             GError             **error)
{
  g_autoptr(YcChange) change = g_new0 (YcChange, 1);
  const char *kind, *case_uuid = NULL;
  JsonObject *object, *payload = NULL;

  object = yc_json_node_object (r, node, path, change_members, error);
  if (object == NULL
      || !yc_json_get_int (r, object, "seq", path, YC_JSON_REQUIRED, 0, G_MAXINT64, &change->seq, error)
      || !yc_json_get_string (r, object, "kind", path, YC_JSON_REQUIRED, &kind, error)
      || !yc_json_get_uuid (r, object, "case_uuid", path, YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                            &case_uuid, error)
      || !yc_json_get_int (r, object, "version", path, YC_JSON_REQUIRED, 0, G_MAXINT64,
                           &change->version, error)
      || !yc_json_get_object (r, object, "payload", path, YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                              &payload, error))
    return FALSE;

  change->kind = g_strdup (kind);
  change->case_uuid = g_strdup (case_uuid);
  change->payload = payload != NULL ? yc_json_object_copy (payload) : json_object_new ();
  *out = g_steal_pointer (&change);
  return TRUE;
}

/* "epoch:seq", as the back office writes its cursors. */
static gboolean
cursor_valid (const char *cursor)
{
  const char *colon = cursor != NULL ? strrchr (cursor, ':') : NULL;

  if (colon == NULL || colon == cursor || colon[1] == '\0')
    return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gpointer
handle_changes (YcBackofficeClient  *self,
                SoupMessage         *msg,
                GBytes              *body,
                JsonNode            *json,
                GError             **error)
{
  const YcJsonReader reader = { YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL, CHANGES_WHAT };
  g_autoptr(YcChangesPage) page = g_new0 (YcChangesPage, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  JsonArray *changes = NULL;
  const char *next = NULL;
  gint64 last_seq = -1;

  page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_change_free);
  root = yc_backoffice_parse_answer (&reader, body, page_members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_array (&reader, object, "changes", NULL, YC_JSON_REQUIRED, &changes, &local_error)
      || !yc_json_get_string (&reader, object, "next", NULL, YC_JSON_REQUIRED, &next, &local_error)
      || !yc_json_get_bool (&reader, object, "more", NULL, YC_JSON_REQUIRED, &page->more, &local_error))
    goto fail;
  if (!cursor_valid (next))
    {
      yc_json_fail (&reader, &local_error, "next", "not a cursor (epoch:seq): “%s”", next);
      goto fail;
    }

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      g_autofree char *path = yc_json_index_path ("changes", i);
      YcChange *change = NULL;

      if (!read_change (&reader, json_array_get_element (changes, i), path, &change, &local_error))
        goto fail;
      g_ptr_array_add (page->changes, change);
      /* Commit order is what makes storing a page with its cursor safe. */
      if (change->seq <= last_seq)
        {
          yc_json_fail (&reader, &local_error, path, "seq %" G_GINT64_FORMAT " out of order",
                        change->seq);
          goto fail;
        }
      last_seq = change->seq;
    }
  page->next = g_strdup (next);
  return g_steal_pointer (&page);

fail:
  yc_backoffice_set_protocol_error (error, local_error->message);
  return NULL;
}

/**
 * yc_backoffice_client_get_changes_async:
 * @since: (nullable): the cursor of the previous page ("epoch:seq")
 * @limit: 1 to 500, or 0 for the back office's default
 * @wait_seconds: hold the request up to this long when nothing is new (at most 60)
 *
 * GET /api/v1/sync/changes.  The call's deadline is @wait_seconds + "timeout-seconds".
 */
void
yc_backoffice_client_get_changes_async (YcBackofficeClient  *self,
                                        const char          *since,
                                        guint                limit,
                                        guint                wait_seconds,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/sync/changes");
  char separator = '?';
  YcCallSpec spec = {
    .method = "GET",
    .flags = YC_CALL_AUTHENTICATED,
    .wait_seconds = wait_seconds,
    .handle = handle_changes,
    .result_free = (GDestroyNotify) yc_changes_page_free,
    .source_tag = yc_backoffice_client_get_changes_async,
  };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (limit <= CHANGES_LIMIT_MAX);

  if (since != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (since, ":", FALSE);

      g_string_append_printf (path, "%csince=%s", separator, escaped);
      separator = '&';
    }
  if (limit > 0)
    {
      g_string_append_printf (path, "%climit=%u", separator, limit);
      separator = '&';
    }
  if (wait_seconds > 0)
    g_string_append_printf (path, "%cwait=%u", separator, wait_seconds);

  spec.path = path->str;
  yc_backoffice_client_call (self, &spec, NULL, cancellable, callback, user_data);
}

YcChangesPage *
yc_backoffice_client_get_changes_finish (YcBackofficeClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return yc_backoffice_client_call_finish (self, result, yc_backoffice_client_get_changes_async, error);
}
