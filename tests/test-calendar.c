/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "yc-calendar.h"

/*
 * Every expectation below was checked by hand against data/calendar/YYYY.json (and against a
 * separate day-by-day count): 2024 春节 off 02-10…02-17, make-up Sundays 02-04 and 02-18;
 * 2024 国庆 off 10-01…10-07, make-up 09-29 (Sun) and 10-12 (Sat); 2025 春节 off
 * 01-28…02-04, make-up 01-26 (Sun) and 02-08 (Sat); 2025 国庆·中秋 off 10-01…10-08,
 * make-up 09-28 (Sun) and 10-11 (Sat); 2026 元旦 off 01-01…01-03, make-up 01-04 (Sun);
 * 2026 春节 off 02-15…02-23, make-up 02-14 and 02-28 (Sat); 2026 中秋 off 09-25…09-27,
 * 国庆 off 10-01…10-07, make-up 09-20 (Sun) and 10-10 (Sat).  2027.json has no entries.
 */

static YcCalendar *shipped;

static YcCalendar *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_build_filename (YC_SOURCE_DATADIR, "calendar", NULL);
  YcCalendar *calendar = yc_calendar_new ();

  g_assert_true (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_no_error (error);
  return calendar;
}

static void
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy (d, m, y));
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  char text[16];

  g_assert_true (g_date_valid (date));
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  g_assert_cmpstr (text, ==, expected);
}

static void
set_pause (YcPause    *pause,
           const char *first,
           const char *last)
{
  parse_date (first, &pause->first);
  parse_date (last, &pause->last);
}

/* is_working_day */

typedef struct {
  const char *date;
  gboolean    working;
} WorkingDayCase;

static const WorkingDayCase working_day_cases[] = {
  { "2024-01-01", FALSE },  /* 元旦, Monday */
  { "2024-03-06", TRUE },   /* an ordinary Wednesday */
  { "2024-03-09", FALSE },  /* an ordinary Saturday */
  { "2024-02-04", TRUE },   /* Sunday, 春节 make-up */
  { "2024-02-09", TRUE },   /* Friday, 除夕, not listed */
  { "2024-02-10", FALSE },
  { "2024-02-12", FALSE },  /* Monday in the holiday */
  { "2024-02-16", FALSE },
  { "2024-02-17", FALSE },  /* Saturday, listed off */
  { "2024-02-18", TRUE },   /* Sunday, 春节 make-up */
  { "2024-02-19", TRUE },
  { "2024-06-10", FALSE },  /* 端午, Monday */
  { "2024-09-29", TRUE },   /* Sunday, 国庆 make-up */
  { "2024-10-01", FALSE },
  { "2024-10-07", FALSE },  /* Monday */
  { "2024-10-08", TRUE },
  { "2024-10-12", TRUE },   /* Saturday, 国庆 make-up */
  { "2024-10-13", FALSE },
  { "2025-01-26", TRUE },   /* Sunday, 春节 make-up */
  { "2025-01-27", TRUE },
  { "2025-01-28", FALSE },
  { "2025-02-04", FALSE },  /* Tuesday */
  { "2025-02-05", TRUE },
  { "2025-02-08", TRUE },   /* Saturday, 春节 make-up */
  { "2025-02-09", FALSE },
  { "2025-09-28", TRUE },   /* Sunday, 国庆 make-up */
  { "2025-10-08", FALSE },  /* Wednesday */
  { "2025-10-09", TRUE },
  { "2025-10-11", TRUE },   /* Saturday, 国庆 make-up */
  { "2026-01-02", FALSE },  /* Friday, 元旦 */
  { "2026-01-04", TRUE },   /* Sunday, 元旦 make-up */
  { "2026-02-14", TRUE },   /* Saturday, 春节 make-up */
  { "2026-02-23", FALSE },  /* Monday */
  { "2026-02-24", TRUE },
  { "2026-02-28", TRUE },   /* Saturday, 春节 make-up */
  { "2026-09-20", TRUE },   /* Sunday, make-up */
  { "2026-09-25", FALSE },  /* Friday, 中秋 */
  { "2026-10-07", FALSE },
  { "2026-10-10", TRUE },   /* Saturday, 国庆 make-up */
};

