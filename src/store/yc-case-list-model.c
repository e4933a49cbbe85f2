/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-list-model.h"
#include "yc-case-list-query-private.h"
#include "yc-case-machine.h"
#include "yc-case-row-private.h"

/*
 * Memory for a million rows: the order is one array of 64-bit row ids (8 MB); rows exist
 * only for the pages a view asked for lately (CACHE_PAGES × PAGE_SIZE objects), and are
 * read only when something of them is asked for (yc_case_row_new_pending()).
 */
#define PAGE_SIZE   32
#define CACHE_PAGES 48

struct _YcCaseListModel
{
  GObject       parent_instance;

  YcStore      *store;
  YcCalendar   *calendar;
  YcCaseQuery  *query;
  GStrv         scope;
  GDate         fixed_today;  /* invalid: the local today */
  guint         threshold;

  /* The current order, and the day it was evaluated for (rows are evaluated alike). */
  GArray       *rowids;
  YcCaseEval    eval;
  GHashTable   *department_names;

  /* page index → GPtrArray of YcCaseRow (read when first asked for); most recent first */
  GHashTable   *pages;
  GQueue        recent;

  /* Main-thread reads; the worker has its own connection. */
  YcDatabase   *reader;
  YcCaseListWorker *worker;
  /* The filter bar's choices scan every row too: on a connection of their own, so that
   * they never hold up an order. */
  YcCaseListWorker *choices_worker;

  GCancellable *cancellable;
  guint         serial;
  gboolean      loading;
  gboolean      again;        /* a refresh was asked for while computing */
  guint         item_reads;   /* get_item calls, for the log */
  GError       *error;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YcCaseListModel, yc_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_QUERY,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_ITEM_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_computation (YcCaseListModel *self,
                               gboolean         refresh);

/* The GListModel */

static GType
list_model_get_item_type (GListModel *model)
{
  return YC_TYPE_CASE_ROW;
}

static guint
list_model_get_n_items (GListModel *model)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (model);

  return self->rowids != NULL ? self->rowids->len : 0;
}

static gboolean
ensure_reader (YcCaseListModel *self)
{
  g_autoptr(GError) error = NULL;

  if (self->reader != NULL)
    return TRUE;
  self->reader = yc_case_list_open_reader (self->store, &error);
  if (self->reader == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
touch_page (YcCaseListModel *self,
            guint            page)
{
  GList *link = g_queue_find (&self->recent, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->recent, link);
  else
    link = g_list_alloc ();
  link->data = GUINT_TO_POINTER (page);
  g_queue_push_head_link (&self->recent, link);
  while (self->recent.length > CACHE_PAGES)
    {
      guint old = GPOINTER_TO_UINT (g_queue_pop_tail (&self->recent));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (old));
    }
}

/* How a row handed out unread reads itself: through the model, if it is still there, in
 * the model's current day and department names. */
static gboolean
read_pending_row (gint64         rowid,
                  YcCaseRowData *data,
                  gpointer       user_data)
{
  g_autoptr(YcCaseListModel) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;

  if (self == NULL || !ensure_reader (self))
    return FALSE;
  if (yc_case_list_read_row_data (self->reader, rowid, &self->eval, self->department_names, data,
                                  &error))
    return TRUE;
  if (error != NULL)
    g_warning ("%s", error->message);
  return FALSE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A page of rows that read themselves, all together, when a view first asks one of them
 * for anything (one read of PAGE_SIZE rows by primary key costs well under a
 * millisecond): GTK 4.8's list view binds some 200 rows around a jump's anchor and draws
 * thirty, and the cells read their rows only when drawn (docs/review.md, "The widget"). */
static GPtrArray *
pending_page (YcCaseListModel *self,
              guint            page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint first = page * PAGE_SIZE;
  guint last = MIN (first + PAGE_SIZE, self->rowids->len);
  GWeakRef *model = g_new (GWeakRef, 1);
  YcCaseRowBatch *batch;

  g_weak_ref_init (model, self);
  batch = yc_case_row_batch_new (read_pending_row, model, weak_ref_free);
  for (guint position = first; position < last; position++)
    g_ptr_array_add (rows, yc_case_row_new_pending (batch, g_array_index (self->rowids, gint64,
                                                                          position)));
  yc_case_row_batch_unref (batch);
  return rows;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (model);
  GPtrArray *rows;
  guint page;

  if (self->rowids == NULL || position >= self->rowids->len)
    return NULL;
  self->item_reads++;

  page = position / PAGE_SIZE;
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    {
      rows = pending_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
    }
  touch_page (self, page);
  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* GObject */

static void
yc_case_list_model_dispose (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->dispose (object);
}

static void
yc_case_list_model_finalize (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->query, yc_case_query_free);
  g_clear_pointer (&self->scope, g_strfreev);
  g_clear_pointer (&self->rowids, g_array_unref);
  yc_case_eval_clear (&self->eval);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->recent);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->worker, yc_case_list_worker_unref);
  g_clear_pointer (&self->choices_worker, yc_case_list_worker_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->finalize (object);
}

static void
yc_case_list_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, YC_TYPE_CASE_ROW);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_list_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  YcCaseListModel *self = YC_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      yc_case_list_model_set_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cases_changed_cb (YcStore         *store,
                  GStrv            uuids,
                  YcCaseListModel *self)
{
  if (self->query != NULL)
    yc_case_list_model_refresh (self);
}

