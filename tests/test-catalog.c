/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "yc-catalog.h"
#include "yc-data.h"

/* ------------------------------------------------------------------ a small valid catalog */

/* A small valid catalog, tests/data/catalog-small/, that the broken cases patch. */
static const char * const base_files[] = {
  "catalog.json", "items/scjg.json", "items/sw.json", "bundles.json",
};

static char *
read_base_file (const char *path)
{
  const char *datadir = g_getenv ("YC_TEST_DATADIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *full = NULL;
  char *contents = NULL;

  if (datadir == NULL)
    g_error ("YC_TEST_DATADIR is not set: run this test with `meson test`, "
             "or point YC_TEST_DATADIR at tests/data");

  full = g_build_filename (datadir, "catalog-small", path, NULL);

  g_file_get_contents (full, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

typedef struct {
  const char *file;     /* which base file to patch */
  const char *find;     /* must occur exactly once in it; %NULL replaces the whole file */
  const char *replace;
} Patch;

/* Writes the base catalog with @patches (up to two, or %NULL) applied to a new
 * temporary directory. */
static char *
write_catalog (const Patch *patches)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *items_dir = NULL;
  char *dir = g_dir_make_tmp ("yc-catalog-XXXXXX", &error);

  g_assert_no_error (error);
  items_dir = g_build_filename (dir, "items", NULL);
  g_assert_cmpint (g_mkdir (items_dir, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (base_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, base_files[i], NULL);
      g_autofree char *contents = read_base_file (base_files[i]);

      for (guint p = 0; patches != NULL && p < 2 && patches[p].file != NULL; p++)
        {
          const Patch *patch = &patches[p];
          g_autoptr(GString) patched = NULL;
          const char *at;

          if (!g_str_equal (patch->file, base_files[i]))
            continue;
          if (patch->find == NULL)
            {
              g_free (contents);
              contents = g_strdup (patch->replace);
              continue;
            }

          at = strstr (contents, patch->find);

          /* A patch that no longer applies would test the base catalog instead. */
          g_assert_nonnull (at);
          g_assert_null (strstr (at + 1, patch->find));

          patched = g_string_new_len (contents, at - contents);
          g_string_append (patched, patch->replace);
          g_string_append (patched, at + strlen (patch->find));
          g_free (contents);
          contents = g_string_free (g_steal_pointer (&patched), FALSE);
        }

      g_file_set_contents (path, contents, -1, &error);
      g_assert_no_error (error);
    }

  return dir;
}

static void
remove_catalog (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, base_files[i], NULL);
      g_unlink (path);
    }
  {
    g_autofree char *items_dir = g_build_filename (dir, "items", NULL);
    g_rmdir (items_dir);
  }
  g_rmdir (dir);
}

static YcCatalog *
load_patched (const Patch  *patches,
              GError      **error)
{
  g_autofree char *dir = write_catalog (patches);
  g_autoptr(GFile) file = g_file_new_build_filename (dir, "catalog.json", NULL);
  YcCatalog *catalog = yc_catalog_load_file (file, error);

  remove_catalog (dir);
  return catalog;
}

/* ------------------------------------------------------------------ deep equality */

static void
assert_materials_equal (const YcMaterial *a,
                        const YcMaterial *b)
{
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->form, ==, b->form);
  g_assert_cmpuint (a->copies, ==, b->copies);
  g_assert_cmpint (a->required, ==, b->required);
  g_assert_cmpint (a->core, ==, b->core);
  g_assert_cmpint (a->tolerable, ==, b->tolerable);
  g_assert_cmpint (a->pledgeable, ==, b->pledgeable);
  g_assert_cmpstr (a->shared_source, ==, b->shared_source);
  g_assert_cmpstr (a->source_hint, ==, b->source_hint);
  g_assert_cmpstr (a->note, ==, b->note);
}

static void
assert_when_equal (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (b, key), ==, value);
}

