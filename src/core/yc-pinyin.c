/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-pinyin"

#include "config.h"

#include <string.h>

#include "yc-pinyin.h"

/* Generated at build time by build-aux/gen-pinyin-table.py (see docs/search.md). */
#include "yc-pinyin-table.h"

G_STATIC_ASSERT (G_N_ELEMENTS (yc_pinyin_syllable_offsets) == YC_PINYIN_N_SYLLABLES);

static const char *
syllable_text (guint index)
{
  g_assert (index < YC_PINYIN_N_SYLLABLES);
  return yc_pinyin_syllable_text + yc_pinyin_syllable_offsets[index];
}

static int
lookup_syllable (gunichar c)
{
  if (c >= YC_PINYIN_BMP_FIRST && c <= YC_PINYIN_BMP_LAST)
    return (int) yc_pinyin_bmp[c - YC_PINYIN_BMP_FIRST] - 1;

  for (gsize lo = 0, hi = G_N_ELEMENTS (yc_pinyin_other); lo < hi;)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (yc_pinyin_other[mid].codepoint == c)
        return yc_pinyin_other[mid].syllable;
      if (yc_pinyin_other[mid].codepoint < c)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

/**
 * yc_pinyin_for_char:
 * @c: a character
 *
 * Returns: (nullable): the toneless syllable of @c out of any context (its first Unihan
 *   kMandarin reading, ü written v), or %NULL when @c is not a Han character with a reading
 */
const char *
yc_pinyin_for_char (gunichar c)
{
  int index = lookup_syllable (c);

  return index < 0 ? NULL : syllable_text (index);
}

/*
 * The longest override phrase starting at @chars, or -1.  Phrases sharing a first
 * character are sorted longest first, so the first that matches wins.
 */
static int
find_phrase (const gunichar *chars,
             gsize           n_chars)
{
  gsize lo = 0, hi = YC_PINYIN_N_PHRASES;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (yc_pinyin_phrases[mid].first < chars[0])
        lo = mid + 1;
      else
        hi = mid;
    }

  for (gsize i = lo; i < YC_PINYIN_N_PHRASES && yc_pinyin_phrases[i].first == chars[0]; i++)
    {
      const char *p = yc_pinyin_phrases[i].phrase;
      gsize n = yc_pinyin_phrases[i].n_chars;
      gsize j;

      if (n > n_chars)
        continue;
      for (j = 0; j < n; j++, p = g_utf8_next_char (p))
        if (g_utf8_get_char (p) != chars[j])
          break;
      if (j == n)
        return (int) i;
    }
  return -1;
}

static gboolean
is_ascii_alnum (gunichar c)
{
  return c < 0x80 && g_ascii_isalnum ((char) c);
}

/**
 * yc_pinyin_key_new:
 * @utf8: text, usually a name
 *
 * Computes the full pinyin and the initials of @utf8 together with the unit boundaries
 * in both, which is what a search needs to match a query from any syllable on.  The text
 * is NFKC-normalised first, so full-width letters and digits count as ASCII.
 *
 * Returns: (transfer full): the key; free it with yc_pinyin_key_free()
 */
YcPinyinKey *
yc_pinyin_key_new (const char *utf8)
{
  g_autofree char *valid = NULL;
  g_autofree char *normal = NULL;
  g_autofree gunichar *chars = NULL;
  g_autoptr(GString) full = NULL;
  g_autoptr(GString) initials = NULL;
  g_autoptr(GArray) full_starts = NULL;
  g_autoptr(GArray) initial_starts = NULL;
  YcPinyinKey *key;
  glong n_chars = 0;
  guint32 offset;

  g_return_val_if_fail (utf8 != NULL, NULL);

  valid = g_utf8_make_valid (utf8, -1);
  normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  chars = g_utf8_to_ucs4_fast (normal, -1, &n_chars);

  full = g_string_new (NULL);
  initials = g_string_new (NULL);
  full_starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  initial_starts = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (glong i = 0; i < n_chars;)
    {
      int phrase;
      int syllable;

      if (is_ascii_alnum (chars[i]))
        {
          offset = full->len;
          g_array_append_val (full_starts, offset);
          offset = initials->len;
          g_array_append_val (initial_starts, offset);
          for (; i < n_chars && is_ascii_alnum (chars[i]); i++)
            {
              char lower = g_ascii_tolower ((char) chars[i]);

              g_string_append_c (full, lower);
              g_string_append_c (initials, lower);
            }
          continue;
        }

      phrase = find_phrase (chars + i, n_chars - i);
      if (phrase >= 0)
        {
          for (guint j = 0; j < yc_pinyin_phrases[phrase].n_chars; j++)
            {
              const char *text = syllable_text (yc_pinyin_phrases[phrase].syllables[j]);

              offset = full->len;
              g_array_append_val (full_starts, offset);
              offset = initials->len;
              g_array_append_val (initial_starts, offset);
              g_string_append (full, text);
              g_string_append_c (initials, text[0]);
            }
          i += yc_pinyin_phrases[phrase].n_chars;
          continue;
        }

      syllable = lookup_syllable (chars[i]);
      if (syllable >= 0)
        {
          const char *text = syllable_text (syllable);

          offset = full->len;
          g_array_append_val (full_starts, offset);
          offset = initials->len;
          g_array_append_val (initial_starts, offset);
          g_string_append (full, text);
          g_string_append_c (initials, text[0]);
        }
      i++;
    }

  key = g_new0 (YcPinyinKey, 1);
  key->n_units = full_starts->len;
  offset = full->len;
  g_array_append_val (full_starts, offset);
  offset = initials->len;
  g_array_append_val (initial_starts, offset);
  key->full = g_string_free (g_steal_pointer (&full), FALSE);
  key->initials = g_string_free (g_steal_pointer (&initials), FALSE);
  key->full_starts = (guint32 *) (void *) g_array_free (g_steal_pointer (&full_starts), FALSE);
  key->initial_starts = (guint32 *) (void *) g_array_free (g_steal_pointer (&initial_starts), FALSE);

  return key;
}

