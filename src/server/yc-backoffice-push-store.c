/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-push-private.h"

/*
 * What a push writes besides its op ids and answer (yc-backoffice-push.c): the case with its
 * change for everyone in its scope, an urge for its target, a conflict for the op's author.
 * All inside the caller's write transaction.
 */

/* The indexed columns of a case, from the document the case machine keeps. */
YcStorageCase *
yc_push_storage_case_new (YcCase *c,
                          gint64  now)
{
  YcStorageCase *row = g_new0 (YcStorageCase, 1);
  g_autoptr(GStrvBuilder) blobs = g_strv_builder_new ();
  const char *name = NULL;

  row->uuid = g_strdup (c->uuid);
  row->version = c->version;
  row->number = g_strdup (c->number);
  row->hall = g_strdup (c->hall);
  row->window = g_strdup (c->window);
  row->clerk = g_strdup (c->clerk);
  row->state = g_strdup (yc_case_state_to_string (c->state));
  row->decision = g_strdup (yc_decision_to_string (c->decision));
  row->accepted_on = yc_backoffice_date_to_iso (&c->accepted_on);
  row->deadline = yc_backoffice_date_to_iso (&c->deadline);
  if (c->applicant != NULL && json_object_has_member (c->applicant, "name"))
    name = json_object_get_string_member_with_default (c->applicant, "name", NULL);
  row->applicant_name = g_strdup (name);
  row->applicant_id = g_strdup (yc_case_get_applicant_id (c));
  row->departments = yc_case_dup_departments (c);
  for (guint i = 0; c->materials != NULL && i < c->materials->len; i++)
    {
      const YcCaseMaterialVersion *m = g_ptr_array_index (c->materials, i);
      if (m->blob_sha256 != NULL)
        g_strv_builder_add (blobs, m->blob_sha256);
    }
  row->blobs = g_strv_builder_end (blobs);
  row->document = yc_case_to_json_string (c);
  row->updated_at = now;
  row->tolerance_due = yc_backoffice_tolerance_due (c);
  if (row->accepted_on == NULL)
    row->accepted_on = g_strdup ("");
  return row;
}

/* Returns the change's seq, or 0 with @error. */
static guint64
append_change (YcBackoffice        *self,
               const char          *kind,
               const char          *case_uuid,
               gint64               version,
               JsonNode            *payload,
               const char          *hall,
               const char * const  *departments,
               const char          *target_user,
               gint64               now,
               GError             **error)
{
  g_autofree char *text = json_to_string (payload, FALSE);
  static const char * const none[] = { NULL };
  YcStorageChange change = { 0 };

  change.kind = (char *) kind;
  change.case_uuid = (char *) case_uuid;
  change.version = version;
  change.payload = text;
  change.hall = (char *) hall;
  change.departments = (char **) (departments != NULL ? departments : none);
  change.target_user = (char *) target_user;
  change.at = now;
  return yc_backoffice_storage_change_append (self->storage, &change, error);
}

/* Stores @c from its stored form @row (yc_push_storage_case_new) and puts it on the feed. */
guint64
yc_backoffice_store_case_row (YcBackoffice         *self,
                              YcCase               *c,
                              const YcStorageCase  *row,
                              gint64                now,
                              GError              **error)
{
  YcStorageChange change = { 0 };

  if (!yc_backoffice_storage_case_put (self->storage, row, error))
    return 0;
  change.kind = (char *) "case";
  change.case_uuid = c->uuid;
  change.version = c->version;
  /* The document is stored once, in cases: the change refers to it (storage.h). */
  change.payload = NULL;
  change.hall = c->hall;
  change.departments = row->departments;
  change.at = now;
  return yc_backoffice_storage_change_append (self->storage, &change, error);
}

/**
 * yc_backoffice_store_case:
 *
 * Stores @c and puts it on the change feed for everyone in its scope (its hall, the
 * departments of its parts), inside the caller's write transaction.
 *
 * Returns: the change's seq, or 0 with @error
 */
guint64
yc_backoffice_store_case (YcBackoffice  *self,
                          YcCase        *c,
                          gint64         now,
                          GError       **error)
{
  g_autoptr(YcStorageCase) row = yc_push_storage_case_new (c, now);

  return yc_backoffice_store_case_row (self, c, row, now, error);
}

/* Stores the case @op made (@row: its stored form, or NULL to make it) and tells everyone in
 * its scope; urges also reach their target.  Returns the last change's seq, or 0 with
 * @error. */
guint64
yc_push_store_case (YcBackoffice         *self,
                    YcCase               *c,
                    const YcStorageCase  *row,
                    const YcOperation    *op,
                    gint64                now,
                    GError              **error)
{
  guint64 seq = row != NULL ? yc_backoffice_store_case_row (self, c, row, now, error)
                            : yc_backoffice_store_case (self, c, now, error);

  if (seq == 0)
    return 0;

  if (op->kind == YC_OP_SUPERVISION_URGE)
    {
      YcCaseUrge *urge = yc_case_lookup_urge (c, op->op_id);
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) payload = NULL;
      const char *departments[2] = { NULL, NULL };
      const char *to;

      if (urge == NULL)
        return seq;
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, urge->id);
      json_builder_set_member_name (builder, "case_uuid");
      json_builder_add_string_value (builder, c->uuid);
      json_builder_set_member_name (builder, "number");
      json_builder_add_string_value (builder, c->number);
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, urge->by);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, urge->message);
      json_builder_set_member_name (builder, "at");
      json_builder_add_string_value (builder, urge->at);
      to = yc_backoffice_urge_addressee (c, urge);
      json_builder_set_member_name (builder, "to");
      if (to != NULL)
        json_builder_add_string_value (builder, to);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      payload = json_builder_get_root (builder);
      departments[0] = urge->department;
      /* To the handler (the reviewer holding the part, the clerk of the case) only; an urge
       * of a part nobody holds reaches that department's reviewers. */
      return append_change (self, "urge", c->uuid, c->version, payload,
                            urge->department != NULL ? NULL : urge->hall, departments, to, now,
                            error);
    }
  return seq;
}

/* A stale op of @p on @server: the losing op is kept and sent to its author.  Returns the
 * change's seq, or 0 with @error. */
guint64
yc_push_store_conflict (YcBackoffice        *self,
                        YcPrincipal         *p,
                        const YcOperation   *op,
                        const YcStorageCase *server,
                        gint64               now,
                        GError             **error)
{
  g_autoptr(JsonNode) op_json = yc_operation_to_json (op);
  g_autofree char *op_text = json_to_string (op_json, FALSE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  YcStorageConflict conflict = { 0 };

  conflict.op_id = op->op_id;
  conflict.case_uuid = op->case_uuid;
  conflict.username = (char *) yc_principal_get_username (p);
  conflict.server_version = server->version;
  conflict.payload = op_text;
  conflict.at = now;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op_id");
  json_builder_add_string_value (builder, op->op_id);
  json_builder_set_member_name (builder, "server_version");
  json_builder_add_int_value (builder, server->version);
  json_builder_set_member_name (builder, "op");
  json_builder_add_value (builder, json_node_ref (op_json));
  json_builder_set_member_name (builder, "case");
  json_builder_add_value (builder, json_from_string (server->document, NULL));
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);

  if (!yc_backoffice_storage_conflict_put (self->storage, &conflict, error))
    return 0;
  return append_change (self, "conflict", op->case_uuid, server->version, payload, NULL, NULL,
                        yc_principal_get_username (p), now, error);
}
