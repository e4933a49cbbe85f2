/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-backoffice-private.h"
#include "yc-case-machine.h"
#include "yc-test-server.h"

/*
 * The traffic light is the same on both sides: a generated set of cases — items and
 * two-department bundles, accepted over the last months and around 春节, 国庆 and 元旦 with the
 * shipped holiday calendar, with open and closed pauses (returns and supplements), parts
 * decided early, cases approved or rejected — is stored in the back office, and for every
 * case and every part the deadline, deadline_status and remaining_days the real server
 * answers on GET /api/v1/cases and GET /api/v1/cases/{uuid} are those the client computes
 * from the same documents with yc_case_clock().
 */

#define N_GENERATED 90

static YcCalendar *calendar;

static const char * const both[] = { "scjg", "sw", NULL };
static const YcActor clerk = { "clerk-a", YC_ROLE_CLERK, YC_TEST_HALL_A, NULL };
static const YcActor reviewer = { "rev-both", YC_ROLE_REVIEWER, NULL, both };

static GDate
local_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return today;
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* Applies @kind on @day (not after @today: the clock cannot run ahead of the server). */
static void
apply_on (YcCase        *c,
          const YcActor *actor,
          YcOpKind       kind,
          const char    *payload,
          const GDate   *day,
          const GDate   *today)
{
  g_autoptr(JsonObject) object = parse (payload);
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *iso = NULL;
  g_autofree char *stamp = NULL;
  GDate when = *day;

  if (g_date_compare (&when, today) > 0)
    when = *today;
  iso = yc_date_format_iso (&when);
  stamp = g_strdup_printf ("%sT10:00:00+08:00", iso);
  op = yc_operation_new (op_id, c->uuid, c->version, kind, object, stamp);
  yc_case_machine_apply (c, op, actor, &when, calendar, &error);
  g_assert_no_error (error);
}

static GDate
plus (const GDate *day,
      int          days)
{
  GDate result = *day;

  if (days >= 0)
    g_date_add_days (&result, (guint) days);
  else
    g_date_subtract_days (&result, (guint) -days);
  return result;
}

/* Case @i: what kind, when accepted, what limit, what happened to it. */
static YcCase *
generate (guint        i,
          const GDate *today)
{
  static const char * const holidays[] = { "2025-09-26", "2025-12-30", "2026-02-12", "2026-09-29" };
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(JsonNode) document = yc_test_case_document (uuid, YC_TEST_HALL_A, "clerk-a", "scjg");
  JsonObject *payload = json_node_get_object (document);
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *number = NULL;
  g_autofree char *accepted_at = NULL;
  gboolean bundle = i % 3 == 0;
  int limit = 1 + (int) (i * 7 % 23);
  GDate accepted, d;
  YcCase *c;

  if (i % 10 == 9)
    {
      /* Around a holiday, with a limit long enough to run across it and still be open. */
      GDate holiday;

      yc_date_parse_iso (holidays[(i / 10) % G_N_ELEMENTS (holidays)], &holiday);
      accepted = g_date_compare (&holiday, today) <= 0 ? holiday : plus (today, -3);
      limit = MAX (5, yc_calendar_working_days_between (calendar, &accepted, today) + (int) (i % 4));
    }
  else
    accepted = plus (today, -(int) (i * 5 % 64));

  day_text = yc_date_format_iso (&accepted);
  {
    g_autofree char *compact = g_strdup_printf ("%.4s%.2s%.2s", day_text, day_text + 5, day_text + 8);

    number = g_strdup_printf ("%s-W01-%s-%04u", YC_TEST_HALL_A, compact, 5000 + i);
  }
  accepted_at = g_strdup_printf ("%sT09:30:00+08:00", day_text);
  json_object_set_string_member (payload, "number", number);
  json_object_set_string_member (payload, "accepted_at", accepted_at);
  json_object_set_int_member (payload, "committed_days", limit);
  if (bundle)
    {
      JsonObject *subject = json_object_get_object_member (payload, "subject");
      JsonArray *items = json_object_get_array_member (subject, "items");
      JsonObject *second = parse ("{\"item\": \"test-sw-item\", \"scenario\": \"default\", \"department\": \"sw\"}");

      json_object_set_string_member (subject, "kind", "bundle");
      json_object_set_string_member (subject, "code", "test-bundle");
      json_array_add_object_element (items, second);
    }

  op = yc_operation_new (g_uuid_string_random (), uuid, 0, YC_OP_CASE_ACCEPT, payload, accepted_at);
  c = yc_case_machine_accept (op, &clerk, calendar, &error);
  g_assert_no_error (error);

#define PART(dept) "{\"department\": \"" dept "\"}"
#define RETURN(dept) "{\"department\": \"" dept "\", \"materials\": [\"id-card\"], \"message\": \"请补正\"}"
#define SUPPLY "{\"materials\": [{\"code\": \"id-card\", \"name\": \"身份证\", \"state\": \"provided\", \"copies\": 1, \"pages\": 1, " \
  "\"blob_sha256\": \"a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90\"}]}"

  switch (i % 6)
    {
    case 0:  /* untouched */
      break;
    case 1:  /* returned, still owed: an open pause */
      d = plus (&accepted, 1);
      apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, PART ("scjg"), &d, today);
      apply_on (c, &reviewer, YC_OP_REVIEW_RETURN, RETURN ("scjg"), &d, today);
      break;
    case 2:  /* returned and supplemented: a closed pause */
      d = plus (&accepted, 1);
      apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, PART ("scjg"), &d, today);
      apply_on (c, &reviewer, YC_OP_REVIEW_RETURN, RETURN ("scjg"), &d, today);
      d = plus (&accepted, 6);
      apply_on (c, &clerk, YC_OP_CASE_SUPPLEMENT, SUPPLY, &d, today);
      break;
    case 3:  /* one department decided early: its part's clock stopped */
      d = plus (&accepted, 2);
      apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, PART ("scjg"), &d, today);
      apply_on (c, &reviewer, YC_OP_REVIEW_APPROVE, PART ("scjg"), &d, today);
      break;
    case 4:  /* decided: the whole clock stopped (late or not) */
      d = plus (&accepted, 4 + (int) (i % 30));
      for (guint p = 0; p < c->parts->len; p++)
        {
          g_autofree char *part = g_strdup_printf ("{\"department\": \"%s\"}",
                                                   ((YcCasePart *) g_ptr_array_index (c->parts, p))->department);

          apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, part, &d, today);
          apply_on (c, &reviewer, YC_OP_REVIEW_APPROVE, part, &d, today);
        }
      break;
    case 5:  /* claimed, a bundle's other department returned later */
      d = plus (&accepted, 1);
      apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, PART ("scjg"), &d, today);
      if (bundle)
        {
          d = plus (&accepted, 3);
          apply_on (c, &reviewer, YC_OP_REVIEW_CLAIM, PART ("sw"), &d, today);
          apply_on (c, &reviewer, YC_OP_REVIEW_RETURN, RETURN ("sw"), &d, today);
        }
      break;
    }
  return c;
}

