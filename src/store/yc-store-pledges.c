/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store-pledges.h"
#include "yc-store-private.h"

/*
 * A pledge is a material of state "pledged" in case_materials, so the cases are found
 * there rather than by reading every document; the documents of those cases then say
 * which departments they concern and when each pledge is due.
 */

static gboolean
concerns (YcCase             *c,
          const char * const *departments)
{
  if (departments == NULL)
    return TRUE;
  for (guint i = 0; i < c->parts->len; i++)
    if (g_strv_contains (departments, ((YcCasePart *) g_ptr_array_index (c->parts, i))->department))
      return TRUE;
  return FALSE;
}

/* The earliest due date of a pledge still due; pledges all decided sort last. */
static guint32
first_due (YcCase *c)
{
  guint32 first = G_MAXUINT32;

  for (guint i = 0; i < c->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (c->pledges, i);

      if (pledge->status == YC_PLEDGE_DUE && g_date_valid (&pledge->due))
        first = MIN (first, g_date_get_julian (&pledge->due));
    }
  return first;
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  YcCase *x = *(YcCase **) a;
  YcCase *y = *(YcCase **) b;
  guint32 dx = first_due (x), dy = first_due (y);

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_strcmp0 (x->number, y->number);
}

/**
 * yc_store_list_pledge_cases:
 * @departments: (nullable): the reviewer's departments
 *
 * Returns: (transfer full) (element-type YcCase): the cases with a pledge, or %NULL
 */
GPtrArray *
yc_store_list_pledge_cases (YcStore             *self,
                            const char * const  *departments,
                            GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "SELECT uuid, document FROM cases WHERE uuid IN "
                                   "(SELECT case_uuid FROM case_materials WHERE state = 'pledged')",
                                   error);
  if (statement == NULL)
    return NULL;
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      g_autoptr(YcCase) c = yc_store_read_document (yc_statement_get_text (statement, 0),
                                                    yc_statement_get_text (statement, 1), error);

      if (c == NULL)
        return NULL;
      if (c->pledges->len > 0 && concerns (c, departments))
        g_ptr_array_add (cases, g_steal_pointer (&c));
    }
  if (rc < 0)
    return NULL;
  g_ptr_array_sort (cases, compare_cases);
  return g_steal_pointer (&cases);
}

static gpointer
list_job (YcStore  *self,
          gpointer  data,
          GError  **error)
{
  return yc_store_list_pledge_cases (self, data, error);
}

void
yc_store_list_pledge_cases_async (YcStore             *self,
                                  const char * const  *departments,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, list_job, g_strdupv ((char **) departments), (GDestroyNotify) g_strfreev,
                      (GDestroyNotify) g_ptr_array_unref, yc_store_list_pledge_cases_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_list_pledge_cases_finish:
 *
 * Returns: (transfer full) (element-type YcCase): the cases, or %NULL
 */
GPtrArray *
yc_store_list_pledge_cases_finish (YcStore       *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_pledge_cases_async, error);
}
