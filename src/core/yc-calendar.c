/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-calendar"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar-private.h"
#include "yc-data.h"

/* About 4,000 years: no time limit comes near it, and it keeps julian day arithmetic far
 * from the end of GDate's range. */
#define MAX_WORKING_DAYS 1000000

/* Pauses are few; this many fit on the stack before the clock functions allocate. */
#define N_STACK_SPANS 8

/*
 * A listed day in the merged table, with the running correction to the plain
 * Monday–Friday count up to and including it: an off weekday takes one away, a make-up
 * weekend day adds one.  Counting working days is then weekday arithmetic plus one binary
 * search, however far apart the dates are.
 */
typedef struct {
  guint32  julian;
  gboolean off;
  gint64   correction;
} Exception;

typedef struct {
  guint32 first;
  guint32 last;
} Span;

struct _YcCalendar
{
  GObject     parent_instance;

  GHashTable *years;       /* year → YcYearFile*, as loaded */
  GArray     *exceptions;  /* of Exception, sorted by julian, all years merged */

  GMutex      reported_lock;
  GHashTable *reported;    /* uncovered years whose fallback has been logged */
};

G_DEFINE_FINAL_TYPE (YcCalendar, yc_calendar, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-calendar-error-quark, yc_calendar_error)

static const struct {
  YcDeadlineState  state;
  const char      *key;
  const char      *label;
} deadline_states[] = {
  { YC_DEADLINE_GREEN, "green", N_("On time") },
  { YC_DEADLINE_YELLOW, "yellow", N_("Due soon") },
  { YC_DEADLINE_RED, "red", N_("Overdue") },
};

static void
yc_calendar_finalize (GObject *object)
{
  YcCalendar *self = (YcCalendar *)object;

  g_clear_pointer (&self->years, g_hash_table_unref);
  g_clear_pointer (&self->exceptions, g_array_unref);
  g_clear_pointer (&self->reported, g_hash_table_unref);
  g_mutex_clear (&self->reported_lock);

  G_OBJECT_CLASS (yc_calendar_parent_class)->finalize (object);
}

static void
yc_calendar_class_init (YcCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_calendar_finalize;
}

static void
yc_calendar_init (YcCalendar *self)
{
  self->years = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) yc_year_file_free);
  self->exceptions = g_array_new (FALSE, FALSE, sizeof (Exception));
  self->reported = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->reported_lock);
}

/* GDate's julian day 1 (1 January of year 1) is a Monday. */
static inline gboolean
julian_is_weekday (guint32 julian)
{
  return (julian - 1) % 7 < 5;
}

/* Monday–Friday days in [1, julian]. */
static inline gint64
weekdays_through (guint32 julian)
{
  return 5 * (gint64) (julian / 7) + MIN (julian % 7, 5);
}

static int
julian_year (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_year (&date);
}

/* Index of the last exception on or before @julian, or -1. */
static gssize
find_exception (YcCalendar *self,
                guint32     julian)
{
  const Exception *e = (const Exception *) self->exceptions->data;
  guint lo = 0;
  guint hi = self->exceptions->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (e[mid].julian <= julian)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gssize) lo - 1;
}

/* Working days in [1, julian]: differences of this give every count below. */
static gint64
working_days_through (YcCalendar *self,
                      guint32     julian)
{
  gssize i = find_exception (self, julian);
  gint64 count = weekdays_through (julian);

  if (i >= 0)
    count += g_array_index (self->exceptions, Exception, i).correction;
  return count;
}

static gboolean
julian_is_working_day (YcCalendar *self,
                       guint32     julian)
{
  gssize i = find_exception (self, julian);

  if (i >= 0)
    {
      const Exception *e = &g_array_index (self->exceptions, Exception, i);
      if (e->julian == julian)
        return !e->off;
    }
  return julian_is_weekday (julian);
}

