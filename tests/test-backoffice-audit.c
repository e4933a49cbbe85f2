/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* The audit chain: intact after real work, tampering found at the row that was touched. */

#define CASE_1 "a15c9e40-5b6f-4071-8283-9e0f1a2b3c01"

/* Some real history: users, a case, a denial. */
static void
work (Fixture *fixture)
{
  g_autoptr(YcPrincipal) c2 = fixture_principal ("c2");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W01", NULL, &error));
  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W02", NULL, &error));
  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W03", NULL, &error));
  g_assert_no_error (error);
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  node = yc_backoffice_get_case (fixture->backoffice, c2, CASE_1, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_FORBIDDEN);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit"), >=, 6);
}

static void
test_intact (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = -1;

  work (fixture);
  g_assert_true (yc_backoffice_audit_verify (fixture->backoffice, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);

  /* Still intact, and still chained on, after a restart. */
  fixture_reopen (fixture);
  g_assert_true (yc_backoffice_window_enroll (fixture->backoffice, "HD01", "W04", NULL, &error));
  g_assert_true (yc_backoffice_audit_verify (fixture->backoffice, &bad, &error));
  g_assert_no_error (error);
}

static void
test_append_only (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
  sqlite3 *db = NULL;

  work (fixture);
  /* The database itself refuses to change or drop audit rows. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET actor = 'x' WHERE id = 2", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit WHERE id = 2", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
}

typedef struct {
  const char *name;
  const char *sql;      /* run after dropping the triggers, as someone with the file would */
  gint64      bad_row;  /* the row verify must name */
} Tamper;

static const Tamper tampers[] = {
  { "detail", "UPDATE audit SET detail = '{\"role\":\"admin\"}' WHERE id = 3", 3 },
  { "actor", "UPDATE audit SET actor = 'someone' WHERE id = 4", 4 },
  { "time", "UPDATE audit SET at = at - 3600 WHERE id = 2", 2 },
  { "deleted", "DELETE FROM audit WHERE id = 3", 4 },
  { "rehashed", "UPDATE audit SET outcome = 'ok', hash = '00' WHERE id = 5", 5 },
};

static void
test_tampered (Fixture       *fixture,
               gconstpointer  data)
{
  const Tamper *tamper = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 bad = 0;

  work (fixture);
  sql = g_strdup_printf ("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; %s", tamper->sql);
  fixture_sql (fixture, sql);

  g_assert_false (yc_backoffice_audit_verify (fixture->backoffice, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, tamper->bad_row);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/audit/intact", test_intact);
  FIXTURE_TEST ("/backoffice/audit/append-only", test_append_only);
  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/backoffice/audit/tampered/%s", tampers[i].name);
      g_test_add (path, Fixture, &tampers[i], fixture_set_up, test_tampered, fixture_tear_down);
    }

  return g_test_run ();
}
