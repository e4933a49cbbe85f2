/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-types.h"

G_BEGIN_DECLS

/**
 * YcCalendar:
 *
 * The working-day calendar and the clocks of time limits (docs/calendar.md).
 *
 * Working day: a date is a working day if the calendar lists it as a make-up working day
 * (调休上班, `isOffDay: false`), or if it is Monday to Friday and not listed as an off day
 * (`isOffDay: true`).
 *
 * Counting: time limits count working days *after* the day of acceptance (Administrative
 * Licensing Law art. 82).  yc_calendar_add_working_days() with n = 0 is the start day itself
 * (即办); yc_calendar_working_days_between() counts the working days d with from < d ≤ to,
 * and is the negative of the reverse count when to < from.
 *
 * Pauses: working days inside a [struct@YcPause] (补正, 公示 …) do not count; the clock
 * stands still.  yc_calendar_deadline() and yc_calendar_remaining_working_days() take the
 * same pauses, so that `remaining (today, deadline (start, n, P), P)` is n minus the working
 * days that have run on the clock.
 *
 * Deadline state: red when today is past the deadline date, whatever the count says; yellow
 * when the remaining working days are at most the yellow threshold; green otherwise.
 *
 * Coverage: holiday data comes in one file per year (holiday-cn format); a December date
 * may sit in the next year's file, so every year is loaded.  A year whose file is missing or
 * has no entries (its State Council notice is not out yet) is not covered: it falls back to
 * Monday–Friday, and once any holiday data is loaded, the first computation touching such a
 * year logs one message per year.  yc_calendar_covers_year() tells the caller.
 *
 * Loading is not thread-safe; once loaded, a calendar may be queried from any thread.
 * Lookups are binary searches over the listed days, so counting is fast however far apart
 * the dates are.
 */

#define YC_CALENDAR_ERROR (yc_calendar_error_quark ())

typedef enum {
  YC_CALENDAR_ERROR_IO,       /* a file or directory could not be read */
  YC_CALENDAR_ERROR_INVALID,  /* not a holiday file: message names file, entry and reason */
} YcCalendarError;

/**
 * YcDeadlineState:
 * @YC_DEADLINE_GREEN: 正常, time enough
 * @YC_DEADLINE_YELLOW: 预警, at most the yellow threshold of working days left
 * @YC_DEADLINE_RED: 超期, the deadline date has passed
 */
typedef enum {
  YC_DEADLINE_GREEN,
  YC_DEADLINE_YELLOW,
  YC_DEADLINE_RED,
} YcDeadlineState;

/**
 * YcPause:
 * @first: the first day on which the clock stands still
 * @last: the last such day (inclusive); a pause with @last before @first is empty
 *
 * A stretch during which a time limit does not run (补正 waiting for the applicant,
 * 公示 public notice …).  Pauses may overlap; no working day is discounted twice.
 */
typedef struct {
  GDate first;
  GDate last;
} YcPause;

#define YC_TYPE_CALENDAR (yc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (YcCalendar, yc_calendar, YC, CALENDAR, GObject)

GQuark          yc_calendar_error_quark            (void);

YcCalendar     *yc_calendar_new                    (void);
YcCalendar     *yc_calendar_new_default            (GError       **error);
gboolean        yc_calendar_load_directory         (YcCalendar    *self,
                                                    GFile         *dir,
                                                    GError       **error);
gboolean        yc_calendar_load_bytes             (YcCalendar    *self,
                                                    GBytes        *json,
                                                    const char    *name,
                                                    GError       **error);
gboolean        yc_calendar_covers_year            (YcCalendar    *self,
                                                    int            year);

gboolean        yc_calendar_is_working_day         (YcCalendar    *self,
                                                    const GDate   *date);
void            yc_calendar_add_working_days       (YcCalendar    *self,
                                                    const GDate   *start,
                                                    guint          n,
                                                    GDate         *result);
int             yc_calendar_working_days_between   (YcCalendar    *self,
                                                    const GDate   *from,
                                                    const GDate   *to);

void            yc_calendar_deadline               (YcCalendar    *self,
                                                    const GDate   *start,
                                                    guint          n,
                                                    const YcPause *pauses,
                                                    guint          n_pauses,
                                                    GDate         *result);
int             yc_calendar_remaining_working_days (YcCalendar    *self,
                                                    const GDate   *today,
                                                    const GDate   *deadline,
                                                    const YcPause *pauses,
                                                    guint          n_pauses);
YcDeadlineState yc_calendar_deadline_state         (YcCalendar    *self,
                                                    const GDate   *today,
                                                    const GDate   *deadline,
                                                    const YcPause *pauses,
                                                    guint          n_pauses,
                                                    guint          yellow_threshold);

const char     *yc_deadline_state_to_string        (YcDeadlineState state);
const char     *yc_deadline_state_label            (YcDeadlineState state);

/* Dates as files, cases and command lines write them: YYYY-MM-DD (yc-date.c). */
gboolean        yc_date_parse_iso                  (const char    *text,
                                                    GDate         *date);
char           *yc_date_format_iso                 (const GDate   *date);

G_END_DECLS
