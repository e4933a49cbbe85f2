/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-test-cases.h"

/*
 * The clock of a case: the deadline counted with the shipped calendar, the pause while the
 * applicant owes a supplement (the deadline moves by the working days of the pause), the
 * traffic light compared with yc_calendar_deadline_state() day by day, the clock stopping at
 * the decision, and tolerance expiry.  Cases are accepted on Monday 2026-11-23.
 */

static YcCalendar *calendar;
static YcCatalog *catalog;

#define CLAIM_SPORT   "{\"department\": \"sport\"}"
#define CLAIM_HEALTH  "{\"department\": \"health\"}"
#define RETURN_SPORT  "{\"department\": \"sport\", \"materials\": [\"lease\"], \"message\": \"请补正\"}"
#define RETURN_HEALTH "{\"department\": \"health\", \"materials\": [\"hygiene_plan\"], \"message\": \"请补正\"}"
#define SUPPLY(code)  "{\"materials\": [" YC_TEST_P (code, "补正材料", YC_TEST_SHA_B) "]}"

/* Applies an operation stamped by the counter at @created_at (NULL: 10:00 on @today) and
 * synced to the back office on @today. */
static GError *
apply_at (YcCase     *c,
          const char *actor,
          YcOpKind    kind,
          const char *payload,
          const char *today,
          const char *created_at)
{
  g_autoptr(JsonObject) object = yc_test_parse_object (payload);
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *stamp = NULL;
  GDate day = yc_test_date (today != NULL ? today : YC_TEST_DAY);
  GError *error = NULL;

  stamp = created_at != NULL ? g_strdup (created_at)
                             : g_strdup_printf ("%sT10:00:00+08:00", today != NULL ? today : YC_TEST_DAY);
  op = yc_operation_new (op_id, YC_TEST_CASE_UUID, c->version, kind, object, stamp);
  yc_case_machine_apply_full (c, op, yc_test_actor (actor), &day, calendar, NULL, &error);
  return error;
}

static void
apply_ok (YcCase     *c,
          const char *actor,
          YcOpKind    kind,
          const char *payload,
          const char *today)
{
  g_autoptr(GError) error = apply_at (c, actor, kind, payload, today, NULL);

  g_assert_no_error (error);
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = yc_test_format (date);

  g_assert_cmpstr (text, ==, expected);
}

/* The case's light and count on @day are the calendar's, with @pauses. */
static void
assert_light (YcCase        *c,
              const char    *day,
              const YcPause *pauses,
              guint          n_pauses)
{
  GDate today = yc_test_date (day), start = yc_test_date (YC_TEST_DAY), deadline;

  yc_calendar_deadline (calendar, &start, (guint) c->committed_days, pauses, n_pauses, &deadline);
  for (guint threshold = 0; threshold <= 3; threshold++)
    {
      int remaining = 1000;
      YcDeadlineState state = yc_case_deadline_state (c, calendar, &today, threshold, &remaining);

      g_assert_cmpint (state, ==, yc_calendar_deadline_state (calendar, &today, &deadline, pauses,
                                                              n_pauses, threshold));
      g_assert_cmpint (remaining, ==, yc_calendar_remaining_working_days (calendar, &today, &deadline,
                                                                          pauses, n_pauses));
    }
}

static void
test_deadline_at_acceptance (void)
{
  g_autoptr(YcCase) item = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  g_autoptr(YcCase) bundle = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);

  /* 10 working days after Monday 23 November: Monday 7 December. */
  assert_date (&item->deadline, "2026-12-07");
  assert_date (&item->accepted_on, "2026-11-23");
  g_assert_false (g_date_valid (&item->stopped_on));
  /* The bundle's own limit (8), not the sum of its items'. */
  g_assert_cmpint (bundle->committed_days, ==, 8);
  assert_date (&bundle->deadline, "2026-12-03");
}

