/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-bundle-merge.h"
#include "yc-catalog-private.h"
#include "yc-data.h"
#include "yc-test-rules-catalog.h"

/* How two items' demands for the same material combine (table-driven). */
typedef struct {
  const char     *name;
  YcMaterialForm  form_a, form_b;
  guint           copies_a, copies_b;
  guint           flags_a, flags_b;
  const char     *shared_a, *shared_b;
  const char     *hint_a, *hint_b;
  /* expected */
  YcMaterialForm  form;
  guint           copies;
  guint           flags;
  const char     *shared;
  const char     *hint;
  const char     *required_by;  /* item codes, "AB" when NULL */
} MergeCase;

#define E YC_MATERIAL_FORM_ELECTRONIC
#define C YC_MATERIAL_FORM_COPY
#define O YC_MATERIAL_FORM_ORIGINAL
#define R M_REQUIRED
#define K M_CORE
#define T M_TOLERABLE
#define P M_PLEDGEABLE

static const MergeCase merge_cases[] = {
  { "same", C, C, 1, 1, R, R, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "form-original-wins", E, O, 1, 1, R, R, NULL, NULL, NULL, NULL, O, 1, R, NULL, NULL },
  { "form-original-wins-first", O, C, 1, 1, R, R, NULL, NULL, NULL, NULL, O, 1, R, NULL, NULL },
  { "form-copy-beats-electronic", C, E, 1, 1, R, R, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "copies-largest", C, C, 1, 3, R, R, NULL, NULL, NULL, NULL, C, 3, R, NULL, NULL },
  { "copies-largest-first", C, C, 4, 2, R, R, NULL, NULL, NULL, NULL, C, 4, R, NULL, NULL },
  { "required-if-any", C, C, 1, 1, 0, R, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL, "B" },
  { "optional-if-none", C, C, 1, 1, 0, 0, NULL, NULL, NULL, NULL, C, 1, 0, NULL, NULL },
  { "core-if-any", C, C, 1, 1, R | K, R, NULL, NULL, NULL, NULL, C, 1, R | K, NULL, NULL },
  { "core-removes-tolerance", C, C, 1, 1, R | T, R | K | T, NULL, NULL, NULL, NULL, C, 1, R | K, NULL, NULL },
  { "tolerable-if-all", C, C, 1, 1, R | T, R | T, NULL, NULL, NULL, NULL, C, 1, R | T, NULL, NULL },
  { "tolerable-not-if-one-refuses", C, C, 1, 1, R | T, R, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "tolerable-not-if-first-refuses", C, C, 1, 1, R, R | T, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "pledgeable-if-all", C, C, 1, 1, R | P, R | P, NULL, NULL, NULL, NULL, C, 1, R | P, NULL, NULL },
  { "pledgeable-not-if-one-refuses", C, C, 1, 1, R | P, R, NULL, NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "shared-if-all", C, C, 1, 1, R, R, "公安人口库", "公安人口库", NULL, NULL, C, 1, R, "公安人口库", NULL },
  { "shared-first-source-kept", C, C, 1, 1, R, R, "公安人口库", "电子证照库", NULL, NULL, C, 1, R, "公安人口库", NULL },
  { "shared-not-if-second-lacks", C, C, 1, 1, R, R, "公安人口库", NULL, NULL, NULL, C, 1, R, NULL, NULL },
  { "shared-not-if-first-lacks", C, C, 1, 1, R, R, NULL, "公安人口库", NULL, NULL, C, 1, R, NULL, NULL },
  { "hint-first-non-null", C, C, 1, 1, R, R, NULL, NULL, NULL, "公安机关", C, 1, R, NULL, "公安机关" },
  { "hint-first-wins", C, C, 1, 1, R, R, NULL, NULL, "出租方", "公安机关", C, 1, R, NULL, "出租方" },
  { "everything-at-once", E, O, 1, 2, T | P, R | K | T | P, "甲", "乙", NULL, NULL, O, 2, R | K | P, "乙", NULL, "B" },
  /* A part where the material is optional has no say in relief, whichever comes first. */
  { "tolerable-optional-part-no-say", C, C, 1, 1, R | T, 0, NULL, NULL, NULL, NULL, C, 1, R | T, NULL, NULL, "A" },
  { "tolerable-optional-first-no-say", C, C, 1, 1, 0, R | T, NULL, NULL, NULL, NULL, C, 1, R | T, NULL, NULL, "B" },
  { "pledgeable-optional-part-no-say", C, C, 1, 1, R | P, 0, NULL, NULL, NULL, NULL, C, 1, R | P, NULL, NULL, "A" },
  { "pledgeable-optional-first-no-say", C, C, 1, 1, 0, R | P, NULL, NULL, NULL, NULL, C, 1, R | P, NULL, NULL, "B" },
  { "shared-optional-part-no-say", C, C, 1, 1, R, 0, "公安人口库", NULL, NULL, NULL, C, 1, R, "公安人口库", NULL, "A" },
  { "shared-optional-first-no-say", C, C, 1, 1, 0, R, NULL, "公安人口库", NULL, NULL, C, 1, R, "公安人口库", NULL, "B" },
  { "shared-optional-source-ignored", C, C, 1, 1, 0, R, "电子证照库", NULL, NULL, NULL, C, 1, R, NULL, NULL, "B" },
  /* The demands still come from every part. */
  { "form-copies-from-optional-part", C, O, 1, 3, R | T, 0, NULL, NULL, NULL, NULL, O, 3, R | T, NULL, NULL, "A" },
  { "core-from-optional-part", C, C, 1, 1, R | T, K, NULL, NULL, NULL, NULL, C, 1, R | K, NULL, NULL, "A" },
  { "hint-from-optional-part", C, C, 1, 1, R, 0, NULL, NULL, NULL, "公安机关", C, 1, R, NULL, "公安机关", "A" },
  /* Optional everywhere: every part decides, and counts. */
  { "all-optional-shared-if-all", C, C, 1, 1, 0, 0, "甲", "乙", NULL, NULL, C, 1, 0, "甲", NULL, "AB" },
  { "all-optional-shared-not-if-one-lacks", C, C, 1, 1, 0, 0, "甲", NULL, NULL, NULL, C, 1, 0, NULL, NULL, "AB" },
};

