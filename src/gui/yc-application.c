/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-application.h"
#include "yc-enroll-dialog.h"
#include "yc-preferences-window.h"
#include "yc-settings.h"
#include "yc-startup.h"
#include "yc-store-error.h"
#include "yc-store-meta.h"
#include "yc-sync-actions.h"
#include "yc-window.h"
#include "yc-release-notes.h"

/*
 * The counter application.  It opens the local store, then finds out whether this computer
 * is enrolled (the device's codes and the back office's address in the store): if so it
 * makes the back-office client and the session manager and the window asks who signs in;
 * if not, the enrolment comes first (YcEnrollDialog), then the sign-in.
 */

struct _YcApplication
{
  AdwApplication      parent_instance;

  char               *data_dir;
  GCancellable       *cancellable;

  YcStore            *store;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  GSettings          *settings;    /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (YcApplication, yc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the window's local store in DIR (default: $YC_DATA_DIR, else the user data folder)"),
    N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

/* What the store says about this computer's enrolment (read off the main loop). */
typedef struct {
  char  *hall;           /* NULL: not enrolled */
  char  *window;
  char  *url;            /* NULL: never enrolled against a back office */
  char  *certificate;
  char  *window_name;
} Enrolment;

static void
enrolment_free (Enrolment *enrolment)
{
  g_free (enrolment->hall);
  g_free (enrolment->window);
  g_free (enrolment->url);
  g_free (enrolment->certificate);
  g_free (enrolment->window_name);
  g_free (enrolment);
}

static void
read_enrolment_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  YcStore *store = task_data;
  Enrolment *enrolment = g_new0 (Enrolment, 1);
  GError *error = NULL;

  if (!yc_store_get_device (store, &enrolment->hall, &enrolment->window, NULL, &error))
    {
      if (!g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ENROLLED))
        goto fail;
      g_clear_error (&error);
    }
  enrolment->url = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_URL, &error);
  if (error == NULL)
    enrolment->certificate = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_CERTIFICATE, &error);
  if (error == NULL)
    enrolment->window_name = yc_store_get_meta (store, YC_STORE_META_WINDOW_NAME, &error);
  if (error != NULL)
    goto fail;
  g_task_return_pointer (task, enrolment, (GDestroyNotify) enrolment_free);
  return;

fail:
  enrolment_free (enrolment);
  g_task_return_error (task, error);
}

static void
idle_lock_changed_cb (YcApplication *self)
{
  if (self->sessions != NULL)
    yc_session_manager_set_idle_lock_seconds (self->sessions,
                                              yc_settings_get_idle_lock_seconds (self->settings));
}

static gboolean
make_services (YcApplication  *self,
               Enrolment      *enrolment,
               GError        **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  if (enrolment->certificate != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      certificate = g_tls_certificate_new_from_file (enrolment->certificate, &local_error);
      if (certificate == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("The back office’s certificate %s cannot be read (%s). Put the file "
                         "back, or enrol this computer again."),
                       enrolment->certificate, local_error->message);
          return FALSE;
        }
    }
  self->client = yc_backoffice_client_new (enrolment->url, certificate, error);
  if (self->client == NULL)
    return FALSE;
  self->sessions = yc_session_manager_new (self->client, self->store);
  idle_lock_changed_cb (self);
  return TRUE;
}

static void present_enrolment (YcApplication *self,
                               YcWindow      *window,
                               const char    *hall,
                               const char    *window_code);

static void
enrolment_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  YcApplication *self = YC_APPLICATION (object);
  g_autoptr(YcWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  Enrolment *enrolment;

  enrolment = g_task_propagate_pointer (G_TASK (result), &error);
  if (enrolment == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        yc_window_show_error (window, error);
      return;
    }

  /* A back-office computer (review, supervision) has the address without hall and window. */
  if (enrolment->url == NULL)
    {
      yc_window_show_not_enrolled (window);
      present_enrolment (self, window, enrolment->hall, enrolment->window);
    }
  else if (self->sessions == NULL && !make_services (self, enrolment, &error))
    {
      g_warning ("Cannot reach the back office: %s", error->message);
      yc_window_show_error (window, error);
    }
  else
    yc_window_set_session_manager (window, self->sessions, enrolment->hall, enrolment->window,
                                   enrolment->window_name);
  enrolment_free (enrolment);
}

static void
load_enrolment (YcApplication *self,
                YcWindow      *window)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, enrolment_read_cb, g_object_ref (window));

  g_task_set_source_tag (task, load_enrolment);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_enrolment_thread);
}

static void
enrolled_cb (YcEnrollDialog *dialog,
             const char     *hall,
             const char     *window_code,
             YcApplication  *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = NULL;

  if (!YC_IS_WINDOW (window))
    return;
  if (hall == NULL)
    message = g_strdup (_("This computer is enrolled as a back-office computer"));
  else
    /* Translators: the hall and window codes, as case numbers start */
    message = g_strdup_printf (_("This computer is enrolled as window %s-%s"), hall, window_code);
  yc_window_add_toast (YC_WINDOW (window), message);
  load_enrolment (self, YC_WINDOW (window));
}

