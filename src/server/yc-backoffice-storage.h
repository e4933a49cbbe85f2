/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * YcBackofficeStorage:
 *
 * Everything the back office keeps, behind a small transaction-shaped interface: begin,
 * typed reads and writes, commit or roll back.  Nothing above this interface knows which
 * database holds the rows; the SQLite implementation is yc-backoffice-sqlite.c and a
 * PostgreSQL one can follow with the same vfuncs (docs/backoffice.md lists the tables).
 *
 * Every read and write happens between begin() and commit()/rollback() on the calling
 * thread.  An implementation serialises transactions as it must (SQLite: one writer) and
 * makes a committed transaction durable before commit() returns.
 *
 * Times are Unix seconds (UTC); dates are ISO 8601 "YYYY-MM-DD" strings, so they sort.
 * Reads return NULL without setting @error when the row does not exist.
 * Errors are YC_BACKOFFICE_ERROR_STORAGE, or YC_BACKOFFICE_ERROR_CONFLICT when a unique
 * key is already taken.
 */

typedef struct {
  char     *username;
  char     *display_name;
  char     *role;            /* "clerk", "reviewer", "supervisor", "admin" */
  char     *hall;            /* nullable */
  char    **departments;     /* never NULL */
  char     *password_hash;   /* crypto_pwhash_str() output */
  gboolean  disabled;
  gint64    created_at;
} YcStorageUser;

typedef struct {
  char   *hall;
  char   *window;
  char   *description;
  gint64  enrolled_at;
} YcStorageWindow;

typedef struct {
  gint64  id;
  gint64  at;
  char   *actor;        /* username, or "-" for the system and the CLI */
  char   *action;       /* "sign_in", "sign_in.failed", "push", "denied", … */
  char   *target;       /* what it was about: a username, a case uuid, … (nullable) */
  char   *outcome;      /* "ok", "denied", "failed", … */
  char   *detail;       /* JSON text (nullable) */
  char   *prev_hash;    /* hex SHA-256 of the previous row, 64 zeros for the first */
  char   *hash;         /* hex SHA-256 over prev_hash and the canonical row */
} YcStorageAudit;

typedef struct {
  char   *key;          /* the Idempotency-Key */
  char   *username;
  char   *body_hash;    /* hex SHA-256 of the request body */
  char   *result;       /* the JSON answered */
  gint64  created_at;
} YcStorageBatch;

typedef struct {
  char    *uuid;
  gint64   version;
  char    *number;
  char    *hall;
  char    *window;
  char    *clerk;
  char    *state;
  char    *decision;
  char    *accepted_on;     /* YYYY-MM-DD */
  char    *deadline;        /* YYYY-MM-DD, nullable */
  char    *applicant_name;
  char    *applicant_id;
  char   **departments;     /* one per part; never NULL */
  char   **blobs;           /* sha256 of every material file; never NULL */
  char    *document;        /* the case JSON */
  gint64   updated_at;
  /* The earliest due date (YYYY-MM-DD) of a tolerated material (容缺) not yet received, while
   * the case is not final; NULL otherwise.  Indexed: tolerance expiry reads only these. */
  char    *tolerance_due;
} YcStorageCase;

/* Every member nullable: NULL = no restriction. */
typedef struct {
  const char         *hall;
  const char * const *departments;   /* a case matches when any part is in the list */
  const char         *state;
  const char         *text;          /* substring of number, applicant name or id, uuid */
  const char         *accepted_from; /* inclusive */
  const char         *accepted_to;   /* inclusive */
} YcStorageCaseFilter;

typedef struct {
  guint64  seq;
  char    *kind;          /* "case", "urge", "conflict", "catalog" */
  char    *case_uuid;     /* nullable */
  gint64   version;
  char    *payload;       /* JSON text */
  char    *hall;          /* nullable; YC_STORAGE_EVERY_HALL: the clerks and supervisors of every hall */
  char   **departments;   /* never NULL */
  char    *target_user;   /* when set, only this user sees the change */
  gint64   at;
} YcStorageChange;

/* The hall of a change for every hall's counters and supervisors but no reviewer (a flagged
 * applicant: the flag holds in every hall).  No hall code is "*". */
#define YC_STORAGE_EVERY_HALL "*"

