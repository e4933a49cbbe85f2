/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice.h"

G_BEGIN_DECLS

/*
 * The real `yichuang-backoffice` executable run as administrators run it, with GSubprocess,
 * in English (LANG=C.UTF-8) and without any configuration file of the machine.  Its path is
 * the test's first argument (or $YC_BACKOFFICE_EXE).
 */

typedef struct {
  int   status;  /* exit status, or -1 when ended by a signal */
  char *out;
  char *err;
} YcCliResult;

void                 yc_test_cli_init             (int               argc,
                                                   char            **argv);
const char          *yc_test_cli_executable       (void);
GSubprocessLauncher *yc_test_cli_launcher         (GSubprocessFlags  flags);
/* Runs `yichuang-backoffice --config /dev/null ARGS…` with @input on standard input. */
YcCliResult         *yc_test_cli_run              (const char       *input,
                                                   ...) G_GNUC_NULL_TERMINATED;
void                 yc_test_cli_result_free      (YcCliResult      *result);

char                *yc_test_cli_make_temp_dir    (void);
void                 yc_test_cli_remove_tree      (const char       *path);
/* A data directory set up by `init` with the administrator "boss" (password
 * "boss-password-1") in a new temporary directory, returned in @out_parent. */
char                *yc_test_cli_init_data_dir    (char            **out_parent);

/* What the commands wrote, read through the library once the process is gone. */
YcBackoffice        *yc_test_cli_open_backoffice  (const char       *data_dir);
gboolean             yc_test_cli_can_sign_in      (const char       *data_dir,
                                                   const char       *username,
                                                   const char       *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcCliResult, yc_test_cli_result_free)

G_END_DECLS
