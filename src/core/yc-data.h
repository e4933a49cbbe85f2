/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GFile *yc_data_find (const char *relative_path);

G_END_DECLS
