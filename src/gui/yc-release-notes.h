/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What is new in this version, for About (AdwAboutWindow's release notes) in the user's
 * language.  The English text is the AppStream metainfo's description of this release
 * (data/cn.gov.Yichuang.metainfo.xml.in); tests/test-about.c keeps the two equal.
 */

typedef struct {
  const char  *paragraph;   /* untranslated */
  const char **items;       /* untranslated, NULL-terminated; may be empty */
} YcReleaseNotes;

const YcReleaseNotes *yc_release_notes_get        (void);
char                 *yc_release_notes_to_markup  (const YcReleaseNotes *notes);

G_END_DECLS
