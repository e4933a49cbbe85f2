/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "yc-store-error.h"

G_BEGIN_DECLS

/*
 * One SQLite connection wrapped in a GObject.  Errors come back in YC_STORE_ERROR with a
 * message a clerk can act on.  SQL text is always a constant; values go in through bound
 * parameters only.  Statements are prepared once and cached for the connection's life.
 *
 * A YcDatabase is not locked by itself: its owner (YcStore) serialises access.
 */

typedef enum {
  YC_DATABASE_FLAGS_NONE      = 0,
  YC_DATABASE_FLAGS_READ_ONLY = 1 << 0,  /* SQLITE_OPEN_READONLY; never creates the file */
} YcDatabaseFlags;

/* A cached prepared statement: g_autoptr resets it and clears its bindings. */
typedef sqlite3_stmt YcStatement;

#define YC_DATABASE_DEFAULT_BUSY_TIMEOUT_MS 5000

#define YC_TYPE_DATABASE (yc_database_get_type ())
G_DECLARE_FINAL_TYPE (YcDatabase, yc_database, YC, DATABASE, GObject)

YcDatabase  *yc_database_open               (const char       *path,
                                             YcDatabaseFlags   flags,
                                             GError          **error);
gboolean     yc_database_configure          (YcDatabase       *self,
                                             GError          **error);
const char  *yc_database_get_path           (YcDatabase       *self);
sqlite3     *yc_database_get_handle         (YcDatabase       *self);
void         yc_database_set_busy_timeout   (YcDatabase       *self,
                                             guint             milliseconds);

gboolean     yc_database_exec               (YcDatabase       *self,
                                             const char       *sql,
                                             GError          **error);
YcStatement *yc_database_prepare            (YcDatabase       *self,
                                             const char       *sql,
                                             GError          **error);
int          yc_database_step               (YcDatabase       *self,
                                             YcStatement      *statement,
                                             GError          **error);
gboolean     yc_database_step_done          (YcDatabase       *self,
                                             YcStatement      *statement,
                                             GError          **error);
gboolean     yc_database_get_user_version   (YcDatabase       *self,
                                             int              *version,
                                             GError          **error);

gboolean     yc_database_begin_immediate    (YcDatabase       *self,
                                             GError          **error);
gboolean     yc_database_commit             (YcDatabase       *self,
                                             GError          **error);
void         yc_database_rollback           (YcDatabase       *self);

gboolean     yc_database_check_integrity    (YcDatabase       *self,
                                             gboolean          quick,
                                             GError          **error);

void         yc_statement_release           (YcStatement      *statement);
const char  *yc_statement_get_text          (YcStatement      *statement,
                                             int               column);
char        *yc_statement_dup_text          (YcStatement      *statement,
                                             int               column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStatement, yc_statement_release)

G_END_DECLS
