/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-scan"

#include "config.h"

#include "yc-scan-error.h"

G_DEFINE_QUARK (yc-scan-error-quark, yc_scan_error)
