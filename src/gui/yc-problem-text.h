/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/* What a clerk reads about a sync problem, in plain words (translated).  The back office's
 * own reason is technical and may be English; these say what happened and what to do. */
const char *yc_problem_text_explanation (const YcSyncProblem *problem);
const char *yc_problem_text_advice      (const YcSyncProblem *problem);
/* "Accept the case", "Supplement materials", … : what the clerk was doing. */
const char *yc_problem_text_attempt     (const YcSyncProblem *problem);
/* Whether @code is one the table explains (the others get a general text). */
gboolean    yc_problem_text_knows_code  (const char          *code);

G_END_DECLS
