/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yc-backoffice-private.h"
#include "yc-sha256.h"

/*
 * Uploads, tus-style, into data_dir/blobs: a blob is the file blobs/<sha256>, written whole
 * before it is named.  An upload appends chunks to blobs/partial/<id> at the offset the
 * server holds (another offset is CONFLICT, so a client that lost a reply asks with status
 * and resumes); each chunk but the last is fdatasynced before its new offset is committed,
 * so the stored offset never runs ahead of the bytes on disk.  The last chunk is followed by
 * a check of the whole file's SHA-256 (hashed as it arrived when the file came in one chunk,
 * else read back), an fsync of the file, a rename to its name and an fsync of the directory
 * — all before the reply and before its row is committed, so a blob the server has
 * acknowledged survives a crash.  (Syncing the last chunk on its own as well would only
 * cost a second flush of the same bytes.)  One append at a time per upload (a second one
 * meanwhile is CONFLICT).
 *
 * A row never names bytes that are not on disk: a partial file is created (and its directory
 * entry synced) before an offset past 0 is committed (a create with data commits its row only
 * once its chunk is written, its id claimed meanwhile), and a partial file is removed only
 * after the row that named it is gone or back at offset 0 (commit first, then unlink).  A
 * crash between the two leaves at worst a partial file no row names; opening the back office
 * removes those.  Directories, expiry and that clean-up are in yc-uploads-disk.c.
 */

static gboolean
is_sha256 (const char *str)
{
  if (str == NULL || strlen (str) != 64)
    return FALSE;
  for (const char *c = str; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c) || g_ascii_isupper (*c))
      return FALSE;
  return TRUE;
}

static gboolean
may_upload (YcBackoffice *self,
            YcPrincipal  *p,
            GError      **error)
{
  YcRole role = yc_principal_get_role (p);

  /* Clerks scan at the counter; reviewers may add material versions in the back office. */
  if (role == YC_ROLE_CLERK || role == YC_ROLE_REVIEWER)
    return TRUE;
  yc_backoffice_deny (self, p, "upload", NULL, "role may not upload");
  return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                                  _("Your role may not upload materials"));
}

static JsonNode *
upload_to_json (const YcStorageUpload *upload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, upload->id);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, upload->sha256);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_int_value (builder, upload->offset);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, upload->length);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, upload->complete);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
blob_path (YcBackoffice *self,
           const char   *sha256)
{
  return g_build_filename (self->blobs_dir, sha256, NULL);
}

static char *
partial_path (YcBackoffice *self,
              const char   *id)
{
  return g_build_filename (self->partial_dir, id, NULL);
}

static gboolean
io_error (GError     **error,
          const char  *path,
          int          saved_errno)
{
  return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                                  _("The material file %s could not be stored: %s"),
                                  path, g_strerror (saved_errno));
}

/*
 * Whether @username's own upload of @sha256 received the bytes and verified them.  Only a
 * complete upload row says so (storage's upload_by_user looks at complete rows only): a
 * create completes at once only for a user who already has such a row (below), so by
 * induction every complete row of a user is backed by bytes that user sent.  Knowing a hash
 * is not enough to read a blob or to learn that it exists.
 */
static gboolean
user_received (YcBackoffice  *self,
               const char    *username,
               const char    *sha256,
               gboolean      *out_received,
               GError       **error)
{
  return yc_backoffice_storage_upload_by_user (self->storage, username, sha256, out_received, error);
}

/* An upload's row committed in a group with whatever else commits at that moment
 * (yc-backoffice-push-group.c): each commit costs a write and an fsync of the log however
 * little it holds, and with several uploads in flight the rows of one upload after another
 * would queue behind each other's fsync.  The caller is answered once the commit holding
 * its row returned. */
typedef struct {
  YcGroupUnit       unit;        /* first: the group sees this */
  YcBackoffice     *self;
  YcStorageUpload  *upload;
  const char       *held_path;   /* create: the blob's file, to complete at once (below) */
  gboolean          put_blob;    /* the last chunk: the blob's row too */
} UploadUnit;

