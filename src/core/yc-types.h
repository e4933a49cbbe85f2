/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _YcCatalog        YcCatalog;
typedef struct _YcCalendar       YcCalendar;
typedef struct _YcSearchIndex    YcSearchIndex;

typedef struct _YcDepartment     YcDepartment;
typedef struct _YcMaterial       YcMaterial;
typedef struct _YcQuestion       YcQuestion;
typedef struct _YcQuestionOption YcQuestionOption;
typedef struct _YcScenario       YcScenario;
typedef struct _YcItem           YcItem;
typedef struct _YcBundle         YcBundle;
typedef struct _YcBundlePart     YcBundlePart;

G_END_DECLS
