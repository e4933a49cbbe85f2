/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-case-list-query-private.h"
#include "yc-store-private.h"
#include "yc-test-cases.h"
#include "yc-test-files.h"
#include "yc-test-schema.h"

/*
 * Urges and their addressees in the local store (schema 8, yc-store-urges.c,
 * docs/supervision.md "The handler"):
 *
 *   /store/urges/migration     a version 7 store with urges: they keep addressee NULL and get
 *                              the department or hall of their case's document; shown to
 *                              everyone of it, until the feed brings the addressee again
 *   /store/urges/for-user      the urges a user is shown: theirs, those of their department
 *                              or hall addressed to nobody, legacy ones of no known scope
 *   /store/urges/acknowledge   only the addressee acknowledges an addressed urge
 *   /store/urges/from-document a colleague's urge arrives with its case's document, silently;
 *                              the case's acknowledgement closes the urge here
 *   /store/urges/list-count    the open-urges column of a review list made for one user counts
 *                              their urges; made for nobody (the board), every open urge
 */

#define URGE_HELD    "aaaaaaaa-1111-4111-8111-111111111111"
#define URGE_LEGACY  "bbbbbbbb-2222-4222-8222-222222222222"
#define OTHER_CASE   "cccccccc-3333-4333-8333-333333333333"

static YcCalendar *calendar;
static YcCatalog *catalog;

/* A case of sport (an item of the test catalog) held by rs, urged by sv: the urge is rs's. */
static YcCase *
held_urged_case (void)
{
  YcCase *c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);

  g_assert_null (yc_test_apply (c, "rs", YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", NULL,
                                calendar, NULL));
  g_assert_null (yc_test_apply (c, "sv", YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快\"}", NULL,
                                calendar, NULL));
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (c->urges, 0))->to, ==, "rs");
  return c;
}

/* Another case than the test cases' one (they all share a uuid and a number); after its
 * operations, which name that uuid. */
static void
rename_case (YcCase     *c,
             const char *uuid,
             const char *number)
{
  g_free (c->uuid);
  c->uuid = g_strdup (uuid);
  g_free (c->number);
  c->number = g_strdup (number);
}

static const char *
urge_id (YcCase *c,
         guint   i)
{
  return ((YcCaseUrge *) g_ptr_array_index (c->urges, i))->id;
}

static YcFeedChange *
case_change (YcCase *c,
             gint64  seq)
{
  g_autoptr(JsonNode) node = yc_case_to_json (c);

  return yc_feed_change_new (seq, "case", c->uuid, c->version, json_node_get_object (node));
}

/* The feed's urge change for the first urge of @c, "to" @to (NULL: JSON null). */
static YcFeedChange *
urge_change (YcCase     *c,
             gint64      seq,
             const char *to)
{
  const YcCaseUrge *urge = g_ptr_array_index (c->urges, 0);
  g_autoptr(JsonObject) payload = json_object_new ();

  json_object_set_string_member (payload, "id", urge->id);
  json_object_set_string_member (payload, "case_uuid", c->uuid);
  json_object_set_string_member (payload, "number", c->number);
  json_object_set_string_member (payload, "by", urge->by);
  json_object_set_string_member (payload, "message", urge->message);
  json_object_set_string_member (payload, "at", urge->at);
  if (to != NULL)
    json_object_set_string_member (payload, "to", to);
  else
    json_object_set_null_member (payload, "to");
  return yc_feed_change_new (seq, "urge", c->uuid, c->version, payload);
}

/* Applies a page of @first … NULL as @username; returns how many urges were new. */
static guint
pull (YcStore      *store,
      const char   *username,
      YcFeedChange *first,
      ...)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GError) error = NULL;
  static guint page = 0;
  g_autofree char *next = g_strdup_printf ("e1:%u", ++page * 10);
  YcFeedChange *change;
  va_list args;

  va_start (args, first);
  for (change = first; change != NULL; change = va_arg (args, YcFeedChange *))
    g_ptr_array_add (changes, change);
  va_end (args);
  applied = yc_store_apply_feed_page (store, changes, next, username, &error);
  g_assert_no_error (error);
  return applied->new_urges->len;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of the open urges @actor is shown, sorted, comma-separated ("" for none). */
static char *
shown_to (YcStore    *store,
          const char *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) urges = yc_store_list_urges_for (store, yc_test_actor (actor), TRUE, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < urges->len; i++)
    g_ptr_array_add (ids, ((YcUrge *) g_ptr_array_index (urges, i))->id);
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (",", (char **) ids->pdata);
}