static void
test_light_follows_calendar (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  GDate day = yc_test_date (YC_TEST_DAY);

  for (guint i = 0; i < 40; i++, g_date_add_days (&day, 1))
    {
      g_autofree char *text = yc_test_format (&day);

      assert_light (c, text, NULL, 0);
    }
  {
    GDate today = yc_test_date ("2026-12-04");
    int remaining;

    g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &remaining), ==, YC_DEADLINE_YELLOW);
    g_assert_cmpint (remaining, ==, 1);
    today = yc_test_date ("2026-12-08");
    g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &remaining), ==, YC_DEADLINE_RED);
    g_assert_cmpint (remaining, ==, -1);
  }
}

static void
test_return_pauses_clock (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  YcPause pause = { yc_test_date ("2026-11-26"), yc_test_date ("2026-11-30") };
  GDate today, current;
  int before, during;

  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
  /* Returned on Wednesday: the clock runs that day and stands still from Thursday. */
  apply_ok (c, "rs", YC_OP_REVIEW_RETURN, RETURN_SPORT, "2026-11-25");
  g_assert_cmpuint (c->pauses->len, ==, 1);
  assert_date (&g_array_index (c->pauses, YcPause, 0).first, "2026-11-26");
  g_assert_false (g_date_valid (&g_array_index (c->pauses, YcPause, 0).last));

  today = yc_test_date ("2026-11-25");
  yc_case_deadline_state (c, calendar, &today, 2, &before);
  today = yc_test_date ("2026-11-30");
  yc_case_deadline_state (c, calendar, &today, 2, &during);
  /* Nothing ran while the applicant owed the supplement. */
  g_assert_cmpint (during, ==, before);
  assert_light (c, "2026-11-30", &pause, 1);
  yc_case_current_deadline (c, calendar, &today, &current);
  assert_date (&current, "2026-12-10");

  /* Supplemented on Tuesday 1 December: Thursday to Tuesday stood still (4 working days). */
  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("lease"), "2026-12-01");
  pause.last = yc_test_date ("2026-12-01");
  assert_date (&g_array_index (c->pauses, YcPause, 0).last, "2026-12-01");
  assert_date (&c->deadline, "2026-12-11");
  for (const char * const *day = (const char * const []) { "2026-12-01", "2026-12-02", "2026-12-10",
                                                           "2026-12-11", "2026-12-14", NULL };
       *day != NULL; day++)
    assert_light (c, *day, &pause, 1);

  /* Decided late, on Monday 14 December: the clock stops, and the case stays red. */
  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-12-14");
  apply_ok (c, "rs", YC_OP_REVIEW_APPROVE, CLAIM_SPORT, "2026-12-14");
  assert_date (&c->stopped_on, "2026-12-14");
  {
    int on_decision, later;

    today = yc_test_date ("2026-12-14");
    g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &on_decision), ==, YC_DEADLINE_RED);
    today = yc_test_date ("2027-01-20");
    g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &later), ==, YC_DEADLINE_RED);
    g_assert_cmpint (later, ==, on_decision);
    g_assert_cmpint (on_decision, ==, -1);
  }
}

static void
test_supplement_same_day (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);

  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
  apply_ok (c, "rs", YC_OP_REVIEW_RETURN, RETURN_SPORT, "2026-11-24");
  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("lease"), "2026-11-24");
  /* The applicant was still at the window: no day stood still. */
  assert_date (&c->deadline, "2026-12-07");
}

