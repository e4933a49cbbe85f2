/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-case-machine.h"
#include "yc-store-pledges.h"
#include "yc-sync-error.h"
#include "yc-test-desk.h"

/*
 * Review mode end to end (issue 7; docs/review.md): the real back office process
 * (tests/yc-test-server.c) and one local store per computer — a counter window of hall JB01
 * and reviewers' back-office computers, not enrolled as windows.  Every decision is an
 * operation applied through the reviewer's own store and outbox and sent by the sync engine,
 * as review mode does it.
 *
 *   /review-flow/approve           a clerk's case syncs, the reviewer's store pulls it, the
 *                                  reviewer approves, the clerk's store pulls 待出件
 *   /review-flow/blob              the material's file fetched on demand, kept, served
 *                                  locally the second time, offline when never held
 *   /review-flow/one-time-notice   a later return citing a material no notice named is
 *                                  refused (locally and by the back office) without
 *                                  new_demand; with it the case carries the flag
 *   /review-flow/bundle            我要开健身房: departments decide their parts in parallel;
 *                                  ready only when every part is approved and the tolerated
 *                                  material has arrived
 *   /review-flow/parallel          the five departments decide without pulling in between:
 *                                  every stale op applied (only other parts changed), ready
 *   /review-flow/same-part-conflict  a stale claim of the same part still conflicts
 *   /review-flow/pledge            post-verification: the reviewer's pledge list has the
 *                                  case; verified broken, the counter's store flags the
 *                                  applicant (no more tolerance or pledges for them)
 */

#define ITEM        "SCJG-XK-001"   /* 个体工商户设立登记, scjg */
#define GYM         "YJS-001"       /* 我要开健身房: scjg, wj, wlt, xf, sw */
#define GYM_MISSING "health_certificates"

typedef struct {
  YcTestServer *server;
  YcCalendar   *calendar;
  YcCatalog    *catalog;
} Fixture;

/* A reviewer of the three other departments of 我要开健身房, added as an administrator does. */
static void
add_gym_reviewer (YcTestServer *server)
{
  const char *argv[] = {
    yc_test_server_get_executable (), "--data-dir", yc_test_server_get_data_dir (server),
    "user", "add", "rev-gym", "--role", "reviewer", "--department", "wj", "--department", "wlt",
    "--department", "xf", "--password-stdin", NULL
  };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                     | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "rev-gym-pw\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("user add rev-gym: %s", err);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->server = yc_test_server_new ();
  add_gym_reviewer (f->server);
  yc_test_server_start (f->server, NULL);
  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->catalog);
  g_clear_object (&f->calendar);
  yc_test_server_free (f->server);
}

static YcTestDesk *
counter (Fixture *f)
{
  return yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
}

static YcTestDesk *
reviewer (Fixture    *f,
          const char *username)
{
  return yc_test_desk_new (f->server, f->calendar, username, NULL, NULL);
}

static void
apply_ok (YcTestDesk *desk,
          const char *uuid,
          YcOpKind    kind,
          const char *payload)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_test_desk_apply (desk, uuid, kind, payload, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
}

static YcCaseState
state_on (YcTestDesk *desk,
          const char *uuid)
{
  g_autoptr(YcCase) c = yc_test_desk_case (desk, uuid);

  return c->state;
}

static YcCaseState
part_state_on (YcTestDesk *desk,
               const char *uuid,
               const char *department)
{
  g_autoptr(YcCase) c = yc_test_desk_case (desk, uuid);
  YcCasePart *part = yc_case_lookup_part (c, department);

  g_assert_nonnull (part);
  return part->state;
}

static gint64
outbox_count (YcTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  gint64 count = yc_store_outbox_count (desk->store, &error);

  g_assert_no_error (error);
  return count;
}

/* The case as the back office gives it to @username (GET /api/v1/cases/{uuid}). */
static JsonObject *
server_case (Fixture          *f,
             const char       *username,
             const char       *uuid,
             YcTestResponse  **out_response)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);

  *out_response = yc_test_server_get (f->server, path, yc_test_server_token (f->server, username));
  g_assert_cmpuint ((*out_response)->status, ==, 200);
  return json_object_get_object_member (yc_test_response_object (*out_response), "case");
}

