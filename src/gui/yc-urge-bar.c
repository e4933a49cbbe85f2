/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-urge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-sync-actions.h"
#include "yc-urge-bar.h"
#include "yc-urge-item.h"

struct _YcUrgeBar
{
  GtkWidget     parent_instance;

  YcUrgeCenter *center;
  gulong        changed_id;
  GtkWidget    *revealer;
  GtkWidget    *button;    /* GtkMenuButton: the count, opens the list */
  GtkWidget    *list;      /* GtkListView of YcUrgeItem */
  GtkWidget    *error;     /* a failed acknowledgement */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (YcUrgeBar, yc_urge_bar, GTK_TYPE_WIDGET)

static void
update (YcUrgeBar *self)
{
  guint n = self->center != NULL ? g_list_model_get_n_items (yc_urge_center_get_model (self->center)) : 0;
  g_autofree char *text = NULL;

  /* Translators: the strip over the window while urges (督办) wait; %u: how many */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Urged: %u case waits for your answer",
                                       "Urged: %u cases wait for your answer", n), n);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  if (n == 0)
    gtk_menu_button_popdown (GTK_MENU_BUTTON (self->button));
}

static void
changed_cb (YcUrgeCenter *center,
            YcUrgeBar    *self)
{
  update (self);
}

static void
acknowledged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcUrgeBar) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_urge_center_acknowledge_finish (YC_URGE_CENTER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (GTK_LABEL (self->error), error->message);
      gtk_widget_set_visible (self->error, TRUE);
      return;
    }
  gtk_widget_set_visible (self->error, FALSE);
  /* The urge.ack waits in the outbox: send it now if the back office can be reached. */
  yc_sync_actions_kick (GTK_WIDGET (self));
}

static void
acknowledge_clicked_cb (GtkButton *button,
                        YcUrgeBar *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "urge-id");

  if (self->center == NULL || id == NULL)
    return;
  yc_urge_center_acknowledge_async (self->center, id, self->cancellable, acknowledged_cb,
                                    g_object_ref (self));
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          YcUrgeBar                *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *from = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Got it"));

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (message), 40);
  gtk_label_set_xalign (GTK_LABEL (from), 0);
  gtk_widget_add_css_class (from, "dim-label");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), message);
  gtk_box_append (GTK_BOX (text), from);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), button);
  g_signal_connect (button, "clicked", G_CALLBACK (acknowledge_clicked_cb), self);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         YcUrgeBar                *self)
{
  YcUrgeItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *message = gtk_widget_get_next_sibling (title);
  GtkWidget *from = gtk_widget_get_next_sibling (message);
  GtkWidget *button = gtk_widget_get_next_sibling (text);
  g_autofree char *title_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *button_name = NULL;

  /* Translators: %s: the case number of an urge (督办) */
  title_text = g_strdup_printf (_("Case %s"), yc_urge_item_get_title (item));
  /* Translators: %s: the supervisor who urged */
  from_text = g_strdup_printf (_("From %s"), yc_urge_item_get_from_user (item));
  /* Translators: the accessible name of an urge's "Got it" button; %s: the case number */
  button_name = g_strdup_printf (_("Got it: case %s"), yc_urge_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (title), title_text);
  gtk_label_set_text (GTK_LABEL (message), yc_urge_item_get_message (item));
  gtk_label_set_text (GTK_LABEL (from), from_text);
  g_object_set_data_full (G_OBJECT (button), "urge-id", g_strdup (yc_urge_item_get_id (item)), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_name, -1);
}

static void
yc_urge_bar_dispose (GObject *object)
{
  YcUrgeBar *self = YC_URGE_BAR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->center != NULL)
    g_clear_signal_handler (&self->changed_id, self->center);
  g_clear_object (&self->center);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_urge_bar_parent_class)->dispose (object);
}

static void
yc_urge_bar_finalize (GObject *object)
{
  YcUrgeBar *self = YC_URGE_BAR (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_urge_bar_parent_class)->finalize (object);
}

static void
yc_urge_bar_class_init (YcUrgeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_urge_bar_dispose;
  object_class->finalize = yc_urge_bar_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "urgebar");
}

static void
yc_urge_bar_init (YcUrgeBar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *strip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Urges from supervision"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->cancellable = g_cancellable_new ();
  self->revealer = gtk_revealer_new ();
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));
  gtk_widget_add_css_class (strip, "error");
  gtk_widget_add_css_class (strip, "toolbar");
  gtk_widget_set_halign (strip, GTK_ALIGN_CENTER);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), strip);
  gtk_box_append (GTK_BOX (strip), icon);

  self->button = gtk_menu_button_new ();
  gtk_widget_add_css_class (self->button, "destructive-action");
  gtk_box_append (GTK_BOX (strip), self->button);

  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = gtk_list_view_new (NULL, g_object_ref (factory));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open urges"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_widget_set_size_request (scrolled, 380, -1);
  self->error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error, "error");
  gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
  gtk_widget_set_visible (self->error, FALSE);
  gtk_box_append (GTK_BOX (content), heading);
  gtk_box_append (GTK_BOX (content), scrolled);
  gtk_box_append (GTK_BOX (content), self->error);
  gtk_popover_set_child (GTK_POPOVER (popover), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  update (self);
}

GtkWidget *
yc_urge_bar_new (void)
{
  return g_object_new (YC_TYPE_URGE_BAR, NULL);
}

void
yc_urge_bar_set_center (YcUrgeBar    *self,
                        YcUrgeCenter *center)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (YC_IS_URGE_BAR (self));
  g_return_if_fail (center == NULL || YC_IS_URGE_CENTER (center));

  if (self->center == center)
    return;
  if (self->center != NULL)
    g_clear_signal_handler (&self->changed_id, self->center);
  g_set_object (&self->center, center);
  if (center != NULL)
    {
      self->changed_id = g_signal_connect (center, "changed", G_CALLBACK (changed_cb), self);
      selection = gtk_no_selection_new (g_object_ref (yc_urge_center_get_model (center)));
    }
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list), GTK_SELECTION_MODEL (selection));
  gtk_widget_set_visible (self->error, FALSE);
  update (self);
}

YcUrgeCenter *
yc_urge_bar_get_center (YcUrgeBar *self)
{
  g_return_val_if_fail (YC_IS_URGE_BAR (self), NULL);
  return self->center;
}

void
yc_urge_bar_popup (YcUrgeBar *self)
{
  g_return_if_fail (YC_IS_URGE_BAR (self));

  if (self->center != NULL && g_list_model_get_n_items (yc_urge_center_get_model (self->center)) > 0)
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->button));
}