static void
assert_items_equal (const YcItem *a,
                    const YcItem *b)
{
  g_assert_cmpstr (a->code, ==, b->code);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->department, ==, b->department);
  g_assert_cmpint (a->statutory_days, ==, b->statutory_days);
  g_assert_cmpint (a->committed_days, ==, b->committed_days);
  g_assert_cmpstr (a->fee, ==, b->fee);
  g_assert_cmpstr (a->legal_basis, ==, b->legal_basis);
  g_assert_cmpint (a->audience, ==, b->audience);
  g_assert_cmpstrv (a->life_stages, b->life_stages);
  g_assert_cmpuint (a->supplement_days, ==, b->supplement_days);
  g_assert_cmpuint (a->max_tolerated, ==, b->max_tolerated);
  g_assert_cmpuint (a->pledge_verify_days, ==, b->pledge_verify_days);

  g_assert_cmpuint (a->questions->len, ==, b->questions->len);
  for (guint i = 0; i < a->questions->len; i++)
    {
      const YcQuestion *qa = g_ptr_array_index (a->questions, i);
      const YcQuestion *qb = g_ptr_array_index (b->questions, i);

      g_assert_cmpstr (qa->code, ==, qb->code);
      g_assert_cmpstr (qa->text, ==, qb->text);
      g_assert_cmpuint (qa->options->len, ==, qb->options->len);
      for (guint j = 0; j < qa->options->len; j++)
        {
          const YcQuestionOption *oa = g_ptr_array_index (qa->options, j);
          const YcQuestionOption *ob = g_ptr_array_index (qb->options, j);
          g_assert_cmpstr (oa->code, ==, ob->code);
          g_assert_cmpstr (oa->label, ==, ob->label);
        }
    }

  g_assert_cmpuint (a->scenarios->len, ==, b->scenarios->len);
  for (guint i = 0; i < a->scenarios->len; i++)
    {
      const YcScenario *sa = g_ptr_array_index (a->scenarios, i);
      const YcScenario *sb = g_ptr_array_index (b->scenarios, i);

      g_assert_cmpstr (sa->code, ==, sb->code);
      g_assert_cmpstr (sa->name, ==, sb->name);
      assert_when_equal (sa->when, sb->when);
      g_assert_cmpuint (sa->materials->len, ==, sb->materials->len);
      for (guint j = 0; j < sa->materials->len; j++)
        assert_materials_equal (g_ptr_array_index (sa->materials, j),
                                g_ptr_array_index (sb->materials, j));
    }
}

static void
assert_catalogs_equal (YcCatalog *a,
                       YcCatalog *b)
{
  GPtrArray *da = yc_catalog_get_departments (a), *db = yc_catalog_get_departments (b);
  GPtrArray *ia = yc_catalog_get_items (a), *ib = yc_catalog_get_items (b);
  GPtrArray *ba = yc_catalog_get_bundles (a), *bb = yc_catalog_get_bundles (b);

  g_assert_cmpstr (yc_catalog_get_version (a), ==, yc_catalog_get_version (b));
  g_assert_cmpstr (yc_catalog_get_name (a), ==, yc_catalog_get_name (b));

  g_assert_cmpuint (da->len, ==, db->len);
  for (guint i = 0; i < da->len; i++)
    {
      const YcDepartment *x = g_ptr_array_index (da, i), *y = g_ptr_array_index (db, i);
      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->short_name, ==, y->short_name);
    }

  g_assert_cmpuint (ia->len, ==, ib->len);
  for (guint i = 0; i < ia->len; i++)
    assert_items_equal (g_ptr_array_index (ia, i), g_ptr_array_index (ib, i));

  g_assert_cmpuint (ba->len, ==, bb->len);
  for (guint i = 0; i < ba->len; i++)
    {
      const YcBundle *x = g_ptr_array_index (ba, i), *y = g_ptr_array_index (bb, i);

      g_assert_cmpstr (x->code, ==, y->code);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpint (x->audience, ==, y->audience);
      g_assert_cmpstrv (x->life_stages, y->life_stages);
      g_assert_cmpint (x->committed_days, ==, y->committed_days);
      g_assert_cmpuint (x->parts->len, ==, y->parts->len);
      for (guint j = 0; j < x->parts->len; j++)
        {
          const YcBundlePart *px = g_ptr_array_index (x->parts, j);
          const YcBundlePart *py = g_ptr_array_index (y->parts, j);
          g_assert_cmpstr (px->item, ==, py->item);
          g_assert_cmpstr (px->scenario, ==, py->scenario);
        }
    }
}

/* ------------------------------------------------------------------ the shipped catalog */

