/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-backoffice-private.h"

/* Administration, as the CLI calls it: users, windows, catalog import, audit verification,
 * the op id purge.  No principal: whoever runs the CLI owns the data directory. */

#define MIN_PASSWORD_LENGTH 8
#define MAX_PASSWORD_LENGTH 1024
#define MAX_CODE_LENGTH     64

static gboolean
is_code (const char *str)
{
  gsize len;

  if (str == NULL)
    return FALSE;
  len = strlen (str);
  if (len == 0 || len > MAX_CODE_LENGTH)
    return FALSE;
  for (const char *c = str; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '.' && *c != '_' && *c != '-')
      return FALSE;
  return TRUE;
}

/* argon2id with libsodium's interactive limits: about a tenth of a second and 64 MiB. */
static char *
hash_password (const char  *password,
               GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gsize len = password != NULL ? strlen (password) : 0;

  if (len < MIN_PASSWORD_LENGTH || len > MAX_PASSWORD_LENGTH)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "password",
                               _("A password needs at least %d characters"), MIN_PASSWORD_LENGTH);
      return NULL;
    }
  if (crypto_pwhash_str (hash, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                               _("Hashing the password failed: the server is out of memory"));
      return NULL;
    }
  return g_strdup (hash);
}

static gboolean
audit_admin (YcBackoffice  *self,
             const char    *action,
             const char    *target,
             JsonNode      *detail,
             GError       **error)
{
  return yc_audit_append (self->storage, yc_backoffice_now_unix (self), "-", action, target,
                          "ok", detail, error);
}

static gboolean
commit_or_rollback (YcBackoffice  *self,
                    gboolean       ok,
                    GError       **error)
{
  if (!ok)
    {
      yc_backoffice_storage_rollback (self->storage);
      return FALSE;
    }
  return yc_backoffice_storage_commit (self->storage, error);
}

static JsonNode *
role_detail (const char *role)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "role", role);
  json_node_take_object (node, object);
  return node;
}

/**
 * yc_backoffice_user_add:
 * @hall: (nullable): required for clerks; optional for supervisors (none: every hall)
 * @departments: (nullable): required for reviewers
 *
 * Adds a user.  Usernames are codes (letters, digits, '.', '_', '-'); an existing username
 * is CONFLICT.
 */
gboolean
yc_backoffice_user_add (YcBackoffice       *self,
                        const char         *username,
                        const char         *display_name,
                        YcRole              role,
                        const char         *hall,
                        const char * const *departments,
                        const char         *password,
                        GError            **error)
{
  g_autoptr(YcStorageUser) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) detail = NULL;
  YcStorageUser user = { 0 };
  g_autofree char *hash = NULL;
  static const char * const none[] = { NULL };
  gboolean ok;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  if (!is_code (username))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "username",
                                    _("A username is 1 to 64 letters, digits, “.”, “_” or “-”"));
  if (yc_principal_role_to_string (role) == NULL)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "role", _("Unknown role"));
  if (hall != NULL && *hall == '\0')
    hall = NULL;
  if (hall != NULL && !is_code (hall))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "hall",
                                    _("A hall code is 1 to 64 letters, digits, “.”, “_” or “-”"));
  if (role == YC_ROLE_CLERK && hall == NULL)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "hall",
                                    _("A counter clerk needs the hall they work in"));
  if (role == YC_ROLE_REVIEWER && (departments == NULL || departments[0] == NULL))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "departments",
                                    _("A reviewer needs at least one department"));
  for (guint i = 0; departments != NULL && departments[i] != NULL; i++)
    if (!is_code (departments[i]))
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "departments",
                                      _("“%s” is not a department code"), departments[i]);

  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;

  user.username = (char *) username;
  user.display_name = (char *) (display_name != NULL && *display_name != '\0' ? display_name : username);
  user.role = (char *) yc_principal_role_to_string (role);
  user.hall = (char *) hall;
  user.departments = (char **) (role == YC_ROLE_REVIEWER ? departments : none);
  user.password_hash = hash;
  user.created_at = yc_backoffice_now_unix (self);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  existing = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  if (existing != NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "username",
                                      _("There is already a user “%s”"), username);
    }
  detail = role_detail (user.role);
  ok = local_error == NULL
       && yc_backoffice_storage_user_put (self->storage, &user, &local_error)
       && audit_admin (self, "user.add", username, detail, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return commit_or_rollback (self, ok, error);
}

