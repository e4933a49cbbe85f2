/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-search-index.h"
#include "yc-test-catalog.h"

static YcCatalog *
build_hall_catalog (void)
{
  YcTestCatalog b;

  yc_test_catalog_init (&b);
  yc_test_catalog_department (&b, "scjg", "区市场监督管理局", "市场监管局");
  yc_test_catalog_department (&b, "rsj", "区人力资源和社会保障局", "人社局");
  yc_test_catalog_department (&b, "gjj", "区住房公积金管理中心", "公积金中心");
  yc_test_catalog_department (&b, "sw", "国家税务总局区税务局", "税务局");
  yc_test_catalog_department (&b, "wjw", "区卫生健康委员会", "卫健委");

  yc_test_catalog_item (&b, "MK001", "个体工商户设立登记", "scjg", YC_AUDIENCE_ENTERPRISE, "startup,market_access");
  yc_test_catalog_item (&b, "MK002", "食品经营许可", "scjg", YC_AUDIENCE_ENTERPRISE, "market_access");
  yc_test_catalog_item (&b, "MK003", "公司设立登记", "scjg", YC_AUDIENCE_ENTERPRISE, "startup");
  yc_test_catalog_item (&b, "MK004", "个体工商户注销登记", "scjg", YC_AUDIENCE_ENTERPRISE, "difficulty");
  yc_test_catalog_item (&b, "HR001", "社会保障卡申领", "rsj", YC_AUDIENCE_CITIZEN, "employment");
  yc_test_catalog_item (&b, "HR002", "单位社会保险参保登记", "rsj", YC_AUDIENCE_ENTERPRISE, "startup");
  yc_test_catalog_item (&b, "HR003", "社保缴费证明打印", "rsj", YC_AUDIENCE_ALL, "");
  yc_test_catalog_item (&b, "HF001", "住房公积金提取", "gjj", YC_AUDIENCE_CITIZEN, "housing,retirement");
  yc_test_catalog_item (&b, "HF002", "住房公积金个人住房贷款", "gjj", YC_AUDIENCE_CITIZEN, "housing");
  yc_test_catalog_item (&b, "TX001", "纳税人银行账户账号报告", "sw", YC_AUDIENCE_ENTERPRISE, "operation");
  yc_test_catalog_item (&b, "HE001", "出生医学证明办理", "wjw", YC_AUDIENCE_CITIZEN, "birth");

  yc_test_catalog_bundle (&b, "B001", "开办企业（个体工商户）", YC_AUDIENCE_ENTERPRISE, "startup",
                          "MK001", "HR002", NULL);
  yc_test_catalog_bundle (&b, "B002", "出生一件事", YC_AUDIENCE_CITIZEN, "birth",
                          "HE001", "HR001", NULL);

  return yc_test_catalog_finish (&b);
}

typedef struct {
  YcCatalog     *catalog;
  YcSearchIndex *index;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = build_hall_catalog ();
  fixture->index = yc_search_index_new (fixture->catalog);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (yc_search_index_get_catalog (fixture->index) == fixture->catalog);
  g_assert_finalize_object (fixture->index);
  g_assert_finalize_object (fixture->catalog);
}