/* Who reads the change feed.  A change is visible when it targets @username; otherwise
 * when it targets nobody and either @all is set, it is a broadcast (no hall, no
 * department), its hall is @hall, or one of its departments is in @departments. */
typedef struct {
  const char         *username;
  gboolean            all;
  const char         *hall;
  const char * const *departments;
} YcStorageScope;

typedef struct {
  char     *id;
  char     *username;
  char     *sha256;
  gint64    length;
  gint64    offset;
  gboolean  complete;
  gint64    created_at;
  gint64    updated_at;
} YcStorageUpload;

/* A case as reconciliation sees it (日结对账): its identity and the number people read. */
typedef struct {
  char   *uuid;
  char   *number;
} YcStorageCaseNumber;

typedef struct {
  char   *op_id;
  char   *case_uuid;
  char   *username;
  gint64  server_version;
  char   *payload;        /* the losing operation, JSON text */
  gint64  at;
} YcStorageConflict;

#define YC_TYPE_BACKOFFICE_STORAGE (yc_backoffice_storage_get_type ())
G_DECLARE_INTERFACE (YcBackofficeStorage, yc_backoffice_storage, YC, BACKOFFICE_STORAGE, GObject)

struct _YcBackofficeStorageInterface
{
  GTypeInterface parent_iface;

  gboolean          (*initialize)       (YcBackofficeStorage *self, GError **error);
  gboolean          (*begin)            (YcBackofficeStorage *self, gboolean write, GError **error);
  gboolean          (*commit)           (YcBackofficeStorage *self, GError **error);
  void              (*rollback)         (YcBackofficeStorage *self);
  /* Inside a write transaction: a nested unit that can be undone alone (SQL SAVEPOINT).
   * rollback_to() undoes what was written since the savepoint and ends it; FALSE when the
   * whole transaction was lost (the database rolled it back itself). */
  gboolean          (*savepoint)        (YcBackofficeStorage *self, GError **error);
  gboolean          (*release)          (YcBackofficeStorage *self, GError **error);
  gboolean          (*rollback_to)      (YcBackofficeStorage *self, GError **error);

  char             *(*meta_get)         (YcBackofficeStorage *self, const char *key, GError **error);
  gboolean          (*meta_set)         (YcBackofficeStorage *self, const char *key, const char *value, GError **error);

  YcStorageUser    *(*user_get)         (YcBackofficeStorage *self, const char *username, GError **error);
  gboolean          (*user_put)         (YcBackofficeStorage *self, const YcStorageUser *user, GError **error);
  GPtrArray        *(*user_list)        (YcBackofficeStorage *self, GError **error);

  gboolean          (*window_put)       (YcBackofficeStorage *self, const YcStorageWindow *window, GError **error);
  GPtrArray        *(*window_list)      (YcBackofficeStorage *self, GError **error);

  gboolean          (*catalog_put)      (YcBackofficeStorage *self, const char *version, const char *etag, GBytes *bytes, gint64 at, GError **error);
  GBytes           *(*catalog_get)      (YcBackofficeStorage *self, char **out_version, char **out_etag, GError **error);
  /* The catalog stored under @version (the newest row of that version), or NULL. */
  GBytes           *(*catalog_get_version) (YcBackofficeStorage *self, const char *version, char **out_etag, GError **error);

  gboolean          (*session_put)      (YcBackofficeStorage *self, const char *token_hash, const char *username, gint64 created_at, gint64 expires_at, GError **error);
  char             *(*session_get)      (YcBackofficeStorage *self, const char *token_hash, gint64 *out_expires_at, GError **error);
  gboolean          (*session_delete)   (YcBackofficeStorage *self, const char *token_hash, gboolean *out_existed, GError **error);
  gboolean          (*sessions_purge)   (YcBackofficeStorage *self, const char *username, gint64 expired_before, GError **error);

  gboolean          (*throttle_get)     (YcBackofficeStorage *self, const char *key, guint *out_failures, gint64 *out_first_failure, gint64 *out_locked_until, GError **error);
  gboolean          (*throttle_put)     (YcBackofficeStorage *self, const char *key, guint failures, gint64 first_failure, gint64 locked_until, GError **error);
  gboolean          (*throttle_clear)   (YcBackofficeStorage *self, const char *key, GError **error);

