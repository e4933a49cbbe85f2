/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-format.h"

/**
 * yc_format_working_days:
 * @days: a time limit in working days, 0 for 即办, or %YC_NO_LIMIT
 *
 * Returns: (transfer full): the limit as a clerk reads it: 即办, 5个工作日 or 无
 */
char *
yc_format_working_days (int days)
{
  if (days < 0)
    return g_strdup (_("No limit"));
  if (days == 0)
    return g_strdup (_("Done at once"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", days),
                          days);
}

const char *
yc_format_audience (YcAudience audience)
{
  switch ((int) audience)
    {
    case YC_AUDIENCE_CITIZEN:
      return _("Citizens");
    case YC_AUDIENCE_ENTERPRISE:
      return _("Enterprises");
    default:
      return _("Citizens and enterprises");
    }
}

/**
 * yc_format_life_stages:
 *
 * Returns: (transfer full) (nullable): the translated stages joined with 、, or %NULL
 *   when there are none
 */
char *
yc_format_life_stages (GStrv life_stages)
{
  g_autoptr(GString) str = NULL;

  if (life_stages == NULL || life_stages[0] == NULL)
    return NULL;

  str = g_string_new (NULL);
  for (guint i = 0; life_stages[i] != NULL; i++)
    {
      const char *label = yc_life_stage_label (life_stages[i]);

      if (str->len > 0)
        /* Translators: separates the items of a list, such as life stages */
        g_string_append (str, _(", "));
      g_string_append (str, label != NULL ? label : life_stages[i]);
    }
  return g_string_free (g_steal_pointer (&str), FALSE);
}

/*
 * Dates, times and numbers as the user reads them.  Each layout is a translatable
 * g_date_time_format() string, so zh_CN gets 2026年11月23日 and English November 23, 2026;
 * ISO 8601 stays in files, CSV and the back office's API (yc-date.c).
 */

static char *
format_time (GDateTime  *time,
             const char *format)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, format);
}

/**
 * yc_format_date:
 * @date: a valid date
 *
 * Returns: (transfer full): the date as the applicant reads it on a notice: 2026年10月13日
 */
char *
yc_format_date (const GDate *date)
{
  g_autoptr(GDateTime) noon = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* At noon: a calendar day, never shifted into the day before by a time zone. */
  noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                              g_date_get_day (date), 12, 0, 0);
  /* Translators: a date, in g_date_time_format() notation (zh_CN: %Y年%-m月%-d日) */
  return g_date_time_format (noon, _("%B %-d, %Y"));
}

/**
 * yc_format_date_time:
 * @time: an instant
 *
 * Returns: (transfer full): the day and minute in local time: 2026年11月23日 14:05
 */
char *
yc_format_date_time (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* Translators: a date and time, in g_date_time_format() notation (zh_CN: %Y年%-m月%-d日 %H:%M) */
  return format_time (time, _("%B %-d, %Y %H:%M"));
}

/**
 * yc_format_day:
 * @time: an instant
 *
 * Returns: (transfer full): the day without the year, local time: 11月23日
 */
char *
yc_format_day (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  /* Translators: a day without the year, in g_date_time_format() notation (zh_CN: %-m月%-d日) */
  return format_time (time, _("%b %-d"));
}

/**
 * yc_format_recent:
 * @time: an instant
 * @now: (nullable): the present (%NULL: the clock's)
 *
 * Returns: (transfer full): as short as still unambiguous: 14:05 today, 11月23日 14:05
 *   earlier this year, else the full date and time
 */
char *
yc_format_recent (GDateTime *time,
                  GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_local (time);
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  if (g_date_time_get_year (local) != g_date_time_get_year (local_now))
    return yc_format_date_time (local);
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a day and time this year, in g_date_time_format() notation (zh_CN: %-m月%-d日 %H:%M) */
  return g_date_time_format (local, _("%b %-d %H:%M"));
}

/**
 * yc_format_iso_date_time:
 * @iso: (nullable): an ISO 8601 instant, as stored
 * @fallback: what to show when there is none
 *
 * Returns: (transfer full): yc_format_date_time() of @iso; @iso itself when it does not
 *   parse (never hidden), @fallback when %NULL
 */
char *
yc_format_iso_date_time (const char *iso,
                         const char *fallback)
{
  g_autoptr(GDateTime) time = NULL;

  if (iso == NULL)
    return g_strdup (fallback);
  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return g_strdup (iso);
  return yc_format_date_time (time);
}

/**
 * yc_format_count:
 * @count: a number of cases, pages…
 *
 * Returns: (transfer full): @count with its thousands grouped: 12,345
 */
char *
yc_format_count (gint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  /* Translators: groups the thousands of a number: 12,345 */
  const char *separator = C_("number", ",");
  GString *str = g_string_new (NULL);
  const char *p = digits;
  gsize n;

  if (*p == '-')
    g_string_append_c (str, *p++);
  n = strlen (p);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (str, separator);
      g_string_append_c (str, p[i]);
    }
  return g_string_free (str, FALSE);
}

/**
 * yc_format_percent:
 * @fraction: a share, 0.0 to 1.0
 * @decimals: digits after the point, 0 to 3
 *
 * Returns: (transfer full): the share as a percentage: 12.5%, or — when not a number
 */
char *
yc_format_percent (double fraction,
                   int    decimals)
{
  char format[8];
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (decimals >= 0 && decimals <= 3, NULL);

  if (!isfinite (fraction))
    return g_strdup ("—");
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (number, sizeof number, format, fraction * 100.0);
  /* Translators: a percentage; %s is the number */
  return g_strdup_printf (_("%s%%"), number);
}

/**
 * yc_format_op_done:
 * @kind: the operation just applied to the case
 * @number: the case number
 *
 * Returns: (transfer full): what the toast says once the operation is stored
 */
char *
yc_format_op_done (YcOpKind    kind,
                   const char *number)
{
  switch (kind)
    {
    case YC_OP_CASE_SUPPLEMENT:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Supplement of case %s recorded"), number);
    case YC_OP_CASE_ISSUE:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s issued"), number);
    case YC_OP_CASE_WITHDRAW:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s withdrawn"), number);
    case YC_OP_REVIEW_CLAIM:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("You hold case %s"), number);
    case YC_OP_REVIEW_RELEASE:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s released"), number);
    case YC_OP_REVIEW_APPROVE:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s approved"), number);
    case YC_OP_REVIEW_RETURN:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s returned for supplement"), number);
    case YC_OP_REVIEW_REJECT:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s rejected"), number);
    case YC_OP_CASE_ACCEPT:
    case YC_OP_PLEDGE_VERIFY:
    case YC_OP_SUPERVISION_URGE:
    case YC_OP_URGE_ACK:
    case YC_OP_RATING_SUBMIT:
    default:
      /* Translators: %s is the case number */
      return g_strdup_printf (_("Case %s updated"), number);
    }
}
