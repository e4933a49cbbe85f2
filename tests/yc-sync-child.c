/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sync-child"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "yc-case-builder.h"
#include "yc-store-private.h"
#include "yc-sync-engine.h"

/*
 * A counter window in a process of its own, for tests/test-sync-faults.c, which kills it
 * (SIGKILL) at random points and starts it again:
 *
 *   yc-sync-child --store DIR --url URL --window W [--cases N --seed S]
 *
 * It opens the store in DIR (enrolling it as JB01/W the first time), signs in online as
 * clerk-a (retrying while the back office is away), accepts N cases of ITEM each with one
 * or two scanned files (random bytes, 2 KB … 300 KB, put in the store first), then runs the
 * sync engine until the outbox is empty and a round ended well.  Without --cases it only
 * syncs what is there (the restart after a kill).  Progress goes to stdout, one line each:
 * "accepted UUID NUMBER @MS", "round ok|failed pending N @MS", "done @MS".
 *
 * For the disk-full tests: --accept-only stops after accepting; --fill-disk FILE fills the
 * file system of FILE after signing in (so the sync itself meets the full disk);
 * --timeout S gives up syncing after S seconds (default 60).
 *
 * Exit status: 0 done, 2 timed out (the last error on stderr), 3 problems (refused or
 * conflicting ops), 4 the store said the disk is full (its message on stderr), 1 anything
 * else.
 */

#define ITEM    "SCJG-XK-002"
#define HALL    "JB01"
#define CLERK   "clerk-a"
#define USCC    "91350100M000100Y43"

typedef struct {
  YcSyncEngine *engine;
  guint         rounds_ok;
  gboolean      done;
} Child;

static gint64 started;

/* One progress line, with the milliseconds since the start. */
static void G_GNUC_PRINTF (1, 2)
say (const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  printf ("%s @%" G_GINT64_FORMAT "\n", text, (g_get_monotonic_time () - started) / 1000);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_ms (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, flag_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

/* The client's deadline for one call: short, so that a fault costs a second, not fifteen;
 * but a sign-in waits for an argon2id check that takes seconds on a loaded machine (and
 * more while the back office still checks the sign-ins of windows killed or given up a
 * moment ago), so sign-ins get longer. */
#define CALL_TIMEOUT_SECONDS    5
#define SIGN_IN_TIMEOUT_SECONDS 30

static void
set_call_timeout (YcSessionManager *sessions,
                  guint             seconds)
{
  yc_backoffice_client_set_timeout (yc_session_manager_get_client (sessions), seconds);
}

/* The same user online again in the same session (after an offline sign-in, or a 401),
 * retried while the back office is away, until @deadline (monotonic µs). */
static gboolean
reauthenticate_until (YcSessionManager *sessions,
                      gint64            deadline)
{
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      yc_session_manager_reauthenticate_async (sessions, CLERK "-pw", NULL, async_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (yc_session_manager_reauthenticate_finish (sessions, result, &error))
        return TRUE;
      if (!yc_sync_error_is_offline (error)
          && !g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_LOCKED_OUT))
        {
          g_printerr ("sign-in again: %s\n", error->message);
          return FALSE;
        }
      iterate_ms (100);
    }
  g_printerr ("sign-in again: the back office did not come back\n");
  return FALSE;
}

static gboolean
reauthenticate (YcSessionManager *sessions,
                gint64            deadline)
{
  gboolean ok;

  set_call_timeout (sessions, SIGN_IN_TIMEOUT_SECONDS);
  ok = reauthenticate_until (sessions, deadline);
  set_call_timeout (sessions, CALL_TIMEOUT_SECONDS);
  return ok;
}

/* Online sign-in, retried while the back office is away (it may be restarting). */
static gboolean
sign_in_until (YcSessionManager *sessions,
               guint             seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      yc_session_manager_sign_in_async (sessions, CLERK, CLERK "-pw", NULL, async_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      ok = yc_session_manager_sign_in_finish (sessions, result, &error);
      if (ok && yc_session_manager_is_online (sessions))
        return TRUE;
      /* Only the network may refuse, and a busy back office: the passwords here are never
       * wrong, so LOCKED_OUT can only be "too many sign-ins at once, try again" (a loaded
       * back office still verifying the sign-ins of windows killed or given up a moment
       * ago); an answer cut by the network is OFFLINE, never PROTOCOL. */
      if (error != NULL && !yc_sync_error_is_offline (error)
          && !g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL)
          && !g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_LOCKED_OUT))
        {
          g_printerr ("sign-in: %s\n", error->message);
          return FALSE;
        }
      /* Signed in offline (the answer was lost): sign in online again, same session. */
      if (ok)
        return reauthenticate_until (sessions, deadline);
      iterate_ms (100);
    }
  g_printerr ("sign-in: the back office did not come back\n");
  return FALSE;
}

