/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-today-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-lookup.h"
#include "yc-case-page.h"
#include "yc-case-summary.h"
#include "yc-format.h"
#include "yc-rating-window.h"
#include "yc-sync-actions.h"
#include "yc-today-view.h"

/*
 * Today's cases at this window (今日受理): number, subject, applicant, decision, state, the
 * deadline light, any follow-up, and whether the back office has it yet.  Read from the
 * store's thread; reloaded when shown, after a commit and with F5.
 *
 * The clerk finds a case by typing (number, applicant's name, ID number; Ctrl+F), or an
 * older one by its full number — applicants come back days later for a supplement or the
 * result —, and opens it (Enter) on the case page (yc-case-page.c) with its history and the
 * actions its state allows.  Older cases opened today stay listed after today's.  The view
 * has the case page make the applicant's rating window (yc-rating-window.c) when asked for.
 */

/* An older case the clerk opened today, listed after today's. */
typedef struct {
  YcCase *case_doc;
  char   *sync_state;
} Extra;

struct _YcTodayView
{
  GtkWidget      parent_instance;

  YcStore       *store;
  YcCatalog     *catalog;
  GListStore    *cases;
  GCancellable  *cancellable;
  GPtrArray     *loading;      /* of YcCase*: listed, waiting for the sync states */
  char          *day;
  YcCalendar    *calendar;
  GHashTable    *extras;       /* uuid → Extra* */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  YcCasePage    *case_page;
  char          *hall;
  char          *clerk;
  guint          focus_source;

  AdwHeaderBar  *header_bar;
  GtkWidget     *back_button;
  GtkStack      *outer_stack;
  GtkSearchEntry *search_entry;
  GtkLabel      *search_status;
  GtkStack      *stack;
  GtkListView   *list_view;
  GtkLabel      *count_label;
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (YcTodayView, yc_today_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CATALOG,
  PROP_CALENDAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
extra_free (Extra *extra)
{
  yc_case_unref (extra->case_doc);
  g_free (extra->sync_state);
  g_free (extra);
}

static void
today (GDate *out_day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
add_toast (YcTodayView *self,
           const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
set_search_status (YcTodayView *self,
                   const char  *text)
{
  gtk_label_set_text (self->search_status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->search_status), text != NULL);
}

static void
show_error (YcTodayView  *self,
            const GError *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  g_warning ("Cannot list today’s cases: %s", error->message);
  adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->empty_page, _("Today’s Cases Cannot Be Read"));
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
sync_states_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcTodayView) self = user_data;
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_steal_pointer (&self->loading);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *count = NULL;
  GHashTableIter iter;
  Extra *extra;
  guint n_today;
  GDate day;

  states = yc_store_list_sync_states_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (states == NULL)
    {
      show_error (self, error);
      return;
    }

  today (&day);
  /* The newest first: the clerk looks for the applicant just served. */
  for (guint i = cases->len; i > 0; i--)
    {
      YcCase *case_doc = g_ptr_array_index (cases, i - 1);
      g_ptr_array_add (rows, yc_case_summary_new_full (case_doc, self->catalog, self->calendar, &day,
                                                       g_hash_table_lookup (states, case_doc->uuid)));
      g_hash_table_add (listed, case_doc->uuid);
    }
  n_today = rows->len;
  g_hash_table_iter_init (&iter, self->extras);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &extra))
    if (!g_hash_table_contains (listed, extra->case_doc->uuid))
      g_ptr_array_add (rows, yc_case_summary_new_full (extra->case_doc, self->catalog, self->calendar,
                                                       &day, extra->sync_state));
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       rows->pdata, rows->len);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case today", "%u cases today", n_today),
                           n_today);
  gtk_label_set_text (self->count_label, count);
  if (rows->len == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "x-office-document-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Cases Today Yet"));
      adw_status_page_set_description (self->empty_page, _("Cases this window records today are listed here."));
    }
  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "list" : "empty");
}