static void
test_approve (Fixture       *f,
              gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *rev = reviewer (f, "rev-scjg");
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  const char *uuid = accepted->uuid;

  yc_test_desk_sync (clerk);
  g_assert_cmpint (outbox_count (clerk), ==, 0);

  /* The reviewer's computer is no window of the hall, and still keeps the case. */
  yc_test_desk_sync (rev);
  g_assert_cmpint (state_on (rev, uuid), ==, YC_CASE_STATE_ACCEPTED);

  apply_ok (rev, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  g_assert_cmpint (state_on (rev, uuid), ==, YC_CASE_STATE_IN_REVIEW);
  apply_ok (rev, uuid, YC_OP_REVIEW_APPROVE, "{\"department\": \"scjg\", \"comment\": \"同意\"}");
  /* Shown at once, before the back office has heard of it (pending in the outbox). */
  g_assert_cmpint (state_on (rev, uuid), ==, YC_CASE_STATE_READY);
  g_assert_cmpint (outbox_count (rev), ==, 2);

  yc_test_desk_sync (rev);
  g_assert_cmpint (outbox_count (rev), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (rev->engine), ==, 0);

  yc_test_desk_sync (clerk);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_READY);
  {
    g_autoptr(YcCase) c = yc_test_desk_case (clerk, uuid);
    YcCasePart *part = yc_case_lookup_part (c, "scjg");

    g_assert_cmpstr (part->decided_by, ==, "rev-scjg");
    g_assert_cmpint (c->version, ==, 3);
  }

  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
}

typedef struct {
  GBytes   *bytes;
  GError   *error;
  gboolean  done;
} Fetched;

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetched *fetched = user_data;

  fetched->bytes = yc_blob_fetcher_fetch_finish (YC_BLOB_FETCHER (object), result, &fetched->error);
  fetched->done = TRUE;
}

static void
fetched_clear (Fetched *fetched)
{
  g_clear_pointer (&fetched->bytes, g_bytes_unref);
  g_clear_error (&fetched->error);
  fetched->done = FALSE;
}

static void
test_blob (Fixture       *f,
           gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *rev = reviewer (f, "rev-scjg");
  YcTestDesk *other = reviewer (f, "rev-sw");
  g_autofree char *sha = NULL;
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, &sha);
  g_autoptr(YcBlobFetcher) fetcher = yc_blob_fetcher_new (rev->client, rev->store);
  g_autoptr(YcBlobFetcher) outsider = yc_blob_fetcher_new (other->client, other->store);
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  Fetched first = { 0 }, second = { 0 }, again = { 0 }, refused = { 0 }, offline = { 0 };

  original = yc_store_read_blob (clerk->store, sha, &error);
  g_assert_no_error (error);
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (rev);
  g_assert_false (yc_blob_store_contains (yc_store_get_blob_store (rev->store), sha));

  /* Two requests while the first download runs: one download. */
  yc_blob_fetcher_fetch_async (fetcher, sha, NULL, fetched_cb, &first);
  yc_blob_fetcher_fetch_async (fetcher, sha, NULL, fetched_cb, &second);
  yc_test_wait_for (&first.done, 30);
  yc_test_wait_for (&second.done, 30);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_true (g_bytes_equal (first.bytes, original));
  g_assert_true (g_bytes_equal (second.bytes, original));
  g_assert_cmpuint (yc_blob_fetcher_get_n_downloads (fetcher), ==, 1);
  g_assert_true (yc_blob_store_contains (yc_store_get_blob_store (rev->store), sha));

  /* A reviewer of another department sees no case that refers to it. */
  yc_blob_fetcher_fetch_async (outsider, sha, NULL, fetched_cb, &refused);
  yc_test_wait_for (&refused.done, 30);
  g_assert_error (refused.error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);

  /* The back office gone: what is held still opens, the rest says why it does not. */
  yc_test_server_stop (f->server);
  yc_blob_fetcher_fetch_async (fetcher, sha, NULL, fetched_cb, &again);
  yc_test_wait_for (&again.done, 30);
  g_assert_no_error (again.error);
  g_assert_true (g_bytes_equal (again.bytes, original));
  g_assert_cmpuint (yc_blob_fetcher_get_n_downloads (fetcher), ==, 1);

  yc_blob_fetcher_fetch_async (outsider, sha, NULL, fetched_cb, &offline);
  yc_test_wait_for (&offline.done, 60);
  g_assert_error (offline.error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_assert_nonnull (strstr (offline.error->message, "network"));

  fetched_clear (&first);
  fetched_clear (&second);
  fetched_clear (&again);
  fetched_clear (&refused);
  fetched_clear (&offline);
  g_clear_object (&fetcher);
  g_clear_object (&outsider);
  yc_test_desk_free (other);
  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
}

