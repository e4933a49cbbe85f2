/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the store's tests and benchmark. */

#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <sys/mount.h>

#include "yc-store.h"

static inline char *
yc_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("yc-store-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static inline void
yc_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          yc_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static inline GBytes *
yc_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/*
 * A case with five materials as the counter would describe it, in the rules engine's words:
 * two scanned (the blobs must have been put), one pledged, one missing (tolerated, hence
 * the decision), one handed in but defective.
 */
static inline YcCaseDraft *
yc_test_draft_new (const char *blob_a,
                   const char *blob_b,
                   GDateTime  *accepted_at)
{
  YcCaseDraft *draft = yc_case_draft_new (YC_CASE_KIND_ITEM, "SCJG-GTGSH-001");

  draft->scenario_json = g_strdup ("{\"scenario\":\"first\",\"answers\":{\"agent\":\"no\"}}");
  draft->catalog_version = g_strdup ("2026.1");
  draft->applicant_json = g_strdup ("{\"type\":\"person\",\"name\":\"张三\","
                                    "\"id\":\"110101199003074477\",\"agent\":null}");
  draft->decision = g_strdup ("accept_with_tolerance");
  draft->supplement_due = g_strdup ("2026-11-30");
  draft->accepted_at = accepted_at != NULL ? g_date_time_ref (accepted_at) : NULL;
  yc_case_draft_add_material (draft, "M-ID", "provided", 1, 2, blob_a, NULL);
  yc_case_draft_add_material (draft, "M-LEASE", "provided", 2, 5, blob_b, NULL);
  yc_case_draft_add_material (draft, "M-FIRE", "pledged", 0, 0, NULL, NULL);
  yc_case_draft_add_material (draft, "M-HEALTH", "missing", 0, 0, NULL, NULL);
  yc_case_draft_add_material (draft, "M-HUKOU", "defective", 1, 0, NULL, "复印件不清晰");
  return draft;
}

/*
 * Moves this test process into its own mount namespace, so that it can mount a small
 * tmpfs or a read-only bind mount that nobody else sees and that vanishes with it.
 * Needs root (CAP_SYS_ADMIN); returns FALSE where that is not allowed.
 */
static inline gboolean
yc_test_private_mounts (void)
{
  static int state = 0;  /* 0 unknown, 1 ok, -1 refused */

  if (state == 0)
    {
      if (unshare (CLONE_NEWNS) == 0 &&
          mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
        state = 1;
      else
        state = -1;
    }
  return state == 1;
}
