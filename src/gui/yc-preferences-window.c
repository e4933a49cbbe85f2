/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-gui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-preferences-window.h"
#include "yc-store-meta.h"

/*
 * Preferences (首选项): the GSettings of data/cn.gov.Yichuang.gschema.xml, bound live, and
 * what this computer's enrolment recorded (read-only here: the administrator enrols again
 * to change it).  Every control carries the title of its row as its accessible name.
 */

struct _YcPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings    *settings;
  YcStore      *store;
  GCancellable *cancellable;

  AdwActionRow *enrolled_url_row;
  AdwActionRow *enrolled_hall_row;
  AdwActionRow *enrolled_window_row;
};

G_DEFINE_FINAL_TYPE (YcPreferencesWindow, yc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A choice of an enum setting: its nick and its label. */
typedef struct
{
  const char *nick;
  const char *label;
} Choice;

static const Choice source_choices[] = {
  { "flatbed", N_("Flatbed") },
  { "adf", N_("Document feeder") },
  { "duplex", N_("Document feeder, both sides") },
  { NULL, NULL }
};

static const Choice color_choices[] = {
  { "color", N_("Colour") },
  { "gray", N_("Grey") },
  { "lineart", N_("Black and white") },
  { NULL, NULL }
};

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const Choice *choices = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i].nick != NULL; i++)
    if (g_str_equal (choices[i].nick, nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const Choice *choices = user_data;
  guint selected = g_value_get_uint (value);

  for (guint i = 0; choices[i].nick != NULL; i++)
    if (i == selected)
      return g_variant_new_string (choices[i].nick);
  return NULL;
}

static void
add_choice_row (YcPreferencesWindow *self,
                AdwPreferencesGroup *group,
                const char          *key,
                const char          *title,
                const Choice        *choices)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

  for (guint i = 0; choices[i].nick != NULL; i++)
    gtk_string_list_append (labels, _(choices[i].label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_name (GTK_WIDGET (row), key);
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping, (gpointer) choices, NULL);
  adw_preferences_group_add (group, GTK_WIDGET (row));
}

/* A whole-number setting with its range from the schema, in a spin button. */
static void
add_number_row (YcPreferencesWindow *self,
                AdwPreferencesGroup *group,
                const char          *key,
                const char          *title,
                const char          *subtitle,
                double               step)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *kind = NULL;
  double lower = 0, upper = G_MAXINT;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  if (g_str_equal (kind, "range"))
    {
      if (g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
        {
          guint32 low, high;
          g_variant_get (limits, "(uu)", &low, &high);
          lower = low;
          upper = high;
        }
      else if (g_variant_is_of_type (limits, G_VARIANT_TYPE ("(ii)")))
        {
          gint32 low, high;
          g_variant_get (limits, "(ii)", &low, &high);
          lower = low;
          upper = high;
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  spin = gtk_spin_button_new_with_range (lower, upper, step);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_name (spin, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
}

static void
add_text_row (YcPreferencesWindow *self,
              AdwPreferencesGroup *group,
              const char          *key,
              const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);
}

static AdwActionRow *
add_info_row (AdwPreferencesGroup *group,
              const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not enrolled"));
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static AdwPreferencesPage *
add_page (YcPreferencesWindow *self,
          const char          *title,
          const char          *icon_name)
{
  GtkWidget *page = adw_preferences_page_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), title);
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), icon_name);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  return ADW_PREFERENCES_PAGE (page);
}

/* What the enrolment recorded, read off the main loop. */
typedef struct
{
  char *url;
  char *hall;
  char *window;
} Enrolment;

static void
enrolment_free (Enrolment *enrolment)
{
  g_free (enrolment->url);
  g_free (enrolment->hall);
  g_free (enrolment->window);
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
  g_autoptr(GError) error = NULL;

  enrolment->url = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_URL, NULL);
  if (!yc_store_get_device (store, &enrolment->hall, &enrolment->window, NULL, &error))
    g_debug ("No enrolment to show: %s", error->message);
  g_task_return_pointer (task, enrolment, (GDestroyNotify) enrolment_free);
}

static void
show_value (AdwActionRow *row,
            const char   *value)
{
  if (value != NULL && *value != '\0')
    adw_action_row_set_subtitle (row, value);
}

