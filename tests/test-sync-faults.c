/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE 1   /* unshare () */

#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mount.h>
#include <locale.h>

#include <glib/gstdio.h>

#include "yc-store.h"
#include "yc-backoffice-client.h"
#include "yc-test-files.h"
#include "yc-backoffice.h"
#include "yc-fault-proxy.h"
#include "yc-test-server.h"
#include "yc-sync-trial.h"

/*
 * Sync under faults, for real (issue 6): a counter window in a process of its own
 * (tests/yc-sync-child.c) accepts 50 cases with scanned files and pushes them to the real
 * back office through our fault proxy, while the test kills the window (SIGKILL) or the
 * back office (SIGKILL, restarted on the same data and port) at a random moment, or makes
 * the proxy cut the upload after N bytes, cut the answer, reset, drop the reply after the
 * commit, or delay.  What was killed is started again and finishes.  After each trial:
 *
 *  - every case the window reported as committed is in its store;
 *  - the window's store has nothing left to send, no problem, every case acknowledged at
 *    version 1;
 *  - the back office holds exactly the window's cases (same uuids, same numbers), each at
 *    version 1, its acceptance applied once (one op, one change), no case number twice,
 *    every scanned file there with its length;
 *  - PRAGMA integrity_check is ok on both databases.
 *
 * One back office serves a group of trials (a window of its own per trial, so the numbers
 * of a fresh window never meet an earlier one's); each trial starts with an empty store.
 * Trials: YC_FAULT_TRIALS (else YC_FAULT_DEFAULT_TRIALS, which `make soak` sets to 1000,
 * else 201), YC_FAULT_SEED for a repeatable run.  They run in YC_FAULT_LANES (default 4)
 * lanes at once: each lane is this program again (-p /sync-faults/trials) with a back
 * office, a proxy and windows of its own, and its own share of the trials and seed; most of
 * a trial is waiting (timers, backoff, a process starting), so lanes share the machine well.
 *
 * The stores and the back office's data live on /dev/shm when it exists: these trials kill
 * processes, never the machine, and a killed process's writes are in the page cache all
 * the same, so a tmpfs tests the same thing as a disk, without the fsyncs of 50 cases ×
 * 200 trials (power loss is tests/test-store-crash.c's business).  YC_FAULT_TMPDIR puts
 * them elsewhere.
 *
 * Then the disk fills up (a small tmpfs mounted here, as root only) while the window
 * accepts, and while it syncs: the store's clear error, the database intact, and success
 * once space is back.
 */

#define HALL            "JB01"
#define CASES_PER_TRIAL 50
#define TRIALS_PER_SERVER 10

typedef enum {
  TRIAL_KILL_CLIENT,
  TRIAL_KILL_SERVER,
  TRIAL_PROXY,
  N_TRIAL_KINDS
} TrialKind;

static const char *kind_names[] = { "kill-client", "kill-server", "proxy" };

typedef struct {
  YcTestServer *server;
  YcFaultProxy *proxy;
  char         *url;         /* the proxy's */
  guint         port;        /* the server's, kept across restarts */
  guint         next_window;
  guint         n_windows;
  /* figures */
  guint         trials[N_TRIAL_KINDS];
  guint         hits[N_TRIAL_KINDS];   /* the fault struck while the push was under way */
  guint         restarts;
  guint         killed_syncing;   /* the window was killed after it had signed in */
  guint         proxy_fired;      /* one-shot proxy faults that struck (DELAY not counted) */
  guint         cases;
  double        est_ms;      /* a clean child run, for choosing kill moments */
} Run;

static char *
window_code (guint n)
{
  return g_strdup_printf ("F%u", n);
}

