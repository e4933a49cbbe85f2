/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-case-list-query-private.h"
#include "yc-case-row-private.h"
#include "yc-store-error.h"

/*
 * The statements below are assembled from constant fragments, one per filter in use, so
 * that SQLite can pick the index of the filters actually given (an "x IS NULL OR …" form
 * would hide them from the planner); every value is a bound parameter.
 */

#define OPEN_STATES "('accepted', 'in_review', 'returned', 'supplemented')"
#define FIXED_CLOCKS "('paused', 'stopped')"
/* More words than this in the search entry are not a search but a paste: the rest is
 * ignored rather than building an unbounded statement. */
#define MAX_WORDS 8

void
yc_case_eval_init (YcCaseEval  *eval,
                   YcCalendar  *calendar,
                   const GDate *today,
                   guint        threshold)
{
  g_return_if_fail (eval != NULL);
  g_return_if_fail (YC_IS_CALENDAR (calendar));
  g_return_if_fail (today != NULL && g_date_valid (today));

  eval->calendar = g_object_ref (calendar);
  eval->today = *today;
  eval->threshold = threshold;
  /* remaining ≤ threshold is yellow; a deadline has remaining = the working days d with
   * today < d ≤ deadline, so the first green deadline is the (threshold + 1)th working day
   * after today. */
  yc_calendar_add_working_days (calendar, today, threshold + 1, &eval->green_from);
}

void
yc_case_eval_copy (YcCaseEval       *dest,
                   const YcCaseEval *src)
{
  *dest = *src;
  if (dest->calendar != NULL)
    g_object_ref (dest->calendar);
}

void
yc_case_eval_clear (YcCaseEval *eval)
{
  g_clear_object (&eval->calendar);
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  return text != NULL && yc_date_parse_iso (text, date);
}

gboolean
yc_case_eval_row (const YcCaseEval *eval,
                  const char       *clock,
                  const char       *deadline,
                  int               fixed_late,
                  int               fixed_remaining,
                  YcDeadlineState  *out_state,
                  int              *out_remaining)
{
  GDate date;

  *out_state = YC_DEADLINE_GREEN;
  *out_remaining = 0;
  if (clock == NULL || g_str_equal (clock, "none"))
    return FALSE;

  if (g_str_equal (clock, "running"))
    {
      if (!parse_day (deadline, &date))
        return FALSE;
      /* No pause lies after today on a running clock, so none changes the count. */
      *out_remaining = yc_calendar_remaining_working_days (eval->calendar, &eval->today, &date,
                                                           NULL, 0);
      *out_state = yc_calendar_deadline_state (eval->calendar, &eval->today, &date, NULL, 0,
                                               eval->threshold);
      return TRUE;
    }

  *out_remaining = fixed_remaining;
  if (fixed_late)
    *out_state = YC_DEADLINE_RED;
  else if ((gint64) fixed_remaining <= (gint64) eval->threshold)
    *out_state = YC_DEADLINE_YELLOW;
  else
    *out_state = YC_DEADLINE_GREEN;
  return TRUE;
}

/**
 * yc_case_list_open_reader:
 *
 * Returns: (transfer full): a read-only connection to @store's database (WAL: it never
 *   holds up the store's writer), or %NULL
 */
YcDatabase *
yc_case_list_open_reader (YcStore  *store,
                          GError  **error)
{
  g_autofree char *path = g_build_filename (yc_store_get_directory (store),
                                            YC_STORE_DATABASE_NAME, NULL);

  YcDatabase *database = yc_database_open (path, YC_DATABASE_FLAGS_READ_ONLY, error);

  /* Whose urges the rows count (yc_store_set_urge_reader()): a list is made for one user. */
  if (database != NULL)
    g_object_set_data_full (G_OBJECT (database), "yc-urge-reader",
                            yc_store_dup_urge_reader (store), g_free);
  return database;
}