#undef E
#undef C
#undef O
#undef R
#undef K
#undef T
#undef P

static void
test_merge_case (gconstpointer data)
{
  const MergeCase *tc = data;
  YcTestCatalog builder;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(GError) error = NULL;
  const YcMergedMaterial *m;
  const char *required_by;
  YcItem *a, *b;

  yc_test_catalog_init (&builder);
  yc_test_catalog_department (&builder, "d1", "部门一", "一");
  yc_test_catalog_department (&builder, "d2", "部门二", "二");
  a = yc_test_catalog_item (&builder, "A", "事项甲", "d1", YC_AUDIENCE_ALL, "");
  b = yc_test_catalog_item (&builder, "B", "事项乙", "d2", YC_AUDIENCE_ALL, "");
  yc_test_item_add_material (a, "m", "材料", tc->form_a, tc->copies_a, tc->flags_a,
                             tc->shared_a, tc->hint_a);
  yc_test_item_add_material (b, "m", "材料", tc->form_b, tc->copies_b, tc->flags_b,
                             tc->shared_b, tc->hint_b);
  yc_test_catalog_bundle (&builder, "AB", "甲乙一件事", YC_AUDIENCE_ALL, "", "A", "B", NULL);
  catalog = yc_test_catalog_finish (&builder);

  merged = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "AB"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_merged_list_get_n_materials (merged), ==, 1);

  m = yc_merged_list_get_material (merged, 0);
  g_assert_true (m == yc_merged_list_lookup_material (merged, "m"));
  g_assert_cmpint (m->form, ==, tc->form);
  g_assert_cmpuint (m->copies, ==, tc->copies);
  g_assert_cmpint (m->required, ==, (tc->flags & M_REQUIRED) != 0);
  g_assert_cmpint (m->core, ==, (tc->flags & M_CORE) != 0);
  g_assert_cmpint (m->tolerable, ==, (tc->flags & M_TOLERABLE) != 0);
  g_assert_cmpint (m->pledgeable, ==, (tc->flags & M_PLEDGEABLE) != 0);
  g_assert_cmpstr (m->shared_source, ==, tc->shared);
  g_assert_cmpstr (m->source_hint, ==, tc->hint);

  /* The representative is the first part's entry, and both items are remembered. */
  g_assert_true (m->material == g_ptr_array_index (((YcScenario *) g_ptr_array_index (a->scenarios, 0))->materials, 0));
  g_assert_cmpuint (m->items->len, ==, 2);
  g_assert_true (g_ptr_array_index (m->items, 0) == a);
  g_assert_true (g_ptr_array_index (m->items, 1) == b);
  g_assert_true (yc_merged_material_needed_by (m, a));
  g_assert_true (yc_merged_material_needed_by (m, b));

  /* Caps and deadlines count against the items requiring it only. */
  required_by = tc->required_by != NULL ? tc->required_by : "AB";
  g_assert_cmpuint (m->required_by->len, ==, strlen (required_by));
  g_assert_cmpint (yc_merged_material_required_by (m, a), ==, strchr (required_by, 'A') != NULL);
  g_assert_cmpint (yc_merged_material_required_by (m, b), ==, strchr (required_by, 'B') != NULL);
  if (m->required_by->len == 2)
    g_assert_true (g_ptr_array_index (m->required_by, 0) == a);
}