static YcCatalog *
load_shipped (void)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog = yc_catalog_load_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
test_shipped_loads (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped ();
  g_autoptr(GHashTable) material_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) departments_used = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *items = yc_catalog_get_items (catalog);
  GPtrArray *bundles = yc_catalog_get_bundles (catalog);
  guint tolerable = 0, pledgeable = 0, shared = 0, on_the_spot = 0;
  static const char * const required_bundles[] = {
    "我要开健身房", "开办企业（个体工商户）", "开办企业（有限责任公司）", "出生一件事",
    "二手房过户", "退休一件事", "结婚一件事",
  };

  g_assert_cmpuint (items->len, >=, 40);
  g_assert_cmpuint (yc_catalog_get_departments (catalog)->len, >=, 10);
  g_assert_cmpuint (bundles->len, >=, 8);
  g_assert_nonnull (yc_catalog_get_version (catalog));

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);

      g_assert_nonnull (yc_catalog_lookup_department (catalog, item->department));
      g_hash_table_add (departments_used, item->department);
      g_assert_true (yc_catalog_lookup_item (catalog, item->code) == item);
      g_assert_cmpuint (item->scenarios->len, >=, 1);
      g_assert_true (item->statutory_days == YC_NO_LIMIT
                     || item->committed_days <= item->statutory_days);
      if (item->committed_days == 0)
        on_the_spot++;

      for (guint s = 0; s < item->scenarios->len; s++)
        {
          const YcScenario *scenario = g_ptr_array_index (item->scenarios, s);

          /* Each scenario is reachable by answering its own conditions. */
          g_assert_true (yc_item_match_scenario (item, scenario->when) == scenario);

          for (guint m = 0; m < scenario->materials->len; m++)
            {
              const YcMaterial *material = g_ptr_array_index (scenario->materials, m);
              const char *name = g_hash_table_lookup (material_names, material->code);

              g_assert_false (material->core && material->tolerable);
              g_assert_cmpuint (material->copies, >=, 1);
              if (name != NULL)
                g_assert_cmpstr (name, ==, material->name);
              g_hash_table_insert (material_names, material->code, material->name);
              tolerable += material->tolerable;
              pledgeable += material->pledgeable;
              shared += material->shared_source != NULL;
            }
        }
    }

  /* Every department of the manifest has items, and the flags are really used. */
  g_assert_cmpuint (g_hash_table_size (departments_used), >=, 10);
  g_assert_cmpuint (tolerable, >, 0);
  g_assert_cmpuint (pledgeable, >, 0);
  g_assert_cmpuint (shared, >, 0);
  g_assert_cmpuint (on_the_spot, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (required_bundles); i++)
    {
      gboolean found = FALSE;

      for (guint b = 0; b < bundles->len && !found; b++)
        {
          const YcBundle *bundle = g_ptr_array_index (bundles, b);
          found = g_str_equal (bundle->name, required_bundles[i]);
        }
      if (!found)
        g_error ("the shipped catalog has no bundle “%s”", required_bundles[i]);
    }

  for (guint b = 0; b < bundles->len; b++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, b);

      g_assert_cmpuint (bundle->parts->len, >=, 2);
      g_assert_nonnull (bundle->life_stages);
      g_assert_nonnull (bundle->life_stages[0]);
      for (guint p = 0; p < bundle->parts->len; p++)
        {
          const YcBundlePart *part = g_ptr_array_index (bundle->parts, p);
          const YcItem *item = yc_catalog_lookup_item (catalog, part->item);

          g_assert_nonnull (item);
          g_assert_nonnull (yc_item_lookup_scenario (item, part->scenario));
        }
    }
}

static void
test_shipped_gym (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped ();
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);
  const YcBundle *gym = NULL;
  GPtrArray *bundles = yc_catalog_get_bundles (catalog);
  int committed_sum = 0;

  for (guint b = 0; b < bundles->len; b++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, b);
      if (g_str_equal (bundle->name, "我要开健身房"))
        gym = bundle;
    }
  g_assert_nonnull (gym);

  /* DOMAIN.md: before, 43 working days over 5 departments; after, 14 working days. */
  for (guint p = 0; p < gym->parts->len; p++)
    {
      const YcBundlePart *part = g_ptr_array_index (gym->parts, p);
      const YcItem *item = yc_catalog_lookup_item (catalog, part->item);

      committed_sum += item->committed_days;
      g_hash_table_add (departments, item->department);
    }
  g_assert_cmpint (committed_sum, ==, 43);
  g_assert_cmpuint (g_hash_table_size (departments), ==, 5);
  g_assert_cmpint (gym->committed_days, ==, 14);
}

