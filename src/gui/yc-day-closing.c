/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-day-closing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-reconcile.h"
#include "yc-day-closing.h"
#include "yc-format.h"

/*
 * 日结对账: at the end of the day the clerk compares what this window accepted with what the
 * back office acknowledged and holds.  The window's side is yc_store_reconcile_day() (all
 * cases of the day, the acknowledged ones and their hash); the back office's side is
 * GET /api/v1/reconciliation (its count and the same hash).  When both agree the day is
 * closed with one click; when they differ, or the back office cannot be asked, only with a
 * written explanation.  The closing is recorded in the store and shown when the dialog is
 * opened again.
 */

struct _YcDayClosingDialog
{
  AdwWindow           parent_instance;

  YcStore            *store;
  YcBackofficeClient *client;
  char               *username;
  char               *day;
  GCancellable       *cancellable;
  YcDayClosingStatus  status;

  gboolean            local_done;
  gint64              accepted;
  gint64              acknowledged;
  char               *local_hash;
  gboolean            server_done;
  YcReconciliation   *server;
  char               *server_error;
  gboolean            closing;      /* a close_day is running */

  AdwToastOverlay    *toast_overlay;
  GtkLabel           *status_label;
  AdwActionRow       *accepted_row;
  AdwActionRow       *acknowledged_row;
  AdwActionRow       *server_count_row;
  AdwActionRow       *hash_row;
  GtkWidget          *explanation_group;
  GtkTextView        *explanation_view;
  GtkWidget          *closed_group;
  AdwActionRow       *closed_row;
  GtkLabel           *closed_explanation_label;
  GtkButton          *close_button;
};

G_DEFINE_FINAL_TYPE (YcDayClosingDialog, yc_day_closing_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_USERNAME,
  PROP_DAY,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_status (YcDayClosingDialog *self,
            YcDayClosingStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static char *
get_explanation (YcDayClosingDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->explanation_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
update_button (YcDayClosingDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), yc_day_closing_dialog_can_close (self));
}

static char *
short_hash (const char *hash)
{
  return hash != NULL ? g_strndup (hash, 16) : g_strdup ("—");
}

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value);
  /* Screen readers read the title; the value must be part of the name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
}

static void
show_closed (YcDayClosingDialog *self,
             const YcDayClosing *closing)
{
  g_autofree char *record = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *local = NULL;
  g_autofree char *server = NULL;

  /* Translators: who closed the day and when (UTC ISO 8601) */
  record = g_strdup_printf (_("Closed by %s at %s"), closing->closed_by, closing->closed_at);
  local = yc_format_count (closing->local_count);
  server = yc_format_count (closing->server_count);
  if (closing->server_hash != NULL && *closing->server_hash != '\0')
    /* Translators: the counts recorded when the day was closed */
    counts = g_strdup_printf (_("This window: %s cases; back office: %s cases"), local, server);
  else
    counts = g_strdup_printf (_("This window: %s cases; the back office could not be asked"), local);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->closed_row), record);
  set_value (self->closed_row, counts);
  gtk_label_set_text (self->closed_explanation_label,
                      closing->explanation != NULL ? closing->explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->closed_explanation_label), closing->explanation != NULL);
  gtk_widget_set_visible (self->closed_group, TRUE);
  gtk_widget_set_visible (self->explanation_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), FALSE);
  gtk_label_set_text (self->status_label, _("This day is closed."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
  set_status (self, YC_DAY_CLOSING_CLOSED);
}

/* Both sides are read: compare them. */
static void
evaluate (YcDayClosingDialog *self)
{
  g_autofree char *text = NULL;
  g_autofree char *hash_text = NULL;
  g_autofree char *local_short = NULL;
  g_autofree char *server_short = NULL;
  const char *css = "success";
  YcDayClosingStatus status;

  if (!self->local_done || !self->server_done || self->status == YC_DAY_CLOSING_CLOSED)
    return;

  text = yc_format_count (self->accepted);
  set_value (self->accepted_row, text);
  g_free (text);
  text = yc_format_count (self->acknowledged);
  set_value (self->acknowledged_row, text);
  g_free (text);
  local_short = short_hash (self->local_hash);
  server_short = short_hash (self->server != NULL ? self->server->hash : NULL);
  /* Translators: the two hashes side by side: this window's, the back office's */
  hash_text = g_strdup_printf (_("This window %s · back office %s"), local_short, server_short);
  set_value (self->hash_row, hash_text);

  if (self->server == NULL)
    {
      status = YC_DAY_CLOSING_UNREACHABLE;
      set_value (self->server_count_row, _("unknown"));
      text = g_strdup_printf (_("The back office could not be asked (%s). Reconciliation needs "
                                "it; you may still close the day with a written explanation."),
                              self->server_error);
      css = "warning";
    }
  else
    {
      g_autofree char *count = yc_format_count (self->server->count);

      set_value (self->server_count_row, count);
      if (self->accepted == self->server->count && self->acknowledged == self->accepted
          && g_strcmp0 (self->local_hash, self->server->hash) == 0)
        {
          status = YC_DAY_CLOSING_MATCH;
          text = g_strdup (_("Match: the back office holds exactly the cases this window accepted "
                             "today. The day can be closed."));
        }
      else
        {
          status = YC_DAY_CLOSING_MISMATCH;
          css = "error";
          if (self->acknowledged < self->accepted)
            {
              gint64 missing = self->accepted - self->acknowledged;
              g_autofree char *number = yc_format_count (missing);

              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Mismatch: %s case has not reached the back office "
                                                   "yet. Sync first, or explain the difference below.",
                                                   "Mismatch: %s cases have not reached the back office "
                                                   "yet. Sync first, or explain the difference below.",
                                                   (gulong) MIN (missing, G_MAXUINT32)),
                                      number);
            }
          else
            text = g_strdup (_("Mismatch: the back office does not hold the same cases as this "
                               "window. The day can only be closed with a written explanation."));
        }
    }

  gtk_label_set_text (self->status_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css);
  gtk_widget_set_visible (self->explanation_group, status != YC_DAY_CLOSING_MATCH);
  set_status (self, status);
  update_button (self);
}

