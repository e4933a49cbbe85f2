/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"
#include "yc-backoffice-sqlite-private.h"

/*
 * What the back office's single writer does besides applying pushes
 * (src/server/yc-backoffice-sqlite-checkpoint.c, yc-backoffice-sqlite-schema.c): the
 * checkpoint thread copies the log and the writer never does while the thread keeps up;
 * a reader on an old snapshot neither blocks the writer nor lets the log grow without end;
 * the version 8 tables hold what version 7 held.
 */

#define CASE_1 "6a1e5a0c-1d2b-4c3d-8e4f-5a6b7c8d9e01"
#define CASE_2 "6a1e5a0c-1d2b-4c3d-8e4f-5a6b7c8d9e02"

/* Log thresholds of these tests, in pages: small, so that a few hundred commits cross them
 * many times. */
#define START_PAGES   20
#define RESTART_PAGES 120

typedef struct {
  char                *dir;
  YcBackofficeStorage *storage;
} Storage;

static void
storage_open (Storage *st)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  st->dir = g_dir_make_tmp ("yc-backoffice-writer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (st->dir, "backoffice.db", NULL);
  st->storage = yc_backoffice_sqlite_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_storage_initialize (st->storage, &error));
  g_assert_no_error (error);
}

static void
storage_close (Storage *st)
{
  g_assert_finalize_object (st->storage);
  remove_tree (st->dir);
  g_free (st->dir);
}

static YcSqliteCheckpointer *
checkpointer_of (Storage *st)
{
  return yc_backoffice_sqlite_get_checkpointer (YC_BACKOFFICE_SQLITE (st->storage));
}

/* One write transaction that rewrites a value of about 8 pages (overflow pages): every
 * commit puts that many frames in the log. */
static void
write_once (Storage *st,
            guint    i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("filler-%u", i % 4);
  g_autofree char *value = NULL;
  GString *text = g_string_sized_new (32 * 1024);

  for (guint j = 0; text->len < 30 * 1024; j++)
    g_string_append_printf (text, "%u:%u;", i, j);
  value = g_string_free (text, FALSE);
  g_assert_true (yc_backoffice_storage_begin (st->storage, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_storage_meta_set (st->storage, key, value, &error));
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_storage_commit (st->storage, &error));
  g_assert_no_error (error);
}

static goffset
wal_size (Storage *st)
{
  g_autofree char *path = g_build_filename (st->dir, "backoffice.db-wal", NULL);
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return 0;
  return buf.st_size;
}

/* The thread copies the log and the writer starts it over: never a checkpoint of the
 * writer's own, and a log that stays near its restart size.  (A connection that never read
 * anything used to make every checkpoint of the thread a no-op.) */
static void
test_checkpoint_thread (void)
{
  Storage st = { 0 };
  YcSqliteCheckpointStats stats;

  storage_open (&st);
  yc_sqlite_checkpointer_set_pages (checkpointer_of (&st), START_PAGES, RESTART_PAGES, 100000);
  for (guint i = 0; i < 300; i++)
    write_once (&st, i);
  yc_sqlite_checkpointer_get_stats (checkpointer_of (&st), &stats);

  g_test_message ("%" G_GUINT64_FORMAT " commits, %" G_GUINT64_FORMAT " frames, %u passes,"
                  " %u restarts, %u waits (%u missed), longest log %u pages",
                  stats.commits, stats.frames, stats.thread_passes, stats.restarts,
                  stats.restart_waits, stats.restart_misses, stats.max_wal_pages);
  g_assert_cmpuint (stats.commits, >=, 300);
  /* 300 commits of about 8 pages: the log crossed RESTART_PAGES many times. */
  g_assert_cmpuint (stats.frames, >, 10 * RESTART_PAGES);
  g_assert_cmpuint (stats.inline_checkpoints, ==, 0);
  g_assert_cmpuint (stats.thread_passes, >, 0);
  g_assert_cmpuint (stats.thread_pages, >, 0);
  /* Only the thread copies, so only its copies let the log start over. */
  g_assert_cmpuint (stats.restarts, >=, 5);
  g_assert_cmpuint (stats.restart_waits, >=, 1);
  /* Waits that found the whole log copied started it over; a miss (the thread too slow on
   * a loaded machine) is tried again START_PAGES later, so the log never grows far. */
  g_assert_cmpuint (stats.max_wal_pages, <, 4 * RESTART_PAGES);
  g_assert_cmpint (wal_size (&st), <, (goffset) 4 * RESTART_PAGES * (4096 + 24) + 32);
  storage_close (&st);
}

