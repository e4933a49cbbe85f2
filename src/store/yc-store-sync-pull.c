/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-store-flags.h"
#include "yc-store-private.h"

/*
 * Applying a page of the back office's change feed (docs/sync-client.md, "Pull"): the
 * page's changes and its cursor in one transaction, so that a page is applied exactly once
 * even if the program dies between pages.
 */

/* Writes the listing columns and materials of a pulled case document.  A material whose
 * scan is not here (a case of another window) keeps its hash in the document only: the
 * foreign key of case_materials would refuse it, and the file can be fetched when needed. */
static gboolean
write_materials (YcDatabase  *database,
                 YcCase      *case_doc,
                 GError     **error)
{
  g_autoptr(YcStatement) remove = NULL;
  g_autoptr(YcStatement) insert = NULL;

  remove = yc_database_prepare (database, "DELETE FROM case_materials WHERE case_uuid = ?", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_text (remove, 1, case_doc->uuid, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, remove, error))
    return FALSE;

  insert = yc_database_prepare (database,
                                "INSERT INTO case_materials (case_uuid, material_code, revision, "
                                "position, state, copies, pages, blob_sha256, defect_reason) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, "
                                "(SELECT sha256 FROM blobs WHERE sha256 = ?), ?)",
                                error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < case_doc->materials->len; i++)
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

static gboolean
write_case_row (YcDatabase  *database,
                YcCase      *case_doc,
                gboolean     exists,
                YcCalendar  *calendar,
                const char  *username,
                const char  *now,
                GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GDateTime) accepted_at = g_date_time_new_from_iso8601 (case_doc->accepted_at, NULL);
  g_autofree char *accepted_at_utc = NULL;
  g_autofree char *accepted_on = yc_date_format_iso (&case_doc->accepted_on);
  g_autofree char *deadline = yc_date_format_iso (&case_doc->deadline);
  g_autofree char *supplement_due = yc_store_dup_supplement_due (case_doc);
  g_autofree char *document = yc_store_dup_document_text (case_doc, error);
  g_autofree char *subject = NULL;
  g_autofree char *applicant = NULL;

  if (document == NULL)
    return FALSE;
  if (accepted_at == NULL || case_doc->number == NULL)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The back office sent case %s without its number or time of acceptance."),
                   case_doc->uuid);
      return FALSE;
    }
  accepted_at_utc = yc_store_format_time (accepted_at);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), case_doc->subject);
    subject = json_to_string (node, FALSE);
  }
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), case_doc->applicant);
    applicant = json_to_string (node, FALSE);
  }

  if (exists)
    statement = yc_database_prepare (database,
                                     "UPDATE cases SET number = ?2, kind = ?3, subject_code = ?4, "
                                     "scenario = ?5, catalog_version = ?6, applicant = ?7, "
                                     "decision = ?8, state = ?9, accepted_at = ?10, "
                                     "accepted_on = ?11, supplement_due = ?12, version = ?13, "
                                     "server_version = ?13, updated_at = ?14, deadline = ?15, "
                                     "document = ?16 WHERE uuid = ?1",
                                     error);
  else
    statement = yc_database_prepare (database,
                                     "INSERT INTO cases (uuid, number, kind, subject_code, scenario, "
                                     "catalog_version, applicant, decision, state, accepted_at, "
                                     "accepted_on, supplement_due, version, server_version, "
                                     "sync_state, updated_at, deadline, document) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                     "?13, ?13, 'synced', ?14, ?15, ?16)",
                                     error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, case_doc->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, case_doc->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, case_doc->subject_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, case_doc->subject_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 5, subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 6, case_doc->catalog_version, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 7, applicant, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 8, yc_decision_to_string (case_doc->decision), -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 9, yc_case_state_to_string (case_doc->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 10, accepted_at_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 11, accepted_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 12, supplement_due, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 13, case_doc->version);
  sqlite3_bind_text (statement, 14, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 15, deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 16, document, -1, SQLITE_STATIC);
  return yc_database_step_done (database, statement, error)
         && write_materials (database, case_doc, error)
         && yc_store_write_case_parts (database, case_doc, calendar, error)
         && yc_store_write_case_urges (database, case_doc, username, now, error)
         && yc_store_refresh_sync_state (database, case_doc->uuid, error);
}

/* A case document from the back office replaces ours when it is newer than the last
 * version the back office told us about.  Ops of ours still waiting stay in the outbox
 * and are sent: the back office decides about them.  Returns whether the case was written
 * (*out_written); FALSE only on a storage error. */