static void
test_one_time_notice (Fixture       *f,
                      gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *rev = reviewer (f, "rev-scjg");
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  const char *uuid = accepted->uuid;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) refused = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcTestResponse) pushed = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *supplement = NULL;
  JsonObject *c, *part, *notice;
  JsonArray *notices;

  yc_test_desk_sync (clerk);
  yc_test_desk_sync (rev);
  apply_ok (rev, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  apply_ok (rev, uuid, YC_OP_REVIEW_RETURN,
            "{\"department\": \"scjg\", \"materials\": [\"premises_proof\"], "
            "\"message\": \"租赁合同缺出租方签章\"}");
  yc_test_desk_sync (rev);
  yc_test_desk_sync (clerk);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_RETURNED);

  /* The applicant brings what the notice asked for. */
  sha = yc_test_desk_put_scan (clerk, "premises_proof v2");
  supplement = g_strdup_printf ("{\"materials\": [{\"code\": \"premises_proof\", \"name\": "
                                "\"住所（经营场所）使用证明\", \"state\": \"provided\", \"copies\": 1, "
                                "\"pages\": 1, \"blob_sha256\": \"%s\"}]}", sha);
  apply_ok (clerk, uuid, YC_OP_CASE_SUPPLEMENT, supplement);
  yc_test_desk_sync (clerk);
  g_assert_cmpint (outbox_count (clerk), ==, 0);
  yc_test_desk_sync (rev);
  g_assert_cmpint (part_state_on (rev, uuid, "scjg"), ==, YC_CASE_STATE_SUPPLEMENTED);
  apply_ok (rev, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");

  /* A second return may not ask for what the first notice did not name … */
  refused = yc_test_desk_apply (rev, uuid, YC_OP_REVIEW_RETURN,
                                "{\"department\": \"scjg\", \"materials\": [\"id_card\"], "
                                "\"message\": \"身份证复印件不清晰\"}", &error);
  g_assert_null (refused);
  g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_NOT_NOTIFIED);
  g_clear_error (&error);
  g_assert_cmpint (outbox_count (rev), ==, 1);   /* the claim only */
  yc_test_desk_sync (rev);

  /* … and the back office refuses it as well, whoever sends it. */
  {
    g_autoptr(YcCase) now = yc_test_desk_case (rev, uuid);
    g_autofree char *key = yc_test_uuid ();
    g_autofree char *batch = NULL;
    JsonObject *result;

    batch = yc_test_batch (key, yc_test_op ("review.return", uuid, now->version,
                                            yc_test_json ("{\"department\": \"scjg\", \"materials\": "
                                                          "[\"id_card\"], \"message\": \"x\"}")), NULL);
    pushed = yc_test_server_push (f->server, yc_test_server_token (f->server, "rev-scjg"), key, batch);
    g_assert_cmpuint (pushed->status, ==, 200);
    result = json_array_get_object_element (
        json_object_get_array_member (yc_test_response_object (pushed), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "not_notified");
  }

  /* With new_demand it goes through, and is flagged for supervision. */
  apply_ok (rev, uuid, YC_OP_REVIEW_RETURN,
            "{\"department\": \"scjg\", \"materials\": [\"id_card\"], "
            "\"message\": \"身份证复印件不清晰\", \"new_demand\": true}");
  yc_test_desk_sync (rev);
  g_assert_cmpint (outbox_count (rev), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (rev->engine), ==, 0);

  c = server_case (f, "super", uuid, &response);
  part = json_array_get_object_element (json_object_get_array_member (c, "parts"), 0);
  notices = json_object_get_array_member (part, "notices");
  g_assert_cmpuint (json_array_get_length (notices), ==, 2);
  notice = json_array_get_object_element (notices, 0);
  g_assert_false (json_object_get_boolean_member (notice, "new_demand"));
  notice = json_array_get_object_element (notices, 1);
  g_assert_true (json_object_get_boolean_member (notice, "new_demand"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (notice, "new_materials"), 0),
                   ==, "id_card");

  /* The clerk's window learns of the new notice too. */
  yc_test_desk_sync (clerk);
  {
    g_autoptr(YcCase) seen = yc_test_desk_case (clerk, uuid);
    YcCaseNotice *last;

    part = NULL;
    last = g_ptr_array_index (yc_case_lookup_part (seen, "scjg")->notices, 1);
    g_assert_true (last->new_demand);
    g_assert_cmpint (seen->state, ==, YC_CASE_STATE_RETURNED);
  }

  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
}