static const char *
codes_of (YcMergedList *merged,
          GString      *out)
{
  g_string_truncate (out, 0);
  for (guint i = 0; i < yc_merged_list_get_n_materials (merged); i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            yc_merged_list_get_material (merged, i)->material->code);
  return out->str;
}

static void
test_merge_test_bundle (void)
{
  g_autoptr(YcCatalog) catalog = yc_test_rules_catalog_new ();
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  g_autoptr(GPtrArray) departments = NULL;
  const YcItem *sport = yc_catalog_lookup_item (catalog, "SPORT");
  const YcItem *health = yc_catalog_lookup_item (catalog, "HEALTH");
  const YcBundleFigures *figures;
  const YcMergedMaterial *m;

  merged = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "OPEN_GYM"), &error);
  g_assert_no_error (error);

  g_assert_true (yc_merged_list_get_catalog (merged) == catalog);
  g_assert_true (yc_merged_list_get_bundle (merged) == yc_catalog_lookup_bundle (catalog, "OPEN_GYM"));
  g_assert_cmpuint (yc_merged_list_get_n_parts (merged), ==, 2);
  g_assert_true (yc_merged_list_get_item (merged, 0) == sport);
  g_assert_true (yc_merged_list_get_item (merged, 1) == health);
  g_assert_cmpstr (yc_merged_list_get_scenario (merged, 1)->code, ==, "default");

  /* First appearance order; the shared id_card and lease asked once. */
  g_assert_cmpstr (codes_of (merged, codes), ==,
                   "id_card application lease floor_plan staff_list safety_cert photo health_cert hygiene_plan");

  figures = yc_merged_list_get_figures (merged);
  g_assert_cmpuint (figures->materials_before, ==, 11);
  g_assert_cmpuint (figures->materials_after, ==, 9);
  g_assert_cmpuint (figures->departments, ==, 2);
  g_assert_cmpuint (figures->trips_before, ==, 2);
  g_assert_cmpuint (figures->trips_after, ==, 1);
  g_assert_cmpint (figures->committed_days_sum, ==, 25);
  g_assert_cmpint (figures->bundle_committed_days, ==, 8);

  departments = yc_bundle_dup_departments (catalog, yc_catalog_lookup_bundle (catalog, "OPEN_GYM"));
  g_assert_cmpuint (departments->len, ==, figures->departments);
  g_assert_cmpstr (g_ptr_array_index (departments, 0), ==, sport->department);
  g_assert_cmpstr (g_ptr_array_index (departments, 1), ==, health->department);

  m = yc_merged_list_lookup_material (merged, "id_card");
  g_assert_cmpint (m->form, ==, YC_MATERIAL_FORM_ORIGINAL);
  g_assert_cmpuint (m->copies, ==, 2);
  g_assert_true (m->core);
  g_assert_cmpstr (m->shared_source, ==, "公安人口库");
  g_assert_cmpstr (m->source_hint, ==, "户籍所在地公安机关");
  g_assert_cmpuint (m->items->len, ==, 2);

  m = yc_merged_list_lookup_material (merged, "lease");
  g_assert_cmpuint (m->copies, ==, 2);
  g_assert_false (m->tolerable);

  m = yc_merged_list_lookup_material (merged, "hygiene_plan");
  g_assert_true (m->tolerable);
  g_assert_true (m->pledgeable);
  g_assert_cmpuint (m->items->len, ==, 1);
  g_assert_true (yc_merged_material_needed_by (m, health));
  g_assert_false (yc_merged_material_needed_by (m, sport));

  g_assert_null (yc_merged_list_lookup_material (merged, "no_such_material"));
}