static void
store_cases (const char *data_dir,
             GPtrArray  *cases)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;

  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_storage_begin (backoffice->storage, TRUE, &error));
  for (guint i = 0; i < cases->len; i++)
    {
      yc_backoffice_store_case (backoffice, g_ptr_array_index (cases, i), g_get_real_time () / 1000, &error);
      g_assert_no_error (error);
    }
  g_assert_true (yc_backoffice_storage_commit (backoffice->storage, &error));
}

static void
assert_clock (JsonObject  *answer,
              YcClock     *clock,
              const char  *what)
{
  g_autofree char *deadline = yc_date_format_iso (&clock->deadline);
  const char *server_deadline = json_object_get_null_member (answer, "deadline")
                                ? NULL : json_object_get_string_member (answer, "deadline");

  if (g_strcmp0 (server_deadline, deadline) != 0
      || g_strcmp0 (json_object_get_string_member (answer, "deadline_status"),
                    yc_deadline_state_to_string (clock->state)) != 0
      || json_object_get_int_member (answer, "remaining_days") != clock->remaining)
    g_error ("%s: server %s/%s/%" G_GINT64_FORMAT ", client %s/%s/%d", what, server_deadline,
             json_object_get_string_member (answer, "deadline_status"),
             json_object_get_int_member (answer, "remaining_days"), deadline,
             yc_deadline_state_to_string (clock->state), clock->remaining);
}