/* The hit codes joined by spaces: compact to compare. */
static char *
query_codes (YcSearchIndex        *index,
             const char           *query,
             const YcSearchFilter *filter,
             guint                 limit)
{
  g_autoptr(GArray) hits = yc_search_index_query (index, query, filter, limit);
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      const YcSearchHit *hit = &g_array_index (hits, YcSearchHit, i);

      /* every hit is the catalog's own item or bundle */
      if (hit->kind == YC_SEARCH_KIND_ITEM)
        {
          const YcItem *item = yc_catalog_lookup_item (yc_search_index_get_catalog (index), hit->code);
          g_assert_nonnull (item);
          g_assert_true (hit->name == item->name);
          g_assert_true (hit->department == item->department);
        }
      else
        {
          const YcBundle *bundle = yc_catalog_lookup_bundle (yc_search_index_get_catalog (index), hit->code);
          g_assert_nonnull (bundle);
          g_assert_true (hit->name == bundle->name);
          g_assert_null (hit->department);
        }
      if (i > 0)
        g_assert_cmpfloat (hit[-1].score, >=, hit->score);

      g_string_append_printf (codes, "%s%s", i > 0 ? " " : "", hit->code);
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

typedef struct {
  const char *query;
  const char *expected;  /* hit codes in order */
} QueryCase;

static const QueryCase hall_cases[] = {
  /* hanzi substring, two characters included */
  { "登记", "MK003 MK001 MK004 HR002" },
  { "公积金", "HF001 HF002" },
  { "提取", "HF001" },
  /* 社保 stands for 社会保险 and 社会保障 (data/search-synonyms.tsv), both ways */
  { "社保", "HR003 HR001 HR002" },
  { "社会保险", "HR003 HR002" },
  { "社保卡", "HR001" },
  /* full pinyin from the start or from any syllable, also ending mid-syllable */
  { "gongjijin", "HF001 HF002" },
  { "tiqu", "HF001" },
  { "shebao", "HR003 HR001 HR002" },
  { "sheb", "HR003 HR001 HR002" },
  { "yinhang", "TX001" },      /* 银行 read yin hang, not yin xing */
  { "yinxing", "" },
  { "YinHang", "TX001" },      /* ASCII case does not matter */
  /* initials, from the start or inside */
  { "gtgsh", "MK001 MK004 B001" },
  { "zfgjj", "HF001 HF002" },
  { "dj", "MK003 MK001 MK004 HR002" },
  /* item code, department name, short name and its pinyin */
  { "hf001", "HF001" },
  { "人社局", "HR001 HR003 HR002" },
  { "卫生健康", "HE001" },
  { "shuiwuju", "TX001" },
  /* all tokens must match; a token may match the department */
  { "市场 许可", "MK002" },
  { "住房 提取", "HF001" },
  { "公积金 贷款 个人", "HF002" },
  { "登记 不存在", "" },
  /* bundles are found like items */
  { "出生", "B002 HE001" },
  { "一件事", "B002" },
  { "开办", "B001" },
  /* nothing */
  { "火星", "" },
  { "zzzzzz", "" },
  { "\xe7\xa4", "" },          /* a broken UTF-8 sequence */
};

static void
test_query_case (Fixture       *fixture,
                 gconstpointer  data)
{
  const QueryCase *c = data;
  g_autofree char *codes = query_codes (fixture->index, c->query, NULL, 0);

  g_assert_cmpstr (codes, ==, c->expected);
}

static YcCatalog *
build_ranking_catalog (void)
{
  YcTestCatalog b;

  yc_test_catalog_init (&b);
  yc_test_catalog_department (&b, "d1", "区综合服务中心", "服务中心");
  yc_test_catalog_department (&b, "d2", "区住房公积金管理中心", "公积金中心");

  /* hanzi tiers: exact, prefix (shorter first), synonym prefix, inside (earlier first) */
  yc_test_catalog_item (&b, "R01", "个人参加社保", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "R02", "补办社保卡", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "R03", "社保卡补办", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "R04", "社会保险登记", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "R05", "社保卡", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "R06", "社保", "d1", YC_AUDIENCE_CITIZEN, "");
  /* pinyin tiers: prefix, inside; initials prefix, inside; code; department */
  yc_test_catalog_item (&b, "P01", "其他事项", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "P02", "住房公积金提取", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "P03", "公积金提取", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "GJJ01", "查询事项", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "P05", "贷款办理", "d2", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "P06", "GJJ账户查询", "d1", YC_AUDIENCE_CITIZEN, "");
  yc_test_catalog_item (&b, "P07", "个人公积", "d1", YC_AUDIENCE_CITIZEN, "");

  return yc_test_catalog_finish (&b);
}

static void
fixture_set_up_ranking (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture->catalog = build_ranking_catalog ();
  fixture->index = yc_search_index_new (fixture->catalog);
}

static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *hanzi = query_codes (fixture->index, "社保", NULL, 0);
  g_autofree char *pinyin = query_codes (fixture->index, "gongji", NULL, 0);
  g_autofree char *initials = query_codes (fixture->index, "gjj", NULL, 0);
  g_autoptr(GArray) hits = yc_search_index_query (fixture->index, "社保", NULL, 0);

  /* exact > prefix (社保卡 shorter than 社保卡补办) > prefix through a synonym
   * (社会保险 = 社保) > inside, earlier position first */
  g_assert_cmpstr (hanzi, ==, "R06 R05 R03 R04 R02 R01");
  g_assert_cmpfloat (g_array_index (hits, YcSearchHit, 0).score, >,
                     g_array_index (hits, YcSearchHit, 1).score);

  /* full pinyin prefix > the same through a synonym (住房公积金 → 公积金) > pinyin inside >
   * department (公积金中心) */
  g_assert_cmpstr (pinyin, ==, "P03 P02 P07 P05");

  /* name prefix > initials prefix > the same through a synonym > code = department,
   * then catalog order */
  g_assert_cmpstr (initials, ==, "P06 P03 P02 GJJ01 P05");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  YcSearchFilter by_department = { .department = "rsj" };
  YcSearchFilter by_stage = { .life_stage = "birth" };
  YcSearchFilter by_audience = { .audience = YC_AUDIENCE_CITIZEN };
  YcSearchFilter items_only = { .items_only = TRUE };
  YcSearchFilter bundles_only = { .bundles_only = TRUE };
  YcSearchFilter startup_enterprise = { .life_stage = "startup", .audience = YC_AUDIENCE_ENTERPRISE };
  YcSearchFilter unknown = { .department = "nope" };
  struct {
    const char           *query;
    const YcSearchFilter *filter;
    const char           *expected;
  } cases[] = {
    /* a bundle is in a department when one of its items is */
    { "", &by_department, "HR001 HR002 HR003 B001 B002" },
    { "社保", &by_department, "HR003 HR001 HR002" },
    { "登记", &by_department, "HR002" },
    { "", &by_stage, "HE001 B002" },
    { "出生", &by_stage, "B002 HE001" },
    { "gjj", &by_audience, "HF001 HF002" },
    { "社保", &by_audience, "HR003 HR001" },   /* HR003 is for everyone */
    { "出生", &items_only, "HE001" },
    { "出生", &bundles_only, "B002" },
    { "", &startup_enterprise, "MK001 MK003 HR002 B001" },
    { "", &unknown, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *codes = query_codes (fixture->index, cases[i].query, cases[i].filter, 0);

      g_assert_cmpstr (codes, ==, cases[i].expected);
    }
}

static void
test_browse (Fixture       *fixture,
             gconstpointer  data)
{
  const char *all = "MK001 MK002 MK003 MK004 HR001 HR002 HR003 HF001 HF002 TX001 HE001 B001 B002";
  g_autofree char *empty = query_codes (fixture->index, "", NULL, 0);
  g_autofree char *blank = query_codes (fixture->index, " \t　", NULL, 0);  /* with an ideographic space */
  g_autofree char *null = query_codes (fixture->index, NULL, NULL, 0);
  g_autofree char *first = query_codes (fixture->index, "", NULL, 3);
  g_autoptr(GArray) hits = yc_search_index_query (fixture->index, "", NULL, 0);

  g_assert_cmpstr (empty, ==, all);
  g_assert_cmpstr (blank, ==, all);
  g_assert_cmpstr (null, ==, all);
  g_assert_cmpstr (first, ==, "MK001 MK002 MK003");
  g_assert_cmpint (g_array_index (hits, YcSearchHit, 0).kind, ==, YC_SEARCH_KIND_ITEM);
  g_assert_cmpstr (g_array_index (hits, YcSearchHit, 0).department, ==, "scjg");
  g_assert_cmpint (g_array_index (hits, YcSearchHit, hits->len - 1).kind, ==, YC_SEARCH_KIND_BUNDLE);
}

static void
test_limit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *two = query_codes (fixture->index, "登记", NULL, 2);
  g_autofree char *all = query_codes (fixture->index, "登记", NULL, 100);

  g_assert_cmpstr (two, ==, "MK003 MK001");
  g_assert_cmpstr (all, ==, "MK003 MK001 MK004 HR002");
}

