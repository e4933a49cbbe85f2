/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-problems-view"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-problem-text.h"
#include "yc-problems-view.h"

/*
 * The sync problems (同步问题): the operations the back office refused and the ones that
 * lost a conflict, each with its case, what was attempted, why in plain words, what to do,
 * and the content that did not get through — never dropped.  Retry queues the change again
 * (a new op at the case's current version); discard asks first, naming what is given up,
 * and keeps the problem as resolved.
 *
 * The rows are a GtkListBox: problems are few (each waits for a person), and each row is an
 * expander with its own buttons.
 */

struct _YcProblemsView
{
  AdwWindow        parent_instance;

  YcStore         *store;
  YcSyncEngine    *engine;
  char            *username;
  GCancellable    *cancellable;
  GPtrArray       *problems;   /* YcSyncProblem*, as shown */
  gulong           problems_id;

  GtkStack        *stack;
  GtkListBox      *list_box;
  GtkToggleButton *resolved_button;
  AdwToastOverlay *toast_overlay;
};

G_DEFINE_FINAL_TYPE (YcProblemsView, yc_problems_view, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  PROP_USERNAME,
  N_PROPS
};

enum {
  LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const YcSyncProblem *
find_problem (YcProblemsView *self,
              gint64          id)
{
  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      const YcSyncProblem *problem = g_ptr_array_index (self->problems, i);
      if (problem->id == id)
        return problem;
    }
  return NULL;
}

static char *
case_label (const YcSyncProblem *problem)
{
  if (problem->case_number != NULL)
    return g_strdup (problem->case_number);
  /* Translators: a case without a number yet; %s: the start of its UUID */
  return g_strdup_printf (_("Case %.8s…"), problem->case_uuid);
}

static char *
pretty_payload (const char *payload)
{
  g_autoptr(JsonNode) node = NULL;

  if (payload == NULL)
    return g_strdup ("");
  node = json_from_string (payload, NULL);
  if (node == NULL)
    return g_strdup (payload);
  return json_to_string (node, TRUE);
}

static GtkWidget *
new_text_row (const char *title,
              const char *text,
              gboolean    monospace)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  /* Its own text is its accessible name; the heading before it is read first. */
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/* The losing content can be long (a whole case document): scrolled within the row, so that
 * the buttons stay in reach. */
static GtkWidget *
new_payload_row (const char *payload)
{
  GtkWidget *box = new_text_row (_("Content not applied"), payload, TRUE);
  GtkWidget *label = gtk_widget_get_last_child (box);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_object_ref (label);
  gtk_box_remove (GTK_BOX (box), label);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  g_object_unref (label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static void
discard_clicked_cb (GtkButton      *button,
                    YcProblemsView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "yc-problem-id");

  yc_problems_view_discard (self, *id);
}

static void
retry_clicked_cb (GtkButton      *button,
                  YcProblemsView *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "yc-problem-id");

  yc_problems_view_retry (self, *id);
}