static void
test_parallel_returns_one_pause (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  YcPause pause = { yc_test_date ("2026-11-25"), yc_test_date ("2026-11-30") };
  GDate expected, start = yc_test_date (YC_TEST_DAY);

  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("health_cert"), "2026-11-24");
  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
  apply_ok (c, "rh", YC_OP_REVIEW_CLAIM, CLAIM_HEALTH, "2026-11-24");
  apply_ok (c, "rs", YC_OP_REVIEW_RETURN, RETURN_SPORT, "2026-11-24");
  apply_ok (c, "rh", YC_OP_REVIEW_RETURN, RETURN_HEALTH, "2026-11-25");
  g_assert_cmpuint (c->pauses->len, ==, 1);

  /* sport's material comes in; health still waits, so the clock still stands. */
  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("lease"), "2026-11-27");
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_RETURNED);
  g_assert_cmpint (yc_case_lookup_part (c, "sport")->state, ==, YC_CASE_STATE_SUPPLEMENTED);
  g_assert_false (g_date_valid (&g_array_index (c->pauses, YcPause, 0).last));

  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("hygiene_plan"), "2026-11-30");
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_SUPPLEMENTED);
  assert_date (&g_array_index (c->pauses, YcPause, 0).last, "2026-11-30");
  yc_calendar_deadline (calendar, &start, 8, &pause, 1, &expected);
  g_assert_cmpint (g_date_compare (&c->deadline, &expected), ==, 0);
  assert_date (&c->deadline, "2026-12-09");
  assert_light (c, "2026-12-04", &pause, 1);
}

static void
test_tolerance_expiry (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(YcCase) received = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(GError) error = NULL;
  GDate day = yc_test_date ("2026-11-26");
  YcCaseHistoryEntry *last;
  gint64 version;

  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
  version = c->version;
  /* Due on the 26th: that day is still in time, and so are the grace days after it. */
  g_assert_cmpint (YC_CASE_TOLERANCE_GRACE_DAYS, ==, 3);
  g_assert_false (yc_case_expire_tolerance (c, &day, NULL));
  day = yc_test_date ("2026-11-29");
  g_assert_false (yc_case_expire_tolerance (c, &day, NULL));
  g_assert_cmpint (c->version, ==, version);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_IN_REVIEW);

  day = yc_test_date ("2026-11-30");
  g_assert_true (yc_case_expire_tolerance (c, &day, "2026-11-30T00:05:00+08:00"));
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_TERMINATED);
  g_assert_cmpint (c->version, ==, version + 1);
  assert_date (&c->stopped_on, "2026-11-30");
  g_assert_null (yc_case_lookup_part (c, "sport")->claimed_by);
  g_assert_cmpint (yc_case_lookup_part (c, "sport")->state, ==, YC_CASE_STATE_ACCEPTED);
  last = g_ptr_array_index (c->history, c->history->len - 1);
  g_assert_cmpstr (last->actor, ==, "system");
  g_assert_cmpstr (last->action, ==, "case.terminate");
  g_assert_nonnull (strstr (last->detail, "health_cert"));
  /* Once only; and nothing more happens to the case. */
  g_assert_false (yc_case_expire_tolerance (c, &day, NULL));
  g_assert_cmpint (c->version, ==, version + 1);
  error = apply_at (c, "rh", YC_OP_REVIEW_CLAIM, CLAIM_HEALTH, "2026-11-30", NULL);
  g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION);
  g_assert_false (yc_case_machine_can (c, YC_OP_CASE_SUPPLEMENT, yc_test_actor ("c1")));
  g_clear_error (&error);
  /* Brought late at the counter: the termination stands. */
  error = apply_at (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("health_cert"), "2026-12-01",
                    "2026-11-28T09:00:00+08:00");
  g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_TERMINATED);

  /* Brought in time: nothing expires. */
  apply_ok (received, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("health_cert"), "2026-11-26");
  day = yc_test_date ("2026-12-20");
  g_assert_false (yc_case_expire_tolerance (received, &day, NULL));
  g_assert_cmpint (received->state, ==, YC_CASE_STATE_ACCEPTED);
  assert_date (&yc_case_lookup_tolerated (received, "health_cert")->received_on, "2026-11-26");
}

/* Tolerance expiry against the grace period, and an on-time supplement synced after it. */
typedef struct {
  const char  *name;
  const char  *setup;        /* "", "returned" (sport returned lease), "approved" (both parts) */
  const char  *expire_on;    /* the back office's day of the expiry run */
  gboolean     terminated;
  const char  *received_at;  /* NULL: no supplement; else the counter's stamp of health_cert */
  const char  *synced_on;
  gboolean     supplement_ok;
  YcCaseState  state;        /* after everything */
  const char  *stopped_on;   /* after everything; NULL: the clock runs */
} Expiry;

