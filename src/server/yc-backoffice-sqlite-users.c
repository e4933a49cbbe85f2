/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end: users, windows, catalogs, sessions, sign-in throttling, audit rows. */

static YcStorageUser *
read_user (sqlite3_stmt *s)
{
  YcStorageUser *user = g_new0 (YcStorageUser, 1);

  user->username = yc_backoffice_sqlite_column_dup (s, 0);
  user->display_name = yc_backoffice_sqlite_column_dup (s, 1);
  user->role = yc_backoffice_sqlite_column_dup (s, 2);
  user->hall = yc_backoffice_sqlite_column_dup (s, 3);
  user->departments = yc_backoffice_sqlite_column_strv (s, 4);
  user->password_hash = yc_backoffice_sqlite_column_dup (s, 5);
  user->disabled = sqlite3_column_int (s, 6) != 0;
  user->created_at = sqlite3_column_int64 (s, 7);
  return user;
}

#define USER_COLUMNS "username, display_name, role, hall, departments, password_hash, disabled, created_at"

static YcStorageUser *
sqlite_user_get (YcBackofficeStorage  *storage,
                 const char           *username,
                 GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT " USER_COLUMNS " FROM users WHERE username = ?1", error);
  YcStorageUser *user;

  if (s == NULL)
    return NULL;
  yc_backoffice_sqlite_bind_text (s, 1, username);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  user = read_user (s);
  sqlite3_reset (s);
  return user;
}

