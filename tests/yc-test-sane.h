/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* SANE's `test` backend for tests (TESTING.md): its configuration in a private
 * SANE_CONFIG_DIR.  A scanner already open keeps what it read. */

#include <glib.h>

/*
 * Writes @dir/test.conf: @devices scanners in @mode ("Color", "Gray") showing @picture
 * ("Color pattern", "Grid", "Solid black" …), whose reads end with @status ("Default",
 * "SANE_STATUS_JAMMED" …); @slow: reads limited to 4 KiB and delayed 20 ms each.
 */
static inline void
yc_test_sane_write_conf (const char *dir,
                         guint       devices,
                         const char *mode,
                         const char *picture,
                         gboolean    slow,
                         const char *status)
{
  g_autofree char *path = g_build_filename (dir, "test.conf", NULL);
  g_autofree char *text = g_strdup_printf (
      "number_of_devices %u\n"
      "mode %s\n"
      "depth 8\n"
      "hand-scanner false\n"
      "three-pass false\n"
      "three-pass-order RGB\n"
      "resolution_min 1.0\n"
      "resolution_max 1200.0\n"
      "resolution_quant 1.0\n"
      "resolution 50.0\n"
      "test-picture \"%s\"\n"
      "invert-endianess false\n"
      "read-limit %s\n"
      "read-limit-size 4096\n"
      "read-delay %s\n"
      "read-delay-duration 20000\n"
      "read-status-code \"%s\"\n"
      "fuzzy-parameters false\n"
      "ppl-loss 0\n"
      "non-blocking false\n"
      "select-fd false\n"
      "enable-test-options false\n"
      "geometry_min 0.0\n"
      "geometry_max 200.0\n"
      "geometry_quant 1.0\n"
      "tl_x 0.0\n"
      "tl_y 0.0\n"
      "br_x 80.0\n"
      "br_y 100.0\n",
      devices, mode, picture, slow ? "true" : "false", slow ? "true" : "false", status);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}