static void
present_enrolment (YcApplication *self,
                   YcWindow      *window,
                   const char    *hall,
                   const char    *window_code)
{
  GtkWidget *dialog = yc_enroll_dialog_new (self->store, GTK_WINDOW (window));

  /* Enrolled before the back office was asked: its case numbers already carry the codes. */
  if (hall != NULL && window_code != NULL)
    yc_enroll_dialog_set_codes (YC_ENROLL_DIALOG (dialog), hall, window_code);
  g_signal_connect_object (dialog, "enrolled", G_CALLBACK (enrolled_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
enroll_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  YcApplication *self = YC_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Once per computer: an enrolled one keeps its back office. */
  if (self->store == NULL || self->sessions != NULL || !YC_IS_WINDOW (window))
    return;
  present_enrolment (self, YC_WINDOW (window), NULL, NULL);
}

static void
startup_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(YcWindow) window = user_data;
  YcApplication *self;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcSearchIndex) search_index = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(GError) error = NULL;
  gboolean imported = FALSE;

  if (!yc_startup_finish (result, &store, &search_index, &calendar, &imported, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot start the counter: %s", error->message);
      yc_window_show_error (window, error);
      return;
    }

  yc_window_show_counter (window, store, search_index, calendar);
  self = YC_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  if (self != NULL)
    {
      g_set_object (&self->store, store);
      load_enrolment (self, window);
    }
  if (imported)
    {
      YcCatalog *catalog = yc_search_index_get_catalog (search_index);
      g_autofree char *message = g_strdup_printf (_("Imported the shipped catalog, version %s"),
                                                  yc_catalog_get_version (catalog));
      yc_window_add_toast (window, message);
    }
}

static void
yc_application_activate (GApplication *application)
{
  YcApplication *self = YC_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      const char *data_dir = yc_application_get_data_dir (self);

      window = GTK_WINDOW (yc_window_new (GTK_APPLICATION (self)));
      yc_window_require_sign_in (YC_WINDOW (window));
      yc_window_show_loading (YC_WINDOW (window));
      g_debug ("Opening the store in %s", data_dir);
      yc_startup_async (data_dir, self->cancellable, startup_cb, g_object_ref (window));
    }

  gtk_window_present (window);
}

static int
yc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  YcApplication *self = YC_APPLICATION (application);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("yichuang %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir))
    yc_application_set_data_dir (self, data_dir);

  return G_APPLICATION_CLASS (yc_application_parent_class)->handle_local_options (application, options);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);

  gtk_window_present (yc_application_new_about_window (gtk_application_get_active_window (application)));
}

/**
 * yc_application_new_about_window:
 * @parent: (nullable): the window it belongs to
 *
 * About, with what is new in this version (yc-release-notes.h).  Destroyed when closed.
 */
GtkWindow *
yc_application_new_about_window (GtkWindow *parent)
{
  g_autofree char *release_notes = yc_release_notes_to_markup (yc_release_notes_get ());
  GtkWindow *about = GTK_WINDOW (g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                               "application-icon", APP_ID,
                                               "application-name", _("Yichuang"),
                                               "comments", _("Accept every department's applications at one window"),
                                               "version", PACKAGE_VERSION,
                                               "release-notes-version", PACKAGE_VERSION,
                                               "release-notes", release_notes,
                                               "license-type", GTK_LICENSE_GPL_3_0,
                                               /* Translators: put your names here, one per line */
                                               "translator-credits", _("translator-credits"),
                                               NULL));

  if (parent != NULL)
    {
      gtk_window_set_transient_for (about, parent);
      gtk_window_set_modal (about, TRUE);
    }
  return about;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  YcApplication *self = YC_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window;

  if (self->settings == NULL)
    {
      g_warning ("Preferences need the settings schema %s", APP_ID);
      return;
    }
  window = yc_preferences_window_new (self->settings, self->store);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

/* The "知道了" button of an urge's desktop notification (yc-urge-center.c). */
static void
acknowledge_urge_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Pressed while the app sat in the background: its main window. */
  for (GList *l = windows; !YC_IS_WINDOW (window) && l != NULL; l = l->next)
    window = l->data;
  if (YC_IS_WINDOW (window))
    yc_sync_actions_acknowledge_urge (YC_WINDOW (window), g_variant_get_string (parameter, NULL));
}

/*
 * The shortcuts window is built when asked for and destroyed when closed, not kept hidden as
 * GtkApplication does with gtk/help-overlay.ui: GTK 4.8's AT-SPI root answers a
 * GetChildAtIndex past the visible windows (a screen reader's count gone stale as a dialog
 * closes) with the last toplevel, and a hidden one has no object path: a critical.
 */
