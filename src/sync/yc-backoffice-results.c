/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <sodium.h>

#include "yc-backoffice-client.h"

/* The boxed results of YcBackofficeClient's calls.  A token is wiped when freed. */

static YcSignIn *
sign_in_copy (const YcSignIn *sign_in)
{
  YcSignIn *copy = g_new0 (YcSignIn, 1);

  copy->token = g_strdup (sign_in->token);
  copy->expires_at = sign_in->expires_at != NULL ? g_date_time_ref (sign_in->expires_at) : NULL;
  copy->user = sign_in->user != NULL ? yc_user_profile_copy (sign_in->user) : NULL;
  return copy;
}

void
yc_sign_in_free (YcSignIn *sign_in)
{
  if (sign_in == NULL)
    return;
  if (sign_in->token != NULL)
    sodium_memzero (sign_in->token, strlen (sign_in->token));
  g_free (sign_in->token);
  g_clear_pointer (&sign_in->expires_at, g_date_time_unref);
  g_clear_pointer (&sign_in->user, yc_user_profile_free);
  g_free (sign_in);
}

G_DEFINE_BOXED_TYPE (YcSignIn, yc_sign_in, sign_in_copy, yc_sign_in_free)

static YcBackofficeHealth *
health_copy (const YcBackofficeHealth *health)
{
  YcBackofficeHealth *copy = g_new0 (YcBackofficeHealth, 1);

  copy->status = g_strdup (health->status);
  copy->version = g_strdup (health->version);
  copy->epoch = g_strdup (health->epoch);
  copy->head_seq = health->head_seq;
  return copy;
}

void
yc_backoffice_health_free (YcBackofficeHealth *health)
{
  if (health == NULL)
    return;
  g_free (health->status);
  g_free (health->version);
  g_free (health->epoch);
  g_free (health);
}

G_DEFINE_BOXED_TYPE (YcBackofficeHealth, yc_backoffice_health, health_copy, yc_backoffice_health_free)

static YcCatalogFetch *
catalog_fetch_copy (const YcCatalogFetch *fetch)
{
  YcCatalogFetch *copy = g_new0 (YcCatalogFetch, 1);

  copy->not_modified = fetch->not_modified;
  copy->bytes = fetch->bytes != NULL ? g_bytes_ref (fetch->bytes) : NULL;
  copy->etag = g_strdup (fetch->etag);
  copy->version = g_strdup (fetch->version);
  return copy;
}

void
yc_catalog_fetch_free (YcCatalogFetch *fetch)
{
  if (fetch == NULL)
    return;
  g_clear_pointer (&fetch->bytes, g_bytes_unref);
  g_free (fetch->etag);
  g_free (fetch->version);
  g_free (fetch);
}

G_DEFINE_BOXED_TYPE (YcCatalogFetch, yc_catalog_fetch, catalog_fetch_copy, yc_catalog_fetch_free)
