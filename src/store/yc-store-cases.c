/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-case-builder.h"
#include "yc-store-private.h"

/*
 * Cases are YcCase documents (docs/case-life.md), kept whole in cases.document; the other
 * columns of cases and the case_materials rows are copies of the document's members for
 * listing, for the foreign keys to the scans, and for SQL inspection.
 */

static gboolean
invalid (GError     **error,
         const char  *reason)
{
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
               _("The case cannot be saved because its description is incomplete (%s). "
                 "Nothing was saved; report this to the administrator."), reason);
  return FALSE;
}

gboolean
yc_store_is_valid_day (const char *day)
{
  GDate date;

  return yc_date_parse_iso (day, &date);
}

/**
 * yc_store_check_blobs:
 * @from: the first material version to check
 *
 * The scans a case refers to must be on disk (fsynced) before the case does.
 */
gboolean
yc_store_check_blobs (YcStore  *self,
                      YcCase   *case_doc,
                      guint     from,
                      GError  **error)
{
  YcBlobStore *blobs = yc_store_get_blob_store (self);

  for (guint i = from; i < case_doc->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (case_doc->materials, i);

      if (material->blob_sha256 != NULL && !yc_blob_store_contains (blobs, material->blob_sha256))
        {
          g_autofree char *reason = g_strdup_printf ("materials[%u].blob_sha256: no such scanned file", i);
          return invalid (error, reason);
        }
    }
  return TRUE;
}

/* The document as stored, checked to read back: a row get_case cannot read is never written. */
char *
yc_store_dup_document_text (YcCase  *case_doc,
                            GError **error)
{
  g_autoptr(JsonNode) node = yc_case_to_json (case_doc);
  g_autoptr(YcCase) reread = NULL;
  g_autoptr(GError) local_error = NULL;

  reread = yc_case_from_json (node, &local_error);
  if (reread == NULL)
    {
      invalid (error, local_error->message);
      return NULL;
    }
  return json_to_string (node, FALSE);
}

/* The earliest supplement date still open, for listing. */
char *
yc_store_dup_supplement_due (YcCase *case_doc)
{
  const GDate *earliest = NULL;

  for (guint i = 0; i < case_doc->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (case_doc->tolerated, i);

      if (!tolerated->received && (earliest == NULL || g_date_compare (&tolerated->due, earliest) < 0))
        earliest = &tolerated->due;
    }
  return earliest != NULL ? yc_date_format_iso (earliest) : NULL;
}

/**
 * yc_store_insert_materials:
 * @from: the first material version to insert (the versions before are stored)
 */
