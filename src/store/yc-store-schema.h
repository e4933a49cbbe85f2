/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-database.h"

G_BEGIN_DECLS

/*
 * The schema as an ordered list of migrations.  The database's `PRAGMA user_version` is
 * the number of the last step applied; a new database runs them all.  Steps are never
 * edited once released: a change is a new step (docs/store.md).
 */

typedef struct {
  int         version;  /* user_version after this step */
  const char *summary;
  const char *sql;      /* applied with sqlite3_exec inside the step's own transaction */
} YcMigration;

const YcMigration *yc_store_schema_get_migrations  (guint        *n_migrations);
int                yc_store_schema_get_version     (void);
gboolean           yc_store_schema_upgrade         (YcDatabase   *database,
                                                    GError      **error);

G_END_DECLS
