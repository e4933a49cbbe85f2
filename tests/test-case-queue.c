/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>

#include "yc-case-queue.h"
#include "yc-case-row-private.h"
#include "yc-text-cell.h"
#include "yc-test-store.h"

/*
 * The review queue widget in-process (GSK_RENDERER=cairo, under Xvfb): a real store with
 * cases of three windows, shown in a window.  The filter bar and the column headers become
 * the model's query (sorted in SQL, never by GTK), Enter on a row emits "case-activated"
 * with its case, the board shows the department and window filters the reviewer's queue
 * hides, and the rows drawn are the store's.
 */

typedef struct {
  YcStoreFixture  s;
  GPtrArray      *uuids;
  GtkWindow      *window;
  YcCaseQueue    *queue;
  char           *activated;
} Fixture;

static void
wait_loaded (YcCaseListModel *model)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (yc_case_list_model_get_loading (model) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (yc_case_list_model_get_loading (model));
}

static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      else
        collect (child, type, found);
    }
}

/* The @index-th widget of @type under @widget, depth first. */
static GtkWidget *
find_child (GtkWidget *widget,
            GType      type,
            guint      index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (widget, type, found);
  return index < found->len ? g_ptr_array_index (found, index) : NULL;
}

/* Every label or text cell (the queue's cells) under @widget whose text is @text. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint count = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        count++;
      if (YC_IS_TEXT_CELL (child)
          && g_strcmp0 (yc_text_cell_get_text (YC_TEXT_CELL (child)), text) == 0)
        count++;
      count += count_labels (child, text);
    }
  return count;
}

static void
activated_cb (YcCaseQueue *queue,
              const char  *uuid,
              Fixture     *f)
{
  g_free (f->activated);
  f->activated = g_strdup (uuid);
}

static void
pull_copy (Fixture    *f,
           YcCase     *ours,
           const char *window,
           guint       i)
{
  g_autoptr(JsonNode) node = yc_case_to_json (ours);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *number = g_strdup_printf ("HD01-%s-20261120-%04u", window, 10 + i);
  g_autofree char *name = g_strdup_printf ("Applicant %u", i);

  json_object_set_string_member (object, "uuid", uuid);
  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "window", window);
  json_object_set_string_member (json_object_get_object_member (object, "applicant"), "name", name);
  g_ptr_array_add (changes, yc_feed_change_new (i + 1, "case", uuid, 1, object));
  applied = yc_store_apply_feed_page (f->s.store, changes, NULL, "r1", &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->uuids, g_steal_pointer (&uuid));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  YcCaseQueueMode mode = GPOINTER_TO_INT (data);
  g_autoptr(GDateTime) at = yc_test_day_at (2026, 11, 20, 9);
  g_autoptr(YcCase) built = NULL;
  g_autoptr(YcCase) ours = NULL;
  g_autoptr(GError) error = NULL;

  yc_store_fixture_set_up (&f->s, NULL);
  yc_store_set_calendar (f->s.store, yc_test_store_calendar ());
  built = yc_test_case_new (f->s.blob_a, f->s.blob_b, at);
  g_assert_true (yc_store_accept_case (f->s.store, built, &error));
  ours = yc_store_get_case (f->s.store, built->uuid, &error);
  g_assert_no_error (error);
  f->uuids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->uuids, g_strdup (ours->uuid));
  for (guint i = 0; i < 6; i++)
    pull_copy (f, ours, i % 2 ? "W04" : "W05", i);

  f->queue = YC_CASE_QUEUE (yc_case_queue_new (f->s.store, yc_test_store_calendar (), mode));
  g_signal_connect (f->queue, "case-activated", G_CALLBACK (activated_cb), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->queue));
  gtk_window_present (f->window);
  wait_loaded (yc_case_queue_get_model (f->queue));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  spin (50);
  g_clear_pointer (&f->uuids, g_ptr_array_unref);
  g_clear_pointer (&f->activated, g_free);
  yc_store_fixture_tear_down (&f->s, NULL);
}

static void
test_rows_and_activation (Fixture       *f,
                          gconstpointer  data)
{
  YcCaseListModel *model = yc_case_queue_get_model (f->queue);
  GtkWidget *view = find_child (GTK_WIDGET (f->queue), GTK_TYPE_COLUMN_VIEW, 0);
  g_autoptr(YcCaseRow) row = NULL;

  /* Open parts, least time left first: all seven cases. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);
  g_assert_cmpstr (yc_case_queue_get_query (f->queue)->state, ==, "open");
  g_assert_nonnull (view);

  /* Drawn: each number is on a label of the view once. */
  spin (300);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(YcCaseRow) shown = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpuint (count_labels (view, yc_case_row_get_number (shown)), ==, 1);
    }

  /* Enter on row 2 (the view's "activate") names its case. */
  row = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_signal_emit_by_name (view, "activate", 2);
  g_assert_cmpstr (f->activated, ==, yc_case_row_get_uuid (row));
}