static gboolean
sign_in (YcSessionManager *sessions,
         guint             seconds)
{
  gboolean ok;

  set_call_timeout (sessions, SIGN_IN_TIMEOUT_SECONDS);
  ok = sign_in_until (sessions, seconds);
  set_call_timeout (sessions, CALL_TIMEOUT_SECONDS);
  return ok;
}

static YcCase *
accept_case (YcStore     *store,
             YcCatalog   *catalog,
             YcCalendar  *calendar,
             const char  *window,
             GRand       *rand,
             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const YcItem *item = yc_catalog_lookup_item (catalog, ITEM);
  g_autoptr(YcMergedList) subject = yc_merged_list_new_for_item (catalog, item,
                                                                 g_ptr_array_index (item->scenarios, 0));
  g_autoptr(YcRulesInput) input = yc_rules_input_new (subject);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *shas[2] = { NULL, NULL };
  YcApplicant standing = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  YcCaseIntake intake = { 0 };
  YcCaseScan scans[2] = { { 0 } };
  guint n_scans = MIN ((guint) g_rand_int_range (rand, 1, 3), yc_merged_list_get_n_materials (subject));
  int year, month, day;
  GDate date;
  YcCase *c;

  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  yc_rules_input_set_applicant (input, &standing);
  yc_rules_input_set_acceptance_date (input, &date);
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *merged = yc_merged_list_get_material (subject, i);

      if (merged->required)
        yc_rules_input_set_provided (input, merged->material->code, TRUE, merged->copies);
    }
  result = yc_rules_evaluate (input, calendar);

  for (guint i = 0; i < n_scans; i++)
    {
      /* Log-uniform 2 KB … 300 KB: mostly small pages, now and then a large scan. */
      gsize size = (gsize) (2048.0 * pow (150.0, g_rand_double (rand)));
      g_autofree guint32 *words = g_new (guint32, size / 4 + 1);
      g_autoptr(GBytes) bytes = NULL;

      for (gsize w = 0; w < size / 4 + 1; w++)
        words[w] = g_rand_int (rand);
      bytes = g_bytes_new (words, size);
      shas[i] = yc_store_put_blob (store, bytes, "application/pdf", error);
      if (shas[i] == NULL)
        return NULL;
      scans[i].material = yc_merged_list_get_material (subject, i)->material->code;
      scans[i].blob_sha256 = shas[i];
      scans[i].pages = 1;
    }

  if (!json_parser_load_from_data (parser, "{\"kind\": \"enterprise\", \"name\": \"江滨示范有限公司\", "
                                           "\"id_number\": \"" USCC "\"}", -1, error))
    return NULL;
  intake.uuid = uuid;
  intake.hall = HALL;
  intake.window = window;
  intake.clerk = CLERK;
  intake.applicant = json_node_get_object (json_parser_get_root (parser));
  intake.scans = scans;
  intake.n_scans = n_scans;
  intake.accepted_at = now;
  c = yc_case_build_accepted (result, YC_DECISION_ACCEPT, &intake, calendar, error);
  if (c == NULL)
    return NULL;
  if (!yc_store_accept_case (store, c, error))
    {
      yc_case_unref (c);
      return NULL;
    }
  return c;
}

