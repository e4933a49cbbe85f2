/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-data.h"
#include "yc-test-backoffice.h"

/* The change feed: scope, commit order, paging, epochs, the "committed" signal. */

#define CASE_1 "7b2f6b1d-2e3c-4d4e-9f50-6b7c8d9e0f01"   /* SPORT at HD01 */
#define CASE_2 "7b2f6b1d-2e3c-4d4e-9f50-6b7c8d9e0f02"   /* OPEN_GYM (sport + health) at HD02 */

typedef struct {
  guint   emitted;
  guint64 seq;
} Committed;

static void
committed_cb (YcBackoffice *backoffice,
              guint64       seq,
              gpointer      data)
{
  Committed *committed = data;

  committed->emitted++;
  committed->seq = seq;
}

/* Every change @name can read, as "kind:case_uuid" strings in feed order. */
static GPtrArray *
visible (Fixture    *fixture,
         const char *name)
{
  g_autoptr(YcPrincipal) p = fixture_principal (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = yc_backoffice_changes (fixture->backoffice, p, NULL, 1000, &error);
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);
  JsonArray *changes;

  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "more"));
  changes = json_object_get_array_member (json_node_get_object (page), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      const char *uuid = json_object_get_string_member_with_default (change, "case_uuid", "-");

      g_ptr_array_add (seen, g_strdup_printf ("%s:%s", json_object_get_string_member (change, "kind"),
                                              uuid != NULL ? uuid : "-"));
    }
  return seen;
}

static guint
count (GPtrArray  *seen,
       const char *entry)
{
  guint n = 0;

  for (guint i = 0; i < seen->len; i++)
    n += g_str_equal (g_ptr_array_index (seen, i), entry);
  return n;
}

static void
urge (Fixture    *fixture,
      const char *department)
{
  g_autoptr(YcPrincipal) sv = fixture_principal ("sv");
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonObject) result = NULL;

  json_object_set_string_member (payload, "message", "请尽快办理");
  if (department != NULL)
    json_object_set_string_member (payload, "department", department);
  else
    json_object_set_null_member (payload, "department");
  result = fixture_push_one (fixture, sv, CASE_2,
                             fixture_sql_count (fixture, "SELECT version FROM cases WHERE uuid = '" CASE_2 "'"),
                             YC_OP_SUPERVISION_URGE, payload);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "ok");
}

static void
test_scope (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) c1 = NULL, c2 = NULL, rs = NULL, rh = NULL, sv = NULL, ad = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_2, "HD02");
  urge (fixture, "health");   /* the health reviewers of CASE_2 */
  urge (fixture, NULL);       /* whom the case waits for: its first part, sport */

  c1 = visible (fixture, "c1");
  c2 = visible (fixture, "c2");
  rs = visible (fixture, "rs");
  rh = visible (fixture, "rh");
  sv = visible (fixture, "sv");
  ad = visible (fixture, "ad");

  /* A clerk sees the cases of the hall, not the urges meant for reviewers. */
  g_assert_cmpuint (c1->len, ==, 1);
  g_assert_cmpuint (count (c1, "case:" CASE_1), ==, 1);
  g_assert_cmpuint (count (c2, "case:" CASE_2), ==, 3);
  g_assert_cmpuint (count (c2, "urge:" CASE_2), ==, 0);
  g_assert_cmpuint (count (c2, "case:" CASE_1), ==, 0);

  /* A reviewer sees the cases with a part of the department, and the department's urges. */
  g_assert_cmpuint (count (rs, "case:" CASE_1), ==, 1);
  g_assert_cmpuint (count (rs, "case:" CASE_2), ==, 3);
  g_assert_cmpuint (count (rs, "urge:" CASE_2), ==, 1);
  g_assert_cmpuint (count (rh, "case:" CASE_1), ==, 0);
  g_assert_cmpuint (count (rh, "case:" CASE_2), ==, 3);
  g_assert_cmpuint (count (rh, "urge:" CASE_2), ==, 1);

  /* A supervisor without a hall sees everything; an administrator no case at all. */
  g_assert_cmpuint (sv->len, ==, 6);
  g_assert_cmpuint (ad->len, ==, 0);
}

