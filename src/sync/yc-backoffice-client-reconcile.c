/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-private.h"
#include "yc-backoffice-client-reconcile.h"
#include "yc-sync-error.h"

/* GET /api/v1/reconciliation: the back office's count and hash of one window's day. */

#define RECONCILE_WHAT "GET /api/v1/reconciliation"

static YcReconciliation *
reconciliation_new (void)
{
  return g_new0 (YcReconciliation, 1);
}

YcReconciliation *
yc_reconciliation_copy (const YcReconciliation *reconciliation)
{
  YcReconciliation *copy;

  g_return_val_if_fail (reconciliation != NULL, NULL);

  copy = reconciliation_new ();
  copy->day = g_strdup (reconciliation->day);
  copy->hall = g_strdup (reconciliation->hall);
  copy->window = g_strdup (reconciliation->window);
  copy->count = reconciliation->count;
  copy->hash = g_strdup (reconciliation->hash);
  return copy;
}

void
yc_reconciliation_free (YcReconciliation *reconciliation)
{
  if (reconciliation == NULL)
    return;
  g_free (reconciliation->day);
  g_free (reconciliation->hall);
  g_free (reconciliation->window);
  g_free (reconciliation->hash);
  g_free (reconciliation);
}

G_DEFINE_BOXED_TYPE (YcReconciliation, yc_reconciliation, yc_reconciliation_copy, yc_reconciliation_free)

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && (*p < 'a' || *p > 'f'))
      return FALSE;
  return TRUE;
}

static gpointer
handle_reconcile (YcBackofficeClient  *self,
                  SoupMessage         *msg,
                  GBytes              *body,
                  JsonNode            *json,
                  GError             **error)
{
  static const char * const members[] = { "day", "hall", "window", "count", "hash", NULL };
  const YcJsonReader reader = { YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL, RECONCILE_WHAT };
  g_autoptr(YcReconciliation) reconciliation = reconciliation_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *day = NULL, *hall = NULL, *window = NULL, *hash = NULL;

  root = yc_backoffice_parse_answer (&reader, body, members, &object, &local_error);
  if (root == NULL
      || !yc_json_get_string (&reader, object, "day", NULL, YC_JSON_REQUIRED, &day, &local_error)
      || !yc_json_get_string (&reader, object, "hall", NULL, YC_JSON_REQUIRED, &hall, &local_error)
      || !yc_json_get_string (&reader, object, "window", NULL, YC_JSON_REQUIRED, &window, &local_error)
      || !yc_json_get_int (&reader, object, "count", NULL, YC_JSON_REQUIRED, 0, G_MAXINT64,
                           &reconciliation->count, &local_error)
      || !yc_json_get_string (&reader, object, "hash", NULL, YC_JSON_REQUIRED, &hash, &local_error))
    goto fail;
  if (!is_sha256_hex (hash))
    {
      yc_json_fail (&reader, &local_error, "hash", "not a lowercase hex SHA-256");
      goto fail;
    }

  reconciliation->day = g_strdup (day);
  reconciliation->hall = g_strdup (hall);
  reconciliation->window = g_strdup (window);
  reconciliation->hash = g_strdup (hash);
  return g_steal_pointer (&reconciliation);

fail:
  yc_backoffice_set_protocol_error (error, local_error->message);
  return NULL;
}

typedef struct {
  char *day;
  char *hall;
  char *window;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->day);
  g_free (request->hall);
  g_free (request->window);
  g_free (request);
}

static void
reconcile_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcBackofficeClient *self = YC_BACKOFFICE_CLIENT (object);
  Request *request = g_task_get_task_data (task);
  g_autoptr(YcReconciliation) reconciliation = NULL;
  GError *error = NULL;

  reconciliation = yc_backoffice_client_call_finish (self, result, handle_reconcile, &error);
  if (reconciliation == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Figures of another day or window would close the day on the wrong numbers. */
  if (g_strcmp0 (reconciliation->day, request->day) != 0
      || g_strcmp0 (reconciliation->hall, request->hall) != 0
      || g_strcmp0 (reconciliation->window, request->window) != 0)
    {
      yc_backoffice_set_protocol_error (&error, RECONCILE_WHAT ": the figures of another day or window");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&reconciliation), (GDestroyNotify) yc_reconciliation_free);
}

/**
 * yc_backoffice_client_reconcile_async:
 * @day: YYYY-MM-DD
 * @hall: the hall code of the window
 * @window: the window code
 *
 * GET /api/v1/reconciliation: how many cases of this window, accepted on @day, the back office
 * holds and their hash.  For clerks of the hall, its supervisors and administrators
 * (%YC_SYNC_ERROR_FORBIDDEN otherwise); unreachable: %YC_SYNC_ERROR_OFFLINE.
 */
void
yc_backoffice_client_reconcile_async (YcBackofficeClient  *self,
                                      const char          *day,
                                      const char          *hall,
                                      const char          *window,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *day_escaped = NULL;
  g_autofree char *hall_escaped = NULL;
  g_autofree char *window_escaped = NULL;
  g_autofree char *path = NULL;
  Request *request;
  YcCallSpec spec = {
    .method = "GET",
    .flags = YC_CALL_AUTHENTICATED,
    .handle = handle_reconcile,
    .result_free = (GDestroyNotify) yc_reconciliation_free,
    .source_tag = handle_reconcile,
  };

  g_return_if_fail (YC_IS_BACKOFFICE_CLIENT (self));
  g_return_if_fail (day != NULL && hall != NULL && window != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_backoffice_client_reconcile_async);
  request = g_new0 (Request, 1);
  request->day = g_strdup (day);
  request->hall = g_strdup (hall);
  request->window = g_strdup (window);
  g_task_set_task_data (task, request, request_free);

  day_escaped = g_uri_escape_string (day, NULL, FALSE);
  hall_escaped = g_uri_escape_string (hall, NULL, FALSE);
  window_escaped = g_uri_escape_string (window, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/reconciliation?day=%s&hall=%s&window=%s",
                          day_escaped, hall_escaped, window_escaped);
  spec.path = path;
  yc_backoffice_client_call (self, &spec, NULL, cancellable, reconcile_cb, g_steal_pointer (&task));
}

/**
 * yc_backoffice_client_reconcile_finish:
 *
 * Returns: (transfer full): the back office's figures, or %NULL with @error
 */
YcReconciliation *
yc_backoffice_client_reconcile_finish (YcBackofficeClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_backoffice_client_reconcile_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