static gboolean
apply_case_document (YcDatabase   *database,
                     JsonNode     *node,
                     YcCalendar   *calendar,
                     const char   *username,
                     const char   *now,
                     gboolean     *out_written,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(YcCase) case_doc = yc_case_from_json (node, &local_error);
  g_autoptr(YcStatement) known = NULL;
  g_autoptr(YcStatement) clash = NULL;
  gboolean exists = FALSE;
  int rc;

  *out_written = FALSE;
  if (case_doc == NULL)
    {
      /* One unreadable document must not stop the feed for good: it is skipped and
       * logged; the next version of the case will come again. */
      g_warning ("A case document from the back office cannot be read and was skipped: %s",
                 local_error->message);
      return TRUE;
    }

  known = yc_database_prepare (database, "SELECT server_version FROM cases WHERE uuid = ?", error);
  if (known == NULL)
    return FALSE;
  sqlite3_bind_text (known, 1, case_doc->uuid, -1, SQLITE_STATIC);
  rc = yc_database_step (database, known, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      if (case_doc->version <= sqlite3_column_int64 (known, 0))
        return TRUE;
    }
  /* Every case the feed brings is kept, whichever window accepted it: the feed carries the
   * signed-in user's scope, which a reviewer's queue and a supervisor's board list
   * (case_parts).  The counter's own lists (the day's cases, lookup, reconciliation) take
   * only this window's cases, by the hall-window prefix of the number. */

  /* Another case here under the same number (an acceptance of ours the back office refused
   * as a duplicate) keeps it; the back office's case waits until that is sorted out. */
  clash = yc_database_prepare (database,
                               "SELECT 1 FROM cases WHERE number = ? AND uuid <> ?", error);
  if (clash == NULL)
    return FALSE;
  sqlite3_bind_text (clash, 1, case_doc->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (clash, 2, case_doc->uuid, -1, SQLITE_STATIC);
  rc = yc_database_step (database, clash, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      g_warning ("Case %s from the back office has the number %s of another case here; skipped",
                 case_doc->uuid, case_doc->number);
      return TRUE;
    }

  if (!write_case_row (database, case_doc, exists, calendar, username, now, error))
    return FALSE;
  *out_written = TRUE;
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* An urge for this user (or their department's reviewers: "to" null); returns it when
 * it is new here. */
static gboolean
apply_urge (YcDatabase    *database,
            YcFeedChange  *change,
            const char    *now,
            YcUrge       **out_urge,
            GError       **error)
{
  YcUrge urge = { 0 };
  gboolean is_new = FALSE;

  *out_urge = NULL;
  urge.id = (char *) member_string (change->payload, "id");
  urge.case_uuid = (char *) (member_string (change->payload, "case_uuid") != NULL
                             ? member_string (change->payload, "case_uuid") : change->case_uuid);
  urge.case_number = (char *) member_string (change->payload, "number");
  urge.message = (char *) member_string (change->payload, "message");
  urge.from_user = (char *) member_string (change->payload, "by");
  urge.created_at = (char *) member_string (change->payload, "at");
  urge.addressee = (char *) member_string (change->payload, "to");
  if (urge.id == NULL || urge.case_uuid == NULL || urge.message == NULL || urge.from_user == NULL)
    {
      g_warning ("An urge from the back office (change %" G_GINT64_FORMAT ") is incomplete; "
                 "skipped", change->seq);
      return TRUE;
    }

  if (!yc_store_write_feed_urge (database, &urge, now, &is_new, error))
    return FALSE;
  if (is_new)
    *out_urge = yc_urge_copy (&urge);
  return TRUE;
}

/**
 * yc_store_insert_problem:
 * @op_text: the whole op as JSON (yc_operation_to_json())
 *
 * Keeps a lost or refused op as a problem.  The same op reported twice (its push answer
 * and the feed's conflict) is one problem.  Inside a transaction.
 */
gboolean
yc_store_insert_problem (YcDatabase   *database,
                         const char   *op_text,
                         const char   *author,
                         const char   *result,
                         const char   *code,
                         const char   *reason,
                         gint64        server_version,
                         const char   *now,
                         GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcStatement) insert = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *payload = NULL;
  JsonObject *op;
  JsonNode *payload_node;

  if (!json_parser_load_from_data (parser, op_text, -1, &local_error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("An operation to keep as a sync problem is not valid (%s)."),
                   local_error != NULL ? local_error->message : "not an object");
      return FALSE;
    }
  op = json_node_get_object (json_parser_get_root (parser));
  payload_node = json_object_get_member (op, "payload");
  if (member_string (op, "op_id") == NULL || member_string (op, "case_uuid") == NULL
      || member_string (op, "kind") == NULL || payload_node == NULL
      || !JSON_NODE_HOLDS_OBJECT (payload_node))
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                           _("An operation to keep as a sync problem lacks its id, case, kind or "
                             "payload."));
      return FALSE;
    }
  payload = json_to_string (payload_node, FALSE);

  insert = yc_database_prepare (database,
                                "INSERT INTO sync_problems (op_id, case_uuid, author, op_kind, "
                                "result, code, reason, payload, op, server_version, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                "ON CONFLICT (op_id) DO NOTHING",
                                error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, member_string (op, "op_id"), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, member_string (op, "case_uuid"), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, author, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, member_string (op, "kind"), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, result, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, payload, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, op_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 10, server_version);
  sqlite3_bind_text (insert, 11, now, -1, SQLITE_STATIC);
  return yc_database_step_done (database, insert, error)
         && yc_store_refresh_sync_state (database, member_string (op, "case_uuid"), error);
}

