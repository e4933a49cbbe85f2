/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-catalog.h"
#include "yc-operation.h"

G_BEGIN_DECLS

char       *yc_format_working_days  (int        days);
const char *yc_format_audience      (YcAudience audience);
char       *yc_format_life_stages   (GStrv      life_stages);
char       *yc_format_date          (const GDate *date);
char       *yc_format_date_time     (GDateTime  *time);
char       *yc_format_day           (GDateTime  *time);
char       *yc_format_recent        (GDateTime  *time,
                                     GDateTime  *now);
char       *yc_format_iso_date_time (const char *iso,
                                     const char *fallback);
char       *yc_format_count         (gint64     count);
char       *yc_format_percent       (double     fraction,
                                     int        decimals);
char       *yc_format_op_done       (YcOpKind   kind,
                                     const char *number);

G_END_DECLS