/* The @n-th working day after @start, or @start itself when @n is 0. */
static guint32
julian_add_working_days (YcCalendar *self,
                         guint32     start,
                         guint       n)
{
  gint64 target;
  guint32 lo, hi, step;

  if (n == 0)
    return start;

  /* The smallest day whose running count reaches the target is a working day, and the
   * n-th after @start.  Gallop out to a day past it, then bisect. */
  target = working_days_through (self, start) + n;
  lo = start;
  step = n + n / 2 + 14;
  hi = start + step;
  while (working_days_through (self, hi) < target)
    {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
  while (hi - lo > 1)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (working_days_through (self, mid) >= target)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

/*
 * Logs, once per year, that a computation over [@from, @to] used a year without holiday
 * data.  A calendar that never loaded any is a plain Monday–Friday calendar on purpose
 * and says nothing.
 */
static void
note_fallback (YcCalendar *self,
               guint32     from,
               guint32     to)
{
  int first_year, last_year;

  if (g_hash_table_size (self->years) == 0 || from > to)
    return;

  first_year = julian_year (from);
  last_year = julian_year (to);
  for (int year = first_year; year <= last_year; year++)
    {
      if (yc_calendar_covers_year (self, year))
        continue;

      g_mutex_lock (&self->reported_lock);
      if (g_hash_table_add (self->reported, GINT_TO_POINTER (year)))
        g_message ("The holiday calendar has no data for %d: counting Monday to Friday as "
                   "working days. Add %d.json to the calendar folder once the State Council "
                   "notice is out.", year, year);
      g_mutex_unlock (&self->reported_lock);
    }
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *sa = a;
  const Span *sb = b;

  return (sa->first > sb->first) - (sa->first < sb->first);
}

/* Sorts @spans and merges overlapping and touching ones in place; returns how many remain. */
static guint
normalize_spans (Span *spans,
                 guint n_spans)
{
  guint n = 0;

  qsort (spans, n_spans, sizeof (Span), compare_spans);
  for (guint i = 0; i < n_spans; i++)
    {
      if (n > 0 && spans[i].first <= spans[n - 1].last + 1)
        spans[n - 1].last = MAX (spans[n - 1].last, spans[i].last);
      else
        spans[n++] = spans[i];
    }
  return n;
}

/* Copies the non-empty pauses into @spans (room for @n_pauses) as merged julian spans. */
static guint
pauses_to_spans (const YcPause *pauses,
                 guint          n_pauses,
                 Span          *spans)
{
  guint n = 0;

  for (guint i = 0; i < n_pauses; i++)
    {
      guint32 first, last;

      g_return_val_if_fail (g_date_valid (&pauses[i].first), 0);
      g_return_val_if_fail (g_date_valid (&pauses[i].last), 0);

      first = g_date_get_julian (&pauses[i].first);
      last = g_date_get_julian (&pauses[i].last);
      if (first <= last)
        spans[n++] = (Span) { first, last };
    }
  return normalize_spans (spans, n);
}

/* Working days d with @from < d ≤ @to (@from ≤ @to) that no span covers. */
static gint64
running_days (YcCalendar *self,
              guint32     from,
              guint32     to,
              const Span *spans,
              guint       n_spans)
{
  gint64 count = working_days_through (self, to) - working_days_through (self, from);

  for (guint i = 0; i < n_spans; i++)
    {
      guint32 lo = MAX (spans[i].first, from + 1);
      guint32 hi = MIN (spans[i].last, to);

      if (lo <= hi)
        count -= working_days_through (self, hi) - working_days_through (self, lo - 1);
    }
  return count;
}

static int
clamp_to_int (gint64 value)
{
  return (int) CLAMP (value, G_MININT, G_MAXINT);
}

/* Merging the loaded years */

typedef struct {
  guint32           julian;
  gboolean          off;
  const YcYearFile *file;
} SourcedDay;

static int
compare_sourced_days (gconstpointer a,
                      gconstpointer b)
{
  const SourcedDay *da = a;
  const SourcedDay *db = b;

  return (da->julian > db->julian) - (da->julian < db->julian);
}

static void
append_days (GArray           *all,
             const YcYearFile *file)
{
  for (guint i = 0; i < file->days->len; i++)
    {
      const YcListedDay *day = &g_array_index (file->days, YcListedDay, i);
      SourcedDay sourced = { day->julian, day->off, file };

      g_array_append_val (all, sourced);
    }
}

/*
 * Merges the loaded years, minus those @files replace, with @files into a new exception
 * table.  A date listed twice must agree with itself.
 */
static GArray *
merge_exceptions (YcCalendar  *self,
                  GPtrArray   *files,
                  GError     **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (SourcedDay));
  g_autoptr(GArray) exceptions = g_array_new (FALSE, FALSE, sizeof (Exception));
  GHashTableIter iter;
  gpointer value;
  gint64 correction = 0;

  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const YcYearFile *file = value;
      gboolean replaced = FALSE;

      for (guint i = 0; i < files->len && !replaced; i++)
        replaced = ((YcYearFile *) g_ptr_array_index (files, i))->year == file->year;
      if (!replaced)
        append_days (all, file);
    }
  for (guint i = 0; i < files->len; i++)
    append_days (all, g_ptr_array_index (files, i));

  g_array_sort (all, compare_sourced_days);

  for (guint i = 0; i < all->len; i++)
    {
      const SourcedDay *day = &g_array_index (all, SourcedDay, i);
      Exception exception;

      if (i > 0 && g_array_index (all, SourcedDay, i - 1).julian == day->julian)
        {
          const SourcedDay *before = &g_array_index (all, SourcedDay, i - 1);

          if (before->off != day->off)
            {
              g_autofree char *text = NULL;
              GDate date;

              g_date_clear (&date, 1);
              g_date_set_julian (&date, day->julian);
              text = yc_date_format_iso (&date);
              if (before->file == day->file)
                g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                             _("%s: %s is listed both as an off day and as a working day"),
                             day->file->name, text);
              else
                g_set_error (error, YC_CALENDAR_ERROR, YC_CALENDAR_ERROR_INVALID,
                             _("%s and %s disagree on %s: one lists it as an off day, the other as a working day"),
                             before->file->name, day->file->name, text);
              return NULL;
            }
          continue;
        }

      if (day->off && julian_is_weekday (day->julian))
        correction--;
      else if (!day->off && !julian_is_weekday (day->julian))
        correction++;

      exception = (Exception) { day->julian, day->off, correction };
      g_array_append_val (exceptions, exception);
    }

  return g_steal_pointer (&exceptions);
}

