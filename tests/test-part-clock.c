/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-test-cases.h"

/*
 * The clocks of a bundle's parts (yc_case_clock): each department's part runs on the case's
 * limit and pauses but stops on the day that department decided, so a department that
 * approved in time stays green while the other goes red; the case's own clock through
 * yc_case_clock is exactly yc_case_deadline_state(); the yellow threshold is the caller's;
 * "decided_on" survives the document round trip, and documents without it take the day from
 * the history.  The bundle (limit 8) is accepted on Monday 2026-11-23: deadline 2026-12-03.
 */

static YcCalendar *calendar;
static YcCatalog *catalog;

#define CLAIM_SPORT   "{\"department\": \"sport\"}"
#define CLAIM_HEALTH  "{\"department\": \"health\"}"
#define RETURN_HEALTH "{\"department\": \"health\", \"materials\": [\"hygiene_plan\"], \"message\": \"请补正\"}"
#define SUPPLY(code)  "{\"materials\": [" YC_TEST_P (code, "补正材料", YC_TEST_SHA_B) "]}"

static void
apply_ok (YcCase     *c,
          const char *actor,
          YcOpKind    kind,
          const char *payload,
          const char *today)
{
  g_autoptr(JsonObject) object = yc_test_parse_object (payload);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *stamp = g_strdup_printf ("%sT10:00:00+08:00", today);
  g_autoptr(YcOperation) op = yc_operation_new (op_id, YC_TEST_CASE_UUID, c->version, kind, object, stamp);
  g_autoptr(GError) error = NULL;
  GDate day = yc_test_date (today);

  yc_case_machine_apply_full (c, op, yc_test_actor (actor), &day, calendar, NULL, &error);
  g_assert_no_error (error);
}

static YcClock
clock_on (YcCase     *c,
          const char *department,
          const char *today,
          guint       threshold)
{
  GDate day = yc_test_date (today);
  YcClock clock;

  yc_case_clock (c, department != NULL ? yc_case_lookup_part (c, department) : NULL, calendar,
                 &day, threshold, &clock);
  return clock;
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = yc_test_format (date);

  g_assert_cmpstr (text, ==, expected);
}

/* A bundle with both parts claimed; sport decides on @sport_day (approve), health later. */
static YcCase *
bundle_with_parts (void)
{
  YcCase *c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);

  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("health_cert"), "2026-11-24");
  apply_ok (c, "rs", YC_OP_REVIEW_CLAIM, CLAIM_SPORT, "2026-11-24");
  apply_ok (c, "rh", YC_OP_REVIEW_CLAIM, CLAIM_HEALTH, "2026-11-24");
  return c;
}

static void
test_part_stops_on_its_decision (void)
{
  g_autoptr(YcCase) c = bundle_with_parts ();
  YcClock sport, health, whole;

  apply_ok (c, "rs", YC_OP_REVIEW_APPROVE, CLAIM_SPORT, "2026-11-30");
  assert_date (&yc_case_lookup_part (c, "sport")->decided_on, "2026-11-30");
  g_assert_false (g_date_valid (&yc_case_lookup_part (c, "health")->decided_on));

  /* On 8 December the case is late; sport decided on Monday 30th with 3 days left. */
  sport = clock_on (c, "sport", "2026-12-08", YC_CASE_YELLOW_THRESHOLD_DEFAULT);
  health = clock_on (c, "health", "2026-12-08", YC_CASE_YELLOW_THRESHOLD_DEFAULT);
  whole = clock_on (c, NULL, "2026-12-08", YC_CASE_YELLOW_THRESHOLD_DEFAULT);
  g_assert_true (sport.stopped);
  assert_date (&sport.evaluated_on, "2026-11-30");
  g_assert_cmpint (sport.state, ==, YC_DEADLINE_GREEN);
  g_assert_cmpint (sport.remaining, ==, 3);
  assert_date (&sport.deadline, "2026-12-03");
  g_assert_false (health.stopped);
  g_assert_cmpint (health.state, ==, YC_DEADLINE_RED);
  g_assert_cmpint (health.remaining, ==, -3);
  g_assert_cmpint (whole.state, ==, YC_DEADLINE_RED);
  g_assert_cmpint (whole.remaining, ==, health.remaining);

  /* health decides on the 9th: the case's clock stops there, red for good. */
  apply_ok (c, "rh", YC_OP_REVIEW_APPROVE, CLAIM_HEALTH, "2026-12-09");
  whole = clock_on (c, NULL, "2027-02-01", 2);
  health = clock_on (c, "health", "2027-02-01", 2);
  sport = clock_on (c, "sport", "2027-02-01", 2);
  assert_date (&c->stopped_on, "2026-12-09");
  g_assert_true (whole.stopped && health.stopped);
  g_assert_cmpint (whole.state, ==, YC_DEADLINE_RED);
  g_assert_cmpint (health.remaining, ==, -4);
  g_assert_cmpint (whole.remaining, ==, -4);
  g_assert_cmpint (sport.state, ==, YC_DEADLINE_GREEN);
}

