/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-review-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-blob-fetcher.h"
#include "yc-review-view.h"
#include "yc-sync-banner.h"

/*
 * The view is made when a reviewer signs in and dropped at sign-out (yc-window-session.c),
 * so the reviewer, their departments and the back-office client are fixed for its life.
 * Files of materials are fetched through one YcBlobFetcher per view: two case pages of the
 * same material share the download, and what was fetched stays in the local blob store.
 */

struct _YcReviewView
{
  GtkWidget         parent_instance;

  YcStore          *store;
  YcCalendar       *calendar;
  YcCatalog        *catalog;
  YcSessionManager *session;
  YcSyncEngine     *engine;
  YcBlobFetcher    *fetcher;
  gulong            round_id;

  AdwHeaderBar     *header;
  YcSyncBanner     *banner;
  GtkBox           *title_box;
  GtkWidget        *header_widget;
  AdwViewStack     *views;
  YcCaseQueue      *queue;
  GtkStack         *case_stack;
  YcReviewCasePage *case_page;
  YcPledgeTasks    *pledges;
};

G_DEFINE_FINAL_TYPE (YcReviewView, yc_review_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_CATALOG,
  PROP_SESSION_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
case_activated_cb (GtkWidget    *source,
                   const char   *uuid,
                   YcReviewView *self)
{
  yc_review_view_open_case (self, uuid);
}

static void
case_changed_cb (YcReviewCasePage *page,
                 YcCase           *case_doc,
                 YcReviewView     *self)
{
  /* The queue shows who holds the case and its state: read again. */
  yc_case_queue_refresh (self->queue);
}

static void
round_finished_cb (YcSyncEngine *engine,
                   gboolean      ok,
                   YcReviewView *self)
{
  yc_review_view_refresh (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcReviewView *self = YC_REVIEW_VIEW (widget);

  gtk_stack_set_visible_child_name (self->case_stack, "queue");
  gtk_widget_action_set_enabled (widget, "review-view.back", FALSE);
  /* Where the reviewer was: the queue, at the case just left. */
  gtk_widget_child_focus (GTK_WIDGET (self->queue), GTK_DIR_TAB_FORWARD);
}

static void
build (YcReviewView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = adw_view_switcher_new ();
  GtkWidget *case_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *back_bar, *back;
  AdwViewStackPage *page;

  self->views = ADW_VIEW_STACK (adw_view_stack_new ());
  self->header = ADW_HEADER_BAR (adw_header_bar_new ());
  self->title_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12));
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->views);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_box_append (self->title_box, switcher);
  adw_header_bar_set_title_widget (self->header, GTK_WIDGET (self->title_box));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->header));
  self->banner = YC_SYNC_BANNER (yc_sync_banner_new (NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->banner));

  /* The queue, or one case over the whole width: the page viewer needs the room. */
  self->case_stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->case_stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  self->queue = YC_CASE_QUEUE (yc_case_queue_new (self->store, self->calendar, YC_CASE_QUEUE_REVIEW));
  g_signal_connect_object (self->queue, "case-activated", G_CALLBACK (case_activated_cb), self, 0);
  gtk_stack_add_named (self->case_stack, GTK_WIDGET (self->queue), "queue");

  back_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (back_bar, 6);
  gtk_widget_set_margin_top (back_bar, 6);
  back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "review-view.back");
  gtk_widget_set_tooltip_text (back, _("Back to the queue (Alt+←)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the queue"), -1);
  gtk_widget_add_css_class (back, "flat");
  gtk_box_append (GTK_BOX (back_bar), back);
  gtk_box_append (GTK_BOX (case_box), back_bar);
  self->case_page = YC_REVIEW_CASE_PAGE (yc_review_case_page_new (self->store, self->calendar, self->catalog));
  gtk_widget_set_vexpand (GTK_WIDGET (self->case_page), TRUE);
  g_signal_connect_object (self->case_page, "changed", G_CALLBACK (case_changed_cb), self, 0);
  gtk_box_append (GTK_BOX (case_box), GTK_WIDGET (self->case_page));
  gtk_stack_add_named (self->case_stack, case_box, "case");
  gtk_widget_set_vexpand (GTK_WIDGET (self->case_stack), TRUE);

  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->case_stack), "queue", _("Review"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  self->pledges = YC_PLEDGE_TASKS (yc_pledge_tasks_new (self->store, self->calendar));
  g_signal_connect_object (self->pledges, "case-activated", G_CALLBACK (case_activated_cb), self, 0);
  page = adw_view_stack_add_titled (self->views, GTK_WIDGET (self->pledges), "pledges",
                                    _("Pledge Verification"));
  adw_view_stack_page_set_icon_name (page, "emblem-ok-symbolic");
  gtk_widget_set_vexpand (GTK_WIDGET (self->views), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->views));

  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