static void
list_cases_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(YcTodayView) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases;

  cases = yc_store_list_cases_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (cases == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->loading, g_ptr_array_unref);
  self->loading = cases;
  yc_store_list_sync_states_async (self->store, self->day, self->cancellable, sync_states_cb,
                                   g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  yc_today_view_reload (YC_TODAY_VIEW (widget));
}

static void
show_list (YcTodayView *self)
{
  gtk_stack_set_visible_child_name (self->outer_stack, "cases");
  gtk_widget_set_visible (self->back_button, FALSE);
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_list (YC_TODAY_VIEW (widget));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YcTodayView *self = YC_TODAY_VIEW (widget);

  show_list (self);
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
open_case (YcTodayView *self,
           YcCase      *case_doc)
{
  yc_case_page_set_case (self->case_page, case_doc);
  gtk_stack_set_visible_child_name (self->outer_stack, "case");
  gtk_widget_set_visible (self->back_button, TRUE);
  /* Focus moves only inside a window (lists ask theirs for the focus widget). */
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    gtk_widget_child_focus (GTK_WIDGET (self->case_page), GTK_DIR_TAB_FORWARD);
}

static void
row_activated_cb (YcTodayView *self,
                  guint        position)
{
  g_autoptr(YcCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (summary != NULL)
    open_case (self, yc_case_summary_get_case (summary));
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  YcTodayView *self = user_data;

  return yc_case_summary_matches (YC_CASE_SUMMARY (item),
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_changed_cb (YcTodayView *self)
{
  set_search_status (self, NULL);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcTodayView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) found = NULL;
  g_autofree char *sync_state = NULL;
  Extra *extra;

  found = yc_case_lookup_number_finish (YC_STORE (object), result, &sync_state, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (found == NULL)
    {
      set_search_status (self, error->message);
      return;
    }
  extra = g_new0 (Extra, 1);
  extra->case_doc = yc_case_ref (found);
  extra->sync_state = g_steal_pointer (&sync_state);
  g_hash_table_replace (self->extras, g_strdup (found->uuid), extra);
  open_case (self, found);
  yc_today_view_reload (self);
}

/* Enter in the search: the one case it matches, or an older case by its full number. */
static void
search_activate_cb (YcTodayView *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *day = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (query[0] == '\0' && n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_ascii_strcasecmp (yc_case_summary_get_number (summary), query) == 0 || n == 1)
        {
          open_case (self, yc_case_summary_get_case (summary));
          return;
        }
    }
  day = yc_case_number_dup_day (query);
  if (day == NULL || self->store == NULL)
    {
      if (n == 0)
        set_search_status (self, _("No case matches. Type the whole case number to find an older case."));
      else
        gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
      return;
    }
  yc_case_lookup_number_async (self->store, query, self->cancellable, lookup_cb, g_object_ref (self));
}

static void
remember_change (YcTodayView *self,
                 YcCase      *case_doc)
{
  Extra *extra = g_hash_table_lookup (self->extras, case_doc->uuid);

  if (extra != NULL)
    {
      yc_case_unref (extra->case_doc);
      extra->case_doc = yc_case_ref (case_doc);
      /* As the store does: a new operation makes a synced case pending. */
      if (g_strcmp0 (extra->sync_state, "synced") == 0)
        {
          g_free (extra->sync_state);
          extra->sync_state = g_strdup ("pending");
        }
    }
  yc_today_view_reload (self);
}

static void
case_changed_cb (YcCasePage  *page,
                 YcCase      *case_doc,
                 YcTodayView *self)
{
  remember_change (self, case_doc);
}

static void
rated_cb (YcCasePage   *page,
          YcCase       *case_doc,
          YcTodayView  *self)
{
  g_autofree char *message = NULL;

  /* The rating went into the outbox: send it now rather than at the next round. */
  yc_sync_actions_kick (GTK_WIDGET (self));
  if (g_date_valid (&case_doc->follow_up_due))
    {
      g_autofree char *date = yc_format_date (&case_doc->follow_up_due);

      /* Translators: the case number, the rating and the follow-up's due date */
      message = g_strdup_printf (_("Case %s rated “%s”: follow-up due %s"), case_doc->number,
                                 yc_rating_level_label (case_doc->rating_level), date);
    }
  else
    /* Translators: the case number and the rating */
    message = g_strdup_printf (_("Case %s rated “%s”"), case_doc->number,
                               yc_rating_level_label (case_doc->rating_level));
  add_toast (self, message);
  if (yc_case_page_get_case (self->case_page) != NULL
      && g_strcmp0 (yc_case_page_get_case (self->case_page)->uuid, case_doc->uuid) == 0)
    yc_case_page_set_case (self->case_page, case_doc);
  remember_change (self, case_doc);
}

static void
rating_failed_cb (YcCasePage  *page,
                  const char  *message,
                  YcTodayView *self)
{
  /* Translators: %s says why */
  g_autofree char *text = g_strdup_printf (_("The rating was not saved: %s"), message);

  add_toast (self, text);
}

static gboolean
focus_search_cb (gpointer user_data)
{
  YcTodayView *self = user_data;

  self->focus_source = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self))
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "cases") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return G_SOURCE_REMOVE;
}

