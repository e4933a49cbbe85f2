/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-push-private.h"
#include "yc-json-decode.h"

/*
 * Push (DESIGN.md, sync protocol); the change feed is yc-backoffice-changes.c.
 *
 * A batch is applied in one write transaction together with its idempotency key, the body's
 * hash, every op id with its result and the batch's answer.  So after a crash either all of
 * it happened and a retry gets the stored answer, or none of it did and the retry applies it.
 * An op id seen before (in any batch) is answered with its stored result and not applied
 * again.  A key being applied by another thread right now is CONFLICT (the client retries
 * and then gets the stored answer).
 *
 * Each op goes through the case machine (yc-case-machine.h) with the caller as actor: role ×
 * scope × state.  A stale base_version is a conflict: the server's case stays, the losing
 * op is kept in the conflicts table and sent to its author on the change feed — unless it
 * is a review decision whose part no other op changed since (yc-backoffice-rebase.c).  A
 * case.accept is also judged by its own catalog version and the rules engine, and a broken
 * pledge flags the applicant: yc-backoffice-push-accept.c.
 */

/* One push: made before the transaction, applied in a group commit (the unit comes first). */
typedef struct {
  YcGroupUnit   unit;
  YcBackoffice *self;
  YcPrincipal  *p;
  const char   *key;
  const char   *body_hash;
  GPtrArray    *ops;       /* NULL when the body was refused: @invalid says why */
  GError       *invalid;
  YcPushAccept *accepted;  /* one per op; empty for the kinds other than case.accept */
  char        **op_hashes; /* one per op (op_json_hash), made before the transaction */
  gint64        now;
  GDate         today;
  guint64       last_seq;
  guint         n_ok, n_conflict, n_rejected, n_replayed;
  char         *answer;    /* compact JSON text, as stored and sent */
} PushContext;

/* One op's result as it is stored with its op id and sent in the answer: compact JSON text,
 * written without a tree (yc_op_result_to_json () and its "effects", the same bytes). */
static char *
result_json (const char          *op_id,
             YcOpResultKind       kind,
             gint64               version,
             const char          *code,
             const char          *reason,
             const YcCaseEffects *effects)
{
  g_autoptr(JsonNode) effects_json = effects != NULL ? yc_case_effects_to_json (effects) : NULL;
  GString *out = g_string_sized_new (128);
  YcJsonWriter writer;

  yc_json_writer_init_text (&writer, out);
  yc_json_writer_begin_object (&writer);
  yc_op_result_write_members (&writer, op_id, kind, version, code, reason);
  if (effects_json != NULL)
    {
      g_autofree char *text = json_to_string (effects_json, FALSE);

      yc_json_writer_member (&writer, "effects");
      yc_json_writer_raw (&writer, text);
    }
  yc_json_writer_end_object (&writer);
  return g_string_free (out, FALSE);
}

static char *
rejected (PushContext        *ctx,
          const YcOperation  *op,
          gint64              version,
          const char         *code,
          const char         *reason)
{
  ctx->n_rejected++;
  g_info ("Op %s (%s) of %s rejected: %s: %s", op->op_id, yc_op_kind_to_string (op->kind),
          yc_principal_get_username (ctx->p), code, reason);
  return result_json (op->op_id, YC_OP_RESULT_REJECTED, version, code, reason, NULL);
}

/* Applies one op inside the batch's transaction.  Returns its result (JSON text), or NULL
 * with @error when storage failed (the whole batch then rolls back). */