static void
test_migration (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "yichuang.db", NULL);
  g_autoptr(YcCase) c = held_urged_case ();
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *document = yc_case_to_json_string (c);
  g_autofree char *held_id = g_strdup (urge_id (c, 0));
  g_autofree char *shown = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  /* A version 7 store, as that version wrote it: the case with its document, the urge the
   * feed brought for it (no addressee then), and one of a case not kept here. */
  db = yc_test_schema_create_at (path, 7);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO cases (uuid, number, kind, subject_code, scenario, "
                                       "catalog_version, applicant, decision, state, accepted_at, "
                                       "accepted_on, version, server_version, sync_state, updated_at, "
                                       "document) VALUES (?1, ?2, 'item', 'SPORT', '{}', 'test', '{}', "
                                       "'accept', 'in_review', '2026-11-23T02:00:00.000000Z', "
                                       "'2026-11-23', ?3, ?3, 'synced', '2026-11-23T02:00:00.000000Z', ?4)",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, c->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, c->number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statement, 3, c->version);
  sqlite3_bind_text (statement, 4, document, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO urges (id, case_uuid, case_number, message, from_user, "
                                       "created_at, received_at) VALUES (?1, ?2, ?3, '请加快', 'sv', "
                                       "'2026-11-23T10:00:00+08:00', '2026-11-23T02:05:00.000000Z'), "
                                       "('" URGE_LEGACY "', '" OTHER_CASE "', NULL, '快', 'sv', "
                                       "'2026-11-22T10:00:00+08:00', '2026-11-22T02:05:00.000000Z')",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, held_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, c->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, c->number, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  /* No addressee yet; the department from the document, none for the unknown case. */
  all = yc_store_list_urges (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->id, ==, held_id);
  g_assert_null (((YcUrge *) g_ptr_array_index (all, 0))->addressee);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->department, ==, "sport");
  g_assert_null (((YcUrge *) g_ptr_array_index (all, 0))->hall);
  g_assert_null (((YcUrge *) g_ptr_array_index (all, 1))->addressee);
  g_assert_null (((YcUrge *) g_ptr_array_index (all, 1))->department);
  g_assert_null (((YcUrge *) g_ptr_array_index (all, 1))->hall);

  /* As before: every sport reviewer sees the sport urge; the one of no known scope is
   * everyone's; health's reviewer and the hall's clerk do not see sport's. */
  {
    g_autofree char *sorted_both = g_strcmp0 (held_id, URGE_LEGACY) < 0
                                   ? g_strdup_printf ("%s,%s", held_id, URGE_LEGACY)
                                   : g_strdup_printf ("%s,%s", URGE_LEGACY, held_id);

    shown = shown_to (store, "rs");
    g_assert_cmpstr (shown, ==, sorted_both);
    g_clear_pointer (&shown, g_free);
    shown = shown_to (store, "rs2");
    g_assert_cmpstr (shown, ==, sorted_both);
    g_clear_pointer (&shown, g_free);
  }
  shown = shown_to (store, "rh");
  g_assert_cmpstr (shown, ==, URGE_LEGACY);
  g_clear_pointer (&shown, g_free);
  shown = shown_to (store, "c1");
  g_assert_cmpstr (shown, ==, URGE_LEGACY);
  g_clear_pointer (&shown, g_free);

  /* The feed brings the urge again (after a reset): its addressee is filled in, and it is
   * not announced a second time. */
  g_assert_cmpuint (pull (store, "rs", urge_change (c, 1, "rs"), NULL), ==, 0);
  shown = shown_to (store, "rs2");
  g_assert_cmpstr (shown, ==, URGE_LEGACY);
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = yc_store_list_urges (store, FALSE, &error);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->addressee, ==, "rs");

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_for_user (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCase) held = held_urged_case ();
  g_autoptr(YcCase) waiting = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(YcCase) counter = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = NULL;
  const char *both[] = { "rs", "rh", "rs2", "c1", "c3", "sv", NULL };

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  /* A bundle nobody holds, urged to health (the whole department); another, decided,
   * urged to the counter (its clerk, c1).  Separate cases, as separate uuids. */
  g_assert_null (yc_test_apply (waiting, "sv", YC_OP_SUPERVISION_URGE,
                                "{\"message\": \"卫生快审\", \"department\": \"health\"}", NULL, calendar, NULL));
  g_assert_null (((YcCaseUrge *) g_ptr_array_index (waiting->urges, 0))->to);
  rename_case (waiting, "dddddddd-4444-4444-8444-444444444444", "HD01-W03-20261123-0008");
  for (guint i = 0; i < 4; i++)
    {
      static const struct { const char *actor; YcOpKind kind; const char *payload; } steps[] = {
        { "rs", YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}" },
        { "rh", YC_OP_REVIEW_CLAIM, "{\"department\": \"health\"}" },
        { "rs", YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}" },
        { "rh", YC_OP_REVIEW_APPROVE, "{\"department\": \"health\"}" },
      };

      g_assert_null (yc_test_apply (counter, steps[i].actor, steps[i].kind, steps[i].payload, NULL,
                                    calendar, NULL));
    }
  g_assert_null (yc_test_apply (counter, "sv", YC_OP_SUPERVISION_URGE, "{\"message\": \"通知取件\"}",
                                NULL, calendar, NULL));
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (counter->urges, 0))->to, ==, "c1");
  rename_case (counter, "eeeeeeee-5555-4555-8555-555555555555", "HD01-W03-20261123-0009");

  /* Each urge as its addressee's feed brings it, after its case. */
  g_assert_cmpuint (pull (store, "rs", case_change (held, 1), urge_change (held, 2, "rs"), NULL), ==, 1);
  g_assert_cmpuint (pull (store, "rh", case_change (waiting, 3), urge_change (waiting, 4, NULL), NULL), ==, 1);
  g_assert_cmpuint (pull (store, "c1", case_change (counter, 5), urge_change (counter, 6, "c1"), NULL), ==, 1);

  /* Who is shown what. */
  for (guint i = 0; both[i] != NULL; i++)
    {
      const char *actor = both[i];

      shown = shown_to (store, actor);
      if (g_str_equal (actor, "rs"))
        expected = g_strdup (urge_id (held, 0));
      else if (g_str_equal (actor, "rh"))
        expected = g_strdup (urge_id (waiting, 0));
      else if (g_str_equal (actor, "c1"))
        expected = g_strdup (urge_id (counter, 0));
      else
        expected = g_strdup ("");   /* rs2: not the holder; c3: not the clerk; sv: urges, not urged */
      g_assert_cmpstr (shown, ==, expected);
      g_clear_pointer (&shown, g_free);
      g_clear_pointer (&expected, g_free);
    }

  /* Everything the store holds is still there for whoever lists it all. */
  {
    g_autoptr(GPtrArray) all = yc_store_list_urges (store, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 3);
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_acknowledge (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCase) held = held_urged_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pull (store, "rs", case_change (held, 1), urge_change (held, 2, "rs"), NULL), ==, 1);

  /* A colleague: refused with a message that says whose it is; still open. */
  g_assert_false (yc_store_acknowledge_urge_as (store, urge_id (held, 0), "rs2", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ADDRESSEE);
  g_assert_nonnull (strstr (error->message, held->number));
  g_assert_nonnull (strstr (error->message, "addressed to rs"));
  g_clear_error (&error);
  shown = shown_to (store, "rs");
  g_assert_cmpstr (shown, ==, urge_id (held, 0));
  g_clear_pointer (&shown, g_free);

  /* An urge not known here. */
  g_assert_false (yc_store_acknowledge_urge_as (store, URGE_LEGACY, "rs", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Its addressee: closed (twice is no error). */
  g_assert_true (yc_store_acknowledge_urge_as (store, urge_id (held, 0), "rs", &error));
  g_assert_no_error (error);
  g_assert_true (yc_store_acknowledge_urge_as (store, urge_id (held, 0), "rs", &error));
  g_assert_no_error (error);
  shown = shown_to (store, "rs");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);

  /* An urge addressed to nobody in particular: anyone of the department may answer it. */
  {
    g_autoptr(YcCase) waiting = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);

    g_assert_null (yc_test_apply (waiting, "sv", YC_OP_SUPERVISION_URGE,
                                  "{\"message\": \"快\", \"department\": \"health\"}", NULL, calendar, NULL));
    rename_case (waiting, "dddddddd-4444-4444-8444-444444444444", "HD01-W03-20261123-0008");
    g_assert_cmpuint (pull (store, "rh", case_change (waiting, 3), urge_change (waiting, 4, NULL), NULL), ==, 1);
    g_assert_true (yc_store_acknowledge_urge_as (store, urge_id (waiting, 0), "rh", &error));
    g_assert_no_error (error);
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

static void
test_from_document (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCase) held = held_urged_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *shown = NULL;

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);

  /* rs2 is signed in on the computer: their feed brings the case, not rs's urge change.
   * The urge is kept for rs, without announcing it to rs2. */
  g_assert_cmpuint (pull (store, "rs2", case_change (held, 1), NULL), ==, 0);
  shown = shown_to (store, "rs2");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);
  shown = shown_to (store, "rs");
  g_assert_cmpstr (shown, ==, urge_id (held, 0));
  g_clear_pointer (&shown, g_free);
  all = yc_store_list_urges (store, FALSE, &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->addressee, ==, "rs");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->department, ==, "sport");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->message, ==, "请加快");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->from_user, ==, "sv");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (all, 0))->case_number, ==, held->number);
  g_clear_pointer (&all, g_ptr_array_unref);

  /* The urge's own change later (rs's feed) finds it here: not new, nothing doubled. */
  g_assert_cmpuint (pull (store, "rs", urge_change (held, 2, "rs"), NULL), ==, 0);

  /* rs acknowledges it on another computer: the next version of the case closes it here. */
  {
    g_autofree char *payload = g_strdup_printf ("{\"urge_id\": \"%s\"}", urge_id (held, 0));
    GError *refused = yc_test_apply (held, "rs", YC_OP_URGE_ACK, payload, NULL, calendar, NULL);

    g_assert_no_error (refused);
  }
  g_assert_cmpuint (pull (store, "rs2", case_change (held, 3), NULL), ==, 0);
  shown = shown_to (store, "rs");
  g_assert_cmpstr (shown, ==, "");
  g_clear_pointer (&shown, g_free);

  /* An urge the document shows acknowledged already is not added at all. */
  {
    g_autoptr(YcCase) other = held_urged_case ();
    g_autofree char *payload = NULL;
    GError *refused;

    payload = g_strdup_printf ("{\"urge_id\": \"%s\"}", urge_id (other, 0));
    refused = yc_test_apply (other, "rs", YC_OP_URGE_ACK, payload, NULL, calendar, NULL);
    g_assert_no_error (refused);
    rename_case (other, "ffffffff-6666-4666-8666-666666666666", "HD01-W03-20261123-0010");
    g_assert_cmpuint (pull (store, "rs2", case_change (other, 4), NULL), ==, 0);
    all = yc_store_list_urges (store, FALSE, &error);
    g_assert_cmpuint (all->len, ==, 1);
  }

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

