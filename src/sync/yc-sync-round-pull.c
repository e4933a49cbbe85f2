/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include "yc-sync-round-private.h"

/*
 * Step 3 of a sync round (yc-sync-round.c): pages of the change feed, each applied with its
 * cursor in one store transaction; the catalog versions a page announces are fetched and
 * imported before it; 410 (the back office does not know the cursor) resets it once.
 * While a page is applied the next one is already asked for (from the cursor the page
 * brought): the back office reads it while the store writes, instead of one after the
 * other.  Pages are still applied one at a time, in order.
 */

#define PAGE_LIMIT 100

static void import_next_catalog (GTask *task);
static void page_arrived (GTask         *task,
                          YcChangesPage *page,
                          GError        *error);

/* The page asked for ahead is here (or failed): on with it. */
static void
take_prefetched (GTask *task)
{
  Round *round = g_task_get_task_data (task);
  YcChangesPage *page = g_steal_pointer (&round->next_page);
  GError *error = g_steal_pointer (&round->next_error);

  round->prefetched = FALSE;
  page_arrived (task, page, error);
}

static void
prefetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;  /* a reference of its own: the round may be over */
  Round *round = g_task_get_task_data (task);

  round->next_page = yc_backoffice_client_get_changes_finish (YC_BACKOFFICE_CLIENT (source),
                                                              result, &round->next_error);
  round->prefetching = FALSE;
  round->prefetched = TRUE;
  if (round->prefetch_wanted)
    {
      round->prefetch_wanted = FALSE;
      take_prefetched (task);
    }
}

static void
page_applied_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(YcFeedApplied) applied = NULL;
  GError *error = NULL;

  applied = yc_store_apply_feed_page_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;

  for (guint i = 0; i < applied->changed_cases->len; i++)
    yc_sync_engine_emit_case_changed (round->engine, g_ptr_array_index (applied->changed_cases, i));
  for (guint i = 0; i < applied->new_urges->len; i++)
    {
      YcUrge *urge = g_ptr_array_index (applied->new_urges, i);
      yc_sync_engine_emit_urge (round->engine, urge->case_uuid, urge->message);
    }

  if (round->page->next != NULL)
    {
      g_free (round->cursor);
      round->cursor = g_strdup (round->page->next);
    }
  if (round->page->more && round->page->changes->len > 0)
    {
      g_clear_pointer (&round->page, yc_changes_page_free);
      yc_sync_round_pull (task);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
apply_page (GTask *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);

  for (guint i = 0; i < round->page->changes->len; i++)
    {
      YcChange *change = g_ptr_array_index (round->page->changes, i);

      g_ptr_array_add (changes, yc_feed_change_new (change->seq, change->kind, change->case_uuid,
                                                    change->version, change->payload));
    }
  yc_store_apply_feed_page_async (round->store, changes, round->page->next, round->username,
                                  g_task_get_cancellable (task), page_applied_cb, task);
}

static void
catalog_imported_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  yc_store_import_catalog_finish (YC_STORE (source), result, &error);
  /* The same version with other content is the back office's mistake to fix; the feed
   * must go on, and cases keep the version they were accepted under anyway. */
  if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_CONFLICT))
    {
      g_warning ("The catalog from the back office was not imported: %s", error->message);
      g_clear_error (&error);
    }
  if (yc_sync_round_fail_if (task, error))
    return;
  round->catalog_index++;
  import_next_catalog (task);
}

/* A whole catalog takes a while to read: in a worker thread, not on the main loop. */
static void
load_catalog_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  YcCatalogFetch *fetch = task_data;
  GError *error = NULL;
  YcCatalog *catalog = yc_catalog_load_bytes (fetch->bytes, fetch->version, &error);

  if (catalog == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalog, g_object_unref);
}