/* The drawn cell (its text made) showing @text, or NULL; cells not drawn are left so. */
static YcTextCell *
drawn_cell (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      YcTextCell *found;

      if (YC_IS_TEXT_CELL (child) && yc_text_cell_get_resolved (YC_TEXT_CELL (child))
          && g_strcmp0 (yc_text_cell_get_text (YC_TEXT_CELL (child)), text) == 0)
        return YC_TEXT_CELL (child);
      found = drawn_cell (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_for_row_read (YcCaseRow *row)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!yc_case_row_is_read (row) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (yc_case_row_is_read (row));
}

/* The cells of rows bound and not drawn have neither read their row nor made a text or a
 * name; drawn cells carry their texts as accessible names (the UI tests and screen readers
 * find rows by them), and rows scrolled into view get theirs when drawn. */
static void
test_cells_made_when_drawn (Fixture       *f,
                            gconstpointer  data)
{
  YcCaseListModel *model = yc_case_queue_get_model (f->queue);
  GtkWidget *view = find_child (GTK_WIDGET (f->queue), GTK_TYPE_COLUMN_VIEW, 0);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autoptr(YcCase) ours = yc_store_get_case (f->s.store, g_ptr_array_index (f->uuids, 0), NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  g_autoptr(YcCaseRow) first = NULL;
  g_autoptr(YcCaseRow) last = NULL;
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint n, unresolved = 0, named = 0;
  YcTextCell *cell;

  /* 127 rows: four pages, more than a window of 600 px shows, fewer than GTK binds. */
  for (guint i = 6; i < 126; i++)
    pull_copy (f, ours, i % 2 ? "W04" : "W05", i);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < 127 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  wait_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 127);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  wait_for_row_read (first);
  spin (300);

  collect (view, YC_TYPE_TEXT_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkAccessible *accessible = g_ptr_array_index (cells, i);

      if (!yc_text_cell_get_resolved (YC_TEXT_CELL (accessible)))
        {
          g_assert_false (gtk_test_accessible_has_property (accessible,
                                                            GTK_ACCESSIBLE_PROPERTY_LABEL));
          unresolved++;
        }
      else if (*yc_text_cell_get_text (YC_TEXT_CELL (accessible)) != '\0')
        {
          gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                               yc_text_cell_get_text (YC_TEXT_CELL (accessible)));
          named++;
        }
    }
  g_test_message ("%u cells: %u not drawn, %u named", cells->len, unresolved, named);
  /* GTK bound the rows below the window (their cells are there) and drew the first ones. */
  g_assert_cmpuint (unresolved, >, 0);
  g_assert_cmpuint (named, >, 0);
  g_assert_false (yc_case_row_is_read (last));
  cell = drawn_cell (view, yc_case_row_get_number (first));
  g_assert_nonnull (cell);

  /* Scrolled to the end: the last row is read when drawn, its cells named by their texts. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_for_row_read (last);
  until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((cell = drawn_cell (view, yc_case_row_get_number (last))) == NULL
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (cell);
  gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       yc_case_row_get_number (last));
  g_assert_nonnull (drawn_cell (view, yc_case_row_get_applicant_name (last)));
}

static void
test_filters_become_query (Fixture       *f,
                           gconstpointer  data)
{
  YcCaseListModel *model = yc_case_queue_get_model (f->queue);
  GtkEditable *entry = GTK_EDITABLE (find_child (GTK_WIDGET (f->queue), GTK_TYPE_SEARCH_ENTRY, 0));
  GtkColumnView *view = GTK_COLUMN_VIEW (find_child (GTK_WIDGET (f->queue), GTK_TYPE_COLUMN_VIEW, 0));
  GListModel *columns = gtk_column_view_get_columns (view);
  /* status, state, item, department, window, order */
  GtkDropDown *status = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 0));
  GtkDropDown *order = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 5));

  /* Search: the text goes to SQL; one applicant matches. */
  gtk_editable_set_text (entry, "applicant 3");
  spin (400);  /* the search entry's delay */
  wait_loaded (model);
  g_assert_cmpstr (yc_case_queue_get_query (f->queue)->text, ==, "applicant 3");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  gtk_editable_set_text (entry, "");
  spin (400);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);

  /* Status: "red" (entry 1) → the query's deadline status. */
  gtk_drop_down_set_selected (status, 1);
  wait_loaded (model);
  g_assert_cmpstr (yc_case_queue_get_query (f->queue)->deadline_status, ==, "red");
  gtk_drop_down_set_selected (status, 0);
  wait_loaded (model);
  g_assert_null (yc_case_queue_get_query (f->queue)->deadline_status);

  /* A click on "Accepted on" twice: accepted latest first, shown in the order drop-down. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Accepted on") != 0)
        continue;
      gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      wait_loaded (model);
      g_assert_cmpint (yc_case_queue_get_query (f->queue)->sort, ==, YC_CASE_SORT_ACCEPTED_DESC);
      g_assert_cmpuint (gtk_drop_down_get_selected (order), ==, 2);
      gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
      wait_loaded (model);
      g_assert_cmpint (yc_case_queue_get_query (f->queue)->sort, ==, YC_CASE_SORT_ACCEPTED);
    }
  g_assert_cmpint (yc_case_queue_get_query (f->queue)->sort, ==, YC_CASE_SORT_ACCEPTED);

  /* The order drop-down's "age" has no header; the model sorts by it. */
  gtk_drop_down_set_selected (order, 4);
  wait_loaded (model);
  g_assert_cmpint (yc_case_queue_get_query (f->queue)->sort, ==, YC_CASE_SORT_AGE);

  /* A query set from outside shows in the bar. */
  {
    g_autoptr(YcCaseQuery) query = yc_case_query_new ();

    query->deadline_status = g_strdup ("green");
    query->text = g_strdup ("HD01");
    yc_case_queue_set_query (f->queue, query);
    wait_loaded (model);
    g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, 3);
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "HD01");
    g_assert_cmpint (yc_case_queue_get_query (f->queue)->sort, ==, YC_CASE_SORT_DEADLINE);
  }
}

