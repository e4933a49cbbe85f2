/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

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
 * against its SHA-256 from the bytes as they came.  Pushes keep their connection too (a
 * push carries its Idempotency-Key), and one whose kept connection was closed while idle
 * goes out on a new one.
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

static gboolean
upload_file_from (const char  *upload_id,
                  GFile       *file,
                  gint64       length,
                  gint64       offset,
                  GError     **error)
{
  Wait wait = { NULL };
  gboolean ok;

  yc_backoffice_client_upload_file_from_async (client, upload_id, file, length, offset, NULL,
                                               NULL, NULL, done_cb, &wait);
  ok = yc_backoffice_client_upload_file_finish (client, wait_result (&wait), NULL, error);
  wait_clear (&wait);
  return ok;
}

/* An upload just created starts at the offset its create answer gave: one PATCH and no
 * HEAD, so fewer bytes go up than with the HEAD first (the same file size, the same
 * headers otherwise). */
static void
test_known_offset_skips_head (void)
{
  g_autoptr(GBytes) first = make_data (6000, 31);
  g_autoptr(GBytes) second = make_data (6000, 32);
  g_autofree char *first_sha = yc_test_sha256_hex (first);
  g_autofree char *second_sha = yc_test_sha256_hex (second);
  g_autoptr(GFile) first_file = write_temp (first);
  g_autoptr(GFile) second_file = write_temp (second);
  g_autoptr(YcUpload) first_upload = NULL;
  g_autoptr(YcUpload) second_upload = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint64 with_head = 0, without_head = 0, down = 0;

  first_upload = create_upload (first_sha, 6000, &error);
  g_assert_no_error (error);
  second_upload = create_upload (second_sha, 6000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second_upload->offset, ==, 0);

  yc_fault_proxy_reset_bytes (proxy);
  g_assert_true (upload_file (first_upload->id, first_file, 6000, &error));
  g_assert_no_error (error);
  yc_fault_proxy_get_bytes (proxy, &with_head, &down);
  yc_fault_proxy_reset_bytes (proxy);
  g_assert_true (upload_file_from (second_upload->id, second_file, 6000, second_upload->offset,
                                   &error));
  g_assert_no_error (error);
  yc_fault_proxy_get_bytes (proxy, &without_head, &down);
  /* A HEAD request line and its headers are well over 100 bytes. */
  g_assert_cmpuint (without_head + 100, <, with_head);

  stored = get_blob (second_sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, second));
  g_file_delete (first_file, NULL, NULL);
  g_file_delete (second_file, NULL, NULL);
}

/* A stale known offset (the first chunk already went, say by an earlier call whose answer
 * was lost): the back office answers 409, HEAD says where it is, and the rest follows. */
static void
test_stale_known_offset (void)
{
  g_autoptr(GBytes) data = make_data (10 * 1024, 41);
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autoptr(GFile) file = write_temp (data);
  g_autoptr(GFile) half = NULL;
  g_autoptr(GBytes) first_half = g_bytes_new_from_bytes (data, 0, 4096);
  g_autoptr(YcUpload) upload = NULL;
  g_autoptr(YcTestResponse) head = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  upload = create_upload (sha256, 10 * 1024, &error);
  g_assert_no_error (error);
  /* The first 4 KB chunk reaches the back office, then the call fails (the file it reads
   * is shorter than announced). */
  yc_backoffice_client_set_chunk_size (client, 4096);
  half = write_temp (first_half);
  g_assert_false (upload_file_from (upload->id, half, 10 * 1024, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_clear_error (&error);
  path = g_strconcat ("/api/v1/uploads/", upload->id, NULL);
  head = yc_test_server_request (server, "HEAD", path, yc_test_server_token (server, "clerk-a"),
                                 NULL, NULL, NULL);
  g_assert_cmpstr (yc_test_response_header (head, "Upload-Offset"), ==, "4096");

  /* Told 0, as the create answer said. */
  g_assert_true (upload_file_from (upload->id, file, 10 * 1024, 0, &error));
  g_assert_no_error (error);
  yc_backoffice_client_set_chunk_size (client, 1024 * 1024);
  stored = get_blob (sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, data));
  g_file_delete (file, NULL, NULL);
  g_file_delete (half, NULL, NULL);
}

/* One batch of one accepted case, pushed; every op must be applied. */
static void
push_one_case (void)
{
  g_autofree char *case_uuid = yc_test_uuid ();
  g_autofree char *batch_id = yc_test_uuid ();
  g_autoptr(JsonNode) node = yc_test_op ("case.accept", case_uuid, 0,
                                         yc_test_case_document (case_uuid, YC_TEST_HALL_A,
                                                                "clerk-a", "scjg"));
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_operation_unref);
  g_autoptr(YcPushReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };
  YcOperation *op = yc_operation_from_json (node, &error);

  g_assert_no_error (error);
  g_ptr_array_add (ops, op);
  yc_backoffice_client_push_async (client, batch_id, ops, NULL, done_cb, &wait);
  reply = yc_backoffice_client_push_finish (client, wait_result (&wait), &error);
  wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_cmpuint (reply->results->len, ==, 1);
  g_assert_cmpint (((YcPushResult *) g_ptr_array_index (reply->results, 0))->result, ==,
                   YC_OP_RESULT_OK);
}

