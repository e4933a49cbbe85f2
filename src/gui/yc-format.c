/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-format"

#include "config.h"

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

/**
 * yc_format_date:
 * @date: a valid date
 *
 * Returns: (transfer full): the date as the applicant reads it on a notice: 2026年10月13日
 */
char *
yc_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  /* Translators: a date: year, month, day */
  return g_strdup_printf (_("%d-%02d-%02d"), g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
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
