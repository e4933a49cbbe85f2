/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-sqlite-private.h"

/*
 * Checkpoints of the SQLite back end: copying the WAL back into the database file.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
 * writer, holding the write lock while every queued push waits.  Here a thread with a
 * connection of its own copies the log (PASSIVE checkpoints: they never wait for or block a
 * writer), asked for by the writer's WAL hook each time the log grew by start_pages
 * since the last request: each pass ends with an fsync of the database, on the disk the
 * writer's commits fsync the log to.  The thread follows the writer at that distance.
 *
 * Copying is not enough to keep the log small: SQLite writes the log from its beginning
 * again only when a write transaction starts while every frame is already copied, and a
 * writer that begins as soon as it committed never sees that.  So once the log holds
 * restart_pages, the writer, before its next transaction, waits for a pass of the thread
 * that covers its last commit (what the last commits wrote, since the thread followed
 * along, and the database's fsync: about 30 ms in the push benchmark's burst, so it is kept
 * rare: 64 MiB of log at 4 KiB pages); its next commit then starts the log over.  If a reader
 * keeps an older snapshot (the pass cannot finish) or the thread does not answer in time,
 * the writer goes on and asks again once the log grew by start_pages more.  Only a log of
 * inline_pages (the thread fell far behind, or it has no connection) makes the writer copy
 * it itself, as SQLite would.
 *
 * A connection opened before it read anything has no WAL open, and
 * sqlite3_wal_checkpoint_v2() on it quietly does nothing (SQLITE_OK, log size -1): the
 * thread reads the schema first, or it never copies a page.
 */

#define START_PAGES   1000
#define RESTART_PAGES (16 * START_PAGES)
#define INLINE_PAGES  (4 * RESTART_PAGES)
/* How long the writer waits for the thread's pass: far more than a pass takes (it copies
 * what one commit wrote); only a stalled thread makes the writer go on without it. */
#define RESTART_WAIT  (2 * G_TIME_SPAN_SECOND)

struct _YcSqliteCheckpointer
{
  char      *path;
  sqlite3   *db;        /* the thread's connection; NULL: the writer checkpoints itself */
  GThread   *thread;
  GMutex     lock;
  GCond      wake;      /* to the thread: a pass is wanted, or stop */
  GCond      done;      /* to the writer: a pass ended */
  gboolean   wanted;
  gboolean   stop;

  guint      start_pages, restart_pages, inline_pages;

  /* Written by the writer's hook. */
  guint64    commits;       /* commits seen by the hook */
  int        wal_pages;     /* frames in the log after the last commit */
  int        retry_at;      /* no restart wait below this log size (after a failed one) */
  int        asked_at;      /* the log's size when a pass was last asked for */
  YcSqliteCheckpointStats stats;

  /* Written by the thread. */
  guint64    pass_commits;  /* the last pass started after this many commits */
  gboolean   pass_complete; /* and copied the whole log */
};

static gboolean
checkpoint_once (YcSqliteCheckpointer *self,
                 int                  *out_log,
                 int                  *out_copied)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      out_log, out_copied);

  if (rc == SQLITE_OK && *out_log < 0)
    {
      /* No WAL open on this connection yet (see above): a read opens it. */
      sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
      rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      out_log, out_copied);
    }
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    g_message ("Checkpointing %s failed: %s; retried after the next commits", self->path,
               sqlite3_errmsg (self->db));
  return rc == SQLITE_OK && *out_log >= 0;
}

