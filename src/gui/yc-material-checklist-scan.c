/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-material-checklist"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-material-checklist-private.h"
#include "yc-page-intake.h"
#include "yc-page-item.h"
#include "yc-page-viewer.h"

/*
 * The scan slot of each checklist row: 扫描 (into this material, with the scanner and the
 * settings of the popover), 导入文件… (or files dropped on the row), the page count next to
 * the copies, progress and cancel.  Below the list, the pages of the selected material
 * (yc-page-strip.h): insert before a page, rescan a page, open one large (yc-page-viewer.h).
 * F8 scans into the next material without pages, in the order of the list; S scans into
 * the current row.
 */

typedef struct {
  YcMaterialChecklist *self;
  YcIntakeMaterial    *material;
  guint                position;
  gboolean             replace;
  GPtrArray           *files;     /* of GFile, for an import */
  guint                next_file;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_object_unref (request->material);
  g_clear_pointer (&request->files, g_ptr_array_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static Request *
request_new (YcMaterialChecklist *self,
             YcIntakeMaterial    *material,
             guint                position,
             gboolean             replace)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->material = g_object_ref (material);
  request->position = position;
  request->replace = replace;
  return request;
}

static void
tell (YcMaterialChecklist *self,
      const char          *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_message ("%s", message);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
shown_pages_cb (YcMaterialChecklist *self)
{
  YcIntakeMaterial *material = gtk_single_selection_get_selected_item (self->selection);

  gtk_widget_set_visible (self->pages_pane,
                          material != NULL && yc_intake_material_get_n_pages (material) > 0);
}

/* The strip shows the pages of the selected material. */
static void
selected_cb (YcMaterialChecklist *self)
{
  YcIntakeMaterial *material = gtk_single_selection_get_selected_item (self->selection);
  GListStore *shown = yc_page_strip_get_pages (self->page_strip);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->materials)); i++)
    {
      g_autoptr(YcIntakeMaterial) other = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
      g_signal_handlers_disconnect_by_func (other, shown_pages_cb, self);
    }
  if (material != NULL)
    {
      if (yc_intake_material_get_pages (material) != shown)
        yc_page_strip_set_pages (self->page_strip, yc_intake_material_get_pages (material),
                                 yc_intake_material_get_name (material));
      g_signal_connect_object (material, "notify::n-pages", G_CALLBACK (shown_pages_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    yc_page_strip_set_pages (self->page_strip, NULL, NULL);
  shown_pages_cb (self);
}

static void
select_material (YcMaterialChecklist *self,
                 YcIntakeMaterial    *material)
{
  guint position;

  if (!g_list_store_find (self->materials, material, &position))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  guint pages = 0;

  if (yc_page_intake_scan_finish (result, &pages, &error))
    {
      if (request->self->page_strip != NULL
          && yc_page_strip_get_pages (request->self->page_strip) == yc_intake_material_get_pages (request->material)
          && pages > 0)
        yc_page_strip_select (request->self->page_strip,
                              request->position == G_MAXUINT ? G_MAXUINT : request->position + pages - 1);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Scan cancelled; %u page scanned before is kept",
                                                            "Scan cancelled; %u pages scanned before are kept",
                                                            pages), pages);
      tell (request->self, text);
      return;
    }
  if (pages > 0)
    {
      /* Translators: why the scan stopped, then how many pages were kept */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s (%u page scanned before is kept)",
                                                            "%s (%u pages scanned before are kept)",
                                                            pages), error->message, pages);
      tell (request->self, text);
    }
  else
    tell (request->self, error->message);
}

static void
scan_now (Request *request)
{
  YcMaterialChecklist *self = request->self;
  const char *device = yc_scan_settings_popover_get_device (self->scanner_popover);
  YcScanSettings settings;

  yc_scan_settings_popover_get_settings (self->scanner_popover, &settings);
  yc_page_intake_scan_async (request->material, device, &settings, request->position,
                             request->replace, scanned_cb, request);
}

static void
device_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_scan_settings_popover_find_device_finish (YC_SCAN_SETTINGS_POPOVER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tell (request->self, error->message);
      request_free (request);
      return;
    }
  scan_now (request);
}

