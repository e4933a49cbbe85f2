/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-viewer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>

#include "yc-page-item.h"
#include "yc-page-render.h"
#include "yc-page-viewer-private.h"

#define POINTS_PER_INCH 72.0
#define SCREEN_DPI      96.0
#define ZOOM_STEP       1.25
#define PAGE_MARGIN     12.0  /* pixels of background around the page */

G_DEFINE_FINAL_TYPE (YcPageViewer, yc_page_viewer, GTK_TYPE_WIDGET)

/* The shown page's size in points, before the view's rotation */
static gboolean
page_size (YcPageViewer *self,
           double       *width,
           double       *height)
{
  if (self->item != NULL)
    {
      YcScanPage *page = yc_page_item_get_page (self->item);
      double dpi = MAX (yc_scan_page_get_dpi (page), 1);

      *width = yc_scan_page_get_width (page) * POINTS_PER_INCH / dpi;
      *height = yc_scan_page_get_height (page) * POINTS_PER_INCH / dpi;
      return TRUE;
    }
  if (self->document != NULL && 2 * self->page + 1 < self->pdf_sizes->len)
    {
      *width = g_array_index (self->pdf_sizes, double, 2 * self->page);
      *height = g_array_index (self->pdf_sizes, double, 2 * self->page + 1);
      return TRUE;
    }
  return FALSE;
}

static void
view_size (YcPageViewer *self,
           double       *width,
           double       *height)
{
  double w = 0, h = 0;

  page_size (self, &w, &h);
  *width = self->rotation % 2 == 0 ? w : h;
  *height = self->rotation % 2 == 0 ? h : w;
}

/* Pixels per point for the area's size and the fit */
static double
scale_for (YcPageViewer *self,
           int           area_width,
           int           area_height)
{
  double w, h;

  view_size (self, &w, &h);
  if (w <= 0 || h <= 0)
    return self->zoom * SCREEN_DPI / POINTS_PER_INCH;
  switch (self->fit)
    {
    case YC_PAGE_FIT_PAGE:
      return MAX (MIN ((area_width - 2 * PAGE_MARGIN) / w, (area_height - 2 * PAGE_MARGIN) / h), 0.01);
    case YC_PAGE_FIT_WIDTH:
      return MAX ((area_width - 2 * PAGE_MARGIN) / w, 0.01);
    case YC_PAGE_FIT_NONE:
    default:
      return self->zoom * SCREEN_DPI / POINTS_PER_INCH;
    }
}

