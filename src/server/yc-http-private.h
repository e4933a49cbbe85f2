/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "yc-http-server.h"

G_BEGIN_DECLS

/*
 * Shared between yc-http-server.c (listening, routing, authentication, the worker-thread
 * plumbing) and the route files yc-http-<group>.c.
 *
 * A request runs in three steps: the route's handler inspects and validates the message on
 * the main context, then its work function runs on a worker thread (authentication first,
 * then the back office call) and fills a YcHttpReply, which is finally written to the
 * message back on the main context.  Nothing on the main context touches the database.
 */

typedef struct _YcHttpRequest YcHttpRequest;
typedef struct _YcHttpReply   YcHttpReply;

typedef enum {
  YC_HTTP_AUTH_NONE,      /* /healthz, sign-in */
  YC_HTTP_AUTH_REQUIRED,  /* a bearer token resolved to a YcPrincipal before the work runs */
} YcHttpAuth;

typedef enum {
  YC_HTTP_BODY_NONE,      /* a request body is refused with 400 */
  YC_HTTP_BODY_JSON,      /* application/json, up to max_body_size */
  YC_HTTP_BODY_CHUNK,     /* application/offset+octet-stream, up to max_chunk_size */
  YC_HTTP_BODY_JSON_OR_CHUNK,  /* either of the two, each with its limit (creating an upload) */
} YcHttpBody;

/* Runs on a worker thread.  Fills @reply, or returns FALSE with @error (any domain; the
 * status comes from yc_backoffice_error_http_status()). */
typedef gboolean (*YcHttpWorkFunc) (YcHttpRequest *request,
                                    YcHttpReply   *reply,
                                    GError       **error);

/* Runs on the main context after the work succeeded and asked for it (long-poll): takes
 * over @request instead of the reply being written.  Returns TRUE when it did. */
typedef gboolean (*YcHttpDeferFunc) (YcHttpRequest *request,
                                     YcHttpReply   *reply);

/* Runs on the main context when the message arrives: validates what needs no database and
 * either answers at once (yc_http_request_fail) or calls yc_http_request_run. */
typedef void (*YcHttpHandlerFunc) (YcHttpRequest *request);

typedef struct {
  const char        *method;
  const char        *pattern;   /* "*" stands for one non-empty path segment */
  YcHttpHandlerFunc  handler;
  YcHttpAuth         auth;
  YcHttpBody         body;
} YcHttpRoute;

struct _YcHttpReply
{
  guint       status;
  GPtrArray  *headers;        /* name, value, name, value … (owned strings) */
  char       *content_type;
  GBytes     *body;           /* nullable */
  gpointer    defer_data;     /* for a YcHttpDeferFunc */
  GDestroyNotify defer_data_free;
  gboolean    defer;          /* call the defer function instead of answering */
};

struct _YcHttpRequest
{
  gatomicrefcount     ref_count;
  YcHttpServer       *server;      /* strong */
  SoupServerMessage  *msg;         /* strong */
  const YcHttpRoute  *route;
  GPtrArray          *params;      /* the "*" segments of the route, in order */
  GHashTable         *query;       /* decoded query parameters; never NULL */
  char               *method;
  char               *path;
  char               *peer;        /* remote address, for sign-in rate limits and logs */
  char               *token;       /* the bearer token, or NULL */
  GBytes             *body;        /* the request body; never NULL (maybe empty) */
  YcPrincipal        *principal;   /* set on the worker thread when the route needs auth */
  YcHttpWorkFunc      work;
  YcHttpDeferFunc     defer;
  gpointer            data;        /* the handler's own data for its work function */
  GDestroyNotify      data_free;
  gboolean            done;        /* the reply was written, or the client went away */
  gulong              finished_id;
};

/* yc-http-server.c and yc-http-request.c */
const YcHttpConfig *yc_http_server_get_config       (YcHttpServer      *self);
guint64             yc_http_server_get_committed_seq (YcHttpServer     *self);

YcHttpRequest *yc_http_request_ref        (YcHttpRequest   *request);
void           yc_http_request_unref      (YcHttpRequest   *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcHttpRequest, yc_http_request_unref)
const char    *yc_http_request_get_param  (YcHttpRequest   *request,
                                           guint            index);
const char    *yc_http_request_get_query  (YcHttpRequest   *request,
                                           const char      *name);
const char    *yc_http_request_get_header (YcHttpRequest   *request,
                                           const char      *name);
gboolean       yc_http_request_check_query (YcHttpRequest  *request,
                                            const char * const *allowed,
                                            GError        **error);
void           yc_http_request_run        (YcHttpRequest   *request,
                                           YcHttpWorkFunc   work,
                                           YcHttpDeferFunc  defer,
                                           gpointer         data,
                                           GDestroyNotify   data_free);
