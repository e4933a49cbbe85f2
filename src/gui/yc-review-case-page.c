/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-review-case-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-review-case-facts.h"
#include "yc-review-case-page-private.h"

/*
 * The page, its rows (yc-review-case-facts.c) and the viewer; the decisions and their
 * dialogs are in yc-review-decisions.c.  A reviewer may review for several departments;
 * the page acts for one part at a time (the dropdown shows when the case has more than one
 * part of theirs), and asks the case machine about that part only.  Files are read on a
 * worker thread or fetched (YcBlobFetcher): the main loop never waits for them.
 */

G_DEFINE_FINAL_TYPE (YcReviewCasePage, yc_review_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint yc_review_case_page_signals[YC_REVIEW_CASE_PAGE_N_SIGNALS];

void
yc_review_case_page_show_error (YcReviewCasePage *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_viewer_status (YcReviewCasePage *self,
                   const char       *status)
{
  gtk_label_set_text (self->viewer_status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->viewer_status), status != NULL && *status != '\0');
}

gboolean
yc_review_case_page_can (YcReviewCasePage *self,
                         YcOpKind          kind)
{
  const char *only[] = { NULL, NULL };
  YcActor actor = { NULL, YC_ROLE_REVIEWER, NULL, only };

  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), FALSE);

  if (self->case_doc == NULL || self->department == NULL || self->username == NULL
      || self->store == NULL || self->calendar == NULL || self->applying)
    return FALSE;
  /* The machine says yes when any part of the actor's departments allows it: ask it about
   * the one part acted for. */
  only[0] = self->department;
  actor.username = self->username;
  return yc_case_machine_can (self->case_doc, kind, &actor);
}

void
yc_review_case_page_update_actions (YcReviewCasePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "review.claim", yc_review_case_page_can (self, YC_OP_REVIEW_CLAIM));
  gtk_widget_action_set_enabled (widget, "review.release", yc_review_case_page_can (self, YC_OP_REVIEW_RELEASE));
  gtk_widget_action_set_enabled (widget, "review.approve", yc_review_case_page_can (self, YC_OP_REVIEW_APPROVE));
  gtk_widget_action_set_enabled (widget, "review.return", yc_review_case_page_can (self, YC_OP_REVIEW_RETURN));
  gtk_widget_action_set_enabled (widget, "review.reject", yc_review_case_page_can (self, YC_OP_REVIEW_REJECT));
}

static void
update_pending (YcReviewCasePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), self->pending);
}

/* The reviewer's parts in the case, and which one is acted for. */
static void
choose_department (YcReviewCasePage *self,
                   const char       *wanted)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *held = NULL, *claimable = NULL, *first = NULL;
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *keep = g_strdup (wanted);
  guint selected = 0;

  g_clear_pointer (&self->choices, g_strfreev);
  if (self->case_doc != NULL && self->departments != NULL)
    for (guint i = 0; i < self->case_doc->parts->len; i++)
      {
        YcCasePart *part = g_ptr_array_index (self->case_doc->parts, i);

        if (!g_strv_contains ((const char * const *) self->departments, part->department))
          continue;
        g_strv_builder_add (builder, part->department);
        if (first == NULL)
          first = part->department;
        if (held == NULL && g_strcmp0 (part->claimed_by, self->username) == 0)
          held = part->department;
        if (claimable == NULL && (part->state == YC_CASE_STATE_ACCEPTED || part->state == YC_CASE_STATE_SUPPLEMENTED))
          claimable = part->department;
      }
  self->choices = g_strv_builder_end (builder);
  if (keep == NULL || !g_strv_contains ((const char * const *) self->choices, keep))
    {
      g_free (keep);
      keep = g_strdup (held != NULL ? held : claimable != NULL ? claimable : first);
    }
  g_free (self->department);
  self->department = g_steal_pointer (&keep);

  names = gtk_string_list_new (NULL);
  for (guint i = 0; self->choices[i] != NULL; i++)
    {
      gtk_string_list_append (names, yc_review_case_facts_department_name (self->catalog, self->choices[i]));
      if (g_strcmp0 (self->choices[i], self->department) == 0)
        selected = i;
    }
  g_signal_handlers_block_matched (self->department_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->department_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->department_dropdown, selected);
  g_signal_handlers_unblock_matched (self->department_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_widget_set_visible (GTK_WIDGET (self->department_dropdown), g_strv_length (self->choices) > 1);
}

