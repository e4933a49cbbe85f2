/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "yc-backoffice-cli-private.h"

/* Passwords reach the server through standard input, a terminal prompt or the generator,
 * never through argv, where every user of the machine could read them (ps, /proc). */

#define MAX_PASSWORD_LENGTH 1024

/* No 0/o, 1/l/i: read aloud or copied from paper without doubt.  32 symbols, 5 bits each. */
static const char password_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
#define PASSWORD_GROUPS     4
#define PASSWORD_GROUP_SIZE 5

/**
 * yc_backoffice_cli_generate_password:
 *
 * Returns: (transfer full): a random password of 100 bits, such as `k7mqx-3pa9v-trhn2-c4wzd`;
 *   free it with yc_backoffice_cli_free_password()
 */
char *
yc_backoffice_cli_generate_password (void)
{
  GString *password = g_string_sized_new (PASSWORD_GROUPS * (PASSWORD_GROUP_SIZE + 1));

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialized");

  for (guint group = 0; group < PASSWORD_GROUPS; group++)
    {
      if (group > 0)
        g_string_append_c (password, '-');
      for (guint i = 0; i < PASSWORD_GROUP_SIZE; i++)
        g_string_append_c (password, password_alphabet[randombytes_uniform (sizeof password_alphabet - 1)]);
    }
  return g_string_free (password, FALSE);
}

void
yc_backoffice_cli_free_password (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}

/* One line from @stream without its line end, or NULL at once at end of file. */
static char *
read_line (FILE    *stream,
           GError **error)
{
  char buffer[MAX_PASSWORD_LENGTH + 2];
  char *line;
  size_t length;

  if (fgets (buffer, sizeof buffer, stream) == NULL)
    return g_strdup ("");

  length = strlen (buffer);
  if (length > 0 && buffer[length - 1] != '\n' && length == sizeof buffer - 1)
    {
      sodium_memzero (buffer, sizeof buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The password is longer than %d characters"), MAX_PASSWORD_LENGTH);
      return NULL;
    }
  while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r'))
    buffer[--length] = '\0';

  line = g_strdup (buffer);
  sodium_memzero (buffer, sizeof buffer);
  if (!g_utf8_validate (line, -1, NULL))
    {
      yc_backoffice_cli_free_password (line);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The password is not valid UTF-8 text"));
      return NULL;
    }
  return line;
}

static char *
prompt_hidden (const char  *prompt,
               GError     **error)
{
  struct termios saved, hidden;
  gboolean restore;
  char *line;

  fputs (prompt, stderr);
  fflush (stderr);

  restore = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (restore)
    {
      hidden = saved;
      hidden.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &hidden);
    }
  line = read_line (stdin, error);
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  return line;
}

/**
 * yc_backoffice_cli_obtain_password:
 * @out_generated: (out): whether the password was generated (and must be shown once)
 *
 * Returns: (transfer full): the password; free it with yc_backoffice_cli_free_password()
 */
char *
yc_backoffice_cli_obtain_password (YcPasswordSource   source,
                                   gboolean          *out_generated,
                                   GError           **error)
{
  g_auto(YcPasswordText) first = NULL;
  g_auto(YcPasswordText) second = NULL;

  *out_generated = FALSE;

  switch (source)
    {
    case YC_PASSWORD_FROM_STDIN:
    case YC_PASSWORD_FROM_STDIN_OR_GENERATED:
      first = read_line (stdin, error);
      if (first == NULL)
        return NULL;
      if (*first != '\0')
        return g_steal_pointer (&first);
      if (source == YC_PASSWORD_FROM_STDIN)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("No password on standard input: write it as one line"));
          return NULL;
        }
      break;

    case YC_PASSWORD_FROM_PROMPT_OR_GENERATED:
      first = prompt_hidden (_("Password (leave empty to generate one): "), error);
      if (first == NULL)
        return NULL;
      if (*first == '\0')
        break;
      second = prompt_hidden (_("Repeat the password: "), error);
      if (second == NULL)
        return NULL;
      if (!g_str_equal (first, second))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The two passwords differ; nothing was changed"));
          return NULL;
        }
      return g_steal_pointer (&first);

    case YC_PASSWORD_GENERATED:
      break;

    default:
      g_assert_not_reached ();
    }

  *out_generated = TRUE;
  return yc_backoffice_cli_generate_password ();
}

/**
 * yc_backoffice_cli_pad:
 *
 * Returns: (transfer full): @text followed by spaces up to @width terminal columns (a Han
 *   character takes two)
 */
char *
yc_backoffice_cli_pad (const char *text,
                       guint       width)
{
  GString *padded = g_string_new (text);
  guint columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  while (columns++ < width)
    g_string_append_c (padded, ' ');
  return g_string_free (padded, FALSE);
}

gboolean
yc_backoffice_cli_parse_role (const char  *text,
                              YcRole      *role,
                              GError     **error)
{
  if (text == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("A role is required: --role clerk, reviewer, supervisor or admin"));
      return FALSE;
    }
  if (!yc_principal_role_from_string (text, role))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown role “%s”: use clerk, reviewer, supervisor or admin"), text);
      return FALSE;
    }
  return TRUE;
}

static void
print_password (const char *username,
                const char *password)
{
  yc_backoffice_cli_print (_("Password of “%s” (shown only this once; hand it over safely): %s\n"),
                           username, password);
}

