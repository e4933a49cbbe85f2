/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-queue-private.h"
#include "yc-settings.h"

/*
 * The review queue (docs/review.md, "Queue"): the filter bar turns into a YcCaseQuery, the
 * model computes it off the main loop and the column view shows the rows it reads in
 * pages.  Nothing here sorts or filters rows itself: a million parts stay in SQLite.
 */

/* A filter drop-down and the code behind each of its entries (NULL: any). */
typedef struct {
  GtkDropDown *dropdown;
  GtkStringList *labels;
  GPtrArray   *codes;
} Choice;

struct _YcCaseQueue
{
  GtkWidget        parent_instance;

  YcStore         *store;
  YcCalendar      *calendar;
  YcCaseQueueMode  mode;
  YcCaseListModel *model;
  GStrv            departments;
  GCancellable    *cancellable;
  gboolean         updating;   /* the controls are being set from a query */
  gboolean         choices_wanted;  /* load the filter choices once the rows are in */

  GtkWidget       *filter_bar;
  GtkSearchEntry  *search_entry;
  Choice           status;
  Choice           state;
  Choice           subject;
  Choice           department;
  Choice           window;
  Choice           sort;
  GtkLabel        *summary;
  GtkColumnView   *view;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (YcCaseQueue, yc_case_queue, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (YcCaseQueueMode, yc_case_queue_mode,
  G_DEFINE_ENUM_VALUE (YC_CASE_QUEUE_REVIEW, "review"),
  G_DEFINE_ENUM_VALUE (YC_CASE_QUEUE_BOARD, "board"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_MODE,
  N_PROPS
};

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Choices */

static void
choice_init (Choice     *choice,
             const char *accessible_name)
{
  choice->labels = gtk_string_list_new (NULL);
  choice->codes = g_ptr_array_new_with_free_func (g_free);
  choice->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choice->labels)),
                                                       NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice->dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (choice->dropdown), accessible_name);
}

static void
choice_clear (Choice *choice)
{
  g_clear_object (&choice->labels);
  g_clear_pointer (&choice->codes, g_ptr_array_unref);
}

static void
choice_add (Choice     *choice,
            const char *code,
            const char *label)
{
  g_ptr_array_add (choice->codes, g_strdup (code));
  gtk_string_list_append (choice->labels, label);
}

static const char *
choice_get (Choice *choice)
{
  guint selected = gtk_drop_down_get_selected (choice->dropdown);

  return selected < choice->codes->len ? g_ptr_array_index (choice->codes, selected) : NULL;
}

/* Selects @code's entry; one not offered (yet) is added, so a query set from outside is
 * always shown as it is. */
static void
choice_set (Choice     *choice,
            const char *code)
{
  for (guint i = 0; i < choice->codes->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (choice->codes, i), code) == 0
          || (code != NULL && *code == '\0' && g_ptr_array_index (choice->codes, i) == NULL))
        {
          gtk_drop_down_set_selected (choice->dropdown, i);
          return;
        }
    }
  choice_add (choice, code, code);
  gtk_drop_down_set_selected (choice->dropdown, choice->codes->len - 1);
}

/* Replaces the entries after "any" with @pairs ((code, name) pairs), keeping the
 * selection. */
static void
choice_replace (Choice    *choice,
                GPtrArray *pairs)
{
  g_autofree char *selected = g_strdup (choice_get (choice));
  guint n = choice->codes->len;

  g_ptr_array_remove_range (choice->codes, 1, n - 1);
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    for (guint i = 0; i < pairs->len; i++)
      {
        char **pair = g_ptr_array_index (pairs, i);

        g_ptr_array_add (choice->codes, g_strdup (pair[0]));
        g_ptr_array_add (names, pair[1]);
      }
    g_ptr_array_add (names, NULL);
    gtk_string_list_splice (choice->labels, 1, n - 1, (const char * const *) names->pdata);
  }
  choice_set (choice, selected);
}

/* The query */

static YcCaseQuery *
query_from_controls (YcCaseQueue *self)
{
  YcCaseQuery *query = yc_case_query_new ();
  const char *sort = choice_get (&self->sort);

  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->deadline_status = g_strdup (choice_get (&self->status));
  query->state = g_strdup (choice_get (&self->state));
  query->subject_code = g_strdup (choice_get (&self->subject));
  query->department = g_strdup (choice_get (&self->department));
  query->window = g_strdup (choice_get (&self->window));
  if (sort == NULL || !yc_case_sort_from_string (sort, &query->sort))
    query->sort = YC_CASE_SORT_DEADLINE;
  return query;
}

