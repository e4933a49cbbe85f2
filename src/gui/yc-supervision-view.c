/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-supervision"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-queue.h"
#include "yc-figures-view.h"
#include "yc-settings.h"
#include "yc-supervision-view.h"
#include "yc-urge-case-page.h"
#include "yc-window.h"

/*
 * The counts at the top of the board are three more list models over the same store, each
 * with the board's query narrowed to one light: the model computes its rows on a worker, so
 * a hall with a million parts is counted off the main loop, and the counts follow the store
 * ("cases-changed") exactly as the board does.
 */

static const char * const statuses[] = { "red", "yellow", "green" };
#define N_STATUSES G_N_ELEMENTS (statuses)

struct _YcSupervisionView
{
  GtkWidget         parent_instance;

  YcStore          *store;
  YcCalendar       *calendar;
  YcCatalog        *catalog;
  YcSessionManager *session;

  GtkWidget        *stack;       /* AdwViewStack: board, figures */
  GtkWidget        *board;       /* GtkStack: queue, case */
  GtkWidget        *queue;
  GtkWidget        *case_page;
  GtkWidget        *header;      /* AdwHeaderBar: the view switcher */
  GtkWidget        *count_buttons[N_STATUSES];
  YcCaseListModel  *counters[N_STATUSES];
};

G_DEFINE_FINAL_TYPE (YcSupervisionView, yc_supervision_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_CATALOG,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
status_label (guint i)
{
  /* The same words as the traffic light (yc_deadline_state_label) */
  switch (i)
    {
    case 0:
      return yc_deadline_state_label (YC_DEADLINE_RED);
    case 1:
      return yc_deadline_state_label (YC_DEADLINE_YELLOW);
    default:
      return yc_deadline_state_label (YC_DEADLINE_GREEN);
    }
}

static void
update_count (YcSupervisionView *self,
              guint              i)
{
  g_autofree char *text = NULL;

  if (yc_case_list_model_get_loading (self->counters[i]))
    /* Translators: a light's count while it is being counted; %s: 超期/预警/正常 */
    text = g_strdup_printf (_("%s: …"), status_label (i));
  else
    /* Translators: %s: 超期/预警/正常, %u: how many parts of the board */
    text = g_strdup_printf (_("%s: %u"), status_label (i),
                            g_list_model_get_n_items (G_LIST_MODEL (self->counters[i])));
  gtk_button_set_label (GTK_BUTTON (self->count_buttons[i]), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_buttons[i]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
counter_changed_cb (YcCaseListModel   *model,
                    GParamSpec        *pspec,
                    YcSupervisionView *self)
{
  for (guint i = 0; i < N_STATUSES; i++)
    if (self->counters[i] == model)
      update_count (self, i);
}

/* The counts follow the board's filters, whatever light the board itself shows. */
static void
board_query_cb (YcCaseListModel   *model,
                GParamSpec        *pspec,
                YcSupervisionView *self)
{
  const YcCaseQuery *query = yc_case_list_model_get_query (model);
  g_autoptr(YcCaseQuery) narrowed = query != NULL ? yc_case_query_copy (query) : yc_case_query_new ();

  narrowed->sort = YC_CASE_SORT_NUMBER;
  for (guint i = 0; i < N_STATUSES; i++)
    {
      g_free (narrowed->deadline_status);
      narrowed->deadline_status = g_strdup (statuses[i]);
      yc_case_list_model_set_query (self->counters[i], narrowed);
    }
}

static void
count_clicked_cb (GtkButton         *button,
                  YcSupervisionView *self)
{
  const YcCaseQuery *current = yc_case_queue_get_query (YC_CASE_QUEUE (self->queue));
  g_autoptr(YcCaseQuery) query = current != NULL ? yc_case_query_copy (current) : yc_case_query_new ();
  const char *status = g_object_get_data (G_OBJECT (button), "status");

  /* A second click on the light shown lifts the filter. */
  if (g_strcmp0 (query->deadline_status, status) == 0)
    status = NULL;
  g_free (query->deadline_status);
  query->deadline_status = g_strdup (status);
  yc_case_queue_set_query (YC_CASE_QUEUE (self->queue), query);
  gtk_stack_set_visible_child_name (GTK_STACK (self->board), "queue");
}

void
yc_supervision_view_open_case (YcSupervisionView *self,
                               const char        *uuid)
{
  g_return_if_fail (YC_IS_SUPERVISION_VIEW (self));
  g_return_if_fail (uuid != NULL);

  yc_urge_case_page_load (YC_URGE_CASE_PAGE (self->case_page), uuid);
  gtk_stack_set_visible_child_name (GTK_STACK (self->board), "case");
  gtk_widget_grab_focus (self->case_page);
}

static void
case_activated_cb (YcCaseQueue       *queue,
                   const char        *uuid,
                   YcSupervisionView *self)
{
  yc_supervision_view_open_case (self, uuid);
}

static void
back_cb (YcUrgeCasePage    *page,
         YcSupervisionView *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->board), "queue");
  gtk_widget_grab_focus (self->queue);
}

static void
urged_cb (YcUrgeCasePage    *page,
          YcCase            *applied,
          YcSupervisionView *self)
{
  g_autofree char *text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  yc_case_queue_refresh (YC_CASE_QUEUE (self->queue));
  /* Translators: %s: the case number */
  text = g_strdup_printf (_("Urge on case %s sent to its handler"), applied->number);
  if (YC_IS_WINDOW (root))
    yc_window_add_toast (YC_WINDOW (root), text);
}

void
yc_supervision_view_refresh (YcSupervisionView *self)
{
  g_return_if_fail (YC_IS_SUPERVISION_VIEW (self));

  yc_case_queue_refresh (YC_CASE_QUEUE (self->queue));
  for (guint i = 0; i < N_STATUSES; i++)
    yc_case_list_model_refresh (self->counters[i]);
}

GtkWidget *
yc_supervision_view_get_queue (YcSupervisionView *self)
{
  g_return_val_if_fail (YC_IS_SUPERVISION_VIEW (self), NULL);
  return self->queue;
}

GtkWidget *
yc_supervision_view_get_case_page (YcSupervisionView *self)
{
  g_return_val_if_fail (YC_IS_SUPERVISION_VIEW (self), NULL);
  return self->case_page;
}

guint
yc_supervision_view_get_count (YcSupervisionView *self,
                               const char        *status)
{
  g_return_val_if_fail (YC_IS_SUPERVISION_VIEW (self), G_MAXUINT);

  for (guint i = 0; i < N_STATUSES; i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return yc_case_list_model_get_loading (self->counters[i])
             ? G_MAXUINT : g_list_model_get_n_items (G_LIST_MODEL (self->counters[i]));
  g_return_val_if_reached (G_MAXUINT);
}

void
yc_supervision_view_show_page (YcSupervisionView *self,
                               const char        *name)
{
  g_return_if_fail (YC_IS_SUPERVISION_VIEW (self));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->stack), name);
}