static char *
apply_op (PushContext        *ctx,
          guint               index,
          GError            **error)
{
  const YcOperation *op = g_ptr_array_index (ctx->ops, index);
  const YcPushAccept *accepted = &ctx->accepted[index];
  YcBackoffice *self = ctx->self;
  const YcActor *actor = yc_principal_get_actor (ctx->p);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(YcStorageCase) row = NULL;
  g_autoptr(YcCase) c = NULL;
  g_auto(GStrv) blobs = NULL;
  YcCaseEffects effects = { 0 };
  gint64 known = op->base_version;  /* what the author had seen (yc-backoffice-rebase.c) */
  char *result;
  guint64 seq;

  /* Op ids and case UUIDs are compared as text: one spelling only, or the same op could be
   * applied twice under two spellings of its id. */
  for (const char *ch = op->op_id; *ch != '\0'; ch++)
    if (g_ascii_isupper (*ch))
      return rejected (ctx, op, 0, "invalid_payload", _("op_id: must be a lowercase UUID"));
  for (const char *ch = op->case_uuid; *ch != '\0'; ch++)
    if (g_ascii_isupper (*ch))
      return rejected (ctx, op, 0, "invalid_payload", _("case_uuid: must be a lowercase UUID"));

  row = yc_backoffice_storage_case_get (self->storage, op->case_uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (op->kind == YC_OP_CASE_ACCEPT)
    {
      if (row != NULL)
        return rejected (ctx, op, row->version, "illegal_transition",
                         _("A case with this identity has already been accepted"));
      if (accepted->code != NULL)
        return rejected (ctx, op, 0, accepted->code, accepted->reason);
      if (accepted->error != NULL && accepted->error->domain == YC_BACKOFFICE_ERROR)
        {
          g_propagate_error (error, g_error_copy (accepted->error));
          return NULL;
        }
      if (accepted->c != NULL)
        c = yc_case_ref (accepted->c);
      else
        local_error = g_error_copy (accepted->error);
    }
  else
    {
      g_autoptr(JsonNode) document = NULL;
      gboolean apply = FALSE;

      if (row == NULL)
        return rejected (ctx, op, 0, "not_found", _("The back office has no such case"));
      /* Scope first: a stale op on a case outside the author's scope must not become a
       * conflict (stored, with the server's document sent to its author), and the refusal
       * tells nothing of the case (no version, no number). */
      if (!yc_backoffice_can_read_case (ctx->p, row))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) detail = NULL;

          g_message ("Denied %s on %s to %s: not in scope", yc_op_kind_to_string (op->kind),
                     op->case_uuid, actor->username);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "op_id");
          json_builder_add_string_value (builder, op->op_id);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, yc_op_kind_to_string (op->kind));
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, "not in scope");
          json_builder_end_object (builder);
          detail = json_builder_get_root (builder);
          if (!yc_audit_append (self->storage, ctx->now, actor->username, "denied", op->case_uuid,
                                "denied", detail, error))
            return NULL;
          return rejected (ctx, op, 0, "forbidden", _("This case is not in your scope"));
        }
      /* A stale base conflicts unless only other parts changed since (yc-backoffice-rebase.c). */
      if (!yc_push_rebase_check (self, ctx->p, op, row, &apply, &known, error))
        return NULL;
      if (!apply)
        {
          guint64 seq = yc_push_store_conflict (self, ctx->p, op, row, ctx->now, error);

          if (seq == 0)
            return NULL;
          ctx->last_seq = seq;
          ctx->n_conflict++;
          return result_json (op->op_id, YC_OP_RESULT_CONFLICT, row->version, NULL, NULL, NULL);
        }
      document = json_from_string (row->document, &local_error);
      if (document != NULL)
        c = yc_case_from_json (document, &local_error);
      if (c == NULL)
        {
          g_prefix_error (&local_error, "case %s: ", op->case_uuid);
          yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                                   _("A stored case cannot be read: %s"), local_error->message);
          return NULL;
        }
      if (!yc_case_machine_apply_full (c, op, actor, &ctx->today, self->calendar, &effects, &local_error))
        g_clear_pointer (&c, yc_case_unref);
    }

  if (c == NULL)
    {
      const char *code = "invalid_payload";

      if (local_error->domain == YC_CASE_MACHINE_ERROR)
        code = yc_case_machine_error_code_string (local_error->code);
      if (g_error_matches (local_error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_FORBIDDEN))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) detail = NULL;

          g_message ("Denied %s on %s to %s: %s", yc_op_kind_to_string (op->kind), op->case_uuid,
                     actor->username, local_error->message);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "op_id");
          json_builder_add_string_value (builder, op->op_id);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, yc_op_kind_to_string (op->kind));
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, local_error->message);
          json_builder_end_object (builder);
          detail = json_builder_get_root (builder);
          if (!yc_audit_append (self->storage, ctx->now, actor->username, "denied", op->case_uuid,
                                "denied", detail, error))
            return NULL;
        }
      return rejected (ctx, op, row != NULL ? row->version : 0, code, local_error->message);
    }

  if (op->kind == YC_OP_CASE_ACCEPT)
    {
      g_autofree char *code = NULL;
      g_autofree char *reason = NULL;

      if (!yc_push_accept_check_stored (self, accepted, op, &code, &reason, error))
        return NULL;
      if (code != NULL)
        return rejected (ctx, op, 0, code, reason);
    }

  /* Materials must be on the server before a case may refer to them, and be the author's
   * to refer to: uploaded by them, or already part of a case in their scope.  Knowing a hash
   * is not enough (a case in one's own hall would then open anyone's file); an existing blob
   * one may not use gets the same answer as a missing one.  Checked once role, scope and
   * state passed, so that nobody outside the case learns anything about the file. */
  blobs = yc_operation_dup_blob_refs (op);
  for (guint i = 0; blobs[i] != NULL; i++)
    {
      gboolean found = FALSE, allowed = FALSE;

      if (!yc_backoffice_blob_allowed (self, ctx->p, blobs[i], &found, &allowed, error))
        {
          yc_case_effects_clear (&effects);
          return NULL;
        }
      if (!found || !allowed)
        {
          g_autofree char *reason = g_strdup_printf (_("The material file %s has not been uploaded yet"), blobs[i]);
          yc_case_effects_clear (&effects);
          return rejected (ctx, op, row != NULL ? row->version : 0, "missing_blob", reason);
        }
    }

  seq = yc_push_store_case (self, c, op->kind == YC_OP_CASE_ACCEPT ? accepted->row : NULL, op,
                            ctx->now, error);
  if (seq == 0 || !yc_backoffice_audit_urge (self, ctx->now, actor->username, op, c, error)
      || !yc_push_rebase_note (self, ctx->p, op, c, known, error))
    {
      yc_case_effects_clear (&effects);
      return NULL;
    }
  ctx->last_seq = seq;
  if (effects.flag_applicant != NULL)
    {
      guint64 seq = yc_push_flag_applicant (self, c, effects.flag_applicant, effects.flag_reason,
                                            ctx->now, error);
      if (seq == 0)
        {
          yc_case_effects_clear (&effects);
          return NULL;
        }
      ctx->last_seq = seq;
    }

  ctx->n_ok++;
  result = result_json (op->op_id, YC_OP_RESULT_OK, c->version, NULL, NULL, &effects);
  yc_case_effects_clear (&effects);
  return result;
}

