/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-reauth-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-reauth-dialog.h"

/*
 * The password again, for the same user, without signing out (see the header).  Built in
 * code: a message, who is signed in, a password field, a line for errors, "Later" and
 * "Sign In".  The field is cleared after every attempt: a password must not stay on screen
 * in a window the clerk may leave open.
 */

struct _YcReauthDialog
{
  AdwWindow         parent_instance;

  YcSessionManager *sessions;
  gboolean          busy;
  gboolean          closed;   /* an answer arriving later is the session's alone */

  GtkLabel         *message_label;
  GtkLabel         *user_label;
  GtkPasswordEntry *password_entry;
  GtkLabel         *error_label;
  GtkButton        *sign_in_button;
  GtkButton        *later_button;
  GtkSpinner       *spinner;
};

G_DEFINE_FINAL_TYPE (YcReauthDialog, yc_reauth_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SESSIONS,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_busy (YcReauthDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  /* Focus leaves the field before it turns insensitive: GTK does not tell a field that
   * loses the focus that way, and its cursor would keep blinking (with a warning). */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
show_error (YcReauthDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_user (YcReauthDialog *self)
{
  const char *username = self->sessions != NULL ? yc_session_manager_get_username (self->sessions) : NULL;
  const char *display_name = self->sessions != NULL ? yc_session_manager_get_display_name (self->sessions) : NULL;
  g_autofree char *text = NULL;

  if (username == NULL)
    text = g_strdup ("");
  else if (display_name != NULL && *display_name != '\0' && g_strcmp0 (display_name, username) != 0)
    /* Translators: who signs in again; %s: the display name, %s: the user name */
    text = g_strdup_printf (_("User: %s (%s)"), display_name, username);
  else
    /* Translators: who signs in again; %s: the user name */
    text = g_strdup_printf (_("User: %s"), username);
  gtk_label_set_text (self->user_label, text);
}

static void
reauthenticated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YcReauthDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = yc_session_manager_reauthenticate_finish (YC_SESSION_MANAGER (source), result, &error);
  self->busy = FALSE;
  if (self->closed)
    return;
  set_busy (self, FALSE);
  if (!ok)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
  gtk_window_close (GTK_WINDOW (self));
}

void
yc_reauth_dialog_submit (YcReauthDialog *self)
{
  g_autofree char *password = NULL;

  g_return_if_fail (YC_IS_REAUTH_DIALOG (self));

  if (self->busy || self->closed || self->sessions == NULL)
    return;
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  if (*password == '\0')
    {
      show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  /* Not cancelled when the dialog closes: a sign-in under way completes for the session. */
  yc_session_manager_reauthenticate_async (self->sessions, password, NULL,
                                           reauthenticated_cb, g_object_ref (self));
  memset (password, 0, strlen (password));
}

static void
sign_in_clicked_cb (YcReauthDialog *self)
{
  yc_reauth_dialog_submit (self);
}

static void
later_clicked_cb (YcReauthDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (YcReauthDialog *self)
{
  self->closed = TRUE;
  /* The password field's cursor stops blinking before the field goes (else GTK warns that
   * it never lost the focus). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  return FALSE;
}

static void
yc_reauth_dialog_dispose (GObject *object)
{
  YcReauthDialog *self = YC_REAUTH_DIALOG (object);

  self->closed = TRUE;
  g_clear_object (&self->sessions);
  G_OBJECT_CLASS (yc_reauth_dialog_parent_class)->dispose (object);
}

static void
yc_reauth_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcReauthDialog *self = YC_REAUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSIONS:
      g_value_set_object (value, self->sessions);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_reauth_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcReauthDialog *self = YC_REAUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSIONS:
      self->sessions = g_value_dup_object (value);
      update_user (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_reauth_dialog_class_init (YcReauthDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yc_reauth_dialog_dispose;
  object_class->get_property = yc_reauth_dialog_get_property;
  object_class->set_property = yc_reauth_dialog_set_property;

  properties[PROP_SESSIONS] =
    g_param_spec_object ("session-manager", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
yc_reauth_dialog_init (YcReauthDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = adw_window_title_new (_("Sign In Again"), NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Sign In Again"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 420, -1);
  gtk_window_set_resizable (GTK_WINDOW (self), FALSE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 24);
  gtk_widget_set_margin_end (content, 24);

  self->message_label = GTK_LABEL (gtk_label_new (_("Your sign-in has expired. Please enter your "
                                                    "password again.")));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "heading");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->message_label));

  {
    GtkWidget *note = gtk_label_new (_("Intake goes on as it was; nothing accepted is lost. The "
                                       "waiting cases are sent once you are signed in."));

    gtk_label_set_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_xalign (GTK_LABEL (note), 0);
    gtk_widget_add_css_class (note, "dim-label");
    gtk_box_append (GTK_BOX (content), note);
  }

  self->user_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->user_label, 0);
  gtk_label_set_selectable (self->user_label, FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->user_label));

  self->password_entry = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (self->password_entry, TRUE);
  g_object_set (self->password_entry, "activates-default", TRUE,
                "placeholder-text", _("Password"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->password_entry));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->spinner));
  self->later_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Later")));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->later_button));
  self->sign_in_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Sign In")));
  gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->sign_in_button));
  gtk_box_append (GTK_BOX (content), buttons);

  gtk_box_append (GTK_BOX (toolbar), content);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->sign_in_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_entry));

  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in_clicked_cb), self);
  g_signal_connect_swapped (self->later_button, "clicked", G_CALLBACK (later_clicked_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

GtkWidget *
yc_reauth_dialog_new (YcSessionManager *sessions,
                      GtkWindow        *parent)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (sessions), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (YC_TYPE_REAUTH_DIALOG, "session-manager", sessions,
                       "transient-for", parent, NULL);
}

void
yc_reauth_dialog_set_password (YcReauthDialog *self,
                               const char     *password)
{
  g_return_if_fail (YC_IS_REAUTH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password != NULL ? password : "");
}

gboolean
yc_reauth_dialog_get_busy (YcReauthDialog *self)
{
  g_return_val_if_fail (YC_IS_REAUTH_DIALOG (self), FALSE);
  return self->busy;
}

const char *
yc_reauth_dialog_get_error (YcReauthDialog *self)
{
  g_return_val_if_fail (YC_IS_REAUTH_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label)
                                                                  : NULL;
}

const char *
yc_reauth_dialog_get_message (YcReauthDialog *self)
{
  g_return_val_if_fail (YC_IS_REAUTH_DIALOG (self), NULL);
  return gtk_label_get_text (self->message_label);
}