/* Writes FILE until the file system has no byte left. */
static void
fill_disk (const char *path)
{
  g_autofree char *chunk = g_malloc0 (65536);
  FILE *file = fopen (path, "w");
  gsize sizes[] = { 65536, 4096, 1 };

  if (file == NULL)
    return;
  setvbuf (file, NULL, _IONBF, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    while (fwrite (chunk, 1, sizes[i], file) == sizes[i])
      ;
  fclose (file);
  say ("disk filled");
}

static void
round_finished_cb (YcSyncEngine *engine,
                   gboolean      ok,
                   Child        *child)
{
  guint pending = yc_sync_engine_get_pending (engine);

  say ("round %s pending %u", ok ? "ok" : "failed", pending);
  if (ok)
    child->rounds_ok++;
  if (ok && pending == 0)
    child->done = TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *store_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *window = NULL;
  g_autofree char *fill_path = NULL;
  int n_cases = 0;
  int timeout_seconds = 60;
  gboolean accept_only = FALSE;
  gint64 seed = 0;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_dir, "store directory", "DIR" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "back office address", "URL" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, "window code in hall " HALL, "W" },
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "cases to accept first", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "seed of the scans' bytes", "S" },
    { "accept-only", 0, 0, G_OPTION_ARG_NONE, &accept_only, "accept, do not sync", NULL },
    { "fill-disk", 0, 0, G_OPTION_ARG_FILENAME, &fill_path, "fill this file's disk before syncing", "FILE" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_seconds, "give up syncing after S seconds", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a counter window for the fault tests");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(YcSessionManager) sessions = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *catalog_path = NULL;
  g_autoptr(GFile) catalog_file = NULL;
  gboolean expired = FALSE;
  Child child = { 0 };

  started = g_get_monotonic_time ();
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || store_dir == NULL || url == NULL || window == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--store, --url and --window are needed");
      return 1;
    }

  calendar = yc_calendar_new_default (&error);
  if (calendar == NULL)
    goto fail;
  catalog_path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog", "catalog.json", NULL);
  catalog_file = g_file_new_for_path (catalog_path);
  catalog = yc_catalog_load_file (catalog_file, &error);
  if (catalog == NULL)
    goto fail;

  store = yc_store_open (store_dir, &error);
  if (store == NULL)
    goto fail;
  if (!yc_store_get_device (store, NULL, NULL, NULL, NULL))
    {
      if (!yc_store_enroll_device (store, HALL, window, &error))
        goto fail;
    }

  client = yc_backoffice_client_new (url, NULL, &error);
  if (client == NULL)
    goto fail;
  /* Short calls: a fault costs a second, not fifteen (sign-ins: see set_call_timeout). */
  g_object_set (client, "timeout-seconds", CALL_TIMEOUT_SECONDS, NULL);
  sessions = yc_session_manager_new (client, store);
  yc_session_manager_set_idle_lock_seconds (sessions, 0);

  rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  for (int i = 0; i < n_cases; i++)
    {
      g_autoptr(YcCase) c = accept_case (store, catalog, calendar, window, rand, &error);

      if (c == NULL)
        goto fail;
      say ("accepted %s %s", c->uuid, c->number);
    }
  if (accept_only)
    return 0;

  if (!sign_in (sessions, 30))
    return 1;
  say ("signed-in");
  if (fill_path != NULL)
    fill_disk (fill_path);

  child.engine = yc_sync_engine_new (sessions, store, calendar);
  /* No periodic round; a probe every second while offline. */
  yc_sync_engine_set_intervals (child.engine, 0, 0, 1);
  g_signal_connect (child.engine, "round-finished", G_CALLBACK (round_finished_cb), &child);
  yc_sync_engine_start (child.engine);
  yc_sync_engine_kick (child.engine);

  g_timeout_add_seconds ((guint) MAX (timeout_seconds, 1), flag_cb, &expired);
  while (!child.done && !expired)
    {
      /* A back office that came back must be signed in to again when it forgot us: the
       * password again, in the same session, as the clerk does in the dialog. */
      if ((yc_sync_engine_get_state (child.engine) == YC_SYNC_STATE_SIGNED_OUT
           || yc_sync_engine_get_state (child.engine) == YC_SYNC_STATE_NEEDS_SIGN_IN)
          && !reauthenticate (sessions, g_get_monotonic_time () + 30 * G_USEC_PER_SEC))
        return 1;
      g_main_context_iteration (NULL, TRUE);
    }
  yc_sync_engine_stop (child.engine);
  iterate_ms (50);
  if (!child.done)
    {
      g_printerr ("timed out: state %d, pending %u, problems %u, error %s\n",
                  yc_sync_engine_get_state (child.engine), yc_sync_engine_get_pending (child.engine),
                  yc_sync_engine_get_problems (child.engine),
                  yc_sync_engine_get_last_error (child.engine));
      return 2;
    }
  if (yc_sync_engine_get_problems (child.engine) > 0)
    {
      g_printerr ("%u problems: %s\n", yc_sync_engine_get_problems (child.engine),
                  yc_sync_engine_get_last_error (child.engine));
      return 3;
    }
  say ("done");
  g_clear_object (&child.engine);
  return 0;

fail:
  g_printerr ("%s\n", error != NULL ? error->message : "failed");
  return g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_FULL) ? 4 : 1;
}