static void
start_scan (YcMaterialChecklist *self,
            YcIntakeMaterial    *material,
            guint                position,
            gboolean             replace)
{
  Request *request;

  if (yc_intake_material_get_busy (material))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  select_material (self, material);
  request = request_new (self, material, position, replace);
  /* The first scan of the session looks for the scanner first, on the scanner's thread. */
  if (yc_scan_settings_popover_get_device (self->scanner_popover) == NULL)
    yc_scan_settings_popover_find_device_async (self->scanner_popover, FALSE, device_found_cb, request);
  else
    scan_now (request);
}

static void import_next (Request *request);

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  guint pages = 0;

  if (!yc_page_intake_import_finish (result, &pages, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tell (request->self, error->message);
      request_free (request);  /* the next files wait for the clerk to fix this one */
      return;
    }
  if (request->position != G_MAXUINT)
    request->position += pages;
  request->replace = FALSE;
  request->next_file++;
  import_next (request);
}

static void
import_next (Request *request)
{
  if (request->next_file >= request->files->len)
    {
      request_free (request);
      return;
    }
  yc_page_intake_import_async (request->material, g_ptr_array_index (request->files, request->next_file),
                               request->position, request->replace, imported_cb, request);
}

/* Takes @files (of GFile). */
static void
start_import (YcMaterialChecklist *self,
              YcIntakeMaterial    *material,
              guint                position,
              GPtrArray           *files)
{
  Request *request;

  if (yc_intake_material_get_busy (material) || files->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      g_ptr_array_unref (files);
      return;
    }
  select_material (self, material);
  request = request_new (self, material, position, FALSE);
  request->files = files;
  import_next (request);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Request         *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      start_import (request->self, request->material, request->position, files);
    }
  request_free (request);
  g_object_unref (chooser);
}

static void
choose_files (YcMaterialChecklist *self,
              YcIntakeMaterial    *material,
              guint                position)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = g_strdup_printf (_("Import Into “%s”"), yc_intake_material_get_name (material));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) supported = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (supported, _("PDF and images (JPEG, PNG, TIFF)"));
  gtk_file_filter_add_mime_type (supported, "application/pdf");
  gtk_file_filter_add_mime_type (supported, "image/jpeg");
  gtk_file_filter_add_mime_type (supported, "image/png");
  gtk_file_filter_add_mime_type (supported, "image/tiff");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), supported);
  /* The type is read from the content: a scan saved without its extension still imports. */
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb),
                    request_new (self, material, position, FALSE));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static YcIntakeMaterial *
material_of (YcMaterialChecklist *self,
             GVariant            *parameter)
{
  YcIntakeMaterial *material = yc_material_checklist_lookup (self, g_variant_get_string (parameter, NULL));

  if (material == NULL)
    gtk_widget_error_bell (GTK_WIDGET (self));
  return material;
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcMaterialChecklist *self = YC_MATERIAL_CHECKLIST (widget);
  YcIntakeMaterial *material = material_of (self, parameter);

  if (material != NULL)
    start_scan (self, material, G_MAXUINT, FALSE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcMaterialChecklist *self = YC_MATERIAL_CHECKLIST (widget);
  YcIntakeMaterial *material = material_of (self, parameter);

  if (material != NULL)
    choose_files (self, material, G_MAXUINT);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcIntakeMaterial *material = material_of (YC_MATERIAL_CHECKLIST (widget), parameter);

  if (material != NULL)
    yc_intake_material_cancel_work (material);
}

/* Before the selected page of the material shown in the strip: insert, import, rescan. */
static void
at_page_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcMaterialChecklist *self = YC_MATERIAL_CHECKLIST (widget);
  YcIntakeMaterial *material = gtk_single_selection_get_selected_item (self->selection);
  guint page = yc_page_strip_get_selected (self->page_strip);

  if (material == NULL || page == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  if (g_str_equal (action_name, "checklist.import-insert"))
    choose_files (self, material, page);
  else
    start_scan (self, material, page, g_str_equal (action_name, "checklist.scan-replace"));
}

static void
scan_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  if (!yc_material_checklist_scan_next_missing (YC_MATERIAL_CHECKLIST (widget)))
    {
      gtk_widget_error_bell (widget);
      tell (YC_MATERIAL_CHECKLIST (widget), _("Every material to hand in has pages"));
    }
}