static const Expiry expiries[] = {
  { "on-due-date", "", "2026-11-26", FALSE, NULL, NULL, FALSE, YC_CASE_STATE_ACCEPTED, NULL },
  { "within-grace", "", "2026-11-29", FALSE, NULL, NULL, FALSE, YC_CASE_STATE_ACCEPTED, NULL },
  { "after-grace", "", "2026-11-30", TRUE, NULL, NULL, FALSE, YC_CASE_STATE_TERMINATED, "2026-11-30" },
  { "within-grace-then-offline-supplement", "", "2026-11-29", FALSE,
    "2026-11-26T15:00:00+08:00", "2026-11-29", TRUE, YC_CASE_STATE_ACCEPTED, NULL },
  { "reopened-running", "", "2026-11-30", TRUE,
    "2026-11-26T15:00:00+08:00", "2026-12-02", TRUE, YC_CASE_STATE_ACCEPTED, NULL },
  { "reopened-returned", "returned", "2026-11-30", TRUE,
    "2026-11-25T15:00:00+08:00", "2026-12-02", TRUE, YC_CASE_STATE_RETURNED, NULL },
  { "reopened-approved", "approved", "2026-12-01", TRUE,
    "2026-11-26T17:00:00+08:00", "2026-12-03", TRUE, YC_CASE_STATE_READY, "2026-11-24" },
  { "late-after-termination", "", "2026-11-30", TRUE,
    "2026-11-28T15:00:00+08:00", "2026-12-02", FALSE, YC_CASE_STATE_TERMINATED, "2026-11-30" },
};

static void
test_expiry (gconstpointer data)
{
  const Expiry *row = data;
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  GDate day = yc_test_date (row->expire_on);
  YcCaseTolerated *tolerated;
  gint64 version;

  if (g_str_equal (row->setup, "returned"))
    {
      apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
      apply_ok (c, "rs", YC_OP_REVIEW_RETURN, RETURN_SPORT, "2026-11-24");
    }
  else if (g_str_equal (row->setup, "approved"))
    {
      apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
      apply_ok (c, "rh", YC_OP_REVIEW_CLAIM, CLAIM_HEALTH, "2026-11-24");
      apply_ok (c, "rs", YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}", "2026-11-24");
      apply_ok (c, "rh", YC_OP_REVIEW_APPROVE, "{\"department\": \"health\"}", "2026-11-24");
      g_assert_cmpint (c->state, ==, YC_CASE_STATE_AWAITING_SUPPLEMENT);
    }
  version = c->version;
  g_assert_cmpint (yc_case_expire_tolerance (c, &day, "2026-12-01T00:05:00+08:00"), ==, row->terminated);
  g_assert_cmpint (c->version, ==, version + (row->terminated ? 1 : 0));
  g_assert_cmpint (c->state == YC_CASE_STATE_TERMINATED, ==, row->terminated);

  if (row->received_at != NULL)
    {
      g_autoptr(GError) error = apply_at (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("health_cert"),
                                          row->synced_on, row->received_at);
      g_autofree char *received_on = g_strndup (row->received_at, 10);

      tolerated = yc_case_lookup_tolerated (c, "health_cert");
      if (row->supplement_ok)
        {
          g_assert_no_error (error);
          g_assert_true (tolerated->received);
          /* The day the applicant brought it, not the day it synced. */
          assert_date (&tolerated->received_on, received_on);
          /* Expiry has nothing left to do. */
          day = yc_test_date ("2026-12-31");
          g_assert_false (yc_case_expire_tolerance (c, &day, NULL));
        }
      else
        {
          g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION);
          g_assert_false (tolerated->received);
        }
    }

  if (c->state != row->state)
    g_error ("%s: case is %s, expected %s", row->name, yc_case_state_to_string (c->state),
             yc_case_state_to_string (row->state));
  if (row->stopped_on == NULL)
    g_assert_false (g_date_valid (&c->stopped_on));
  else
    assert_date (&c->stopped_on, row->stopped_on);
  if (g_str_equal (row->setup, "returned"))
    {
      /* The pause the termination closed is open again: sport still waits for the lease. */
      g_assert_cmpuint (c->pauses->len, ==, 1);
      g_assert_cmpint (g_date_valid (&g_array_index (c->pauses, YcPause, 0).last), ==, row->terminated && !row->supplement_ok);
    }
}

