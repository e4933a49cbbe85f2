/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-date"

#include "config.h"

#include "yc-calendar.h"

/*
 * Calendar dates as every file, case and command line of Yichuang writes them: ISO 8601
 * YYYY-MM-DD, nothing else.  g_date_set_parse() is not used because it guesses locale
 * formats (and so reads 03-04-2026 differently per user); strftime() is not used because
 * %Y does not pad years below 1000 on every libc.
 */

/**
 * yc_date_parse_iso:
 * @text: (nullable): a date written YYYY-MM-DD, such as 2026-09-30
 * @date: (out caller-allocates): where to store it
 *
 * Reads a calendar date in the one form Yichuang accepts: exactly four digits of year, two
 * of month and two of day, separated by hyphens, naming a real date (2026-02-29 is not).
 * No whitespace, signs, time of day or other forms are accepted.
 *
 * Returns: whether @text is such a date; @date is only changed when it is
 */
gboolean
yc_date_parse_iso (const char *text,
                   GDate      *date)
{
  guint year, month, day;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * yc_date_format_iso:
 * @date: a date
 *
 * Writes @date as yc_date_parse_iso() reads it.
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL when @date is not
 *   valid (cleared, or never set)
 */
char *
yc_date_format_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}
