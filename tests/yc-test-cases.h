/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Fixtures for the case tests (test-case.c, test-case-machine.c): the actors, the shipped
 * calendar, and case.accept payloads over the test catalog of yc-test-rules-catalog.h
 * (version "test"; SPORT of department sport, HEALTH of department health, bundle OPEN_GYM).
 * Every case is accepted at hall HD01, window W03, on Monday 2026-11-23.
 */

#include <string.h>

#include "yc-case-machine.h"
#include "yc-test-rules-catalog.h"

#define YC_TEST_CASE_UUID "0b6c9a52-3c1e-4d0e-9f6b-2f4f0c1a7e11"
#define YC_TEST_DAY       "2026-11-23"
#define YC_TEST_SHA_A     "3f2a9c0b7d1e4f5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
#define YC_TEST_SHA_B     "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

static const char * const yc_test_sport[] = { "sport", NULL };
static const char * const yc_test_health[] = { "health", NULL };

/* c1: clerk of the case's hall (c3 a colleague there); c2: of another hall; rs, rs2: sport reviewers; rh: health;
 * sv: supervisor of every hall; sv1, sv2: of the case's hall and of another; ad: administrator. */
static const YcActor yc_test_actors[] = {
  { "c1", YC_ROLE_CLERK, "HD01", NULL },
  { "c2", YC_ROLE_CLERK, "HD02", NULL },
  { "rs", YC_ROLE_REVIEWER, NULL, yc_test_sport },
  { "rs2", YC_ROLE_REVIEWER, NULL, yc_test_sport },
  { "rh", YC_ROLE_REVIEWER, NULL, yc_test_health },
  { "sv", YC_ROLE_SUPERVISOR, NULL, NULL },
  { "ad", YC_ROLE_ADMIN, NULL, NULL },
  { "c3", YC_ROLE_CLERK, "HD01", NULL },
  { "sv1", YC_ROLE_SUPERVISOR, "HD01", NULL },
  { "sv2", YC_ROLE_SUPERVISOR, "HD02", NULL },
};

static inline const YcActor *
yc_test_actor (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (yc_test_actors); i++)
    if (g_str_equal (yc_test_actors[i].username, name))
      return &yc_test_actors[i];
  g_error ("no test actor %s", name);
  return NULL;
}

static inline YcCalendar *
yc_test_calendar (void)
{
  g_autoptr(GFile) dir = g_file_new_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "calendar", NULL);
  g_autoptr(GError) error = NULL;
  YcCalendar *calendar = yc_calendar_new ();

  g_assert_true (yc_calendar_load_directory (calendar, dir, &error));
  g_assert_no_error (error);
  return calendar;
}

