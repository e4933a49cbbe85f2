/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

static inline gboolean
yc_test_finalize_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/*
 * Drops the caller's reference to @object and runs the main loop until @object is
 * finalized.  Work a destroyed widget started may still run on a worker thread (a store
 * query, a write), holding the object until its result is delivered to this context; a
 * leak still fails, after 20 s.
 */
static inline void
yc_test_finalize_soon (gpointer object)
{
  gpointer weak = object;
  gboolean timed_out = FALSE;
  guint id;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  id = g_timeout_add_seconds (20, yc_test_finalize_timeout_cb, &timed_out);
  while (weak != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (weak != NULL)
    g_object_remove_weak_pointer (weak, &weak);
  g_assert_null (weak);
}