static void
test_round_trip (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped ();
  g_autoptr(YcCatalog) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bytes_again = NULL;
  g_autoptr(GError) error = NULL;

  bytes = yc_catalog_to_bytes (catalog);
  again = yc_catalog_load_bytes (bytes, "round-trip", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  assert_catalogs_equal (catalog, again);

  /* The writer is deterministic, so a second trip gives the same bytes. */
  bytes_again = yc_catalog_to_bytes (again);
  g_assert_true (g_bytes_equal (bytes, bytes_again));

  g_assert_finalize_object (g_steal_pointer (&again));
}

/* ------------------------------------------------------------------ the small catalog */

static void
test_base_and_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = load_patched (NULL, &error);
  const YcItem *item;
  const YcScenario *scenario;
  const YcMaterial *material;
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpstr (yc_catalog_get_version (catalog), ==, "test-1");
  g_assert_cmpuint (yc_catalog_get_items (catalog)->len, ==, 3);

  item = yc_catalog_lookup_item (catalog, "SCJG-1");
  g_assert_nonnull (item);
  g_assert_cmpint (item->statutory_days, ==, 3);
  g_assert_cmpint (item->committed_days, ==, 0);
  g_assert_cmpint (item->audience, ==, YC_AUDIENCE_ENTERPRISE);
  g_assert_cmpuint (item->supplement_days, ==, 5);
  g_assert_cmpuint (item->max_tolerated, ==, 2);
  g_assert_cmpuint (item->pledge_verify_days, ==, 20);
  g_assert_cmpuint (item->questions->len, ==, 0);
  scenario = g_ptr_array_index (item->scenarios, 0);
  g_assert_cmpuint (g_hash_table_size (scenario->when), ==, 0);

  material = g_ptr_array_index (scenario->materials, 2);
  g_assert_cmpstr (material->code, ==, "premises");
  g_assert_cmpint (material->form, ==, YC_MATERIAL_FORM_COPY);
  g_assert_cmpuint (material->copies, ==, 2);
  g_assert_true (material->required);
  g_assert_false (material->core);
  g_assert_false (material->tolerable);
  g_assert_true (material->pledgeable);
  g_assert_null (material->shared_source);
  material = g_ptr_array_index (scenario->materials, 0);
  g_assert_cmpuint (material->copies, ==, 1);
  g_assert_true (material->core);

  item = yc_catalog_lookup_item (catalog, "SCJG-2");
  g_assert_cmpint (item->statutory_days, ==, YC_NO_LIMIT);
  g_assert_cmpuint (item->supplement_days, ==, 10);
  g_assert_null (item->life_stages[0]);
  g_hash_table_insert (answers, "kind", "renew");
  scenario = yc_item_match_scenario (item, answers);
  g_assert_nonnull (scenario);
  g_assert_cmpstr (scenario->code, ==, "renew");

  material = g_ptr_array_index (((const YcScenario *) g_ptr_array_index (
    yc_catalog_lookup_item (catalog, "SW-1")->scenarios, 0))->materials, 0);
  g_assert_cmpstr (material->shared_source, ==, "市场监管局登记信息");
  g_assert_cmpint (material->form, ==, YC_MATERIAL_FORM_ELECTRONIC);

  g_assert_nonnull (yc_catalog_lookup_bundle (catalog, "B-1"));
  g_assert_finalize_object (g_steal_pointer (&catalog));
}

static void
test_bytes_rejects_include (void)
{
  g_autofree char *manifest = read_base_file ("catalog.json");
  g_autoptr(GBytes) bytes = g_bytes_new (manifest, strlen (manifest));
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = yc_catalog_load_bytes (bytes, "upload.json", &error);

  g_assert_null (catalog);
  g_assert_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "upload.json: include: "));
}

static void
test_bytes_empty (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = yc_catalog_load_bytes (bytes, NULL, &error);

  g_assert_null (catalog);
  g_assert_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "catalog: the file is empty");
}

