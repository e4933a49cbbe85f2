/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-account-button.h"
#include "yc-document-preview.h"
#include "yc-enroll-dialog.h"
#include "yc-intake-view.h"
#include "yc-intake-view-private.h"
#include "yc-sign-in-page.h"
#include "yc-sync-actions.h"
#include "yc-sync-indicator.h"
#include "yc-today-view.h"
#include "yc-window.h"

/*
 * The main window.  It opens before the store and the catalog are ready: first a loading
 * page, then the counter view once the application hands it its services, or a page with
 * the error when they cannot be opened.
 *
 * The counter has two views, switched in the header bar: 受理 (the catalog, then the
 * intake of what the clerk picked) and 今日受理 (today's cases).
 *
 * In the application the counter is gated (yc_window_require_sign_in()): it shows only to
 * a user signed in through the YcSessionManager the application hands over, after the
 * computer is enrolled.  Locked (idle, or Ctrl+Shift+L), the sign-in page covers it and the
 * counter is hidden, so that the applicant's data does not show; key presses and clicks
 * anywhere in the window count as activity for the idle lock.
 */

struct _YcWindow
{
  AdwApplicationWindow  parent_instance;

  YcCounterView        *counter_view;
  YcIntakeView         *intake_view;
  YcTodayView          *today_view;
  AdwViewStack         *views;
  GtkStack             *intake_stack;
  YcStore              *store;
  GCancellable         *cancellable;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;

  /* Sign-in (yc_window_set_session_manager) */
  gboolean              gated;
  YcSessionManager     *sessions;
  YcSignInPage         *sign_in_page;
  GtkWidget            *not_enrolled_page;
  char                 *hall;
  char                 *window_code;
};

G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
set_device (YcWindow   *self,
            const char *hall,
            const char *window)
{
  /* The case's clerk is who signed in; without sign-in (widget tests) the OS user. */
  const char *clerk = self->sessions != NULL ? yc_session_manager_get_username (self->sessions) : NULL;

  if (self->intake_view != NULL)
    yc_intake_view_set_device (self->intake_view, hall, window, clerk);
  if (self->today_view != NULL)
    yc_today_view_set_device (self->today_view, hall, window, clerk);
}

static void show_session_page (YcWindow *self);

static void
enrolled_cb (YcEnrollDialog *dialog,
             const char     *hall,
             const char     *window,
             YcWindow       *self)
{
  g_autofree char *message = NULL;

  set_device (self, hall, window);
  /* Translators: the hall and window codes, as case numbers start */
  message = g_strdup_printf (_("This window is enrolled as %s-%s"), hall, window);
  yc_window_add_toast (self, message);

  /* The clerk was confirming a decision when the enrolment was asked for: go on. */
  if (self->intake_view != NULL
      && gtk_stack_get_visible_child (self->intake_stack) == GTK_WIDGET (self->intake_view)
      && yc_intake_view_get_case (self->intake_view) == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->intake_view), "intake.confirm", NULL);
}

static void
enroll_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  YcWindow *self = YC_WINDOW (user_data);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *dialog;

  /* The application enrols against the back office and then starts the sign-in. */
  if (application != NULL && g_action_group_has_action (G_ACTION_GROUP (application), "enroll"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (application), "enroll", NULL);
      return;
    }
  if (self->store == NULL)
    return;
  dialog = yc_enroll_dialog_new (self->store, GTK_WINDOW (self));
  g_signal_connect_object (dialog, "enrolled", G_CALLBACK (enrolled_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.print-documents("<case uuid>"): a case's documents again, e.g. from today's cases. */
static void
print_documents_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  YcWindow *self = YC_WINDOW (user_data);
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  GtkWidget *preview;

  if (self->store == NULL || self->intake_view == NULL)
    return;
  g_object_get (self->intake_view, "catalog", &catalog, "calendar", &calendar, NULL);
  preview = yc_document_preview_new (GTK_WINDOW (self), self->store, catalog, calendar);
  yc_document_preview_show_uuid (YC_DOCUMENT_PREVIEW (preview), g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (preview));
}

static void
get_device_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  YcStore *store = task_data;
  GError *error = NULL;
  char **codes = g_new0 (char *, 3);

  if (!yc_store_get_device (store, &codes[0], &codes[1], NULL, &error))
    {
      g_strfreev (codes);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, codes, (GDestroyNotify) g_strfreev);
}

