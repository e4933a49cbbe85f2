/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-operation"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-json-reader-private.h"
#include "yc-json-writer.h"
#include "yc-operation.h"

typedef struct {
  YcOperation      op;  /* first: a YcOperation* is a OperationBox* */
  gatomicrefcount  ref_count;
} OperationBox;

G_DEFINE_BOXED_TYPE (YcOperation, yc_operation, yc_operation_ref, yc_operation_unref)

G_DEFINE_QUARK (yc-operation-error-quark, yc_operation_error)

static const struct {
  YcOpKind    kind;
  const char *key;
  const char *label;
} op_kinds[] = {
  { YC_OP_CASE_ACCEPT, "case.accept", N_("Accept the case") },
  { YC_OP_CASE_SUPPLEMENT, "case.supplement", N_("Supplement materials") },
  { YC_OP_CASE_WITHDRAW, "case.withdraw", N_("Withdraw the application") },
  { YC_OP_CASE_ISSUE, "case.issue", N_("Issue the result") },
  { YC_OP_REVIEW_CLAIM, "review.claim", N_("Take for review") },
  { YC_OP_REVIEW_RELEASE, "review.release", N_("Release the review") },
  { YC_OP_REVIEW_APPROVE, "review.approve", N_("Approve") },
  { YC_OP_REVIEW_RETURN, "review.return", N_("Return for supplement") },
  { YC_OP_REVIEW_REJECT, "review.reject", N_("Reject") },
  { YC_OP_PLEDGE_VERIFY, "pledge.verify", N_("Verify a pledge") },
  { YC_OP_SUPERVISION_URGE, "supervision.urge", N_("Urge") },
  { YC_OP_URGE_ACK, "urge.ack", N_("Acknowledge an urge") },
  { YC_OP_RATING_SUBMIT, "rating.submit", N_("Rate the service") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (op_kinds) == YC_N_OP_KINDS);

static const char * const result_kinds[] = { "ok", "conflict", "rejected" };

static const char * const op_members[] = {
  "op_id", "case_uuid", "base_version", "kind", "payload", "created_at", NULL
};
static const char * const batch_members[] = { "batch_id", "ops", NULL };

/* The quark is not a constant expression, so each function makes its own reader. */
#define OPERATION_READER(name) \
  const YcJsonReader name##_reader = { YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID }; \
  const YcJsonReader *name = &name##_reader

/* @payload is taken. */
static YcOperation *
operation_alloc (const char *op_id,
                 const char *case_uuid,
                 gint64      base_version,
                 YcOpKind    kind,
                 JsonObject *payload,
                 const char *created_at)
{
  OperationBox *box = g_new0 (OperationBox, 1);

  g_atomic_ref_count_init (&box->ref_count);
  box->op.op_id = g_strdup (op_id);
  box->op.case_uuid = g_strdup (case_uuid);
  box->op.base_version = base_version;
  box->op.kind = kind;
  box->op.payload = payload;
  box->op.created_at = created_at != NULL ? g_strdup (created_at) : yc_json_now ();

  return &box->op;
}

YcOperation *
yc_operation_new (const char *op_id,
                  const char *case_uuid,
                  gint64      base_version,
                  YcOpKind    kind,
                  JsonObject *payload,
                  const char *created_at)
{
  g_return_val_if_fail (op_id != NULL, NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);
  g_return_val_if_fail ((guint) kind < YC_N_OP_KINDS, NULL);

  /* A deep copy, so that the caller may go on changing its object. */
  return operation_alloc (op_id, case_uuid, base_version, kind,
                          payload != NULL ? yc_json_object_copy (payload) : json_object_new (),
                          created_at);
}

YcOperation *
yc_operation_ref (YcOperation *op)
{
  OperationBox *box = (OperationBox *) op;

  g_return_val_if_fail (op != NULL, NULL);

  g_atomic_ref_count_inc (&box->ref_count);
  return op;
}

void
yc_operation_unref (YcOperation *op)
{
  OperationBox *box = (OperationBox *) op;

  g_return_if_fail (op != NULL);

  if (!g_atomic_ref_count_dec (&box->ref_count))
    return;

  g_free (op->op_id);
  g_free (op->case_uuid);
  g_clear_pointer (&op->payload, json_object_unref);
  g_free (op->created_at);
  g_free (box);
}

static YcOperation *
operation_from_object (JsonObject  *object,
                       const char  *path,
                       GError     **error)
{
  OPERATION_READER (r);
  const char *op_id, *case_uuid, *kind_str, *created_at;
  g_autofree char *kind_path = yc_json_path (path, "kind");
  g_autofree char *version_path = yc_json_path (path, "base_version");
  gint64 base_version = 0;
  JsonObject *payload;
  YcOpKind kind;

  if (!yc_json_check_members (r, object, op_members, path, error)
      || !yc_json_get_uuid (r, object, "op_id", path, YC_JSON_REQUIRED, &op_id, error)
      || !yc_json_get_uuid (r, object, "case_uuid", path, YC_JSON_REQUIRED, &case_uuid, error)
      || !yc_json_get_int (r, object, "base_version", path, YC_JSON_REQUIRED, 0, G_MAXINT64,
                           &base_version, error)
      || !yc_json_get_string (r, object, "kind", path, YC_JSON_REQUIRED, &kind_str, error)
      || !yc_json_get_object (r, object, "payload", path, YC_JSON_REQUIRED, &payload, error)
      || !yc_json_get_timestamp (r, object, "created_at", path, YC_JSON_REQUIRED, &created_at,
                                 error))
    return NULL;

  if (!yc_op_kind_from_string (kind_str, &kind))
    {
      yc_json_fail (r, error, kind_path, _("unknown operation kind “%s”"), kind_str);
      return NULL;
    }
  /* A new case has no version yet; every other kind acts on a version the client saw. */
  if (kind == YC_OP_CASE_ACCEPT && base_version != 0)
    {
      yc_json_fail (r, error, version_path, _("must be 0 for a new case"));
      return NULL;
    }
  if (kind != YC_OP_CASE_ACCEPT && base_version == 0)
    {
      yc_json_fail (r, error, version_path, _("must be the version of the case the operation was made on"));
      return NULL;
    }

  /* The payload of a parsed op is the parsed object itself, sealed, not a copy: a push
   * parses thousands of case documents, and a deep copy of each was a tenth of the server's
   * work.  Sealed, an attempt to change it through the caller's tree fails loudly instead
   * of changing the op. */
  json_object_seal (payload);
  return operation_alloc (op_id, case_uuid, base_version, kind, json_object_ref (payload),
                          created_at);
}

YcOperation *
yc_operation_from_json (JsonNode  *node,
                        GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID,
                   _("operation: must be an object"));
      return NULL;
    }
  return operation_from_object (json_node_get_object (node), "", error);
}