static void
test_merge_single_item (void)
{
  g_autoptr(YcCatalog) catalog = yc_test_rules_catalog_new ();
  const YcItem *sport = yc_catalog_lookup_item (catalog, "SPORT");
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);
  const YcBundleFigures *figures;
  const YcMergedMaterial *m;

  merged = yc_merged_list_new_for_item (catalog, sport, g_ptr_array_index (sport->scenarios, 0));
  g_assert_null (yc_merged_list_get_bundle (merged));
  g_assert_cmpuint (yc_merged_list_get_n_parts (merged), ==, 1);
  g_assert_cmpstr (codes_of (merged, codes), ==,
                   "id_card application lease floor_plan staff_list safety_cert photo");

  /* A single item keeps its own flags untouched. */
  m = yc_merged_list_lookup_material (merged, "lease");
  g_assert_true (m->tolerable);
  g_assert_cmpint (m->form, ==, YC_MATERIAL_FORM_COPY);
  m = yc_merged_list_lookup_material (merged, "id_card");
  g_assert_cmpuint (m->copies, ==, 1);

  figures = yc_merged_list_get_figures (merged);
  g_assert_cmpuint (figures->materials_before, ==, 7);
  g_assert_cmpuint (figures->materials_after, ==, 7);
  g_assert_cmpuint (figures->departments, ==, 1);
  g_assert_cmpuint (figures->trips_before, ==, 1);
  g_assert_cmpuint (figures->trips_after, ==, 1);
  g_assert_cmpint (figures->committed_days_sum, ==, 10);
  g_assert_cmpint (figures->bundle_committed_days, ==, 10);
}

static void
test_merge_lifetime (void)
{
  YcCatalog *catalog = yc_test_rules_catalog_new ();
  YcMergedList *merged;
  g_autoptr(GError) error = NULL;

  merged = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "OPEN_GYM"), &error);
  g_assert_no_error (error);

  /* The list keeps the catalog its pointers belong to alive. */
  g_object_unref (catalog);
  g_assert_cmpstr (yc_merged_list_get_material (merged, 0)->material->name, ==, "法定代表人身份证");
  g_assert_true (yc_merged_list_ref (merged) == merged);
  yc_merged_list_unref (merged);
  catalog = g_object_ref (yc_merged_list_get_catalog (merged));
  yc_merged_list_unref (merged);
  g_assert_finalize_object (catalog);
}

/* Each department once, in part order; a part naming an unknown item is skipped. */
static void
test_bundle_departments (void)
{
  YcTestCatalog builder;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(YcMergedList) merged = NULL;

  yc_test_catalog_init (&builder);
  yc_test_catalog_department (&builder, "d1", "部门一", "一");
  yc_test_catalog_department (&builder, "d2", "部门二", "二");
  yc_test_catalog_item (&builder, "A", "事项甲", "d2", YC_AUDIENCE_ALL, "");
  yc_test_catalog_item (&builder, "B", "事项乙", "d1", YC_AUDIENCE_ALL, "");
  yc_test_catalog_item (&builder, "C", "事项丙", "d2", YC_AUDIENCE_ALL, "");
  yc_test_catalog_bundle (&builder, "ABC", "一件事", YC_AUDIENCE_ALL, "", "A", "B", "C", NULL);
  yc_test_catalog_bundle (&builder, "AX", "缺事项", YC_AUDIENCE_ALL, "", "A", "NO_SUCH_ITEM", NULL);
  catalog = yc_test_catalog_finish (&builder);

  departments = yc_bundle_dup_departments (catalog, yc_catalog_lookup_bundle (catalog, "ABC"));
  g_assert_cmpuint (departments->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (departments, 0), ==, "d2");
  g_assert_cmpstr (g_ptr_array_index (departments, 1), ==, "d1");
  merged = yc_bundle_merge (catalog, yc_catalog_lookup_bundle (catalog, "ABC"), NULL);
  g_assert_cmpuint (yc_merged_list_get_figures (merged)->departments, ==, 2);
  g_assert_cmpint (yc_merged_list_get_figures (merged)->committed_days_sum, ==, 15);
  g_clear_pointer (&departments, g_ptr_array_unref);

  departments = yc_bundle_dup_departments (catalog, yc_catalog_lookup_bundle (catalog, "AX"));
  g_assert_cmpuint (departments->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (departments, 0), ==, "d2");
}

