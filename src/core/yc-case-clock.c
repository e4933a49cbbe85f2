/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-machine"

#include "config.h"

#include "yc-case-machine-private.h"

/*
 * The clocks of a case and of its parts (docs/case-life.md, "Clock").  The board, the review
 * queue and the back office's GET /api/v1/cases all come here, so that a case or a part is
 * red on a supervisor's screen exactly when the server says it is.
 */

static gboolean
has_clock (YcCase *self)
{
  return self->state != YC_CASE_STATE_CLOSED_AT_COUNTER && self->committed_days >= 0
         && g_date_valid (&self->accepted_on);
}

/* The part's decision in the history: "review.approve"/"review.reject" with a detail of
 * "DEPARTMENT" or "DEPARTMENT: text" (yc-case-transitions.c), the newest one. */
static void
decided_day_from_history (YcCase           *self,
                          const YcCasePart *part,
                          GDate            *out_day)
{
  gsize length = strlen (part->department);

  g_date_clear (out_day, 1);
  for (guint i = self->history->len; i > 0; i--)
    {
      const YcCaseHistoryEntry *entry = g_ptr_array_index (self->history, i - 1);
      g_autoptr(GDateTime) instant = NULL;
      int year, month, day;

      if (g_strcmp0 (entry->action, "review.approve") != 0
          && g_strcmp0 (entry->action, "review.reject") != 0)
        continue;
      if (entry->detail == NULL || strncmp (entry->detail, part->department, length) != 0
          || (entry->detail[length] != '\0' && entry->detail[length] != ':'))
        continue;
      instant = entry->at != NULL ? g_date_time_new_from_iso8601 (entry->at, NULL) : NULL;
      if (instant == NULL)
        return;
      g_date_time_get_ymd (instant, &year, &month, &day);
      g_date_set_dmy (out_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
      return;
    }
}

void
yc_case_part_stop_day (YcCase           *self,
                       const YcCasePart *part,
                       GDate            *out_day)
{
  GDate decided;

  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);
  g_return_if_fail (out_day != NULL);

  g_date_clear (&decided, 1);
  if (part->state == YC_CASE_STATE_APPROVED || part->state == YC_CASE_STATE_REJECTED)
    {
      if (g_date_valid (&part->decided_on))
        decided = part->decided_on;
      else
        decided_day_from_history (self, part, &decided);
    }

  *out_day = self->stopped_on;
  if (g_date_valid (&decided)
      && (!g_date_valid (out_day) || g_date_compare (&decided, out_day) < 0))
    *out_day = decided;
}

/* The pauses as they stand on @day: an open pause runs up to @day, a pause that began after
 * @day has not happened yet for a clock stopped on @day, and one still running then is cut
 * there — so a part decided before another department's return keeps its deadline. */
static GArray *
pauses_until (YcCase      *self,
              const GDate *day)
{
  GArray *pauses = g_array_sized_new (FALSE, FALSE, sizeof (YcPause), self->pauses->len);

  for (guint i = 0; i < self->pauses->len; i++)
    {
      YcPause pause = g_array_index (self->pauses, YcPause, i);

      if (g_date_compare (&pause.first, day) > 0)
        continue;
      if (!g_date_valid (&pause.last) || g_date_compare (&pause.last, day) > 0)
        pause.last = *day;
      g_array_append_val (pauses, pause);
    }
  return pauses;
}

static gboolean
pause_open_on (YcCase      *self,
               const GDate *day)
{
  if (self->pauses->len == 0)
    return FALSE;
  for (guint i = 0; i < self->pauses->len; i++)
    {
      const YcPause *pause = &g_array_index (self->pauses, YcPause, i);

      if (g_date_compare (&pause->first, day) <= 0
          && (!g_date_valid (&pause->last) || g_date_compare (&pause->last, day) >= 0))
        return TRUE;
    }
  /* Returned today: the pause opens tomorrow, but the applicant owes the supplement now. */
  return yc_case_machine_has_open_pause (self);
}

/**
 * yc_case_clock:
 * @self: a case
 * @part: (nullable): one of @self's parts, or %NULL for the whole case
 * @calendar: the working-day calendar
 * @today: the day to evaluate on (the clock stopped earlier is evaluated on its own day)
 * @yellow_threshold: working days left at which the light turns yellow
 *   (%YC_CASE_YELLOW_THRESHOLD_DEFAULT without a setting)
 * @out_clock: (out caller-allocates): the clock
 *
 * The deadline, traffic light and remaining working days of the case or of one part.
 */
void
yc_case_clock (YcCase           *self,
               const YcCasePart *part,
               YcCalendar       *calendar,
               const GDate      *today,
               guint             yellow_threshold,
               YcClock          *out_clock)
{
  g_autoptr(GArray) pauses = NULL;
  GDate stop;

  g_return_if_fail (self != NULL);
  g_return_if_fail (YC_IS_CALENDAR (calendar));
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (out_clock != NULL);

  memset (out_clock, 0, sizeof *out_clock);
  g_date_clear (&out_clock->deadline, 1);
  out_clock->state = YC_DEADLINE_GREEN;
  out_clock->evaluated_on = *today;
  if (!has_clock (self))
    return;

  if (part != NULL)
    yc_case_part_stop_day (self, part, &stop);
  else
    stop = self->stopped_on;
  /* A stopped clock keeps the colour of the day it stopped: a case decided late stays red. */
  out_clock->stopped = g_date_valid (&stop);
  if (out_clock->stopped)
    out_clock->evaluated_on = stop;

  out_clock->has_clock = TRUE;
  pauses = pauses_until (self, &out_clock->evaluated_on);
  yc_calendar_deadline (calendar, &self->accepted_on, (guint) self->committed_days,
                        (const YcPause *) pauses->data, pauses->len, &out_clock->deadline);
  out_clock->remaining = yc_calendar_remaining_working_days (calendar, &out_clock->evaluated_on,
                                                             &out_clock->deadline,
                                                             (const YcPause *) pauses->data,
                                                             pauses->len);
  out_clock->state = yc_calendar_deadline_state (calendar, &out_clock->evaluated_on,
                                                 &out_clock->deadline,
                                                 (const YcPause *) pauses->data, pauses->len,
                                                 yellow_threshold);
  out_clock->paused = !out_clock->stopped && pause_open_on (self, today);
}
