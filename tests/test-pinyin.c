/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-pinyin.h"

typedef struct {
  const char *text;
  const char *full;
  const char *initials;
} Case;

static const Case cases[] = {
  /* plain kMandarin readings */
  { "个体工商户", "getigongshanghu", "gtgsh" },
  { "住房公积金", "zhufanggongjijin", "zfgjj" },
  { "绿色通道", "lvsetongdao", "lstd" },          /* ü is written v */
  { "行政许可", "xingzhengxuke", "xzxk" },        /* 行 alone: its first reading */
  { "重要", "zhongyao", "zy" },
  /* phrase overrides of data/pinyin-phrase-overrides.tsv */
  { "银行", "yinhang", "yh" },
  { "中国银行", "zhongguoyinhang", "zgyh" },
  { "行业协会", "hangyexiehui", "hyxh" },
  { "重新申领", "chongxinshenling", "cxsl" },
  { "单位参保登记", "danweicanbaodengji", "dwcbdj" },
  { "会计师事务所", "kuaijishishiwusuo", "kjssws" },
  { "税率", "shuilv", "sl" },
  /* an override applies wherever the phrase stands, left to right */
  { "银行行业", "yinhanghangye", "yhhy" },
  { "发行业务", "fahangyewu", "fhyw" },
  /* ASCII and digits kept in lower case, one unit per word; punctuation dropped */
  { "ICP备案", "icpbeian", "icpba" },
  { "3C认证（强制性）", "3crenzhengqiangzhixing", "3crzqzx" },
  { "ＡＢＣ１２３", "abc123", "abc123" },          /* full-width, NFKC */
  { "A级 纳税人", "ajinashuiren", "ajnsr" },
  { "", "", "" },
  { "——·、", "", "" },
};

static void
test_pinyin_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *full = yc_pinyin_full (c->text);
  g_autofree char *initials = yc_pinyin_initials (c->text);

  g_assert_cmpstr (full, ==, c->full);
  g_assert_cmpstr (initials, ==, c->initials);
}

static void
test_pinyin_for_char (void)
{
  g_assert_cmpstr (yc_pinyin_for_char (0x4E2D), ==, "zhong");  /* 中 */
  g_assert_cmpstr (yc_pinyin_for_char (0x7EFF), ==, "lv");     /* 绿 */
  g_assert_cmpstr (yc_pinyin_for_char (0x884C), ==, "xing");   /* 行, out of context */
  g_assert_cmpstr (yc_pinyin_for_char (0x3400), ==, "qiu");    /* first of Extension A */
  g_assert_cmpstr (yc_pinyin_for_char (0x20000), ==, "he");    /* plane 2, Extension B */
  g_assert_null (yc_pinyin_for_char ('a'));
  g_assert_null (yc_pinyin_for_char (0x3001));                 /* 、 */
  g_assert_null (yc_pinyin_for_char (0xAC00));                 /* Hangul */
}

static void
test_pinyin_key_boundaries (void)
{
  g_autoptr(YcPinyinKey) key = yc_pinyin_key_new ("单位社会保险参保登记");

  g_assert_cmpuint (key->n_units, ==, 10);
  g_assert_cmpstr (key->full, ==, "danweishehuibaoxiancanbaodengji");
  g_assert_cmpstr (key->initials, ==, "dwshbxcbdj");
  g_assert_cmpuint (key->full_starts[2], ==, strlen ("danwei"));
  g_assert_cmpuint (key->full_starts[10], ==, strlen (key->full));

  /* full pinyin from any syllable on, possibly ending inside a syllable */
  g_assert_cmpint (yc_pinyin_key_find_full (key, "danw", 4), ==, 0);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "shehui", 6), ==, 2);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "baoxianc", 8), ==, 4);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "canbao", 6), ==, 6);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "dengji", 6), ==, 8);
  /* not from inside a syllable, and not beyond the end */
  g_assert_cmpint (yc_pinyin_key_find_full (key, "anwei", 5), ==, -1);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "sheb", 4), ==, -1);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "dengjiz", 7), ==, -1);
  g_assert_cmpint (yc_pinyin_key_find_full (key, "", 0), ==, -1);

  g_assert_cmpint (yc_pinyin_key_find_initials (key, "dw", 2), ==, 0);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "shbx", 4), ==, 2);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "hbx", 3), ==, 3);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "dwx", 3), ==, -1);
}

static void
test_pinyin_key_ascii_word (void)
{
  g_autoptr(YcPinyinKey) key = yc_pinyin_key_new ("办理ICP许可");

  g_assert_cmpuint (key->n_units, ==, 5);
  g_assert_cmpstr (key->initials, ==, "blicpxk");
  /* an ASCII word is one unit: found at its start, never from its middle */
  g_assert_cmpint (yc_pinyin_key_find_full (key, "icpxu", 5), ==, 2);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "icpx", 4), ==, 2);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "cpx", 3), ==, -1);
  g_assert_cmpint (yc_pinyin_key_find_initials (key, "xk", 2), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pinyin/text/%u", i);
      g_test_add_data_func (path, &cases[i], test_pinyin_case);
    }
  g_test_add_func ("/pinyin/for-char", test_pinyin_for_char);
  g_test_add_func ("/pinyin/key/boundaries", test_pinyin_key_boundaries);
  g_test_add_func ("/pinyin/key/ascii-word", test_pinyin_key_ascii_word);

  return g_test_run ();
}
