/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync-actions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-day-closing.h"
#include "yc-problems-view.h"
#include "yc-reauth-dialog.h"
#include "yc-sync-actions.h"
#include "yc-sync-banner.h"
#include "yc-sync-indicator.h"
#include "yc-urge-bar.h"
#include "yc-urge-center.h"

/*
 * The window's sync wiring, kept out of yc-window.c: the state lives on the window as
 * data, so that any widget inside it (the indicators in each view's header, the banner)
 * finds the engine through its root.
 */

#define SYNC_UI_KEY "yc-sync-ui"
#define RELOAD_DELAY_MS 250

typedef struct {
  YcWindow         *window;         /* unowned: the data dies with it */
  YcSyncEngine     *engine;         /* while someone is signed in */
  YcStore          *store;
  YcSessionManager *sessions;
  YcCalendar       *calendar;
  gulong            username_id;
  gulong            case_changed_id;
  gulong            urge_id;
  guint             reload_id;      /* a coalesced reload of today's cases */
  GtkWidget        *reauth_dialog;  /* weak: the one open */
  YcUrgeCenter     *urges;          /* the signed-in handler's open urges (docs/supervision.md) */
  GtkWidget        *urge_bar;       /* over the top of the pages */
} SyncUi;

static void
disconnect_engine (SyncUi *ui)
{
  g_clear_signal_handler (&ui->case_changed_id, ui->engine);
  g_clear_signal_handler (&ui->urge_id, ui->engine);
  g_clear_handle_id (&ui->reload_id, g_source_remove);
}

static void
drop_engine (SyncUi *ui)
{
  disconnect_engine (ui);
  if (ui->engine != NULL)
    yc_sync_engine_stop (ui->engine);
  g_clear_object (&ui->engine);
  /* Signed out: the urges are the next user's business, not the desktop's. */
  if (ui->urges != NULL)
    yc_urge_center_withdraw_all (ui->urges);
  if (ui->urge_bar != NULL)
    yc_urge_bar_set_center (YC_URGE_BAR (ui->urge_bar), NULL);
  g_clear_object (&ui->urges);
}

static void
sync_ui_free (gpointer data)
{
  SyncUi *ui = data;

  drop_engine (ui);
  if (ui->urge_bar != NULL)
    g_object_remove_weak_pointer (G_OBJECT (ui->urge_bar), (gpointer *) &ui->urge_bar);
  if (ui->reauth_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (ui->reauth_dialog), (gpointer *) &ui->reauth_dialog);
  g_clear_signal_handler (&ui->username_id, ui->sessions);
  g_clear_object (&ui->store);
  g_clear_object (&ui->sessions);
  g_clear_object (&ui->calendar);
  g_free (ui);
}

static SyncUi *
get_ui (GtkWidget *widget)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  if (root == NULL)
    return NULL;
  return g_object_get_data (G_OBJECT (root), SYNC_UI_KEY);
}

static void
update_widgets (GtkWidget    *widget,
                YcSyncEngine *engine)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (YC_IS_SYNC_INDICATOR (child))
        yc_sync_indicator_set_engine (YC_SYNC_INDICATOR (child), engine);
      else if (YC_IS_SYNC_BANNER (child))
        yc_sync_banner_set_engine (YC_SYNC_BANNER (child), engine);
      else
        update_widgets (child, engine);
    }
}

static void
set_enabled (SyncUi *ui)
{
  static const char * const names[] = { "sync-now", "show-problems", "close-day", "reauthenticate" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (ui->window), names[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), ui->engine != NULL);
    }
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SyncUi *ui = user_data;

  if (ui->engine != NULL)
    yc_sync_engine_kick (ui->engine);
}

static void
show_problems_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SyncUi *ui = user_data;
  GtkWidget *view;

  if (ui->engine == NULL)
    return;
  view = yc_problems_view_new (ui->store, ui->engine,
                               yc_session_manager_get_username (ui->sessions),
                               GTK_WINDOW (ui->window));
  gtk_window_present (GTK_WINDOW (view));
}

static void
close_day_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SyncUi *ui = user_data;
  YcBackofficeClient *client;
  GtkWidget *dialog;

  if (ui->engine == NULL)
    return;
  client = yc_session_manager_is_online (ui->sessions) ? yc_session_manager_get_client (ui->sessions) : NULL;
  dialog = yc_day_closing_dialog_new (ui->store, client,
                                      yc_session_manager_get_username (ui->sessions),
                                      NULL, GTK_WINDOW (ui->window));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reauthenticated_cb (YcReauthDialog *dialog,
                    SyncUi         *ui)
{
  yc_window_add_toast (ui->window, _("Signed in again. The waiting cases are being sent."));
  if (ui->engine != NULL)
    yc_sync_engine_kick (ui->engine);
}