static inline GDate
yc_test_date (const char *text)
{
  GDate date;
  guint y, m, d;

  g_assert_cmpint (sscanf (text, "%u-%u-%u", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

static inline char *
yc_test_format (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The three accepted subjects and a closed one.  ITEM: SPORT, everything provided.  BUNDLE:
 * OPEN_GYM with health_cert tolerated until 2026-11-26.  PLEDGE: SPORT with safety_cert pledged.
 * NOTICE: SPORT, one-time notice (closed at the counter). */
typedef enum {
  YC_TEST_ITEM,
  YC_TEST_BUNDLE,
  YC_TEST_PLEDGE,
  YC_TEST_NOTICE,
} YcTestSubject;

#define YC_TEST_HEAD \
  "\"uuid\": \"" YC_TEST_CASE_UUID "\", \"number\": \"HD01-W03-20261123-0007\", " \
  "\"hall\": \"HD01\", \"window\": \"W03\", \"clerk\": \"c1\", \"catalog_version\": \"test\", " \
  "\"applicant\": {\"kind\": \"enterprise\", \"name\": \"力行健身有限公司\", " \
  "\"id_number\": \"91110108MA01ABCD2X\", \"agent\": false}, " \
  "\"accepted_at\": \"2026-11-23T09:30:00+08:00\", "

#define YC_TEST_SPORT_SUBJECT \
  "\"subject\": {\"kind\": \"item\", \"code\": \"SPORT\", \"name\": \"高危险性体育项目经营许可\", " \
  "\"items\": [{\"item\": \"SPORT\", \"scenario\": \"default\", \"department\": \"sport\"}]}, "

#define YC_TEST_M(code, name, state) \
  "{\"code\": \"" code "\", \"name\": \"" name "\", \"state\": \"" state "\", \"copies\": 1, \"pages\": 0}"
#define YC_TEST_P(code, name, sha) \
  "{\"code\": \"" code "\", \"name\": \"" name "\", \"state\": \"provided\", \"copies\": 1, " \
  "\"pages\": 2, \"blob_sha256\": \"" sha "\"}"

#define YC_TEST_SPORT_MATERIALS(safety) \
  "\"materials\": [" YC_TEST_M ("id_card", "法定代表人身份证", "shared") ", " \
  YC_TEST_P ("application", "经营许可申请书", YC_TEST_SHA_A) ", " \
  YC_TEST_P ("lease", "场地使用证明", YC_TEST_SHA_B) ", " \
  YC_TEST_M ("floor_plan", "场地平面图", "provided") ", " \
  YC_TEST_M ("staff_list", "社会体育指导人员名单", "provided") ", " safety "], "

static inline const char *
yc_test_payload_text (YcTestSubject subject)
{
  switch (subject)
    {
    case YC_TEST_ITEM:
      return "{" YC_TEST_HEAD YC_TEST_SPORT_SUBJECT
             "\"decision\": \"accept\", \"committed_days\": 10, \"deadline\": \"2026-12-07\", "
             YC_TEST_SPORT_MATERIALS (YC_TEST_M ("safety_cert", "安全保障制度证明", "provided"))
             "\"tolerated\": [], \"pledges\": []}";
    case YC_TEST_PLEDGE:
      return "{" YC_TEST_HEAD YC_TEST_SPORT_SUBJECT
             "\"decision\": \"accept_on_pledge\", \"committed_days\": 10, "
             YC_TEST_SPORT_MATERIALS (YC_TEST_M ("safety_cert", "安全保障制度证明", "pledged"))
             "\"pledges\": [{\"material\": \"safety_cert\", \"due\": \"2026-12-21\"}]}";
    case YC_TEST_NOTICE:
      return "{" YC_TEST_HEAD YC_TEST_SPORT_SUBJECT
             "\"decision\": \"one_time_notice\", "
             "\"materials\": [" YC_TEST_M ("lease", "场地使用证明", "missing") "], "
             "\"notice\": {\"materials\": [\"lease\"], \"text\": \"请补齐场地使用证明\"}}";
    case YC_TEST_BUNDLE:
    default:
      return "{" YC_TEST_HEAD
             "\"subject\": {\"kind\": \"bundle\", \"code\": \"OPEN_GYM\", \"name\": \"我要开健身房\", "
             "\"items\": [{\"item\": \"SPORT\", \"scenario\": \"default\", \"department\": \"sport\"}, "
             "{\"item\": \"HEALTH\", \"scenario\": \"default\", \"department\": \"health\"}]}, "
             "\"decision\": \"accept_with_tolerance\", \"committed_days\": 8, "
             "\"materials\": [" YC_TEST_M ("id_card", "法定代表人身份证", "shared") ", "
             YC_TEST_P ("application", "经营许可申请书", YC_TEST_SHA_A) ", "
             YC_TEST_P ("lease", "场地使用证明", YC_TEST_SHA_B) ", "
             YC_TEST_M ("floor_plan", "场地平面图", "provided") ", "
             YC_TEST_M ("staff_list", "社会体育指导人员名单", "provided") ", "
             YC_TEST_M ("safety_cert", "安全保障制度证明", "provided") ", "
             YC_TEST_M ("health_cert", "从业人员健康证明", "tolerated") ", "
             YC_TEST_M ("hygiene_plan", "卫生管理制度", "provided") "], "
             "\"tolerated\": [{\"material\": \"health_cert\", \"due\": \"2026-11-26\"}]}";
    }
}

static inline JsonObject *
yc_test_parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("bad test JSON %s: %s", text, error->message);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static inline YcOperation *
yc_test_op (YcOpKind    kind,
            gint64      base_version,
            JsonObject *payload)
{
  g_autofree char *op_id = g_uuid_string_random ();

  return yc_operation_new (op_id, YC_TEST_CASE_UUID, base_version, kind, payload,
                           "2026-11-23T10:00:00+08:00");
}

static inline YcOperation *
yc_test_accept_op (YcTestSubject subject)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (subject));

  return yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
}

static inline YcCase *
yc_test_accept (YcTestSubject  subject,
                YcCalendar    *calendar,
                YcCatalog     *catalog)
{
  g_autoptr(YcOperation) op = yc_test_accept_op (subject);
  g_autoptr(GError) error = NULL;
  YcCase *c = yc_case_machine_accept_full (op, yc_test_actor ("c1"), catalog, calendar, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* Applies one operation; the error is returned (NULL on success). */
static inline GError *
yc_test_apply (YcCase        *c,
               const char    *actor,
               YcOpKind       kind,
               const char    *payload_json,
               const char    *today,
               YcCalendar    *calendar,
               YcCaseEffects *effects)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (payload_json);
  g_autoptr(YcOperation) op = yc_test_op (kind, c->version, payload);
  GDate day = yc_test_date (today != NULL ? today : YC_TEST_DAY);
  GError *error = NULL;

  yc_case_machine_apply_full (c, op, yc_test_actor (actor), &day, calendar, effects, &error);
  return error;
}

static inline char *
yc_test_case_text (YcCase *c)
{
  g_autoptr(JsonNode) node = yc_case_to_json (c);

  return json_to_string (node, TRUE);
}
