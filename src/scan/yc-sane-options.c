/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <sane/saneopts.h>
#include <string.h>

#include "yc-sane-private.h"
#include "yc-scan-error.h"

void
yc_sane_set_error (GError      **error,
                   SANE_Status   status,
                   const char   *device)
{
  switch (status)
    {
    case SANE_STATUS_DEVICE_BUSY:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_BUSY,
                   _("The scanner %s is busy: another program is using it. Close that "
                     "program, or wait a moment and scan again."), device);
      break;
    case SANE_STATUS_JAMMED:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_JAMMED,
                   _("Paper jam in %s. Open the scanner, remove the jammed sheet and scan "
                     "the remaining pages; the pages scanned before are kept."), device);
      break;
    case SANE_STATUS_COVER_OPEN:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_COVER_OPEN,
                   _("The cover of %s is open. Close it and scan again; the pages scanned "
                     "before are kept."), device);
      break;
    case SANE_STATUS_NO_DOCS:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_NO_DOCUMENTS,
                   _("The document feeder of %s is empty. Put the pages in, face as the "
                     "scanner shows, and scan again."), device);
      break;
    case SANE_STATUS_IO_ERROR:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_DEVICE_GONE,
                   _("The scanner %s stopped answering. Check that it is switched on and "
                     "its cable is plugged in, then scan again; the pages scanned before "
                     "are kept."), device);
      break;
    case SANE_STATUS_ACCESS_DENIED:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_ACCESS_DENIED,
                   _("This user may not use the scanner %s. Ask the administrator to add "
                     "the user to the “scanner” group."), device);
      break;
    case SANE_STATUS_UNSUPPORTED:
    case SANE_STATUS_INVAL:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("The scanner %s does not accept these settings (%s). Choose another "
                     "source, resolution or colour mode."), device, sane_strstatus (status));
      break;
    case SANE_STATUS_CANCELLED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The scan was cancelled at the scanner %s."), device);
      break;
    default:
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_FAILED,
                   _("The scanner %s failed: %s. Scan again; if it keeps failing, switch the "
                     "scanner off and on."), device, sane_strstatus (status));
      break;
    }
}

/* The option called @name, if the device has it, is active and can be set. */
static const SANE_Option_Descriptor *
find_option (SANE_Handle  handle,
             const char  *name,
             SANE_Int    *out_index)
{
  SANE_Int count = 0;

  if (sane_control_option (handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    return NULL;
  for (SANE_Int i = 1; i < count; i++)
    {
      const SANE_Option_Descriptor *option = sane_get_option_descriptor (handle, i);

      if (option != NULL && option->name != NULL && strcmp (option->name, name) == 0
          && SANE_OPTION_IS_ACTIVE (option->cap) && SANE_OPTION_IS_SETTABLE (option->cap))
        {
          *out_index = i;
          return option;
        }
    }
  return NULL;
}

static double
word_to_double (const SANE_Option_Descriptor *option,
                SANE_Word                     word)
{
  return option->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : (double) word;
}

static SANE_Word
double_to_word (const SANE_Option_Descriptor *option,
                double                        value)
{
  return option->type == SANE_TYPE_FIXED ? SANE_FIX (value) : (SANE_Word) lround (value);
}

static gboolean
contains_word (const char *text,
               const char *word)
{
  g_autofree char *folded = g_ascii_strdown (text, -1);

  return strstr (folded, word) != NULL;
}

static YcScanSource
classify_source (const char *name)
{
  if (contains_word (name, "duplex"))
    return YC_SCAN_SOURCE_ADF_DUPLEX;
  if (contains_word (name, "adf") || contains_word (name, "feeder")
      || contains_word (name, "automatic document"))
    return YC_SCAN_SOURCE_ADF;
  return YC_SCAN_SOURCE_FLATBED;
}

/* -1: a mode Yichuang does not use (halftone, infrared …) */
static int
classify_mode (const char *name)
{
  if (contains_word (name, "color") || contains_word (name, "colour"))
    return YC_SCAN_COLOR_RGB;
  if (contains_word (name, "gray") || contains_word (name, "grey"))
    return YC_SCAN_COLOR_GRAY;
  if (contains_word (name, "lineart") || contains_word (name, "binary")
      || contains_word (name, "black"))
    return YC_SCAN_COLOR_LINEART;
  return -1;
}

static gboolean
depth_allows (SANE_Handle handle,
              SANE_Word   depth)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, SANE_NAME_BIT_DEPTH, &index);

  if (option == NULL || option->constraint_type != SANE_CONSTRAINT_WORD_LIST)
    return FALSE;
  for (SANE_Int i = 1; i <= option->constraint.word_list[0]; i++)
    if (option->constraint.word_list[i] == depth)
      return TRUE;
  return FALSE;
}