/* The password again, same user, same session: what the window holds stays. */
static void
reauthenticate_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SyncUi *ui = user_data;

  if (ui->engine == NULL || ui->sessions == NULL)
    return;
  if (ui->reauth_dialog == NULL)
    {
      ui->reauth_dialog = yc_reauth_dialog_new (ui->sessions, GTK_WINDOW (ui->window));
      g_object_add_weak_pointer (G_OBJECT (ui->reauth_dialog), (gpointer *) &ui->reauth_dialog);
      g_signal_connect (ui->reauth_dialog, "signed-in", G_CALLBACK (reauthenticated_cb), ui);
    }
  gtk_window_present (GTK_WINDOW (ui->reauth_dialog));
}

static gboolean
reload_today_cb (gpointer user_data)
{
  SyncUi *ui = user_data;
  YcTodayView *today = yc_window_get_today_view (ui->window);

  ui->reload_id = 0;
  if (today != NULL)
    yc_today_view_reload (today);
  return G_SOURCE_REMOVE;
}

/* A round touches many cases at once: one reload for all of them. */
static void
case_changed_cb (YcSyncEngine *engine,
                 const char   *uuid,
                 SyncUi       *ui)
{
  if (ui->reload_id == 0)
    ui->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_today_cb, ui);
}

static void
urge_cb (YcSyncEngine *engine,
         const char   *case_uuid,
         const char   *message,
         SyncUi       *ui)
{
  g_autofree char *text = NULL;

  /* Translators: a supervisor's urge (督办) arrived; %s: the supervisor's message */
  text = g_strdup_printf (_("Urged: %s"), message);
  yc_window_add_toast (ui->window, text);
  if (ui->urges != NULL)
    yc_urge_center_reload (ui->urges);
}

/**
 * yc_sync_actions_install:
 *
 * Adds the sync actions (disabled) and their shortcuts to @window, and the offline banner
 * over the bottom of its content.  Call once, from the window's init, after its template.
 */
void
yc_sync_actions_install (YcWindow *window)
{
  static const struct {
    const char *action;
    guint       key;
  } shortcuts[] = {
    { "win.sync-now", GDK_KEY_s },
    { "win.show-problems", GDK_KEY_p },
    { "win.close-day", GDK_KEY_d },
  };
  const GActionEntry entries[] = {
    { "sync-now", sync_now_action },
    { "show-problems", show_problems_action },
    { "close-day", close_day_action },
    { "reauthenticate", reauthenticate_action },
  };
  GtkEventController *controller;
  GtkWidget *content;
  GtkWidget *overlay;
  GtkWidget *banner;
  GtkWidget *column;
  GtkWidget *urge_bar;
  SyncUi *ui;

  g_return_if_fail (YC_IS_WINDOW (window));
  g_return_if_fail (g_object_get_data (G_OBJECT (window), SYNC_UI_KEY) == NULL);

  /* The offline banner runs along the bottom of every page (each view has its own header
   * bar, so there is no common place below a header), over the content: showing it must
   * not re-lay out the page the clerk is working in. */
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  overlay = gtk_overlay_new ();
  /* Open urges (督办) show above every page; they push it down rather than hide its header. */
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  urge_bar = yc_urge_bar_new ();
  gtk_box_append (GTK_BOX (column), urge_bar);
  if (content != NULL)
    {
      g_object_ref (content);
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), overlay);
      gtk_widget_set_vexpand (content, TRUE);
      gtk_box_append (GTK_BOX (column), content);
      g_object_unref (content);
    }
  else
    adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), overlay);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), column);
  banner = yc_sync_banner_new (NULL);
  gtk_widget_set_valign (banner, GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), banner);

  ui = g_new0 (SyncUi, 1);
  ui->window = window;
  /* The bar goes with the window's children, before the window's data: a weak pointer. */
  ui->urge_bar = urge_bar;
  g_object_add_weak_pointer (G_OBJECT (urge_bar), (gpointer *) &ui->urge_bar);
  g_object_set_data_full (G_OBJECT (window), SYNC_UI_KEY, ui, sync_ui_free);
  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), ui);
  set_enabled (ui);

  /* Bubble phase: a focused text field keeps its own Ctrl+Shift bindings. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_BUBBLE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key,
                                                                                    GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

/* The urges still open are shown again, on the desktop too: they stay until acknowledged. */
static void
start_urges (SyncUi *ui)
{
  g_autoptr(YcCalendar) calendar = ui->calendar != NULL ? g_object_ref (ui->calendar) : NULL;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (ui->window));

  if (calendar == NULL)
    calendar = yc_calendar_new_default (NULL);
  if (calendar == NULL)
    calendar = yc_calendar_new ();
  ui->urges = yc_urge_center_new (ui->store, ui->sessions, calendar,
                                  application != NULL ? G_APPLICATION (application) : NULL);
  yc_urge_bar_set_center (YC_URGE_BAR (ui->urge_bar), ui->urges);
  yc_urge_center_reload (ui->urges);
}