/* The op, described once for both targets (yc-json-writer.h). */
static void
write_operation (YcJsonWriter      *w,
                 const YcOperation *op)
{
  yc_json_writer_begin_object (w);
  yc_json_writer_add_string (w, "op_id", op->op_id);
  yc_json_writer_add_string (w, "case_uuid", op->case_uuid);
  yc_json_writer_add_int (w, "base_version", op->base_version);
  yc_json_writer_add_string (w, "kind", yc_op_kind_to_string (op->kind));
  yc_json_writer_add_object (w, "payload", op->payload);
  yc_json_writer_add_string (w, "created_at", op->created_at);
  yc_json_writer_end_object (w);
}

JsonNode *
yc_operation_to_json (const YcOperation *op)
{
  g_autoptr(JsonBuilder) builder = NULL;
  YcJsonWriter writer;

  g_return_val_if_fail (op != NULL, NULL);

  builder = json_builder_new ();
  yc_json_writer_init_tree (&writer, builder);
  write_operation (&writer, op);
  return json_builder_get_root (builder);
}

/* Straight to text: the back office hashes every op it is sent. */
char *
yc_operation_to_json_string (const YcOperation *op)
{
  GString *out;
  YcJsonWriter writer;

  g_return_val_if_fail (op != NULL, NULL);

  out = g_string_sized_new (1024);
  yc_json_writer_init_text (&writer, out);
  write_operation (&writer, op);
  return g_string_free (out, FALSE);
}

const char *
yc_op_kind_to_string (YcOpKind kind)
{
  g_return_val_if_fail ((guint) kind < YC_N_OP_KINDS, NULL);

  return op_kinds[kind].key;
}

