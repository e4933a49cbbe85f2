/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "yc-backoffice-client.h"

/*
 * libsoup sends a GET again by itself when the kept-alive connection it went out on was
 * closed before any answer; libsoup 3.2.3 can then take the failed attempt's late result
 * for the new attempt's and crash (a call through a NULL SoupClientMessageIO, seen in the
 * fault trials; see restarted_cb () in src/sync/yc-backoffice-client-http.c).  Here a
 * server thread answers GET /healthz at once (it polls without sleeping, so that answers
 * and resets come between the client's write and its read, where the race lies) or resets
 * the connection instead of answering, and YcBackofficeClient keeps 6 probes in flight
 * over its pool of kept-alive connections.  Without the workaround this process segfaults
 * within seconds to a minute; with it every probe ends once, well or OFFLINE.
 */

#define IN_FLIGHT     6
#define PROBES        4000
#define RESET_PERCENT 30

typedef struct {
  int      listen_fd;
  gint     stop;
  guint    answered;
  guint    resets_reused;   /* resets of a connection that had answered before */
} Server;

typedef struct {
  YcBackofficeClient *client;
  guint               started;
  guint               ok;
  guint               offline;
  guint               other;
  guint               in_flight;
} Probes;

typedef struct {
  int   fd;
  guint answered;
} Peer;

static const char answer[] =
  "HTTP/1.1 200 OK\r\n"
  "Content-Type: application/json\r\n"
  "Content-Length: 17\r\n"
  "\r\n"
  "{\"status\": \"ok\"}\n";

static void
peer_close (GArray *peers,
            guint   i,
            gboolean reset)
{
  Peer *peer = &g_array_index (peers, Peer, i);

  if (reset)
    {
      struct linger linger = { 1, 0 };

      setsockopt (peer->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  close (peer->fd);
  g_array_remove_index_fast (peers, i);
}

static gpointer
server_thread (gpointer user_data)
{
  Server *server = user_data;
  g_autoptr(GArray) peers = g_array_new (FALSE, FALSE, sizeof (Peer));
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  char buffer[8192];

  while (!g_atomic_int_get (&server->stop))
    {
      int fd = accept (server->listen_fd, NULL, NULL);

      if (fd >= 0)
        {
          Peer peer = { fd, 0 };

          fcntl (fd, F_SETFL, O_NONBLOCK);
          g_array_append_val (peers, peer);
        }
      for (guint i = 0; i < peers->len; i++)
        {
          Peer *peer = &g_array_index (peers, Peer, i);
          ssize_t got = recv (peer->fd, buffer, sizeof buffer, 0);

          if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            peer_close (peers, i--, FALSE);
          else if (got > 0 && g_rand_int_range (rand, 0, 100) < RESET_PERCENT)
            {
              if (peer->answered > 0)
                g_atomic_int_inc (&server->resets_reused);
              peer_close (peers, i--, TRUE);
            }
          else if (got > 0)
            {
              send (peer->fd, answer, sizeof answer - 1, MSG_NOSIGNAL);
              peer->answered++;
              g_atomic_int_inc (&server->answered);
            }
        }
    }
  for (guint i = 0; i < peers->len; i++)
    close (g_array_index (peers, Peer, i).fd);
  return NULL;
}

static void probe (Probes *probes);

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Probes *probes = user_data;
  g_autoptr(YcBackofficeHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = yc_backoffice_client_health_finish (YC_BACKOFFICE_CLIENT (source), result, &error);
  if (health != NULL)
    {
      g_assert_cmpstr (health->status, ==, "ok");
      probes->ok++;
    }
  else if (yc_sync_error_is_offline (error))
    probes->offline++;
  else
    {
      g_test_message ("probe: %s", error->message);
      probes->other++;
    }
  g_assert_cmpuint (probes->in_flight, >, 0);
  probes->in_flight--;
  probe (probes);
}

static void
probe (Probes *probes)
{
  if (probes->started == PROBES)
    return;
  probes->started++;
  probes->in_flight++;
  yc_backoffice_client_health_async (probes->client, NULL, probe_done_cb, probes);
}

static void
test_restart_on_kept_connections (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;
  Server server = { 0 };
  Probes probes = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GThread *thread;

  server.listen_fd = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (server.listen_fd, >=, 0);
  g_assert_cmpint (bind (server.listen_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (listen (server.listen_fd, 64), ==, 0);
  g_assert_cmpint (getsockname (server.listen_fd, (struct sockaddr *) &address, &length), ==, 0);
  fcntl (server.listen_fd, F_SETFL, O_NONBLOCK);
  thread = g_thread_new ("reset-server", server_thread, &server);

  url = g_strdup_printf ("http://127.0.0.1:%u", ntohs (address.sin_port));
  probes.client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (probes.client, 10);
  for (guint i = 0; i < IN_FLIGHT; i++)
    probe (&probes);
  while (probes.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  g_atomic_int_set (&server.stop, 1);
  g_thread_join (thread);
  close (server.listen_fd);
  g_clear_object (&probes.client);

  g_test_message ("%u probes: %u ok, %u offline, %u other; the server answered %u and reset "
                  "%u kept-alive connections under a request",
                  PROBES, probes.ok, probes.offline, probes.other,
                  g_atomic_int_get (&server.answered), g_atomic_int_get (&server.resets_reused));
  /* Every probe ended exactly once (probe_done_cb counts), and only as the server made it. */
  g_assert_cmpuint (probes.ok + probes.offline, ==, PROBES);
  g_assert_cmpuint (probes.other, ==, 0);
  /* The path under test was taken: kept-alive connections reset under a GET, which
   * libsoup sends again. */
  g_assert_cmpuint (g_atomic_int_get (&server.resets_reused), >=, 100);
  g_assert_cmpuint (probes.ok, >=, PROBES / 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/restart/kept-connections-reset", test_restart_on_kept_connections);

  return g_test_run ();
}