/* An urge while the applicant owes a supplement reaches the hall's clerks. */
static void
test_urge_to_hall (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(JsonObject) claim = json_object_new ();
  g_autoptr(JsonObject) ret = json_object_new ();
  g_autoptr(JsonArray) materials = json_array_new ();
  g_autoptr(JsonObject) r1 = NULL;
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(GPtrArray) c2 = NULL, rs_seen = NULL;

  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_2, "HD02");
  json_object_set_string_member (claim, "department", "sport");
  r1 = fixture_push_one (fixture, rs, CASE_2, 1, YC_OP_REVIEW_CLAIM, claim);
  g_assert_cmpstr (json_object_get_string_member (r1, "result"), ==, "ok");
  json_object_set_string_member (ret, "department", "sport");
  json_array_add_string_element (materials, "lease");
  json_object_set_array_member (ret, "materials", json_array_ref (materials));
  json_object_set_string_member (ret, "message", "租赁合同缺少盖章页");
  r2 = fixture_push_one (fixture, rs, CASE_2, 2, YC_OP_REVIEW_RETURN, ret);
  g_assert_cmpstr (json_object_get_string_member (r2, "result"), ==, "ok");

  urge (fixture, NULL);
  c2 = visible (fixture, "c2");
  rs_seen = visible (fixture, "rs");
  g_assert_cmpuint (count (c2, "urge:" CASE_2), ==, 1);
  g_assert_cmpuint (count (rs_seen, "urge:" CASE_2), ==, 0);
}

static void
test_new_epoch (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *old_epoch = g_strdup (yc_backoffice_get_epoch (fixture->backoffice));
  g_autofree char *cursor = g_strdup_printf ("%s:0", old_epoch);

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  /* After a restore the operator gives the feed a new epoch: every client starts over, and
   * the new epoch outlives a restart. */
  g_assert_true (yc_backoffice_new_epoch (fixture->backoffice, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (yc_backoffice_get_epoch (fixture->backoffice), !=, old_epoch);
  node = yc_backoffice_changes (fixture->backoffice, c1, cursor, 0, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_GONE);
  g_clear_error (&error);
  {
    g_autofree char *new_epoch = g_strdup (yc_backoffice_get_epoch (fixture->backoffice));
    fixture_reopen (fixture);
    g_assert_cmpstr (yc_backoffice_get_epoch (fixture->backoffice), ==, new_epoch);
  }
  node = yc_backoffice_changes (fixture->backoffice, c1, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "changes")), ==, 1);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *final = NULL;
  Committed committed = { 0 };
  gint64 last = 0;
  guint pages = 0, total = 0;
  gboolean more = TRUE;

  g_signal_connect (fixture->backoffice, "committed", G_CALLBACK (committed_cb), &committed);
  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  g_assert_cmpuint (committed.emitted, ==, 1);
  g_assert_cmpuint (committed.seq, ==, yc_backoffice_head_seq (fixture->backoffice));
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_2, "HD02");
  urge (fixture, "health");
  g_assert_cmpuint (committed.emitted, ==, 3);

  /* rs may read three of the five changes: one a page, in commit order. */
  while (more)
    {
      g_autoptr(JsonNode) node = yc_backoffice_changes (fixture->backoffice, rs, cursor, 1, &error);
      JsonObject *page;
      JsonArray *changes;

      g_assert_no_error (error);
      page = json_node_get_object (node);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 1);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (changes, i), "seq");
          g_assert_cmpint (seq, >, last);
          last = seq;
          total++;
        }
      more = json_object_get_boolean_member (page, "more");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "next"));
      g_assert_true (g_str_has_prefix (cursor, yc_backoffice_get_epoch (fixture->backoffice)));
      pages++;
      g_assert_cmpuint (pages, <, 10);
    }
  g_assert_cmpuint (total, ==, 3);
  /* The last cursor is at the head, past what rs could not read. */
  final = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, yc_backoffice_get_epoch (fixture->backoffice),
                           yc_backoffice_head_seq (fixture->backoffice));
  g_assert_cmpstr (cursor, ==, final);

  /* The cursor survives a restart: same epoch, nothing new. */
  fixture_reopen (fixture);
  {
    g_autoptr(JsonNode) node = yc_backoffice_changes (fixture->backoffice, rs, cursor, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "changes")), ==, 0);
  }
}