  gboolean          (*audit_last)       (YcBackofficeStorage *self, gint64 *out_id, char **out_hash, GError **error);
  gboolean          (*audit_append)     (YcBackofficeStorage *self, const YcStorageAudit *row, GError **error);
  GPtrArray        *(*audit_list)       (YcBackofficeStorage *self, gint64 after_id, guint limit, GError **error);

  YcStorageBatch   *(*batch_get)        (YcBackofficeStorage *self, const char *key, GError **error);
  gboolean          (*batch_put)        (YcBackofficeStorage *self, const YcStorageBatch *batch, GError **error);
  /* The stored result of @op_id with who sent it, its case and the SHA-256 of its
   * canonical JSON; username and hash are NULL for rows stored before they were kept. */
  char             *(*op_get)           (YcBackofficeStorage *self, const char *op_id, char **out_username, char **out_case_uuid, char **out_op_hash, GError **error);
  gboolean          (*op_put)           (YcBackofficeStorage *self, const char *op_id, const char *batch_key, const char *case_uuid, const char *username, const char *op_hash, const char *result, gint64 at, GError **error);
  gint64            (*ops_purge)        (YcBackofficeStorage *self, gint64 before, GError **error);

  YcStorageCase    *(*case_get)         (YcBackofficeStorage *self, const char *uuid, GError **error);
  /* Whether some case already holds @number / whether (@hall, @window) is enrolled. */
  gboolean          (*case_number_taken) (YcBackofficeStorage *self, const char *number, gboolean *out_taken, GError **error);
  gboolean          (*window_enrolled)  (YcBackofficeStorage *self, const char *hall, const char *window, gboolean *out_enrolled, GError **error);
  gboolean          (*case_put)         (YcBackofficeStorage *self, const YcStorageCase *c, GError **error);
  GPtrArray        *(*case_query)       (YcBackofficeStorage *self, const YcStorageCaseFilter *filter, GError **error);
  GPtrArray        *(*blob_cases)       (YcBackofficeStorage *self, const char *sha256, GError **error);
  /* At most @limit cases whose tolerance_due is before @due_before, ordered by
   * (tolerance_due, uuid) and after (@after_due, @after_uuid) in that order (both NULL: from
   * the start), so that a caller pages through them with short transactions. */
  GPtrArray        *(*cases_tolerance_due) (YcBackofficeStorage *self, const char *due_before, const char *after_due, const char *after_uuid, guint limit, GError **error);

  gboolean          (*conflict_put)     (YcBackofficeStorage *self, const YcStorageConflict *conflict, GError **error);
  gboolean          (*applicant_flag)   (YcBackofficeStorage *self, const char *id_number, const char *case_uuid, const char *reason, gint64 at, GError **error);
  /* Whether @id_number is flagged; @out_first_at: when it was first flagged (Unix seconds). */
  gboolean          (*applicant_flagged) (YcBackofficeStorage *self, const char *id_number, gboolean *out_flagged, gint64 *out_first_at, GError **error);

  /*
   * The change feed: a commit-ordered cursor.  A client pages with "the changes after seq S"
   * and then continues after the last seq it was given (or after head_seq() when the page
   * was not full), so an implementation MUST guarantee, for every read transaction:
   *
   *   1. change_append() assigns a seq greater than that of every change already committed,
   *      inside the caller's write transaction, and transactions that append changes commit
   *      in the order of their seqs: a reader never sees seq N+1 committed while N may still
   *      commit.  A seq of a transaction that rolled back may stay unused (gaps are fine) or
   *      be given again; a seq once visible is never reused.
   *   2. head_seq() is the horizon: every change with a seq at or below it that will ever
   *      commit is already visible to this read transaction.
   *   3. changes_list() and head_seq() in the same read transaction read the same snapshot,
   *      so changes_list() never returns a seq above head_seq().
   *
   * SQLite gives all three for free: seq is the rowid, allocated under the database's single
   * write lock (BEGIN IMMEDIATE) and head_seq() is max(seq) of the snapshot.  A PostgreSQL
   * back end must do the same on purpose, since sequences hand out numbers outside the
   * commit order: change_append() takes a transaction-level advisory lock
   * (pg_advisory_xact_lock on a fixed key, or an UPDATE of a single change_head row) before
   * it draws the seq, so seqs are drawn and committed one writer at a time; head_seq() is
   * max(seq) in a REPEATABLE READ transaction that also runs changes_list().  (Without the
   * lock, head_seq() would have to be the highest seq below which no writer holding a seq is
   * still in progress.)  tests/test-backoffice-feed-order.c checks this contract.
   *
   * A change of kind "case" may be appended with @payload NULL: it then refers to the case
   * row, and changes_list() returns the case's document and version as they stand in the
   * reader's snapshot (the document is stored once, in cases).
   */
  guint64           (*change_append)    (YcBackofficeStorage *self, const YcStorageChange *change, GError **error);
  GPtrArray        *(*changes_list)     (YcBackofficeStorage *self, guint64 after_seq, const YcStorageScope *scope, guint limit, GError **error);
  guint64           (*head_seq)         (YcBackofficeStorage *self, GError **error);

