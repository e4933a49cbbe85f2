/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-search-index"

#include "config.h"

#include <string.h>

#include "yc-bundle-merge.h"
#include "yc-search-entry-private.h"
#include "yc-search-index.h"

typedef struct {
  const char  *code;
  char        *name;
  char        *short_name;
  YcPinyinKey *name_pinyin;
  YcPinyinKey *short_pinyin;
  GArray      *entries;  /* of guint32, the items of this department */
} Department;

struct _YcSearchIndex
{
  GObject        parent_instance;

  YcCatalog     *catalog;
  guint          n_entries;
  YcSearchEntry *entries;        /* the items, then the bundles, in catalog order */
  guint          n_departments;
  Department    *departments;
  YcGramIndex   *grams;
};

G_DEFINE_FINAL_TYPE (YcSearchIndex, yc_search_index, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  const YcSearchEntry *entry;
  guint                order;
  int                  score;
} Candidate;

static void
yc_search_index_build (YcSearchIndex *self)
{
  GPtrArray *departments = yc_catalog_get_departments (self->catalog);
  GPtrArray *items = yc_catalog_get_items (self->catalog);
  GPtrArray *bundles = yc_catalog_get_bundles (self->catalog);
  g_autoptr(GHashTable) department_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(YcGramIndexBuilder) builder = yc_gram_index_builder_new ();

  self->n_departments = departments->len;
  self->departments = g_new0 (Department, departments->len);
  for (guint i = 0; i < departments->len; i++)
    {
      const YcDepartment *d = g_ptr_array_index (departments, i);
      Department *department = &self->departments[i];

      department->code = d->code;
      department->name = yc_search_normalize (d->name);
      department->short_name = yc_search_normalize (d->short_name != NULL ? d->short_name : d->name);
      department->name_pinyin = yc_pinyin_key_new (department->name);
      department->short_pinyin = yc_pinyin_key_new (department->short_name);
      department->entries = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_hash_table_insert (department_index, d->code, GUINT_TO_POINTER (i + 1));
    }

  self->n_entries = items->len + bundles->len;
  self->entries = g_new0 (YcSearchEntry, self->n_entries);

  for (guint i = 0; i < items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (items, i);
      YcSearchEntry *entry = &self->entries[i];
      guint department = GPOINTER_TO_UINT (g_hash_table_lookup (department_index, item->department));

      entry->kind = YC_SEARCH_KIND_ITEM;
      entry->code = item->code;
      entry->name = item->name;
      entry->department = item->department;
      entry->life_stages = (const char * const *) item->life_stages;
      entry->audience = item->audience;
      entry->department_index = department > 0 ? department - 1 : G_MAXUINT;
      if (department > 0)
        g_array_append_val (self->departments[department - 1].entries, i);
    }

  for (guint i = 0; i < bundles->len; i++)
    {
      const YcBundle *bundle = g_ptr_array_index (bundles, i);
      YcSearchEntry *entry = &self->entries[items->len + i];

      entry->kind = YC_SEARCH_KIND_BUNDLE;
      entry->code = bundle->code;
      entry->name = bundle->name;
      entry->life_stages = (const char * const *) bundle->life_stages;
      entry->audience = bundle->audience;
      entry->department_index = G_MAXUINT;
      entry->departments = yc_bundle_dup_departments (self->catalog, bundle);
    }

  for (guint i = 0; i < self->n_entries; i++)
    {
      YcSearchEntry *entry = &self->entries[i];

      entry->code_lower = yc_search_normalize (entry->code);
      entry->code_len = strlen (entry->code_lower);
      entry->name_chars = g_utf8_strlen (entry->name, -1);
      yc_search_entry_init_keys (entry, entry->name);
      yc_search_entry_add_grams (entry, i, builder);
    }

  self->grams = yc_gram_index_builder_finish (builder);
}

static void
yc_search_index_constructed (GObject *object)
{
  YcSearchIndex *self = (YcSearchIndex *)object;

  G_OBJECT_CLASS (yc_search_index_parent_class)->constructed (object);

  g_return_if_fail (YC_IS_CATALOG (self->catalog));
  yc_search_index_build (self);
}

static void
yc_search_index_dispose (GObject *object)
{
  YcSearchIndex *self = (YcSearchIndex *)object;

  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (yc_search_index_parent_class)->dispose (object);
}

static void
yc_search_index_finalize (GObject *object)
{
  YcSearchIndex *self = (YcSearchIndex *)object;

  for (guint i = 0; i < self->n_entries; i++)
    yc_search_entry_clear (&self->entries[i]);
  g_free (self->entries);
  for (guint i = 0; i < self->n_departments; i++)
    {
      g_free (self->departments[i].name);
      g_free (self->departments[i].short_name);
      yc_pinyin_key_free (self->departments[i].name_pinyin);
      yc_pinyin_key_free (self->departments[i].short_pinyin);
      g_array_unref (self->departments[i].entries);
    }
  g_free (self->departments);
  g_clear_pointer (&self->grams, yc_gram_index_free);

  G_OBJECT_CLASS (yc_search_index_parent_class)->finalize (object);
}

