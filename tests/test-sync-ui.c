/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE
#include "config.h"

#include <locale.h>

#include "yc-day-closing.h"
#include "yc-problem-text.h"
#include "yc-problems-view.h"
#include "yc-session-manager.h"
#include "yc-sync-banner.h"
#include "yc-sync-indicator.h"
#include "yc-test-server.h"
/* The case fixtures have a yc_test_op of their own, unrelated to the server's. */
#define yc_test_op yc_test_case_op
#include "yc-test-store.h"
#undef yc_test_op

/*
 * What the clerk sees of sync, in process: the header indicator and the offline banner
 * driven by a real YcSyncEngine against the real back office (stopped and started again);
 * the problems view over problems made by the store's own sync path (a refused op), with
 * discard (confirmed) and retry; and the day closing against the real reconciliation
 * endpoint: a match closes at once, a mismatch or an unreachable back office only with an
 * explanation, and the closing is recorded.
 */

#define HALL   YC_TEST_HALL_A
#define WINDOW "W01"
#define CLERK  "clerk-a"

static YcTestServer *server;

typedef struct {
  char               *dir;
  YcStore            *store;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
} Fixture;

typedef gboolean (*Predicate) (gpointer data);

/* Iterates the main context until @predicate holds; fails after @seconds. */
static void
wait_until (Predicate predicate,
            gpointer  data,
            guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, HALL, WINDOW, &error));
  g_assert_no_error (error);
  f->client = yc_backoffice_client_new (yc_test_server_get_base_url (server), NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (f->client, 5);
  f->sessions = yc_session_manager_new (f->client, f->store);
  yc_session_manager_set_idle_lock_seconds (f->sessions, 0);
  yc_session_manager_sign_in_async (f->sessions, CLERK, CLERK "-pw", NULL, done_cb, &result);
  g_assert_true (yc_session_manager_sign_in_finish (f->sessions, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (yc_session_manager_is_online (f->sessions));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sessions);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* A case of today accepted at this window by the clerk: pending in the outbox. */
static char *
accept_case (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(YcCase) case_doc = yc_test_case_new (NULL, NULL, now);

  g_free (case_doc->hall);
  case_doc->hall = g_strdup (HALL);
  g_free (case_doc->window);
  case_doc->window = g_strdup (WINDOW);
  g_free (case_doc->clerk);
  case_doc->clerk = g_strdup (CLERK);
  g_assert_true (yc_store_accept_case (f->store, case_doc, &error));
  g_assert_no_error (error);
  return g_strdup (case_doc->uuid);
}

/* The store's sync path, as the engine takes it for a refused op: the problem. */
static void
refuse_pending (Fixture    *f,
                const char *code,
                const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOutboxBatch) batch = yc_store_outbox_take_batch (f->store, CLERK, 100, &error);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_outbox_answer_free);

  g_assert_no_error (error);
  g_assert_nonnull (batch->batch_id);
  g_assert_cmpuint (batch->ops->len, >=, 1);
  for (guint i = 0; i < batch->ops->len; i++)
    {
      YcOutboxOp *op = g_ptr_array_index (batch->ops, i);
      g_ptr_array_add (answers, yc_outbox_answer_new (op->op_id, YC_OUTBOX_RESULT_REJECTED, 0, code, reason));
    }
  g_assert_true (yc_store_outbox_apply_answers (f->store, batch->batch_id, answers, &error));
  g_assert_no_error (error);
}

/* Indicator and banner */

typedef struct {
  YcSyncEngine *engine;
  YcSyncState   state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *wait = data;
  return yc_sync_engine_get_state (wait->engine) == wait->state;
}

static void
wait_state (YcSyncEngine *engine,
            YcSyncState   state,
            guint         seconds)
{
  StateWait wait = { engine, state };
  wait_until (state_is, &wait, seconds);
}

static gboolean
one_pending (gpointer data)
{
  return yc_sync_engine_get_pending (data) == 1;
}