static void
viewer_destroy_cb (YcMaterialChecklist *self,
                   GtkWidget           *window)
{
  if (self->viewer_window == window)
    self->viewer_window = NULL;
}

static void
page_activated_cb (YcMaterialChecklist *self,
                   guint                position,
                   YcPageStrip         *strip)
{
  YcIntakeMaterial *material = gtk_single_selection_get_selected_item (self->selection);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *viewer;

  if (material == NULL)
    return;
  if (self->viewer_window == NULL)
    {
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkEventController *shortcuts = gtk_shortcut_controller_new ();

      self->viewer_window = adw_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (self->viewer_window), 720, 900);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (GTK_WINDOW (self->viewer_window), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->viewer_window), TRUE);
      gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
      viewer = yc_page_viewer_new ();
      gtk_widget_set_vexpand (viewer, TRUE);
      gtk_box_append (GTK_BOX (content), viewer);
      adw_window_set_content (ADW_WINDOW (self->viewer_window), content);
      g_object_set_data (G_OBJECT (self->viewer_window), "viewer", viewer);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                              gtk_named_action_new ("window.close")));
      gtk_widget_add_controller (self->viewer_window, shortcuts);
      g_signal_connect_object (self->viewer_window, "destroy", G_CALLBACK (viewer_destroy_cb), self,
                               G_CONNECT_SWAPPED);
    }
  viewer = g_object_get_data (G_OBJECT (self->viewer_window), "viewer");
  gtk_window_set_title (GTK_WINDOW (self->viewer_window), yc_intake_material_get_name (material));
  yc_page_viewer_set_pages (YC_PAGE_VIEWER (viewer), G_LIST_MODEL (yc_intake_material_get_pages (material)));
  yc_page_viewer_set_page (YC_PAGE_VIEWER (viewer), position);
  gtk_window_present (GTK_WINDOW (self->viewer_window));
}

void
yc_material_checklist_scan_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "checklist.scan", "s", scan_action);
  gtk_widget_class_install_action (widget_class, "checklist.import", "s", import_action);
  gtk_widget_class_install_action (widget_class, "checklist.cancel-scan", "s", cancel_action);
  gtk_widget_class_install_action (widget_class, "checklist.scan-insert", NULL, at_page_action);
  gtk_widget_class_install_action (widget_class, "checklist.scan-replace", NULL, at_page_action);
  gtk_widget_class_install_action (widget_class, "checklist.import-insert", NULL, at_page_action);
  gtk_widget_class_install_action (widget_class, "checklist.scan-next", NULL, scan_next_action);
  /* Not Ctrl+Shift+S: that is the window's 立即同步 (yc-sync-actions.c). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "checklist.scan-next", NULL);
}

void
yc_material_checklist_scan_init (YcMaterialChecklist *self)
{
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_strip, "page-activated", G_CALLBACK (page_activated_cb), self,
                           G_CONNECT_SWAPPED);
  selected_cb (self);
}

void
yc_material_checklist_scan_dispose (YcMaterialChecklist *self)
{
  if (self->viewer_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->viewer_window));
}

static gboolean
files_dropped_cb (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  GtkWidget     *row)
{
  YcMaterialChecklist *self = YC_MATERIAL_CHECKLIST (gtk_widget_get_ancestor (row, YC_TYPE_MATERIAL_CHECKLIST));
  YcIntakeMaterial *material = g_object_get_data (G_OBJECT (row), "material");
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (self == NULL || material == NULL)
    {
      g_ptr_array_unref (files);
      return FALSE;
    }
  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
    g_ptr_array_add (files, g_object_ref (l->data));
  start_import (self, material, G_MAXUINT, files);
  return TRUE;
}

/* The pages against the copies: 已扫描 1 页 / 需 2 份 while a material that is handed in by
 * its pages (an electronic one) has fewer pages than copies, or a paper one some but fewer. */
