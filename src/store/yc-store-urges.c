/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/*
 * Urges (督办) kept on this computer (schema 6, addressed since 8; docs/supervision.md
 * "The handler"): each is addressed to its handler — the reviewer holding the part, the
 * clerk who accepted the case — or, when nobody held the part, to every reviewer of its
 * department.  Several users may work on one computer (a back-office PC shared by
 * reviewers): each is shown, and may acknowledge, only the urges addressed to them or to
 * nobody in particular of their department or hall.
 *
 * Where a row comes from: the feed's urge change (its "to"), sent only to the addressee;
 * and the case documents the feed brings to everyone of the case's scope, which carry each
 * urge with its "to".  The second is how an urge to a colleague who shares this computer
 * reaches the store while someone else is signed in: the feed's cursor moves past the
 * colleague's own urge change, which is never in this user's feed.
 */

#define URGE_COLUMNS \
  "id, case_uuid, case_number, message, from_user, created_at, acknowledged_at, addressee, " \
  "department, hall"

/* The urged department or hall, as the case's document in this store says. */
#define URGE_TARGET(member) \
  "(SELECT json_extract (u.value, '$." member "') " \
  "FROM cases c, json_each (c.document, '$.urges') u " \
  "WHERE c.uuid = ?2 AND c.document IS NOT NULL AND json_extract (u.value, '$.id') = ?1)"

static YcUrge *
urge_from_row (YcStatement *statement)
{
  YcUrge *urge = g_new0 (YcUrge, 1);

  urge->id = yc_statement_dup_text (statement, 0);
  urge->case_uuid = yc_statement_dup_text (statement, 1);
  urge->case_number = yc_statement_dup_text (statement, 2);
  urge->message = yc_statement_dup_text (statement, 3);
  urge->from_user = yc_statement_dup_text (statement, 4);
  urge->created_at = yc_statement_dup_text (statement, 5);
  urge->acknowledged_at = yc_statement_dup_text (statement, 6);
  urge->addressee = yc_statement_dup_text (statement, 7);
  urge->department = yc_statement_dup_text (statement, 8);
  urge->hall = yc_statement_dup_text (statement, 9);
  return urge;
}

static GPtrArray *
read_urges (YcDatabase   *database,
            YcStatement  *statement,
            GError      **error)
{
  g_autoptr(GPtrArray) urges = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_urge_free);
  int rc;

  while ((rc = yc_database_step (database, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (urges, urge_from_row (statement));
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&urges);
}

/**
 * yc_store_list_urges:
 * @only_open: leave out acknowledged urges
 *
 * Every urge of the store, whoever it is addressed to (the supervisor's view of what was
 * pulled, tests).  A handler's lists use yc_store_list_urges_for().
 *
 * Returns: (transfer full) (element-type YcUrge): newest first, or %NULL
 */
GPtrArray *
yc_store_list_urges (YcStore   *self,
                     gboolean   only_open,
                     GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "SELECT " URGE_COLUMNS " FROM urges "
                                   "WHERE NOT ? OR acknowledged_at IS NULL "
                                   "ORDER BY created_at DESC, received_at DESC",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int (statement, 1, only_open ? 1 : 0);
  return read_urges (database, statement, error);
}

static char *
departments_json (const char * const *departments)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; departments != NULL && departments[i] != NULL; i++)
    json_array_add_string_element (array, departments[i]);
  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

/**
 * yc_store_list_urges_for:
 * @reader: who is signed in
 * @only_open: leave out acknowledged urges
 *
 * The urges @reader is to see: addressed to them; or addressed to nobody in particular
 * (a part nobody held, or stored before schema 8) and urging one of their departments
 * (a reviewer) or their hall (a clerk); or of a department and hall not known here.
 *
 * Returns: (transfer full) (element-type YcUrge): newest first, or %NULL
 */