static gboolean
upload_unit_apply (YcGroupUnit  *unit,
                   GError      **error)
{
  UploadUnit *u = (UploadUnit *) unit;
  YcStorageUpload *upload = u->upload;
  YcBackofficeStorage *storage = u->self->storage;

  if (u->held_path != NULL)
    {
      gint64 held_length = 0;
      gboolean found = FALSE;

      if (!yc_backoffice_storage_blob_get (storage, upload->sha256, &held_length, &found, error))
        return FALSE;
      if (found && held_length == upload->length && g_file_test (u->held_path, G_FILE_TEST_IS_REGULAR))
        {
          gboolean received = FALSE;

          if (!user_received (u->self, upload->username, upload->sha256, &received, error))
            return FALSE;
          if (received)
            {
              upload->offset = upload->length;
              upload->complete = TRUE;
            }
        }
    }
  return yc_backoffice_storage_upload_put (storage, upload, error)
         && (!u->put_blob
             || yc_backoffice_storage_blob_put (storage, upload->sha256, upload->length,
                                                upload->updated_at, error));
}

/* Before the unit is applied again in a new transaction: a create decides afresh. */
static void
upload_unit_reset (YcGroupUnit *unit)
{
  UploadUnit *u = (UploadUnit *) unit;

  if (u->held_path != NULL)
    {
      u->upload->offset = 0;
      u->upload->complete = FALSE;
    }
}

static gboolean
commit_upload (YcBackoffice     *self,
               YcStorageUpload  *upload,
               const char       *held_path,
               gboolean          put_blob,
               GError          **error)
{
  UploadUnit u = { { 0 }, self, upload, held_path, put_blob };

  u.unit.apply = upload_unit_apply;
  u.unit.reset = upload_unit_reset;
  yc_backoffice_group_announce (self);
  yc_backoffice_group_commit (self, &u.unit);
  if (u.unit.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&u.unit.error));
      return FALSE;
    }
  return TRUE;
}

/* What a create checks before anything is stored: the role, the hash, the length. */
static gboolean
may_create (YcBackoffice  *self,
            YcPrincipal   *p,
            const char    *sha256,
            gint64         length,
            GError       **error)
{
  gint64 limit;

  if (!may_upload (self, p, error))
    return FALSE;
  if (!is_sha256 (sha256))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "sha256",
                                    _("The checksum must be 64 lowercase hexadecimal digits (SHA-256)"));
  g_mutex_lock (&self->lock);
  limit = self->upload_limit;
  g_mutex_unlock (&self->lock);
  if (length < 0)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "length",
                                    _("The length cannot be negative"));
  if (length > limit)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_TOO_LARGE, "length",
                                    _("The file is larger than the back office accepts (%d MiB)"),
                                    (int) (limit / (1024 * 1024)));
  return TRUE;
}

/* A new upload of @p at offset 0; @upload borrows its strings.  Returns: (transfer full):
 * its id, which @upload->id points to. */
static char *
new_upload (YcBackoffice     *self,
            YcPrincipal      *p,
            const char       *sha256,
            gint64            length,
            YcStorageUpload  *upload)
{
  char *id = g_uuid_string_random ();

  upload->id = id;
  upload->username = (char *) yc_principal_get_username (p);
  upload->sha256 = (char *) sha256;
  upload->length = length;
  upload->created_at = upload->updated_at = yc_backoffice_now_unix (self);
  return id;
}

/**
 * yc_backoffice_upload_create:
 *
 * Starts an upload of a file of @length bytes whose SHA-256 is @sha256.  A blob the server
 * already holds is complete at once (nothing needs to be sent) only for a user whose own
 * upload of it was received; anyone else sends the file like a new one (offset 0), so the
 * answer does not tell whether the server holds it, and the bytes sent are verified.
 *
 * Returns: (transfer full): {id, sha256, offset, length, complete}
 */