static gboolean
pages_to_text (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  YcIntakeMaterial *material = user_data;
  guint n = g_value_get_uint (from);
  guint required = yc_intake_material_get_copies_required (material);
  gboolean needs = yc_intake_material_needs_pages (material);
  g_autoptr(GObject) label = g_binding_dup_target (binding);

  if (n < required && (needs || n > 0))
    {
      g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Scanned %u page",
                                                             "Scanned %u pages", n), n);
      g_autofree char *copies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u copy required",
                                                              "%u copies required", required), required);

      /* Translators: pages scanned / copies required: 已扫描 1 页 / 需 2 份 */
      g_value_take_string (to, g_strdup_printf (_("%s / %s"), pages, copies));
    }
  else
    /* Translators: pages scanned or imported into a material */
    g_value_take_string (to, n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n), n)
                                   : g_strdup (_("No pages")));
  /* Short of pages the material is not complete for the decision: say so in colour too. */
  if (label != NULL)
    {
      if (needs && n < required)
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
    }
  return TRUE;
}

static gboolean
progress_to_fraction (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  g_value_set_double (to, MAX (g_value_get_double (from), 0.0));
  return TRUE;
}

void
yc_material_checklist_setup_slot (YcMaterialChecklist *self,
                                  GtkBox              *box,
                                  GtkWidget           *row)
{
  GtkWidget *slot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *pages = gtk_label_new (NULL);
  GtkWidget *progress = gtk_progress_bar_new ();
  GtkWidget *cancel = gtk_button_new_from_icon_name ("process-stop-symbolic");
  GtkWidget *scan = gtk_button_new_with_label (C_("verb", "Scan"));
  GtkWidget *import = gtk_button_new_with_label (_("Import File…"));
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  gtk_widget_set_hexpand (slot, TRUE);
  gtk_widget_set_halign (slot, GTK_ALIGN_END);
  gtk_widget_set_valign (slot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pages, "dim-label");
  gtk_widget_add_css_class (pages, "numeric");
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (progress, 80, -1);
  gtk_widget_set_tooltip_text (cancel, _("Stop scanning; the pages scanned so far are kept"));
  gtk_widget_set_tooltip_text (scan, _("Scan into this material with the chosen scanner settings (S)"));
  gtk_widget_set_tooltip_text (import, _("Import a PDF, JPEG, PNG or TIFF file; you can also drop files on the row"));
  gtk_widget_set_focus_on_click (scan, FALSE);
  gtk_widget_set_focus_on_click (import, FALSE);

  gtk_box_append (GTK_BOX (slot), pages);
  gtk_box_append (GTK_BOX (slot), progress);
  gtk_box_append (GTK_BOX (slot), cancel);
  gtk_box_append (GTK_BOX (slot), scan);
  gtk_box_append (GTK_BOX (slot), import);
  gtk_box_append (box, slot);

  g_object_set_data (G_OBJECT (row), "pages", pages);
  g_object_set_data (G_OBJECT (row), "progress", progress);
  g_object_set_data (G_OBJECT (row), "cancel", cancel);
  g_object_set_data (G_OBJECT (row), "scan", scan);
  g_object_set_data (G_OBJECT (row), "import", import);

  /* Files from the desktop or a USB stick's folder, dropped on the material they are */
  g_signal_connect (target, "drop", G_CALLBACK (files_dropped_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

void
yc_material_checklist_bind_slot (YcMaterialChecklist *self,
                                 GtkWidget           *row,
                                 YcIntakeMaterial    *material,
                                 GPtrArray           *bindings)
{
  const char *code = yc_intake_material_get_code (material);
  const char *name = yc_intake_material_get_name (material);
  GtkWidget *pages = g_object_get_data (G_OBJECT (row), "pages");
  GtkWidget *progress = g_object_get_data (G_OBJECT (row), "progress");
  static const char *actions[] = { "checklist.scan", "checklist.import", "checklist.cancel-scan" };
  GtkWidget *buttons[] = {
    g_object_get_data (G_OBJECT (row), "scan"),
    g_object_get_data (G_OBJECT (row), "import"),
    g_object_get_data (G_OBJECT (row), "cancel"),
  };
  /* Translators: %s is a material: 扫描：营业执照 */
  g_autofree char *scan_name = g_strdup_printf (_("Scan: %s"), name);
  /* Translators: %s is a material */
  g_autofree char *import_name = g_strdup_printf (_("Import file: %s"), name);
  /* Translators: %s is a material */
  g_autofree char *cancel_name = g_strdup_printf (_("Cancel scanning: %s"), name);
  const char *labels[] = { scan_name, import_name, cancel_name };
  g_autofree char *pages_name = g_strdup_printf (_("Pages of %s"), name);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      const char *label = labels[i];

      /* The target before the name: a name without its target would not activate. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (buttons[i]), "s", code);
      if (gtk_actionable_get_action_name (GTK_ACTIONABLE (buttons[i])) == NULL)
        gtk_actionable_set_action_name (GTK_ACTIONABLE (buttons[i]), actions[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (pages), GTK_ACCESSIBLE_PROPERTY_LABEL, pages_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL, pages_name, -1);

  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property_full (material, "n-pages", pages, "label", G_BINDING_SYNC_CREATE,
                                 pages_to_text, NULL, material, NULL)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property_full (material, "progress", progress, "fraction", G_BINDING_SYNC_CREATE,
                                 progress_to_fraction, NULL, NULL, NULL)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property (material, "busy", progress, "visible", G_BINDING_SYNC_CREATE)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property (material, "busy", buttons[2], "visible", G_BINDING_SYNC_CREATE)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property (material, "busy", buttons[0], "sensitive",
                            G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property (material, "busy", buttons[1], "sensitive",
                            G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN)));
}

/**
 * yc_material_checklist_scan:
 * @code: the material
 *
 * Scans into the material, after its pages, with the scanner and settings chosen in the
 * popover (the first scanner found when none was chosen).  Errors are shown as toasts.
 *
 * Returns: %FALSE when no row is of @code or it is being scanned already
 */
gboolean
yc_material_checklist_scan (YcMaterialChecklist *self,
                            const char          *code)
{
  YcIntakeMaterial *material;

  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  material = yc_material_checklist_lookup (self, code);
  if (material == NULL || yc_intake_material_get_busy (material))
    return FALSE;
  start_scan (self, material, G_MAXUINT, FALSE);
  return TRUE;
}

/**
 * yc_material_checklist_scan_next_missing:
 *
 * Selects the first material, in the order of the list, that is to be handed in (not
 * shared, not pledged) and has no pages yet — or, for an electronic material, fewer pages
 * than copies — and scans into it.
 *
 * Returns: %FALSE when every such material has pages
 */
gboolean
yc_material_checklist_scan_next_missing (YcMaterialChecklist *self)
{
  guint n;

  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
      YcIntakeState state = yc_intake_material_get_state (material);

      /* An electronic material wants a page for each copy: F8 again scans its next copy. */
      if (state == YC_INTAKE_STATE_SHARED || state == YC_INTAKE_STATE_PLEDGED
          || yc_intake_material_get_busy (material)
          || (yc_intake_material_get_n_pages (material) > 0
              && !(yc_intake_material_needs_pages (material)
                   && yc_intake_material_get_n_pages (material)
                      < yc_intake_material_get_copies_required (material))))
        continue;
      start_scan (self, material, G_MAXUINT, FALSE);
      return TRUE;
    }
  return FALSE;
}

/**
 * yc_material_checklist_import:
 * @files: (element-type GFile): imported one after the other, after the material's pages
 *
 * Returns: %FALSE when no row is of @code or it is busy
 */
gboolean
yc_material_checklist_import (YcMaterialChecklist *self,
                              const char          *code,
                              GPtrArray           *files)
{
  YcIntakeMaterial *material;
  GPtrArray *copy;

  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (files != NULL, FALSE);

  material = yc_material_checklist_lookup (self, code);
  if (material == NULL || yc_intake_material_get_busy (material) || files->len == 0)
    return FALSE;
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (files, i)));
  start_import (self, material, G_MAXUINT, copy);
  return TRUE;
}

/**
 * yc_material_checklist_get_page_strip:
 *
 * Returns: (transfer none): the strip of the selected material's pages
 */
YcPageStrip *
yc_material_checklist_get_page_strip (YcMaterialChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), NULL);
  return self->page_strip;
}

/**
 * yc_material_checklist_get_scanner_settings:
 *
 * Returns: (transfer none): the scanner settings popover
 */
YcScanSettingsPopover *
yc_material_checklist_get_scanner_settings (YcMaterialChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), NULL);
  return self->scanner_popover;
}
