/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "yc-backoffice-cli-private.h"

/*
 * The configuration: a key file (docs/deploy.md lists every key) whose [server] group the
 * command line overrides key by key.  A key file written by hand is checked as strictly
 * as the command line: an unknown key in [server] is an error, not a silent default.
 */

#define SERVER_GROUP "server"

static const char * const server_keys[] = {
  "listen", "port", "tls-cert", "tls-key", "data-dir", "max-body", "token-lifetime",
  "upload-limit", "yellow-threshold", NULL
};

void
yc_backoffice_config_clear (YcBackofficeConfig *config)
{
  g_clear_pointer (&config->listen, g_free);
  g_clear_pointer (&config->tls_cert, g_free);
  g_clear_pointer (&config->tls_key, g_free);
  g_clear_pointer (&config->data_dir, g_free);
}

void
yc_backoffice_config_overrides_clear (YcBackofficeConfigOverrides *overrides)
{
  g_clear_pointer (&overrides->listen, g_free);
  g_clear_pointer (&overrides->port, g_free);
  g_clear_pointer (&overrides->tls_cert, g_free);
  g_clear_pointer (&overrides->tls_key, g_free);
  g_clear_pointer (&overrides->data_dir, g_free);
  g_clear_pointer (&overrides->max_body, g_free);
  g_clear_pointer (&overrides->token_lifetime, g_free);
  g_clear_pointer (&overrides->upload_limit, g_free);
  g_clear_pointer (&overrides->yellow_threshold, g_free);
}

/**
 * yc_backoffice_parse_size:
 * @text: a byte count, optionally with a unit: `k`/`KiB`, `M`/`MiB`, `G`/`GiB` (powers of 1024)
 *
 * Returns: whether @text is a positive size, stored in @out_bytes
 */
gboolean
yc_backoffice_parse_size (const char *text,
                          gint64     *out_bytes)
{
  static const struct { const char *suffix; gint64 factor; } units[] = {
    { "", 1 }, { "b", 1 },
    { "k", 1024 }, { "kb", 1024 }, { "kib", 1024 },
    { "m", 1024 * 1024 }, { "mb", 1024 * 1024 }, { "mib", 1024 * 1024 },
    { "g", 1024 * 1024 * 1024 }, { "gb", 1024 * 1024 * 1024 }, { "gib", 1024 * 1024 * 1024 },
  };
  g_autofree char *trimmed = NULL;
  g_autofree char *suffix = NULL;
  guint64 value;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || value == 0)
    return FALSE;

  trimmed = g_strstrip (g_strdup (end));
  suffix = g_ascii_strdown (trimmed, -1);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (!g_str_equal (suffix, units[i].suffix))
        continue;
      if (value > (guint64) (G_MAXINT64 / units[i].factor))
        return FALSE;
      *out_bytes = (gint64) value * units[i].factor;
      return TRUE;
    }
  return FALSE;
}

/**
 * yc_backoffice_parse_duration:
 * @text: seconds, or a number with a unit: `s`, `m`, `h`, `d`
 *
 * Returns: whether @text is a positive duration, stored in @out_span
 */
gboolean
yc_backoffice_parse_duration (const char *text,
                              GTimeSpan  *out_span)
{
  GTimeSpan factor;
  guint64 value;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  errno = 0;
  value = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || value == 0)
    return FALSE;

  if (g_str_equal (end, "") || g_str_equal (end, "s"))
    factor = G_TIME_SPAN_SECOND;
  else if (g_str_equal (end, "m"))
    factor = G_TIME_SPAN_MINUTE;
  else if (g_str_equal (end, "h"))
    factor = G_TIME_SPAN_HOUR;
  else if (g_str_equal (end, "d"))
    factor = G_TIME_SPAN_DAY;
  else
    return FALSE;

  /* A year is plenty for anything configured here; it also keeps the product in range. */
  if (value > (guint64) (366 * G_TIME_SPAN_DAY / factor))
    return FALSE;
  *out_span = (GTimeSpan) value * factor;
  return TRUE;
}

static gboolean
parse_port (const char *text,
            guint      *out_port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    return FALSE;
  *out_port = (guint) value;
  return TRUE;
}

/* The value of @key: the command line's if given, else the key file's, else NULL.
 * @where receives a description of the source for error messages. */
static char *
lookup (GKeyFile    *keyfile,
        const char  *path,
        const char  *key,
        const char  *override,
        char       **where)
{
  g_autofree char *value = NULL;

  if (override != NULL)
    {
      *where = g_strdup_printf (_("option --%s"), key);
      return g_strdup (override);
    }
  if (keyfile == NULL)
    return NULL;

  value = g_key_file_get_string (keyfile, SERVER_GROUP, key, NULL);
  if (value == NULL)
    return NULL;
  *where = g_strdup_printf (_("%s: [%s] %s"), path, SERVER_GROUP, key);
  return g_strstrip (g_steal_pointer (&value));
}

