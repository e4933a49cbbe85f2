/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-search-index"

#include "config.h"

#include <string.h>

#include "yc-search-entry-private.h"

/* Generated at build time from data/search-synonyms.tsv (see docs/search.md). */
#include "yc-search-synonyms.h"

/*
 * Scores, highest first.  Tiers are 100 apart so that the refinements inside a tier
 * (position, synonym) never reach the tier below.
 */
#define SCORE_EXACT            1000
#define SCORE_NAME_PREFIX       900
#define SCORE_NAME_INSIDE       800
#define SCORE_PINYIN_PREFIX     700
#define SCORE_PINYIN_INSIDE     600
#define SCORE_INITIALS_PREFIX   500
#define SCORE_INITIALS_INSIDE   450
#define SCORE_CODE_EXACT        350
#define SCORE_DEPARTMENT        300
#define SCORE_CODE_INSIDE       300
#define MAX_POSITION_PENALTY     50
#define SYNONYM_PENALTY          20

/* How names and queries are compared: full-width forms folded by NFKC, ASCII lower case. */
char *
yc_search_normalize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *normal = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);

  return g_ascii_strdown (normal, -1);
}

static void
key_init (YcSearchKey *key,
          char        *text,
          gboolean     synonym)
{
  key->text = text;
  key->len = strlen (text);
  key->pinyin = yc_pinyin_key_new (text);
  key->synonym = synonym;
  key->has_ascii = FALSE;
  for (const char *p = text; *p != '\0' && !key->has_ascii; p++)
    key->has_ascii = (guchar) *p < 0x80;
  key->unit_starts = 0;
  for (guint i = 0; i < key->pinyin->n_units; i++)
    key->unit_starts |= yc_search_char_bit (key->pinyin->full[key->pinyin->full_starts[i]]);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, from, to, 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/*
 * The name and the forms the synonyms make of it: 社会保障卡申领 is also 社保卡申领, and
 * 社保缴费 is also 社会保险缴费.  A short form inside a full one (公积金 in 住房公积金) is
 * only expanded where the full form is absent.
 */
void
yc_search_entry_init_keys (YcSearchEntry *entry,
                           const char    *name)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (texts, yc_search_normalize (name));

  for (guint i = 0; i < YC_SEARCH_N_SYNONYMS; i++)
    {
      const char *primary = g_ptr_array_index (texts, 0);
      const char *short_form = yc_search_synonyms[i].short_form;
      const char *full_form = yc_search_synonyms[i].full_form;
      char *alias = NULL;
      gboolean seen = FALSE;

      if (strstr (primary, full_form) != NULL)
        alias = replace_all (primary, full_form, short_form);
      else if (strstr (primary, short_form) != NULL)
        alias = replace_all (primary, short_form, full_form);
      if (alias == NULL)
        continue;

      for (guint j = 0; j < texts->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (texts, j), alias);
      if (seen)
        g_free (alias);
      else
        g_ptr_array_add (texts, alias);
    }

  entry->n_keys = texts->len;
  entry->keys = g_new0 (YcSearchKey, texts->len);
  for (guint i = 0; i < texts->len; i++)
    key_init (&entry->keys[i], g_strdup (g_ptr_array_index (texts, i)), i > 0);
}

void
yc_search_entry_clear (YcSearchEntry *entry)
{
  for (guint i = 0; i < entry->n_keys; i++)
    {
      g_free (entry->keys[i].text);
      yc_pinyin_key_free (entry->keys[i].pinyin);
    }
  g_free (entry->keys);
  g_free (entry->code_lower);
  g_clear_pointer (&entry->departments, g_ptr_array_unref);
}

