/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-rating-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-format.h"
#include "yc-rating-window.h"
#include "yc-settings.h"

/*
 * 好差评: the window the applicant rates the service in — a window of its own, in large
 * type, that can be moved to a second monitor facing the applicant.  The clerk hands a case
 * over (yc_rating_window_request); the applicant picks one of the five levels, may add a
 * comment and submits; the window records rating.submit through the store on the case as it
 * stands then, thanks the applicant (and says when a poor rating will be followed up), and
 * goes back to its welcome page for the next applicant.
 */

#define RESET_SECONDS 8

struct _YcRatingWindow
{
  AdwWindow        parent_instance;

  YcStore         *store;
  YcCalendar      *calendar;
  char            *username;
  char            *hall;
  YcCase          *case_doc;
  GCancellable    *cancellable;
  guint            reset_source;
  gboolean         busy;

  GtkToggleButton *levels[5];  /* index: level - 1 */

  GtkStack        *stack;
  GtkLabel        *case_label;
  GtkBox          *levels_box;
  GtkEntry        *comment_entry;
  AdwStatusPage   *done_page;
  AdwStatusPage   *failed_page;
};

G_DEFINE_FINAL_TYPE (YcRatingWindow, yc_rating_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  N_PROPS
};

enum {
  RATED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_actions (YcRatingWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rating.submit",
                                 self->case_doc != NULL && !self->busy
                                 && yc_rating_window_get_level (self) > 0);
}

static gboolean
reset_cb (gpointer user_data)
{
  YcRatingWindow *self = user_data;

  self->reset_source = 0;
  yc_rating_window_reset (self);
  return G_SOURCE_REMOVE;
}

static void
finish (YcRatingWindow *self)
{
  self->busy = FALSE;
  g_clear_pointer (&self->case_doc, yc_case_unref);
  update_actions (self);
  g_clear_handle_id (&self->reset_source, g_source_remove);
  self->reset_source = g_timeout_add_seconds (RESET_SECONDS, reset_cb, self);
}

static void
fail (YcRatingWindow *self,
      const GError   *error)
{
  g_warning ("Cannot record the rating: %s", error->message);
  adw_status_page_set_description (self->failed_page, _("Please tell the clerk."));
  gtk_stack_set_visible_child_name (self->stack, "failed");
  g_signal_emit (self, signals[FAILED], 0, error->message);
  finish (self);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcRatingWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) rated = NULL;

  rated = yc_store_apply_operation_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rated == NULL)
    {
      fail (self, error);
      return;
    }

  if (g_date_valid (&rated->follow_up_due))
    {
      g_autofree char *date = yc_format_date (&rated->follow_up_due);
      /* Translators: %s is the date by which the hall calls the applicant back (回访) */
      g_autofree char *text = g_strdup_printf (_("We are sorry. We will contact you about it by %s."), date);

      adw_status_page_set_description (self->done_page, text);
    }
  else
    adw_status_page_set_description (self->done_page, _("Your opinion helps us serve you better."));
  gtk_stack_set_visible_child_name (self->stack, "done");
  g_signal_emit (self, signals[RATED], 0, rated);
  finish (self);
}

