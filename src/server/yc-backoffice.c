/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "yc-backoffice-private.h"
#include "yc-sha256.h"

/*
 * The service object: configuration, the clock, errors, the catalog and health.  Sessions
 * are in yc-backoffice-sessions.c, administration in yc-backoffice-admin.c, push and changes
 * in yc-backoffice-push.c, review queries and statistics in yc-backoffice-review.c, uploads
 * in yc-uploads.c, the audit chain in yc-audit.c.  Every public call is thread-safe: the
 * storage serialises transactions, @lock guards the few members that change.
 */

enum {
  SIGNAL_COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (YcBackoffice, yc_backoffice, G_TYPE_OBJECT)

typedef struct {
  char *field;
} YcBackofficeErrorPrivate;

static void
yc_backoffice_error_private_init (YcBackofficeErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
yc_backoffice_error_private_copy (const YcBackofficeErrorPrivate *src,
                                  YcBackofficeErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
yc_backoffice_error_private_clear (YcBackofficeErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (YcBackofficeError, yc_backoffice_error)

static const struct {
  YcBackofficeError  code;
  const char        *name;
  guint              status;
} error_codes[] = {
  { YC_BACKOFFICE_ERROR_INVALID, "invalid", 400 },
  { YC_BACKOFFICE_ERROR_UNAUTHORIZED, "unauthorized", 401 },
  { YC_BACKOFFICE_ERROR_FORBIDDEN, "forbidden", 403 },
  { YC_BACKOFFICE_ERROR_NOT_FOUND, "not_found", 404 },
  { YC_BACKOFFICE_ERROR_CONFLICT, "conflict", 409 },
  { YC_BACKOFFICE_ERROR_GONE, "gone", 410 },
  { YC_BACKOFFICE_ERROR_TOO_LARGE, "too_large", 413 },
  { YC_BACKOFFICE_ERROR_MISMATCH, "mismatch", 422 },
  { YC_BACKOFFICE_ERROR_LOCKED_OUT, "locked_out", 429 },
  { YC_BACKOFFICE_ERROR_STORAGE, "storage", 500 },
};

/**
 * yc_backoffice_error_get_field:
 *
 * Returns: (nullable): the request field a YC_BACKOFFICE_ERROR is about ("password",
 *   "Idempotency-Key", "since" …), or %NULL.
 */
const char *
yc_backoffice_error_get_field (const GError *error)
{
  YcBackofficeErrorPrivate *priv;

  if (error == NULL || error->domain != YC_BACKOFFICE_ERROR)
    return NULL;
  priv = yc_backoffice_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

const char *
yc_backoffice_error_code_string (int code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    if ((int) error_codes[i].code == code)
      return error_codes[i].name;
  return "storage";
}

/**
 * yc_backoffice_error_http_status:
 *
 * Maps an error of any domain to the HTTP status the API answers: the back office's own
 * codes by the table above, a malformed operation or case document 400, anything else 500.
 */
guint
yc_backoffice_error_http_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 500);

  if (error->domain == YC_BACKOFFICE_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
        if ((int) error_codes[i].code == error->code)
          return error_codes[i].status;
      return 500;
    }
  if (error->domain == YC_OPERATION_ERROR || error->domain == YC_CASE_ERROR
      || error->domain == JSON_PARSER_ERROR)
    return 400;
  if (error->domain == YC_CASE_MACHINE_ERROR)
    return error->code == YC_CASE_MACHINE_ERROR_FORBIDDEN ? 403
         : error->code == YC_CASE_MACHINE_ERROR_INVALID_PAYLOAD ? 400 : 409;
  return 500;
}

gboolean
yc_backoffice_set_error (GError            **error,
                         YcBackofficeError   code,
                         const char         *field,
                         const char         *format,
                         ...)
{
  va_list args;
  GError *new_error;

  va_start (args, format);
  new_error = g_error_new_valist (YC_BACKOFFICE_ERROR, code, format, args);
  va_end (args);
  if (field != NULL)
    yc_backoffice_error_get_private (new_error)->field = g_strdup (field);
  g_propagate_error (error, new_error);
  return FALSE;
}

static void
yc_backoffice_finalize (GObject *object)
{
  YcBackoffice *self = (YcBackoffice *)object;

  g_clear_object (&self->storage);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->catalogs, g_hash_table_unref);
  g_clear_pointer (&self->batches_in_flight, g_hash_table_unref);
  g_clear_pointer (&self->uploads_busy, g_hash_table_unref);
  g_free (self->catalog_version);
  g_free (self->dummy_hash);
  g_free (self->epoch);
  g_clear_pointer (&self->old_epochs, g_ptr_array_unref);
  g_free (self->data_dir);
  g_free (self->blobs_dir);
  g_free (self->partial_dir);
  g_mutex_clear (&self->lock);
  yc_backoffice_group_clear (self);

  G_OBJECT_CLASS (yc_backoffice_parent_class)->finalize (object);
}

static void
yc_backoffice_class_init (YcBackofficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_backoffice_finalize;

  /**
   * YcBackoffice::committed:
   * @seq: the head of the change feed after the commit
   *
   * Emitted from the committing thread after a commit that added changes.  Handlers run on
   * that thread: marshal to your own main context.
   */
  signals[SIGNAL_COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
yc_backoffice_init (YcBackoffice *self)
{
  g_mutex_init (&self->lock);
  yc_backoffice_group_init (self);
  self->batches_in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->uploads_busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->old_epochs = g_ptr_array_new_with_free_func (g_free);
  self->token_lifetime = YC_BACKOFFICE_DEFAULT_TOKEN_LIFETIME;
  self->upload_limit = YC_BACKOFFICE_DEFAULT_UPLOAD_LIMIT;
  self->yellow_threshold = YC_CASE_YELLOW_THRESHOLD_DEFAULT;
  self->lockout_failures = YC_BACKOFFICE_DEFAULT_LOCKOUT_FAILURES;
  self->lockout_duration = YC_BACKOFFICE_DEFAULT_LOCKOUT_DURATION;
}

void
yc_backoffice_emit_committed (YcBackoffice *self,
                              guint64       seq)
{
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, seq);
}

/**
 * yc_backoffice_open:
 * @data_dir: the back office's directory: backoffice.db and blobs/ live there
 * @calendar: the working-day calendar for deadlines
 *
 * Opens (creating as needed) the data directory and the database.  Call
 * yc_backoffice_initialize() before anything else.
 *
 * Returns: (transfer full): the back office, or %NULL with @error set
 */
YcBackoffice *
yc_backoffice_open (const char  *data_dir,
                    YcCalendar  *calendar,
                    GError     **error)
{
  g_autoptr(YcBackoffice) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);

  if (sodium_init () < 0)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_STORAGE, NULL,
                               _("The cryptography library could not be initialised"));
      return NULL;
    }

