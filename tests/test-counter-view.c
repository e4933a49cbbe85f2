/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>

#include "yc-catalog-private.h"
#include "yc-counter-view.h"
#include "yc-item-detail.h"
#include "yc-search-result.h"
#include "yc-window.h"

/*
 * The counter view over a small catalog built in memory: browsing, searching through the
 * property and through the entry as typed, the filters, and opening a result.
 */

static YcMaterial *
make_material (const char *code,
               const char *name,
               gboolean    core)
{
  YcMaterial *material = g_new0 (YcMaterial, 1);

  material->code = g_strdup (code);
  material->name = g_strdup (name);
  material->form = YC_MATERIAL_FORM_ORIGINAL;
  material->copies = 1;
  material->required = TRUE;
  material->core = core;
  material->tolerable = !core;
  return material;
}

static YcItem *
make_item (const char *code,
           const char *name,
           const char *department,
           int         committed_days,
           YcAudience  audience,
           const char *life_stage)
{
  YcItem *item = g_new0 (YcItem, 1);
  YcScenario *scenario = g_new0 (YcScenario, 1);
  const char *stages[] = { life_stage, NULL };

  scenario->code = g_strdup ("default");
  scenario->name = g_strdup ("首次申请");
  scenario->when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scenario->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  g_ptr_array_add (scenario->materials, make_material ("id-card", "申请人身份证", TRUE));
  g_ptr_array_add (scenario->materials, make_material ("photo", "照片回执", FALSE));

  item->code = g_strdup (code);
  item->name = g_strdup (name);
  item->type = YC_ITEM_TYPE_PUBLIC_SERVICE;
  item->department = g_strdup (department);
  item->statutory_days = YC_NO_LIMIT;
  item->committed_days = committed_days;
  item->fee = g_strdup ("不收费");
  item->legal_basis = g_strdup ("《社会保险法》");
  item->audience = audience;
  item->life_stages = g_strdupv ((char **) stages);
  item->supplement_days = 5;
  item->max_tolerated = 2;
  item->pledge_verify_days = 20;
  item->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_question_free);
  item->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scenario_free);
  g_ptr_array_add (item->scenarios, scenario);
  return item;
}

static YcDepartment *
make_department (const char *code,
                 const char *name,
                 const char *short_name)
{
  YcDepartment *department = g_new0 (YcDepartment, 1);

  department->code = g_strdup (code);
  department->name = g_strdup (name);
  department->short_name = g_strdup (short_name);
  return department;
}

static YcCatalog *
make_catalog (void)
{
  GPtrArray *departments = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_department_free);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_item_free);
  GPtrArray *bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_free);
  YcBundle *bundle = g_new0 (YcBundle, 1);
  const char *bundle_stages[] = { "startup", NULL };
  const char *parts[][2] = { { "ITEM-GT", "default" }, { "ITEM-DWSB", "default" } };
  YcScenario *scenario;

  g_ptr_array_add (departments, make_department ("rsj", "区人力资源和社会保障局", "人社局"));
  g_ptr_array_add (departments, make_department ("mzj", "区民政局", "民政局"));
  g_ptr_array_add (departments, make_department ("scjg", "区市场监督管理局", "市场监管局"));

  g_ptr_array_add (items, make_item ("ITEM-SBK", "社会保障卡申领", "rsj", 15,
                                     YC_AUDIENCE_CITIZEN, "employment"));
  /* Catalog text is not markup: a scenario name like this one must show as it is. */
  scenario = g_new0 (YcScenario, 1);
  scenario->code = g_strdup ("reissue");
  scenario->name = g_strdup ("补领 & 换领 <遗失>");
  scenario->when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scenario->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);
  g_ptr_array_add (scenario->materials, make_material ("id-card", "申请人身份证 & 复印件", TRUE));
  g_ptr_array_add (((YcItem *) g_ptr_array_index (items, 0))->scenarios, scenario);
  g_ptr_array_add (items, make_item ("ITEM-DWSB", "单位社会保险参保登记", "rsj", 0,
                                     YC_AUDIENCE_ENTERPRISE, "startup"));
  g_ptr_array_add (items, make_item ("ITEM-JH", "结婚登记", "mzj", 0,
                                     YC_AUDIENCE_CITIZEN, "marriage"));
  g_ptr_array_add (items, make_item ("ITEM-GT", "个体工商户设立登记", "scjg", 0,
                                     YC_AUDIENCE_ENTERPRISE, "startup"));

  bundle->code = g_strdup ("BUNDLE-KB");
  bundle->name = g_strdup ("开办企业一件事");
  bundle->description = g_strdup ("营业执照、社保登记一次办");
  bundle->audience = YC_AUDIENCE_ENTERPRISE;
  bundle->life_stages = g_strdupv ((char **) bundle_stages);
  bundle->committed_days = 1;
  bundle->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_bundle_part_free);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      YcBundlePart *part = g_new0 (YcBundlePart, 1);
      part->item = g_strdup (parts[i][0]);
      part->scenario = g_strdup (parts[i][1]);
      g_ptr_array_add (bundle->parts, part);
    }
  g_ptr_array_add (bundles, bundle);

  return yc_catalog_new_take (g_strdup ("test-1"), g_strdup ("测试目录"),
                              departments, items, bundles);
}