/* The open urges the review list's row of @c's only part counts, made for @reader. */
static guint
row_count (YcStore    *store,
           YcCase     *c,
           const char *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDatabase) database = NULL;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(YcCaseRow) row = NULL;
  YcCaseEval eval;
  GDate today = yc_test_date (YC_TEST_DAY);
  guint count;

  yc_store_set_urge_reader (store, reader);
  database = yc_case_list_open_reader (store, &error);
  g_assert_no_error (error);
  rowids = yc_case_list_rowids_of_case (database, c->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rowids->len, ==, 1);
  yc_case_eval_init (&eval, calendar, &today, 2);
  row = yc_case_list_read_row (database, g_array_index (rowids, gint64, 0), &eval, NULL, &error);
  g_assert_no_error (error);
  count = yc_case_row_get_open_urges (row);
  yc_case_eval_clear (&eval);
  return count;
}

static void
test_list_count (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCase) held = held_urged_case ();
  g_autoptr(GError) error = NULL;

  store = yc_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pull (store, "rs", case_change (held, 1), urge_change (held, 2, "rs"), NULL), ==, 1);

  g_assert_cmpuint (row_count (store, held, "rs"), ==, 1);
  g_assert_cmpuint (row_count (store, held, "rs2"), ==, 0);   /* a colleague's list */
  g_assert_cmpuint (row_count (store, held, NULL), ==, 1);    /* the board: every urge */

  /* Acknowledged: counted nowhere. */
  g_assert_true (yc_store_acknowledge_urge_as (store, urge_id (held, 0), "rs", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (row_count (store, held, "rs"), ==, 0);

  yc_store_set_urge_reader (store, NULL);
  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
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

  g_test_add_func ("/store/urges/migration", test_migration);
  g_test_add_func ("/store/urges/for-user", test_for_user);
  g_test_add_func ("/store/urges/acknowledge", test_acknowledge);
  g_test_add_func ("/store/urges/from-document", test_from_document);
  g_test_add_func ("/store/urges/list-count", test_list_count);
  status = g_test_run ();

  g_object_unref (catalog);
  g_object_unref (calendar);
  return status;
}