static void
test_merge_errors (void)
{
  g_autoptr(YcCatalog) catalog = yc_test_rules_catalog_new ();
  YcBundle *bundle = (YcBundle *) yc_catalog_lookup_bundle (catalog, "OPEN_GYM");
  YcBundlePart *part = g_ptr_array_index (bundle->parts, 1);
  g_autoptr(GError) error = NULL;
  YcMergedList *merged;

  /* A hand-built catalog can break what the loader guarantees. */
  g_free (part->scenario);
  part->scenario = g_strdup ("renewal");
  merged = yc_bundle_merge (catalog, bundle, &error);
  g_assert_null (merged);
  g_assert_error (error, YC_BUNDLE_MERGE_ERROR, YC_BUNDLE_MERGE_ERROR_UNKNOWN_SCENARIO);
  g_assert_nonnull (strstr (error->message, "renewal"));
  g_clear_error (&error);

  g_free (part->item);
  part->item = g_strdup ("NO_SUCH_ITEM");
  merged = yc_bundle_merge (catalog, bundle, &error);
  g_assert_null (merged);
  g_assert_error (error, YC_BUNDLE_MERGE_ERROR, YC_BUNDLE_MERGE_ERROR_UNKNOWN_ITEM);
  g_assert_nonnull (strstr (error->message, "NO_SUCH_ITEM"));
}

/* The shipped catalog: figures as its data gives them (data/catalog/). */
typedef struct {
  const char *slug;
  const char *bundle;       /* by name: codes are the data's business, names the product's */
  guint       before;
  guint       after;
  guint       departments;
  int         days_sum;
  int         bundle_days;
  const char *shared;       /* materials several items ask for: `code:items …`, list order */
} ShippedCase;

static const ShippedCase shipped_cases[] = {
  { "gym", "我要开健身房", 41, 29, 5, 43, 14,
    "legal_rep_id_card:5 premises_proof:4 business_license:4 site_plan:3" },
  { "business-individual", "开办企业（个体工商户）", 8, 8, 2, 0, 0, "" },
  { "business-company", "开办企业（有限责任公司）", 24, 13, 6, 2, 1,
    "legal_rep_id_card:6 business_license:5 employee_list:3" },
};

static YcCatalog *
load_shipped_catalog (void)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog;

  if (!g_file_query_exists (file, NULL))
    {
      g_test_skip ("no shipped catalog yet");
      return NULL;
    }
  catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
  return catalog;
}

static const YcBundle *
bundle_by_name (YcCatalog  *catalog,
                const char *name)
{
  GPtrArray *bundles = yc_catalog_get_bundles (catalog);

  for (guint i = 0; i < bundles->len; i++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, i);
      if (g_str_equal (bundle->name, name))
        return bundle;
    }
  g_error ("the shipped catalog has no bundle “%s”", name);
}

static void
test_merge_shipped (gconstpointer data)
{
  const ShippedCase *tc = data;
  g_autoptr(YcCatalog) catalog = load_shipped_catalog ();
  g_autoptr(YcMergedList) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) shared = g_string_new (NULL);
  const YcBundleFigures *figures;

  if (catalog == NULL)
    return;

  merged = yc_bundle_merge (catalog, bundle_by_name (catalog, tc->bundle), &error);
  g_assert_no_error (error);

  figures = yc_merged_list_get_figures (merged);
  g_assert_cmpuint (figures->materials_before, ==, tc->before);
  g_assert_cmpuint (figures->materials_after, ==, tc->after);
  g_assert_cmpuint (figures->departments, ==, tc->departments);
  g_assert_cmpuint (figures->trips_before, ==, tc->departments);
  g_assert_cmpuint (figures->trips_after, ==, 1);
  g_assert_cmpint (figures->committed_days_sum, ==, tc->days_sum);
  g_assert_cmpint (figures->bundle_committed_days, ==, tc->bundle_days);

  for (guint i = 0; i < yc_merged_list_get_n_materials (merged); i++)
    {
      const YcMergedMaterial *m = yc_merged_list_get_material (merged, i);
      if (m->items->len > 1)
        g_string_append_printf (shared, "%s%s:%u", shared->len ? " " : "",
                                m->material->code, m->items->len);
    }
  g_assert_cmpstr (shared->str, ==, tc->shared);
}

