/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-store.h"

G_BEGIN_DECLS

/*
 * Applicants the back office flagged for a broken pledge (承诺不实), as this window knows
 * them (yc-store-flags.c): from the change feed (kind `applicant_flag`) and from push
 * answers.  The counter looks them up offline, from the local store only.
 */

typedef struct _YcApplicantFlag {
  char *applicant_kind;  /* "person" or "enterprise"; NULL when the flag came without it */
  char *id_number;       /* resident ID number or unified social credit code */
  char *reason;          /* nullable */
  char *flagged_at;      /* UTC ISO 8601: the back office's first broken pledge of theirs */
  char *case_uuid;       /* nullable: the case whose pledge was broken */
} YcApplicantFlag;

YcApplicantFlag *yc_applicant_flag_copy (const YcApplicantFlag *flag);
void             yc_applicant_flag_free (YcApplicantFlag       *flag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcApplicantFlag, yc_applicant_flag_free)

/* NULL without an error when the applicant is not flagged here. */
YcApplicantFlag *yc_store_lookup_applicant_flag        (YcStore              *self,
                                                        const char           *id_number,
                                                        GError              **error);
void             yc_store_lookup_applicant_flag_async  (YcStore              *self,
                                                        const char           *id_number,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* NULL without an error when the applicant is not flagged here. */
YcApplicantFlag *yc_store_lookup_applicant_flag_finish (YcStore              *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