static void
test_server_equals_client (void)
{
  g_autoptr(YcTestServer) server = yc_test_server_new ();
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(YcTestResponse) list = NULL;
  guint lights[3] = { 0 }, paused = 0, stopped_parts = 0, compared_parts = 0;
  GDate today = local_today ();
  const char *token;
  JsonArray *summaries;

  for (guint i = 0; i < N_GENERATED; i++)
    {
      YcCase *c = generate (i, &today);

      g_ptr_array_add (cases, c);
      g_hash_table_insert (by_uuid, c->uuid, c);
    }
  store_cases (yc_test_server_get_data_dir (server), cases);
  yc_test_server_start (server, NULL);
  token = yc_test_server_token (server, "super");

  list = yc_test_server_get (server, "/api/v1/cases?limit=500", token);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (yc_test_response_object (list), "total"), ==, N_GENERATED);
  summaries = json_object_get_array_member (yc_test_response_object (list), "cases");
  for (guint i = 0; i < json_array_get_length (summaries); i++)
    {
      JsonObject *summary = json_array_get_object_element (summaries, i);
      YcCase *c = g_hash_table_lookup (by_uuid, json_object_get_string_member (summary, "uuid"));
      JsonArray *parts = json_object_get_array_member (summary, "parts");
      YcClock clock;

      g_assert_nonnull (c);
      yc_case_clock (c, NULL, calendar, &today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
      assert_clock (summary, &clock, c->number);
      lights[clock.state]++;
      paused += clock.paused;
      g_assert_cmpuint (json_array_get_length (parts), ==, c->parts->len);
      for (guint j = 0; j < c->parts->len; j++)
        {
          JsonObject *answer = json_array_get_object_element (parts, j);
          const YcCasePart *part = g_ptr_array_index (c->parts, j);
          g_autofree char *what = g_strdup_printf ("%s part %s", c->number, part->department);
          YcClock part_clock;

          g_assert_cmpstr (json_object_get_string_member (answer, "department"), ==, part->department);
          yc_case_clock (c, part, calendar, &today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &part_clock);
          assert_clock (answer, &part_clock, what);
          g_assert_cmpint (json_object_get_boolean_member (answer, "paused"), ==, part_clock.paused);
          stopped_parts += part_clock.stopped && !clock.stopped;
          compared_parts++;
        }
    }

  /* One case in full: the same numbers on the case's own page. */
  for (guint i = 0; i < 6; i++)
    {
      YcCase *c = g_ptr_array_index (cases, i * 7);
      g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", c->uuid);
      g_autoptr(YcTestResponse) one = yc_test_server_get (server, path, token);
      JsonArray *parts;
      YcClock clock;

      g_assert_cmpuint (one->status, ==, 200);
      yc_case_clock (c, NULL, calendar, &today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
      assert_clock (yc_test_response_object (one), &clock, c->number);
      parts = json_object_get_array_member (yc_test_response_object (one), "parts");
      for (guint j = 0; j < c->parts->len; j++)
        {
          YcClock part_clock;

          yc_case_clock (c, g_ptr_array_index (c->parts, j), calendar, &today,
                         YC_CASE_YELLOW_THRESHOLD_DEFAULT, &part_clock);
          assert_clock (json_array_get_object_element (parts, j), &part_clock, c->number);
        }
    }

  /* The set covers what it claims to: every light, open pauses, parts stopped early. */
  g_test_message ("green %u, yellow %u, red %u; paused %u; parts %u, stopped early %u",
                  lights[YC_DEADLINE_GREEN], lights[YC_DEADLINE_YELLOW], lights[YC_DEADLINE_RED],
                  paused, compared_parts, stopped_parts);
  g_assert_cmpuint (lights[YC_DEADLINE_GREEN], >, 0);
  g_assert_cmpuint (lights[YC_DEADLINE_YELLOW], >, 0);
  g_assert_cmpuint (lights[YC_DEADLINE_RED], >, 0);
  g_assert_cmpuint (paused, >, 0);
  g_assert_cmpuint (stopped_parts, >, 0);
}

/* The deadline_status filter of GET /api/v1/cases picks exactly the client's red cases. */
static void
test_status_filter (void)
{
  g_autoptr(YcTestServer) server = yc_test_server_new ();
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_unref);
  GDate today = local_today ();
  const char *token;

  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (cases, generate (i, &today));
  store_cases (yc_test_server_get_data_dir (server), cases);
  yc_test_server_start (server, NULL);
  token = yc_test_server_token (server, "super");

  for (YcDeadlineState s = YC_DEADLINE_GREEN; s <= YC_DEADLINE_RED; s++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases?limit=500&deadline=%s",
                                               yc_deadline_state_to_string (s));
      g_autoptr(YcTestResponse) answer = yc_test_server_get (server, path, token);
      guint expected = 0;

      g_assert_cmpuint (answer->status, ==, 200);
      for (guint i = 0; i < cases->len; i++)
        {
          YcClock clock;

          yc_case_clock (g_ptr_array_index (cases, i), NULL, calendar, &today,
                         YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
          expected += clock.state == s;
        }
      g_assert_cmpint (json_object_get_int_member (yc_test_response_object (answer), "total"), ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/api-clock/server-equals-client", test_server_equals_client);
  g_test_add_func ("/api-clock/status-filter", test_status_filter);

  status = g_test_run ();
  g_object_unref (calendar);
  return status;
}
