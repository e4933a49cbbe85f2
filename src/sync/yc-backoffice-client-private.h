/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "yc-backoffice-client.h"
#include "yc-json-reader-private.h"

G_BEGIN_DECLS

/* Shared by the yc-backoffice-client*.c files: the object and one HTTP call. */

struct _YcBackofficeClient
{
  GObject          parent_instance;

  char            *base_url;      /* without a trailing slash */
  GTlsCertificate *certificate;   /* nullable: the pinned back-office certificate */
  guint            timeout;       /* seconds, for a whole call */
  guint            chunk_size;    /* bytes of one upload PATCH */
  gboolean         plain_create;  /* the back office refused a create with the file in it */
  char            *token;         /* in memory only */
  SoupSession     *session;
  SoupSession     *poll_session;  /* long polls: no I/O timeout, our deadline bounds them */
};

typedef enum {
  YC_CALL_ANONYMOUS     = 0,
  YC_CALL_AUTHENTICATED = 1 << 0,  /* sends the bearer token; fails at once without one */
  YC_CALL_SIGNING_IN    = 1 << 1,  /* a 401 means a wrong password, not an ended session */
  /* Sending it twice does no harm (an upload chunk at a stated offset, a push under its
   * Idempotency-Key): libsoup may send it on a kept connection (it opens a new one, with a
   * TLS handshake, for every POST or PATCH without this).  libsoup 3.2 itself resends only
   * GET, HEAD and DELETE when a kept connection was closed under them; a POST or PATCH
   * that meets a closed one fails OFFLINE and the sync engine sends it again. */
  YC_CALL_IDEMPOTENT    = 1 << 2,
  /* The handler reads @json (below).  Without it a 2xx body goes to the handler unparsed:
   * most read it with yc_backoffice_parse_answer(), strictly, and parsing it twice (the
   * change feed's pages, every upload's answer) cost the client as much as its own reading. */
  YC_CALL_JSON_ANSWER   = 1 << 3,
} YcCallFlags;

/* Turns a 2xx answer into the call's result; NULL with @error set for an answer the API
 * does not document.  @json: the body when it is JSON and the call has YC_CALL_JSON_ANSWER
 * (or its framing needed it read), else NULL. */
typedef gpointer (*YcResponseFunc) (YcBackofficeClient  *self,
                                    SoupMessage         *msg,
                                    GBytes              *body,
                                    JsonNode            *json,
                                    GError             **error);

typedef struct {
  const char         *method;
  const char         *path;          /* escaped, with its query */
  YcCallFlags         flags;
  const char         *content_type;  /* of the body; NULL: application/json */
  const char * const *headers;       /* nullable: name, value, …, NULL */
  guint               wait_seconds;  /* a long poll: added to the deadline */
  YcResponseFunc      handle;
  GDestroyNotify      result_free;
  gpointer            source_tag;
} YcCallSpec;

/* Bodies from this size on are sent with "Expect: 100-continue", so that a refusal comes
 * before the body (libsoup 3.2.3's client crashed when a server answered before the body
 * was sent, and a refused body is wasted bandwidth). */
#define YC_CALL_EXPECT_CONTINUE_SIZE (64 * 1024)

/* @body: (transfer full) (nullable). */
void     yc_backoffice_client_call        (YcBackofficeClient  *self,
                                           const YcCallSpec    *spec,
                                           GBytes              *body,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The same, with @data kept on the SoupMessage under @key (for the response function). */
void     yc_backoffice_client_call_with_data (YcBackofficeClient  *self,
                                              const YcCallSpec    *spec,
                                              GBytes              *body,
                                              const char          *key,
                                              gpointer             data,
                                              GDestroyNotify       destroy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gpointer yc_backoffice_client_call_finish (YcBackofficeClient  *self,
                                           GAsyncResult        *result,
                                           gpointer             source_tag,
                                           GError             **error);

/* A task that fails at once (argument checks that a caller can trip). */
void     yc_backoffice_client_fail_early  (YcBackofficeClient  *self,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           GError              *error);

void        yc_backoffice_set_protocol_error (GError     **error,
                                              const char  *what);
/* A string member, or NULL when absent or not a string (lenient; the older calls). */
const char *yc_backoffice_get_string         (JsonObject  *object,
                                              const char  *name);
/* The body of @msg parsed strictly (duplicate keys refused) as an object with only
 * @allowed members; PROTOCOL naming @what otherwise. */
JsonNode   *yc_backoffice_parse_answer       (const YcJsonReader  *reader,
                                              GBytes              *body,
                                              const char * const  *allowed,
                                              JsonObject         **out_object,
                                              GError             **error);

G_END_DECLS