static void
yc_today_view_map (GtkWidget *widget)
{
  YcTodayView *self = YC_TODAY_VIEW (widget);

  GTK_WIDGET_CLASS (yc_today_view_parent_class)->map (widget);
  yc_today_view_reload (self);
  /* The clerk switched here to find someone: typing goes into the search — once the
   * switch is over (focus moves while a view stack maps are not safe to take). */
  g_clear_handle_id (&self->focus_source, g_source_remove);
  self->focus_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_search_cb, self, NULL);
}

static void
yc_today_view_dispose (GObject *object)
{
  YcTodayView *self = (YcTodayView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->focus_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_TODAY_VIEW);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->loading, g_ptr_array_unref);
  g_clear_pointer (&self->extras, g_hash_table_unref);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->calendar);
  g_clear_object (&self->cases);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (yc_today_view_parent_class)->dispose (object);
}

static void
yc_today_view_finalize (GObject *object)
{
  YcTodayView *self = (YcTodayView *)object;

  g_free (self->day);
  g_free (self->hall);
  g_free (self->clerk);

  G_OBJECT_CLASS (yc_today_view_parent_class)->finalize (object);
}

static void
yc_today_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcTodayView *self = YC_TODAY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_today_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcTodayView *self = YC_TODAY_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The case page and the rating window need the services, known once constructed. */
static void
yc_today_view_constructed (GObject *object)
{
  YcTodayView *self = YC_TODAY_VIEW (object);

  G_OBJECT_CLASS (yc_today_view_parent_class)->constructed (object);

  self->case_page = YC_CASE_PAGE (yc_case_page_new (self->store, self->calendar));
  yc_case_page_set_clerk (self->case_page, self->clerk, self->hall);
  gtk_stack_add_named (self->outer_stack, GTK_WIDGET (self->case_page), "case");
  g_signal_connect_object (self->case_page, "changed", G_CALLBACK (case_changed_cb), self, 0);
  if (self->store != NULL && self->calendar != NULL)
    {
      g_signal_connect_object (self->case_page, "rated", G_CALLBACK (rated_cb), self, 0);
      g_signal_connect_object (self->case_page, "rating-failed", G_CALLBACK (rating_failed_cb), self, 0);
      yc_case_page_set_rating_pad (self->case_page, TRUE);
    }
}

static void
yc_today_view_class_init (YcTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_today_view_constructed;
  object_class->dispose = yc_today_view_dispose;
  object_class->finalize = yc_today_view_finalize;
  object_class->get_property = yc_today_view_get_property;
  object_class->set_property = yc_today_view_set_property;
  widget_class->map = yc_today_view_map;

  /**
   * YcTodayView:store: (nullable)
   *
   * The local store the cases are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * YcTodayView:calendar: (nullable)
   *
   * The working-day calendar: deadline lights, and the operations on a case (without it
   * cases are listed but nothing can be done to them).
   */
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The row template names the type in its expressions. */
  g_type_ensure (YC_TYPE_CASE_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-today-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, back_button);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, search_status);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, empty_page);

  gtk_widget_class_install_action (widget_class, "today.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "today.reload", NULL);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_install_action (widget_class, "today.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "today.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "today.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "today.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "today.focus-search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_today_view_init (YcTodayView *self)
{
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cases = g_list_store_new (YC_TYPE_CASE_SUMMARY);
  self->cancellable = g_cancellable_new ();
  self->extras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) extra_free);
  self->clerk = g_strdup (g_get_user_name ());
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->cases)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
yc_today_view_new (YcStore   *store,
                   YcCatalog *catalog)
{
  return yc_today_view_new_full (store, catalog, NULL);
}

