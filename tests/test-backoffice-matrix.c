/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/*
 * Role × operation × scope, table-driven.  Every row starts from the same case: the OPEN_GYM
 * bundle (parts sport and health) accepted at hall HD01.  Actors (yc-test-cases.h): c1 clerk
 * of HD01 (c3 a colleague there), c2 clerk of HD02, rs reviewer of sport, rh reviewer of
 * health, sv supervisor of every hall, sv1 / sv2 of HD01 / HD02, ad administrator.  Every
 * denial must be audited.
 */

#define CASE_UUID "9d4b8d3f-4a5e-4f60-b172-8d9e0f1a2b01"
#define NEW_UUID  "9d4b8d3f-4a5e-4f60-b172-8d9e0f1a2b02"

typedef enum {
  PUSH,       /* push @kind with @payload; expect result @expect ("ok" or a rejection code) */
  GET_CASE,   /* read the case */
  QUERY,      /* query cases, with @payload as the department filter */
  STATS,      /* statistics of the day */
  UPLOAD,     /* start an upload */
} Action;

typedef struct {
  const char *name;
  const char *actor;
  Action      action;
  YcOpKind    kind;
  const char *payload;   /* JSON (PUSH) or a department (QUERY) */
  const char *expect;    /* "ok", a rejection code, or an error code string */
} Row;