GtkWindow *
yc_application_new_help_overlay (GtkWindow *parent)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/cn/gov/Yichuang/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (overlay, parent);
  gtk_window_set_hide_on_close (overlay, FALSE);
  return overlay;
}

static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  gtk_window_present (yc_application_new_help_overlay (GTK_WINDOW (user_data)));
}

static void
yc_application_window_added (GtkApplication *application,
                             GtkWindow      *window)
{
  static const GActionEntry win_actions[] = {
    { "show-help-overlay", show_help_overlay_action },
  };

  GTK_APPLICATION_CLASS (yc_application_parent_class)->window_added (application, window);
  if (GTK_IS_APPLICATION_WINDOW (window))
    g_action_map_add_action_entries (G_ACTION_MAP (window), win_actions, G_N_ELEMENTS (win_actions),
                                     window);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "acknowledge-urge", acknowledge_urge_action, "s" },
  { "preferences", preferences_action },
  { "about", about_action },
  { "enroll", enroll_action },
};

/**
 * yc_application_get_accelerators:
 *
 * The application's own shortcuts, each listed in the shortcuts window (ui/help-overlay.ui;
 * tests/test-about.c checks it).
 *
 * Returns: (transfer none): ended by an entry whose action is %NULL
 */
const YcAccelerator *
yc_application_get_accelerators (void)
{
  static const YcAccelerator accelerators[] = {
    { "app.quit", "<Control>q" },
    { "window.close", "<Control>w" },
    { "win.lock", "<Control><Shift>l" },
    { "app.preferences", "<Control>comma" },
    { "win.show-help-overlay", "<Control>question" },
    { NULL, NULL }
  };

  return accelerators;
}

static void
yc_application_startup (GApplication *application)
{
  YcApplication *self = YC_APPLICATION (application);

  G_APPLICATION_CLASS (yc_application_parent_class)->startup (application);

  self->settings = yc_settings_new ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::idle-lock-minutes",
                             G_CALLBACK (idle_lock_changed_cb), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (const YcAccelerator *accel = yc_application_get_accelerators (); accel->action != NULL; accel++)
    {
      const char *accels[] = { accel->accelerator, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (application), accel->action, accels);
    }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (application),
                                                                           "preferences")),
                               self->settings != NULL);
}

static void
yc_application_shutdown (GApplication *application)
{
  YcApplication *self = YC_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (yc_application_parent_class)->shutdown (application);
}

static void
yc_application_finalize (GObject *object)
{
  YcApplication *self = (YcApplication *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_free (self->data_dir);

  G_OBJECT_CLASS (yc_application_parent_class)->finalize (object);
}

static void
yc_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcApplication *self = YC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, yc_application_get_data_dir (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcApplication *self = YC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      yc_application_set_data_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_application_class_init (YcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_application_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = yc_application_finalize;
  object_class->get_property = yc_application_get_property;
  object_class->set_property = yc_application_set_property;

  application_class->activate = yc_application_activate;
  application_class->handle_local_options = yc_application_handle_local_options;
  application_class->startup = yc_application_startup;
  application_class->shutdown = yc_application_shutdown;
  gtk_application_class->window_added = yc_application_window_added;

  /**
   * YcApplication:data-dir:
   *
   * The directory of the window's local store.
   */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_application_init (YcApplication *self)
{
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The comprehensive window of a government service hall."));
}

YcApplication *
yc_application_new (void)
{
  return g_object_new (YC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/cn/gov/Yichuang",
                       NULL);
}

/**
 * yc_application_get_data_dir:
 *
 * Returns: the store directory: the one set, else `$YC_DATA_DIR`, else
 *   `yichuang` in the user data folder
 */
const char *
yc_application_get_data_dir (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);

  if (self->data_dir == NULL)
    {
      const char *env = g_getenv ("YC_DATA_DIR");

      if (env != NULL && *env != '\0')
        self->data_dir = g_strdup (env);
      else
        self->data_dir = g_build_filename (g_get_user_data_dir (), "yichuang", NULL);
    }
  return self->data_dir;
}

void
yc_application_set_data_dir (YcApplication *self,
                             const char    *data_dir)
{
  g_return_if_fail (YC_IS_APPLICATION (self));

  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}

/**
 * yc_application_get_backoffice_client:
 *
 * Returns: (transfer none) (nullable): the client of the back office this computer is
 *   enrolled with, or %NULL before the store is open or the computer enrolled
 */
YcBackofficeClient *
yc_application_get_backoffice_client (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->client;
}

/**
 * yc_application_get_session_manager:
 *
 * Returns: (transfer none) (nullable): who is signed in at this computer (the sync engine
 *   is made with it), or %NULL before the store is open or the computer enrolled
 */
YcSessionManager *
yc_application_get_session_manager (YcApplication *self)
{
  g_return_val_if_fail (YC_IS_APPLICATION (self), NULL);
  return self->sessions;
}