typedef struct {
  YcCatalog     *catalog;
  YcSearchIndex *index;
  GtkWindow     *window;
  YcCounterView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = make_catalog ();
  fixture->index = yc_search_index_new (fixture->catalog);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = YC_COUNTER_VIEW (yc_counter_view_new (NULL, fixture->index));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->index);
  g_assert_finalize_object (fixture->catalog);
}

/* Whether the results hold @code, and at which position. */
static int
result_position (YcCounterView *view,
                 const char    *code)
{
  GListModel *results = yc_counter_view_get_results (view);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(YcSearchResult) result = g_list_model_get_item (results, i);
      if (g_str_equal (yc_search_result_get_code (result), code))
        return (int) i;
    }
  return -1;
}

static void
test_browse (Fixture       *fixture,
             gconstpointer  data)
{
  GListModel *results = yc_counter_view_get_results (fixture->view);
  g_autoptr(YcSearchResult) first = NULL;

  g_assert_true (g_list_model_get_item_type (results) == YC_TYPE_SEARCH_RESULT);
  /* Four items and one bundle, nothing typed: the whole catalog. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
  g_assert_cmpint (result_position (fixture->view, "BUNDLE-KB"), >=, 0);

  first = g_list_model_get_item (results, (guint) result_position (fixture->view, "ITEM-SBK"));
  g_assert_cmpstr (yc_search_result_get_name (first), ==, "社会保障卡申领");
  g_assert_cmpstr (yc_search_result_get_department_name (first), ==, "人社局");
  g_assert_false (yc_search_result_get_is_bundle (first));
}

static void
test_search_property (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *results = yc_counter_view_get_results (fixture->view);

  yc_counter_view_set_query (fixture->view, "结婚");
  g_assert_cmpstr (yc_counter_view_get_query (fixture->view), ==, "结婚");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, 0);

  /* 社保 is how clerks say 社会保险 and 社会保障. */
  yc_counter_view_set_query (fixture->view, "社保");
  g_assert_cmpint (result_position (fixture->view, "ITEM-SBK"), >=, 0);
  g_assert_cmpint (result_position (fixture->view, "ITEM-DWSB"), >=, 0);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, -1);
  g_assert_cmpint (result_position (fixture->view, "ITEM-GT"), ==, -1);

  yc_counter_view_set_query (fixture->view, "没有这样的事项");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  yc_counter_view_set_query (fixture->view, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gboolean   *changed)
{
  *changed = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_search_typed (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *results = yc_counter_view_get_results (fixture->view);
  gboolean changed = FALSE;
  gboolean timed_out = FALSE;
  GtkWidget *focus;
  guint timeout_id;

  /* Ctrl+F's action puts the focus in the search entry; type there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "counter.focus-search", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));

  g_signal_connect (results, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  gtk_editable_set_text (GTK_EDITABLE (focus), "个体");

  /* The entry reports the search after its typing delay. */
  timeout_id = g_timeout_add_seconds (5, timeout_cb, &timed_out);
  while (!changed && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout_id);
  g_signal_handlers_disconnect_by_func (results, items_changed_cb, &changed);

  g_assert_cmpstr (yc_counter_view_get_query (fixture->view), ==, "个体");
  g_assert_cmpint (result_position (fixture->view, "ITEM-GT"), ==, 0);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, -1);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
results_count_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* Runs the main loop for @ms milliseconds: longer than the search entry's typing delay. */
static void
run_main_loop_for (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/*
 * "query" notifies once per change: not again when the entry's delayed search-changed
 * follows a query already set, nor when the same query is set twice.
 */
static void
test_query_notify (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *results = yc_counter_view_get_results (fixture->view);
  guint notified = 0;
  guint refreshed = 0;
  GtkWidget *focus;
  int position;

  g_signal_connect (fixture->view, "notify::query", G_CALLBACK (notify_count_cb), &notified);
  g_signal_connect (results, "items-changed", G_CALLBACK (results_count_cb), &refreshed);

  yc_counter_view_set_query (fixture->view, "结婚");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (refreshed, ==, 1);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, 0);
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (refreshed, ==, 1);

  yc_counter_view_set_query (fixture->view, "结婚");
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (refreshed, ==, 1);

  /* Replacing the text empties the entry on the way, which is no query of its own. */
  yc_counter_view_set_query (fixture->view, "");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (refreshed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (refreshed, ==, 2);

  /* Typed: one notification, after the delay. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "counter.focus-search", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "个体");
  g_assert_cmpuint (notified, ==, 2);
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpuint (refreshed, ==, 3);
  g_assert_cmpint (result_position (fixture->view, "ITEM-GT"), ==, 0);

  /* Typed on, then set before the delay ran out: searched at once, notified once. */
  position = strlen ("个体");
  gtk_editable_insert_text (GTK_EDITABLE (focus), "工", -1, &position);
  g_assert_cmpstr (yc_counter_view_get_query (fixture->view), ==, "个体工");
  yc_counter_view_set_query (fixture->view, "个体工");
  g_assert_cmpuint (notified, ==, 4);
  g_assert_cmpuint (refreshed, ==, 4);
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_cmpuint (refreshed, ==, 4);
  g_assert_cmpint (result_position (fixture->view, "ITEM-GT"), ==, 0);

  /* From one query straight to another: once. */
  yc_counter_view_set_query (fixture->view, "结婚");
  g_assert_cmpuint (notified, ==, 5);
  g_assert_cmpuint (refreshed, ==, 5);
  run_main_loop_for (600);
  g_assert_cmpuint (notified, ==, 5);
  g_assert_cmpuint (refreshed, ==, 5);

  g_signal_handlers_disconnect_by_func (fixture->view, notify_count_cb, &notified);
  g_signal_handlers_disconnect_by_func (results, results_count_cb, &refreshed);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  GListModel *results = yc_counter_view_get_results (fixture->view);

  yc_counter_view_set_filter (fixture->view, NULL, NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_cmpint (result_position (fixture->view, "BUNDLE-KB"), ==, 0);

  yc_counter_view_set_filter (fixture->view, "rsj", NULL, FALSE);
  g_assert_cmpint (result_position (fixture->view, "ITEM-SBK"), >=, 0);
  g_assert_cmpint (result_position (fixture->view, "ITEM-DWSB"), >=, 0);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, -1);
  g_assert_cmpint (result_position (fixture->view, "ITEM-GT"), ==, -1);

  yc_counter_view_set_filter (fixture->view, NULL, "marriage", FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_cmpint (result_position (fixture->view, "ITEM-JH"), ==, 0);

  yc_counter_view_set_filter (fixture->view, NULL, NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 5);
}

static void
test_open_result (Fixture       *fixture,
                  gconstpointer  data)
{
  YcItemDetail *detail = yc_counter_view_get_detail (fixture->view);
  int position;

  g_assert_null (yc_item_detail_get_code (detail));
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (detail)));

  yc_counter_view_set_query (fixture->view, "结婚");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "counter.open-result", "u", 0));
  g_assert_cmpstr (yc_item_detail_get_code (detail), ==, "ITEM-JH");
  /* The detail page replaces the placeholder. */
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (detail)));

  /* A bundle opens too; the detail stays while the next search runs. */
  yc_counter_view_set_query (fixture->view, "");
  position = result_position (fixture->view, "BUNDLE-KB");
  g_assert_cmpint (position, >=, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "counter.open-result", "u", position));
  g_assert_cmpstr (yc_item_detail_get_code (detail), ==, "BUNDLE-KB");
  yc_counter_view_set_query (fixture->view, "结婚");
  g_assert_cmpstr (yc_item_detail_get_code (detail), ==, "BUNDLE-KB");

  /* A position past the results opens nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "counter.open-result", "u", 99));
  g_assert_cmpstr (yc_item_detail_get_code (detail), ==, "BUNDLE-KB");
}

static void
test_detail_unknown (void)
{
  g_autoptr(YcCatalog) catalog = make_catalog ();
  GtkWidget *detail = g_object_ref_sink (yc_item_detail_new (catalog));

  g_assert_true (yc_item_detail_show_item (YC_ITEM_DETAIL (detail), "ITEM-SBK"));
  g_assert_false (yc_item_detail_show_item (YC_ITEM_DETAIL (detail), "NO-SUCH-ITEM"));
  g_assert_false (yc_item_detail_show_bundle (YC_ITEM_DETAIL (detail), "ITEM-SBK"));
  g_assert_cmpstr (yc_item_detail_get_code (YC_ITEM_DETAIL (detail)), ==, "ITEM-SBK");
  g_assert_finalize_object (detail);
}

static void
test_window_states (void)
{
  g_autoptr(YcCatalog) catalog = make_catalog ();
  g_autoptr(YcSearchIndex) index = yc_search_index_new (catalog);
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  YcWindow *window = yc_window_new (NULL);

  yc_window_show_loading (window);
  g_assert_null (yc_window_get_counter_view (window));

  /* Messages quote files and paths; the status page must not read them as markup
   * (a markup error is a warning, fatal in this test). */
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                               "catalog.json: <data>:1:13: unexpected & unwanted");
  yc_window_show_error (window, error);
  g_assert_null (yc_window_get_counter_view (window));

  calendar = yc_calendar_new ();
  yc_window_show_counter (window, NULL, index, calendar);
  g_assert_nonnull (yc_window_get_counter_view (window));
  g_assert_true (yc_counter_view_get_search_index (yc_window_get_counter_view (window)) == index);
  g_assert_null (yc_counter_view_get_store (yc_window_get_counter_view (window)));
  g_assert_cmpuint (g_list_model_get_n_items (yc_counter_view_get_results (yc_window_get_counter_view (window))), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/counter-view/browse", test_browse);
  ADD ("/counter-view/search-property", test_search_property);
  ADD ("/counter-view/search-typed", test_search_typed);
  ADD ("/counter-view/query-notify", test_query_notify);
  ADD ("/counter-view/filters", test_filters);
  ADD ("/counter-view/open-result", test_open_result);
#undef ADD
  g_test_add_func ("/item-detail/unknown", test_detail_unknown);
  g_test_add_func ("/window/states", test_window_states);

  return g_test_run ();
}
