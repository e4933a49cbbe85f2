/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-account-button.h"
#include "yc-case-machine.h"
#include "yc-intake-view-private.h"
#include "yc-review-view.h"
#include "yc-settings.h"
#include "yc-supervision-view.h"
#include "yc-sync-actions.h"
#include "yc-sync-banner.h"
#include "yc-sync-indicator.h"
#include "yc-window-private.h"

/*
 * Sign-in, lock and sign-out of the main window (yc_window_set_session_manager), and what
 * the user signed in works in, by role (issue 7): a clerk the counter (yc-window.c), a
 * reviewer YcReviewView, a supervisor YcSupervisionView.  Those two views are made at
 * sign-in for that user and dropped at sign-out; locked, every view is hidden behind the
 * sign-in page.  A back-office computer (enrolled with the back office's address only, no
 * hall and window codes) is for reviewers and supervisors; the sign-in page refuses
 * everyone else there (yc-sign-in-page.c).
 */

/* An intake is open whose applicant is not recorded yet: signing out would lose it. */
static gboolean
intake_unsaved (YcWindow *self)
{
  return self->intake_view != NULL
         && gtk_stack_get_visible_child (self->intake_stack) == GTK_WIDGET (self->intake_view)
         && yc_intake_view_get_case (self->intake_view) == NULL
         && yc_intake_view_get_subject_code (self->intake_view) != NULL;
}

static void
discard_intake (YcWindow *self)
{
  if (self->intake_view == NULL)
    return;
  /* Nothing of the applicant stays behind (restart needs a subject: none before the first). */
  if (yc_intake_view_get_subject_code (self->intake_view) != NULL)
    yc_intake_view_restart (self->intake_view);
  gtk_stack_set_visible_child (self->intake_stack, GTK_WIDGET (self->counter_view));
  adw_view_stack_set_visible_child_name (self->views, "intake");
}

static void
update_session_actions (YcWindow *self)
{
  gboolean working = self->sessions != NULL && yc_session_manager_is_signed_in (self->sessions)
                     && !yc_session_manager_is_locked (self->sessions);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "lock");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), working);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               self->sessions != NULL && yc_session_manager_is_signed_in (self->sessions));
}

/* Hidden, not only covered: the applicant's data must not be reachable while locked. */
static void
hide_counter (YcWindow *self)
{
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->sign_in_page));
  if (self->views != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->views), FALSE);
  if (self->role_view != NULL)
    gtk_widget_set_visible (self->role_view, FALSE);
}

/* Nothing of the last user's cases stays in the window once they signed out. */
static void
drop_role_view (YcWindow *self)
{
  if (self->role_view == NULL)
    return;
  if (YC_IS_REVIEW_VIEW (self->role_view))
    yc_review_view_set_engine (YC_REVIEW_VIEW (self->role_view), NULL);
  gtk_stack_remove (self->stack, self->role_view);
  self->role_view = NULL;
  g_clear_pointer (&self->role_view_user, g_free);
  if (self->store != NULL)
    yc_store_set_urge_reader (self->store, NULL);
}

/* Who is signed in and the sync state, for the header of a role's view. */
static GtkWidget *
new_header_extras (YcWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_append (GTK_BOX (box), yc_account_button_new (self->sessions));
  gtk_box_append (GTK_BOX (box), yc_sync_indicator_new (yc_sync_actions_get_engine (GTK_WIDGET (self))));
  return box;
}

