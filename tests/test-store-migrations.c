/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include "yc-store-private.h"
#include "yc-store-schema.h"
#include "yc-test-schema.h"
#include "yc-test-store.h"

/*
 * Upgrades from every earlier schema version: a database is built with the migration
 * steps' own SQL up to that version, filled with data as that version stored it, and
 * opened with the current code.
 */

#define UUID_SENT    "11111111-1111-4111-8111-111111111111"
#define UUID_WAITING "22222222-2222-4222-8222-222222222222"
#define BLOB_SHA     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* Valid for schema version 1, and so for every later one. */
static const char v1_data[] =
  "INSERT INTO device VALUES (1, '33333333-3333-4333-8333-333333333333', 'HD01', 'W03', '2026-01-05T08:00:00.000000Z');\n"
  "INSERT INTO catalog_versions VALUES ('2026.1', X'7B7D', 'abc', '2026-01-05T08:00:00.000000Z', 1);\n"
  "INSERT INTO blobs VALUES ('" BLOB_SHA "', 4, 'application/pdf', '2026-01-05T09:00:00.000000Z');\n"
  "INSERT INTO cases (uuid, number, kind, subject_code, scenario, catalog_version, applicant,"
  " decision, state, accepted_at, accepted_on, supplement_due, version, updated_at) VALUES"
  " ('" UUID_SENT "', 'HD01-W03-20261201-0001', 'item', 'SCJG-GTGSH-001', '{}', '2026.1',"
  "  '{\"name\":\"张三\"}', 'accept', 'accepted', '2026-12-01T01:00:00.000000Z', '2026-12-01', NULL, 4,"
  "  '2026-12-01T01:00:00.000000Z'),"
  " ('" UUID_WAITING "', 'HD01-W03-20261201-0002', 'bundle', 'BUNDLE-GYM', '{\"parts\":[]}', '2026.1',"
  "  '{\"name\":\"李四\"}', 'accept_with_tolerance', 'accepted', '2026-12-01T02:00:00.000000Z', '2026-12-01',"
  "  '2026-12-08', 0, '2026-12-01T02:00:00.000000Z');\n"
  "INSERT INTO case_materials VALUES ('" UUID_SENT "', 'M-ID', 1, 0, 'provided', 1, 1, '" BLOB_SHA "', NULL);\n"
  "INSERT INTO case_materials VALUES ('" UUID_WAITING "', 'M-LEASE', 1, 0, 'missing', 0, 0, NULL, NULL);\n"
  "INSERT INTO outbox (op_id, case_uuid, kind, payload, created_at) VALUES"
  " ('44444444-4444-4444-8444-444444444444', '" UUID_WAITING "', 'case.accept', '{\"uuid\":\"" UUID_WAITING "\"}',"
  "  '2026-12-01T02:00:00.000000Z');\n"
  "INSERT INTO case_sequences VALUES ('2026-12-01', 3);\n";

