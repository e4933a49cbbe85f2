/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-release-notes"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-release-notes.h"

static const char *items[] = {
  N_("Reviewers work their department’s queue; bundles are decided by each department in parallel"),
  N_("Every case runs on a working-day clock; supervisors urge late cases"),
  N_("Scanned materials land in the checklist and count toward the decision"),
  N_("Nothing accepted offline is lost or sent twice"),
  NULL
};

static const YcReleaseNotes notes = {
  N_("Review mode, supervision and the hall’s figures; sync under faults; scanning into the checklist."),
  items,
};

/**
 * yc_release_notes_get:
 *
 * Returns: (transfer none): this version's notes, untranslated
 */
const YcReleaseNotes *
yc_release_notes_get (void)
{
  return &notes;
}

/**
 * yc_release_notes_to_markup:
 *
 * Returns: (transfer full): @notes translated, in the AppStream description markup that
 *   AdwAboutWindow:release-notes takes
 */
char *
yc_release_notes_to_markup (const YcReleaseNotes *release)
{
  GString *markup = g_string_new (NULL);
  g_autofree char *paragraph = NULL;

  g_return_val_if_fail (release != NULL, NULL);

  paragraph = g_markup_escape_text (_(release->paragraph), -1);
  g_string_append_printf (markup, "<p>%s</p>", paragraph);
  if (release->items[0] != NULL)
    {
      g_string_append (markup, "<ul>");
      for (guint i = 0; release->items[i] != NULL; i++)
        {
          g_autofree char *item = g_markup_escape_text (_(release->items[i]), -1);

          g_string_append_printf (markup, "<li>%s</li>", item);
        }
      g_string_append (markup, "</ul>");
    }
  return g_string_free (markup, FALSE);
}
