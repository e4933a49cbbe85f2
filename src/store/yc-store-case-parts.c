/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-store-private.h"

/*
 * The review queue's copy of the parts of a case (table case_parts, schema v7; docs/store.md
 * "The review queue").  Every writer of a case document — acceptance here, an operation
 * here, a case pulled from the back office — calls yc_store_write_case_parts() in its
 * transaction, so the rows never lag behind the documents.
 */

static const char *
applicant_name (YcCase *case_doc)
{
  JsonNode *node = case_doc->applicant != NULL
                   ? json_object_get_member (case_doc->applicant, "name") : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* What the text filter matches: folded so that "hd01" finds "HD01-…" (docs/review.md). */
static char *
dup_search_text (YcCase *case_doc)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *parts[] = { case_doc->number, applicant_name (case_doc), case_doc->subject_name,
                          case_doc->subject_code };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, parts[i]);
    }
  return g_utf8_casefold (text->str, -1);
}

/* The time of the case's last recorded change (UTC, as the store writes times), or of its
 * acceptance: what the "age" order sorts by. */
static char *
dup_changed_at (YcCase *case_doc)
{
  for (guint i = case_doc->history->len; i > 0; i--)
    {
      const YcCaseHistoryEntry *entry = g_ptr_array_index (case_doc->history, i - 1);
      g_autoptr(GDateTime) at = entry->at != NULL ? g_date_time_new_from_iso8601 (entry->at, NULL)
                                                  : NULL;

      if (at != NULL)
        return yc_store_format_time (at);
    }
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (case_doc->accepted_at, NULL);

    return at != NULL ? yc_store_format_time (at) : g_strdup (case_doc->accepted_at);
  }
}

/* Urges not yet acknowledged that concern @department: those sent to it, and those sent to
 * the hall about the whole case. */
static guint
count_open_urges (YcCase     *case_doc,
                  const char *department)
{
  guint count = 0;

  for (guint i = 0; i < case_doc->urges->len; i++)
    {
      const YcCaseUrge *urge = g_ptr_array_index (case_doc->urges, i);

      if (!urge->acknowledged
          && (urge->department == NULL || g_strcmp0 (urge->department, department) == 0))
        count++;
    }
  return count;
}

static void
get_local_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
write_part (YcDatabase  *database,
            YcCase      *case_doc,
            YcCasePart  *part,
            YcCalendar  *calendar,
            const GDate *today,
            const char  *accepted_at,
            const char  *changed_at,
            const char  *search,
            GError     **error)
{
  g_autoptr(YcStatement) upsert = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *accepted_on = yc_date_format_iso (&case_doc->accepted_on);
  const char *clock_kind;
  YcClock clock;

  yc_case_clock (case_doc, part, calendar, today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
  if (!clock.has_clock)
    clock_kind = "none";
  else if (clock.stopped)
    clock_kind = "stopped";
  else if (clock.paused)
    clock_kind = "paused";
  else
    clock_kind = "running";
  if (clock.has_clock)
    deadline = yc_date_format_iso (&clock.deadline);

  /* The rowid stays when a part is written again, so an open queue keeps its place. */
  upsert = yc_database_prepare (database,
                                "INSERT INTO case_parts (case_uuid, department, part_state, "
                                "claimed_by, clock, deadline, fixed_late, fixed_remaining, "
                                "accepted_on, accepted_at, changed_at, number, subject_code, "
                                "subject_name, applicant_name, hall, window, open_urges, search) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                                "?14, ?15, ?16, ?17, ?18, ?19) "
                                "ON CONFLICT (case_uuid, department) DO UPDATE SET "
                                "part_state = ?3, claimed_by = ?4, clock = ?5, deadline = ?6, "
                                "fixed_late = ?7, fixed_remaining = ?8, accepted_on = ?9, "
                                "accepted_at = ?10, changed_at = ?11, number = ?12, "
                                "subject_code = ?13, subject_name = ?14, applicant_name = ?15, "
                                "hall = ?16, window = ?17, open_urges = ?18, search = ?19",
                                error);
  if (upsert == NULL)
    return FALSE;
  sqlite3_bind_text (upsert, 1, case_doc->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 2, part->department, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 3, yc_case_state_to_string (part->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 4, part->claimed_by, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 5, clock_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 6, deadline, -1, SQLITE_STATIC);
  if (clock.has_clock && (clock.stopped || clock.paused))
    {
      /* Such a clock does not move: how it stood on the day it was evaluated holds later
       * too.  Late is the red of yc_calendar_deadline_state(). */
      sqlite3_bind_int (upsert, 7, g_date_compare (&clock.evaluated_on, &clock.deadline) > 0);
      sqlite3_bind_int (upsert, 8, clock.remaining);
    }
  sqlite3_bind_text (upsert, 9, accepted_on, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 10, accepted_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 11, changed_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 12, case_doc->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 13, case_doc->subject_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 14, case_doc->subject_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 15, applicant_name (case_doc), -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 16, case_doc->hall, -1, SQLITE_STATIC);
  sqlite3_bind_text (upsert, 17, case_doc->window, -1, SQLITE_STATIC);
  sqlite3_bind_int (upsert, 18, (int) count_open_urges (case_doc, part->department));
  sqlite3_bind_text (upsert, 19, search, -1, SQLITE_STATIC);
  return yc_database_step_done (database, upsert, error);
}

/**
 * yc_store_write_case_parts:
 * @calendar: the working-day calendar the clocks are evaluated with
 *
 * Writes the case_parts rows of @case_doc (one per part; parts no longer in the document
 * are removed).  A case closed at the counter has no parts and no rows.  Inside the
 * transaction that writes the document.
 */
gboolean
yc_store_write_case_parts (YcDatabase  *database,
                           YcCase      *case_doc,
                           YcCalendar  *calendar,
                           GError     **error)
{
  g_autoptr(YcStatement) stale = NULL;
  g_autoptr(GDateTime) accepted = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) departments = NULL;
  g_autofree char *departments_text = NULL;
  g_autofree char *accepted_at = NULL;
  g_autofree char *changed_at = dup_changed_at (case_doc);
  g_autofree char *search = dup_search_text (case_doc);
  GDate today;

  g_return_val_if_fail (YC_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (case_doc != NULL && case_doc->number != NULL, FALSE);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), FALSE);

  accepted = g_date_time_new_from_iso8601 (case_doc->accepted_at, NULL);
  accepted_at = accepted != NULL ? yc_store_format_time (accepted) : g_strdup (case_doc->accepted_at);
  get_local_today (&today);

  json_builder_begin_array (builder);
  for (guint i = 0; i < case_doc->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (case_doc->parts, i);

      json_builder_add_string_value (builder, part->department);
      if (!write_part (database, case_doc, part, calendar, &today, accepted_at, changed_at,
                       search, error))
        return FALSE;
    }
  json_builder_end_array (builder);
  departments = json_builder_get_root (builder);
  departments_text = json_to_string (departments, FALSE);

  stale = yc_database_prepare (database,
                               "DELETE FROM case_parts WHERE case_uuid = ? AND department NOT IN "
                               "(SELECT value FROM json_each (?))",
                               error);
  if (stale == NULL)
    return FALSE;
  sqlite3_bind_text (stale, 1, case_doc->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stale, 2, departments_text, -1, SQLITE_STATIC);
  return yc_database_step_done (database, stale, error);
}

