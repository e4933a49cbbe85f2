/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include "yc-store-flags.h"
#include "yc-store-private.h"
#include "yc-test-store.h"

/*
 * Flagged applicants as the change feed brings them (docs/API.md, kind applicant_flag):
 * the back office's payload read member by member, its kind, time and case kept; a flag
 * without an ID number skipped; the earliest time kept; the lookup the counter makes, also
 * asynchronously.
 */

#define PERSON_ID "11010519491231002X"
#define ENTERPRISE_ID "91110108MA01ABCD2X"
#define CASE_UUID "5f0c6a5e-1d2b-4c7e-9a51-0d6f3c2b8e41"

/* The payload exactly as yc_push_flag_applicant() writes it. */
static YcFeedChange *
flag_change (gint64      seq,
             const char *kind,
             const char *id_number,
             const char *reason,
             const char *flagged_at)
{
  g_autoptr(JsonObject) payload = json_object_new ();

  if (kind != NULL)
    json_object_set_string_member (payload, "applicant_kind", kind);
  if (id_number != NULL)
    json_object_set_string_member (payload, "id_number", id_number);
  json_object_set_string_member (payload, "reason", reason);
  if (flagged_at != NULL)
    json_object_set_string_member (payload, "flagged_at", flagged_at);
  json_object_set_string_member (payload, "case_uuid", CASE_UUID);
  return yc_feed_change_new (seq, "applicant_flag", CASE_UUID, 4, payload);
}

static void
apply (YcStoreFixture *f,
       YcFeedChange   *change,
       const char     *next)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (changes, change);
  applied = yc_store_apply_feed_page (f->store, changes, next, "c1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (applied);
}

static YcApplicantFlag *
lookup (YcStoreFixture *f,
        const char     *id_number)
{
  g_autoptr(GError) error = NULL;
  YcApplicantFlag *flag = yc_store_lookup_applicant_flag (f->store, id_number, &error);

  g_assert_no_error (error);
  return flag;
}

static void
test_feed_payload (YcStoreFixture *f,
                   gconstpointer   data)
{
  g_autoptr(YcApplicantFlag) person = NULL;
  g_autoptr(YcApplicantFlag) enterprise = NULL;
  g_autoptr(YcApplicantFlag) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_assert_null (lookup (f, PERSON_ID));

  apply (f, flag_change (7, "person", PERSON_ID, "承诺的无犯罪记录证明经核查不实",
                         "2026-11-24T02:00:00Z"), "e1:7");
  person = lookup (f, PERSON_ID);
  g_assert_nonnull (person);
  g_assert_cmpstr (person->applicant_kind, ==, "person");
  g_assert_cmpstr (person->id_number, ==, PERSON_ID);
  g_assert_cmpstr (person->reason, ==, "承诺的无犯罪记录证明经核查不实");
  /* The back office's time, not the time it arrived here. */
  g_assert_cmpstr (person->flagged_at, ==, "2026-11-24T02:00:00.000000Z");
  g_assert_cmpstr (person->case_uuid, ==, CASE_UUID);

  /* The older call the engine and others use agrees. */
  g_assert_true (yc_store_applicant_is_flagged (f->store, PERSON_ID, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, "承诺的无犯罪记录证明经核查不实");

  /* A later broken pledge of the same applicant: the new reason, the first time. */
  apply (f, flag_change (9, "person", PERSON_ID, "第二次承诺不实", "2026-11-25T08:00:00+08:00"),
         "e1:9");
  g_clear_pointer (&person, yc_applicant_flag_free);
  person = lookup (f, PERSON_ID);
  g_assert_cmpstr (person->reason, ==, "第二次承诺不实");
  g_assert_cmpstr (person->flagged_at, ==, "2026-11-24T02:00:00.000000Z");

  apply (f, flag_change (10, "enterprise", ENTERPRISE_ID, "承诺的消防验收未按期补交",
                         "2026-11-26T01:30:00Z"), "e1:10");
  enterprise = lookup (f, ENTERPRISE_ID);
  g_assert_cmpstr (enterprise->applicant_kind, ==, "enterprise");
  g_assert_cmpstr (enterprise->flagged_at, ==, "2026-11-26T01:30:00.000000Z");

  copy = yc_applicant_flag_copy (enterprise);
  g_assert_cmpstr (copy->reason, ==, enterprise->reason);
  g_assert_true (copy->reason != enterprise->reason);

  /* Flags survive reopening: the counter looks them up offline. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_clear_pointer (&enterprise, yc_applicant_flag_free);
  enterprise = lookup (f, ENTERPRISE_ID);
  g_assert_nonnull (enterprise);
  g_assert_cmpstr (enterprise->case_uuid, ==, CASE_UUID);
}

/* What is malformed: no ID number → nothing to key on, skipped, the cursor still moves;
 * an unknown kind or a bad time → the flag is kept without the kind / as of now. */
static void
test_feed_malformed (YcStoreFixture *f,
                     gconstpointer   data)
{
  g_autoptr(YcApplicantFlag) flag = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  g_test_expect_message ("yc-store", G_LOG_LEVEL_WARNING, "*has no ID number*");
  apply (f, flag_change (3, "person", NULL, "x", "2026-11-24T02:00:00Z"), "e1:3");
  g_test_assert_expected_messages ();
  cursor = yc_store_get_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "e1:3");

  g_test_expect_message ("yc-store", G_LOG_LEVEL_WARNING, "*names no applicant kind*");
  g_test_expect_message ("yc-store", G_LOG_LEVEL_WARNING, "*no valid flagged_at*");
  apply (f, flag_change (4, "robot", PERSON_ID, "承诺不实", "yesterday"), "e1:4");
  g_test_assert_expected_messages ();
  flag = lookup (f, PERSON_ID);
  g_assert_nonnull (flag);
  g_assert_null (flag->applicant_kind);
  at = yc_store_parse_time (flag->flagged_at);
  g_assert_nonnull (at);
  g_assert_cmpint (g_date_time_compare (at, before), >=, 0);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static YcApplicantFlag *
lookup_async (YcStoreFixture *f,
              const char     *id_number)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcApplicantFlag *flag;

  yc_store_lookup_applicant_flag_async (f->store, id_number, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  flag = yc_store_lookup_applicant_flag_finish (f->store, result, &error);
  g_assert_no_error (error);
  return flag;
}

static void
test_async (YcStoreFixture *f,
            gconstpointer   data)
{
  g_autoptr(YcApplicantFlag) none = NULL;
  g_autoptr(YcApplicantFlag) flag = NULL;

  none = lookup_async (f, ENTERPRISE_ID);
  g_assert_null (none);
  apply (f, flag_change (1, "enterprise", ENTERPRISE_ID, "承诺不实", "2026-11-24T02:00:00Z"),
         "e1:1");
  flag = lookup_async (f, ENTERPRISE_ID);
  g_assert_nonnull (flag);
  g_assert_cmpstr (flag->reason, ==, "承诺不实");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store-flags/" path, YcStoreFixture, NULL, yc_store_fixture_set_up, func, \
              yc_store_fixture_tear_down)
  ADD ("feed-payload", test_feed_payload);
  ADD ("feed-malformed", test_feed_malformed);
  ADD ("async", test_async);
#undef ADD

  return g_test_run ();
}