static void
get_device_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcWindow *self = YC_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;

  codes = g_task_propagate_pointer (G_TASK (result), &error);
  if (codes != NULL)
    {
      set_device (self, codes[0], codes[1]);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not enrolled yet: asked for when the first case needs its number. */
  if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED))
    {
      g_warning ("Cannot read the window's enrolment: %s", error->message);
      yc_window_add_toast (self, error->message);
    }
}

/* yc_store_get_device() reads the database: not on the main loop. */
static void
load_device (YcWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, get_device_cb, NULL);

  g_task_set_source_tag (task, load_device);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, get_device_thread);
}

static void
start_intake_cb (YcCounterView *view,
                 const char    *code,
                 gboolean       is_bundle,
                 YcWindow      *self)
{
  gboolean started = is_bundle ? yc_intake_view_start_bundle (self->intake_view, code)
                               : yc_intake_view_start_item (self->intake_view, code);

  if (!started)
    return;
  gtk_stack_set_visible_child (self->intake_stack, GTK_WIDGET (self->intake_view));
  /* The clerk goes on with the applicant, not with the header bar. */
  gtk_widget_child_focus (GTK_WIDGET (yc_intake_view_get_applicant_form (self->intake_view)),
                          GTK_DIR_TAB_FORWARD);
}

static void
intake_finished_cb (YcIntakeView *intake,
                    YcWindow     *self)
{
  gtk_stack_set_visible_child (self->intake_stack, GTK_WIDGET (self->counter_view));
  gtk_widget_activate_action (GTK_WIDGET (self->counter_view), "counter.focus-search", NULL);
}

static void
intake_committed_cb (YcIntakeView *intake,
                     YcCase       *case_doc,
                     YcWindow     *self)
{
  yc_today_view_reload (self->today_view);
  /* The new case goes to the back office now, not at the next timer. */
  yc_sync_actions_kick (GTK_WIDGET (self));
}

static GtkWidget *
new_switcher (YcWindow *self)
{
  GtkWidget *switcher = adw_view_switcher_new ();

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->views);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  /* Every view's header shows the sync state next to the switcher, and who works here. */
  gtk_box_append (GTK_BOX (box), switcher);
  if (self->sessions != NULL)
    {
      GtkWidget *account = yc_account_button_new (self->sessions);

      if (self->hall != NULL)
        yc_account_button_set_window (YC_ACCOUNT_BUTTON (account), self->hall, self->window_code);
      gtk_box_append (GTK_BOX (box), account);
    }
  gtk_box_append (GTK_BOX (box), yc_sync_indicator_new (yc_sync_actions_get_engine (GTK_WIDGET (self))));
  return box;
}

/* Sign-in, lock and sign-out (yc_window_set_session_manager) */

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
}

static void
show_counter_page (YcWindow *self)
{
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

static void
show_session_page (YcWindow *self)
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
    show_sign_in (self, _("Signed out. The next clerk signs in here."));
  update_session_actions (self);
}

static void
page_signed_in_cb (YcSignInPage *page,
                   gboolean      online,
                   YcWindow     *self)
{
  set_device (self, self->hall, self->window_code);
  show_counter_page (self);
  update_session_actions (self);
  if (!online)
    yc_window_add_toast (self, _("Offline sign-in: the back office cannot be reached. Intake goes "
                                 "on; cases are sent when it can be reached again."));
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

static void
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

static void
yc_window_dispose (GObject *object)
{
  YcWindow *self = (YcWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  if (self->sessions != NULL)
    g_signal_handlers_disconnect_by_data (self->sessions, self);
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->hall, g_free);
  g_clear_pointer (&self->window_code, g_free);

  G_OBJECT_CLASS (yc_window_parent_class)->dispose (object);
}

static void
yc_window_class_init (YcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_window_dispose;


  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, error_page);
}

static void
yc_window_init (YcWindow *self)
{
  static const GActionEntry actions[] = {
    { "enroll", enroll_action },
    { "print-documents", print_documents_action, "s" },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  yc_sync_actions_install (self);
  yc_window_init_session (self);
}

YcWindow *
yc_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (YC_TYPE_WINDOW, "application", application, NULL);
}

