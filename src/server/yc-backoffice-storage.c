/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-storage.h"

G_DEFINE_INTERFACE (YcBackofficeStorage, yc_backoffice_storage, G_TYPE_OBJECT)

static void
yc_backoffice_storage_default_init (YcBackofficeStorageInterface *iface)
{
}

void
yc_storage_user_free (YcStorageUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->role);
  g_free (user->hall);
  g_strfreev (user->departments);
  g_free (user->password_hash);
  g_free (user);
}

void
yc_storage_window_free (YcStorageWindow *window)
{
  if (window == NULL)
    return;
  g_free (window->hall);
  g_free (window->window);
  g_free (window->description);
  g_free (window);
}

void
yc_storage_audit_free (YcStorageAudit *row)
{
  if (row == NULL)
    return;
  g_free (row->actor);
  g_free (row->action);
  g_free (row->target);
  g_free (row->outcome);
  g_free (row->detail);
  g_free (row->prev_hash);
  g_free (row->hash);
  g_free (row);
}

void
yc_storage_batch_free (YcStorageBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->key);
  g_free (batch->username);
  g_free (batch->body_hash);
  g_free (batch->result);
  g_free (batch);
}

void
yc_storage_case_free (YcStorageCase *c)
{
  if (c == NULL)
    return;
  g_free (c->uuid);
  g_free (c->number);
  g_free (c->hall);
  g_free (c->window);
  g_free (c->clerk);
  g_free (c->state);
  g_free (c->decision);
  g_free (c->accepted_on);
  g_free (c->deadline);
  g_free (c->applicant_name);
  g_free (c->applicant_id);
  g_strfreev (c->departments);
  g_strfreev (c->blobs);
  g_free (c->document);
  g_free (c->tolerance_due);
  g_free (c);
}

void
yc_storage_case_number_free (YcStorageCaseNumber *row)
{
  if (row == NULL)
    return;
  g_free (row->uuid);
  g_free (row->number);
  g_free (row);
}

void
yc_storage_change_free (YcStorageChange *change)
{
  if (change == NULL)
    return;
  g_free (change->kind);
  g_free (change->case_uuid);
  g_free (change->payload);
  g_free (change->hall);
  g_strfreev (change->departments);
  g_free (change->target_user);
  g_free (change);
}

void
yc_storage_upload_free (YcStorageUpload *upload)
{
  if (upload == NULL)
    return;
  g_free (upload->id);
  g_free (upload->username);
  g_free (upload->sha256);
  g_free (upload);
}

gboolean
yc_backoffice_storage_initialize (YcBackofficeStorage *self,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->initialize (self, error);
}

gboolean
yc_backoffice_storage_begin (YcBackofficeStorage *self,
                             gboolean write,
                             GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->begin (self, write, error);
}

gboolean
yc_backoffice_storage_commit (YcBackofficeStorage *self,
                              GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->commit (self, error);
}

void
yc_backoffice_storage_rollback (YcBackofficeStorage *self)
{
  g_return_if_fail (YC_IS_BACKOFFICE_STORAGE (self));
  YC_BACKOFFICE_STORAGE_GET_IFACE (self)->rollback (self);
}

gboolean
yc_backoffice_storage_savepoint (YcBackofficeStorage *self,
                                 GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->savepoint (self, error);
}

gboolean
yc_backoffice_storage_release (YcBackofficeStorage *self,
                               GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->release (self, error);
}

gboolean
yc_backoffice_storage_rollback_to (YcBackofficeStorage *self,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->rollback_to (self, error);
}

char *
yc_backoffice_storage_meta_get (YcBackofficeStorage *self,
                                const char *key,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->meta_get (self, key, error);
}

gboolean
yc_backoffice_storage_meta_set (YcBackofficeStorage *self,
                                const char *key,
                                const char *value,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->meta_set (self, key, value, error);
}

YcStorageUser *
yc_backoffice_storage_user_get (YcBackofficeStorage *self,
                                const char *username,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->user_get (self, username, error);
}