/* Bound values, in the order their "?" appear. */
typedef struct {
  GString   *sql;
  GPtrArray *texts;  /* char*, or NULL for an integer in ints */
  GArray    *ints;
} Statement;

static void
statement_init (Statement  *statement,
                const char *head)
{
  statement->sql = g_string_new (head);
  statement->texts = g_ptr_array_new_with_free_func (g_free);
  statement->ints = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
statement_clear (Statement *statement)
{
  g_string_free (statement->sql, TRUE);
  g_ptr_array_unref (statement->texts);
  g_array_unref (statement->ints);
}

static void
add_text (Statement  *statement,
          const char *fragment,
          const char *value)
{
  gint64 none = 0;

  g_string_append (statement->sql, fragment);
  g_ptr_array_add (statement->texts, g_strdup (value));
  g_array_append_val (statement->ints, none);
}

static void
add_int (Statement  *statement,
         const char *fragment,
         gint64      value)
{
  g_string_append (statement->sql, fragment);
  g_ptr_array_add (statement->texts, NULL);
  g_array_append_val (statement->ints, value);
}

static sqlite3_stmt *
statement_prepare (YcDatabase  *database,
                   Statement   *statement,
                   GError     **error)
{
  sqlite3_stmt *prepared = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (yc_database_get_handle (database), statement->sql->str, -1, &prepared,
                           NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
                   _("The review queue could not be read from the local database (%s)."),
                   sqlite3_errmsg (yc_database_get_handle (database)));
      return NULL;
    }
  for (guint i = 0; i < statement->texts->len; i++)
    {
      const char *text = g_ptr_array_index (statement->texts, i);

      if (text != NULL)
        sqlite3_bind_text (prepared, (int) i + 1, text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (prepared, (int) i + 1, g_array_index (statement->ints, gint64, i));
    }
  return prepared;
}

static void
set_read_error (YcDatabase  *database,
                GError     **error)
{
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_IO,
               _("The review queue could not be read from the local database (%s)."),
               sqlite3_errmsg (yc_database_get_handle (database)));
}