  YcStorageUpload  *(*upload_get)       (YcBackofficeStorage *self, const char *id, GError **error);
  gboolean          (*upload_put)       (YcBackofficeStorage *self, const YcStorageUpload *upload, GError **error);
  gboolean          (*upload_delete)    (YcBackofficeStorage *self, const char *id, GError **error);
  GPtrArray        *(*uploads_older)    (YcBackofficeStorage *self, gint64 updated_before, GError **error);
  gboolean          (*upload_by_user)   (YcBackofficeStorage *self, const char *username, const char *sha256, gboolean *out_found, GError **error);
  gboolean          (*blob_get)         (YcBackofficeStorage *self, const char *sha256, gint64 *out_length, gboolean *out_found, GError **error);
  gboolean          (*blob_put)         (YcBackofficeStorage *self, const char *sha256, gint64 length, gint64 at, GError **error);
  /* The cases accepted at (@hall, @window) on @day, as YcStorageCaseNumber*, by uuid. */
  GPtrArray        *(*window_cases)     (YcBackofficeStorage *self, const char *hall, const char *window, const char *day, GError **error);
  /* The figures (yc-backoffice-stats.c): at most @limit cases accepted from @from to @to
   * (inclusive) at @hall (NULL: every hall), ordered by (accepted_on, uuid) and after
   * (@after_on, @after_uuid) in that order (both NULL: from the start), so that a caller
   * pages through a period with short read transactions.  Rows carry the cases table's
   * columns and the document; departments and blobs are left empty. */
  GPtrArray        *(*cases_accepted)   (YcBackofficeStorage *self, const char *hall, const char *from, const char *to, const char *after_on, const char *after_uuid, guint limit, GError **error);
  /* Parallel review (schema 7, yc-backoffice-rebase.c).  part_change: the case version at
   * which a part of a case last changed and who changed it (NULL: not known); a part without
   * a row has not changed since its case was accepted; put() records a change of every part
   * in @departments.  rebase: an op of @username sent on a stale base was applied; their next
   * op on the case, sent on @client_version, follows the case's @server_version, and the
   * newest version of the case they had seen from the back office is @known_version. */
  gboolean          (*part_change_get)  (YcBackofficeStorage *self, const char *uuid, const char *department, gboolean *out_found, gint64 *out_version, char **out_username, GError **error);
  gboolean          (*part_change_put)  (YcBackofficeStorage *self, const char *uuid, const char * const *departments, gint64 version, const char *username, GError **error);
  gboolean          (*rebase_get)       (YcBackofficeStorage *self, const char *uuid, const char *username, gboolean *out_found, gint64 *out_client_version, gint64 *out_server_version, gint64 *out_known_version, GError **error);
  gboolean          (*rebase_put)       (YcBackofficeStorage *self, const char *uuid, const char *username, gint64 client_version, gint64 server_version, gint64 known_version, GError **error);
};

void yc_storage_user_free     (YcStorageUser     *user);
void yc_storage_window_free   (YcStorageWindow   *window);
void yc_storage_audit_free    (YcStorageAudit    *row);
void yc_storage_batch_free    (YcStorageBatch    *batch);
void yc_storage_case_free     (YcStorageCase     *c);
void yc_storage_change_free   (YcStorageChange   *change);
void yc_storage_upload_free   (YcStorageUpload   *upload);
void yc_storage_case_number_free (YcStorageCaseNumber *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStorageUser, yc_storage_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStorageBatch, yc_storage_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStorageCase, yc_storage_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStorageUpload, yc_storage_upload_free)

