/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/*
 * The hall's figures (yc-backoffice-stats.c, docs/figures.md) over five cases whose every
 * figure is worked out by hand below.  The test catalog gives SPORT and HEALTH a statutory
 * limit of 20 working days each (OPEN_GYM: 40), committed 10 (SPORT) and 8 (the bundle).
 * No public holiday falls between 2026-11-23 and 2026-12-04.
 *
 *   A  ITEM   HD01  accept                 approved Wed 11-25            rated 5
 *   B  BUNDLE HD01  accept_with_tolerance  sport approved Tue 11-24, health never
 *   C  NOTICE HD01  one_time_notice        (closed at the counter)        rated 2
 *   D  PLEDGE HD01  accept_on_pledge       returned Tue 11-24, supplemented Thu 11-26,
 *                                          approved Mon 11-30
 *   E  ITEM   HD02  accept                 rejected Thu 11-26             rated 3
 *
 * Seen on Friday 12-04.
 */

#define CASE_A "c7a1e2d3-0000-4000-8000-00000000000a"
#define CASE_B "c7a1e2d3-0000-4000-8000-00000000000b"
#define CASE_C "c7a1e2d3-0000-4000-8000-00000000000c"
#define CASE_D "c7a1e2d3-0000-4000-8000-00000000000d"
#define CASE_E "c7a1e2d3-0000-4000-8000-00000000000e"

/* Pushes one op made at the fixture's "now" in the hall's zone (the counter's day of a
 * supplement is the day of its created_at); asserts it went through. */
static void
push (Fixture     *fixture,
      const char  *actor,
      const char  *uuid,
      YcOpKind     kind,
      const char  *payload_text)
{
  g_autoptr(YcPrincipal) p = fixture_principal (actor);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStorageCase) row = NULL;
  g_autoptr(GString) text = g_string_new (payload_text);
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) local = g_date_time_to_timezone (fixture->now, zone);
  g_autofree char *created_at = g_date_time_format_iso8601 (local);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonObject *result;

  g_assert_true (yc_backoffice_storage_begin (fixture->backoffice->storage, FALSE, &error));
  row = yc_backoffice_storage_case_get (fixture->backoffice->storage, uuid, &error);
  yc_backoffice_storage_rollback (fixture->backoffice->storage);
  g_assert_no_error (error);
  g_assert_nonnull (row);

  g_string_replace (text, "SHA_B", fixture->sha_b, 0);
  payload = yc_test_parse_object (text->str);
  op = yc_operation_new (op_id, uuid, row->version, kind, payload, created_at);
  body = fixture_batch (key, yc_operation_to_json (op), NULL);
  answer = yc_backoffice_push (fixture->backoffice, p, key, body, &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
  if (!g_str_equal (json_object_get_string_member (result, "result"), "ok"))
    g_error ("%s on %s: %s", yc_op_kind_to_string (kind), uuid,
             json_object_get_string_member_with_default (result, "reason", "?"));
}

static void
next_day (Fixture *fixture,
          guint    days)
{
  fixture_advance (fixture, days * G_TIME_SPAN_DAY);
}

static void
set_up_cases (Fixture *fixture)
{
  /* Monday 11-23 */
  fixture_accept (fixture, YC_TEST_ITEM, CASE_A, "HD01");
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_B, "HD01");
  fixture_accept (fixture, YC_TEST_NOTICE, CASE_C, "HD01");
  fixture_accept (fixture, YC_TEST_PLEDGE, CASE_D, "HD01");
  fixture_accept (fixture, YC_TEST_ITEM, CASE_E, "HD02");
  push (fixture, "c1", CASE_C, YC_OP_RATING_SUBMIT, "{\"level\": 2}");

  /* Tuesday 11-24 */
  next_day (fixture, 1);
  push (fixture, "rs", CASE_B, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_B, YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_D, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_D, YC_OP_REVIEW_RETURN,
        "{\"department\": \"sport\", \"materials\": [\"lease\"], \"message\": \"租赁合同已过期\"}");

  /* Wednesday 11-25 */
  next_day (fixture, 1);
  push (fixture, "rs", CASE_A, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_A, YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}");
  push (fixture, "c1", CASE_A, YC_OP_RATING_SUBMIT, "{\"level\": 5}");

  /* Thursday 11-26 */
  next_day (fixture, 1);
  push (fixture, "c1", CASE_D, YC_OP_CASE_SUPPLEMENT,
        "{\"materials\": [{\"code\": \"lease\", \"name\": \"场地使用证明\", \"state\": \"provided\","
        " \"copies\": 2, \"pages\": 2, \"blob_sha256\": \"SHA_B\"}]}");
  push (fixture, "rs", CASE_E, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_E, YC_OP_REVIEW_REJECT, "{\"department\": \"sport\", \"reason\": \"场地不符合要求\"}");
  push (fixture, "c2", CASE_E, YC_OP_RATING_SUBMIT, "{\"level\": 3}");

  /* Monday 11-30 */
  next_day (fixture, 4);
  push (fixture, "rs", CASE_D, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}");
  push (fixture, "rs", CASE_D, YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}");

  /* Friday 12-04 */
  next_day (fixture, 4);
}