/* "a,b" or a JSON array for json_each(). */
static char *
dup_code_list (const char * const *codes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *code = g_strstrip (g_strdup (codes[i]));

      if (*code != '\0')
        json_builder_add_string_value (builder, code);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
add_scope (Statement          *statement,
           const char * const *scope)
{
  g_autofree char *list = NULL;

  if (scope == NULL)
    return;
  list = dup_code_list (scope);
  add_text (statement, " AND p.department IN (SELECT value FROM json_each (?))", list);
}

static gboolean
add_filters (Statement           *statement,
             const YcCaseQuery   *query,
             const char * const  *scope,
             const YcCaseEval    *eval,
             GError             **error)
{
  add_scope (statement, scope);
  if (query->department != NULL && *query->department != '\0')
    {
      g_auto(GStrv) departments = g_strsplit (query->department, ",", -1);
      g_autofree char *list = dup_code_list ((const char * const *) departments);

      add_text (statement, " AND p.department IN (SELECT value FROM json_each (?))", list);
    }

  if (query->state != NULL && *query->state != '\0')
    {
      YcCaseState state;

      if (g_str_equal (query->state, "open"))
        g_string_append (statement->sql, " AND p.part_state IN " OPEN_STATES);
      else if (yc_case_state_from_string (query->state, &state))
        add_text (statement, " AND p.part_state = ?", query->state);
      else
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                       _("The review queue cannot filter by the state “%s”."), query->state);
          return FALSE;
        }
    }

  if (query->deadline_status != NULL && *query->deadline_status != '\0')
    {
      g_autofree char *today = yc_date_format_iso (&eval->today);
      g_autofree char *green_from = yc_date_format_iso (&eval->green_from);
      const char *status = query->deadline_status;

      if (g_str_equal (status, "red"))
        {
          add_text (statement, " AND ((p.clock = 'running' AND p.deadline < ?)", today);
          g_string_append (statement->sql, " OR (p.clock IN " FIXED_CLOCKS " AND p.fixed_late = 1))");
        }
      else if (g_str_equal (status, "yellow"))
        {
          add_text (statement, " AND ((p.clock = 'running' AND p.deadline >= ?", today);
          add_text (statement, " AND p.deadline < ?)", green_from);
          add_int (statement, " OR (p.clock IN " FIXED_CLOCKS " AND p.fixed_late = 0 "
                   "AND p.fixed_remaining <= ?))", eval->threshold);
        }
      else if (g_str_equal (status, "green"))
        {
          add_text (statement, " AND ((p.clock = 'running' AND p.deadline >= ?)", green_from);
          add_int (statement, " OR (p.clock IN " FIXED_CLOCKS " AND p.fixed_late = 0 "
                   "AND p.fixed_remaining > ?))", eval->threshold);
        }
      else if (g_str_equal (status, "none"))
        g_string_append (statement->sql, " AND p.clock = 'none'");
      else
        {
          g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                       _("The review queue cannot filter by the deadline status “%s”."), status);
          return FALSE;
        }
    }

  if (query->subject_code != NULL && *query->subject_code != '\0')
    add_text (statement, " AND p.subject_code = ?", query->subject_code);
  if (query->hall != NULL && *query->hall != '\0')
    add_text (statement, " AND p.hall = ?", query->hall);
  if (query->window != NULL && *query->window != '\0')
    add_text (statement, " AND p.window = ?", query->window);

  if (query->text != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (query->text, -1);
      g_auto(GStrv) words = g_strsplit_set (folded, " \t\n\u3000", -1);
      guint used = 0;

      for (guint i = 0; words[i] != NULL && used < MAX_WORDS; i++)
        {
          if (*words[i] == '\0')
            continue;
          add_text (statement, " AND instr (p.search, ?) > 0", words[i]);
          used++;
        }
    }
  return TRUE;
}

/* The deadline order (red first, least time left first) cannot be an index: it depends on
 * today.  The ids come out of SQLite unordered and are sorted here on integer keys.  Rank,
 * remaining days and deadline are packed into one integer, so that a million keys take
 * 16 MB rather than 24 (and the sort's scratch copy as much again): the peak memory of an
 * order counts against the queue's budget. */
typedef struct {
  guint64 order;  /* rank (red, yellow, green, no limit) | remaining + BIAS | deadline */
  gint64  rowid;
} DeadlineKey;

#define REMAINING_BIAS (1 << 23)
#define FIELD_MASK     ((1 << 24) - 1)

static guint64
pack_deadline_key (gint32  rank,
                   gint32  remaining,
                   guint32 deadline)
{
  gint64 biased = CLAMP ((gint64) remaining + REMAINING_BIAS, 0, FIELD_MASK);

  return ((guint64) rank << 48) | ((guint64) biased << 24) | MIN (deadline, (guint32) FIELD_MASK);
}

static int
compare_deadline_keys (gconstpointer a,
                       gconstpointer b)
{
  const DeadlineKey *x = a;
  const DeadlineKey *y = b;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return x->rowid < y->rowid ? -1 : (x->rowid > y->rowid);
}

/* "YYYY-MM-DD" → Julian day, without the cost of GDate parsing for each of a million
 * rows; 0 for anything else. */
static guint32
julian_of (const unsigned char *text)
{
  GDate date;
  guint year, month, day;

  if (text == NULL || strlen ((const char *) text) != 10)
    return 0;
  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 guint          count,
                 GError       **error)
{
  return (count & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error);
}

