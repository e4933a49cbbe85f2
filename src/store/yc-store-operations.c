/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/*
 * What the counter does to a case after accepting it (supplement intake, issuance,
 * withdrawal, rating): the case machine applies the operation to the stored document at
 * once, the counter shows the result, and the operation waits in the outbox for the back
 * office, which applies the same machine and has the last word.
 */

/* The clerk's day of the operation, in the operation's own zone: the day of the supplement
 * (tolerated received_on, the end of a pause) as the clerk lived it. */
static gboolean
day_of_operation (YcOperation  *op,
                  GDate        *out_day,
                  GError      **error)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (op->created_at, NULL);
  int year, month, day;

  if (created == NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The operation %s has no valid time (“%s”). Nothing was saved; report "
                     "this to the administrator."), op->op_id, op->created_at);
      return FALSE;
    }
  g_date_time_get_ymd (created, &year, &month, &day);
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static YcCase *
load_for_update (YcDatabase  *database,
                 const char  *uuid,
                 GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  int rc;

  statement = yc_database_prepare (database, "SELECT document FROM cases WHERE uuid = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, uuid, -1, SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("There is no case %s on this computer."), uuid);
      return NULL;
    }
  return yc_store_read_document (uuid, yc_statement_get_text (statement, 0), error);
}

static gboolean
update_case_row (YcDatabase  *database,
                 YcCase      *case_doc,
                 const char  *now,
                 GError     **error)
{
  g_autoptr(YcStatement) update = NULL;
  g_autofree char *document = yc_store_dup_document_text (case_doc, error);
  g_autofree char *deadline = yc_date_format_iso (&case_doc->deadline);
  g_autofree char *supplement_due = yc_store_dup_supplement_due (case_doc);

  if (document == NULL)
    return FALSE;
  /* A new operation makes a synced case pending again; a conflict or a rejection stays
   * shown until the back office's answer to it is dealt with. */
  update = yc_database_prepare (database,
                                "UPDATE cases SET document = ?, state = ?, version = ?, "
                                "deadline = ?, supplement_due = ?, updated_at = ?, "
                                "sync_state = CASE WHEN sync_state = 'synced' THEN 'pending' "
                                "  ELSE sync_state END "
                                "WHERE uuid = ?",
                                error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, document, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, yc_case_state_to_string (case_doc->state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, case_doc->version);
  sqlite3_bind_text (update, 4, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 5, supplement_due, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 6, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 7, case_doc->uuid, -1, SQLITE_STATIC);
  return yc_database_step_done (database, update, error);
}

static YcCase *
apply_in_transaction (YcStore        *self,
                      YcDatabase     *database,
                      YcOperation    *op,
                      const YcActor  *actor,
                      YcCalendar     *calendar,
                      const GDate    *today,
                      const char     *now,
                      GError        **error)
{
  g_autoptr(YcCase) case_doc = load_for_update (database, op->case_uuid, error);
  guint stored_materials;

  if (case_doc == NULL)
    return NULL;
  if (op->base_version != case_doc->version)
    {
      g_autofree char *now_version = g_strdup_printf ("%" G_GINT64_FORMAT, case_doc->version);
      g_autofree char *shown_version = g_strdup_printf ("%" G_GINT64_FORMAT, op->base_version);

      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                   _("Case %s changed since it was shown (now version %s, shown %s). Nothing "
                     "was saved; open the case again."),
                   case_doc->number, now_version, shown_version);
      return NULL;
    }

  stored_materials = case_doc->materials->len;
  /* The machine's own error (forbidden, illegal transition, invalid payload) says what is
   * wrong in the clerk's words; it is passed on as it is. */
  if (!yc_case_machine_apply (case_doc, op, actor, today, calendar, error))
    return NULL;
  if (!yc_store_check_blobs (self, case_doc, stored_materials, error)
      || !update_case_row (database, case_doc, now, error)
      || !yc_store_write_case_parts (database, case_doc, calendar, error)
      || !yc_store_insert_materials (database, case_doc, stored_materials, error)
      || !yc_store_insert_outbox (database, op, actor->username, now, error))
    return NULL;
  return g_steal_pointer (&case_doc);
}

/**
 * yc_store_apply_operation:
 * @op: a later operation on a stored case (not case.accept); its base_version must be the
 *   stored document's version, its created_at gives the day it happened
 * @actor: the clerk signed in
 * @calendar: the working-day calendar (pauses, deadlines)
 *
 * Applies @op to the stored case document with the case machine and, in the same
 * transaction, stores the new document (version + 1), its new material versions and the
 * operation in the outbox.  When the machine refuses, the error is its own
 * (%YC_CASE_MACHINE_ERROR) and nothing is stored.
 *
 * Returns: (transfer full): the case after the operation, or %NULL
 */
YcCase *
yc_store_apply_operation (YcStore        *self,
                          YcOperation    *op,
                          const YcActor  *actor,
                          YcCalendar     *calendar,
                          GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;
  YcCase *applied;
  GDate today;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (op != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (op->kind == YC_OP_CASE_ACCEPT)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("A new case is saved with its acceptance, not as a later operation. "
                     "Nothing was saved; report this to the administrator."));
      return NULL;
    }
  if (!day_of_operation (op, &today, error))
    return NULL;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return NULL;
  applied = apply_in_transaction (self, database, op, actor, calendar, &today, now_text, error);
  if (applied == NULL || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      g_clear_pointer (&applied, yc_case_unref);
      return NULL;
    }
  yc_store_emit_case_changed (self, applied->uuid);
  return applied;
}

/* The actor's strings, owned, for the writer thread. */
typedef struct {
  YcOperation *op;
  YcCalendar  *calendar;
  char        *username;
  char        *hall;
  GStrv        departments;
  YcActor      actor;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  yc_operation_unref (data->op);
  g_object_unref (data->calendar);
  g_free (data->username);
  g_free (data->hall);
  g_strfreev (data->departments);
  g_free (data);
}

static gpointer
apply_job (YcStore   *self,
           gpointer   data,
           GError   **error)
{
  ApplyData *apply = data;

  return yc_store_apply_operation (self, apply->op, &apply->actor, apply->calendar, error);
}

void
yc_store_apply_operation_async (YcStore             *self,
                                YcOperation         *op,
                                const YcActor       *actor,
                                YcCalendar          *calendar,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ApplyData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (op != NULL);
  g_return_if_fail (actor != NULL);
  g_return_if_fail (YC_IS_CALENDAR (calendar));

  data = g_new0 (ApplyData, 1);
  data->op = yc_operation_ref (op);
  data->calendar = g_object_ref (calendar);
  data->username = g_strdup (actor->username);
  data->hall = g_strdup (actor->hall);
  data->departments = g_strdupv ((GStrv) actor->departments);
  data->actor.username = data->username;
  data->actor.role = actor->role;
  data->actor.hall = data->hall;
  data->actor.departments = (const char * const *) data->departments;

  yc_store_queue_job (self, apply_job, data, (GDestroyNotify) apply_data_free,
                      (GDestroyNotify) yc_case_unref, yc_store_apply_operation_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_apply_operation_finish:
 *
 * Returns: (transfer full): the case after the operation, or %NULL
 */
YcCase *
yc_store_apply_operation_finish (YcStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_apply_operation_async, error);
}
