/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-counter-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-counter-view.h"
#include "yc-search-result.h"

/*
 * The counter's home: on the left the catalog search (as you type, by hanzi, pinyin or
 * initials), filters by department, life stage and bundles, and the results; on the right
 * the chosen item's details.  Intake (issue 4) starts from the detail pane.
 *
 * Keyboard: Ctrl+F searches, Enter or Down goes from the search to the results, the
 * arrows browse them (the detail follows the selection), Enter opens the result.
 */

/* A clerk refines a query long before reading a few hundred results. */
#define RESULT_LIMIT 300

struct _YcCounterView
{
  GtkWidget           parent_instance;

  YcStore            *store;
  YcSearchIndex      *search_index;
  GListStore         *results;
  GtkSingleSelection *selection;
  GPtrArray          *department_codes;  /* dropdown position → code; NULL for "all" */
  GPtrArray          *stage_keys;        /* dropdown position → key; NULL for "all" */
  char               *searched_query;    /* the text the results are for, last notified */
  gboolean            setting_query;     /* yc_counter_view_set_query() is replacing the text */
  gboolean            ready;
  gboolean            syncing_selection;

  YcItemDetail       *detail;

  AdwLeaflet         *leaflet;
  GtkWidget          *sidebar;
  GtkWidget          *content;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *department_dropdown;
  GtkDropDown        *stage_dropdown;
  GtkToggleButton    *bundles_toggle;
  GtkStack           *results_stack;
  GtkListView        *results_view;
  GtkLabel           *count_label;
  AdwWindowTitle     *sidebar_title;
  AdwHeaderBar       *content_header;
  GtkStack           *detail_stack;
};

G_DEFINE_FINAL_TYPE (YcCounterView, yc_counter_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH_INDEX,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  START_INTAKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static YcCatalog *
get_catalog (YcCounterView *self)
{
  return yc_search_index_get_catalog (self->search_index);
}

static const char *
selected_code (GtkDropDown *dropdown,
               GPtrArray   *codes)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (position == GTK_INVALID_LIST_POSITION || position >= codes->len)
    return NULL;
  return g_ptr_array_index (codes, position);
}

/* Keeps the row of the item on the right highlighted when it is still among the results. */
static void
sync_selection (YcCounterView *self)
{
  const char *shown = yc_item_detail_get_code (self->detail);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; shown != NULL && i < n; i++)
    {
      g_autoptr(YcSearchResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (g_str_equal (yc_search_result_get_code (result), shown))
        {
          position = i;
          break;
        }
    }

  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing_selection = FALSE;
}

static void
refresh (YcCounterView *self)
{
  YcSearchFilter filter = { 0 };
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *count = NULL;
  const char *query;

  if (!self->ready)
    return;

  query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.department = selected_code (self->department_dropdown, self->department_codes);
  filter.life_stage = selected_code (self->stage_dropdown, self->stage_keys);
  filter.bundles_only = gtk_toggle_button_get_active (self->bundles_toggle);

  hits = yc_search_index_query (self->search_index, query, &filter, RESULT_LIMIT);
  for (guint i = 0; i < hits->len; i++)
    {
      const YcSearchHit *hit = &g_array_index (hits, YcSearchHit, i);
      g_ptr_array_add (results, yc_search_result_new (get_catalog (self), hit));
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       results->pdata, results->len);
  sync_selection (self);

  if (results->len >= RESULT_LIMIT)
    count = g_strdup_printf (_("First %u results; refine the search to see the others"), results->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", results->len),
                             results->len);
  gtk_label_set_text (self->count_label, count);
  gtk_stack_set_visible_child_name (self->results_stack, results->len > 0 ? "list" : "empty");
}

static gboolean
show_result (YcCounterView  *self,
             YcSearchResult *result)
{
  const char *code = yc_search_result_get_code (result);
  gboolean shown;

  if (g_strcmp0 (code, yc_item_detail_get_code (self->detail)) == 0)
    shown = TRUE;
  else if (yc_search_result_get_is_bundle (result))
    shown = yc_item_detail_show_bundle (self->detail, code);
  else
    shown = yc_item_detail_show_item (self->detail, code);

  if (shown)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "detail");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.start-intake", TRUE);
    }
  return shown;
}