/*
 * Every shipped bundle, merged entry by entry, against a plain recomputation from its parts,
 * so that the merge stays right whatever the data becomes.
 */
static void
test_merge_shipped_invariants (void)
{
  g_autoptr(YcCatalog) catalog = load_shipped_catalog ();
  GPtrArray *bundles;

  if (catalog == NULL)
    return;

  bundles = yc_catalog_get_bundles (catalog);
  g_assert_cmpuint (bundles->len, >=, 2);
  for (guint b = 0; b < bundles->len; b++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, b);
      g_autoptr(YcMergedList) merged = yc_bundle_merge (catalog, bundle, NULL);
      g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) listed = NULL;
      guint before = 0;
      int days = 0;

      g_assert_nonnull (merged);
      g_assert_cmpuint (yc_merged_list_get_n_parts (merged), ==, bundle->parts->len);

      for (guint p = 0; p < bundle->parts->len; p++)
        {
          const YcBundlePart *part = g_ptr_array_index (bundle->parts, p);
          const YcItem *item = yc_catalog_lookup_item (catalog, part->item);
          const YcScenario *scenario = yc_item_lookup_scenario (item, part->scenario);

          g_hash_table_add (departments, item->department);
          days += item->committed_days;
          before += scenario->materials->len;
          for (guint i = 0; i < scenario->materials->len; i++)
            {
              const YcMaterial *material = g_ptr_array_index (scenario->materials, i);
              const YcMergedMaterial *m = yc_merged_list_lookup_material (merged, material->code);

              g_hash_table_add (codes, material->code);
              g_assert_nonnull (m);
              g_assert_true (yc_merged_material_needed_by (m, item));
              g_assert_cmpint (m->form, >=, material->form);
              g_assert_cmpuint (m->copies, >=, material->copies);
              g_assert_true (!material->required || m->required);
              g_assert_true (!material->core || m->core);
              /* Relief: the parts requiring it decide (all of them when none does). */
              g_assert_cmpint (yc_merged_material_required_by (m, item), ==,
                               material->required || !m->required);
              if (material->required || !m->required)
                {
                  g_assert_true (!m->tolerable || (material->tolerable && !m->core));
                  g_assert_true (!m->pledgeable || material->pledgeable);
                  g_assert_true (m->shared_source == NULL || material->shared_source != NULL);
                }
            }
        }

      g_assert_cmpuint (yc_merged_list_get_figures (merged)->materials_before, ==, before);
      g_assert_cmpuint (yc_merged_list_get_figures (merged)->materials_after, ==, g_hash_table_size (codes));
      g_assert_cmpuint (yc_merged_list_get_n_materials (merged), ==, g_hash_table_size (codes));
      g_assert_cmpuint (yc_merged_list_get_figures (merged)->departments, ==, g_hash_table_size (departments));
      listed = yc_bundle_dup_departments (catalog, bundle);
      g_assert_cmpuint (listed->len, ==, g_hash_table_size (departments));
      for (guint i = 0; i < listed->len; i++)
        g_assert_true (g_hash_table_contains (departments, g_ptr_array_index (listed, i)));
      g_assert_cmpint (yc_merged_list_get_figures (merged)->committed_days_sum, ==, days);
      g_assert_cmpint (yc_merged_list_get_figures (merged)->bundle_committed_days, ==, bundle->committed_days);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bundle-merge/flags/%s", merge_cases[i].name);
      g_test_add_data_func (path, &merge_cases[i], test_merge_case);
    }
  g_test_add_func ("/bundle-merge/test-bundle", test_merge_test_bundle);
  g_test_add_func ("/bundle-merge/single-item", test_merge_single_item);
  g_test_add_func ("/bundle-merge/lifetime", test_merge_lifetime);
  g_test_add_func ("/bundle-merge/errors", test_merge_errors);
  g_test_add_func ("/bundle-merge/departments", test_bundle_departments);
  for (guint i = 0; i < G_N_ELEMENTS (shipped_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bundle-merge/shipped/%s", shipped_cases[i].slug);
      g_test_add_data_func (path, &shipped_cases[i], test_merge_shipped);
    }
  g_test_add_func ("/bundle-merge/shipped/invariants", test_merge_shipped_invariants);

  return g_test_run ();
}