gboolean
yc_store_insert_materials (YcDatabase  *database,
                           YcCase      *case_doc,
                           guint        from,
                           GError     **error)
{
  g_autoptr(YcStatement) insert = NULL;

  insert = yc_database_prepare (database,
                                "INSERT INTO case_materials (case_uuid, material_code, revision, "
                                "position, state, copies, pages, blob_sha256, defect_reason) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (insert == NULL)
    return FALSE;
  for (guint i = from; i < case_doc->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (case_doc->materials, i);

      yc_statement_release (insert);
      sqlite3_bind_text (insert, 1, case_doc->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, material->code, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, material->version);
      sqlite3_bind_int (insert, 4, i);
      sqlite3_bind_text (insert, 5, yc_case_material_state_to_string (material->state), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 6, material->copies);
      sqlite3_bind_int64 (insert, 7, material->pages);
      sqlite3_bind_text (insert, 8, material->blob_sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, material->defect_reason, -1, SQLITE_STATIC);
      if (!yc_database_step_done (database, insert, error))
        return FALSE;
    }
  return TRUE;
}

/* The outbox row: the operation exactly as it is pushed (yc_operation_to_json()), and its
 * author, the only user it may be pushed for (schema 6). */
gboolean
yc_store_insert_outbox (YcDatabase   *database,
                        YcOperation  *op,
                        const char   *author,
                        const char   *now,
                        GError      **error)
{
  g_autoptr(YcStatement) insert = NULL;
  g_autoptr(JsonNode) node = yc_operation_to_json (op);
  g_autofree char *payload = json_to_string (node, FALSE);

  insert = yc_database_prepare (database,
                                "INSERT INTO outbox (op_id, case_uuid, kind, payload, created_at, "
                                "author) VALUES (?, ?, ?, ?, ?, ?)",
                                error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, op->op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, op->case_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, yc_op_kind_to_string (op->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, author, -1, SQLITE_STATIC);
  return yc_database_step_done (database, insert, error);
}

/**
 * yc_store_read_document:
 * @text: (nullable): cases.document of the case @uuid
 */
YcCase *
yc_store_read_document (const char  *uuid,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  YcCase *case_doc;

  if (text == NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_LEGACY,
                   _("The case %s was saved by an earlier version of Yichuang, before cases "
                     "were kept whole, and cannot be shown. Its data is still in the local "
                     "store; ask the administrator."), uuid);
      return NULL;
    }
  if (json_parser_load_from_data (parser, text, -1, &local_error))
    {
      case_doc = yc_case_from_json (json_parser_get_root (parser), &local_error);
      if (case_doc != NULL)
        return case_doc;
    }
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CORRUPT,
               _("The stored case %s cannot be read. It has not been changed; call the "
                 "administrator. (%s)"), uuid, local_error->message);
  return NULL;
}

/* Everything that can be checked before the transaction is, so that a transaction fails
 * only for reasons of the disk or the database. */
static gboolean
check_case (YcStore     *self,
            YcCase      *case_doc,
            const char  *hall_code,
            const char  *window_code,
            GError     **error)
{
  if (case_doc->number != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("number: already %s", case_doc->number);
      return invalid (error, reason);
    }
  if (case_doc->uuid == NULL || !g_uuid_string_is_valid (case_doc->uuid))
    return invalid (error, "uuid");
  if (case_doc->version != 1 || case_doc->history->len != 1)
    return invalid (error, "version: not a case just accepted");
  if (g_strcmp0 (case_doc->hall, hall_code) != 0 || g_strcmp0 (case_doc->window, window_code) != 0)
    {
      g_autofree char *reason = g_strdup_printf ("hall and window: %s-%s, but this window is "
                                                 "enrolled as %s-%s",
                                                 case_doc->hall ? case_doc->hall : "",
                                                 case_doc->window ? case_doc->window : "",
                                                 hall_code, window_code);
      return invalid (error, reason);
    }
  if (!g_date_valid (&case_doc->accepted_on) || case_doc->accepted_at == NULL)
    return invalid (error, "accepted_on");
  if (case_doc->subject_code == NULL || case_doc->subject_kind == NULL)
    return invalid (error, "subject");
  for (guint i = 0; i < case_doc->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (case_doc->materials, i);

      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (((YcCaseMaterialVersion *) g_ptr_array_index (case_doc->materials, j))->code,
                       material->code) == 0)
          {
            g_autofree char *reason = g_strdup_printf ("materials[%u].code: “%s” twice", i,
                                                       material->code);
            return invalid (error, reason);
          }
    }
  return yc_store_check_blobs (self, case_doc, 0, error);
}

static gboolean
allocate_sequence (YcDatabase  *database,
                   const char  *day,
                   guint       *out_sequence,
                   GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  gint64 sequence;

  statement = yc_database_prepare (database,
                                   "INSERT INTO case_sequences (day, next_sequence) VALUES (?, 2) "
                                   "ON CONFLICT (day) DO UPDATE SET next_sequence = next_sequence + 1 "
                                   "RETURNING next_sequence - 1",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);
  if (yc_database_step (database, statement, error) != SQLITE_ROW)
    return FALSE;

  sequence = sqlite3_column_int64 (statement, 0);
  if (sequence > YC_STORE_MAX_SEQUENCE)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_FAILED,
                   _("This window has given all %d case numbers for %s. Accept further "
                     "cases at another window."), YC_STORE_MAX_SEQUENCE, day);
      return FALSE;
    }
  *out_sequence = (guint) sequence;
  return TRUE;
}