static void
controls_changed (YcCaseQueue *self)
{
  g_autoptr(YcCaseQuery) query = NULL;

  if (self->updating)
    return;
  query = query_from_controls (self);
  /* The hall filter is not in the bar; a query set from outside keeps it. */
  if (yc_case_list_model_get_query (self->model) != NULL)
    query->hall = g_strdup (yc_case_list_model_get_query (self->model)->hall);
  self->updating = TRUE;
  yc_case_queue_show_sort (self->view, query->sort);
  self->updating = FALSE;
  yc_case_list_model_set_query (self->model, query);
}

static void
dropdown_changed_cb (GtkDropDown *dropdown,
                     GParamSpec  *pspec,
                     YcCaseQueue *self)
{
  controls_changed (self);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   YcCaseQueue    *self)
{
  controls_changed (self);
}

static void
header_sort_changed_cb (GtkSorter       *sorter,
                        GtkSorterChange  change,
                        YcCaseQueue     *self)
{
  YcCaseSort sort;

  if (self->updating)
    return;
  if (!yc_case_queue_header_sort (self->view, &sort))
    sort = YC_CASE_SORT_DEADLINE;
  self->updating = TRUE;
  choice_set (&self->sort, yc_case_sort_to_string (sort));
  self->updating = FALSE;
  controls_changed (self);
}

static void
update_summary (YcCaseQueue *self)
{
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (yc_case_list_model_get_loading (self->model))
    text = g_strdup (_("Loading cases…"));
  else if (yc_case_list_model_get_error (self->model) != NULL)
    text = g_strdup (yc_case_list_model_get_error (self->model)->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case part", "%u case parts", n), n);
  gtk_label_set_text (self->summary, text);
}

static void load_choices (YcCaseQueue *self);

static void
model_notify_cb (YcCaseListModel *model,
                 GParamSpec      *pspec,
                 YcCaseQueue     *self)
{
  update_summary (self);
  /* The choices scan every row too: after the rows, so that they do not delay them. */
  if (self->choices_wanted && !yc_case_list_model_get_loading (model))
    {
      self->choices_wanted = FALSE;
      load_choices (self);
    }
}

static void
choices_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Choice *choice = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = yc_case_list_model_list_choices_finish (YC_CASE_LIST_MODEL (source),
                                                                       result, &error);
  YcCaseQueue *self;

  if (pairs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }
  self = g_object_get_data (G_OBJECT (choice->dropdown), "yc-queue");
  self->updating = TRUE;
  choice_replace (choice, pairs);
  self->updating = FALSE;
}

static void
load_choices (YcCaseQueue *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  yc_case_list_model_list_choices_async (self->model, "subject", self->cancellable,
                                         choices_ready_cb, &self->subject);
  if (gtk_widget_get_visible (GTK_WIDGET (self->department.dropdown)))
    yc_case_list_model_list_choices_async (self->model, "department", self->cancellable,
                                           choices_ready_cb, &self->department);
  if (gtk_widget_get_visible (GTK_WIDGET (self->window.dropdown)))
    yc_case_list_model_list_choices_async (self->model, "window", self->cancellable,
                                           choices_ready_cb, &self->window);
}

static void
activate_cb (GtkColumnView *view,
             guint          position,
             YcCaseQueue   *self)
{
  g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row == NULL || *yc_case_row_get_uuid (row) == '\0')
    return;
  g_signal_emit (self, signals[CASE_ACTIVATED], 0, yc_case_row_get_uuid (row));
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  YcCaseQueue *self = YC_CASE_QUEUE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/* Building */