static void
claim_and_approve (YcTestDesk *desk,
                   const char *uuid,
                   const char *department)
{
  g_autofree char *claim = g_strdup_printf ("{\"department\": \"%s\"}", department);
  g_autofree char *approve = g_strdup_printf ("{\"department\": \"%s\", \"comment\": \"同意\"}", department);

  apply_ok (desk, uuid, YC_OP_REVIEW_CLAIM, claim);
  apply_ok (desk, uuid, YC_OP_REVIEW_APPROVE, approve);
}

static void
test_bundle (Fixture       *f,
             gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *scjg = reviewer (f, "rev-scjg");
  YcTestDesk *sw = reviewer (f, "rev-sw");
  YcTestDesk *gym = reviewer (f, "rev-gym");
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, GYM, GYM_MISSING, NULL);
  const char *uuid = accepted->uuid;
  g_autofree char *sha = NULL;
  g_autofree char *supplement = NULL;

  g_assert_cmpuint (accepted->parts->len, ==, 5);
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);

  /* Both departments hold their part at the same time; each sees who holds the other. */
  apply_ok (scjg, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);
  apply_ok (sw, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"sw\"}");
  yc_test_desk_sync (sw);
  yc_test_desk_sync (scjg);
  {
    g_autoptr(YcCase) c = yc_test_desk_case (scjg, uuid);

    g_assert_cmpstr (yc_case_lookup_part (c, "sw")->claimed_by, ==, "rev-sw");
    g_assert_cmpstr (yc_case_lookup_part (c, "scjg")->claimed_by, ==, "rev-scjg");
  }

  apply_ok (scjg, uuid, YC_OP_REVIEW_APPROVE, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);
  apply_ok (sw, uuid, YC_OP_REVIEW_APPROVE, "{\"department\": \"sw\"}");
  yc_test_desk_sync (sw);
  g_assert_cmpint (outbox_count (scjg) + outbox_count (sw), ==, 0);

  /* Two of five parts approved: still in review, not ready. */
  yc_test_desk_sync (clerk);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_IN_REVIEW);
  g_assert_cmpint (part_state_on (clerk, uuid, "scjg"), ==, YC_CASE_STATE_APPROVED);
  g_assert_cmpint (part_state_on (clerk, uuid, "sw"), ==, YC_CASE_STATE_APPROVED);

  yc_test_desk_sync (gym);
  claim_and_approve (gym, uuid, "wj");
  claim_and_approve (gym, uuid, "wlt");
  claim_and_approve (gym, uuid, "xf");
  yc_test_desk_sync (gym);
  g_assert_cmpint (outbox_count (gym), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (gym->engine), ==, 0);

  /* Every part approved, the tolerated health certificates not in yet. */
  yc_test_desk_sync (clerk);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_AWAITING_SUPPLEMENT);

  sha = yc_test_desk_put_scan (clerk, GYM_MISSING);
  supplement = g_strdup_printf ("{\"materials\": [{\"code\": \"%s\", \"name\": \"从业人员健康证明\", "
                                "\"state\": \"provided\", \"copies\": 1, \"pages\": 1, "
                                "\"blob_sha256\": \"%s\"}]}", GYM_MISSING, sha);
  apply_ok (clerk, uuid, YC_OP_CASE_SUPPLEMENT, supplement);
  yc_test_desk_sync (clerk);
  g_assert_cmpint (outbox_count (clerk), ==, 0);
  yc_test_desk_sync (clerk);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_READY);

  /* The reviewers' computers follow. */
  yc_test_desk_sync (scjg);
  g_assert_cmpint (state_on (scjg, uuid), ==, YC_CASE_STATE_READY);

  yc_test_desk_free (gym);
  yc_test_desk_free (sw);
  yc_test_desk_free (scjg);
  yc_test_desk_free (clerk);
}

/* 并联审批 without pulling in between: every department decides its part on the version it
 * pulled once, so every push after the first is on a stale base.  Only other parts changed
 * since, so the back office applies each op to the case as it stands (one version per op)
 * and the case is ready once the last part is approved, whoever came last. */