/* Takes the files over (the array must free them) once the merge succeeds. */
static gboolean
commit_files (YcCalendar  *self,
              GPtrArray   *files,
              GError     **error)
{
  g_autoptr(GArray) exceptions = merge_exceptions (self, files, error);

  if (exceptions == NULL)
    return FALSE;

  g_ptr_array_set_free_func (files, NULL);
  for (guint i = 0; i < files->len; i++)
    {
      YcYearFile *file = g_ptr_array_index (files, i);
      g_hash_table_replace (self->years, GINT_TO_POINTER (file->year), file);
    }
  g_ptr_array_set_size (files, 0);
  g_ptr_array_set_free_func (files, (GDestroyNotify) yc_year_file_free);

  g_clear_pointer (&self->exceptions, g_array_unref);
  self->exceptions = g_steal_pointer (&exceptions);
  return TRUE;
}

/* Public API */

/**
 * yc_calendar_new:
 *
 * Creates a calendar that knows no holidays: Monday to Friday are working days.  It
 * logs nothing about missing years until holiday data is loaded into it.
 *
 * Returns: (transfer full): a new calendar
 */
YcCalendar *
yc_calendar_new (void)
{
  return g_object_new (YC_TYPE_CALENDAR, NULL);
}

/**
 * yc_calendar_new_default:
 *
 * Creates a calendar from the shipped holiday data, the `calendar` folder found by
 * yc_data_find() (`$YC_DATADIR` first).
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL with @error set
 */
