/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <json-glib/json-glib.h>

#include "yc-data.h"
#include "yc-store-private.h"
#include "yc-test-store.h"

static YcCatalog *
shipped_catalog (void)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog = yc_catalog_load_file (file, &error);

  g_assert_no_error (error);
  return catalog;
}

/* The same catalog under another version, or the same version with other content. */
static YcCatalog *
variant (YcCatalog  *catalog,
         const char *version,
         const char *name)
{
  g_autoptr(GBytes) bytes = yc_catalog_to_bytes (catalog);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) changed = NULL;
  JsonObject *root;
  char *text;
  gsize length;
  YcCatalog *result;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (root, "version", version);
  json_object_set_string_member (root, "name", name);
  text = json_to_string (json_parser_get_root (parser), FALSE);
  length = strlen (text);
  changed = g_bytes_new_take (text, length);
  result = yc_catalog_load_bytes (changed, "variant", &error);
  g_assert_no_error (error);
  return result;
}

static gint64
count_versions (YcStore *store)
{
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, "SELECT count(*) FROM catalog_versions", NULL);

  g_assert_cmpint (yc_database_step (database, statement, NULL), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static void
test_import_and_load (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcCatalog) catalog = shipped_catalog ();
  g_autoptr(YcCatalog) newer = variant (catalog, "9999.1", "newer");
  g_autoptr(YcCatalog) clash = variant (catalog, yc_catalog_get_version (catalog), "tampered");
  g_autoptr(YcCatalog) loaded = NULL;
  g_autoptr(GBytes) original_bytes = yc_catalog_to_bytes (catalog);
  g_autoptr(GBytes) loaded_bytes = NULL;

  g_assert_no_error (error);
  g_assert_null (yc_store_load_catalog (store, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (yc_store_import_catalog (store, catalog, &error));
  g_assert_no_error (error);
  loaded = yc_store_load_catalog (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_catalog_get_version (loaded), ==, yc_catalog_get_version (catalog));
  g_assert_cmpuint (yc_catalog_get_items (loaded)->len, ==, yc_catalog_get_items (catalog)->len);
  loaded_bytes = yc_catalog_to_bytes (loaded);
  g_assert_true (g_bytes_equal (loaded_bytes, original_bytes));
  g_clear_object (&loaded);

  /* The same version again changes nothing. */
  g_assert_true (yc_store_import_catalog (store, catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_versions (store), ==, 1);

  /* A new version becomes current; the old one is kept for the cases made with it. */
  g_assert_true (yc_store_import_catalog (store, newer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_versions (store), ==, 2);
  loaded = yc_store_load_catalog (store, &error);
  g_assert_cmpstr (yc_catalog_get_version (loaded), ==, "9999.1");
  g_assert_cmpstr (yc_catalog_get_name (loaded), ==, "newer");
  g_clear_object (&loaded);

  /* A version number reused for other content is refused, and nothing changes. */
  g_assert_false (yc_store_import_catalog (store, clash, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  loaded = yc_store_load_catalog (store, &error);
  g_assert_cmpstr (yc_catalog_get_version (loaded), ==, "9999.1");
  g_clear_object (&loaded);

  /* Re-importing the older version makes it current again. */
  g_assert_true (yc_store_import_catalog (store, catalog, &error));
  loaded = yc_store_load_catalog (store, &error);
  g_assert_cmpstr (yc_catalog_get_version (loaded), ==, yc_catalog_get_version (catalog));

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

typedef struct {
  GMainLoop *loop;
  YcStore   *store;
  YcCatalog *catalog;
  gboolean   imported;
  GError    *error;
} AsyncState;

static void
opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *state = user_data;

  state->store = yc_store_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
imported_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *state = user_data;

  state->imported = yc_store_import_catalog_finish (YC_STORE (source), result, &state->error);
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *state = user_data;

  /* Queued after the import: the writer thread has finished it. */
  g_assert_true (state->imported);
  state->catalog = yc_store_load_catalog_finish (YC_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("async catalog test timed out");
  return G_SOURCE_REMOVE;
}

static void
test_async (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcCatalog) catalog = shipped_catalog ();
  AsyncState state = { 0 };
  guint timeout = g_timeout_add_seconds (30, timeout_cb, NULL);

  state.loop = g_main_loop_new (NULL, FALSE);
  yc_store_open_async (dir, NULL, opened_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);

  yc_store_import_catalog_async (state.store, catalog, NULL, imported_cb, &state);
  yc_store_load_catalog_async (state.store, NULL, loaded_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpstr (yc_catalog_get_version (state.catalog), ==, yc_catalog_get_version (catalog));

  g_assert_finalize_object (state.catalog);
  g_assert_finalize_object (state.store);
  g_source_remove (timeout);
  g_main_loop_unref (state.loop);
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/catalog/import-and-load", test_import_and_load);
  g_test_add_func ("/store/catalog/async", test_async);

  return g_test_run ();
}
