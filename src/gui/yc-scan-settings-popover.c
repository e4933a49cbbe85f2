/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan-settings-popover"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-scan-error.h"
#include "yc-scan-settings-popover.h"
#include "yc-settings.h"

/* The resolutions offered when the device has a continuous range (the test backend, many
 * network scanners): what a hall needs, from a quick look to a fine seal. */
static const guint usual_resolutions[] = { 100, 150, 200, 300, 400, 600 };

static const char *source_labels[] = {
  N_("Flatbed"),
  N_("Document feeder"),
  N_("Document feeder, both sides"),
};

static const char *color_labels[] = {
  N_("Colour"),
  N_("Grey"),
  N_("Black and white"),
};

struct _YcScanSettingsPopover
{
  GtkPopover      parent_instance;

  GCancellable   *cancellable;
  GPtrArray      *devices;       /* of YcScanDevice */
  char           *device;
  YcScanSettings  settings;
  GArray         *sources;       /* dropdown position → YcScanSource */
  GArray         *resolutions;   /* dropdown position → dpi */
  GArray         *colors;        /* dropdown position → YcScanColor */
  gboolean        filling;       /* the dropdowns are being filled, not chosen */

  GtkDropDown    *device_dropdown;
  GtkWidget      *rescan_button;
  GtkDropDown    *source_dropdown;
  GtkDropDown    *resolution_dropdown;
  GtkDropDown    *color_dropdown;
  GtkLabel       *status_label;
};

G_DEFINE_FINAL_TYPE (YcScanSettingsPopover, yc_scan_settings_popover, GTK_TYPE_POPOVER)