/* Thin wrappers over the vfuncs, one per vfunc, named after it (see the .c file). */
gboolean          yc_backoffice_storage_initialize     (YcBackofficeStorage *self, GError **error);
gboolean          yc_backoffice_storage_begin          (YcBackofficeStorage *self, gboolean write, GError **error);
gboolean          yc_backoffice_storage_commit         (YcBackofficeStorage *self, GError **error);
void              yc_backoffice_storage_rollback       (YcBackofficeStorage *self);
gboolean          yc_backoffice_storage_savepoint      (YcBackofficeStorage *self, GError **error);
gboolean          yc_backoffice_storage_release        (YcBackofficeStorage *self, GError **error);
gboolean          yc_backoffice_storage_rollback_to    (YcBackofficeStorage *self, GError **error);
char             *yc_backoffice_storage_meta_get       (YcBackofficeStorage *self, const char *key, GError **error);
gboolean          yc_backoffice_storage_meta_set       (YcBackofficeStorage *self, const char *key, const char *value, GError **error);
YcStorageUser    *yc_backoffice_storage_user_get       (YcBackofficeStorage *self, const char *username, GError **error);
gboolean          yc_backoffice_storage_user_put       (YcBackofficeStorage *self, const YcStorageUser *user, GError **error);
GPtrArray        *yc_backoffice_storage_user_list      (YcBackofficeStorage *self, GError **error);
gboolean          yc_backoffice_storage_window_put     (YcBackofficeStorage *self, const YcStorageWindow *window, GError **error);
GPtrArray        *yc_backoffice_storage_window_list    (YcBackofficeStorage *self, GError **error);
gboolean          yc_backoffice_storage_catalog_put    (YcBackofficeStorage *self, const char *version, const char *etag, GBytes *bytes, gint64 at, GError **error);
GBytes           *yc_backoffice_storage_catalog_get    (YcBackofficeStorage *self, char **out_version, char **out_etag, GError **error);
GBytes           *yc_backoffice_storage_catalog_get_version (YcBackofficeStorage *self, const char *version, char **out_etag, GError **error);
gboolean          yc_backoffice_storage_session_put    (YcBackofficeStorage *self, const char *token_hash, const char *username, gint64 created_at, gint64 expires_at, GError **error);
char             *yc_backoffice_storage_session_get    (YcBackofficeStorage *self, const char *token_hash, gint64 *out_expires_at, GError **error);
gboolean          yc_backoffice_storage_session_delete (YcBackofficeStorage *self, const char *token_hash, gboolean *out_existed, GError **error);
gboolean          yc_backoffice_storage_sessions_purge (YcBackofficeStorage *self, const char *username, gint64 expired_before, GError **error);
gboolean          yc_backoffice_storage_throttle_get   (YcBackofficeStorage *self, const char *key, guint *out_failures, gint64 *out_first_failure, gint64 *out_locked_until, GError **error);
gboolean          yc_backoffice_storage_throttle_put   (YcBackofficeStorage *self, const char *key, guint failures, gint64 first_failure, gint64 locked_until, GError **error);
gboolean          yc_backoffice_storage_throttle_clear (YcBackofficeStorage *self, const char *key, GError **error);
gboolean          yc_backoffice_storage_audit_last     (YcBackofficeStorage *self, gint64 *out_id, char **out_hash, GError **error);
gboolean          yc_backoffice_storage_audit_append   (YcBackofficeStorage *self, const YcStorageAudit *row, GError **error);
GPtrArray        *yc_backoffice_storage_audit_list     (YcBackofficeStorage *self, gint64 after_id, guint limit, GError **error);
YcStorageBatch   *yc_backoffice_storage_batch_get      (YcBackofficeStorage *self, const char *key, GError **error);
gboolean          yc_backoffice_storage_batch_put      (YcBackofficeStorage *self, const YcStorageBatch *batch, GError **error);
char             *yc_backoffice_storage_op_get         (YcBackofficeStorage *self, const char *op_id, char **out_username, char **out_case_uuid, char **out_op_hash, GError **error);
gboolean          yc_backoffice_storage_op_put         (YcBackofficeStorage *self, const char *op_id, const char *batch_key, const char *case_uuid, const char *username, const char *op_hash, const char *result, gint64 at, GError **error);
gint64            yc_backoffice_storage_ops_purge      (YcBackofficeStorage *self, gint64 before, GError **error);
YcStorageCase    *yc_backoffice_storage_case_get       (YcBackofficeStorage *self, const char *uuid, GError **error);
gboolean          yc_backoffice_storage_case_number_taken (YcBackofficeStorage *self, const char *number, gboolean *out_taken, GError **error);
gboolean          yc_backoffice_storage_window_enrolled (YcBackofficeStorage *self, const char *hall, const char *window, gboolean *out_enrolled, GError **error);
gboolean          yc_backoffice_storage_case_put       (YcBackofficeStorage *self, const YcStorageCase *c, GError **error);
GPtrArray        *yc_backoffice_storage_case_query     (YcBackofficeStorage *self, const YcStorageCaseFilter *filter, GError **error);
GPtrArray        *yc_backoffice_storage_blob_cases     (YcBackofficeStorage *self, const char *sha256, GError **error);
GPtrArray        *yc_backoffice_storage_cases_tolerance_due (YcBackofficeStorage *self, const char *due_before, const char *after_due, const char *after_uuid, guint limit, GError **error);
gboolean          yc_backoffice_storage_conflict_put   (YcBackofficeStorage *self, const YcStorageConflict *conflict, GError **error);
gboolean          yc_backoffice_storage_applicant_flag (YcBackofficeStorage *self, const char *id_number, const char *case_uuid, const char *reason, gint64 at, GError **error);
gboolean          yc_backoffice_storage_applicant_flagged (YcBackofficeStorage *self, const char *id_number, gboolean *out_flagged, gint64 *out_first_at, GError **error);
guint64           yc_backoffice_storage_change_append  (YcBackofficeStorage *self, const YcStorageChange *change, GError **error);
GPtrArray        *yc_backoffice_storage_changes_list   (YcBackofficeStorage *self, guint64 after_seq, const YcStorageScope *scope, guint limit, GError **error);
guint64           yc_backoffice_storage_head_seq       (YcBackofficeStorage *self, GError **error);
YcStorageUpload  *yc_backoffice_storage_upload_get     (YcBackofficeStorage *self, const char *id, GError **error);
gboolean          yc_backoffice_storage_upload_put     (YcBackofficeStorage *self, const YcStorageUpload *upload, GError **error);
gboolean          yc_backoffice_storage_upload_delete  (YcBackofficeStorage *self, const char *id, GError **error);
GPtrArray        *yc_backoffice_storage_uploads_older  (YcBackofficeStorage *self, gint64 updated_before, GError **error);
gboolean          yc_backoffice_storage_upload_by_user (YcBackofficeStorage *self, const char *username, const char *sha256, gboolean *out_found, GError **error);
gboolean          yc_backoffice_storage_blob_get       (YcBackofficeStorage *self, const char *sha256, gint64 *out_length, gboolean *out_found, GError **error);
gboolean          yc_backoffice_storage_blob_put       (YcBackofficeStorage *self, const char *sha256, gint64 length, gint64 at, GError **error);
GPtrArray        *yc_backoffice_storage_window_cases   (YcBackofficeStorage *self, const char *hall, const char *window, const char *day, GError **error);
GPtrArray        *yc_backoffice_storage_cases_accepted (YcBackofficeStorage *self, const char *hall, const char *from, const char *to, const char *after_on, const char *after_uuid, guint limit, GError **error);
gboolean          yc_backoffice_storage_part_change_get (YcBackofficeStorage *self, const char *uuid, const char *department, gboolean *out_found, gint64 *out_version, char **out_username, GError **error);
gboolean          yc_backoffice_storage_part_change_put (YcBackofficeStorage *self, const char *uuid, const char * const *departments, gint64 version, const char *username, GError **error);
gboolean          yc_backoffice_storage_rebase_get     (YcBackofficeStorage *self, const char *uuid, const char *username, gboolean *out_found, gint64 *out_client_version, gint64 *out_server_version, gint64 *out_known_version, GError **error);
gboolean          yc_backoffice_storage_rebase_put     (YcBackofficeStorage *self, const char *uuid, const char *username, gint64 client_version, gint64 server_version, gint64 known_version, GError **error);

/* The SQLite implementation (yc-backoffice-sqlite.c): WAL, synchronous=FULL. */
YcBackofficeStorage *yc_backoffice_sqlite_new (const char *path, GError **error);

G_END_DECLS
