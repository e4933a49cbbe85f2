/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync-banner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-sync-actions.h"
#include "yc-sync-banner.h"

/*
 * The strip across the window while the back office cannot be reached, in the manner of an
 * AdwBanner (libadwaita 1.2 has none): it tells the clerk that intake goes on and that the
 * cases are sent later, how many wait, and offers to try again now (win.sync-now).  When the
 * back office refused the session (NEEDS_SIGN_IN) it asks for the password again instead
 * (win.reauthenticate: the re-authentication dialog, without signing out).
 */

struct _YcSyncBanner
{
  GtkWidget     parent_instance;

  YcSyncEngine *engine;
  GSignalGroup *signals;

  GtkRevealer  *revealer;
  GtkLabel     *title_label;
  GtkLabel     *pending_label;
  GtkButton    *retry_button;
  GtkButton    *reauth_button;
};

G_DEFINE_FINAL_TYPE (YcSyncBanner, yc_sync_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (YcSyncBanner *self)
{
  gboolean was_revealed = gtk_revealer_get_reveal_child (self->revealer);
  gboolean revealed = FALSE;
  gboolean reauth = FALSE;
  g_autofree char *pending_text = NULL;
  guint pending = 0;

  if (self->engine != NULL)
    {
      YcSyncState state = yc_sync_engine_get_state (self->engine);

      pending = yc_sync_engine_get_pending (self->engine);
      if (state == YC_SYNC_STATE_OFFLINE)
        {
          revealed = TRUE;
          gtk_label_set_text (self->title_label,
                              _("The network is down. Intake goes on as usual; everything is "
                                "sent automatically when the connection returns."));
          gtk_widget_set_visible (GTK_WIDGET (self->retry_button), TRUE);
        }
      else if (state == YC_SYNC_STATE_NEEDS_SIGN_IN)
        {
          revealed = TRUE;
          gtk_label_set_text (self->title_label,
                              _("Your sign-in has expired. Please enter your password again."));
          gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
          reauth = TRUE;
        }
      else if (state == YC_SYNC_STATE_SIGNED_OUT)
        {
          revealed = TRUE;
          gtk_label_set_text (self->title_label,
                              _("Signed in offline. Intake goes on as usual; cases are sent after "
                                "you sign in again while the back office is reachable."));
          gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
        }
    }

  if (pending > 0)
    /* Translators: in the offline banner */
    pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent",
                                                 "%u changes waiting to be sent", pending), pending);
  gtk_label_set_text (self->pending_label, pending_text != NULL ? pending_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending_text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reauth_button), reauth);

  /* Hidden for real when closed: assistive technologies must not read a stale warning. */
  gtk_widget_set_visible (GTK_WIDGET (self), revealed);
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  if (revealed != was_revealed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
engine_notify_cb (YcSyncBanner *self)
{
  update (self);
}

/* Placed in a window after the engine was set: take the window's. */
static void
yc_sync_banner_root (GtkWidget *widget)
{
  YcSyncBanner *self = (YcSyncBanner *)widget;

  GTK_WIDGET_CLASS (yc_sync_banner_parent_class)->root (widget);
  if (self->engine == NULL)
    yc_sync_banner_set_engine (self, yc_sync_actions_get_engine (widget));
}

static void
yc_sync_banner_dispose (GObject *object)
{
  YcSyncBanner *self = (YcSyncBanner *)object;

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SYNC_BANNER);

  G_OBJECT_CLASS (yc_sync_banner_parent_class)->dispose (object);
}

static void
yc_sync_banner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcSyncBanner *self = YC_SYNC_BANNER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, yc_sync_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_banner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcSyncBanner *self = YC_SYNC_BANNER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      yc_sync_banner_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_banner_class_init (YcSyncBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sync_banner_dispose;
  object_class->get_property = yc_sync_banner_get_property;
  object_class->set_property = yc_sync_banner_set_property;
  widget_class->root = yc_sync_banner_root;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, YC_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-sync-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSyncBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, YcSyncBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncBanner, pending_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, YcSyncBanner, reauth_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
yc_sync_banner_init (YcSyncBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (YC_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::pending", G_CALLBACK (engine_notify_cb), self);
  update (self);
}

GtkWidget *
yc_sync_banner_new (YcSyncEngine *engine)
{
  g_return_val_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (YC_TYPE_SYNC_BANNER, "engine", engine, NULL);
}

YcSyncEngine *
yc_sync_banner_get_engine (YcSyncBanner *self)
{
  g_return_val_if_fail (YC_IS_SYNC_BANNER (self), NULL);
  return self->engine;
}

void
yc_sync_banner_set_engine (YcSyncBanner *self,
                           YcSyncEngine *engine)
{
  g_return_if_fail (YC_IS_SYNC_BANNER (self));
  g_return_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;
  g_signal_group_set_target (self->signals, engine);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

gboolean
yc_sync_banner_get_offers_reauth (YcSyncBanner *self)
{
  g_return_val_if_fail (YC_IS_SYNC_BANNER (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->reauth_button));
}

gboolean
yc_sync_banner_get_revealed (YcSyncBanner *self)
{
  g_return_val_if_fail (YC_IS_SYNC_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
yc_sync_banner_get_title (YcSyncBanner *self)
{
  g_return_val_if_fail (YC_IS_SYNC_BANNER (self), NULL);
  return gtk_label_get_text (self->title_label);
}
