/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * A "desk" for the review tests: one computer's local store, its back-office client, the
 * session of one user signed in online and that user's sync engine, against the real back
 * office of tests/yc-test-server.c.  A counter desk is enrolled as a window of a hall; a
 * reviewer's desk is not enrolled at all (a back-office computer, docs/review.md).  Cases
 * are accepted the way the counter does it: the rules engine, yc_case_build_accepted() and
 * yc_store_accept_case(), with a scan of their own.
 */

#include <string.h>

#include <glib/gstdio.h>

#include "yc-blob-fetcher.h"
#include "yc-bundle-merge.h"
#include "yc-case-builder.h"
#include "yc-sync-engine.h"
#include "yc-test-server.h"

typedef struct {
  char               *dir;
  char               *username;
  YcStore            *store;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  YcCalendar         *calendar;
  guint               rounds;
  gboolean            keep_dir;   /* another desk of the same computer comes after this one */
} YcTestDesk;

static inline void
yc_test_desk_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        yc_test_desk_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
yc_test_desk_async_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static inline void
yc_test_desk_round_cb (YcSyncEngine *engine,
                       gboolean      ok,
                       YcTestDesk   *desk)
{
  desk->rounds++;
}

/* @dir: the computer's store, NULL for a new computer; @url: the back office; @hall,
 * @window: the counter's enrolment, NULL for a back-office computer (or one enrolled
 * already). */
static inline YcTestDesk *
yc_test_desk_new_in (const char *dir,
                     const char *url,
                     YcCalendar *calendar,
                     const char *username,
                     const char *password,
                     const char *hall,
                     const char *window)
{
  YcTestDesk *desk = g_new0 (YcTestDesk, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  desk->username = g_strdup (username);
  desk->calendar = g_object_ref (calendar);
  desk->dir = dir != NULL ? g_strdup (dir) : g_dir_make_tmp ("yc-desk-XXXXXX", &error);
  g_assert_no_error (error);
  desk->store = yc_store_open (desk->dir, &error);
  g_assert_no_error (error);
  if (hall != NULL)
    g_assert_true (yc_store_enroll_device (desk->store, hall, window, &error));
  g_assert_no_error (error);
  desk->client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  desk->sessions = yc_session_manager_new (desk->client, desk->store);
  yc_session_manager_set_idle_lock_seconds (desk->sessions, 0);
  yc_session_manager_sign_in_async (desk->sessions, username, password, NULL,
                                    yc_test_desk_async_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (yc_session_manager_sign_in_finish (desk->sessions, result, &error));
  g_assert_no_error (error);

  desk->engine = yc_sync_engine_new (desk->sessions, desk->store, calendar);
  yc_sync_engine_set_intervals (desk->engine, 0, 0, 1);
  g_signal_connect (desk->engine, "round-finished", G_CALLBACK (yc_test_desk_round_cb), desk);
  yc_sync_engine_start (desk->engine);
  return desk;
}

static inline YcTestDesk *
yc_test_desk_new_for_url (const char *url,
                          YcCalendar *calendar,
                          const char *username,
                          const char *password,
                          const char *hall,
                          const char *window)
{
  return yc_test_desk_new_in (NULL, url, calendar, username, password, hall, window);
}

/* A desk of a seeded user of tests/yc-test-server.c (password: username + "-pw"). */
static inline YcTestDesk *
yc_test_desk_new (YcTestServer *server,
                  YcCalendar   *calendar,
                  const char   *username,
                  const char   *hall,
                  const char   *window)
{
  g_autofree char *password = g_strconcat (username, "-pw", NULL);

  return yc_test_desk_new_for_url (yc_test_server_get_base_url (server), calendar, username, password,
                                   hall, window);
}

static inline void
yc_test_desk_free (YcTestDesk *desk)
{
  yc_sync_engine_stop (desk->engine);
  yc_test_sleep (100);
  g_assert_finalize_object (g_steal_pointer (&desk->engine));
  g_clear_object (&desk->sessions);
  yc_test_sleep (50);
  g_clear_object (&desk->client);
  g_assert_finalize_object (g_steal_pointer (&desk->store));
  g_clear_object (&desk->calendar);
  if (!desk->keep_dir)
    yc_test_desk_rm_rf (desk->dir);
  g_free (desk->dir);
  g_free (desk->username);
  g_free (desk);
}

/* One whole round that started after now: what is queued is sent, the feed read. */
static inline void
yc_test_desk_sync (YcTestDesk *desk)
{
  guint before = desk->rounds;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  yc_sync_engine_kick (desk->engine);
  while (desk->rounds < before + 1 || yc_sync_engine_get_state (desk->engine) == YC_SYNC_STATE_SYNCING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      yc_test_sleep (20);
    }
  yc_test_sleep (50);
}

static inline YcActor
yc_test_desk_actor (YcTestDesk *desk)
{
  const YcUserProfile *profile = yc_session_manager_get_profile (desk->sessions);
  YcActor actor = { desk->username, profile->role, profile->hall,
                    (const char * const *) profile->departments };

  return actor;
}

/* The case as this desk holds it (fails when it has none). */
static inline YcCase *
yc_test_desk_case (YcTestDesk *desk,
                   const char *uuid)
{
  g_autoptr(GError) error = NULL;
  YcCase *c = yc_store_get_case (desk->store, uuid, &error);

  g_assert_no_error (error);
  return c;
}

/* Applies @kind with @payload (JSON text) as this desk's user, through the store and its
 * outbox; returns the case after it, or NULL with @error (the case machine's refusal). */
static inline YcCase *
yc_test_desk_apply (YcTestDesk  *desk,
                    const char  *uuid,
                    YcOpKind     kind,
                    const char  *payload,
                    GError     **error)
{
  g_autoptr(YcCase) c = yc_test_desk_case (desk, uuid);
  YcActor actor = yc_test_desk_actor (desk);
  g_autoptr(JsonNode) node = yc_test_json (payload);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) op = yc_operation_new (op_id, uuid, c->version, kind,
                                                json_node_get_object (node), NULL);

  return yc_store_apply_operation (desk->store, op, &actor, desk->calendar, error);
}

static inline GDate
yc_test_desk_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return day;
}