static JsonObject *
stats (Fixture    *fixture,
       const char *actor,
       const char *from,
       const char *to)
{
  g_autoptr(YcPrincipal) p = fixture_principal (actor);
  g_autoptr(GError) error = NULL;
  GDate first = yc_test_date (from);
  GDate last = yc_test_date (to);
  g_autoptr(JsonNode) node = yc_backoffice_stats (fixture->backoffice, p, &first, &last, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
group (JsonObject *answer,
       const char *list,
       const char *key_name,
       const char *key)
{
  JsonArray *array = json_object_get_array_member (answer, list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (object, key_name), key))
        return object;
    }
  g_error ("no %s %s in %s", key_name, key, list);
  return NULL;
}

#define INT(o, m) json_object_get_int_member ((o), (m))
#define DBL(o, m) json_object_get_double_member ((o), (m))
#define OBJ(o, m) json_object_get_object_member ((o), (m))
#define EPS 1e-9

static void
assert_levels (JsonObject *satisfaction,
               const int   expected[5])
{
  JsonArray *levels = json_object_get_array_member (satisfaction, "levels");

  g_assert_cmpuint (json_array_get_length (levels), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (json_array_get_int_element (levels, i), ==, expected[i]);
}

static void
test_figures (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) all = NULL;
  JsonObject *decisions, *compression, *satisfaction, *sport, *health, *w1, *w2;
  static const int all_levels[5] = { 0, 1, 1, 0, 1 };
  static const int w2_levels[5] = { 0, 0, 1, 0, 0 };

  set_up_cases (fixture);
  all = stats (fixture, "sv", "2026-11-01", "2026-11-30");

  g_assert_cmpstr (json_object_get_string_member (all, "from"), ==, "2026-11-01");
  g_assert_cmpstr (json_object_get_string_member (all, "to"), ==, "2026-11-30");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (all, "generated_at"), "2026-12-04T"));
  g_assert_cmpint (INT (all, "cases"), ==, 5);
  decisions = OBJ (all, "by_decision");
  g_assert_cmpint (INT (decisions, "accept"), ==, 2);                 /* A, E */
  g_assert_cmpint (INT (decisions, "accept_with_tolerance"), ==, 1);  /* B */
  g_assert_cmpint (INT (decisions, "accept_on_pledge"), ==, 1);       /* D */
  g_assert_cmpint (INT (decisions, "one_time_notice"), ==, 1);        /* C */
  g_assert_cmpint (INT (decisions, "refuse"), ==, 0);
  g_assert_cmpint (INT (all, "accepted"), ==, 4);

  /* 最多跑一次: C was sent home, D was asked back; A, B, E: 3 of 5. */
  g_assert_cmpint (INT (all, "one_trip"), ==, 3);
  g_assert_cmpfloat_with_epsilon (DBL (all, "one_trip_share"), 0.6, EPS);
  /* 即来即办: no accepted case had a committed limit of 0 days: 0 of 4. */
  g_assert_cmpint (INT (all, "at_once"), ==, 0);
  g_assert_cmpfloat_with_epsilon (DBL (all, "at_once_share"), 0.0, EPS);

  /* Decided: A (ready), D (ready), E (rejected); B waits for health.  Stages: A 2, E 2,
   * D 2 + one return = 3: 7 / 3. */
  g_assert_cmpint (INT (all, "decided"), ==, 3);
  g_assert_cmpfloat_with_epsilon (DBL (all, "average_stages"), 7.0 / 3.0, EPS);

  /* Committed against statutory: A, D, E 1 − 10/20 = 0.5; B 1 − 8/40 = 0.8. */
  compression = OBJ (all, "compression");
  g_assert_cmpint (INT (OBJ (compression, "committed"), "cases"), ==, 4);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (compression, "committed"), "average"), (0.5 * 3 + 0.8) / 4, EPS);
  /* Actual: A ran Tue and Wed (2 days): 0.9.  E Tue–Thu (3): 0.85.  D Tue, then paused
   * Wed–Thu (returned on Tue, supplemented on Thu), Fri and Mon (3): 0.85. */
  g_assert_cmpint (INT (OBJ (compression, "actual"), "cases"), ==, 3);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (compression, "actual"), "average"), (0.9 + 0.85 + 0.85) / 3, EPS);

  /* B was due Thursday 12-03 (8 working days after 11-23) and health has not decided. */
  g_assert_cmpint (INT (all, "overdue"), ==, 1);

  satisfaction = OBJ (all, "satisfaction");
  g_assert_cmpint (INT (satisfaction, "rated"), ==, 3);
  assert_levels (satisfaction, all_levels);
  g_assert_cmpfloat_with_epsilon (DBL (satisfaction, "average"), (2.0 + 3 + 5) / 3, EPS);
  g_assert_cmpfloat_with_epsilon (DBL (satisfaction, "satisfied_share"), 2.0 / 3.0, EPS);

  /* By department: the bundle counts under both; sport decided its part of B on time, so
   * only health is overdue. */
  health = group (all, "by_department", "department", "health");
  g_assert_cmpstr (json_object_get_string_member (health, "name"), ==, "卫健委");
  g_assert_cmpint (INT (health, "cases"), ==, 1);
  g_assert_cmpint (INT (health, "overdue"), ==, 1);
  g_assert_cmpint (INT (health, "decided"), ==, 0);
  g_assert_true (json_node_is_null (json_object_get_member (health, "average_stages")));
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (OBJ (health, "compression"), "committed"), "average"), 0.8, EPS);
  g_assert_true (json_node_is_null (json_object_get_member (OBJ (OBJ (health, "compression"), "actual"), "average")));
  sport = group (all, "by_department", "department", "sport");
  g_assert_cmpstr (json_object_get_string_member (sport, "name"), ==, "文旅体局");
  g_assert_cmpint (INT (sport, "overdue"), ==, 0);
  g_assert_cmpint (INT (sport, "decided"), ==, 3);
  g_assert_cmpint (INT (OBJ (sport, "by_decision"), "accept"), ==, 2);
  g_assert_cmpfloat_with_epsilon (DBL (sport, "average_stages"), 7.0 / 3.0, EPS);

  /* By window: HD01-W03 has A–D, HD02-W03 has E. */
  w1 = group (all, "by_window", "window", "HD01-W03");
  g_assert_cmpstr (json_object_get_string_member (w1, "hall"), ==, "HD01");
  g_assert_cmpstr (json_object_get_string_member (w1, "name"), ==, "test window");
  g_assert_cmpint (INT (w1, "cases"), ==, 4);
  g_assert_cmpint (INT (w1, "overdue"), ==, 1);
  g_assert_cmpfloat_with_epsilon (DBL (w1, "one_trip_share"), 2.0 / 4.0, EPS);
  g_assert_cmpfloat_with_epsilon (DBL (w1, "average_stages"), 5.0 / 2.0, EPS);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (OBJ (w1, "compression"), "actual"), "average"), (0.9 + 0.85) / 2, EPS);
  g_assert_cmpint (INT (OBJ (w1, "satisfaction"), "rated"), ==, 2);
  w2 = group (all, "by_window", "window", "HD02-W03");
  g_assert_cmpint (INT (w2, "cases"), ==, 1);
  g_assert_cmpint (INT (OBJ (w2, "by_decision"), "accept"), ==, 1);
  g_assert_cmpint (INT (w2, "decided"), ==, 1);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (OBJ (w2, "compression"), "actual"), "average"), 0.85, EPS);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (OBJ (w2, "compression"), "committed"), "average"), 0.5, EPS);
  assert_levels (OBJ (w2, "satisfaction"), w2_levels);
  g_assert_cmpfloat_with_epsilon (DBL (OBJ (w2, "satisfaction"), "satisfied_share"), 1.0, EPS);
}