static void
department_selected_cb (GtkDropDown      *dropdown,
                        GParamSpec       *pspec,
                        YcReviewCasePage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->choices != NULL && selected < g_strv_length (self->choices))
    yc_review_case_page_set_department (self, self->choices[selected]);
}

static void
sync_state_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  YcReviewCasePage *self = source_object;
  YcCase *c = task_data;
  g_autofree char *day = yc_date_format_iso (&c->accepted_on);
  g_autoptr(GHashTable) states = NULL;
  GError *error = NULL;

  states = yc_store_list_sync_states (self->store, day, &error);
  if (states == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, g_strcmp0 (g_hash_table_lookup (states, c->uuid), "pending") == 0);
}

static void
sync_state_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  YcReviewCasePage *self = YC_REVIEW_CASE_PAGE (object);
  YcCase *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean pending = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot read the sync state of %s: %s", c->number, error->message);
      return;
    }
  if (self->case_doc == NULL || g_strcmp0 (self->case_doc->uuid, c->uuid) != 0)
    return;
  self->pending = pending;
  update_pending (self);
}

static void
load_sync_state (YcReviewCasePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->case_doc == NULL)
    return;
  task = g_task_new (self, self->cancellable, sync_state_cb, NULL);
  g_task_set_source_tag (task, load_sync_state);
  g_task_set_task_data (task, yc_case_ref (self->case_doc), (GDestroyNotify) yc_case_unref);
  g_task_run_in_thread (task, sync_state_thread);
}

static void
show_case (YcReviewCasePage *self)
{
  YcCase *c = self->case_doc;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  gtk_label_set_text (self->number_label, c != NULL ? c->number : "");
  gtk_label_set_text (self->state_label, c != NULL ? yc_case_state_label (c->state) : "");
  yc_review_case_facts_fill_summary (self->summary_list, c, self->catalog, self->calendar, &today);
  yc_review_case_facts_fill_parts (self->parts_list, c, self->catalog);
  yc_review_case_facts_fill_materials (self->materials_list, c);
  yc_review_case_facts_fill_notices (self->notices_list, c, self->catalog);
  yc_review_case_facts_fill_history (self->history_list, c);
  update_pending (self);
  yc_review_case_page_update_actions (self);
}

/* The viewer */

typedef struct {
  YcReviewCasePage *self;
  char             *name;
} ViewData;

static void
show_bytes (YcReviewCasePage *self,
            const char       *name,
            GBytes           *bytes)
{
  g_autoptr(GError) error = NULL;

  if (!yc_page_viewer_set_pdf (self->viewer, bytes, &error))
    {
      /* Translators: a material's name and why its file cannot be shown */
      g_autofree char *message = g_strdup_printf (_("The file of %s cannot be shown: %s"), name, error->message);

      set_viewer_status (self, message);
      return;
    }
  set_viewer_status (self, NULL);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ViewData *data = user_data;
  g_autoptr(YcReviewCasePage) self = data->self;
  g_autofree char *name = data->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_free (data);
  if (YC_IS_BLOB_FETCHER (object))
    bytes = yc_blob_fetcher_fetch_finish (YC_BLOB_FETCHER (object), result, &error);
  else
    bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      set_viewer_status (self, error->message);
      return;
    }
  show_bytes (self, name, bytes);
}

static void
read_local_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  YcReviewCasePage *self = source_object;
  GError *error = NULL;
  GBytes *bytes = yc_store_read_blob (self->store, task_data, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
yc_review_case_page_show_material (YcReviewCasePage *self,
                                   const char       *code)
{
  YcCaseMaterialVersion *material;
  ViewData *data;

  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));
  g_return_if_fail (code != NULL);

  material = self->case_doc != NULL ? yc_case_lookup_material (self->case_doc, code) : NULL;
  if (material == NULL || material->blob_sha256 == NULL)
    return;
  g_cancellable_cancel (self->viewer_cancellable);
  g_clear_object (&self->viewer_cancellable);
  self->viewer_cancellable = g_cancellable_new ();
  gtk_label_set_text (self->viewer_title, material->name);
  yc_page_viewer_set_pages (self->viewer, NULL);
  set_viewer_status (self, _("Opening the file…"));

  data = g_new0 (ViewData, 1);
  data->self = g_object_ref (self);
  data->name = g_strdup (material->name);
  if (self->fetcher != NULL)
    yc_blob_fetcher_fetch_async (self->fetcher, material->blob_sha256, self->viewer_cancellable,
                                 fetched_cb, data);
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->viewer_cancellable, fetched_cb, data);

      g_task_set_source_tag (task, yc_review_case_page_show_material);
      g_task_set_task_data (task, g_strdup (material->blob_sha256), g_free);
      g_task_run_in_thread (task, read_local_thread);
    }
}