static void
test_gone (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(YcPrincipal) c1 = fixture_principal ("c1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *old_epoch = g_strdup (yc_backoffice_get_epoch (fixture->backoffice));
  g_autofree char *db = NULL;

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  cursor = g_strdup_printf ("%s:1", old_epoch);
  node = yc_backoffice_changes (fixture->backoffice, c1, cursor, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);

  node = yc_backoffice_changes (fixture->backoffice, c1, "0123456789abcdef:1", 0, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_GONE);
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 410);
  g_assert_null (node);
  g_clear_error (&error);

  node = yc_backoffice_changes (fixture->backoffice, c1, "no cursor", 0, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "since");
  g_clear_error (&error);

  /* A cursor ahead of the head comes from a database restored from an older copy. */
  {
    g_autofree char *ahead = g_strdup_printf ("%s:999", old_epoch);
    node = yc_backoffice_changes (fixture->backoffice, c1, ahead, 0, &error);
    g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_GONE);
    g_clear_error (&error);
  }

  /* A database started afresh has another epoch: the old cursor is gone. */
  g_assert_finalize_object (fixture->backoffice);
  fixture->backoffice = NULL;
  db = g_build_filename (fixture->dir, "backoffice.db", NULL);
  g_assert_cmpint (g_unlink (db), ==, 0);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  fixture_open (fixture);
  g_assert_cmpstr (yc_backoffice_get_epoch (fixture->backoffice), !=, old_epoch);
  node = yc_backoffice_changes (fixture->backoffice, c1, cursor, 0, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_GONE);
}

static void
test_catalog (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GFile) file = yc_data_find ("catalog/catalog.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalog) catalog = yc_catalog_load_file (file, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(YcCatalog) loaded = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GPtrArray) admin_seen = NULL;
  g_autofree char *version = NULL;
  g_autofree char *etag = NULL;
  guint64 head;

  g_assert_no_error (error);
  bytes = yc_backoffice_catalog_get (fixture->backoffice, &version, &etag, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (bytes);
  g_clear_error (&error);

  g_assert_true (yc_backoffice_catalog_import (fixture->backoffice, catalog, &error));
  g_assert_no_error (error);
  head = yc_backoffice_head_seq (fixture->backoffice);
  /* The same catalog again changes nothing. */
  g_assert_true (yc_backoffice_catalog_import (fixture->backoffice, catalog, &error));
  g_assert_cmpuint (yc_backoffice_head_seq (fixture->backoffice), ==, head);

  bytes = yc_backoffice_catalog_get (fixture->backoffice, &version, &etag, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, yc_catalog_get_version (catalog));
  g_assert_true (etag[0] == '"' && etag[strlen (etag) - 1] == '"');
  loaded = yc_catalog_load_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_catalog_get_items (loaded)->len, ==, yc_catalog_get_items (catalog)->len);

  /* Cases accepted under another catalog version are taken as they were decided. */
  fixture_accept (fixture, YC_TEST_BUNDLE, CASE_2, "HD02");

  /* A new catalog version reaches everyone, administrators included. */
  seen = visible (fixture, "c1");
  admin_seen = visible (fixture, "ad");
  g_assert_cmpuint (count (seen, "catalog:-"), ==, 1);
  g_assert_cmpuint (admin_seen->len, ==, 1);
  g_assert_cmpuint (count (admin_seen, "catalog:-"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/changes/scope", test_scope);
  FIXTURE_TEST ("/backoffice/changes/urge-to-hall", test_urge_to_hall);
  FIXTURE_TEST ("/backoffice/changes/paging", test_paging);
  FIXTURE_TEST ("/backoffice/changes/catalog", test_catalog);
  FIXTURE_TEST ("/backoffice/changes/gone", test_gone);
  FIXTURE_TEST ("/backoffice/changes/new-epoch", test_new_epoch);

  return g_test_run ();
}