static void
update_labels (YcPageViewer *self)
{
  guint n = yc_page_viewer_get_n_pages (self);
  g_autofree char *page = NULL;
  g_autofree char *zoom = g_strdup_printf ("%.0f%%", self->zoom * 100);
  g_autofree char *description = NULL;

  /* Translators: page n of m */
  page = n > 0 ? g_strdup_printf (_("%u / %u"), self->page + 1, n) : g_strdup ("–");
  gtk_label_set_text (self->page_label, page);
  gtk_label_set_text (self->zoom_label, zoom);

  description = n > 0 ? g_strdup_printf (_("Page %u of %u"), self->page + 1, n) : g_strdup (_("No pages"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_label), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next", self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", n > 0 && self->zoom < YC_PAGE_VIEWER_MAX_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", n > 0 && self->zoom > YC_PAGE_VIEWER_MIN_ZOOM);
}

/* The area's size: the viewport's in the fits (the viewport allocates at least that),
 * the page's at the chosen zoom otherwise. */
static void
update_size (YcPageViewer *self)
{
  double w, h, scale;

  view_size (self, &w, &h);
  switch (self->fit)
    {
    case YC_PAGE_FIT_PAGE:
      gtk_drawing_area_set_content_width (self->area, 0);
      gtk_drawing_area_set_content_height (self->area, 0);
      break;
    case YC_PAGE_FIT_WIDTH:
      scale = scale_for (self, gtk_widget_get_width (GTK_WIDGET (self->scrolled)), 0);
      gtk_drawing_area_set_content_width (self->area, 0);
      gtk_drawing_area_set_content_height (self->area, (int) ceil (h * scale + 2 * PAGE_MARGIN));
      break;
    case YC_PAGE_FIT_NONE:
    default:
      scale = scale_for (self, 0, 0);
      gtk_drawing_area_set_content_width (self->area, (int) ceil (w * scale + 2 * PAGE_MARGIN));
      gtk_drawing_area_set_content_height (self->area, (int) ceil (h * scale + 2 * PAGE_MARGIN));
    }
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* From the page's pixels (as shown: cropped, rotated) to the area's coordinates */
gboolean
yc_page_viewer_page_matrix (YcPageViewer   *self,
                            int             width,
                            int             height,
                            cairo_matrix_t *matrix)
{
  double w, h, pw, ph, scale, dpi;

  if (self->item == NULL || !page_size (self, &pw, &ph))
    return FALSE;
  view_size (self, &w, &h);
  scale = scale_for (self, width, height);
  dpi = MAX (yc_scan_page_get_dpi (yc_page_item_get_page (self->item)), 1);
  cairo_matrix_init_translate (matrix, MAX (width / 2.0, w * scale / 2 + PAGE_MARGIN),
                               MAX (height / 2.0, h * scale / 2 + PAGE_MARGIN));
  cairo_matrix_scale (matrix, scale, scale);
  cairo_matrix_rotate (matrix, self->rotation * G_PI / 2);
  cairo_matrix_translate (matrix, -pw / 2, -ph / 2);
  cairo_matrix_scale (matrix, POINTS_PER_INCH / dpi, POINTS_PER_INCH / dpi);
  return TRUE;
}

/* The shown page's image is dropped, and its making stopped: another page, or an edit. */
static void
drop_image (YcPageViewer *self)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface_size = 0;
}

/* The viewer may be gone when the image comes: the request holds it weakly. */
static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
image_made_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(YcPageViewer) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = yc_page_render_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  weak_ref_free (ref);
  /* Only the newest request's image is the shown page's */
  if (self == NULL || cancellable != self->loading)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return;
    }
  g_clear_object (&self->loading);
  if (surface == NULL)
    {
      g_warning ("Cannot show the page: %s", error->message);
      return;
    }
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->surface_size = self->loading_size;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* Asks for the shown page's image with its longer side @pixels long, unless the one shown
 * or the one coming is as large or the largest there is. */
