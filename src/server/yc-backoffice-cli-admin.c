/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "yc-backoffice-cli-private.h"

/* The demo hall and its windows (hall and window codes as a counter device enrolls them). */
#define DEMO_HALL "JB01"
static const char * const demo_windows[] = { "W01", "W02", "W03", "W04" };

/* Reviewers are made for these departments when the catalog has them (市场监管, 卫健, 人社),
 * else for its first departments: at least two, so that bundles show parallel review. */
static const char * const demo_departments[] = { "scjg", "wj", "rs" };
#define DEMO_MIN_REVIEWERS 2

static gboolean
has_users (YcBackoffice  *backoffice,
           gboolean      *out_has_users,
           GError       **error)
{
  g_autoptr(JsonNode) users = yc_backoffice_user_list (backoffice, error);

  if (users == NULL)
    return FALSE;
  *out_has_users = json_array_get_length (json_node_get_array (users)) > 0;
  return TRUE;
}

/* Opens a data directory that must be new (init, demo): one that already has users is
 * refused rather than half set up twice. */
static YcBackoffice *
open_new (YcBackofficeCliContext  *ctx,
          GError                 **error)
{
  g_autoptr(YcBackoffice) backoffice = yc_backoffice_cli_open (ctx, TRUE, error);
  gboolean used;

  if (backoffice == NULL || !has_users (backoffice, &used, error))
    return NULL;
  if (used)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("The data directory %s is already set up (it has users): add users with "
                     "“user add” and catalogs with “catalog import”"),
                   ctx->config.data_dir);
      return NULL;
    }
  return g_steal_pointer (&backoffice);
}

static YcCatalog *
load_catalog (const char  *path,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  YcCatalog *catalog = yc_backoffice_cli_load_catalog (path, &local_error);

  if (catalog == NULL)
    g_set_error (error, local_error->domain, local_error->code,
                 _("The catalog could not be loaded, nothing was changed: %s"), local_error->message);
  return catalog;
}

static void
print_catalog_summary (YcCatalog *catalog)
{
  yc_backoffice_cli_print (_("Catalog “%s” version %s: %u departments, %u items, %u bundles.\n"),
                           yc_catalog_get_name (catalog), yc_catalog_get_version (catalog),
                           yc_catalog_get_departments (catalog)->len, yc_catalog_get_items (catalog)->len,
                           yc_catalog_get_bundles (catalog)->len);
}

