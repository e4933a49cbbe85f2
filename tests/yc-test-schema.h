/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Local stores of an earlier schema version, for the upgrade tests of src/store. */

#include <sqlite3.h>

#include "yc-store-schema.h"

static inline void
yc_test_schema_exec (sqlite3    *db,
                     const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s\nin: %s", message, sql);
}

/* Opens a new database at @path built to @version exactly as the store of that version
 * created it: the migration steps' own SQL, each as its own transaction. */
static inline sqlite3 *
yc_test_schema_create_at (const char *path,
                          int         version)
{
  const YcMigration *migrations;
  guint n;
  sqlite3 *db = NULL;

  migrations = yc_store_schema_get_migrations (&n);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  yc_test_schema_exec (db, "PRAGMA journal_mode=WAL");
  for (guint i = 0; i < n && migrations[i].version <= version; i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].version);

      yc_test_schema_exec (db, "BEGIN");
      yc_test_schema_exec (db, migrations[i].sql);
      yc_test_schema_exec (db, set_version);
      yc_test_schema_exec (db, "COMMIT");
    }
  return db;
}