static void
yc_review_view_constructed (GObject *object)
{
  YcReviewView *self = YC_REVIEW_VIEW (object);
  const YcUserProfile *profile = yc_session_manager_get_profile (self->session);
  const char * const *departments = profile != NULL ? (const char * const *) profile->departments : NULL;
  const char *username = yc_session_manager_get_username (self->session);

  G_OBJECT_CLASS (yc_review_view_parent_class)->constructed (object);

  self->fetcher = yc_blob_fetcher_new (yc_session_manager_get_client (self->session), self->store);
  build (self);
  yc_case_queue_set_departments (self->queue, departments);
  yc_review_case_page_set_reviewer (self->case_page, username, departments);
  yc_review_case_page_set_fetcher (self->case_page, self->fetcher);
  yc_pledge_tasks_set_reviewer (self->pledges, username, departments);
}

static void
yc_review_view_dispose (GObject *object)
{
  YcReviewView *self = (YcReviewView *)object;
  GtkWidget *child;

  yc_review_view_set_engine (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yc_review_view_parent_class)->dispose (object);
}

static void
yc_review_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcReviewView *self = YC_REVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_SESSION_MANAGER:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_review_view_class_init (YcReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_review_view_constructed;
  object_class->dispose = yc_review_view_dispose;
  object_class->set_property = yc_review_view_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, flags);
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG, flags);
  properties[PROP_SESSION_MANAGER] = g_param_spec_object ("session-manager", NULL, NULL,
                                                          YC_TYPE_SESSION_MANAGER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "review-view.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "review-view.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewview");
}

static void
yc_review_view_init (YcReviewView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review-view.back", FALSE);
}

GtkWidget *
yc_review_view_new (YcStore          *store,
                    YcCalendar       *calendar,
                    YcCatalog        *catalog,
                    YcSessionManager *session)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (session), NULL);

  return g_object_new (YC_TYPE_REVIEW_VIEW, "store", store, "calendar", calendar, "catalog", catalog,
                       "session-manager", session, NULL);
}

void
yc_review_view_set_header_widget (YcReviewView *self,
                                  GtkWidget    *widget)
{
  g_return_if_fail (YC_IS_REVIEW_VIEW (self));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));

  if (self->header_widget != NULL)
    gtk_box_remove (self->title_box, self->header_widget);
  self->header_widget = widget;
  if (widget != NULL)
    gtk_box_append (self->title_box, widget);
}

void
yc_review_view_set_engine (YcReviewView *self,
                           YcSyncEngine *engine)
{
  g_return_if_fail (YC_IS_REVIEW_VIEW (self));
  g_return_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_clear_signal_handler (&self->round_id, self->engine);
  g_set_object (&self->engine, engine);
  if (self->banner != NULL)
    yc_sync_banner_set_engine (self->banner, engine);
  if (engine != NULL)
    self->round_id = g_signal_connect (engine, "round-finished", G_CALLBACK (round_finished_cb), self);
}

void
yc_review_view_refresh (YcReviewView *self)
{
  YcCase *shown;

  g_return_if_fail (YC_IS_REVIEW_VIEW (self));

  yc_case_queue_refresh (self->queue);
  yc_pledge_tasks_reload (self->pledges);
  shown = yc_review_case_page_get_case (self->case_page);
  if (shown != NULL)
    yc_review_case_page_load (self->case_page, shown->uuid);
}

void
yc_review_view_open_case (YcReviewView *self,
                          const char   *uuid)
{
  g_return_if_fail (YC_IS_REVIEW_VIEW (self));
  g_return_if_fail (uuid != NULL);

  yc_review_case_page_load (self->case_page, uuid);
  gtk_stack_set_visible_child_name (self->case_stack, "case");
  adw_view_stack_set_visible_child_name (self->views, "queue");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review-view.back", TRUE);
}

YcCaseQueue *
yc_review_view_get_queue (YcReviewView *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_VIEW (self), NULL);
  return self->queue;
}

YcReviewCasePage *
yc_review_view_get_case_page (YcReviewView *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_VIEW (self), NULL);
  return self->case_page;
}

YcPledgeTasks *
yc_review_view_get_pledges (YcReviewView *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_VIEW (self), NULL);
  return self->pledges;
}