static gpointer
checkpointer_thread (gpointer data)
{
  YcSqliteCheckpointer *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stop)
    {
      guint64 covered;
      int log = -1, copied = -1;
      gboolean ok;

      if (!self->wanted)
        {
          g_cond_wait (&self->wake, &self->lock);
          continue;
        }
      self->wanted = FALSE;
      covered = self->commits;
      g_mutex_unlock (&self->lock);

      ok = checkpoint_once (self, &log, &copied);

      g_mutex_lock (&self->lock);
      self->stats.thread_passes++;
      if (ok && copied > 0)
        self->stats.thread_pages += copied;
      self->pass_commits = covered;
      self->pass_complete = ok && copied == log;
      g_cond_broadcast (&self->done);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

YcSqliteCheckpointer *
yc_sqlite_checkpointer_new (const char *path)
{
  YcSqliteCheckpointer *self = g_new0 (YcSqliteCheckpointer, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  g_cond_init (&self->done);
  self->start_pages = START_PAGES;
  self->restart_pages = RESTART_PAGES;
  self->inline_pages = INLINE_PAGES;

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                       NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (self->db, 100);
      self->thread = g_thread_new ("yc-checkpoint", checkpointer_thread, self);
    }
  else
    {
      g_message ("No checkpoint connection to %s: %s; the writer checkpoints itself", path,
                 self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      g_clear_pointer (&self->db, sqlite3_close);
    }
  return self;
}

void
yc_sqlite_checkpointer_free (YcSqliteCheckpointer *self)
{
  if (self == NULL)
    return;
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stop = TRUE;
      g_cond_signal (&self->wake);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->thread);
    }
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_cond_clear (&self->done);
  g_free (self->path);
  g_free (self);
}

/* The writer's WAL hook, after each of its commits, with the log's size in pages. */
void
yc_sqlite_checkpointer_committed (YcSqliteCheckpointer *self,
                                  sqlite3              *db,
                                  const char           *name,
                                  int                   pages)
{
  gboolean copy_here;

  g_mutex_lock (&self->lock);
  /* A log that started over holds only this commit's frames. */
  self->stats.frames += pages > self->wal_pages ? pages - self->wal_pages : pages;
  if (pages < self->wal_pages)
    {
      self->stats.restarts++;
      self->retry_at = 0;
      self->asked_at = 0;
    }
  self->stats.commits++;
  self->stats.max_wal_pages = MAX (self->stats.max_wal_pages, (guint) pages);
  self->commits++;
  self->wal_pages = pages;
  copy_here = self->thread == NULL ? pages >= (int) self->start_pages
                                   : pages >= (int) self->inline_pages;
  if (copy_here)
    self->stats.inline_checkpoints++;
  else if (pages - self->asked_at >= (int) self->start_pages)
    {
      self->asked_at = pages;
      self->wanted = TRUE;
      g_cond_signal (&self->wake);
    }
  g_mutex_unlock (&self->lock);

  if (copy_here)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* The writer, before it begins a write transaction (holding the writer's connection, no
 * SQLite lock yet): once the log is long, waits for the thread to have copied all of it, so
 * that this transaction writes the log from its beginning again. */
void
yc_sqlite_checkpointer_before_write (YcSqliteCheckpointer *self)
{
  gint64 deadline;
  guint64 target;

  g_mutex_lock (&self->lock);
  if (self->thread == NULL || self->wal_pages < (int) self->restart_pages
      || self->wal_pages < self->retry_at)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  target = self->commits;
  self->wanted = TRUE;
  g_cond_signal (&self->wake);
  deadline = g_get_monotonic_time () + RESTART_WAIT;
  self->stats.restart_waits++;
  while (self->pass_commits < target)
    if (!g_cond_wait_until (&self->done, &self->lock, deadline))
      break;
  if (self->pass_commits < target || !self->pass_complete)
    {
      /* A reader still on an older snapshot, or a stalled thread: go on, try again later. */
      self->stats.restart_misses++;
      self->retry_at = self->wal_pages + self->start_pages;
    }
  g_mutex_unlock (&self->lock);
}

void
yc_sqlite_checkpointer_get_stats (YcSqliteCheckpointer    *self,
                                  YcSqliteCheckpointStats *out_stats)
{
  g_mutex_lock (&self->lock);
  *out_stats = self->stats;
  out_stats->wal_pages = self->wal_pages;
  g_mutex_unlock (&self->lock);
}

void
yc_sqlite_checkpointer_set_pages (YcSqliteCheckpointer *self,
                                  guint                 start_pages,
                                  guint                 restart_pages,
                                  guint                 inline_pages)
{
  g_return_if_fail (start_pages > 0 && start_pages <= restart_pages
                    && restart_pages <= inline_pages);

  g_mutex_lock (&self->lock);
  self->start_pages = start_pages;
  self->restart_pages = restart_pages;
  self->inline_pages = inline_pages;
  g_mutex_unlock (&self->lock);
}
