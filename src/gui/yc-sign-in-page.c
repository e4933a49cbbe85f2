/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sign-in-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-sign-in-page.h"

/*
 * Who works at this window: the page shown after enrolment, after sign-out and over the
 * counter while the session is locked.  Signing in goes through YcSessionManager (online
 * first, else the cached verifier); only the people this computer is for get past it — at
 * a counter window the clerks of its hall and supervisors, at a back-office computer
 * reviewers and supervisors (refusal_for).  Locked, it asks the same user's password
 * or lets another user sign in instead ("switch-user": the window decides what happens to
 * the first user's unsaved intake).
 */

struct _YcSignInPage
{
  GtkWidget         parent_instance;

  YcSessionManager *sessions;
  GCancellable     *cancellable;
  char             *hall;            /* NULL: a back-office computer */
  char             *window;
  gboolean          busy;

  GtkLabel         *title_label;
  GtkLabel         *place_label;
  GtkStack         *mode_stack;
  AdwEntryRow      *username_row;
  AdwEntryRow      *password_row;
  AdwEntryRow      *unlock_row;
  GtkSpinner       *spinner;
  GtkLabel         *message_label;
};

G_DEFINE_FINAL_TYPE (YcSignInPage, yc_sign_in_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION_MANAGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_IN,
  UNLOCKED,
  SWITCH_USER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_actions (YcSignInPage *self)
{
  gboolean filled_in = *text_of (self->username_row) != '\0' && *text_of (self->password_row) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", !self->busy && filled_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.unlock",
                                 !self->busy && *text_of (self->unlock_row) != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.switch-user", !self->busy);
}

static void
set_busy (YcSignInPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_actions (self);
}

static void
show_message (YcSignInPage *self,
              const char   *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static void
changed_cb (YcSignInPage *self)
{
  update_actions (self);
}

static void
username_activated_cb (YcSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
sign_in_activated_cb (YcSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
unlock_activated_cb (YcSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.unlock", NULL);
}

/* Why this user may not work at this computer, or NULL when they may.  A counter window
 * (enrolled with its hall and window codes) is for the clerks of its hall and supervisors;
 * a back-office computer (enrolled with the address alone, self->hall NULL) for reviewers
 * and supervisors.  What the window then shows follows the role (yc-window-session.c). */
static char *
refusal_for (YcSignInPage        *self,
             const YcUserProfile *profile)
{
  switch (profile->role)
    {
    case YC_ROLE_CLERK:
      if (self->hall == NULL)
        /* Translators: %s is the username */
        return g_strdup_printf (_("%s is a clerk; this computer is a back-office computer for "
                                  "review and supervision. Sign in at a counter window of your hall."),
                                profile->username);
      if (g_strcmp0 (profile->hall, self->hall) != 0)
        return g_strdup_printf (_("%s is a clerk of hall %s; this window belongs to hall %s. "
                                  "Sign in at a window of your own hall."),
                                profile->username, profile->hall != NULL ? profile->hall : "-",
                                self->hall);
      return NULL;
    case YC_ROLE_SUPERVISOR:
      if (self->hall != NULL && profile->hall != NULL && g_strcmp0 (profile->hall, self->hall) != 0)
        return g_strdup_printf (_("%s supervises hall %s; this window belongs to hall %s."),
                                profile->username, profile->hall, self->hall);
      return NULL;
    case YC_ROLE_REVIEWER:
      if (self->hall != NULL)
        /* Translators: the username, then the hall and window codes of this computer */
        return g_strdup_printf (_("%s is a reviewer; this computer is counter window %s-%s. "
                                  "Reviewers sign in on a back-office computer (enrolled with the "
                                  "back office’s address only)."),
                                profile->username, self->hall, self->window);
      return NULL;
    case YC_ROLE_ADMIN:
    default:
      return g_strdup (_("Administrators manage the back office; this program is for clerks, "
                         "reviewers and supervisors. Sign in with one of their accounts."));
    }
}

static void
refused_sign_out_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Signed out locally at once; the back office hears of it when it can be reached. */
  if (!yc_session_manager_sign_out_finish (YC_SESSION_MANAGER (object), result, &error))
    g_debug ("Signing out a refused user: %s", error->message);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal = NULL;
  const YcUserProfile *profile;

  if (!yc_session_manager_sign_in_finish (YC_SESSION_MANAGER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  profile = yc_session_manager_get_profile (self->sessions);
  refusal = profile != NULL ? refusal_for (self, profile) : g_strdup (_("Sign in again."));
  if (refusal != NULL)
    {
      yc_session_manager_sign_out_async (self->sessions, NULL, refused_sign_out_cb, NULL);
      show_message (self, refusal);
      return;
    }

  show_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, yc_session_manager_is_online (self->sessions));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcSignInPage *self = YC_SIGN_IN_PAGE (widget);
  g_autofree char *username = g_strstrip (g_strdup (text_of (self->username_row)));

  if (self->busy || *username == '\0' || *text_of (self->password_row) == '\0')
    return;

  show_message (self, NULL);
  set_busy (self, TRUE);
  yc_session_manager_sign_in_async (self->sessions, username, text_of (self->password_row),
                                    self->cancellable, signed_in_cb, g_object_ref (self));
}

static void
unlocked_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(YcSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_session_manager_unlock_finish (YC_SESSION_MANAGER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->unlock_row));
      return;
    }

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
  show_message (self, NULL);
  g_signal_emit (self, signals[UNLOCKED], 0);
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcSignInPage *self = YC_SIGN_IN_PAGE (widget);

  if (self->busy || *text_of (self->unlock_row) == '\0')
    return;

  show_message (self, NULL);
  set_busy (self, TRUE);
  yc_session_manager_unlock_async (self->sessions, text_of (self->unlock_row), self->cancellable,
                                   unlocked_cb, g_object_ref (self));
}

static void
switch_user_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YcSignInPage *self = YC_SIGN_IN_PAGE (widget);

  if (self->busy)
    return;
  g_signal_emit (self, signals[SWITCH_USER], 0);
}

static void
yc_sign_in_page_dispose (GObject *object)
{
  YcSignInPage *self = (YcSignInPage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (yc_sign_in_page_parent_class)->dispose (object);
}

static void
yc_sign_in_page_finalize (GObject *object)
{
  YcSignInPage *self = (YcSignInPage *)object;

  g_free (self->hall);
  g_free (self->window);

  G_OBJECT_CLASS (yc_sign_in_page_parent_class)->finalize (object);
}

static void
yc_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcSignInPage *self = YC_SIGN_IN_PAGE (object);

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
yc_sign_in_page_class_init (YcSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sign_in_page_dispose;
  object_class->finalize = yc_sign_in_page_finalize;
  object_class->set_property = yc_sign_in_page_set_property;

  properties[PROP_SESSION_MANAGER] =
    g_param_spec_object ("session-manager", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcSignInPage::signed-in:
   * @online: whether the back office checked the password (else the cached verifier did)
   *
   * A user allowed at this computer signed in (see refusal_for).
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * YcSignInPage::unlocked:
   *
   * The locked user gave their password again.
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YcSignInPage::switch-user:
   *
   * Locked, someone else wants to sign in: the window signs the locked user out (after
   * asking about an unsaved intake) and shows the sign-in again.
   */
  signals[SWITCH_USER] = g_signal_new ("switch-user", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, place_label);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, unlock_row);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, YcSignInPage, message_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "sign-in.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "sign-in.switch-user", NULL, switch_user_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signinpage");
}

static void
yc_sign_in_page_init (YcSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

GtkWidget *
yc_sign_in_page_new (YcSessionManager *sessions)
{
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (sessions), NULL);

  return g_object_new (YC_TYPE_SIGN_IN_PAGE, "session-manager", sessions, NULL);
}

/**
 * yc_sign_in_page_set_window:
 * @hall: (nullable): the hall code of this computer, whose clerks may sign in; %NULL for a
 *   back-office computer (reviewers and supervisors)
 * @window: (nullable): the window code (%NULL with @hall)
 * @window_name: (nullable): the window's name at the back office
 */
void
yc_sign_in_page_set_window (YcSignInPage *self,
                            const char   *hall,
                            const char   *window,
                            const char   *window_name)
{
  g_autofree char *place = NULL;

  g_return_if_fail (YC_IS_SIGN_IN_PAGE (self));
  g_return_if_fail ((hall == NULL) == (window == NULL));

  g_free (self->hall);
  self->hall = g_strdup (hall);
  g_free (self->window);
  self->window = g_strdup (window);
  if (hall == NULL)
    place = g_strdup (_("Back office: review and supervision"));
  else if (window_name != NULL && *window_name != '\0' && g_strcmp0 (window_name, window) != 0)
    /* Translators: hall code-window code · the window's name */
    place = g_strdup_printf (_("Window %s-%s · %s"), hall, window, window_name);
  else
    place = g_strdup_printf (_("Window %s-%s"), hall, window);
  gtk_label_set_text (self->place_label, place);
  gtk_widget_set_visible (GTK_WIDGET (self->place_label), TRUE);
}

/**
 * yc_sign_in_page_show_sign_in:
 * @message: (nullable): why the page is shown (signed out, another user), or %NULL
 *
 * Asks for a username and password.
 */
void
yc_sign_in_page_show_sign_in (YcSignInPage *self,
                              const char   *message)
{
  g_return_if_fail (YC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->title_label, _("Sign In"));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
  gtk_stack_set_visible_child_name (self->mode_stack, "sign-in");
  show_message (self, message);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

/**
 * yc_sign_in_page_show_unlock:
 *
 * Asks the locked user for their password (or lets another user sign in).
 */
void
yc_sign_in_page_show_unlock (YcSignInPage *self)
{
  const char *name;
  g_autofree char *title = NULL;

  g_return_if_fail (YC_IS_SIGN_IN_PAGE (self));

  name = yc_session_manager_get_display_name (self->sessions);
  if (name == NULL || *name == '\0')
    name = yc_session_manager_get_username (self->sessions);
  /* Translators: the locked user's name */
  title = g_strdup_printf (_("Locked: %s"), name != NULL ? name : "");
  gtk_label_set_text (self->title_label, title);
  gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
  gtk_stack_set_visible_child_name (self->mode_stack, "unlock");
  show_message (self, NULL);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_row));
}