static void
test_missing_manifest (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/yc-catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = yc_catalog_load_file (file, &error);

  g_assert_null (catalog);
  g_assert_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/yc-catalog/catalog.json: cannot read"));
}

/* ------------------------------------------------------------------ broken catalogs */

typedef struct {
  const char *name;
  Patch       patch;
  int         code;
  const char *expect[3];  /* substrings of the message: file, path, reason */
  Patch       second;     /* another patch where one is not enough */
} BrokenCase;

/* Adds a second question, "scale", to SCJG-2. */
#define SCALE_QUESTION_FIND "{ \"code\": \"renew\", \"label\": \"延续\" }\n        ] }"
#define SCALE_QUESTION SCALE_QUESTION_FIND ",\n        { \"code\": \"scale\", \"text\": \"规模\", " \
  "\"options\": [ { \"code\": \"big\", \"label\": \"大\" }, { \"code\": \"small\", \"label\": \"小\" } ] }"

static const BrokenCase broken_cases[] = {
  { "bad-copies",
    { "items/scjg.json", "\"copies\": 2", "\"copies\": 0" }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[0].materials[2].copies: must be at least 1" } },
  { "duplicate-item-code",
    { "items/sw.json", "\"code\": \"SW-1\"", "\"code\": \"SCJG-1\"" }, YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].code: duplicate item code “SCJG-1”",
      "already defined at items/scjg.json: items[0].code" } },
  { "bundle-missing-item",
    { "bundles.json", "\"item\": \"SW-1\"", "\"item\": \"SW-9\"" }, YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundles[0].parts[1].item: no item “SW-9” in the catalog" } },
  { "bundle-missing-scenario",
    { "bundles.json", "\"scenario\": \"new\"", "\"scenario\": \"renew\"" },
    YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundles[0].parts[1].scenario: item “SW-1” has no scenario “renew”" } },
  { "bundle-one-part",
    { "bundles.json", ",\n        { \"item\": \"SW-1\", \"scenario\": \"new\" }", "" },
    YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundles[0].parts: must have at least 2 entries" } },
  { "bundle-duplicate-part",
    { "bundles.json", "{ \"item\": \"SW-1\", \"scenario\": \"new\" }",
      "{ \"item\": \"SCJG-1\", \"scenario\": \"first\" }" }, YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundles[0].parts[1]: the same item and scenario as bundles[0].parts[0]" } },
  { "unknown-department",
    { "items/sw.json", "\"department\": \"sw\"", "\"department\": \"tax\"" },
    YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].department: unknown department “tax”" } },
  { "duplicate-department",
    { "catalog.json", "{ \"code\": \"sw\"", "{ \"code\": \"scjg\"" }, YC_CATALOG_ERROR_INVALID,
    { "catalog.json: departments[1].code: duplicate department code “scjg”",
      "catalog.json: departments[0].code" } },
  { "core-tolerable",
    { "items/scjg.json", "\"name\": \"登记申请书\", \"form\": \"original\", \"core\": true",
      "\"name\": \"登记申请书\", \"form\": \"original\", \"core\": true, \"tolerable\": true" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[0].materials[0].tolerable: ",
      "a core material can never be tolerable" } },
  { "unknown-key",
    { "items/scjg.json", "\"tolerable\": true", "\"tolerabel\": true" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[0].materials[3].tolerabel: unknown key",
      "did you mean “tolerable”" } },
  { "wrong-type",
    { "items/scjg.json", "\"committed_days\": 0", "\"committed_days\": \"0\"" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].committed_days: must be a whole number, not a string" } },
  { "wrong-type-bool",
    { "items/scjg.json", "\"pledgeable\": true", "\"pledgeable\": \"yes\"" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[0].materials[2].pledgeable: must be true or false" } },
  { "missing-field",
    { "items/sw.json", "\"fee\": \"不收费\",\n", "" }, YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].fee: is required" } },
  { "bad-life-stage",
    { "items/scjg.json", "[\"startup\"]", "[\"startpu\"]" }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].life_stages[0]: unknown life stage “startpu”" } },
  { "life-stage-for-other-audience",
    { "items/scjg.json", "[\"startup\"]", "[\"birth\"]" }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].life_stages[0]: life stage “birth” does not apply" } },
  { "committed-above-statutory",
    { "items/scjg.json", "\"committed_days\": 0", "\"committed_days\": 5" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].committed_days: ",
      "the committed limit (5) must not exceed the statutory limit (3)" } },
  { "statutory-zero",
    { "items/scjg.json", "\"statutory_days\": 3", "\"statutory_days\": 0" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].statutory_days: must be at least 1" } },
  { "unknown-item-type",
    { "items/sw.json", "\"other_power\"", "\"filing\"" }, YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].type: unknown item type “filing”" } },
  { "unknown-form",
    { "items/sw.json", "\"form\": \"electronic\"", "\"form\": \"scan\"" },
    YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].scenarios[0].materials[0].form: unknown form “scan”" } },
  { "material-name-differs",
    { "items/sw.json", "\"name\": \"居民身份证\"", "\"name\": \"身份证\"" },
    YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].scenarios[0].materials[1].name: ",
      "material “id_card” is called “居民身份证” at items/scjg.json: items[0].scenarios[0].materials[1].name" } },
  { "duplicate-material-in-scenario",
    { "items/scjg.json",
      "\"code\": \"health\", \"name\": \"从业人员健康合格证明\", \"form\": \"copy\", \"tolerable\": true",
      "\"code\": \"id_card\", \"name\": \"居民身份证\", \"form\": \"original\", \"core\": true" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[0].materials[3].code: ",
      "“id_card” is already listed at items[0].scenarios[0].materials[1]" } },
  { "when-unknown-option",
    { "items/scjg.json", "\"when\": { \"kind\": \"renew\" }", "\"when\": { \"kind\": \"change\" }" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].scenarios[1].when.kind: question “kind” has no option “change”" } },
  { "when-unknown-question",
    { "items/scjg.json", "\"when\": { \"kind\": \"renew\" }", "\"when\": { \"type\": \"renew\" }" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].scenarios[1].when.type: the item has no question “type”" } },
  { "when-same-conditions",
    { "items/scjg.json", "\"when\": { \"kind\": \"renew\" }", "\"when\": { \"kind\": \"new\" }" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].scenarios[1].when: the same conditions as items[1].scenarios[0]" } },
  { "when-missing",
    { "items/scjg.json", "\"when\": { \"kind\": \"renew\" },", "" },
    YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].scenarios[1].when: must name the answers" } },
  { "question-unused",
    { "items/scjg.json", SCALE_QUESTION_FIND, SCALE_QUESTION }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].questions[1]: no scenario depends on question “scale”" } },
  { "scenario-shadowed",
    { "items/scjg.json", SCALE_QUESTION_FIND, SCALE_QUESTION }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[1].scenarios[1].when: ",
      "can never be chosen: items[1].scenarios[0] matches first" },
    { "items/scjg.json", "\"when\": { \"kind\": \"renew\" }",
      "\"when\": { \"kind\": \"new\", \"scale\": \"big\" }" } },
  { "two-scenarios-without-question",
    { "items/scjg.json", "\"scenarios\": [\n        {\n          \"code\": \"first\",",
      "\"scenarios\": [\n        { \"code\": \"change\", \"name\": \"变更\", \"materials\": [ "
      "{ \"code\": \"id_card\", \"name\": \"居民身份证\", \"form\": \"original\", \"core\": true } ] },\n"
      "        {\n          \"code\": \"first\"," }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].scenarios[1]: an item without questions has exactly one scenario" } },
  { "wrong-type-array",
    { "items/scjg.json", "[\"startup\"]", "\"startup\"" }, YC_CATALOG_ERROR_INVALID,
    { "items/scjg.json: items[0].life_stages: must be an array, not a string" } },
  { "include-escapes",
    { "catalog.json", "\"items/sw.json\"", "\"../sw.json\"" }, YC_CATALOG_ERROR_INVALID,
    { "catalog.json: include[1]: “../sw.json” must be a relative path inside the catalog's directory" } },
  { "include-absolute",
    { "catalog.json", "\"items/sw.json\"", "\"/etc/passwd\"" }, YC_CATALOG_ERROR_INVALID,
    { "catalog.json: include[1]: “/etc/passwd” must be a relative path" } },
  { "include-twice",
    { "catalog.json", "\"items/sw.json\", ", "\"items/sw.json\", \"items/sw.json\", " },
    YC_CATALOG_ERROR_INVALID,
    { "catalog.json: include[2]: “items/sw.json” is included twice" } },
  { "include-missing-file",
    { "catalog.json", "\"items/sw.json\"", "\"items/missing.json\"" }, YC_CATALOG_ERROR_IO,
    { "items/missing.json: cannot read the file included at include[1]" } },
  { "malformed-json",
    { "items/scjg.json", "\"name\": \"个体工商户设立登记\",", "\"name\": \"个体工商户设立登记\"" },
    YC_CATALOG_ERROR_PARSE,
    { "items/scjg.json: line 5, column", "not valid JSON" } },
  { "duplicate-json-key",
    { "items/sw.json", "\"fee\": \"不收费\",", "\"fee\": \"不收费\", \"fee\": \"工本费20元\"," },
    YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: line 10: key “fee” appears twice" } },
  { "empty-file",
    { "items/sw.json", NULL, "" }, YC_CATALOG_ERROR_PARSE,
    { "items/sw.json: the file is empty" } },
  { "blank-file",
    { "items/sw.json", NULL, " \n" }, YC_CATALOG_ERROR_PARSE,
    { "items/sw.json: the file is empty" } },
  { "unknown-format",
    { "catalog.json", "\"format\": 1", "\"format\": 2" }, YC_CATALOG_ERROR_INVALID,
    { "catalog.json: format: unknown format version 2" } },
  { "include-unknown-key",
    { "bundles.json", "\"bundles\":", "\"bundle\":" }, YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundle: unknown key (did you mean “bundles”?)" } },
  { "bundle-code-is-item-code",
    { "bundles.json", "\"code\": \"B-1\"", "\"code\": \"SW-1\"" }, YC_CATALOG_ERROR_INVALID,
    { "bundles.json: bundles[0].code: bundle code “SW-1” is already an item's code, "
      "at items/sw.json: items[0].code" } },
  { "bad-code",
    { "items/sw.json", "\"code\": \"SW-1\"", "\"code\": \"SW 1\"" }, YC_CATALOG_ERROR_INVALID,
    { "items/sw.json: items[0].code: “SW 1” is not a valid code" } },
};

static void
test_broken (gconstpointer data)
{
  const BrokenCase *test = data;
  g_autoptr(GError) error = NULL;
  Patch patches[2] = { test->patch, test->second };
  g_autoptr(YcCatalog) catalog = load_patched (patches, &error);

  g_assert_null (catalog);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, YC_CATALOG_ERROR, test->code);
  for (guint i = 0; i < G_N_ELEMENTS (test->expect) && test->expect[i] != NULL; i++)
    if (strstr (error->message, test->expect[i]) == NULL)
      g_error ("message “%s” lacks “%s”", error->message, test->expect[i]);
}

/* Administrators read the messages in Chinese: the loader's reasons are translated. */
static void
test_messages_zh_cn (void)
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("translations not built: %s", mo);
      return;
    }

  /* In a child, so that the language switch stays out of the other tests. */
  if (g_test_subprocess ())
    {
      static const Patch patches[] = {
        { "items/scjg.json", "\"copies\": 2", "\"copies\": 0" }, { NULL }
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCatalog) catalog = NULL;

      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

      catalog = load_patched (patches, &error);
      g_assert_null (catalog);
      g_assert_error (error, YC_CATALOG_ERROR, YC_CATALOG_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==,
                       "items/scjg.json: items[0].scenarios[0].materials[2].copies: 不能小于 1");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/shipped/loads", test_shipped_loads);
  g_test_add_func ("/catalog/shipped/gym", test_shipped_gym);
  g_test_add_func ("/catalog/shipped/round-trip", test_round_trip);
  g_test_add_func ("/catalog/base-and-defaults", test_base_and_defaults);
  g_test_add_func ("/catalog/bytes-rejects-include", test_bytes_rejects_include);
  g_test_add_func ("/catalog/bytes-empty", test_bytes_empty);
  g_test_add_func ("/catalog/missing-manifest", test_missing_manifest);
  g_test_add_func ("/catalog/messages-zh-cn", test_messages_zh_cn);

  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog/broken/%s", broken_cases[i].name);
      g_test_add_data_func (path, &broken_cases[i], test_broken);
    }

  return g_test_run ();
}
