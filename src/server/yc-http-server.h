/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice.h"

G_BEGIN_DECLS

/*
 * The HTTP API v1 of the back office (docs/API.md) on a libsoup 3 SoupServer.  Every
 * handler runs its YcBackoffice call on a worker thread while the message is paused, so
 * the main loop never waits on the database or the disk.  Plain HTTP is served only on a
 * loopback address; any other address needs a TLS certificate.
 */

#define YC_HTTP_SERVER_ERROR (yc_http_server_error_quark ())

typedef enum {
  YC_HTTP_SERVER_ERROR_INVALID_ADDRESS,  /* not an IPv4/IPv6 literal */
  YC_HTTP_SERVER_ERROR_TLS_REQUIRED,     /* a non-loopback address without a certificate */
  YC_HTTP_SERVER_ERROR_LISTEN,           /* the socket could not be bound */
} YcHttpServerError;

/* Limits; a zero field takes its default (the YC_HTTP_DEFAULT_* values). */
typedef struct {
  gsize  max_body_size;     /* JSON request bodies (sign-in, push, upload creation): 413 above */
  gsize  max_chunk_size;    /* one PATCH chunk of an upload: 413 above */
  guint  max_wait_seconds;  /* cap on the long-poll `wait` of /api/v1/sync/changes */
  guint  max_page_size;     /* cap on `limit` of changes and case queries */
} YcHttpConfig;

#define YC_HTTP_DEFAULT_MAX_BODY_SIZE    (4 * 1024 * 1024)
#define YC_HTTP_DEFAULT_MAX_CHUNK_SIZE   (8 * 1024 * 1024)
#define YC_HTTP_DEFAULT_MAX_WAIT_SECONDS 60
#define YC_HTTP_DEFAULT_MAX_PAGE_SIZE    500

#define YC_TYPE_HTTP_SERVER (yc_http_server_get_type ())
G_DECLARE_FINAL_TYPE (YcHttpServer, yc_http_server, YC, HTTP_SERVER, GObject)

GQuark        yc_http_server_error_quark  (void);

YcHttpServer *yc_http_server_new          (YcBackoffice     *backoffice,
                                           const YcHttpConfig *config);
gboolean      yc_http_server_listen       (YcHttpServer     *self,
                                           const char       *address,
                                           guint             port,
                                           GTlsCertificate  *tls,
                                           guint            *out_port,
                                           GError          **error);
void          yc_http_server_disconnect   (YcHttpServer     *self);
gboolean      yc_http_server_is_https     (YcHttpServer     *self);
YcBackoffice *yc_http_server_get_backoffice (YcHttpServer   *self);

G_END_DECLS