gboolean
yc_backoffice_storage_user_put (YcBackofficeStorage *self,
                                const YcStorageUser *user,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->user_put (self, user, error);
}

GPtrArray *
yc_backoffice_storage_user_list (YcBackofficeStorage *self,
                                 GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->user_list (self, error);
}

gboolean
yc_backoffice_storage_window_put (YcBackofficeStorage *self,
                                  const YcStorageWindow *window,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->window_put (self, window, error);
}

GPtrArray *
yc_backoffice_storage_window_list (YcBackofficeStorage *self,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->window_list (self, error);
}

gboolean
yc_backoffice_storage_catalog_put (YcBackofficeStorage *self,
                                   const char *version,
                                   const char *etag,
                                   GBytes *bytes,
                                   gint64 at,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->catalog_put (self, version, etag, bytes, at, error);
}

GBytes *
yc_backoffice_storage_catalog_get (YcBackofficeStorage *self,
                                   char **out_version,
                                   char **out_etag,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->catalog_get (self, out_version, out_etag, error);
}

GBytes *
yc_backoffice_storage_catalog_get_version (YcBackofficeStorage *self,
                                           const char *version,
                                           char **out_etag,
                                           GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  g_return_val_if_fail (version != NULL, NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->catalog_get_version (self, version, out_etag, error);
}

gboolean
yc_backoffice_storage_session_put (YcBackofficeStorage *self,
                                   const char *token_hash,
                                   const char *username,
                                   gint64 created_at,
                                   gint64 expires_at,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->session_put (self, token_hash, username, created_at, expires_at, error);
}

char *
yc_backoffice_storage_session_get (YcBackofficeStorage *self,
                                   const char *token_hash,
                                   gint64 *out_expires_at,
                                   GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->session_get (self, token_hash, out_expires_at, error);
}

gboolean
yc_backoffice_storage_session_delete (YcBackofficeStorage *self,
                                      const char *token_hash,
                                      gboolean *out_existed,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->session_delete (self, token_hash, out_existed, error);
}

gboolean
yc_backoffice_storage_sessions_purge (YcBackofficeStorage *self,
                                      const char *username,
                                      gint64 expired_before,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->sessions_purge (self, username, expired_before, error);
}

gboolean
yc_backoffice_storage_throttle_get (YcBackofficeStorage *self,
                                    const char *key,
                                    guint *out_failures,
                                    gint64 *out_first_failure,
                                    gint64 *out_locked_until,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->throttle_get (self, key, out_failures, out_first_failure, out_locked_until, error);
}

gboolean
yc_backoffice_storage_throttle_put (YcBackofficeStorage *self,
                                    const char *key,
                                    guint failures,
                                    gint64 first_failure,
                                    gint64 locked_until,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->throttle_put (self, key, failures, first_failure, locked_until, error);
}

gboolean
yc_backoffice_storage_throttle_clear (YcBackofficeStorage *self,
                                      const char *key,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->throttle_clear (self, key, error);
}

gboolean
yc_backoffice_storage_audit_last (YcBackofficeStorage *self,
                                  gint64 *out_id,
                                  char **out_hash,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->audit_last (self, out_id, out_hash, error);
}

gboolean
yc_backoffice_storage_audit_append (YcBackofficeStorage *self,
                                    const YcStorageAudit *row,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->audit_append (self, row, error);
}

GPtrArray *
yc_backoffice_storage_audit_list (YcBackofficeStorage *self,
                                  gint64 after_id,
                                  guint limit,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->audit_list (self, after_id, limit, error);
}

YcStorageBatch *
yc_backoffice_storage_batch_get (YcBackofficeStorage *self,
                                 const char *key,
                                 GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->batch_get (self, key, error);
}

gboolean
yc_backoffice_storage_batch_put (YcBackofficeStorage *self,
                                 const YcStorageBatch *batch,
                                 GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->batch_put (self, batch, error);
}

char *
yc_backoffice_storage_op_get (YcBackofficeStorage *self,
                              const char *op_id,
                              char **out_username,
                              char **out_case_uuid,
                              char **out_op_hash,
                              GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->op_get (self, op_id, out_username, out_case_uuid,
                                                         out_op_hash, error);
}

gboolean
yc_backoffice_storage_op_put (YcBackofficeStorage *self,
                              const char *op_id,
                              const char *batch_key,
                              const char *case_uuid,
                              const char *username,
                              const char *op_hash,
                              const char *result,
                              gint64 at,
                              GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->op_put (self, op_id, batch_key, case_uuid, username,
                                                         op_hash, result, at, error);
}

gint64
yc_backoffice_storage_ops_purge (YcBackofficeStorage *self,
                                 gint64 before,
                                 GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), 0);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->ops_purge (self, before, error);
}