  self = g_object_new (YC_TYPE_BACKOFFICE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->blobs_dir = g_build_filename (data_dir, "blobs", NULL);
  self->partial_dir = g_build_filename (self->blobs_dir, "partial", NULL);
  self->calendar = g_object_ref (calendar);

  if (!yc_backoffice_uploads_prepare_directories (self, error))
    return NULL;

  db_path = g_build_filename (data_dir, "backoffice.db", NULL);
  self->storage = yc_backoffice_sqlite_new (db_path, error);
  if (self->storage == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * yc_backoffice_initialize:
 *
 * Creates the schema (idempotent) and, on the first run, the epoch of the change feed: a
 * random id that a reset database never shares, so clients holding a cursor of another
 * epoch are told to resync (GONE).
 */
gboolean
yc_backoffice_initialize (YcBackoffice  *self,
                          GError       **error)
{
  g_autofree char *epoch = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  if (!yc_backoffice_storage_initialize (self->storage, error))
    return FALSE;
  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  epoch = yc_backoffice_storage_meta_get (self->storage, "epoch", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (epoch == NULL)
    {
      guint8 random[8];

      randombytes_buf (random, sizeof random);
      epoch = g_malloc (2 * sizeof random + 1);
      sodium_bin2hex (epoch, 2 * sizeof random + 1, random, sizeof random);
      if (!yc_backoffice_storage_meta_set (self->storage, "epoch", epoch, error)
          || !yc_audit_append (self->storage, yc_backoffice_now_unix (self), "-", "initialize",
                               epoch, "ok", NULL, error))
        goto fail;
      g_info ("New back office in %s, epoch %s", self->data_dir, epoch);
    }
  if (!yc_backoffice_storage_commit (self->storage, error))
    return FALSE;
  /* Partial files left by a crash between an upload's expiry and the removal of its file. */
  if (yc_backoffice_uploads_recover (self, error) < 0)
    return FALSE;

  g_mutex_lock (&self->lock);
  if (self->epoch != NULL)
    g_ptr_array_add (self->old_epochs, self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  g_mutex_unlock (&self->lock);
  return TRUE;

fail:
  yc_backoffice_storage_rollback (self->storage);
  return FALSE;
}

const char *
yc_backoffice_get_data_dir (YcBackoffice *self)
{
  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  return self->data_dir;
}

/* Valid as long as @self: a replaced epoch is kept until finalization. */
const char *
yc_backoffice_get_epoch (YcBackoffice *self)
{
  const char *epoch;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  g_mutex_lock (&self->lock);
  epoch = self->epoch;
  g_mutex_unlock (&self->lock);
  return epoch;
}

void
yc_backoffice_set_token_lifetime (YcBackoffice *self,
                                  GTimeSpan     lifetime)
{
  g_return_if_fail (YC_IS_BACKOFFICE (self));
  g_return_if_fail (lifetime > 0);

  g_mutex_lock (&self->lock);
  self->token_lifetime = lifetime;
  g_mutex_unlock (&self->lock);
}

void
yc_backoffice_set_upload_limit (YcBackoffice *self,
                                gint64        max_bytes)
{
  g_return_if_fail (YC_IS_BACKOFFICE (self));
  g_return_if_fail (max_bytes > 0);

  g_mutex_lock (&self->lock);
  self->upload_limit = max_bytes;
  g_mutex_unlock (&self->lock);
}

/**
 * yc_backoffice_set_yellow_threshold:
 * @working_days: a case or part with at most this many working days left is yellow (预警)
 *
 * The one threshold of the hall: the queue, the board, the figures and every client (told
 * at sign-in) count with it, so that a case has the same light everywhere.
 */
void
yc_backoffice_set_yellow_threshold (YcBackoffice *self,
                                    guint         working_days)
{
  g_return_if_fail (YC_IS_BACKOFFICE (self));

  g_mutex_lock (&self->lock);
  self->yellow_threshold = working_days;
  g_mutex_unlock (&self->lock);
}

guint
yc_backoffice_get_yellow_threshold (YcBackoffice *self)
{
  guint threshold;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), YC_CASE_YELLOW_THRESHOLD_DEFAULT);

  g_mutex_lock (&self->lock);
  threshold = self->yellow_threshold;
  g_mutex_unlock (&self->lock);
  return threshold;
}

void
yc_backoffice_set_lockout (YcBackoffice *self,
                           guint         max_failures,
                           GTimeSpan     duration)
{
  g_return_if_fail (YC_IS_BACKOFFICE (self));
  g_return_if_fail (max_failures > 0 && duration > 0);

  g_mutex_lock (&self->lock);
  self->lockout_failures = max_failures;
  self->lockout_duration = duration;
  g_mutex_unlock (&self->lock);
}

/**
 * yc_backoffice_set_clock:
 * @now: (nullable): returns the current time (transfer full); %NULL for the real clock
 *
 * Tests move time forward to expire tokens, lockouts and uploads.
 */
void
yc_backoffice_set_clock (YcBackoffice  *self,
                         GDateTime   *(*now) (gpointer data),
                         gpointer       data)
{
  g_return_if_fail (YC_IS_BACKOFFICE (self));

  g_mutex_lock (&self->lock);
  self->now = now;
  self->now_data = data;
  g_mutex_unlock (&self->lock);
}

void
yc_backoffice_set_push_hook (YcBackoffice         *self,
                             YcBackofficePushHook  hook,
                             gpointer              data)
{
  g_mutex_lock (&self->lock);
  self->push_hook = hook;
  self->push_hook_data = data;
  g_mutex_unlock (&self->lock);
}

GDateTime *
yc_backoffice_now (YcBackoffice *self)
{
  GDateTime *(*now) (gpointer);
  gpointer data;

  g_mutex_lock (&self->lock);
  now = self->now;
  data = self->now_data;
  g_mutex_unlock (&self->lock);
  return now != NULL ? now (data) : g_date_time_new_now_utc ();
}

gint64
yc_backoffice_now_unix (YcBackoffice *self)
{
  g_autoptr(GDateTime) now = yc_backoffice_now (self);

  return g_date_time_to_unix (now);
}

/* The hall's day: local time of the server, as the counters count. */
void
yc_backoffice_today (YcBackoffice *self,
                     GDate        *out_date)
{
  g_autoptr(GDateTime) now = yc_backoffice_now (self);
  g_autoptr(GDateTime) local = g_date_time_to_local (now);

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

char *
yc_backoffice_date_to_iso (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

char *
yc_backoffice_sha256_hex (gconstpointer data,
                          gsize         length)
{
  return yc_sha256_hex_for_data (data, length);
}

void
yc_backoffice_deny (YcBackoffice *self,
                    YcPrincipal  *p,
                    const char   *action,
                    const char   *target,
                    const char   *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  const char *who = p != NULL ? yc_principal_get_username (p) : "-";

  /* Not a warning: denials are expected traffic, and tests run with fatal warnings. */
  g_message ("Denied %s on %s to %s: %s", action, target != NULL ? target : "-", who, reason);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    goto fail;
  if (!yc_audit_append (self->storage, yc_backoffice_now_unix (self), who, "denied", target,
                        "denied", detail, &error))
    {
      yc_backoffice_storage_rollback (self->storage);
      goto fail;
    }
  if (yc_backoffice_storage_commit (self->storage, &error))
    return;
fail:
  g_message ("Could not audit a denial: %s", error->message);
}

gboolean
yc_backoffice_can_read_case (YcPrincipal         *p,
                             const YcStorageCase *c)
{
  switch (yc_principal_get_role (p))
    {
    case YC_ROLE_CLERK:
      return g_strcmp0 (yc_principal_get_hall (p), c->hall) == 0;
    case YC_ROLE_REVIEWER:
      for (guint i = 0; c->departments[i] != NULL; i++)
        if (yc_principal_has_department (p, c->departments[i]))
          return TRUE;
      return FALSE;
    case YC_ROLE_SUPERVISOR:
      return yc_principal_get_hall (p) == NULL || g_strcmp0 (yc_principal_get_hall (p), c->hall) == 0;
    case YC_ROLE_ADMIN:
    default:
      /* Administrators run the system, not the cases. */
      return FALSE;
    }
}

/* The current catalog, loaded from storage once per import: each push asks, so the check
 * is one meta row, and the bytes are read only when another catalog was imported. */
YcCatalog *
yc_backoffice_dup_catalog (YcBackoffice *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog = NULL;

  if (!yc_backoffice_storage_begin (self->storage, FALSE, &error))
    goto fail;
  etag = yc_backoffice_storage_meta_get (self->storage, "catalog_etag", &error);
  if (error != NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      goto fail;
    }
  g_mutex_lock (&self->lock);
  if (etag != NULL && self->catalog != NULL && g_strcmp0 (self->catalog_version, etag) == 0)
    catalog = g_object_ref (self->catalog);
  g_mutex_unlock (&self->lock);
  if (catalog != NULL || etag == NULL)
    {
      yc_backoffice_storage_rollback (self->storage);
      return catalog;
    }
  bytes = yc_backoffice_storage_catalog_get (self->storage, NULL, NULL, &error);
  yc_backoffice_storage_rollback (self->storage);
  if (bytes == NULL)
    {
      if (error != NULL)
        goto fail;
      return NULL;
    }

  catalog = yc_catalog_load_bytes (bytes, NULL, &error);
  if (catalog == NULL)
    goto fail;
  g_mutex_lock (&self->lock);
  g_set_object (&self->catalog, catalog);
  g_free (self->catalog_version);
  self->catalog_version = g_steal_pointer (&etag);
  g_mutex_unlock (&self->lock);
  return catalog;

fail:
  g_message ("The stored catalog could not be loaded: %s", error->message);
  return NULL;
}

/**
 * yc_backoffice_catalog_get:
 *
 * Returns: (transfer full): the current catalog as the app reads it, with its version and
 *   an ETag (quoted, from its hash); NOT_FOUND before the first import.
 */
GBytes *
yc_backoffice_catalog_get (YcBackoffice  *self,
                           char         **out_version,
                           char         **out_etag,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  bytes = yc_backoffice_storage_catalog_get (self->storage, out_version, out_etag, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (bytes == NULL)
    yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_NOT_FOUND, NULL,
                             _("No catalog has been imported into the back office yet"));
  return bytes;
}

guint64
yc_backoffice_head_seq (YcBackoffice *self)
{
  g_autoptr(GError) error = NULL;
  guint64 seq;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), 0);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, &error))
    {
      g_message ("Reading the head of the change feed failed: %s", error->message);
      return 0;
    }
  seq = yc_backoffice_storage_head_seq (self->storage, &error);
  yc_backoffice_storage_rollback (self->storage);
  if (error != NULL)
    g_message ("Reading the head of the change feed failed: %s", error->message);
  return seq;
}

/**
 * yc_backoffice_health:
 *
 * Returns: (transfer full): {status: "ok" | "storage", version, head_seq, epoch}
 */
JsonNode *
yc_backoffice_health (YcBackoffice *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  guint64 seq = 0;
  gboolean ok;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  ok = yc_backoffice_storage_begin (self->storage, FALSE, &error);
  if (ok)
    {
      seq = yc_backoffice_storage_head_seq (self->storage, &error);
      ok = error == NULL;
      yc_backoffice_storage_rollback (self->storage);
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ok ? "ok" : "storage");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "head_seq");
  json_builder_add_int_value (builder, (gint64) seq);
  json_builder_set_member_name (builder, "epoch");
  json_builder_add_string_value (builder, yc_backoffice_get_epoch (self));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
