/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-case-machine.h"

G_BEGIN_DECLS

/*
 * Offline sign-in (yc-store-credentials.c).  After a successful online sign-in the sync
 * client caches the user's profile and an argon2id verifier of the password
 * (libsodium crypto_pwhash_str, interactive limits), so that the same user can sign in at
 * this window while the back office cannot be reached.  Neither the password nor the
 * bearer token is ever written to disk.
 *
 * Hashing and verifying take about a tenth of a second and 64 MiB on purpose: use the
 * _async functions from a GUI.
 */

typedef struct _YcStore YcStore;

typedef struct {
  char      *username;
  char      *display_name;
  YcRole     role;
  char      *hall;            /* nullable: reviewers, admins */
  GStrv      departments;     /* never NULL; empty for clerks */
  GDateTime *last_online_at;  /* the last successful online sign-in (UTC) */
} YcUserProfile;

#define YC_TYPE_USER_PROFILE (yc_user_profile_get_type ())

GType          yc_user_profile_get_type      (void) G_GNUC_CONST;
YcUserProfile *yc_user_profile_new           (const char           *username,
                                              const char           *display_name,
                                              YcRole                role,
                                              const char           *hall,
                                              const char * const   *departments);
YcUserProfile *yc_user_profile_copy          (const YcUserProfile  *profile);
void           yc_user_profile_free          (YcUserProfile        *profile);

gboolean       yc_store_put_credential        (YcStore              *self,
                                               const YcUserProfile  *profile,
                                               const char           *password,
                                               GError              **error);
void           yc_store_put_credential_async  (YcStore              *self,
                                               const YcUserProfile  *profile,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       yc_store_put_credential_finish (YcStore              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
YcUserProfile *yc_store_check_credential      (YcStore              *self,
                                               const char           *username,
                                               const char           *password,
                                               GError              **error);
void           yc_store_check_credential_async (YcStore             *self,
                                                const char          *username,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
YcUserProfile *yc_store_check_credential_finish (YcStore            *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
gboolean       yc_store_forget_credential     (YcStore              *self,
                                               const char           *username,
                                               GError              **error);
void           yc_store_forget_credential_async (YcStore            *self,
                                                 const char         *username,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean       yc_store_forget_credential_finish (YcStore           *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcUserProfile, yc_user_profile_free)

G_END_DECLS