JsonNode *
yc_backoffice_upload_create (YcBackoffice  *self,
                             YcPrincipal   *p,
                             const char    *sha256,
                             gint64         length,
                             GError       **error)
{
  g_autofree char *path = NULL;
  YcStorageUpload upload = { 0 };
  g_autofree char *id = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  if (!may_create (self, p, sha256, length, error))
    return NULL;
  id = new_upload (self, p, sha256, length, &upload);
  path = blob_path (self, sha256);

  if (!commit_upload (self, &upload, path, FALSE, error))
    return NULL;
  return upload_to_json (&upload);
}

static YcStorageUpload *
load_upload (YcBackoffice  *self,
             YcPrincipal   *p,
             const char    *id,
             gboolean       write,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  YcStorageUpload *upload = NULL;

  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "id", _("There is no such upload"));
      return NULL;
    }
  if (!yc_backoffice_storage_begin (self->storage, write, error))
    return NULL;
  upload = yc_backoffice_storage_upload_get (self->storage, id, &local_error);
  /* Another user's upload is as absent as one that never was. */
  if (upload != NULL && g_strcmp0 (upload->username, yc_principal_get_username (p)) != 0)
    g_clear_pointer (&upload, yc_storage_upload_free);
  if (upload == NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "id",
                                 _("There is no such upload; it may have expired: start again"));
    }
  return upload;
}

JsonNode *
yc_backoffice_upload_status (YcBackoffice  *self,
                             YcPrincipal   *p,
                             const char    *id,
                             GError       **error)
{
  g_autoptr(YcStorageUpload) upload = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  upload = load_upload (self, p, id, FALSE, error);
  if (upload == NULL)
    return NULL;
  yc_backoffice_storage_rollback (self->storage);
  return upload_to_json (upload);
}

/* Writes @chunk at @offset of the partial file and, when @sync, syncs it; the first chunk's
 * file gets its directory entry synced too, before any offset that counts on it is
 * committed.  The last chunk is not synced here: finish_blob() syncs the whole file and the
 * directory of its final name before anything is committed.  A file missing or shorter than
 * @offset (lost in a crash of the file system) is YC_BACKOFFICE_ERROR_CONFLICT: the upload
 * starts over rather than fill the gap. */
static gboolean
write_chunk (const char  *path,
             gint64       offset,
             GBytes      *chunk,
             gboolean     sync,
             GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  struct stat st;
  gsize done = 0;
  int fd;

  fd = open (path, O_WRONLY | O_CLOEXEC | (offset == 0 ? O_CREAT : 0), 0600);
  if (fd < 0 && errno == ENOENT)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "offset",
                                    _("The part of this upload received so far was lost; "
                                      "send the file again from the start"));
  if (fd < 0)
    return io_error (error, path, errno);
  if (fstat (fd, &st) != 0)
    goto fail;
  if (st.st_size < offset)
    {
      close (fd);
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "offset",
                                      _("The part of this upload received so far was lost; "
                                        "send the file again from the start"));
    }
  /* Bytes past the committed offset are from an append that failed half way: drop them. */
  if (ftruncate (fd, offset) != 0)
    goto fail;
  while (done < size)
    {
      ssize_t n = pwrite (fd, data + done, size - done, offset + done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += n;
    }
  if (sync && fdatasync (fd) != 0)
    goto fail;
  close (fd);
  /* The first chunk (re)creates the file: its name must be as durable as its bytes, even
   * when an earlier try created it and crashed before this sync. */
  if (sync && offset == 0)
    {
      g_autofree char *directory = g_path_get_dirname (path);
      return yc_backoffice_fsync_directory (directory, error);
    }
  return TRUE;

fail:
  {
    int saved_errno = errno;
    close (fd);
    return io_error (error, path, saved_errno);
  }
}