/* A losing op of this user's, as the feed reports it: a problem (unless its push answer
 * made it one already), and the back office's case. */
static gboolean
apply_conflict (YcDatabase    *database,
                YcFeedChange  *change,
                YcCalendar    *calendar,
                const char    *username,
                const char    *now,
                gboolean      *out_case_written,
                GError       **error)
{
  JsonNode *op = json_object_get_member (change->payload, "op");
  JsonNode *case_node = json_object_get_member (change->payload, "case");
  g_autofree char *op_text = NULL;

  *out_case_written = FALSE;
  if (op == NULL || !JSON_NODE_HOLDS_OBJECT (op))
    {
      g_warning ("A conflict from the back office (change %" G_GINT64_FORMAT ") has no op; skipped",
                 change->seq);
      return TRUE;
    }
  op_text = json_to_string (op, FALSE);
  if (!yc_store_insert_problem (database, op_text, username, "conflict", NULL, NULL,
                                change->version, now, error))
    return FALSE;
  if (case_node != NULL && JSON_NODE_HOLDS_OBJECT (case_node))
    return apply_case_document (database, case_node, calendar, username, now, out_case_written,
                                error);
  return TRUE;
}

/* A change of kind applicant_flag: {"applicant_kind", "id_number", "reason", "flagged_at",
 * "case_uuid"} (docs/API.md).  Without an ID number there is nothing to key the flag on and
 * it is skipped.  Any other member that is missing or malformed is logged and the flag is
 * still recorded with what is valid: a window that forgot a flag would offer tolerance and
 * pledges the back office then refuses. */
static gboolean
apply_flag (YcDatabase    *database,
            YcFeedChange  *change,
            const char    *now,
            GError       **error)
{
  const char *kind = member_string (change->payload, "applicant_kind");
  const char *flagged_at = member_string (change->payload, "flagged_at");
  const char *case_uuid = member_string (change->payload, "case_uuid");
  g_autoptr(GDateTime) at = yc_store_parse_time (flagged_at);
  g_autofree char *at_text = NULL;
  YcApplicantFlag flag = { 0 };

  flag.id_number = (char *) member_string (change->payload, "id_number");
  if (flag.id_number == NULL || *flag.id_number == '\0')
    {
      g_warning ("An applicant flag from the back office (change %" G_GINT64_FORMAT ") has no "
                 "ID number; skipped", change->seq);
      return TRUE;
    }
  if (g_strcmp0 (kind, "person") == 0 || g_strcmp0 (kind, "enterprise") == 0)
    flag.applicant_kind = (char *) kind;
  else
    g_warning ("The applicant flag of change %" G_GINT64_FORMAT " names no applicant kind "
               "(“%s”); recorded without it", change->seq, kind != NULL ? kind : "");
  if (at == NULL)
    g_warning ("The applicant flag of change %" G_GINT64_FORMAT " has no valid flagged_at "
               "(“%s”); recorded as of now", change->seq, flagged_at != NULL ? flagged_at : "");
  at_text = at != NULL ? yc_store_format_time (at) : g_strdup (now);
  flag.flagged_at = at_text;
  flag.reason = (char *) member_string (change->payload, "reason");
  flag.case_uuid = (char *) (case_uuid != NULL ? case_uuid : change->case_uuid);
  return yc_store_record_applicant_flag (database, &flag, error);
}

/**
 * yc_store_flag_applicant:
 *
 * Records a flagged applicant (a broken pledge).  Inside a transaction.
 */
gboolean
yc_store_flag_applicant (YcDatabase  *database,
                         const char  *id_number,
                         const char  *reason,
                         const char  *case_uuid,
                         const char  *now,
                         GError     **error)
{
  g_autoptr(YcStatement) insert = NULL;

  insert = yc_database_prepare (database,
                                "INSERT INTO flagged_applicants (id_number, reason, case_uuid, "
                                "flagged_at) VALUES (?, ?, ?, ?) ON CONFLICT (id_number) DO UPDATE "
                                "SET reason = excluded.reason, case_uuid = excluded.case_uuid, "
                                "flagged_at = min (flagged_at, excluded.flagged_at)",
                                error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, case_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, now, -1, SQLITE_STATIC);
  return yc_database_step_done (database, insert, error);
}