/* The number is set on @case_doc here; the caller clears it if the transaction fails. */
static gboolean
insert_case_rows (YcDatabase  *database,
                  YcCase      *case_doc,
                  const char  *now,
                  GError     **error)
{
  g_autoptr(YcStatement) insert_case = NULL;
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GDateTime) accepted_at = g_date_time_new_from_iso8601 (case_doc->accepted_at, NULL);
  g_autofree char *accepted_on = yc_date_format_iso (&case_doc->accepted_on);
  g_autofree char *accepted_at_utc = NULL;
  g_autofree char *compact_day = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *applicant = NULL;
  g_autofree char *deadline = yc_date_format_iso (&case_doc->deadline);
  g_autofree char *supplement_due = yc_store_dup_supplement_due (case_doc);
  g_autofree char *document = NULL;
  guint sequence;

  if (accepted_at == NULL)
    return invalid (error, "accepted_at");
  accepted_at_utc = yc_store_format_time (accepted_at);

  /* Saving the same case twice (a second click) must say so, not fail on the key. */
  {
    g_autoptr(YcStatement) existing = yc_database_prepare (database,
                                                           "SELECT number FROM cases WHERE uuid = ?",
                                                           error);
    int rc;

    if (existing == NULL)
      return FALSE;
    sqlite3_bind_text (existing, 1, case_doc->uuid, -1, SQLITE_STATIC);
    rc = yc_database_step (database, existing, error);
    if (rc < 0)
      return FALSE;
    if (rc == SQLITE_ROW)
      {
        g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                     _("This case is already saved, as %s. Nothing was saved again."),
                     yc_statement_get_text (existing, 0));
        return FALSE;
      }
  }

  /* The number carries the clerk's calendar day: the document's day of acceptance. */
  if (!allocate_sequence (database, accepted_on, &sequence, error))
    return FALSE;
  compact_day = g_strdup_printf ("%04u%02u%02u", (guint) g_date_get_year (&case_doc->accepted_on),
                                 (guint) g_date_get_month (&case_doc->accepted_on),
                                 (guint) g_date_get_day (&case_doc->accepted_on));
  case_doc->number = g_strdup_printf ("%s-%s-%s-%04u", case_doc->hall, case_doc->window,
                                      compact_day, sequence);

  document = yc_store_dup_document_text (case_doc, error);
  if (document == NULL)
    return FALSE;
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), case_doc->subject);
    subject = json_to_string (node, FALSE);
  }
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), case_doc->applicant);
    applicant = json_to_string (node, FALSE);
  }

  insert_case = yc_database_prepare (database,
                                     "INSERT INTO cases (uuid, number, kind, subject_code, scenario, "
                                     "catalog_version, applicant, decision, state, accepted_at, "
                                     "accepted_on, supplement_due, version, sync_state, updated_at, "
                                     "deadline, document) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                                     error);
  if (insert_case == NULL)
    return FALSE;
  sqlite3_bind_text (insert_case, 1, case_doc->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 2, case_doc->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 3, case_doc->subject_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 4, case_doc->subject_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 5, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 6, case_doc->catalog_version, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 7, applicant, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 8, yc_decision_to_string (case_doc->decision), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 9, yc_case_state_to_string (case_doc->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 10, accepted_at_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 11, accepted_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 12, supplement_due, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_case, 13, case_doc->version);
  sqlite3_bind_text (insert_case, 14, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 15, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 16, document, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, insert_case, error))
    return FALSE;

  if (!yc_store_insert_materials (database, case_doc, 0, error))
    return FALSE;

  op = yc_case_new_accept_operation (case_doc);
  return yc_store_insert_outbox (database, op, case_doc->clerk, now, error);
}

