/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-backoffice.h"
#include "yc-backoffice-cli.h"

G_BEGIN_DECLS

#define YC_BACKOFFICE_CLI_NAME "yichuang-backoffice"

/* The [server] group of the key file, after the command line has overridden it. */
typedef struct {
  char      *listen;          /* an IP address literal */
  guint      port;            /* 0: any free port */
  char      *tls_cert;        /* PEM file, or NULL */
  char      *tls_key;         /* PEM file, or NULL */
  char      *data_dir;        /* or NULL when nowhere given */
  gsize      max_body;        /* bytes; 0: the HTTP layer's default */
  GTimeSpan  token_lifetime;  /* microseconds */
  gint64     upload_limit;    /* bytes */
  guint      yellow_threshold; /* working days left at which a case is yellow */
} YcBackofficeConfig;

#define YC_BACKOFFICE_CONFIG_DEFAULT_LISTEN "127.0.0.1"
#define YC_BACKOFFICE_CONFIG_DEFAULT_PORT   8480
/* A longer warning than a statutory month makes every case yellow. */
#define YC_BACKOFFICE_MAX_YELLOW_THRESHOLD  30

/*
 * The settings as given on the command line, each NULL when absent; they win over the key
 * file.  Kept as text so that both sources go through the same parser and messages.
 */
typedef struct {
  char *listen;
  char *port;
  char *tls_cert;
  char *tls_key;
  char *data_dir;
  char *max_body;
  char *token_lifetime;
  char *upload_limit;
  char *yellow_threshold;
} YcBackofficeConfigOverrides;

/* Everything a command may use: the merged settings and the options of every command. */
typedef struct {
  char                        *config_path;   /* --config, or NULL for the default file */
  YcBackofficeConfigOverrides  overrides;
  YcBackofficeConfig           config;

  /* command options */
  gboolean   json;
  gboolean   password_stdin;
  char      *role;
  char      *hall;
  char     **departments;
  char      *display_name;
  char      *description;
  char      *catalog_dir;
  char      *admin_user;

  /* positional arguments after the command words */
  char     **args;
  guint      n_args;
} YcBackofficeCliContext;

/* yc-backoffice-cli-config.c */
void          yc_backoffice_config_clear     (YcBackofficeConfig                *config);
void          yc_backoffice_config_overrides_clear (YcBackofficeConfigOverrides *overrides);
gboolean      yc_backoffice_config_load      (YcBackofficeConfig                *config,
                                              const char                        *path,
                                              gboolean                           path_given,
                                              const YcBackofficeConfigOverrides *overrides,
                                              GError                           **error);
gboolean      yc_backoffice_parse_size       (const char                        *text,
                                              gint64                            *out_bytes);
gboolean      yc_backoffice_parse_duration   (const char                        *text,
                                              GTimeSpan                         *out_span);

/* yc-backoffice-cli.c: helpers for the commands */
void          yc_backoffice_cli_print        (const char                        *format,
                                              ...) G_GNUC_PRINTF (1, 2);
void          yc_backoffice_cli_printerr     (const char                        *format,
                                              ...) G_GNUC_PRINTF (1, 2);
int           yc_backoffice_cli_fail         (const char                        *format,
                                              ...) G_GNUC_PRINTF (1, 2);
int           yc_backoffice_cli_fail_error   (const GError                      *error);
YcBackoffice *yc_backoffice_cli_open         (YcBackofficeCliContext            *ctx,
                                              gboolean                           create,
                                              GError                           **error);
YcCatalog    *yc_backoffice_cli_load_catalog (const char                        *path,
                                              GError                           **error);
void          yc_backoffice_cli_print_json   (JsonNode                          *node);

/* yc-backoffice-cli-users.c */
typedef enum {
  YC_PASSWORD_FROM_STDIN,               /* one line; empty is an error */
  YC_PASSWORD_FROM_STDIN_OR_GENERATED,  /* one line; empty: a generated one */
  YC_PASSWORD_FROM_PROMPT_OR_GENERATED, /* asked twice on the terminal; empty: a generated one */
  YC_PASSWORD_GENERATED,
} YcPasswordSource;

char         *yc_backoffice_cli_generate_password (void);
char         *yc_backoffice_cli_obtain_password (YcPasswordSource                 source,
                                                 gboolean                        *out_generated,
                                                 GError                         **error);
void          yc_backoffice_cli_free_password (char                              *password);
/* g_auto(YcPasswordText): a password wiped from memory when it goes out of scope */
typedef char *YcPasswordText;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (YcPasswordText, yc_backoffice_cli_free_password, NULL)
char         *yc_backoffice_cli_pad           (const char                        *text,
                                               guint                              width);
gboolean      yc_backoffice_cli_parse_role   (const char                        *text,
                                              YcRole                            *role,
                                              GError                           **error);
int           yc_backoffice_cli_user_add     (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_user_disable (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_user_passwd  (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_user_list    (YcBackofficeCliContext            *ctx);

/* yc-backoffice-cli-admin.c */
int           yc_backoffice_cli_init         (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_demo         (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_window_enroll (YcBackofficeCliContext           *ctx);
int           yc_backoffice_cli_window_list  (YcBackofficeCliContext            *ctx);
int           yc_backoffice_cli_catalog_import (YcBackofficeCliContext          *ctx);
int           yc_backoffice_cli_audit_verify (YcBackofficeCliContext            *ctx);

/* yc-backoffice-cli-serve.c */
int           yc_backoffice_cli_serve        (YcBackofficeCliContext            *ctx);

G_END_DECLS
