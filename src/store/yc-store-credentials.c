/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "yc-store-private.h"

/*
 * Cached credentials for offline sign-in.  The hash is computed and checked outside the
 * store's lock: argon2id is slow on purpose, and the lock guards only the database.
 */

G_DEFINE_BOXED_TYPE (YcUserProfile, yc_user_profile, yc_user_profile_copy, yc_user_profile_free)

/**
 * yc_user_profile_new:
 * @hall: (nullable):
 * @departments: (nullable) (array zero-terminated=1): %NULL for none
 *
 * Returns: (transfer full): a profile whose last_online_at is now
 */
YcUserProfile *
yc_user_profile_new (const char         *username,
                     const char         *display_name,
                     YcRole              role,
                     const char         *hall,
                     const char * const *departments)
{
  YcUserProfile *profile;

  g_return_val_if_fail (username != NULL, NULL);

  profile = g_new0 (YcUserProfile, 1);
  profile->username = g_strdup (username);
  profile->display_name = g_strdup (display_name != NULL ? display_name : username);
  profile->role = role;
  profile->hall = g_strdup (hall);
  profile->departments = departments != NULL ? g_strdupv ((GStrv) departments) : g_new0 (char *, 1);
  profile->last_online_at = g_date_time_new_now_utc ();
  return profile;
}

YcUserProfile *
yc_user_profile_copy (const YcUserProfile *profile)
{
  YcUserProfile *copy;

  g_return_val_if_fail (profile != NULL, NULL);

  copy = yc_user_profile_new (profile->username, profile->display_name, profile->role,
                              profile->hall, (const char * const *) profile->departments);
  g_date_time_unref (copy->last_online_at);
  copy->last_online_at = g_date_time_ref (profile->last_online_at);
  return copy;
}

void
yc_user_profile_free (YcUserProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->username);
  g_free (profile->display_name);
  g_free (profile->hall);
  g_strfreev (profile->departments);
  g_clear_pointer (&profile->last_online_at, g_date_time_unref);
  g_free (profile);
}

/* Passwords are wiped from memory as soon as they are no longer needed. */
static void
password_free (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                           _("The password library could not be started, so offline sign-in "
                             "is not available. Call the administrator."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_username (const char  *username,
                GError     **error)
{
  if (username == NULL || *username == '\0' || !g_utf8_validate (username, -1, NULL))
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                           _("Enter a user name."));
      return FALSE;
    }
  return TRUE;
}

static char *
departments_to_json (GStrv departments)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; departments != NULL && departments[i] != NULL; i++)
    json_builder_add_string_value (builder, departments[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GStrv
departments_from_json (const char *text)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *value = json_array_get_string_element (array, i);

          if (value != NULL)
            g_strv_builder_add (builder, value);
        }
    }
  return g_strv_builder_end (builder);
}

/**
 * yc_store_put_credential:
 * @profile: the user as the back office described them at sign-in
 * @password: the password that the back office has just accepted
 *
 * Caches an argon2id verifier of @password with @profile, replacing what was cached for
 * this user.  Call it only after an online sign-in succeeded.
 */
gboolean
yc_store_put_credential (YcStore              *self,
                         const YcUserProfile  *profile,
                         const char           *password,
                         GError              **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *departments = NULL;
  g_autofree char *last_online_at = NULL;
  g_autofree char *updated_at = NULL;
  char verifier[crypto_pwhash_STRBYTES];
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_username (profile->username, error) || !ensure_sodium (error))
    return FALSE;

  if (crypto_pwhash_str (verifier, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                           _("There was not enough memory to prepare offline sign-in. You are "
                             "signed in; offline sign-in will be prepared the next time."));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  updated_at = yc_store_format_time (now);
  last_online_at = yc_store_format_time (profile->last_online_at != NULL ? profile->last_online_at : now);
  departments = departments_to_json (profile->departments);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "INSERT INTO credentials (username, verifier, display_name, role, hall, "
                                   "departments, last_online_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                   "ON CONFLICT (username) DO UPDATE SET verifier = excluded.verifier, "
                                   "display_name = excluded.display_name, role = excluded.role, "
                                   "hall = excluded.hall, departments = excluded.departments, "
                                   "last_online_at = excluded.last_online_at, updated_at = excluded.updated_at",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, profile->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, verifier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, profile->display_name != NULL ? profile->display_name : profile->username,
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, yc_role_to_string (profile->role), -1, SQLITE_STATIC);
  if (profile->hall != NULL)
    sqlite3_bind_text (statement, 5, profile->hall, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (statement, 5);
  sqlite3_bind_text (statement, 6, departments, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 7, last_online_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 8, updated_at, -1, SQLITE_STATIC);
  return yc_database_step_done (database, statement, error);
}

/**
 * yc_store_check_credential:
 *
 * Checks @password against the verifier cached for @username.
 *
 * Returns: (transfer full): the cached profile, or %NULL with
 *   %YC_STORE_ERROR_NOT_FOUND (this user never signed in online here) or
 *   %YC_STORE_ERROR_WRONG_PASSWORD
 */
