/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "yc-store-error.h"

G_BEGIN_DECLS

YcStoreError  yc_store_error_code_from_sqlite  (int           sqlite_code);
YcStoreError  yc_store_error_code_from_errno   (int           errsv);
void          yc_store_set_error               (GError      **error,
                                                YcStoreError  code,
                                                const char   *path,
                                                const char   *detail);
void          yc_store_set_error_from_sqlite   (GError      **error,
                                                sqlite3      *db,
                                                int           sqlite_code,
                                                const char   *path);
void          yc_store_set_error_from_errno    (GError      **error,
                                                int           errsv,
                                                const char   *path);

G_END_DECLS