void
yc_pinyin_key_free (YcPinyinKey *key)
{
  if (key == NULL)
    return;
  g_free (key->full);
  g_free (key->initials);
  g_free (key->full_starts);
  g_free (key->initial_starts);
  g_free (key);
}

/* The unit starting at byte @offset, or -1 when @offset is inside a unit. */
static int
unit_at (const guint32 *starts,
         guint          n_units,
         gsize          offset)
{
  guint lo = 0, hi = n_units;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] == offset)
        return (int) mid;
      if (starts[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

static int
find_at_unit (const char    *text,
              const guint32 *starts,
              guint          n_units,
              const char    *query,
              gsize          query_len)
{
  gsize text_len = starts[n_units];
  const char *end = text + text_len;

  if (query_len == 0 || query_len > text_len)
    return -1;

  /* A letter or two occurs all over the text: try each unit instead. */
  if (query_len <= 2)
    {
      for (guint unit = 0; unit < n_units; unit++)
        if (text[starts[unit]] == query[0]
            && (query_len == 1 || text[starts[unit] + 1] == query[1]))
          return (int) unit;
      return -1;
    }

  /* A longer query occurs seldom, if at all: find each occurrence and check that it
   * starts a unit. */
  for (const char *p = memchr (text, query[0], text_len);
       p != NULL && (gsize) (end - p) >= query_len;
       p = memchr (p + 1, query[0], end - p - 1))
    if (memcmp (p, query, query_len) == 0)
      {
        int unit = unit_at (starts, n_units, p - text);

        if (unit >= 0)
          return unit;
      }
  return -1;
}

/**
 * yc_pinyin_key_find_full:
 * @query: lower-case ASCII
 * @query_len: its length in bytes
 *
 * Finds the first unit from which the full pinyin begins with @query.  The query may end
 * inside a syllable and may run across several: "sheb" and "shebao" both match 社保
 * wherever it stands in the name.
 *
 * Returns: the unit index, or -1
 */
int
yc_pinyin_key_find_full (const YcPinyinKey *key,
                         const char        *query,
                         gsize              query_len)
{
  g_return_val_if_fail (key != NULL, -1);
  g_return_val_if_fail (query != NULL, -1);

  return find_at_unit (key->full, key->full_starts, key->n_units, query, query_len);
}

/**
 * yc_pinyin_key_find_initials:
 * @query: lower-case ASCII
 * @query_len: its length in bytes
 *
 * Finds the first unit from which the initials begin with @query ("gtgsh" in
 * 个体工商户设立登记 at unit 0, "sl" at unit 5).
 *
 * Returns: the unit index, or -1
 */
int
yc_pinyin_key_find_initials (const YcPinyinKey *key,
                             const char        *query,
                             gsize              query_len)
{
  g_return_val_if_fail (key != NULL, -1);
  g_return_val_if_fail (query != NULL, -1);

  return find_at_unit (key->initials, key->initial_starts, key->n_units, query, query_len);
}

/**
 * yc_pinyin_full:
 * @utf8: text
 *
 * Returns: (transfer full): the toneless pinyin of @utf8, syllables joined without
 *   spaces, ASCII letters and digits kept in lower case, anything else dropped:
 *   "中国银行ATM" → "zhongguoyinhangatm"
 */
char *
yc_pinyin_full (const char *utf8)
{
  g_autoptr(YcPinyinKey) key = NULL;

  g_return_val_if_fail (utf8 != NULL, NULL);

  key = yc_pinyin_key_new (utf8);
  return g_steal_pointer (&key->full);
}

/**
 * yc_pinyin_initials:
 * @utf8: text
 *
 * Returns: (transfer full): the first letter of each syllable of @utf8, ASCII words
 *   kept whole in lower case: "个体工商户" → "gtgsh", "ICP备案" → "icpba"
 */
char *
yc_pinyin_initials (const char *utf8)
{
  g_autoptr(YcPinyinKey) key = NULL;

  g_return_val_if_fail (utf8 != NULL, NULL);

  key = yc_pinyin_key_new (utf8);
  return g_steal_pointer (&key->initials);
}