GPtrArray *
yc_store_list_urges_for (YcStore        *self,
                         const YcActor  *reader,
                         gboolean        only_open,
                         GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  g_autofree char *departments = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (reader != NULL && reader->username != NULL, NULL);

  departments = departments_json (reader->role == YC_ROLE_REVIEWER ? reader->departments : NULL);
  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "SELECT " URGE_COLUMNS " FROM urges "
                                   "WHERE (NOT ?1 OR acknowledged_at IS NULL) "
                                   "AND (addressee = ?2 OR (addressee IS NULL AND ("
                                   "  (department IS NULL AND hall IS NULL) "
                                   "  OR department IN (SELECT value FROM json_each (?3)) "
                                   "  OR (?4 IS NOT NULL AND hall = ?4)))) "
                                   "ORDER BY created_at DESC, received_at DESC",
                                   error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_int (statement, 1, only_open ? 1 : 0);
  sqlite3_bind_text (statement, 2, reader->username, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, departments, -1, SQLITE_STATIC);
  if (reader->role == YC_ROLE_CLERK && reader->hall != NULL)
    sqlite3_bind_text (statement, 4, reader->hall, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (statement, 4);
  return read_urges (database, statement, error);
}

/* The reader, copied for the store's writer thread. */
typedef struct {
  char     *username;
  YcRole    role;
  char     *hall;
  GStrv     departments;
  gboolean  only_open;
} Reader;

static void
reader_free (Reader *reader)
{
  g_free (reader->username);
  g_free (reader->hall);
  g_strfreev (reader->departments);
  g_free (reader);
}

static gpointer
list_urges_for_job (YcStore   *self,
                    gpointer   data,
                    GError   **error)
{
  Reader *reader = data;
  YcActor actor = { reader->username, reader->role, reader->hall,
                    (const char * const *) reader->departments };

  return yc_store_list_urges_for (self, &actor, reader->only_open, error);
}

void
yc_store_list_urges_for_async (YcStore             *self,
                               const YcActor       *reader,
                               gboolean             only_open,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Reader *copy;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (reader != NULL && reader->username != NULL);

  copy = g_new0 (Reader, 1);
  copy->username = g_strdup (reader->username);
  copy->role = reader->role;
  copy->hall = g_strdup (reader->hall);
  copy->departments = g_strdupv ((char **) reader->departments);
  copy->only_open = only_open;
  yc_store_queue_job (self, list_urges_for_job, copy, (GDestroyNotify) reader_free,
                      (GDestroyNotify) g_ptr_array_unref, yc_store_list_urges_for_async,
                      cancellable, callback, user_data);
}

/**
 * yc_store_list_urges_for_finish:
 *
 * Returns: (transfer full) (element-type YcUrge): the urges, or %NULL
 */
GPtrArray *
yc_store_list_urges_for_finish (YcStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_list_urges_for_async, error);
}

/* Set on the main thread, read where lists open their connections. */
static GMutex urge_reader_lock;

/**
 * yc_store_set_urge_reader:
 * @username: (nullable): the reviewer a window's lists are made for; %NULL for every urge
 *
 * The open-urges column of the review lists (YcCaseListModel) counts the urges @username
 * is shown (yc_store_list_urges_for()): lists opened after this call.  A window makes its
 * role's lists again for each user who signs in, after setting this.
 */
void
yc_store_set_urge_reader (YcStore    *self,
                          const char *username)
{
  g_return_if_fail (YC_IS_STORE (self));

  g_mutex_lock (&urge_reader_lock);
  g_object_set_data_full (G_OBJECT (self), "yc-urge-reader", g_strdup (username), g_free);
  g_mutex_unlock (&urge_reader_lock);
}

/**
 * yc_store_dup_urge_reader:
 *
 * Returns: (transfer full) (nullable): see yc_store_set_urge_reader()
 */
char *
yc_store_dup_urge_reader (YcStore *self)
{
  char *username;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  g_mutex_lock (&urge_reader_lock);
  username = g_strdup (g_object_get_data (G_OBJECT (self), "yc-urge-reader"));
  g_mutex_unlock (&urge_reader_lock);
  return username;
}