static void
test_parallel (Fixture       *f,
               gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *scjg = reviewer (f, "rev-scjg");
  YcTestDesk *sw = reviewer (f, "rev-sw");
  YcTestDesk *gym = reviewer (f, "rev-gym");
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, GYM, NULL, NULL);
  g_autoptr(YcTestResponse) response = NULL;
  const char *uuid = accepted->uuid;
  const char *departments[] = { "scjg", "sw", "wj", "wlt", "xf", NULL };
  JsonObject *server;
  JsonArray *parts;

  g_assert_cmpuint (accepted->parts->len, ==, G_N_ELEMENTS (departments) - 1);
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);
  yc_test_desk_sync (gym);

  /* Decided locally on version 1 everywhere, before any of it is sent. */
  claim_and_approve (scjg, uuid, "scjg");
  claim_and_approve (sw, uuid, "sw");
  claim_and_approve (gym, uuid, "wj");
  claim_and_approve (gym, uuid, "wlt");
  claim_and_approve (gym, uuid, "xf");
  {
    g_autoptr(YcCase) c = yc_test_desk_case (gym, uuid);

    /* The third computer numbers its six ops on from version 1. */
    g_assert_cmpint (c->version, ==, 7);
  }

  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);
  yc_test_desk_sync (gym);
  g_assert_cmpint (outbox_count (scjg) + outbox_count (sw) + outbox_count (gym), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (scjg->engine), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (sw->engine), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (gym->engine), ==, 0);

  /* The back office: ten ops applied, one version each, every part approved by its own. */
  server = server_case (f, "super", uuid, &response);
  g_assert_cmpint (json_object_get_int_member (server, "version"), ==, 1 + 10);
  g_assert_cmpstr (json_object_get_string_member (server, "state"), ==, "ready");
  parts = json_object_get_array_member (server, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, G_N_ELEMENTS (departments) - 1);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonObject *part = json_array_get_object_element (parts, i);

      g_assert_cmpstr (json_object_get_string_member (part, "state"), ==, "approved");
      g_assert_true (g_strv_contains (departments, json_object_get_string_member (part, "department")));
    }

  /* Every computer converges on the back office's document. */
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (scjg);
  yc_test_desk_sync (sw);
  g_assert_cmpint (state_on (clerk, uuid), ==, YC_CASE_STATE_READY);
  g_assert_cmpint (state_on (scjg, uuid), ==, YC_CASE_STATE_READY);
  {
    g_autoptr(YcCase) c = yc_test_desk_case (sw, uuid);

    g_assert_cmpint (c->version, ==, 11);
    g_assert_cmpstr (yc_case_lookup_part (c, "scjg")->decided_by, ==, "rev-scjg");
    g_assert_cmpstr (yc_case_lookup_part (c, "sw")->decided_by, ==, "rev-sw");
    g_assert_cmpstr (yc_case_lookup_part (c, "xf")->decided_by, ==, "rev-gym");
  }

  yc_test_desk_free (gym);
  yc_test_desk_free (sw);
  yc_test_desk_free (scjg);
  yc_test_desk_free (clerk);
}

/* A stale edit of the SAME part still conflicts: a reviewer of scjg holds and approves it;
 * another, on the version both pulled, claims sw (applied: only scjg changed since) and
 * then scjg (a conflict: scjg changed since they saw it, whatever their numbering says). */
static void
test_same_part_conflict (Fixture       *f,
                         gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *first = reviewer (f, "rev-scjg");
  YcTestDesk *second = reviewer (f, "rev-both");
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, GYM, NULL, NULL);
  g_autoptr(YcTestResponse) response = NULL;
  const char *uuid = accepted->uuid;
  JsonObject *server;

  yc_test_desk_sync (clerk);
  yc_test_desk_sync (first);
  yc_test_desk_sync (second);

  claim_and_approve (first, uuid, "scjg");
  apply_ok (second, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"sw\"}");
  apply_ok (second, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (first);
  yc_test_desk_sync (second);
  g_assert_cmpuint (yc_sync_engine_get_problems (first->engine), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (second->engine), ==, 1);
  g_assert_cmpint (outbox_count (second), ==, 0);

  /* Accepted, scjg claimed and approved, sw claimed: the losing claim made no version. */
  server = server_case (f, "super", uuid, &response);
  g_assert_cmpint (json_object_get_int_member (server, "version"), ==, 4);
  yc_test_desk_sync (second);
  {
    g_autoptr(YcCase) c = yc_test_desk_case (second, uuid);

    g_assert_cmpint (c->version, ==, 4);
    g_assert_cmpint (yc_case_lookup_part (c, "scjg")->state, ==, YC_CASE_STATE_APPROVED);
    g_assert_cmpstr (yc_case_lookup_part (c, "scjg")->decided_by, ==, "rev-scjg");
    g_assert_cmpstr (yc_case_lookup_part (c, "sw")->claimed_by, ==, "rev-both");
  }

  yc_test_desk_free (second);
  yc_test_desk_free (first);
  yc_test_desk_free (clerk);
}