static void
test_scope_and_range (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) hall = NULL, other = NULL, none = NULL;
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) sv = fixture_principal ("sv");
  g_autoptr(GError) error = NULL;
  GDate from = yc_test_date ("2026-11-01");
  GDate to = yc_test_date ("2026-11-30");

  set_up_cases (fixture);

  /* A supervisor of a hall sees that hall only. */
  hall = stats (fixture, "sv1", "2026-11-23", "2026-11-23");
  g_assert_cmpint (INT (hall, "cases"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hall, "by_window")), ==, 1);
  other = stats (fixture, "sv2", "2026-11-01", "2026-11-30");
  g_assert_cmpint (INT (other, "cases"), ==, 1);
  g_assert_cmpint (INT (OBJ (other, "satisfaction"), "rated"), ==, 1);

  /* Nothing accepted in the period: counts 0, shares and averages undefined (null). */
  none = stats (fixture, "ad", "2026-11-24", "2026-12-31");
  g_assert_cmpint (INT (none, "cases"), ==, 0);
  g_assert_true (json_node_is_null (json_object_get_member (none, "one_trip_share")));
  g_assert_true (json_node_is_null (json_object_get_member (none, "at_once_share")));
  g_assert_true (json_node_is_null (json_object_get_member (none, "average_stages")));
  g_assert_true (json_node_is_null (json_object_get_member (OBJ (none, "satisfaction"), "average")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (none, "by_department")), ==, 0);

  /* Reviewers and clerks do not read the figures; a period must not end before it starts. */
  g_assert_null (yc_backoffice_stats (fixture->backoffice, rs, &from, &to, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (yc_backoffice_stats (fixture->backoffice, sv, &to, &from, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
}

/* The storage pages through a period without skipping or repeating a case. */
static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  YcBackofficeStorage *storage;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after_on = NULL;
  g_autofree char *after_uuid = NULL;
  g_autoptr(GError) error = NULL;
  guint pages = 0;
  const char *last = "";

  set_up_cases (fixture);
  storage = fixture->backoffice->storage;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;

      g_assert_true (yc_backoffice_storage_begin (storage, FALSE, &error));
      rows = yc_backoffice_storage_cases_accepted (storage, NULL, "2026-11-01", "2026-11-30",
                                                   after_on, after_uuid, 2, &error);
      yc_backoffice_storage_rollback (storage);
      g_assert_no_error (error);
      pages++;
      for (guint i = 0; i < rows->len; i++)
        {
          YcStorageCase *row = g_ptr_array_index (rows, i);

          g_assert_cmpstr (row->uuid, >, last);
          g_assert_true (g_hash_table_add (seen, g_strdup (row->uuid)));
          last = g_hash_table_lookup (seen, row->uuid);
          g_assert_nonnull (row->document);
        }
      if (rows->len < 2)
        break;
      g_free (after_on);
      g_free (after_uuid);
      after_on = g_strdup (((YcStorageCase *) g_ptr_array_index (rows, rows->len - 1))->accepted_on);
      after_uuid = g_strdup (((YcStorageCase *) g_ptr_array_index (rows, rows->len - 1))->uuid);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_cmpuint (pages, ==, 3);

  /* One hall: HD02 has E only. */
  {
    g_autoptr(GPtrArray) rows = NULL;

    g_assert_true (yc_backoffice_storage_begin (storage, FALSE, &error));
    rows = yc_backoffice_storage_cases_accepted (storage, "HD02", "2026-11-23", "2026-11-23",
                                                 NULL, NULL, 10, &error);
    yc_backoffice_storage_rollback (storage);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((YcStorageCase *) g_ptr_array_index (rows, 0))->uuid, ==, CASE_E);
  }

  /* The version 6 indexes are there. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                               " ('cases_accepted_uuid', 'cases_hall_accepted_uuid')"), ==, 2);
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT CAST (value AS INTEGER) FROM meta"
                                               " WHERE key = 'schema_version'"), >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/stats/figures", test_figures);
  FIXTURE_TEST ("/backoffice/stats/scope-and-range", test_scope_and_range);
  FIXTURE_TEST ("/backoffice/stats/paging", test_paging);

  return g_test_run ();
}
