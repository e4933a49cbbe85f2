/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* File-system steps that make new names durable, shared by the store and the blob store. */

gboolean yc_store_fs_sync_directory  (const char  *path,
                                      GError     **error);
gboolean yc_store_fs_make_directory  (const char  *path,
                                      GError     **error);
int      yc_store_fs_lock_directory  (const char  *directory,
                                      GError     **error);

G_END_DECLS