static void
load_image (YcPageViewer *self,
            double        pixels)
{
  /* At most 4,096 pixels (350 dpi for A4, more than any scan has): an 8× zoom of a page
   * drawn at full size would need a quarter of a gigabyte; beyond that it is scaled up. */
  guint wanted = (guint) MIN (ceil (MAX (pixels, 1.0) / YC_PAGE_RENDER_STEP), 16) * YC_PAGE_RENDER_STEP;

  if (self->item != NULL)
    {
      YcScanPage *page = yc_page_item_get_page (self->item);

      /* A scan has no more pixels than it was scanned with */
      wanted = MIN (wanted, MAX (yc_scan_page_get_width (page), yc_scan_page_get_height (page)));
    }
  else if (self->document == NULL)
    return;
  if (self->surface != NULL && self->surface_size >= wanted)
    return;
  if (self->loading != NULL && self->loading_size >= wanted)
    return;
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  self->loading_size = wanted;
  if (self->item != NULL)
    yc_page_render_scan_async (yc_page_item_get_page (self->item), wanted, self->loading,
                               image_made_cb, weak_ref_new (self));
  else
    yc_page_render_pdf_async (self->document, self->page, wanted, self->loading,
                              image_made_cb, weak_ref_new (self));
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  YcPageViewer *self = user_data;
  double w, h, pw, ph, scale;

  if (!page_size (self, &pw, &ph))
    return;
  view_size (self, &w, &h);
  scale = scale_for (self, width, height);
  if (self->fit != YC_PAGE_FIT_NONE && fabs (self->zoom - scale * POINTS_PER_INCH / SCREEN_DPI) > 0.001)
    {
      self->zoom = scale * POINTS_PER_INCH / SCREEN_DPI;
      update_labels (self);
    }

  /* Centred when smaller than the area; the view's rotation about the page's centre. */
  cairo_translate (cr, MAX (width / 2.0, w * scale / 2 + PAGE_MARGIN),
                   MAX (height / 2.0, h * scale / 2 + PAGE_MARGIN));
  cairo_scale (cr, scale, scale);
  cairo_rotate (cr, self->rotation * G_PI / 2);
  cairo_translate (cr, -pw / 2, -ph / 2);

  cairo_rectangle (cr, 0, 0, pw, ph);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  /* Until the image comes: the white page, or the image made for a smaller size */
  if (self->surface != NULL)
    {
      cairo_save (cr);
      cairo_scale (cr, pw / cairo_image_surface_get_width (self->surface),
                   ph / cairo_image_surface_get_height (self->surface));
      cairo_set_source_surface (cr, self->surface, 0, 0);
      /* Scanned text stays readable when shrunk: a good filter, not the nearest pixel. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  load_image (self, MAX (pw, ph) * scale * gtk_widget_get_scale_factor (GTK_WIDGET (area)));

  if (self->item != NULL && self->dragging)
    {
      cairo_identity_matrix (cr);
      cairo_rectangle (cr, self->drag_x + 0.5, self->drag_y + 0.5, self->drag_w, self->drag_h);
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.2);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static void
item_page_cb (YcPageViewer *self)
{
  /* An edit in the strip (rotate, crop): a new page, made and drawn again. */
  drop_image (self);
  update_size (self);
}

static void
show_page (YcPageViewer *self)
{
  guint n = yc_page_viewer_get_n_pages (self);

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, item_page_cb, self);
  g_clear_object (&self->item);
  drop_image (self);
  if (n > 0 && self->page >= n)
    self->page = n - 1;
  if (self->pages != NULL && n > 0)
    {
      self->item = g_list_model_get_item (self->pages, self->page);
      g_signal_connect_object (self->item, "notify::page", G_CALLBACK (item_page_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_size (self);
}

static void
pages_changed_cb (YcPageViewer *self)
{
  show_page (self);
}

static void
area_resize_cb (YcPageViewer *self)
{
  if (self->fit == YC_PAGE_FIT_WIDTH)
    update_size (self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageViewer *self = YC_PAGE_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.next"))
    yc_page_viewer_set_page (self, self->page + 1);
  else if (self->page > 0)
    yc_page_viewer_set_page (self, self->page - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageViewer *self = YC_PAGE_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.zoom-in"))
    yc_page_viewer_set_zoom (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "viewer.zoom-out"))
    yc_page_viewer_set_zoom (self, self->zoom / ZOOM_STEP);
  else if (g_str_equal (action_name, "viewer.fit-width"))
    yc_page_viewer_set_fit (self, YC_PAGE_FIT_WIDTH);
  else
    yc_page_viewer_set_fit (self, YC_PAGE_FIT_PAGE);
}

static void
rotate_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcPageViewer *self = YC_PAGE_VIEWER (widget);

  self->rotation = (self->rotation + 4 + (g_variant_get_int32 (parameter) % 4)) % 4;
  update_size (self);
}

static void
clear_source (YcPageViewer *self)
{
  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_func (self->pages, pages_changed_cb, self);
  g_clear_object (&self->pages);
  g_clear_object (&self->document);
  g_clear_pointer (&self->pdf_sizes, g_array_unref);
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, item_page_cb, self);
  g_clear_object (&self->item);
  drop_image (self);
}

static void
yc_page_viewer_dispose (GObject *object)
{
  YcPageViewer *self = (YcPageViewer *)object;

  clear_source (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_PAGE_VIEWER);

  G_OBJECT_CLASS (yc_page_viewer_parent_class)->dispose (object);
}

static void
yc_page_viewer_grab_focus_cb (YcPageViewer *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->area));
}