void
yc_window_show_loading (YcWindow *self)
{
  g_return_if_fail (YC_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * yc_window_show_error:
 * @error: why the counter cannot work; its message is shown as it is
 */
void
yc_window_show_error (YcWindow     *self,
                      const GError *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* The description is markup; messages quote file contents and paths such as <data>. */
  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/**
 * yc_window_show_counter:
 * @store: (nullable): the local store
 * @search_index: the search over the catalog in use
 * @calendar: the working-day calendar
 *
 * Replaces the loading page with the counter working with these services.
 */
void
yc_window_show_counter (YcWindow      *self,
                        YcStore       *store,
                        YcSearchIndex *search_index,
                        YcCalendar    *calendar)
{
  YcCatalog *catalog;
  GtkWidget *view;
  AdwViewStackPage *page;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));
  g_return_if_fail (YC_IS_SEARCH_INDEX (search_index));
  g_return_if_fail (YC_IS_CALENDAR (calendar));

  if (self->views != NULL)
    gtk_stack_remove (self->stack, GTK_WIDGET (self->views));
  g_set_object (&self->store, store);
  catalog = yc_search_index_get_catalog (search_index);

  self->views = ADW_VIEW_STACK (adw_view_stack_new ());
  self->intake_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->intake_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);

  view = yc_counter_view_new (store, search_index);
  self->counter_view = YC_COUNTER_VIEW (view);
  gtk_stack_add_named (self->intake_stack, view, "search");
  g_signal_connect_object (view, "start-intake", G_CALLBACK (start_intake_cb), self, 0);

  view = yc_intake_view_new (store, catalog, calendar);
  self->intake_view = YC_INTAKE_VIEW (view);
  gtk_stack_add_named (self->intake_stack, view, "intake");
  g_signal_connect_object (view, "finished", G_CALLBACK (intake_finished_cb), self, 0);
  g_signal_connect_object (view, "committed", G_CALLBACK (intake_committed_cb), self, 0);

  view = yc_today_view_new_full (store, catalog, calendar);
  self->today_view = YC_TODAY_VIEW (view);

  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->intake_stack), "intake", _("Intake"));
  adw_view_stack_page_set_icon_name (page, "document-edit-symbolic");
  page = adw_view_stack_add_titled (self->views, view, "today", _("Today’s Cases"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  yc_counter_view_set_title_widget (self->counter_view, new_switcher (self));
  yc_intake_view_set_title_widget (self->intake_view, new_switcher (self));
  yc_today_view_set_title_widget (self->today_view, new_switcher (self));

  gtk_stack_add_named (self->stack, GTK_WIDGET (self->views), "counter");
  if (self->gated)
    show_session_page (self);
  else
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->views));

  /* The clerk's first move is a search. */
  gtk_widget_activate_action (GTK_WIDGET (self->counter_view), "counter.focus-search", NULL);

  if (store != NULL)
    load_device (self);
}

/**
 * yc_window_get_intake_view:
 *
 * Returns: (transfer none) (nullable): the intake view, or %NULL while loading
 */
YcIntakeView *
yc_window_get_intake_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->intake_view;
}

/**
 * yc_window_get_today_view:
 *
 * Returns: (transfer none) (nullable): today's cases, or %NULL while loading
 */
YcTodayView *
yc_window_get_today_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->today_view;
}

/**
 * yc_window_get_counter_view:
 *
 * Returns: (transfer none) (nullable): the counter view, or %NULL while loading
 */
YcCounterView *
yc_window_get_counter_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->counter_view;
}

void
yc_window_add_toast (YcWindow   *self,
                     const char *message)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
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
 * @hall: the hall code of this computer
 * @window: its window code
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
  g_return_if_fail (hall != NULL && window != NULL);
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
      yc_counter_view_set_title_widget (self->counter_view, new_switcher (self));
      yc_intake_view_set_title_widget (self->intake_view, new_switcher (self));
      yc_today_view_set_title_widget (self->today_view, new_switcher (self));
      g_object_get (self->intake_view, "calendar", &calendar, NULL);
      yc_sync_actions_set_services (self, sessions, self->store, calendar);
    }
  show_session_page (self);
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