static void
test_pushes_on_one_connection (void)
{
  guint before;

  before = yc_fault_proxy_get_connections (proxy);
  for (guint i = 0; i < 6; i++)
    push_one_case ();
  /* Six POSTs: a new connection each before they were marked idempotent. */
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy) - before, <=, 1);
}

/* The kept connection closed by the other end while idle (a back office restarted, an
 * idle timeout): the next push notices before sending and takes a new one. */
static void
test_push_after_kept_connection_closed (void)
{
  guint before;

  push_one_case ();
  yc_fault_proxy_close_all (proxy);
  /* The close reaches the client's socket through the main loop. */
  yc_test_sleep (100);
  before = yc_fault_proxy_get_connections (proxy);
  push_one_case ();
  push_one_case ();
  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy) - before, ==, 1);
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

static YcUpload *
create_with_file (YcBackofficeClient  *with,
                  const char          *sha256,
                  GFile               *file,
                  gint64               length,
                  GError             **error)
{
  Wait wait = { NULL };
  YcUpload *upload;

  yc_backoffice_client_create_upload_with_file_async (with, sha256, file, length, NULL, done_cb, &wait);
  upload = yc_backoffice_client_create_upload_with_file_finish (with, wait_result (&wait), error);
  wait_clear (&wait);
  return upload;
}

/* Creation with upload: a file that fits in a chunk goes with its create, one request on the
 * kept connection, and fewer bytes go up than with a create and a PATCH. */
static void
test_created_with_file (void)
{
  g_autoptr(GBytes) first = make_data (6000, 51);
  g_autoptr(GBytes) second = make_data (6000, 52);
  g_autoptr(GBytes) wrong = make_data (6000, 53);
  g_autoptr(GBytes) unsent = make_data (6000, 54);
  g_autofree char *unsent_sha = yc_test_sha256_hex (unsent);
  g_autofree char *first_sha = yc_test_sha256_hex (first);
  g_autofree char *second_sha = yc_test_sha256_hex (second);
  g_autoptr(GFile) first_file = write_temp (first);
  g_autoptr(GFile) second_file = write_temp (second);
  g_autoptr(GFile) wrong_file = write_temp (wrong);
  g_autoptr(YcUpload) created = NULL;
  g_autoptr(YcUpload) again = NULL;
  g_autoptr(YcUpload) refused = NULL;
  g_autoptr(YcUpload) plain = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint64 two_requests = 0, one_request = 0, down = 0;
  guint before = yc_fault_proxy_get_connections (proxy);

  yc_fault_proxy_reset_bytes (proxy);
  plain = create_upload (first_sha, 6000, &error);
  g_assert_no_error (error);
  g_assert_true (upload_file_from (plain->id, first_file, 6000, plain->offset, &error));
  yc_fault_proxy_get_bytes (proxy, &two_requests, &down);

  yc_fault_proxy_reset_bytes (proxy);
  created = create_with_file (client, second_sha, second_file, 6000, &error);
  g_assert_no_error (error);
  yc_fault_proxy_get_bytes (proxy, &one_request, &down);
  g_assert_true (created->complete);
  g_assert_cmpint (created->offset, ==, 6000);
  /* A PATCH's request line and headers are well over 100 bytes; the JSON body of a create
   * is about as long as the headers that replace it. */
  g_assert_cmpuint (one_request + 100, <, two_requests);
  stored = get_blob (second_sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, second));

  /* Sent again: complete at once. */
  again = create_with_file (client, second_sha, second_file, 6000, &error);
  g_assert_no_error (error);
  g_assert_true (again->complete);

  /* A file that is not what its hash says: refused as for PATCH, and no blob. */
  refused = create_with_file (client, unsent_sha, wrong_file, 6000, &error);
  g_assert_null (refused);
  g_assert_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_MISMATCH);
  g_clear_error (&error);

  g_assert_cmpuint (yc_fault_proxy_get_connections (proxy) - before, <=, 1);
  g_file_delete (first_file, NULL, NULL);
  g_file_delete (second_file, NULL, NULL);
  g_file_delete (wrong_file, NULL, NULL);
}

