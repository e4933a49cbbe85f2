/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An inverted index of byte bigrams and trigrams → the ids of the entries whose text holds
 * them, for YcSearchIndex.  Working on UTF-8 bytes makes one index serve hanzi (a character
 * is three bytes), pinyin, initials and codes alike.  Immutable once finished; lookups are
 * safe from any thread.
 */

typedef struct _YcGramIndex        YcGramIndex;
typedef struct _YcGramIndexBuilder YcGramIndexBuilder;

YcGramIndexBuilder *yc_gram_index_builder_new     (void);
void                yc_gram_index_builder_add     (YcGramIndexBuilder *builder,
                                                   guint32             id,
                                                   const char         *text,
                                                   gsize               len);
YcGramIndex        *yc_gram_index_builder_finish  (YcGramIndexBuilder *builder);
void                yc_gram_index_builder_free    (YcGramIndexBuilder *builder);

gboolean            yc_gram_index_lookup          (const YcGramIndex  *index,
                                                   const char         *text,
                                                   gsize               len,
                                                   GArray             *ids);
gsize               yc_gram_index_get_size        (const YcGramIndex  *index);
void                yc_gram_index_free            (YcGramIndex        *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcGramIndexBuilder, yc_gram_index_builder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcGramIndex, yc_gram_index_free)

G_END_DECLS
