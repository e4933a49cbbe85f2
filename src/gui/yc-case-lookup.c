/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-case-lookup.h"

/*
 * An older case by its number.  The store lists cases by the day they were accepted, and
 * the number carries that day, so one day's list is read — on a worker thread, as every
 * blocking store call — and the number matched (case-insensitively: typed by hand).
 */

typedef struct {
  YcCase *case_doc;
  char   *sync_state;
} Found;

static void
found_free (Found *found)
{
  g_clear_pointer (&found->case_doc, yc_case_unref);
  g_free (found->sync_state);
  g_free (found);
}

/**
 * yc_case_number_dup_day:
 *
 * Returns: (transfer full) (nullable): the day of @number, YYYY-MM-DD
 */
char *
yc_case_number_dup_day (const char *number)
{
  g_auto(GStrv) parts = NULL;
  const char *date;

  g_return_val_if_fail (number != NULL, NULL);

  parts = g_strsplit (number, "-", -1);
  if (g_strv_length (parts) != 4 || strlen (parts[2]) != 8 || parts[0][0] == '\0'
      || parts[1][0] == '\0' || parts[3][0] == '\0')
    return NULL;
  date = parts[2];
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (date[i]))
      return NULL;
  return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YcStore *store = source_object;
  const char *number = task_data;
  g_autofree char *day = yc_case_number_dup_day (number);
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) states = NULL;
  GError *error = NULL;
  Found *found;

  if (day == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a case number."), number);
      return;
    }
  cases = yc_store_list_cases (store, day, &error);
  if (cases != NULL)
    states = yc_store_list_sync_states (store, day, &error);
  if (states == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *c = g_ptr_array_index (cases, i);

      if (g_ascii_strcasecmp (c->number, number) != 0)
        continue;
      found = g_new0 (Found, 1);
      found->case_doc = yc_case_ref (c);
      found->sync_state = g_strdup (g_hash_table_lookup (states, c->uuid));
      g_task_return_pointer (task, found, (GDestroyNotify) found_free);
      return;
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no case %s on this computer."), number);
}

void
yc_case_lookup_number_async (YcStore             *store,
                             const char          *number,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (number != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_case_lookup_number_async);
  g_task_set_task_data (task, g_strstrip (g_strdup (number)), g_free);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * yc_case_lookup_number_finish:
 * @out_sync_state: (out) (optional): "pending", "synced", "conflict" or "rejected"
 *
 * Returns: (transfer full) (nullable): the case
 */
YcCase *
yc_case_lookup_number_finish (YcStore       *store,
                              GAsyncResult  *result,
                              char         **out_sync_state,
                              GError       **error)
{
  Found *found;
  YcCase *case_doc;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;
  case_doc = g_steal_pointer (&found->case_doc);
  if (out_sync_state != NULL)
    *out_sync_state = g_steal_pointer (&found->sync_state);
  found_free (found);
  return case_doc;
}
