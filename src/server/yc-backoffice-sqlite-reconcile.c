/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/* The SQLite back end, reconciliation (日结对账): what one window sent on one day.  The
 * index cases_hall_accepted_uuid (hall, accepted_on, uuid) narrows the scan to the hall's
 * day. */

#define SELF(storage) YC_BACKOFFICE_SQLITE (storage)
#define PREPARE(sql) yc_backoffice_sqlite_prepare (self, sql, error)
#define TEXT(i, v) yc_backoffice_sqlite_bind_text (s, i, v)
#define DUP(i) yc_backoffice_sqlite_column_dup (s, i)

static GPtrArray *
sqlite_window_cases (YcBackofficeStorage  *storage,
                     const char           *hall,
                     const char           *window,
                     const char           *day,
                     GError              **error)
{
  YcBackofficeSqlite *self = SELF (storage);
  /* BINARY collation: the same byte order as strcmp() on the window's side. */
  sqlite3_stmt *s = PREPARE ("SELECT uuid, number FROM cases"
                             " WHERE hall = ?1 AND accepted_on = ?3 AND window = ?2"
                             " ORDER BY uuid");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_storage_case_number_free);
  g_autoptr(GError) local_error = NULL;

  if (s == NULL)
    return NULL;
  TEXT (1, hall);
  TEXT (2, window);
  TEXT (3, day);
  while (yc_backoffice_sqlite_step_row (self, s, &local_error))
    {
      YcStorageCaseNumber *row = g_new0 (YcStorageCaseNumber, 1);

      row->uuid = DUP (0);
      row->number = DUP (1);
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
yc_backoffice_sqlite_reconcile_init (YcBackofficeStorageInterface *iface)
{
  iface->window_cases = sqlite_window_cases;
}
