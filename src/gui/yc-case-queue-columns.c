/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-queue"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-queue-private.h"
#include "yc-text-cell.h"

/*
 * The queue's columns.  Sorting happens in SQL (YcCaseListModel), never in a
 * GtkSortListModel: a header only says which order is wanted.  Each sortable column carries
 * a sorter that is never used to sort; yc_case_queue_header_sort() reads which of them the
 * view's sorter consults first, and in which direction.
 */

typedef char *(*TextFunc) (YcCaseRow *row);

typedef struct {
  const char *id;
  const char *title;       /* N_() */
  gboolean    board_only;
  gboolean    dot;         /* the text starts with a dot in the traffic light's colour */
  gboolean    expand;
  gboolean    sortable;
  YcCaseSort  ascending;
  YcCaseSort  descending;
  TextFunc    text;
  guint       chars;       /* the column's width in characters (its cells never measure text) */
  gboolean    unique;      /* its texts hardly ever repeat: not worth keeping shaped */
  guint       min_chars;   /* never narrower than this (0: 4 characters) */
} ColumnSpec;

/* Shaped texts kept per column (a few KB each): more than the distinct dates of a few
 * months, which of the repeating columns have the most different texts. */
#define SHAPED_PER_COLUMN 256

static char *
light_text (YcCaseRow *row)
{
  return g_strdup_printf ("● %s", yc_case_row_get_deadline_status_label (row));
}

static char *
number_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_number (row));
}

static char *
subject_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_subject_name (row));
}

static char *
applicant_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_applicant_name (row));
}

static char *
department_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_department_name (row));
}

static char *
window_text (YcCaseRow *row)
{
  const char *hall = yc_case_row_get_hall (row);
  const char *window = yc_case_row_get_window (row);

  if (hall == NULL || window == NULL)
    return g_strdup (window != NULL ? window : hall);
  return g_strdup_printf ("%s-%s", hall, window);
}

static char *
accepted_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_accepted_on (row));
}

static char *
deadline_text (YcCaseRow *row)
{
  const char *deadline = yc_case_row_get_deadline (row);

  /* Translators: the deadline column of a case without a time limit */
  return g_strdup (deadline != NULL ? deadline : C_("deadline", "None"));
}

static char *
remaining_text (YcCaseRow *row)
{
  int remaining = yc_case_row_get_remaining_days (row);

  if (!yc_case_row_get_deadline_state (row, NULL))
    return g_strdup ("");
  if (yc_case_row_get_paused (row))
    /* Translators: working days left on a clock that stands still (补正) */
    return g_strdup_printf (_("%d (paused)"), remaining);
  return g_strdup_printf ("%d", remaining);
}

static char *
state_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_part_state_label (row));
}

static char *
holder_text (YcCaseRow *row)
{
  return g_strdup (yc_case_row_get_claimed_by (row));
}

static char *
urges_text (YcCaseRow *row)
{
  guint urges = yc_case_row_get_open_urges (row);

  return urges > 0 ? g_strdup_printf ("%u", urges) : g_strdup ("");
}

static const ColumnSpec columns[] = {
  { "light", N_("Deadline status"), FALSE, TRUE, FALSE, TRUE,
    YC_CASE_SORT_DEADLINE, YC_CASE_SORT_DEADLINE, light_text, 8 },
  { "number", N_("Case number"), FALSE, FALSE, FALSE, TRUE,
    YC_CASE_SORT_NUMBER, YC_CASE_SORT_NUMBER, number_text, 24, TRUE, 24 },
  { "subject", N_("Item"), FALSE, FALSE, TRUE, FALSE, 0, 0, subject_text, 20 },
  { "applicant", N_("Applicant"), FALSE, FALSE, TRUE, FALSE, 0, 0, applicant_text, 12, TRUE },
  { "department", N_("Department"), TRUE, FALSE, FALSE, FALSE, 0, 0, department_text, 12 },
  { "window", N_("Window"), TRUE, FALSE, FALSE, FALSE, 0, 0, window_text, 10 },
  { "accepted", N_("Accepted on"), FALSE, FALSE, FALSE, TRUE,
    YC_CASE_SORT_ACCEPTED, YC_CASE_SORT_ACCEPTED_DESC, accepted_text, 11 },
  { "deadline", N_("Deadline"), FALSE, FALSE, FALSE, TRUE,
    YC_CASE_SORT_DEADLINE, YC_CASE_SORT_DEADLINE, deadline_text, 11 },
  { "remaining", N_("Working days left"), FALSE, FALSE, FALSE, TRUE,
    YC_CASE_SORT_DEADLINE, YC_CASE_SORT_DEADLINE, remaining_text, 10 },
  { "state", N_("State"), FALSE, FALSE, FALSE, FALSE, 0, 0, state_text, 10 },
  { "holder", N_("Held by"), FALSE, FALSE, FALSE, FALSE, 0, 0, holder_text, 10 },
  { "urges", N_("Urges"), FALSE, FALSE, FALSE, FALSE, 0, 0, urges_text, 4 },
};

/* The dot's colour as attributes made once per light: binding a row sets plain text and
 * these, with no markup to parse (a jump through the list binds every visible row). */