static gboolean
store_cursor (YcDatabase  *database,
              const char  *next,
              const char  *now,
              GError     **error)
{
  g_autoptr(YcStatement) upsert = NULL;
  const char *colon = next != NULL ? strrchr (next, ':') : NULL;
  g_autofree char *epoch = NULL;
  guint64 seq;

  if (colon == NULL || colon == next
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, &seq, NULL))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The back office sent a change cursor that cannot be stored (“%s”)."),
                   next != NULL ? next : "");
      return FALSE;
    }
  epoch = g_strndup (next, colon - next);

  upsert = yc_database_prepare (database,
                                "INSERT INTO sync_cursor (id, epoch, seq, updated_at) "
                                "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                                "epoch = excluded.epoch, seq = excluded.seq, "
                                "updated_at = excluded.updated_at",
                                error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_text (upsert, 1, epoch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (upsert, 2, (gint64) seq);
  sqlite3_bind_text (upsert, 3, now, -1, SQLITE_STATIC);
  return yc_database_step_done (database, upsert, error);
}

static void
add_unique (GPtrArray  *array,
            const char *text)
{
  if (text != NULL && !g_ptr_array_find_with_equal_func (array, text, g_str_equal, NULL))
    g_ptr_array_add (array, g_strdup (text));
}

static gboolean
apply_page (YcDatabase     *database,
            YcCalendar     *calendar,
            GPtrArray      *changes,
            const char     *next,
            const char     *username,
            const char     *now,
            YcFeedApplied  *applied,
            GError        **error)
{
  for (guint i = 0; i < changes->len; i++)
    {
      YcFeedChange *change = g_ptr_array_index (changes, i);
      gboolean written = FALSE;

      if (g_str_equal (change->kind, "case"))
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), change->payload);

          if (!apply_case_document (database, node, calendar, username, now, &written, error))
            return FALSE;
        }
      else if (g_str_equal (change->kind, "conflict"))
        {
          if (!apply_conflict (database, change, calendar, username, now, &written, error))
            return FALSE;
          add_unique (applied->changed_cases, change->case_uuid);
        }
      else if (g_str_equal (change->kind, "urge"))
        {
          YcUrge *urge = NULL;

          if (!apply_urge (database, change, now, &urge, error))
            return FALSE;
          if (urge != NULL)
            g_ptr_array_add (applied->new_urges, urge);
        }
      else if (g_str_equal (change->kind, "catalog"))
        add_unique (applied->catalogs, member_string (change->payload, "version"));
      else if (g_str_equal (change->kind, "applicant_flag"))
        {
          if (!apply_flag (database, change, now, error))
            return FALSE;
        }
      else
        g_debug ("change %" G_GINT64_FORMAT ": kind %s is not known here; skipped", change->seq,
                 change->kind);

      if (written)
        add_unique (applied->changed_cases, change->case_uuid);
    }
  return next == NULL || store_cursor (database, next, now, error);
}

/**
 * yc_store_apply_feed_page:
 * @changes: (element-type YcFeedChange): one page, in commit order
 * @next: (nullable): the page's cursor, stored with it
 * @username: the signed-in user (the author of reported conflicts)
 *
 * Returns: (transfer full): what changed, or %NULL with @error (nothing applied)
 */
YcFeedApplied *
yc_store_apply_feed_page (YcStore     *self,
                          GPtrArray   *changes,
                          const char  *next,
                          const char  *username,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);
  g_autoptr(YcFeedApplied) applied = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  applied = g_new0 (YcFeedApplied, 1);
  applied->changed_cases = g_ptr_array_new_with_free_func (g_free);
  applied->new_urges = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_urge_free);
  applied->catalogs = g_ptr_array_new_with_free_func (g_free);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);

  if (!yc_database_begin_immediate (database, error))
    return NULL;
  if (!apply_page (database, yc_store_get_calendar (self), changes, next, username, now_text,
                   applied, error)
      || !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      return NULL;
    }
  if (applied->changed_cases->len > 0)
    {
      g_ptr_array_add (applied->changed_cases, NULL);
      yc_store_emit_cases_changed (self, (const char * const *) applied->changed_cases->pdata);
      g_ptr_array_remove_index (applied->changed_cases, applied->changed_cases->len - 1);
    }
  return g_steal_pointer (&applied);
}