/**
 * yc_store_accept_case:
 * @case_doc: the case as built at the counter (yc_case_build_accepted()), without a
 *   number; its scanned files must already be stored with yc_store_put_blob()
 *
 * Stores the case document, its material rows and its `case.accept` outbox operation in
 * one transaction, with the case number allocated inside it and set on @case_doc.  When
 * this returns %TRUE the case is on disk (WAL fsynced); when it returns %FALSE nothing of
 * it was stored and @case_doc still has no number.
 */
gboolean
yc_store_accept_case (YcStore  *self,
                      YcCase   *case_doc,
                      GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *hall_code = NULL;
  g_autofree char *window_code = NULL;
  g_autofree char *now_text = yc_store_format_time (now);
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!yc_store_get_device (self, &hall_code, &window_code, NULL, error))
    return FALSE;
  if (!check_case (self, case_doc, hall_code, window_code, error))
    return FALSE;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!insert_case_rows (database, case_doc, now_text, error) ||
      !yc_store_write_case_parts (database, case_doc, yc_store_get_calendar (self), error) ||
      !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      g_clear_pointer (&case_doc->number, g_free);
      return FALSE;
    }
  yc_store_emit_case_changed (self, case_doc->uuid);
  return TRUE;
}

/**
 * yc_store_get_case:
 *
 * Returns: (transfer full): the case document as stored, or %NULL
 *   (%YC_STORE_ERROR_NOT_FOUND when there is no such case, %YC_STORE_ERROR_LEGACY for a
 *   case stored before schema version 4)
 */
YcCase *
yc_store_get_case (YcStore     *self,
                   const char  *uuid,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

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
check_day (const char  *day,
           GError     **error)
{
  if (yc_store_is_valid_day (day))
    return TRUE;
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
               _("“%s” is not a date; use YYYY-MM-DD."), day != NULL ? day : "");
  return FALSE;
}

/**
 * yc_store_list_cases:
 * @day: a local date, YYYY-MM-DD
 *
 * Cases stored before schema version 4 have no document and are not listed (see
 * docs/store.md).
 *
 * Returns: (transfer full) (element-type YcCase): the cases accepted on @day, by number,
 *   or %NULL on error
 */
GPtrArray *
yc_store_list_cases (YcStore     *self,
                     const char  *day,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (!check_day (day, error))
    return NULL;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);

  statement = yc_database_prepare (database,
                                   "SELECT uuid, document FROM cases WHERE accepted_on = ? "
                                   "AND document IS NOT NULL AND " YC_STORE_THIS_WINDOW_SQL " "
                                   "ORDER BY number",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);

  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      YcCase *case_doc = yc_store_read_document (yc_statement_get_text (statement, 0),
                                                 yc_statement_get_text (statement, 1), error);

      if (case_doc == NULL)
        return NULL;
      g_ptr_array_add (cases, case_doc);
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&cases);
}

/**
 * yc_store_list_sync_states:
 * @day: a local date, YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type utf8 utf8): case UUID → "pending", "synced",
 *   "conflict" or "rejected", for the cases accepted on @day; %NULL on error
 */
GHashTable *
yc_store_list_sync_states (YcStore     *self,
                           const char  *day,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GHashTable) states = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (!check_day (day, error))
    return NULL;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  statement = yc_database_prepare (database,
                                   "SELECT uuid, sync_state FROM cases WHERE accepted_on = ? "
                                   "AND " YC_STORE_THIS_WINDOW_SQL,
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);
  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    g_hash_table_insert (states, yc_statement_dup_text (statement, 0),
                         yc_statement_dup_text (statement, 1));
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&states);
}

typedef struct {
  YcCase *case_doc;  /* the store's copy, or NULL … */
  GError *error;     /* … when it could not be copied */
} AcceptData;

