/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* Review queries (filters, traffic lights, paging) and statistics over three cases accepted
 * at HD01 on Monday 2026-11-23: ITEM (10 working days: due Monday 12-07), BUNDLE (8 working
 * days: due Thursday 12-03) and NOTICE (closed at the counter).  Seen on Friday 12-04. */

#define CASE_ITEM   "b26d0f51-6c70-4182-9394-0f1a2b3c4d01"
#define CASE_BUNDLE "b26d0f51-6c70-4182-9394-0f1a2b3c4d02"
#define CASE_NOTICE "b26d0f51-6c70-4182-9394-0f1a2b3c4d03"

static void
set_up_cases (Fixture *fixture)
{
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(JsonObject) rating = yc_test_parse_object ("{\"level\": 4, \"comment\": \"办事快\"}");
  g_autoptr(JsonObject) result = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_ITEM, "HD01");
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_BUNDLE, "HD01");
  fixture_accept (fixture, YC_TEST_NOTICE, CASE_NOTICE, "HD01");
  result = fixture_push_one (fixture, c1, CASE_NOTICE, 1, YC_OP_RATING_SUBMIT, rating);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
  /* Friday 2026-12-04, 10:00 in the hall. */
  fixture_advance (fixture, 11 * G_TIME_SPAN_DAY);
}

static JsonObject *
query (Fixture     *fixture,
       const char  *actor,
       const char  *department,
       const char  *state,
       const char  *light,
       const char  *text,
       const char  *sort,
       guint        limit,
       guint        offset)
{
  g_autoptr(YcPrincipal) p = fixture_principal (actor);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_backoffice_query_cases (fixture->backoffice, p, department, state,
                                                        light, text, sort, limit, offset, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static const char *
uuid_at (JsonObject *answer,
         guint       i)
{
  JsonArray *cases = json_object_get_array_member (answer, "cases");

  g_assert_cmpuint (i, <, json_array_get_length (cases));
  return json_object_get_string_member (json_array_get_object_element (cases, i), "uuid");
}

static void
test_query (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonObject) all = NULL, red = NULL, yellow = NULL, health = NULL, closed = NULL;
  g_autoptr(JsonObject) text = NULL, page = NULL, none = NULL, by_number = NULL;
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  JsonObject *summary;

  set_up_cases (fixture);

  /* Default order: red first, then the least time left. */
  all = query (fixture, "c1", NULL, NULL, NULL, NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (all, "total"), ==, 3);
  g_assert_cmpstr (uuid_at (all, 0), ==, CASE_BUNDLE);
  g_assert_cmpstr (uuid_at (all, 1), ==, CASE_ITEM);
  summary = json_array_get_object_element (json_object_get_array_member (all, "cases"), 0);
  g_assert_cmpstr (json_object_get_string_member (summary, "deadline_status"), ==, "red");
  g_assert_cmpstr (json_object_get_string_member (summary, "deadline"), ==, "2026-12-03");
  g_assert_cmpstr (json_object_get_string_member (summary, "applicant_name"), ==, "力行健身有限公司");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "parts")), ==, 2);

  red = query (fixture, "c1", NULL, NULL, "red", NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (red, "total"), ==, 1);
  g_assert_cmpstr (uuid_at (red, 0), ==, CASE_BUNDLE);
  yellow = query (fixture, "c1", NULL, NULL, "yellow", NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (yellow, "total"), ==, 1);
  g_assert_cmpstr (uuid_at (yellow, 0), ==, CASE_ITEM);
  summary = json_array_get_object_element (json_object_get_array_member (yellow, "cases"), 0);
  g_assert_cmpint (json_object_get_int_member (summary, "remaining_days"), ==, 1);

  health = query (fixture, "rh", "health", NULL, NULL, NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (health, "total"), ==, 1);
  g_assert_cmpstr (uuid_at (health, 0), ==, CASE_BUNDLE);

  closed = query (fixture, "sv", NULL, "closed_at_counter", NULL, NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (closed, "total"), ==, 1);
  g_assert_cmpstr (uuid_at (closed, 0), ==, CASE_NOTICE);

  text = query (fixture, "c1", NULL, NULL, NULL, "b26d0f51-6c70-4182-9394-0f1a2b3c4d01", NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (text, "total"), ==, 1);
  g_assert_cmpstr (uuid_at (text, 0), ==, CASE_ITEM);

  /* Pages: the total stays, the page moves. */
  page = query (fixture, "c1", NULL, NULL, NULL, NULL, "number", 1, 1);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "cases")), ==, 1);
  by_number = query (fixture, "c1", NULL, NULL, NULL, NULL, "number", 0, 0);
  g_assert_cmpstr (uuid_at (page, 0), ==, uuid_at (by_number, 1));

  /* The other hall has none of them. */
  none = query (fixture, "c2", NULL, NULL, NULL, NULL, NULL, 0, 0);
  g_assert_cmpint (json_object_get_int_member (none, "total"), ==, 0);

  /* Bad filters name their field. */
  g_assert_null (yc_backoffice_query_cases (fixture->backoffice, c1, NULL, "done", NULL, NULL, NULL, 0, 0, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "state");
  g_clear_error (&error);
  g_assert_null (yc_backoffice_query_cases (fixture->backoffice, c1, NULL, NULL, "blue", NULL, NULL, 0, 0, &error));
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "deadline_status");
  g_clear_error (&error);
  g_assert_null (yc_backoffice_query_cases (fixture->backoffice, c1, NULL, NULL, NULL, NULL, "size", 0, 0, &error));
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "sort");
}

