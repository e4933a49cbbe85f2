/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * yichuang-backoffice: the back-office server and its administration commands
 * (docs/deploy.md).  main.c only sets up the locale and calls yc_backoffice_cli_run().
 *
 * Exit codes: 0 success; 1 the command failed (the reason is on standard error, or, for
 * `audit verify`, the first altered row on standard output); 2 usage error.
 */

enum {
  YC_BACKOFFICE_CLI_EXIT_OK      = 0,
  YC_BACKOFFICE_CLI_EXIT_FAILURE = 1,
  YC_BACKOFFICE_CLI_EXIT_USAGE   = 2,
};

int yc_backoffice_cli_run (int    argc,
                           char **argv);

G_END_DECLS
