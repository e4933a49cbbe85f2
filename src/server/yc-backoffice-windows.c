/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-backoffice-private.h"

/*
 * What a counter computer learns about its window when it is enrolled (issue 4): that the
 * window is enrolled here, the hall's secret that keys the receipts' verification codes, and
 * where its case numbers of today go on, so that a re-installed computer never gives a number
 * twice.  The hall secret is made the first time a window of the hall asks for it and kept
 * in the back office's meta table under "hall_secret:<hall>"; every window of the hall gets
 * the same one, so that any of them can verify another's receipt.
 */

#define HALL_SECRET_BYTES 32

/* Administrators, and the clerks of the hall (the ones who set up their own counter). */
static gboolean
may_enrol (YcPrincipal *p,
           const char  *hall)
{
  switch (yc_principal_get_role (p))
    {
    case YC_ROLE_ADMIN:
      return TRUE;
    case YC_ROLE_CLERK:
      return g_strcmp0 (yc_principal_get_hall (p), hall) == 0;
    case YC_ROLE_SUPERVISOR:
    case YC_ROLE_REVIEWER:
    default:
      return FALSE;
    }
}

static char *
new_secret (void)
{
  guint8 random[HALL_SECRET_BYTES];
  char *hex = g_malloc (2 * HALL_SECRET_BYTES + 1);

  randombytes_buf (random, sizeof random);
  sodium_bin2hex (hex, 2 * HALL_SECRET_BYTES + 1, random, sizeof random);
  sodium_memzero (random, sizeof random);
  return hex;
}

/* "HALL-WINDOW-YYYYMMDD-NNNN": the NNNN of a number of that window and day, else 0. */
static guint
sequence_of (const char *number,
             const char *prefix)
{
  const char *tail;
  char *end = NULL;
  guint64 value;

  if (number == NULL || !g_str_has_prefix (number, prefix))
    return 0;
  tail = number + strlen (prefix);
  if (!g_ascii_isdigit (*tail))
    return 0;
  value = g_ascii_strtoull (tail, &end, 10);
  if (end == NULL || *end != '\0' || value > G_MAXUINT)
    return 0;
  return (guint) value;
}

/* One past the highest sequence among the window's numbers of @day (YYYYMMDD), 1 if none. */
static gboolean
next_sequence (YcBackoffice  *self,
               const char    *hall,
               const char    *window,
               const char    *day_compact,
               guint         *out_next,
               GError       **error)
{
  g_autofree char *prefix = g_strdup_printf ("%s-%s-%s-", hall, window, day_compact);
  YcStorageCaseFilter filter = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  guint highest = 0;

  filter.hall = hall;
  filter.text = prefix;
  rows = yc_backoffice_storage_case_query (self->storage, &filter, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const YcStorageCase *c = g_ptr_array_index (rows, i);

      highest = MAX (highest, sequence_of (c->number, prefix));
    }
  *out_next = highest + 1;
  return TRUE;
}

static char *
find_description (GPtrArray  *windows,
                  const char *hall,
                  const char *window)
{
  for (guint i = 0; i < windows->len; i++)
    {
      const YcStorageWindow *row = g_ptr_array_index (windows, i);

      if (g_strcmp0 (row->hall, hall) == 0 && g_strcmp0 (row->window, window) == 0)
        return g_strdup (row->description != NULL && *row->description != '\0'
                         ? row->description : window);
    }
  return NULL;
}

/* Inside a write transaction: the hall's secret, made now if the hall has none yet. */
static char *
hall_secret (YcBackoffice  *self,
             YcPrincipal   *p,
             const char    *hall,
             GError       **error)
{
  g_autofree char *key = g_strdup_printf ("hall_secret:%s", hall);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *secret = NULL;

  secret = yc_backoffice_storage_meta_get (self->storage, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (secret != NULL)
    return g_steal_pointer (&secret);

  secret = new_secret ();
  if (!yc_backoffice_storage_meta_set (self->storage, key, secret, error)
      || !yc_audit_append (self->storage, yc_backoffice_now_unix (self),
                           yc_principal_get_username (p), "hall.secret.create", hall, "ok",
                           NULL, error))
    return NULL;
  return g_steal_pointer (&secret);
}

/**
 * yc_backoffice_window_info:
 * @hall: the hall code
 * @window: the window code within @hall
 *
 * What a counter computer enrolled as @hall/@window needs to know: for administrators and
 * the clerks of @hall.  An unknown window is %YC_BACKOFFICE_ERROR_NOT_FOUND (the
 * administrator runs `yichuang-backoffice window enroll` first).  The hall's secret is made
 * on the first call for the hall.
 *
 * Returns: (transfer full): {hall, window, hall_name, window_name, enrolled: true,
 *   hall_secret, next_sequence: {YYYY-MM-DD: n}}, or %NULL with @error
 */
JsonNode *
yc_backoffice_window_info (YcBackoffice  *self,
                           YcPrincipal   *p,
                           const char    *hall,
                           const char    *window,
                           GError       **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *window_name = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *day_iso = NULL;
  g_autofree char *hall_name_key = NULL;
  g_autofree char *hall_name = NULL;
  GString *compact = NULL;
  guint next = 1;
  GDate today;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (hall != NULL && window != NULL, NULL);

  target = g_strdup_printf ("%s-%s", hall, window);
  if (!may_enrol (p, hall))
    {
      yc_backoffice_deny (self, p, "window.info", target, "not an admin or a clerk of the hall");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("Only administrators and the clerks of hall %s may enrol its "
                                 "windows"), hall);
      return NULL;
    }

  yc_backoffice_today (self, &today);
  day_iso = yc_backoffice_date_to_iso (&today);
  compact = g_string_new (day_iso);
  g_string_replace (compact, "-", "", 0);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    {
      g_string_free (compact, TRUE);
      return NULL;
    }
  windows = yc_backoffice_storage_window_list (self->storage, &local_error);
  if (windows != NULL)
    window_name = find_description (windows, hall, window);
  if (window_name != NULL)
    {
      hall_name_key = g_strdup_printf ("hall_name:%s", hall);
      hall_name = yc_backoffice_storage_meta_get (self->storage, hall_name_key, &local_error);
    }
  if (window_name != NULL && local_error == NULL)
    secret = hall_secret (self, p, hall, &local_error);
  if (secret != NULL)
    next_sequence (self, hall, window, compact->str, &next, &local_error);
  g_string_free (compact, TRUE);
  if (local_error == NULL && window_name != NULL)
    yc_backoffice_storage_commit (self->storage, &local_error);
  else
    yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (window_name == NULL)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "window",
                               _("Window %s is not enrolled at the back office. The "
                                 "administrator enrols it with “yichuang-backoffice window "
                                 "enroll %s %s”."), target, hall, window);
      return NULL;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hall");
  json_builder_add_string_value (builder, hall);
  json_builder_set_member_name (builder, "window");
  json_builder_add_string_value (builder, window);
  json_builder_set_member_name (builder, "hall_name");
  json_builder_add_string_value (builder, hall_name != NULL ? hall_name : hall);
  json_builder_set_member_name (builder, "window_name");
  json_builder_add_string_value (builder, window_name);
  json_builder_set_member_name (builder, "enrolled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "hall_secret");
  json_builder_add_string_value (builder, secret);
  json_builder_set_member_name (builder, "next_sequence");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, day_iso);
  json_builder_add_int_value (builder, next);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