/* The rating goes on the case as it stands now: the clerk may have issued it meanwhile. */
static void
current_case_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcRatingWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) current = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *comment = NULL;
  YcActor actor = { self->username, YC_ROLE_CLERK, self->hall, NULL };

  current = yc_store_get_case_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (current == NULL)
    {
      fail (self, error);
      return;
    }

  json_object_set_int_member (payload, "level", yc_rating_window_get_level (self));
  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  if (comment[0] != '\0')
    json_object_set_string_member (payload, "comment", comment);
  op_id = g_uuid_string_random ();
  op = yc_operation_new (op_id, current->uuid, current->version, YC_OP_RATING_SUBMIT, payload, NULL);
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar, self->cancellable,
                                  applied_cb, g_object_ref (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcRatingWindow *self = YC_RATING_WINDOW (widget);

  if (self->case_doc == NULL || self->busy || yc_rating_window_get_level (self) == 0
      || self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  self->busy = TRUE;
  update_actions (self);
  yc_store_get_case_async (self->store, self->case_doc->uuid, self->cancellable, current_case_cb,
                           g_object_ref (self));
}

static void
level_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  yc_rating_window_set_level (YC_RATING_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
level_toggled_cb (YcRatingWindow *self)
{
  update_actions (self);
}

static void
yc_rating_window_dispose (GObject *object)
{
  YcRatingWindow *self = (YcRatingWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reset_source, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_rating_window_parent_class)->dispose (object);
}

static void
yc_rating_window_finalize (GObject *object)
{
  YcRatingWindow *self = (YcRatingWindow *)object;

  g_free (self->username);
  g_free (self->hall);

  G_OBJECT_CLASS (yc_rating_window_parent_class)->finalize (object);
}

static void
yc_rating_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcRatingWindow *self = YC_RATING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_rating_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcRatingWindow *self = YC_RATING_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_rating_window_class_init (YcRatingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_rating_window_dispose;
  object_class->finalize = yc_rating_window_finalize;
  object_class->get_property = yc_rating_window_get_property;
  object_class->set_property = yc_rating_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcRatingWindow::rated:
   * @case_doc: the case with its rating
   *
   * The rating is recorded (in the store's outbox for the back office).
   */
  signals[RATED] = g_signal_new ("rated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);
  /**
   * YcRatingWindow::failed:
   * @message: why, for the clerk
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-rating-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, case_label);
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, levels_box);
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, done_page);
  gtk_widget_class_bind_template_child (widget_class, YcRatingWindow, failed_page);

  gtk_widget_class_install_action (widget_class, "rating.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "rating.level", "u", level_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "rating.submit", NULL);
  /* The keys follow the buttons from the left: 1 非常满意 … 5 非常不满意. */
  for (guint i = 0; i < 5; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, 0, "rating.level", "u", 5 - i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, 0, "rating.level", "u", 5 - i);
    }
}

static void
yc_rating_window_init (YcRatingWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->username = g_strdup (g_get_user_name ());

  /* 非常满意 on the left, as the halls' rating pads have it. */
  for (guint level = 5; level >= 1; level--)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (yc_rating_level_label (level));

      if (level < 5)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->levels[4]);
      gtk_widget_add_css_class (button, "rating-level");
      gtk_widget_add_css_class (button, level >= 3 ? "good" : "poor");
      g_signal_connect_object (button, "toggled", G_CALLBACK (level_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->levels_box, button);
      self->levels[level - 1] = GTK_TOGGLE_BUTTON (button);
    }
  gtk_stack_set_visible_child_name (self->stack, "idle");
  update_actions (self);
}

GtkWidget *
yc_rating_window_new (YcStore    *store,
                      YcCalendar *calendar)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_RATING_WINDOW, "store", store, "calendar", calendar, NULL);
}

/**
 * yc_rating_window_set_clerk:
 * @username: the clerk signed in, who records the rating
 * @hall: (nullable): the clerk's hall
 */
void
yc_rating_window_set_clerk (YcRatingWindow *self,
                            const char     *username,
                            const char     *hall)
{
  g_return_if_fail (YC_IS_RATING_WINDOW (self));
  g_return_if_fail (username != NULL);

  g_free (self->username);
  g_free (self->hall);
  self->username = g_strdup (username);
  self->hall = g_strdup (hall);
}

/**
 * yc_rating_window_request:
 * @case_doc: the case the applicant rates
 *
 * Shows the rating form for @case_doc and presents the window (where it is: on the second
 * monitor once moved there).
 */