static void
test_working_day (gconstpointer data)
{
  const WorkingDayCase *c = data;
  GDate date;

  parse_date (c->date, &date);
  g_assert_cmpint (yc_calendar_is_working_day (shipped, &date), ==, c->working);
}

/* add_working_days */

typedef struct {
  const char *start;
  guint       n;
  const char *expected;
} AddCase;

static const AddCase add_cases[] = {
  { "2024-02-08", 0, "2024-02-08" },  /* 即办 */
  { "2024-02-10", 0, "2024-02-10" },  /* 即办 on an off day is still that day */
  { "2024-02-08", 1, "2024-02-09" },
  { "2024-02-08", 2, "2024-02-18" },  /* across 春节 onto the make-up Sunday */
  { "2024-02-09", 1, "2024-02-18" },
  { "2024-02-09", 5, "2024-02-22" },
  { "2024-02-02", 1, "2024-02-04" },  /* Friday → make-up Sunday */
  { "2024-02-03", 1, "2024-02-04" },
  { "2024-02-17", 1, "2024-02-18" },
  { "2024-09-27", 1, "2024-09-29" },
  { "2024-09-30", 1, "2024-10-08" },
  { "2024-09-30", 5, "2024-10-12" },
  { "2024-10-11", 1, "2024-10-12" },
  { "2024-10-11", 2, "2024-10-14" },
  { "2025-01-24", 1, "2025-01-26" },
  { "2025-01-27", 1, "2025-02-05" },
  { "2025-01-27", 5, "2025-02-10" },
  { "2025-02-07", 1, "2025-02-08" },
  { "2025-02-07", 2, "2025-02-10" },
  { "2025-09-26", 1, "2025-09-28" },
  { "2025-09-30", 1, "2025-10-09" },
  { "2025-09-30", 3, "2025-10-11" },
  { "2025-10-10", 2, "2025-10-13" },
  { "2026-02-13", 1, "2026-02-14" },
  { "2026-02-13", 2, "2026-02-24" },
  { "2026-02-13", 5, "2026-02-27" },
  { "2026-02-27", 1, "2026-02-28" },
  { "2026-09-18", 1, "2026-09-20" },
  { "2026-09-24", 1, "2026-09-28" },  /* 中秋 Friday, then the weekend */
  { "2026-09-30", 1, "2026-10-08" },
  { "2026-10-09", 1, "2026-10-10" },
  { "2026-10-09", 2, "2026-10-12" },
  /* 元旦 across the year boundary */
  { "2024-12-31", 1, "2025-01-02" },
  { "2025-12-31", 1, "2026-01-04" },
  { "2025-12-31", 2, "2026-01-05" },
  { "2023-12-29", 251, "2024-12-31" },  /* 2024 has 251 working days */
};

static void
test_add_working_days (gconstpointer data)
{
  const AddCase *c = data;
  GDate start, result;

  parse_date (c->start, &start);
  yc_calendar_add_working_days (shipped, &start, c->n, &result);
  assert_date (&result, c->expected);
  /* Without pauses the deadline is the same day. */
  yc_calendar_deadline (shipped, &start, c->n, NULL, 0, &result);
  assert_date (&result, c->expected);
}

/* working_days_between */

typedef struct {
  const char *from;
  const char *to;
  int         expected;
} BetweenCase;

static const BetweenCase between_cases[] = {
  { "2024-02-08", "2024-02-08", 0 },
  { "2024-02-08", "2024-02-19", 3 },   /* 02-09, 02-18, 02-19 */
  { "2024-02-10", "2024-02-17", 0 },   /* all of 春节 */
  { "2024-09-30", "2024-10-12", 5 },
  { "2025-01-24", "2025-02-10", 7 },
  { "2025-09-26", "2025-10-13", 7 },
  { "2025-12-31", "2026-01-05", 2 },
  { "2026-02-13", "2026-03-02", 7 },
  { "2026-09-18", "2026-10-12", 12 },
  { "2023-12-31", "2024-12-31", 251 },
  { "2024-12-31", "2025-12-31", 248 },
  { "2025-12-31", "2026-12-31", 248 },
};

