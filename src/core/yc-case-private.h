/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case.h"
#include "yc-json-reader-private.h"

G_BEGIN_DECLS

/* Shared by the document reader (yc-case.c) and the case machine's acceptance (yc-case-accept.c). */

YcCase                *yc_case_new_empty          (void);

YcCasePart            *yc_case_part_new           (const char          *department);
void                   yc_case_part_free          (YcCasePart          *part);
void                   yc_case_notice_free        (YcCaseNotice        *notice);
void                   yc_case_material_version_free (YcCaseMaterialVersion *material);
void                   yc_case_tolerated_free     (YcCaseTolerated     *tolerated);
void                   yc_case_pledge_free        (YcCasePledge        *pledge);
void                   yc_case_urge_free          (YcCaseUrge          *urge);
void                   yc_case_history_entry_free (YcCaseHistoryEntry  *entry);

/* The subject object: {"kind", "code", "name"?, "items": [{item, scenario, department}],
 * "answers"?}; fills the subject fields of @self (a copy of @subject is kept). */
gboolean               yc_case_read_subject       (YcCase              *self,
                                                   const YcJsonReader  *reader,
                                                   JsonObject          *subject,
                                                   const char          *path,
                                                   GError             **error);
/* The applicant object: {"kind": "person"|"enterprise", "name", "id_number", …}. */
gboolean               yc_case_read_applicant     (YcCase              *self,
                                                   const YcJsonReader  *reader,
                                                   JsonObject          *applicant,
                                                   const char          *path,
                                                   GError             **error);
/* One material entry; @stored: the document's form, with version and added_at. */
YcCaseMaterialVersion *yc_case_read_material      (const YcJsonReader  *reader,
                                                   JsonObject          *object,
                                                   const char          *path,
                                                   gboolean             stored,
                                                   GError             **error);
YcCaseTolerated       *yc_case_read_tolerated     (const YcJsonReader  *reader,
                                                   JsonObject          *object,
                                                   const char          *path,
                                                   gboolean             stored,
                                                   GError             **error);
YcCasePledge          *yc_case_read_pledge        (const YcJsonReader  *reader,
                                                   JsonObject          *object,
                                                   const char          *path,
                                                   gboolean             stored,
                                                   GError             **error);

/* The newest version number of @code on the case, 0 when never recorded. */
guint                  yc_case_material_version_of (YcCase             *self,
                                                    const char         *code);
void                   yc_case_add_history        (YcCase              *self,
                                                   const char          *at,
                                                   const char          *actor,
                                                   const char          *action,
                                                   const char          *detail);

G_END_DECLS