static void
test_get_case (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answer, *document;

  set_up_cases (fixture);
  node = yc_backoffice_get_case (fixture->backoffice, rs, CASE_ITEM, &error);
  g_assert_no_error (error);
  answer = json_node_get_object (node);
  document = json_object_get_object_member (answer, "case");
  g_assert_cmpstr (json_object_get_string_member (document, "uuid"), ==, CASE_ITEM);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "history")), >=, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "materials")), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (answer, "deadline_status"), ==, "yellow");

  g_clear_pointer (&node, json_node_unref);
  node = yc_backoffice_get_case (fixture->backoffice, rs, "b26d0f51-6c70-4182-9394-0f1a2b3c4dff", &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(YcPrincipal) sv = fixture_principal ("sv");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) later = NULL;
  GDate from = yc_test_date ("2026-11-01");
  GDate to = yc_test_date ("2026-11-30");
  GDate after = yc_test_date ("2026-11-24");
  JsonObject *stats, *decisions, *satisfaction, *window;
  JsonArray *levels, *windows, *departments;

  set_up_cases (fixture);
  node = yc_backoffice_stats (fixture->backoffice, sv, &from, &to, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (stats, "cases"), ==, 3);
  decisions = json_object_get_object_member (stats, "by_decision");
  g_assert_cmpint (json_object_get_int_member (decisions, "accept"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (decisions, "accept_with_tolerance"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (decisions, "one_time_notice"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (decisions, "refuse"), ==, 0);
  /* The notice sends the applicant home once more: two of three in one trip. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "one_trip_share"), 2.0 / 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "at_once_share"), 0.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (stats, "overdue"), ==, 1);
  satisfaction = json_object_get_object_member (stats, "satisfaction");
  g_assert_cmpint (json_object_get_int_member (satisfaction, "rated"), ==, 1);
  levels = json_object_get_array_member (satisfaction, "levels");
  g_assert_cmpint (json_array_get_int_element (levels, 3), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (satisfaction, "average"), 4.0, 1e-9);
  windows = json_object_get_array_member (stats, "by_window");
  g_assert_cmpuint (json_array_get_length (windows), ==, 1);
  window = json_array_get_object_element (windows, 0);
  g_assert_cmpstr (json_object_get_string_member (window, "window"), ==, "HD01-W03");
  g_assert_cmpint (json_object_get_int_member (window, "cases"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (window, "overdue"), ==, 1);
  departments = json_object_get_array_member (stats, "by_department");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (departments, 0), "department"), ==, "health");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (departments, 0), "overdue"), ==, 1);

  later = yc_backoffice_stats (fixture->backoffice, sv, &after, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (later), "cases"), ==, 0);

  g_assert_null (yc_backoffice_stats (fixture->backoffice, sv, &to, &from, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
}

static void
test_expire_tolerance (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint64 head;

  /* The bundle's health certificate was tolerated until Thursday 11-26. */
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_BUNDLE, "HD01");
  fixture_accept (fixture, YC_TEST_ITEM, CASE_ITEM, "HD01");
  fixture_advance (fixture, 3 * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_expire_tolerances (fixture->backoffice), ==, 0);

  /* The grace period lets offline supplements arrive: nothing expires before it ends. */
  fixture_advance (fixture, YC_CASE_TOLERANCE_GRACE_DAYS * G_TIME_SPAN_DAY);
  g_assert_cmpuint (yc_backoffice_expire_tolerances (fixture->backoffice), ==, 0);

  head = yc_backoffice_head_seq (fixture->backoffice);
  fixture_advance (fixture, 1 * G_TIME_SPAN_DAY);
  yc_backoffice_run_maintenance (fixture->backoffice);
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head + 1);
  node = yc_backoffice_get_case (fixture->backoffice, c1, CASE_BUNDLE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "case"), "state"),
                   ==, "terminated");
  g_clear_pointer (&node, json_node_unref);
  node = yc_backoffice_get_case (fixture->backoffice, c1, CASE_ITEM, &error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "case"), "state"),
                   ==, "accepted");
  /* Once is enough. */
  g_assert_cmpuint (yc_backoffice_expire_tolerances (fixture->backoffice), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/review/query", test_query);
  FIXTURE_TEST ("/backoffice/review/get-case", test_get_case);
  FIXTURE_TEST ("/backoffice/review/stats", test_stats);
  FIXTURE_TEST ("/backoffice/review/expire-tolerance", test_expire_tolerance);

  return g_test_run ();
}