PangoAttrList *
yc_case_queue_light_attributes (YcCaseRow *row)
{
  static PangoAttrList *lists[4];
  static const guint16 colours[4][3] = {
    { 0x9a9a, 0x9999, 0x9696 },  /* no clock: grey */
    { 0x2626, 0xa2a2, 0x6969 },  /* green */
    { 0xc8c8, 0x8888, 0x0000 },  /* yellow */
    { 0xc0c0, 0x1c1c, 0x2828 },  /* red */
  };
  YcDeadlineState state;
  guint index = 0;

  g_return_val_if_fail (YC_IS_CASE_ROW (row), NULL);

  if (yc_case_row_get_deadline_state (row, &state))
    index = state == YC_DEADLINE_RED ? 3 : state == YC_DEADLINE_YELLOW ? 2 : 1;
  if (lists[index] == NULL)
    {
      PangoAttrList *list = pango_attr_list_new ();
      PangoAttribute *colour = pango_attr_foreground_new (colours[index][0], colours[index][1],
                                                          colours[index][2]);

      colour->start_index = 0;
      colour->end_index = strlen ("●");
      pango_attr_list_insert (list, colour);
      lists[index] = list;
    }
  return lists[index];
}

/* A column's factory: its spec and the texts its cells have shaped lately. */
typedef struct {
  const ColumnSpec *spec;
  YcTextCache      *cache;   /* keeping no texts for a column of unique ones */
} ColumnCells;

static void
column_cells_free (gpointer  data,
                   GClosure *closure)
{
  ColumnCells *cells = data;

  g_clear_pointer (&cells->cache, yc_text_cache_unref);
  g_free (cells);
}

/* A cell is a YcTextCell: its size does not depend on its text, so a jump through the list
 * binds new rows without measuring their text and without the columns changing width, and
 * a text the column showed lately (an item, a date, a state) is drawn as it was, neither
 * shaped nor made into render nodes again.  Binding only hands the cell its row: GTK 4.8
 * binds some 200 rows around a jump's anchor and draws thirty, so the row is read (a page
 * at a time, yc_case_row_new_pending()), its text made and the cell named by it (its
 * accessible name, as a label's) only when the cell is drawn. */
static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ColumnCells              *cells)
{
  const ColumnSpec *spec = cells->spec;

  /* A squeezed case number would lose its date and sequence, the part that tells cases of
   * a window apart: the number column gives way last, and never below the whole number. */
  gtk_list_item_set_child (item, yc_text_cell_new (cells->cache,
                                                   spec->min_chars > 0 ? spec->min_chars : MIN (spec->chars, 4),
                                                   spec->chars));
}

static char *
resolve_cb (gpointer        item,
            PangoAttrList **attrs,
            gconstpointer   user_data)
{
  const ColumnSpec *spec = user_data;
  YcCaseRow *row = item;

  if (spec->dot)
    *attrs = yc_case_queue_light_attributes (row);
  return spec->text (row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         ColumnCells              *cells)
{
  yc_text_cell_set_item (YC_TEXT_CELL (gtk_list_item_get_child (item)),
                         gtk_list_item_get_item (item), resolve_cb, cells->spec);
}

/* The sorters of the headers: never asked to sort anything but the probe below. */
static GObject *probe_first;
static int probe_hit = -1;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  probe_hit = GPOINTER_TO_INT (user_data);
  /* "first before second", so that the view's sorter stops at its primary column and its
   * answer says the direction, whether it inverts by swapping or by negating. */
  return a == probe_first ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

void
yc_case_queue_add_columns (GtkColumnView *view,
                           gboolean       board)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const ColumnSpec *spec = &columns[i];
      GtkListItemFactory *factory;
      ColumnCells *cells;
      g_autoptr(GtkColumnViewColumn) column = NULL;

      if (spec->board_only && !board)
        continue;
      factory = gtk_signal_list_item_factory_new ();
      cells = g_new0 (ColumnCells, 1);
      cells->spec = spec;
      cells->cache = yc_text_cache_new (spec->unique ? 0 : SHAPED_PER_COLUMN);
      g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), cells, NULL, 0);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cb), cells,
                             column_cells_free, 0);
      column = gtk_column_view_column_new (_(spec->title), factory);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      g_object_set_data (G_OBJECT (column), "yc-column", (gpointer) spec);
      if (spec->sortable)
        {
          g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare,
                                                                          GINT_TO_POINTER (i),
                                                                          NULL));

          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (view, column);
    }
}

gboolean
yc_case_queue_header_sort (GtkColumnView *view,
                           YcCaseSort    *out_sort)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  g_autoptr(GObject) second = NULL;
  const ColumnSpec *spec;
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), FALSE);

  if (sorter == NULL)
    return FALSE;
  /* Ask the view's sorter to compare two objects and see which column sorter it consults
   * first; whether it swapped them gives the direction. */
  if (probe_first == NULL)
    probe_first = g_object_new (G_TYPE_OBJECT, NULL);
  second = g_object_new (G_TYPE_OBJECT, NULL);
  probe_hit = -1;
  ordering = gtk_sorter_compare (sorter, probe_first, second);
  if (probe_hit < 0 || probe_hit >= (int) G_N_ELEMENTS (columns))
    return FALSE;
  spec = &columns[probe_hit];
  *out_sort = ordering == GTK_ORDERING_LARGER ? spec->descending : spec->ascending;
  return TRUE;
}

void
yc_case_queue_show_sort (GtkColumnView *view,
                         YcCaseSort     sort)
{
  GListModel *view_columns = gtk_column_view_get_columns (view);
  guint n = g_list_model_get_n_items (view_columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      const ColumnSpec *spec = g_object_get_data (G_OBJECT (column), "yc-column");

      if (spec == NULL || !spec->sortable)
        continue;
      if (spec->ascending == sort)
        {
          gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
          return;
        }
      if (spec->descending == sort)
        {
          gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
          return;
        }
    }
  /* An order no header stands for (age): no header shows one. */
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
}