/* Signed in: an engine for this user; signed out: none. */
static void
session_changed_cb (YcSessionManager *sessions,
                    GParamSpec       *pspec,
                    SyncUi           *ui)
{
  gboolean signed_in = yc_session_manager_is_signed_in (sessions);

  if (signed_in && ui->engine != NULL)
    return;
  if (!signed_in && ui->engine == NULL)
    return;

  drop_engine (ui);
  if (signed_in)
    {
      ui->engine = yc_sync_engine_new (sessions, ui->store, ui->calendar);
      ui->case_changed_id = g_signal_connect (ui->engine, "case-changed", G_CALLBACK (case_changed_cb), ui);
      ui->urge_id = g_signal_connect (ui->engine, "urge", G_CALLBACK (urge_cb), ui);
      start_urges (ui);
      yc_sync_engine_start (ui->engine);
    }
  set_enabled (ui);
  update_widgets (GTK_WIDGET (ui->window), ui->engine);
}

/**
 * yc_sync_actions_set_services:
 * @sessions: (nullable): who is signed in at this window
 * @store: (nullable): the local store
 * @calendar: (nullable): working days (%NULL: the default calendar)
 */
void
yc_sync_actions_set_services (YcWindow         *window,
                              YcSessionManager *sessions,
                              YcStore          *store,
                              YcCalendar       *calendar)
{
  SyncUi *ui;

  g_return_if_fail (YC_IS_WINDOW (window));
  g_return_if_fail (sessions == NULL || YC_IS_SESSION_MANAGER (sessions));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));
  g_return_if_fail ((sessions == NULL) == (store == NULL));

  ui = g_object_get_data (G_OBJECT (window), SYNC_UI_KEY);
  g_return_if_fail (ui != NULL);

  drop_engine (ui);
  g_clear_signal_handler (&ui->username_id, ui->sessions);
  g_set_object (&ui->sessions, sessions);
  g_set_object (&ui->store, store);
  g_set_object (&ui->calendar, calendar);
  if (sessions != NULL)
    {
      ui->username_id = g_signal_connect (sessions, "notify::username",
                                          G_CALLBACK (session_changed_cb), ui);
      session_changed_cb (sessions, NULL, ui);
    }
  else
    {
      set_enabled (ui);
      update_widgets (GTK_WIDGET (window), NULL);
    }
}

/**
 * yc_sync_actions_get_engine:
 * @widget: a widget inside the window
 *
 * Returns: (transfer none) (nullable): the window's sync engine
 */
YcSyncEngine *
yc_sync_actions_get_engine (GtkWidget *widget)
{
  SyncUi *ui;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  ui = get_ui (widget);
  return ui != NULL ? ui->engine : NULL;
}

void
yc_sync_actions_kick (GtkWidget *widget)
{
  YcSyncEngine *engine;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  engine = yc_sync_actions_get_engine (widget);
  if (engine != NULL)
    yc_sync_engine_kick (engine);
}

/**
 * yc_sync_actions_get_urges:
 * @widget: a widget inside the window
 *
 * Returns: (transfer none) (nullable): the open urges of the user signed in at the window
 */
YcUrgeCenter *
yc_sync_actions_get_urges (GtkWidget *widget)
{
  SyncUi *ui;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  ui = get_ui (widget);
  return ui != NULL ? ui->urges : NULL;
}

static void
urge_acknowledged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(YcWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_urge_center_acknowledge_finish (YC_URGE_CENTER (object), result, &error))
    {
      yc_window_add_toast (window, error->message);
      return;
    }
  yc_sync_actions_kick (GTK_WIDGET (window));
}

/**
 * yc_sync_actions_acknowledge_urge:
 * @id: the urge
 *
 * 知道了 from outside the window (the desktop notification's button): acknowledges the urge
 * as the window's list does, then syncs.
 */
void
yc_sync_actions_acknowledge_urge (YcWindow   *window,
                                  const char *id)
{
  SyncUi *ui;

  g_return_if_fail (YC_IS_WINDOW (window));
  g_return_if_fail (id != NULL);

  ui = g_object_get_data (G_OBJECT (window), SYNC_UI_KEY);
  if (ui == NULL || ui->urges == NULL)
    return;
  yc_urge_center_acknowledge_async (ui->urges, id, NULL, urge_acknowledged_cb, g_object_ref (window));
}