static void
test_offline_banner (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(YcSyncEngine) engine = yc_sync_engine_new (f->sessions, f->store, NULL);
  GtkWidget *indicator = g_object_ref_sink (yc_sync_indicator_new (engine));
  GtkWidget *banner = g_object_ref_sink (yc_sync_banner_new (engine));
  g_autofree char *port = g_strdup_printf ("%u", yc_test_server_get_port (server));
  const char * const serve_args[] = { "--listen", "127.0.0.1", "--port", port, NULL };
  g_autofree char *uuid = NULL;

  yc_sync_engine_set_intervals (engine, 60, 1, 1);
  yc_sync_engine_start (engine);
  wait_state (engine, YC_SYNC_STATE_IDLE, 30);
  g_assert_false (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));
  g_assert_false (gtk_widget_get_visible (banner));
  g_assert_true (gtk_widget_get_visible (indicator));
  g_assert_cmpstr (yc_sync_indicator_get_summary (YC_SYNC_INDICATOR (indicator)), ==, "Synced");

  /* The back office goes away: offline, said in the banner; a case accepted meanwhile waits. */
  yc_test_server_stop (server);
  uuid = accept_case (f);
  yc_sync_engine_kick (engine);
  wait_state (engine, YC_SYNC_STATE_OFFLINE, 60);
  g_assert_true (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_true (g_str_has_prefix (yc_sync_banner_get_title (YC_SYNC_BANNER (banner)), "The network is down"));
  g_assert_true (g_str_has_prefix (yc_sync_indicator_get_summary (YC_SYNC_INDICATOR (indicator)), "Offline"));
  wait_until (one_pending, engine, 30);

  /* Back: the probe finds it, the round runs, the banner goes. */
  g_assert_true (yc_test_server_start_full (server, serve_args, NULL, NULL, NULL));
  wait_state (engine, YC_SYNC_STATE_IDLE, 60);
  g_assert_false (yc_sync_banner_get_revealed (YC_SYNC_BANNER (banner)));
  g_assert_false (gtk_widget_get_visible (banner));
  g_assert_false (g_str_has_prefix (yc_sync_indicator_get_summary (YC_SYNC_INDICATOR (indicator)), "Offline"));

  /* No engine (signed out of the window): nothing shown. */
  yc_sync_engine_stop (engine);
  yc_sync_indicator_set_engine (YC_SYNC_INDICATOR (indicator), NULL);
  yc_sync_banner_set_engine (YC_SYNC_BANNER (banner), NULL);
  g_assert_false (gtk_widget_get_visible (indicator));
  g_assert_false (gtk_widget_get_visible (banner));
  g_object_unref (indicator);
  g_object_unref (banner);
}

/* Problems */

static gboolean
view_loaded (gpointer data)
{
  gboolean *loaded = data;
  return *loaded;
}

static void
loaded_cb (YcProblemsView *view,
           gboolean       *loaded)
{
  *loaded = TRUE;
}

static void
wait_loaded (YcProblemsView *view,
             gboolean       *loaded)
{
  wait_until (view_loaded, loaded, 30);
  *loaded = FALSE;
}

