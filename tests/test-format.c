/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "yc-format.h"

/*
 * The dates, times and numbers the user reads (yc-format.c), in both languages: each case
 * runs untranslated (English source strings) and in zh_CN (the build tree's catalog).
 */

typedef struct {
  const char *language;   /* LANGUAGE: "C" for the source strings */
  const char *date;       /* 2026-11-23 */
  const char *date_time;  /* 2026-11-23 14:05 local */
  const char *day;
  const char *this_year;  /* 2026-03-02 09:07 seen on 2026-11-23 */
  const char *count;      /* 1234567 */
  const char *percent;    /* 0.125, one decimal */
  const char *days;       /* 3 working days */
} Expected;

/* In this order (see main()). */
static const Expected expected[] = {
  { "zh_CN", "2026年11月23日", "2026年11月23日 14:05", "11月23日", "3月2日 09:07",
    "1,234,567", "12.5%", "3个工作日" },
  { "C", "November 23, 2026", "November 23, 2026 14:05", "Nov 23", "Mar 2 09:07",
    "1,234,567", "12.5%", "3 working days" },
};

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext caches its catalogs per language: a new one is read after a textdomain call. */
  textdomain (textdomain (NULL));
}

static void
test_formats (gconstpointer data)
{
  const Expected *e = data;
  g_autoptr(GDate) date = g_date_new_dmy (23, G_DATE_NOVEMBER, 2026);
  g_autoptr(GDateTime) time = g_date_time_new_local (2026, 11, 23, 14, 5, 30);
  g_autoptr(GDateTime) march = g_date_time_new_local (2026, 3, 2, 9, 7, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new_local (2025, 12, 31, 23, 59, 0);
  g_autofree char *formatted_date = NULL;
  g_autofree char *date_time = NULL;
  g_autofree char *day = NULL;
  g_autofree char *today = NULL;
  g_autofree char *this_year = NULL;
  g_autofree char *older = NULL;
  g_autofree char *older_full = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *count = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *days = NULL;

  if (g_strcmp0 (e->language, "C") != 0)
    {
      g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, e->language, "LC_MESSAGES",
                                              GETTEXT_PACKAGE ".mo", NULL);

      if (!g_file_test (mo, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("the zh_CN catalog is not built");
          return;
        }
    }
  use_language (e->language);

  formatted_date = yc_format_date (date);
  g_assert_cmpstr (formatted_date, ==, e->date);
  date_time = yc_format_date_time (time);
  g_assert_cmpstr (date_time, ==, e->date_time);
  day = yc_format_day (time);
  g_assert_cmpstr (day, ==, e->day);

  /* Recent: the hour today, the day and hour this year, everything before. */
  today = yc_format_recent (time, time);
  g_assert_cmpstr (today, ==, "14:05");
  this_year = yc_format_recent (march, time);
  g_assert_cmpstr (this_year, ==, e->this_year);
  older = yc_format_recent (last_year, time);
  older_full = yc_format_date_time (last_year);
  g_assert_cmpstr (older, ==, older_full);

  /* Stored ISO 8601 shown in local time; what does not parse is shown as it is. */
  iso = g_date_time_format_iso8601 (time);
  g_clear_pointer (&date_time, g_free);
  date_time = yc_format_iso_date_time (iso, "—");
  g_assert_cmpstr (date_time, ==, e->date_time);
  g_clear_pointer (&date_time, g_free);
  date_time = yc_format_iso_date_time ("tomorrow", "—");
  g_assert_cmpstr (date_time, ==, "tomorrow");
  g_clear_pointer (&date_time, g_free);
  date_time = yc_format_iso_date_time (NULL, "—");
  g_assert_cmpstr (date_time, ==, "—");

  count = yc_format_count (1234567);
  g_assert_cmpstr (count, ==, e->count);
  percent = yc_format_percent (0.125, 1);
  g_assert_cmpstr (percent, ==, e->percent);
  days = yc_format_working_days (3);
  g_assert_cmpstr (days, ==, e->days);
}

static void
test_count_grouping (void)
{
  static const struct {
    gint64      value;
    const char *text;
  } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 12345, "12,345" },
    { 100000, "100,000" }, { -1234, "-1,234" }, { -999, "-999" },
  };

  use_language ("C");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = yc_format_count (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_percent (void)
{
  g_autofree char *whole = NULL;
  g_autofree char *none = NULL;
  g_autofree char *nan_text = NULL;

  use_language ("C");
  whole = yc_format_percent (1.0, 0);
  g_assert_cmpstr (whole, ==, "100%");
  none = yc_format_percent (0.0, 2);
  g_assert_cmpstr (none, ==, "0.00%");
  nan_text = yc_format_percent (NAN, 1);
  g_assert_cmpstr (nan_text, ==, "—");
}

int
main (int   argc,
      char *argv[])
{
  /* Local time is the hall's: fixed here so the expected hours hold on any machine. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  /* English month names, and gettext honours LANGUAGE (it does not in plain "C").  zh_CN
   * comes first: g_dgettext() decides once, at its first call, whether to translate at all. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strdup_printf ("/format/%s", expected[i].language);

      g_test_add_data_func (path, &expected[i], test_formats);
    }
  g_test_add_func ("/format/count-grouping", test_count_grouping);
  g_test_add_func ("/format/percent", test_percent);
  return g_test_run ();
}
