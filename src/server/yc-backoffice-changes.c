/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * The change feed (DESIGN.md, sync protocol): a cursor "epoch:seq", the changes after it in
 * commit order, filtered to the caller's scope by storage.  Commit order rests on the
 * storage's contract for seq and head_seq (yc-backoffice-storage.h, "The change feed"): the
 * page and the horizon come from one read transaction, and a cursor never passes the
 * horizon, so a change that commits later always has a seq above every cursor handed out.
 */

#define DEFAULT_CHANGES_LIMIT 100
#define MAX_CHANGES_LIMIT     1000

static YcStorageScope
scope_for (YcPrincipal *p)
{
  YcStorageScope scope = { 0 };

  scope.username = yc_principal_get_username (p);
  switch (yc_principal_get_role (p))
    {
    case YC_ROLE_CLERK:
      scope.hall = yc_principal_get_hall (p);
      break;
    case YC_ROLE_REVIEWER:
      scope.departments = yc_principal_get_departments (p);
      break;
    case YC_ROLE_SUPERVISOR:
      scope.hall = yc_principal_get_hall (p);
      scope.all = scope.hall == NULL;
      break;
    case YC_ROLE_ADMIN:
    default:
      /* Broadcasts (catalog versions) and what targets the administrator only. */
      break;
    }
  return scope;
}

static gboolean
parse_since (const char  *since,
             const char  *epoch,
             guint64     *out_seq,
             GError     **error)
{
  const char *colon;
  g_autofree char *since_epoch = NULL;

  *out_seq = 0;
  if (since == NULL || *since == '\0')
    return TRUE;
  colon = strrchr (since, ':');
  if (colon == NULL || colon == since
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, out_seq, NULL))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "since",
                                    _("The cursor must look like <epoch>:<seq>"));
  since_epoch = g_strndup (since, colon - since);
  if (g_strcmp0 (since_epoch, epoch) != 0)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_GONE, "since",
                                    _("The back office was reset or restored: synchronise everything again"));
  return TRUE;
}

/**
 * yc_backoffice_changes:
 * @since: (nullable): the cursor of the last page ("epoch:seq"), %NULL from the start
 * @limit: at most this many changes (0: 100; at most 1000)
 *
 * Returns: (transfer full): {changes: [{seq, kind, case_uuid, version, payload}], next, more}
 *   in commit order, only those in @p's scope; GONE for a cursor of another epoch.
 */
JsonNode *
yc_backoffice_changes (YcBackoffice  *self,
                       YcPrincipal   *p,
                       const char    *since,
                       guint          limit,
                       GError       **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next = NULL;
  YcStorageScope scope;
  const char *epoch = yc_backoffice_get_epoch (self);
  guint64 after, head = 0, last;
  gboolean more;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  if (!parse_since (since, epoch, &after, error))
    return NULL;
  if (limit == 0)
    limit = DEFAULT_CHANGES_LIMIT;
  limit = MIN (limit, MAX_CHANGES_LIMIT);
  scope = scope_for (p);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  head = yc_backoffice_storage_head_seq (self->storage, &local_error);
  if (local_error == NULL)
    changes = yc_backoffice_storage_changes_list (self->storage, after, &scope, limit + 1, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A cursor past the head was handed out by a database that has since been restored from
   * an older copy: what the client holds is not here any more. */
  if (after > head)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_GONE, "since",
                               _("The back office was reset or restored: synchronise everything again"));
      return NULL;
    }

  /* The horizon is what makes the cursor commit-ordered (yc-backoffice-storage.h): nothing
   * above it is handed out, so that jumping to it never passes a change still to commit. */
  while (changes->len > 0
         && ((YcStorageChange *) g_ptr_array_index (changes, changes->len - 1))->seq > head)
    g_ptr_array_remove_index (changes, changes->len - 1);

  more = changes->len > limit;
  if (more)
    g_ptr_array_set_size (changes, limit);
  /* Without more, the cursor jumps to the head: changes out of scope are not read again. */
  last = more ? ((YcStorageChange *) g_ptr_array_index (changes, changes->len - 1))->seq : MAX (head, after);
  next = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, epoch, last);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      const YcStorageChange *change = g_ptr_array_index (changes, i);
      JsonNode *payload = json_from_string (change->payload, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, (gint64) change->seq);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, change->kind);
      json_builder_set_member_name (builder, "case_uuid");
      if (change->case_uuid != NULL)
        json_builder_add_string_value (builder, change->case_uuid);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, change->version);
      json_builder_set_member_name (builder, "payload");
      if (payload != NULL)
        json_builder_add_value (builder, payload);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_string_value (builder, next);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
