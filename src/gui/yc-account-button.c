/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-account-button"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-account-button.h"

/*
 * Who is signed in at which window, in the header bar: "张三 · JB01-W01", with
 * "离线登录" when the back office did not check the password (offline sign-in, or the
 * session ended at the back office).  Its menu locks the screen (win.lock) and signs out
 * (win.sign-out); the window owns both actions.
 */

struct _YcAccountButton
{
  GtkWidget         parent_instance;

  YcSessionManager *sessions;
  char             *place;        /* "HALL-WINDOW", or NULL */

  GtkMenuButton    *button;
  GtkLabel         *who_label;
};

G_DEFINE_FINAL_TYPE (YcAccountButton, yc_account_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
role_name (const char *role)
{
  if (g_strcmp0 (role, "clerk") == 0)
    return _("Clerk");
  if (g_strcmp0 (role, "supervisor") == 0)
    return _("Supervisor");
  if (g_strcmp0 (role, "reviewer") == 0)
    return _("Reviewer");
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  return role != NULL ? role : "";
}

static void
update (YcAccountButton *self)
{
  const char *username = yc_session_manager_get_username (self->sessions);
  const char *display_name = yc_session_manager_get_display_name (self->sessions);
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *who = NULL;

  if (username == NULL)
    {
      gtk_menu_button_set_label (self->button, _("Not signed in"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not signed in"), -1);
      gtk_label_set_text (self->who_label, "");
      return;
    }

  g_string_append (label, username);
  if (self->place != NULL)
    g_string_append_printf (label, " · %s", self->place);
  if (!yc_session_manager_is_online (self->sessions))
    g_string_append_printf (label, " · %s", _("Offline sign-in"));
  gtk_menu_button_set_label (self->button, label->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);

  /* Translators: display name (username), role */
  who = g_strdup_printf (_("%s (%s), %s"),
                         display_name != NULL && *display_name != '\0' ? display_name : username,
                         username, role_name (yc_session_manager_get_role (self->sessions)));
  gtk_label_set_text (self->who_label, who);
}

static GtkWidget *
menu_button (GtkWidget  *popover,
             const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  /* Closed first: an open popover would keep the keyboard from the lock page or dialog. */
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0.0);
  return button;
}

static void
yc_account_button_constructed (GObject *object)
{
  YcAccountButton *self = YC_ACCOUNT_BUTTON (object);
  static const char * const props[] = { "notify::username", "notify::display-name",
                                        "notify::online", "notify::role" };

  G_OBJECT_CLASS (yc_account_button_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (self->sessions, props[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
yc_account_button_dispose (GObject *object)
{
  YcAccountButton *self = (YcAccountButton *)object;

  if (self->button != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->place, g_free);

  G_OBJECT_CLASS (yc_account_button_parent_class)->dispose (object);
}

static void
yc_account_button_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcAccountButton *self = YC_ACCOUNT_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SESSION_MANAGER:
      self->sessions = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_account_button_class_init (YcAccountButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_account_button_constructed;
  object_class->dispose = yc_account_button_dispose;
  object_class->set_property = yc_account_button_set_property;

  properties[PROP_SESSION_MANAGER] =
    g_param_spec_object ("session-manager", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_account_button_init (YcAccountButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *popover = gtk_popover_new ();

  self->who_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->who_label, 0.0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->who_label), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->who_label), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->who_label), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->who_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->who_label));
  gtk_box_append (GTK_BOX (box), menu_button (popover, _("Lock Screen"), "win.lock"));
  gtk_box_append (GTK_BOX (box), menu_button (popover, _("Sign Out"), "win.sign-out"));
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Signed-in user: lock the screen or sign out"));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
}

GtkWidget *
yc_account_button_new (YcSessionManager *sessions)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (sessions), NULL);

  return g_object_new (YC_TYPE_ACCOUNT_BUTTON, "session-manager", sessions, NULL);
}

/**
 * yc_account_button_set_window:
 * @hall: the hall code of this computer
 * @window: its window code
 */
void
yc_account_button_set_window (YcAccountButton *self,
                              const char      *hall,
                              const char      *window)
{
  g_return_if_fail (YC_IS_ACCOUNT_BUTTON (self));
  g_return_if_fail (hall != NULL && window != NULL);

  g_free (self->place);
  self->place = g_strdup_printf ("%s-%s", hall, window);
  update (self);
}