static void
test_board_filters (Fixture       *f,
                    gconstpointer  data)
{
  YcCaseListModel *model = yc_case_queue_get_model (f->queue);
  GtkDropDown *department = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 3));
  GtkDropDown *window = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 4));
  GListModel *windows;
  guint w04 = G_MAXUINT;

  g_assert_cmpint (yc_case_queue_get_mode (f->queue), ==, YC_CASE_QUEUE_BOARD);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (department)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* The windows offered are the store's: any, W03, W04, W05. */
  spin (300);
  windows = gtk_drop_down_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (windows), ==, 4);
  for (guint i = 0; i < 4; i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (windows), i), "W04"))
      w04 = i;
  g_assert_cmpuint (w04, <, 4);
  gtk_drop_down_set_selected (window, w04);
  wait_loaded (model);
  g_assert_cmpstr (yc_case_queue_get_query (f->queue)->window, ==, "W04");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
}

static void
test_review_scope (Fixture       *f,
                   gconstpointer  data)
{
  YcCaseListModel *model = yc_case_queue_get_model (f->queue);
  GtkDropDown *department = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 3));
  GtkDropDown *window = GTK_DROP_DOWN (find_child (GTK_WIDGET (f->queue), GTK_TYPE_DROP_DOWN, 4));
  g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  const char *mine[] = { yc_case_row_get_department (row), NULL };
  const char *other[] = { "elsewhere", NULL };

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (department)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  yc_case_queue_set_departments (f->queue, other);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  yc_case_queue_set_departments (f->queue, mine);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (department)));
}

int
main (int   argc,
      char *argv[])
{
  /* Accessible properties kept where a test can read them (tests/meson.build says none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/case-queue/rows-and-activation", Fixture, GINT_TO_POINTER (YC_CASE_QUEUE_REVIEW),
              fixture_set_up, test_rows_and_activation, fixture_tear_down);
  g_test_add ("/case-queue/cells-made-when-drawn", Fixture, GINT_TO_POINTER (YC_CASE_QUEUE_REVIEW),
              fixture_set_up, test_cells_made_when_drawn, fixture_tear_down);
  g_test_add ("/case-queue/filters-become-query", Fixture, GINT_TO_POINTER (YC_CASE_QUEUE_REVIEW),
              fixture_set_up, test_filters_become_query, fixture_tear_down);
  g_test_add ("/case-queue/board-filters", Fixture, GINT_TO_POINTER (YC_CASE_QUEUE_BOARD),
              fixture_set_up, test_board_filters, fixture_tear_down);
  g_test_add ("/case-queue/review-scope", Fixture, GINT_TO_POINTER (YC_CASE_QUEUE_REVIEW),
              fixture_set_up, test_review_scope, fixture_tear_down);
  return g_test_run ();
}