static GArray *
order_by_deadline (YcDatabase        *database,
                   sqlite3_stmt      *prepared,
                   const YcCaseEval  *eval,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (DeadlineKey));
  /* Julian day of a running deadline → remaining working days, as core counts them. */
  g_autoptr(GHashTable) remaining_of = g_hash_table_new (NULL, NULL);
  guint32 today = g_date_get_julian (&eval->today);
  guint32 green_from = g_date_get_julian (&eval->green_from);
  GArray *rowids;
  int rc;

  while ((rc = sqlite3_step (prepared)) == SQLITE_ROW)
    {
      const char *clock = (const char *) sqlite3_column_text (prepared, 1);
      DeadlineKey key = { 0, sqlite3_column_int64 (prepared, 0) };
      gint32 rank = 3, remaining = 0;
      guint32 deadline_day;

      if (check_cancelled (cancellable, keys->len, error))
        return NULL;
      deadline_day = julian_of (sqlite3_column_text (prepared, 2));
      if (clock[0] == 'r' && deadline_day != 0)  /* running */
        {
          gpointer cached;

          if (!g_hash_table_lookup_extended (remaining_of, GUINT_TO_POINTER (deadline_day), NULL,
                                             &cached))
            {
              GDate deadline;

              g_date_clear (&deadline, 1);
              g_date_set_julian (&deadline, deadline_day);
              cached = GINT_TO_POINTER (yc_calendar_remaining_working_days (eval->calendar,
                                                                            &eval->today,
                                                                            &deadline, NULL, 0));
              g_hash_table_insert (remaining_of, GUINT_TO_POINTER (deadline_day), cached);
            }
          remaining = GPOINTER_TO_INT (cached);
          rank = deadline_day < today ? 0 : deadline_day < green_from ? 1 : 2;
        }
      else if (clock[0] == 'p' || clock[0] == 's')  /* paused, stopped */
        {
          remaining = sqlite3_column_int (prepared, 4);
          rank = sqlite3_column_int (prepared, 3) ? 0
                 : (gint64) remaining <= (gint64) eval->threshold ? 1 : 2;
        }
      key.order = pack_deadline_key (rank, remaining, deadline_day);
      g_array_append_val (keys, key);
    }
  if (rc != SQLITE_DONE)
    {
      set_read_error (database, error);
      return NULL;
    }

  g_array_sort (keys, compare_deadline_keys);
  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_array_append_val (rowids, g_array_index (keys, DeadlineKey, i).rowid);
  return rowids;
}

