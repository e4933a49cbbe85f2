/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-types.h"

G_BEGIN_DECLS

/*
 * The service catalog (政务服务事项目录): departments, service items with their scenarios
 * and materials, and themed bundles (一件事).  A catalog is immutable once loaded; every
 * struct below is owned by its YcCatalog and lives as long as it does.  The on-disk format
 * is described in docs/catalog-format.md; the loader is in yc-catalog-loader.c.
 */

#define YC_CATALOG_ERROR (yc_catalog_error_quark ())

typedef enum {
  YC_CATALOG_ERROR_IO,        /* a file could not be read */
  YC_CATALOG_ERROR_PARSE,     /* not JSON */
  YC_CATALOG_ERROR_INVALID,   /* JSON, but not a valid catalog: message names file, path, reason */
} YcCatalogError;

/* 事项类型 */
typedef enum {
  YC_ITEM_TYPE_ADMINISTRATIVE_PERMIT,        /* 行政许可 */
  YC_ITEM_TYPE_ADMINISTRATIVE_CONFIRMATION,  /* 行政确认 */
  YC_ITEM_TYPE_ADMINISTRATIVE_PAYMENT,       /* 行政给付 */
  YC_ITEM_TYPE_PUBLIC_SERVICE,               /* 公共服务 */
  YC_ITEM_TYPE_OTHER_POWER,                  /* 其他行政权力 (备案 …) */
} YcItemType;

/* Ordered by strictness: a merge keeps the largest value. */
typedef enum {
  YC_MATERIAL_FORM_ELECTRONIC,  /* 电子 */
  YC_MATERIAL_FORM_COPY,        /* 复印件 */
  YC_MATERIAL_FORM_ORIGINAL,    /* 原件核验 */
} YcMaterialForm;

typedef enum {
  YC_AUDIENCE_CITIZEN    = 1 << 0,  /* 自然人 */
  YC_AUDIENCE_ENTERPRISE = 1 << 1,  /* 法人 */
  YC_AUDIENCE_ALL        = YC_AUDIENCE_CITIZEN | YC_AUDIENCE_ENTERPRISE,
} YcAudience;

/* Sentinel for "no statutory limit" (法定时限: 无). */
#define YC_NO_LIMIT (-1)

struct _YcDepartment {
  char *code;
  char *name;        /* 区市场监督管理局 */
  char *short_name;  /* 市场监管局 */
};

struct _YcMaterial {
  char           *code;           /* the same code means the same material across items */
  char           *name;
  YcMaterialForm  form;
  guint           copies;         /* ≥ 1 */
  gboolean        required;       /* 必要 (otherwise 非必要) */
  gboolean        core;           /* 核心材料: never tolerable */
  gboolean        tolerable;      /* 容缺 */
  gboolean        pledgeable;     /* 告知承诺 */
  char           *shared_source;  /* 数据共享 source (e.g. 公安人口库), or NULL */
  char           *source_hint;    /* where the applicant gets it, for the one-time notice; or NULL */
  char           *note;           /* or NULL */
};

struct _YcQuestionOption {
  char *code;
  char *label;
};

struct _YcQuestion {
  char      *code;
  char      *text;     /* 是否委托他人办理？ */
  GPtrArray *options;  /* of YcQuestionOption* */
};

struct _YcScenario {
  char       *code;
  char       *name;        /* 情景: 首次申请 */
  GHashTable *when;        /* question code → option code; empty for the only scenario */
  GPtrArray  *materials;   /* of YcMaterial* */
};

struct _YcItem {
  char        *code;               /* 事项编码 */
  char        *name;
  YcItemType   type;
  char        *department;         /* YcDepartment code */
  int          statutory_days;     /* 法定办结时限, working days, or YC_NO_LIMIT */
  int          committed_days;     /* 承诺办结时限, working days; 0 = 即办 */
  char        *fee;                /* 不收费 / 工本费20元 */
  char        *legal_basis;
  YcAudience   audience;
  GStrv        life_stages;        /* keys, see yc_life_stage_label() */
  guint        supplement_days;    /* 容缺后补 limit, working days (default 5) */
  guint        max_tolerated;      /* cap on tolerated materials per case (default 2) */
  guint        pledge_verify_days; /* 事后核查 due after acceptance, working days (default 20) */
  GPtrArray   *questions;          /* of YcQuestion* */
  GPtrArray   *scenarios;          /* of YcScenario*, at least one */
};

struct _YcBundlePart {
  char *item;      /* YcItem code */
  char *scenario;  /* YcScenario code within that item */
};

struct _YcBundle {
  char       *code;
  char       *name;            /* 我要开健身房 */
  char       *description;
  YcAudience  audience;
  GStrv       life_stages;
  int         committed_days;  /* the bundle's own committed limit (working days) */
  GPtrArray  *parts;           /* of YcBundlePart*, at least two */
};

#define YC_TYPE_CATALOG (yc_catalog_get_type ())
G_DECLARE_FINAL_TYPE (YcCatalog, yc_catalog, YC, CATALOG, GObject)

GQuark              yc_catalog_error_quark        (void);

YcCatalog          *yc_catalog_load_file          (GFile         *file,
                                                   GError       **error);
YcCatalog          *yc_catalog_load_bytes         (GBytes        *bytes,
                                                   const char    *name,
                                                   GError       **error);
GBytes             *yc_catalog_to_bytes           (YcCatalog     *self);

const char         *yc_catalog_get_version        (YcCatalog     *self);
const char         *yc_catalog_get_name           (YcCatalog     *self);
GPtrArray          *yc_catalog_get_departments    (YcCatalog     *self);
GPtrArray          *yc_catalog_get_items          (YcCatalog     *self);
GPtrArray          *yc_catalog_get_bundles        (YcCatalog     *self);
const YcDepartment *yc_catalog_lookup_department  (YcCatalog     *self,
                                                   const char    *code);
const YcItem       *yc_catalog_lookup_item        (YcCatalog     *self,
                                                   const char    *code);
const YcBundle     *yc_catalog_lookup_bundle      (YcCatalog     *self,
                                                   const char    *code);

const YcScenario   *yc_item_lookup_scenario       (const YcItem  *item,
                                                   const char    *code);
const YcScenario   *yc_item_match_scenario        (const YcItem  *item,
                                                   GHashTable    *answers);

const char         *yc_item_type_to_string        (YcItemType     type);
gboolean            yc_item_type_from_string      (const char    *str,
                                                   YcItemType    *type);
const char         *yc_item_type_label            (YcItemType     type);
const char         *yc_material_form_to_string    (YcMaterialForm form);
gboolean            yc_material_form_from_string  (const char    *str,
                                                   YcMaterialForm *form);
const char         *yc_material_form_label        (YcMaterialForm form);
gboolean            yc_life_stage_is_valid        (const char    *key);
const char         *yc_life_stage_label           (const char    *key);
const char * const *yc_life_stage_keys            (YcAudience     audience);

G_END_DECLS