typedef struct {
  Storage *st;
  gint     state;     /* 1: the read transaction is open; 2: told to end it */
  GMutex   lock;
  GCond    cond;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_true (yc_backoffice_storage_begin (reader->st->storage, FALSE, &error));
  g_assert_no_error (error);
  /* A read: the snapshot is taken now and kept until the rollback. */
  value = yc_backoffice_storage_meta_get (reader->st->storage, "schema_version", &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_mutex_lock (&reader->lock);
  reader->state = 1;
  g_cond_broadcast (&reader->cond);
  while (reader->state != 2)
    g_cond_wait (&reader->cond, &reader->lock);
  g_mutex_unlock (&reader->lock);
  yc_backoffice_storage_rollback (reader->st->storage);
  return NULL;
}

/* A reader holding an old snapshot keeps the thread from copying the log to its end: the
 * writer does not wait for that on every commit, and once the log is very long it copies
 * what it can itself (the safety net).  When the reader is gone, the log starts over. */
static void
test_checkpoint_reader_snapshot (void)
{
  Storage st = { 0 };
  Reader reader = { &st, 0 };
  YcSqliteCheckpointStats held, after;
  GThread *thread;

  /* The reader's snapshot must hold frames the thread has not copied yet: with every frame
   * copied it would read the database file alone and not hold the log at all.  So the
   * thread gets the small thresholds only once the reader is in (with the default ones the
   * schema and one write ask for no pass). */
  storage_open (&st);
  write_once (&st, 0);
  g_mutex_init (&reader.lock);
  g_cond_init (&reader.cond);
  thread = g_thread_new ("reader", reader_thread, &reader);
  g_mutex_lock (&reader.lock);
  while (reader.state != 1)
    g_cond_wait (&reader.cond, &reader.lock);
  g_mutex_unlock (&reader.lock);
  yc_sqlite_checkpointer_get_stats (checkpointer_of (&st), &held);
  g_assert_cmpuint (held.thread_passes, ==, 0);
  yc_sqlite_checkpointer_set_pages (checkpointer_of (&st), START_PAGES, RESTART_PAGES,
                                    4 * RESTART_PAGES);

  for (guint i = 1; i < 150; i++)
    write_once (&st, i);
  yc_sqlite_checkpointer_get_stats (checkpointer_of (&st), &held);
  g_test_message ("reader held: %u restarts, %u waits (%u missed), %u inline, longest log %u",
                  held.restarts, held.restart_waits, held.restart_misses,
                  held.inline_checkpoints, held.max_wal_pages);
  g_assert_cmpuint (held.restarts, ==, 0);
  g_assert_cmpuint (held.restart_misses, >=, 1);
  /* Waits only once per START_PAGES of growth, not before every transaction. */
  g_assert_cmpuint (held.restart_waits, <=, held.max_wal_pages / START_PAGES + 1);
  g_assert_cmpuint (held.inline_checkpoints, >=, 1);

  g_mutex_lock (&reader.lock);
  reader.state = 2;
  g_cond_broadcast (&reader.cond);
  g_mutex_unlock (&reader.lock);
  g_thread_join (thread);

  for (guint i = 150; i < 250; i++)
    write_once (&st, i);
  yc_sqlite_checkpointer_get_stats (checkpointer_of (&st), &after);
  g_assert_cmpuint (after.restarts, >=, 1);
  g_mutex_clear (&reader.lock);
  g_cond_clear (&reader.cond);
  storage_close (&st);
}

/* Every row of the tables version 8 rebuilt, in one text: what must survive the migration. */
static char *
tables_digest (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  char *digest;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
      "SELECT (SELECT group_concat (uuid || '/' || department, ' ') FROM"
      "         (SELECT * FROM case_departments ORDER BY uuid, department))"
      " || '|' || (SELECT group_concat (uuid || '/' || sha256, ' ') FROM"
      "         (SELECT * FROM case_blobs ORDER BY uuid, sha256))"
      " || '|' || (SELECT group_concat (seq || '/' || department, ' ') FROM"
      "         (SELECT * FROM change_departments ORDER BY seq, department))"
      " || '|' || (SELECT group_concat (uuid || '/' || department || '/' || version || '/'"
      "                                 || coalesce (username, '-'), ' ') FROM"
      "         (SELECT * FROM case_part_changes ORDER BY uuid, department))",
      -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  digest = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  sqlite3_close (db);
  g_assert_nonnull (digest);
  return digest;
}

/* A database of version 7 (rowid tables with their own indexes, the prefix indexes of the
 * cases) gets the version 8 tables with every row, and the back office goes on with it. */
static void
test_migration_v8 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(JsonObject) claim = json_object_new ();
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_1, "HD01");
  fixture_accept (fixture, YC_TEST_ITEM, CASE_2, "HD01");
  json_object_set_string_member (claim, "department", "sport");
  r1 = fixture_push_one (fixture, rs, CASE_1, 1, YC_OP_REVIEW_CLAIM, claim);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "ok");

  /* Back to the shape of version 7, rows copied as they are. */
  fixture_sql (fixture,
    "CREATE TABLE d7 (uuid TEXT NOT NULL, department TEXT NOT NULL, PRIMARY KEY (uuid, department));"
    "INSERT INTO d7 SELECT uuid, department FROM case_departments;"
    "DROP TABLE case_departments; ALTER TABLE d7 RENAME TO case_departments;"
    "CREATE INDEX case_departments_department ON case_departments (department);"
    "CREATE TABLE b7 (uuid TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (uuid, sha256));"
    "INSERT INTO b7 SELECT uuid, sha256 FROM case_blobs;"
    "DROP TABLE case_blobs; ALTER TABLE b7 RENAME TO case_blobs;"
    "CREATE INDEX case_blobs_sha256 ON case_blobs (sha256);"
    "CREATE TABLE c7 (seq INTEGER NOT NULL, department TEXT NOT NULL, PRIMARY KEY (seq, department));"
    "INSERT INTO c7 SELECT seq, department FROM change_departments;"
    "DROP TABLE change_departments; ALTER TABLE c7 RENAME TO change_departments;"
    "CREATE INDEX change_departments_department ON change_departments (department, seq);"
    "CREATE TABLE p7 (uuid TEXT NOT NULL, department TEXT NOT NULL, version INTEGER NOT NULL,"
    "  username TEXT, PRIMARY KEY (uuid, department));"
    "INSERT INTO p7 SELECT uuid, department, version, username FROM case_part_changes;"
    "DROP TABLE case_part_changes; ALTER TABLE p7 RENAME TO case_part_changes;"
    "CREATE INDEX cases_hall ON cases (hall, accepted_on);"
    "CREATE INDEX cases_accepted ON cases (accepted_on);"
    "UPDATE meta SET value = '7' WHERE key = 'schema_version';");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master"
                                               " WHERE sql LIKE '%WITHOUT ROWID%'"), ==, 0);
  before = tables_digest (fixture);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM case_departments"), >=, 3);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM case_blobs"), >=, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM change_departments"), >=, 3);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM case_part_changes"
                                               " WHERE username = 'rs'"), ==, 1);

  fixture_reopen (fixture);

  after = tables_digest (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT value FROM meta WHERE key = 'schema_version'"), ==, 8);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                               " AND sql LIKE '%WITHOUT ROWID%' AND name IN"
                                               " ('case_departments', 'case_blobs',"
                                               "  'change_departments', 'case_part_changes')"), ==, 4);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                               " ('cases_hall', 'cases_accepted', 'rebuilt',"
                                               "  'case_departments_department',"
                                               "  'change_departments_department')"), ==, 0);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master"
                                               " WHERE name = 'case_blobs_sha256'"), ==, 1);

  /* The back office reads and writes the rebuilt tables: the part the reviewer claimed,
   * the case's departments, a review op stored on top. */
  found = yc_backoffice_get_case (fixture->backoffice, rs, CASE_1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  r2 = fixture_push_one (fixture, rs, CASE_1, 2, YC_OP_REVIEW_RELEASE, claim);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "ok");
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM case_part_changes"
                                               " WHERE uuid = '" CASE_1 "' AND department = 'sport'"), ==, 3);

  /* Opening again changes nothing more. */
  before = (g_free (before), tables_digest (fixture));
  fixture_reopen (fixture);
  after = (g_free (after), tables_digest (fixture));
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backoffice/writer/checkpoint-thread", test_checkpoint_thread);
  g_test_add_func ("/backoffice/writer/checkpoint-reader-snapshot", test_checkpoint_reader_snapshot);
  FIXTURE_TEST ("/backoffice/writer/migration-v8", test_migration_v8);

  return g_test_run ();
}
