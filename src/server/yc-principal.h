/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-case-machine.h"

G_BEGIN_DECLS

/**
 * YcPrincipal:
 *
 * Who is calling the back office: a signed-in user with a role and its scope (a clerk's
 * hall, a reviewer's departments).  Immutable once built, so it may be shared between the
 * HTTP worker threads; boxed and reference counted.
 */
typedef struct _YcPrincipal YcPrincipal;

#define YC_TYPE_PRINCIPAL (yc_principal_get_type ())

GType               yc_principal_get_type            (void) G_GNUC_CONST;

YcPrincipal        *yc_principal_new                 (const char         *username,
                                                      const char         *display_name,
                                                      YcRole              role,
                                                      const char         *hall,
                                                      const char * const *departments);
YcPrincipal        *yc_principal_ref                 (YcPrincipal        *self);
void                yc_principal_unref               (YcPrincipal        *self);

const char         *yc_principal_get_username        (YcPrincipal        *self);
const char         *yc_principal_get_display_name    (YcPrincipal        *self);
YcRole              yc_principal_get_role            (YcPrincipal        *self);
const char         *yc_principal_get_hall            (YcPrincipal        *self);   /* nullable */
const char * const *yc_principal_get_departments     (YcPrincipal        *self);   /* never NULL; may be empty */
gboolean            yc_principal_has_department      (YcPrincipal        *self,
                                                      const char         *department);
/* A view valid as long as @self lives. */
const YcActor      *yc_principal_get_actor           (YcPrincipal        *self);
/* {username, display_name, role, hall, departments} */
JsonNode           *yc_principal_to_json             (YcPrincipal        *self);

/* "clerk", "reviewer", "supervisor", "admin" */
const char         *yc_principal_role_to_string      (YcRole              role);
gboolean            yc_principal_role_from_string    (const char         *str,
                                                      YcRole             *role);
const char         *yc_principal_role_label          (YcRole              role);   /* translated */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPrincipal, yc_principal_unref)

G_END_DECLS