static void
server_start_on_port (Run *run)
{
  g_autofree char *port = g_strdup_printf ("%u", run->port);
  const char *serve[] = { "--listen", "127.0.0.1", "--port", port, NULL };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The port of the killed process can take a moment to be free again. */
  while (!yc_test_server_start_full (run->server, serve, NULL, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

/* A fresh back office with windows F<first> … for the next trials. */
static void
run_new_server (Run  *run,
                guint n_windows)
{
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&run->proxy, yc_fault_proxy_free);
  g_clear_pointer (&run->server, yc_test_server_free);
  g_clear_pointer (&run->url, g_free);

  run->server = yc_test_server_new ();
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  backoffice = yc_backoffice_open (yc_test_server_get_data_dir (run->server), calendar, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_windows; i++)
    {
      g_autofree char *window = window_code (run->n_windows + i);

      g_assert_true (yc_backoffice_window_enroll (backoffice, HALL, window, "fault trials", &error));
      g_assert_no_error (error);
    }
  g_clear_object (&backoffice);
  run->next_window = run->n_windows;
  run->n_windows += n_windows;

  yc_test_server_start (run->server, NULL);
  run->port = yc_test_server_get_port (run->server);
  run->proxy = yc_fault_proxy_new (run->port);
  run->url = yc_fault_proxy_dup_base_url (run->proxy);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
proxy_fault (Run   *run,
             GRand *rand)
{
  static const YcFault faults[] = {
    YC_FAULT_CUT_UP, YC_FAULT_CUT_DOWN, YC_FAULT_RESET, YC_FAULT_DROP_REPLY, YC_FAULT_DELAY,
  };
  YcFault fault = faults[g_rand_int_range (rand, 0, G_N_ELEMENTS (faults))];
  guint64 amount = 0;

  switch (fault)
    {
    case YC_FAULT_CUT_UP:
      amount = g_rand_int_range (rand, 0, 400000);
      break;
    case YC_FAULT_CUT_DOWN:
      amount = g_rand_int_range (rand, 0, 2000);
      break;
    case YC_FAULT_DELAY:
      amount = g_rand_int_range (rand, 1, 30);
      break;
    default:
      break;
    }
  yc_fault_proxy_set_fault (run->proxy, fault, amount);
}

static void
one_trial (Run       *run,
           GRand     *rand,
           guint      number,
           TrialKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-sync-faults-XXXXXX", &error);
  g_autofree char *window = window_code (run->next_window++);
  gint64 at_ms = (gint64) g_rand_double_range (rand, 0, run->est_ms);
  guint seed = g_rand_int (rand);
  guint attempts = 0;
  guint fired = yc_fault_proxy_get_fired (run->proxy);
  YcSyncTrialChild child = { 0 };

  g_assert_no_error (error);
  yc_fault_proxy_set_fault (run->proxy, YC_FAULT_PASS, 0);
  run->trials[kind]++;
  yc_sync_trial_child_spawn (&child, run->url, dir, window, CASES_PER_TRIAL, seed, attempts++, NULL);

  if (yc_sync_trial_child_run_for (&child, at_ms))
    {
      /* Finished before the fault's moment: a clean run, still checked, and a measure of
       * how long a push takes now (the machine's load changes). */
      yc_sync_trial_child_finish (&child, dir, attempts - 1, 0);
      run->est_ms = 0.7 * run->est_ms + 0.3 * (g_get_monotonic_time () - child.started) / 1000.0;
    }
  else
    {
      run->hits[kind]++;
      switch (kind)
        {
        case TRIAL_KILL_CLIENT:
          if (yc_sync_trial_child_kill (&child))
            {
              g_autofree char *out = yc_sync_trial_child_output (dir, attempts - 1, "out");

              if (strstr (out, "signed-in") != NULL)
                run->killed_syncing++;
            }
          else
            run->hits[kind]--;   /* it had just finished by itself */
          /* Started again: it only syncs what its store holds. */
          yc_sync_trial_child_spawn (&child, run->url, dir, window, 0, seed, attempts++, NULL);
          break;
        case TRIAL_KILL_SERVER:
          {
            GPid pid = yc_sync_trial_server_pid (yc_test_server_get_data_dir (run->server));

            g_assert_cmpint (pid, >, 0);
            g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
            g_assert_cmpint (yc_test_server_wait_killed (run->server), ==, SIGKILL);
            yc_fault_proxy_close_all (run->proxy);
            yc_sync_trial_child_run_for (&child, g_rand_int_range (rand, 0, 200));
            server_start_on_port (run);
            run->restarts++;
          }
          break;
        case TRIAL_PROXY:
          proxy_fault (run, rand);
          break;
        default:
          g_assert_not_reached ();
        }
      yc_sync_trial_child_finish (&child, dir, attempts - 1, 0);
      yc_fault_proxy_set_fault (run->proxy, YC_FAULT_PASS, 0);
      if (kind == TRIAL_PROXY && yc_fault_proxy_get_fired (run->proxy) > fired)
        run->proxy_fired++;
    }

  run->cases += yc_sync_trial_verify (yc_test_server_get_data_dir (run->server), dir, window, attempts);
  g_test_message ("trial %u %s at %" G_GINT64_FORMAT " ms: ok (%u runs of the window)",
                  number, kind_names[kind], at_ms, attempts);
  if (g_getenv ("YC_TEST_KEEP_DATA") == NULL)
    yc_test_rm_rf (dir);
}

/* A clean run gives the time a push takes here, to place the faults inside it. */
static void
calibrate (Run   *run,
           GRand *rand)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-sync-faults-XXXXXX", &error);
  g_autofree char *window = window_code (run->next_window++);
  YcSyncTrialChild child = { 0 };

  g_assert_no_error (error);
  yc_sync_trial_child_spawn (&child, run->url, dir, window, CASES_PER_TRIAL, g_rand_int (rand), 0, NULL);
  yc_sync_trial_child_finish (&child, dir, 0, 0);
  {
    double ms = (g_get_monotonic_time () - child.started) / 1000.0;

    run->est_ms = run->est_ms > 0 ? 0.7 * run->est_ms + 0.3 * ms : ms;
  }
  run->cases += yc_sync_trial_verify (yc_test_server_get_data_dir (run->server), dir, window, 1);
  yc_test_rm_rf (dir);
}

/* Writes @path until its file system has no byte left. */
static void
fill_disk (const char *path)
{
  g_autofree char *chunk = g_malloc0 (65536);
  gsize sizes[] = { 65536, 4096, 1 };
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  setvbuf (file, NULL, _IONBF, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    while (fwrite (chunk, 1, sizes[i], file) == sizes[i])
      ;
  g_assert_cmpint (errno, ==, ENOSPC);
  fclose (file);
}

/* A 16 MB tmpfs at DIR/store, DIR on the usual disk (the window's output goes there). */
static char *
small_disk_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store = NULL;

  if (getuid () != 0)
    {
      g_test_skip ("a full disk is simulated with a small tmpfs, which only root can mount: "
                   "run the test as root to cover it");
      return NULL;
    }
  /* In a mount namespace of this process's own (the window processes it starts share it),
   * so that the tmpfs goes with the process even when a failed assertion ends it. */
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      g_autofree char *reason = g_strdup_printf ("cannot make a mount namespace here (%s): the "
                                                 "full disk is not tested", g_strerror (errno));
      g_test_skip (reason);
      return NULL;
    }
  dir = g_dir_make_tmp ("yc-sync-full-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (dir, "store", NULL);
  g_assert_cmpint (g_mkdir (store, 0700), ==, 0);
  if (mount ("tmpfs", store, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0700") != 0)
    {
      g_autofree char *reason = g_strdup_printf ("cannot mount a tmpfs here (%s): the full disk "
                                                 "is not tested", g_strerror (errno));
      g_test_skip (reason);
      yc_test_rm_rf (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
small_disk_free (char *dir)
{
  g_autofree char *store = g_build_filename (dir, "store", NULL);

  g_assert_cmpint (umount (store), ==, 0);
  yc_test_rm_rf (dir);
  g_free (dir);
}

static void
assert_full_message (const char *dir,
                     guint       attempt)
{
  g_autofree char *err = yc_sync_trial_child_output (dir, attempt, "err");

  g_test_message ("the window said: %s", err);
  g_assert_nonnull (strstr (err, "The local disk is full and nothing could be saved."));
}

/* Accepting on a full disk: the store's error, nothing half-written, success with space. */
static void
test_disk_full_accepting (void)
{
  g_autofree char *dir = small_disk_new ();
  g_autofree char *filler = NULL;
  g_autofree char *window = NULL;
  Run run = { 0 };
  YcSyncTrialChild child = { 0 };

  if (dir == NULL)
    return;
  run_new_server (&run, 1);
  window = window_code (run.next_window++);
  filler = g_build_filename (dir, "store", "filler", NULL);

  yc_sync_trial_child_spawn (&child, run.url, dir, window, 5, 1, 0, NULL);
  yc_sync_trial_child_finish (&child, dir, 0, 0);
  fill_disk (filler);
  yc_sync_trial_child_spawn (&child, run.url, dir, window, 5, 2, 1, NULL);
  yc_sync_trial_child_finish (&child, dir, 1, 4);
  assert_full_message (dir, 1);
  /* Checked once the filler is gone: a reader of a WAL database needs room for its
   * shared-memory file, and removing the filler leaves the store's files as they were. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  yc_sync_trial_assert_store_intact (dir, 2);
  yc_sync_trial_child_spawn (&child, run.url, dir, window, 5, 3, 2, NULL);
  yc_sync_trial_child_finish (&child, dir, 2, 0);
  yc_sync_trial_verify (yc_test_server_get_data_dir (run.server), dir, window, 3);

  small_disk_free (g_steal_pointer (&dir));
  g_clear_pointer (&run.proxy, yc_fault_proxy_free);
  g_clear_pointer (&run.server, yc_test_server_free);
  g_free (run.url);
}

/* Syncing on a full disk: the answers cannot be recorded; the round fails with the store's
 * error and nothing is lost or sent twice once space is back. */
static void
test_disk_full_syncing (void)
{
  g_autofree char *dir = small_disk_new ();
  g_autofree char *filler = NULL;
  g_autofree char *window = NULL;
  const char *accept_only[] = { "--accept-only", NULL };
  const char *fill[] = { "--fill-disk", NULL, "--timeout", "4", NULL };
  Run run = { 0 };
  YcSyncTrialChild child = { 0 };

  if (dir == NULL)
    return;
  run_new_server (&run, 1);
  window = window_code (run.next_window++);
  filler = g_build_filename (dir, "store", "filler", NULL);
  fill[1] = filler;

  yc_sync_trial_child_spawn (&child, run.url, dir, window, 20, 1, 0, accept_only);
  yc_sync_trial_child_finish (&child, dir, 0, 0);
  yc_sync_trial_child_spawn (&child, run.url, dir, window, 0, 2, 1, fill);
  yc_sync_trial_child_finish (&child, dir, 1, 2);
  assert_full_message (dir, 1);
  /* Checked once the filler is gone: a reader of a WAL database needs room for its
   * shared-memory file, and removing the filler leaves the store's files as they were. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  yc_sync_trial_assert_store_intact (dir, 2);
  yc_sync_trial_child_spawn (&child, run.url, dir, window, 0, 3, 2, NULL);
  yc_sync_trial_child_finish (&child, dir, 2, 0);
  yc_sync_trial_verify (yc_test_server_get_data_dir (run.server), dir, window, 3);

  small_disk_free (g_steal_pointer (&dir));
  g_clear_pointer (&run.proxy, yc_fault_proxy_free);
  g_clear_pointer (&run.server, yc_test_server_free);
  g_free (run.url);
}

/* A sign-in answer cut by the network is a lost connection (OFFLINE: the session manager
 * then signs in offline), wherever the cut falls.  Found by the trials: cut at the end of a
 * line of its headers, libsoup took what came for a whole answer without headers or body,
 * which came out as PROTOCOL ("an answer this program does not understand"). */
static void
test_sign_in_answer_cut (void)
{
  g_autoptr(YcTestServer) server = yc_test_server_new ();
  g_autoptr(YcFaultProxy) proxy = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint64 up = 0, down = 0;
  guint n_cuts;

  yc_test_server_start (server, NULL);
  proxy = yc_fault_proxy_new (yc_test_server_get_port (server));
  url = yc_fault_proxy_dup_base_url (proxy);
  client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);

  /* The whole answer's length first. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(YcSignIn) sign_in = NULL;

    yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, async_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    sign_in = yc_backoffice_client_sign_in_finish (client, result, &error);
    g_assert_no_error (error);
    /* The proxy's thread counts what it forwarded just after writing it: the client may
     * have the answer a moment before the counter does. */
    for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
         yc_fault_proxy_get_bytes (proxy, &up, &down), down <= 100
         && g_get_monotonic_time () < deadline;)
      g_usleep (1000);
    g_assert_cmpuint (down, >, 100);
  }

  /* YC_FAULT_SIGN_IN_CUTS: more points (each is a sign-in). */
  n_cuts = g_getenv ("YC_FAULT_SIGN_IN_CUTS") != NULL
           ? MAX (2, (guint) g_ascii_strtoull (g_getenv ("YC_FAULT_SIGN_IN_CUTS"), NULL, 10)) : 8;
  /* k = 0: right after the status line "HTTP/1.1 201 Created\r\n" (22 bytes), where the
   * trials met it: libsoup then takes the EOF for the end of an answer without headers. */
  for (guint k = 0; k < n_cuts; k++)
    {
      guint64 cut = k == 0 ? strlen ("HTTP/1.1 201 Created\r\n") : down * k / n_cuts;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(YcSignIn) sign_in = NULL;
      g_autoptr(GError) failure = NULL;

      yc_fault_proxy_close_all (proxy);
      yc_fault_proxy_set_fault (proxy, YC_FAULT_CUT_DOWN, cut);
      yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, async_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      sign_in = yc_backoffice_client_sign_in_finish (client, result, &failure);
      g_assert_null (sign_in);
      g_assert_nonnull (failure);
      if (!yc_sync_error_is_offline (failure))
        g_string_append_printf (wrong, "%s%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " bytes → %s",
                                wrong->len > 0 ? "; " : "", cut, down, failure->message);
    }
  yc_fault_proxy_set_fault (proxy, YC_FAULT_PASS, 0);
  if (wrong->len > 0)
    g_error ("a cut sign-in answer is not OFFLINE: %s", wrong->str);

  /* The whole answer still signs in. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(YcSignIn) sign_in = NULL;

    yc_fault_proxy_close_all (proxy);
    yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, async_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    sign_in = yc_backoffice_client_sign_in_finish (client, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (sign_in);
  }
}

static void run_trials (void);

/* The trials in lanes (see the top of the file); a lane runs them itself. */
static void
test_trials (void)
{
  const char *count_text = g_getenv ("YC_FAULT_TRIALS") != NULL ? g_getenv ("YC_FAULT_TRIALS")
                                                                  : g_getenv ("YC_FAULT_DEFAULT_TRIALS");
  const char *seed_text = g_getenv ("YC_FAULT_SEED");
  const char *lanes_text = g_getenv ("YC_FAULT_LANES");
  guint n = count_text != NULL ? (guint) g_ascii_strtoull (count_text, NULL, 10) : 201;
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                   : g_random_int ();
  guint lanes = lanes_text != NULL ? (guint) g_ascii_strtoull (lanes_text, NULL, 10) : 4;
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
  gint64 started = g_get_monotonic_time ();
  guint done = 0;

  if (g_getenv ("YC_FAULT_IN_LANE") != NULL || lanes <= 1)
    {
      run_trials ();
      return;
    }

  lanes = CLAMP (lanes, 1, n);
  g_test_message ("%u trials in %u lanes, YC_FAULT_SEED=%u", n, lanes, seed);
  for (guint lane = 0; lane < lanes; lane++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
      g_autoptr(GError) error = NULL;
      g_autofree char *trials = g_strdup_printf ("%u", n / lanes + (lane < n % lanes ? 1 : 0));
      g_autofree char *lane_seed = g_strdup_printf ("%u", seed + lane);
      g_autofree char *log = g_strdup_printf ("%s/yc-sync-faults-lane-%u-%u.log", g_get_tmp_dir (),
                                              (guint) getpid (), lane);
      g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
      GSubprocess *process;

      g_assert_no_error (error);
      g_subprocess_launcher_set_child_setup (launcher, yc_sync_trial_die_with_parent, NULL, NULL);
      g_subprocess_launcher_setenv (launcher, "YC_FAULT_IN_LANE", "1", TRUE);
      g_subprocess_launcher_setenv (launcher, "YC_FAULT_TRIALS", trials, TRUE);
      g_subprocess_launcher_setenv (launcher, "YC_FAULT_SEED", lane_seed, TRUE);
      g_subprocess_launcher_set_stdout_file_path (launcher, log);
      g_subprocess_launcher_set_stderr_file_path (launcher, log);
      process = g_subprocess_launcher_spawn (launcher, &error, self, "-p", "/sync-faults/trials", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (processes, process);
      g_ptr_array_add (outputs, g_steal_pointer (&log));
    }

  for (guint lane = 0; lane < lanes; lane++)
    {
      GSubprocess *process = g_ptr_array_index (processes, lane);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      gboolean ok;

      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      ok = g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
      g_file_get_contents (g_ptr_array_index (outputs, lane), &text, NULL, NULL);
      lines = g_strsplit (text != NULL ? text : "", "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (!ok || g_str_has_prefix (lines[i], "# lane:"))
          g_test_message ("lane %u: %s", lane, lines[i]);
      if (!ok)
        g_error ("lane %u failed (its whole log is above, and in %s)", lane,
                 (char *) g_ptr_array_index (outputs, lane));
      g_unlink (g_ptr_array_index (outputs, lane));
      done++;
    }
  g_assert_cmpuint (done, ==, lanes);
  g_test_message ("%u trials in %u lanes: all passed in %.1f s", n, lanes,
                  (g_get_monotonic_time () - started) / 1e6);
}

static void
run_trials (void)
{
  const char *count_text = g_getenv ("YC_FAULT_TRIALS") != NULL ? g_getenv ("YC_FAULT_TRIALS")
                                                                  : g_getenv ("YC_FAULT_DEFAULT_TRIALS");
  const char *seed_text = g_getenv ("YC_FAULT_SEED");
  guint n = count_text != NULL ? (guint) g_ascii_strtoull (count_text, NULL, 10) : 201;
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                   : g_random_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gint64 started = g_get_monotonic_time ();
  Run run = { 0 };

  g_test_message ("%u trials, YC_FAULT_SEED=%u", n, seed);
  for (guint i = 0; i < n; i++)
    {
      if (i % TRIALS_PER_SERVER == 0)
        {
          run_new_server (&run, TRIALS_PER_SERVER + 1);
          calibrate (&run, rand);
          if (i == 0)
            g_test_message ("lane: a clean push of %d cases takes %.0f ms", CASES_PER_TRIAL, run.est_ms);
        }
      one_trial (&run, rand, i, i % N_TRIAL_KINDS);
    }

  g_test_message ("lane: %u trials in %.1f s (seed %u): %u cases checked; kill-client %u (%u killed: %u accepting, %u syncing), "
                  "kill-server %u (%u killed while the window ran, %u restarts), proxy %u (%u faults set while it ran, %u struck); "
                  "to repeat: YC_FAULT_LANES=1 YC_FAULT_TRIALS=%u YC_FAULT_SEED=%u",
                  n, (g_get_monotonic_time () - started) / 1e6, seed, run.cases,
                  run.trials[TRIAL_KILL_CLIENT], run.hits[TRIAL_KILL_CLIENT],
                  run.hits[TRIAL_KILL_CLIENT] - run.killed_syncing, run.killed_syncing,
                  run.trials[TRIAL_KILL_SERVER], run.hits[TRIAL_KILL_SERVER], run.restarts,
                  run.trials[TRIAL_PROXY], run.hits[TRIAL_PROXY], run.proxy_fired, n, seed);
  g_clear_pointer (&run.proxy, yc_fault_proxy_free);
  g_clear_pointer (&run.server, yc_test_server_free);
  g_free (run.url);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* A lane's log shows how far it got, even when it is killed. */
  if (g_getenv ("YC_FAULT_IN_LANE") != NULL)
    setvbuf (stdout, NULL, _IOLBF, 0);
  /* Before anything asks g_get_tmp_dir(): see the top of the file. */
  if (g_getenv ("YC_FAULT_TMPDIR") == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR)
      && g_access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  else if (g_getenv ("YC_FAULT_TMPDIR") != NULL)
    g_setenv ("TMPDIR", g_getenv ("YC_FAULT_TMPDIR"), TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-faults/disk-full/accepting", test_disk_full_accepting);
  g_test_add_func ("/sync-faults/disk-full/syncing", test_disk_full_syncing);
  g_test_add_func ("/sync-faults/sign-in-answer-cut", test_sign_in_answer_cut);
  g_test_add_func ("/sync-faults/trials", test_trials);
  return g_test_run ();
}