static gboolean
mark_acknowledged (YcDatabase  *database,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = yc_store_format_time (now);

  statement = yc_database_prepare (database,
                                   "UPDATE urges SET acknowledged_at = coalesce (acknowledged_at, ?) "
                                   "WHERE id = ?",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, id, -1, SQLITE_STATIC);
  if (!yc_database_step_done (database, statement, error))
    return FALSE;
  if (sqlite3_changes (yc_database_get_handle (database)) == 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The urge %s is not known here."), id);
      return FALSE;
    }
  return TRUE;
}

/**
 * yc_store_acknowledge_urge:
 *
 * Marks the urge as answered here, whoever answered it.  (Telling the back office is an
 * urge.ack op.)  A user's own 知道了 goes through yc_store_acknowledge_urge_as().
 */
gboolean
yc_store_acknowledge_urge (YcStore     *self,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  return mark_acknowledged (yc_store_get_database (self), id, error);
}

/**
 * yc_store_acknowledge_urge_as:
 * @username: who acknowledges it
 *
 * Marks the urge acknowledged by @username.  An urge addressed to someone else is refused
 * (%YC_STORE_ERROR_NOT_ADDRESSEE) and stays open for them; the back office refuses their
 * urge.ack the same way (the case machine, docs/case-life.md).
 */
gboolean
yc_store_acknowledge_urge_as (YcStore     *self,
                              const char  *id,
                              const char  *username,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;
  const char *addressee;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "SELECT addressee, coalesce (case_number, case_uuid) FROM urges "
                                   "WHERE id = ?",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
  rc = yc_database_step (database, statement, error);
  if (rc < 0)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND,
                   _("The urge %s is not known here."), id);
      return FALSE;
    }
  addressee = yc_statement_get_text (statement, 0);
  if (addressee != NULL && g_strcmp0 (addressee, username) != 0)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ADDRESSEE,
                   _("The urge on case %s is addressed to %s, not to %s: only %s can "
                     "acknowledge it, signed in as themselves."),
                   yc_statement_get_text (statement, 1), addressee, username, addressee);
      return FALSE;
    }
  g_clear_pointer (&statement, yc_statement_release);
  return mark_acknowledged (database, id, error);
}

/**
 * yc_store_write_feed_urge:
 * @urge: the feed's urge; its department and hall are ignored (taken from the case's
 *   document here when the store has it)
 * @out_new: (out): whether the urge was not here before
 *
 * Keeps an urge of the feed.  One known already (from its case's document, or a page read
 * again after a reset) only gains what it lacked: an addressee stored before schema 8
 * gets the feed's "to" then.  Inside a transaction.
 */
