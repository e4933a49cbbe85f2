/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalog.h"
#include "yc-json-reader-private.h"

G_BEGIN_DECLS

/*
 * The state of one catalog load, shared by the manifest and bundle reader
 * (yc-catalog-loader.c) and the item reader (yc-catalog-item-reader.c).
 */
typedef struct {
  YcJsonReader reader;         /* its file is the one being read, as named in messages */

  GPtrArray  *departments;
  GPtrArray  *items;
  GPtrArray  *bundles;
  GPtrArray  *bundle_origins;  /* where each bundle was read, parallel to bundles */

  /* code → "FILE: PATH" of its first definition, to name both places of a duplicate */
  GHashTable *department_at;
  GHashTable *item_at;
  GHashTable *bundle_at;
  GHashTable *material_name;   /* material code → the name it was first given */
  GHashTable *material_at;     /* material code → "FILE: PATH" of that name */
  GHashTable *included;        /* include paths already read */
} YcCatalogLoader;

char       *yc_catalog_loader_location   (YcCatalogLoader  *loader,
                                          const char       *path);
gboolean    yc_catalog_loader_read_code  (YcCatalogLoader  *loader,
                                          JsonObject       *object,
                                          const char       *path,
                                          const char       *key,
                                          char            **out,
                                          GError          **error);
const char *yc_catalog_loader_claim_code (YcCatalogLoader  *loader,
                                          GHashTable       *table,
                                          const char       *code,
                                          const char       *path);
gboolean    yc_catalog_loader_read_int   (YcCatalogLoader  *loader,
                                          JsonObject       *object,
                                          const char       *path,
                                          const char       *key,
                                          YcJsonFlags       flags,
                                          int               fallback,
                                          int               min,
                                          int               max,
                                          int              *out,
                                          GError          **error);
gboolean    yc_catalog_loader_read_audience (YcCatalogLoader  *loader,
                                             JsonObject       *object,
                                             const char       *path,
                                             YcAudience       *out,
                                             GError          **error);
gboolean    yc_catalog_loader_read_stages (YcCatalogLoader  *loader,
                                           JsonObject       *object,
                                           const char       *path,
                                           YcAudience        audience,
                                           GStrv            *out,
                                           GError          **error);
YcItem     *yc_catalog_loader_read_item  (YcCatalogLoader  *loader,
                                          JsonNode         *node,
                                          const char       *path,
                                          GError          **error);

const char *yc_audience_to_string        (YcAudience        audience);

G_END_DECLS