static void
yc_page_viewer_class_init (YcPageViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_page_viewer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-page-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, box);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, page_label);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, scrolled);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, area);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, crop_button);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, crop_bar);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, top_spin);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, bottom_spin);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, left_spin);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, right_spin);
  gtk_widget_class_bind_template_child (widget_class, YcPageViewer, apply_crop_button);

  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.fit-page", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate", "i", rotate_action);
  yc_page_viewer_install_crop (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.fit-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "viewer.fit-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "viewer.rotate", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_SHIFT_MASK, "viewer.rotate", "i", -1);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pageviewer");
}

static void
yc_page_viewer_init (YcPageViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fit = YC_PAGE_FIT_PAGE;
  self->zoom = 1.0;
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect_swapped (self->area, "resize", G_CALLBACK (area_resize_cb), self);
  g_signal_connect_swapped (self, "map", G_CALLBACK (yc_page_viewer_grab_focus_cb), self);
  yc_page_viewer_init_crop (self);
  update_labels (self);
}

GtkWidget *
yc_page_viewer_new (void)
{
  return g_object_new (YC_TYPE_PAGE_VIEWER, NULL);
}

void
yc_page_viewer_set_pages (YcPageViewer *self,
                          GListModel   *pages)
{
  g_return_if_fail (YC_IS_PAGE_VIEWER (self));
  g_return_if_fail (pages == NULL || G_IS_LIST_MODEL (pages));

  clear_source (self);
  self->page = 0;
  if (pages != NULL)
    {
      self->pages = g_object_ref (pages);
      g_signal_connect_object (pages, "items-changed", G_CALLBACK (pages_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  show_page (self);
}

gboolean
yc_page_viewer_set_pdf (YcPageViewer  *self,
                        GBytes        *pdf,
                        GError       **error)
{
  PopplerDocument *document;
  GArray *sizes = NULL;

  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);

  document = yc_page_render_pdf_open (pdf, &sizes, error);
  if (document == NULL)
    return FALSE;
  clear_source (self);
  self->document = document;
  self->pdf_sizes = sizes;
  self->page = 0;
  show_page (self);
  return TRUE;
}

guint
yc_page_viewer_get_n_pages (YcPageViewer *self)
{
  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), 0);

  if (self->pages != NULL)
    return g_list_model_get_n_items (self->pages);
  if (self->document != NULL)
    return self->pdf_sizes->len / 2;
  return 0;
}

guint
yc_page_viewer_get_page (YcPageViewer *self)
{
  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), 0);
  return self->page;
}

void
yc_page_viewer_set_page (YcPageViewer *self,
                         guint         page)
{
  guint n;

  g_return_if_fail (YC_IS_PAGE_VIEWER (self));

  n = yc_page_viewer_get_n_pages (self);
  if (n == 0 || page >= n)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  self->page = page;
  show_page (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
}

YcPageFit
yc_page_viewer_get_fit (YcPageViewer *self)
{
  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), YC_PAGE_FIT_PAGE);
  return self->fit;
}

void
yc_page_viewer_set_fit (YcPageViewer *self,
                        YcPageFit     fit)
{
  g_return_if_fail (YC_IS_PAGE_VIEWER (self));

  self->fit = fit;
  update_size (self);
}

/**
 * yc_page_viewer_get_zoom:
 *
 * Returns: the zoom the page is drawn at (after a fit: the fit's, once drawn)
 */
double
yc_page_viewer_get_zoom (YcPageViewer *self)
{
  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), 1.0);
  return self->zoom;
}

void
yc_page_viewer_set_zoom (YcPageViewer *self,
                         double        zoom)
{
  g_return_if_fail (YC_IS_PAGE_VIEWER (self));

  self->zoom = CLAMP (zoom, YC_PAGE_VIEWER_MIN_ZOOM, YC_PAGE_VIEWER_MAX_ZOOM);
  self->fit = YC_PAGE_FIT_NONE;
  update_size (self);
}

guint
yc_page_viewer_get_rotation (YcPageViewer *self)
{
  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), 0);
  return self->rotation;
}