static void
fill (GtkDropDown *dropdown,
      GArray      *values,
      const char **labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      guint value = g_array_index (values, guint, i);

      if (labels != NULL)
        gtk_string_list_append (list, _(labels[value]));
      else
        {
          /* Translators: a scan resolution in dots per inch */
          g_autofree char *text = g_strdup_printf (_("%u dpi"), value);
          gtk_string_list_append (list, text);
        }
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static guint
position_of (GArray *values,
             guint   value)
{
  guint best = 0;

  /* The nearest: a resolution remembered for another device may not be offered here. */
  for (guint i = 0; i < values->len; i++)
    if (ABS ((int) g_array_index (values, guint, i) - (int) value)
        < ABS ((int) g_array_index (values, guint, best) - (int) value))
      best = i;
  return best;
}

static void
show_settings (YcScanSettingsPopover *self,
               const YcScanOptions   *options)
{
  self->filling = TRUE;
  g_array_set_size (self->sources, 0);
  g_array_set_size (self->colors, 0);
  g_array_set_size (self->resolutions, 0);
  for (guint s = 0; s < G_N_ELEMENTS (source_labels); s++)
    if (options == NULL || (options->sources & (1u << s)) != 0)
      g_array_append_val (self->sources, s);
  for (guint c = 0; c < G_N_ELEMENTS (color_labels); c++)
    if (options == NULL || (options->colors & (1u << c)) != 0)
      g_array_append_val (self->colors, c);
  if (options != NULL && options->resolutions != NULL && options->resolutions->len > 0
      && options->resolutions->len <= 12)
    g_array_append_vals (self->resolutions, options->resolutions->data, options->resolutions->len);
  else
    for (guint i = 0; i < G_N_ELEMENTS (usual_resolutions); i++)
      {
        guint dpi = usual_resolutions[i];
        guint last = options != NULL && options->resolutions != NULL && options->resolutions->len > 0
                     ? g_array_index (options->resolutions, guint, options->resolutions->len - 1) : G_MAXUINT;
        if (dpi <= last)
          g_array_append_val (self->resolutions, dpi);
      }

  fill (self->source_dropdown, self->sources, source_labels);
  fill (self->color_dropdown, self->colors, color_labels);
  fill (self->resolution_dropdown, self->resolutions, NULL);
  if (self->sources->len > 0)
    gtk_drop_down_set_selected (self->source_dropdown, position_of (self->sources, self->settings.source));
  if (self->colors->len > 0)
    gtk_drop_down_set_selected (self->color_dropdown, position_of (self->colors, self->settings.color));
  if (self->resolutions->len > 0)
    gtk_drop_down_set_selected (self->resolution_dropdown,
                                position_of (self->resolutions, self->settings.resolution));
  self->filling = FALSE;
}

static void
options_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcScanSettingsPopover) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcScanOptions) options = yc_scanner_get_options_finish (YC_SCANNER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (options == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  gtk_label_set_text (self->status_label, "");
  show_settings (self, options);
}

static void
apply_defaults (YcScanSettings *settings)
{
  g_autoptr(GSettings) defaults = yc_settings_new ();

  if (defaults == NULL)
    return;
  /* The schema's enums have the values of YcScanSource and YcScanColor. */
  settings->source = (YcScanSource) g_settings_get_enum (defaults, "scan-source");
  settings->color = (YcScanColor) g_settings_get_enum (defaults, "scan-color");
  settings->resolution = g_settings_get_uint (defaults, "scan-resolution");
  settings->jpeg_quality = g_settings_get_uint (defaults, "jpeg-quality");
}

static void
choose_device (YcScanSettingsPopover *self,
               const char            *device)
{
  g_autoptr(YcScanner) scanner = yc_scanner_dup_default ();

  if (g_strcmp0 (self->device, device) == 0)
    return;
  g_free (self->device);
  self->device = g_strdup (device);

  yc_scan_settings_init (&self->settings);
  if (device == NULL)
    return;
  /* A scanner without settings of its own starts from the hall's defaults (Preferences). */
  if (!yc_scan_settings_load (device, &self->settings))
    apply_defaults (&self->settings);
  show_settings (self, NULL);
  yc_scanner_get_options_async (scanner, device, self->cancellable, options_cb, g_object_ref (self));
}

static char *device_label (const YcScanDevice *device);

/* For the next start of the counter: the clerk's choice, or the first one found when
 * nothing was remembered yet. */
static void
remember_device (YcScanSettingsPopover *self,
                 const YcScanDevice    *device)
{
  g_autofree char *label = device_label (device);
  g_autoptr(GError) error = NULL;

  if (!yc_scan_settings_save_chosen (device->name, label, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static void
device_selected_cb (YcScanSettingsPopover *self)
{
  guint position = gtk_drop_down_get_selected (self->device_dropdown);
  const YcScanDevice *device;

  if (self->filling || self->devices == NULL || position >= self->devices->len)
    return;
  device = g_ptr_array_index (self->devices, position);
  choose_device (self, device->name);
  remember_device (self, device);
}

/* A message the clerk must see even with the popover closed: a toast as well. */
static void
tell (YcScanSettingsPopover *self,
      const char            *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  gtk_label_set_text (self->status_label, message);
  g_message ("%s", message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
setting_selected_cb (YcScanSettingsPopover *self)
{
  guint source = gtk_drop_down_get_selected (self->source_dropdown);
  guint color = gtk_drop_down_get_selected (self->color_dropdown);
  guint resolution = gtk_drop_down_get_selected (self->resolution_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->filling || self->device == NULL)
    return;
  if (source < self->sources->len)
    self->settings.source = g_array_index (self->sources, guint, source);
  if (color < self->colors->len)
    self->settings.color = g_array_index (self->colors, guint, color);
  if (resolution < self->resolutions->len)
    self->settings.resolution = g_array_index (self->resolutions, guint, resolution);
  if (!yc_scan_settings_save (self->device, &self->settings, &error))
    gtk_label_set_text (self->status_label, error->message);
}

static char *
device_label (const YcScanDevice *device)
{
  if (device->vendor != NULL && device->model != NULL)
    return g_strdup_printf ("%s %s", device->vendor, device->model);
  return g_strdup (device->name);
}

static void
devices_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcScanSettingsPopover *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = yc_scanner_list_devices_finish (YC_SCANNER (object), result, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *remembered_label = NULL;
  g_autofree char *remembered = yc_scan_settings_load_chosen (&remembered_label);
  /* The clerk's last choice, even after a rescan that found it back; else this popover's */
  const char *wanted = remembered != NULL ? remembered : self->device;
  const char *wanted_label = wanted != NULL && g_strcmp0 (wanted, remembered) == 0
                             && remembered_label != NULL ? remembered_label : wanted;
  g_autofree char *missing = NULL;
  gboolean found = FALSE;
  guint chosen = 0;

  /* Cancelled: the popover is going, its widgets with it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gtk_widget_set_sensitive (self->rescan_button, TRUE);
  if (devices == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  self->devices = g_ptr_array_ref (devices);
  for (guint i = 0; i < devices->len; i++)
    {
      YcScanDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *label = device_label (device);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (device->name, wanted) == 0)
        {
          chosen = i;
          found = TRUE;
        }
      /* Without the clerk's scanner, the one used for now stays the one used */
      else if (!found && g_strcmp0 (device->name, self->device) == 0)
        chosen = i;
    }
  if (wanted != NULL && !found)
    /* Translators: %s is the scanner chosen before (vendor and model, or its SANE name) */
    missing = g_strdup_printf (_("The scanner chosen before, %s, was not found: check that it is "
                                 "switched on and connected, then search again"), wanted_label);
  self->filling = TRUE;
  gtk_drop_down_set_model (self->device_dropdown, G_LIST_MODEL (labels));
  if (devices->len > 0)
    gtk_drop_down_set_selected (self->device_dropdown, chosen);
  self->filling = FALSE;

  if (devices->len == 0)
    {
      const char *message = missing != NULL ? missing
        : _("No scanner found: check that it is switched on and connected, then search again");

      choose_device (self, NULL);
      gtk_label_set_text (self->status_label, message);
      g_task_return_new_error (task, YC_SCAN_ERROR, YC_SCAN_ERROR_NO_DEVICE, "%s", message);
      return;
    }
  gtk_label_set_text (self->status_label, "");
  /* The same device again (a rescan) keeps its settings as they are. */
  choose_device (self, ((YcScanDevice *) g_ptr_array_index (devices, chosen))->name);
  if (missing != NULL)
    {
      g_autofree char *label = device_label (g_ptr_array_index (devices, chosen));
      /* Translators: why the scanner chosen before is not used, then the one used instead */
      g_autofree char *message = g_strdup_printf (_("%s. Scanning with %s for now."), missing, label);

      /* Not remembered: the clerk's scanner is chosen again once it is back. */
      tell (self, message);
    }
  else if (remembered == NULL)
    remember_device (self, g_ptr_array_index (devices, chosen));
  g_task_return_boolean (task, TRUE);
}

void
yc_scan_settings_popover_find_device_async (YcScanSettingsPopover *self,
                                            gboolean               rescan,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  g_autoptr(YcScanner) scanner = NULL;
  GTask *task;

  g_return_if_fail (YC_IS_SCAN_SETTINGS_POPOVER (self));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_scan_settings_popover_find_device_async);
  scanner = yc_scanner_dup_default ();
  gtk_label_set_text (self->status_label, _("Looking for scanners…"));
  gtk_widget_set_sensitive (self->rescan_button, FALSE);
  yc_scanner_list_devices_async (scanner, rescan, self->cancellable, devices_cb, task);
}

gboolean
yc_scan_settings_popover_find_device_finish (YcScanSettingsPopover *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rescanned_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yc_scan_settings_popover_find_device_finish (YC_SCAN_SETTINGS_POPOVER (object), result, &error))
    g_debug ("No scanner: %s", error->message);
}

static void
rescan_cb (YcScanSettingsPopover *self)
{
  yc_scan_settings_popover_find_device_async (self, TRUE, rescanned_cb, NULL);
}

/* Opened before any scan: the list is looked up now, not when the counter starts. */
static void
show_cb (YcScanSettingsPopover *self)
{
  if (self->devices == NULL && gtk_widget_get_sensitive (self->rescan_button))
    yc_scan_settings_popover_find_device_async (self, FALSE, rescanned_cb, NULL);
}

static void
yc_scan_settings_popover_dispose (GObject *object)
{
  YcScanSettingsPopover *self = (YcScanSettingsPopover *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SCAN_SETTINGS_POPOVER);

  G_OBJECT_CLASS (yc_scan_settings_popover_parent_class)->dispose (object);
}

static void
yc_scan_settings_popover_finalize (GObject *object)
{
  YcScanSettingsPopover *self = (YcScanSettingsPopover *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_free (self->device);
  g_array_unref (self->sources);
  g_array_unref (self->resolutions);
  g_array_unref (self->colors);

  G_OBJECT_CLASS (yc_scan_settings_popover_parent_class)->finalize (object);
}

static void
yc_scan_settings_popover_class_init (YcScanSettingsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_scan_settings_popover_dispose;
  object_class->finalize = yc_scan_settings_popover_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-scan-settings-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, device_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, rescan_button);
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, resolution_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, color_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcScanSettingsPopover, status_label);
}

static void
yc_scan_settings_popover_init (YcScanSettingsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->sources = g_array_new (FALSE, FALSE, sizeof (guint));
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->colors = g_array_new (FALSE, FALSE, sizeof (guint));
  yc_scan_settings_init (&self->settings);
  show_settings (self, NULL);

  g_signal_connect_swapped (self->device_dropdown, "notify::selected", G_CALLBACK (device_selected_cb), self);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (setting_selected_cb), self);
  g_signal_connect_swapped (self->resolution_dropdown, "notify::selected", G_CALLBACK (setting_selected_cb), self);
  g_signal_connect_swapped (self->color_dropdown, "notify::selected", G_CALLBACK (setting_selected_cb), self);
  g_signal_connect_swapped (self->rescan_button, "clicked", G_CALLBACK (rescan_cb), self);
  g_signal_connect_swapped (self, "show", G_CALLBACK (show_cb), self);
}

GtkWidget *
yc_scan_settings_popover_new (void)
{
  return g_object_new (YC_TYPE_SCAN_SETTINGS_POPOVER, NULL);
}

/**
 * yc_scan_settings_popover_get_status:
 *
 * Returns: what the popover says about the scanners now (searching, not found …), or ""
 */
const char *
yc_scan_settings_popover_get_status (YcScanSettingsPopover *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS_POPOVER (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
yc_scan_settings_popover_get_device (YcScanSettingsPopover *self)
{
  g_return_val_if_fail (YC_IS_SCAN_SETTINGS_POPOVER (self), NULL);
  return self->device;
}

void
yc_scan_settings_popover_get_settings (YcScanSettingsPopover *self,
                                       YcScanSettings        *settings)
{
  g_return_if_fail (YC_IS_SCAN_SETTINGS_POPOVER (self));
  g_return_if_fail (settings != NULL);

  *settings = self->settings;
}
