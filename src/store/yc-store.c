/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "yc-store-error-private.h"
#include "yc-store-fs-private.h"
#include "yc-store-private.h"
#include "yc-store-schema.h"

struct _YcStore
{
  GObject      parent_instance;

  char        *directory;
  int          lock_fd;  /* holds the directory's flock(); -1 when opened read-only */
  YcDatabase  *database;
  YcBlobStore *blobs;

  /* Serialises every use of the connection: the writer thread and blocking callers. */
  GMutex       lock;

  /* One exclusive thread: requests are handled one at a time, in the order queued. */
  GThreadPool *writer;
  GThread     *writer_thread;

  /* Where "cases-changed" is emitted: the opener's thread-default context. */
  GMainContext *context;
  /* Evaluates the clocks of case_parts rows; created on first use, under @lock. */
  YcCalendar   *calendar;
};

enum {
  SIGNAL_CASES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  YcStoreJobFunc func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
  gpointer       result;  /* set on the writer thread, handed over on the caller's */
  GError        *error;
} Job;

G_DEFINE_FINAL_TYPE (YcStore, yc_store, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_free (job);
}

static void
yc_store_dispose (GObject *object)
{
  YcStore *self = (YcStore *)object;

  /* Every queued job holds a reference, so the queue is empty here.  Tasks are released
   * on their callers' threads; should one be released on the writer thread anyway, it
   * must not wait for itself. */
  if (self->writer != NULL)
    {
      gboolean on_writer = g_thread_self () == g_atomic_pointer_get (&self->writer_thread);
      g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, !on_writer);
    }

  G_OBJECT_CLASS (yc_store_parent_class)->dispose (object);
}

static void
yc_store_finalize (GObject *object)
{
  YcStore *self = (YcStore *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->blobs);
  /* Last: the database is closed before another program may open it. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->directory);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (yc_store_parent_class)->finalize (object);
}

static void
yc_store_class_init (YcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_store_dispose;
  object_class->finalize = yc_store_finalize;

  /**
   * YcStore::cases-changed:
   * @uuids: the cases written
   *
   * Cases were written; see yc-store.h.
   */
  signals[SIGNAL_CASES_CHANGED] =
    g_signal_new ("cases-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
yc_store_init (YcStore *self)
{
  g_mutex_init (&self->lock);
  self->lock_fd = -1;
}

/* On the caller's context: hand the result over and drop the writer's reference there,
 * so the task (and with it the store) is released on the caller's thread, right after
 * its callback. */
static gboolean
complete_in_context_cb (gpointer data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&job->result), job->result_free);

  return G_SOURCE_REMOVE;
}

static void
writer_run_cb (gpointer data,
               gpointer pool_data)
{
  GTask *task = data;
  YcStore *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GSource) source = NULL;

  g_atomic_pointer_set (&self->writer_thread, g_thread_self ());

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &job->error))
    {
      job->result = job->func (self, job->data, &job->error);
      g_assert ((job->result == NULL) == (job->error != NULL));
    }

  source = g_idle_source_new ();
  g_source_set_static_name (source, "[yc-store] complete");
  g_source_set_callback (source, complete_in_context_cb, task, NULL);
  g_source_attach (source, g_task_get_context (task));
}

/*
 * yc_store_queue_job:
 * @func: runs on the writer thread; returns non-%NULL on success (YC_STORE_JOB_OK when
 *   there is no value) or %NULL with an error
 *
 * The task keeps the store alive until the callback has run.
 */
