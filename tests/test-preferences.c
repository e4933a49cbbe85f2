/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>

#include "yc-preferences-window.h"
#include "yc-settings.h"

/*
 * Preferences, in-process (issue 8): the settings schema is found (GSETTINGS_SCHEMA_DIR, the
 * build directory's compiled schema, memory backend); every control of the window is bound
 * both ways to its key; an enum key is shown by its label and stored by its nick; the idle
 * lock comes from the environment first, then the setting.
 */

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_schema (void)
{
  g_autoptr(GSettings) settings = yc_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) value = NULL;

  g_assert_nonnull (settings);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-minutes"), ==, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "yellow-threshold"), ==, 2);
  g_assert_cmpstr (g_settings_get_string (settings, "scan-source"), ==, "flatbed");
  /* The schema's ranges hold: no lock after 0 minutes, no threshold of a month. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "idle-lock-minutes");
  value = g_variant_ref_sink (g_variant_new_uint32 (0));
  g_assert_false (g_settings_schema_key_range_check (key, value));
  g_clear_pointer (&key, g_settings_schema_key_unref);
  g_clear_pointer (&value, g_variant_unref);
  key = g_settings_schema_get_key (schema, "yellow-threshold");
  value = g_variant_ref_sink (g_variant_new_uint32 (31));
  g_assert_false (g_settings_schema_key_range_check (key, value));
}

static void
test_idle_lock (void)
{
  g_autoptr(GSettings) settings = yc_settings_new ();

  g_assert_true (g_settings_set_uint (settings, "idle-lock-minutes", 12));
  g_unsetenv ("YC_IDLE_LOCK_SECONDS");
  g_assert_cmpuint (yc_settings_get_idle_lock_seconds (settings), ==, 12 * 60);
  g_assert_cmpuint (yc_settings_get_idle_lock_seconds (NULL), ==, 5 * 60);
  g_setenv ("YC_IDLE_LOCK_SECONDS", "3", TRUE);
  g_assert_cmpuint (yc_settings_get_idle_lock_seconds (settings), ==, 3);
  /* Nonsense in the environment falls back to the setting. */
  g_setenv ("YC_IDLE_LOCK_SECONDS", "soon", TRUE);
  g_assert_cmpuint (yc_settings_get_idle_lock_seconds (settings), ==, 12 * 60);
  g_unsetenv ("YC_IDLE_LOCK_SECONDS");
  g_settings_reset (settings, "idle-lock-minutes");
}

static void
test_window_binds (void)
{
  g_autoptr(GSettings) settings = yc_settings_new ();
  GtkWidget *window = yc_preferences_window_new (settings, NULL);
  GtkWidget *spin, *combo, *entry;

  gtk_window_present (GTK_WINDOW (window));

  /* A spin button writes its key... */
  spin = find_named (window, "idle-lock-minutes");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 15);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-minutes"), ==, 15);
  /* ...and follows it, with the schema's range as its own. */
  g_settings_set_uint (settings, "yellow-threshold", 4);
  spin = find_named (window, "yellow-threshold");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 4);
  spin = find_named (window, "scan-resolution");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5000);
  g_assert_cmpuint (g_settings_get_uint (settings, "scan-resolution"), ==, 1200);

  /* An enum key: the row shows a label, the key keeps the nick. */
  combo = find_named (window, "scan-color");
  g_assert_true (ADW_IS_COMBO_ROW (combo));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "scan-color"), ==, "lineart");
  g_settings_set_string (settings, "scan-source", "duplex");
  combo = find_named (window, "scan-source");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 2);

  entry = find_named (window, "hall");
  g_assert_true (ADW_IS_ENTRY_ROW (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "JB02");
  g_assert_cmpstr (g_settings_get_string (settings, "hall"), ==, "JB02");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/preferences/schema", test_schema);
  g_test_add_func ("/preferences/idle-lock", test_idle_lock);
  g_test_add_func ("/preferences/window-binds", test_window_binds);
  return g_test_run ();
}