static void
catalog_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(YcCatalog) catalog = NULL;
  GError *error = NULL;

  catalog = g_task_propagate_pointer (G_TASK (result), &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  g_debug ("importing catalog %s from the back office", yc_catalog_get_version (catalog));
  yc_store_import_catalog_async (round->store, catalog, g_task_get_cancellable (task),
                                 catalog_imported_cb, task);
}

static void
catalog_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  g_autoptr(YcCatalogFetch) fetch = NULL;
  g_autoptr(GTask) load = NULL;
  GError *error = NULL;

  fetch = yc_backoffice_client_get_catalog_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  if (fetch->not_modified || fetch->bytes == NULL)
    {
      round->catalog_index++;
      import_next_catalog (task);
      return;
    }
  load = g_task_new (NULL, g_task_get_cancellable (task), catalog_loaded_cb, task);
  g_task_set_source_tag (load, load_catalog_thread);
  g_task_set_task_data (load, g_steal_pointer (&fetch), (GDestroyNotify) yc_catalog_fetch_free);
  g_task_run_in_thread (load, load_catalog_thread);
}

/* The back office serves its current catalog only, so one fetch per page covers every
 * version the page announces. */
static void
import_next_catalog (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->catalog_index >= MIN (round->catalogs->len, 1))
    {
      apply_page (task);
      return;
    }
  yc_backoffice_client_get_catalog_async (round->client, NULL, g_task_get_cancellable (task),
                                          catalog_fetched_cb, task);
}

static void
cursor_reset_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Round *round = g_task_get_task_data (task);
  GError *error = NULL;

  yc_store_reset_sync_cursor_finish (YC_STORE (source), result, &error);
  if (yc_sync_round_fail_if (task, error))
    return;
  g_clear_pointer (&round->cursor, g_free);
  yc_sync_round_pull (task);
}

/* @page and @error: taken. */
static void
page_arrived (GTask         *task,
              YcChangesPage *page,
              GError        *error)
{
  Round *round = g_task_get_task_data (task);

  round->page = page;
  /* The back office was reset or restored: read everything again, once per round.  Ops
   * waiting here stay in the outbox. */
  if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_GONE) && !round->cursor_reset)
    {
      g_message ("The back office does not know the change cursor %s; reading the feed again "
                 "from the start", round->cursor);
      g_clear_error (&error);
      round->cursor_reset = TRUE;
      yc_store_reset_sync_cursor_async (round->store, g_task_get_cancellable (task),
                                        cursor_reset_cb, task);
      return;
    }
  if (yc_sync_round_fail_if (task, error))
    return;

  /* The same condition as page_applied_cb()'s for asking again. */
  if (round->page->more && round->page->changes->len > 0)
    {
      round->prefetching = TRUE;
      yc_backoffice_client_get_changes_async (round->client, round->page->next, PAGE_LIMIT, 0,
                                              g_task_get_cancellable (task), prefetched_cb,
                                              g_object_ref (task));
    }

  g_clear_pointer (&round->catalogs, g_ptr_array_unref);
  round->catalogs = g_ptr_array_new_with_free_func (g_free);
  round->catalog_index = 0;
  for (guint i = 0; i < round->page->changes->len; i++)
    {
      YcChange *change = g_ptr_array_index (round->page->changes, i);

      if (g_str_equal (change->kind, "catalog"))
        g_ptr_array_add (round->catalogs,
                         g_strdup (json_object_get_string_member_with_default (change->payload,
                                                                               "version", "")));
    }
  import_next_catalog (task);
}

static void
page_received_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  YcChangesPage *page = yc_backoffice_client_get_changes_finish (YC_BACKOFFICE_CLIENT (source),
                                                                 result, &error);

  page_arrived (task, page, error);
}

void
yc_sync_round_pull (GTask *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->prefetched)
    {
      take_prefetched (task);
      return;
    }
  if (round->prefetching)
    {
      round->prefetch_wanted = TRUE;
      return;
    }
  yc_backoffice_client_get_changes_async (round->client, round->cursor, PAGE_LIMIT, 0,
                                          g_task_get_cancellable (task), page_received_cb, task);
}