static void
test_between (gconstpointer data)
{
  const BetweenCase *c = data;
  GDate from, to;

  parse_date (c->from, &from);
  parse_date (c->to, &to);
  g_assert_cmpint (yc_calendar_working_days_between (shipped, &from, &to), ==, c->expected);
  g_assert_cmpint (yc_calendar_working_days_between (shipped, &to, &from), ==, -c->expected);
}

/*
 * The fast counting against the plain definition: for every start day of the covered
 * years and limits up to 30, the result is a working day, stepping day by day with
 * is_working_day reaches the same day, and counting back gives n.
 */
static void
test_against_day_by_day (void)
{
  GDate start, end;

  parse_date ("2024-01-01", &start);
  parse_date ("2026-11-30", &end);
  for (; g_date_compare (&start, &end) <= 0; g_date_add_days (&start, 1))
    {
      GDate day = start;
      guint counted = 0;

      for (guint n = 0; n <= 30; n++)
        {
          GDate result;

          while (counted < n)
            {
              g_date_add_days (&day, 1);
              if (yc_calendar_is_working_day (shipped, &day))
                counted++;
            }
          yc_calendar_add_working_days (shipped, &start, n, &result);
          g_assert_cmpint (g_date_compare (&result, &day), ==, 0);
          g_assert_cmpint (yc_calendar_working_days_between (shipped, &start, &result), ==, n);
          if (n > 0)
            g_assert_true (yc_calendar_is_working_day (shipped, &result));
        }
    }
}

/* pauses */

static void
test_pauses (void)
{
  YcPause pauses[3];
  GDate start, result, today;

  parse_date ("2024-03-04", &start);  /* Monday */

  yc_calendar_deadline (shipped, &start, 5, NULL, 0, &result);
  assert_date (&result, "2024-03-11");

  /* 补正 on Tuesday and Wednesday: the clock stands still two days. */
  set_pause (&pauses[0], "2024-03-05", "2024-03-06");
  yc_calendar_deadline (shipped, &start, 5, pauses, 1, &result);
  assert_date (&result, "2024-03-13");

  /* Overlapping pauses discount Thursday once. */
  set_pause (&pauses[1], "2024-03-06", "2024-03-07");
  yc_calendar_deadline (shipped, &start, 5, pauses, 2, &result);
  assert_date (&result, "2024-03-14");

  /* A pause that began before acceptance counts from the day after it. */
  set_pause (&pauses[0], "2024-03-01", "2024-03-05");
  yc_calendar_deadline (shipped, &start, 1, pauses, 1, &result);
  assert_date (&result, "2024-03-06");

  /* Unsorted; one before the start; one after the deadline changes nothing. */
  set_pause (&pauses[0], "2024-03-11", "2024-03-12");
  set_pause (&pauses[1], "2024-03-05", "2024-03-05");
  set_pause (&pauses[2], "2024-02-01", "2024-02-03");
  yc_calendar_deadline (shipped, &start, 2, pauses, 3, &result);
  assert_date (&result, "2024-03-07");

  /* A pause nested in another. */
  set_pause (&pauses[0], "2024-03-05", "2024-03-08");
  set_pause (&pauses[1], "2024-03-06", "2024-03-06");
  yc_calendar_deadline (shipped, &start, 1, pauses, 2, &result);
  assert_date (&result, "2024-03-11");

  /* The deadline falls on the last running day before a pause. */
  set_pause (&pauses[0], "2024-03-06", "2024-03-07");
  yc_calendar_deadline (shipped, &start, 1, pauses, 1, &result);
  assert_date (&result, "2024-03-05");
  yc_calendar_deadline (shipped, &start, 2, pauses, 1, &result);
  assert_date (&result, "2024-03-08");

  /* A reversed pause is empty. */
  set_pause (&pauses[0], "2024-03-08", "2024-03-05");
  yc_calendar_deadline (shipped, &start, 5, pauses, 1, &result);
  assert_date (&result, "2024-03-11");
  set_pause (&pauses[1], "2024-03-12", "2024-03-12");
  yc_calendar_deadline (shipped, &start, 5, pauses, 2, &result);
  assert_date (&result, "2024-03-11");
  yc_calendar_deadline (shipped, &start, 6, pauses, 2, &result);
  assert_date (&result, "2024-03-13");

  /* 即办 ignores pauses. */
  set_pause (&pauses[0], "2024-03-04", "2024-03-10");
  yc_calendar_deadline (shipped, &start, 0, pauses, 1, &result);
  assert_date (&result, "2024-03-04");

  /* 公示 over National Day: the make-up Sunday inside it does not count either. */
  parse_date ("2024-09-27", &start);
  set_pause (&pauses[0], "2024-09-29", "2024-10-09");
  yc_calendar_deadline (shipped, &start, 3, pauses, 1, &result);
  assert_date (&result, "2024-10-12");
  yc_calendar_deadline (shipped, &start, 3, NULL, 0, &result);
  assert_date (&result, "2024-10-08");

  /* Remaining while paused: five running days are left, none has run. */
  parse_date ("2024-03-04", &start);
  set_pause (&pauses[0], "2024-03-05", "2024-03-06");
  yc_calendar_deadline (shipped, &start, 5, pauses, 1, &result);
  parse_date ("2024-03-05", &today);
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &today, &result, pauses, 1), ==, 5);
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &start, &result, pauses, 1), ==, 5);
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &start, &result, NULL, 0), ==, 7);
  parse_date ("2024-03-08", &today);
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &today, &result, pauses, 1), ==, 3);
}

