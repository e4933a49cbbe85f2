/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"
#include "yc-sha256.h"

/*
 * Daily reconciliation (日结对账), the back office's side: how many cases of one window,
 * accepted on one day, the back office holds, and a hash over them that the window compares
 * with its own.  The hash is the lowercase hex SHA-256 of the lines "<uuid>|<number>\n" in
 * uuid order, so equal hashes mean the same cases with the same numbers.
 */

/* The clerks of the hall, its supervisors (or a supervisor of every hall) and administrators. */
static gboolean
may_reconcile (YcPrincipal *p,
               const char  *hall)
{
  const char *own_hall = yc_principal_get_hall (p);

  switch (yc_principal_get_role (p))
    {
    case YC_ROLE_ADMIN:
      return TRUE;
    case YC_ROLE_SUPERVISOR:
      return own_hall == NULL || g_strcmp0 (own_hall, hall) == 0;
    case YC_ROLE_CLERK:
      return g_strcmp0 (own_hall, hall) == 0;
    case YC_ROLE_REVIEWER:
    default:
      return FALSE;
    }
}

static int
compare_uuid (gconstpointer a,
              gconstpointer b)
{
  const YcStorageCaseNumber *x = *(YcStorageCaseNumber * const *) a;
  const YcStorageCaseNumber *y = *(YcStorageCaseNumber * const *) b;

  return strcmp (x->uuid, y->uuid);
}

/* @rows: YcStorageCaseNumber*, in any order; sorted by uuid on return. */
static char *
reconcile_hash (GPtrArray *rows)
{
  g_autoptr(YcSha256) checksum = yc_sha256_new ();

  /* Sorted here too: the hash must not depend on a storage back end's collation. */
  g_ptr_array_sort (rows, compare_uuid);
  for (guint i = 0; i < rows->len; i++)
    {
      const YcStorageCaseNumber *row = g_ptr_array_index (rows, i);

      yc_sha256_update_string (checksum, row->uuid);
      yc_sha256_update (checksum, "|", 1);
      yc_sha256_update_string (checksum, row->number);
      yc_sha256_update (checksum, "\n", 1);
    }
  return yc_sha256_get_hex (checksum);
}

/**
 * yc_backoffice_reconcile:
 * @day: the day the cases were accepted
 * @hall: the hall code
 * @window: the window code within @hall
 *
 * The back office's side of the daily reconciliation of one window: for clerks of @hall, its
 * supervisors and administrators.  An unknown window is %YC_BACKOFFICE_ERROR_NOT_FOUND.
 *
 * Returns: (transfer full): {day, hall, window, count, hash}, or %NULL with @error
 */
JsonNode *
yc_backoffice_reconcile (YcBackoffice  *self,
                         YcPrincipal   *p,
                         const GDate   *day,
                         const char    *hall,
                         const char    *window,
                         GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *day_iso = NULL;
  g_autofree char *target = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean enrolled = FALSE;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (hall != NULL && window != NULL, NULL);

  if (day == NULL || !g_date_valid (day))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "day",
                               _("Give the day to reconcile"));
      return NULL;
    }

  target = g_strdup_printf ("%s-%s", hall, window);
  if (!may_reconcile (p, hall))
    {
      yc_backoffice_deny (self, p, "reconcile", target, "not a clerk, supervisor or admin of the hall");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("Only the clerks and supervisors of this hall and administrators "
                                 "may reconcile its windows"));
      return NULL;
    }

  day_iso = yc_backoffice_date_to_iso (day);
  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  if (yc_backoffice_storage_window_enrolled (self->storage, hall, window, &enrolled, &local_error)
      && enrolled)
    rows = yc_backoffice_storage_window_cases (self->storage, hall, window, day_iso, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!enrolled)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "window",
                               _("Window %s is not enrolled at the back office"), target);
      return NULL;
    }

  hash = reconcile_hash (rows);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "day");
  json_builder_add_string_value (builder, day_iso);
  json_builder_set_member_name (builder, "hall");
  json_builder_add_string_value (builder, hall);
  json_builder_set_member_name (builder, "window");
  json_builder_add_string_value (builder, window);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, rows->len);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
