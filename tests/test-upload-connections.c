/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "yc-backoffice-client.h"
#include "yc-fault-proxy.h"
#include "yc-test-server.h"

/*
 * Uploads keep their connection (issue 6, the sync benchmark): YcBackofficeClient against
 * the real `yichuang-backoffice serve` process through the fault proxy, which counts the
 * connections it accepts.  A new connection costs a TLS handshake (and, with GnuTLS, a
 * reading of the system's trust store) per call, which made uploads CPU-bound: a PATCH's
 * 204 answer made both libsoup ends close the connection, and libsoup opens a new one for
 * every POST or PATCH not marked idempotent.  And a file sent in one chunk is verified
 * against its SHA-256 from the bytes as they came.
 */

static YcTestServer *server;
static YcFaultProxy *proxy;
static YcBackofficeClient *client;   /* clerk-a, through the proxy */

typedef struct {
  GAsyncResult *result;
  gboolean      done;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (Wait *wait)
{
  yc_test_wait_for (&wait->done, 60);
  return wait->result;
}

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

static GBytes *
make_data (gsize size,
           guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, size);
}

static GFile *
write_temp (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("yc-upload-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static YcUpload *
create_upload (const char  *sha256,
               gint64       length,
               GError     **error)
{
  Wait wait = { NULL };
  YcUpload *upload;

  yc_backoffice_client_create_upload_async (client, sha256, length, NULL, done_cb, &wait);
  upload = yc_backoffice_client_create_upload_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return upload;
}

static gboolean
upload_file (const char  *upload_id,
             GFile       *file,
             gint64       length,
             GError     **error)
{
  Wait wait = { NULL };
  gboolean ok;

  yc_backoffice_client_upload_file_async (client, upload_id, file, length, NULL, NULL, NULL,
                                          done_cb, &wait);
  ok = yc_backoffice_client_upload_file_finish (client, wait_result (&wait), NULL, error);
  wait_clear (&wait);
  return ok;
}

static GBytes *
get_blob (const char  *sha256,
          GError     **error)
{
  Wait wait = { NULL };
  GBytes *bytes;

  yc_backoffice_client_get_blob_async (client, sha256, NULL, done_cb, &wait);
  bytes = yc_backoffice_client_get_blob_finish (client, wait_result (&wait), error);
  wait_clear (&wait);
  return bytes;
}

/* Creates an upload of @data, sends it and checks the back office holds it. */
static void
send_whole (GBytes *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autoptr(GFile) file = write_temp (data);
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(GBytes) stored = NULL;

  upload = create_upload (sha256, g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  g_assert_false (upload->complete);
  upload_file (upload->id, file, g_bytes_get_size (data), &error);
  g_assert_no_error (error);
  stored = get_blob (sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, data));
  g_file_delete (file, NULL, NULL);
}

static void
test_connection_kept (void)
{
  guint before;

  /* A connection is open from signing in; a cut one may be replaced once. */
  before = yc_fault_proxy_get_connections (proxy);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GBytes) data = make_data (3000 + i * 1000, 100 + i);
      send_whole (data);
    }
  /* 4 creates, 4 single-chunk PATCHes (204), 4 HEADs and 4 blob reads. */
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy) - before, <=, 1);
}

static void
test_chunks_on_one_connection (void)
{
  g_autoptr(GBytes) data = make_data (40 * 1024, 7);
  guint before;

  yc_backoffice_client_set_chunk_size (client, 4096);
  before = yc_fault_proxy_get_connections (proxy);
  /* 10 chunks, each answered 204. */
  send_whole (data);
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy) - before, <=, 1);
  yc_backoffice_client_set_chunk_size (client, 1024 * 1024);
}

/* A file sent in one chunk whose bytes are not the file announced: the chunk's own checksum
 * is right, the whole file's is not.  Refused, nothing kept, the upload back at 0. */
static void
test_single_chunk_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) announced = make_data (5000, 21);
  g_autoptr(GBytes) sent = make_data (5000, 22);
  g_autofree char *sha256 = yc_test_sha256_hex (announced);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = write_temp (sent);
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(YcTestResponse) head = NULL;
  g_autoptr(GBytes) stored = NULL;

  upload = create_upload (sha256, 5000, &error);
  g_assert_no_error (error);
  g_assert_false (upload_file (upload->id, file, 5000, &error));
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH);
  g_clear_error (&error);

  path = g_strconcat ("/api/v1/uploads/", upload->id, NULL);
  head = yc_test_server_request (server, "HEAD", path, yc_test_server_token (server, "clerk-a"),
                                 NULL, NULL, NULL);
  g_assert_cmpuint (head->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (head, "Upload-Offset"), ==, "0");
  stored = get_blob (sha256, &error);
  g_assert_null (stored);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_NOT_FOUND);
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(YcSignIn) signed_in = NULL;
  Wait wait = { NULL };
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  yc_test_server_start (server, NULL);
  proxy = yc_fault_proxy_new ((guint16) yc_test_server_get_port (server));
  base_url = yc_fault_proxy_dup_base_url (proxy);
  client = yc_backoffice_client_new (base_url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_timeout (client, 10);
  yc_backoffice_client_sign_in_async (client, "clerk-a", "clerk-a-pw", NULL, done_cb, &wait);
  signed_in = yc_backoffice_client_sign_in_finish (client, wait_result (&wait), &error);
  g_assert_no_error (error);
  wait_clear (&wait);

  g_test_add_func ("/upload/connections/kept", test_connection_kept);
  g_test_add_func ("/upload/connections/chunks-on-one-connection", test_chunks_on_one_connection);
  g_test_add_func ("/upload/single-chunk-mismatch", test_single_chunk_mismatch);

  status = g_test_run ();
  g_clear_object (&client);
  yc_fault_proxy_free (proxy);
  yc_test_server_free (server);
  return status;
}