/**
 * yc_today_view_new_full:
 * @store: (nullable): the local store
 * @catalog: (nullable): names subjects the cases do not name
 * @calendar: (nullable): the working-day calendar; without it cases are only listed
 */
GtkWidget *
yc_today_view_new_full (YcStore    *store,
                        YcCatalog  *catalog,
                        YcCalendar *calendar)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_TODAY_VIEW, "store", store, "catalog", catalog,
                       "calendar", calendar, NULL);
}

/**
 * yc_today_view_set_device:
 * @hall: (nullable): the hall code of the window's enrolment; without it cases can be
 *   looked at but not acted on
 * @window: (nullable): the window code
 * @clerk: (nullable): the clerk signed in; %NULL keeps the current one
 */
void
yc_today_view_set_device (YcTodayView *self,
                          const char  *hall,
                          const char  *window,
                          const char  *clerk)
{
  g_return_if_fail (YC_IS_TODAY_VIEW (self));

  g_free (self->hall);
  self->hall = g_strdup (hall);
  if (clerk != NULL)
    {
      g_free (self->clerk);
      self->clerk = g_strdup (clerk);
    }
  yc_case_page_set_clerk (self->case_page, self->clerk, self->hall);
}

/**
 * yc_today_view_open_case:
 *
 * Shows @case_doc on the case page, as Enter on its row does.
 */
void
yc_today_view_open_case (YcTodayView *self,
                         YcCase      *case_doc)
{
  g_return_if_fail (YC_IS_TODAY_VIEW (self));
  g_return_if_fail (case_doc != NULL);

  open_case (self, case_doc);
}

/**
 * yc_today_view_get_case_page:
 *
 * Returns: (transfer none): the page a case is opened on
 */
YcCasePage *
yc_today_view_get_case_page (YcTodayView *self)
{
  g_return_val_if_fail (YC_IS_TODAY_VIEW (self), NULL);
  return self->case_page;
}

/**
 * yc_today_view_get_rating_window:
 *
 * Returns: (transfer none) (nullable): the applicant's rating window while it shows (the
 *   case page makes it when asked for), else %NULL
 */
YcRatingWindow *
yc_today_view_get_rating_window (YcTodayView *self)
{
  g_return_val_if_fail (YC_IS_TODAY_VIEW (self), NULL);
  return yc_case_page_get_rating_window (self->case_page);
}

/**
 * yc_today_view_reload:
 *
 * Reads today's cases again; the list changes when they arrive.
 */
void
yc_today_view_reload (YcTodayView *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (YC_IS_TODAY_VIEW (self));

  if (self->store == NULL)
    return;

  /* A reload in flight is superseded: its answer would be older. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  now = g_date_time_new_now_local ();
  g_free (self->day);
  self->day = g_date_time_format (now, "%Y-%m-%d");
  yc_store_list_cases_async (self->store, self->day, self->cancellable, list_cases_cb,
                             g_object_ref (self));
}

/**
 * yc_today_view_get_cases:
 *
 * Returns: (transfer none): the cases shown, a list of #YcCaseSummary, newest first
 */
GListModel *
yc_today_view_get_cases (YcTodayView *self)
{
  g_return_val_if_fail (YC_IS_TODAY_VIEW (self), NULL);
  return G_LIST_MODEL (self->cases);
}

void
yc_today_view_set_title_widget (YcTodayView *self,
                                GtkWidget   *widget)
{
  g_return_if_fail (YC_IS_TODAY_VIEW (self));
  adw_header_bar_set_title_widget (self->header_bar, widget);
}