/* SHA-256 of the op's canonical JSON (compact, as yc_operation_to_json() orders it), so
 * that a replay can be told from a different op sent under the same id. */
static char *
op_json_hash (const YcOperation *op)
{
  g_autofree char *text = yc_operation_to_json_string (op);

  return yc_backoffice_sha256_hex (text, strlen (text));
}

/* Whether the op stored under @op's id is this very op of this very user.  Rows stored
 * before username and hash were kept (NULL there) match on op id and case alone. */
static gboolean
op_is_replay (PushContext       *ctx,
              const YcOperation *op,
              const char        *op_hash,
              const char        *stored_username,
              const char        *stored_case,
              const char        *stored_hash)
{
  if (stored_case == NULL || op->case_uuid == NULL
      || g_ascii_strcasecmp (stored_case, op->case_uuid) != 0)
    return FALSE;
  if (stored_username != NULL
      && g_strcmp0 (stored_username, yc_principal_get_username (ctx->p)) != 0)
    return FALSE;
  if (stored_hash != NULL && g_strcmp0 (stored_hash, op_hash) != 0)
    return FALSE;
  return TRUE;
}

/* The batch inside its transaction; returns the answer (JSON text, each op's result as it is
 * stored) or NULL with @error. */
static char *
apply_batch (PushContext  *ctx,
             GError      **error)
{
  GPtrArray *ops = ctx->ops;
  YcBackoffice *self = ctx->self;
  g_autoptr(GString) out = g_string_sized_new (128 * (ops->len + 1));
  YcJsonWriter writer;

  yc_json_writer_init_text (&writer, out);
  yc_json_writer_begin_object (&writer);
  yc_json_writer_add_string (&writer, "batch_id", ctx->key);
  yc_json_writer_member (&writer, "results");
  yc_json_writer_begin_array (&writer);
  for (guint i = 0; i < ops->len; i++)
    {
      const YcOperation *op = g_ptr_array_index (ops, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *stored = NULL;
      g_autofree char *stored_username = NULL;
      g_autofree char *stored_case = NULL;
      g_autofree char *stored_hash = NULL;
      const char *op_hash = ctx->op_hashes[i];
      g_autofree char *result = NULL;

      stored = yc_backoffice_storage_op_get (self->storage, op->op_id, &stored_username,
                                             &stored_case, &stored_hash, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (stored != NULL && !op_is_replay (ctx, op, op_hash, stored_username, stored_case, stored_hash))
        {
          /* Somebody else's op, or a different op under a used id: its result is not this
           * sender's to read, and the id stays with the op it was first used for. */
          result = rejected (ctx, op, 0, "op_id_reused",
                             _("This op id was already used for a different operation; "
                               "send the operation again under a new op id"));
          yc_json_writer_raw (&writer, result);
          continue;
        }
      if (stored != NULL)
        {
          /* Seen before, perhaps in another batch: never applied twice.  The stored text is
           * what the first answer held. */
          ctx->n_replayed++;
          yc_json_writer_raw (&writer, stored);
          continue;
        }

      result = apply_op (ctx, i, error);
      if (result == NULL)
        return NULL;
      if (!yc_backoffice_storage_op_put (self->storage, op->op_id, ctx->key, op->case_uuid,
                                         yc_principal_get_username (ctx->p), op_hash, result,
                                         ctx->now, error))
        return NULL;
      yc_json_writer_raw (&writer, result);
    }
  yc_json_writer_end_array (&writer);
  yc_json_writer_end_object (&writer);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonNode *
parse_batch (GBytes      *body,
             const char  *key,
             GPtrArray  **out_ops,
             GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *batch_id = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  /* Not JsonParser: reading the body with it cost more than anything else in a push. */
  root = yc_json_decode (data, size, &local_error);
  if (root == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "body",
                               _("The batch is not JSON: %s"), local_error->message);
      return NULL;
    }
  *out_ops = yc_operation_batch_from_json (root, &batch_id, &local_error);
  if (*out_ops == NULL)
    {
      const char *message = local_error->message;
      g_autofree char *field = g_strndup (message, strcspn (message, ":"));

      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, field, "%s", message);
      return NULL;
    }
  if (batch_id == NULL || g_ascii_strcasecmp (batch_id, key) != 0)
    {
      g_clear_pointer (out_ops, g_ptr_array_unref);
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "batch_id",
                               _("The batch id must be the Idempotency-Key"));
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* Inside the group's transaction and the push's savepoint: the stored answer of a batch
 * seen before, else the batch applied with its idempotency record and audit row. */
static gboolean
push_apply (YcGroupUnit  *unit,
            GError      **error)
{
  PushContext *ctx = (PushContext *) unit;
  YcBackoffice *self = ctx->self;
  const char *username = yc_principal_get_username (ctx->p);
  g_autoptr(YcStorageBatch) stored = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) local_error = NULL;
  YcStorageBatch batch = { 0 };

  stored = yc_backoffice_storage_batch_get (self->storage, ctx->key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (stored != NULL)
    {
      if (g_strcmp0 (stored->body_hash, ctx->body_hash) != 0 || g_strcmp0 (stored->username, username) != 0)
        {
          g_message ("Batch %s reused by %s with another body", ctx->key, username);
          return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_MISMATCH, "Idempotency-Key",
                                          _("This Idempotency-Key was used for another batch"));
        }
      ctx->answer = g_strdup (stored->result);
      return TRUE;
    }

  /* A body that is not a batch is refused only now: a key seen before answers as above. */
  if (ctx->invalid != NULL)
    {
      g_propagate_error (error, g_error_copy (ctx->invalid));
      return FALSE;
    }

  ctx->answer = apply_batch (ctx, error);
  if (ctx->answer == NULL)
    return FALSE;

  batch.key = (char *) ctx->key;
  batch.username = (char *) username;
  batch.body_hash = (char *) ctx->body_hash;
  batch.result = ctx->answer;
  batch.created_at = ctx->now;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_add_int_value (builder, ctx->ops->len);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_int_value (builder, ctx->n_ok);
  json_builder_set_member_name (builder, "conflict");
  json_builder_add_int_value (builder, ctx->n_conflict);
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_int_value (builder, ctx->n_rejected);
  json_builder_set_member_name (builder, "replayed");
  json_builder_add_int_value (builder, ctx->n_replayed);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  if (!yc_backoffice_storage_batch_put (self->storage, &batch, error)
      || !yc_audit_append (self->storage, ctx->now, username, "push", ctx->key, "ok", detail, error))
    return FALSE;

  unit->last_seq = ctx->last_seq;
  return TRUE;
}

/* The group applies the push again in a new transaction: nothing of the last try counts. */
static void
push_reset (YcGroupUnit *unit)
{
  PushContext *ctx = (PushContext *) unit;

  g_clear_pointer (&ctx->answer, g_free);
  ctx->last_seq = 0;
  ctx->n_ok = ctx->n_conflict = ctx->n_rejected = ctx->n_replayed = 0;
}

/* Outside any transaction: the case each case.accept would build (see YcPushAccept). */
static void
prepare_accepts (PushContext *ctx)
{
  const YcActor *actor = yc_principal_get_actor (ctx->p);

  ctx->accepted = g_new0 (YcPushAccept, ctx->ops->len);
  ctx->op_hashes = g_new0 (char *, ctx->ops->len + 1);
  for (guint i = 0; i < ctx->ops->len; i++)
    {
      const YcOperation *op = g_ptr_array_index (ctx->ops, i);

      /* Hashing copies and serialises the op: done here, in parallel with other pushes,
       * rather than while the group holds the writer. */
      ctx->op_hashes[i] = op_json_hash (op);
      if (op->kind == YC_OP_CASE_ACCEPT)
        yc_push_accept_prepare (&ctx->accepted[i], ctx->self, op, actor, ctx->now);
    }
}

static void
push_context_clear (PushContext *ctx)
{
  for (guint i = 0; ctx->accepted != NULL && i < ctx->ops->len; i++)
    yc_push_accept_clear (&ctx->accepted[i]);
  g_clear_pointer (&ctx->accepted, g_free);
  g_clear_pointer (&ctx->op_hashes, g_strfreev);
  g_clear_pointer (&ctx->ops, g_ptr_array_unref);
  g_clear_error (&ctx->invalid);
  g_clear_error (&ctx->unit.error);
  g_clear_pointer (&ctx->answer, g_free);
}

/**
 * yc_backoffice_push_text:
 * @idempotency_key: the batch's UUID
 * @body: the batch as sent: {"batch_id": key, "ops": […]}
 *
 * The batch is parsed and its new cases built before any lock is taken; it is then applied
 * and committed together with the pushes of other threads (group commit), each in its own
 * savepoint, and this returns only after that commit.
 *
 * Returns: (transfer full): the answer as compact JSON text, the very bytes stored for a
 *   replay: {batch_id, results: [{op_id, result, version, code?, reason?, effects?}]}; the
 *   stored answer when the key was seen with this body; MISMATCH with another body; CONFLICT
 *   while the same key is being applied.
 */
char *
yc_backoffice_push_text (YcBackoffice  *self,
                         YcPrincipal   *p,
                         const char    *idempotency_key,
                         GBytes        *body,
                         GError       **error)
{
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *body_hash = NULL;
  g_autofree char *key = NULL;
  PushContext ctx = { 0 };
  YcBackofficePushHook hook;
  gpointer hook_data;
  gboolean in_flight;
  char *answer;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (idempotency_key == NULL || !g_uuid_string_is_valid (idempotency_key))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "Idempotency-Key",
                               _("Each batch needs an Idempotency-Key that is a UUID"));
      return NULL;
    }
  key = g_ascii_strdown (idempotency_key, -1);
  data = g_bytes_get_data (body, &size);
  body_hash = yc_backoffice_sha256_hex (data != NULL ? data : "", size);

  g_mutex_lock (&self->lock);
  in_flight = g_hash_table_contains (self->batches_in_flight, key);
  if (!in_flight)
    g_hash_table_add (self->batches_in_flight, g_strdup (key));
  hook = self->push_hook;
  hook_data = self->push_hook_data;
  g_mutex_unlock (&self->lock);
  if (in_flight)
    {
      g_info ("Batch %s of %s is already being applied", key, yc_principal_get_username (p));
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "Idempotency-Key",
                               _("This batch is being applied right now; retry in a moment"));
      return NULL;
    }
  if (hook != NULL)
    hook (self, key, hook_data);

  yc_backoffice_group_announce (self);
  ctx.unit.apply = push_apply;
  ctx.unit.reset = push_reset;
  ctx.self = self;
  ctx.p = p;
  ctx.key = key;
  ctx.body_hash = body_hash;
  ctx.now = yc_backoffice_now_unix (self);
  yc_backoffice_today (self, &ctx.today);

  parsed = parse_batch (body, key, &ctx.ops, &ctx.invalid);
  if (parsed != NULL)
    prepare_accepts (&ctx);

  yc_backoffice_group_commit (self, &ctx.unit);

  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->batches_in_flight, key);
  g_mutex_unlock (&self->lock);

  if (ctx.unit.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx.unit.error));
      push_context_clear (&ctx);
      return NULL;
    }
  answer = g_steal_pointer (&ctx.answer);
  push_context_clear (&ctx);
  return answer;
}

/**
 * yc_backoffice_push:
 *
 * yc_backoffice_push_text () parsed.
 *
 * Returns: (transfer full): {batch_id, results: [{op_id, result, version, code?, reason?,
 *   effects?}]}, or NULL with @error
 */
JsonNode *
yc_backoffice_push (YcBackoffice  *self,
                    YcPrincipal   *p,
                    const char    *idempotency_key,
                    GBytes        *body,
                    GError       **error)
{
  g_autofree char *text = yc_backoffice_push_text (self, p, idempotency_key, body, error);

  if (text == NULL)
    return NULL;
  return json_from_string (text, error);
}