/* More pauses than fit on the stack take the other path through the code. */
static void
test_many_pauses (void)
{
  YcPause pauses[20];
  GDate start, result, today;

  parse_date ("2024-03-04", &start);
  /* Every Tuesday for 20 weeks, twice over. */
  for (guint i = 0; i < 20; i++)
    {
      GDate tuesday = start;

      g_date_add_days (&tuesday, 1 + 7 * (i % 10));
      pauses[i].first = tuesday;
      pauses[i].last = tuesday;
    }
  /* Ten working days, Tuesdays paused: 06 07 08 11 13 14 15 18 20 21. */
  yc_calendar_deadline (shipped, &start, 10, pauses, G_N_ELEMENTS (pauses), &result);
  assert_date (&result, "2024-03-21");
  today = start;
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &today, &result, pauses, G_N_ELEMENTS (pauses)), ==, 10);
}

/* remaining and deadline states */

typedef struct {
  const char      *today;
  const char      *deadline;
  guint            threshold;
  int              remaining;
  YcDeadlineState  state;
} StateCase;

static const StateCase state_cases[] = {
  /* Deadline Tuesday 2024-10-08, right after National Day. */
  { "2024-09-27", "2024-10-08", 2, 3, YC_DEADLINE_GREEN },    /* 09-29, 09-30, 10-08 */
  { "2024-09-27", "2024-10-08", 3, 3, YC_DEADLINE_YELLOW },
  { "2024-09-30", "2024-10-08", 0, 1, YC_DEADLINE_GREEN },
  { "2024-09-30", "2024-10-08", 1, 1, YC_DEADLINE_YELLOW },   /* a week away, one working day */
  { "2024-10-03", "2024-10-08", 1, 1, YC_DEADLINE_YELLOW },
  { "2024-10-08", "2024-10-08", 0, 0, YC_DEADLINE_YELLOW },   /* due today */
  { "2024-10-09", "2024-10-08", 3, -1, YC_DEADLINE_RED },
  { "2024-10-12", "2024-10-08", 3, -4, YC_DEADLINE_RED },     /* the make-up Saturday counts */
  /* The Saturday after a Friday deadline: no working day has passed, overdue all the same. */
  { "2024-03-09", "2024-03-08", 3, 0, YC_DEADLINE_RED },
  { "2025-01-27", "2025-02-10", 4, 5, YC_DEADLINE_GREEN },
  { "2025-01-27", "2025-02-10", 5, 5, YC_DEADLINE_YELLOW },
};

static void
test_state (gconstpointer data)
{
  const StateCase *c = data;
  GDate today, deadline;

  parse_date (c->today, &today);
  parse_date (c->deadline, &deadline);
  g_assert_cmpint (yc_calendar_remaining_working_days (shipped, &today, &deadline, NULL, 0), ==, c->remaining);
  g_assert_cmpint (yc_calendar_deadline_state (shipped, &today, &deadline, NULL, 0, c->threshold), ==, c->state);
}