void
yc_search_entry_add_grams (const YcSearchEntry *entry,
                           guint32              id,
                           YcGramIndexBuilder  *builder)
{
  yc_gram_index_builder_add (builder, id, entry->code_lower, entry->code_len);
  for (guint i = 0; i < entry->n_keys; i++)
    {
      const YcSearchKey *key = &entry->keys[i];

      yc_gram_index_builder_add (builder, id, key->text, key->len);
      yc_gram_index_builder_add (builder, id, key->pinyin->full, strlen (key->pinyin->full));
      yc_gram_index_builder_add (builder, id, key->pinyin->initials, strlen (key->pinyin->initials));
    }
}

gboolean
yc_search_is_ascii_alnum (const char *text,
                          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

static int
position_penalty (guint position)
{
  return MIN (position, MAX_POSITION_PENALTY);
}

static int
score_key (const YcSearchKey   *key,
           const YcSearchToken *token,
           gboolean             whole_query)
{
  const char *found;

  found = token->len <= key->len && (key->has_ascii || !token->ascii)
          ? strstr (key->text, token->text) : NULL;
  if (found == key->text)
    return whole_query && token->len == key->len ? SCORE_EXACT : SCORE_NAME_PREFIX;
  if (found != NULL)
    return SCORE_NAME_INSIDE - position_penalty (g_utf8_strlen (key->text, found - key->text));

  /* Pinyin and initials matches both begin at a unit, whose first letter is the same in
   * both: the bit set rules most keys out without touching their text. */
  if (token->ascii && (key->unit_starts & yc_search_char_bit (token->text[0])) != 0)
    {
      int unit = yc_pinyin_key_find_full (key->pinyin, token->text, token->len);

      if (unit == 0)
        return SCORE_PINYIN_PREFIX;
      if (unit > 0)
        return SCORE_PINYIN_INSIDE - position_penalty (unit);

      unit = yc_pinyin_key_find_initials (key->pinyin, token->text, token->len);
      if (unit == 0)
        return SCORE_INITIALS_PREFIX;
      if (unit > 0)
        return SCORE_INITIALS_INSIDE - position_penalty (unit);
    }
  return 0;
}

/*
 * The best score @token reaches on @entry's name and synonym forms, else on its code or
 * department; 0 when it does not match.  @whole_query: the token is the whole query, so
 * that equal to a name is an exact match.
 */
int
yc_search_entry_score (const YcSearchEntry *entry,
                       const YcSearchToken *token,
                       gboolean             whole_query)
{
  int best = 0;

  for (guint i = 0; i < entry->n_keys; i++)
    {
      int score = score_key (&entry->keys[i], token, whole_query);

      if (score > 0 && entry->keys[i].synonym)
        score -= SYNONYM_PENALTY;
      best = MAX (best, score);
    }
  if (best > 0)
    return best;

  if (token->len == entry->code_len && memcmp (token->text, entry->code_lower, token->len) == 0)
    return SCORE_CODE_EXACT;
  if (token->len <= entry->code_len
      && strstr (entry->code_lower, token->text) != NULL)
    return SCORE_CODE_INSIDE;

  if (token->any_department && entry->department_index != G_MAXUINT
      && token->departments[entry->department_index])
    return SCORE_DEPARTMENT;

  return 0;
}

gboolean
yc_search_entry_passes (const YcSearchEntry  *entry,
                        const YcSearchFilter *filter)
{
  if (filter == NULL)
    return TRUE;
  if (filter->items_only && entry->kind != YC_SEARCH_KIND_ITEM)
    return FALSE;
  if (filter->bundles_only && entry->kind != YC_SEARCH_KIND_BUNDLE)
    return FALSE;
  if (filter->audience != 0 && (entry->audience & filter->audience) == 0)
    return FALSE;
  if (filter->life_stage != NULL
      && (entry->life_stages == NULL || !g_strv_contains (entry->life_stages, filter->life_stage)))
    return FALSE;
  if (filter->department != NULL)
    {
      if (entry->kind == YC_SEARCH_KIND_ITEM)
        return g_strcmp0 (entry->department, filter->department) == 0;
      return g_ptr_array_find_with_equal_func (entry->departments, filter->department,
                                               g_str_equal, NULL);
    }
  return TRUE;
}

