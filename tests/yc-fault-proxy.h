/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A TCP proxy of our own on 127.0.0.1 (a free port) in front of a server on loopback, for
 * fault tests.  It runs in its own thread with its own GMainContext, so a test can drive
 * the client on its main context and change the proxy's behaviour between requests.
 *
 * The proxy-wide fault applies to the traffic from the moment it is set, whichever
 * connection carries it (libsoup keeps connections alive, so "the next request" is what a
 * test can usually aim at); a connection can also get a rule of its own before it is
 * accepted (yc_fault_proxy_set_connection_fault()).  DELAY stays until changed; the other faults fire once, on the
 * connection that carries the next matching bytes, and then the proxy passes again
 * (yc_fault_proxy_get_fired() counts them).  With "then down" set, after a fault fires the
 * proxy also closes every new connection at once, as a network that stays down, until the
 * next yc_fault_proxy_set_fault().
 */

typedef enum {
  YC_FAULT_PASS,        /* forward everything */
  YC_FAULT_DELAY,       /* hold each piece of data @amount ms before forwarding it, both ways */
  YC_FAULT_CUT_UP,      /* forward @amount more bytes client → server, then close both sides */
  YC_FAULT_CUT_DOWN,    /* forward @amount more bytes server → client, then close both sides */
  YC_FAULT_RESET,       /* at the next bytes either way: close with RST (SO_LINGER 0) */
  YC_FAULT_DROP_REPLY,  /* forward the next request whole, swallow the server's response
                         * (interim 1xx answers excepted), then close both sides */
} YcFault;

typedef struct _YcFaultProxy YcFaultProxy;

/* Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:@upstream_port. */
YcFaultProxy *yc_fault_proxy_new              (guint16        upstream_port);
void          yc_fault_proxy_free             (YcFaultProxy  *self);
guint16       yc_fault_proxy_get_port         (YcFaultProxy  *self);
/* "http://127.0.0.1:PORT" */
char         *yc_fault_proxy_dup_base_url     (YcFaultProxy  *self);

void          yc_fault_proxy_set_fault        (YcFaultProxy  *self,
                                               YcFault        fault,
                                               guint64        amount);
/* A rule of its own for the @connection-th connection the proxy will accept (counted from 1,
 * as yc_fault_proxy_get_connections() counts): it replaces the proxy-wide fault there and,
 * when one-shot, fires once on that connection only.  For tests that make the client open
 * a new connection (yc_fault_proxy_close_all() first) or talk over several at once. */
void          yc_fault_proxy_set_connection_fault (YcFaultProxy *self,
                                                   guint         connection,
                                                   YcFault       fault,
                                                   guint64       amount);
/* After the next fault fires, refuse (accept and close at once) new connections and close
 * the ones that carry bytes, until the next yc_fault_proxy_set_fault(). */
void          yc_fault_proxy_set_down_after   (YcFaultProxy  *self,
                                               gboolean       down_after);
/* The proxy-wide fault still armed (PASS once a one-shot fault fired). */
YcFault       yc_fault_proxy_get_fault        (YcFaultProxy  *self);
guint         yc_fault_proxy_get_fired        (YcFaultProxy  *self);

/* Bytes forwarded client → server (@up) and server → client (@down) since the last reset. */
void          yc_fault_proxy_get_bytes        (YcFaultProxy  *self,
                                               guint64       *up,
                                               guint64       *down);
void          yc_fault_proxy_reset_bytes      (YcFaultProxy  *self);
guint         yc_fault_proxy_get_connections  (YcFaultProxy  *self);   /* accepted so far */
/* Closes every open connection (normally), as a network change would. */
void          yc_fault_proxy_close_all        (YcFaultProxy  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFaultProxy, yc_fault_proxy_free)

G_END_DECLS
