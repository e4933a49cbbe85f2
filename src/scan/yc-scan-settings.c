/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "yc-scanner.h"

/* The scanner's value types, and the settings remembered for each device. */

G_DEFINE_BOXED_TYPE (YcScanDevice, yc_scan_device, yc_scan_device_copy, yc_scan_device_free)
G_DEFINE_BOXED_TYPE (YcScanOptions, yc_scan_options, yc_scan_options_copy, yc_scan_options_free)

YcScanDevice *
yc_scan_device_copy (const YcScanDevice *device)
{
  YcScanDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (YcScanDevice, 1);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->model = g_strdup (device->model);
  copy->type = g_strdup (device->type);
  return copy;
}

void
yc_scan_device_free (YcScanDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

YcScanOptions *
yc_scan_options_copy (const YcScanOptions *options)
{
  YcScanOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_memdup2 (options, sizeof *options);
  copy->resolutions = g_array_copy (options->resolutions);
  return copy;
}

void
yc_scan_options_free (YcScanOptions *options)
{
  if (options == NULL)
    return;
  g_clear_pointer (&options->resolutions, g_array_unref);
  g_free (options);
}

void
yc_scan_settings_init (YcScanSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->source = YC_SCAN_SOURCE_FLATBED;
  settings->color = YC_SCAN_COLOR_RGB;
  settings->resolution = 200;
  settings->width_mm = 210;
  settings->height_mm = 297;
  settings->brightness = 0;
  settings->contrast = 0;
  settings->jpeg_quality = YC_SCAN_PAGE_DEFAULT_JPEG_QUALITY;
}

static char *
settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "yichuang", "scanners.ini", NULL);
}

gboolean
yc_scan_settings_load (const char     *device,
                       YcScanSettings *settings)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = settings_path ();
  g_autoptr(GError) error = NULL;
  YcScanSettings loaded;

  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL)
      || !g_key_file_has_group (file, device))
    return FALSE;

  yc_scan_settings_init (&loaded);
  loaded.source = (YcScanSource) CLAMP (g_key_file_get_integer (file, device, "source", NULL),
                                        YC_SCAN_SOURCE_FLATBED, YC_SCAN_SOURCE_ADF_DUPLEX);
  loaded.color = (YcScanColor) CLAMP (g_key_file_get_integer (file, device, "color", NULL),
                                      YC_SCAN_COLOR_RGB, YC_SCAN_COLOR_LINEART);
  loaded.resolution = (guint) CLAMP (g_key_file_get_integer (file, device, "resolution", &error),
                                     50, 1200);
  if (error != NULL)
    {
      /* A damaged entry: the defaults are better than half of what was saved. */
      g_warning ("%s: the settings of scanner %s are unreadable (%s); using the defaults",
                 path, device, error->message);
      return FALSE;
    }
  loaded.width_mm = CLAMP (g_key_file_get_double (file, device, "width-mm", NULL), 10, 500);
  loaded.height_mm = CLAMP (g_key_file_get_double (file, device, "height-mm", NULL), 10, 1000);
  loaded.brightness = g_key_file_get_integer (file, device, "brightness", NULL);
  loaded.contrast = g_key_file_get_integer (file, device, "contrast", NULL);
  loaded.jpeg_quality = (guint) CLAMP (g_key_file_get_integer (file, device, "jpeg-quality", NULL),
                                       1, 100);
  *settings = loaded;
  return TRUE;
}

gboolean
yc_scan_settings_save (const char            *device,
                       const YcScanSettings  *settings,
                       GError               **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = settings_path ();
  g_autofree char *directory = g_path_get_dirname (path);

  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Other devices' settings are kept; an unreadable file is started afresh. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_integer (file, device, "source", settings->source);
  g_key_file_set_integer (file, device, "color", settings->color);
  g_key_file_set_integer (file, device, "resolution", (int) settings->resolution);
  g_key_file_set_double (file, device, "width-mm", settings->width_mm);
  g_key_file_set_double (file, device, "height-mm", settings->height_mm);
  g_key_file_set_integer (file, device, "brightness", settings->brightness);
  g_key_file_set_integer (file, device, "contrast", settings->contrast);
  g_key_file_set_integer (file, device, "jpeg-quality", (int) settings->jpeg_quality);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The scanner settings could not be saved in %s: %s"), directory,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_key_file_save_to_file (file, path, error))
    {
      g_prefix_error (error, _("The scanner settings could not be saved: "));
      return FALSE;
    }
  return TRUE;
}

/* The scanner chosen last, remembered across restarts, in the same file as the settings:
 * a group of its own, whose name no SANE device name has (they have no spaces). */
#define CHOSEN_GROUP "chosen scanner"

/**
 * yc_scan_settings_load_chosen:
 * @label: (out) (optional) (transfer full): how the device was shown, e.g. its vendor and
 *   model, for a message when it is gone; or %NULL
 *
 * Returns: (transfer full) (nullable): the SANE name of the scanner chosen last, or %NULL
 */
char *
yc_scan_settings_load_chosen (char **label)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = settings_path ();
  g_autofree char *device = NULL;

  if (label != NULL)
    *label = NULL;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  device = g_key_file_get_string (file, CHOSEN_GROUP, "device", NULL);
  if (device == NULL || *device == '\0')
    return NULL;
  if (label != NULL)
    *label = g_key_file_get_string (file, CHOSEN_GROUP, "label", NULL);
  return g_steal_pointer (&device);
}

/**
 * yc_scan_settings_save_chosen:
 * @device: the SANE name of the scanner the clerk chose
 * @label: (nullable): how it is shown (vendor and model)
 *
 * Remembers the scanner for the next start of the counter.
 */
gboolean
yc_scan_settings_save_chosen (const char  *device,
                              const char  *label,
                              GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = settings_path ();
  g_autofree char *directory = g_path_get_dirname (path);

  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (file, CHOSEN_GROUP, "device", device);
  if (label != NULL)
    g_key_file_set_string (file, CHOSEN_GROUP, "label", label);
  else
    g_key_file_remove_key (file, CHOSEN_GROUP, "label", NULL);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The scanner settings could not be saved in %s: %s"), directory,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_key_file_save_to_file (file, path, error))
    {
      g_prefix_error (error, _("The scanner settings could not be saved: "));
      return FALSE;
    }
  return TRUE;
}