static void
build_filter_bar (YcCaseQueue *self)
{
  static const char * const states[] = {
    "accepted", "in_review", "returned", "supplemented", "approved", "rejected",
  };
  static const YcDeadlineState lights[] = { YC_DEADLINE_RED, YC_DEADLINE_YELLOW, YC_DEADLINE_GREEN };
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->filter_bar = bar;
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->search_entry), TRUE);
  g_object_set (self->search_entry, "placeholder-text",
                _("Number, applicant or item (Ctrl+F)"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search cases"), -1);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->search_entry));

  choice_init (&self->status, _("Deadline status"));
  choice_add (&self->status, NULL, _("Any deadline status"));
  for (guint i = 0; i < G_N_ELEMENTS (lights); i++)
    choice_add (&self->status, yc_deadline_state_to_string (lights[i]),
                yc_deadline_state_label (lights[i]));
  choice_add (&self->status, "none", _("No time limit"));

  choice_init (&self->state, _("State"));
  choice_add (&self->state, NULL, _("Any state"));
  choice_add (&self->state, "open", _("Not decided yet"));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      YcCaseState state;

      yc_case_state_from_string (states[i], &state);
      choice_add (&self->state, states[i], yc_case_state_label (state));
    }

  choice_init (&self->subject, _("Item"));
  choice_add (&self->subject, NULL, _("Any item"));
  choice_init (&self->department, _("Department"));
  choice_add (&self->department, NULL, _("Any department"));
  choice_init (&self->window, _("Window"));
  choice_add (&self->window, NULL, _("Any window"));

  choice_init (&self->sort, _("Order"));
  choice_add (&self->sort, "deadline", _("Least time left first"));
  choice_add (&self->sort, "accepted", _("Accepted earliest first"));
  choice_add (&self->sort, "accepted_desc", _("Accepted latest first"));
  choice_add (&self->sort, "number", _("By case number"));
  choice_add (&self->sort, "age", _("Untouched longest first"));

  {
    Choice *all[] = { &self->status, &self->state, &self->subject, &self->department,
                      &self->window, &self->sort };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_object_set_data (G_OBJECT (all[i]->dropdown), "yc-queue", self);
        gtk_box_append (GTK_BOX (bar), GTK_WIDGET (all[i]->dropdown));
      }
  }
  gtk_widget_set_parent (bar, GTK_WIDGET (self));
}

/* Adwaita gives every cell but a row's first a transparent 1 px left border (where
 * .column-separators draws a line); GTK 4.8 makes a border node of it all the same, and
 * the cairo renderer fills its four sides — a fifth of a jump frame's instructions for
 * some 260 cells a frame that show nothing.  Without separators the queue's cells have
 * that pixel as padding instead (Adwaita's 6 px + 1): the same layout, nothing to draw. */
static void
ensure_style (GdkDisplay *display)
{
  static const char css[] =
    "yc-case-queue columnview:not(.column-separators) > listview > row > cell:not(:first-child) {"
    " border-left-width: 0; padding-left: 7px; }";
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "yc-case-queue-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "yc-case-queue-style", g_steal_pointer (&provider),
                          g_object_unref);
}

static void
yc_case_queue_constructed (GObject *object)
{
  YcCaseQueue *self = (YcCaseQueue *)object;
  gboolean board = self->mode == YC_CASE_QUEUE_BOARD;
  g_autoptr(YcCaseQuery) query = yc_case_query_new ();
  GtkWidget *scrolled;

  G_OBJECT_CLASS (yc_case_queue_parent_class)->constructed (object);

  g_return_if_fail (YC_IS_STORE (self->store));
  g_return_if_fail (YC_IS_CALENDAR (self->calendar));

  self->model = yc_case_list_model_new (self->store, self->calendar);
  yc_case_list_model_set_yellow_threshold (self->model, yc_settings_yellow_threshold ());
  build_filter_bar (self);
  gtk_widget_set_visible (GTK_WIDGET (self->department.dropdown), board);
  gtk_widget_set_visible (GTK_WIDGET (self->window.dropdown), board);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->summary), GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection))));
  gtk_column_view_set_show_column_separators (self->view, FALSE);
  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  board ? _("Cases of the hall") : _("Review queue"), -1);
  yc_case_queue_add_columns (self->view, board);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_parent (scrolled, GTK_WIDGET (self));

  g_signal_connect (self->view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect (gtk_column_view_get_sorter (self->view), "changed",
                    G_CALLBACK (header_sort_changed_cb), self);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  {
    Choice *all[] = { &self->status, &self->state, &self->subject, &self->department,
                      &self->window, &self->sort };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      g_signal_connect (all[i]->dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb),
                        self);
  }
  g_signal_connect (self->model, "notify::loading", G_CALLBACK (model_notify_cb), self);
  g_signal_connect (self->model, "notify::n-items", G_CALLBACK (model_notify_cb), self);

  /* What a reviewer works on: the parts not decided yet, least time left first. */
  query->state = g_strdup ("open");
  self->choices_wanted = TRUE;
  yc_case_queue_set_query (self, query);
}

static void
yc_case_queue_dispose (GObject *object)
{
  YcCaseQueue *self = (YcCaseQueue *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  /* The view's sorter changes while its columns go. */
  if (self->view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->view), self);
      self->view = NULL;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (yc_case_queue_parent_class)->dispose (object);
}