static void
test_rejection_stops_every_part (void)
{
  g_autoptr(YcCase) c = bundle_with_parts ();
  YcClock sport, health;

  apply_ok (c, "rh", YC_OP_REVIEW_REJECT, "{\"department\": \"health\", \"reason\": \"不符合条件\"}",
            "2026-12-01");
  /* The case is over for sport too, on the day health rejected it. */
  sport = clock_on (c, "sport", "2026-12-20", 2);
  health = clock_on (c, "health", "2026-12-20", 2);
  g_assert_true (sport.stopped && health.stopped);
  assert_date (&sport.evaluated_on, "2026-12-01");
  assert_date (&health.evaluated_on, "2026-12-01");
  g_assert_cmpint (sport.remaining, ==, 2);
  g_assert_cmpint (sport.state, ==, YC_DEADLINE_YELLOW);
  g_assert_cmpint (health.state, ==, YC_DEADLINE_YELLOW);
}

static void
test_part_paused_by_return (void)
{
  g_autoptr(YcCase) c = bundle_with_parts ();
  YcClock before, during, sport_during, sport_after, health_after;

  apply_ok (c, "rs", YC_OP_REVIEW_APPROVE, CLAIM_SPORT, "2026-11-25");
  before = clock_on (c, "health", "2026-11-26", 2);
  /* health returns on Thursday 26th: from Friday on its clock stands still. */
  apply_ok (c, "rh", YC_OP_REVIEW_RETURN, RETURN_HEALTH, "2026-11-26");
  during = clock_on (c, "health", "2026-11-26", 2);
  g_assert_true (during.paused);
  g_assert_cmpint (during.remaining, ==, before.remaining);
  during = clock_on (c, "health", "2026-12-02", 2);
  g_assert_true (during.paused);
  g_assert_cmpint (during.remaining, ==, before.remaining - 0);
  g_assert_cmpint (during.state, ==, YC_DEADLINE_GREEN);
  /* sport had decided before the return: neither paused nor moved. */
  sport_during = clock_on (c, "sport", "2026-12-02", 2);
  g_assert_false (sport_during.paused);
  assert_date (&sport_during.deadline, "2026-12-03");

  /* Supplemented on Thursday 3 December: Friday 27th to Thursday 3rd stood still (5 days). */
  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("hygiene_plan"), "2026-12-03");
  health_after = clock_on (c, "health", "2026-12-04", 2);
  g_assert_false (health_after.paused);
  assert_date (&health_after.deadline, "2026-12-10");
  assert_date (&c->deadline, "2026-12-10");
  sport_after = clock_on (c, "sport", "2026-12-04", 2);
  assert_date (&sport_after.deadline, "2026-12-03");
  g_assert_cmpint (sport_after.state, ==, YC_DEADLINE_GREEN);
}

