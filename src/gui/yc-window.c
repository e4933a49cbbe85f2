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
#include "yc-window-private.h"

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
 * anywhere in the window count as activity for the idle lock.  Sign-in, lock, sign-out and
 * what each role gets (a reviewer review mode, a supervisor the hall's board) are in
 * yc-window-session.c.
 */


G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

void
yc_window_set_device (YcWindow   *self,
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

static void
enrolled_cb (YcEnrollDialog *dialog,
             const char     *hall,
             const char     *window,
             YcWindow       *self)
{
  g_autofree char *message = NULL;

  if (hall == NULL)
    {
      yc_window_add_toast (self, _("This computer is enrolled as a back-office computer"));
      return;
    }
  yc_window_set_device (self, hall, window);
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
      yc_window_set_device (self, codes[0], codes[1]);
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

GtkWidget *
yc_window_new_switcher (YcWindow *self)
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
  yc_window_dispose_session (self);

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
  /* Review and supervision are made with the same services at sign-in. */
  g_set_object (&self->calendar, calendar);
  g_set_object (&self->catalog, catalog);

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

  yc_counter_view_set_title_widget (self->counter_view, yc_window_new_switcher (self));
  yc_intake_view_set_title_widget (self->intake_view, yc_window_new_switcher (self));
  yc_today_view_set_title_widget (self->today_view, yc_window_new_switcher (self));

  gtk_stack_add_named (self->stack, GTK_WIDGET (self->views), "counter");
  if (self->gated)
    yc_window_show_session_page (self);
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