/* The reviewer's or the supervisor's view, made for the user signed in now. */
static gboolean
ensure_role_view (YcWindow *self,
                  YcRole    role)
{
  const char *username = yc_session_manager_get_username (self->sessions);
  GtkWidget *view;

  if (self->role_view != NULL && g_strcmp0 (self->role_view_user, username) == 0
      && (role == YC_ROLE_REVIEWER) == YC_IS_REVIEW_VIEW (self->role_view))
    return TRUE;
  drop_role_view (self);
  if (self->store == NULL || self->calendar == NULL)
    return FALSE;
  /* The back office's yellow threshold, before the lights are drawn (docs/deploy.md). */
  yc_settings_set_served_yellow_threshold (yc_session_manager_get_yellow_threshold (self->sessions));
  /* A reviewer's lists count their own urges; the board counts every urge (supervision.md). */
  yc_store_set_urge_reader (self->store, role == YC_ROLE_REVIEWER ? username : NULL);
  if (role == YC_ROLE_REVIEWER)
    {
      view = yc_review_view_new (self->store, self->calendar, self->catalog, self->sessions);
      yc_review_view_set_header_widget (YC_REVIEW_VIEW (view), new_header_extras (self));
      yc_review_view_set_engine (YC_REVIEW_VIEW (view), yc_sync_actions_get_engine (GTK_WIDGET (self)));
    }
  else
    {
      GtkWidget *supervision = yc_supervision_view_new (self->store, self->calendar, self->catalog,
                                                        self->sessions);

      /* The supervision view has its own header bar (board / figures): who is signed in
       * and the sync state go there, not in a second bar above it. */
      yc_supervision_view_set_header_widget (YC_SUPERVISION_VIEW (supervision),
                                             new_header_extras (self));
      gtk_widget_set_vexpand (supervision, TRUE);
      view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (view), yc_sync_banner_new (yc_sync_actions_get_engine (GTK_WIDGET (self))));
      gtk_box_append (GTK_BOX (view), supervision);
    }
  gtk_widget_set_vexpand (view, TRUE);
  self->role_view = view;
  self->role_view_user = g_strdup (username);
  gtk_stack_add_named (self->stack, view, "role");
  return TRUE;
}

static YcRole
signed_in_role (YcWindow *self)
{
  const YcUserProfile *profile = yc_session_manager_get_profile (self->sessions);

  return profile != NULL ? profile->role : YC_ROLE_CLERK;
}

/* The role decides the work: clerks the counter, reviewers review mode, supervisors the
 * hall's board.  Administrators never get this far (the sign-in page refuses them). */
static void
show_counter_page (YcWindow *self)
{
  YcRole role = self->sessions != NULL ? signed_in_role (self) : YC_ROLE_CLERK;

  if (role == YC_ROLE_REVIEWER || role == YC_ROLE_SUPERVISOR)
    {
      if (self->views != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->views), FALSE);
      if (!ensure_role_view (self, role))
        {
          gtk_stack_set_visible_child_name (self->stack, "loading");
          return;
        }
      gtk_widget_set_visible (self->role_view, TRUE);
      gtk_stack_set_visible_child (self->stack, self->role_view);
      gtk_widget_child_focus (self->role_view, GTK_DIR_TAB_FORWARD);
      return;
    }
  drop_role_view (self);
  if (self->sessions != NULL && yc_session_manager_is_signed_in (self->sessions))
    yc_settings_set_served_yellow_threshold (yc_session_manager_get_yellow_threshold (self->sessions));
  if (self->views == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->views), TRUE);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->views));
  if (gtk_stack_get_visible_child (self->intake_stack) == GTK_WIDGET (self->counter_view))
    gtk_widget_activate_action (GTK_WIDGET (self->counter_view), "counter.focus-search", NULL);
}

static void
show_sign_in (YcWindow   *self,
              const char *message)
{
  hide_counter (self);
  yc_sign_in_page_show_sign_in (self->sign_in_page, message);
  update_session_actions (self);
}

void
yc_window_show_session_page (YcWindow *self)
{
  if (self->sessions == NULL)
    {
      if (self->not_enrolled_page != NULL)
        gtk_stack_set_visible_child (self->stack, self->not_enrolled_page);
      else
        gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }
  if (!yc_session_manager_is_signed_in (self->sessions))
    show_sign_in (self, NULL);
  else if (yc_session_manager_is_locked (self->sessions))
    {
      hide_counter (self);
      yc_sign_in_page_show_unlock (self->sign_in_page);
    }
  else
    show_counter_page (self);
  update_session_actions (self);
}

static void
locked_cb (YcSessionManager *sessions,
           YcWindow         *self)
{
  hide_counter (self);
  yc_sign_in_page_show_unlock (self->sign_in_page);
  update_session_actions (self);
}