void           yc_http_request_fail       (YcHttpRequest   *request,
                                           const GError    *error);
void           yc_http_request_send       (YcHttpRequest   *request,
                                           YcHttpReply     *reply);
void           yc_http_request_send_error (YcHttpRequest   *request,
                                           const GError    *error);

void           yc_http_reply_clear        (YcHttpReply     *reply);
void           yc_http_reply_add_header   (YcHttpReply     *reply,
                                           const char      *name,
                                           const char      *value);
void           yc_http_reply_set_json     (YcHttpReply     *reply,
                                           guint            status,
                                           JsonNode        *node);
/* yc-http-util.c; @text: compact JSON already written (taken). */
void           yc_http_reply_set_json_text (YcHttpReply    *reply,
                                            guint           status,
                                            char           *text);
void           yc_http_reply_set_error    (YcHttpReply     *reply,
                                           const GError    *error);

/* yc-http-util.c: input parsing shared by the route files */
#define YC_HTTP_ERROR (yc_http_error_quark ())
typedef enum {
  YC_HTTP_ERROR_NOT_FOUND,               /* 404 "not_found": no such route */
  YC_HTTP_ERROR_METHOD_NOT_ALLOWED,      /* 405 "method_not_allowed" */
  YC_HTTP_ERROR_LENGTH_REQUIRED,         /* 411 "length_required" */
  YC_HTTP_ERROR_TOO_LARGE,               /* 413 "too_large" */
  YC_HTTP_ERROR_UNSUPPORTED_MEDIA_TYPE,  /* 415 "unsupported_media_type" */
  YC_HTTP_ERROR_INVALID,                 /* 400 "invalid" (field set) */
  YC_HTTP_ERROR_UNAUTHORIZED,            /* 401 "unauthorized" */
  YC_HTTP_ERROR_INTERNAL,                /* 500 "internal" */
} YcHttpError;

GQuark       yc_http_error_quark        (void);
void         yc_http_set_invalid        (GError      **error,
                                         const char   *field,
                                         const char   *message);
guint        yc_http_error_status       (const GError *error);
const char  *yc_http_error_code         (const GError *error);
const char  *yc_http_error_field        (const GError *error);
JsonNode    *yc_http_error_to_json      (const GError *error);

JsonNode    *yc_http_parse_json_object  (GBytes       *body,
                                         GError      **error);
const char  *yc_http_json_get_string    (JsonObject   *object,
                                         const char   *member,
                                         gsize         max_length,
                                         GError      **error);
gboolean     yc_http_json_get_int       (JsonObject   *object,
                                         const char   *member,
                                         gint64        min,
                                         gint64        max,
                                         gint64       *out_value,
                                         GError      **error);
gboolean     yc_http_parse_uint         (const char   *text,
                                         const char   *field,
                                         guint64       min,
                                         guint64       max,
                                         guint64      *out_value,
                                         GError      **error);
gboolean     yc_http_parse_date         (const char   *text,
                                         const char   *field,
                                         GDate        *out_date,
                                         GError      **error);
gboolean     yc_http_is_sha256_hex      (const char   *text);
GBytes      *yc_http_json_to_bytes      (JsonNode     *node);

/* the route files */
void yc_http_sessions_create (YcHttpRequest *request);
void yc_http_sessions_delete (YcHttpRequest *request);
void yc_http_catalog_get     (YcHttpRequest *request);
void yc_http_catalog_version_get (YcHttpRequest *request);
void yc_http_uploads_create  (YcHttpRequest *request);
void yc_http_uploads_head    (YcHttpRequest *request);
void yc_http_uploads_patch   (YcHttpRequest *request);
void yc_http_blobs_get       (YcHttpRequest *request);
void yc_http_sync_push       (YcHttpRequest *request);
void yc_http_sync_changes    (YcHttpRequest *request);
void yc_http_cases_query     (YcHttpRequest *request);
void yc_http_cases_get       (YcHttpRequest *request);
void yc_http_stats_get       (YcHttpRequest *request);
void yc_http_reconcile_get   (YcHttpRequest *request);
void yc_http_windows_get     (YcHttpRequest *request);
void yc_http_health_get      (YcHttpRequest *request);

/* yc-http-sync.c: long-poll waiters, woken by the back office "committed" signal */
typedef struct _YcHttpWaiters YcHttpWaiters;
YcHttpWaiters *yc_http_waiters_new        (YcHttpServer  *server);
void           yc_http_waiters_free       (YcHttpWaiters *waiters);
void           yc_http_waiters_committed  (YcHttpWaiters *waiters,
                                           guint64        seq);
YcHttpWaiters *yc_http_server_get_waiters (YcHttpServer  *self);

G_END_DECLS