static void
focus_results (YcCounterView *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    return;

  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

/*
 * Searches for the entry's text unless the results are already for it.  Both
 * yc_counter_view_set_query() and the entry's delayed search-changed end here, and the
 * latter also follows a text the former already searched: "query" notifies on change only.
 */
static void
search_entry_text (YcCounterView *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (query, self->searched_query) == 0)
    return;

  g_free (self->searched_query);
  self->searched_query = g_strdup (query);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

static void
search_changed_cb (YcCounterView *self)
{
  /* Replacing the text empties the entry first, which it reports at once: not a query. */
  if (self->setting_query)
    return;
  search_entry_text (self);
}

static void
search_activate_cb (YcCounterView *self)
{
  focus_results (self);
}

static void
search_stop_cb (YcCounterView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
search_key_pressed_cb (YcCounterView         *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      focus_results (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
filter_changed_cb (YcCounterView *self)
{
  refresh (self);
}

static void
selection_changed_cb (YcCounterView *self)
{
  YcSearchResult *result;

  if (self->syncing_selection)
    return;

  /* A new search drops the selection; the detail stays until another result is chosen. */
  result = gtk_single_selection_get_selected_item (self->selection);
  if (result != NULL)
    show_result (self, result);
}

static void
results_activate_cb (YcCounterView *self,
                     guint          position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "counter.open-result", "u", position);
}

static void
open_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcCounterView *self = YC_COUNTER_VIEW (widget);
  guint position = g_variant_get_uint32 (parameter);
  g_autoptr(YcSearchResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (result == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  if (!show_result (self, result))
    return;

  if (adw_leaflet_get_folded (self->leaflet))
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      gtk_widget_child_focus (GTK_WIDGET (self->detail), GTK_DIR_TAB_FORWARD);
    }
}

static void
show_results_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YcCounterView *self = YC_COUNTER_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  focus_results (self);
}

static void
start_intake_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YcCounterView *self = YC_COUNTER_VIEW (widget);
  const char *code = yc_item_detail_get_code (self->detail);

  if (code == NULL)
    return;
  g_signal_emit (self, signals[START_INTAKE], 0, code, yc_item_detail_get_is_bundle (self->detail));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YcCounterView *self = YC_COUNTER_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
fill_filters (YcCounterView *self)
{
  GPtrArray *departments = yc_catalog_get_departments (get_catalog (self));
  const char * const *stages = yc_life_stage_keys (YC_AUDIENCE_ALL);
  g_autoptr(GtkStringList) department_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) stage_names = gtk_string_list_new (NULL);

  gtk_string_list_append (department_names, _("All departments"));
  g_ptr_array_add (self->department_codes, NULL);
  for (guint i = 0; i < departments->len; i++)
    {
      const YcDepartment *department = g_ptr_array_index (departments, i);

      gtk_string_list_append (department_names, department->short_name);
      g_ptr_array_add (self->department_codes, g_strdup (department->code));
    }

  gtk_string_list_append (stage_names, _("All life stages"));
  g_ptr_array_add (self->stage_keys, NULL);
  for (guint i = 0; stages[i] != NULL; i++)
    {
      gtk_string_list_append (stage_names, yc_life_stage_label (stages[i]));
      g_ptr_array_add (self->stage_keys, g_strdup (stages[i]));
    }

  gtk_drop_down_set_model (self->department_dropdown, G_LIST_MODEL (department_names));
  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (stage_names));
}

static void
yc_counter_view_constructed (GObject *object)
{
  YcCounterView *self = (YcCounterView *)object;
  const char *catalog_name;

  G_OBJECT_CLASS (yc_counter_view_parent_class)->constructed (object);

  g_assert (YC_IS_SEARCH_INDEX (self->search_index));

  catalog_name = yc_catalog_get_name (get_catalog (self));
  if (catalog_name != NULL)
    adw_window_title_set_subtitle (self->sidebar_title, catalog_name);

  self->detail = YC_ITEM_DETAIL (yc_item_detail_new (get_catalog (self)));
  gtk_stack_add_named (self->detail_stack, GTK_WIDGET (self->detail), "detail");

  fill_filters (self);

  self->ready = TRUE;
  refresh (self);
}

static void
yc_counter_view_dispose (GObject *object)
{
  YcCounterView *self = (YcCounterView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_COUNTER_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->search_index);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_counter_view_parent_class)->dispose (object);
}

static void
yc_counter_view_finalize (GObject *object)
{
  YcCounterView *self = (YcCounterView *)object;

  g_clear_pointer (&self->department_codes, g_ptr_array_unref);
  g_clear_pointer (&self->stage_keys, g_ptr_array_unref);
  g_free (self->searched_query);

  G_OBJECT_CLASS (yc_counter_view_parent_class)->finalize (object);
}