gboolean
yc_store_write_feed_urge (YcDatabase    *database,
                          const YcUrge  *urge,
                          const char    *now,
                          gboolean      *out_new,
                          GError       **error)
{
  g_autoptr(YcStatement) known = NULL;
  g_autoptr(YcStatement) write = NULL;
  int rc;

  *out_new = FALSE;
  known = yc_database_prepare (database, "SELECT 1 FROM urges WHERE id = ?", error);
  if (known == NULL)
    return FALSE;
  sqlite3_bind_text (known, 1, urge->id, -1, SQLITE_STATIC);
  rc = yc_database_step (database, known, error);
  if (rc < 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    write = yc_database_prepare (database,
                                 "UPDATE urges SET addressee = coalesce (addressee, ?3), "
                                 "department = coalesce (department, " URGE_TARGET ("department") "), "
                                 "hall = coalesce (hall, " URGE_TARGET ("hall") ") "
                                 "WHERE id = ?1",
                                 error);
  else
    write = yc_database_prepare (database,
                                 "INSERT INTO urges (id, case_uuid, addressee, case_number, message, "
                                 "from_user, created_at, received_at, department, hall) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                                 URGE_TARGET ("department") ", " URGE_TARGET ("hall") ")",
                                 error);
  if (write == NULL)
    return FALSE;
  sqlite3_bind_text (write, 1, urge->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 2, urge->case_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 3, urge->addressee, -1, SQLITE_STATIC);
  if (rc != SQLITE_ROW)
    {
      sqlite3_bind_text (write, 4, urge->case_number, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 5, urge->message, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 6, urge->from_user, -1, SQLITE_STATIC);
      sqlite3_bind_text (write, 7, urge->created_at != NULL ? urge->created_at : now, -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (write, 8, now, -1, SQLITE_STATIC);
    }
  if (!yc_database_step_done (database, write, error))
    return FALSE;
  *out_new = rc != SQLITE_ROW;
  return TRUE;
}

static char *
dup_utc (const char *at,
         const char *now)
{
  g_autoptr(GDateTime) time = at != NULL ? yc_store_parse_time (at) : NULL;

  return time != NULL ? yc_store_format_time (time) : g_strdup (now);
}

/**
 * yc_store_write_case_urges:
 * @username: (nullable): the user whose feed brought @case_doc
 *
 * What @case_doc says of its urges: an urge known here is marked acknowledged once the
 * case says so (by its handler, on another computer too) and gains the addressee,
 * department and hall it lacked; an open urge addressed to someone other than @username
 * is added (see the top of this file).  Urges addressed to @username, or to nobody in
 * particular, are left to the feed's urge change, which announces them.  Inside a
 * transaction.
 */
gboolean
yc_store_write_case_urges (YcDatabase  *database,
                           YcCase      *case_doc,
                           const char  *username,
                           const char  *now,
                           GError     **error)
{
  g_autoptr(YcStatement) update = NULL;
  g_autoptr(YcStatement) insert = NULL;

  if (case_doc->urges->len == 0)
    return TRUE;

  update = yc_database_prepare (database,
                                "UPDATE urges SET addressee = coalesce (addressee, ?2), "
                                "department = coalesce (department, ?3), "
                                "hall = coalesce (hall, ?4), "
                                "acknowledged_at = CASE WHEN ?5 THEN coalesce (acknowledged_at, ?6) "
                                "                  ELSE acknowledged_at END "
                                "WHERE id = ?1",
                                error);
  if (update == NULL)
    return FALSE;
  for (guint i = 0; i < case_doc->urges->len; i++)
    {
      const YcCaseUrge *urge = g_ptr_array_index (case_doc->urges, i);
      g_autofree char *acknowledged_at = urge->acknowledged ? dup_utc (urge->acknowledged_at, now)
                                                            : NULL;

      yc_statement_release (update);
      sqlite3_bind_text (update, 1, urge->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 2, urge->to, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, urge->department, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 4, urge->hall, -1, SQLITE_STATIC);
      sqlite3_bind_int (update, 5, urge->acknowledged ? 1 : 0);
      sqlite3_bind_text (update, 6, acknowledged_at, -1, SQLITE_STATIC);
      if (!yc_database_step_done (database, update, error))
        return FALSE;
      if (sqlite3_changes (yc_database_get_handle (database)) > 0
          || urge->acknowledged || urge->to == NULL || g_strcmp0 (urge->to, username) == 0)
        continue;

      if (insert == NULL)
        insert = yc_database_prepare (database,
                                      "INSERT INTO urges (id, case_uuid, case_number, message, "
                                      "from_user, created_at, received_at, addressee, department, "
                                      "hall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      error);
      else
        yc_statement_release (insert);
      if (insert == NULL)
        return FALSE;
      /* As the feed would have given it: the urge's time as the back office wrote it. */
      sqlite3_bind_text (insert, 1, urge->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, case_doc->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, case_doc->number, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, urge->message, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, urge->by, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, urge->at != NULL ? urge->at : now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 8, urge->to, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, urge->department, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 10, urge->hall, -1, SQLITE_STATIC);
      if (!yc_database_step_done (database, insert, error))
        return FALSE;
    }
  return TRUE;
}