void
yc_store_queue_job (YcStore             *self,
                    YcStoreJobFunc       func,
                    gpointer             data,
                    GDestroyNotify       data_free,
                    GDestroyNotify       result_free,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_assert (YC_IS_STORE (self));
  g_assert (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Cancelling counts only until the writer starts the job (writer_run_cb checks): a job
   * that ran reports what it did, or a case on disk would be reported as not accepted. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  /* Cannot fail: the pool's only thread already exists. */
  g_thread_pool_push (self->writer, task, NULL);
}

gpointer
yc_store_job_finish (YcStore       *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

YcDatabase *
yc_store_get_database (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  return self->database;
}

GMutex *
yc_store_get_lock (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  return &self->lock;
}

/* Fixed width, UTC, so that text order is time order. */
char *
yc_store_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

GDateTime *
yc_store_parse_time (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/**
 * yc_store_open_full:
 * @directory: the store directory; created (mode 0700) with its database and blobs/
 *
 * Opens the store, upgrading the schema when it is older.  A damaged database fails with
 * %YC_STORE_ERROR_CORRUPT and one written by a newer version with
 * %YC_STORE_ERROR_TOO_NEW; in both cases the file is left exactly as it was.
 *
 * One store directory is used by one open store at a time (it clears the blob staging
 * folder and allocates case numbers): while it is open, opening it again, in this or
 * another process, fails with %YC_STORE_ERROR_LOCKED.  A read-only open takes no lock.
 *
 * Returns: (transfer full): the store, or %NULL
 */
YcStore *
yc_store_open_full (const char        *directory,
                    YcStoreOpenFlags   flags,
                    GError           **error)
{
  g_autoptr(YcStore) self = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *blobs_path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(flags & YC_STORE_OPEN_FLAGS_READ_ONLY) && !yc_store_fs_make_directory (directory, error))
    return NULL;

  self = g_object_new (YC_TYPE_STORE, NULL);
  self->directory = g_strdup (directory);
  self->context = g_main_context_ref_thread_default ();

  /* Before anything is read or cleaned up: staging files may be another instance's scans
   * being written. */
  if (!(flags & YC_STORE_OPEN_FLAGS_READ_ONLY))
    {
      self->lock_fd = yc_store_fs_lock_directory (directory, error);
      if (self->lock_fd < 0)
        return NULL;
    }

  db_path = g_build_filename (directory, YC_STORE_DATABASE_NAME, NULL);
  self->database = yc_database_open (db_path,
                                     (flags & YC_STORE_OPEN_FLAGS_READ_ONLY)
                                       ? YC_DATABASE_FLAGS_READ_ONLY
                                       : YC_DATABASE_FLAGS_NONE,
                                     error);
  if (self->database == NULL)
    return NULL;

  if (!yc_store_schema_upgrade (self->database, error))
    return NULL;

  /* Damage past the header only shows when a page is read: look before the clerk
   * starts accepting on top of it. */
  if (!yc_database_check_integrity (self->database, TRUE, error))
    return NULL;

  /* The review queue's rows of cases stored before schema 7.  A failure leaves the queue
   * short, not the counter closed: it is logged and tried again at the next start. */
  if (!(flags & YC_STORE_OPEN_FLAGS_READ_ONLY))
    {
      g_autoptr(GError) local_error = NULL;

      if (!yc_store_rebuild_case_parts (self, &local_error))
        g_warning ("%s", local_error->message);
    }

  /* After the database, so that a read-only store never creates the folder. */
  blobs_path = g_build_filename (directory, YC_STORE_BLOBS_NAME, NULL);
  if (flags & YC_STORE_OPEN_FLAGS_READ_ONLY)
    self->blobs = yc_blob_store_new_read_only (blobs_path);
  else
    self->blobs = yc_blob_store_new (blobs_path, error);
  if (self->blobs == NULL)
    return NULL;

  self->writer = g_thread_pool_new (writer_run_cb, NULL, 1, TRUE, error);
  if (self->writer == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

YcStore *
yc_store_open (const char  *directory,
               GError     **error)
{
  return yc_store_open_full (directory, YC_STORE_OPEN_FLAGS_NONE, error);
}

static void
open_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *directory = task_data;
  GError *error = NULL;
  YcStore *store;

  store = yc_store_open (directory, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    {
      /* Signals belong to the caller's thread, not this worker's. */
      g_clear_pointer (&store->context, g_main_context_unref);
      store->context = g_main_context_ref (g_task_get_context (task));
      g_task_return_pointer (task, store, g_object_unref);
    }
}

/**
 * yc_store_open_async:
 *
 * Opens (and if need be creates and upgrades) the store without blocking the caller.
 */
void
yc_store_open_async (const char          *directory,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_store_open_async);
  g_task_set_task_data (task, g_strdup (directory), g_free);
  g_task_run_in_thread (task, open_thread_cb);
}

/**
 * yc_store_open_finish:
 *
 * Returns: (transfer full): the store, or %NULL
 */
YcStore *
yc_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
yc_store_get_directory (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  return self->directory;
}

/**
 * yc_store_get_blob_store:
 *
 * Returns: (transfer none): the blob directory of this store
 */
YcBlobStore *
yc_store_get_blob_store (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  return self->blobs;
}

/**
 * yc_store_set_busy_timeout:
 *
 * How long a write waits for another program holding the database before failing with
 * %YC_STORE_ERROR_LOCKED (default 5 s).
 */
void
yc_store_set_busy_timeout (YcStore *self,
                           guint    milliseconds)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (YC_IS_STORE (self));

  locker = g_mutex_locker_new (&self->lock);
  yc_database_set_busy_timeout (self->database, milliseconds);
}

static gboolean
record_blob (YcStore     *self,
             const char  *sha256,
             goffset      size,
             const char  *media_type,
             GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created_at = yc_store_format_time (now);

  statement = yc_database_prepare (self->database,
                                   "INSERT INTO blobs (sha256, size, media_type, created_at) "
                                   "VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                                   error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_text (statement, 1, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 2, size);
  sqlite3_bind_text (statement, 3, media_type != NULL ? media_type : "application/octet-stream",
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, created_at, -1, SQLITE_STATIC);
  return yc_database_step_done (self->database, statement, error);
}

/**
 * yc_store_put_blob:
 * @media_type: (nullable): such as `application/pdf`
 *
 * Writes @bytes durably into the blob directory (no database lock is held meanwhile),
 * then records the blob so that case materials can refer to it.
 *
 * Returns: (transfer full): the blob's SHA-256, or %NULL
 */
char *
yc_store_put_blob (YcStore     *self,
                   GBytes      *bytes,
                   const char  *media_type,
                   GError     **error)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  sha256 = yc_blob_store_put_bytes (self->blobs, bytes, error);
  if (sha256 == NULL ||
      !record_blob (self, sha256, g_bytes_get_size (bytes), media_type, error))
    return NULL;
  return g_steal_pointer (&sha256);
}

/**
 * yc_store_put_blob_file:
 *
 * Like yc_store_put_blob(), streaming from @file.
 *
 * Returns: (transfer full): the blob's SHA-256, or %NULL
 */
char *
yc_store_put_blob_file (YcStore       *self,
                        GFile         *file,
                        const char    *media_type,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *sha256 = NULL;
  goffset size = 0;

  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  sha256 = yc_blob_store_put_file (self->blobs, file, &size, cancellable, error);
  if (sha256 == NULL || !record_blob (self, sha256, size, media_type, error))
    return NULL;
  return g_steal_pointer (&sha256);
}

typedef struct {
  GBytes *bytes;
  char   *media_type;
} PutBlobData;

static void
put_blob_data_free (PutBlobData *data)
{
  g_bytes_unref (data->bytes);
  g_free (data->media_type);
  g_free (data);
}

static gpointer
put_blob_job (YcStore   *self,
              gpointer   data,
              GError   **error)
{
  PutBlobData *put = data;

  return yc_store_put_blob (self, put->bytes, put->media_type, error);
}

void
yc_store_put_blob_async (YcStore             *self,
                         GBytes              *bytes,
                         const char          *media_type,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  PutBlobData *data;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (bytes != NULL);

  data = g_new0 (PutBlobData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->media_type = g_strdup (media_type);
  yc_store_queue_job (self, put_blob_job, data, (GDestroyNotify) put_blob_data_free, g_free,
                      yc_store_put_blob_async, cancellable, callback, user_data);
}

/**
 * yc_store_put_blob_finish:
 *
 * Returns: (transfer full): the blob's SHA-256, or %NULL
 */
char *
yc_store_put_blob_finish (YcStore       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return yc_store_job_finish (self, result, yc_store_put_blob_async, error);
}

/**
 * yc_store_read_blob:
 *
 * Returns: (transfer full): the blob's content, verified against its hash, or %NULL
 */
GBytes *
yc_store_read_blob (YcStore     *self,
                    const char  *sha256,
                    GError     **error)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);
  return yc_blob_store_read (self->blobs, sha256, error);
}

/**
 * yc_store_set_calendar:
 *
 * Sets the calendar the clocks of the review queue's rows are evaluated with.  Rows written
 * before keep how they were evaluated.
 */
void
yc_store_set_calendar (YcStore    *self,
                       YcCalendar *calendar)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (YC_IS_STORE (self));
  g_return_if_fail (YC_IS_CALENDAR (calendar));

  locker = g_mutex_locker_new (&self->lock);
  g_set_object (&self->calendar, calendar);
}