static void
test_state_with_pause (void)
{
  YcPause pause;
  GDate today, deadline;

  /* Three working days left, but two of them are paused. */
  parse_date ("2024-03-04", &today);
  parse_date ("2024-03-07", &deadline);
  set_pause (&pause, "2024-03-05", "2024-03-06");
  g_assert_cmpint (yc_calendar_deadline_state (shipped, &today, &deadline, NULL, 0, 1), ==, YC_DEADLINE_GREEN);
  g_assert_cmpint (yc_calendar_deadline_state (shipped, &today, &deadline, &pause, 1, 1), ==, YC_DEADLINE_YELLOW);
}

static void
test_state_strings (void)
{
  g_assert_cmpstr (yc_deadline_state_to_string (YC_DEADLINE_GREEN), ==, "green");
  g_assert_cmpstr (yc_deadline_state_to_string (YC_DEADLINE_YELLOW), ==, "yellow");
  g_assert_cmpstr (yc_deadline_state_to_string (YC_DEADLINE_RED), ==, "red");
  /* Untranslated under LANG=C.UTF-8. */
  g_assert_cmpstr (yc_deadline_state_label (YC_DEADLINE_GREEN), ==, "On time");
  g_assert_cmpstr (yc_deadline_state_label (YC_DEADLINE_YELLOW), ==, "Due soon");
  g_assert_cmpstr (yc_deadline_state_label (YC_DEADLINE_RED), ==, "Overdue");
}

/* fallback for years without data */

static void
count_message_cb (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, g_strdup (message));
}

static void
test_fallback (void)
{
  g_autoptr(YcCalendar) calendar = load_shipped ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint handler;
  GDate date, result;

  g_assert_true (yc_calendar_covers_year (calendar, 2024));
  g_assert_true (yc_calendar_covers_year (calendar, 2025));
  g_assert_true (yc_calendar_covers_year (calendar, 2026));
  g_assert_false (yc_calendar_covers_year (calendar, 2027));  /* file present, no entries yet */
  g_assert_false (yc_calendar_covers_year (calendar, 2030));
  g_assert_false (yc_calendar_covers_year (calendar, 2023));

  handler = g_log_set_handler ("yc-calendar", G_LOG_LEVEL_MESSAGE, count_message_cb, messages);

  /* Covered years say nothing. */
  parse_date ("2024-10-01", &date);
  g_assert_false (yc_calendar_is_working_day (calendar, &date));
  g_assert_cmpuint (messages->len, ==, 0);

  /* 2030: 元旦 is unknown, so Tuesday 1 January counts as a weekday. */
  parse_date ("2030-01-01", &date);
  g_assert_true (yc_calendar_is_working_day (calendar, &date));
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "2030"));
  parse_date ("2030-01-05", &date);
  g_assert_false (yc_calendar_is_working_day (calendar, &date));
  parse_date ("2030-01-01", &date);
  yc_calendar_add_working_days (calendar, &date, 5, &result);
  assert_date (&result, "2030-01-08");
  g_assert_cmpuint (messages->len, ==, 1);  /* once per year */

  /* The day of acceptance is not counted, so it does not touch its year … */
  parse_date ("2029-12-31", &date);
  yc_calendar_add_working_days (calendar, &date, 1, &result);
  assert_date (&result, "2030-01-01");
  g_assert_cmpuint (messages->len, ==, 1);

  /* … but counting across the boundary reports 2029, once. */
  parse_date ("2029-12-28", &date);
  parse_date ("2030-01-02", &result);
  g_assert_cmpint (yc_calendar_working_days_between (calendar, &date, &result), ==, 3);
  g_assert_cmpint (yc_calendar_working_days_between (calendar, &result, &date), ==, -3);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 1), "2029"));

  /* Out of covered 2026 into empty 2027: 1 January 2027 is a Friday, counted. */
  parse_date ("2026-12-31", &date);
  yc_calendar_add_working_days (calendar, &date, 1, &result);
  assert_date (&result, "2027-01-01");
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 2), "2027"));

  g_log_remove_handler ("yc-calendar", handler);
}

