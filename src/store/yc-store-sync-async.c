/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store-private.h"

/* The _async forms of yc-store-sync.c: each runs the blocking call on the writer thread. */

typedef struct {
  gint64        id;
  gboolean      flag;
  char         *text;
  char         *username;
  YcDayClosing *closing;
} Request;

static void
request_free (Request *request)
{
  g_free (request->text);
  g_free (request->username);
  g_clear_pointer (&request->closing, yc_day_closing_free);
  g_free (request);
}

static Request *
request_new (gint64      id,
             gboolean    flag,
             const char *text,
             const char *username)
{
  Request *request = g_new0 (Request, 1);

  request->id = id;
  request->flag = flag;
  request->text = g_strdup (text);
  request->username = g_strdup (username);
  return request;
}

/* A result that may be "nothing" without being an error, or more than one value. */
typedef struct {
  gpointer       value;
  GDestroyNotify value_free;
  gint64         count1;
  gint64         count2;
  char          *text;
} Answer;

static void
answer_free (Answer *answer)
{
  if (answer->value != NULL && answer->value_free != NULL)
    answer->value_free (answer->value);
  g_free (answer->text);
  g_free (answer);
}

static gpointer
list_problems_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_list_problems (self, ((Request *) data)->flag, error);
}

void
yc_store_list_problems_async (YcStore             *self,
                              gboolean             include_resolved,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, list_problems_job, request_new (0, include_resolved, NULL, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                      yc_store_list_problems_async, cancellable, callback, user_data);
}

/**
 * yc_store_list_problems_finish:
 *
 * Returns: (transfer full) (element-type YcSyncProblem): the problems, or %NULL
 */
GPtrArray *
yc_store_list_problems_finish (YcStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_problems_async, error);
}

static gpointer
discard_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_discard_problem (self, request->id, request->username, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_discard_problem_async (YcStore             *self,
                                gint64               id,
                                const char          *username,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (username != NULL);

  yc_store_queue_job (self, discard_job, request_new (id, FALSE, NULL, username),
                      (GDestroyNotify) request_free, NULL, yc_store_discard_problem_async,
                      cancellable, callback, user_data);
}

gboolean
yc_store_discard_problem_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_discard_problem_async, error) != NULL;
}

static gpointer
retry_job (YcStore *self, gpointer data, GError **error)
{
  Request *request = data;

  return yc_store_retry_problem (self, request->id, request->text, request->username, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_retry_problem_async (YcStore             *self,
                              gint64               id,
                              const char          *payload,
                              const char          *username,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (username != NULL);

  yc_store_queue_job (self, retry_job, request_new (id, FALSE, payload, username),
                      (GDestroyNotify) request_free, NULL, yc_store_retry_problem_async,
                      cancellable, callback, user_data);
}

gboolean
yc_store_retry_problem_finish (YcStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_retry_problem_async, error) != NULL;
}

static gpointer
close_day_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_close_day (self, ((Request *) data)->closing, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_close_day_async (YcStore             *self,
                          const YcDayClosing  *closing,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Request *request;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (closing != NULL);

  request = request_new (0, FALSE, NULL, NULL);
  request->closing = yc_day_closing_copy (closing);
  yc_store_queue_job (self, close_day_job, request, (GDestroyNotify) request_free, NULL,
                      yc_store_close_day_async, cancellable, callback, user_data);
}

gboolean
yc_store_close_day_finish (YcStore       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_close_day_async, error) != NULL;
}

static gpointer
get_day_closing_job (YcStore *self, gpointer data, GError **error)
{
  GError *local_error = NULL;
  YcDayClosing *closing = yc_store_get_day_closing (self, ((Request *) data)->text, &local_error);
  Answer *answer;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  answer = g_new0 (Answer, 1);
  answer->value = closing;
  answer->value_free = (GDestroyNotify) yc_day_closing_free;
  return answer;
}

void
yc_store_get_day_closing_async (YcStore             *self,
                                const char          *day,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (day != NULL);

  yc_store_queue_job (self, get_day_closing_job, request_new (0, FALSE, day, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) answer_free,
                      yc_store_get_day_closing_async, cancellable, callback, user_data);
}

/**
 * yc_store_get_day_closing_finish:
 *
 * Returns: (transfer full) (nullable): the closing, or %NULL (open, or @error set)
 */
YcDayClosing *
yc_store_get_day_closing_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  Answer *answer = yc_store_job_finish (self, result, yc_store_get_day_closing_async, error);
  YcDayClosing *closing;

  if (answer == NULL)
    return NULL;
  closing = g_steal_pointer (&answer->value);
  answer_free (answer);
  return closing;
}