static void
view_material_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  yc_review_case_page_show_material (YC_REVIEW_CASE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* Construction */

static GtkListBox *
add_section (GtkBox     *box,
             const char *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (box, label);
  gtk_box_append (box, list);
  return GTK_LIST_BOX (list);
}

static GtkWidget *
new_action_button (const char *label,
                   const char *action,
                   const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static void
build (YcReviewCasePage *self)
{
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *actions_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *facts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *viewer_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button;

  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_bottom (header, 6);
  self->number_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->number_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "title-3");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->number_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case number"), -1);
  gtk_box_append (GTK_BOX (title_row), GTK_WIDGET (self->number_label));
  self->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case state"), -1);
  gtk_box_append (GTK_BOX (title_row), GTK_WIDGET (self->state_label));
  self->pending_label = GTK_LABEL (gtk_label_new (_("Waiting to be sent to the back office")));
  gtk_widget_add_css_class (GTK_WIDGET (self->pending_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), FALSE);
  gtk_box_append (GTK_BOX (title_row), GTK_WIDGET (self->pending_label));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (title_row), spacer);

  self->department_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->department_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Department acted for"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->department_dropdown), FALSE);
  g_signal_connect (self->department_dropdown, "notify::selected", G_CALLBACK (department_selected_cb), self);
  gtk_box_append (GTK_BOX (actions_row), GTK_WIDGET (self->department_dropdown));

  gtk_box_append (GTK_BOX (actions_row), new_action_button (_("_Claim"), "review.claim", _("Claim the case")));
  gtk_box_append (GTK_BOX (actions_row), new_action_button (_("Re_lease"), "review.release", _("Release the case")));
  button = new_action_button (_("_Approve…"), "review.approve", _("Approve"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (actions_row), button);
  gtk_box_append (GTK_BOX (actions_row), new_action_button (_("Re_turn…"), "review.return",
                                                       _("Return for supplement")));
  button = new_action_button (_("Re_ject…"), "review.reject", _("Reject"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_box_append (GTK_BOX (actions_row), button);
  gtk_box_append (GTK_BOX (header), title_row);
  gtk_box_append (GTK_BOX (header), actions_row);
  gtk_box_append (GTK_BOX (root), header);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Decision error"), -1);
  gtk_box_append (GTK_BOX (root), GTK_WIDGET (self->error_label));

  gtk_widget_set_margin_start (facts, 12);
  gtk_widget_set_margin_end (facts, 12);
  gtk_widget_set_margin_bottom (facts, 12);
  self->summary_list = add_section (GTK_BOX (facts), _("Case"));
  self->parts_list = add_section (GTK_BOX (facts), _("Departments"));
  self->materials_list = add_section (GTK_BOX (facts), _("Materials"));
  self->notices_list = add_section (GTK_BOX (facts), _("Notices"));
  self->history_list = add_section (GTK_BOX (facts), _("History"));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), facts);
  gtk_widget_set_size_request (scroller, 300, -1);

  self->viewer_title = GTK_LABEL (gtk_label_new (_("No material open")));
  gtk_widget_add_css_class (GTK_WIDGET (self->viewer_title), "heading");
  gtk_box_append (GTK_BOX (viewer_box), GTK_WIDGET (self->viewer_title));
  self->viewer_status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->viewer_status, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->viewer_status), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->viewer_status), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Material file status"), -1);
  gtk_box_append (GTK_BOX (viewer_box), GTK_WIDGET (self->viewer_status));
  self->viewer = YC_PAGE_VIEWER (yc_page_viewer_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->viewer), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->viewer), TRUE);
  gtk_box_append (GTK_BOX (viewer_box), GTK_WIDGET (self->viewer));

  gtk_paned_set_start_child (GTK_PANED (paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (paned), viewer_box);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 380);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (root), paned);

  gtk_widget_set_parent (root, GTK_WIDGET (self));
}

static void
yc_review_case_page_dispose (GObject *object)
{
  YcReviewCasePage *self = (YcReviewCasePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->viewer_cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->viewer_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_review_case_page_parent_class)->dispose (object);
}