static const char *thread_queries[] = {
  "社保", "gongjijin", "gtgsh", "市场 许可", "登记", "dj", "yinhang", "出生", "", "s", "人社局",
};

typedef struct {
  YcSearchIndex *index;
  char         **expected;
} ThreadData;

static gpointer
query_thread (gpointer data)
{
  ThreadData *td = data;

  for (guint round = 0; round < 300; round++)
    for (guint i = 0; i < G_N_ELEMENTS (thread_queries); i++)
      {
        g_autofree char *codes = query_codes (td->index, thread_queries[i], NULL, 0);

        if (g_strcmp0 (codes, td->expected[i]) != 0)
          return GUINT_TO_POINTER (i + 1);
      }
  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  ThreadData td = { fixture->index, g_new0 (char *, G_N_ELEMENTS (thread_queries) + 1) };
  GThread *threads[6];

  for (guint i = 0; i < G_N_ELEMENTS (thread_queries); i++)
    td.expected[i] = query_codes (fixture->index, thread_queries[i], NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("search", query_thread, &td);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_null (g_thread_join (threads[i]));

  g_strfreev (td.expected);
}

/* The catalog shipped in data/catalog, through the real loader. */
static YcCatalog *
load_shipped_catalog (void)
{
  const char *datadir = g_getenv ("YC_SOURCE_DATADIR");
  g_autofree char *path = g_build_filename (datadir != NULL ? datadir : YC_SOURCE_DATADIR,
                                            "catalog", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog = yc_catalog_load_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static void
fixture_set_up_shipped (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture->catalog = load_shipped_catalog ();
  fixture->index = yc_search_index_new (fixture->catalog);
}

static gboolean
hit_has_stage (YcCatalog         *catalog,
               const YcSearchHit *hit,
               const char        *stage)
{
  const char * const *stages = hit->kind == YC_SEARCH_KIND_ITEM
    ? (const char * const *) yc_catalog_lookup_item (catalog, hit->code)->life_stages
    : (const char * const *) yc_catalog_lookup_bundle (catalog, hit->code)->life_stages;

  return g_strv_contains (stages, stage);
}

static gboolean
hit_in_department (YcCatalog         *catalog,
                   const YcSearchHit *hit,
                   const char        *department)
{
  const YcBundle *bundle;

  if (hit->kind == YC_SEARCH_KIND_ITEM)
    return g_str_equal (hit->department, department);

  bundle = yc_catalog_lookup_bundle (catalog, hit->code);
  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);

      if (g_str_equal (yc_catalog_lookup_item (catalog, part->item)->department, department))
        return TRUE;
    }
  return FALSE;
}

static void
test_shipped (Fixture       *fixture,
              gconstpointer  data)
{
  YcSearchFilter birth = { .life_stage = "birth" };
  YcSearchFilter gjj = { .department = "gjj" };
  YcSearchFilter bundles_only = { .bundles_only = TRUE };
  g_autofree char *shebao = query_codes (fixture->index, "社保", NULL, 0);
  g_autofree char *shebao_pinyin = query_codes (fixture->index, "shebao", NULL, 0);
  g_autofree char *gtgsh = query_codes (fixture->index, "gtgsh", NULL, 0);
  g_autofree char *tiqu = query_codes (fixture->index, "gongjijin tiqu", NULL, 0);
  g_autofree char *birth_bundles = query_codes (fixture->index, "出生", &bundles_only, 0);
  g_autoptr(GArray) canbao = yc_search_index_query (fixture->index, "canbao", NULL, 0);
  g_autoptr(GArray) born = yc_search_index_query (fixture->index, "", &birth, 0);
  g_autoptr(GArray) fund = yc_search_index_query (fixture->index, "", &gjj, 0);
  g_autoptr(GArray) first = yc_search_index_query (fixture->index, "社保", NULL, 1);

  /* what the counter window's UI test types: the names say 社会保障 and 社会保险 */
  g_assert_cmpstr (shebao, ==, "RS-GG-002 RS-GG-001");
  g_assert_cmpstr (shebao_pinyin, ==, shebao);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpstr (g_array_index (first, YcSearchHit, 0).name, ==, "社会保障卡申领");

  g_assert_true (g_str_has_prefix (gtgsh, "SCJG-XK-001 "));
  g_assert_nonnull (strstr (gtgsh, "YJS-002"));
  g_assert_true (g_str_has_prefix (tiqu, "GJJ-GG-002"));
  g_assert_cmpstr (birth_bundles, ==, "YJS-004");

  /* 参保 is read can bao (data/pinyin-phrase-overrides.tsv); every hit says so */
  g_assert_cmpuint (canbao->len, >=, 3);
  for (guint i = 0; i < canbao->len; i++)
    g_assert_nonnull (strstr (g_array_index (canbao, YcSearchHit, i).name, "参保"));

  g_assert_cmpuint (born->len, >=, 4);
  for (guint i = 0; i < born->len; i++)
    g_assert_true (hit_has_stage (fixture->catalog, &g_array_index (born, YcSearchHit, i), "birth"));

  g_assert_cmpuint (fund->len, >=, 3);
  for (guint i = 0; i < fund->len; i++)
    g_assert_true (hit_in_department (fixture->catalog, &g_array_index (fund, YcSearchHit, i), "gjj"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hall_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/search/query/%u", i);
      g_test_add (path, Fixture, &hall_cases[i], fixture_set_up, test_query_case, fixture_tear_down);
    }
  g_test_add ("/search/ranking", Fixture, NULL, fixture_set_up_ranking, test_ranking, fixture_tear_down);
  g_test_add ("/search/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/search/browse", Fixture, NULL, fixture_set_up, test_browse, fixture_tear_down);
  g_test_add ("/search/limit", Fixture, NULL, fixture_set_up, test_limit, fixture_tear_down);
  g_test_add ("/search/threads", Fixture, NULL, fixture_set_up, test_threads, fixture_tear_down);
  g_test_add ("/search/shipped-catalog", Fixture, NULL, fixture_set_up_shipped, test_shipped, fixture_tear_down);

  return g_test_run ();
}
