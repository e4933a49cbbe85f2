/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Accepting a case (yc_store_accept_case()): what is refused before anything is written,
 * the rollback of a transaction that fails half-way, every decision stored as built.
 * test-store.c has the rest of the store: opening, numbers, the outbox, async.
 */

#define _GNU_SOURCE

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <unistd.h>

#include "yc-store-private.h"
#include "yc-store-schema.h"
#include "yc-test-store.h"

static char *
case_text (YcCase *c)
{
  g_autoptr(JsonNode) node = yc_case_to_json (c);

  return json_to_string (node, TRUE);
}

static char *
column_text (YcStore    *store,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return yc_statement_dup_text (statement, 0);
}

static gint64
count_rows (YcStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = yc_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (yc_database_step (database, statement, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static void
assert_nothing_stored (YcStoreFixture *f)
{
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_materials"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM case_sequences"), ==, 0);
}

static void
test_accept_rolls_back (YcStoreFixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 25, 10);
  g_autoptr(YcCase) c = yc_test_case_new (f->blob_a, f->blob_b, when);
  g_autoptr(GBytes) unrecorded = g_bytes_new_static ("scan put in the blob folder only", 32);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  YcCaseMaterialVersion *material;

  /* Refused before the transaction: a scan that is not on disk. */
  material = g_ptr_array_index (c->materials, 4);
  g_assert_cmpint (material->state, ==, YC_CASE_MATERIAL_PROVIDED);
  material->blob_sha256 = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_false (yc_store_accept_case (f->store, c, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "materials[4].blob_sha256"));
  g_clear_error (&error);
  g_assert_null (c->number);

  /* Failing inside the transaction, after the number, the case row and four material rows
   * were written: the blob file exists but was never recorded, so the foreign key fails. */
  sha256 = yc_blob_store_put_bytes (yc_store_get_blob_store (f->store), unrecorded, &error);
  g_assert_no_error (error);
  g_free (material->blob_sha256);
  material->blob_sha256 = g_strdup (sha256);
  g_assert_false (yc_store_accept_case (f->store, c, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (c->number);
  assert_nothing_stored (f);

  /* A document that would not read back never reaches the database (found after the
   * number was taken, inside the transaction). */
  g_clear_pointer (&material->blob_sha256, g_free);
  json_object_set_string_member (c->applicant, "kind", "robot");
  g_assert_false (yc_store_accept_case (f->store, c, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "applicant.kind"));
  g_clear_error (&error);
  g_assert_null (c->number);
  assert_nothing_stored (f);

  /* The number that failed was not used up. */
  json_object_set_string_member (c->applicant, "kind", "enterprise");
  g_assert_true (yc_store_accept_case (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c->number, ==, "HD01-W03-20261125-0001");
}

/* What the store refuses before it writes anything, each naming the field. */
typedef struct {
  const char *name;
  const char *field;  /* named in the message */
} RefusedCase;

static const RefusedCase refused_cases[] = {
  { "number-set", "number" },
  { "uuid", "uuid" },
  { "version", "version" },
  { "other-window", "hall and window" },
  { "other-hall", "hall and window" },
  { "material-twice", "materials[6].code" },
  { "no-day", "accepted_on" },
};

static void
test_accept_refuses (YcStoreFixture       *f,
                     gconstpointer  data)
{
  const RefusedCase *test = data;
  g_autoptr(YcCase) c = yc_test_case_new (f->blob_a, f->blob_b, NULL);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (test->name, "number-set"))
    c->number = g_strdup ("HD01-W03-20261122-0001");
  else if (g_str_equal (test->name, "uuid"))
    {
      g_free (c->uuid);
      c->uuid = g_strdup ("0b6c9a52");
    }
  else if (g_str_equal (test->name, "version"))
    c->version = 2;
  else if (g_str_equal (test->name, "other-window"))
    {
      g_free (c->window);
      c->window = g_strdup ("W04");
    }
  else if (g_str_equal (test->name, "other-hall"))
    {
      g_free (c->hall);
      c->hall = g_strdup ("HD02");
    }
  else if (g_str_equal (test->name, "material-twice"))
    {
      YcCaseMaterialVersion *last = g_ptr_array_index (c->materials, 6);
      g_free (last->code);
      last->code = g_strdup ("lease");
    }
  else if (g_str_equal (test->name, "no-day"))
    g_date_clear (&c->accepted_on, 1);
  else
    g_assert_not_reached ();

  g_assert_false (yc_store_accept_case (f->store, c, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, test->field));
  if (!g_str_equal (test->name, "number-set"))
    g_assert_null (c->number);
  assert_nothing_stored (f);
}

/* Every decision the clerk can confirm is stored, with its state and its materials. */
static void
test_accept_every_decision (YcStoreFixture       *f,
                            gconstpointer  data)
{
  static const YcDecision decisions[] = {
    YC_DECISION_ACCEPT, YC_DECISION_ACCEPT_WITH_TOLERANCE, YC_DECISION_ACCEPT_ON_PLEDGE,
    YC_DECISION_ONE_TIME_NOTICE, YC_DECISION_REFUSE,
  };
  g_autoptr(GDateTime) when = yc_test_day_at (2026, 11, 30, 10);
  g_autoptr(JsonObject) applicant = yc_test_parse_object (YC_TEST_APPLICANT);
  GDate day = yc_test_day_of (when);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_autoptr(YcRulesInput) input = yc_test_input_new (yc_test_store_catalog (), "SPORT", &day);
      g_autoptr(YcRulesResult) result = NULL;
      g_autoptr(YcCase) c = NULL;
      g_autoptr(YcCase) stored = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      g_autofree char *sql = NULL;
      YcCaseIntake intake = yc_test_intake (applicant, when);

      if (decisions[i] == YC_DECISION_ACCEPT_WITH_TOLERANCE)
        yc_rules_input_set_missing (input, "floor_plan");
      else if (decisions[i] == YC_DECISION_ACCEPT_ON_PLEDGE)
        yc_rules_input_set_pledged (input, "safety_cert");
      else if (decisions[i] == YC_DECISION_ONE_TIME_NOTICE)
        yc_rules_input_set_missing (input, "application");
      else if (decisions[i] == YC_DECISION_REFUSE)
        intake.notice_text = "不属于本区受理范围";
      result = yc_rules_evaluate (input, yc_test_store_calendar ());
      c = yc_case_build_accepted (result, decisions[i], &intake, yc_test_store_calendar (), &error);
      g_assert_no_error (error);

      g_assert_true (yc_store_accept_case (f->store, c, &error));
      g_assert_no_error (error);
      stored = yc_store_get_case (f->store, c->uuid, &error);
      g_assert_no_error (error);
      expected = case_text (c);
      actual = case_text (stored);
      g_assert_cmpstr (actual, ==, expected);
      g_assert_cmpint (stored->decision, ==, decisions[i]);
      g_clear_pointer (&actual, g_free);

      sql = g_strdup_printf ("SELECT decision || ' ' || state FROM cases WHERE uuid = '%s'", c->uuid);
      actual = column_text (f->store, sql);
      g_free (expected);
      expected = g_strconcat (yc_decision_to_string (decisions[i]), " ",
                              yc_case_state_to_string (stored->state), NULL);
      g_assert_cmpstr (actual, ==, expected);
      for (guint j = 0; j < stored->materials->len; j++)
        {
          YcCaseMaterialVersion *m = g_ptr_array_index (stored->materials, j);
          g_autofree char *row_sql = g_strdup_printf ("SELECT state FROM case_materials WHERE case_uuid = '%s' "
                                                      "AND position = %u", c->uuid, j);
          g_autofree char *row_state = column_text (f->store, row_sql);

          g_assert_cmpstr (row_state, ==, yc_case_material_state_to_string (m->state));
        }
    }
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM cases WHERE state = 'closed_at_counter'"), ==, 2);
}

static void
test_not_enrolled (void)
{
  g_autofree char *dir = yc_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open (dir, &error);
  g_autoptr(YcCase) c = yc_test_case_new (NULL, NULL, NULL);

  g_assert_no_error (error);
  g_assert_false (yc_store_accept_case (store, c, &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED);
  g_assert_null (c->number);

  g_assert_finalize_object (g_steal_pointer (&store));
  yc_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/accept/rolls-back", YcStoreFixture, NULL, yc_store_fixture_set_up, test_accept_rolls_back, yc_store_fixture_tear_down);
  g_test_add_func ("/store/accept/not-enrolled", test_not_enrolled);
  g_test_add ("/store/accept/every-decision", YcStoreFixture, NULL, yc_store_fixture_set_up, test_accept_every_decision, yc_store_fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (refused_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/accept/refuses/%s", refused_cases[i].name);
      g_test_add (path, YcStoreFixture, &refused_cases[i], yc_store_fixture_set_up, test_accept_refuses, yc_store_fixture_tear_down);
    }

  return g_test_run ();
}