static GtkWidget *
new_button (YcProblemsView      *self,
            const YcSyncProblem *problem,
            const char          *label,
            const char          *accessible,
            GCallback            callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "yc-problem-id",
                          g_memdup2 (&problem->id, sizeof problem->id), g_free);
  /* The name says which case: two problems' "Discard" buttons must not sound alike.  The
   * label child would take precedence (labelled-by), so that relation goes. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
new_problem_row (YcProblemsView      *self,
                 const YcSyncProblem *problem)
{
  g_autofree char *number = case_label (problem);
  g_autofree char *title = NULL;
  g_autofree char *payload = pretty_payload (problem->payload);
  const char *attempt = yc_problem_text_attempt (problem);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *buttons;

  /* Translators: a sync problem's title: the case number, then what was attempted */
  title = g_strdup_printf (_("%s · %s"), number, attempt);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), yc_problem_text_explanation (problem));
  adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row),
                                  g_strcmp0 (problem->result, "conflict") == 0
                                  ? "emblem-synchronizing-symbolic" : "dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* Open problems are few and each needs a decision: show what to do at once. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), problem->resolution == NULL);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            new_text_row (_("What to do"), yc_problem_text_advice (problem), FALSE));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 8);
  gtk_widget_set_margin_bottom (buttons, 8);
  gtk_widget_set_margin_end (buttons, 12);
  if (problem->resolution == NULL)
    {
      g_autofree char *discard_name = NULL;
      g_autofree char *retry_name = NULL;
      GtkWidget *button;

      /* Translators: accessible names of the buttons of one problem; %s: the case number */
      discard_name = g_strdup_printf (_("Discard the change to %s"), number);
      retry_name = g_strdup_printf (_("Retry the change to %s"), number);
      button = new_button (self, problem, _("_Discard…"), discard_name, G_CALLBACK (discard_clicked_cb));
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_box_append (GTK_BOX (buttons), button);
      button = new_button (self, problem, _("_Retry"), retry_name, G_CALLBACK (retry_clicked_cb));
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (buttons), button);
    }
  else
    {
      g_autofree char *resolved = NULL;
      const char *how = g_str_equal (problem->resolution, "retried") ? _("Retried") : _("Discarded");

      /* Translators: e.g. "Discarded by clerk-a, 2026-11-23T06:12:00Z" */
      resolved = g_strdup_printf (_("%s by %s, %s"), how,
                                  problem->resolved_by != NULL ? problem->resolved_by : "?",
                                  problem->resolved_at != NULL ? problem->resolved_at : "?");
      gtk_box_append (GTK_BOX (buttons), gtk_label_new (resolved));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buttons);
  if (problem->reason != NULL || problem->code != NULL)
    {
      g_autofree char *reason = NULL;

      /* Translators: the back office's own words and code, e.g. "… (duplicate_number)" */
      reason = g_strdup_printf (_("%s (%s)"), problem->reason != NULL ? problem->reason : "",
                                problem->code != NULL ? problem->code : problem->result);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                new_text_row (_("The back office’s reason"), reason, FALSE));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_payload_row (payload));
  return row;
}

static void
show_problems (YcProblemsView *self,
               GPtrArray      *problems)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_ptr_array_ref (problems);
  for (guint i = 0; i < problems->len; i++)
    gtk_list_box_append (self->list_box, new_problem_row (self, g_ptr_array_index (problems, i)));
  gtk_stack_set_visible_child_name (self->stack, problems->len > 0 ? "list" : "empty");
  g_signal_emit (self, signals[LOADED], 0);
}

static void
list_problems_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YcProblemsView) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  problems = yc_store_list_problems_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (problems == NULL)
    {
      g_warning ("Cannot list the sync problems: %s", error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  show_problems (self, problems);
}

static void
resolved (YcProblemsView *self,
          gboolean        ok,
          gboolean        retried,
          const GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  else
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 adw_toast_new (retried ? _("The change is queued to be sent again")
                                                        : _("The change was discarded")));
  /* A retried change goes out at once; either way the engine recounts the open problems,
   * which the header shows. */
  if (ok && self->engine != NULL)
    yc_sync_engine_kick (self->engine);
  yc_problems_view_reload (self);
}

static void
discarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcProblemsView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = yc_store_discard_problem_finish (YC_STORE (object), result, &error);

  resolved (self, ok, FALSE, error);
}

static void
retried_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcProblemsView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = yc_store_retry_problem_finish (YC_STORE (object), result, &error);

  resolved (self, ok, TRUE, error);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     YcProblemsView   *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "yc-problem-id");

  if (!g_str_equal (response, "discard"))
    return;
  yc_store_discard_problem_async (self->store, id, self->username, self->cancellable,
                                  discarded_cb, g_object_ref (self));
}

static void
engine_problems_cb (YcProblemsView *self)
{
  yc_problems_view_reload (self);
}

static void
resolved_toggled_cb (YcProblemsView *self)
{
  yc_problems_view_reload (self);
}

