/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Fixtures for the back office unit tests (test-backoffice-*.c): a back office in a temp
 * directory with the shipped calendar and a clock the test moves, principals of every role
 * (made directly: only the session tests pay for password hashing), the two material files
 * uploaded, and case.accept ops built from the case fixtures of yc-test-cases.h with their
 * own uuid, hall and number.
 */

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "yc-backoffice-private.h"
#include "yc-test-cases.h"

#define YC_TEST_MATERIAL_A "scanned application form, two pages"
#define YC_TEST_MATERIAL_B "scanned lease contract, two pages"

typedef struct {
  char         *dir;
  YcCalendar   *calendar;
  YcBackoffice *backoffice;
  GDateTime    *now;
  char         *sha_a;
  char         *sha_b;
} Fixture;

static GDateTime *
fixture_clock (gpointer data)
{
  Fixture *fixture = data;

  return g_date_time_ref (fixture->now);
}

static inline void
fixture_advance (Fixture   *fixture,
                 GTimeSpan  span)
{
  GDateTime *later = g_date_time_add (fixture->now, span);

  g_date_time_unref (fixture->now);
  fixture->now = later;
}

static inline YcPrincipal *
fixture_principal (const char *name)
{
  const YcActor *actor = yc_test_actor (name);

  return yc_principal_new (actor->username, NULL, actor->role, actor->hall, actor->departments);
}

/* The back office judges a case by the catalog version it names: the cases of
 * yc-test-cases.h name "test", the catalog of yc-test-rules-catalog.h.  Stored straight in
 * the table and only if missing, like the windows below, so that tests counting catalog
 * changes or audit rows see no difference; never the current catalog (no meta row), so a
 * test still starts without one. */
static inline void
fixture_store_test_catalog (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
  g_autoptr(YcCatalog) catalog = yc_test_rules_catalog_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *etag = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gsize size;
  gconstpointer data;
  GPtrArray *items = yc_catalog_get_items (catalog);

  /* What the C-built catalog leaves out and the stored (JSON) form requires. */
  for (guint i = 0; i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);

      if (item->legal_basis == NULL)
        item->legal_basis = g_strdup ("《测试条例》");
    }
  for (guint i = 0; i < yc_catalog_get_bundles (catalog)->len; i++)
    {
      YcBundle *bundle = g_ptr_array_index (yc_catalog_get_bundles (catalog), i);

      if (bundle->description == NULL || bundle->description[0] == '\0')
        {
          g_free (bundle->description);
          bundle->description = g_strdup ("测试主题");
        }
    }
  bytes = yc_catalog_to_bytes (catalog);
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  etag = g_strdup_printf ("\"%.32s\"", hash);
  data = g_bytes_get_data (bytes, &size);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCatalog) loaded = yc_catalog_load_bytes (bytes, NULL, &error);

    g_assert_no_error (error);
  }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO catalogs (version, etag, bytes, imported_at)"
                                           " SELECT ?1, ?2, ?3, 0 WHERE NOT EXISTS"
                                           " (SELECT 1 FROM catalogs WHERE version = ?1)",
                                       -1, &s, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (s, 1, yc_catalog_get_version (catalog), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (s, 2, etag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (s, 3, data, size, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_DONE);
  sqlite3_finalize (s);
  sqlite3_close (db);
}

/* Opens (or reopens) the back office in the fixture's directory. */
static inline void
fixture_open (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->backoffice = yc_backoffice_open (fixture->dir, fixture->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_initialize (fixture->backoffice, &error));
  g_assert_no_error (error);
  yc_backoffice_set_clock (fixture->backoffice, fixture_clock, fixture);
  fixture_store_test_catalog (fixture);
}

static inline void
fixture_reopen (Fixture *fixture)
{
  g_assert_finalize_object (fixture->backoffice);
  fixture->backoffice = NULL;
  fixture_open (fixture);
}

/* Uploads @data whole as @p; returns its sha256. */
static inline char *
fixture_upload (Fixture     *fixture,
                YcPrincipal *p,
                const char  *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data, -1);
  JsonObject *object;

  created = yc_backoffice_upload_create (fixture->backoffice, p, sha, strlen (data), &error);
  g_assert_no_error (error);
  object = json_node_get_object (created);
  if (json_object_get_boolean_member (object, "complete"))
    return sha;
  done = yc_backoffice_upload_append (fixture->backoffice, p,
                                      json_object_get_string_member (object, "id"), 0, bytes,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (done), "complete"));
  return sha;
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

  fixture->dir = g_dir_make_tmp ("yc-backoffice-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->calendar = yc_test_calendar ();
  /* Monday 2026-11-23, 10:00 in the hall; the fixtures' cases are accepted that day. */
  fixture->now = g_date_time_new (tz, 2026, 11, 23, 2, 0, 0);
  fixture_open (fixture);
  fixture->sha_a = fixture_upload (fixture, clerk, YC_TEST_MATERIAL_A);
  fixture->sha_b = fixture_upload (fixture, clerk, YC_TEST_MATERIAL_B);
}

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->backoffice != NULL)
    g_assert_finalize_object (fixture->backoffice);
  g_clear_object (&fixture->calendar);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->sha_a);
  g_free (fixture->sha_b);
}

