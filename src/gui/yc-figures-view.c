/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-figures-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "yc-calendar.h"
#include "yc-figures-private.h"
#include "yc-figures-view.h"
#include "yc-format.h"
#include "yc-store-meta.h"
#include "yc-sync-error.h"

/*
 * The supervisor's figures.  Every refresh asks the back office for the period chosen;
 * what it answers is kept in the store's meta table (the answer as received and the time),
 * so that without the network the last figures are still there — marked as such, with
 * their period and the time they were fetched.  Every chart has a table of the same
 * numbers beside it, for reading exact values and for screen readers.
 */

struct _YcFiguresView
{
  AdwBin            parent_instance;

  YcStore          *store;
  YcSessionManager *session;
  GCancellable     *cancellable;
  guint             busy;
  YcStats          *stats;
  char             *fetched_at;
  gboolean          offline;
  char             *message;

  YcFiguresWidgets  w;
};

G_DEFINE_FINAL_TYPE (YcFiguresView, yc_figures_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_BUSY,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
yc_figures_preset_range (YcFiguresPreset  preset,
                         const GDate     *today,
                         GDate           *out_from,
                         GDate           *out_to)
{
  g_return_if_fail (today != NULL && g_date_valid (today));
  g_return_if_fail (out_from != NULL && out_to != NULL);

  *out_to = *today;
  *out_from = *today;
  switch (preset)
    {
    case YC_FIGURES_THIS_WEEK:
      g_date_subtract_days (out_from, g_date_get_weekday (today) - G_DATE_MONDAY);
      break;
    case YC_FIGURES_THIS_MONTH:
      g_date_set_day (out_from, 1);
      break;
    case YC_FIGURES_LAST_30_DAYS:
      g_date_subtract_days (out_from, 29);
      break;
    case YC_FIGURES_TODAY:
    case YC_FIGURES_CUSTOM:
    default:
      break;
    }
}

static void
set_busy (YcFiguresView *self,
          gboolean       busy)
{
  gboolean was = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  if (was != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_message (YcFiguresView *self,
             const char    *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->w.message_label, message != NULL ? message : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static char *
iso_date (const GDate *date)
{
  return yc_date_format_iso (date);
}

/* The local day and time of an ISO 8601 instant. */
static char *
format_time (const char *iso)
{
  return yc_format_iso_date_time (iso, "—");
}

/* Reads the period chosen; FALSE (and says why) when the custom dates are not valid. */
static gboolean
current_range (YcFiguresView *self,
               GDate         *from,
               GDate         *to)
{
  YcFiguresPreset preset = yc_figures_page_get_preset (&self->w);
  g_autoptr(GDateTime) now = NULL;
  gboolean from_ok, to_ok;
  GDate today;

  if (preset != YC_FIGURES_CUSTOM)
    {
      now = g_date_time_new_now_local ();
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
      yc_figures_preset_range (preset, &today, from, to);
      return TRUE;
    }

  from_ok = yc_date_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self->w.from_entry)), from);
  to_ok = yc_date_parse_iso (gtk_editable_get_text (GTK_EDITABLE (self->w.to_entry)), to);
  if (from_ok && to_ok && g_date_compare (from, to) > 0)
    from_ok = to_ok = FALSE;
  if (from_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->w.from_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->w.from_entry), "error");
  if (to_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->w.to_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->w.to_entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->w.from_entry), GTK_ACCESSIBLE_STATE_INVALID,
                               from_ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->w.to_entry), GTK_ACCESSIBLE_STATE_INVALID,
                               to_ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  if (!from_ok || !to_ok)
    {
      set_message (self, _("Enter both dates as YYYY-MM-DD, the first not after the last."));
      return FALSE;
    }
  return TRUE;
}

static void
replace_stats (YcFiguresView *self,
               YcStats       *stats,
               const char    *fetched_at,
               gboolean       offline)
{
  g_clear_pointer (&self->stats, yc_stats_free);
  self->stats = stats;
  g_free (self->fetched_at);
  self->fetched_at = g_strdup (fetched_at);
  self->offline = offline;
  yc_figures_page_show (&self->w, self->stats);
}

/* One request of the figures or read of the kept ones; a later refresh cancels it. */
typedef struct {
  YcFiguresView *self;
  GCancellable  *cancellable;
  char          *reason;   /* kept figures: why the back office was not asked */
} KeptRead;

static void
kept_read_free (KeptRead *read)
{
  g_object_unref (read->self);
  g_object_unref (read->cancellable);
  g_free (read->reason);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeptRead, kept_read_free)