gboolean
yc_op_kind_from_string (const char *str,
                        YcOpKind   *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (op_kinds); i++)
    if (g_str_equal (str, op_kinds[i].key))
      {
        *kind = op_kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_op_kind_label (YcOpKind kind)
{
  g_return_val_if_fail ((guint) kind < YC_N_OP_KINDS, NULL);

  return _(op_kinds[kind].label);
}

GPtrArray *
yc_operation_batch_from_json (JsonNode  *node,
                              char     **out_batch_id,
                              GError   **error)
{
  OPERATION_READER (r);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *batch_id;
  JsonObject *object;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_OPERATION_ERROR, YC_OPERATION_ERROR_INVALID,
                   _("batch: must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!yc_json_check_members (r, object, batch_members, "", error)
      || !yc_json_get_uuid (r, object, "batch_id", "", YC_JSON_REQUIRED, &batch_id, error)
      || !yc_json_get_array (r, object, "ops", "", YC_JSON_REQUIRED, &array, error))
    return NULL;

  n = json_array_get_length (array);
  if (n == 0 || n > YC_OPERATION_BATCH_MAX)
    {
      yc_json_fail (r, error, "ops", _("must hold 1 to %u operations, not %u"),
                    YC_OPERATION_BATCH_MAX, n);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = yc_json_index_path ("ops", i);
      YcOperation *op;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          yc_json_fail (r, error, path, _("must be an object"));
          return NULL;
        }
      op = operation_from_object (json_node_get_object (element), path, error);
      if (op == NULL)
        return NULL;
      g_ptr_array_add (ops, op);
      /* One op id twice in a batch would be applied once and answered twice. */
      if (!g_hash_table_add (seen, op->op_id))
        {
          g_autofree char *id_path = yc_json_path (path, "op_id");

          yc_json_fail (r, error, id_path, _("“%s” appears twice in the batch"), op->op_id);
          return NULL;
        }
    }

  if (out_batch_id != NULL)
    *out_batch_id = g_strdup (batch_id);
  return g_steal_pointer (&ops);
}

JsonNode *
yc_operation_batch_to_json (const char *batch_id,
                            GPtrArray  *ops)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (batch_id != NULL, NULL);
  g_return_val_if_fail (ops != NULL, NULL);

  json_builder_begin_object (builder);
  yc_json_add_string (builder, "batch_id", batch_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ops->len; i++)
    json_builder_add_value (builder, yc_operation_to_json (g_ptr_array_index (ops, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
collect_blobs (JsonObject   *payload,
               GStrvBuilder *builder,
               GHashTable   *seen)
{
  JsonNode *node = json_object_get_member (payload, "materials");
  JsonArray *materials;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  materials = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonNode *element = json_array_get_element (materials, i);
      JsonNode *blob;
      const char *sha256;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      blob = json_object_get_member (json_node_get_object (element), "blob_sha256");
      if (blob == NULL || !JSON_NODE_HOLDS_VALUE (blob)
          || json_node_get_value_type (blob) != G_TYPE_STRING)
        continue;
      sha256 = json_node_get_string (blob);
      if (g_hash_table_add (seen, (gpointer) sha256))
        g_strv_builder_add (builder, sha256);
    }
}

GStrv
yc_operation_dup_blob_refs (const YcOperation *op)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (op != NULL, NULL);

  if (op->kind == YC_OP_CASE_ACCEPT || op->kind == YC_OP_CASE_SUPPLEMENT)
    collect_blobs (op->payload, builder, seen);
  return g_strv_builder_end (builder);
}

const char *
yc_op_result_kind_to_string (YcOpResultKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (result_kinds), NULL);

  return result_kinds[kind];
}

gboolean
yc_op_result_kind_from_string (const char     *str,
                               YcOpResultKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (result_kinds); i++)
    if (g_str_equal (str, result_kinds[i]))
      {
        *kind = (YcOpResultKind) i;
        return TRUE;
      }
  return FALSE;
}

void
yc_op_result_write_members (YcJsonWriter   *writer,
                            const char     *op_id,
                            YcOpResultKind  kind,
                            gint64          version,
                            const char     *code,
                            const char     *reason)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (op_id != NULL);
  g_return_if_fail ((guint) kind < G_N_ELEMENTS (result_kinds));

  yc_json_writer_add_string (writer, "op_id", op_id);
  yc_json_writer_add_string (writer, "result", result_kinds[kind]);
  yc_json_writer_add_int (writer, "version", version);
  if (code != NULL)
    yc_json_writer_add_string (writer, "code", code);
  if (reason != NULL)
    yc_json_writer_add_string (writer, "reason", reason);
}

JsonNode *
yc_op_result_to_json (const char     *op_id,
                      YcOpResultKind  kind,
                      gint64          version,
                      const char     *code,
                      const char     *reason)
{
  g_autoptr(JsonBuilder) builder = NULL;
  YcJsonWriter writer;

  g_return_val_if_fail (op_id != NULL, NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (result_kinds), NULL);

  builder = json_builder_new ();
  yc_json_writer_init_tree (&writer, builder);
  yc_json_writer_begin_object (&writer);
  yc_op_result_write_members (&writer, op_id, kind, version, code, reason);
  yc_json_writer_end_object (&writer);
  return json_builder_get_root (builder);
}