/* A case.accept payload of @subject with its own @uuid, @hall (clerk c1 works at HD01,
 * c2 at HD02) and the fixture's real material hashes. */
static inline JsonObject *
fixture_accept_payload (Fixture       *fixture,
                        YcTestSubject  subject,
                        const char    *uuid,
                        const char    *hall)
{
  g_autoptr(GString) text = g_string_new (yc_test_payload_text (subject));
  g_autofree char *number = NULL;
  JsonObject *payload;
  static guint serial;

  g_string_replace (text, YC_TEST_SHA_A, fixture->sha_a, 0);
  g_string_replace (text, YC_TEST_SHA_B, fixture->sha_b, 0);
  payload = yc_test_parse_object (text->str);
  number = g_strdup_printf ("%s-W03-20261123-%04u", hall, ++serial);
  json_object_set_string_member (payload, "uuid", uuid);
  json_object_set_string_member (payload, "hall", hall);
  json_object_set_string_member (payload, "number", number);
  json_object_set_string_member (payload, "clerk", g_str_equal (hall, "HD01") ? "c1" : "c2");
  /* The back office runs the rules on every case: SPORT asks for two copies of the lease. */
  {
    JsonArray *materials = json_object_get_array_member (payload, "materials");

    for (guint i = 0; i < json_array_get_length (materials); i++)
      {
        JsonObject *material = json_array_get_object_element (materials, i);

        if (g_str_equal (json_object_get_string_member (material, "code"), "lease")
            && g_str_equal (json_object_get_string_member (material, "state"), "provided"))
          json_object_set_int_member (material, "copies", 2);
      }
  }
  /* The back office takes cases only from enrolled windows.  Enrolled here, straight in
   * the table and only if missing, so that tests which enroll windows themselves (and
   * count audit rows) see no difference. */
  if (json_object_has_member (payload, "window"))
    {
      g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
      sqlite3 *db = NULL;
      sqlite3_stmt *s = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO windows"
                                               " (hall, window, description, enrolled_at)"
                                               " VALUES (?1, ?2, 'test window', 0)",
                                           -1, &s, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (s, 1, hall, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (s, 2, json_object_get_string_member (payload, "window"), -1,
                         SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (s), ==, SQLITE_DONE);
      sqlite3_finalize (s);
      sqlite3_close (db);
    }
  return payload;
}

static inline JsonNode *
fixture_op_json (const char *op_id,
                 const char *case_uuid,
                 gint64      base_version,
                 YcOpKind    kind,
                 JsonObject *payload)
{
  g_autoptr(YcOperation) op = yc_operation_new (op_id, case_uuid, base_version, kind, payload,
                                                "2026-11-23T10:00:00+08:00");

  return yc_operation_to_json (op);
}

/* {"batch_id": key, "ops": [ops…]} as bytes; takes the op nodes. */
static inline GBytes *
fixture_batch (const char *key,
               ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *op;
  va_list args;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  va_start (args, key);
  while ((op = va_arg (args, JsonNode *)) != NULL)
    json_builder_add_value (builder, op);
  va_end (args);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/* Pushes one op; returns its result object (a new reference). */
static inline JsonObject *
fixture_push_one (Fixture     *fixture,
                  YcPrincipal *p,
                  const char  *case_uuid,
                  gint64       base_version,
                  YcOpKind     kind,
                  JsonObject  *payload)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(GBytes) body = fixture_batch (key, fixture_op_json (op_id, case_uuid, base_version,
                                                                kind, payload), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_backoffice_push (fixture->backoffice, p, key, body, &error);
  JsonArray *results;

  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_object_ref (json_array_get_object_element (results, 0));
}

/* Accepts a case of @subject at @hall as that hall's clerk; asserts it went through. */
static inline void
fixture_accept (Fixture       *fixture,
                YcTestSubject  subject,
                const char    *uuid,
                const char    *hall)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal (g_str_equal (hall, "HD01") ? "c1" : "c2");
  g_autoptr(JsonObject) payload = fixture_accept_payload (fixture, subject, uuid, hall);
  g_autoptr(JsonObject) result = NULL;

  /* An op may refer only to files its author uploaded (or that a case in their scope has):
   * the clerk of another hall scans the same papers for that hall's case. */
  if (!g_str_equal (hall, "HD01"))
    {
      g_free (fixture_upload (fixture, clerk, YC_TEST_MATERIAL_A));
      g_free (fixture_upload (fixture, clerk, YC_TEST_MATERIAL_B));
    }
  result = fixture_push_one (fixture, clerk, uuid, 0, YC_OP_CASE_ACCEPT, payload);

  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (result, "version"), ==, 1);
}

/* Raw SQL on the back office's database file, as an intruder or an operator would. */
static inline void
fixture_sql (Fixture    *fixture,
             const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static inline gint64
fixture_sql_count (Fixture    *fixture,
                   const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "backoffice.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  sqlite3_close (db);
  return n;
}

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
