/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-test-cases.h"

/*
 * 好差评 follow-up (回访): a rating of 不满意 (2) or 非常不满意 (1) opens a follow-up due
 * YC_CASE_FOLLOW_UP_WORKING_DAYS working days after the day the applicant rated at the
 * counter, counted on the shipped holiday calendar; better ratings open none.  The expected
 * dates were counted from the files in data/calendar by hand (and checked with a script reading
 * the same files), not with the calendar code under test.
 */

static YcCalendar *calendar;
static YcCatalog *catalog;

typedef struct {
  const char *name;
  guint       level;
  const char *created_at;  /* the counter's clock */
  const char *today;       /* the day the machine runs (the back office may run later) */
  const char *due;         /* NULL: no follow-up */
} FollowUpCase;

static const FollowUpCase follow_ups[] = {
  /* Thursday 26 November 2026: Friday, then three full weeks less a day. */
  { "dissatisfied", 2, "2026-11-26T16:00:00+08:00", "2026-11-26", "2026-12-17" },
  { "very-dissatisfied", 1, "2026-11-26T09:00:00+08:00", "2026-11-26", "2026-12-17" },
  /* National Day: 1–7 October off, Saturday 10 October worked. */
  { "national-day", 2, "2026-09-28T10:00:00+08:00", "2026-09-28", "2026-10-23" },
  /* Rated offline on the 26th, reaching the back office on 1 December: the counter's day. */
  { "synced-late", 2, "2026-11-26T16:00:00+08:00", "2026-12-01", "2026-12-17" },
  /* The counter's local day, not UTC's: 00:30 in Beijing is still the 25th in UTC. */
  { "local-day", 1, "2026-11-26T00:30:00+08:00", "2026-11-26", "2026-12-17" },
  { "fairly-satisfied", 3, "2026-11-26T16:00:00+08:00", "2026-11-26", NULL },
  { "satisfied", 4, "2026-11-26T16:00:00+08:00", "2026-11-26", NULL },
  { "very-satisfied", 5, "2026-11-26T16:00:00+08:00", "2026-11-26", NULL },
};

static YcCase *
rate (YcTestSubject  subject,
      guint          level,
      const char    *created_at,
      const char    *today,
      GError       **error)
{
  g_autoptr(YcCase) c = yc_test_accept (subject, calendar, catalog);
  g_autofree char *payload_text = g_strdup_printf ("{\"level\": %u, \"comment\": \"等太久\"}", level);
  g_autoptr(JsonObject) payload = yc_test_parse_object (payload_text);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) op = yc_operation_new (op_id, YC_TEST_CASE_UUID, c->version,
                                                YC_OP_RATING_SUBMIT, payload, created_at);
  GDate day = yc_test_date (today);

  if (!yc_case_machine_apply (c, op, yc_test_actor ("c1"), &day, calendar, error))
    return NULL;
  return g_steal_pointer (&c);
}

static void
test_follow_up (gconstpointer data)
{
  const FollowUpCase *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = rate (YC_TEST_ITEM, row->level, row->created_at, row->today, &error);
  g_autoptr(YcCase) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  g_assert_no_error (error);
  g_assert_true (c->rated);
  g_assert_cmpuint (c->rating_level, ==, row->level);
  g_assert_cmpint (yc_rating_level_needs_follow_up (row->level), ==, row->due != NULL);
  if (row->due != NULL)
    {
      g_autofree char *due = yc_test_format (&c->follow_up_due);

      g_assert_true (g_date_valid (&c->follow_up_due));
      g_assert_cmpstr (due, ==, row->due);
    }
  else
    g_assert_false (g_date_valid (&c->follow_up_due));

  /* The document carries it, and reads back the same. */
  text = yc_test_case_text (c);
  if (row->due != NULL)
    {
      g_autofree char *member = g_strdup_printf ("\"follow_up\" : {\n      \"due\" : \"%s\"", row->due);
      g_assert_nonnull (strstr (text, member));
    }
  else
    g_assert_nonnull (strstr (text, "\"follow_up\" : null"));
  copy = yc_case_copy (c);
  copied = yc_test_case_text (copy);
  g_assert_cmpstr (copied, ==, text);
}

/* A bundle in any state is rated once; the follow-up stays what the first rating opened. */
static void
test_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = rate (YC_TEST_BUNDLE, 2, "2026-11-26T16:00:00+08:00", "2026-11-26", &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  before = yc_test_case_text (c);
  error = yc_test_apply (c, "c1", YC_OP_RATING_SUBMIT, "{\"level\": 5}", "2026-11-27", calendar, NULL);
  g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION);
  after = yc_test_case_text (c);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (c->rating_level, ==, 2);
}

/* Documents stored before follow-ups existed have no "follow_up": still read. */
static void
test_old_document (void)
{
  g_autoptr(YcCase) c = rate (YC_TEST_ITEM, 4, "2026-11-26T16:00:00+08:00", "2026-11-26", NULL);
  g_autoptr(JsonNode) node = yc_case_to_json (c);
  JsonObject *rating = json_object_get_object_member (json_node_get_object (node), "rating");
  g_autoptr(YcCase) back = NULL;
  g_autoptr(GError) error = NULL;

  json_object_remove_member (rating, "follow_up");
  back = yc_case_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->rating_level, ==, 4);
  g_assert_false (g_date_valid (&back->follow_up_due));
}

typedef struct {
  const char *name;
  guint       level;
  const char *follow_up;  /* JSON of rating.follow_up */
  const char *field;      /* the error starts with it */
} BadFollowUp;

static const BadFollowUp bad_follow_ups[] = {
  { "not-for-satisfied", 4, "{\"due\": \"2026-12-17\"}", "rating.follow_up:" },
  { "missing-for-dissatisfied", 2, "null", "rating.follow_up:" },
  { "bad-due", 2, "{\"due\": \"17.12.2026\"}", "rating.follow_up.due:" },
  { "no-due", 1, "{}", "rating.follow_up.due:" },
  { "unknown-member", 1, "{\"due\": \"2026-12-17\", \"done\": true}", "rating.follow_up.done:" },
};

static void
test_bad_document (gconstpointer data)
{
  const BadFollowUp *row = data;
  g_autoptr(YcCase) c = rate (YC_TEST_ITEM, row->level, "2026-11-26T16:00:00+08:00", "2026-11-26", NULL);
  g_autoptr(JsonNode) node = yc_case_to_json (c);
  JsonObject *rating = json_object_get_object_member (json_node_get_object (node), "rating");
  g_autoptr(JsonNode) follow_up = json_from_string (row->follow_up, NULL);
  g_autoptr(YcCase) back = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_member (rating, "follow_up", g_steal_pointer (&follow_up));
  back = yc_case_from_json (node, &error);
  g_assert_null (back);
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, row->field))
    g_error ("%s: “%s” does not start with “%s”", row->name, error->message, row->field);
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

  for (guint i = 0; i < G_N_ELEMENTS (follow_ups); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case-follow-up/due/%s", follow_ups[i].name);
      g_test_add_data_func (path, &follow_ups[i], test_follow_up);
    }
  g_test_add_func ("/case-follow-up/once", test_once);
  g_test_add_func ("/case-follow-up/old-document", test_old_document);
  for (guint i = 0; i < G_N_ELEMENTS (bad_follow_ups); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case-follow-up/bad/%s", bad_follow_ups[i].name);
      g_test_add_data_func (path, &bad_follow_ups[i], test_bad_document);
    }

  status = g_test_run ();
  g_object_unref (catalog);
  g_object_unref (calendar);
  return status;
}