static void
yc_problems_view_constructed (GObject *object)
{
  YcProblemsView *self = (YcProblemsView *)object;

  G_OBJECT_CLASS (yc_problems_view_parent_class)->constructed (object);

  if (self->engine != NULL)
    self->problems_id = g_signal_connect_object (self->engine, "notify::problems",
                                                 G_CALLBACK (engine_problems_cb), self,
                                                 G_CONNECT_SWAPPED);
  yc_problems_view_reload (self);
}

static void
yc_problems_view_dispose (GObject *object)
{
  YcProblemsView *self = (YcProblemsView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->problems_id, self->engine);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (yc_problems_view_parent_class)->dispose (object);
}

static void
yc_problems_view_finalize (GObject *object)
{
  YcProblemsView *self = (YcProblemsView *)object;

  g_free (self->username);

  G_OBJECT_CLASS (yc_problems_view_parent_class)->finalize (object);
}

static void
yc_problems_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcProblemsView *self = YC_PROBLEMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_problems_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcProblemsView *self = YC_PROBLEMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_USERNAME:
      self->username = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_problems_view_class_init (YcProblemsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_problems_view_constructed;
  object_class->dispose = yc_problems_view_dispose;
  object_class->finalize = yc_problems_view_finalize;
  object_class->get_property = yc_problems_view_get_property;
  object_class->set_property = yc_problems_view_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, YC_TYPE_SYNC_ENGINE, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcProblemsView::loaded:
   *
   * The problems read from the store are shown.
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-problems-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcProblemsView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcProblemsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, YcProblemsView, resolved_button);
  gtk_widget_class_bind_template_child (widget_class, YcProblemsView, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, resolved_toggled_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_problems_view_init (YcProblemsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
yc_problems_view_new (YcStore      *store,
                      YcSyncEngine *engine,
                      const char   *username,
                      GtkWindow    *parent)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (YC_TYPE_PROBLEMS_VIEW,
                       "store", store,
                       "engine", engine,
                       "username", username,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

void
yc_problems_view_reload (YcProblemsView *self)
{
  g_return_if_fail (YC_IS_PROBLEMS_VIEW (self));

  yc_store_list_problems_async (self->store, gtk_toggle_button_get_active (self->resolved_button),
                                self->cancellable, list_problems_cb, g_object_ref (self));
}

/**
 * yc_problems_view_get_problems:
 *
 * Returns: (transfer none) (element-type YcSyncProblem) (nullable): the problems shown
 */
GPtrArray *
yc_problems_view_get_problems (YcProblemsView *self)
{
  g_return_val_if_fail (YC_IS_PROBLEMS_VIEW (self), NULL);
  return self->problems;
}

/**
 * yc_problems_view_discard:
 *
 * Returns: (transfer none) (nullable): the confirmation dialog, or %NULL for an unknown id
 */
GtkWidget *
yc_problems_view_discard (YcProblemsView *self,
                          gint64          id)
{
  const YcSyncProblem *problem;
  g_autofree char *number = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (YC_IS_PROBLEMS_VIEW (self), NULL);

  problem = find_problem (self, id);
  if (problem == NULL || problem->resolution != NULL)
    return NULL;

  number = case_label (problem);
  /* Translators: %s: what was attempted ("Accept the case"), %s: the case number */
  body = g_strdup_printf (_("“%s” for case %s will never reach the back office: the back office "
                            "keeps the case as it has it. The content stays on record here as "
                            "discarded, with your name."),
                          yc_problem_text_attempt (problem), number);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard This Change?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep It"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "yc-problem-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
yc_problems_view_retry (YcProblemsView *self,
                        gint64          id)
{
  const YcSyncProblem *problem;

  g_return_if_fail (YC_IS_PROBLEMS_VIEW (self));

  problem = find_problem (self, id);
  if (problem == NULL || problem->resolution != NULL)
    return;
  yc_store_retry_problem_async (self->store, id, NULL, self->username, self->cancellable,
                                retried_cb, g_object_ref (self));
}