GArray *
yc_case_list_compute_order (YcDatabase          *database,
                            const YcCaseQuery   *query,
                            const char * const  *scope,
                            const YcCaseEval    *eval,
                            GCancellable        *cancellable,
                            GError             **error)
{
  Statement statement;
  sqlite3_stmt *prepared = NULL;
  GArray *rowids = NULL;
  int rc;

  g_return_val_if_fail (YC_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (eval != NULL, NULL);

  /* Only the deadline order needs the clock columns; the others take nothing but the id,
   * so that an order's index alone answers a query without filters. */
  statement_init (&statement, query->sort == YC_CASE_SORT_DEADLINE
                              ? "SELECT p.rowid, p.clock, p.deadline, p.fixed_late, "
                                "p.fixed_remaining FROM case_parts p WHERE 1"
                              : "SELECT p.rowid FROM case_parts p WHERE 1");
  if (!add_filters (&statement, query, scope, eval, error))
    goto out;
  switch (query->sort)
    {
    case YC_CASE_SORT_DEADLINE:
      break;
    case YC_CASE_SORT_ACCEPTED:
      g_string_append (statement.sql, " ORDER BY p.accepted_at, p.number, p.rowid");
      break;
    case YC_CASE_SORT_ACCEPTED_DESC:
      g_string_append (statement.sql, " ORDER BY p.accepted_at DESC, p.number DESC, p.rowid DESC");
      break;
    case YC_CASE_SORT_NUMBER:
      g_string_append (statement.sql, " ORDER BY p.number, p.rowid");
      break;
    case YC_CASE_SORT_AGE:
      g_string_append (statement.sql, " ORDER BY p.changed_at, p.accepted_at, p.rowid");
      break;
    default:
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The review queue has no order number %d."), (int) query->sort);
      goto out;
    }

  prepared = statement_prepare (database, &statement, error);
  if (prepared == NULL)
    goto out;

  if (query->sort == YC_CASE_SORT_DEADLINE)
    {
      rowids = order_by_deadline (database, prepared, eval, cancellable, error);
      goto out;
    }

  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (prepared)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (prepared, 0);

      if (check_cancelled (cancellable, rowids->len, error))
        {
          g_clear_pointer (&rowids, g_array_unref);
          goto out;
        }
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    {
      set_read_error (database, error);
      g_clear_pointer (&rowids, g_array_unref);
    }

out:
  sqlite3_finalize (prepared);
  statement_clear (&statement);
  return rowids;
}

gboolean
yc_case_list_read_row_data (YcDatabase        *database,
                            gint64             rowid,
                            const YcCaseEval  *eval,
                            GHashTable        *department_names,
                            YcCaseRowData     *out,
                            GError           **error)
{
  g_autoptr(YcStatement) statement = NULL;
  YcCaseRowData data = { 0 };
  const char *clock;
  int rc;

  statement = yc_database_prepare (database,
                                   "SELECT p.case_uuid, p.number, p.subject_code, p.subject_name, "
                                   "p.applicant_name, p.department, p.part_state, p.claimed_by, "
                                   "p.hall, p.window, p.accepted_on, p.deadline, p.clock, "
                                   "p.fixed_late, p.fixed_remaining, "
                                   /* The open urges of the part: for a list made for one
                                    * user, those they are shown (yc-store-urges.c). */
                                   "CASE WHEN ?2 IS NULL THEN p.open_urges ELSE "
                                   "(SELECT count(*) FROM urges u WHERE u.case_uuid = p.case_uuid "
                                   " AND u.acknowledged_at IS NULL "
                                   " AND (u.department IS NULL OR u.department = p.department) "
                                   " AND (u.addressee IS NULL OR u.addressee = ?2)) END, "
                                   "c.sync_state "
                                   "FROM case_parts p JOIN cases c ON c.uuid = p.case_uuid "
                                   "WHERE p.rowid = ?1",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, rowid);
  sqlite3_bind_text (statement, 2, g_object_get_data (G_OBJECT (database), "yc-urge-reader"), -1,
                     SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc != SQLITE_ROW)
    return FALSE;

  data.uuid = yc_statement_dup_text (statement, 0);
  data.number = yc_statement_dup_text (statement, 1);
  data.subject_code = yc_statement_dup_text (statement, 2);
  data.subject_name = yc_statement_dup_text (statement, 3);
  data.applicant_name = yc_statement_dup_text (statement, 4);
  data.department = yc_statement_dup_text (statement, 5);
  if (department_names != NULL)
    data.department_name = g_strdup (g_hash_table_lookup (department_names, data.department));
  data.part_state = yc_statement_dup_text (statement, 6);
  data.claimed_by = yc_statement_dup_text (statement, 7);
  data.hall = yc_statement_dup_text (statement, 8);
  data.window = yc_statement_dup_text (statement, 9);
  data.accepted_on = yc_statement_dup_text (statement, 10);
  data.deadline = yc_statement_dup_text (statement, 11);
  clock = yc_statement_get_text (statement, 12);
  data.paused = g_strcmp0 (clock, "paused") == 0;
  data.has_clock = yc_case_eval_row (eval, clock, data.deadline,
                                     sqlite3_column_int (statement, 13),
                                     sqlite3_column_int (statement, 14), &data.state,
                                     &data.remaining);
  data.open_urges = (guint) MAX (0, sqlite3_column_int (statement, 15));
  data.sync_state = yc_statement_dup_text (statement, 16);
  *out = data;
  return TRUE;
}

YcCaseRow *
yc_case_list_read_row (YcDatabase        *database,
                       gint64             rowid,
                       const YcCaseEval  *eval,
                       GHashTable        *department_names,
                       GError           **error)
{
  YcCaseRowData data = { 0 };

  if (!yc_case_list_read_row_data (database, rowid, eval, department_names, &data, error))
    return NULL;
  return yc_case_row_new_take (&data);
}

GArray *
yc_case_list_rowids_of_case (YcDatabase  *database,
                             const char  *uuid,
                             GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  statement = yc_database_prepare (database,
                                   "SELECT rowid FROM case_parts WHERE case_uuid = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, uuid, -1, SQLITE_STATIC);
  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (statement, 0);

      g_array_append_val (rowids, rowid);
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&rowids);
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const char * const *x = *(const char * const * const *) a;
  const char * const *y = *(const char * const * const *) b;
  int by_name = g_utf8_collate (x[1], y[1]);

  return by_name != 0 ? by_name : g_strcmp0 (x[0], y[0]);
}

GPtrArray *
yc_case_list_choices (YcDatabase          *database,
                      const char          *column,
                      const char * const  *scope,
                      GHashTable          *department_names,
                      GError             **error)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Statement statement;
  sqlite3_stmt *prepared = NULL;
  gboolean departments = FALSE;
  int rc;

  g_return_val_if_fail (column != NULL, NULL);

  if (g_str_equal (column, "subject"))
    statement_init (&statement, "SELECT p.subject_code, max (p.subject_name) FROM case_parts p "
                                "WHERE 1");
  else if (g_str_equal (column, "department"))
    {
      statement_init (&statement, "SELECT DISTINCT p.department, NULL FROM case_parts p WHERE 1");
      departments = TRUE;
    }
  else if (g_str_equal (column, "hall"))
    statement_init (&statement, "SELECT DISTINCT p.hall, NULL FROM case_parts p "
                                "WHERE p.hall IS NOT NULL");
  else if (g_str_equal (column, "window"))
    statement_init (&statement, "SELECT DISTINCT p.window, NULL FROM case_parts p "
                                "WHERE p.window IS NOT NULL");
  else
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The review queue has no filter “%s”."), column);
      return NULL;
    }
  add_scope (&statement, scope);
  if (g_str_equal (column, "subject"))
    g_string_append (statement.sql, " GROUP BY p.subject_code");

  prepared = statement_prepare (database, &statement, error);
  statement_clear (&statement);
  if (prepared == NULL)
    return NULL;
  while ((rc = sqlite3_step (prepared)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (prepared, 0);
      const char *name = (const char *) sqlite3_column_text (prepared, 1);
      char **pair = g_new0 (char *, 3);

      if (departments && department_names != NULL)
        name = g_hash_table_lookup (department_names, code);
      pair[0] = g_strdup (code);
      pair[1] = g_strdup (name != NULL ? name : code);
      g_ptr_array_add (choices, pair);
    }
  if (rc != SQLITE_DONE)
    {
      set_read_error (database, error);
      sqlite3_finalize (prepared);
      return NULL;
    }
  sqlite3_finalize (prepared);
  g_ptr_array_sort (choices, compare_choices);
  return g_steal_pointer (&choices);
}

GHashTable *
yc_case_list_department_names (YcStore *store)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = yc_store_load_catalog (store, &error);
  GPtrArray *departments;

  if (catalog == NULL)
    {
      /* The codes are shown instead; the queue works without names. */
      g_debug ("No department names for the review queue: %s",
               error != NULL ? error->message : "no catalog");
      return g_steal_pointer (&names);
    }
  departments = yc_catalog_get_departments (catalog);
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      const YcDepartment *department = g_ptr_array_index (departments, i);
      const char *name = department->short_name != NULL && *department->short_name != '\0'
                         ? department->short_name : department->name;

      g_hash_table_insert (names, g_strdup (department->code), g_strdup (name));
    }
  return g_steal_pointer (&names);
}
