/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "yc-backoffice-cli-private.h"
#include "yc-data.h"

#ifndef YC_BACKOFFICE_CONFIG_FILE
#define YC_BACKOFFICE_CONFIG_FILE "/etc/yichuang/backoffice.conf"
#endif

/* Options each command accepts besides the global ones (--config, --data-dir). */
static const char * const serve_options[] = {
  "listen", "port", "tls-cert", "tls-key", "max-body", "token-lifetime", "upload-limit",
  "yellow-threshold", NULL
};
static const char * const init_options[] = { "catalog", "admin-user", "password-stdin", NULL };
static const char * const demo_options[] = { "catalog", NULL };
static const char * const user_add_options[] = {
  "role", "hall", "department", "display-name", "password-stdin", NULL
};
static const char * const password_options[] = { "password-stdin", NULL };
static const char * const json_options[] = { "json", NULL };
static const char * const window_enroll_options[] = { "description", NULL };
static const char * const no_options[] = { NULL };

typedef struct {
  const char         *group;     /* first word */
  const char         *name;      /* second word, or NULL */
  const char         *synopsis;  /* arguments and options */
  const char         *summary;   /* translatable */
  guint               min_args;
  guint               max_args;
  const char * const *options;
  int               (*run) (YcBackofficeCliContext *ctx);
} Command;

static const Command commands[] = {
  { "serve", NULL, "[--listen ADDR] [--port N] [--tls-cert FILE --tls-key FILE] [--max-body SIZE] "
    "[--token-lifetime DURATION] [--upload-limit SIZE]",
    N_("Serve the API (the default command)"), 0, 0, serve_options, yc_backoffice_cli_serve },
  { "init", NULL, "[--admin-user NAME] [--catalog DIR] [--password-stdin]",
    N_("Set up a new data directory: schema, catalog, first administrator"), 0, 0,
    init_options, yc_backoffice_cli_init },
  { "demo", NULL, "[--catalog DIR]",
    N_("Set up a new data directory with demo users of every role and demo windows"), 0, 0,
    demo_options, yc_backoffice_cli_demo },
  { "user", "add", "NAME --role ROLE [--hall HALL] [--department CODE…] [--display-name TEXT] [--password-stdin]",
    N_("Add a user (clerk, reviewer, supervisor or admin)"), 1, 1,
    user_add_options, yc_backoffice_cli_user_add },
  { "user", "disable", "NAME", N_("Disable a user and end their sessions"), 1, 1,
    no_options, yc_backoffice_cli_user_disable },
  { "user", "passwd", "NAME [--password-stdin]", N_("Set a new password for a user"), 1, 1,
    password_options, yc_backoffice_cli_user_passwd },
  { "user", "list", "[--json]", N_("List the users"), 0, 0,
    json_options, yc_backoffice_cli_user_list },
  { "window", "enroll", "HALL WINDOW [--description TEXT]",
    N_("Enroll a counter window by its hall and window codes"), 2, 2,
    window_enroll_options, yc_backoffice_cli_window_enroll },
  { "window", "list", "[--json]", N_("List the enrolled windows"), 0, 0,
    json_options, yc_backoffice_cli_window_list },
  { "catalog", "import", "[DIR]",
    N_("Import a catalog (a directory holding catalog.json; the shipped one by default)"), 0, 1,
    no_options, yc_backoffice_cli_catalog_import },
  { "audit", "verify", "", N_("Check the audit log's hash chain; names the first altered row"), 0, 0,
    no_options, yc_backoffice_cli_audit_verify },
};

static char *
usage_text (void)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Usage: %s [--config FILE] [--data-dir DIR] [COMMAND] [ARGS]"),
                          YC_BACKOFFICE_CLI_NAME);
  g_string_append (text, "\n\n");
  g_string_append (text, _("Commands:"));
  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *words = g_strjoin (" ", commands[i].group, commands[i].name, NULL);

      g_string_append_printf (text, "  %s%s%s\n      %s\n", words, *commands[i].synopsis != '\0' ? " " : "",
                              commands[i].synopsis, _(commands[i].summary));
    }
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("The configuration file is %s unless --config names another; "
                                  "see docs/deploy.md for its keys."), YC_BACKOFFICE_CONFIG_FILE);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

