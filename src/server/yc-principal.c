/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-principal.h"

struct _YcPrincipal
{
  gatomicrefcount  ref_count;
  char            *username;
  char            *display_name;
  YcRole           role;
  char            *hall;
  char           **departments;
  YcActor          actor;  /* points into the members above */
};

G_DEFINE_BOXED_TYPE (YcPrincipal, yc_principal, yc_principal_ref, yc_principal_unref)

/**
 * yc_principal_new:
 * @departments: (nullable): the reviewer's departments
 *
 * Returns: (transfer full): a principal; immutable, so it may cross threads.
 */
YcPrincipal *
yc_principal_new (const char         *username,
                  const char         *display_name,
                  YcRole              role,
                  const char         *hall,
                  const char * const *departments)
{
  YcPrincipal *self;
  static const char * const none[] = { NULL };

  g_return_val_if_fail (username != NULL, NULL);

  self = g_new0 (YcPrincipal, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->username = g_strdup (username);
  self->display_name = g_strdup (display_name != NULL ? display_name : username);
  self->role = role;
  self->hall = (hall != NULL && *hall != '\0') ? g_strdup (hall) : NULL;
  self->departments = g_strdupv ((char **) (departments != NULL ? departments : none));

  self->actor.username = self->username;
  self->actor.role = self->role;
  self->actor.hall = self->hall;
  self->actor.departments = (const char * const *) self->departments;
  return self;
}

YcPrincipal *
yc_principal_ref (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_principal_unref (YcPrincipal *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->username);
  g_free (self->display_name);
  g_free (self->hall);
  g_strfreev (self->departments);
  g_free (self);
}

const char *
yc_principal_get_username (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

const char *
yc_principal_get_display_name (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_name;
}

YcRole
yc_principal_get_role (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, YC_ROLE_CLERK);
  return self->role;
}

const char *
yc_principal_get_hall (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hall;
}

const char * const *
yc_principal_get_departments (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->departments;
}

gboolean
yc_principal_has_department (YcPrincipal *self,
                             const char  *department)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return department != NULL && g_strv_contains ((const char * const *) self->departments, department);
}

const YcActor *
yc_principal_get_actor (YcPrincipal *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->actor;
}

JsonNode *
yc_principal_to_json (YcPrincipal *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, self->username);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, self->display_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, yc_principal_role_to_string (self->role));
  json_builder_set_member_name (builder, "hall");
  if (self->hall != NULL)
    json_builder_add_string_value (builder, self->hall);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint i = 0; self->departments[i] != NULL; i++)
    json_builder_add_string_value (builder, self->departments[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_principal_role_to_string (YcRole role)
{
  return yc_role_to_string (role);
}

gboolean
yc_principal_role_from_string (const char *str,
                               YcRole     *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  return str != NULL && yc_role_from_string (str, role);
}

const char *
yc_principal_role_label (YcRole role)
{
  switch (role)
    {
    case YC_ROLE_CLERK:
      return _("Counter clerk");
    case YC_ROLE_REVIEWER:
      return _("Reviewer");
    case YC_ROLE_SUPERVISOR:
      return _("Supervisor");
    case YC_ROLE_ADMIN:
      return _("Administrator");
    default:
      g_return_val_if_reached (NULL);
    }
}
