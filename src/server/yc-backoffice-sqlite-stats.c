/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end, the hall's figures: the cases accepted in a period, one page at a
 * time.  Keyset paging over the version 6 indexes (accepted_on, uuid) and (hall,
 * accepted_on, uuid): each page is a range scan resumed after the last row of the one
 * before, so a year of cases costs no more per page than a day. */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)
#define DUP(i) yc_backoffice_sqlite_column_dup (s, i)

#define COLUMNS \
  "uuid, version, number, hall, window, clerk, state, decision, accepted_on, deadline," \
  " applicant_name, applicant_id, document, updated_at, tolerance_due"

/* Two statements rather than "?1 IS NULL OR hall = ?1", which would keep SQLite from
 * choosing the hall's index. */
static const char every_hall_sql[] =
  "SELECT " COLUMNS " FROM cases"
  " WHERE accepted_on >= ?2 AND accepted_on <= ?3"
  " AND (?4 IS NULL OR (accepted_on, uuid) > (?4, ?5))"
  " ORDER BY accepted_on, uuid LIMIT ?6";

static const char one_hall_sql[] =
  "SELECT " COLUMNS " FROM cases"
  " WHERE hall = ?1 AND accepted_on >= ?2 AND accepted_on <= ?3"
  " AND (?4 IS NULL OR (accepted_on, uuid) > (?4, ?5))"
  " ORDER BY accepted_on, uuid LIMIT ?6";

static YcStorageCase *
read_row (sqlite3_stmt *s)
{
  YcStorageCase *c = g_new0 (YcStorageCase, 1);

  c->uuid = DUP (0);
  c->version = sqlite3_column_int64 (s, 1);
  c->number = DUP (2);
  c->hall = DUP (3);
  c->window = DUP (4);
  c->clerk = DUP (5);
  c->state = DUP (6);
  c->decision = DUP (7);
  c->accepted_on = DUP (8);
  c->deadline = DUP (9);
  c->applicant_name = DUP (10);
  c->applicant_id = DUP (11);
  c->document = DUP (12);
  c->updated_at = sqlite3_column_int64 (s, 13);
  c->tolerance_due = DUP (14);
  c->departments = g_new0 (char *, 1);
  c->blobs = g_new0 (char *, 1);
  return c;
}

static GPtrArray *
sqlite_cases_accepted (YcBackofficeStorage  *storage,
                       const char           *hall,
                       const char           *from,
                       const char           *to,
                       const char           *after_on,
                       const char           *after_uuid,
                       guint                 limit,
                       GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  sqlite3_stmt *s = PREPARE (hall != NULL ? one_hall_sql : every_hall_sql);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_case_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  if (hall != NULL)
    TEXT (1, hall);
  TEXT (2, from);
  TEXT (3, to);
  TEXT (4, after_on);
  TEXT (5, after_uuid);
  sqlite3_bind_int64 (s, 6, limit);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    g_ptr_array_add (cases, read_row (s));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&cases);
}

void
yc_backoffice_sqlite_stats_init (YcBackofficeStorageInterface *iface)
{
  iface->cases_accepted = sqlite_cases_accepted;
}