static void
yc_search_index_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YcSearchIndex *self = YC_SEARCH_INDEX (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_search_index_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcSearchIndex *self = YC_SEARCH_INDEX (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_search_index_class_init (YcSearchIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = yc_search_index_constructed;
  object_class->dispose = yc_search_index_dispose;
  object_class->finalize = yc_search_index_finalize;
  object_class->get_property = yc_search_index_get_property;
  object_class->set_property = yc_search_index_set_property;

  /**
   * YcSearchIndex:catalog:
   *
   * The catalog searched.  The index is built from it once, at construction.
   */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         YC_TYPE_CATALOG,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_search_index_init (YcSearchIndex *self)
{
}

/**
 * yc_search_index_new:
 * @catalog: the catalog to search
 *
 * Builds the search keys of every item and bundle of @catalog.  The index keeps a
 * reference on @catalog and never changes afterwards.
 *
 * Returns: (transfer full): a new index
 */
YcSearchIndex *
yc_search_index_new (YcCatalog *catalog)
{
  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);

  return g_object_new (YC_TYPE_SEARCH_INDEX,
                       "catalog", catalog,
                       NULL);
}

/**
 * yc_search_index_get_catalog:
 *
 * Returns: (transfer none): the catalog this index searches
 */
YcCatalog *
yc_search_index_get_catalog (YcSearchIndex *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_INDEX (self), NULL);
  return self->catalog;
}

static gboolean
pinyin_matches_department (const YcPinyinKey   *pinyin,
                           const YcSearchToken *token)
{
  return yc_pinyin_key_find_full (pinyin, token->text, token->len) >= 0
         || yc_pinyin_key_find_initials (pinyin, token->text, token->len) >= 0;
}

static void
token_match_departments (YcSearchIndex *self,
                         YcSearchToken *token)
{
  token->departments = g_new0 (guint8, MAX (self->n_departments, 1));
  for (guint i = 0; i < self->n_departments; i++)
    {
      const Department *department = &self->departments[i];
      gboolean match = strstr (department->name, token->text) != NULL
                       || strstr (department->short_name, token->text) != NULL;

      if (!match && token->ascii)
        match = pinyin_matches_department (department->name_pinyin, token)
                || pinyin_matches_department (department->short_pinyin, token);
      token->departments[i] = match;
      token->any_department |= match;
    }
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;
  if (ca->entry->name_chars != cb->entry->name_chars)
    return ca->entry->name_chars < cb->entry->name_chars ? -1 : 1;
  return ca->order < cb->order ? -1 : ca->order > cb->order;
}

static void
consider (YcSearchIndex        *self,
          guint32               id,
          const YcSearchToken  *tokens,
          guint                 n_tokens,
          const YcSearchFilter *filter,
          GArray               *candidates)
{
  const YcSearchEntry *entry = &self->entries[id];
  Candidate candidate = { entry, id, 0 };

  if (!yc_search_entry_passes (entry, filter))
    return;

  for (guint i = 0; i < n_tokens; i++)
    {
      int score = yc_search_entry_score (entry, &tokens[i], n_tokens == 1);

      if (score == 0)
        return;
      candidate.score += score;
    }
  candidate.score /= (int) MAX (n_tokens, 1);
  g_array_append_val (candidates, candidate);
}

/*
 * Every entry a token can match holds all of its grams or belongs to a department the
 * token names.  Finds the former and returns the number of entries to check, or
 * G_MAXSIZE when the token is too short for the gram index and all must be checked.
 */
static gsize
token_find_candidates (YcSearchIndex *self,
                       YcSearchToken *token)
{
  gsize cost;

  token->ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (!yc_gram_index_lookup (self->grams, token->text, token->len, token->ids))
    return G_MAXSIZE;

  cost = token->ids->len;
  for (guint i = 0; i < self->n_departments; i++)
    if (token->departments[i])
      cost += self->departments[i].entries->len;
  return cost;
}

/* A heap of the best candidates so far, rooted at the worst of them. */
static void
heap_sift_down (Candidate *heap,
                guint      n,
                guint      i)
{
  for (;;)
    {
      guint worst = i;
      guint left = 2 * i + 1;
      guint right = left + 1;
      Candidate tmp;

      if (left < n && compare_candidates (&heap[left], &heap[worst]) > 0)
        worst = left;
      if (right < n && compare_candidates (&heap[right], &heap[worst]) > 0)
        worst = right;
      if (worst == i)
        return;
      tmp = heap[i];
      heap[i] = heap[worst];
      heap[worst] = tmp;
      i = worst;
    }
}

/* Sorts the candidates, keeping only the best @limit (0: all) without sorting the rest. */
static void
keep_best (GArray *candidates,
           guint   limit)
{
  Candidate *all = (Candidate *) (void *) candidates->data;

  if (limit > 0 && candidates->len > limit)
    {
      for (guint i = limit / 2 + 1; i-- > 0;)
        heap_sift_down (all, limit, i);
      for (guint i = limit; i < candidates->len; i++)
        if (compare_candidates (&all[i], &all[0]) < 0)
          {
            all[0] = all[i];
            heap_sift_down (all, limit, 0);
          }
      g_array_set_size (candidates, limit);
    }
  g_array_sort (candidates, compare_candidates);
}

static GArray *
to_hits (GArray *candidates)
{
  GArray *hits = g_array_sized_new (FALSE, FALSE, sizeof (YcSearchHit), candidates->len);

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *candidate = &g_array_index (candidates, Candidate, i);
      YcSearchHit hit = {
        candidate->entry->kind,
        candidate->entry->code,
        candidate->entry->name,
        candidate->entry->department,
        candidate->score,
      };

      g_array_append_val (hits, hit);
    }
  return hits;
}

