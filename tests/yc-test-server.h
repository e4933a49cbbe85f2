/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The real `yichuang-backoffice serve` process on a free loopback port, with a temporary
 * data directory seeded through the YcBackoffice API (catalog, users of every role, windows),
 * and a real SoupSession to talk to it.  The session's calls are async, run on the default
 * main context until they finish (with a timeout), so tests read like synchronous code and
 * can still keep several requests in flight.
 *
 * Seeded users (password: the username + "-pw"):
 *   clerk-a    clerk of hall "JB01"        clerk-b    clerk of hall "JB02"
 *   rev-scjg   reviewer of "scjg"          rev-sw     reviewer of "sw"
 *   rev-both   reviewer of "scjg" and "sw"
 *   super      supervisor                  admin      admin
 */

#define YC_TEST_HALL_A "JB01"
#define YC_TEST_HALL_B "JB02"
/* An item of "scjg" in catalog "test-0": id-card, certificate (pledgeable), photo (tolerable). */
#define YC_TEST_PLEDGE_ITEM "test-pledge-item"

typedef struct _YcTestServer YcTestServer;

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;      /* when the body is JSON; else NULL */
  GError             *error;     /* transport failure (status 0) */
  GTlsProtocolVersion tls_version;
} YcTestResponse;

typedef struct _YcTestCall YcTestCall;

YcTestServer   *yc_test_server_new            (void);
/* Starts the process; @env: NULL-terminated "NAME=value" added to the environment. */
void            yc_test_server_start          (YcTestServer        *self,
                                               const char * const  *env);
/* Starts it with extra `serve` arguments; returns FALSE with the process's exit status and
 * its stderr when it exits before listening. */
gboolean        yc_test_server_start_full     (YcTestServer        *self,
                                               const char * const  *serve_args,
                                               const char * const  *env,
                                               int                 *out_exit_status,
                                               char               **out_stderr);
void            yc_test_server_stop           (YcTestServer        *self);   /* SIGTERM, waits */
/* Waits for the process to end by itself; returns the signal that ended it, or 0. */
int             yc_test_server_wait_killed    (YcTestServer        *self);
void            yc_test_server_free           (YcTestServer        *self);
const char     *yc_test_server_get_data_dir   (YcTestServer        *self);
const char     *yc_test_server_get_base_url   (YcTestServer        *self);
guint           yc_test_server_get_port       (YcTestServer        *self);
const char     *yc_test_server_get_executable (void);
SoupSession    *yc_test_server_get_session    (YcTestServer        *self);
/* HTTPS: accept the server's certificate when it is @certificate (self-signed); NULL: only
 * what the system trusts. */
void            yc_test_server_trust          (YcTestServer        *self,
                                               GTlsCertificate     *certificate);

/* Bearer token of a seeded user, signed in once and remembered (until restart). */
const char     *yc_test_server_token          (YcTestServer        *self,
                                               const char          *username);

/* After a sign-out: the next yc_test_server_token() signs in again. */
void            yc_test_server_forget_token   (YcTestServer        *self,
                                               const char          *username);

/* @headers: NULL-terminated name, value, name, value … */
YcTestCall     *yc_test_server_begin          (YcTestServer        *self,
                                               const char          *method,
                                               const char          *path,
                                               const char          *token,
                                               const char          *content_type,
                                               GBytes              *body,
                                               const char * const  *headers);
YcTestResponse *yc_test_call_wait             (YcTestCall          *call);
YcTestResponse *yc_test_server_request        (YcTestServer        *self,
                                               const char          *method,
                                               const char          *path,
                                               const char          *token,
                                               const char          *content_type,
                                               GBytes              *body,
                                               const char * const  *headers);
YcTestResponse *yc_test_server_get            (YcTestServer        *self,
                                               const char          *path,
                                               const char          *token);
YcTestResponse *yc_test_server_post_json      (YcTestServer        *self,
                                               const char          *path,
                                               const char          *token,
                                               const char          *json,
                                               const char * const  *headers);
void            yc_test_response_free         (YcTestResponse      *response);
const char     *yc_test_response_header       (YcTestResponse      *response,
                                               const char          *name);
/* The error code of a JSON error body, or NULL. */
const char     *yc_test_response_code         (YcTestResponse      *response);
const char     *yc_test_response_field        (YcTestResponse      *response);
JsonObject     *yc_test_response_object       (YcTestResponse      *response);

/* Iterates the default main context for @ms milliseconds. */
void            yc_test_sleep                 (guint                ms);
/* Iterates the default main context until *@flag or the timeout (fails the test). */
void            yc_test_wait_for              (gboolean            *flag,
                                               guint                timeout_seconds);

char           *yc_test_sha256_hex            (GBytes              *bytes);
char           *yc_test_uuid                  (void);
/* case.accept payload: one item implemented by @department ("scjg" or "sw"), accepted by
 * @clerk in @hall at window W01, under the catalog version "test-0" that the test server
 * holds besides the current one (its one material "id-card" provided: plain accept). */
/* Stores catalog "test-0" (the one yc_test_case_document() names) in the back office
 * database under @data_dir, besides its current catalog; yc_test_server_new() does it. */
void            yc_test_server_store_test_catalog (const char       *data_dir);
JsonNode       *yc_test_case_document         (const char          *uuid,
                                               const char          *hall,
                                               const char          *clerk,
                                               const char          *department);
/* {op_id, case_uuid, base_version, kind, payload, created_at}; @payload is taken. */
JsonNode       *yc_test_op                    (const char          *kind,
                                               const char          *case_uuid,
                                               gint64               base_version,
                                               JsonNode            *payload);
/* {"batch_id": @batch_id, "ops": […]}: @ops (JsonNode*, taken) up to NULL. */
char           *yc_test_batch                 (const char          *batch_id,
                                               JsonNode            *first_op,
                                               ...) G_GNUC_NULL_TERMINATED;
/* POST /api/v1/sync/push with Idempotency-Key: @key. */
YcTestCall     *yc_test_server_begin_push     (YcTestServer        *self,
                                               const char          *token,
                                               const char          *key,
                                               const char          *batch_json);
YcTestResponse *yc_test_server_push           (YcTestServer        *self,
                                               const char          *token,
                                               const char          *key,
                                               const char          *batch_json);
/* JSON of a payload object, for the review ops: {"department": …} and friends. */
JsonNode       *yc_test_json                  (const char          *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestServer, yc_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTestResponse, yc_test_response_free)

G_END_DECLS
