/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-database.h"
#include "yc-store.h"

G_BEGIN_DECLS

/* Shared by the yc-store*.c files and used by tests; not for the GUI. */

typedef gpointer (*YcStoreJobFunc) (YcStore   *self,
                                    gpointer   data,
                                    GError   **error);

YcDatabase *yc_store_get_database   (YcStore             *self);
GMutex     *yc_store_get_lock       (YcStore             *self);
void        yc_store_queue_job      (YcStore             *self,
                                     YcStoreJobFunc       func,
                                     gpointer             data,
                                     GDestroyNotify       data_free,
                                     GDestroyNotify       result_free,
                                     gpointer             source_tag,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gpointer    yc_store_job_finish     (YcStore             *self,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);
gboolean    yc_store_is_valid_day   (const char          *day);

/* Cases (yc-store-cases.c), shared with yc-store-operations.c.  Inside a transaction. */
gboolean    yc_store_check_blobs          (YcStore         *self,
                                           YcCase          *case_doc,
                                           guint            from,
                                           GError         **error);
char       *yc_store_dup_document_text    (YcCase          *case_doc,
                                           GError         **error);
char       *yc_store_dup_supplement_due   (YcCase          *case_doc);
gboolean    yc_store_insert_materials     (YcDatabase      *database,
                                           YcCase          *case_doc,
                                           guint            from,
                                           GError         **error);
gboolean    yc_store_insert_outbox        (YcDatabase      *database,
                                           YcOperation     *op,
                                           const char      *author,
                                           const char      *now,
                                           GError         **error);
YcCase     *yc_store_read_document        (const char      *uuid,
                                           const char      *text,
                                           GError         **error);
/* Sync bookkeeping (yc-store-sync.c): a case's sync_state from its open problems and
 * waiting ops.  Inside a transaction. */
gboolean    yc_store_refresh_sync_state   (YcDatabase      *database,
                                           const char      *case_uuid,
                                           GError         **error);
gboolean    yc_store_insert_problem       (YcDatabase      *database,
                                           const char      *op_text,
                                           const char      *author,
                                           const char      *result,
                                           const char      *code,
                                           const char      *reason,
                                           gint64           server_version,
                                           const char      *now,
                                           GError         **error);
gboolean    yc_store_flag_applicant       (YcDatabase      *database,
                                           const char      *id_number,
                                           const char      *reason,
                                           const char      *case_uuid,
                                           const char      *now,
                                           GError         **error);
/* yc-store-flags.c: a flag from the back office.  Inside a transaction. */
struct _YcApplicantFlag;
gboolean    yc_store_record_applicant_flag (YcDatabase                    *database,
                                            const struct _YcApplicantFlag *flag,
                                            GError                       **error);
/* The review queue's rows (yc-store-case-parts.c).  Inside a transaction. */
gboolean    yc_store_write_case_parts      (YcDatabase     *database,
                                            YcCase         *case_doc,
                                            YcCalendar     *calendar,
                                            GError        **error);
gboolean    yc_store_rebuild_case_parts    (YcStore        *self,
                                            GError        **error);
/* Urges (yc-store-urges.c).  Inside a transaction.  From the feed's urge change: *out_new
 * when it was not here before.  From a case document the feed brought for @username:
 * what the document says of urges known here (acknowledged, addressee), and the urges
 * addressed to someone else (a colleague on this computer, whose own feed will not bring
 * them again). */
gboolean    yc_store_write_feed_urge       (YcDatabase     *database,
                                            const YcUrge   *urge,
                                            const char     *now,
                                            gboolean       *out_new,
                                            GError        **error);
gboolean    yc_store_write_case_urges      (YcDatabase     *database,
                                            YcCase         *case_doc,
                                            const char     *username,
                                            const char     *now,
                                            GError        **error);
/* The calendar the store evaluates clocks with (yc_store_set_calendar(); by default the
 * shipped one).  Call with the store's lock held. */
YcCalendar *yc_store_get_calendar          (YcStore        *self);
/* Emits "cases-changed" for @uuids on the store's main context; from any thread. */
void        yc_store_emit_cases_changed    (YcStore        *self,
                                            const char * const *uuids);
void        yc_store_emit_case_changed     (YcStore        *self,
                                            const char     *uuid);
char       *yc_store_format_time    (GDateTime           *time);
GDateTime  *yc_store_parse_time     (const char          *text);

/* A condition on a row of cases: this window accepted it (its number starts with the
 * enrolled hall and window codes, docs/store.md).  The store keeps every case of the
 * signed-in user's scope; the counter's lists are this window's own.  Without an
 * enrolment nothing is this window's. */
#define YC_STORE_THIS_WINDOW_SQL \
  "substr (cases.number, 1, (SELECT length (hall_code) + length (window_code) + 2 FROM device)) " \
  "= (SELECT hall_code || '-' || window_code || '-' FROM device)"

/* Four digits per window and day: plenty for one counter, and the number stays short. */
#define YC_STORE_MAX_SEQUENCE 9999

/* Jobs that succeed without a value return this. */
#define YC_STORE_JOB_OK GINT_TO_POINTER (1)

G_END_DECLS