YcCalendar *
yc_calendar_new_default (GError **error)
{
  g_autoptr(YcCalendar) self = yc_calendar_new ();
  g_autoptr(GFile) dir = yc_data_find ("calendar");

  if (!yc_calendar_load_directory (self, dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * yc_calendar_load_directory:
 * @dir: a folder holding `YYYY.json` files in holiday-cn format
 *
 * Loads every `YYYY.json` in @dir (other files, such as LICENSE, are ignored), replacing
 * years loaded before.  All or nothing: on error the calendar is unchanged.  Each file's
 * `year` must match its name.
 *
 * Returns: %TRUE on success; %FALSE with @error set: %YC_CALENDAR_ERROR_IO when the folder
 *   or a file cannot be read or the folder holds no year file, %YC_CALENDAR_ERROR_INVALID
 *   naming the file, entry and reason when a file is malformed
 */
gboolean
yc_calendar_load_directory (YcCalendar  *self,
                            GFile       *dir,
                            GError     **error)
{
  g_autoptr(GPtrArray) files = NULL;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (dir), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  files = yc_year_files_load_directory (dir, error);
  if (files == NULL)
    return FALSE;
  return commit_files (self, files, error);
}

/**
 * yc_calendar_load_bytes:
 * @json: one year's file in holiday-cn format
 * @name: the file's name, for error messages
 *
 * Loads one year, replacing that year if it was loaded before.  On error the calendar is
 * unchanged.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%YC_CALENDAR_ERROR_INVALID, naming
 *   @name, the entry and the reason)
 */
gboolean
yc_calendar_load_bytes (YcCalendar  *self,
                        GBytes      *json,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_year_file_free);
  YcYearFile *file;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = yc_year_file_parse (json, name, error);
  if (file == NULL)
    return FALSE;
  g_ptr_array_add (files, file);

  return commit_files (self, files, error);
}

/**
 * yc_calendar_covers_year:
 *
 * Returns: whether holiday data for @year is loaded.  A year file without entries (its
 *   notice not out yet) does not cover its year.
 */
gboolean
yc_calendar_covers_year (YcCalendar *self,
                         int         year)
{
  const YcYearFile *file;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);

  file = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));
  return file != NULL && file->days->len > 0;
}

/**
 * yc_calendar_is_working_day:
 *
 * Returns: whether @date is a working day: listed as a make-up working day, or Monday to
 *   Friday and not listed as an off day
 */