static void
yc_case_list_model_constructed (GObject *object)
{
  YcCaseListModel *self = (YcCaseListModel *)object;

  G_OBJECT_CLASS (yc_case_list_model_parent_class)->constructed (object);

  g_return_if_fail (YC_IS_STORE (self->store));
  g_return_if_fail (YC_IS_CALENDAR (self->calendar));
  self->worker = yc_case_list_worker_new (self->store);
  self->choices_worker = yc_case_list_worker_new (self->store);
  g_signal_connect (self->store, "cases-changed", G_CALLBACK (cases_changed_cb), self);
}

static void
yc_case_list_model_class_init (YcCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_case_list_model_dispose;
  object_class->finalize = yc_case_list_model_finalize;
  object_class->get_property = yc_case_list_model_get_property;
  object_class->set_property = yc_case_list_model_set_property;
  object_class->constructed = yc_case_list_model_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL, YC_TYPE_CASE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_list_model_init (YcCaseListModel *self)
{
  self->threshold = YC_CASE_YELLOW_THRESHOLD_DEFAULT;
  g_date_clear (&self->fixed_today, 1);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->recent);
}

/**
 * yc_case_list_model_new:
 *
 * Returns: (transfer full): an empty model; set a query to fill it
 */
YcCaseListModel *
yc_case_list_model_new (YcStore    *store,
                        YcCalendar *calendar)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_CASE_LIST_MODEL, "store", store, "calendar", calendar, NULL);
}

YcStore *
yc_case_list_model_get_store (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  return self->store;
}

YcCalendar *
yc_case_list_model_get_calendar (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  return self->calendar;
}

/* The computation */

/* What a computation's callback needs: the model only if it is still there. */
typedef struct {
  GWeakRef model;
  guint    serial;
  gboolean refresh;
} Pending;

static void
pending_free (Pending *pending)
{
  g_weak_ref_clear (&pending->model);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
set_loading (YcCaseListModel *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
page_has_read_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (yc_case_row_is_read (g_ptr_array_index (rows, i)))
      return TRUE;
  return FALSE;
}

/* Rows of the cached pages that show something else now are replaced and announced; the
 * order is the same. */
static void
refresh_cached_rows (YcCaseListModel *self)
{
  g_autoptr(GList) pages = g_hash_table_get_keys (self->pages);

  if (!ensure_reader (self))
    return;
  for (GList *l = pages; l != NULL; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);
      GPtrArray *old_rows = g_hash_table_lookup (self->pages, l->data);
      g_autoptr(GPtrArray) new_rows = NULL;

      if (page * PAGE_SIZE >= self->rowids->len)
        {
          g_hash_table_remove (self->pages, l->data);
          g_queue_remove (&self->recent, l->data);
          continue;
        }
      /* A row not read yet shows nothing: it reads what is there now when it is drawn. */
      if (!page_has_read_rows (old_rows))
        continue;
      /* Read now, a page at a time, by comparing them. */
      new_rows = pending_page (self, page);
      for (guint i = 0; i < new_rows->len && i < old_rows->len; i++)
        {
          YcCaseRow *old_row = g_ptr_array_index (old_rows, i);

          if (!yc_case_row_is_read (old_row)
              || yc_case_row_equal (old_row, g_ptr_array_index (new_rows, i)))
            continue;
          g_set_object ((YcCaseRow **) &old_rows->pdata[i], g_ptr_array_index (new_rows, i));
          g_list_model_items_changed (G_LIST_MODEL (self), page * PAGE_SIZE + i, 1, 1);
        }
    }
}

