/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-calendar.h"

/* yc_date_parse_iso() and yc_date_format_iso(), table-driven. */

typedef struct {
  const char *text;
  int         year, month, day;  /* 0: not a date */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "2026-09-30", 2026, 9, 30 },
  { "2026-01-01", 2026, 1, 1 },
  { "2024-02-29", 2024, 2, 29 },   /* leap year */
  { "2000-02-29", 2000, 2, 29 },   /* divisible by 400 */
  { "0001-01-01", 1, 1, 1 },
  { "9999-12-31", 9999, 12, 31 },
  { "2026-02-29", 0, 0, 0 },       /* not a leap year */
  { "1900-02-29", 0, 0, 0 },       /* divisible by 100 */
  { "2026-04-31", 0, 0, 0 },
  { "2026-13-01", 0, 0, 0 },
  { "2026-00-10", 0, 0, 0 },
  { "2026-01-00", 0, 0, 0 },
  { "0000-01-01", 0, 0, 0 },
  { "2026-1-5", 0, 0, 0 },         /* unpadded */
  { "2026-01-5", 0, 0, 0 },
  { "26-01-05", 0, 0, 0 },
  { "12026-01-05", 0, 0, 0 },
  { " 2026-01-05", 0, 0, 0 },
  { "2026-01-05 ", 0, 0, 0 },
  { "2026-01-05x", 0, 0, 0 },
  { "2026-01-05T00:00:00Z", 0, 0, 0 },
  { "2026/01/05", 0, 0, 0 },
  { "20260105", 0, 0, 0 },
  { "05-01-2026", 0, 0, 0 },
  { "2026-+1-05", 0, 0, 0 },
  { "2026--1-05", 0, 0, 0 },
  { "２０２６-01-05", 0, 0, 0 },    /* full-width digits */
  { "", 0, 0, 0 },
  { NULL, 0, 0, 0 },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *tc = data;
  GDate date;
  gboolean parsed;

  /* On failure the date is left alone: a sentinel shows it. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 7, G_DATE_JULY, 1977);

  parsed = yc_date_parse_iso (tc->text, &date);
  g_assert_cmpint (parsed, ==, tc->year != 0);
  g_assert_true (g_date_valid (&date));
  if (tc->year == 0)
    {
      g_assert_cmpint (g_date_get_julian (&date), ==, 721907);
      return;
    }
  g_assert_cmpint (g_date_get_year (&date), ==, tc->year);
  g_assert_cmpint (g_date_get_month (&date), ==, tc->month);
  g_assert_cmpint (g_date_get_day (&date), ==, tc->day);
}

static void
test_format (void)
{
  GDate date;
  g_autofree char *text = NULL;
  g_autofree char *early = NULL;
  g_autofree char *cleared = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 5, G_DATE_JANUARY, 2026);
  text = yc_date_format_iso (&date);
  g_assert_cmpstr (text, ==, "2026-01-05");

  /* Four digits always, where %Y of some libcs writes “987”. */
  g_date_set_dmy (&date, 9, G_DATE_MARCH, 987);
  early = yc_date_format_iso (&date);
  g_assert_cmpstr (early, ==, "0987-03-09");

  g_date_clear (&date, 1);
  cleared = yc_date_format_iso (&date);
  g_assert_null (cleared);
}

/* Every day of a few years, leap and not, survives the round trip. */
static void
test_round_trip (void)
{
  GDate date;
  GDate back;

  g_date_clear (&date, 1);
  g_date_clear (&back, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1999);
  while (g_date_get_year (&date) < 2030)
    {
      g_autofree char *text = yc_date_format_iso (&date);

      g_assert_true (yc_date_parse_iso (text, &back));
      g_assert_cmpint (g_date_compare (&date, &back), ==, 0);
      g_date_add_days (&date, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/date/parse/%u-%s", i,
                                               parse_cases[i].text ? parse_cases[i].text : "NULL");
      g_strdelimit (path + strlen ("/date/parse/"), "/ ", '_');
      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }
  g_test_add_func ("/date/format", test_format);
  g_test_add_func ("/date/round-trip", test_round_trip);

  return g_test_run ();
}