void
yc_rating_window_request (YcRatingWindow *self,
                          YcCase         *case_doc)
{
  g_autofree char *text = NULL;
  const char *subject;

  g_return_if_fail (YC_IS_RATING_WINDOW (self));
  g_return_if_fail (case_doc != NULL);

  g_clear_handle_id (&self->reset_source, g_source_remove);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  self->case_doc = yc_case_ref (case_doc);
  self->busy = FALSE;
  for (guint i = 0; i < 5; i++)
    gtk_toggle_button_set_active (self->levels[i], FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");

  subject = case_doc->subject_name != NULL ? case_doc->subject_name : case_doc->subject_code;
  /* Translators: the case number and what was applied for */
  text = g_strdup_printf (_("Case %s · %s"), case_doc->number, subject != NULL ? subject : "");
  gtk_label_set_text (self->case_label, text);
  gtk_stack_set_visible_child_name (self->stack, "rate");
  update_actions (self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->levels[4]));
}

void
yc_rating_window_reset (YcRatingWindow *self)
{
  g_return_if_fail (YC_IS_RATING_WINDOW (self));

  g_clear_handle_id (&self->reset_source, g_source_remove);
  if (self->busy)
    return;  /* the answer is on its way; finish() resets after it */
  g_clear_pointer (&self->case_doc, yc_case_unref);
  for (guint i = 0; i < 5; i++)
    gtk_toggle_button_set_active (self->levels[i], FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  gtk_label_set_text (self->case_label, "");
  gtk_stack_set_visible_child_name (self->stack, "idle");
  update_actions (self);
}

/**
 * yc_rating_window_get_case:
 *
 * Returns: (transfer none) (nullable): the case waiting for its rating
 */
YcCase *
yc_rating_window_get_case (YcRatingWindow *self)
{
  g_return_val_if_fail (YC_IS_RATING_WINDOW (self), NULL);
  return self->case_doc;
}

void
yc_rating_window_set_level (YcRatingWindow *self,
                            guint           level)
{
  g_return_if_fail (YC_IS_RATING_WINDOW (self));
  g_return_if_fail (level <= 5);

  if (self->case_doc == NULL || self->busy)
    return;
  if (level == 0)
    for (guint i = 0; i < 5; i++)
      gtk_toggle_button_set_active (self->levels[i], FALSE);
  else
    {
      gtk_toggle_button_set_active (self->levels[level - 1], TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->levels[level - 1]));
    }
  update_actions (self);
}

guint
yc_rating_window_get_level (YcRatingWindow *self)
{
  g_return_val_if_fail (YC_IS_RATING_WINDOW (self), 0);

  for (guint i = 0; i < 5; i++)
    if (gtk_toggle_button_get_active (self->levels[i]))
      return i + 1;
  return 0;
}

void
yc_rating_window_show_on_monitor (YcRatingWindow *self,
                                  GdkMonitor     *monitor)
{
  g_return_if_fail (YC_IS_RATING_WINDOW (self));
  g_return_if_fail (GDK_IS_MONITOR (monitor));

  gtk_window_present (GTK_WINDOW (self));
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
}

/**
 * yc_rating_window_find_second_monitor:
 * @window: the clerk's window
 *
 * Returns: (transfer none) (nullable): a monitor other than the one @window is on, when the
 *   display has two or more
 */
GdkMonitor *
yc_rating_window_find_second_monitor (GtkWidget *window)
{
  GdkDisplay *display;
  GListModel *monitors;
  GdkMonitor *current = NULL;
  GtkNative *native;
  g_autoptr(GSettings) settings = NULL;
  int chosen;

  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  display = gtk_widget_get_display (window);
  monitors = gdk_display_get_monitors (display);
  if (g_list_model_get_n_items (monitors) < 2)
    return NULL;
  native = gtk_widget_get_native (window);
  if (native != NULL && gtk_native_get_surface (native) != NULL)
    current = gdk_display_get_monitor_at_surface (display, gtk_native_get_surface (native));
  /* The hall may say which monitor faces the applicant (Preferences: "rating-monitor"). */
  settings = yc_settings_new ();
  chosen = settings != NULL ? g_settings_get_int (settings, "rating-monitor") : -1;
  if (chosen >= 0 && (guint) chosen < g_list_model_get_n_items (monitors))
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, chosen);

      if (monitor != current)
        return monitor;
    }
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      if (monitor != current)
        return monitor;  /* the display keeps its monitors */
    }
  return NULL;
}
