/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-enroll-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-enroll-dialog.h"

/*
 * Gives this window device its hall and window codes, once (yc_store_enroll_device()):
 * case numbers start with them.  Until sign-in against the back office exists (issue 4),
 * this is how a new counter is set up.  Emits "enrolled" and closes when the store has
 * them; a code the store refuses shows its message and the dialog stays.
 */

struct _YcEnrollDialog
{
  AdwWindow     parent_instance;

  YcStore      *store;
  GCancellable *cancellable;
  gboolean      enrolling;

  AdwEntryRow  *hall_row;
  AdwEntryRow  *window_row;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (YcEnrollDialog, yc_enroll_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
code_of (AdwEntryRow *row)
{
  return g_strstrip (g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (row)), -1));
}

static void
update_sensitivity (YcEnrollDialog *self)
{
  g_autofree char *hall = code_of (self->hall_row);
  g_autofree char *window = code_of (self->window_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enroll.enroll",
                                 !self->enrolling && *hall != '\0' && *window != '\0');
}

static void
changed_cb (YcEnrollDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_sensitivity (self);
}

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcEnrollDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hall = NULL;
  g_autofree char *window = NULL;

  if (!yc_store_enroll_device_finish (YC_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->enrolling = FALSE;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_sensitivity (self);
      return;
    }

  hall = code_of (self->hall_row);
  window = code_of (self->window_row);
  g_signal_emit (self, signals[ENROLLED], 0, hall, window);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
enroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcEnrollDialog *self = YC_ENROLL_DIALOG (widget);
  g_autofree char *hall = code_of (self->hall_row);
  g_autofree char *window = code_of (self->window_row);

  if (self->enrolling || *hall == '\0' || *window == '\0')
    return;

  self->enrolling = TRUE;
  update_sensitivity (self);
  yc_store_enroll_device_async (self->store, hall, window, self->cancellable, enrolled_cb,
                                g_object_ref (self));
}

static void
activated_cb (YcEnrollDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "enroll.enroll", NULL);
}

static void
yc_enroll_dialog_dispose (GObject *object)
{
  YcEnrollDialog *self = (YcEnrollDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_ENROLL_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_enroll_dialog_parent_class)->dispose (object);
}

static void
yc_enroll_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcEnrollDialog *self = YC_ENROLL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_enroll_dialog_class_init (YcEnrollDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_enroll_dialog_dispose;
  object_class->set_property = yc_enroll_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcEnrollDialog::enrolled:
   * @hall: the hall code, as stored
   * @window: the window code
   */
  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-enroll-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, hall_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, window_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);

  gtk_widget_class_install_action (widget_class, "enroll.enroll", NULL, enroll_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_enroll_dialog_init (YcEnrollDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_sensitivity (self);
}

GtkWidget *
yc_enroll_dialog_new (YcStore   *store,
                      GtkWindow *parent)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (YC_TYPE_ENROLL_DIALOG, "store", store, "transient-for", parent, NULL);
}