YcUserProfile *
yc_store_check_credential (YcStore     *self,
                           const char  *username,
                           const char  *password,
                           GError     **error)
{
  g_autoptr(YcUserProfile) profile = NULL;
  g_autofree char *verifier = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_username (username, error) || !ensure_sodium (error))
    return NULL;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (yc_store_get_lock (self));
    YcDatabase *database = yc_store_get_database (self);
    g_autoptr(YcStatement) statement = NULL;
    g_autofree char *departments = NULL;
    YcRole role = YC_ROLE_CLERK;
    int rc;

    statement = yc_database_prepare (database,
                                     "SELECT verifier, display_name, role, hall, departments, last_online_at "
                                     "FROM credentials WHERE username = ?",
                                     error);
    if (statement == NULL)
      return NULL;
    sqlite3_bind_text (statement, 1, username, -1, SQLITE_STATIC);
    rc = yc_database_step (database, statement, error);
    if (rc < 0)
      return NULL;
    if (rc == SQLITE_ROW)
      {
        found = TRUE;
        verifier = yc_statement_dup_text (statement, 0);
        yc_role_from_string (yc_statement_get_text (statement, 2), &role);
        departments = yc_statement_dup_text (statement, 4);
        profile = g_new0 (YcUserProfile, 1);
        profile->username = g_strdup (username);
        profile->display_name = yc_statement_dup_text (statement, 1);
        profile->role = role;
        profile->hall = yc_statement_dup_text (statement, 3);
        profile->departments = departments_from_json (departments);
        profile->last_online_at = yc_store_parse_time (yc_statement_get_text (statement, 5));
      }
  }

  if (!found)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("“%s” has never signed in on this computer while the back office was "
                     "reachable, so offline sign-in is not possible. Sign in once while the "
                     "back office is reachable, or ask the administrator."), username);
      return NULL;
    }

  if (crypto_pwhash_str_verify (verifier, password, strlen (password)) != 0)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD,
                           _("Wrong user name or password."));
      return NULL;
    }

  return g_steal_pointer (&profile);
}

/**
 * yc_store_forget_credential:
 *
 * Drops what was cached for @username, for example when the back office refused the
 * password (it was changed or the account was disabled).  Forgetting a user that is not
 * cached succeeds.
 */
gboolean
yc_store_forget_credential (YcStore     *self,
                            const char  *username,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_username (username, error))
    return FALSE;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database, "DELETE FROM credentials WHERE username = ?", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, username, -1, SQLITE_STATIC);
  return yc_database_step_done (database, statement, error);
}

/* Async wrappers: the writer thread runs the blocking functions. */

typedef struct {
  YcUserProfile *profile;
  char          *username;
  char          *password;
} CredentialData;

static void
credential_data_free (CredentialData *data)
{
  g_clear_pointer (&data->profile, yc_user_profile_free);
  g_free (data->username);
  password_free (data->password);
  g_free (data);
}

static gpointer
put_job (YcStore   *self,
         gpointer   data,
         GError   **error)
{
  CredentialData *put = data;

  return yc_store_put_credential (self, put->profile, put->password, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_put_credential_async (YcStore             *self,
                               const YcUserProfile *profile,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CredentialData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (password != NULL);

  data = g_new0 (CredentialData, 1);
  data->profile = yc_user_profile_copy (profile);
  data->password = g_strdup (password);
  yc_store_queue_job (self, put_job, data, (GDestroyNotify) credential_data_free, NULL,
                      yc_store_put_credential_async, cancellable, callback, user_data);
}

gboolean
yc_store_put_credential_finish (YcStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_put_credential_async, error) != NULL;
}

static gpointer
check_job (YcStore   *self,
           gpointer   data,
           GError   **error)
{
  CredentialData *check = data;

  return yc_store_check_credential (self, check->username, check->password, error);
}

void
yc_store_check_credential_async (YcStore             *self,
                                 const char          *username,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  CredentialData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (password != NULL);

  data = g_new0 (CredentialData, 1);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  yc_store_queue_job (self, check_job, data, (GDestroyNotify) credential_data_free,
                      (GDestroyNotify) yc_user_profile_free,
                      yc_store_check_credential_async, cancellable, callback, user_data);
}

/**
 * yc_store_check_credential_finish:
 *
 * Returns: (transfer full): the cached profile, or %NULL (see yc_store_check_credential())
 */
YcUserProfile *
yc_store_check_credential_finish (YcStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_check_credential_async, error);
}

static gpointer
forget_job (YcStore   *self,
            gpointer   data,
            GError   **error)
{
  CredentialData *forget = data;

  return yc_store_forget_credential (self, forget->username, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_forget_credential_async (YcStore             *self,
                                  const char          *username,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CredentialData *data;

  g_return_if_fail (YC_IS_STORE (self));

  data = g_new0 (CredentialData, 1);
  data->username = g_strdup (username);
  yc_store_queue_job (self, forget_job, data, (GDestroyNotify) credential_data_free, NULL,
                      yc_store_forget_credential_async, cancellable, callback, user_data);
}

gboolean
yc_store_forget_credential_finish (YcStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_forget_credential_async, error) != NULL;
}
