/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-private.h"

/*
 * The window this store belongs to: its enrolment (hall and window codes, given once) and
 * the floor of its daily case-number sequences, which the back office seeds when a wiped
 * window is enrolled again (docs/store.md, "Case numbers").
 */

#define MAX_CODE_LENGTH 16

/* Codes end up in every case number: letters and digits only, so numbers stay
 * unambiguous and fit on a receipt. */
static gboolean
check_code (const char  *code,
            GError     **error)
{
  gsize length = code != NULL ? strlen (code) : 0;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]))
      length = 0;

  if (length == 0 || length > MAX_CODE_LENGTH)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("“%s” is not a valid hall or window code: use 1 to %d letters or digits."),
                   code != NULL ? code : "", MAX_CODE_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_device_locked (YcStore  *self,
                   char    **out_hall_code,
                   char    **out_window_code,
                   char    **out_device_id,
                   GError  **error)
{
  YcDatabase *database = yc_store_get_database (self);
  g_autoptr(YcStatement) statement = NULL;
  int rc;

  statement = yc_database_prepare (database,
                                   "SELECT hall_code, window_code, device_id FROM device WHERE id = 1",
                                   error);
  if (statement == NULL)
    return FALSE;

  rc = yc_database_step (database, statement, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED,
                           _("This window has not been enrolled yet, so it cannot give case "
                             "numbers. Ask the administrator to enroll it with the hall and "
                             "window codes."));
      return FALSE;
    }

  if (out_hall_code != NULL)
    *out_hall_code = yc_statement_dup_text (statement, 0);
  if (out_window_code != NULL)
    *out_window_code = yc_statement_dup_text (statement, 1);
  if (out_device_id != NULL)
    *out_device_id = yc_statement_dup_text (statement, 2);
  return TRUE;
}

/**
 * yc_store_get_device:
 * @out_hall_code: (out) (optional) (transfer full):
 * @out_window_code: (out) (optional) (transfer full):
 * @out_device_id: (out) (optional) (transfer full): the UUID given at enrolment
 *
 * Returns: %TRUE, or %FALSE with %YC_STORE_ERROR_NOT_ENROLLED before enrolment
 */
gboolean
yc_store_get_device (YcStore  *self,
                     char    **out_hall_code,
                     char    **out_window_code,
                     char    **out_device_id,
                     GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  return get_device_locked (self, out_hall_code, out_window_code, out_device_id, error);
}

/**
 * yc_store_enroll_device:
 *
 * Gives this window its hall and window codes, once: enrolling again with the same codes
 * changes nothing, with other codes fails with %YC_STORE_ERROR_CONFLICT (case numbers
 * already given must stay unique).  A window enrolled again after its store was wiped
 * needs yc_store_set_sequence_floor() as well, or it would repeat the day's numbers.
 */
gboolean
yc_store_enroll_device (YcStore     *self,
                        const char  *hall_code,
                        const char  *window_code,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *window = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *enrolled_at = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);

  if (!check_code (hall_code, error) || !check_code (window_code, error))
    return FALSE;

  locker = g_mutex_locker_new (yc_store_get_lock (self));

  if (get_device_locked (self, &hall, &window, NULL, &local_error))
    {
      if (g_str_equal (hall, hall_code) && g_str_equal (window, window_code))
        return TRUE;
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT,
                   _("This computer is already enrolled as hall %s, window %s. A window is "
                     "enrolled only once; ask the administrator."), hall, window);
      return FALSE;
    }
  if (!g_error_matches (local_error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  enrolled_at = yc_store_format_time (now);
  device_id = g_uuid_string_random ();

  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "INSERT INTO device (id, device_id, hall_code, window_code, enrolled_at) "
                                   "VALUES (1, ?, ?, ?, ?)",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, hall_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, window_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, enrolled_at, -1, SQLITE_STATIC);
  return yc_database_step_done (database, statement, error);
}

typedef struct {
  char *hall_code;
  char *window_code;
} EnrollData;

static void
enroll_data_free (EnrollData *data)
{
  g_free (data->hall_code);
  g_free (data->window_code);
  g_free (data);
}

static gpointer
enroll_job (YcStore   *self,
            gpointer   data,
            GError   **error)
{
  EnrollData *enroll = data;

  return yc_store_enroll_device (self, enroll->hall_code, enroll->window_code, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_enroll_device_async (YcStore             *self,
                              const char          *hall_code,
                              const char          *window_code,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  EnrollData *data;

  g_return_if_fail (YC_IS_STORE (self));

  data = g_new0 (EnrollData, 1);
  data->hall_code = g_strdup (hall_code);
  data->window_code = g_strdup (window_code);
  yc_store_queue_job (self, enroll_job, data, (GDestroyNotify) enroll_data_free, NULL,
                      yc_store_enroll_device_async, cancellable, callback, user_data);
}

gboolean
yc_store_enroll_device_finish (YcStore       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_enroll_device_async, error) != NULL;
}

/**
 * yc_store_set_sequence_floor:
 * @day: a local date, YYYY-MM-DD
 * @next: the lowest sequence number the next case of @day may get, 1 to 10000 (10000:
 *   the day's numbers are used up)
 *
 * Makes sure no case number of @day below @next is given again: the back office seeds it
 * when a window whose store was wiped is enrolled again with the same codes, from the
 * numbers it has already received from that window.  The sequence only ever rises: a
 * floor below the stored next number changes nothing.
 */
gboolean
yc_store_set_sequence_floor (YcStore     *self,
                             const char  *day,
                             guint        next,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!yc_store_is_valid_day (day))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("“%s” is not a date; use YYYY-MM-DD."), day != NULL ? day : "");
      return FALSE;
    }
  if (next < 1 || next > YC_STORE_MAX_SEQUENCE + 1)
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("%u cannot be the next case number of a day: use 1 to %d."),
                   next, YC_STORE_MAX_SEQUENCE + 1);
      return FALSE;
    }

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database,
                                   "INSERT INTO case_sequences (day, next_sequence) VALUES (?, ?) "
                                   "ON CONFLICT (day) DO UPDATE SET "
                                   "next_sequence = max (next_sequence, excluded.next_sequence)",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, next);
  return yc_database_step_done (database, statement, error);
}

typedef struct {
  char  *day;
  guint  next;
} FloorData;

static void
floor_data_free (FloorData *data)
{
  g_free (data->day);
  g_free (data);
}

static gpointer
floor_job (YcStore   *self,
           gpointer   data,
           GError   **error)
{
  FloorData *floor = data;

  return yc_store_set_sequence_floor (self, floor->day, floor->next, error)
         ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_set_sequence_floor_async (YcStore             *self,
                                   const char          *day,
                                   guint                next,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  FloorData *data;

  g_return_if_fail (YC_IS_STORE (self));

  data = g_new0 (FloorData, 1);
  data->day = g_strdup (day);
  data->next = next;
  yc_store_queue_job (self, floor_job, data, (GDestroyNotify) floor_data_free, NULL,
                      yc_store_set_sequence_floor_async, cancellable, callback, user_data);
}

gboolean
yc_store_set_sequence_floor_finish (YcStore       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_set_sequence_floor_async, error) != NULL;
}