static void
signed_in_changed_cb (YcSessionManager *sessions,
                      GParamSpec       *pspec,
                      YcWindow         *self)
{
  if (!yc_session_manager_is_signed_in (sessions))
    {
      show_sign_in (self, _("Signed out. The next user signs in here."));
      drop_role_view (self);
    }
  update_session_actions (self);
}

static void
page_signed_in_cb (YcSignInPage *page,
                   gboolean      online,
                   YcWindow     *self)
{
  if (self->hall != NULL)
    yc_window_set_device (self, self->hall, self->window_code);
  show_counter_page (self);
  update_session_actions (self);
  if (!online && signed_in_role (self) == YC_ROLE_CLERK)
    yc_window_add_toast (self, _("Offline sign-in: the back office cannot be reached. Intake goes "
                                 "on; cases are sent when it can be reached again."));
  else if (!online)
    yc_window_add_toast (self, _("Offline sign-in: the back office cannot be reached. Cases kept "
                                 "on this computer can be worked on; decisions are sent when it "
                                 "can be reached again."));
}

static void
page_unlocked_cb (YcSignInPage *page,
                  YcWindow     *self)
{
  show_counter_page (self);
  update_session_actions (self);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(YcWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed out here at once; only telling the back office can fail, and it expires. */
  if (!yc_session_manager_sign_out_finish (YC_SESSION_MANAGER (object), result, &error))
    g_debug ("The back office did not hear of the sign-out: %s", error->message);
}

static void
sign_out_now (YcWindow *self)
{
  discard_intake (self);
  yc_session_manager_sign_out_async (self->sessions, NULL, signed_out_cb, g_object_ref (self));
}

static void
switch_user_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         YcWindow         *self)
{
  if (g_str_equal (response, "discard"))
    sign_out_now (self);
}

static void
page_switch_user_cb (YcSignInPage *page,
                     YcWindow     *self)
{
  GtkWidget *dialog;
  const char *name = yc_session_manager_get_display_name (self->sessions);

  if (!intake_unsaved (self))
    {
      sign_out_now (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Unsaved Intake?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s has an intake open that is not recorded yet. If another "
                                    "user signs in now, what was entered for that applicant is "
                                    "discarded."),
                                  name != NULL ? name : yc_session_manager_get_username (self->sessions));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard and Switch User"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (switch_user_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  YcWindow *self = YC_WINDOW (user_data);

  if (self->sessions != NULL)
    yc_session_manager_lock (self->sessions);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  YcWindow *self = YC_WINDOW (user_data);
  GtkWidget *dialog;

  if (self->sessions == NULL || !yc_session_manager_is_signed_in (self->sessions))
    return;
  if (!intake_unsaved (self) || yc_session_manager_is_locked (self->sessions))
    {
      sign_out_now (self);
      return;
    }
  /* Refused, not asked: the clerk finishes with the applicant in front of them first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Finish the Intake First"),
                                   _("An intake is open and its applicant is not recorded yet. "
                                     "Confirm a decision, or leave the intake (Escape), then "
                                     "sign out."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Any key or click in the window is activity: the idle lock starts counting again. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                YcWindow              *self)
{
  if (self->sessions != NULL)
    yc_session_manager_touch (self->sessions);
  return GDK_EVENT_PROPAGATE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            YcWindow        *self)
{
  if (self->sessions != NULL)
    yc_session_manager_touch (self->sessions);
}

void
yc_window_init_session (YcWindow *self)
{
  static const GActionEntry actions[] = {
    { "lock", lock_action },
    { "sign-out", sign_out_action },
  };
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *clicks = gtk_gesture_click_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  update_session_actions (self);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (clicks), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (clicks), GTK_PHASE_CAPTURE);
  g_signal_connect (clicks, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (clicks));
}

void
yc_window_dispose_session (YcWindow *self)
{
  drop_role_view (self);
  g_clear_pointer (&self->role_view_user, g_free);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
}

/**
 * yc_window_require_sign_in:
 *
 * From now on the counter shows only to a user signed in through the session manager
 * given with yc_window_set_session_manager(); until then the window waits (loading) or
 * asks for the enrolment (yc_window_show_not_enrolled()).
 */
void
yc_window_require_sign_in (YcWindow *self)
{
  g_return_if_fail (YC_IS_WINDOW (self));

  self->gated = TRUE;
}

/**
 * yc_window_show_not_enrolled:
 *
 * This computer is not enrolled yet: a page that says so and offers the enrolment
 * (win.enroll).  The counter stays hidden.
 */
void
yc_window_show_not_enrolled (YcWindow *self)
{
  GtkWidget *box, *header, *page, *button;

  g_return_if_fail (YC_IS_WINDOW (self));

  self->gated = TRUE;
  if (self->not_enrolled_page == NULL)
    {
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      header = adw_header_bar_new ();
      gtk_widget_add_css_class (header, "flat");
      gtk_box_append (GTK_BOX (box), header);
      page = adw_status_page_new ();
      gtk_widget_set_vexpand (page, TRUE);
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "network-server-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("This Computer Is Not Enrolled"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                       _("A hall administrator enrols it once, with the back "
                                         "office’s address and the hall and window codes. Then "
                                         "clerks sign in here."));
      button = gtk_button_new_with_mnemonic (_("_Enrol This Computer…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.enroll");
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "suggested-action");
      adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
      gtk_box_append (GTK_BOX (box), page);
      self->not_enrolled_page = box;
      gtk_stack_add_named (self->stack, box, "not-enrolled");
    }
  if (self->views != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->views), FALSE);
  gtk_stack_set_visible_child (self->stack, self->not_enrolled_page);
}