static void
test_plain_calendar (void)
{
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint handler;
  GDate date, result;

  handler = g_log_set_handler ("yc-calendar", G_LOG_LEVEL_MESSAGE, count_message_cb, messages);

  g_assert_false (yc_calendar_covers_year (calendar, 2024));
  parse_date ("2024-10-01", &date);  /* Tuesday */
  g_assert_true (yc_calendar_is_working_day (calendar, &date));
  parse_date ("2024-02-04", &date);  /* Sunday */
  g_assert_false (yc_calendar_is_working_day (calendar, &date));
  parse_date ("2024-09-30", &date);
  yc_calendar_add_working_days (calendar, &date, 5, &result);
  assert_date (&result, "2024-10-07");

  /* A weekday calendar by choice logs nothing. */
  g_assert_cmpuint (messages->len, ==, 0);
  g_log_remove_handler ("yc-calendar", handler);
}

/* malformed files */

typedef struct {
  const char *json;
  const char *reason;  /* expected in the message */
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "{ \"year\": 2024, \"days\": [", "bad.json: not a holiday file" },
  { "[]", "bad.json: the top level must be a JSON object" },
  { "{ \"days\": [] }", "bad.json: missing key “year”" },
  { "{ \"year\": \"2024\", \"days\": [] }", "bad.json: “year” must be a whole number" },
  { "{ \"year\": 1800, \"days\": [] }", "bad.json: “year” must be a whole number" },
  { "{ \"year\": 2024 }", "bad.json: missing key “days”" },
  { "{ \"year\": 2024, \"days\": {} }", "bad.json: “days” must be a list" },
  { "{ \"year\": 2024, \"days\": [ 1 ] }", "bad.json: days[0] must be an object" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"元旦\", \"isOffDay\": true } ] }",
    "bad.json: days[0]: missing key “date”" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"元旦\", \"date\": \"2024-01-01\" } ] }",
    "bad.json: days[0]: missing key “isOffDay”" },
  { "{ \"year\": 2024, \"days\": [ { \"date\": \"2024-01-01\", \"isOffDay\": true } ] }",
    "bad.json: days[0]: missing key “name”" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"元旦\", \"date\": \"2024-01-01\", \"isOffDay\": \"yes\" } ] }",
    "bad.json: days[0].isOffDay: must be true or false" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"元旦\", \"date\": \"2024-01-01\", \"isOffDay\": true },"
    " { \"name\": \"春节\", \"date\": \"2024-02-30\", \"isOffDay\": true } ] }",
    "bad.json: days[1].date: “2024-02-30” is not a date" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"春节\", \"date\": \"2024-2-10\", \"isOffDay\": true } ] }",
    "bad.json: days[0].date: “2024-2-10” is not a date" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"春节\", \"date\": 20240210, \"isOffDay\": true } ] }",
    "bad.json: days[0].date: must be a date written YYYY-MM-DD" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"劳动节\", \"date\": \"2023-05-01\", \"isOffDay\": true } ] }",
    "bad.json: days[0].date: 2023-05-01 is outside the year 2024" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"元旦\", \"date\": \"2025-01-01\", \"isOffDay\": true } ] }",
    "bad.json: days[0].date: 2025-01-01 is outside the year 2024" },
  { "{ \"year\": 2024, \"days\": [ { \"name\": \"国庆节\", \"date\": \"2024-10-01\", \"isOffDay\": true },"
    " { \"name\": \"国庆节\", \"date\": \"2024-10-01\", \"isOffDay\": false } ] }",
    "bad.json: 2024-10-01 is listed both as an off day and as a working day" },
};