static void
accept_data_free (AcceptData *data)
{
  g_clear_pointer (&data->case_doc, yc_case_unref);
  g_clear_error (&data->error);
  g_free (data);
}

/* A deep copy through the document, like yc_case_copy(), but a case without its number
 * (which the document requires) is copied too, and a broken one is an error, not an abort. */
static AcceptData *
accept_data_new (YcCase *case_doc)
{
  AcceptData *data = g_new0 (AcceptData, 1);
  g_autoptr(JsonNode) node = yc_case_to_json (case_doc);
  g_autoptr(GError) local_error = NULL;

  if (case_doc->number == NULL)
    json_object_set_string_member (json_node_get_object (node), "number", "-");
  data->case_doc = yc_case_from_json (node, &local_error);
  if (data->case_doc == NULL)
    invalid (&data->error, local_error->message);
  else if (case_doc->number == NULL)
    g_clear_pointer (&data->case_doc->number, g_free);
  return data;
}

static gpointer
accept_case_job (YcStore   *self,
                 gpointer   data,
                 GError   **error)
{
  AcceptData *accept = data;

  if (accept->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&accept->error));
      return NULL;
    }
  if (!yc_store_accept_case (self, accept->case_doc, error))
    return NULL;
  return yc_case_ref (accept->case_doc);
}

/**
 * yc_store_accept_case_async:
 *
 * Queues yc_store_accept_case() on the writer thread for a copy of @case_doc (the caller
 * may change or drop its own at once); _finish gives that copy, with its number.
 */
void
yc_store_accept_case_async (YcStore             *self,
                            YcCase              *case_doc,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (case_doc != NULL);

  yc_store_queue_job (self, accept_case_job, accept_data_new (case_doc),
                      (GDestroyNotify) accept_data_free, (GDestroyNotify) yc_case_unref,
                      yc_store_accept_case_async, cancellable, callback, user_data);
}

/**
 * yc_store_accept_case_finish:
 *
 * Returns: (transfer full): the stored case with its number, or %NULL
 */
YcCase *
yc_store_accept_case_finish (YcStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_accept_case_async, error);
}

static gpointer
get_case_job (YcStore   *self,
              gpointer   data,
              GError   **error)
{
  return yc_store_get_case (self, data, error);
}

void
yc_store_get_case_async (YcStore             *self,
                         const char          *uuid,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (uuid != NULL);

  yc_store_queue_job (self, get_case_job, g_strdup (uuid), g_free,
                      (GDestroyNotify) yc_case_unref, yc_store_get_case_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_get_case_finish:
 *
 * Returns: (transfer full): the case, or %NULL
 */
YcCase *
yc_store_get_case_finish (YcStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_get_case_async, error);
}

static gpointer
list_cases_job (YcStore   *self,
                gpointer   data,
                GError   **error)
{
  return yc_store_list_cases (self, data, error);
}

void
yc_store_list_cases_async (YcStore             *self,
                           const char          *day,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, list_cases_job, g_strdup (day), g_free,
                      (GDestroyNotify) g_ptr_array_unref, yc_store_list_cases_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_list_cases_finish:
 *
 * Returns: (transfer full) (element-type YcCase): the cases of the day, or %NULL
 */
GPtrArray *
yc_store_list_cases_finish (YcStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_cases_async, error);
}

static gpointer
list_sync_states_job (YcStore   *self,
                      gpointer   data,
                      GError   **error)
{
  return yc_store_list_sync_states (self, data, error);
}

void
yc_store_list_sync_states_async (YcStore             *self,
                                 const char          *day,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));

  yc_store_queue_job (self, list_sync_states_job, g_strdup (day), g_free,
                      (GDestroyNotify) g_hash_table_unref, yc_store_list_sync_states_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_list_sync_states_finish:
 *
 * Returns: (transfer full) (element-type utf8 utf8): UUID → sync state, or %NULL
 */
GHashTable *
yc_store_list_sync_states_finish (YcStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_sync_states_async, error);
}