/**
 * yc_window_set_session_manager:
 * @sessions: who is signed in at this window
 * @hall: (nullable): the hall code of this computer; %NULL for a back-office computer
 *   (enrolled with the back office's address only: reviewers and supervisors)
 * @window: (nullable): its window code (%NULL with @hall)
 * @window_name: (nullable): the window's name at the back office
 *
 * Gates the counter behind the sign-in page (see yc_window_require_sign_in()) and shows
 * the page the session's state asks for.  Call once.
 */
void
yc_window_set_session_manager (YcWindow         *self,
                               YcSessionManager *sessions,
                               const char       *hall,
                               const char       *window,
                               const char       *window_name)
{
  g_autoptr(YcCalendar) calendar = NULL;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (YC_IS_SESSION_MANAGER (sessions));
  g_return_if_fail ((hall == NULL) == (window == NULL));
  g_return_if_fail (self->sessions == NULL);

  self->gated = TRUE;
  self->sessions = g_object_ref (sessions);
  self->hall = g_strdup (hall);
  self->window_code = g_strdup (window);

  self->sign_in_page = YC_SIGN_IN_PAGE (yc_sign_in_page_new (sessions));
  yc_sign_in_page_set_window (self->sign_in_page, hall, window, window_name);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->sign_in_page), "sign-in");
  g_signal_connect_object (self->sign_in_page, "signed-in", G_CALLBACK (page_signed_in_cb), self, 0);
  g_signal_connect_object (self->sign_in_page, "unlocked", G_CALLBACK (page_unlocked_cb), self, 0);
  g_signal_connect_object (self->sign_in_page, "switch-user", G_CALLBACK (page_switch_user_cb), self, 0);
  g_signal_connect (sessions, "locked", G_CALLBACK (locked_cb), self);
  g_signal_connect (sessions, "notify::signed-in", G_CALLBACK (signed_in_changed_cb), self);

  if (self->views != NULL)
    {
      /* The headers get who is signed in next to the switcher. */
      yc_counter_view_set_title_widget (self->counter_view, yc_window_new_switcher (self));
      yc_intake_view_set_title_widget (self->intake_view, yc_window_new_switcher (self));
      yc_today_view_set_title_widget (self->today_view, yc_window_new_switcher (self));
      g_object_get (self->intake_view, "calendar", &calendar, NULL);
      yc_sync_actions_set_services (self, sessions, self->store, calendar);
    }
  yc_window_show_session_page (self);
}

/**
 * yc_window_get_session_manager:
 *
 * Returns: (transfer none) (nullable): who is signed in at this window, or %NULL before
 *   yc_window_set_session_manager()
 */
YcSessionManager *
yc_window_get_session_manager (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->sessions;
}
