/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>

#include "yc-case-machine.h"
#include "yc-case-queue.h"
#include "yc-supervision-view.h"
#include "yc-test-store.h"
#include "yc-urge-bar.h"
#include "yc-urge-case-page.h"
#include "yc-urge-center.h"
#include "yc-urge-dialog.h"
#include "yc-urge-item.h"

/*
 * The supervisor's board and the handler's urge strip in process (GSK_RENDERER=cairo, under
 * Xvfb), with a real store: a case accepted long ago (red) and one today (green).
 *
 *   /supervision-view/counts        the red / yellow / green counts are those of core's
 *                                   clock for every part; a count button filters the board
 *   /supervision-view/urge          a case opened from the board, the urge dialog refuses an
 *                                   empty message, then applies supervision.urge through the
 *                                   store and its outbox; the case page lists the urge
 *   /supervision-view/urge-bar      an urge pulled for a reviewer shows in the strip and as
 *                                   a notification until "知道了": urge.ack in the outbox,
 *                                   the strip hidden, the store's urge closed
 *
 * Users sign in offline (cached credentials, an unreachable back office): the session gives
 * the actor's role, hall and departments as at a real window.
 */

typedef struct {
  YcStoreFixture      s;
  YcBackofficeClient *client;
  char               *red;      /* uuids */
  char               *green;
  GtkWindow          *window;
} Fixture;

static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, until);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static YcSessionManager *
sign_in (Fixture            *f,
         const char         *username,
         YcRole              role,
         const char         *hall,
         const char * const *departments)
{
  g_autoptr(YcUserProfile) profile = yc_user_profile_new (username, username, role, hall, departments);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcSessionManager *sessions;

  g_assert_true (yc_store_put_credential (f->s.store, profile, "pw-123456", &error));
  g_assert_no_error (error);
  sessions = yc_session_manager_new (f->client, f->s.store);
  yc_session_manager_set_idle_lock_seconds (sessions, 0);
  yc_session_manager_sign_in_async (sessions, username, "pw-123456", NULL, async_cb, &result);
  wait_until (result_ready, &result);
  g_assert_true (yc_session_manager_sign_in_finish (sessions, result, &error));
  g_assert_no_error (error);
  g_assert_false (yc_session_manager_is_online (sessions));
  return sessions;
}

static char *
accept_on (Fixture *f,
           int      days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -days_ago);
  g_autoptr(YcCase) built = yc_test_case_new (f->s.blob_a, f->s.blob_b, at);
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_accept_case (f->s.store, built, &error));
  g_assert_no_error (error);
  return g_strdup (built->uuid);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  yc_store_fixture_set_up (&f->s, NULL);
  yc_store_set_calendar (f->s.store, yc_test_store_calendar ());
  f->client = yc_backoffice_client_new ("http://127.0.0.1:9", NULL, &error);
  g_assert_no_error (error);
  f->red = accept_on (f, 70);
  f->green = accept_on (f, 0);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  spin (100);
  g_clear_object (&f->client);
  g_free (f->red);
  g_free (f->green);
  yc_store_fixture_tear_down (&f->s, NULL);
}

static gboolean
counted (gpointer data)
{
  YcSupervisionView *view = data;

  return yc_supervision_view_get_count (view, "red") != G_MAXUINT
         && yc_supervision_view_get_count (view, "yellow") != G_MAXUINT
         && yc_supervision_view_get_count (view, "green") != G_MAXUINT
         && !yc_case_list_model_get_loading (yc_case_queue_get_model (YC_CASE_QUEUE (yc_supervision_view_get_queue (view))));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL
          && g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (child)), prefix))
        return child;
      if ((found = find_button (child, prefix)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YcSessionManager) super = sign_in (f, "super", YC_ROLE_SUPERVISOR, "HD01", NULL);
  YcSupervisionView *view;
  guint expected[3] = { 0 };
  GtkWidget *red_button;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(YcCase) c = yc_store_get_case (f->s.store, k == 0 ? f->red : f->green, NULL);

      for (guint i = 0; i < c->parts->len; i++)
        {
          YcClock clock;

          yc_case_clock (c, g_ptr_array_index (c->parts, i), yc_test_store_calendar (), &today,
                         YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
          expected[clock.state]++;
        }
    }
  g_assert_cmpuint (expected[YC_DEADLINE_RED], >, 0);
  g_assert_cmpuint (expected[YC_DEADLINE_GREEN], >, 0);

  view = YC_SUPERVISION_VIEW (yc_supervision_view_new (f->s.store, yc_test_store_calendar (),
                                                       yc_test_store_catalog (), super));
  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  wait_until (counted, view);
  g_assert_cmpuint (yc_supervision_view_get_count (view, "red"), ==, expected[YC_DEADLINE_RED]);
  g_assert_cmpuint (yc_supervision_view_get_count (view, "yellow"), ==, expected[YC_DEADLINE_YELLOW]);
  g_assert_cmpuint (yc_supervision_view_get_count (view, "green"), ==, expected[YC_DEADLINE_GREEN]);

  /* The red light's button filters the board to red parts. */
  red_button = find_button (GTK_WIDGET (view), yc_deadline_state_label (YC_DEADLINE_RED));
  g_assert_nonnull (red_button);
  g_signal_emit_by_name (red_button, "clicked");
  g_assert_cmpstr (yc_case_queue_get_query (YC_CASE_QUEUE (yc_supervision_view_get_queue (view)))->deadline_status,
                   ==, "red");
  wait_until (counted, view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (yc_case_queue_get_model (YC_CASE_QUEUE (yc_supervision_view_get_queue (view))))),
                    ==, expected[YC_DEADLINE_RED]);
  /* The counts follow the board's filters, not its light. */
  g_assert_cmpuint (yc_supervision_view_get_count (view, "green"), ==, expected[YC_DEADLINE_GREEN]);
}