static gpointer
reconcile_job (YcStore *self, gpointer data, GError **error)
{
  Answer *answer = g_new0 (Answer, 1);

  if (!yc_store_reconcile_day (self, ((Request *) data)->text, &answer->count1,
                               &answer->count2, &answer->text, error))
    {
      answer_free (answer);
      return NULL;
    }
  return answer;
}

void
yc_store_reconcile_day_async (YcStore             *self,
                              const char          *day,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, reconcile_job, request_new (0, FALSE, day, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) answer_free,
                      yc_store_reconcile_day_async, cancellable, callback, user_data);
}

gboolean
yc_store_reconcile_day_finish (YcStore       *self,
                               GAsyncResult  *result,
                               gint64        *out_accepted,
                               gint64        *out_acknowledged,
                               char         **out_hash,
                               GError       **error)
{
  Answer *answer = yc_store_job_finish (self, result, yc_store_reconcile_day_async, error);

  if (answer == NULL)
    return FALSE;
  if (out_accepted != NULL)
    *out_accepted = answer->count1;
  if (out_acknowledged != NULL)
    *out_acknowledged = answer->count2;
  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&answer->text);
  answer_free (answer);
  return TRUE;
}

static gpointer
list_urges_job (YcStore *self, gpointer data, GError **error)
{
  return yc_store_list_urges (self, ((Request *) data)->flag, error);
}

void
yc_store_list_urges_async (YcStore             *self,
                           gboolean             only_open,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, list_urges_job, request_new (0, only_open, NULL, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                      yc_store_list_urges_async, cancellable, callback, user_data);
}

/**
 * yc_store_list_urges_finish:
 *
 * Returns: (transfer full) (element-type YcUrge): the urges, or %NULL
 */
GPtrArray *
yc_store_list_urges_finish (YcStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_urges_async, error);
}

static gpointer
flagged_job (YcStore *self, gpointer data, GError **error)
{
  GError *local_error = NULL;
  Answer *answer = g_new0 (Answer, 1);

  answer->count1 = yc_store_applicant_is_flagged (self, ((Request *) data)->text, &answer->text,
                                                  &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      answer_free (answer);
      return NULL;
    }
  return answer;
}

void
yc_store_applicant_is_flagged_async (YcStore             *self,
                                     const char          *id_number,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (id_number != NULL);

  yc_store_queue_job (self, flagged_job, request_new (0, FALSE, id_number, NULL),
                      (GDestroyNotify) request_free, (GDestroyNotify) answer_free,
                      yc_store_applicant_is_flagged_async, cancellable, callback, user_data);
}

/**
 * yc_store_applicant_is_flagged_finish:
 * @out_reason: (out) (optional) (nullable): why, when flagged
 *
 * Returns: %TRUE when flagged; %FALSE when not or with @error set
 */
gboolean
yc_store_applicant_is_flagged_finish (YcStore       *self,
                                      GAsyncResult  *result,
                                      char         **out_reason,
                                      GError       **error)
{
  Answer *answer = yc_store_job_finish (self, result, yc_store_applicant_is_flagged_async, error);
  gboolean flagged;

  if (out_reason != NULL)
    *out_reason = NULL;
  if (answer == NULL)
    return FALSE;
  flagged = answer->count1 != 0;
  if (out_reason != NULL && flagged)
    *out_reason = g_steal_pointer (&answer->text);
  answer_free (answer);
  return flagged;
}