void
yc_supervision_view_set_header_widget (YcSupervisionView *self,
                                       GtkWidget         *widget)
{
  g_return_if_fail (YC_IS_SUPERVISION_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  adw_header_bar_pack_end (ADW_HEADER_BAR (self->header), widget);
}

static GtkWidget *
build_board (YcSupervisionView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *counts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  static const char * const classes[] = { "error", "warning", "success" };

  gtk_widget_set_margin_start (counts, 12);
  gtk_widget_set_margin_end (counts, 12);
  gtk_widget_set_margin_top (counts, 6);
  gtk_widget_set_margin_bottom (counts, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (counts), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Traffic lights"), -1);
  for (guint i = 0; i < N_STATUSES; i++)
    {
      self->counters[i] = yc_case_list_model_new (self->store, self->calendar);
      yc_case_list_model_set_yellow_threshold (self->counters[i], yc_settings_yellow_threshold ());
      self->count_buttons[i] = gtk_button_new_with_label ("");
      g_object_set_data (G_OBJECT (self->count_buttons[i]), "status", (gpointer) statuses[i]);
      gtk_widget_add_css_class (self->count_buttons[i], classes[i]);
      gtk_widget_add_css_class (self->count_buttons[i], "pill");
      gtk_widget_set_tooltip_text (self->count_buttons[i], _("Show only these on the board"));
      g_signal_connect (self->count_buttons[i], "clicked", G_CALLBACK (count_clicked_cb), self);
      g_signal_connect (self->counters[i], "notify::loading", G_CALLBACK (counter_changed_cb), self);
      g_signal_connect (self->counters[i], "notify::n-items", G_CALLBACK (counter_changed_cb), self);
      gtk_box_append (GTK_BOX (counts), self->count_buttons[i]);
      update_count (self, i);
    }
  gtk_box_append (GTK_BOX (box), counts);

  self->queue = yc_case_queue_new (self->store, self->calendar, YC_CASE_QUEUE_BOARD);
  gtk_widget_set_vexpand (self->queue, TRUE);
  g_signal_connect (self->queue, "case-activated", G_CALLBACK (case_activated_cb), self);
  g_signal_connect (yc_case_queue_get_model (YC_CASE_QUEUE (self->queue)), "notify::query",
                    G_CALLBACK (board_query_cb), self);
  gtk_box_append (GTK_BOX (box), self->queue);

  self->case_page = yc_urge_case_page_new (self->store, self->calendar, self->catalog, self->session);
  gtk_widget_set_vexpand (self->case_page, TRUE);
  g_signal_connect (self->case_page, "back", G_CALLBACK (back_cb), self);
  g_signal_connect (self->case_page, "urged", G_CALLBACK (urged_cb), self);

  self->board = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->board), GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_add_named (GTK_STACK (self->board), box, "queue");
  gtk_stack_add_named (GTK_STACK (self->board), self->case_page, "case");
  board_query_cb (yc_case_queue_get_model (YC_CASE_QUEUE (self->queue)), NULL, self);
  return self->board;
}

static void
yc_supervision_view_constructed (GObject *object)
{
  YcSupervisionView *self = YC_SUPERVISION_VIEW (object);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_view_switcher_title_new ();
  GtkWidget *switcher_bar = adw_view_switcher_bar_new ();
  AdwViewStackPage *page;

  G_OBJECT_CLASS (yc_supervision_view_parent_class)->constructed (object);

  self->stack = adw_view_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  page = adw_view_stack_add_titled (ADW_VIEW_STACK (self->stack), build_board (self), "board",
                                    _("Board"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");
  page = adw_view_stack_add_titled (ADW_VIEW_STACK (self->stack),
                                    yc_figures_view_new (self->store, self->session), "figures",
                                    _("Figures"));
  adw_view_stack_page_set_icon_name (page, "x-office-spreadsheet-symbolic");

  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), ADW_VIEW_STACK (self->stack));
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (title), _("Supervision"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  self->header = header;
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), ADW_VIEW_STACK (self->stack));
  g_object_bind_property (title, "title-visible", switcher_bar, "reveal", G_BINDING_SYNC_CREATE);

  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), self->stack);
  gtk_box_append (GTK_BOX (outer), switcher_bar);
  gtk_widget_set_parent (outer, GTK_WIDGET (self));
}

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_COLUMN_VIEW (child) ? child : find_column_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
yc_supervision_view_dispose (GObject *object)
{
  YcSupervisionView *self = YC_SUPERVISION_VIEW (object);
  GtkWidget *child;

  /* YcCaseQueue's header-sort handler still runs while the queue is torn down (its columns
   * go after its filter bar) and then touches a dropdown already gone; until the queue
   * guards that itself, nobody listens to its sorter once the board goes away. */
  if (self->queue != NULL)
    {
      GtkWidget *columns = find_column_view (self->queue);

      if (columns != NULL)
        g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (columns)),
                                              self->queue);
      self->queue = NULL;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint i = 0; i < N_STATUSES; i++)
    {
      if (self->counters[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->counters[i], self);
      g_clear_object (&self->counters[i]);
    }
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yc_supervision_view_parent_class)->dispose (object);
}

static void
yc_supervision_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  YcSupervisionView *self = YC_SUPERVISION_VIEW (object);

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
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_supervision_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  YcSupervisionView *self = YC_SUPERVISION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_supervision_view_class_init (YcSupervisionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_supervision_view_constructed;
  object_class->dispose = yc_supervision_view_dispose;
  object_class->set_property = yc_supervision_view_set_property;
  object_class->get_property = yc_supervision_view_get_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, construct);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, construct);
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG, construct);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                                                  construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "supervisionview");
}

static void
yc_supervision_view_init (YcSupervisionView *self)
{
  /* The whole window's content below whatever header the window adds. */
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
yc_supervision_view_new (YcStore          *store,
                         YcCalendar       *calendar,
                         YcCatalog        *catalog,
                         YcSessionManager *session)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (session), NULL);

  return g_object_new (YC_TYPE_SUPERVISION_VIEW, "store", store, "calendar", calendar,
                       "catalog", catalog, "session", session, NULL);
}