/* GTK 4.8's list views look at every added item for one of the removed rows' widgets to
 * reuse: replacing a million rows in one emission reads a million rows (measured: 20,000
 * replaced rows, 20,410 reads, 2 s).  A large replacement is therefore announced as the
 * removal, then the addition, in the same main-loop iteration (no frame in between). */
#define SPLIT_ANNOUNCE 512

static void
announce (YcCaseListModel *self,
          guint            position,
          guint            removed,
          guint            added)
{
  if (removed > 0 && added > SPLIT_ANNOUNCE)
    {
      GArray *rowids = g_steal_pointer (&self->rowids);
      g_autoptr(GArray) before = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                                    rowids->len - added);

      /* What the view sees between the two: the new list without the added rows. */
      g_array_append_vals (before, rowids->data, position);
      g_array_append_vals (before, &g_array_index (rowids, gint64, position + added),
                           rowids->len - position - added);
      self->rowids = before;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
      self->rowids = rowids;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      return;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
drop_pages (YcCaseListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(YcCaseListModel) self = g_weak_ref_get (&pending->model);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCaseListJob) computation = yc_case_list_worker_compute_finish (result, &error);
  g_autoptr(GArray) old = NULL;
  guint old_n, new_n, prefix = 0, suffix = 0;
  gint64 shown_at;
  guint item_reads;

  if (self == NULL)
    return;
  if (computation == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (pending->serial == self->serial)
        {
          /* Reported through the "loading" notification and get_error(); the view says it. */
          g_debug ("%s", error->message);
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          set_loading (self, FALSE);
        }
      return;
    }
  if (pending->serial != self->serial)
    return;

  shown_at = g_get_monotonic_time ();
  item_reads = self->item_reads;
  g_clear_error (&self->error);
  if (computation->department_names != NULL)
    {
      g_clear_pointer (&self->department_names, g_hash_table_unref);
      self->department_names = g_steal_pointer (&computation->department_names);
    }
  old = g_steal_pointer (&self->rowids);
  self->rowids = g_steal_pointer (&computation->rowids);
  yc_case_eval_clear (&self->eval);
  yc_case_eval_copy (&self->eval, &computation->eval);
  old_n = old != NULL ? old->len : 0;
  new_n = self->rowids->len;

  if (pending->refresh && old != NULL)
    {
      /* Keep what did not move: the same ids at the start and at the end. */
      while (prefix < old_n && prefix < new_n
             && g_array_index (old, gint64, prefix) == g_array_index (self->rowids, gint64, prefix))
        prefix++;
      while (suffix < old_n - prefix && suffix < new_n - prefix
             && g_array_index (old, gint64, old_n - 1 - suffix)
                == g_array_index (self->rowids, gint64, new_n - 1 - suffix))
        suffix++;
      if (prefix == old_n && prefix == new_n)
        refresh_cached_rows (self);
      else
        {
          /* Pages after the change hold other positions now. */
          drop_pages (self);
          announce (self, prefix, old_n - prefix - suffix, new_n - prefix - suffix);
        }
    }
  else
    {
      drop_pages (self);
      if (old_n > 0 || new_n > 0)
        announce (self, 0, old_n, new_n);
    }
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_debug ("order of %u rows: %.1f ms on the worker, %.1f ms to announce (%u items read)",
           new_n, computation->worker_us / 1000.0, (g_get_monotonic_time () - shown_at) / 1000.0,
           self->item_reads - item_reads);

  if (self->again)
    {
      self->again = FALSE;
      start_computation (self, TRUE);
      return;
    }
  set_loading (self, FALSE);
}