static gboolean
case_loaded (gpointer data)
{
  return yc_urge_case_page_get_case (data) != NULL;
}

typedef struct {
  YcCase *applied;
} Urged;

static void
urged_cb (YcUrgeCasePage *page,
          YcCase         *applied,
          Urged          *urged)
{
  urged->applied = yc_case_ref (applied);
}

static gboolean
was_urged (gpointer data)
{
  return ((Urged *) data)->applied != NULL;
}

static void
test_urge (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(YcSessionManager) super = sign_in (f, "super", YC_ROLE_SUPERVISOR, "HD01", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) stored = NULL;
  YcSupervisionView *view;
  YcUrgeCasePage *page;
  GtkWidget *dialog;
  Urged urged = { NULL };
  gint64 outbox;

  view = YC_SUPERVISION_VIEW (yc_supervision_view_new (f->s.store, yc_test_store_calendar (),
                                                       yc_test_store_catalog (), super));
  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  page = YC_URGE_CASE_PAGE (yc_supervision_view_get_case_page (view));
  g_signal_connect (page, "urged", G_CALLBACK (urged_cb), &urged);
  yc_supervision_view_open_case (view, f->red);
  wait_until (case_loaded, page);
  g_assert_cmpstr (yc_urge_case_page_get_case (page)->uuid, ==, f->red);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (page)));

  outbox = yc_store_outbox_count (f->s.store, NULL);
  dialog = yc_urge_case_page_open_urge_dialog (page);
  g_assert_true (YC_IS_URGE_DIALOG (dialog));
  g_object_ref (dialog);
  /* No message, no urge. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "urge"));
  yc_urge_dialog_submit (YC_URGE_DIALOG (dialog));
  spin (200);
  g_assert_null (urged.applied);
  g_assert_cmpint (yc_store_outbox_count (f->s.store, NULL), ==, outbox);

  yc_urge_dialog_set_message (YC_URGE_DIALOG (dialog), "已超期，请今日办结");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "urge"));
  yc_urge_dialog_submit (YC_URGE_DIALOG (dialog));
  wait_until (was_urged, &urged);
  g_object_unref (dialog);

  g_assert_cmpint (yc_store_outbox_count (f->s.store, NULL), ==, outbox + 1);
  stored = yc_store_get_case (f->s.store, f->red, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->urges->len, ==, 1);
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (stored->urges, 0))->message, ==, "已超期，请今日办结");
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (stored->urges, 0))->by, ==, "super");
  g_assert_cmpuint (yc_urge_case_page_get_case (page)->urges->len, ==, 1);
  yc_case_unref (urged.applied);
}

static gboolean
center_idle (gpointer data)
{
  return !yc_urge_center_get_loading (data);
}

#define YC_OTHERS_URGE "9d0c2a4e-7b1f-4c3a-9e2d-5f6a7b8c9d0e"

static void
test_urge_bar (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(YcSessionManager) super = sign_in (f, "super", YC_ROLE_SUPERVISOR, "HD01", NULL);
  g_autoptr(YcCase) c = yc_store_get_case (f->s.store, f->red, NULL);
  const char *department = ((YcCasePart *) g_ptr_array_index (c->parts, 0))->department;
  const char *departments[] = { department, NULL };
  g_autoptr(YcSessionManager) reviewer = NULL;
  g_autoptr(YcUrgeCenter) center = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(YcCase) urged = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  YcActor actor = { "super", YC_ROLE_SUPERVISOR, "HD01", NULL };
  GtkWidget *bar;
  gint64 outbox;

  /* The supervisor's urge as the back office has it, and its notice in the feed. */
  json_object_set_string_member (payload, "message", "请尽快审核");
  op = yc_operation_new (op_id, c->uuid, c->version, YC_OP_SUPERVISION_URGE, payload, NULL);
  urged = yc_store_apply_operation (f->s.store, op, &actor, yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  {
    JsonObject *notice = json_object_new ();

    json_object_set_string_member (notice, "id", op_id);
    json_object_set_string_member (notice, "case_uuid", c->uuid);
    json_object_set_string_member (notice, "number", c->number);
    json_object_set_string_member (notice, "message", "请尽快审核");
    json_object_set_string_member (notice, "by", "super");
    json_object_set_string_member (notice, "at", "2026-11-23T09:00:00+08:00");
    g_ptr_array_add (changes, yc_feed_change_new (1, "urge", c->uuid, urged->version, notice));
    json_object_unref (notice);
  }
  /* Another urge of the same department, addressed to a colleague who also signs in on
   * this computer: not in this reviewer's strip, nor on their desktop. */
  {
    JsonObject *notice = json_object_new ();

    json_object_set_string_member (notice, "id", YC_OTHERS_URGE);
    json_object_set_string_member (notice, "case_uuid", c->uuid);
    json_object_set_string_member (notice, "number", c->number);
    json_object_set_string_member (notice, "message", "请回复");
    json_object_set_string_member (notice, "by", "super");
    json_object_set_string_member (notice, "at", "2026-11-23T09:30:00+08:00");
    json_object_set_string_member (notice, "to", "rev-colleague");
    g_ptr_array_add (changes, yc_feed_change_new (2, "urge", c->uuid, urged->version, notice));
    json_object_unref (notice);
  }
  applied = yc_store_apply_feed_page (f->s.store, changes, NULL, "r1", &error);
  g_assert_no_error (error);

  reviewer = sign_in (f, "rev", YC_ROLE_REVIEWER, NULL, departments);
  center = yc_urge_center_new (f->s.store, reviewer, yc_test_store_calendar (), NULL);
  bar = yc_urge_bar_new ();
  gtk_window_set_child (f->window, bar);
  gtk_window_present (f->window);
  g_assert_false (gtk_widget_get_visible (bar));
  yc_urge_bar_set_center (YC_URGE_BAR (bar), center);
  yc_urge_center_reload (center);
  wait_until (center_idle, center);
  spin (50);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 1);
  g_assert_true (yc_urge_center_is_notified (center, op_id));
  g_assert_false (yc_urge_center_is_notified (center, YC_OTHERS_URGE));
  g_assert_nonnull (find_button (bar, ""));

  outbox = yc_store_outbox_count (f->s.store, NULL);
  yc_urge_center_acknowledge_async (center, op_id, NULL, async_cb, &result);
  wait_until (result_ready, &result);
  g_assert_true (yc_urge_center_acknowledge_finish (center, result, &error));
  g_assert_no_error (error);
  spin (50);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_false (yc_urge_center_is_notified (center, op_id));
  g_assert_cmpint (yc_store_outbox_count (f->s.store, NULL), ==, outbox + 1);
  open = yc_store_list_urges (f->s.store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);   /* the colleague's, still open for them */
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (open, 0))->id, ==, YC_OTHERS_URGE);
  {
    g_autoptr(YcCase) after = yc_store_get_case (f->s.store, c->uuid, NULL);

    g_assert_true (yc_case_lookup_urge (after, op_id)->acknowledged);
    g_assert_cmpstr (yc_case_lookup_urge (after, op_id)->acknowledged_by, ==, "rev");
  }
  g_clear_object (&result);
  yc_urge_bar_set_center (YC_URGE_BAR (bar), NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/supervision-view/counts", Fixture, NULL, fixture_set_up, test_counts, fixture_tear_down);
  g_test_add ("/supervision-view/urge", Fixture, NULL, fixture_set_up, test_urge, fixture_tear_down);
  g_test_add ("/supervision-view/urge-bar", Fixture, NULL, fixture_set_up, test_urge_bar, fixture_tear_down);
  return g_test_run ();
}