/* Loads, disables or gives a new password hash to, and stores a user. */
static gboolean
update_user (YcBackoffice   *self,
             const char     *username,
             const char     *action,
             gboolean        disable,
             const char     *new_hash,
             GError        **error)
{
  g_autoptr(YcStorageUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *throttle_key = g_strconcat ("user:", username, NULL);
  gboolean ok;

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  user = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  if (user == NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "username",
                                      _("There is no user “%s”"), username);
    }
  if (disable)
    user->disabled = TRUE;
  if (new_hash != NULL)
    {
      g_free (user->password_hash);
      user->password_hash = g_strdup (new_hash);
    }
  /* A disabled user or a changed password ends every session of that user at once; a new
   * password also lifts a lockout of the account. */
  ok = yc_backoffice_storage_user_put (self->storage, user, error)
       && yc_backoffice_storage_sessions_purge (self->storage, username, 0, error)
       && (new_hash == NULL || yc_backoffice_storage_throttle_clear (self->storage, throttle_key, error))
       && audit_admin (self, action, username, NULL, error);
  return commit_or_rollback (self, ok, error);
}

gboolean
yc_backoffice_user_disable (YcBackoffice  *self,
                            const char    *username,
                            GError       **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  return update_user (self, username, "user.disable", TRUE, NULL, error);
}

gboolean
yc_backoffice_user_set_password (YcBackoffice  *self,
                                 const char    *username,
                                 const char    *password,
                                 GError       **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  hash = hash_password (password, error);
  if (hash == NULL)
    return FALSE;
  return update_user (self, username, "user.password", FALSE, hash, error);
}

/**
 * yc_backoffice_user_list:
 *
 * Returns: (transfer full): [{username, display_name, role, hall, departments, disabled}]
 */
JsonNode *
yc_backoffice_user_list (YcBackoffice  *self,
                         GError       **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  users = yc_backoffice_storage_user_list (self->storage, error);
  yc_backoffice_storage_rollback (self->storage);
  if (users == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      const YcStorageUser *user = g_ptr_array_index (users, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, user->username);
      json_builder_set_member_name (builder, "display_name");
      json_builder_add_string_value (builder, user->display_name);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, user->role);
      json_builder_set_member_name (builder, "hall");
      if (user->hall != NULL)
        json_builder_add_string_value (builder, user->hall);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "departments");
      json_builder_begin_array (builder);
      for (guint j = 0; user->departments[j] != NULL; j++)
        json_builder_add_string_value (builder, user->departments[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "disabled");
      json_builder_add_boolean_value (builder, user->disabled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/**
 * yc_backoffice_window_enroll:
 *
 * Records a counter window (hall and window codes, as in case numbers).  Enrolling the same
 * window twice is CONFLICT: two devices must never make the same case numbers.
 */
gboolean
yc_backoffice_window_enroll (YcBackoffice  *self,
                             const char    *hall,
                             const char    *window,
                             const char    *description,
                             GError       **error)
{
  YcStorageWindow row = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *target = NULL;
  gboolean ok;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  if (!is_code (hall))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "hall",
                                    _("A hall code is 1 to 64 letters, digits, “.”, “_” or “-”"));
  if (!is_code (window))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "window",
                                    _("A window code is 1 to 64 letters, digits, “.”, “_” or “-”"));

  row.hall = (char *) hall;
  row.window = (char *) window;
  row.description = (char *) description;
  row.enrolled_at = yc_backoffice_now_unix (self);
  target = g_strdup_printf ("%s/%s", hall, window);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  ok = yc_backoffice_storage_window_put (self->storage, &row, &local_error)
       && audit_admin (self, "window.enroll", target, NULL, &local_error);
  if (local_error != NULL && g_error_matches (local_error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT))
    {
      g_clear_error (&local_error);
      yc_backoffice_set_error (&local_error, YC_BACKOFFICE_ERROR_CONFLICT, "window",
                               _("Window %s of hall %s is already enrolled"), window, hall);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return commit_or_rollback (self, ok, error);
}

/**
 * yc_backoffice_window_list:
 *
 * Returns: (transfer full): [{hall, window, description, enrolled_at}]
 */
JsonNode *
yc_backoffice_window_list (YcBackoffice  *self,
                           GError       **error)
{
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  windows = yc_backoffice_storage_window_list (self->storage, error);
  yc_backoffice_storage_rollback (self->storage);
  if (windows == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < windows->len; i++)
    {
      const YcStorageWindow *window = g_ptr_array_index (windows, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (window->enrolled_at);
      g_autofree char *iso = g_date_time_format_iso8601 (at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "hall");
      json_builder_add_string_value (builder, window->hall);
      json_builder_set_member_name (builder, "window");
      json_builder_add_string_value (builder, window->window);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, window->description);
      json_builder_set_member_name (builder, "enrolled_at");
      json_builder_add_string_value (builder, iso);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/**
 * yc_backoffice_catalog_import:
 *
 * Makes @catalog the current one.  Older versions stay stored (cases keep the version they
 * were accepted under).  Importing the catalog that is already current changes nothing;
 * another content under a version already stored is CONFLICT (field "version").
 * A new version goes out on the change feed to everyone.
 */
gboolean
yc_backoffice_catalog_import (YcBackoffice  *self,
                              YcCatalog     *catalog,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) current = NULL;
  g_autofree char *current_etag = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) detail = NULL;
  YcStorageChange change = { 0 };
  const char *version;
  guint64 seq = 0;
  gsize size;
  gconstpointer data;
  gboolean ok;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);
  g_return_val_if_fail (YC_IS_CATALOG (catalog), FALSE);

  bytes = yc_catalog_to_bytes (catalog);
  data = g_bytes_get_data (bytes, &size);
  hash = yc_backoffice_sha256_hex (data, size);
  etag = g_strdup_printf ("\"%.32s\"", hash);
  version = yc_catalog_get_version (catalog);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  current = yc_backoffice_storage_catalog_get (self->storage, NULL, &current_etag, &local_error);
  if (local_error != NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (current != NULL && g_strcmp0 (current_etag, etag) == 0)
    {
      yc_backoffice_storage_rollback (self->storage);
      return TRUE;
    }

  /* Cases name their catalog by version: one version must always mean the same catalog. */
  {
    g_autofree char *stored_etag = NULL;
    g_autoptr(GBytes) stored = yc_backoffice_storage_catalog_get_version (self->storage, version,
                                                                          &stored_etag, &local_error);

    if (local_error != NULL)
      {
        yc_backoffice_storage_rollback (self->storage);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
    if (stored != NULL && g_strcmp0 (stored_etag, etag) != 0)
      {
        yc_backoffice_storage_rollback (self->storage);
        return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "version",
                                        _("Catalog version %s is already stored with other content; "
                                          "give the changed catalog a new version and import it again"),
                                        version);
      }
  }

  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "version");
    json_builder_add_string_value (builder, version);
    json_builder_set_member_name (builder, "etag");
    json_builder_add_string_value (builder, etag);
    json_builder_end_object (builder);
    detail = json_builder_get_root (builder);
  }
  payload = json_to_string (detail, FALSE);
  change.kind = (char *) "catalog";
  change.payload = payload;
  change.at = yc_backoffice_now_unix (self);

  ok = yc_backoffice_storage_catalog_put (self->storage, version, etag, bytes, change.at, error)
       && yc_backoffice_storage_meta_set (self->storage, "catalog_etag", etag, error)
       && (seq = yc_backoffice_storage_change_append (self->storage, &change, error)) > 0
       && audit_admin (self, "catalog.import", version, detail, error);
  if (!commit_or_rollback (self, ok, error))
    return FALSE;
  yc_backoffice_emit_committed (self, seq);
  return TRUE;
}

