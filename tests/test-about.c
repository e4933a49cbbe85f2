/* SPDX-License-Identifier: GPL-3.0-or-later */

/* About and the shortcuts window: the release notes (yc-release-notes.h) are the AppStream
 * metainfo's description of this version, shown translated; every shortcut the application
 * installs is listed in the shortcuts window. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "yc-application.h"
#include "yc-release-notes.h"

static const char *metainfo_path;

typedef struct {
  gboolean   in_release;   /* the <release> of PACKAGE_VERSION */
  gboolean   in_text;      /* a <p> or <li> of its description */
  GString   *text;
  GPtrArray *paragraphs;
  GPtrArray *items;
  const char *element;
} Reading;

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Reading *reading = user_data;

  if (g_str_equal (name, "release"))
    {
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (g_str_equal (attribute_names[i], "version"))
          reading->in_release = g_str_equal (attribute_values[i], PACKAGE_VERSION);
    }
  else if (reading->in_release && (g_str_equal (name, "p") || g_str_equal (name, "li")))
    {
      reading->in_text = TRUE;
      reading->element = g_str_equal (name, "p") ? "p" : "li";
      g_string_truncate (reading->text, 0);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Reading *reading = user_data;

  if (g_str_equal (name, "release"))
    reading->in_release = FALSE;
  else if (reading->in_text && (g_str_equal (name, "p") || g_str_equal (name, "li")))
    {
      g_ptr_array_add (g_str_equal (reading->element, "p") ? reading->paragraphs : reading->items,
                       g_strdup (reading->text->str));
      reading->in_text = FALSE;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Reading *reading = user_data;

  if (reading->in_text)
    g_string_append_len (reading->text, text, (gssize) length);
}

/* The metainfo's description of this version is the app's, word for word. */
static void
test_same_as_metainfo (void)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  Reading reading = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const YcReleaseNotes *notes = yc_release_notes_get ();
  guint n_items = 0;

  g_assert_true (g_file_get_contents (metainfo_path, &contents, NULL, &error));
  g_assert_no_error (error);
  reading.text = g_string_new (NULL);
  reading.paragraphs = g_ptr_array_new_with_free_func (g_free);
  reading.items = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, 0, &reading, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (reading.paragraphs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (reading.paragraphs, 0), ==, notes->paragraph);
  while (notes->items[n_items] != NULL)
    n_items++;
  g_assert_cmpuint (reading.items->len, ==, n_items);
  for (guint i = 0; i < n_items; i++)
    g_assert_cmpstr (g_ptr_array_index (reading.items, i), ==, notes->items[i]);

  g_string_free (reading.text, TRUE);
  g_ptr_array_unref (reading.paragraphs);
  g_ptr_array_unref (reading.items);
}

/* About shows them for this version, in Chinese, as AppStream markup. */
static void
test_about (void)
{
  GtkWindow *about = yc_application_new_about_window (NULL);
  const char *markup;

  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_release_notes_version (ADW_ABOUT_WINDOW (about)), ==,
                   PACKAGE_VERSION);
  markup = adw_about_window_get_release_notes (ADW_ABOUT_WINDOW (about));
  g_assert_true (g_str_has_prefix (markup, "<p>审批模式"));
  g_assert_nonnull (strstr (markup, "<ul><li>审批人员处理本部门的待办队列"));
  g_assert_true (g_str_has_suffix (markup, "</li></ul>"));
  /* What the notes say stays text: markup in a translation is escaped */
  g_assert_null (strstr (markup, "<p><"));
  gtk_window_destroy (about);
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *shortcuts)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (shortcuts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts);
}

/* Whether @accelerator (gtk_accelerator_parse() notation) is among @listed's, a
 * GtkShortcutsShortcut:accelerator: space-separated, each as gtk_accelerator_parse() reads it */
static gboolean
lists_accelerator (const char *listed,
                   const char *accelerator)
{
  g_auto(GStrv) each = g_strsplit (listed != NULL ? listed : "", " ", -1);
  guint key = 0, wanted_key = 0;
  GdkModifierType mods = 0, wanted_mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &wanted_key, &wanted_mods));
  for (guint i = 0; each[i] != NULL; i++)
    if (gtk_accelerator_parse (each[i], &key, &mods) && key == wanted_key && mods == wanted_mods)
      return TRUE;
  return FALSE;
}

/* The shortcuts window names every shortcut of the application, and names no action the
 * application gives no shortcut (such a row would show none). */
static void
test_shortcuts_listed (void)
{
  GtkWindow *overlay = yc_application_new_help_overlay (NULL);
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  const YcAccelerator *accelerators = yc_application_get_accelerators ();

  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 20);
  for (const YcAccelerator *accel = accelerators; accel->action != NULL; accel++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < shortcuts->len && !found; i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *listed = NULL;

          g_object_get (g_ptr_array_index (shortcuts, i), "action-name", &action, "accelerator",
                        &listed, NULL);
          found = g_strcmp0 (action, accel->action) == 0 || lists_accelerator (listed, accel->accelerator);
        }
      if (!found)
        g_error ("The shortcuts window does not list %s (%s)", accel->accelerator, accel->action);
    }
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action = NULL;
      gboolean known = FALSE;

      g_object_get (g_ptr_array_index (shortcuts, i), "action-name", &action, NULL);
      if (action == NULL)
        continue;
      for (const YcAccelerator *accel = accelerators; accel->action != NULL; accel++)
        known = known || g_str_equal (accel->action, action);
      if (!known)
        g_error ("The shortcuts window lists %s, which has no shortcut", action);
    }
  gtk_window_destroy (overlay);
}

int
main (int   argc,
      char *argv[])
{
  g_assert_cmpint (argc, >=, 2);
  metainfo_path = argv[1];
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/about/release-notes-as-metainfo", test_same_as_metainfo);
  g_test_add_func ("/about/release-notes", test_about);
  g_test_add_func ("/about/shortcuts-listed", test_shortcuts_listed);
  return g_test_run ();
}