static void
get_today (YcCaseListModel *self,
           GDate           *today)
{
  g_autoptr(GDateTime) now = NULL;
  int year, month, day;

  if (g_date_valid (&self->fixed_today))
    {
      *today = self->fixed_today;
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
start_computation (YcCaseListModel *self,
                   gboolean         refresh)
{
  YcCaseListJob *computation;
  Pending *pending;
  GDate today;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->serial++;
  self->again = FALSE;

  get_today (self, &today);
  computation = g_new0 (YcCaseListJob, 1);
  computation->query = yc_case_query_copy (self->query);
  computation->scope = g_strdupv (self->scope);
  /* The catalog's names, once per model: reading the catalog is not free. */
  computation->want_names = self->department_names == NULL;
  yc_case_eval_init (&computation->eval, self->calendar, &today, self->threshold);
  pending = g_new0 (Pending, 1);
  g_weak_ref_init (&pending->model, self);
  pending->serial = self->serial;
  pending->refresh = refresh;

  yc_case_list_worker_compute_async (self->worker, computation, self->cancellable,
                                     compute_done_cb, pending);
  set_loading (self, TRUE);
}

void
yc_case_list_model_set_query (YcCaseListModel   *self,
                              const YcCaseQuery *query)
{
  g_autoptr(YcCaseQuery) new_query = NULL;

  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  new_query = query != NULL ? yc_case_query_copy (query) : yc_case_query_new ();
  if (self->query != NULL && yc_case_query_equal (self->query, new_query))
    return;
  g_clear_pointer (&self->query, yc_case_query_free);
  self->query = g_steal_pointer (&new_query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  start_computation (self, FALSE);
}

const YcCaseQuery *
yc_case_list_model_get_query (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  return self->query;
}

/**
 * yc_case_list_model_refresh:
 *
 * Recomputes the current query.  While a computation runs, one more follows it, so that a
 * burst of changes (a pull of many pages) costs at most two.
 */
void
yc_case_list_model_refresh (YcCaseListModel *self)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (self->query == NULL)
    {
      yc_case_list_model_set_query (self, NULL);
      return;
    }
  if (self->loading)
    self->again = TRUE;
  else
    start_computation (self, TRUE);
}

gboolean
yc_case_list_model_get_loading (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), FALSE);
  return self->loading;
}

const GError *
yc_case_list_model_get_error (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  return self->error;
}

static void
recompute_if_set (YcCaseListModel *self)
{
  if (self->query != NULL)
    start_computation (self, TRUE);
}

void
yc_case_list_model_set_departments (YcCaseListModel    *self,
                                    const char * const *departments)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (self->scope == NULL && departments == NULL)
    return;
  if (self->scope != NULL && departments != NULL
      && g_strv_equal ((const char * const *) self->scope, departments))
    return;
  g_clear_pointer (&self->scope, g_strfreev);
  self->scope = g_strdupv ((GStrv) departments);
  /* Other rows altogether: not a refresh that keeps them. */
  if (self->query != NULL)
    start_computation (self, FALSE);
}

const char * const *
yc_case_list_model_get_departments (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  return (const char * const *) self->scope;
}

void
yc_case_list_model_set_today (YcCaseListModel *self,
                              const GDate     *today)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));
  g_return_if_fail (today == NULL || g_date_valid (today));

  if (today != NULL)
    self->fixed_today = *today;
  else
    g_date_clear (&self->fixed_today, 1);
  recompute_if_set (self);
}

void
yc_case_list_model_set_yellow_threshold (YcCaseListModel *self,
                                         guint            threshold)
{
  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));

  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  recompute_if_set (self);
}

guint
yc_case_list_model_get_yellow_threshold (YcCaseListModel *self)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), YC_CASE_YELLOW_THRESHOLD_DEFAULT);
  return self->threshold;
}

/**
 * yc_case_list_model_find:
 *
 * One indexed read of the case's parts and a scan of the computed ids: fine on the main
 * loop even for a million rows (a few milliseconds).
 *
 * Returns: the position of the first part of case @uuid, or %G_MAXUINT
 */
guint
yc_case_list_model_find (YcCaseListModel *self,
                         const char      *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) wanted = NULL;

  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (uuid != NULL, G_MAXUINT);

  if (self->rowids == NULL || !ensure_reader (self))
    return G_MAXUINT;
  wanted = yc_case_list_rowids_of_case (self->reader, uuid, &error);
  if (wanted == NULL)
    {
      g_warning ("%s", error->message);
      return G_MAXUINT;
    }
  for (guint position = 0; wanted->len > 0 && position < self->rowids->len; position++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, position);

      for (guint i = 0; i < wanted->len; i++)
        if (g_array_index (wanted, gint64, i) == rowid)
          return position;
    }
  return G_MAXUINT;
}

/* Choices */

static void
choices_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *choices = yc_case_list_worker_choices_finish (result, &error);

  if (choices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, choices, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * yc_case_list_model_list_choices_async:
 *
 * Computed on a worker of its own, within the model's scope of departments.
 */
void
yc_case_list_model_list_choices_async (YcCaseListModel     *self,
                                       const char          *column,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_CASE_LIST_MODEL (self));
  g_return_if_fail (column != NULL);

  /* This task (which holds the model) never goes to a thread: the worker's does, so the
   * model is released here, on its own thread. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_case_list_model_list_choices_async);
  yc_case_list_worker_choices_async (self->choices_worker, column, (const char * const *) self->scope,
                                     cancellable, choices_done_cb, task);
}

GPtrArray *
yc_case_list_model_list_choices_finish (YcCaseListModel  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (YC_IS_CASE_LIST_MODEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