static void
browse (YcSearchIndex        *self,
        const YcSearchFilter *filter,
        guint                 limit,
        GArray               *candidates)
{
  for (guint32 id = 0; id < self->n_entries && (limit == 0 || candidates->len < limit); id++)
    if (yc_search_entry_passes (&self->entries[id], filter))
      {
        Candidate candidate = { &self->entries[id], id, 0 };
        g_array_append_val (candidates, candidate);
      }
}

static void
search (YcSearchIndex        *self,
        YcSearchToken        *tokens,
        guint                 n_tokens,
        const YcSearchFilter *filter,
        GArray               *candidates)
{
  g_autofree guint8 *seen = NULL;
  gsize best_cost = G_MAXSIZE;
  const YcSearchToken *token = &tokens[0];

  /* Only the token with the fewest possible entries is used to find candidates; every
   * token is then checked on each of them. */
  for (guint i = 0; i < n_tokens; i++)
    {
      gsize cost = token_find_candidates (self, &tokens[i]);

      if (cost < best_cost)
        {
          best_cost = cost;
          token = &tokens[i];
        }
    }

  if (best_cost == G_MAXSIZE)
    {
      for (guint32 id = 0; id < self->n_entries; id++)
        consider (self, id, tokens, n_tokens, filter, candidates);
      return;
    }

  if (token->any_department)
    seen = g_new0 (guint8, self->n_entries);
  for (guint i = 0; i < token->ids->len; i++)
    {
      guint32 id = g_array_index (token->ids, guint32, i);

      if (seen != NULL)
        seen[id] = 1;
      consider (self, id, tokens, n_tokens, filter, candidates);
    }
  for (guint i = 0; token->any_department && i < self->n_departments; i++)
    {
      GArray *entries = self->departments[i].entries;

      if (!token->departments[i])
        continue;
      for (guint j = 0; j < entries->len; j++)
        {
          guint32 id = g_array_index (entries, guint32, j);

          if (!seen[id])
            {
              seen[id] = 1;
              consider (self, id, tokens, n_tokens, filter, candidates);
            }
        }
    }
}

/**
 * yc_search_index_query:
 * @query: (nullable): what the user typed: hanzi, pinyin, initials, an item code or a
 *   department, several of them separated by spaces (all must match)
 * @filter: (nullable): restrictions on the results
 * @limit: the most hits to return, 0 for all
 *
 * Matches and ranks as docs/search.md describes.  An empty or blank @query lists every
 * entry that passes @filter in catalog order (items, then bundles).  Safe to call from
 * any thread.
 *
 * Returns: (transfer full) (element-type YcSearchHit): the hits, best first
 */
GArray *
yc_search_index_query (YcSearchIndex        *self,
                       const char           *query,
                       const YcSearchFilter *filter,
                       guint                 limit)
{
  g_autofree char *normal = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree YcSearchToken *tokens = NULL;
  g_autoptr(GArray) candidates = NULL;
  guint n_tokens = 0;

  g_return_val_if_fail (YC_IS_SEARCH_INDEX (self), NULL);

  normal = yc_search_normalize (query != NULL ? query : "");
  words = g_strsplit_set (normal, " \t\n\r\f\v", -1);
  tokens = g_new0 (YcSearchToken, g_strv_length (words) + 1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        YcSearchToken *token = &tokens[n_tokens++];

        token->text = words[i];
        token->len = strlen (words[i]);
        token->ascii = yc_search_is_ascii_alnum (token->text, token->len);
        token_match_departments (self, token);
      }

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  if (n_tokens == 0)
    {
      browse (self, filter, limit, candidates);
      return to_hits (candidates);
    }

  search (self, tokens, n_tokens, filter, candidates);

  for (guint i = 0; i < n_tokens; i++)
    {
      g_free (tokens[i].departments);
      g_clear_pointer (&tokens[i].ids, g_array_unref);
    }

  keep_best (candidates, limit);
  return to_hits (candidates);
}