static void
test_malformed (gconstpointer data)
{
  const MalformedCase *c = data;
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  static const char good_json[] =
    "{ \"year\": 2024, \"papers\": [], \"days\": ["
    " { \"name\": \"国庆节\", \"date\": \"2024-10-01\", \"isOffDay\": true } ] }";
  g_autoptr(GBytes) good = g_bytes_new_static (good_json, sizeof good_json - 1);
  g_autoptr(GBytes) bytes = g_bytes_new_static (c->json, strlen (c->json));
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (yc_calendar_load_bytes (calendar, good, "good.json", &error));
  g_assert_no_error (error);

  g_assert_false (yc_calendar_load_bytes (calendar, bytes, "bad.json", &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  if (strstr (error->message, c->reason) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->reason);

  /* A rejected file leaves the calendar as it was. */
  parse_date ("2024-10-01", &date);
  g_assert_false (yc_calendar_is_working_day (calendar, &date));
  g_assert_true (yc_calendar_covers_year (calendar, 2024));
}

static void
test_december_of_year_before (void)
{
  /* 2012's notice made Saturday 2011-12-31 a working day for 元旦; it sits in the 2012 file. */
  static const char json[] =
    "{ \"year\": 2012, \"papers\": [], \"days\": ["
    " { \"name\": \"元旦\", \"date\": \"2011-12-31\", \"isOffDay\": false },"
    " { \"name\": \"元旦\", \"date\": \"2012-01-01\", \"isOffDay\": true },"
    " { \"name\": \"元旦\", \"date\": \"2012-01-02\", \"isOffDay\": true },"
    " { \"name\": \"元旦\", \"date\": \"2012-01-03\", \"isOffDay\": true } ] }";
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(GError) error = NULL;
  GDate date, result;

  g_assert_true (yc_calendar_load_bytes (calendar, bytes, "2012.json", &error));
  g_assert_no_error (error);
  g_assert_true (yc_calendar_covers_year (calendar, 2012));
  g_assert_false (yc_calendar_covers_year (calendar, 2011));
  parse_date ("2011-12-31", &date);
  g_assert_true (yc_calendar_is_working_day (calendar, &date));
  /* Friday → the make-up Saturday, then over 元旦 to Wednesday. */
  parse_date ("2011-12-30", &date);
  yc_calendar_add_working_days (calendar, &date, 2, &result);
  assert_date (&result, "2012-01-04");
}

static void
test_conflicting_files (void)
{
  static const char json_2024[] =
    "{ \"year\": 2024, \"papers\": [], \"days\": ["
    " { \"name\": \"x\", \"date\": \"2024-12-28\", \"isOffDay\": true } ] }";
  static const char json_2025[] =
    "{ \"year\": 2025, \"papers\": [], \"days\": ["
    " { \"name\": \"x\", \"date\": \"2024-12-28\", \"isOffDay\": false } ] }";
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autoptr(GBytes) bytes_2024 = g_bytes_new_static (json_2024, sizeof json_2024 - 1);
  g_autoptr(GBytes) bytes_2025 = g_bytes_new_static (json_2025, sizeof json_2025 - 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_calendar_load_bytes (calendar, bytes_2024, "2024.json", &error));
  g_assert_false (yc_calendar_load_bytes (calendar, bytes_2025, "2025.json", &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2024.json and 2025.json disagree on 2024-12-28"));
  g_assert_false (yc_calendar_covers_year (calendar, 2025));
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
test_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autofree char *datadir = g_dir_make_tmp ("yc-datadir-XXXXXX", &error);
  g_autofree char *caldir = NULL;
  GDate date;

  g_assert_no_error (error);

  /* The shipped data. */
  g_unsetenv ("YC_DATADIR");
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  g_assert_true (yc_calendar_covers_year (calendar, 2025));
  parse_date ("2025-10-11", &date);
  g_assert_true (yc_calendar_is_working_day (calendar, &date));
  g_clear_object (&calendar);

  /* $YC_DATADIR wins. */
  caldir = g_build_filename (datadir, "calendar", NULL);
  g_assert_cmpint (g_mkdir (caldir, 0700), ==, 0);
  write_file (caldir, "2031.json",
              "{ \"year\": 2031, \"papers\": [], \"days\": ["
              " { \"name\": \"元旦\", \"date\": \"2031-01-01\", \"isOffDay\": true } ] }");
  g_setenv ("YC_DATADIR", datadir, TRUE);
  calendar = yc_calendar_new_default (&error);
  g_unsetenv ("YC_DATADIR");
  g_assert_no_error (error);
  g_assert_true (yc_calendar_covers_year (calendar, 2031));
  g_assert_false (yc_calendar_covers_year (calendar, 2025));
  parse_date ("2031-01-01", &date);
  g_assert_false (yc_calendar_is_working_day (calendar, &date));

  remove_dir (caldir);
  remove_dir (datadir);
}

static void
test_directory_errors (void)
{
  g_autoptr(YcCalendar) calendar = load_shipped ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_dir_make_tmp ("yc-calendar-XXXXXX", &error);
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/yichuang/calendar");
  GDate date;

  g_assert_no_error (error);
  dir = g_file_new_for_path (path);

  g_assert_false (yc_calendar_load_directory (calendar, missing, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/yichuang/calendar"));
  g_clear_error (&error);

  /* Only year files count. */
  write_file (path, "LICENSE", "MIT");
  write_file (path, "schema.json", "{}");
  g_assert_false (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_IO);
  g_clear_error (&error);

  /* A file's year must match its name. */
  write_file (path, "2024.json", "{ \"year\": 2025, \"papers\": [], \"days\": [] }");
  g_assert_false (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2024.json: the file is named for 2024 but its “year” is 2025"));
  g_clear_error (&error);

  /* One bad file among good ones: nothing is loaded. */
  write_file (path, "2024.json",
              "{ \"year\": 2024, \"papers\": [], \"days\": ["
              " { \"name\": \"x\", \"date\": \"2024-10-01\", \"isOffDay\": false } ] }");
  write_file (path, "2025.json", "{ \"year\": 2025, \"papers\": [], \"days\": [ { \"name\": \"x\" } ] }");
  g_assert_false (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2025.json: days[0]: missing key"));
  g_clear_error (&error);
  parse_date ("2024-10-01", &date);
  g_assert_false (yc_calendar_is_working_day (calendar, &date));

  /* Fixed, it replaces the years it holds. */
  write_file (path, "2025.json", "{ \"year\": 2025, \"papers\": [], \"days\": [] }");
  g_assert_true (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_no_error (error);
  g_assert_true (yc_calendar_is_working_day (calendar, &date));
  g_assert_false (yc_calendar_covers_year (calendar, 2025));
  g_assert_true (yc_calendar_covers_year (calendar, 2026));

  remove_dir (path);
}

static void
add_table (const char    *prefix,
           gconstpointer  cases,
           gsize          size,
           guint          n,
           const char  *(*name_of) (gconstpointer),
           GTestDataFunc  func)
{
  for (guint i = 0; i < n; i++)
    {
      gconstpointer c = (const char *) cases + i * size;
      g_autofree char *path = g_strdup_printf ("%s/%u-%s", prefix, i, name_of (c));
      g_test_add_data_func (path, c, func);
    }
}

static const char *
working_day_name (gconstpointer c)
{
  return ((const WorkingDayCase *) c)->date;
}

static const char *
add_name (gconstpointer c)
{
  return ((const AddCase *) c)->start;
}

static const char *
between_name (gconstpointer c)
{
  return ((const BetweenCase *) c)->from;
}

static const char *
state_name (gconstpointer c)
{
  return ((const StateCase *) c)->today;
}

static const char *
malformed_name (gconstpointer c)
{
  return "case";
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  shipped = load_shipped ();

  add_table ("/calendar/working-day", working_day_cases, sizeof (WorkingDayCase),
             G_N_ELEMENTS (working_day_cases), working_day_name, test_working_day);
  add_table ("/calendar/add-working-days", add_cases, sizeof (AddCase),
             G_N_ELEMENTS (add_cases), add_name, test_add_working_days);
  add_table ("/calendar/between", between_cases, sizeof (BetweenCase),
             G_N_ELEMENTS (between_cases), between_name, test_between);
  add_table ("/calendar/state", state_cases, sizeof (StateCase),
             G_N_ELEMENTS (state_cases), state_name, test_state);
  add_table ("/calendar/malformed", malformed_cases, sizeof (MalformedCase),
             G_N_ELEMENTS (malformed_cases), malformed_name, test_malformed);
  g_test_add_func ("/calendar/against-day-by-day", test_against_day_by_day);
  g_test_add_func ("/calendar/pauses", test_pauses);
  g_test_add_func ("/calendar/many-pauses", test_many_pauses);
  g_test_add_func ("/calendar/state-with-pause", test_state_with_pause);
  g_test_add_func ("/calendar/state-strings", test_state_strings);
  g_test_add_func ("/calendar/fallback", test_fallback);
  g_test_add_func ("/calendar/plain", test_plain_calendar);
  g_test_add_func ("/calendar/default", test_default);
  g_test_add_func ("/calendar/december-of-year-before", test_december_of_year_before);
  g_test_add_func ("/calendar/conflicting-files", test_conflicting_files);
  g_test_add_func ("/calendar/directory-errors", test_directory_errors);

  status = g_test_run ();
  g_assert_finalize_object (shipped);
  return status;
}