static void
kept_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KeptRead) read = user_data;
  YcFiguresView *self = read->self;
  const char *reason = read->reason;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = yc_store_get_meta_finish (YC_STORE (object), result, &error);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(YcStats) stats = NULL;
  g_autofree char *stats_text = NULL;
  g_autofree char *when = NULL, *from = NULL, *to = NULL, *message = NULL;
  JsonObject *object_kept;
  const char *fetched_at = NULL;

  /* A read the next refresh replaced: whatever it found is not wanted any more. */
  if (g_cancellable_is_cancelled (read->cancellable)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (text != NULL)
    root = json_from_string (text, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member ((object_kept = json_node_get_object (root)), "stats"))
    {
      stats_text = json_to_string (json_object_get_member (object_kept, "stats"), FALSE);
      fetched_at = json_object_get_string_member_with_default (object_kept, "fetched_at", NULL);
      stats = yc_stats_parse (stats_text, -1, NULL);
    }
  if (stats == NULL)
    {
      if (error != NULL)
        g_message ("The kept figures cannot be read: %s", error->message);
      message = g_strdup_printf (_("%s No figures were fetched on this computer before."), reason);
      set_message (self, message);
      return;
    }

  when = format_time (fetched_at);
  from = yc_format_date (&stats->from);
  to = yc_format_date (&stats->to);
  /* Translators: the reason the back office was not asked, then the kept figures' time and period */
  message = g_strdup_printf (_("%s Showing the figures fetched at %s, for %s to %s."), reason, when, from, to);
  replace_stats (self, g_steal_pointer (&stats), fetched_at, TRUE);
  set_message (self, message);
}

/* Shows the figures kept from the last fetch, saying why they are not fresh. */
static void
show_kept (YcFiguresView *self,
           const char    *reason)
{
  KeptRead *read = g_new0 (KeptRead, 1);

  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->cancellable);
  read->reason = g_strdup (reason);
  set_busy (self, TRUE);
  yc_store_get_meta_async (self->store, YC_FIGURES_META_LAST, self->cancellable, kept_cb, read);
}

static void
kept_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yc_store_set_meta_finish (YC_STORE (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The figures cannot be kept for offline use: %s", error->message);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KeptRead) request = user_data;
  YcFiguresView *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStats) stats = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *fetched_at = NULL, *kept = NULL, *when = NULL, *from = NULL, *to = NULL;
  g_autofree char *message = NULL;

  stats = yc_backoffice_client_get_stats_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (stats == NULL)
    {
      if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE)
          || g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_SIGNED_IN))
        {
          show_kept (self, _("The back office cannot be reached."));
          return;
        }
      message = g_strdup_printf (_("The figures could not be fetched: %s"), error->message);
      set_message (self, message);
      return;
    }

  now = g_date_time_new_now_local ();
  fetched_at = g_date_time_format_iso8601 (now);
  kept = g_strdup_printf ("{\"fetched_at\": \"%s\", \"stats\": %s}", fetched_at, stats->json);
  yc_store_set_meta_async (self->store, YC_FIGURES_META_LAST, kept, NULL, kept_saved_cb, NULL);

  when = format_time (fetched_at);
  from = yc_format_date (&stats->from);
  to = yc_format_date (&stats->to);
  message = g_strdup_printf (_("Figures for %s to %s, fetched at %s."), from, to, when);
  replace_stats (self, g_steal_pointer (&stats), fetched_at, FALSE);
  set_message (self, message);
}

void
yc_figures_view_refresh (YcFiguresView *self)
{
  YcBackofficeClient *client;
  KeptRead *request;
  GDate from, to;

  g_return_if_fail (YC_IS_FIGURES_VIEW (self));

  if (!current_range (self, &from, &to))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* A cancelled request or read never reports back: start counting afresh. */
  if (self->busy > 0)
    {
      self->busy = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }

  client = self->session != NULL ? yc_session_manager_get_client (self->session) : NULL;
  if (client == NULL || !yc_session_manager_is_online (self->session))
    {
      show_kept (self, _("You are working offline."));
      return;
    }
  request = g_new0 (KeptRead, 1);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->cancellable);
  set_busy (self, TRUE);
  set_message (self, _("Asking the back office…"));
  yc_backoffice_client_get_stats_async (client, &from, &to, self->cancellable, stats_cb, request);
}

GBytes *
yc_figures_view_dup_csv (YcFiguresView *self)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), NULL);

  if (self->stats == NULL)
    return NULL;
  return yc_figures_csv_new (self->stats, self->fetched_at);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
yc_figures_view_save_csv_async (YcFiguresView       *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (YC_IS_FIGURES_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_figures_view_save_csv_async);
  bytes = yc_figures_view_dup_csv (self);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There are no figures to export yet"));
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_cb, g_steal_pointer (&task));
}

gboolean
yc_figures_view_save_csv_finish (YcFiguresView  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_figures_view_save_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  if (yc_figures_view_save_csv_finish (self, result, &error))
    message = g_strdup_printf (_("The figures were saved to %s."), name);
  else
    message = g_strdup_printf (_("The figures could not be saved to %s: %s"), name, error->message);
  set_message (self, message);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  YcFiguresView *self = YC_FIGURES_VIEW (user_data);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file != NULL)
    yc_figures_view_save_csv_async (self, file, NULL, saved_cb, g_object_ref (file));
}

