/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync-indicator"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-format.h"
#include "yc-sync-actions.h"
#include "yc-sync-indicator.h"

/*
 * The header's sync indicator: online and synced, offline, syncing (with progress), or not
 * signed in to the back office — and how many changes wait.  Its popover has the details
 * (last sync, last error, problems) and the buttons to sync now, see the problems and close
 * the day; those are the window's actions win.sync-now, win.show-problems, win.close-day.
 * Without an engine (nobody signed in) the indicator is hidden.
 */

struct _YcSyncIndicator
{
  GtkWidget      parent_instance;

  YcSyncEngine  *engine;
  GSignalGroup  *signals;
  char          *summary;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkImage      *problems_icon;
  GtkLabel      *title_label;
  GtkLabel      *last_sync_label;
  GtkLabel      *pending_label;
  GtkLabel      *problems_label;
  GtkLabel      *error_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (YcSyncIndicator, yc_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * yc_sync_format_time:
 * @time: (nullable): a UTC time
 *
 * Returns: (transfer full): yc_format_recent() of @time (14:05 today), or "never"
 */
char *
yc_sync_format_time (GDateTime *time)
{
  if (time == NULL)
    return g_strdup (_("never"));
  return yc_format_recent (time, NULL);
}

static void
update (YcSyncIndicator *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  g_autofree char *last = NULL;
  g_autofree char *pending_text = NULL;
  g_autofree char *problems_text = NULL;
  g_autofree char *accessible = NULL;
  const char *icon_name = "emblem-ok-symbolic";
  const char *last_error;
  guint pending, problems;
  double progress;

  gtk_widget_set_visible (GTK_WIDGET (self), self->engine != NULL);
  if (self->engine == NULL)
    return;

  pending = yc_sync_engine_get_pending (self->engine);
  problems = yc_sync_engine_get_problems (self->engine);
  progress = yc_sync_engine_get_progress (self->engine);
  last_error = yc_sync_engine_get_last_error (self->engine);

  switch (yc_sync_engine_get_state (self->engine))
    {
    case YC_SYNC_STATE_SIGNED_OUT:
      icon_name = "network-offline-symbolic";
      summary = g_strdup (_("Not connected"));
      title = g_strdup (_("Signed in offline: changes stay on this computer until you sign in "
                          "online again."));
      break;
    case YC_SYNC_STATE_NEEDS_SIGN_IN:
      icon_name = "dialog-password-symbolic";
      /* Translators: the header's sync status after the back office refused the session */
      summary = pending > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sign-in expired · %u waiting",
                                                            "Sign-in expired · %u waiting", pending), pending)
                            : g_strdup (_("Sign-in expired"));
      title = g_strdup (_("Your sign-in has expired. Please enter your password again; nothing is "
                          "sent until then."));
      break;
    case YC_SYNC_STATE_OFFLINE:
      icon_name = "network-offline-symbolic";
      /* Translators: the header's sync status; %u: changes waiting to be sent */
      summary = pending > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u waiting",
                                                            "Offline · %u waiting", pending), pending)
                            : g_strdup (_("Offline"));
      title = g_strdup (_("The back office cannot be reached. Intake goes on; everything is sent "
                          "when the connection returns."));
      break;
    case YC_SYNC_STATE_SYNCING:
      icon_name = "emblem-synchronizing-symbolic";
      if (progress >= 0)
        /* Translators: the header's sync status while sending; %d: percent done */
        summary = g_strdup_printf (_("Syncing %d%%"), (int) (progress * 100 + 0.5));
      else
        summary = g_strdup (_("Syncing"));
      title = g_strdup (_("Sending to the back office and reading its changes."));
      break;
    case YC_SYNC_STATE_IDLE:
    default:
      if (pending > 0)
        {
          icon_name = "emblem-synchronizing-symbolic";
          summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waiting", "%u waiting", pending),
                                     pending);
        }
      else
        summary = g_strdup (_("Synced"));
      title = g_strdup (_("Connected to the back office."));
      break;
    }

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_text (self->label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_icon), problems > 0);
  gtk_label_set_text (self->title_label, title);

  last = yc_sync_format_time (yc_sync_engine_get_last_synced_at (self->engine));
  gtk_label_set_text (self->last_sync_label, last);
  pending_text = yc_format_count (pending);
  gtk_label_set_text (self->pending_label, pending_text);
  problems_text = yc_format_count (problems);
  gtk_label_set_text (self->problems_label, problems_text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);
  gtk_label_set_text (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), progress >= 0);
  if (progress >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress, 0.0, 1.0));

  if (problems > 0)
    /* Translators: the accessible name of the header's sync button: status, then problems */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sync status: %s, %u problem",
                                               "Sync status: %s, %u problems", problems),
                                  summary, problems);
  else
    /* Translators: the accessible name of the header's sync button */
    accessible = g_strdup_printf (_("Sync status: %s"), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), title);

  if (g_strcmp0 (self->summary, summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

static void
engine_notify_cb (YcSyncIndicator *self)
{
  update (self);
}

/* Placed in a window after the engine was set: take the window's. */
static void
yc_sync_indicator_root (GtkWidget *widget)
{
  YcSyncIndicator *self = (YcSyncIndicator *)widget;

  GTK_WIDGET_CLASS (yc_sync_indicator_parent_class)->root (widget);
  if (self->engine == NULL)
    yc_sync_indicator_set_engine (self, yc_sync_actions_get_engine (widget));
}

static void
yc_sync_indicator_dispose (GObject *object)
{
  YcSyncIndicator *self = (YcSyncIndicator *)object;

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (yc_sync_indicator_parent_class)->dispose (object);
}

static void
yc_sync_indicator_finalize (GObject *object)
{
  YcSyncIndicator *self = (YcSyncIndicator *)object;

  g_free (self->summary);

  G_OBJECT_CLASS (yc_sync_indicator_parent_class)->finalize (object);
}

static void
yc_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcSyncIndicator *self = YC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcSyncIndicator *self = YC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      yc_sync_indicator_set_engine (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_sync_indicator_class_init (YcSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sync_indicator_dispose;
  object_class->finalize = yc_sync_indicator_finalize;
  object_class->get_property = yc_sync_indicator_get_property;
  object_class->set_property = yc_sync_indicator_set_property;
  widget_class->root = yc_sync_indicator_root;

  /**
   * YcSyncIndicator:engine: (nullable)
   *
   * The sync engine shown; %NULL hides the indicator.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, YC_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, problems_icon);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, problems_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncIndicator, progress_bar);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_sync_indicator_init (YcSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (YC_TYPE_SYNC_ENGINE);
  g_signal_group_connect_swapped (self->signals, "notify::state", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::pending", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::problems", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::progress", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::last-error", G_CALLBACK (engine_notify_cb), self);
  g_signal_group_connect_swapped (self->signals, "notify::last-synced-at", G_CALLBACK (engine_notify_cb), self);
  update (self);
}

GtkWidget *
yc_sync_indicator_new (YcSyncEngine *engine)
{
  g_return_val_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (YC_TYPE_SYNC_INDICATOR, "engine", engine, NULL);
}

YcSyncEngine *
yc_sync_indicator_get_engine (YcSyncIndicator *self)
{
  g_return_val_if_fail (YC_IS_SYNC_INDICATOR (self), NULL);
  return self->engine;
}

void
yc_sync_indicator_set_engine (YcSyncIndicator *self,
                              YcSyncEngine    *engine)
{
  g_return_if_fail (YC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || YC_IS_SYNC_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;
  g_signal_group_set_target (self->signals, engine);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

const char *
yc_sync_indicator_get_summary (YcSyncIndicator *self)
{
  g_return_val_if_fail (YC_IS_SYNC_INDICATOR (self), NULL);
  return self->summary;
}