static void
test_problems_discard_and_retry (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  GtkWidget *view;
  GtkWidget *dialog;
  GPtrArray *shown;
  const YcSyncProblem *problem;
  gboolean loaded = FALSE;
  gint64 discarded_id, retried_id;
  gint64 pending_before;

  accept_case (f);
  refuse_pending (f, "duplicate_number", "case number JB01-W01-… is taken");
  accept_case (f);
  refuse_pending (f, "missing_blob", "blob 3f2a… was never uploaded");

  view = yc_problems_view_new (f->store, NULL, CLERK, NULL);
  g_signal_connect (view, "loaded", G_CALLBACK (loaded_cb), &loaded);
  wait_loaded (YC_PROBLEMS_VIEW (view), &loaded);
  shown = yc_problems_view_get_problems (YC_PROBLEMS_VIEW (view));
  g_assert_cmpuint (shown->len, ==, 2);

  /* Each is explained in the clerk's words, with the content kept. */
  for (guint i = 0; i < shown->len; i++)
    {
      problem = g_ptr_array_index (shown, i);
      g_assert_true (yc_problem_text_knows_code (problem->code));
      g_assert_cmpstr (yc_problem_text_explanation (problem), !=, "The back office refused this change.");
      g_assert_cmpstr (yc_problem_text_attempt (problem), ==, "Accept the case");
      g_assert_nonnull (problem->payload);
      g_assert_cmpuint (strlen (problem->payload), >, 20);
    }
  problem = g_ptr_array_index (shown, 0);
  discarded_id = problem->id;
  retried_id = ((YcSyncProblem *) g_ptr_array_index (shown, 1))->id;

  /* Discard asks first; "keep it" changes nothing. */
  dialog = yc_problems_view_discard (YC_PROBLEMS_VIEW (view), discarded_id);
  g_assert_nonnull (dialog);
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Accept the case") != NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  stored = yc_store_list_problems (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  g_clear_pointer (&stored, g_ptr_array_unref);

  dialog = yc_problems_view_discard (YC_PROBLEMS_VIEW (view), discarded_id);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  wait_loaded (YC_PROBLEMS_VIEW (view), &loaded);
  g_assert_cmpuint (yc_problems_view_get_problems (YC_PROBLEMS_VIEW (view))->len, ==, 1);

  /* Retry: the problem is resolved and the change is queued again. */
  pending_before = yc_store_outbox_count (f->store, &error);
  g_assert_no_error (error);
  yc_problems_view_retry (YC_PROBLEMS_VIEW (view), retried_id);
  wait_loaded (YC_PROBLEMS_VIEW (view), &loaded);
  g_assert_cmpuint (yc_problems_view_get_problems (YC_PROBLEMS_VIEW (view))->len, ==, 0);
  g_assert_cmpint (yc_store_outbox_count (f->store, &error), ==, pending_before + 1);

  /* Never dropped: both are kept, resolved, with who did it. */
  stored = yc_store_list_problems (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  for (guint i = 0; i < stored->len; i++)
    {
      problem = g_ptr_array_index (stored, i);
      g_assert_cmpstr (problem->resolution, ==, problem->id == discarded_id ? "discarded" : "retried");
      g_assert_cmpstr (problem->resolved_by, ==, CLERK);
      g_assert_nonnull (problem->payload);
    }

  gtk_window_destroy (GTK_WINDOW (view));
}

/* Day closing */

static gboolean
status_known (gpointer data)
{
  return yc_day_closing_dialog_get_status (data) != YC_DAY_CLOSING_LOADING;
}

static gboolean
status_closed (gpointer data)
{
  return yc_day_closing_dialog_get_status (data) == YC_DAY_CLOSING_CLOSED;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* Nothing accepted here today, nothing at the back office: closed at once. */
static void
test_day_match (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDayClosing) closing = NULL;
  g_autofree char *day = NULL;
  GtkWidget *dialog;

  /* Another day than the other tests' (which leave cases at the back office today). */
  day = g_strdup ("2026-01-05");
  dialog = yc_day_closing_dialog_new (f->store, f->client, CLERK, day, NULL);
  wait_until (status_known, dialog, 30);
  g_assert_cmpint (yc_day_closing_dialog_get_status (YC_DAY_CLOSING_DIALOG (dialog)), ==, YC_DAY_CLOSING_MATCH);
  g_assert_true (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_close_day (YC_DAY_CLOSING_DIALOG (dialog));
  wait_until (status_closed, dialog, 30);

  closing = yc_store_get_day_closing (f->store, day, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closing);
  g_assert_cmpint (closing->local_count, ==, 0);
  g_assert_cmpint (closing->server_count, ==, 0);
  g_assert_cmpstr (closing->local_hash, ==, closing->server_hash);
  g_assert_null (closing->explanation);
  g_assert_cmpstr (closing->closed_by, ==, CLERK);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Opened again: the record, and nothing to close. */
  dialog = yc_day_closing_dialog_new (f->store, f->client, CLERK, day, NULL);
  wait_until (status_known, dialog, 30);
  g_assert_cmpint (yc_day_closing_dialog_get_status (YC_DAY_CLOSING_DIALOG (dialog)), ==, YC_DAY_CLOSING_CLOSED);
  g_assert_false (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A case accepted here has not reached the back office: no closing without an explanation. */
static void
test_day_mismatch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDayClosing) closing = NULL;
  g_autofree char *day = today ();
  GtkWidget *dialog;

  accept_case (f);
  dialog = yc_day_closing_dialog_new (f->store, f->client, CLERK, NULL, NULL);
  wait_until (status_known, dialog, 30);
  g_assert_cmpint (yc_day_closing_dialog_get_status (YC_DAY_CLOSING_DIALOG (dialog)), ==, YC_DAY_CLOSING_MISMATCH);
  g_assert_false (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_close_day (YC_DAY_CLOSING_DIALOG (dialog));
  closing = yc_store_get_day_closing (f->store, day, &error);
  g_assert_no_error (error);
  g_assert_null (closing);

  /* Blanks are no explanation. */
  yc_day_closing_dialog_set_explanation (YC_DAY_CLOSING_DIALOG (dialog), "  \n ");
  g_assert_false (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_set_explanation (YC_DAY_CLOSING_DIALOG (dialog),
                                         "网络中断，1 件待恢复后同步，已报告值班主任。");
  g_assert_true (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_close_day (YC_DAY_CLOSING_DIALOG (dialog));
  wait_until (status_closed, dialog, 30);

  closing = yc_store_get_day_closing (f->store, day, &error);
  g_assert_no_error (error);
  g_assert_nonnull (closing);
  g_assert_cmpint (closing->local_count, ==, 1);
  g_assert_cmpstr (closing->explanation, ==, "网络中断，1 件待恢复后同步，已报告值班主任。");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Without the back office (not signed in online): only with an explanation. */
static void
test_day_unreachable (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDayClosing) closing = NULL;
  GtkWidget *dialog;

  dialog = yc_day_closing_dialog_new (f->store, NULL, CLERK, "2026-01-06", NULL);
  wait_until (status_known, dialog, 30);
  g_assert_cmpint (yc_day_closing_dialog_get_status (YC_DAY_CLOSING_DIALOG (dialog)), ==, YC_DAY_CLOSING_UNREACHABLE);
  g_assert_false (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_set_explanation (YC_DAY_CLOSING_DIALOG (dialog), "后台停机维护，次日补对。");
  g_assert_true (yc_day_closing_dialog_can_close (YC_DAY_CLOSING_DIALOG (dialog)));
  yc_day_closing_dialog_close_day (YC_DAY_CLOSING_DIALOG (dialog));
  wait_until (status_closed, dialog, 30);
  closing = yc_store_get_day_closing (f->store, "2026-01-06", &error);
  g_assert_no_error (error);
  g_assert_nonnull (closing);
  /* Recorded as not asked. */
  g_assert_cmpstr (closing->server_hash, ==, "");
  g_assert_cmpstr (closing->explanation, ==, "后台停机维护，次日补对。");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Every refusal code the back office sends has its own explanation and advice. */
static void
test_problem_texts (void)
{
  static const char * const known[] = {
    "forbidden", "illegal_transition", "invalid_payload", "duplicate_number",
    "window_not_enrolled", "decision_not_allowed", "unknown_catalog_version",
    "applicant_flagged", "missing_blob", "op_id_reused", "not_found",
  };
  YcSyncProblem generic = { .result = (char *) "rejected", .code = (char *) "something_new",
                            .op_kind = (char *) "case.issue" };
  YcSyncProblem conflict = { .result = (char *) "conflict", .op_kind = (char *) "case.supplement" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      YcSyncProblem problem = { .result = (char *) "rejected", .code = (char *) known[i],
                                .op_kind = (char *) "case.accept" };

      g_assert_true (yc_problem_text_knows_code (known[i]));
      g_assert_cmpstr (yc_problem_text_explanation (&problem), !=, yc_problem_text_explanation (&generic));
      g_assert_cmpstr (yc_problem_text_advice (&problem), !=, yc_problem_text_advice (&generic));
      /* Distinct texts: no code borrows another's. */
      g_assert_false (g_hash_table_contains (seen, yc_problem_text_explanation (&problem)));
      g_hash_table_add (seen, (gpointer) yc_problem_text_explanation (&problem));
    }
  g_assert_false (yc_problem_text_knows_code ("something_new"));
  g_assert_cmpstr (yc_problem_text_attempt (&generic), ==, "Issue the result");
  g_assert_true (strstr (yc_problem_text_explanation (&conflict), "changed this case first") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/sync-ui/problem-texts", test_problem_texts);
  ADD ("/sync-ui/problems/discard-and-retry", test_problems_discard_and_retry);
  ADD ("/sync-ui/day-closing/match", test_day_match);
  ADD ("/sync-ui/day-closing/mismatch", test_day_mismatch);
  ADD ("/sync-ui/day-closing/unreachable", test_day_unreachable);
  ADD ("/sync-ui/offline-banner", test_offline_banner);
#undef ADD

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