/*
 * Output is UTF-8 whatever the locale: g_print() would convert it to the locale's charset,
 * turning Chinese names into “?” under LANG=C (a service, a cron job) and corrupting JSON.
 */
void
yc_backoffice_cli_print (const char *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
}

void
yc_backoffice_cli_printerr (const char *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fflush (stderr);
}

/**
 * yc_backoffice_cli_fail:
 *
 * Prints an error for the administrator on standard error.
 *
 * Returns: %YC_BACKOFFICE_CLI_EXIT_FAILURE
 */
int
yc_backoffice_cli_fail (const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  yc_backoffice_cli_printerr ("%s: %s\n", YC_BACKOFFICE_CLI_NAME, message);
  return YC_BACKOFFICE_CLI_EXIT_FAILURE;
}

int
yc_backoffice_cli_fail_error (const GError *error)
{
  const char *field = NULL;

  if (error->domain == YC_BACKOFFICE_ERROR)
    field = yc_backoffice_error_get_field (error);
  if (field != NULL && strstr (error->message, field) == NULL)
    return yc_backoffice_cli_fail ("%s (%s)", error->message, field);
  return yc_backoffice_cli_fail ("%s", error->message);
}

void
yc_backoffice_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  yc_backoffice_cli_print ("%s\n", text);
}

/**
 * yc_backoffice_cli_load_catalog:
 * @path: (nullable): a directory holding `catalog.json`, or the manifest itself; %NULL for
 *   the shipped catalog
 *
 * Returns: (transfer full): the catalog, fully validated
 */
YcCatalog *
yc_backoffice_cli_load_catalog (const char  *path,
                                GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    file = yc_data_find ("catalog/catalog.json");
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    file = g_file_new_build_filename (path, "catalog.json", NULL);
  else
    file = g_file_new_for_commandline_arg (path);

  return yc_catalog_load_file (file, error);
}

/**
 * yc_backoffice_cli_open:
 * @create: whether a missing data directory is made (init, demo)
 *
 * Opens the back office in the configured data directory, bringing its schema up to date,
 * with the configured token lifetime and upload limit.
 *
 * Returns: (transfer full): the back office
 */
YcBackoffice *
yc_backoffice_cli_open (YcBackofficeCliContext  *ctx,
                        gboolean                 create,
                        GError                 **error)
{
  const char *dir = ctx->config.data_dir;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;

  if (dir == NULL || *dir == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No data directory: give --data-dir DIR, or data-dir in the [server] group of %s"),
                   ctx->config_path != NULL ? ctx->config_path : YC_BACKOFFICE_CONFIG_FILE);
      return NULL;
    }

  if (create)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not create the data directory %s: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
    }
  else if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("The data directory %s does not exist: set it up first with “%s --data-dir %s init”"),
                   dir, YC_BACKOFFICE_CLI_NAME, dir);
      return NULL;
    }

  calendar = yc_calendar_new_default (error);
  if (calendar == NULL)
    return NULL;

  backoffice = yc_backoffice_open (dir, calendar, error);
  if (backoffice == NULL || !yc_backoffice_initialize (backoffice, error))
    return NULL;

  yc_backoffice_set_token_lifetime (backoffice, ctx->config.token_lifetime);
  yc_backoffice_set_upload_limit (backoffice, ctx->config.upload_limit);
  yc_backoffice_set_yellow_threshold (backoffice, ctx->config.yellow_threshold);
  return g_steal_pointer (&backoffice);
}