int
yc_backoffice_cli_user_add (YcBackofficeCliContext *ctx)
{
  const char *username = ctx->args[0];
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(YcPasswordText) password = NULL;
  gboolean generated;
  YcRole role;

  if (!yc_backoffice_cli_parse_role (ctx->role, &role, &error))
    return yc_backoffice_cli_fail_error (error);

  /* Say which option is wrong before the back office says which field is. */
  if (role == YC_ROLE_CLERK && ctx->hall == NULL)
    return yc_backoffice_cli_fail (_("A clerk works in one hall: give --hall HALL"));
  if (role != YC_ROLE_CLERK && ctx->hall != NULL)
    return yc_backoffice_cli_fail (_("Only clerks have a hall: leave out --hall"));
  if (role == YC_ROLE_REVIEWER && ctx->departments == NULL)
    return yc_backoffice_cli_fail (_("A reviewer reviews for departments: give --department CODE once for each"));
  if (role != YC_ROLE_REVIEWER && ctx->departments != NULL)
    return yc_backoffice_cli_fail (_("Only reviewers have departments: leave out --department"));

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  password = yc_backoffice_cli_obtain_password (ctx->password_stdin ? YC_PASSWORD_FROM_STDIN
                                                                    : YC_PASSWORD_GENERATED,
                                                &generated, &error);
  if (password == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (!yc_backoffice_user_add (backoffice, username,
                               ctx->display_name != NULL ? ctx->display_name : username,
                               role, ctx->hall, (const char * const *) ctx->departments,
                               password, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Added user “%s” (%s).\n"), username, yc_principal_role_label (role));
  if (generated)
    print_password (username, password);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_user_disable (YcBackofficeCliContext *ctx)
{
  const char *username = ctx->args[0];
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL || !yc_backoffice_user_disable (backoffice, username, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Disabled user “%s”: their sessions are closed and they can no longer sign in.\n"), username);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

int
yc_backoffice_cli_user_passwd (YcBackofficeCliContext *ctx)
{
  const char *username = ctx->args[0];
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(YcPasswordText) password = NULL;
  gboolean generated;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);

  password = yc_backoffice_cli_obtain_password (ctx->password_stdin ? YC_PASSWORD_FROM_STDIN
                                                                    : YC_PASSWORD_GENERATED,
                                                &generated, &error);
  if (password == NULL || !yc_backoffice_user_set_password (backoffice, username, password, &error))
    return yc_backoffice_cli_fail_error (error);

  yc_backoffice_cli_print (_("Set a new password for “%s”.\n"), username);
  if (generated)
    print_password (username, password);
  return YC_BACKOFFICE_CLI_EXIT_OK;
}

static char *
scope_text (JsonObject *user)
{
  const char *hall = NULL;
  JsonArray *departments = NULL;

  if (json_object_has_member (user, "hall") && !json_object_get_null_member (user, "hall"))
    hall = json_object_get_string_member (user, "hall");
  if (json_object_has_member (user, "departments") && !json_object_get_null_member (user, "departments"))
    departments = json_object_get_array_member (user, "departments");

  if (hall != NULL && *hall != '\0')
    return g_strdup_printf (_("hall %s"), hall);
  if (departments != NULL && json_array_get_length (departments) > 0)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (departments); i++)
        {
          if (i > 0)
            g_string_append_c (text, ',');
          g_string_append (text, json_array_get_string_element (departments, i));
        }
      return g_string_free (text, FALSE);
    }
  return g_strdup ("-");
}

int
yc_backoffice_cli_user_list (YcBackofficeCliContext *ctx)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) users = NULL;
  JsonArray *array;

  backoffice = yc_backoffice_cli_open (ctx, FALSE, &error);
  if (backoffice == NULL)
    return yc_backoffice_cli_fail_error (error);
  users = yc_backoffice_user_list (backoffice, &error);
  if (users == NULL)
    return yc_backoffice_cli_fail_error (error);

  if (ctx->json)
    {
      yc_backoffice_cli_print_json (users);
      return YC_BACKOFFICE_CLI_EXIT_OK;
    }

  array = json_node_get_array (users);
  {
    g_autofree char *c1 = yc_backoffice_cli_pad (_("User"), 20);
    g_autofree char *c2 = yc_backoffice_cli_pad (_("Role"), 12);
    g_autofree char *c3 = yc_backoffice_cli_pad (_("Scope"), 20);
    g_autofree char *c4 = yc_backoffice_cli_pad (_("State"), 10);

    yc_backoffice_cli_print ("%s %s %s %s %s\n", c1, c2, c3, c4, _("Name"));
  }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *user = json_array_get_object_element (array, i);
      const char *role_name = json_object_get_string_member (user, "role");
      gboolean disabled = json_object_get_boolean_member_with_default (user, "disabled", FALSE);
      g_autofree char *scope = scope_text (user);
      g_autofree char *c1 = yc_backoffice_cli_pad (json_object_get_string_member (user, "username"), 20);
      g_autofree char *c2 = NULL;
      g_autofree char *c3 = yc_backoffice_cli_pad (scope, 20);
      g_autofree char *c4 = yc_backoffice_cli_pad (disabled ? _("disabled") : _("active"), 10);
      YcRole role;

      c2 = yc_backoffice_cli_pad (yc_principal_role_from_string (role_name, &role)
                                  ? yc_principal_role_label (role) : role_name, 12);
      yc_backoffice_cli_print ("%s %s %s %s %s\n", c1, c2, c3, c4,
                               json_object_get_string_member_with_default (user, "display_name", ""));
    }
  return YC_BACKOFFICE_CLI_EXIT_OK;
}
