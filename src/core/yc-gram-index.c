/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-gram-index"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "yc-gram-index-private.h"

/* Bigrams and trigrams share one key space: the tag keeps "ab" apart from "\0ab". */
#define BIGRAM(a, b)     ((2u << 24) | ((guint32) (guint8) (a) << 8) | (guint8) (b))
#define TRIGRAM(a, b, c) ((3u << 24) | ((guint32) (guint8) (a) << 16) \
                          | ((guint32) (guint8) (b) << 8) | (guint8) (c))

struct _YcGramIndexBuilder
{
  GHashTable *postings;  /* gram → GArray of guint32 ids, ascending */
};

/* Sorted gram keys with their posting lists laid end to end in one array. */
struct _YcGramIndex
{
  gsize    n_grams;
  guint32 *grams;
  guint32 *starts;    /* n_grams + 1 offsets into postings */
  guint32 *postings;
};

YcGramIndexBuilder *
yc_gram_index_builder_new (void)
{
  YcGramIndexBuilder *builder = g_new0 (YcGramIndexBuilder, 1);

  builder->postings = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  return builder;
}

void
yc_gram_index_builder_free (YcGramIndexBuilder *builder)
{
  if (builder == NULL)
    return;
  g_clear_pointer (&builder->postings, g_hash_table_unref);
  g_free (builder);
}

static void
add_gram (YcGramIndexBuilder *builder,
          guint32             gram,
          guint32             id)
{
  GArray *ids = g_hash_table_lookup (builder->postings, GUINT_TO_POINTER (gram));

  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_hash_table_insert (builder->postings, GUINT_TO_POINTER (gram), ids);
    }
  /* Ids arrive in ascending order, so a repeat can only be the last one. */
  if (ids->len == 0 || g_array_index (ids, guint32, ids->len - 1) != id)
    g_array_append_val (ids, id);
}

/*
 * Adds the grams of one text of entry @id.  Ids must not decrease from call to call.
 * Grams never span two texts, so a query cannot match across a name and its pinyin.
 */
void
yc_gram_index_builder_add (YcGramIndexBuilder *builder,
                           guint32             id,
                           const char         *text,
                           gsize               len)
{
  g_return_if_fail (builder != NULL && builder->postings != NULL);
  g_return_if_fail (text != NULL || len == 0);

  for (gsize i = 0; i + 1 < len; i++)
    {
      add_gram (builder, BIGRAM (text[i], text[i + 1]), id);
      if (i + 2 < len)
        add_gram (builder, TRIGRAM (text[i], text[i + 1], text[i + 2]), id);
    }
}

static int
compare_guint32 (const void *a,
                 const void *b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/*
 * Freezes what was added into the compact index; the builder is left empty.
 */
YcGramIndex *
yc_gram_index_builder_finish (YcGramIndexBuilder *builder)
{
  YcGramIndex *index;
  GHashTableIter iter;
  gpointer key, value;
  gsize total = 0;
  gsize i = 0;

  g_return_val_if_fail (builder != NULL && builder->postings != NULL, NULL);

  index = g_new0 (YcGramIndex, 1);
  index->n_grams = g_hash_table_size (builder->postings);
  index->grams = g_new (guint32, index->n_grams + 1);

  g_hash_table_iter_init (&iter, builder->postings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      index->grams[i++] = GPOINTER_TO_UINT (key);
      total += ((GArray *) value)->len;
    }
  qsort (index->grams, index->n_grams, sizeof (guint32), compare_guint32);

  index->starts = g_new (guint32, index->n_grams + 1);
  index->postings = g_new (guint32, total + 1);
  total = 0;
  for (i = 0; i < index->n_grams; i++)
    {
      GArray *ids = g_hash_table_lookup (builder->postings, GUINT_TO_POINTER (index->grams[i]));

      index->starts[i] = total;
      memcpy (index->postings + total, ids->data, ids->len * sizeof (guint32));
      total += ids->len;
    }
  index->starts[index->n_grams] = total;

  g_hash_table_remove_all (builder->postings);
  return index;
}

static gboolean
find_gram (const YcGramIndex *index,
           guint32            gram,
           gsize             *position)
{
  gsize lo = 0, hi = index->n_grams;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (index->grams[mid] == gram)
        {
          *position = mid;
          return TRUE;
        }
      if (index->grams[mid] < gram)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

typedef struct {
  const guint32 *ids;
  gsize          len;
} List;

static int
compare_lists (const void *a,
               const void *b)
{
  const List *x = a;
  const List *y = b;

  return x->len < y->len ? -1 : x->len > y->len;
}

/* The first position in @ids[from…len) holding a value ≥ @value: gallop, then bisect. */
static gsize
seek (const guint32 *ids,
      gsize          len,
      gsize          from,
      guint32        value)
{
  gsize step = 1;
  gsize lo = from;
  gsize hi;

  while (from + step < len && ids[from + step] < value)
    {
      lo = from + step;
      step *= 2;
    }
  hi = MIN (from + step + 1, len);
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (ids[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * yc_gram_index_lookup:
 * @text: (array length=len): what is searched for
 * @ids: (element-type guint32): where the entry ids are appended, ascending
 *
 * Appends the entries holding every gram of @text (its trigrams; its bigram for two
 * bytes).  Every entry whose texts contain @text is among them; a few more may be, which
 * the caller checks.  The shortest posting lists are intersected first.
 *
 * Returns: %FALSE, appending nothing, when @text is shorter than two bytes and the index
 *   cannot narrow it down
 */
gboolean
yc_gram_index_lookup (const YcGramIndex *index,
                      const char        *text,
                      gsize              len,
                      GArray            *ids)
{
  g_autofree List *lists = NULL;
  gsize n_lists = 0;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  if (len < 2)
    return FALSE;

  lists = g_new (List, len);
  for (gsize i = 0; i + 1 < len && (len == 2 || i + 2 < len); i++)
    {
      guint32 gram = len == 2 ? BIGRAM (text[0], text[1])
                              : TRIGRAM (text[i], text[i + 1], text[i + 2]);
      gsize position;

      if (!find_gram (index, gram, &position))
        return TRUE;
      lists[n_lists].ids = index->postings + index->starts[position];
      lists[n_lists].len = index->starts[position + 1] - index->starts[position];
      n_lists++;
    }
  qsort (lists, n_lists, sizeof (List), compare_lists);

  /* Each id of the shortest list is looked for in the others, which only move forward. */
  {
    g_autofree gsize *cursors = g_new0 (gsize, n_lists);

    for (gsize i = 0; i < lists[0].len; i++)
      {
        guint32 id = lists[0].ids[i];
        gboolean everywhere = TRUE;

        for (gsize l = 1; l < n_lists && everywhere; l++)
          {
            cursors[l] = seek (lists[l].ids, lists[l].len, cursors[l], id);
            if (cursors[l] == lists[l].len)
              return TRUE;
            everywhere = lists[l].ids[cursors[l]] == id;
          }
        if (everywhere)
          g_array_append_val (ids, id);
      }
  }
  return TRUE;
}

/* Bytes held, for the benchmark's report. */
gsize
yc_gram_index_get_size (const YcGramIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);
  return sizeof *index + (index->n_grams * 2 + 1) * sizeof (guint32)
         + (index->starts[index->n_grams] + 1) * sizeof (guint32);
}

void
yc_gram_index_free (YcGramIndex *index)
{
  if (index == NULL)
    return;
  g_free (index->grams);
  g_free (index->starts);
  g_free (index->postings);
  g_free (index);
}
