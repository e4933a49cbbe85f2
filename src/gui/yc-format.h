/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-catalog.h"
#include "yc-operation.h"

G_BEGIN_DECLS

char       *yc_format_working_days  (int        days);
const char *yc_format_audience      (YcAudience audience);
char       *yc_format_life_stages   (GStrv      life_stages);
char       *yc_format_date          (const GDate *date);
char       *yc_format_op_done       (YcOpKind   kind,
                                     const char *number);

G_END_DECLS