/* A back office from before creation with upload: POST takes JSON only (415 otherwise). */
typedef struct {
  guint with_data;   /* POSTs with a file in them */
  guint plain;       /* POSTs of JSON */
} OldServer;

static void
old_server_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  OldServer *old = user_data;
  const char *type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  static const char refused[] = "{\"code\": \"unsupported_media_type\", \"message\": "
                                "\"The request body must be sent as application/json.\", \"field\": null}";
  static const char created[] = "{\"id\": \"0f0e6a52-2a52-4a4c-9bd0-3c1b1d0e0a01\", \"sha256\": "
                                "\"%s\", \"offset\": 0, \"length\": 6000, \"complete\": false}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *answer = NULL;

  if (g_strcmp0 (type, "application/json") != 0)
    {
      old->with_data++;
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, refused, strlen (refused));
      soup_server_message_set_status (msg, 415, NULL);
      return;
    }
  old->plain++;
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  answer = g_strdup_printf (created, json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "sha256"));
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
  soup_server_message_set_status (msg, 201, NULL);
}

static void
test_old_backoffice (void)
{
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(YcBackofficeClient) old_client = NULL;
  g_autoptr(GBytes) data = make_data (6000, 61);
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autofree char *url = NULL;
  g_autoptr(GFile) file = write_temp (data);
  g_autoptr(GError) error = NULL;
  OldServer old = { 0 };
  GSList *uris;

  soup_server_add_handler (soup, "/api/v1/uploads", old_server_cb, &old, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  old_client = yc_backoffice_client_new (url, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_client_set_token (old_client, "a-token-the-old-server-takes");

  /* Refused once: the upload is made the old way, to be sent with PATCH. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(YcUpload) upload = create_with_file (old_client, sha256, file, 6000, &error);

      g_assert_no_error (error);
      g_assert_false (upload->complete);
      g_assert_cmpint (upload->offset, ==, 0);
    }
  /* The client remembered: the second file went to the old create at once. */
  g_assert_cmpuint (old.with_data, ==, 1);
  g_assert_cmpuint (old.plain, ==, 2);
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
  g_test_add_func ("/upload/created-with-file", test_created_with_file);
  g_test_add_func ("/upload/old-backoffice", test_old_backoffice);
  g_test_add_func ("/upload/known-offset/skips-head", test_known_offset_skips_head);
  g_test_add_func ("/upload/known-offset/stale", test_stale_known_offset);
  g_test_add_func ("/push/connections/kept", test_pushes_on_one_connection);
  g_test_add_func ("/push/connections/closed-while-idle", test_push_after_kept_connection_closed);

  status = g_test_run ();
  g_clear_object (&client);
  yc_fault_proxy_free (proxy);
  yc_test_server_free (server);
  return status;
}