/* Builds a database at @version exactly as the store of that version created it. */
static void
create_database_at (const char *path,
                    int         version)
{
  sqlite3 *db = yc_test_schema_create_at (path, version);

  yc_test_schema_exec (db, v1_data);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Every table's columns and every index, as text: a fingerprint of the schema. */
static char *
schema_fingerprint (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name FROM sqlite_schema "
                                       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (tables, 0);
      const char *name = (const char *) sqlite3_column_text (tables, 1);

      g_string_append_printf (out, "%s %s:", type, name);
      if (g_str_equal (type, "table"))
        {
          sqlite3_stmt *columns = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db,
                                               "SELECT name, type, \"notnull\", dflt_value, pk "
                                               "FROM pragma_table_info (?)",
                                               -1, &columns, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (columns, 1, name, -1, SQLITE_TRANSIENT);
          while (sqlite3_step (columns) == SQLITE_ROW)
            g_string_append_printf (out, " %s %s %d %s %d",
                                    sqlite3_column_text (columns, 0),
                                    sqlite3_column_text (columns, 1),
                                    sqlite3_column_int (columns, 2),
                                    sqlite3_column_text (columns, 3)
                                      ? (const char *) sqlite3_column_text (columns, 3) : "-",
                                    sqlite3_column_int (columns, 4));
          sqlite3_finalize (columns);
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

static char *
fresh_fingerprint (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  char *fingerprint;

  g_assert_no_error (error);
  fingerprint = schema_fingerprint (yc_database_get_handle (yc_store_get_database (store)));
  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
  return fingerprint;
}

/* The first column of the first row of @sql; kept until the process ends (tests only). */
static const char *
column_text (YcDatabase *database,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);
  static GPtrArray *kept = NULL;
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  text = yc_statement_dup_text (statement, 0);
  if (kept == NULL)
    kept = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (kept, text);
  return text;
}

static gint64
column_int (YcDatabase *database,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static gint64
count_cases (YcStore *store)
{
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, "SELECT count(*) FROM cases", &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static void
check_credentials (YcStore *store)
{
  const char * const departments[] = { "scjg", NULL };
  g_autoptr(YcUserProfile) profile = yc_user_profile_new ("clerk1", "王芳", YC_ROLE_REVIEWER, NULL, departments);
  g_autoptr(YcUserProfile) checked = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_put_credential (store, profile, "s3cret", &error));
  g_assert_no_error (error);
  checked = yc_store_check_credential (store, "clerk1", "s3cret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checked->display_name, ==, "王芳");
  g_assert_cmpstr (checked->departments[0], ==, "scjg");
  g_assert_null (yc_store_check_credential (store, "clerk1", "wrong", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_WRONG_PASSWORD);
}

static void
test_upgrade_from (gconstpointer data)
{
  int from = GPOINTER_TO_INT (data);
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autofree char *expected = fresh_fingerprint ();
  g_autofree char *actual = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GHashTable) sync_states = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(YcCase) reread = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  YcDatabase *database;
  int version = 0;

  create_database_at (db, from);

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_database_get_user_version (yc_store_get_database (store), &version, &error));
  g_assert_cmpint (version, ==, yc_store_schema_get_version ());

  /* The upgraded schema is the schema a new store gets, column for column. */
  actual = schema_fingerprint (yc_database_get_handle (yc_store_get_database (store)));
  g_assert_cmpstr (actual, ==, expected);

  /* The data survived, column for column.  Cases from before version 4 have no case
   * document: they are reported as legacy, never half-read, and not listed as cases. */
  database = yc_store_get_database (store);
  g_assert_cmpstr (column_text (database, "SELECT number || ' ' || version || ' ' || applicant || ' ' || "
                                          "kind || ' ' || coalesce (document, '-') FROM cases WHERE uuid = '" UUID_SENT "'"),
                   ==, "HD01-W03-20261201-0001 4 {\"name\":\"张三\"} item -");
  g_assert_cmpstr (column_text (database, "SELECT material_code || ' ' || blob_sha256 FROM case_materials "
                                          "WHERE case_uuid = '" UUID_SENT "'"),
                   ==, "M-ID " BLOB_SHA);
  g_assert_cmpstr (column_text (database, "SELECT kind || ' ' || supplement_due FROM cases "
                                          "WHERE uuid = '" UUID_WAITING "'"),
                   ==, "bundle 2026-12-08");
  g_assert_null (yc_store_get_case (store, UUID_SENT, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LEGACY);
  g_assert_nonnull (strstr (error->message, UUID_SENT));
  g_clear_error (&error);
  listed = yc_store_list_cases (store, "2026-12-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 0);
  g_clear_pointer (&listed, g_ptr_array_unref);

  /* Version 2 derived the sync state from the outbox; later data carries its own. */
  sync_states = yc_store_list_sync_states (store, "2026-12-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (sync_states), ==, 2);
  if (from < 2)
    g_assert_cmpstr (g_hash_table_lookup (sync_states, UUID_SENT), ==, "synced");
  else
    g_assert_cmpstr (g_hash_table_lookup (sync_states, UUID_SENT), ==, "pending");
  g_assert_cmpstr (g_hash_table_lookup (sync_states, UUID_WAITING), ==, "pending");

  ops = yc_store_outbox_peek (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpuint (((YcOutboxOp *) g_ptr_array_index (ops, 0))->attempts, ==, 0);
  g_assert_true (yc_store_outbox_record_failure (store, ((YcOutboxOp *) g_ptr_array_index (ops, 0))->op_id,
                                                 "timeout", &error));
  g_assert_no_error (error);

  /* And the store carries on where the old one stopped. */
  when = g_date_time_new (tz, 2026, 12, 1, 15, 0, 0);
  c = yc_test_case_new (NULL, NULL, when);
  g_assert_true (yc_store_accept_case (store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->number, ==, "HD01-W03-20261201-0003");
  reread = yc_store_get_case (store, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reread->number, ==, c->number);
  listed = yc_store_list_cases (store, "2026-12-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_true (yc_database_check_integrity (yc_store_get_database (store), FALSE, &error));
  g_assert_no_error (error);

  /* Version 5 added cached credentials for offline sign-in: an upgraded store keeps them. */
  check_credentials (store);

  /* Version 6: what the back office acknowledged before is known as acknowledged (a case
   * synced, or pending without its acceptance waiting); the waiting acceptance is not.
   * (A store at version 6 already kept its own server versions.) */
  if (from < 6)
    g_assert_cmpint (column_int (database, "SELECT server_version FROM cases WHERE uuid = '"
                                           UUID_SENT "'"), ==, from < 2 ? 4 : 1);
  g_assert_cmpint (column_int (database, "SELECT server_version FROM cases WHERE uuid = '"
                                         UUID_WAITING "'"), ==, 0);

  /* Version 7: the review queue's rows, of the cases with a document only (the legacy
   * rows have none), and the mark of the rows to write gone once written. */
  g_assert_cmpint (column_int (database, "SELECT count(*) FROM case_parts WHERE case_uuid IN ('"
                                         UUID_SENT "', '" UUID_WAITING "')"), ==, 0);
  g_assert_cmpint (column_int (database, "SELECT count(*) FROM case_parts"), ==, reread->parts->len);
  g_assert_cmpint (column_int (database, "SELECT count(*) FROM meta WHERE key = 'case_parts_rebuild'"), ==, 0);
  {
    guint pending = 0, problems = 7;

    g_assert_true (yc_store_get_sync_counts (store, &pending, &problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (pending, ==, 2);  /* the old op and the acceptance above */
    g_assert_cmpuint (problems, ==, 0);
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d",
                                                  yc_store_schema_get_version () + 1);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;

  /* A future version's database, in the rollback journal mode this one never uses. */
  create_database_at (db, yc_store_schema_get_version ());
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  yc_test_schema_exec (handle, "PRAGMA journal_mode=DELETE");
  yc_test_schema_exec (handle, set_version);
  sqlite3_close (handle);
  before = yc_test_read_file (db);

  g_assert_null (yc_store_open (dir, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_TOO_NEW);
  g_test_message ("%s", error->message);

  after = yc_test_read_file (db);
  g_assert_true (g_bytes_equal (before, after));
  yc_test_rm_rf (dir);
}

/* A step that fails is rolled back whole: the database stays at the version before. */
static void
test_failed_step (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  int last = yc_store_schema_get_version ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GHashTable) sync_states = NULL;
  sqlite3 *handle = NULL;
  int version = 0;

  create_database_at (db, last - 1);
  /* Something in the way of the last step (which creates the index urges_open, after
   * adding columns to urges: those must be rolled back with it). */
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  yc_test_schema_exec (handle, "CREATE INDEX urges_open ON urges (message)");
  sqlite3_close (handle);

  g_assert_null (yc_store_open (dir, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  {
    sqlite3_stmt *statement = NULL;
    sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &statement, NULL);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    version = sqlite3_column_int (statement, 0);
    sqlite3_finalize (statement);
  }
  g_assert_cmpint (version, ==, last - 1);
  {
    sqlite3_stmt *statement = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM pragma_table_info ('urges') "
                                                 "WHERE name = 'addressee'", -1, &statement, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (statement, 0), ==, 0);
    sqlite3_finalize (statement);
  }
  yc_test_schema_exec (handle, "DROP INDEX urges_open");
  sqlite3_close (handle);

  /* Out of the way, the upgrade completes and nothing was lost. */
  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  sync_states = yc_store_list_sync_states (store, "2026-12-01", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (sync_states, UUID_WAITING), ==, "pending");
  g_assert_cmpint (count_cases (store), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* Version 6 gives each waiting op its author: before, only the case's clerk made ops at a
 * window, and an op of a case without a document has no known author (it waits). */
static void
test_v6_authors (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcOutboxBatch) batch = NULL;
  sqlite3 *handle = NULL;

  create_database_at (db, 5);
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  yc_test_schema_exec (handle,
               "UPDATE cases SET document = '{\"clerk\": \"wang\"}' WHERE uuid = '" UUID_WAITING "';"
               "INSERT INTO outbox (op_id, case_uuid, kind, payload, created_at) VALUES"
               " ('55555555-5555-4555-8555-555555555555', '" UUID_SENT "', 'case.issue', '{}',"
               "  '2026-12-01T03:00:00.000000Z');");
  sqlite3_close (handle);

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (column_text (yc_store_get_database (store),
                                "SELECT coalesce (group_concat (coalesce (author, '-'), ','), '') "
                                "FROM (SELECT author FROM outbox ORDER BY seq)"),
                   ==, "wang,-");
  /* The clerk's op is sendable for the clerk only; the author-less one for nobody. */
  batch = yc_store_outbox_take_batch (store, "wang", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->ops->len, ==, 1);
  g_assert_cmpstr (((YcOutboxOp *) g_ptr_array_index (batch->ops, 0))->case_uuid, ==, UUID_WAITING);
  g_clear_pointer (&batch, yc_outbox_batch_free);
  batch = yc_store_outbox_take_batch (store, "li", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->ops->len, ==, 0);
  g_assert_null (batch->batch_id);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  const YcMigration *migrations;
  guint n;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  migrations = yc_store_schema_get_migrations (&n);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migrations/from-v%d", migrations[i].version);
      g_test_add_data_func (path, GINT_TO_POINTER (migrations[i].version), test_upgrade_from);
    }
  g_test_add_func ("/store/migrations/too-new", test_too_new);
  g_test_add_func ("/store/migrations/failed-step", test_failed_step);
  g_test_add_func ("/store/migrations/v6-authors", test_v6_authors);

  return g_test_run ();
}
