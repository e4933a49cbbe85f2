/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "yc-backoffice-storage.h"

G_BEGIN_DECLS

/* Shared between the three parts of the SQLite back end (yc-backoffice-sqlite.c: the
 * connection and the schema; yc-backoffice-sqlite-users.c: users, sessions, audit;
 * yc-backoffice-sqlite-sync.c: push, cases, changes, uploads).  Nothing else includes this. */

#define YC_TYPE_BACKOFFICE_SQLITE (yc_backoffice_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (YcBackofficeSqlite, yc_backoffice_sqlite, YC, BACKOFFICE_SQLITE, GObject)

gboolean      yc_backoffice_sqlite_fail         (YcBackofficeSqlite  *self,
                                                 int                  rc,
                                                 GError             **error);
sqlite3_stmt *yc_backoffice_sqlite_prepare      (YcBackofficeSqlite  *self,
                                                 const char          *sql,
                                                 GError             **error);
void          yc_backoffice_sqlite_bind_text    (sqlite3_stmt        *statement,
                                                 int                  index,
                                                 const char          *text);
void          yc_backoffice_sqlite_bind_strv    (sqlite3_stmt        *statement,
                                                 int                  index,
                                                 const char * const  *strv);
char         *yc_backoffice_sqlite_column_dup   (sqlite3_stmt        *statement,
                                                 int                  column);
char        **yc_backoffice_sqlite_column_strv  (sqlite3_stmt        *statement,
                                                 int                  column);
gboolean      yc_backoffice_sqlite_step_done    (YcBackofficeSqlite  *self,
                                                 sqlite3_stmt        *statement,
                                                 GError             **error);
gboolean      yc_backoffice_sqlite_step_row     (YcBackofficeSqlite  *self,
                                                 sqlite3_stmt        *statement,
                                                 GError             **error);
gint64        yc_backoffice_sqlite_changes      (YcBackofficeSqlite  *self);
sqlite3_int64 yc_backoffice_sqlite_last_rowid   (YcBackofficeSqlite  *self);

void          yc_backoffice_sqlite_users_init   (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_sync_init    (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_feed_init    (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_uploads_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_reconcile_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_stats_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_parts_init (YcBackofficeStorageInterface *iface);

G_END_DECLS