static void
yc_counter_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YcCounterView *self = YC_COUNTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH_INDEX:
      g_value_set_object (value, self->search_index);
      break;
    case PROP_QUERY:
      g_value_set_string (value, yc_counter_view_get_query (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_counter_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcCounterView *self = YC_COUNTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SEARCH_INDEX:
      self->search_index = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      yc_counter_view_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_counter_view_class_init (YcCounterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_counter_view_constructed;
  object_class->dispose = yc_counter_view_dispose;
  object_class->finalize = yc_counter_view_finalize;
  object_class->get_property = yc_counter_view_get_property;
  object_class->set_property = yc_counter_view_set_property;

  /**
   * YcCounterView:store: (nullable)
   *
   * The local store cases are accepted into.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_INDEX] =
    g_param_spec_object ("search-index", NULL, NULL, YC_TYPE_SEARCH_INDEX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcCounterView::start-intake:
   * @code: the code of the item or bundle shown in the detail pane
   * @is_bundle: whether @code is a bundle's
   *
   * The clerk starts the intake (开始受理) of what the detail pane shows.
   */
  signals[START_INTAKE] = g_signal_new ("start-intake", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_STRING, G_TYPE_BOOLEAN);

  /* The row template names the type in its expressions. */
  g_type_ensure (YC_TYPE_SEARCH_RESULT);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-counter-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, content);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, department_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, bundles_toggle);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, results_stack);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, results_view);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, content_header);
  gtk_widget_class_bind_template_child (widget_class, YcCounterView, detail_stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, results_activate_cb);

  gtk_widget_class_install_action (widget_class, "counter.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "counter.open-result", "u", open_result_action);
  gtk_widget_class_install_action (widget_class, "counter.show-results", NULL, show_results_action);
  gtk_widget_class_install_action (widget_class, "counter.start-intake", NULL, start_intake_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "counter.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "counter.show-results", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "counter.start-intake", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "counter.start-intake", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_counter_view_init (YcCounterView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->department_codes = g_ptr_array_new_with_free_func (g_free);
  self->stage_keys = g_ptr_array_new_with_free_func (g_free);
  /* The entry starts empty, and the first results browse everything. */
  self->searched_query = g_strdup ("");

  self->results = g_list_store_new (YC_TYPE_SEARCH_RESULT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* Typing anywhere in the view searches, as long as nothing else takes the keys. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  /* Nothing to take in before an item is shown. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.start-intake", FALSE);
}

/**
 * yc_counter_view_new:
 * @store: (nullable): the local store
 * @search_index: the search over the catalog the counter works with
 *
 * Returns: (transfer floating): a new counter view
 */
GtkWidget *
yc_counter_view_new (YcStore       *store,
                     YcSearchIndex *search_index)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_SEARCH_INDEX (search_index), NULL);

  return g_object_new (YC_TYPE_COUNTER_VIEW,
                       "store", store,
                       "search-index", search_index,
                       NULL);
}

YcStore *
yc_counter_view_get_store (YcCounterView *self)
{
  g_return_val_if_fail (YC_IS_COUNTER_VIEW (self), NULL);
  return self->store;
}

YcSearchIndex *
yc_counter_view_get_search_index (YcCounterView *self)
{
  g_return_val_if_fail (YC_IS_COUNTER_VIEW (self), NULL);
  return self->search_index;
}

const char *
yc_counter_view_get_query (YcCounterView *self)
{
  g_return_val_if_fail (YC_IS_COUNTER_VIEW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/**
 * yc_counter_view_set_query:
 *
 * Searches for @query at once, without the search entry's typing delay.
 */
void
yc_counter_view_set_query (YcCounterView *self,
                           const char    *query)
{
  g_return_if_fail (YC_IS_COUNTER_VIEW (self));

  if (query == NULL)
    query = "";
  /* The entry may hold @query already, typed but not yet searched: search it now. */
  if (!g_str_equal (query, yc_counter_view_get_query (self)))
    {
      self->setting_query = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
      self->setting_query = FALSE;
    }
  search_entry_text (self);
}

/**
 * yc_counter_view_set_filter:
 * @department: (nullable): a department code, or %NULL for all
 * @life_stage: (nullable): a life stage key, or %NULL for all
 * @bundles_only: whether to list one-thing bundles only
 *
 * Sets the filters as if the clerk had chosen them.
 */
void
yc_counter_view_set_filter (YcCounterView *self,
                            const char    *department,
                            const char    *life_stage,
                            gboolean       bundles_only)
{
  guint department_position = 0;
  guint stage_position = 0;

  g_return_if_fail (YC_IS_COUNTER_VIEW (self));

  for (guint i = 1; department != NULL && i < self->department_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->department_codes, i), department))
      department_position = i;
  for (guint i = 1; life_stage != NULL && i < self->stage_keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->stage_keys, i), life_stage))
      stage_position = i;

  self->ready = FALSE;
  gtk_drop_down_set_selected (self->department_dropdown, department_position);
  gtk_drop_down_set_selected (self->stage_dropdown, stage_position);
  gtk_toggle_button_set_active (self->bundles_toggle, bundles_only);
  self->ready = TRUE;
  refresh (self);
}

/**
 * yc_counter_view_get_results:
 *
 * Returns: (transfer none): the results shown, a list of YcSearchResult
 */
GListModel *
yc_counter_view_get_results (YcCounterView *self)
{
  g_return_val_if_fail (YC_IS_COUNTER_VIEW (self), NULL);
  return G_LIST_MODEL (self->results);
}

/**
 * yc_counter_view_get_detail:
 *
 * Returns: (transfer none): the detail pane
 */
YcItemDetail *
yc_counter_view_get_detail (YcCounterView *self)
{
  g_return_val_if_fail (YC_IS_COUNTER_VIEW (self), NULL);
  return self->detail;
}

/**
 * yc_counter_view_set_title_widget:
 *
 * Puts @widget (the view switcher) in the middle of the detail side's header bar.
 */
void
yc_counter_view_set_title_widget (YcCounterView *self,
                                  GtkWidget     *widget)
{
  g_return_if_fail (YC_IS_COUNTER_VIEW (self));
  adw_header_bar_set_title_widget (self->content_header, widget);
}