static void
show_error (YcDayClosingDialog *self,
            const GError       *error)
{
  g_warning ("Day closing: %s", error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
local_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(YcDayClosingDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_store_reconcile_day_finish (YC_STORE (object), result, &self->accepted,
                                      &self->acknowledged, &self->local_hash, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  self->local_done = TRUE;
  evaluate (self);
}

static void
server_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcDayClosingDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->server = yc_backoffice_client_reconcile_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->server == NULL)
    self->server_error = g_strdup (error->message);
  self->server_done = TRUE;
  evaluate (self);
}

static void
server_unavailable (YcDayClosingDialog *self,
                    const char         *why)
{
  self->server_error = g_strdup (why);
  self->server_done = TRUE;
  evaluate (self);
}

static void
get_device_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  char **codes = g_new0 (char *, 3);

  if (!yc_store_get_device (task_data, &codes[0], &codes[1], NULL, &error))
    {
      g_strfreev (codes);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, codes, (GDestroyNotify) g_strfreev);
}

static void
device_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  YcDayClosingDialog *self = YC_DAY_CLOSING_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (codes == NULL)
    {
      server_unavailable (self, error->message);
      return;
    }
  if (self->client == NULL || yc_backoffice_client_get_token (self->client) == NULL)
    {
      server_unavailable (self, _("not signed in to the back office"));
      return;
    }
  yc_backoffice_client_reconcile_async (self->client, self->day, codes[0], codes[1],
                                        self->cancellable, server_cb, g_object_ref (self));
}

