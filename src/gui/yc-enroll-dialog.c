/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-enroll-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-client-windows.h"
#include "yc-enroll-dialog.h"
#include "yc-store-meta.h"

/*
 * Enrolment, once per computer and before anything else (issue 4): the administrator (or
 * a clerk of the hall) gives the back office's address, its certificate when it is
 * self-signed, the hall and window codes and their own username and password.  The dialog
 * checks /healthz, signs in with a client of its own (that session is not the clerk's and
 * ends here), asks GET /api/v1/windows/{hall}/{window}, then records in the local store the
 * device's codes, the case-number floors the back office gave (a re-installed computer goes
 * on after the last number it sent) and, in the meta table, the address, the certificate's
 * path, the hall secret and the names.  Emits "enrolled" and closes; any failure shows its
 * reason and the dialog stays.  A back-office computer (review and supervision, issue 7)
 * is enrolled with the address (and certificate) alone: any user of the back office signs
 * in once to prove it answers, and nothing of a window is recorded.
 */

struct _YcEnrollDialog
{
  AdwWindow           parent_instance;

  YcStore            *store;
  GCancellable       *cancellable;
  YcBackofficeClient *client;
  char               *certificate_path;
  gboolean            enrolling;

  AdwEntryRow        *url_row;
  AdwActionRow       *certificate_row;
  GtkWidget          *clear_certificate_button;
  GtkSwitch          *backoffice_switch;
  GtkWidget          *codes_list;
  AdwEntryRow        *hall_row;
  AdwEntryRow        *window_row;
  AdwEntryRow        *username_row;
  AdwEntryRow        *password_row;
  GtkSpinner         *spinner;
  GtkLabel           *progress_label;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (YcEnrollDialog, yc_enroll_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the worker thread records, taken from the back office's answer (info NULL: a
 * back-office computer, which has no hall and window). */
typedef struct {
  char         *url;
  char         *certificate_path;
  YcWindowInfo *info;
} Enrolment;

static void
enrolment_free (Enrolment *enrolment)
{
  g_free (enrolment->url);
  g_free (enrolment->certificate_path);
  g_clear_pointer (&enrolment->info, yc_window_info_free);
  g_free (enrolment);
}

static char *
code_of (AdwEntryRow *row)
{
  return g_strstrip (g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (row)), -1));
}

static char *
url_of (YcEnrollDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  /* The address as administrators write it, without the trailing slash the client adds. */
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return g_steal_pointer (&url);
}

static gboolean
is_backoffice (YcEnrollDialog *self)
{
  return gtk_switch_get_active (self->backoffice_switch);
}

static void
update_sensitivity (YcEnrollDialog *self)
{
  g_autofree char *url = url_of (self);
  g_autofree char *hall = code_of (self->hall_row);
  g_autofree char *window = code_of (self->window_row);
  gboolean codes = is_backoffice (self) || (*hall != '\0' && *window != '\0');
  gboolean filled_in = *url != '\0' && codes
                       && *gtk_editable_get_text (GTK_EDITABLE (self->username_row)) != '\0'
                       && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enroll.enroll", !self->enrolling && filled_in);
}

static void
show_error (YcEnrollDialog *self,
            const char     *message)
{
  self->enrolling = FALSE;
  g_clear_object (&self->client);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  /* Cleared first: editing hides the message (changed_cb). */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  update_sensitivity (self);
}

static void
show_progress (YcEnrollDialog *self,
               const char     *message)
{
  gtk_label_set_text (self->progress_label, message);
  gtk_spinner_set_spinning (self->spinner, TRUE);
}

static void
changed_cb (YcEnrollDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->codes_list, !is_backoffice (self));
  update_sensitivity (self);
}

static void
activated_cb (YcEnrollDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "enroll.enroll", NULL);
}

static void
set_certificate_path (YcEnrollDialog *self,
                      const char     *path)
{
  g_free (self->certificate_path);
  self->certificate_path = g_strdup (path);
  adw_action_row_set_subtitle (self->certificate_row,
                               path != NULL ? path
                                            : _("Only for a back office with a self-signed certificate"));
  gtk_widget_set_visible (self->clear_certificate_button, path != NULL);
}