YcStorageCase *
yc_backoffice_storage_case_get (YcBackofficeStorage *self,
                                const char *uuid,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->case_get (self, uuid, error);
}

gboolean
yc_backoffice_storage_case_number_taken (YcBackofficeStorage *self,
                                         const char *number,
                                         gboolean *out_taken,
                                         GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (number != NULL && out_taken != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->case_number_taken (self, number, out_taken, error);
}

gboolean
yc_backoffice_storage_window_enrolled (YcBackofficeStorage *self,
                                       const char *hall,
                                       const char *window,
                                       gboolean *out_enrolled,
                                       GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (hall != NULL && window != NULL && out_enrolled != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->window_enrolled (self, hall, window, out_enrolled,
                                                                  error);
}

gboolean
yc_backoffice_storage_case_put (YcBackofficeStorage *self,
                                const YcStorageCase *c,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->case_put (self, c, error);
}

GPtrArray *
yc_backoffice_storage_case_query (YcBackofficeStorage *self,
                                  const YcStorageCaseFilter *filter,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->case_query (self, filter, error);
}

GPtrArray *
yc_backoffice_storage_blob_cases (YcBackofficeStorage *self,
                                  const char *sha256,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->blob_cases (self, sha256, error);
}

GPtrArray *
yc_backoffice_storage_cases_tolerance_due (YcBackofficeStorage *self,
                                           const char *due_before,
                                           const char *after_due,
                                           const char *after_uuid,
                                           guint limit,
                                           GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  g_return_val_if_fail (due_before != NULL, NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->cases_tolerance_due (self, due_before, after_due,
                                                                      after_uuid, limit, error);
}

gboolean
yc_backoffice_storage_conflict_put (YcBackofficeStorage *self,
                                    const YcStorageConflict *conflict,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->conflict_put (self, conflict, error);
}

gboolean
yc_backoffice_storage_applicant_flag (YcBackofficeStorage *self,
                                      const char *id_number,
                                      const char *case_uuid,
                                      const char *reason,
                                      gint64 at,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->applicant_flag (self, id_number, case_uuid, reason, at, error);
}

gboolean
yc_backoffice_storage_applicant_flagged (YcBackofficeStorage *self,
                                         const char *id_number,
                                         gboolean *out_flagged,
                                         gint64 *out_first_at,
                                         GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->applicant_flagged (self, id_number, out_flagged, out_first_at, error);
}

guint64
yc_backoffice_storage_change_append (YcBackofficeStorage *self,
                                     const YcStorageChange *change,
                                     GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), 0);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->change_append (self, change, error);
}

GPtrArray *
yc_backoffice_storage_changes_list (YcBackofficeStorage *self,
                                    guint64 after_seq,
                                    const YcStorageScope *scope,
                                    guint limit,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->changes_list (self, after_seq, scope, limit, error);
}

guint64
yc_backoffice_storage_head_seq (YcBackofficeStorage *self,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), 0);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->head_seq (self, error);
}

YcStorageUpload *
yc_backoffice_storage_upload_get (YcBackofficeStorage *self,
                                  const char *id,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->upload_get (self, id, error);
}

