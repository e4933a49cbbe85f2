/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The supervision board recomputes every open case's deadline and state on each refresh.
 * This measures that work for 100,000 synthetic cases (starts in 2024–2026, limits of 1–60
 * working days, up to two pauses) next to a day-by-day loop over is_working_day in the same
 * run, and prints both beside the budget: 10,000 cases per refresh within 50 ms.  It
 * checks that both ways agree but never asserts timings.
 */

#include "config.h"

#include "yc-calendar.h"

#define N_CASES 100000
#define BUDGET_US_PER_CASE 5.0  /* 10,000 cases in 50 ms */

typedef struct {
  GDate   start;
  guint   n;
  YcPause pauses[2];
  guint   n_pauses;
  GDate   today;
} Case;

static gboolean
paused (const Case  *c,
        const GDate *date)
{
  for (guint i = 0; i < c->n_pauses; i++)
    if (g_date_compare (date, &c->pauses[i].first) >= 0 && g_date_compare (date, &c->pauses[i].last) <= 0)
      return TRUE;
  return FALSE;
}

static void
naive_deadline (YcCalendar *calendar,
                const Case *c,
                GDate      *result)
{
  guint counted = 0;

  *result = c->start;
  while (counted < c->n)
    {
      g_date_add_days (result, 1);
      if (yc_calendar_is_working_day (calendar, result) && !paused (c, result))
        counted++;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_build_filename (YC_SOURCE_DATADIR, "calendar", NULL);
  g_autoptr(YcCalendar) calendar = yc_calendar_new ();
  g_autofree Case *cases = g_new0 (Case, N_CASES);
  g_autofree GDate *fast = g_new0 (GDate, N_CASES);
  g_autofree GDate *slow = g_new0 (GDate, N_CASES);
  GRand *rand = g_rand_new_with_seed (20241001);
  gint64 t0, t_fast, t_slow;
  guint states[3] = { 0, 0, 0 };
  double fast_us, slow_us;

  if (!yc_calendar_load_directory (calendar, dir, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CASES; i++)
    {
      Case *c = &cases[i];

      g_date_clear (&c->start, 1);
      g_date_set_dmy (&c->start, 1, G_DATE_JANUARY, 2024);
      g_date_add_days (&c->start, g_rand_int_range (rand, 0, 3 * 365 - 120));
      c->n = g_rand_int_range (rand, 1, 61);
      c->n_pauses = g_rand_int_range (rand, 0, 3);
      for (guint p = 0; p < c->n_pauses; p++)
        {
          c->pauses[p].first = c->start;
          g_date_add_days (&c->pauses[p].first, g_rand_int_range (rand, 1, 40));
          c->pauses[p].last = c->pauses[p].first;
          g_date_add_days (&c->pauses[p].last, g_rand_int_range (rand, 0, 15));
        }
      c->today = c->start;
      g_date_add_days (&c->today, g_rand_int_range (rand, 0, 90));
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_CASES; i++)
    {
      const Case *c = &cases[i];

      yc_calendar_deadline (calendar, &c->start, c->n, c->pauses, c->n_pauses, &fast[i]);
      states[yc_calendar_deadline_state (calendar, &c->today, &fast[i], c->pauses, c->n_pauses, 3)]++;
    }
  t_fast = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_CASES; i++)
    naive_deadline (calendar, &cases[i], &slow[i]);
  t_slow = g_get_monotonic_time () - t0;

  for (guint i = 0; i < N_CASES; i++)
    if (g_date_compare (&fast[i], &slow[i]) != 0)
      g_error ("case %u: the calendar and the day-by-day loop disagree", i);

  fast_us = (double) t_fast / N_CASES;
  slow_us = (double) t_slow / N_CASES;
  g_print ("# %d cases: green %u, yellow %u, red %u\n", N_CASES, states[0], states[1], states[2]);
  g_print ("deadline + state: %.3f µs per case (budget %.1f µs: 10,000 cases in 50 ms)\n",
           fast_us, BUDGET_US_PER_CASE);
  g_print ("day-by-day deadline only: %.3f µs per case (%.1f× the calendar)\n",
           slow_us, slow_us / fast_us);

  g_rand_free (rand);
  return 0;
}
