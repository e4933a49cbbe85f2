/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-fault-proxy"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "yc-fault-proxy.h"

/* The proxy of yc-fault-proxy.h: one thread, one GMainContext, every socket watched by a
 * source on it.  Sockets are blocking: a read happens only when the socket is readable (so
 * it returns at once) and a write may wait for a slow peer, which on loopback is short. */

#define BUFFER_SIZE (64 * 1024)

typedef struct _Conn Conn;

typedef struct {
  YcFault fault;
  guint64 amount;  /* DELAY: ms; CUT_*: bytes left before the cut */
} Rule;

struct _YcFaultProxy
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GSocket      *listener;
  GSource      *accept_source;
  guint16       port;
  guint16       upstream_port;
  GList        *conns;       /* Conn*, the proxy thread's */

  GMutex        lock;        /* what the test thread reads and writes: */
  Rule          rule;        /* for every connection without a rule of its own */
  GHashTable   *pending;     /* connection number → Rule*, for connections to come */
  gboolean      down_after;
  gboolean      down;
  guint         fired;
  guint64       up;
  guint64       down_bytes;
  guint         accepted;
};

typedef enum {
  UP,    /* client → server */
  DOWN,  /* server → client */
} Direction;

struct _Conn
{
  YcFaultProxy *proxy;
  GSocket      *client;
  GSocket      *server;
  GSource      *watch[2];      /* reads of client (UP) and server (DOWN) */
  GSource      *delayed[2];    /* a delayed write in flight */
  GBytes       *held[2];
  gboolean      drop_reply;    /* swallow what the server answers, then close */
  gboolean      faulted;       /* a fault fired here: "down after" spares its end */
  gboolean      has_rule;      /* its own rule (yc_fault_proxy_set_connection_fault) */
  Rule          rule;
  gboolean      closed;
};

static void conn_watch (Conn *conn, Direction direction);

static GSocket *
socket_of (Conn      *conn,
           Direction  direction,
           gboolean   source)
{
  if (direction == UP)
    return source ? conn->client : conn->server;
  return source ? conn->server : conn->client;
}

static gboolean
free_once (gpointer data)
{
  g_free (data);
  return G_SOURCE_REMOVE;
}