static void
export_clicked_cb (YcFiguresView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *from = NULL, *to = NULL, *name = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *folder_path;

  if (self->stats == NULL)
    return;
  from = iso_date (&self->stats->from);
  to = iso_date (&self->stats->to);
  /* Translators: the file name offered for the exported figures */
  name = g_strdup_printf (_("figures-%s-%s.csv"), from, to);
  dialog = gtk_file_chooser_native_new (_("Export the Figures"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Documents, else home: somewhere the supervisor finds the file again. */
  folder_path = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (folder_path == NULL || !g_file_test (folder_path, G_FILE_TEST_IS_DIR))
    folder_path = g_get_home_dir ();
  folder = g_file_new_for_path (folder_path);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
preset_toggled_cb (GtkToggleButton *button,
                   YcFiguresView   *self)
{
  gboolean custom = yc_figures_page_get_preset (&self->w) == YC_FIGURES_CUSTOM;

  /* The button left fires too: act once, for the one that became active. */
  if (!gtk_toggle_button_get_active (button))
    return;

  gtk_widget_set_visible (self->w.custom_box, custom);
  if (custom && *gtk_editable_get_text (GTK_EDITABLE (self->w.from_entry)) == '\0' && self->stats != NULL)
    {
      g_autofree char *from = iso_date (&self->stats->from);
      g_autofree char *to = iso_date (&self->stats->to);

      gtk_editable_set_text (GTK_EDITABLE (self->w.from_entry), from);
      gtk_editable_set_text (GTK_EDITABLE (self->w.to_entry), to);
    }
  yc_figures_view_refresh (self);
}

static void
yc_figures_view_constructed (GObject *object)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);

  G_OBJECT_CLASS (yc_figures_view_parent_class)->constructed (object);

  g_return_if_fail (YC_IS_STORE (self->store));
  yc_figures_view_refresh (self);
}

static void
yc_figures_view_dispose (GObject *object)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yc_figures_view_parent_class)->dispose (object);
}

static void
yc_figures_view_finalize (GObject *object)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);

  g_clear_pointer (&self->stats, yc_stats_free);
  g_free (self->fetched_at);
  g_free (self->message);

  G_OBJECT_CLASS (yc_figures_view_parent_class)->finalize (object);
}

static void
yc_figures_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_figures_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YcFiguresView *self = YC_FIGURES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_figures_view_class_init (YcFiguresViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_figures_view_constructed;
  object_class->dispose = yc_figures_view_dispose;
  object_class->finalize = yc_figures_view_finalize;
  object_class->get_property = yc_figures_view_get_property;
  object_class->set_property = yc_figures_view_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, construct);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, YC_TYPE_SESSION_MANAGER, construct);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "figures");
}

static void
yc_figures_view_init (YcFiguresView *self)
{
  self->cancellable = g_cancellable_new ();
  yc_figures_page_build (&self->w, ADW_BIN (self));
  g_signal_connect_swapped (self->w.from_entry, "activate", G_CALLBACK (yc_figures_view_refresh), self);
  g_signal_connect_swapped (self->w.to_entry, "activate", G_CALLBACK (yc_figures_view_refresh), self);
  g_signal_connect_swapped (self->w.refresh_button, "clicked", G_CALLBACK (yc_figures_view_refresh), self);
  g_signal_connect_swapped (self->w.export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (self->w.presets); i++)
    g_signal_connect (self->w.presets[i], "toggled", G_CALLBACK (preset_toggled_cb), self);
}

/**
 * yc_figures_view_new:
 * @store: the local store (the figures kept for offline use)
 * @session: (nullable): the signed-in session that asks the back office
 */
GtkWidget *
yc_figures_view_new (YcStore          *store,
                     YcSessionManager *session)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (session == NULL || YC_IS_SESSION_MANAGER (session), NULL);

  return g_object_new (YC_TYPE_FIGURES_VIEW, "store", store, "session", session, NULL);
}

void
yc_figures_view_set_preset (YcFiguresView   *self,
                            YcFiguresPreset  preset)
{
  g_return_if_fail (YC_IS_FIGURES_VIEW (self));
  g_return_if_fail (preset <= YC_FIGURES_CUSTOM);

  if (yc_figures_page_get_preset (&self->w) == preset)
    yc_figures_view_refresh (self);
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->w.presets[preset]), TRUE);
}

void
yc_figures_view_set_custom (YcFiguresView *self,
                            const char    *from,
                            const char    *to)
{
  g_return_if_fail (YC_IS_FIGURES_VIEW (self));
  g_return_if_fail (from != NULL && to != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->w.from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->w.to_entry), to);
  yc_figures_view_set_preset (self, YC_FIGURES_CUSTOM);
}

gboolean
yc_figures_view_is_busy (YcFiguresView *self)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), FALSE);

  return self->busy > 0;
}

const YcStats *
yc_figures_view_get_stats (YcFiguresView *self)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), NULL);

  return self->stats;
}

gboolean
yc_figures_view_is_offline (YcFiguresView *self)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), FALSE);

  return self->stats != NULL && self->offline;
}

const char *
yc_figures_view_get_message (YcFiguresView *self)
{
  g_return_val_if_fail (YC_IS_FIGURES_VIEW (self), NULL);

  return self->message;
}
