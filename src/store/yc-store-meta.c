/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-store-error.h"
#include "yc-store-meta.h"
#include "yc-store-private.h"

/*
 * The window's small settings in the `meta` table of the base schema: no migration needed.
 * Reads take the store's lock like every other statement, so that they never see a half
 * written enrolment.
 */

static gboolean
check_key (const char  *key,
           GError     **error)
{
  gsize length = key != NULL ? strlen (key) : 0;

  if (length == 0 || length > 64)
    goto invalid;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      goto invalid;
  return TRUE;

invalid:
  g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
               _("“%s” cannot name a setting of this window."), key != NULL ? key : "");
  return FALSE;
}

/**
 * yc_store_get_meta:
 * @key: the setting's name
 *
 * Returns: (transfer full) (nullable): the value, or %NULL (and no error) when there is none
 */
char *
yc_store_get_meta (YcStore     *self,
                   const char  *key,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;
  int rc;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  statement = yc_database_prepare (database, "SELECT value FROM meta WHERE key = ?", error);
  if (statement == NULL)
    return NULL;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  rc = yc_database_step (database, statement, error);
  if (rc != SQLITE_ROW)
    return NULL;
  return yc_statement_dup_text (statement, 0);
}

/**
 * yc_store_set_meta:
 * @key: the setting's name
 * @value: (nullable): its new value; %NULL removes it
 *
 * Stores a setting of this window, durably, before returning.
 */
gboolean
yc_store_set_meta (YcStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(YcStatement) statement = NULL;
  YcDatabase *database;

  g_return_val_if_fail (YC_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID,
                   _("The value of the setting “%s” is not text."), key);
      return FALSE;
    }

  locker = g_mutex_locker_new (yc_store_get_lock (self));
  database = yc_store_get_database (self);
  if (value != NULL)
    statement = yc_database_prepare (database,
                                     "INSERT INTO meta (key, value) VALUES (?, ?) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     error);
  else
    statement = yc_database_prepare (database, "DELETE FROM meta WHERE key = ?", error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (statement, 2, value, -1, SQLITE_TRANSIENT);
  return yc_database_step_done (database, statement, error);
}

typedef struct {
  char *key;
  char *value;
} MetaData;

static void
meta_data_free (MetaData *data)
{
  g_free (data->key);
  g_free (data->value);
  g_free (data);
}

/* A job must return non-NULL on success: the value travels in a one-element vector. */
static gpointer
get_job (YcStore   *self,
         gpointer   data,
         GError   **error)
{
  MetaData *meta = data;
  GError *local_error = NULL;
  char **holder = g_new0 (char *, 2);

  holder[0] = yc_store_get_meta (self, meta->key, &local_error);
  if (local_error != NULL)
    {
      g_free (holder);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return holder;
}

static void
holder_free (gpointer data)
{
  char **holder = data;

  g_free (holder[0]);
  g_free (holder);
}

void
yc_store_get_meta_async (YcStore             *self,
                         const char          *key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MetaData *data;

  g_return_if_fail (YC_IS_STORE (self));

  data = g_new0 (MetaData, 1);
  data->key = g_strdup (key);
  yc_store_queue_job (self, get_job, data, (GDestroyNotify) meta_data_free, holder_free,
                      yc_store_get_meta_async, cancellable, callback, user_data);
}

char *
yc_store_get_meta_finish (YcStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  char **holder = yc_store_job_finish (self, result, yc_store_get_meta_async, error);
  char *value;

  if (holder == NULL)
    return NULL;
  value = holder[0];
  g_free (holder);
  return value;
}

static gpointer
set_job (YcStore   *self,
         gpointer   data,
         GError   **error)
{
  MetaData *meta = data;

  return yc_store_set_meta (self, meta->key, meta->value, error) ? YC_STORE_JOB_OK : NULL;
}

void
yc_store_set_meta_async (YcStore             *self,
                         const char          *key,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MetaData *data;

  g_return_if_fail (YC_IS_STORE (self));

  data = g_new0 (MetaData, 1);
  data->key = g_strdup (key);
  data->value = g_strdup (value);
  yc_store_queue_job (self, set_job, data, (GDestroyNotify) meta_data_free, NULL,
                      yc_store_set_meta_async, cancellable, callback, user_data);
}

gboolean
yc_store_set_meta_finish (YcStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_set_meta_async, error) != NULL;
}
