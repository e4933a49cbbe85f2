/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Toneless pinyin of Chinese text, for search keys.  Readings come from Unihan kMandarin
 * (the first, most common reading), corrected by the phrase overrides of
 * data/pinyin-phrase-overrides.tsv (银行 → yin hang); both are compiled in at build time.
 *
 * Text is cut into units: every Han character is one unit (its syllable), every run of
 * ASCII letters and digits is one unit (lower-cased), everything else separates units and
 * leaves no trace.  All functions are pure and safe to call from any thread.
 */

typedef struct {
  char    *full;            /* the units joined: "shehuibaoxian" */
  char    *initials;        /* first letter of each syllable, ASCII words whole: "shbx" */
  guint    n_units;
  guint32 *full_starts;     /* byte offset in @full where unit i starts; n_units + 1 entries */
  guint32 *initial_starts;  /* byte offset in @initials where unit i starts; n_units + 1 entries */
} YcPinyinKey;

const char  *yc_pinyin_for_char           (gunichar           c);
char        *yc_pinyin_full               (const char        *utf8);
char        *yc_pinyin_initials           (const char        *utf8);

YcPinyinKey *yc_pinyin_key_new            (const char        *utf8);
void         yc_pinyin_key_free           (YcPinyinKey       *key);
int          yc_pinyin_key_find_full      (const YcPinyinKey *key,
                                           const char        *query,
                                           gsize              query_len);
int          yc_pinyin_key_find_initials  (const YcPinyinKey *key,
                                           const char        *query,
                                           gsize              query_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPinyinKey, yc_pinyin_key_free)

G_END_DECLS