static void
yc_review_case_page_finalize (GObject *object)
{
  YcReviewCasePage *self = (YcReviewCasePage *)object;

  g_free (self->username);
  g_strfreev (self->departments);
  g_free (self->department);
  g_strfreev (self->choices);
  g_free (self->error);

  G_OBJECT_CLASS (yc_review_case_page_parent_class)->finalize (object);
}

static void
yc_review_case_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  YcReviewCasePage *self = YC_REVIEW_CASE_PAGE (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_review_case_page_class_init (YcReviewCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_review_case_page_dispose;
  object_class->finalize = yc_review_case_page_finalize;
  object_class->set_property = yc_review_case_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, flags);
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcReviewCasePage::changed:
   * @case_doc: the case after the decision
   *
   * A decision was applied to the case and kept in the outbox.
   */
  yc_review_case_page_signals[YC_REVIEW_CASE_PAGE_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);

  yc_review_case_page_install_decisions (widget_class);
  gtk_widget_class_install_action (widget_class, "review.view-material", "s", view_material_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reviewcasepage");
}

static void
yc_review_case_page_init (YcReviewCasePage *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
  yc_review_case_page_update_actions (self);
}

GtkWidget *
yc_review_case_page_new (YcStore    *store,
                         YcCalendar *calendar,
                         YcCatalog  *catalog)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);

  return g_object_new (YC_TYPE_REVIEW_CASE_PAGE, "store", store, "calendar", calendar,
                       "catalog", catalog, NULL);
}

void
yc_review_case_page_set_reviewer (YcReviewCasePage   *self,
                                  const char         *username,
                                  const char * const *departments)
{
  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));

  g_free (self->username);
  self->username = g_strdup (username);
  g_strfreev (self->departments);
  self->departments = g_strdupv ((char **) departments);
  choose_department (self, self->department);
  yc_review_case_page_update_actions (self);
}

void
yc_review_case_page_set_fetcher (YcReviewCasePage *self,
                                 YcBlobFetcher    *fetcher)
{
  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));
  g_return_if_fail (fetcher == NULL || YC_IS_BLOB_FETCHER (fetcher));

  g_set_object (&self->fetcher, fetcher);
}

void
yc_review_case_page_set_case (YcReviewCasePage *self,
                              YcCase           *case_doc)
{
  gboolean same;

  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));

  same = case_doc != NULL && self->case_doc != NULL && g_str_equal (case_doc->uuid, self->case_doc->uuid);
  if (case_doc != NULL)
    yc_case_ref (case_doc);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  self->case_doc = case_doc;
  if (!same)
    {
      self->pending = FALSE;
      yc_review_case_page_show_error (self, NULL);
      g_cancellable_cancel (self->viewer_cancellable);
      yc_page_viewer_set_pages (self->viewer, NULL);
      gtk_label_set_text (self->viewer_title, _("No material open"));
      set_viewer_status (self, NULL);
    }
  choose_department (self, same ? self->department : NULL);
  show_case (self);
  load_sync_state (self);
}

YcCase *
yc_review_case_page_get_case (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), NULL);
  return self->case_doc;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcReviewCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_store_get_case_finish (YC_STORE (object), result, &error);

  if (c == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        yc_review_case_page_show_error (self, error->message);
      return;
    }
  /* A decision being stored meanwhile brings its own document. */
  if (!self->applying)
    yc_review_case_page_set_case (self, c);
}

void
yc_review_case_page_load (YcReviewCasePage *self,
                          const char       *uuid)
{
  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));
  g_return_if_fail (uuid != NULL);

  yc_store_get_case_async (self->store, uuid, self->cancellable, loaded_cb, g_object_ref (self));
}

const char *
yc_review_case_page_get_department (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), NULL);
  return self->department;
}

void
yc_review_case_page_set_department (YcReviewCasePage *self,
                                    const char       *department)
{
  g_return_if_fail (YC_IS_REVIEW_CASE_PAGE (self));

  if (g_strcmp0 (department, self->department) == 0)
    return;
  choose_department (self, department);
  yc_review_case_page_update_actions (self);
}

YcPageViewer *
yc_review_case_page_get_viewer (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), NULL);
  return self->viewer;
}

const char *
yc_review_case_page_get_viewer_status (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), NULL);
  return gtk_label_get_text (self->viewer_status);
}

const char *
yc_review_case_page_get_error (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), NULL);
  return self->error;
}

gboolean
yc_review_case_page_is_pending (YcReviewCasePage *self)
{
  g_return_val_if_fail (YC_IS_REVIEW_CASE_PAGE (self), FALSE);
  return self->pending;
}