static void
conn_close (Conn     *conn,
            gboolean  reset)
{
  YcFaultProxy *self = conn->proxy;

  if (conn->closed)
    return;
  conn->closed = TRUE;
  for (guint i = 0; i < 2; i++)
    {
      if (conn->watch[i] != NULL)
        {
          g_source_destroy (conn->watch[i]);
          g_clear_pointer (&conn->watch[i], g_source_unref);
        }
      if (conn->delayed[i] != NULL)
        {
          g_source_destroy (conn->delayed[i]);
          g_clear_pointer (&conn->delayed[i], g_source_unref);
        }
      g_clear_pointer (&conn->held[i], g_bytes_unref);
    }
  if (reset)
    {
      /* Linger on, zero seconds: close() sends RST instead of FIN. */
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (conn->client), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
      setsockopt (g_socket_get_fd (conn->server), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_socket_close (conn->client, NULL);
  g_socket_close (conn->server, NULL);
  self->conns = g_list_remove (self->conns, conn);
  g_object_unref (conn->client);
  g_object_unref (conn->server);
  /* Freed from an idle, since a source callback of this conn may be running. */
  {
    GSource *idle = g_idle_source_new ();

    g_source_set_callback (idle, free_once, conn, NULL);
    g_source_attach (idle, self->context);
    g_source_unref (idle);
  }
}

static gboolean
conn_write (Conn       *conn,
            Direction   direction,
            const char *data,
            gsize       length)
{
  YcFaultProxy *self = conn->proxy;
  GSocket *to = socket_of (conn, direction, FALSE);
  gsize done = 0;

  while (done < length)
    {
      gssize n = g_socket_send (to, data + done, length - done, NULL, NULL);

      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  g_mutex_lock (&self->lock);
  if (direction == UP)
    self->up += length;
  else
    self->down_bytes += length;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Marks the one-shot fault of @rule as fired on @conn (the lock is held). */
static void
fire_locked (YcFaultProxy *self,
             Conn         *conn,
             Rule         *rule)
{
  conn->faulted = TRUE;
  rule->fault = YC_FAULT_PASS;
  rule->amount = 0;
  self->fired++;
  if (self->down_after)
    self->down = TRUE;
}

static gboolean
delayed_cb (Conn      *conn,
            Direction  direction)
{
  g_autoptr(GBytes) held = g_steal_pointer (&conn->held[direction]);
  gsize length;
  const char *data = g_bytes_get_data (held, &length);

  g_clear_pointer (&conn->delayed[direction], g_source_unref);
  if (!conn_write (conn, direction, data, length))
    {
      conn_close (conn, FALSE);
      return G_SOURCE_REMOVE;
    }
  conn_watch (conn, direction);
  return G_SOURCE_REMOVE;
}

static gboolean
delayed_up_cb (gpointer user_data)
{
  return delayed_cb (user_data, UP);
}

static gboolean
delayed_down_cb (gpointer user_data)
{
  return delayed_cb (user_data, DOWN);
}

/* An interim answer ("HTTP/1.1 100 Continue") at the start of @data: its length, or 0. */
static gsize
interim_length (const char *data,
                gsize       length)
{
  const char *end;

  if (length < 12 || strncmp (data, "HTTP/1.1 1", 10) != 0)
    return 0;
  end = g_strstr_len (data, (gssize) length, "\r\n\r\n");
  return end != NULL ? (gsize) (end - data) + 4 : 0;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  Conn *conn = user_data;
  YcFaultProxy *self = conn->proxy;
  Direction direction = socket == conn->client ? UP : DOWN;
  char buffer[BUFFER_SIZE];
  gssize n;
  gsize forward, skip;
  gboolean cut = FALSE, reset = FALSE, delay = FALSE;
  guint64 delay_ms = 0;
  Rule *rule;

  n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
  if (n <= 0)
    {
      g_clear_pointer (&conn->watch[direction], g_source_unref);
      conn_close (conn, FALSE);
      return G_SOURCE_REMOVE;
    }
  forward = (gsize) n;

  g_mutex_lock (&self->lock);
  rule = conn->has_rule ? &conn->rule : &self->rule;
  if (self->down && !conn->faulted)
    reset = TRUE;
  else
    switch (rule->fault)
      {
      case YC_FAULT_PASS:
        break;
      case YC_FAULT_DELAY:
        delay = rule->amount > 0;
        delay_ms = rule->amount;
        break;
      case YC_FAULT_CUT_UP:
      case YC_FAULT_CUT_DOWN:
        if ((rule->fault == YC_FAULT_CUT_UP) != (direction == UP))
          break;
        if (rule->amount < forward)
          {
            forward = (gsize) rule->amount;
            cut = TRUE;
            fire_locked (self, conn, rule);
          }
        else
          rule->amount -= forward;
        break;
      case YC_FAULT_RESET:
        reset = TRUE;
        fire_locked (self, conn, rule);
        break;
      case YC_FAULT_DROP_REPLY:
        if (direction == UP)
          {
            conn->drop_reply = TRUE;
            fire_locked (self, conn, rule);
          }
        break;
      }
  g_mutex_unlock (&self->lock);

  if (reset)
    {
      g_clear_pointer (&conn->watch[direction], g_source_unref);
      conn_close (conn, TRUE);
      return G_SOURCE_REMOVE;
    }

  if (direction == DOWN && conn->drop_reply)
    {
      /* "100 Continue" lets the client send the body the server is waiting for. */
      skip = interim_length (buffer, forward);
      if (skip > 0 && !conn_write (conn, DOWN, buffer, skip))
        skip = 0;
      if (skip < forward || skip == 0)
        {
          g_clear_pointer (&conn->watch[direction], g_source_unref);
          conn_close (conn, FALSE);
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }

  if (delay)
    {
      conn->held[direction] = g_bytes_new (buffer, forward);
      conn->delayed[direction] = g_timeout_source_new ((guint) delay_ms);
      g_source_set_callback (conn->delayed[direction],
                             direction == UP ? delayed_up_cb : delayed_down_cb, conn, NULL);
      g_source_attach (conn->delayed[direction], self->context);
      g_source_destroy (conn->watch[direction]);
      g_clear_pointer (&conn->watch[direction], g_source_unref);
      return G_SOURCE_REMOVE;
    }

  if ((forward > 0 && !conn_write (conn, direction, buffer, forward)) || cut)
    {
      g_clear_pointer (&conn->watch[direction], g_source_unref);
      conn_close (conn, FALSE);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
conn_watch (Conn      *conn,
            Direction  direction)
{
  GSource *source = g_socket_create_source (socket_of (conn, direction, TRUE),
                                            G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);

  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) readable_cb, conn, NULL);
  g_source_attach (source, conn->proxy->context);
  conn->watch[direction] = source;
}

static gboolean
accept_cb (GSocket      *listener,
           GIOCondition  condition,
           gpointer      user_data)
{
  YcFaultProxy *self = user_data;
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree Rule *rule = NULL;
  gboolean down;
  Conn *conn;

  client = g_socket_accept (listener, NULL, NULL);
  if (client == NULL)
    return G_SOURCE_CONTINUE;
  g_socket_set_blocking (client, TRUE);

  g_mutex_lock (&self->lock);
  self->accepted++;
  down = self->down;
  g_hash_table_steal_extended (self->pending, GUINT_TO_POINTER (self->accepted), NULL,
                               (gpointer *) &rule);
  g_mutex_unlock (&self->lock);
  if (down)
    {
      g_socket_close (client, NULL);
      return G_SOURCE_CONTINUE;
    }

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, self->upstream_port);
  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  if (server == NULL || !g_socket_connect (server, address, NULL, NULL))
    {
      /* The server is down: so is the connection. */
      g_socket_close (client, NULL);
      return G_SOURCE_CONTINUE;
    }

  conn = g_new0 (Conn, 1);
  conn->proxy = self;
  conn->client = g_steal_pointer (&client);
  conn->server = g_steal_pointer (&server);
  if (rule != NULL)
    {
      conn->has_rule = TRUE;
      conn->rule = *rule;
    }
  self->conns = g_list_prepend (self->conns, conn);
  conn_watch (conn, UP);
  conn_watch (conn, DOWN);
  return G_SOURCE_CONTINUE;
}

static gpointer
proxy_thread (gpointer data)
{
  YcFaultProxy *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  while (self->conns != NULL)
    conn_close (self->conns->data, FALSE);
  /* The frees queued by conn_close. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

YcFaultProxy *
yc_fault_proxy_new (guint16 upstream_port)
{
  YcFaultProxy *self = g_new0 (YcFaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->upstream_port = upstream_port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (self->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (self->listener, 128);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, (GSourceFunc) (void (*) (void)) accept_cb, self, NULL);
  g_source_attach (self->accept_source, self->context);

  self->thread = g_thread_new ("yc-fault-proxy", proxy_thread, self);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  YcFaultProxy *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
yc_fault_proxy_free (YcFaultProxy *self)
{
  if (self == NULL)
    return;
  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);
  g_source_destroy (self->accept_source);
  g_source_unref (self->accept_source);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->pending);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint16
yc_fault_proxy_get_port (YcFaultProxy *self)
{
  return self->port;
}

char *
yc_fault_proxy_dup_base_url (YcFaultProxy *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

void
yc_fault_proxy_set_fault (YcFaultProxy *self,
                          YcFault       fault,
                          guint64       amount)
{
  g_mutex_lock (&self->lock);
  self->rule.fault = fault;
  self->rule.amount = amount;
  self->down = FALSE;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_connection_fault (YcFaultProxy *self,
                                     guint         connection,
                                     YcFault       fault,
                                     guint64       amount)
{
  Rule *rule = g_new0 (Rule, 1);

  g_return_if_fail (connection > 0);

  rule->fault = fault;
  rule->amount = amount;
  g_mutex_lock (&self->lock);
  g_warn_if_fail (connection > self->accepted);
  g_hash_table_replace (self->pending, GUINT_TO_POINTER (connection), rule);
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_set_down_after (YcFaultProxy *self,
                               gboolean      down_after)
{
  g_mutex_lock (&self->lock);
  self->down_after = down_after;
  g_mutex_unlock (&self->lock);
}

YcFault
yc_fault_proxy_get_fault (YcFaultProxy *self)
{
  YcFault fault;

  g_mutex_lock (&self->lock);
  fault = self->rule.fault;
  g_mutex_unlock (&self->lock);
  return fault;
}

guint
yc_fault_proxy_get_fired (YcFaultProxy *self)
{
  guint fired;

  g_mutex_lock (&self->lock);
  fired = self->fired;
  g_mutex_unlock (&self->lock);
  return fired;
}

void
yc_fault_proxy_get_bytes (YcFaultProxy *self,
                          guint64      *up,
                          guint64      *down)
{
  g_mutex_lock (&self->lock);
  if (up != NULL)
    *up = self->up;
  if (down != NULL)
    *down = self->down_bytes;
  g_mutex_unlock (&self->lock);
}

void
yc_fault_proxy_reset_bytes (YcFaultProxy *self)
{
  g_mutex_lock (&self->lock);
  self->up = 0;
  self->down_bytes = 0;
  g_mutex_unlock (&self->lock);
}

guint
yc_fault_proxy_get_connections (YcFaultProxy *self)
{
  guint accepted;

  g_mutex_lock (&self->lock);
  accepted = self->accepted;
  g_mutex_unlock (&self->lock);
  return accepted;
}

typedef struct {
  YcFaultProxy *self;
  GMutex        lock;
  GCond         cond;
  gboolean      done;
} CloseAll;

static gboolean
close_all_cb (gpointer data)
{
  CloseAll *close_all = data;

  while (close_all->self->conns != NULL)
    conn_close (close_all->self->conns->data, FALSE);
  g_mutex_lock (&close_all->lock);
  close_all->done = TRUE;
  g_cond_signal (&close_all->cond);
  g_mutex_unlock (&close_all->lock);
  return G_SOURCE_REMOVE;
}

void
yc_fault_proxy_close_all (YcFaultProxy *self)
{
  CloseAll close_all = { self };

  g_mutex_init (&close_all.lock);
  g_cond_init (&close_all.cond);
  g_main_context_invoke (self->context, close_all_cb, &close_all);
  g_mutex_lock (&close_all.lock);
  while (!close_all.done)
    g_cond_wait (&close_all.cond, &close_all.lock);
  g_mutex_unlock (&close_all.lock);
  g_mutex_clear (&close_all.lock);
  g_cond_clear (&close_all.cond);
}