static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  guint8 buffer[64 * 1024];
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    {
      io_error (error, path, errno);
      return NULL;
    }
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          io_error (error, path, saved_errno);
          return NULL;
        }
      yc_sha256_update (checksum, buffer, n);
    }
  close (fd);
  return yc_sha256_get_hex (checksum);
}

/* The whole file is in: check it, make it durable and give it its name.  @sha256: the
 * file's hash when it was computed from the bytes as they came (a file sent in one chunk),
 * else NULL and the file is read back. */
static gboolean
finish_blob (YcBackoffice     *self,
             YcStorageUpload  *upload,
             const char       *partial,
             const char       *sha256,
             GError          **error)
{
  g_autofree char *actual = sha256 != NULL ? g_strdup (sha256) : file_sha256 (partial, error);
  g_autofree char *final = NULL;
  int fd;

  if (actual == NULL)
    return FALSE;
  if (g_strcmp0 (actual, upload->sha256) != 0)
    {
      /* Start over: a resumed upload of a corrupt prefix would never verify.  The caller
       * commits offset 0 and only then removes the file. */
      upload->offset = 0;
      return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_MISMATCH, "sha256",
                                      _("The file received does not match its checksum; upload it again"));
    }
  fd = open (partial, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      return io_error (error, partial, saved_errno);
    }
  close (fd);
  final = blob_path (self, upload->sha256);
  if (g_rename (partial, final) != 0)
    return io_error (error, final, errno);
  return yc_backoffice_fsync_directory (self->blobs_dir, error);
}

/* Commits @upload's offset in a transaction of its own. */
static gboolean
store_upload (YcBackoffice     *self,
              YcStorageUpload  *upload,
              GError          **error)
{
  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  if (!yc_backoffice_storage_upload_put (self->storage, upload, error))
    {
      yc_backoffice_storage_rollback (self->storage);
      return FALSE;
    }
  return yc_backoffice_storage_commit (self->storage, error);
}

/* Checks @chunk against @chunk_sha256 (when given) before anything is written; its hash
 * goes to @out_sha256 when computed (always for a @whole file, whose hash it is). */
static gboolean
check_chunk (GBytes      *chunk,
             const char  *chunk_sha256,
             gboolean     whole,
             char       **out_sha256,
             GError     **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (chunk, &size);

  if (chunk_sha256 == NULL && !whole)
    return TRUE;
  *out_sha256 = yc_backoffice_sha256_hex (data, size);
  if (chunk_sha256 != NULL && g_ascii_strcasecmp (*out_sha256, chunk_sha256) != 0)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_MISMATCH, "chunk_sha256",
                                    _("The chunk does not match its checksum; send it again"));
  return TRUE;
}

/**
 * yc_backoffice_upload_append:
 * @offset: where @chunk starts; must be the server's offset (else CONFLICT)
 * @chunk_sha256: (nullable): SHA-256 of @chunk (else MISMATCH, nothing written)
 *
 * Returns: (transfer full): {id, sha256, offset, length, complete}; after the last chunk the
 *   blob is verified and durable.
 */
