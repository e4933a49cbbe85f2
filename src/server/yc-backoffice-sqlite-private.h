/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "yc-backoffice-storage.h"

G_BEGIN_DECLS

/* Shared between the parts of the SQLite back end (yc-backoffice-sqlite.c: the
 * connections and transactions; -schema.c: the tables and their migration; -checkpoint.c:
 * the checkpoint thread; -users.c: users, sessions, audit; -sync.c: push, cases, changes,
 * uploads; …).  Nothing else includes this,
 * but the tests and the push benchmark's driver, for the checkpoint figures. */

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
void          yc_backoffice_sqlite_bind_text_static (sqlite3_stmt    *statement,
                                                     int              index,
                                                     const char      *text);
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
gboolean      yc_backoffice_sqlite_exec         (YcBackofficeSqlite  *self,
                                                 const char          *sql,
                                                 GError             **error);
gint64        yc_backoffice_sqlite_changes      (YcBackofficeSqlite  *self);
/* yc-backoffice-sqlite-schema.c */
gboolean      yc_backoffice_sqlite_create_schema (YcBackofficeSqlite *self,
                                                  GError            **error);
sqlite3_int64 yc_backoffice_sqlite_last_rowid   (YcBackofficeSqlite  *self);

/* yc-backoffice-sqlite-checkpoint.c: the checkpoint thread and when the writer waits for
 * it.  The figures are for the tests and the push benchmark's driver. */
typedef struct _YcSqliteCheckpointer YcSqliteCheckpointer;

typedef struct {
  guint64 commits;             /* commits of the writer that wrote frames */
  guint64 frames;              /* frames (pages) they wrote to the log */
  guint   max_wal_pages;       /* the longest the log was after a commit */
  int     wal_pages;           /* its length after the last commit */
  guint   restarts;            /* times the log started over */
  guint   thread_passes;       /* checkpoints run by the thread */
  guint64 thread_pages;        /* pages they copied (counted again by each pass) */
  guint   restart_waits;       /* times the writer waited for a pass before a transaction */
  guint   restart_misses;      /* of which the pass did not copy the whole log */
  guint   inline_checkpoints;  /* checkpoints the writer ran itself */
} YcSqliteCheckpointStats;

YcSqliteCheckpointer *yc_sqlite_checkpointer_new          (const char              *path);
void                  yc_sqlite_checkpointer_free         (YcSqliteCheckpointer    *self);
void                  yc_sqlite_checkpointer_committed    (YcSqliteCheckpointer    *self,
                                                           sqlite3                 *db,
                                                           const char              *name,
                                                           int                      pages);
void                  yc_sqlite_checkpointer_before_write (YcSqliteCheckpointer    *self);
void                  yc_sqlite_checkpointer_get_stats    (YcSqliteCheckpointer    *self,
                                                           YcSqliteCheckpointStats *out_stats);
void                  yc_sqlite_checkpointer_set_pages    (YcSqliteCheckpointer    *self,
                                                           guint                    start_pages,
                                                           guint                    restart_pages,
                                                           guint                    inline_pages);
YcSqliteCheckpointer *yc_backoffice_sqlite_get_checkpointer (YcBackofficeSqlite    *self);

void          yc_backoffice_sqlite_users_init   (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_sync_init    (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_feed_init    (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_uploads_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_reconcile_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_stats_init (YcBackofficeStorageInterface *iface);
void          yc_backoffice_sqlite_parts_init (YcBackofficeStorageInterface *iface);

G_END_DECLS