/* A back-office computer shared by reviewers of different departments: what the change
 * feed brought the first is not what the second may see, so the second reads the feed again
 * for their own scope and gets the cases that came before. */
static void
test_shared_computer (Fixture       *f,
                      gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *gym = reviewer (f, "rev-gym");
  YcTestDesk *scjg;
  g_autofree char *dir = g_strdup (gym->dir);
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  g_autoptr(YcCase) missing = NULL;
  g_autoptr(GError) error = NULL;

  yc_test_desk_sync (clerk);
  /* The wj/wlt/xf reviewer reads the feed past the scjg case, which is not theirs. */
  yc_test_desk_sync (gym);
  missing = yc_store_get_case (gym->store, accepted->uuid, &error);
  g_assert_null (missing);
  g_clear_error (&error);
  gym->keep_dir = TRUE;
  yc_test_desk_free (gym);

  scjg = yc_test_desk_new_in (dir, yc_test_server_get_base_url (f->server), f->calendar,
                              "rev-scjg", "rev-scjg-pw", NULL, NULL);
  yc_test_desk_sync (scjg);
  g_assert_cmpint (state_on (scjg, accepted->uuid), ==, YC_CASE_STATE_ACCEPTED);

  yc_test_desk_free (scjg);
  yc_test_desk_free (clerk);
}

static void
test_pledge (Fixture       *f,
             gconstpointer  data)
{
  YcTestDesk *clerk = counter (f);
  YcTestDesk *rev = reviewer (f, "rev-scjg");
  YcTestDesk *other = reviewer (f, "rev-sw");
  g_autoptr(YcCase) accepted = yc_test_desk_accept_full (clerk, f->catalog, ITEM, NULL, "premises_proof", NULL);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) not_theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const char * const scjg[] = { "scjg", NULL };
  const char * const sw[] = { "sw", NULL };

  g_assert_cmpint (accepted->decision, ==, YC_DECISION_ACCEPT_ON_PLEDGE);
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (rev);
  yc_test_desk_sync (other);
  listed = yc_store_list_pledge_cases (rev->store, scjg, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((YcCase *) g_ptr_array_index (listed, 0))->uuid, ==, accepted->uuid);
  not_theirs = yc_store_list_pledge_cases (other->store, sw, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (not_theirs->len, ==, 0);
  g_assert_false (yc_store_applicant_is_flagged (clerk->store, "91110108MA01ABCD2X", NULL, &error));

  apply_ok (rev, accepted->uuid, YC_OP_PLEDGE_VERIFY,
            "{\"material\": \"premises_proof\", \"result\": \"broken\", \"note\": \"租赁合同系伪造\"}");
  yc_test_desk_sync (rev);
  g_assert_cmpint (outbox_count (rev), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (rev->engine), ==, 0);

  yc_test_desk_sync (clerk);
  g_assert_true (yc_store_applicant_is_flagged (clerk->store, "91110108MA01ABCD2X", &reason, &error));
  g_assert_no_error (error);
  {
    g_autoptr(YcCase) seen = yc_test_desk_case (clerk, accepted->uuid);

    g_assert_cmpint (yc_case_lookup_pledge (seen, "premises_proof")->status, ==, YC_PLEDGE_BROKEN);
  }

  yc_test_desk_free (other);
  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/review-flow/approve", Fixture, NULL, fixture_set_up, test_approve, fixture_tear_down);
  g_test_add ("/review-flow/blob", Fixture, NULL, fixture_set_up, test_blob, fixture_tear_down);
  g_test_add ("/review-flow/one-time-notice", Fixture, NULL, fixture_set_up, test_one_time_notice,
              fixture_tear_down);
  g_test_add ("/review-flow/bundle", Fixture, NULL, fixture_set_up, test_bundle, fixture_tear_down);
  g_test_add ("/review-flow/parallel", Fixture, NULL, fixture_set_up, test_parallel, fixture_tear_down);
  g_test_add ("/review-flow/same-part-conflict", Fixture, NULL, fixture_set_up, test_same_part_conflict,
              fixture_tear_down);
  g_test_add ("/review-flow/pledge", Fixture, NULL, fixture_set_up, test_pledge, fixture_tear_down);
  g_test_add ("/review-flow/shared-computer", Fixture, NULL, fixture_set_up, test_shared_computer,
              fixture_tear_down);

  return g_test_run ();
}
