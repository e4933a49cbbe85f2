/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "yc-sane-private.h"

/*
 * Backends built on sanei_thread (the test backend and many USB ones) read the device on a
 * thread of their own, started by sane_start(), that writes the image into a pipe.
 * sane_cancel() — and sane_read() at the end of a page — end that thread with
 * pthread_cancel(), and sanei_thread makes it cancellable *asynchronously*: wherever it
 * is.  Caught inside malloc() or free() it dies holding the allocator's lock, and the next
 * allocation in the process waits for ever (observed: the reader's own exit, freeing its
 * thread cache, blocks on the arena it was cancelled in; MALLOC_PERTURB_ widens the window
 * to every few scans).
 *
 * A reader is safe to cancel while it is blocked in a system call — write() on its full
 * pipe, a read from the device, a sleep — or once it has ended; it is not while it runs
 * or waits for a lock (a futex).  Before sane_cancel() the worker therefore waits until
 * each reader of the backend is in one of the safe states.  The readers are told apart
 * from the process's other threads by their name: Linux gives a new thread its creator's
 * name, and the backend's readers are created by the scanner's worker.
 *
 * The same kill comes at the end of every page: the sane_read() that returns the last
 * bytes ends the reader at once, and the reader, its last write() done, is then freeing
 * its picture buffer (under MALLOC_PERTURB_, writing over the whole buffer with the
 * arena's lock held) and leaving.  A reader blocked in a system call a moment ago may be
 * past it by the time the kill lands, so there the worker holds back the page's last byte
 * until the reader has ended (yc_sane_wait_for_readers_to_end).
 */

#ifdef __linux__

typedef enum {
  READER_SAFE,
  READER_BUSY,
} ReaderState;

static char *
read_small_file (const char *path)
{
  char *contents = NULL;

  /* /proc files have no size: g_file_get_contents reads them to their end. */
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static ReaderState
reader_state (const char *task)
{
  g_autofree char *syscall_path = g_build_filename ("/proc/self/task", task, "syscall", NULL);
  g_autofree char *line = read_small_file (syscall_path);
  char *end = NULL;
  long number;

  /* Gone since the directory was listed: ended, hence safe. */
  if (line == NULL)
    return READER_SAFE;
  if (g_str_has_prefix (line, "running"))
    return READER_BUSY;
  number = strtol (line, &end, 10);
  /* -1: stopped outside a system call (a page fault …): not a safe point */
  if (end == line || number < 0 || number == SYS_futex)
    return READER_BUSY;
  return READER_SAFE;
}

/* Whether every thread named @name other than the caller is at a safe point, or, with
 * @ended, gone */
static gboolean
readers_safe (const char *name,
              pid_t       self,
              gboolean    ended)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *task;

  if (dir == NULL)
    return TRUE;  /* no /proc: nothing to wait on */
  while ((task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = NULL;
      g_autofree char *comm = NULL;

      if (atoi (task) == self)
        continue;
      comm_path = g_build_filename ("/proc/self/task", task, "comm", NULL);
      comm = read_small_file (comm_path);
      if (comm == NULL)
        continue;
      g_strchomp (comm);
      if (g_str_equal (comm, name) && (ended || reader_state (task) == READER_BUSY))
        return FALSE;
    }
  return TRUE;
}

#endif

/* Waits until every reader is at a safe point or, with @ended, gone. */
static gboolean
wait_for_readers (const char *thread_name,
                  guint       timeout_ms,
                  gboolean    ended)
{
#ifdef __linux__
  pid_t self = (pid_t) syscall (SYS_gettid);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gulong pause = 100;

  while (!readers_safe (thread_name, self, ended))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (pause);
      pause = MIN (pause * 2, 5000);
    }
  return TRUE;
#else
  /* Without /proc: the mitigation of old, time for the reader to reach its write() */
  g_usleep (MIN (timeout_ms, 50) * 1000);
  return TRUE;
#endif
}

/**
 * yc_sane_wait_for_readers:
 * @thread_name: the name of the calling thread, which the backend's readers inherit
 * @timeout_ms: how long to wait at most
 *
 * Waits until sane_cancel() can end the backend's reader threads without risk (see
 * above).  Call it on the scanner's worker, right before sane_cancel().
 *
 * Returns: %FALSE when a reader was still busy after @timeout_ms
 */
gboolean
yc_sane_wait_for_readers (const char *thread_name,
                          guint       timeout_ms)
{
  g_return_val_if_fail (thread_name != NULL, TRUE);

  return wait_for_readers (thread_name, timeout_ms, FALSE);
}

/**
 * yc_sane_wait_for_readers_to_end:
 * @thread_name: the name of the calling thread, which the backend's readers inherit
 * @timeout_ms: how long to wait at most
 *
 * Waits until the backend's reader threads have ended by themselves, as a reader does
 * once it has written the whole page.  Call it on the scanner's worker before the
 * sane_read() that returns a page's last bytes (see above).
 *
 * Returns: %FALSE when a reader was still there after @timeout_ms
 */
gboolean
yc_sane_wait_for_readers_to_end (const char *thread_name,
                                 guint       timeout_ms)
{
  g_return_val_if_fail (thread_name != NULL, TRUE);

  return wait_for_readers (thread_name, timeout_ms, TRUE);
}
