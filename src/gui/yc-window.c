/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-window.h"

/*
 * The main window.  It opens before the store and the catalog are ready: first a loading
 * page, then the counter view once the application hands it its services, or a page with
 * the error when they cannot be opened.
 */

struct _YcWindow
{
  AdwApplicationWindow  parent_instance;

  YcCounterView        *counter_view;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (YcWindow, yc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
yc_window_class_init (YcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YcWindow, error_page);
}

static void
yc_window_init (YcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

YcWindow *
yc_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (YC_TYPE_WINDOW, "application", application, NULL);
}

void
yc_window_show_loading (YcWindow *self)
{
  g_return_if_fail (YC_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * yc_window_show_error:
 * @error: why the counter cannot work; its message is shown as it is
 */
void
yc_window_show_error (YcWindow     *self,
                      const GError *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* The description is markup; messages quote file contents and paths such as <data>. */
  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/**
 * yc_window_show_counter:
 * @store: (nullable): the local store
 * @search_index: the search over the catalog in use
 *
 * Replaces the loading page with the counter view working with these services.
 */
void
yc_window_show_counter (YcWindow      *self,
                        YcStore       *store,
                        YcSearchIndex *search_index)
{
  GtkWidget *view;

  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (YC_IS_SEARCH_INDEX (search_index));

  if (self->counter_view != NULL)
    gtk_stack_remove (self->stack, GTK_WIDGET (self->counter_view));

  view = yc_counter_view_new (store, search_index);
  self->counter_view = YC_COUNTER_VIEW (view);
  gtk_stack_add_named (self->stack, view, "counter");
  gtk_stack_set_visible_child (self->stack, view);

  /* The clerk's first move is a search. */
  gtk_widget_activate_action (view, "counter.focus-search", NULL);
}

/**
 * yc_window_get_counter_view:
 *
 * Returns: (transfer none) (nullable): the counter view, or %NULL while loading
 */
YcCounterView *
yc_window_get_counter_view (YcWindow *self)
{
  g_return_val_if_fail (YC_IS_WINDOW (self), NULL);
  return self->counter_view;
}

void
yc_window_add_toast (YcWindow   *self,
                     const char *message)
{
  g_return_if_fail (YC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