/**
 * yc_store_rebuild_case_parts:
 *
 * Writes the case_parts rows of every stored case document, once after the upgrade to
 * schema 7 (meta case_parts_rebuild), in one transaction.  Legacy rows without a document
 * get none: they cannot be reviewed.  A document that does not read is logged and skipped,
 * as the store's lists do.
 */
gboolean
yc_store_rebuild_case_parts (YcStore  *self,
                             GError  **error)
{
  YcDatabase *database = yc_store_get_database (self);
  YcCalendar *calendar;
  g_autoptr(YcStatement) flag = NULL;
  g_autoptr(YcStatement) documents = NULL;
  guint written = 0;
  int rc;

  flag = yc_database_prepare (database,
                              "SELECT 1 FROM meta WHERE key = 'case_parts_rebuild' AND value = '1'",
                              error);
  if (flag == NULL)
    return FALSE;
  rc = yc_database_step (database, flag, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;
  g_clear_pointer (&flag, yc_statement_release);

  calendar = yc_store_get_calendar (self);
  if (!yc_database_begin_immediate (database, error))
    return FALSE;
  documents = yc_database_prepare (database,
                                   "SELECT uuid, document FROM cases WHERE document IS NOT NULL",
                                   error);
  if (documents == NULL)
    goto fail;
  while ((rc = yc_database_step (database, documents, error)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(YcCase) case_doc = yc_store_read_document (yc_statement_get_text (documents, 0),
                                                           yc_statement_get_text (documents, 1),
                                                           &local_error);

      if (case_doc == NULL)
        {
          /* Not a reason to refuse the store: the counter reports such a case when it
           * is opened; the queue only cannot list it. */
          g_message ("The review queue leaves out a stored case: %s", local_error->message);
          continue;
        }
      if (!yc_store_write_case_parts (database, case_doc, calendar, error))
        goto fail;
      written++;
    }
  if (rc < 0)
    goto fail;
  g_clear_pointer (&documents, yc_statement_release);
  if (!yc_database_exec (database, "DELETE FROM meta WHERE key = 'case_parts_rebuild'", error)
      || !yc_database_commit (database, error))
    goto fail;
  g_debug ("%s: review queue rows written for %u stored cases", yc_database_get_path (database),
           written);
  return TRUE;

fail:
  g_clear_pointer (&documents, yc_statement_release);
  yc_database_rollback (database);
  g_prefix_error (error, _("Preparing the review queue from the stored cases failed; it will be "
                           "tried again when the program starts. "));
  return FALSE;
}