YcCalendar *
yc_store_get_calendar (YcStore *self)
{
  g_return_val_if_fail (YC_IS_STORE (self), NULL);

  if (self->calendar == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->calendar = yc_calendar_new_default (&error);
      if (self->calendar == NULL)
        {
          /* Monday to Friday is what the calendar falls back to for a year it lacks, too. */
          g_warning ("The review queue counts working days Monday to Friday: %s", error->message);
          self->calendar = yc_calendar_new ();
        }
    }
  return self->calendar;
}

/* A weak reference: a test or tool that never runs its main loop must still be able to
 * close the store (and release its lock) by dropping its own reference. */
typedef struct {
  GWeakRef store;
  GStrv    uuids;
} CasesChanged;

static gboolean
emit_cases_changed_cb (gpointer data)
{
  CasesChanged *changed = data;
  g_autoptr(YcStore) store = g_weak_ref_get (&changed->store);

  if (store != NULL)
    g_signal_emit (store, signals[SIGNAL_CASES_CHANGED], 0, changed->uuids);
  return G_SOURCE_REMOVE;
}

static void
cases_changed_free (gpointer data)
{
  CasesChanged *changed = data;

  g_weak_ref_clear (&changed->store);
  g_strfreev (changed->uuids);
  g_free (changed);
}

void
yc_store_emit_cases_changed (YcStore            *self,
                             const char * const *uuids)
{
  g_autoptr(GSource) source = NULL;
  CasesChanged *changed;

  g_return_if_fail (YC_IS_STORE (self));

  if (uuids == NULL || uuids[0] == NULL)
    return;
  changed = g_new0 (CasesChanged, 1);
  g_weak_ref_init (&changed->store, self);
  changed->uuids = g_strdupv ((GStrv) uuids);
  source = g_idle_source_new ();
  g_source_set_static_name (source, "[yc-store] cases-changed");
  g_source_set_callback (source, emit_cases_changed_cb, changed, cases_changed_free);
  g_source_attach (source, self->context);
}

void
yc_store_emit_case_changed (YcStore    *self,
                            const char *uuid)
{
  const char *uuids[] = { uuid, NULL };

  yc_store_emit_cases_changed (self, uuids);
}
