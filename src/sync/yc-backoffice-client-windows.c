/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"
#include "yc-backoffice-client-windows.h"
#include "yc-sync-error.h"

/* GET /api/v1/windows/{hall}/{window}: what a counter learns when it is enrolled. */

#define WINDOW_WHAT "GET /api/v1/windows"
/* yc-store.h: four digits per window and day, 10000 meaning the day is used up. */
#define MAX_NEXT_SEQUENCE 10000

static YcWindowInfo *
window_info_new (void)
{
  YcWindowInfo *info = g_new0 (YcWindowInfo, 1);

  info->next_sequence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return info;
}

YcWindowInfo *
yc_window_info_copy (const YcWindowInfo *info)
{
  YcWindowInfo *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (info != NULL, NULL);

  copy = window_info_new ();
  copy->hall = g_strdup (info->hall);
  copy->window = g_strdup (info->window);
  copy->hall_name = g_strdup (info->hall_name);
  copy->window_name = g_strdup (info->window_name);
  copy->hall_secret = g_strdup (info->hall_secret);
  g_hash_table_iter_init (&iter, info->next_sequence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->next_sequence, g_strdup (key), value);
  return copy;
}

void
yc_window_info_free (YcWindowInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->hall);
  g_free (info->window);
  g_free (info->hall_name);
  g_free (info->window_name);
  if (info->hall_secret != NULL)
    memset (info->hall_secret, 0, strlen (info->hall_secret));
  g_free (info->hall_secret);
  g_hash_table_unref (info->next_sequence);
  g_free (info);
}

G_DEFINE_BOXED_TYPE (YcWindowInfo, yc_window_info, yc_window_info_copy, yc_window_info_free)

static gboolean
is_secret_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && (*p < 'a' || *p > 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
is_day (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;
  return g_date_valid_dmy (day, month, year);
}

static gpointer
handle_window (YcBackofficeClient  *self,
               SoupMessage         *msg,
               GBytes              *body,
               JsonNode            *json,
               GError             **error)
{
  static const char * const members[] = {
    "hall", "window", "hall_name", "window_name", "enrolled", "hall_secret", "next_sequence", NULL
  };
  const YcJsonReader reader = { YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL, WINDOW_WHAT };
  g_autoptr(YcWindowInfo) info = window_info_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) days = NULL;
  JsonObject *object = NULL;
  JsonObject *next = NULL;
  const char *hall = NULL, *window = NULL, *hall_name = NULL, *window_name = NULL, *secret = NULL;
  gboolean enrolled = FALSE;

  root = yc_backoffice_parse_answer (&reader, body, members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_string (&reader, object, "hall", NULL, YC_JSON_REQUIRED, &hall, &local_error)
      || !yc_json_get_string (&reader, object, "window", NULL, YC_JSON_REQUIRED, &window, &local_error)
      || !yc_json_get_string (&reader, object, "hall_name", NULL, YC_JSON_REQUIRED, &hall_name, &local_error)
      || !yc_json_get_string (&reader, object, "window_name", NULL, YC_JSON_REQUIRED, &window_name, &local_error)
      || !yc_json_get_bool (&reader, object, "enrolled", NULL, YC_JSON_REQUIRED, &enrolled, &local_error)
      || !yc_json_get_string (&reader, object, "hall_secret", NULL, YC_JSON_REQUIRED, &secret, &local_error)
      || !yc_json_get_object (&reader, object, "next_sequence", NULL, YC_JSON_REQUIRED, &next, &local_error))
    goto fail;
  if (!enrolled)
    {
      yc_json_fail (&reader, &local_error, "enrolled", "false for a window it answers about");
      goto fail;
    }
  if (!is_secret_hex (secret))
    {
      yc_json_fail (&reader, &local_error, "hall_secret", "not 64 lowercase hex digits");
      goto fail;
    }

  days = json_object_get_members (next);
  for (GList *l = days; l != NULL; l = l->next)
    {
      const char *day = l->data;
      gint64 value = 0;
      g_autofree char *path = g_strdup_printf ("next_sequence.%s", day);

      if (!is_day (day))
        {
          yc_json_fail (&reader, &local_error, "next_sequence", "a key that is not a date");
          goto fail;
        }
      if (!yc_json_get_int (&reader, next, day, path, YC_JSON_REQUIRED, 1, MAX_NEXT_SEQUENCE,
                            &value, &local_error))
        goto fail;
      g_hash_table_insert (info->next_sequence, g_strdup (day), GUINT_TO_POINTER ((guint) value));
    }

  info->hall = g_strdup (hall);
  info->window = g_strdup (window);
  info->hall_name = g_strdup (hall_name);
  info->window_name = g_strdup (window_name);
  info->hall_secret = g_strdup (secret);
  return g_steal_pointer (&info);

fail:
  yc_backoffice_set_protocol_error (error, local_error->message);
  return NULL;
}

typedef struct {
  char *hall;
  char *window;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->hall);
  g_free (request->window);
  g_free (request);
}

static void
window_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (object);
  Request *request = g_task_get_task_data (task);
  g_autoptr(YcWindowInfo) info = NULL;
  GError *error = NULL;

  info = yc_backoffice_client_call_finish (self, result, handle_window, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Another window's secret and numbers would be stored as this one's. */
  if (g_strcmp0 (info->hall, request->hall) != 0 || g_strcmp0 (info->window, request->window) != 0)
    {
      yc_backoffice_set_protocol_error (&error, WINDOW_WHAT ": the answer of another window");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&info), (GDestroyNotify) yc_window_info_free);
}

/**
 * yc_backoffice_client_get_window_async:
 * @hall: the hall code
 * @window: the window code
 *
 * GET /api/v1/windows/{hall}/{window}, signed in as an administrator or a clerk of @hall
 * (%YC_SYNC_ERROR_FORBIDDEN otherwise).  A window the back office does not know is
 * %YC_SYNC_ERROR_NOT_FOUND; unreachable: %YC_SYNC_ERROR_OFFLINE.
 */
void
yc_backoffice_client_get_window_async (YcBackofficeClient  *self,
                                       const char          *hall,
                                       const char          *window,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *hall_escaped = NULL;
  g_autofree char *window_escaped = NULL;
  g_autofree char *path = NULL;
  Request *request;
  YcCallSpec spec = {
    .method = "GET",
    .flags = YC_CALL_AUTHENTICATED,
    .handle = handle_window,
    .result_free = (GDestroyNotify) yc_window_info_free,
    .source_tag = handle_window,
  };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (hall != NULL && window != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_backoffice_client_get_window_async);
  request = g_new0 (Request, 1);
  request->hall = g_strdup (hall);
  request->window = g_strdup (window);
  g_task_set_task_data (task, request, request_free);

  hall_escaped = g_uri_escape_string (hall, NULL, FALSE);
  window_escaped = g_uri_escape_string (window, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/windows/%s/%s", hall_escaped, window_escaped);
  spec.path = path;
  yc_backoffice_client_call (self, &spec, NULL, cancellable, window_cb, g_steal_pointer (&task));
}

/**
 * yc_backoffice_client_get_window_finish:
 *
 * Returns: (transfer full): what the back office says about the window, or %NULL with @error
 */
YcWindowInfo *
yc_backoffice_client_get_window_finish (YcBackofficeClient  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_backoffice_client_get_window_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
