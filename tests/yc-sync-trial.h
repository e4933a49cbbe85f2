/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The window process of one fault trial (tests/yc-sync-child.c, path in $YC_SYNC_CHILD). */
typedef struct {
  GSubprocess *process;
  gboolean     exited;
  gint64       started;    /* monotonic µs */
} YcSyncTrialChild;

/* Starts `yc-sync-child --store DIR/store --url @url --window @window --cases @n_cases
 * --seed @seed` plus @extra (NULL-terminated, or NULL); its output goes to
 * DIR/child-@attempt.out and .err. */
void      yc_sync_trial_child_spawn        (YcSyncTrialChild   *child,
                                            const char         *url,
                                            const char         *dir,
                                            const char         *window,
                                            guint               n_cases,
                                            guint               seed,
                                            guint               attempt,
                                            const char * const *extra);
/* Iterates the default main context for @ms or until the child exits; TRUE when it did. */
gboolean  yc_sync_trial_child_run_for      (YcSyncTrialChild   *child,
                                            gint64              ms);
/* Waits (90 s at most) for the child to exit by itself with @status, else fails the test
 * with its output. */
void      yc_sync_trial_child_finish       (YcSyncTrialChild   *child,
                                            const char         *dir,
                                            guint               attempt,
                                            int                 status);
/* SIGKILL; FALSE when the child had just ended by itself (successfully: else the test
 * fails). */
gboolean  yc_sync_trial_child_kill         (YcSyncTrialChild   *child);
/* DIR/child-@attempt.@ext, "" when missing. */
char     *yc_sync_trial_child_output       (const char         *dir,
                                            guint               attempt,
                                            const char         *ext);

/* The checks after a trial of window JB01-@window whose store is DIR/store and whose
 * @attempts runs wrote DIR/child-N.out (tests/test-sync-faults.c says which); fails the
 * test when one does not hold; returns the number of the window's cases. */
guint     yc_sync_trial_verify             (const char         *server_dir,
                                            const char         *dir,
                                            const char         *window,
                                            guint               attempts);
/* The store in DIR/store passes integrity and foreign key checks and holds every case the
 * runs reported as accepted. */
void      yc_sync_trial_assert_store_intact (const char        *dir,
                                             guint              attempts);

/* The pid of `yichuang-backoffice --data-dir @data_dir …`, or 0. */
GPid      yc_sync_trial_server_pid         (const char         *data_dir);
/* A GSpawnChildSetupFunc: the process started gets SIGKILL when the one that started it
 * dies (a failed assertion must not leave windows or lanes running). */
void      yc_sync_trial_die_with_parent    (gpointer            user_data);

G_END_DECLS