static void
yc_case_queue_finalize (GObject *object)
{
  YcCaseQueue *self = (YcCaseQueue *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->departments, g_strfreev);
  choice_clear (&self->status);
  choice_clear (&self->state);
  choice_clear (&self->subject);
  choice_clear (&self->department);
  choice_clear (&self->window);
  choice_clear (&self->sort);

  G_OBJECT_CLASS (yc_case_queue_parent_class)->finalize (object);
}

static void
yc_case_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcCaseQueue *self = YC_CASE_QUEUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_queue_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcCaseQueue *self = YC_CASE_QUEUE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_queue_class_init (YcCaseQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_case_queue_constructed;
  object_class->dispose = yc_case_queue_dispose;
  object_class->finalize = yc_case_queue_finalize;
  object_class->get_property = yc_case_queue_get_property;
  object_class->set_property = yc_case_queue_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, YC_TYPE_CASE_QUEUE_MODE, YC_CASE_QUEUE_REVIEW,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcCaseQueue::case-activated:
   * @uuid: the case
   *
   * Enter or a double click on a row.
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, focus_search_cb, NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "yc-case-queue");
}

static void
yc_case_queue_init (YcCaseQueue *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

/**
 * yc_case_queue_new:
 *
 * Returns: (transfer floating): a new queue, showing the parts not decided yet
 */
GtkWidget *
yc_case_queue_new (YcStore         *store,
                   YcCalendar      *calendar,
                   YcCaseQueueMode  mode)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_CASE_QUEUE, "store", store, "calendar", calendar, "mode", mode,
                       NULL);
}

YcCaseQueueMode
yc_case_queue_get_mode (YcCaseQueue *self)
{
  g_return_val_if_fail (YC_IS_CASE_QUEUE (self), YC_CASE_QUEUE_REVIEW);
  return self->mode;
}

YcCaseListModel *
yc_case_queue_get_model (YcCaseQueue *self)
{
  g_return_val_if_fail (YC_IS_CASE_QUEUE (self), NULL);
  return self->model;
}

void
yc_case_queue_set_query (YcCaseQueue       *self,
                         const YcCaseQuery *query)
{
  g_autoptr(YcCaseQuery) shown = NULL;

  g_return_if_fail (YC_IS_CASE_QUEUE (self));

  shown = query != NULL ? yc_case_query_copy (query) : yc_case_query_new ();
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), shown->text != NULL ? shown->text : "");
  choice_set (&self->status, shown->deadline_status);
  choice_set (&self->state, shown->state);
  choice_set (&self->subject, shown->subject_code);
  choice_set (&self->department, shown->department);
  choice_set (&self->window, shown->window);
  choice_set (&self->sort, yc_case_sort_to_string (shown->sort));
  yc_case_queue_show_sort (self->view, shown->sort);
  self->updating = FALSE;
  yc_case_list_model_set_query (self->model, shown);
  update_summary (self);
}

const YcCaseQuery *
yc_case_queue_get_query (YcCaseQueue *self)
{
  g_return_val_if_fail (YC_IS_CASE_QUEUE (self), NULL);
  return yc_case_list_model_get_query (self->model);
}

void
yc_case_queue_refresh (YcCaseQueue *self)
{
  g_return_if_fail (YC_IS_CASE_QUEUE (self));

  yc_case_list_model_refresh (self->model);
  self->choices_wanted = TRUE;
}

void
yc_case_queue_set_departments (YcCaseQueue        *self,
                               const char * const *departments)
{
  g_return_if_fail (YC_IS_CASE_QUEUE (self));

  g_clear_pointer (&self->departments, g_strfreev);
  self->departments = g_strdupv ((GStrv) departments);
  yc_case_list_model_set_departments (self->model, departments);
  /* A reviewer of several departments may look at one of them. */
  if (self->mode == YC_CASE_QUEUE_REVIEW)
    gtk_widget_set_visible (GTK_WIDGET (self->department.dropdown),
                            departments == NULL || g_strv_length ((GStrv) departments) > 1);
  self->choices_wanted = TRUE;
}

char *
yc_case_queue_dup_selected_uuid (YcCaseQueue *self)
{
  YcCaseRow *row;

  g_return_val_if_fail (YC_IS_CASE_QUEUE (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL || *yc_case_row_get_uuid (row) == '\0')
    return NULL;
  return g_strdup (yc_case_row_get_uuid (row));
}