static void
certificate_chosen_cb (GtkNativeDialog *chooser,
                       int              response,
                       YcEnrollDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        set_certificate_path (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_certificate_cb (YcEnrollDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Back Office Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (certificate_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
clear_certificate_cb (YcEnrollDialog *self)
{
  set_certificate_path (self, NULL);
}

/* The worker thread: everything the store keeps of the enrolment. */
static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YcEnrollDialog *self = source_object;
  Enrolment *enrolment = task_data;
  YcWindowInfo *info = enrolment->info;
  GError *error = NULL;
  GHashTableIter iter;
  gpointer day, next;

  /* A back-office computer keeps only where its back office is. */
  if (info == NULL)
    {
      if (!yc_store_set_meta (self->store, YC_STORE_META_BACKOFFICE_CERTIFICATE,
                              enrolment->certificate_path, &error)
          || !yc_store_set_meta (self->store, YC_STORE_META_BACKOFFICE_URL, enrolment->url, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  if (!yc_store_enroll_device (self->store, info->hall, info->window, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_hash_table_iter_init (&iter, info->next_sequence);
  while (g_hash_table_iter_next (&iter, &day, &next))
    if (!yc_store_set_sequence_floor (self->store, day, GPOINTER_TO_UINT (next), &error))
      {
        g_task_return_error (task, error);
        return;
      }
  if (!yc_store_set_meta (self->store, YC_STORE_META_HALL_SECRET, info->hall_secret, &error)
      || !yc_store_set_meta (self->store, YC_STORE_META_HALL_NAME, info->hall_name, &error)
      || !yc_store_set_meta (self->store, YC_STORE_META_WINDOW_NAME, info->window_name, &error)
      || !yc_store_set_meta (self->store, YC_STORE_META_BACKOFFICE_CERTIFICATE,
                             enrolment->certificate_path, &error)
      /* Last: an address in the store means the enrolment is complete. */
      || !yc_store_set_meta (self->store, YC_STORE_META_BACKOFFICE_URL, enrolment->url, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
admin_signed_out_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The session expires by itself if the back office went away meanwhile. */
  if (!yc_backoffice_client_sign_out_finish (YC_BACKOFFICE_CLIENT (object), result, &error))
    g_debug ("Ending the enrolment session: %s", error->message);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  YcEnrollDialog *self = YC_ENROLL_DIALOG (object);
  Enrolment *enrolment = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* The administrator's session is not the clerk's: end it. */
  yc_backoffice_client_sign_out_async (self->client, NULL, admin_signed_out_cb, NULL);
  g_clear_object (&self->client);
  self->enrolling = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_signal_emit (self, signals[ENROLLED], 0, enrolment->info != NULL ? enrolment->info->hall : NULL,
                 enrolment->info != NULL ? enrolment->info->window : NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
window_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcEnrollDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *hall = code_of (self->hall_row);
  g_autofree char *window = code_of (self->window_row);
  Enrolment *enrolment;
  YcWindowInfo *info;

  info = yc_backoffice_client_get_window_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (info == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND))
        message = g_strdup_printf (_("The back office does not know window %s of hall %s. The "
                                     "administrator enrols it there first: "
                                     "yichuang-backoffice window enroll %s %s"),
                                   window, hall, hall, window);
      else if (g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FORBIDDEN))
        message = g_strdup_printf (_("This user may not enrol windows of hall %s. Sign in as an "
                                     "administrator or as a clerk of that hall."), hall);
      else
        message = g_strdup (error->message);
      yc_backoffice_client_sign_out_async (YC_BACKOFFICE_CLIENT (object), NULL, admin_signed_out_cb, NULL);
      show_error (self, message);
      return;
    }

  show_progress (self, _("Recording the enrolment on this computer…"));
  enrolment = g_new0 (Enrolment, 1);
  enrolment->url = g_strdup (yc_backoffice_client_get_base_url (YC_BACKOFFICE_CLIENT (object)));
  enrolment->certificate_path = g_strdup (self->certificate_path);
  enrolment->info = info;
  task = g_task_new (self, self->cancellable, recorded_cb, NULL);
  g_task_set_source_tag (task, window_cb);
  g_task_set_task_data (task, enrolment, (GDestroyNotify) enrolment_free);
  g_task_run_in_thread (task, record_thread);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YcEnrollDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSignIn) sign_in = NULL;
  g_autofree char *hall = code_of (self->hall_row);
  g_autofree char *window = code_of (self->window_row);

  sign_in = yc_backoffice_client_sign_in_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (sign_in == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
      return;
    }

  if (is_backoffice (self))
    {
      g_autoptr(GTask) task = NULL;
      Enrolment *enrolment = g_new0 (Enrolment, 1);

      show_progress (self, _("Recording the enrolment on this computer…"));
      enrolment->url = g_strdup (yc_backoffice_client_get_base_url (YC_BACKOFFICE_CLIENT (object)));
      enrolment->certificate_path = g_strdup (self->certificate_path);
      task = g_task_new (self, self->cancellable, recorded_cb, NULL);
      g_task_set_source_tag (task, signed_in_cb);
      g_task_set_task_data (task, enrolment, (GDestroyNotify) enrolment_free);
      g_task_run_in_thread (task, record_thread);
      return;
    }
  show_progress (self, _("Asking the back office about the window…"));
  yc_backoffice_client_get_window_async (YC_BACKOFFICE_CLIENT (object), hall, window,
                                         self->cancellable, window_cb, g_object_ref (self));
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcEnrollDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcBackofficeHealth) health = NULL;

  health = yc_backoffice_client_health_finish (YC_BACKOFFICE_CLIENT (object), result, &error);
  if (health == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the back office's address, then why it cannot be reached */
      message = g_strdup_printf (_("No back office answers at %s: %s"),
                                 yc_backoffice_client_get_base_url (YC_BACKOFFICE_CLIENT (object)),
                                 error->message);
      show_error (self, message);
      return;
    }

  show_progress (self, _("Signing in…"));
  yc_backoffice_client_sign_in_async (YC_BACKOFFICE_CLIENT (object),
                                      gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                      self->cancellable, signed_in_cb, g_object_ref (self));
}

static void
enroll_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcEnrollDialog *self = YC_ENROLL_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *url = url_of (self);

  if (self->enrolling)
    return;

  if (self->certificate_path != NULL)
    {
      certificate = g_tls_certificate_new_from_file (self->certificate_path, &error);
      if (certificate == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("The certificate file %s cannot be used: %s"),
                             self->certificate_path, error->message);
          show_error (self, message);
          return;
        }
    }

  self->client = yc_backoffice_client_new (url, certificate, &error);
  if (self->client == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->enrolling = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_sensitivity (self);
  show_progress (self, _("Connecting to the back office…"));
  yc_backoffice_client_health_async (self->client, self->cancellable, health_cb, g_object_ref (self));
}

static void
yc_enroll_dialog_dispose (GObject *object)
{
  YcEnrollDialog *self = (YcEnrollDialog *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_ENROLL_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_pointer (&self->certificate_path, g_free);

  G_OBJECT_CLASS (yc_enroll_dialog_parent_class)->dispose (object);
}

static void
yc_enroll_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YcEnrollDialog *self = YC_ENROLL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_enroll_dialog_class_init (YcEnrollDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_enroll_dialog_dispose;
  object_class->set_property = yc_enroll_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcEnrollDialog::enrolled:
   * @hall: (nullable): the hall code, as stored; %NULL for a back-office computer
   * @window: (nullable): the window code
   *
   * The store holds the device's codes and the back office's address, certificate path
   * and hall secret (yc-store-meta.h).
   */
  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-enroll-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, clear_certificate_button);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, backoffice_switch);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, codes_list);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, hall_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, window_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, YcEnrollDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_certificate_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_certificate_cb);

  gtk_widget_class_install_action (widget_class, "enroll.enroll", NULL, enroll_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_enroll_dialog_init (YcEnrollDialog *self)
{
  const char *url = g_getenv ("YC_BACKOFFICE_URL");

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* `make run` and the tests say where their back office listens. */
  if (url != NULL && *url != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  update_sensitivity (self);
}

GtkWidget *
yc_enroll_dialog_new (YcStore   *store,
                      GtkWindow *parent)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (YC_TYPE_ENROLL_DIALOG, "store", store, "transient-for", parent, NULL);
}

/**
 * yc_enroll_dialog_set_codes:
 * @hall: the hall code this computer already has
 * @window: its window code
 *
 * For a computer enrolled before the back office was asked (its case numbers already carry
 * these codes): they are shown and cannot be changed.
 */
void
yc_enroll_dialog_set_codes (YcEnrollDialog *self,
                            const char     *hall,
                            const char     *window)
{
  g_return_if_fail (YC_IS_ENROLL_DIALOG (self));
  g_return_if_fail (hall != NULL && window != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->hall_row), hall);
  gtk_editable_set_text (GTK_EDITABLE (self->window_row), window);
  gtk_widget_set_sensitive (GTK_WIDGET (self->hall_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->window_row), FALSE);
  /* Its case numbers carry the codes: it stays a counter window. */
  gtk_switch_set_active (self->backoffice_switch, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backoffice_switch), FALSE);
}
