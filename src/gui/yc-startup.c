/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-startup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-data.h"
#include "yc-startup.h"

/*
 * What the counter needs before the clerk can search: the local store, the catalog it
 * holds (on first start, the catalog shipped with Yichuang, imported into the store) and
 * the search index over that catalog.  Every step is asynchronous: disk work happens on
 * the store's thread or in a GTask thread, never on the main loop.
 */

typedef struct {
  char          *data_dir;
  YcStore       *store;
  YcCatalog     *catalog;
  YcSearchIndex *search_index;
  YcCalendar    *calendar;
  gboolean       imported;
} Startup;

/* What the index thread makes: the search index and the working-day calendar. */
typedef struct {
  YcSearchIndex *search_index;
  YcCalendar    *calendar;
} Built;

static void
built_free (Built *built)
{
  g_clear_object (&built->search_index);
  g_clear_object (&built->calendar);
  g_free (built);
}

static void
startup_free (Startup *startup)
{
  g_free (startup->data_dir);
  g_clear_object (&startup->store);
  g_clear_object (&startup->catalog);
  g_clear_object (&startup->search_index);
  g_clear_object (&startup->calendar);
  g_free (startup);
}

static void
build_index_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  YcCatalog *catalog = task_data;
  GError *error = NULL;
  Built *built = g_new0 (Built, 1);

  /* Deadlines count working days: without the holidays the counter cannot decide. */
  built->calendar = yc_calendar_new_default (&error);
  if (built->calendar == NULL)
    {
      g_prefix_error (&error, _("The working-day calendar cannot be loaded: "));
      built_free (built);
      g_task_return_error (task, error);
      return;
    }
  built->search_index = yc_search_index_new (catalog);
  g_task_return_pointer (task, built, (GDestroyNotify) built_free);
}

static void
index_built_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Startup *startup = g_task_get_task_data (task);
  GError *error = NULL;
  Built *built;

  built = g_task_propagate_pointer (G_TASK (result), &error);
  if (built == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  startup->search_index = g_steal_pointer (&built->search_index);
  startup->calendar = g_steal_pointer (&built->calendar);
  built_free (built);
  g_task_return_boolean (task, TRUE);
}

static void
build_index (GTask *task)
{
  Startup *startup = g_task_get_task_data (task);
  g_autoptr(GTask) subtask = NULL;

  subtask = g_task_new (NULL, g_task_get_cancellable (task), index_built_cb, g_object_ref (task));
  g_task_set_source_tag (subtask, build_index);
  g_task_set_task_data (subtask, g_object_ref (startup->catalog), g_object_unref);
  g_task_run_in_thread (subtask, build_index_thread);
}

static void
import_catalog_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Startup *startup = g_task_get_task_data (task);
  GError *error = NULL;

  if (!yc_store_import_catalog_finish (YC_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  startup->imported = TRUE;
  build_index (task);
}

static void
load_shipped_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  GError *error = NULL;
  YcCatalog *catalog;

  catalog = yc_catalog_load_file (file, &error);
  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

static void
shipped_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Startup *startup = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  startup->catalog = g_task_propagate_pointer (G_TASK (result), &error);
  if (startup->catalog == NULL)
    {
      g_prefix_error (&error, _("The catalog shipped with Yichuang cannot be used: "));
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  yc_store_import_catalog_async (startup->store, startup->catalog, cancellable,
                                 import_catalog_cb, g_steal_pointer (&task));
}

static void
load_catalog_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Startup *startup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) subtask = NULL;

  startup->catalog = yc_store_load_catalog_finish (YC_STORE (object), result, &error);
  if (startup->catalog != NULL)
    {
      build_index (task);
      return;
    }

  if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A new window device: start from the catalog shipped with the application. */
  g_debug ("No catalog in the store yet; importing the shipped one");
  subtask = g_task_new (NULL, g_task_get_cancellable (task), shipped_loaded_cb, g_object_ref (task));
  g_task_set_source_tag (subtask, load_catalog_cb);
  g_task_run_in_thread (subtask, load_shipped_thread);
}

static void
open_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Startup *startup = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  startup->store = yc_store_open_finish (result, &error);
  if (startup->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  yc_store_load_catalog_async (startup->store, cancellable, load_catalog_cb, g_steal_pointer (&task));
}

/**
 * yc_startup_async:
 * @data_dir: the directory of the local store
 *
 * Opens the store in @data_dir, loads its catalog (importing the shipped catalog when the
 * store has none) and builds the search index, and loads the working-day calendar.
 */
void
yc_startup_async (const char          *data_dir,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Startup *startup;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  startup = g_new0 (Startup, 1);
  startup->data_dir = g_strdup (data_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_startup_async);
  g_task_set_task_data (task, startup, (GDestroyNotify) startup_free);

  yc_store_open_async (data_dir, cancellable, open_store_cb, g_steal_pointer (&task));
}

/**
 * yc_startup_finish:
 * @out_store: (out) (transfer full): the open store
 * @out_search_index: (out) (transfer full): the search over the store's catalog
 * @out_calendar: (out) (transfer full): the working-day calendar shipped with Yichuang
 * @out_imported: (out) (optional): whether the shipped catalog was imported just now
 *
 * Returns: %TRUE when the counter can work; otherwise @error says why, in words an
 *   administrator can act on
 */
gboolean
yc_startup_finish (GAsyncResult   *result,
                   YcStore       **out_store,
                   YcSearchIndex **out_search_index,
                   YcCalendar    **out_calendar,
                   gboolean       *out_imported,
                   GError        **error)
{
  Startup *startup;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_startup_async, FALSE);
  g_return_val_if_fail (out_store != NULL, FALSE);
  g_return_val_if_fail (out_search_index != NULL, FALSE);
  g_return_val_if_fail (out_calendar != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  startup = g_task_get_task_data (G_TASK (result));
  *out_store = g_steal_pointer (&startup->store);
  *out_search_index = g_steal_pointer (&startup->search_index);
  *out_calendar = g_steal_pointer (&startup->calendar);
  if (out_imported != NULL)
    *out_imported = startup->imported;
  return TRUE;
}
