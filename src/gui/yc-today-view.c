/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-today-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-summary.h"
#include "yc-today-view.h"

/*
 * Today's cases at this window (今日受理): number, subject, applicant, decision, state and
 * whether the back office has it yet.  Read from the store's thread; reloaded when shown,
 * after a commit and with F5.
 */

struct _YcTodayView
{
  GtkWidget      parent_instance;

  YcStore       *store;
  YcCatalog     *catalog;
  GListStore    *cases;
  GCancellable  *cancellable;
  GPtrArray     *loading;      /* of YcCase*: listed, waiting for the sync states */
  char          *day;

  AdwHeaderBar  *header_bar;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  g_autofree char *count = NULL;

  states = yc_store_list_sync_states_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (states == NULL)
    {
      show_error (self, error);
      return;
    }

  /* The newest first: the clerk looks for the applicant just served. */
  for (guint i = cases->len; i > 0; i--)
    {
      YcCase *case_doc = g_ptr_array_index (cases, i - 1);
      g_ptr_array_add (rows, yc_case_summary_new (case_doc, self->catalog,
                                                  g_hash_table_lookup (states, case_doc->uuid)));
    }
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       rows->pdata, rows->len);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case today", "%u cases today", rows->len),
                           rows->len);
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
yc_today_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_today_view_parent_class)->map (widget);
  yc_today_view_reload (YC_TODAY_VIEW (widget));
}

static void
yc_today_view_dispose (GObject *object)
{
  YcTodayView *self = (YcTodayView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_TODAY_VIEW);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->loading, g_ptr_array_unref);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_today_view_class_init (YcTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The row template names the type in its expressions. */
  g_type_ensure (YC_TYPE_CASE_SUMMARY);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-today-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcTodayView, empty_page);

  gtk_widget_class_install_action (widget_class, "today.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "today.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_today_view_init (YcTodayView *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cases = g_list_store_new (YC_TYPE_CASE_SUMMARY);
  self->cancellable = g_cancellable_new ();
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->cases)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

GtkWidget *
yc_today_view_new (YcStore   *store,
                   YcCatalog *catalog)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);

  return g_object_new (YC_TYPE_TODAY_VIEW, "store", store, "catalog", catalog, NULL);
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
