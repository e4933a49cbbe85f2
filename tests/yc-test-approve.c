/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * yc-test-approve STORE_DIR CASE_NUMBER: a fixture of the UI tests standing in for the back
 * office's reviewers until the sync engine pulls their decisions.  Every part of the case is
 * claimed and approved by a reviewer of its department, through the case machine and the
 * store, so that the case becomes ready for issuance (待出件) — or awaits its tolerated
 * material.  Run while the application is stopped (the store is locked while it runs).
 * Prints the case's new state.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-store.h"

static YcCase *
find_case (YcStore     *store,
           const char  *number,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (number, "-", -1);
  g_autofree char *day = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  if (g_strv_length (parts) != 4 || strlen (parts[2]) != 8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not a case number: %s", number);
      return NULL;
    }
  day = g_strdup_printf ("%.4s-%.2s-%.2s", parts[2], parts[2] + 4, parts[2] + 6);
  cases = yc_store_list_cases (store, day, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      YcCase *c = g_ptr_array_index (cases, i);

      if (g_str_equal (c->number, number))
        return yc_case_ref (c);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no case %s in the store", number);
  return NULL;
}

static YcCase *
apply (YcStore     *store,
       YcCalendar  *calendar,
       YcCase      *c,
       YcOpKind     kind,
       const char  *department,
       GError     **error)
{
  g_autofree char *username = g_strdup_printf ("reviewer-%s", department);
  const char *departments[] = { department, NULL };
  YcActor actor = { username, YC_ROLE_REVIEWER, NULL, departments };
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) op = NULL;

  json_object_set_string_member (payload, "department", department);
  op = yc_operation_new (op_id, c->uuid, c->version, kind, payload, NULL);
  return yc_store_apply_operation (store, op, &actor, calendar, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcCase) c = NULL;
  g_auto(GStrv) departments = NULL;

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      g_printerr ("usage: %s STORE_DIR CASE_NUMBER\n", argv[0]);
      return 2;
    }
  if ((store = yc_store_open (argv[1], &error)) == NULL
      || (calendar = yc_calendar_new_default (&error)) == NULL
      || (c = find_case (store, argv[2], &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  departments = yc_case_dup_departments (c);
  for (guint i = 0; departments[i] != NULL; i++)
    {
      const YcOpKind kinds[] = { YC_OP_REVIEW_CLAIM, YC_OP_REVIEW_APPROVE };

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          YcCase *next = apply (store, calendar, c, kinds[k], departments[i], &error);

          if (next == NULL)
            {
              g_printerr ("%s %s: %s\n", yc_op_kind_to_string (kinds[k]), departments[i], error->message);
              return 1;
            }
          yc_case_unref (c);
          c = next;
        }
    }
  g_print ("%s\n", yc_case_state_to_string (c->state));
  return 0;
}