static gboolean
sqlite_user_put (YcBackofficeStorage  *storage,
                 const YcStorageUser  *user,
                 GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO users (" USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
      " role = excluded.role, hall = excluded.hall, departments = excluded.departments,"
      " password_hash = excluded.password_hash, disabled = excluded.disabled", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, user->username);
  yc_backoffice_sqlite_bind_text (s, 2, user->display_name);
  yc_backoffice_sqlite_bind_text (s, 3, user->role);
  yc_backoffice_sqlite_bind_text (s, 4, user->hall);
  yc_backoffice_sqlite_bind_strv (s, 5, (const char * const *) user->departments);
  yc_backoffice_sqlite_bind_text (s, 6, user->password_hash);
  sqlite3_bind_int (s, 7, user->disabled ? 1 : 0);
  sqlite3_bind_int64 (s, 8, user->created_at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static GPtrArray *
sqlite_user_list (YcBackofficeStorage  *storage,
                  GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT " USER_COLUMNS " FROM users ORDER BY username", error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_user_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (users, read_user (s));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&users);
}

static gboolean
sqlite_window_put (YcBackofficeStorage    *storage,
                   const YcStorageWindow  *window,
                   GError                **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO windows (hall, window, description, enrolled_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, window->hall);
  yc_backoffice_sqlite_bind_text (s, 2, window->window);
  yc_backoffice_sqlite_bind_text (s, 3, window->description);
  sqlite3_bind_int64 (s, 4, window->enrolled_at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static GPtrArray *
sqlite_window_list (YcBackofficeStorage  *storage,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT hall, window, description, enrolled_at FROM windows ORDER BY hall, window", error);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_window_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      YcStorageWindow *window = g_new0 (YcStorageWindow, 1);
      window->hall = yc_backoffice_sqlite_column_dup (s, 0);
      window->window = yc_backoffice_sqlite_column_dup (s, 1);
      window->description = yc_backoffice_sqlite_column_dup (s, 2);
      window->enrolled_at = sqlite3_column_int64 (s, 3);
      g_ptr_array_add (windows, window);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&windows);
}

static gboolean
sqlite_catalog_put (YcBackofficeStorage  *storage,
                    const char           *version,
                    const char           *etag,
                    GBytes               *bytes,
                    gint64                at,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO catalogs (version, etag, bytes, imported_at) VALUES (?1, ?2, ?3, ?4)", error);
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, version);
  yc_backoffice_sqlite_bind_text (s, 2, etag);
  sqlite3_bind_blob64 (s, 3, data != NULL ? data : "", size, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (s, 4, at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static GBytes *
sqlite_catalog_get (YcBackofficeStorage  *storage,
                    char                **out_version,
                    char                **out_etag,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      /* The current catalog is the one the last import designated (meta catalog_etag);
       * every older version stays a row of its own. */
      "SELECT version, etag, bytes FROM catalogs"
      " WHERE etag = (SELECT value FROM meta WHERE key = 'catalog_etag') ORDER BY id DESC LIMIT 1",
      error);
  GBytes *bytes;

  if (s == NULL || !yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  if (out_version != NULL)
    *out_version = yc_backoffice_sqlite_column_dup (s, 0);
  if (out_etag != NULL)
    *out_etag = yc_backoffice_sqlite_column_dup (s, 1);
  bytes = g_bytes_new (sqlite3_column_blob (s, 2), sqlite3_column_bytes (s, 2));
  sqlite3_reset (s);
  return bytes;
}

static GBytes *
sqlite_catalog_get_version (YcBackofficeStorage  *storage,
                            const char           *version,
                            char                **out_etag,
                            GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT etag, bytes FROM catalogs WHERE version = ?1 ORDER BY id DESC LIMIT 1", error);
  GBytes *bytes;

  if (s == NULL)
    return NULL;
  yc_backoffice_sqlite_bind_text (s, 1, version);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  if (out_etag != NULL)
    *out_etag = yc_backoffice_sqlite_column_dup (s, 0);
  bytes = g_bytes_new (sqlite3_column_blob (s, 1), sqlite3_column_bytes (s, 1));
  sqlite3_reset (s);
  return bytes;
}

static gboolean
sqlite_session_put (YcBackofficeStorage  *storage,
                    const char           *token_hash,
                    const char           *username,
                    gint64                created_at,
                    gint64                expires_at,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, token_hash);
  yc_backoffice_sqlite_bind_text (s, 2, username);
  sqlite3_bind_int64 (s, 3, created_at);
  sqlite3_bind_int64 (s, 4, expires_at);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static char *
sqlite_session_get (YcBackofficeStorage  *storage,
                    const char           *token_hash,
                    gint64               *out_expires_at,
                    GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT username, expires_at FROM sessions WHERE token_hash = ?1", error);
  char *username;

  if (s == NULL)
    return NULL;
  yc_backoffice_sqlite_bind_text (s, 1, token_hash);
  if (!yc_backoffice_sqlite_step_row (self, s, error))
    return NULL;
  username = yc_backoffice_sqlite_column_dup (s, 0);
  if (out_expires_at != NULL)
    *out_expires_at = sqlite3_column_int64 (s, 1);
  sqlite3_reset (s);
  return username;
}

static gboolean
sqlite_session_delete (YcBackofficeStorage  *storage,
                       const char           *token_hash,
                       gboolean             *out_existed,
                       GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "DELETE FROM sessions WHERE token_hash = ?1", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, token_hash);
  if (!yc_backoffice_sqlite_step_done (self, s, error))
    return FALSE;
  if (out_existed != NULL)
    *out_existed = yc_backoffice_sqlite_changes (self) > 0;
  return TRUE;
}

static gboolean
sqlite_sessions_purge (YcBackofficeStorage  *storage,
                       const char           *username,
                       gint64                expired_before,
                       GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "DELETE FROM sessions WHERE (?1 IS NOT NULL AND username = ?1) OR expires_at < ?2", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, username);
  sqlite3_bind_int64 (s, 2, expired_before);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_throttle_get (YcBackofficeStorage  *storage,
                     const char           *key,
                     guint                *out_failures,
                     gint64               *out_first_failure,
                     gint64               *out_locked_until,
                     GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT failures, first_failure, locked_until FROM throttle WHERE key = ?1", error);
  g_autoptr(GError) local_error = NULL;

  *out_failures = 0;
  *out_first_failure = 0;
  *out_locked_until = 0;
  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, key);
  if (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      *out_failures = sqlite3_column_int (s, 0);
      *out_first_failure = sqlite3_column_int64 (s, 1);
      *out_locked_until = sqlite3_column_int64 (s, 2);
      sqlite3_reset (s);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_throttle_put (YcBackofficeStorage  *storage,
                     const char           *key,
                     guint                 failures,
                     gint64                first_failure,
                     gint64                locked_until,
                     GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO throttle (key, failures, first_failure, locked_until) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,"
      " first_failure = excluded.first_failure, locked_until = excluded.locked_until", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, key);
  sqlite3_bind_int (s, 2, failures);
  sqlite3_bind_int64 (s, 3, first_failure);
  sqlite3_bind_int64 (s, 4, locked_until);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_throttle_clear (YcBackofficeStorage  *storage,
                       const char           *key,
                       GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self, "DELETE FROM throttle WHERE key = ?1", error);

  if (s == NULL)
    return FALSE;
  yc_backoffice_sqlite_bind_text (s, 1, key);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static gboolean
sqlite_audit_last (YcBackofficeStorage  *storage,
                   gint64               *out_id,
                   char                **out_hash,
                   GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", error);
  g_autoptr(GError) local_error = NULL;

  *out_id = 0;
  *out_hash = NULL;
  if (s == NULL)
    return FALSE;
  if (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      *out_id = sqlite3_column_int64 (s, 0);
      *out_hash = yc_backoffice_sqlite_column_dup (s, 1);
      sqlite3_reset (s);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_audit_append (YcBackofficeStorage   *storage,
                     const YcStorageAudit  *row,
                     GError               **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "INSERT INTO audit (id, at, actor, action, target, outcome, detail, prev_hash, hash)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (s == NULL)
    return FALSE;
  sqlite3_bind_int64 (s, 1, row->id);
  sqlite3_bind_int64 (s, 2, row->at);
  yc_backoffice_sqlite_bind_text (s, 3, row->actor);
  yc_backoffice_sqlite_bind_text (s, 4, row->action);
  yc_backoffice_sqlite_bind_text (s, 5, row->target);
  yc_backoffice_sqlite_bind_text (s, 6, row->outcome);
  yc_backoffice_sqlite_bind_text (s, 7, row->detail);
  yc_backoffice_sqlite_bind_text (s, 8, row->prev_hash);
  yc_backoffice_sqlite_bind_text (s, 9, row->hash);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

static GPtrArray *
sqlite_audit_list (YcBackofficeStorage  *storage,
                   gint64                after_id,
                   guint                 limit,
                   GError              **error)
{
  YcBackofficeSqlite *self = YC_BACKOFFICE_SQLITE (storage);
  sqlite3_stmt *s = yc_backoffice_sqlite_prepare (self,
      "SELECT id, at, actor, action, target, outcome, detail, prev_hash, hash FROM audit"
      " WHERE id > ?1 ORDER BY id LIMIT ?2", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_audit_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_int64 (s, 1, after_id);
  sqlite3_bind_int64 (s, 2, limit);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      YcStorageAudit *row = g_new0 (YcStorageAudit, 1);
      row->id = sqlite3_column_int64 (s, 0);
      row->at = sqlite3_column_int64 (s, 1);
      row->actor = yc_backoffice_sqlite_column_dup (s, 2);
      row->action = yc_backoffice_sqlite_column_dup (s, 3);
      row->target = yc_backoffice_sqlite_column_dup (s, 4);
      row->outcome = yc_backoffice_sqlite_column_dup (s, 5);
      row->detail = yc_backoffice_sqlite_column_dup (s, 6);
      row->prev_hash = yc_backoffice_sqlite_column_dup (s, 7);
      row->hash = yc_backoffice_sqlite_column_dup (s, 8);
      g_ptr_array_add (rows, row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

void
yc_backoffice_sqlite_users_init (YcBackofficeStorageInterface *iface)
{
  iface->user_get = sqlite_user_get;
  iface->user_put = sqlite_user_put;
  iface->user_list = sqlite_user_list;
  iface->window_put = sqlite_window_put;
  iface->window_list = sqlite_window_list;
  iface->catalog_put = sqlite_catalog_put;
  iface->catalog_get = sqlite_catalog_get;
  iface->catalog_get_version = sqlite_catalog_get_version;
  iface->session_put = sqlite_session_put;
  iface->session_get = sqlite_session_get;
  iface->session_delete = sqlite_session_delete;
  iface->sessions_purge = sqlite_sessions_purge;
  iface->throttle_get = sqlite_throttle_get;
  iface->throttle_put = sqlite_throttle_put;
  iface->throttle_clear = sqlite_throttle_clear;
  iface->audit_last = sqlite_audit_last;
  iface->audit_append = sqlite_audit_append;
  iface->audit_list = sqlite_audit_list;
}