JsonNode *
yc_backoffice_upload_append (YcBackoffice  *self,
                             YcPrincipal   *p,
                             const char    *id,
                             gint64         offset,
                             GBytes        *chunk,
                             const char    *chunk_sha256,
                             GError       **error)
{
  g_autoptr(YcStorageUpload) upload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *actual = NULL;
  JsonNode *result = NULL;
  gsize size = g_bytes_get_size (chunk);
  gboolean whole, last;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (chunk != NULL, NULL);

  if (!may_upload (self, p, error))
    return NULL;
  upload = load_upload (self, p, id, FALSE, error);
  if (upload == NULL)
    return NULL;
  yc_backoffice_storage_rollback (self->storage);

  /* A file sent in one chunk is hashed once, here: that is the whole file's hash too. */
  whole = offset == 0 && (gint64) size == upload->length;
  if (!check_chunk (chunk, chunk_sha256, whole, &actual, error))
    return NULL;

  if (!yc_backoffice_upload_claim (self, id))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "offset",
                               _("Another part of this upload is being received; ask for its offset"));
      return NULL;
    }

  /* Read again now that no other append runs: its offset is final. */
  g_clear_pointer (&upload, yc_storage_upload_free);
  upload = load_upload (self, p, id, FALSE, error);
  if (upload == NULL)
    goto out;
  yc_backoffice_storage_rollback (self->storage);

  if (upload->complete || offset != upload->offset)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_CONFLICT, "offset",
                               _("The upload is at offset %lld, not %lld"),
                               (long long) upload->offset, (long long) offset);
      goto out;
    }
  if ((gint64) size > upload->length - upload->offset)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_TOO_LARGE, "length",
                               _("The data runs past the announced length of %lld bytes"),
                               (long long) upload->length);
      goto out;
    }

  partial = partial_path (self, upload->id);
  last = (gint64) size == upload->length - upload->offset;
  if (!write_chunk (partial, upload->offset, chunk, !last, &local_error))
    {
      /* The bytes behind the stored offset are gone: the upload starts over. */
      if (g_error_matches (local_error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT))
        {
          upload->offset = 0;
          upload->updated_at = yc_backoffice_now_unix (self);
          store_upload (self, upload, NULL);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }
  upload->offset += size;
  upload->updated_at = yc_backoffice_now_unix (self);

  if (upload->offset == upload->length)
    {
      if (!finish_blob (self, upload, partial, whole ? actual : NULL, &local_error))
        {
          /* A checksum mismatch resets the offset: committed before the bytes go, so the
           * row never names bytes that are not there (the next chunk at 0 truncates the
           * file anyway, should the removal not happen). */
          if (upload->offset == 0 && store_upload (self, upload, NULL))
            g_unlink (partial);
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      upload->complete = TRUE;
    }

  if (!commit_upload (self, upload, NULL, upload->complete, error))
    goto out;
  result = upload_to_json (upload);

out:
  yc_backoffice_upload_release (self, id);
  return result;
}

/* Whether a create of @sha256 by @p completes at once: the blob is held and @p's own upload
 * of it was received (see yc_backoffice_upload_create()). */
static gboolean
held_for (YcBackoffice  *self,
          YcPrincipal   *p,
          const char    *sha256,
          gint64         length,
          gboolean      *out_held,
          GError       **error)
{
  g_autofree char *path = blob_path (self, sha256);
  gint64 held_length = 0;
  gboolean found = FALSE, ok;

  *out_held = FALSE;
  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return FALSE;
  ok = yc_backoffice_storage_blob_get (self->storage, sha256, &held_length, &found, error);
  if (ok && found && held_length == length && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    ok = user_received (self, yc_principal_get_username (p), sha256, out_held, error);
  yc_backoffice_storage_rollback (self->storage);
  return ok;
}

/**
 * yc_backoffice_upload_create_with_data:
 * @chunk: the file's first bytes; the whole file when they are @length bytes
 * @chunk_sha256: (nullable): SHA-256 of @chunk (else MISMATCH, nothing kept)
 *
 * Creation with upload: yc_backoffice_upload_create() and the append of @chunk at offset 0
 * under one commit, so that a file that fits in a chunk costs one request and one commit.
 * The upload's row is committed only once the chunk is on disk (the whole blob verified,
 * synced and named, for a whole file); until then its id is claimed, so that expiry and
 * recovery leave its partial file alone, and a failure leaves no row and removes the file.
 * A blob the caller's own upload received before completes at once, as with create, and
 * @chunk is not written.
 *
 * Returns: (transfer full): {id, sha256, offset, length, complete}
 */
JsonNode *
yc_backoffice_upload_create_with_data (YcBackoffice  *self,
                                       YcPrincipal   *p,
                                       const char    *sha256,
                                       gint64         length,
                                       GBytes        *chunk,
                                       const char    *chunk_sha256,
                                       GError       **error)
{
  YcStorageUpload upload = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *actual = NULL;
  JsonNode *result = NULL;
  gboolean held = FALSE, whole;
  gsize size;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (chunk != NULL, NULL);

  if (!may_create (self, p, sha256, length, error))
    return NULL;
  size = g_bytes_get_size (chunk);
  if ((gint64) size > length)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_TOO_LARGE, "length",
                               _("The data runs past the announced length of %lld bytes"),
                               (long long) length);
      return NULL;
    }
  if (!held_for (self, p, sha256, length, &held, error))
    return NULL;
  if (held)
    return yc_backoffice_upload_create (self, p, sha256, length, error);

  whole = (gint64) size == length;
  if (!check_chunk (chunk, chunk_sha256, whole, &actual, error))
    return NULL;

  id = new_upload (self, p, sha256, length, &upload);
  partial = partial_path (self, id);
  /* A fresh id: nothing else can hold it, but recovery and expiry must see it taken. */
  yc_backoffice_upload_claim (self, id);
  if (!write_chunk (partial, 0, chunk, !whole, error))
    goto out;
  upload.offset = size;
  upload.updated_at = yc_backoffice_now_unix (self);
  if (whole)
    {
      if (!finish_blob (self, &upload, partial, actual, error))
        goto out;
      upload.complete = TRUE;
    }
  if (commit_upload (self, &upload, NULL, upload.complete, error))
    result = upload_to_json (&upload);

out:
  /* No row names the partial file (a blob already renamed is harmless without its row: the
   * next upload of it renames over it). */
  if (result == NULL && !upload.complete)
    g_unlink (partial);
  yc_backoffice_upload_release (self, id);
  return result;
}

