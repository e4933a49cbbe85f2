/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-csv"

#include "config.h"

#include <math.h>
#include <string.h>

#include "yc-csv.h"

struct _YcCsvWriter
{
  GString  *text;
  gboolean  row_open;    /* a field was written since the last end of row */
};

YcCsvWriter *
yc_csv_writer_new (gboolean byte_order_mark)
{
  YcCsvWriter *self = g_new0 (YcCsvWriter, 1);

  self->text = g_string_new (byte_order_mark ? "\xEF\xBB\xBF" : "");
  return self;
}

static gboolean
needs_quotes (const char *text)
{
  gsize length = strlen (text);

  if (length == 0)
    return FALSE;
  if (strpbrk (text, ",\"\r\n") != NULL)
    return TRUE;
  return g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]);
}

char *
yc_csv_quote (const char *text)
{
  GString *quoted;

  if (text == NULL)
    return g_strdup ("");
  if (!needs_quotes (text))
    return g_strdup (text);
  quoted = g_string_sized_new (strlen (text) + 2);
  g_string_append_c (quoted, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

static void
add_raw (YcCsvWriter *self,
         const char  *field)
{
  if (self->row_open)
    g_string_append_c (self->text, ',');
  g_string_append (self->text, field);
  self->row_open = TRUE;
}

void
yc_csv_writer_add_text (YcCsvWriter *self,
                        const char  *text)
{
  g_autofree char *quoted = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  quoted = yc_csv_quote (text);
  add_raw (self, quoted);
}

void
yc_csv_writer_add_int (YcCsvWriter *self,
                       gint64       value)
{
  char buffer[32];

  g_return_if_fail (self != NULL);

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  add_raw (self, buffer);
}

void
yc_csv_writer_add_double (YcCsvWriter *self,
                          double       value,
                          guint        decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);
  g_return_if_fail (decimals <= 17);

  if (!isfinite (value))
    {
      add_raw (self, "");
      return;
    }
  g_snprintf (format, sizeof format, "%%.%uf", decimals);
  /* The C locale's point: a comma would split the field. */
  g_ascii_formatd (buffer, sizeof buffer, format, value);
  /* -0.000 reads as a negative figure to a person. */
  if (buffer[0] == '-' && g_ascii_strtod (buffer, NULL) == 0.0)
    memmove (buffer, buffer + 1, strlen (buffer));
  add_raw (self, buffer);
}

void
yc_csv_writer_end_row (YcCsvWriter *self)
{
  g_return_if_fail (self != NULL);

  g_string_append (self->text, "\r\n");
  self->row_open = FALSE;
}

GBytes *
yc_csv_writer_finish (YcCsvWriter *self)
{
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->row_open)
    yc_csv_writer_end_row (self);
  bytes = g_string_free_to_bytes (g_steal_pointer (&self->text));
  g_free (self);
  return bytes;
}

void
yc_csv_writer_free (YcCsvWriter *self)
{
  if (self == NULL)
    return;
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_free (self);
}
