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

/* Push, changes and uploads (yc-backoffice-client-sync.h) */

static YcPushResult *
push_result_copy (const YcPushResult *result)
{
  YcPushResult *copy = g_new0 (YcPushResult, 1);

  copy->op_id = g_strdup (result->op_id);
  copy->result = result->result;
  copy->version = result->version;
  copy->code = g_strdup (result->code);
  copy->reason = g_strdup (result->reason);
  copy->effects = result->effects != NULL ? json_object_ref (result->effects) : NULL;
  return copy;
}

void
yc_push_result_free (YcPushResult *result)
{
  if (result == NULL)
    return;
  g_free (result->op_id);
  g_free (result->code);
  g_free (result->reason);
  g_clear_pointer (&result->effects, json_object_unref);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (YcPushResult, yc_push_result, push_result_copy, yc_push_result_free)

static YcPushReply *
push_reply_copy (const YcPushReply *reply)
{
  YcPushReply *copy = g_new0 (YcPushReply, 1);

  copy->batch_id = g_strdup (reply->batch_id);
  copy->results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_push_result_free);
  for (guint i = 0; reply->results != NULL && i < reply->results->len; i++)
    g_ptr_array_add (copy->results, push_result_copy (g_ptr_array_index (reply->results, i)));
  return copy;
}

void
yc_push_reply_free (YcPushReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->batch_id);
  g_clear_pointer (&reply->results, g_ptr_array_unref);
  g_free (reply);
}

G_DEFINE_BOXED_TYPE (YcPushReply, yc_push_reply, push_reply_copy, yc_push_reply_free)

static YcChange *
change_copy (const YcChange *change)
{
  YcChange *copy = g_new0 (YcChange, 1);

  copy->seq = change->seq;
  copy->kind = g_strdup (change->kind);
  copy->case_uuid = g_strdup (change->case_uuid);
  copy->version = change->version;
  copy->payload = change->payload != NULL ? json_object_ref (change->payload) : NULL;
  return copy;
}

void
yc_change_free (YcChange *change)
{
  if (change == NULL)
    return;
  g_free (change->kind);
  g_free (change->case_uuid);
  g_clear_pointer (&change->payload, json_object_unref);
  g_free (change);
}

G_DEFINE_BOXED_TYPE (YcChange, yc_change, change_copy, yc_change_free)

static YcChangesPage *
changes_page_copy (const YcChangesPage *page)
{
  YcChangesPage *copy = g_new0 (YcChangesPage, 1);

  copy->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_change_free);
  for (guint i = 0; page->changes != NULL && i < page->changes->len; i++)
    g_ptr_array_add (copy->changes, change_copy (g_ptr_array_index (page->changes, i)));
  copy->next = g_strdup (page->next);
  copy->more = page->more;
  return copy;
}

void
yc_changes_page_free (YcChangesPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_free (page->next);
  g_free (page);
}

G_DEFINE_BOXED_TYPE (YcChangesPage, yc_changes_page, changes_page_copy, yc_changes_page_free)

static YcUpload *
upload_copy (const YcUpload *upload)
{
  YcUpload *copy = g_memdup2 (upload, sizeof *upload);

  copy->id = g_strdup (upload->id);
  copy->sha256 = g_strdup (upload->sha256);
  return copy;
}

void
yc_upload_free (YcUpload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->id);
  g_free (upload->sha256);
  g_free (upload);
}

G_DEFINE_BOXED_TYPE (YcUpload, yc_upload, upload_copy, yc_upload_free)