/**
 * yc_backoffice_blob_file:
 *
 * Returns: (transfer full): the file of a stored blob, when @p may see it: it belongs to a
 *   case in @p's scope, or @p's own upload of it received the bytes.  NOT_FOUND otherwise (not FORBIDDEN: whether a
 *   blob exists is not for everyone to learn).
 */
gboolean
yc_backoffice_blob_allowed (YcBackoffice  *self,
                            YcPrincipal   *p,
                            const char    *sha256,
                            gboolean      *out_found,
                            gboolean      *out_allowed,
                            GError       **error)
{
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_found = *out_allowed = FALSE;
  if (!yc_backoffice_storage_blob_get (self->storage, sha256, NULL, out_found, error))
    return FALSE;
  if (!*out_found)
    return TRUE;
  if (!user_received (self, yc_principal_get_username (p), sha256, out_allowed, error))
    return FALSE;
  if (*out_allowed)
    return TRUE;
  uuids = yc_backoffice_storage_blob_cases (self->storage, sha256, &local_error);
  for (guint i = 0; uuids != NULL && i < uuids->len && !*out_allowed; i++)
    {
      g_autoptr(YcStorageCase) c = yc_backoffice_storage_case_get (self->storage,
                                                                   g_ptr_array_index (uuids, i),
                                                                   &local_error);
      *out_allowed = c != NULL && yc_backoffice_can_read_case (p, c);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

GFile *
yc_backoffice_blob_file (YcBackoffice  *self,
                         YcPrincipal   *p,
                         const char    *sha256,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  gboolean found = FALSE, allowed = FALSE;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  if (!is_sha256 (sha256))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "sha256",
                               _("The checksum must be 64 lowercase hexadecimal digits (SHA-256)"));
      return NULL;
    }

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  yc_backoffice_blob_allowed (self, p, sha256, &found, &allowed, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (found && !allowed)
    yc_backoffice_deny (self, p, "blob.read", sha256, "not in scope");
  if (!found || !allowed)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, "sha256",
                               _("There is no such material file"));
      return NULL;
    }
  path = blob_path (self, sha256);
  return g_file_new_for_path (path);
}