/* The first option given on the command line that @command does not take, or NULL. */
static const char *
stray_option (YcBackofficeCliContext *ctx,
              const Command          *command)
{
  const YcBackofficeConfigOverrides *o = &ctx->overrides;
  const struct { const char *name; gboolean given; } given[] = {
    { "listen", o->listen != NULL },
    { "port", o->port != NULL },
    { "tls-cert", o->tls_cert != NULL },
    { "tls-key", o->tls_key != NULL },
    { "max-body", o->max_body != NULL },
    { "token-lifetime", o->token_lifetime != NULL },
    { "upload-limit", o->upload_limit != NULL },
    { "yellow-threshold", o->yellow_threshold != NULL },
    { "json", ctx->json },
    { "password-stdin", ctx->password_stdin },
    { "role", ctx->role != NULL },
    { "hall", ctx->hall != NULL },
    { "department", ctx->departments != NULL },
    { "display-name", ctx->display_name != NULL },
    { "description", ctx->description != NULL },
    { "catalog", ctx->catalog_dir != NULL },
    { "admin-user", ctx->admin_user != NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (given[i].given && !g_strv_contains (command->options, given[i].name))
      return given[i].name;
  return NULL;
}

static const Command *
find_command (char       **words,
              guint        n_words,
              guint       *out_n_used,
              const char **out_group_only)
{
  *out_group_only = NULL;

  if (n_words == 0)
    {
      *out_n_used = 0;
      return &commands[0];  /* serve */
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (commands[i].group, words[0]))
        continue;
      if (commands[i].name == NULL)
        {
          *out_n_used = 1;
          return &commands[i];
        }
      *out_group_only = commands[i].group;
      if (n_words >= 2 && g_str_equal (commands[i].name, words[1]))
        {
          *out_n_used = 2;
          return &commands[i];
        }
    }
  return NULL;
}

static void
context_clear (YcBackofficeCliContext *ctx)
{
  g_clear_pointer (&ctx->config_path, g_free);
  yc_backoffice_config_overrides_clear (&ctx->overrides);
  yc_backoffice_config_clear (&ctx->config);
  g_clear_pointer (&ctx->role, g_free);
  g_clear_pointer (&ctx->hall, g_free);
  g_clear_pointer (&ctx->departments, g_strfreev);
  g_clear_pointer (&ctx->display_name, g_free);
  g_clear_pointer (&ctx->description, g_free);
  g_clear_pointer (&ctx->catalog_dir, g_free);
  g_clear_pointer (&ctx->admin_user, g_free);
}

/**
 * yc_backoffice_cli_run:
 *
 * Runs one invocation of yichuang-backoffice: options may stand anywhere; the command is
 * one or two words (`serve`, `user add`), `serve` when none is given.
 *
 * Returns: the exit code
 */
int
yc_backoffice_cli_run (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *usage = NULL;
  YcBackofficeCliContext ctx = { 0 };
  const Command *command;
  const char *group_only;
  const char *stray;
  gboolean version = FALSE;
  gboolean help = FALSE;
  guint n_words, n_used;
  int status;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &ctx.config_path, N_("Configuration file"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &ctx.overrides.data_dir, N_("Data directory (database and blobs)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show the commands and options"), NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.listen, N_("Address to listen on"), N_("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.port, N_("Port to listen on (0: a free one)"), N_("N") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &ctx.overrides.tls_cert, N_("TLS certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &ctx.overrides.tls_key, N_("TLS private key (PEM)"), N_("FILE") },
    { "max-body", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.max_body, N_("Largest JSON request body"), N_("SIZE") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.token_lifetime, N_("How long a sign-in lasts"), N_("DURATION") },
    { "upload-limit", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.upload_limit, N_("Largest uploaded file"), N_("SIZE") },
    { "yellow-threshold", 0, 0, G_OPTION_ARG_STRING, &ctx.overrides.yellow_threshold, N_("Working days left at which a case turns yellow"), N_("DAYS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Print JSON instead of text"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &ctx.password_stdin, N_("Read the password from standard input"), NULL },
    { "role", 0, 0, G_OPTION_ARG_STRING, &ctx.role, N_("Role: clerk, reviewer, supervisor or admin"), N_("ROLE") },
    { "hall", 0, 0, G_OPTION_ARG_STRING, &ctx.hall, N_("A clerk's hall code"), N_("HALL") },
    { "department", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ctx.departments, N_("A reviewer's department code (repeatable)"), N_("CODE") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &ctx.display_name, N_("The name shown for the user"), N_("TEXT") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &ctx.description, N_("Where the window is"), N_("TEXT") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &ctx.catalog_dir, N_("Catalog directory instead of the shipped one"), N_("DIR") },
    { "admin-user", 0, 0, G_OPTION_ARG_STRING, &ctx.admin_user, N_("Name of the first administrator (default: admin)"), N_("NAME") },
    { NULL }
  };

  /* GOptionContext edits the vector it parses: give it a copy it may own. */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  usage = usage_text ();
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      yc_backoffice_cli_printerr ("%s: %s\n\n%s", YC_BACKOFFICE_CLI_NAME, error->message, usage);
      status = YC_BACKOFFICE_CLI_EXIT_USAGE;
      goto out;
    }

  if (version)
    {
      yc_backoffice_cli_print ("%s %s\n", YC_BACKOFFICE_CLI_NAME, PACKAGE_VERSION);
      status = YC_BACKOFFICE_CLI_EXIT_OK;
      goto out;
    }
  if (help)
    {
      g_autofree char *options = g_option_context_get_help (context, TRUE, NULL);

      yc_backoffice_cli_print ("%s\n%s", usage, options);
      status = YC_BACKOFFICE_CLI_EXIT_OK;
      goto out;
    }

  n_words = g_strv_length (args) - 1;
  command = find_command (args + 1, n_words, &n_used, &group_only);
  if (command == NULL)
    {
      if (group_only != NULL)
        yc_backoffice_cli_printerr (_("%s: “%s” needs a subcommand\n\n%s"), YC_BACKOFFICE_CLI_NAME, group_only, usage);
      else
        yc_backoffice_cli_printerr (_("%s: unknown command “%s”\n\n%s"), YC_BACKOFFICE_CLI_NAME, args[1], usage);
      status = YC_BACKOFFICE_CLI_EXIT_USAGE;
      goto out;
    }

  ctx.args = args + 1 + n_used;
  ctx.n_args = n_words - n_used;
  if (ctx.n_args < command->min_args || ctx.n_args > command->max_args)
    {
      g_autofree char *words = g_strjoin (" ", command->group, command->name, NULL);

      yc_backoffice_cli_printerr (_("%s: wrong number of arguments; usage: %s %s %s\n"),
                                  YC_BACKOFFICE_CLI_NAME, YC_BACKOFFICE_CLI_NAME, words, command->synopsis);
      status = YC_BACKOFFICE_CLI_EXIT_USAGE;
      goto out;
    }

  stray = stray_option (&ctx, command);
  if (stray != NULL)
    {
      g_autofree char *words = g_strjoin (" ", command->group, command->name, NULL);

      yc_backoffice_cli_printerr (_("%s: option --%s does not apply to “%s”; usage: %s %s %s\n"),
                                  YC_BACKOFFICE_CLI_NAME, stray, words, YC_BACKOFFICE_CLI_NAME, words, command->synopsis);
      status = YC_BACKOFFICE_CLI_EXIT_USAGE;
      goto out;
    }

  if (!yc_backoffice_config_load (&ctx.config,
                                  ctx.config_path != NULL ? ctx.config_path : YC_BACKOFFICE_CONFIG_FILE,
                                  ctx.config_path != NULL, &ctx.overrides, &error))
    {
      status = yc_backoffice_cli_fail_error (error);
      goto out;
    }

  status = command->run (&ctx);

out:
  context_clear (&ctx);
  return status;
}