static void
closing_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcDayClosingDialog) self = user_data;
  g_autoptr(YcDayClosing) closing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  closing = yc_store_get_day_closing_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  if (closing != NULL)
    {
      show_closed (self, closing);
      return;
    }

  yc_store_reconcile_day_async (self->store, self->day, self->cancellable, local_cb, g_object_ref (self));
  task = g_task_new (self, self->cancellable, device_cb, NULL);
  g_task_set_source_tag (task, closing_cb);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, get_device_thread);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcDayClosingDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->closing = FALSE;
  if (!yc_store_close_day_finish (YC_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      update_button (self);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The day is closed")));
  /* Show what the store recorded, with its time. */
  yc_store_get_day_closing_async (self->store, self->day, self->cancellable, closing_cb,
                                  g_object_ref (self));
}

static void
explanation_changed_cb (YcDayClosingDialog *self)
{
  update_button (self);
}

static void
close_clicked_cb (YcDayClosingDialog *self)
{
  yc_day_closing_dialog_close_day (self);
}

static void
yc_day_closing_dialog_constructed (GObject *object)
{
  YcDayClosingDialog *self = (YcDayClosingDialog *)object;
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (yc_day_closing_dialog_parent_class)->constructed (object);

  if (self->day == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      self->day = g_date_time_format (now, "%Y-%m-%d");
    }
  /* Translators: the window title; %s: the day, YYYY-MM-DD */
  title = g_strdup_printf (_("Close the Day %s"), self->day);
  gtk_window_set_title (GTK_WINDOW (self), title);

  yc_store_get_day_closing_async (self->store, self->day, self->cancellable, closing_cb,
                                  g_object_ref (self));
}

static void
yc_day_closing_dialog_dispose (GObject *object)
{
  YcDayClosingDialog *self = (YcDayClosingDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (yc_day_closing_dialog_parent_class)->dispose (object);
}

static void
yc_day_closing_dialog_finalize (GObject *object)
{
  YcDayClosingDialog *self = (YcDayClosingDialog *)object;

  g_free (self->username);
  g_free (self->day);
  g_free (self->local_hash);
  g_free (self->server_error);
  g_clear_pointer (&self->server, yc_reconciliation_free);

  G_OBJECT_CLASS (yc_day_closing_dialog_parent_class)->finalize (object);
}

static void
yc_day_closing_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  YcDayClosingDialog *self = YC_DAY_CLOSING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_DAY:
      g_value_set_string (value, self->day);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_day_closing_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  YcDayClosingDialog *self = YC_DAY_CLOSING_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_USERNAME:
      self->username = g_value_dup_string (value);
      break;
    case PROP_DAY:
      self->day = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_day_closing_dialog_class_init (YcDayClosingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_day_closing_dialog_constructed;
  object_class->dispose = yc_day_closing_dialog_dispose;
  object_class->finalize = yc_day_closing_dialog_finalize;
  object_class->get_property = yc_day_closing_dialog_get_property;
  object_class->set_property = yc_day_closing_dialog_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, YC_TYPE_BACKOFFICE_CLIENT, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_DAY] = g_param_spec_string ("day", NULL, NULL, NULL, flags);
  /**
   * YcDayClosingDialog:status:
   *
   * A #YcDayClosingStatus.
   */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, YC_DAY_CLOSING_LOADING, YC_DAY_CLOSING_CLOSED,
                      YC_DAY_CLOSING_LOADING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-day-closing.ui");
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, accepted_row);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, acknowledged_row);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, server_count_row);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, hash_row);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, explanation_group);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, explanation_view);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, closed_group);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, closed_row);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, closed_explanation_label);
  gtk_widget_class_bind_template_child (widget_class, YcDayClosingDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_day_closing_dialog_init (YcDayClosingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->explanation_view), "changed",
                           G_CALLBACK (explanation_changed_cb), self, G_CONNECT_SWAPPED);
  update_button (self);
}

GtkWidget *
yc_day_closing_dialog_new (YcStore            *store,
                           YcBackofficeClient *client,
                           const char         *username,
                           const char         *day,
                           GtkWindow          *parent)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || YC_IS_BACKOFFICE_CLIENT (client), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (YC_TYPE_DAY_CLOSING_DIALOG,
                       "store", store,
                       "client", client,
                       "username", username,
                       "day", day,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

YcDayClosingStatus
yc_day_closing_dialog_get_status (YcDayClosingDialog *self)
{
  g_return_val_if_fail (YC_IS_DAY_CLOSING_DIALOG (self), YC_DAY_CLOSING_LOADING);
  return self->status;
}

gboolean
yc_day_closing_dialog_can_close (YcDayClosingDialog *self)
{
  g_autofree char *explanation = NULL;

  g_return_val_if_fail (YC_IS_DAY_CLOSING_DIALOG (self), FALSE);

  if (self->closing)
    return FALSE;
  switch (self->status)
    {
    case YC_DAY_CLOSING_MATCH:
      return TRUE;
    case YC_DAY_CLOSING_MISMATCH:
    case YC_DAY_CLOSING_UNREACHABLE:
      explanation = get_explanation (self);
      return explanation != NULL;
    case YC_DAY_CLOSING_LOADING:
    case YC_DAY_CLOSING_CLOSED:
    default:
      return FALSE;
    }
}

void
yc_day_closing_dialog_set_explanation (YcDayClosingDialog *self,
                                       const char         *text)
{
  g_return_if_fail (YC_IS_DAY_CLOSING_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->explanation_view), text != NULL ? text : "", -1);
}

void
yc_day_closing_dialog_close_day (YcDayClosingDialog *self)
{
  g_autofree char *explanation = NULL;
  YcDayClosing closing = { 0 };

  g_return_if_fail (YC_IS_DAY_CLOSING_DIALOG (self));

  if (!yc_day_closing_dialog_can_close (self))
    return;
  explanation = get_explanation (self);
  closing.day = self->day;
  closing.local_count = self->accepted;
  closing.local_hash = self->local_hash;
  /* The store wants both sides; an empty hash records that the back office was not asked
   * (it differs from every real hash, so the explanation is required there too). */
  closing.server_count = self->server != NULL ? self->server->count : 0;
  closing.server_hash = self->server != NULL ? self->server->hash : (char *) "";
  closing.explanation = self->status == YC_DAY_CLOSING_MATCH ? NULL : explanation;
  closing.closed_by = self->username;
  self->closing = TRUE;
  update_button (self);
  yc_store_close_day_async (self->store, &closing, self->cancellable, closed_cb, g_object_ref (self));
}
