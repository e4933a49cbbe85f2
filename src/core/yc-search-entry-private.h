/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-gram-index-private.h"
#include "yc-pinyin.h"
#include "yc-search-index.h"

G_BEGIN_DECLS

/*
 * What YcSearchIndex knows of one item or bundle, and how a query token scores on it:
 * the name and its synonym forms with their pinyin, the code, the department.  Private to
 * yc-search-index.c.
 */

/* One searchable form of a name: the name itself, or a form made by a synonym. */
typedef struct {
  char        *text;     /* NFKC, ASCII lower-cased */
  gsize        len;
  YcPinyinKey *pinyin;
  gboolean     synonym;
  gboolean     has_ascii;    /* else an ASCII token cannot be in @text: skip looking */
  guint64      unit_starts;  /* yc_search_char_bit() of each unit's first letter or digit */
} YcSearchKey;

/* An item or a bundle.  The strings not marked otherwise are the catalog's. */
typedef struct {
  YcSearchKind         kind;
  const char          *code;
  const char          *name;
  const char          *department;        /* items only */
  guint                department_index;  /* the index's department number; G_MAXUINT: none */
  const char * const  *life_stages;
  YcAudience           audience;
  GPtrArray           *departments;       /* bundles: the codes of their items' departments */
  char                *code_lower;        /* owned */
  gsize                code_len;
  guint                name_chars;
  guint                n_keys;
  YcSearchKey         *keys;              /* owned; the name first, then its synonym forms */
} YcSearchEntry;

/* A query token, normalised like the keys. */
typedef struct {
  const char *text;
  gsize       len;
  gboolean    ascii;         /* letters and digits only: may be pinyin or initials */
  guint8     *departments;   /* n_departments flags: the token names that department */
  gboolean    any_department;
  GArray     *ids;           /* entries holding all the token's grams */
} YcSearchToken;

/* A set of ASCII letters and digits in 36 bits. */
static inline guint64
yc_search_char_bit (char c)
{
  if (c >= 'a' && c <= 'z')
    return G_GUINT64_CONSTANT (1) << (c - 'a');
  if (c >= '0' && c <= '9')
    return G_GUINT64_CONSTANT (1) << (26 + c - '0');
  return 0;
}

char     *yc_search_normalize         (const char           *text);
gboolean  yc_search_is_ascii_alnum    (const char           *text,
                                       gsize                 len);
void      yc_search_entry_init_keys   (YcSearchEntry        *entry,
                                       const char           *name);
void      yc_search_entry_clear       (YcSearchEntry        *entry);
void      yc_search_entry_add_grams   (const YcSearchEntry  *entry,
                                       guint32               id,
                                       YcGramIndexBuilder   *builder);
int       yc_search_entry_score       (const YcSearchEntry  *entry,
                                       const YcSearchToken  *token,
                                       gboolean              whole_query);
gboolean  yc_search_entry_passes      (const YcSearchEntry  *entry,
                                       const YcSearchFilter *filter);

G_END_DECLS