gboolean
yc_backoffice_storage_upload_put (YcBackofficeStorage *self,
                                  const YcStorageUpload *upload,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->upload_put (self, upload, error);
}

gboolean
yc_backoffice_storage_upload_delete (YcBackofficeStorage *self,
                                     const char *id,
                                     GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->upload_delete (self, id, error);
}

GPtrArray *
yc_backoffice_storage_uploads_older (YcBackofficeStorage *self,
                                     gint64 updated_before,
                                     GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->uploads_older (self, updated_before, error);
}

/* Whether @username has a complete upload of @sha256: one whose bytes that user sent and the
 * back office verified (an upload row created without a byte does not count). */
gboolean
yc_backoffice_storage_upload_by_user (YcBackofficeStorage *self,
                                      const char *username,
                                      const char *sha256,
                                      gboolean *out_found,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->upload_by_user (self, username, sha256, out_found, error);
}

gboolean
yc_backoffice_storage_blob_get (YcBackofficeStorage *self,
                                const char *sha256,
                                gint64 *out_length,
                                gboolean *out_found,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->blob_get (self, sha256, out_length, out_found, error);
}

gboolean
yc_backoffice_storage_blob_put (YcBackofficeStorage *self,
                                const char *sha256,
                                gint64 length,
                                gint64 at,
                                GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->blob_put (self, sha256, length, at, error);
}

GPtrArray *
yc_backoffice_storage_window_cases (YcBackofficeStorage *self,
                                    const char *hall,
                                    const char *window,
                                    const char *day,
                                    GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  g_return_val_if_fail (hall != NULL && window != NULL && day != NULL, NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->window_cases (self, hall, window, day, error);
}

GPtrArray *
yc_backoffice_storage_cases_accepted (YcBackofficeStorage *self,
                                      const char *hall,
                                      const char *from,
                                      const char *to,
                                      const char *after_on,
                                      const char *after_uuid,
                                      guint limit,
                                      GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail ((after_on == NULL) == (after_uuid == NULL), NULL);
  g_return_val_if_fail (limit > 0, NULL);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->cases_accepted (self, hall, from, to, after_on, after_uuid, limit, error);
}

gboolean
yc_backoffice_storage_part_change_get (YcBackofficeStorage *self,
                                       const char *uuid,
                                       const char *department,
                                       gboolean *out_found,
                                       gint64 *out_version,
                                       char **out_username,
                                       GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && department != NULL, FALSE);
  g_return_val_if_fail (out_found != NULL && out_version != NULL && out_username != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->part_change_get (self, uuid, department, out_found, out_version,
                                                                  out_username, error);
}

gboolean
yc_backoffice_storage_part_change_put (YcBackofficeStorage *self,
                                       const char *uuid,
                                       const char * const *departments,
                                       gint64 version,
                                       const char *username,
                                       GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && departments != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->part_change_put (self, uuid, departments, version, username,
                                                                  error);
}

gboolean
yc_backoffice_storage_rebase_get (YcBackofficeStorage *self,
                                  const char *uuid,
                                  const char *username,
                                  gboolean *out_found,
                                  gint64 *out_client_version,
                                  gint64 *out_server_version,
                                  gint64 *out_known_version,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && username != NULL, FALSE);
  g_return_val_if_fail (out_found != NULL && out_client_version != NULL, FALSE);
  g_return_val_if_fail (out_server_version != NULL && out_known_version != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->rebase_get (self, uuid, username, out_found, out_client_version,
                                                             out_server_version, out_known_version, error);
}

gboolean
yc_backoffice_storage_rebase_put (YcBackofficeStorage *self,
                                  const char *uuid,
                                  const char *username,
                                  gint64 client_version,
                                  gint64 server_version,
                                  gint64 known_version,
                                  GError **error)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE_STORAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && username != NULL, FALSE);
  return YC_BACKOFFICE_STORAGE_GET_IFACE (self)->rebase_put (self, uuid, username, client_version, server_version,
                                                             known_version, error);
}