/* The resolutions a clerk chooses from: the device's list, or for a range the usual
 * values inside it. */
static void
read_resolutions (const SANE_Option_Descriptor *option,
                  GArray                       *resolutions)
{
  static const guint usual[] = { 75, 100, 150, 200, 240, 300, 400, 600, 1200 };

  if (option->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    {
      for (SANE_Int i = 1; i <= option->constraint.word_list[0]; i++)
        {
          guint dpi = (guint) lround (word_to_double (option, option->constraint.word_list[i]));

          if (dpi > 0)
            g_array_append_val (resolutions, dpi);
        }
    }
  else if (option->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      double min = word_to_double (option, option->constraint.range->min);
      double max = word_to_double (option, option->constraint.range->max);

      for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
        if (usual[i] >= min && usual[i] <= max)
          g_array_append_val (resolutions, usual[i]);
    }
}

static gboolean
read_range (SANE_Handle  handle,
            const char  *name,
            int         *out_min,
            int         *out_max)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, name, &index);

  if (option == NULL || option->constraint_type != SANE_CONSTRAINT_RANGE)
    return FALSE;
  *out_min = (int) lround (word_to_double (option, option->constraint.range->min));
  *out_max = (int) lround (word_to_double (option, option->constraint.range->max));
  return TRUE;
}

static double
range_max_mm (SANE_Handle  handle,
              const char  *name)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, name, &index);

  if (option == NULL || option->unit != SANE_UNIT_MM
      || option->constraint_type != SANE_CONSTRAINT_RANGE)
    return 0;
  return word_to_double (option, option->constraint.range->max);
}