/**
 * yc_backoffice_audit_verify:
 * @out_first_bad_id: (out): the id of the first row whose hash or link does not match
 *
 * Returns: %TRUE when the whole chain is intact; %FALSE with @out_first_bad_id set when it
 *   is not, or with @error set when the check itself failed.
 */
gboolean
yc_backoffice_audit_verify (YcBackoffice  *self,
                            gint64        *out_first_bad_id,
                            GError       **error)
{
  gint64 bad = 0;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  if (out_first_bad_id != NULL)
    *out_first_bad_id = 0;
  if (!yc_audit_verify (self->storage, &bad, error))
    return FALSE;
  if (out_first_bad_id != NULL)
    *out_first_bad_id = bad;
  return bad == 0;
}

/**
 * yc_backoffice_purge_op_ids:
 * @older_than: how old op ids must be to go; raised to YC_BACKOFFICE_OP_RETENTION_FLOOR
 *
 * Returns: how many op ids were forgotten.
 */
guint
yc_backoffice_purge_op_ids (YcBackoffice *self,
                            GTimeSpan     older_than)
{
  g_autoptr(GError) error = NULL;
  gint64 removed;
  gint64 before;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), 0);

  older_than = MAX (older_than, YC_BACKOFFICE_OP_RETENTION_FLOOR);
  before = yc_backoffice_now_unix (self) - older_than / G_TIME_SPAN_SECOND;
  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    goto fail;
  removed = yc_backoffice_storage_ops_purge (self->storage, before, &error);
  if (removed < 0 || !yc_backoffice_storage_commit (self->storage, &error))
    {
      if (removed < 0)
        yc_backoffice_storage_rollback (self->storage);
      goto fail;
    }
  if (removed > 0)
    g_info ("Forgot %" G_GINT64_FORMAT " op ids older than %" G_GINT64_FORMAT " days",
            removed, older_than / G_TIME_SPAN_DAY);
  return (guint) removed;

fail:
  g_message ("Purging old op ids failed: %s", error->message);
  return 0;
}
