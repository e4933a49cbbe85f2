/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-sync.h"
#include "yc-blob-fetcher.h"
#include "yc-sync-error.h"
#include "yc-sha256.h"

/*
 * The local blob store is the cache: a reviewer's computer keeps every file it fetched, as a
 * counter keeps what it scanned, and the store verifies a file's hash on every read.  The
 * store is read and written on worker threads; the download runs on the main context.
 * Waiting requests are kept per hash ("pending"), so that a page viewer asking again while
 * the first download runs does not start a second one.
 */

struct _YcBlobFetcher
{
  GObject             parent_instance;

  YcBackofficeClient *client;
  YcStore            *store;
  GCancellable       *cancellable;
  GHashTable         *pending;       /* sha256 → GPtrArray of GTask* waiting for it */
  guint               n_downloads;
};

G_DEFINE_FINAL_TYPE (YcBlobFetcher, yc_blob_fetcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void download (YcBlobFetcher *self,
                      const char    *sha256);

/* Hands @bytes (or @error) to every request waiting for @sha256. */
static void
settle (YcBlobFetcher *self,
        const char    *sha256,
        GBytes        *bytes,
        const GError  *error)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->pending, sha256, (gpointer *) &key, (gpointer *) &waiting))
    return;
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (bytes != NULL)
        g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/* Worker: the file from the local blob store, or NULL (not held; a damaged file counts as
 * not held, so that it is fetched again). */
static void
read_local_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  YcBlobFetcher *self = source_object;
  const char *sha256 = task_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = NULL;

  if (yc_blob_store_contains (yc_store_get_blob_store (self->store), sha256))
    {
      bytes = yc_store_read_blob (self->store, sha256, &error);
      if (bytes == NULL)
        g_warning ("The local copy of %s cannot be read, fetching it again: %s", sha256, error->message);
    }
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
read_local_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcBlobFetcher *self = YC_BLOB_FETCHER (object);
  const char *sha256 = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  if (bytes != NULL)
    settle (self, sha256, bytes, NULL);
  else if (error != NULL)
    settle (self, sha256, NULL, error);
  else
    download (self, sha256);
}

static void
keep_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  YcBlobFetcher *self = source_object;
  GBytes *bytes = task_data;
  GError *error = NULL;
  g_autofree char *sha256 = yc_store_put_blob (self->store, bytes, "application/pdf", &error);

  if (sha256 == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&sha256), g_free);
}

static void
kept_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  YcBlobFetcher *self = YC_BLOB_FETCHER (object);
  GBytes *bytes = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = g_task_propagate_pointer (G_TASK (result), &error);

  /* The reviewer sees the file even when this computer could not keep it (disk full):
   * it is fetched again next time. */
  if (sha256 == NULL)
    {
      g_autofree char *computed = yc_sha256_hex_for_bytes (bytes);

      g_warning ("Cannot keep the fetched file %s: %s", computed, error->message);
      settle (self, computed, bytes, NULL);
      return;
    }
  self->n_downloads++;
  settle (self, sha256, bytes, NULL);
}

typedef struct {
  YcBlobFetcher *self;
  char          *sha256;
} Download;

static void
download_free (Download *download)
{
  g_object_unref (download->self);
  g_free (download->sha256);
  g_free (download);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Download, download_free)

static void
downloaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Download) download = user_data;
  YcBlobFetcher *self = download->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GTask) task = NULL;

  bytes = yc_backoffice_client_get_blob_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (bytes == NULL)
    {
      g_autoptr(GError) shown = NULL;

      if (yc_sync_error_is_offline (error))
        shown = g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE,
                             _("This material is not on this computer yet and the back office "
                               "cannot be reached now (%s). It opens once the network is back."),
                             error->message);
      else if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND))
        shown = g_error_new (YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND,
                             _("The back office has no file of this material for you (%s)."),
                             error->message);
      else
        shown = g_error_copy (error);
      settle (self, download->sha256, NULL, shown);
      return;
    }
  task = g_task_new (self, self->cancellable, kept_cb, NULL);
  g_task_set_source_tag (task, downloaded_cb);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, keep_thread);
}

/* The download holds the fetcher: it ends within the client's timeout. */
static void
download (YcBlobFetcher *self,
          const char    *sha256)
{
  Download *download = g_new0 (Download, 1);

  download->self = g_object_ref (self);
  download->sha256 = g_strdup (sha256);
  yc_backoffice_client_get_blob_async (self->client, sha256, self->cancellable,
                                       downloaded_cb, download);
}

static void
yc_blob_fetcher_dispose (GObject *object)
{
  YcBlobFetcher *self = (YcBlobFetcher *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_blob_fetcher_parent_class)->dispose (object);
}

static void
yc_blob_fetcher_finalize (GObject *object)
{
  YcBlobFetcher *self = (YcBlobFetcher *)object;

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (yc_blob_fetcher_parent_class)->finalize (object);
}

static void
yc_blob_fetcher_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcBlobFetcher *self = YC_BLOB_FETCHER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_blob_fetcher_class_init (YcBlobFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_blob_fetcher_dispose;
  object_class->finalize = yc_blob_fetcher_finalize;
  object_class->set_property = yc_blob_fetcher_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, YC_TYPE_BACKOFFICE_CLIENT, flags);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_blob_fetcher_init (YcBlobFetcher *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
}

YcBlobFetcher *
yc_blob_fetcher_new (YcBackofficeClient *client,
                     YcStore            *store)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_CLIENT (client), NULL);
  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_BLOB_FETCHER, "client", client, "store", store, NULL);
}

/**
 * yc_blob_fetcher_fetch_async:
 * @sha256: the material's file, 64 lowercase hex digits
 *
 * The file's bytes: the local copy, else the back office's (then kept here).
 */
void
yc_blob_fetcher_fetch_async (YcBlobFetcher       *self,
                             const char          *sha256,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) local = NULL;
  GPtrArray *waiting;

  g_return_if_fail (YC_IS_BLOB_FETCHER (self));
  g_return_if_fail (sha256 != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_blob_fetcher_fetch_async);
  g_task_set_check_cancellable (task, TRUE);
  if (!yc_blob_store_is_valid_hash (sha256))
    {
      g_task_return_new_error (task, YC_SYNC_ERROR, YC_SYNC_ERROR_INVALID,
                               _("“%s” is not the SHA-256 of a file."), sha256);
      return;
    }

  waiting = g_hash_table_lookup (self->pending, sha256);
  if (waiting != NULL)
    {
      g_ptr_array_add (waiting, g_steal_pointer (&task));
      return;
    }
  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiting, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, g_strdup (sha256), waiting);

  local = g_task_new (self, self->cancellable, read_local_cb, NULL);
  g_task_set_source_tag (local, read_local_thread);
  g_task_set_task_data (local, g_strdup (sha256), g_free);
  g_task_run_in_thread (local, read_local_thread);
}

GBytes *
yc_blob_fetcher_fetch_finish (YcBlobFetcher  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (YC_IS_BLOB_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
yc_blob_fetcher_get_n_downloads (YcBlobFetcher *self)
{
  g_return_val_if_fail (YC_IS_BLOB_FETCHER (self), 0);
  return self->n_downloads;
}
