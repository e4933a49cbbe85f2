/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-query"

#include "config.h"

#include "yc-case-query.h"

G_DEFINE_ENUM_TYPE (YcCaseSort, yc_case_sort,
  G_DEFINE_ENUM_VALUE (YC_CASE_SORT_DEADLINE, "deadline"),
  G_DEFINE_ENUM_VALUE (YC_CASE_SORT_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (YC_CASE_SORT_ACCEPTED_DESC, "accepted-desc"),
  G_DEFINE_ENUM_VALUE (YC_CASE_SORT_NUMBER, "number"),
  G_DEFINE_ENUM_VALUE (YC_CASE_SORT_AGE, "age"))

G_DEFINE_BOXED_TYPE (YcCaseQuery, yc_case_query, yc_case_query_copy, yc_case_query_free)

static const char * const sort_words[] = {
  [YC_CASE_SORT_DEADLINE] = "deadline",
  [YC_CASE_SORT_ACCEPTED] = "accepted",
  [YC_CASE_SORT_ACCEPTED_DESC] = "accepted_desc",
  [YC_CASE_SORT_NUMBER] = "number",
  [YC_CASE_SORT_AGE] = "age",
};

/**
 * yc_case_query_new:
 *
 * Returns: (transfer full): a query for every part, in deadline order
 */
YcCaseQuery *
yc_case_query_new (void)
{
  YcCaseQuery *query = g_new0 (YcCaseQuery, 1);

  query->sort = YC_CASE_SORT_DEADLINE;
  return query;
}

/* "" is "any", like NULL: an emptied search entry must not be a different query. */
static char *
dup_member (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

YcCaseQuery *
yc_case_query_copy (const YcCaseQuery *query)
{
  YcCaseQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_new0 (YcCaseQuery, 1);
  copy->department = dup_member (query->department);
  copy->state = dup_member (query->state);
  copy->deadline_status = dup_member (query->deadline_status);
  copy->subject_code = dup_member (query->subject_code);
  copy->hall = dup_member (query->hall);
  copy->window = dup_member (query->window);
  copy->text = dup_member (query->text);
  copy->sort = query->sort;
  return copy;
}

void
yc_case_query_free (YcCaseQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->department);
  g_free (query->state);
  g_free (query->deadline_status);
  g_free (query->subject_code);
  g_free (query->hall);
  g_free (query->window);
  g_free (query->text);
  g_free (query);
}

static gboolean
member_equal (const char *a,
              const char *b)
{
  return g_strcmp0 (a != NULL && *a != '\0' ? a : NULL, b != NULL && *b != '\0' ? b : NULL) == 0;
}

gboolean
yc_case_query_equal (const YcCaseQuery *a,
                     const YcCaseQuery *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->sort == b->sort
         && member_equal (a->department, b->department)
         && member_equal (a->state, b->state)
         && member_equal (a->deadline_status, b->deadline_status)
         && member_equal (a->subject_code, b->subject_code)
         && member_equal (a->hall, b->hall)
         && member_equal (a->window, b->window)
         && member_equal (a->text, b->text);
}

const char *
yc_case_sort_to_string (YcCaseSort sort)
{
  g_return_val_if_fail ((guint) sort < G_N_ELEMENTS (sort_words), NULL);

  return sort_words[sort];
}

gboolean
yc_case_sort_from_string (const char *text,
                          YcCaseSort *sort)
{
  g_return_val_if_fail (sort != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sort_words); i++)
    {
      if (g_str_equal (text, sort_words[i]))
        {
          *sort = (YcCaseSort) i;
          return TRUE;
        }
    }
  return FALSE;
}
