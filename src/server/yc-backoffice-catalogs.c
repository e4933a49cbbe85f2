/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * Every catalog version the back office ever imported.  A window that accepted a case offline
 * under an older version is judged by that version (yc-backoffice-push-accept.c), and a
 * reviewer can read it.  Import never deletes a version, and a version names one content
 * (yc_backoffice_catalog_import() refuses other content under a stored version), so a loaded
 * version is kept for the life of the object.
 */

/**
 * yc_backoffice_dup_catalog_version:
 * @version: a catalog version, as a case names it
 *
 * Returns: (transfer full) (nullable): the catalog stored under @version; %NULL without
 *   @error when the back office never had it, with @error when it could not be read
 */
YcCatalog *
yc_backoffice_dup_catalog_version (YcBackoffice  *self,
                                   const char    *version,
                                   GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(YcCatalog) loaded = NULL;
  YcCatalog *catalog = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (version != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (self->catalogs != NULL)
    catalog = g_hash_table_lookup (self->catalogs, version);
  if (catalog != NULL)
    g_object_ref (catalog);
  g_mutex_unlock (&self->lock);
  if (catalog != NULL)
    return catalog;

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  bytes = yc_backoffice_storage_catalog_get_version (self->storage, version, NULL, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (bytes == NULL)
    return NULL;

  loaded = yc_catalog_load_bytes (bytes, NULL, &local_error);
  if (loaded == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                               _("The stored catalog %s cannot be read: %s"), version,
                               local_error->message);
      return NULL;
    }

  /* Two threads may load the same version at once: the first one stored wins. */
  g_mutex_lock (&self->lock);
  if (self->catalogs == NULL)
    self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  catalog = g_hash_table_lookup (self->catalogs, version);
  if (catalog == NULL)
    {
      catalog = loaded;
      g_hash_table_insert (self->catalogs, g_strdup (version), g_steal_pointer (&loaded));
    }
  g_object_ref (catalog);
  g_mutex_unlock (&self->lock);
  return catalog;
}

/**
 * yc_backoffice_catalog_get_version:
 * @version: a catalog version
 * @out_etag: (out) (optional): its ETag, quoted, as GET /api/v1/catalog gives it
 *
 * Returns: (transfer full): the catalog stored under @version as the app reads it;
 *   NOT_FOUND (field "version") when the back office never had that version.
 */
GBytes *
yc_backoffice_catalog_get_version (YcBackoffice  *self,
                                   const char    *version,
                                   char         **out_etag,
                                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (version != NULL, NULL);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  bytes = yc_backoffice_storage_catalog_get_version (self->storage, version, out_etag, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (bytes == NULL)
    yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "version",
                             _("The back office has no catalog version “%s”"), version);
  return bytes;
}