gboolean
yc_calendar_is_working_day (YcCalendar  *self,
                            const GDate *date)
{
  guint32 julian;

  g_return_val_if_fail (YC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  julian = g_date_get_julian (date);
  note_fallback (self, julian, julian);
  return julian_is_working_day (self, julian);
}

/**
 * yc_calendar_add_working_days:
 * @start: the day of acceptance, which is not counted
 * @n: working days to add, at most 1,000,000
 * @result: (out caller-allocates): the @n-th working day after @start; @start itself
 *   when @n is 0 (即办)
 */
void
yc_calendar_add_working_days (YcCalendar  *self,
                              const GDate *start,
                              guint        n,
                              GDate       *result)
{
  yc_calendar_deadline (self, start, n, NULL, 0, result);
}

/**
 * yc_calendar_working_days_between:
 *
 * Returns: the number of working days d with @from < d ≤ @to; when @to is before @from,
 *   the negative of the count from @to to @from
 */
int
yc_calendar_working_days_between (YcCalendar  *self,
                                  const GDate *from,
                                  const GDate *to)
{
  guint32 a, b;

  g_return_val_if_fail (YC_IS_CALENDAR (self), 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  a = g_date_get_julian (from);
  b = g_date_get_julian (to);
  note_fallback (self, MIN (a, b) + 1, MAX (a, b));
  return clamp_to_int (working_days_through (self, b) - working_days_through (self, a));
}

/**
 * yc_calendar_deadline:
 * @start: the day of acceptance, which is not counted
 * @n: working days of the time limit, at most 1,000,000
 * @pauses: (array length=n_pauses) (nullable): stretches when the clock stands still
 * @result: (out caller-allocates): the deadline
 *
 * Like yc_calendar_add_working_days(), except that working days inside any of @pauses do
 * not count.  With @n = 0 the deadline is @start (即办), pauses or not.
 */
void
yc_calendar_deadline (YcCalendar    *self,
                      const GDate   *start,
                      guint          n,
                      const YcPause *pauses,
                      guint          n_pauses,
                      GDate         *result)
{
  Span stack_spans[N_STACK_SPANS];
  g_autofree Span *heap_spans = NULL;
  Span *spans = stack_spans;
  guint n_spans;
  guint32 cur;
  guint remaining = n;

  g_return_if_fail (YC_IS_CALENDAR (self));
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (n <= MAX_WORKING_DAYS);
  g_return_if_fail (pauses != NULL || n_pauses == 0);
  g_return_if_fail (result != NULL);

  if (n_pauses > N_STACK_SPANS)
    spans = heap_spans = g_new (Span, n_pauses);
  n_spans = pauses_to_spans (pauses, n_pauses, spans);

  cur = g_date_get_julian (start);
  for (guint i = 0; i < n_spans && remaining > 0; i++)
    {
      gint64 available;

      if (spans[i].last <= cur)
        continue;

      /* Working days before the pause; if they do not suffice, the clock resumes after it. */
      available = working_days_through (self, MAX (spans[i].first, cur + 1) - 1) -
                  working_days_through (self, cur);
      if (available >= remaining)
        break;
      remaining -= (guint) available;
      cur = spans[i].last;
    }
  cur = julian_add_working_days (self, cur, remaining);

  note_fallback (self, g_date_get_julian (start) + (n > 0 ? 1 : 0), cur);
  g_date_clear (result, 1);
  g_date_set_julian (result, cur);
}

/**
 * yc_calendar_remaining_working_days:
 * @today: the day of the question
 * @deadline: the deadline, as computed by yc_calendar_deadline() with the same @pauses
 * @pauses: (array length=n_pauses) (nullable): stretches when the clock stands still
 *
 * Returns: the working days d with @today < d ≤ @deadline outside the pauses; 0 on the
 *   deadline day itself; when @deadline is before @today, the negative of the working days
 *   since (so the Saturday after a Friday deadline gives 0, overdue all the same)
 */
int
yc_calendar_remaining_working_days (YcCalendar    *self,
                                    const GDate   *today,
                                    const GDate   *deadline,
                                    const YcPause *pauses,
                                    guint          n_pauses)
{
  Span stack_spans[N_STACK_SPANS];
  g_autofree Span *heap_spans = NULL;
  Span *spans = stack_spans;
  guint n_spans;
  guint32 a, b;

  g_return_val_if_fail (YC_IS_CALENDAR (self), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);
  g_return_val_if_fail (deadline != NULL && g_date_valid (deadline), 0);
  g_return_val_if_fail (pauses != NULL || n_pauses == 0, 0);

  if (n_pauses > N_STACK_SPANS)
    spans = heap_spans = g_new (Span, n_pauses);
  n_spans = pauses_to_spans (pauses, n_pauses, spans);

  a = g_date_get_julian (today);
  b = g_date_get_julian (deadline);
  note_fallback (self, MIN (a, b) + 1, MAX (a, b));
  if (a <= b)
    return clamp_to_int (running_days (self, a, b, spans, n_spans));
  return clamp_to_int (-running_days (self, b, a, spans, n_spans));
}

/**
 * yc_calendar_deadline_state:
 * @yellow_threshold: at most this many remaining working days turn the state yellow
 *
 * Returns: %YC_DEADLINE_RED when @today is after @deadline; %YC_DEADLINE_YELLOW when
 *   yc_calendar_remaining_working_days() is at most @yellow_threshold; otherwise
 *   %YC_DEADLINE_GREEN
 */
YcDeadlineState
yc_calendar_deadline_state (YcCalendar    *self,
                            const GDate   *today,
                            const GDate   *deadline,
                            const YcPause *pauses,
                            guint          n_pauses,
                            guint          yellow_threshold)
{
  int remaining;

  g_return_val_if_fail (YC_IS_CALENDAR (self), YC_DEADLINE_GREEN);
  g_return_val_if_fail (today != NULL && g_date_valid (today), YC_DEADLINE_GREEN);
  g_return_val_if_fail (deadline != NULL && g_date_valid (deadline), YC_DEADLINE_GREEN);

  if (g_date_compare (today, deadline) > 0)
    return YC_DEADLINE_RED;

  remaining = yc_calendar_remaining_working_days (self, today, deadline, pauses, n_pauses);
  if ((gint64) remaining <= (gint64) yellow_threshold)
    return YC_DEADLINE_YELLOW;
  return YC_DEADLINE_GREEN;
}

/**
 * yc_deadline_state_to_string:
 *
 * Returns: the stable key: `green`, `yellow` or `red`
 */
const char *
yc_deadline_state_to_string (YcDeadlineState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (deadline_states); i++)
    if (deadline_states[i].state == state)
      return deadline_states[i].key;
  g_return_val_if_reached (NULL);
}

/**
 * yc_deadline_state_label:
 *
 * Returns: the translated label (正常, 预警, 超期)
 */
const char *
yc_deadline_state_label (YcDeadlineState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (deadline_states); i++)
    if (deadline_states[i].state == state)
      return _(deadline_states[i].label);
  g_return_val_if_reached (NULL);
}
