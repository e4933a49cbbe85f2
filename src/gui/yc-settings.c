/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-gui"

#include "config.h"

#include "yc-case-machine.h"
#include "yc-settings.h"

/*
 * The settings live in GSettings under the app ID.  An installed app finds the schema in
 * the system's schema directories; the app run from the build tree (`make run`, the tests)
 * finds it compiled in the build directory, or where $GSETTINGS_SCHEMA_DIR says.  Without
 * a schema GSettings would abort the process: the app then runs on the defaults and says so.
 */

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) built = NULL;
  GSettingsSchema *schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    return schema;

  built = g_settings_schema_source_new_from_directory (YC_BUILD_SCHEMADIR, source, FALSE, NULL);
  if (built != NULL)
    schema = g_settings_schema_source_lookup (built, APP_ID, FALSE);
  return schema;
}

/**
 * yc_settings_new:
 *
 * Returns: (transfer full) (nullable): the app's settings, or %NULL when the schema is not
 *   installed (a warning says so once; callers keep their defaults)
 */
GSettings *
yc_settings_new (void)
{
  static gsize warned = 0;
  g_autoptr(GSettingsSchema) schema = lookup_schema ();

  if (schema == NULL)
    {
      if (g_once_init_enter (&warned))
        {
          g_message ("The settings schema %s is not installed; using the defaults. Install "
                     "the app, or set GSETTINGS_SCHEMA_DIR to the folder holding "
                     "gschemas.compiled.", APP_ID);
          g_once_init_leave (&warned, 1);
        }
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * yc_settings_get_idle_lock_seconds:
 * @settings: (nullable): the app's settings
 *
 * Returns: the idle time before the lock: $YC_IDLE_LOCK_SECONDS when set (tests, kiosks),
 *   else the "idle-lock-minutes" setting, else 5 minutes
 */
guint
yc_settings_get_idle_lock_seconds (GSettings *settings)
{
  const char *text = g_getenv ("YC_IDLE_LOCK_SECONDS");
  guint64 value;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), 0);

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 24 * 3600, &value, NULL))
    return (guint) value;
  if (settings != NULL)
    return g_settings_get_uint (settings, "idle-lock-minutes") * 60;
  return 5 * 60;
}

/* The back office's threshold (-1: not known): it wins over the local setting. */
static int served_threshold = -1;

/**
 * yc_settings_set_served_yellow_threshold:
 * @working_days: the back office's yellow threshold, or -1 when it never said
 *
 * Called when a user is signed in, before the views that show lights are made for them.
 */
void
yc_settings_set_served_yellow_threshold (int working_days)
{
  g_atomic_int_set (&served_threshold, working_days);
}

/**
 * yc_settings_yellow_threshold:
 *
 * Returns: the back office's yellow threshold once it said it at a sign-in on this computer
 *   (yc_settings_set_served_yellow_threshold()); before that the "yellow-threshold" setting,
 *   read once per process (the lights of the lists already shown would disagree with new
 *   ones otherwise): a case whose remaining working days are at most this many shows
 *   yellow.  %YC_CASE_YELLOW_THRESHOLD_DEFAULT without a schema.
 */
guint
yc_settings_yellow_threshold (void)
{
  static gsize threshold = 0;
  int served = g_atomic_int_get (&served_threshold);

  /* One threshold for the hall (docs/deploy.md): the board, the lists and the figures of
   * the back office count with its value, so the app does too once it has heard it. */
  if (served >= 0)
    return (guint) served;

  if (g_once_init_enter (&threshold))
    {
      g_autoptr(GSettings) settings = yc_settings_new ();
      guint value = settings != NULL ? g_settings_get_uint (settings, "yellow-threshold")
                                     : YC_CASE_YELLOW_THRESHOLD_DEFAULT;

      /* Stored plus one: g_once needs a value other than 0. */
      g_once_init_leave (&threshold, (gsize) value + 1);
    }
  return (guint) threshold - 1;
}