static const Row rows[] = {
  /* review.claim: reviewers of the part's department only */
  { "claim/reviewer-own", "rs", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", "ok" },
  { "claim/reviewer-other-department", "rh", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", "forbidden" },
  { "claim/reviewer-health", "rh", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"health\"}", "ok" },
  { "claim/clerk", "c1", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", "forbidden" },
  { "claim/supervisor", "sv", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", "forbidden" },
  { "claim/admin", "ad", PUSH, YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", "forbidden" },
  /* case.withdraw: the clerks of the case's hall */
  { "withdraw/clerk-own-hall", "c1", PUSH, YC_OP_CASE_WITHDRAW, "{\"reason\": \"申请人撤回\"}", "ok" },
  { "withdraw/clerk-other-hall", "c2", PUSH, YC_OP_CASE_WITHDRAW, "{\"reason\": \"申请人撤回\"}", "forbidden" },
  { "withdraw/reviewer", "rs", PUSH, YC_OP_CASE_WITHDRAW, "{\"reason\": \"申请人撤回\"}", "forbidden" },
  { "withdraw/admin", "ad", PUSH, YC_OP_CASE_WITHDRAW, "{\"reason\": \"申请人撤回\"}", "forbidden" },
  /* supervision.urge: supervisors */
  { "urge/supervisor", "sv", PUSH, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\", \"department\": null}", "ok" },
  { "urge/clerk", "c1", PUSH, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\", \"department\": null}", "forbidden" },
  { "urge/reviewer", "rs", PUSH, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\", \"department\": null}", "forbidden" },
  /* a supervisor of a hall supervises that hall only; administrators act on no case */
  { "urge/supervisor-own-hall", "sv1", PUSH, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\", \"department\": null}", "ok" },
  { "urge/supervisor-other-hall", "sv2", PUSH, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\", \"department\": null}", "forbidden" },
  { "release/admin", "ad", PUSH, YC_OP_REVIEW_RELEASE, "{\"department\": \"sport\"}", "forbidden" },
  { "release/supervisor-other-hall", "sv2", PUSH, YC_OP_REVIEW_RELEASE, "{\"department\": \"sport\"}", "forbidden" },
  /* case.accept: a clerk, for their own hall */
  { "accept/clerk-own-hall", "c1", PUSH, YC_OP_CASE_ACCEPT, NULL, "ok" },
  { "accept/clerk-other-hall", "c2", PUSH, YC_OP_CASE_ACCEPT, NULL, "forbidden" },
  { "accept/reviewer", "rs", PUSH, YC_OP_CASE_ACCEPT, NULL, "forbidden" },
  /* the payload names c1: a colleague of the same hall cannot file it in c1's name */
  { "accept/clerk-in-another-name", "c3", PUSH, YC_OP_CASE_ACCEPT, NULL, "forbidden" },
  /* issue before approval: the right person, the wrong state */
  { "issue/too-early", "c1", PUSH, YC_OP_CASE_ISSUE, "{\"signature_confirmed\": true}", "illegal_transition" },
  /* reading the case */
  { "read/clerk-own-hall", "c1", GET_CASE, 0, NULL, "ok" },
  { "read/clerk-other-hall", "c2", GET_CASE, 0, NULL, "forbidden" },
  { "read/reviewer-sport", "rs", GET_CASE, 0, NULL, "ok" },
  { "read/reviewer-health", "rh", GET_CASE, 0, NULL, "ok" },
  { "read/supervisor", "sv", GET_CASE, 0, NULL, "ok" },
  { "read/admin", "ad", GET_CASE, 0, NULL, "forbidden" },
  /* review queries */
  { "query/reviewer-own", "rh", QUERY, 0, "health", "ok" },
  { "query/reviewer-other-department", "rh", QUERY, 0, "sport", "forbidden" },
  { "query/clerk", "c1", QUERY, 0, NULL, "ok" },
  { "query/admin", "ad", QUERY, 0, NULL, "forbidden" },
  /* statistics */
  { "stats/supervisor", "sv", STATS, 0, NULL, "ok" },
  { "stats/admin", "ad", STATS, 0, NULL, "ok" },
  { "stats/clerk", "c1", STATS, 0, NULL, "forbidden" },
  { "stats/reviewer", "rs", STATS, 0, NULL, "forbidden" },
  /* uploads */
  { "upload/clerk", "c1", UPLOAD, 0, NULL, "ok" },
  { "upload/reviewer", "rs", UPLOAD, 0, NULL, "ok" },
  { "upload/supervisor", "sv", UPLOAD, 0, NULL, "forbidden" },
  { "upload/admin", "ad", UPLOAD, 0, NULL, "forbidden" },
};

static const char *
outcome (JsonNode *node,
         GError   *error)
{
  if (error != NULL)
    {
      g_assert_true (error->domain == YC_BACKOFFICE_ERROR);
      return yc_backoffice_error_code_string (error->code);
    }
  g_assert_nonnull (node);
  return "ok";
}

static void
test_row (Fixture       *fixture,
          gconstpointer  data)
{
  const Row *row = data;
  g_autoptr(YcPrincipal) p = fixture_principal (row->actor);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 denials_before;
  const char *got;

  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_UUID, "HD01");
  denials_before = fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE outcome = 'denied'");

  switch (row->action)
    {
    case PUSH:
      {
        g_autoptr(JsonObject) payload = NULL;
        g_autoptr(JsonObject) result = NULL;

        if (row->kind == YC_OP_CASE_ACCEPT)
          payload = fixture_accept_payload (fixture, YC_TEST_BUNDLE, NEW_UUID, "HD01");
        else
          payload = yc_test_parse_object (row->payload);
        result = fixture_push_one (fixture, p, row->kind == YC_OP_CASE_ACCEPT ? NEW_UUID : CASE_UUID,
                                   row->kind == YC_OP_CASE_ACCEPT ? 0 : 1, row->kind, payload);
        got = g_str_equal (json_object_get_string_member (result, "result"), "ok")
              ? "ok" : json_object_get_string_member (result, "code");
        if (!g_str_equal (got, row->expect))
          g_test_message ("%s: %s", row->name, json_object_get_string_member_with_default (result, "reason", ""));
        g_assert_cmpstr (got, ==, row->expect);
        if (g_str_equal (got, "ok"))
          g_assert_cmpint (json_object_get_int_member (result, "version"), ==, row->kind == YC_OP_CASE_ACCEPT ? 1 : 2);
        else
          g_assert_cmpint (fixture_sql_count (fixture, "SELECT version FROM cases WHERE uuid = '" CASE_UUID "'"), ==, 1);
        break;
      }
    case GET_CASE:
      node = yc_backoffice_get_case (fixture->backoffice, p, CASE_UUID, &error);
      got = outcome (node, error);
      g_assert_cmpstr (got, ==, row->expect);
      if (node != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "case"), "uuid"),
                         ==, CASE_UUID);
      break;
    case QUERY:
      node = yc_backoffice_query_cases (fixture->backoffice, p, row->payload, NULL, NULL, NULL, NULL, 0, 0, &error);
      got = outcome (node, error);
      g_assert_cmpstr (got, ==, row->expect);
      if (node != NULL)
        g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "total"), ==, 1);
      break;
    case STATS:
      {
        GDate day = yc_test_date (YC_TEST_DAY);
        node = yc_backoffice_stats (fixture->backoffice, p, &day, &day, &error);
        got = outcome (node, error);
        g_assert_cmpstr (got, ==, row->expect);
        break;
      }
    case UPLOAD:
    default:
      {
        g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, row->name, -1);
        node = yc_backoffice_upload_create (fixture->backoffice, p, sha, strlen (row->name), &error);
        got = outcome (node, error);
        g_assert_cmpstr (got, ==, row->expect);
        break;
      }
    }

  /* Denials — and only denials — leave an audit row. */
  g_assert_cmpint (fixture_sql_count (fixture, "SELECT count(*) FROM audit WHERE outcome = 'denied'"),
                   ==, denials_before + (g_str_equal (row->expect, "forbidden") ? 1 : 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/backoffice/matrix/%s", rows[i].name);
      g_test_add (path, Fixture, &rows[i], fixture_set_up, test_row, fixture_tear_down);
    }

  return g_test_run ();
}