gboolean
yc_sane_read_options (SANE_Handle     handle,
                      YcScanOptions  *options,
                      GError        **error)
{
  const SANE_Option_Descriptor *option;
  SANE_Int index;

  memset (options, 0, sizeof *options);
  options->resolutions = g_array_new (FALSE, FALSE, sizeof (guint));

  option = find_option (handle, SANE_NAME_SCAN_SOURCE, &index);
  if (option != NULL && option->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    for (const SANE_String_Const *s = option->constraint.string_list; *s != NULL; s++)
      options->sources |= 1u << classify_source (*s);
  else
    options->sources = 1u << YC_SCAN_SOURCE_FLATBED;

  option = find_option (handle, SANE_NAME_SCAN_MODE, &index);
  if (option != NULL && option->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    for (const SANE_String_Const *s = option->constraint.string_list; *s != NULL; s++)
      {
        int color = classify_mode (*s);

        if (color >= 0)
          options->colors |= 1u << color;
      }
  /* A grey mode with a depth of 1 is black and white (the SANE test backend, many
   * sheet-fed scanners). */
  if ((options->colors & (1u << YC_SCAN_COLOR_GRAY)) && depth_allows (handle, 1))
    options->colors |= 1u << YC_SCAN_COLOR_LINEART;
  if (options->colors == 0)
    options->colors = 1u << YC_SCAN_COLOR_GRAY;

  option = find_option (handle, SANE_NAME_SCAN_RESOLUTION, &index);
  if (option != NULL)
    read_resolutions (option, options->resolutions);

  options->max_width_mm = range_max_mm (handle, SANE_NAME_SCAN_BR_X);
  options->max_height_mm = range_max_mm (handle, SANE_NAME_SCAN_BR_Y);
  options->has_brightness = read_range (handle, SANE_NAME_BRIGHTNESS,
                                        &options->brightness_min, &options->brightness_max);
  options->has_contrast = read_range (handle, SANE_NAME_CONTRAST,
                                      &options->contrast_min, &options->contrast_max);
  return TRUE;
}

static gboolean
set_string (SANE_Handle   handle,
            SANE_Int      index,
            const char   *value,
            const char   *device,
            GError      **error)
{
  const SANE_Option_Descriptor *option = sane_get_option_descriptor (handle, index);
  g_autofree char *buffer = g_malloc0 (MAX ((gsize) option->size, strlen (value) + 1));
  SANE_Status status;

  strcpy (buffer, value);
  status = sane_control_option (handle, index, SANE_ACTION_SET_VALUE, buffer, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      yc_sane_set_error (error, status, device);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_number (SANE_Handle   handle,
            const char   *name,
            double        value,
            const char   *device,
            GError      **error)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, name, &index);
  SANE_Word word;
  SANE_Status status;

  if (option == NULL || (option->type != SANE_TYPE_INT && option->type != SANE_TYPE_FIXED)
      || option->size != sizeof (SANE_Word))
    return TRUE;

  /* To the nearest value the device accepts */
  if (option->constraint_type == SANE_CONSTRAINT_RANGE)
    value = CLAMP (value, word_to_double (option, option->constraint.range->min),
                   word_to_double (option, option->constraint.range->max));
  else if (option->constraint_type == SANE_CONSTRAINT_WORD_LIST && option->constraint.word_list[0] > 0)
    {
      double best = word_to_double (option, option->constraint.word_list[1]);

      for (SANE_Int i = 2; i <= option->constraint.word_list[0]; i++)
        {
          double candidate = word_to_double (option, option->constraint.word_list[i]);

          if (fabs (candidate - value) < fabs (best - value))
            best = candidate;
        }
      value = best;
    }
  word = double_to_word (option, value);
  status = sane_control_option (handle, index, SANE_ACTION_SET_VALUE, &word, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      yc_sane_set_error (error, status, device);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_source (SANE_Handle            handle,
              const YcScanSettings  *settings,
              const char            *device,
              GError               **error)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, SANE_NAME_SCAN_SOURCE, &index);

  if (option == NULL || option->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    {
      if (settings->source == YC_SCAN_SOURCE_FLATBED)
        return TRUE;
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
                   _("The scanner %s has no document feeder. Choose the flatbed."), device);
      return FALSE;
    }
  for (const SANE_String_Const *s = option->constraint.string_list; *s != NULL; s++)
    if (classify_source (*s) == settings->source)
      return set_string (handle, index, *s, device, error);

  g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
               settings->source == YC_SCAN_SOURCE_FLATBED
                 ? _("The scanner %s has no flatbed. Choose its document feeder.")
                 : _("The scanner %s cannot scan from this source. Choose another one."),
               device);
  return FALSE;
}

static gboolean
apply_color (SANE_Handle            handle,
             const YcScanSettings  *settings,
             const char            *device,
             GError               **error)
{
  SANE_Int index;
  const SANE_Option_Descriptor *option = find_option (handle, SANE_NAME_SCAN_MODE, &index);
  const char *grey_mode = NULL;

  if (option != NULL && option->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    {
      for (const SANE_String_Const *s = option->constraint.string_list; *s != NULL; s++)
        {
          if (classify_mode (*s) == (int) settings->color)
            return set_string (handle, index, *s, device, error)
                   && set_number (handle, SANE_NAME_BIT_DEPTH,
                                  settings->color == YC_SCAN_COLOR_LINEART ? 1 : 8, device, error);
          if (classify_mode (*s) == YC_SCAN_COLOR_GRAY && grey_mode == NULL)
            grey_mode = *s;
        }
    }

  if (settings->color == YC_SCAN_COLOR_LINEART && grey_mode != NULL && depth_allows (handle, 1))
    return set_string (handle, index, grey_mode, device, error)
           && set_number (handle, SANE_NAME_BIT_DEPTH, 1, device, error);
  if (option == NULL && settings->color == YC_SCAN_COLOR_GRAY)
    return TRUE;

  g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED,
               _("The scanner %s cannot scan in this colour mode. Choose another one."), device);
  return FALSE;
}

gboolean
yc_sane_apply_settings (SANE_Handle            handle,
                        const char            *device,
                        const YcScanSettings  *settings,
                        GError               **error)
{
  YcScanOptions options;
  gboolean ok;

  /* The source first: it can change which modes and areas are available. */
  ok = apply_source (handle, settings, device, error)
       && apply_color (handle, settings, device, error)
       && set_number (handle, SANE_NAME_SCAN_RESOLUTION, settings->resolution, device, error)
       && set_number (handle, SANE_NAME_SCAN_TL_X, 0, device, error)
       && set_number (handle, SANE_NAME_SCAN_TL_Y, 0, device, error)
       && set_number (handle, SANE_NAME_SCAN_BR_X, settings->width_mm, device, error)
       && set_number (handle, SANE_NAME_SCAN_BR_Y, settings->height_mm, device, error);
  if (!ok)
    return FALSE;

  yc_sane_read_options (handle, &options, NULL);
  if (options.has_brightness)
    ok = set_number (handle, SANE_NAME_BRIGHTNESS, settings->brightness, device, error);
  if (ok && options.has_contrast)
    ok = set_number (handle, SANE_NAME_CONTRAST, settings->contrast, device, error);
  g_array_unref (options.resolutions);
  return ok;
}
