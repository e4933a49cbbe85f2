/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-store-flags.h"
#include "yc-store-private.h"

/*
 * Flagged applicants (docs/store.md, `flagged_applicants`).  The table of schema v6 has no
 * column for the applicant's kind; until a migration adds one, the kind the back office sent
 * is kept in the `meta` table under FLAG_KIND_PREFIX + ID number, written in the same
 * transaction as the flag.
 */

#define FLAG_KIND_PREFIX "applicant_flag_kind:"

YcApplicantFlag *
yc_applicant_flag_copy (const YcApplicantFlag *flag)
{
  YcApplicantFlag *copy;

  g_return_val_if_fail (flag != NULL, NULL);

  copy = g_new0 (YcApplicantFlag, 1);
  copy->applicant_kind = g_strdup (flag->applicant_kind);
  copy->id_number = g_strdup (flag->id_number);
  copy->reason = g_strdup (flag->reason);
  copy->flagged_at = g_strdup (flag->flagged_at);
  copy->case_uuid = g_strdup (flag->case_uuid);
  return copy;
}

void
yc_applicant_flag_free (YcApplicantFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->applicant_kind);
  g_free (flag->id_number);
  g_free (flag->reason);
  g_free (flag->flagged_at);
  g_free (flag->case_uuid);
  g_free (flag);
}

/**
 * yc_store_record_applicant_flag:
 * @flag: its @flagged_at in yc_store_format_time()'s form
 *
 * Records a flag from the back office.  A flag known here already keeps the earlier time:
 * the back office names the applicant's first broken pledge, a push answer only the moment
 * it arrived.  Inside a transaction.
 */
gboolean
yc_store_record_applicant_flag (YcDatabase             *database,
                                const YcApplicantFlag  *flag,
                                GError                **error)
{
  g_autoptr(YcStatement) insert = NULL;
  g_autoptr(YcStatement) kind = NULL;
  g_autofree char *kind_key = NULL;

  g_assert (flag != NULL && flag->id_number != NULL && flag->flagged_at != NULL);

  insert = yc_database_prepare (database,
                                "INSERT INTO flagged_applicants (id_number, reason, case_uuid, "
                                "flagged_at) VALUES (?, ?, ?, ?) ON CONFLICT (id_number) DO UPDATE "
                                "SET reason = excluded.reason, case_uuid = excluded.case_uuid, "
                                "flagged_at = min (flagged_at, excluded.flagged_at)",
                                error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, flag->id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, flag->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, flag->case_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, flag->flagged_at, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, insert, error))
    return FALSE;
  if (flag->applicant_kind == NULL)
    return TRUE;

  kind_key = g_strconcat (FLAG_KIND_PREFIX, flag->id_number, NULL);
  kind = yc_database_prepare (database,
                              "INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (kind == NULL)
    return FALSE;
  sqlite3_bind_text (kind, 1, kind_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (kind, 2, flag->applicant_kind, -1, SQLITE_STATIC);
  return yc_database_step_done (database, kind, error);
}

/**
 * yc_store_lookup_applicant_flag:
 * @id_number: a resident ID number or unified social credit code, normalised
 *
 * Returns: (transfer full) (nullable): the flag, or %NULL — with @error set only when the
 *   store could not be read
 */
YcApplicantFlag *
yc_store_lookup_applicant_flag (YcStore     *self,
                                const char  *id_number,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(YcApplicantFlag) flag = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (id_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT f.reason, f.flagged_at, f.case_uuid, m.value "
                                   "FROM flagged_applicants f LEFT JOIN meta m "
                                   "ON m.key = '" FLAG_KIND_PREFIX "' || f.id_number "
                                   "WHERE f.id_number = ?",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, id_number, -1, SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc != SQLITE_ROW)
    return NULL;

  flag = g_new0 (YcApplicantFlag, 1);
  flag->id_number = g_strdup (id_number);
  flag->reason = yc_statement_dup_text (statement, 0);
  flag->flagged_at = yc_statement_dup_text (statement, 1);
  flag->case_uuid = yc_statement_dup_text (statement, 2);
  flag->applicant_kind = yc_statement_dup_text (statement, 3);
  return g_steal_pointer (&flag);
}

/* The writer's jobs return non-NULL on success; "not flagged" is a success. */
typedef struct {
  YcApplicantFlag *flag;
} LookupAnswer;

static void
lookup_answer_free (LookupAnswer *answer)
{
  g_clear_pointer (&answer->flag, yc_applicant_flag_free);
  g_free (answer);
}

static gpointer
lookup_job (YcStore   *self,
            gpointer   data,
            GError   **error)
{
  GError *local_error = NULL;
  YcApplicantFlag *flag = yc_store_lookup_applicant_flag (self, data, &local_error);
  LookupAnswer *answer;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  answer = g_new0 (LookupAnswer, 1);
  answer->flag = flag;
  return answer;
}

void
yc_store_lookup_applicant_flag_async (YcStore             *self,
                                      const char          *id_number,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (id_number != NULL);

  yc_store_queue_job (self, lookup_job, g_strdup (id_number), g_free,
                      (GDestroyNotify) lookup_answer_free,
                      yc_store_lookup_applicant_flag_async, cancellable, callback, user_data);
}

/**
 * yc_store_lookup_applicant_flag_finish:
 *
 * Returns: (transfer full) (nullable): the flag, or %NULL — with @error set only when the
 *   store could not be read
 */
YcApplicantFlag *
yc_store_lookup_applicant_flag_finish (YcStore       *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  LookupAnswer *answer = yc_store_job_finish (self, result, yc_store_lookup_applicant_flag_async,
                                              error);
  YcApplicantFlag *flag;

  if (answer == NULL)
    return NULL;
  flag = g_steal_pointer (&answer->flag);
  lookup_answer_free (answer);
  return flag;
}