static void
test_closed_at_counter (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_NOTICE, calendar, catalog);
  GDate today = yc_test_date ("2027-03-01");
  int remaining = 99;

  g_assert_cmpint (c->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
  g_assert_cmpint (c->decision, ==, YC_DECISION_ONE_TIME_NOTICE);
  g_assert_cmpuint (c->parts->len, ==, 0);
  g_assert_false (g_date_valid (&c->deadline));
  assert_date (&c->stopped_on, "2026-11-23");
  g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &remaining), ==, YC_DEADLINE_GREEN);
  g_assert_cmpint (remaining, ==, 0);
  g_assert_nonnull (c->notice);
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_CLAIM, yc_test_actor ("rs")));
  g_assert_true (yc_case_machine_can (c, YC_OP_RATING_SUBMIT, yc_test_actor ("c1")));
}

static void
test_withdraw_stops_clock (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  GDate today = yc_test_date ("2027-01-04");
  int remaining;

  apply_ok (c, "c1", YC_OP_CASE_WITHDRAW, "{}", "2026-12-02");
  assert_date (&c->stopped_on, "2026-12-02");
  /* Evaluated on the day it stopped, whatever today is. */
  g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 2, &remaining), ==, YC_DEADLINE_GREEN);
  g_assert_cmpint (remaining, ==, 3);
  g_assert_cmpint (yc_case_deadline_state (c, calendar, &today, 3, &remaining), ==, YC_DEADLINE_YELLOW);
}

static void
test_overdue_pledges (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_PLEDGE, calendar, catalog);
  g_auto(GStrv) on_due = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) verified = NULL;
  GDate day = yc_test_date ("2026-12-21");

  on_due = yc_case_dup_overdue_pledges (c, &day);
  g_assert_cmpstrv (on_due, ((const char * const []) { NULL }));
  day = yc_test_date ("2026-12-22");
  after = yc_case_dup_overdue_pledges (c, &day);
  g_assert_cmpstrv (after, ((const char * const []) { "safety_cert", NULL }));
  apply_ok (c, "rs", YC_OP_PLEDGE_VERIFY, "{\"material\": \"safety_cert\", \"result\": \"verified\"}",
            "2026-12-22");
  verified = yc_case_dup_overdue_pledges (c, &day);
  g_assert_cmpstrv (verified, ((const char * const []) { NULL }));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  calendar = yc_test_calendar ();
  catalog = yc_test_rules_catalog_new ();

  g_test_add_func ("/case-clock/deadline-at-acceptance", test_deadline_at_acceptance);
  g_test_add_func ("/case-clock/light-follows-calendar", test_light_follows_calendar);
  g_test_add_func ("/case-clock/return-pauses-clock", test_return_pauses_clock);
  g_test_add_func ("/case-clock/supplement-same-day", test_supplement_same_day);
  g_test_add_func ("/case-clock/parallel-returns-one-pause", test_parallel_returns_one_pause);
  g_test_add_func ("/case-clock/tolerance-expiry", test_tolerance_expiry);
  for (guint i = 0; i < G_N_ELEMENTS (expiries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case-clock/expiry/%s", expiries[i].name);

      g_test_add_data_func (path, &expiries[i], test_expiry);
    }
  g_test_add_func ("/case-clock/closed-at-counter", test_closed_at_counter);
  g_test_add_func ("/case-clock/withdraw-stops-clock", test_withdraw_stops_clock);
  g_test_add_func ("/case-clock/overdue-pledges", test_overdue_pledges);

  status = g_test_run ();
  g_object_unref (calendar);
  g_object_unref (catalog);
  return status;
}