/* The scans the desk stores: by default bytes of their own (no real PDF); a program that
 * needs pages to show sets a function making a real one. */
static GBytes *(*yc_test_desk_make_scan) (const char *label) = NULL;

/* A file of its own content, stored on the desk (a scanned material). */
static inline char *
yc_test_desk_put_scan (YcTestDesk *desk,
                       const char *label)
{
  g_autofree char *content = g_strdup_printf ("%%PDF-1.7 scan %s %s", label, desk->dir);
  g_autoptr(GBytes) bytes = yc_test_desk_make_scan != NULL ? yc_test_desk_make_scan (label)
                                                           : g_bytes_new (content, strlen (content));
  g_autoptr(GError) error = NULL;
  char *sha = yc_store_put_blob (desk->store, bytes, "application/pdf", &error);

  g_assert_no_error (error);
  return sha;
}

/*
 * The clerk of this desk accepts @code (an item or a bundle of @catalog) for an enterprise:
 * every required material handed in, except @tolerated (NULL: none), left missing under a
 * tolerance commitment, or @pledged (NULL: none), replaced by the applicant's pledge; the
 * first material provided is scanned (*@out_sha256).
 */
static inline YcCase *
yc_test_desk_accept_full (YcTestDesk  *desk,
                          YcCatalog   *catalog,
                          const char  *code,
                          const char  *tolerated,
                          const char  *pledged,
                          char       **out_sha256)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate day = yc_test_desk_today ();
  const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, code);
  g_autoptr(YcMergedList) subject = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonNode) applicant = yc_test_json ("{\"kind\": \"enterprise\", \"name\": \"力行健身有限公司\", "
                                                "\"id_number\": \"91110108MA01ABCD2X\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sha = NULL;
  g_autofree char *window = NULL;
  g_autofree char *hall = NULL;
  YcApplicant standing = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  YcCaseIntake intake = { 0 };
  YcCaseScan scan = { 0 };
  YcCase *c;

  if (bundle != NULL)
    subject = yc_bundle_merge (catalog, bundle, &error);
  else
    {
      const YcItem *item = yc_catalog_lookup_item (catalog, code);

      g_assert_nonnull (item);
      subject = yc_merged_list_new_for_item (catalog, item, g_ptr_array_index (item->scenarios, 0));
    }
  g_assert_no_error (error);
  input = yc_rules_input_new (subject);
  yc_rules_input_set_applicant (input, &standing);
  yc_rules_input_set_acceptance_date (input, &day);
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *merged = yc_merged_list_get_material (subject, i);

      if (g_strcmp0 (merged->material->code, pledged) == 0)
        {
          yc_rules_input_set_pledged (input, pledged);
          continue;
        }
      if (!merged->required || g_strcmp0 (merged->material->code, tolerated) == 0)
        continue;
      if (scan.material == NULL)
        scan.material = merged->material->code;
      yc_rules_input_set_provided (input, merged->material->code, TRUE, merged->copies);
    }
  result = yc_rules_evaluate (input, desk->calendar);

  sha = yc_test_desk_put_scan (desk, uuid);
  scan.blob_sha256 = sha;
  scan.pages = 1;
  g_assert_true (yc_store_get_device (desk->store, &hall, &window, NULL, &error));
  intake.uuid = uuid;
  intake.hall = hall;
  intake.window = window;
  intake.clerk = desk->username;
  intake.applicant = json_node_get_object (applicant);
  intake.scans = &scan;
  intake.n_scans = 1;
  intake.accepted_at = now;
  c = yc_case_build_accepted (result, tolerated != NULL ? YC_DECISION_ACCEPT_WITH_TOLERANCE
                                      : pledged != NULL ? YC_DECISION_ACCEPT_ON_PLEDGE
                                      : YC_DECISION_ACCEPT,
                              &intake, desk->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_accept_case (desk->store, c, &error));
  g_assert_no_error (error);
  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha);
  return c;
}

static inline YcCase *
yc_test_desk_accept (YcTestDesk  *desk,
                     YcCatalog   *catalog,
                     const char  *code,
                     const char  *tolerated,
                     char       **out_sha256)
{
  return yc_test_desk_accept_full (desk, catalog, code, tolerated, NULL, out_sha256);
}