/* The case's clock through yc_case_clock is the old API's, day by day, for every threshold. */
static void
test_case_clock_is_deadline_state (void)
{
  g_autoptr(YcCase) c = bundle_with_parts ();
  GDate day = yc_test_date (YC_TEST_DAY);

  apply_ok (c, "rh", YC_OP_REVIEW_RETURN, RETURN_HEALTH, "2026-11-25");
  apply_ok (c, "c1", YC_OP_CASE_SUPPLEMENT, SUPPLY ("hygiene_plan"), "2026-11-30");
  for (guint i = 0; i < 40; i++, g_date_add_days (&day, 1))
    for (guint threshold = 0; threshold <= 4; threshold++)
      {
        YcClock clock;
        GDate current;
        int remaining;
        YcDeadlineState state = yc_case_deadline_state (c, calendar, &day, threshold, &remaining);

        yc_case_clock (c, NULL, calendar, &day, threshold, &clock);
        yc_case_current_deadline (c, calendar, &day, &current);
        g_assert_true (clock.has_clock);
        g_assert_cmpint (clock.state, ==, state);
        g_assert_cmpint (clock.remaining, ==, remaining);
        g_assert_cmpint (g_date_compare (&clock.deadline, &current), ==, 0);
        /* The threshold is the caller's: yellow exactly when 0 <= remaining <= threshold. */
        if (clock.state != YC_DEADLINE_RED)
          g_assert_cmpint (clock.state == YC_DEADLINE_YELLOW, ==, clock.remaining <= (int) threshold);
      }
}

static void
test_decided_on_round_trip (void)
{
  g_autoptr(YcCase) c = bundle_with_parts ();
  g_autoptr(YcCase) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(YcCase) legacy = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *parts;
  GDate stop;

  apply_ok (c, "rs", YC_OP_REVIEW_APPROVE, CLAIM_SPORT, "2026-11-27");
  copy = yc_case_copy (c);
  assert_date (&yc_case_lookup_part (copy, "sport")->decided_on, "2026-11-27");
  g_assert_false (g_date_valid (&yc_case_lookup_part (copy, "health")->decided_on));

  /* A document written before parts had "decided_on": the day comes from the history. */
  node = yc_case_to_json (c);
  parts = json_object_get_array_member (json_node_get_object (node), "parts");
  for (guint i = 0; i < json_array_get_length (parts); i++)
    json_object_remove_member (json_array_get_object_element (parts, i), "decided_on");
  legacy = yc_case_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_false (g_date_valid (&yc_case_lookup_part (legacy, "sport")->decided_on));
  yc_case_part_stop_day (legacy, yc_case_lookup_part (legacy, "sport"), &stop);
  assert_date (&stop, "2026-11-27");
  yc_case_part_stop_day (legacy, yc_case_lookup_part (legacy, "health"), &stop);
  g_assert_false (g_date_valid (&stop));
}

static void
test_closed_at_counter_has_no_clock (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_NOTICE, calendar, catalog);
  YcClock clock = clock_on (c, NULL, "2026-12-30", 2);

  g_assert_false (clock.has_clock);
  g_assert_false (g_date_valid (&clock.deadline));
  g_assert_cmpint (clock.state, ==, YC_DEADLINE_GREEN);
  g_assert_cmpint (clock.remaining, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  calendar = yc_test_calendar ();
  catalog = yc_test_rules_catalog_new ();

  g_test_add_func ("/part-clock/stops-on-its-decision", test_part_stops_on_its_decision);
  g_test_add_func ("/part-clock/rejection-stops-every-part", test_rejection_stops_every_part);
  g_test_add_func ("/part-clock/paused-by-return", test_part_paused_by_return);
  g_test_add_func ("/part-clock/case-clock-is-deadline-state", test_case_clock_is_deadline_state);
  g_test_add_func ("/part-clock/decided-on-round-trip", test_decided_on_round_trip);
  g_test_add_func ("/part-clock/closed-at-counter", test_closed_at_counter_has_no_clock);

  status = g_test_run ();
  g_object_unref (catalog);
  g_object_unref (calendar);
  return status;
}