static gboolean
check_keys (GKeyFile    *keyfile,
            const char  *path,
            GError     **error)
{
  g_auto(GStrv) keys = NULL;

  if (!g_key_file_has_group (keyfile, SERVER_GROUP))
    return TRUE;

  keys = g_key_file_get_keys (keyfile, SERVER_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_strv_contains (server_keys, keys[i]))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                       _("%s: unknown key “%s” in [%s] (known keys: %s)"),
                       path, keys[i], SERVER_GROUP,
                       "listen, port, tls-cert, tls-key, data-dir, max-body, token-lifetime, upload-limit, "
                       "yellow-threshold");
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * yc_backoffice_config_load:
 * @config: receives the settings; clear it with yc_backoffice_config_clear()
 * @path: the key file to read
 * @path_given: whether the administrator named @path (a missing file is then an error;
 *   the default file may be absent)
 * @overrides: the command line's settings, which win
 *
 * Returns: whether every setting is valid; the error names where a bad one came from
 */
gboolean
yc_backoffice_config_load (YcBackofficeConfig                *config,
                           const char                        *path,
                           gboolean                           path_given,
                           const YcBackofficeConfigOverrides *overrides,
                           GError                           **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *value = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 size;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (overrides != NULL, FALSE);

  *config = (YcBackofficeConfig) {
    .port = YC_BACKOFFICE_CONFIG_DEFAULT_PORT,
    .token_lifetime = YC_BACKOFFICE_DEFAULT_TOKEN_LIFETIME,
    .upload_limit = YC_BACKOFFICE_DEFAULT_UPLOAD_LIMIT,
    .yellow_threshold = YC_CASE_YELLOW_THRESHOLD_DEFAULT,
  };

  /* Read as data, so that --config /dev/null (no configuration at all) works too. */
  keyfile = g_key_file_new ();
  if (!g_file_get_contents (path, &contents, &length, &local_error)
      || !g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      if (path_given || !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not read the configuration file %s: %s"),
                       path, local_error->message);
          return FALSE;
        }
      g_clear_pointer (&keyfile, g_key_file_free);
    }
  if (keyfile != NULL && !check_keys (keyfile, path, error))
    return FALSE;

  config->listen = lookup (keyfile, path, "listen", overrides->listen, &where);
  if (config->listen == NULL)
    config->listen = g_strdup (YC_BACKOFFICE_CONFIG_DEFAULT_LISTEN);
  else if (!g_hostname_is_ip_address (config->listen))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not an IP address (for example 127.0.0.1, 0.0.0.0 or ::)"),
                   where, config->listen);
      return FALSE;
    }
  g_clear_pointer (&where, g_free);

  value = lookup (keyfile, path, "port", overrides->port, &where);
  if (value != NULL && !parse_port (value, &config->port))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a port number (0 to 65535; 0 picks a free port)"),
                   where, value);
      return FALSE;
    }
  g_clear_pointer (&where, g_free);
  g_clear_pointer (&value, g_free);

  config->tls_cert = lookup (keyfile, path, "tls-cert", overrides->tls_cert, &where);
  g_clear_pointer (&where, g_free);
  config->tls_key = lookup (keyfile, path, "tls-key", overrides->tls_key, &where);
  g_clear_pointer (&where, g_free);
  if ((config->tls_cert == NULL) != (config->tls_key == NULL))
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           _("TLS needs both a certificate and its private key: give tls-cert and tls-key together"));
      return FALSE;
    }

  config->data_dir = lookup (keyfile, path, "data-dir", overrides->data_dir, &where);
  g_clear_pointer (&where, g_free);
  /* Under systemd, StateDirectory= names the data directory. */
  if (config->data_dir == NULL && g_getenv ("STATE_DIRECTORY") != NULL)
    config->data_dir = g_strdup (g_getenv ("STATE_DIRECTORY"));

  value = lookup (keyfile, path, "max-body", overrides->max_body, &where);
  if (value != NULL)
    {
      if (!yc_backoffice_parse_size (value, &size) || (guint64) size > G_MAXSIZE)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not a size (bytes, or with a unit such as 512k, 4M, 1G)"),
                       where, value);
          return FALSE;
        }
      config->max_body = (gsize) size;
    }
  g_clear_pointer (&where, g_free);
  g_clear_pointer (&value, g_free);

  value = lookup (keyfile, path, "upload-limit", overrides->upload_limit, &where);
  if (value != NULL && !yc_backoffice_parse_size (value, &config->upload_limit))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a size (bytes, or with a unit such as 512k, 4M, 1G)"),
                   where, value);
      return FALSE;
    }
  g_clear_pointer (&where, g_free);
  g_clear_pointer (&value, g_free);

  value = lookup (keyfile, path, "token-lifetime", overrides->token_lifetime, &where);
  if (value != NULL && !yc_backoffice_parse_duration (value, &config->token_lifetime))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: “%s” is not a duration (seconds, or with a unit such as 30m, 12h, 7d; at most a year)"),
                   where, value);
      return FALSE;
    }
  g_clear_pointer (&where, g_free);
  g_clear_pointer (&value, g_free);

  value = lookup (keyfile, path, "yellow-threshold", overrides->yellow_threshold, &where);
  if (value != NULL)
    {
      guint64 days;

      if (!g_ascii_string_to_unsigned (value, 10, 0, YC_BACKOFFICE_MAX_YELLOW_THRESHOLD, &days, NULL))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: “%s” is not a number of working days (0 to %d)"),
                       where, value, YC_BACKOFFICE_MAX_YELLOW_THRESHOLD);
          return FALSE;
        }
      config->yellow_threshold = (guint) days;
    }

  return TRUE;
}
