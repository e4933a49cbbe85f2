/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end, parallel review (schema 7): the version at which each part of a case
 * last changed (case_part_changes) and, per author, where their numbering of a case's
 * versions meets the back office's after a rebase (case_rebases).  Read and written inside
 * the push's write transaction. */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)

/* Steps @s, bound to (uuid, second key): TRUE with *@out_found, the statement on its row
 * when found (the caller reads it and resets it); FALSE with @error. */
static gboolean
step_lookup (YcBackofficeSqlite  *self,
             sqlite3_stmt        *s,
             const char          *uuid,
             const char          *key,
             gboolean            *out_found,
             GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_found = FALSE;
  if (s == NULL)
    return FALSE;
  TEXT (1, uuid);
  TEXT (2, key);
  *out_found = yc_backoffice_sqlite_step_row (self, s, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_part_change_get (YcBackofficeStorage  *storage,
                        const char           *uuid,
                        const char           *department,
                        gboolean             *out_found,
                        gint64               *out_version,
                        char                **out_username,
                        GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT version, username FROM case_part_changes"
                             " WHERE uuid = ?1 AND department = ?2");

  *out_version = 0;
  *out_username = NULL;
  if (!step_lookup (self, s, uuid, department, out_found, error))
    return FALSE;
  if (*out_found)
    {
      *out_version = sqlite3_column_int64 (s, 0);
      *out_username = yc_backoffice_sqlite_column_dup (s, 1);
      sqlite3_reset (s);
    }
  return TRUE;
}

static gboolean
sqlite_part_change_put (YcBackofficeStorage  *storage,
                        const char           *uuid,
                        const char * const   *departments,
                        gint64                version,
                        const char           *username,
                        GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);

  for (guint i = 0; departments[i] != NULL; i++)
    {
      sqlite3_stmt *s = PREPARE ("INSERT INTO case_part_changes (uuid, department, version, username)"
                                 " VALUES (?1, ?2, ?3, ?4)"
                                 " ON CONFLICT (uuid, department) DO UPDATE SET"
                                 " version = excluded.version, username = excluded.username");

      if (s == NULL)
        return FALSE;
      TEXT (1, uuid);
      TEXT (2, departments[i]);
      sqlite3_bind_int64 (s, 3, version);
      TEXT (4, username);
      if (!yc_backoffice_sqlite_step_done (self, s, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_rebase_get (YcBackofficeStorage  *storage,
                   const char           *uuid,
                   const char           *username,
                   gboolean             *out_found,
                   gint64               *out_client_version,
                   gint64               *out_server_version,
                   gint64               *out_known_version,
                   GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("SELECT client_version, server_version, known_version FROM case_rebases"
                             " WHERE uuid = ?1 AND username = ?2");

  *out_client_version = *out_server_version = *out_known_version = 0;
  if (!step_lookup (self, s, uuid, username, out_found, error))
    return FALSE;
  if (*out_found)
    {
      *out_client_version = sqlite3_column_int64 (s, 0);
      *out_server_version = sqlite3_column_int64 (s, 1);
      *out_known_version = sqlite3_column_int64 (s, 2);
      sqlite3_reset (s);
    }
  return TRUE;
}

static gboolean
sqlite_rebase_put (YcBackofficeStorage  *storage,
                   const char           *uuid,
                   const char           *username,
                   gint64                client_version,
                   gint64                server_version,
                   gint64                known_version,
                   GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE ("INSERT INTO case_rebases"
                             " (uuid, username, client_version, server_version, known_version)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (uuid, username) DO UPDATE SET"
                             " client_version = excluded.client_version,"
                             " server_version = excluded.server_version,"
                             " known_version = excluded.known_version");

  if (s == NULL)
    return FALSE;
  TEXT (1, uuid);
  TEXT (2, username);
  sqlite3_bind_int64 (s, 3, client_version);
  sqlite3_bind_int64 (s, 4, server_version);
  sqlite3_bind_int64 (s, 5, known_version);
  return yc_backoffice_sqlite_step_done (self, s, error);
}

void
yc_backoffice_sqlite_parts_init (YcBackofficeStorageInterface *iface)
{
  iface->part_change_get = sqlite_part_change_get;
  iface->part_change_put = sqlite_part_change_put;
  iface->rebase_get = sqlite_rebase_get;
  iface->rebase_put = sqlite_rebase_put;
}
