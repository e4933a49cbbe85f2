/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalog.h"

G_BEGIN_DECLS

/*
 * yichuang-catalog: the administrators' tool.  Each subcommand is a YcToolCommand; the
 * dispatcher (yc-tool.c) parses the common options and hands over a YcToolContext.
 *
 * Exit codes: 0 success, 1 the thing checked is invalid (a bad catalog, a wrong ID),
 * 2 usage or I/O error, 3 a warning the clerk may override (a credit code failing its
 * checksum).
 */

enum {
  YC_TOOL_EXIT_OK      = 0,
  YC_TOOL_EXIT_INVALID = 1,
  YC_TOOL_EXIT_USAGE   = 2,
  YC_TOOL_EXIT_WARNING = 3,
};

typedef struct {
  gboolean  json;          /* --json: machine-readable output on stdout */
  char     *catalog_path;  /* --catalog, or NULL for the shipped catalog */
  char     *calendar_dir;  /* --calendar, or NULL for the shipped calendar */
  GString  *out;           /* what goes to stdout */
  GString  *err;           /* what goes to stderr */
} YcToolContext;

typedef struct {
  const char *name;
  const char *args;      /* usage synopsis of the arguments */
  const char *summary;   /* translatable */
  int       (*run) (YcToolContext *ctx, int argc, char **argv);
} YcToolCommand;

int        yc_tool_run              (int            argc,
                                     char         **argv,
                                     GString       *out,
                                     GString       *err);

/* Helpers for the commands. */
YcCatalog *yc_tool_load_catalog     (YcToolContext *ctx);
YcCalendar *yc_tool_load_calendar  (YcToolContext *ctx);
int        yc_tool_fail             (YcToolContext *ctx,
                                     int            code,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (3, 4);
void       yc_tool_print_json       (YcToolContext *ctx,
                                     JsonNode      *node);

/* The commands, one file each group. */
int yc_tool_cmd_validate (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_search   (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_show     (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_bundle   (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_evaluate (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_deadline (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_idcheck  (YcToolContext *ctx, int argc, char **argv);
int yc_tool_cmd_uscc     (YcToolContext *ctx, int argc, char **argv);

G_END_DECLS
