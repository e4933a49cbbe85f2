/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-viewer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "yc-page-viewer-private.h"
#include "yc-scan-error.h"

/*
 * 裁切 in the page viewer: C toggles it; a rectangle drawn on a scanned page keeps what is
 * inside it, or the margins typed in millimetres (Enter) cut off its edges.  Crops are the
 * page's (yc_scan_page_crop()), lossless and kept, so the strip and the viewer follow.
 */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               YcPageViewer   *self)
{
  if (!gtk_toggle_button_get_active (self->crop_button) || self->item == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = TRUE;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_w = self->drag_h = 0;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                YcPageViewer   *self)
{
  double x, y;

  if (!self->dragging)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  self->drag_x = dx < 0 ? x + dx : x;
  self->drag_y = dy < 0 ? y + dy : y;
  self->drag_w = fabs (dx);
  self->drag_h = fabs (dy);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             YcPageViewer   *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->dragging)
    return;
  drag_update_cb (gesture, dx, dy, self);
  self->dragging = FALSE;
  if (!yc_page_viewer_crop (self, self->drag_x, self->drag_y, self->drag_w, self->drag_h, &error))
    {
      g_debug ("Not cropped: %s", error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
    }
  gtk_toggle_button_set_active (self->crop_button, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* 裁切 on: the margins, at 0, each no more than the page's side; the top one focused,
 * so that the keyboard alone (C, the numbers, Enter) crops. */
static void
crop_toggled_cb (YcPageViewer *self)
{
  gboolean active = gtk_toggle_button_get_active (self->crop_button);
  GtkSpinButton *spins[] = { self->top_spin, self->bottom_spin, self->left_spin, self->right_spin };

  gtk_widget_set_visible (self->crop_bar, active && self->item != NULL);
  if (!active || self->item == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      YcScanPage *page = yc_page_item_get_page (self->item);
      guint pixels = i < 2 ? yc_scan_page_get_height (page) : yc_scan_page_get_width (page);

      gtk_spin_button_set_range (spins[i], 0, pixels * 25.4 / MAX (yc_scan_page_get_dpi (page), 1));
      gtk_spin_button_set_value (spins[i], 0);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->top_spin));
}

static void
apply_crop_cb (YcPageViewer *self)
{
  g_autoptr(GError) error = NULL;

  /* What was typed but not yet committed with Tab counts too. */
  gtk_spin_button_update (self->top_spin);
  gtk_spin_button_update (self->bottom_spin);
  gtk_spin_button_update (self->left_spin);
  gtk_spin_button_update (self->right_spin);
  if (!yc_page_viewer_crop_margins (self, gtk_spin_button_get_value (self->top_spin),
                                    gtk_spin_button_get_value (self->right_spin),
                                    gtk_spin_button_get_value (self->bottom_spin),
                                    gtk_spin_button_get_value (self->left_spin), &error))
    {
      gtk_widget_set_tooltip_text (self->apply_crop_button, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_toggle_button_set_active (self->crop_button, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->area));
}

static void
crop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcPageViewer *self = YC_PAGE_VIEWER (widget);

  gtk_toggle_button_set_active (self->crop_button, !gtk_toggle_button_get_active (self->crop_button));
}

void
yc_page_viewer_install_crop (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "viewer.crop", NULL, crop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "viewer.crop", NULL);
}

void
yc_page_viewer_init_crop (YcPageViewer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkSpinButton *spins[] = { self->top_spin, self->bottom_spin, self->left_spin, self->right_spin };

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (self->crop_button, "toggled", G_CALLBACK (crop_toggled_cb), self);
  g_signal_connect_swapped (self->apply_crop_button, "clicked", G_CALLBACK (apply_crop_cb), self);
  /* Enter in a margin crops (GTK 4.8's spin button has no ::activate; its text has) */
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (spins[i])), "activate",
                              G_CALLBACK (apply_crop_cb), self);
}

/**
 * yc_page_viewer_crop:
 * @x: (in): the rectangle in the page area's coordinates, as the clerk drew it
 *
 * Crops the page shown (of a page list, not a PDF) to the part of it inside the rectangle:
 * the drag of 裁切.  The crop is the page's (yc_scan_page_crop()), lossless and kept.
 *
 * Returns: %FALSE when the rectangle misses the page or there is no scanned page
 */
gboolean
yc_page_viewer_crop (YcPageViewer  *self,
                     double         x,
                     double         y,
                     double         width,
                     double         height,
                     GError       **error)
{
  g_autoptr(YcScanPage) cropped = NULL;
  cairo_matrix_t matrix;
  double px[4] = { x, x + width, x, x + width };
  double py[4] = { y, y, y + height, y + height };
  double left = G_MAXDOUBLE, top = G_MAXDOUBLE, right = -G_MAXDOUBLE, bottom = -G_MAXDOUBLE;
  YcScanPage *page;

  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), FALSE);

  if (!yc_page_viewer_page_matrix (self, gtk_widget_get_width (GTK_WIDGET (self->area)),
                                   gtk_widget_get_height (GTK_WIDGET (self->area)), &matrix)
      || cairo_matrix_invert (&matrix) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED, _("Only a scanned or imported page can be cropped"));
      return FALSE;
    }
  page = yc_page_item_get_page (self->item);
  for (guint i = 0; i < 4; i++)
    {
      cairo_matrix_transform_point (&matrix, &px[i], &py[i]);
      left = MIN (left, px[i]);
      right = MAX (right, px[i]);
      top = MIN (top, py[i]);
      bottom = MAX (bottom, py[i]);
    }
  left = CLAMP (floor (left), 0, yc_scan_page_get_width (page));
  right = CLAMP (ceil (right), 0, yc_scan_page_get_width (page));
  top = CLAMP (floor (top), 0, yc_scan_page_get_height (page));
  bottom = CLAMP (ceil (bottom), 0, yc_scan_page_get_height (page));
  cropped = yc_scan_page_crop (page, (guint) left, (guint) top, (guint) (right - left),
                               (guint) (bottom - top), error);
  if (cropped == NULL)
    return FALSE;
  yc_page_item_set_page (self->item, cropped);
  return TRUE;
}

/**
 * yc_page_viewer_crop_margins:
 * @top: millimetres to cut off the top of the page as shown (the view's turn left out)
 *
 * The exact crop of 裁切: so many millimetres off each edge of the scanned page shown
 * (yc_scan_page_crop_margins()), lossless and kept like the drag's.
 *
 * Returns: %FALSE when there is no scanned page or the margins leave nothing of it
 */
gboolean
yc_page_viewer_crop_margins (YcPageViewer  *self,
                             double         top,
                             double         right,
                             double         bottom,
                             double         left,
                             GError       **error)
{
  g_autoptr(YcScanPage) cropped = NULL;

  g_return_val_if_fail (YC_IS_PAGE_VIEWER (self), FALSE);

  if (self->item == NULL)
    {
      g_set_error (error, YC_SCAN_ERROR, YC_SCAN_ERROR_UNSUPPORTED, _("Only a scanned or imported page can be cropped"));
      return FALSE;
    }
  cropped = yc_scan_page_crop_margins (yc_page_item_get_page (self->item), top, right, bottom, left, error);
  if (cropped == NULL)
    return FALSE;
  yc_page_item_set_page (self->item, cropped);
  return TRUE;
}