static void
enrolment_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Enrolment *enrolment = g_task_propagate_pointer (G_TASK (result), NULL);
  YcPreferencesWindow *self;

  if (enrolment == NULL)
    return;
  self = YC_PREFERENCES_WINDOW (object);
  show_value (self->enrolled_url_row, enrolment->url);
  show_value (self->enrolled_hall_row, enrolment->hall);
  show_value (self->enrolled_window_row, enrolment->window);
  enrolment_free (enrolment);
}

static void
build_pages (YcPreferencesWindow *self)
{
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  page = add_page (self, _("Counter"), "computer-symbolic");
  group = add_group (page, _("This Computer’s Enrolment"),
                     _("Recorded when the administrator enrolled this computer. To change it, "
                       "the administrator enrols the computer again."));
  self->enrolled_url_row = add_info_row (group, _("Back office address"));
  self->enrolled_hall_row = add_info_row (group, _("Hall"));
  self->enrolled_window_row = add_info_row (group, _("Window"));

  group = add_group (page, _("Offered at Enrolment"),
                     _("What the enrolment dialog fills in, for administrators who set up "
                       "many computers."));
  add_text_row (self, group, "backoffice-url", _("Back office address"));
  add_text_row (self, group, "hall", _("Hall code"));
  add_text_row (self, group, "window", _("Window code"));

  group = add_group (page, _("Privacy"), NULL);
  add_number_row (self, group, "idle-lock-minutes", _("Lock after idle minutes"),
                  _("The screen locks and hides the applicant’s data"), 1);

  group = add_group (page, _("Applicant Rating"), NULL);
  add_number_row (self, group, "rating-monitor", _("Rating window monitor"),
                  _("Counted from 0; −1 uses the second monitor when there is one"), 1);

  page = add_page (self, _("Scanning"), "scanner-symbolic");
  group = add_group (page, _("New Scanners"),
                     _("The settings a scanner starts with; each scanner then keeps its own."));
  add_choice_row (self, group, "scan-source", _("Paper source"), source_choices);
  add_choice_row (self, group, "scan-color", _("Colour mode"), color_choices);
  add_number_row (self, group, "scan-resolution", _("Resolution (dpi)"), NULL, 25);
  add_number_row (self, group, "jpeg-quality", _("JPEG quality"),
                  _("Of colour and grey pages in the stored PDF"), 5);

  page = add_page (self, _("Deadlines"), "alarm-symbolic");
  group = add_group (page, _("Traffic Lights"), NULL);
  add_number_row (self, group, "yellow-threshold", _("Yellow light at working days left"),
                  _("A case with at most this many working days left shows yellow, until the back "
                    "office gives the hall’s own at a sign-in"), 1);
}

static void
yc_preferences_window_constructed (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (yc_preferences_window_parent_class)->constructed (object);

  build_pages (self);
  if (self->store != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, enrolment_read_cb, NULL);

      g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
      g_task_run_in_thread (task, read_enrolment_thread);
    }
}

static void
yc_preferences_window_dispose (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (yc_preferences_window_parent_class)->dispose (object);
}

static void
yc_preferences_window_finalize (GObject *object)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_preferences_window_parent_class)->finalize (object);
}

static void
yc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  YcPreferencesWindow *self = YC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_preferences_window_class_init (YcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yc_preferences_window_constructed;
  object_class->dispose = yc_preferences_window_dispose;
  object_class->finalize = yc_preferences_window_finalize;
  object_class->get_property = yc_preferences_window_get_property;
  object_class->set_property = yc_preferences_window_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_preferences_window_init (YcPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), TRUE);
}

/**
 * yc_preferences_window_new:
 * @settings: the app's settings (yc_settings_new())
 * @store: (nullable): the local store, for the enrolment shown
 */
GtkWidget *
yc_preferences_window_new (GSettings *settings,
                           YcStore   *store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);

  return g_object_new (YC_TYPE_PREFERENCES_WINDOW, "settings", settings, "store", store, NULL);
}

GSettings *
yc_preferences_window_get_settings (YcPreferencesWindow *self)
{
  g_return_val_if_fail (YC_IS_PREFERENCES_WINDOW (self), NULL);
  return self->settings;
}
