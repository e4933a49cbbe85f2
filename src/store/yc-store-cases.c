/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-rules.h"
#include "yc-store-private.h"

#define CASE_COLUMNS \
  "uuid, number, kind, subject_code, scenario, catalog_version, applicant, decision, state, " \
  "accepted_at, accepted_on, supplement_due, version, sync_state, updated_at"

static gboolean
invalid (GError     **error,
         const char  *reason)
{
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
               _("The case cannot be saved because its description is incomplete (%s). "
                 "Nothing was saved; report this to the administrator."), reason);
  return FALSE;
}

/* Decisions and material states are the rules engine's words (yc-rules.h): anything else
 * would be a case the back office and the receipts cannot read. */
static gboolean
invalid_word (GError     **error,
              const char  *field,
              const char  *word)
{
  g_autofree char *reason = g_strdup_printf ("%s: “%s” is not a word of the rules",
                                             field, word != NULL ? word : "");
  return invalid (error, reason);
}

gboolean
yc_store_is_valid_day (const char *day)
{
  guint year, month, date;

  if (day == NULL || strlen (day) != 10 || day[4] != '-' || day[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (day[i]))
      return FALSE;
  year = g_ascii_strtoull (day, NULL, 10);
  month = g_ascii_strtoull (day + 5, NULL, 10);
  date = g_ascii_strtoull (day + 8, NULL, 10);
  return g_date_valid_dmy (date, month, year);
}

static JsonNode *
parse_json (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      reason = g_strdup_printf ("%s: %s", what,
                                local_error ? local_error->message : "missing");
      invalid (error, reason);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

/* Everything that can be checked before the transaction is, so a transaction fails only
 * for reasons of the disk or the database. */
static gboolean
check_draft (YcStore            *self,
             const YcCaseDraft  *draft,
             JsonNode          **out_scenario,
             JsonNode          **out_applicant,
             GError            **error)
{
  YcBlobStore *blobs = yc_store_get_blob_store (self);
  YcDecision decision;
  YcMaterialState state;

  if (draft->kind != YC_CASE_KIND_ITEM && draft->kind != YC_CASE_KIND_BUNDLE)
    return invalid (error, "kind");
  if (draft->subject_code == NULL || *draft->subject_code == '\0')
    return invalid (error, "subject_code");
  if (draft->catalog_version == NULL || *draft->catalog_version == '\0')
    return invalid (error, "catalog_version");
  if (!yc_decision_from_string (draft->decision, &decision))
    return invalid_word (error, "decision", draft->decision);
  if (draft->supplement_due != NULL && !yc_store_is_valid_day (draft->supplement_due))
    return invalid (error, "supplement_due");
  if (draft->materials == NULL)
    return invalid (error, "materials");

  for (guint i = 0; i < draft->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (draft->materials, i);
      g_autofree char *where = g_strdup_printf ("materials[%u]", i);

      if (material->code == NULL || *material->code == '\0')
        return invalid (error, where);
      if (!yc_material_state_from_string (material->state, &state))
        {
          g_autofree char *field = g_strconcat (where, ".state", NULL);
          return invalid_word (error, field, material->state);
        }
      for (guint j = 0; j < i; j++)
        {
          const YcCaseMaterial *other = g_ptr_array_index (draft->materials, j);
          if (g_str_equal (other->code, material->code))
            return invalid (error, where);
        }
      /* The scan must be on disk (fsynced) before the case refers to it. */
      if (material->blob_sha256 != NULL && !yc_blob_store_contains (blobs, material->blob_sha256))
        {
          g_autofree char *reason = g_strdup_printf ("%s.blob_sha256: no such scanned file", where);
          return invalid (error, reason);
        }
    }

  *out_scenario = parse_json (draft->scenario_json, "scenario_json", error);
  if (*out_scenario == NULL)
    return FALSE;
  *out_applicant = parse_json (draft->applicant_json, "applicant_json", error);
  if (*out_applicant == NULL)
    {
      g_clear_pointer (out_scenario, json_node_unref);
      return FALSE;
    }
  return TRUE;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The case.accept operation as the back office receives it (docs/store.md). */
static char *
build_accept_payload (const YcCaseDraft *draft,
                      JsonNode          *scenario,
                      JsonNode          *applicant,
                      const char        *uuid,
                      const char        *number,
                      const char        *device_id,
                      const char        *state,
                      const char        *accepted_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_nullable_string (builder, "uuid", uuid);
  add_nullable_string (builder, "number", number);
  add_nullable_string (builder, "device_id", device_id);
  add_nullable_string (builder, "kind", yc_case_kind_to_string (draft->kind));
  add_nullable_string (builder, "subject_code", draft->subject_code);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_value (builder, json_node_copy (scenario));
  add_nullable_string (builder, "catalog_version", draft->catalog_version);
  json_builder_set_member_name (builder, "applicant");
  json_builder_add_value (builder, json_node_copy (applicant));
  add_nullable_string (builder, "decision", draft->decision);
  add_nullable_string (builder, "state", state);
  add_nullable_string (builder, "accepted_at", accepted_at);
  add_nullable_string (builder, "supplement_due", draft->supplement_due);
  json_builder_set_member_name (builder, "base_version");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (draft->materials, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "code", material->code);
      add_nullable_string (builder, "state", material->state);
      json_builder_set_member_name (builder, "copies");
      json_builder_add_int_value (builder, material->copies);
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, material->pages);
      add_nullable_string (builder, "blob_sha256", material->blob_sha256);
      add_nullable_string (builder, "defect_reason", material->defect_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
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

typedef struct {
  const YcCaseDraft *draft;
  JsonNode          *scenario;
  JsonNode          *applicant;
  const char        *uuid;
  const char        *state;
  const char        *accepted_at;
  const char        *accepted_on;
  const char        *now;
  char              *number;
} AcceptRows;

static gboolean
insert_case_rows (YcDatabase  *database,
                  AcceptRows  *rows,
                  const char  *hall_code,
                  const char  *window_code,
                  const char  *device_id,
                  const char  *compact_day,
                  GError     **error)
{
  g_autoptr(YcStatement) insert_case = NULL;
  g_autoptr(YcStatement) insert_material = NULL;
  g_autoptr(YcStatement) insert_op = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *payload = NULL;
  g_autofree char *scenario = json_to_string (rows->scenario, FALSE);
  g_autofree char *applicant = json_to_string (rows->applicant, FALSE);
  const YcCaseDraft *draft = rows->draft;
  guint sequence;

  if (!allocate_sequence (database, rows->accepted_on, &sequence, error))
    return FALSE;
  rows->number = g_strdup_printf ("%s-%s-%s-%04u", hall_code, window_code, compact_day, sequence);

  insert_case = yc_database_prepare (database,
                                     "INSERT INTO cases (" CASE_COLUMNS ") "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'pending', ?)",
                                     error);
  if (insert_case == NULL)
    return FALSE;
  sqlite3_bind_text (insert_case, 1, rows->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 2, rows->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 3, yc_case_kind_to_string (draft->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 4, draft->subject_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 5, scenario, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 6, draft->catalog_version, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 7, applicant, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 8, draft->decision, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 9, rows->state, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 10, rows->accepted_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 11, rows->accepted_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 12, draft->supplement_due, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_case, 13, rows->now, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, insert_case, error))
    return FALSE;

  insert_material = yc_database_prepare (database,
                                         "INSERT INTO case_materials (case_uuid, material_code, "
                                         "revision, position, state, copies, pages, blob_sha256, "
                                         "defect_reason) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
                                         error);
  if (insert_material == NULL)
    return FALSE;
  for (guint i = 0; i < draft->materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (draft->materials, i);

      yc_statement_release (insert_material);
      sqlite3_bind_text (insert_material, 1, rows->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_material, 2, material->code, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert_material, 3, i);
      sqlite3_bind_text (insert_material, 4, material->state, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert_material, 5, material->copies);
      sqlite3_bind_int64 (insert_material, 6, material->pages);
      sqlite3_bind_text (insert_material, 7, material->blob_sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_material, 8, material->defect_reason, -1, SQLITE_STATIC);
      if (!yc_database_step_done (database, insert_material, error))
        return FALSE;
    }

  payload = build_accept_payload (draft, rows->scenario, rows->applicant, rows->uuid,
                                  rows->number, device_id, rows->state, rows->accepted_at);
  insert_op = yc_database_prepare (database,
                                   "INSERT INTO outbox (op_id, case_uuid, kind, payload, created_at) "
                                   "VALUES (?, ?, 'case.accept', ?, ?)",
                                   error);
  if (insert_op == NULL)
    return FALSE;
  sqlite3_bind_text (insert_op, 1, op_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_op, 2, rows->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_op, 3, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert_op, 4, rows->now, -1, SQLITE_STATIC);
  return yc_database_step_done (database, insert_op, error);
}

/**
 * yc_store_accept_case:
 * @draft: the case as decided at the counter; its scanned files must already be stored
 *   with yc_store_put_blob()
 * @out_uuid: (out) (optional) (transfer full): the case's identity
 * @out_number: (out) (optional) (transfer full): its number, hall-window-YYYYMMDD-NNNN
 *
 * Stores the case, its materials and its `case.accept` outbox operation in one
 * transaction, with the case number allocated inside it.  When this returns %TRUE the
 * case is on disk (WAL fsynced); when it returns %FALSE nothing of it was stored.
 */
gboolean
yc_store_accept_case (YcStore            *self,
                      const YcCaseDraft  *draft,
                      char              **out_uuid,
                      char              **out_number,
                      GError            **error)
{
  g_autoptr(JsonNode) scenario = NULL;
  g_autoptr(JsonNode) applicant = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hall_code = NULL;
  g_autofree char *window_code = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now_text = yc_store_format_time (now);
  g_autofree char *accepted_at = NULL;
  g_autofree char *accepted_on = NULL;
  g_autofree char *compact_day = NULL;
  YcDatabase *database;
  AcceptRows rows = { 0 };

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_draft (self, draft, &scenario, &applicant, error))
    return FALSE;

  if (!yc_store_get_device (self, &hall_code, &window_code, &device_id, error))
    return FALSE;

  /* The number carries the clerk's calendar day, not UTC's. */
  local = g_date_time_to_local (draft->accepted_at != NULL ? draft->accepted_at : now);
  accepted_at = yc_store_format_time (local);
  accepted_on = g_date_time_format (local, "%Y-%m-%d");
  compact_day = g_date_time_format (local, "%Y%m%d");

  rows.draft = draft;
  rows.scenario = scenario;
  rows.applicant = applicant;
  rows.uuid = uuid;
  rows.state = draft->state != NULL ? draft->state : "accepted";
  rows.accepted_at = accepted_at;
  rows.accepted_on = accepted_on;
  rows.now = now_text;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  if (!insert_case_rows (database, &rows, hall_code, window_code, device_id, compact_day, error) ||
      !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      g_free (rows.number);
      return FALSE;
    }

  if (out_uuid != NULL)
    *out_uuid = g_steal_pointer (&uuid);
  if (out_number != NULL)
    *out_number = g_steal_pointer (&rows.number);
  g_free (rows.number);
  return TRUE;
}

static YcCaseMaterial *
read_material_row (YcStatement *statement)
{
  return yc_case_material_new (yc_statement_get_text (statement, 0),
                               yc_statement_get_text (statement, 1),
                               sqlite3_column_int (statement, 2),
                               sqlite3_column_int (statement, 3),
                               yc_statement_get_text (statement, 4),
                               yc_statement_get_text (statement, 5));
}

static gboolean
load_materials (YcDatabase    *database,
                YcStoredCase  *stored,
                GError       **error)
{
  g_autoptr(YcStatement) statement = NULL;
  int rc;

  statement = yc_database_prepare (database,
                                   "SELECT material_code, state, copies, pages, blob_sha256, "
                                   "defect_reason FROM case_materials WHERE case_uuid = ? "
                                   "ORDER BY position, revision",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, stored->uuid, -1, SQLITE_STATIC);

  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (stored->materials, read_material_row (statement));
  return rc == SQLITE_DONE;
}

/* Reads the CASE_COLUMNS of the current row. */
static YcStoredCase *
read_case_row (YcStatement *statement)
{
  YcStoredCase *stored = g_new0 (YcStoredCase, 1);

  stored->uuid = yc_statement_dup_text (statement, 0);
  stored->number = yc_statement_dup_text (statement, 1);
  if (!yc_case_kind_from_string (yc_statement_get_text (statement, 2), &stored->kind))
    g_warn_if_reached ();  /* the schema's CHECK allows only the two */
  stored->subject_code = yc_statement_dup_text (statement, 3);
  stored->scenario_json = yc_statement_dup_text (statement, 4);
  stored->catalog_version = yc_statement_dup_text (statement, 5);
  stored->applicant_json = yc_statement_dup_text (statement, 6);
  stored->decision = yc_statement_dup_text (statement, 7);
  stored->state = yc_statement_dup_text (statement, 8);
  stored->accepted_at = yc_store_parse_time (yc_statement_get_text (statement, 9));
  stored->accepted_on = yc_statement_dup_text (statement, 10);
  stored->supplement_due = yc_statement_dup_text (statement, 11);
  stored->version = sqlite3_column_int64 (statement, 12);
  stored->sync_state = yc_statement_dup_text (statement, 13);
  stored->updated_at = yc_store_parse_time (yc_statement_get_text (statement, 14));
  stored->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  return stored;
}

/**
 * yc_store_get_case:
 *
 * Returns: (transfer full): the case with its materials, or %NULL
 *   (%YC_STORE_ERROR_NOT_FOUND when there is no such case)
 */
YcStoredCase *
yc_store_get_case (YcStore     *self,
                   const char  *uuid,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(YcStoredCase) stored = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  statement = yc_database_prepare (database,
                                   "SELECT " CASE_COLUMNS " FROM cases WHERE uuid = ?", error);
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

  stored = read_case_row (statement);
  if (!load_materials (database, stored, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/**
 * yc_store_list_cases:
 * @day: a local date, YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type YcStoredCase): the cases accepted on @day, by
 *   number, or %NULL on error
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

  if (!yc_store_is_valid_day (day))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("“%s” is not a date; use YYYY-MM-DD."), day != NULL ? day : "");
      return NULL;
    }

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_stored_case_free);

  statement = yc_database_prepare (database,
                                   "SELECT " CASE_COLUMNS " FROM cases WHERE accepted_on = ? "
                                   "ORDER BY number",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);

  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      YcStoredCase *stored = read_case_row (statement);

      g_ptr_array_add (cases, stored);
      if (!load_materials (database, stored, error))
        return NULL;
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&cases);
}

typedef struct {
  char *uuid;
  char *number;
} AcceptResult;

static void
accept_result_free (AcceptResult *result)
{
  g_free (result->uuid);
  g_free (result->number);
  g_free (result);
}

static gpointer
accept_case_job (YcStore   *self,
                 gpointer   data,
                 GError   **error)
{
  AcceptResult *result = g_new0 (AcceptResult, 1);

  if (!yc_store_accept_case (self, data, &result->uuid, &result->number, error))
    {
      accept_result_free (result);
      return NULL;
    }
  return result;
}

/**
 * yc_store_accept_case_async:
 *
 * Queues yc_store_accept_case() on the writer thread; @draft is copied.
 */
void
yc_store_accept_case_async (YcStore             *self,
                            const YcCaseDraft   *draft,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (draft != NULL);

  yc_store_queue_job (self, accept_case_job, yc_case_draft_copy (draft),
                      (GDestroyNotify) yc_case_draft_free, (GDestroyNotify) accept_result_free,
                      yc_store_accept_case_async, cancellable, callback, user_data);
}

gboolean
yc_store_accept_case_finish (YcStore       *self,
                             GAsyncResult  *result,
                             char         **out_uuid,
                             char         **out_number,
                             GError       **error)
{
  AcceptResult *accepted;

  accepted = yc_store_job_finish (self, result, yc_store_accept_case_async, error);
  if (accepted == NULL)
    return FALSE;
  if (out_uuid != NULL)
    *out_uuid = g_steal_pointer (&accepted->uuid);
  if (out_number != NULL)
    *out_number = g_steal_pointer (&accepted->number);
  accept_result_free (accepted);
  return TRUE;
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
                      (GDestroyNotify) yc_stored_case_free, yc_store_get_case_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_get_case_finish:
 *
 * Returns: (transfer full): the case, or %NULL
 */
YcStoredCase *
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
 * Returns: (transfer full) (element-type YcStoredCase): the cases of the day, or %NULL
 */
GPtrArray *
yc_store_list_cases_finish (YcStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_cases_async, error);
}
