/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-backoffice-client.h"

/*
 * Answers cut by the network are lost connections (issue 6; docs/sync-client.md "A cut
 * answer is offline"), at every byte and without the cost of a password check: a canned
 * back office of the test's own (one thread per connection) reads the request whole, sends
 * the first `cut` bytes of a fixed sign-in answer, then closes.  Any answer cut before its
 * end — in the status line, the headers, the blank line or the body — is OFFLINE; the whole
 * answer signs in; a whole answer whose body is not what the API documents is PROTOCOL; an
 * answer whose end only the closed connection marks (no Content-Length, not chunked)
 * cannot be told from a cut one and is OFFLINE too; a chunked one (behind a re-encoding
 * proxy) cut before its JSON ends is OFFLINE.  The real back office's answer cut by the
 * fault proxy: tests/test-sync-faults.c, /sync-faults/sign-in-answer-cut.
 */

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

typedef struct {
  GThreadedSocketService *service;
  guint16                 port;
  const char             *answer;
  gsize                   cut;     /* bytes of @answer to send */
} Canned;

static gboolean
canned_run_cb (GThreadedSocketService *service,
               GSocketConnection      *connection,
               GObject                *source,
               gpointer                user_data)
{
  Canned *canned = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  guint64 length = 0;
  /* Set before the request was sent: the socket orders it before this read. */
  gsize cut = canned->cut;

  /* The request whole first: unread bytes would make the close a reset. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        return TRUE;
      g_strchomp (line);
      if (*line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
    }
  if (length > 0)
    {
      g_autofree char *body = g_malloc (length);
      gsize read = 0;

      if (!g_input_stream_read_all (G_INPUT_STREAM (lines), body, length, &read, NULL, NULL))
        return TRUE;
    }
  g_output_stream_write_all (out, canned->answer, cut, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
canned_start (Canned *canned)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  canned->service = G_THREADED_SOCKET_SERVICE (g_threaded_socket_service_new (4));
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (canned->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                                &bound, &error));
  g_assert_no_error (error);
  canned->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (canned->service, "run", G_CALLBACK (canned_run_cb), canned);
  g_socket_service_start (G_SOCKET_SERVICE (canned->service));
}

static void
canned_stop (Canned *canned)
{
  g_socket_service_stop (G_SOCKET_SERVICE (canned->service));
  g_socket_listener_close (G_SOCKET_LISTENER (canned->service));
  g_clear_object (&canned->service);
}

/* Signs in against @canned sending @cut bytes of @answer; the error, or NULL on success. */
static GError *
canned_sign_in (Canned             *canned,
                YcBackofficeClient *client,
                const char         *answer,
                gsize               cut)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YcSignIn) sign_in = NULL;
  GError *error = NULL;

  canned->answer = answer;
  canned->cut = cut;
  yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sign_in = yc_backoffice_client_sign_in_finish (client, result, &error);
  g_assert_true ((sign_in == NULL) == (error != NULL));
  if (sign_in != NULL)
    g_assert_cmpstr (sign_in->token, ==, "t0k3n");
  return error;
}

static char *
framed_answer (const char *body)
{
  return g_strdup_printf ("HTTP/1.1 201 Created\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "\r\n%s", strlen (body), body);
}

static void
test_answer_cut_every_byte (void)
{
  static const char body[] =
    "{\"token\":\"t0k3n\",\"expires_at\":\"2026-11-23T08:00:00Z\",\"user\":{\"username\":"
    "\"clerk-a\",\"display_name\":\"A\",\"role\":\"clerk\",\"hall\":\"JB01\",\"departments\":[]}}";
  g_autofree char *whole = framed_answer (body);
  g_autofree char *bad = framed_answer ("{\"token\":5}");
  g_autofree char *unframed = NULL;
  g_autofree char *chunked = NULL;
  g_autofree char *url = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  Canned canned = { 0 };
  gsize length = strlen (whole);

  canned_start (&canned);
  url = g_strdup_printf ("http://127.0.0.1:%u", canned.port);
  client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  g_object_set (client, "timeout-seconds", 5, NULL);

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) failure = canned_sign_in (&canned, client, whole, cut);

      if (failure == NULL || !yc_sync_error_is_offline (failure))
        g_string_append_printf (wrong, "%s%" G_GSIZE_FORMAT " → %s", wrong->len > 0 ? "; " : "", cut,
                                failure != NULL ? failure->message : "signed in");
    }
  if (wrong->len > 0)
    g_error ("answers cut before their end (of %" G_GSIZE_FORMAT " bytes) not OFFLINE: %s",
             length, wrong->str);
  g_test_message ("%" G_GSIZE_FORMAT " cut points, each OFFLINE", length);

  /* Whole: signed in. */
  g_assert_null (canned_sign_in (&canned, client, whole, length));

  /* Whole but not what the API documents: PROTOCOL, not offline. */
  error = canned_sign_in (&canned, client, bad, strlen (bad));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Ended by the connection alone: indistinguishable from a cut, OFFLINE. */
  unframed = g_strdup_printf ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                              "Connection: close\r\n\r\n%s", body);
  error = canned_sign_in (&canned, client, unframed, strlen (unframed));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);

  /* Chunked (only through a proxy that re-encodes): whole works; cut anywhere before the
   * last byte of the JSON, OFFLINE; cut after it (only the end marker lost), never PROTOCOL:
   * libsoup takes a close between two chunks for the end, and nothing was lost. */
  chunked = g_strdup_printf ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             "%zx\r\n%s\r\n0\r\n\r\n", strlen (body), body);
  g_assert_null (canned_sign_in (&canned, client, chunked, strlen (chunked)));
  {
    gsize data_end = strstr (chunked, body) - chunked + strlen (body);

    for (gsize cut = strstr (chunked, "\r\n\r\n") + 4 - chunked; cut < strlen (chunked); cut++)
      {
        error = canned_sign_in (&canned, client, chunked, cut);
        if (cut < data_end ? error == NULL || !yc_sync_error_is_offline (error)
                           : g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_PROTOCOL))
          g_string_append_printf (wrong, "%s%" G_GSIZE_FORMAT " → %s", wrong->len > 0 ? "; " : "", cut,
                                  error != NULL ? error->message : "signed in");
        g_clear_error (&error);
      }
    if (wrong->len > 0)
      g_error ("chunked answers cut (the JSON ends at byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT "): %s",
               data_end, strlen (chunked), wrong->str);
  }

  canned_stop (&canned);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/answer-cut/every-byte", test_answer_cut_every_byte);
  return g_test_run ();
}