int
yc_backoffice_cli_init (YcBackofficeCliContext *ctx)
{
  const char *admin = ctx->admin_user != NULL ? ctx->admin_user : "admin";
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(YcPasswordText) password = NULL;
  YcPasswordSource source;
  gboolean generated;

  /* Everything that can be refused is checked before the data directory is touched. */
  catalog = load_catalog (ctx->catalog_dir, &error);
  if (catalog == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (ctx->password_stdin)
    source = YC_PASSWORD_FROM_STDIN;
  else if (isatty (STDIN_FILENO))
    source = YC_PASSWORD_FROM_PROMPT_OR_GENERATED;
  else
    source = YC_PASSWORD_FROM_STDIN_OR_GENERATED;

  backoffice = open_new (ctx, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  password = yc_backoffice_cli_obtain_password (source, &generated, &error);
  if (password == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (!yc_backoffice_user_add (backoffice, admin, _("Administrator"), YC_ROLE_ADMIN, NULL, NULL,
                               password, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Set up the back office in %s with the administrator “%s”.\n"),
                           ctx->config.data_dir, admin);
  /* Shown before the import so that a failing import cannot lose it. */
  if (generated)
    yc_backoffice_cli_print (_("Password of “%s” (shown only this once; keep it safe): %s\n"), admin, password);

  if (!yc_backoffice_catalog_import (backoffice, catalog, &error))
    return yc_backoffice_cli_fail (_("The catalog was not imported: %s; the administrator exists, "
                                     "import it again with “catalog import”"), error->message);
  print_catalog_summary (catalog);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

typedef struct {
  char   *username;
  char   *display_name;
  YcRole  role;
  char   *hall;
  GStrv   departments;
  char   *password;
} DemoUser;

static void
demo_user_free (DemoUser *user)
{
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->hall);
  g_strfreev (user->departments);
  yc_backoffice_cli_free_password (user->password);
  g_free (user);
}

static DemoUser *
demo_user_new (const char *username,
               const char *display_name,
               YcRole      role,
               const char *hall,
               const char *department)
{
  DemoUser *user = g_new0 (DemoUser, 1);

  user->username = g_strdup (username);
  user->display_name = g_strdup (display_name);
  user->role = role;
  user->hall = g_strdup (hall);
  if (department != NULL)
    user->departments = g_strsplit (department, ",", -1);
  user->password = yc_backoffice_cli_generate_password ();
  return user;
}

static void
add_demo_reviewer (GPtrArray          *users,
                   const YcDepartment *department)
{
  g_autofree char *username = g_strdup_printf ("reviewer-%s", department->code);
  g_autofree char *display_name = g_strdup_printf (_("%s reviewer"), department->short_name);

  g_ptr_array_add (users, demo_user_new (username, display_name, YC_ROLE_REVIEWER, NULL, department->code));
}

static GPtrArray *
demo_users (YcCatalog *catalog)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_user_free);
  GPtrArray *departments = yc_catalog_get_departments (catalog);
  guint n_reviewers = 0;

  g_ptr_array_add (users, demo_user_new ("admin", _("Administrator"), YC_ROLE_ADMIN, NULL, NULL));
  g_ptr_array_add (users, demo_user_new ("supervisor1", _("Supervisor"), YC_ROLE_SUPERVISOR, NULL, NULL));
  g_ptr_array_add (users, demo_user_new ("clerk1", _("Counter clerk 1"), YC_ROLE_CLERK, DEMO_HALL, NULL));
  g_ptr_array_add (users, demo_user_new ("clerk2", _("Counter clerk 2"), YC_ROLE_CLERK, DEMO_HALL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (demo_departments); i++)
    {
      const YcDepartment *department = yc_catalog_lookup_department (catalog, demo_departments[i]);

      if (department != NULL)
        {
          add_demo_reviewer (users, department);
          n_reviewers++;
        }
    }
  for (guint i = 0; i < departments->len && n_reviewers < DEMO_MIN_REVIEWERS; i++)
    {
      const YcDepartment *department = g_ptr_array_index (departments, i);

      if (!g_strv_contains (demo_departments, department->code))
        {
          add_demo_reviewer (users, department);
          n_reviewers++;
        }
    }
  return users;
}

static char *
demo_scope (const DemoUser *user)
{
  if (user->hall != NULL)
    return g_strdup_printf (_("hall %s"), user->hall);
  if (user->departments != NULL)
    return g_strjoinv (",", user->departments);
  return g_strdup ("-");
}

int
yc_backoffice_cli_demo (YcBackofficeCliContext *ctx)
{
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;

  catalog = load_catalog (ctx->catalog_dir, &error);
  if (catalog == NULL)
    return yc_backoffice_cli_fail_error (error);

  backoffice = open_new (ctx, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (!yc_backoffice_catalog_import (backoffice, catalog, &error))
    return yc_backoffice_cli_fail_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (demo_windows); i++)
    {
      g_autofree char *description = g_strdup_printf (_("Comprehensive window %u"), i + 1);

      if (!yc_backoffice_window_enroll (backoffice, DEMO_HALL, demo_windows[i], description, &error))
        return yc_backoffice_cli_fail_error (error);
    }

  users = demo_users (catalog);
  for (guint i = 0; i < users->len; i++)
    {
      DemoUser *user = g_ptr_array_index (users, i);

      if (!yc_backoffice_user_add (backoffice, user->username, user->display_name, user->role,
                                   user->hall, (const char * const *) user->departments,
                                   user->password, &error))
        return yc_backoffice_cli_fail_error (error);
    }

  yc_backoffice_cli_print (_("Demo back office set up in %s.\n"), ctx->config.data_dir);
  print_catalog_summary (catalog);
  yc_backoffice_cli_print (_("Hall %s, windows %s to %s.\n"), DEMO_HALL, demo_windows[0],
                           demo_windows[G_N_ELEMENTS (demo_windows) - 1]);
  yc_backoffice_cli_print ("\n%s\n\n", _("Demo users (the passwords are shown only this once):"));
  {
    g_autofree char *c1 = yc_backoffice_cli_pad (_("User"), 16);
    g_autofree char *c2 = yc_backoffice_cli_pad (_("Role"), 14);
    g_autofree char *c3 = yc_backoffice_cli_pad (_("Scope"), 12);

    yc_backoffice_cli_print ("%s %s %s %s\n", c1, c2, c3, _("Password"));
  }
  for (guint i = 0; i < users->len; i++)
    {
      DemoUser *user = g_ptr_array_index (users, i);
      g_autofree char *scope = demo_scope (user);
      g_autofree char *c1 = yc_backoffice_cli_pad (user->username, 16);
      g_autofree char *c2 = yc_backoffice_cli_pad (yc_principal_role_label (user->role), 14);
      g_autofree char *c3 = yc_backoffice_cli_pad (scope, 12);

      yc_backoffice_cli_print ("%s %s %s %s\n", c1, c2, c3, user->password);
    }
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_window_enroll (YcBackofficeCliContext *ctx)
{
  const char *hall = ctx->args[0];
  const char *window = ctx->args[1];
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL ||
      !yc_backoffice_window_enroll (backoffice, hall, window, ctx->description, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Enrolled window %s of hall %s.\n"), window, hall);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_window_list (YcBackofficeCliContext *ctx)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) windows = NULL;
  JsonArray *array;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);
  windows = yc_backoffice_window_list (backoffice, &error);
  if (windows == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (ctx->json)
    {
      yc_backoffice_cli_print_json (windows);
      return YC_BACKOFFICE_CLI_EXIT_OK;
    }

  array = json_node_get_array (windows);
  {
    g_autofree char *c1 = yc_backoffice_cli_pad (_("Hall"), 8);
    g_autofree char *c2 = yc_backoffice_cli_pad (_("Window"), 8);
    g_autofree char *c3 = yc_backoffice_cli_pad (_("Enrolled"), 26);

    yc_backoffice_cli_print ("%s %s %s %s\n", c1, c2, c3, _("Description"));
  }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *window = json_array_get_object_element (array, i);
      g_autofree char *c1 = yc_backoffice_cli_pad (json_object_get_string_member_with_default (window, "hall", ""), 8);
      g_autofree char *c2 = yc_backoffice_cli_pad (json_object_get_string_member_with_default (window, "window", ""), 8);
      g_autofree char *c3 = yc_backoffice_cli_pad (json_object_get_string_member_with_default (window, "enrolled_at", ""), 26);
      const char *description = NULL;

      if (json_object_has_member (window, "description") && !json_object_get_null_member (window, "description"))
        description = json_object_get_string_member (window, "description");
      yc_backoffice_cli_print ("%s %s %s %s\n", c1, c2, c3, description != NULL ? description : "");
    }
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_catalog_import (YcBackofficeCliContext *ctx)
{
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;

  catalog = load_catalog (ctx->n_args > 0 ? ctx->args[0] : NULL, &error);
  if (catalog == NULL)
    return yc_backoffice_cli_fail_error (error);

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL || !yc_backoffice_catalog_import (backoffice, catalog, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Imported the catalog.\n"));
  print_catalog_summary (catalog);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_audit_verify (YcBackofficeCliContext *ctx)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  gint64 first_bad_id = 0;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (yc_backoffice_audit_verify (backoffice, &first_bad_id, &error))
    {
      yc_backoffice_cli_print (_("The audit log is intact.\n"));
      return YC_BACKOFFICE_CLI_EXIT_OK;
    }
  if (error != NULL)
    return yc_backoffice_cli_fail_error (error);

  /* Printed as text so that the message stays one translatable string. */
  row = g_strdup_printf ("%" G_GINT64_FORMAT, first_bad_id);
  yc_backoffice_cli_print (_("The audit log was altered: row %s is the first that does not match its hash chain.\n"), row);
  return YC_BACKOFFICE_CLI_EXIT_FAILURE;
}
