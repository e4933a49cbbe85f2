/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/* Uploads (create, HEAD, PATCH; cut and resumed) and blobs, against the real server. */

static YcTestServer *server;

static GBytes *
make_data (gsize size,
           guint seed)
{
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

static char *
checksum_header (GBytes *chunk)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  return g_strconcat ("sha256 ", encoded, NULL);
}

static char *
create_upload (GBytes     *data,
               const char *sha256,
               const char *token,
               guint       expected_status,
               gint64     *out_offset)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autofree char *json = NULL;
  g_autofree char *hex = NULL;
  const char *location;
  JsonObject *object;

  if (sha256 == NULL)
    sha256 = hex = yc_test_sha256_hex (data);
  json = g_strdup_printf ("{\"sha256\": \"%s\", \"length\": %" G_GSIZE_FORMAT "}", sha256, g_bytes_get_size (data));
  response = yc_test_server_post_json (server, "/api/v1/uploads", token, json, NULL);
  g_assert_cmpuint (response->status, ==, expected_status);
  if (expected_status != 201)
    return NULL;

  location = yc_test_response_header (response, "Location");
  g_assert_true (g_str_has_prefix (location, "/api/v1/uploads/"));
  object = yc_test_response_object (response);
  g_assert_cmpstr (location + strlen ("/api/v1/uploads/"), ==, json_object_get_string_member (object, "id"));
  g_assert_cmpint (g_ascii_strtoll (yc_test_response_header (response, "Upload-Length"), NULL, 10),
                   ==, (gint64) g_bytes_get_size (data));
  g_assert_cmpint (g_ascii_strtoll (yc_test_response_header (response, "Upload-Offset"), NULL, 10),
                   ==, json_object_get_int_member (object, "offset"));
  if (out_offset != NULL)
    *out_offset = json_object_get_int_member (object, "offset");
  return g_strdup (location);
}

static YcTestResponse *
patch (const char *location,
       const char *token,
       gint64      offset,
       GBytes     *chunk,
       const char *checksum,
       const char *content_type)
{
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);
  const char *headers[] = { "Upload-Offset", offset_text, checksum ? "Upload-Checksum" : NULL, checksum, NULL };

  return yc_test_server_request (server, "PATCH", location, token,
                                 content_type ? content_type : "application/offset+octet-stream",
                                 chunk, headers);
}

static gint64
head_offset (const char *location,
             const char *token)
{
  g_autoptr(YcTestResponse) response = yc_test_server_request (server, "HEAD", location, token, NULL, NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (yc_test_response_header (response, "Upload-Length"));
  return g_ascii_strtoll (yc_test_response_header (response, "Upload-Offset"), NULL, 10);
}

/* Sends the PATCH request line, headers and only @sent bytes of the @chunk announced by
 * Content-Length, then closes the connection: a network cut in the middle of a chunk. */
static void
patch_cut (const char *location,
           const char *token,
           gint64      offset,
           GBytes     *chunk,
           gsize       sent)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) yc_test_server_get_port (server),
                                                NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("PATCH %s HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/offset+octet-stream\r\n"
                          "Upload-Offset: %" G_GINT64_FORMAT "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n",
                          location, yc_test_server_get_port (server), token, offset,
                          g_bytes_get_size (chunk));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, g_bytes_get_data (chunk, NULL), sent, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
}

static void
test_cut_and_resumed (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(GBytes) data = make_data (300 * 1024, 1);
  g_autoptr(GBytes) first = g_bytes_new_from_bytes (data, 0, 100 * 1024);
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GBytes) tail = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcTestResponse) replayed = NULL;
  g_autoptr(YcTestResponse) finished = NULL;
  g_autoptr(YcTestResponse) blob = NULL;
  g_autoptr(YcTestResponse) again = NULL;
  g_autofree char *location = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autofree char *blob_path = NULL;
  g_autofree char *etag = NULL;
  gint64 offset = -1;

  location = create_upload (data, NULL, token, 201, &offset);
  g_assert_cmpint (offset, ==, 0);
  g_assert_cmpint (head_offset (location, token), ==, 0);

  checksum = checksum_header (first);
  response = patch (location, token, 0, first, checksum, NULL);
  g_assert_cmpuint (response->status, ==, 204);
  g_assert_cmpstr (yc_test_response_header (response, "Upload-Offset"), ==, "102400");

  /* The same chunk again (a lost reply retried): the offset has moved on → 409. */
  replayed = patch (location, token, 0, first, checksum, NULL);
  g_assert_cmpuint (replayed->status, ==, 409);
  g_assert_cmpstr (yc_test_response_code (replayed), ==, "conflict");

  /* The connection dies halfway through the second chunk: nothing of it is kept. */
  rest = g_bytes_new_from_bytes (data, 100 * 1024, 200 * 1024);
  patch_cut (location, token, 100 * 1024, rest, 50 * 1024);

  /* The client resumes: HEAD says where, PATCH from there. */
  offset = head_offset (location, token);
  g_assert_cmpint (offset, ==, 100 * 1024);
  tail = g_bytes_new_from_bytes (data, (gsize) offset, g_bytes_get_size (data) - (gsize) offset);
  g_free (checksum);
  checksum = checksum_header (tail);
  finished = patch (location, token, offset, tail, checksum, NULL);
  g_assert_cmpuint (finished->status, ==, 204);
  g_assert_cmpstr (yc_test_response_header (finished, "Upload-Offset"), ==, "307200");
  g_assert_cmpint (head_offset (location, token), ==, 300 * 1024);

  /* The blob is there, byte for byte, and immutable. */
  blob_path = g_strconcat ("/api/v1/blobs/", sha256, NULL);
  blob = yc_test_server_get (server, blob_path, token);
  g_assert_cmpuint (blob->status, ==, 200);
  g_assert_true (g_bytes_equal (blob->body, data));
  etag = g_strdup_printf ("\"%s\"", sha256);
  g_assert_cmpstr (yc_test_response_header (blob, "ETag"), ==, etag);

  /* The same file again: complete at once, nothing to send. */
  g_free (location);
  location = create_upload (data, NULL, token, 201, &offset);
  g_assert_cmpint (offset, ==, (gint64) g_bytes_get_size (data));
  again = yc_test_server_request (server, "HEAD", location, token, NULL, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (yc_test_response_header (again, "Upload-Offset"), ==, "307200");
}

static void
test_checksums (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(GBytes) data = make_data (4096, 2);
  g_autoptr(GBytes) other = make_data (4096, 3);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (data, 0, 2048);
  g_autoptr(YcTestResponse) bad_chunk = NULL;
  g_autoptr(YcTestResponse) bad_file = NULL;
  g_autofree char *location = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *sha256 = yc_test_sha256_hex (data);

  location = create_upload (data, NULL, token, 201, NULL);

  /* The checksum of another chunk: refused, the offset does not move. */
  wrong = checksum_header (other);
  bad_chunk = patch (location, token, 0, half, wrong, NULL);
  g_assert_cmpuint (bad_chunk->status, ==, 422);
  g_assert_cmpstr (yc_test_response_code (bad_chunk), ==, "mismatch");
  g_assert_cmpint (head_offset (location, token), ==, 0);

  /* Declared as the hash of @data, but the bytes are @other: the whole-file check fails. */
  g_free (location);
  location = create_upload (other, sha256, token, 201, NULL);
  if (location != NULL)
    {
      bad_file = patch (location, token, 0, other, NULL, NULL);
      g_assert_cmpuint (bad_file->status, ==, 422);
      g_assert_cmpstr (yc_test_response_code (bad_file), ==, "mismatch");
    }
}

static void
test_refused (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(GBytes) data = make_data (1024, 4);
  g_autoptr(GBytes) big = make_data (10, 5);
  g_autofree char *location = create_upload (data, NULL, token, 201, NULL);
  g_autoptr(YcTestResponse) no_offset = NULL;
  g_autoptr(YcTestResponse) bad_offset = NULL;
  g_autoptr(YcTestResponse) md5 = NULL;
  g_autoptr(YcTestResponse) short_sum = NULL;
  g_autoptr(YcTestResponse) wrong_type = NULL;
  g_autoptr(YcTestResponse) beyond = NULL;
  g_autoptr(YcTestResponse) unknown_head = NULL;
  g_autoptr(YcTestResponse) unknown_patch = NULL;
  g_autoptr(YcTestResponse) anonymous = NULL;
  static const struct {
    const char *json;
    const char *field;
    guint       status;
    const char *code;
  } creates[] = {
    { "{\"length\": 10}", "sha256", 400, "invalid" },
    { "{\"sha256\": \"abc\", \"length\": 10}", "sha256", 400, "invalid" },
    { "{\"sha256\": \"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\", \"length\": 10}", "sha256", 400, "invalid" },
    { "{\"sha256\": \"1111111111111111111111111111111111111111111111111111111111111111\"}", "length", 400, "invalid" },
    { "{\"sha256\": \"1111111111111111111111111111111111111111111111111111111111111111\", \"length\": -1}", "length", 400, "invalid" },
    { "{\"sha256\": \"1111111111111111111111111111111111111111111111111111111111111111\", \"length\": \"10\"}", "length", 400, "invalid" },
    /* The server runs with --upload-limit 1M. */
    { "{\"sha256\": \"1111111111111111111111111111111111111111111111111111111111111111\", \"length\": 2097152}", NULL, 413, "too_large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (creates); i++)
    {
      g_autoptr(YcTestResponse) response = yc_test_server_post_json (server, "/api/v1/uploads", token,
                                                                     creates[i].json, NULL);

      g_test_message ("create %s", creates[i].json);
      g_assert_cmpuint (response->status, ==, creates[i].status);
      g_assert_cmpstr (yc_test_response_code (response), ==, creates[i].code);
      if (creates[i].field != NULL)
        g_assert_cmpstr (yc_test_response_field (response), ==, creates[i].field);
    }

  no_offset = yc_test_server_request (server, "PATCH", location, token, "application/offset+octet-stream", data, NULL);
  g_assert_cmpuint (no_offset->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (no_offset), ==, "Upload-Offset");
  {
    const char * const headers[] = { "Upload-Offset", "-5", NULL };
    bad_offset = yc_test_server_request (server, "PATCH", location, token, "application/offset+octet-stream", data, headers);
  }
  g_assert_cmpuint (bad_offset->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (bad_offset), ==, "Upload-Offset");

  md5 = patch (location, token, 0, data, "md5 1B2M2Y8AsgTpgAmY7PhCfg==", NULL);
  g_assert_cmpuint (md5->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (md5), ==, "Upload-Checksum");
  short_sum = patch (location, token, 0, data, "sha256 AAAA", NULL);
  g_assert_cmpuint (short_sum->status, ==, 400);
  g_assert_cmpstr (yc_test_response_field (short_sum), ==, "Upload-Checksum");

  wrong_type = patch (location, token, 0, data, NULL, "application/octet-stream");
  g_assert_cmpuint (wrong_type->status, ==, 415);
  g_assert_cmpstr (yc_test_response_code (wrong_type), ==, "unsupported_media_type");

  /* More bytes than the upload announced. */
  {
    g_autoptr(GBytes) too_long = make_data (2048, 6);
    beyond = patch (location, token, 0, too_long, NULL, NULL);
  }
  g_assert_cmpuint (beyond->status, >=, 400);
  g_assert_cmpuint (beyond->status, <, 500);
  g_assert_cmpint (head_offset (location, token), ==, 0);

  unknown_head = yc_test_server_request (server, "HEAD", "/api/v1/uploads/nosuchupload", token, NULL, NULL, NULL);
  g_assert_cmpuint (unknown_head->status, ==, 404);
  unknown_patch = patch ("/api/v1/uploads/nosuchupload", token, 0, big, NULL, NULL);
  g_assert_cmpuint (unknown_patch->status, ==, 404);
  g_assert_cmpstr (yc_test_response_code (unknown_patch), ==, "not_found");

  anonymous = patch (location, NULL, 0, data, NULL, NULL);
  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_true (g_str_has_prefix (yc_test_response_header (anonymous, "WWW-Authenticate"), "Bearer"));
}

/* POST with the file (or its first chunk) as the body: Upload-Sha256 and Upload-Length say
 * what the whole file is. */
static YcTestResponse *
create_with (GBytes     *body,
             const char *sha256,
             gsize       length,
             const char *token,
             const char *checksum)
{
  g_autofree char *length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  const char * const headers[] = {
    "Upload-Length", length_text,
    sha256 != NULL ? "Upload-Sha256" : NULL, sha256,
    checksum != NULL ? "Upload-Checksum" : NULL, checksum,
    NULL
  };

  /* A NULL name ends the list early: put the optional ones last. */
  return yc_test_server_request (server, "POST", "/api/v1/uploads", token,
                                 "application/offset+octet-stream", body, headers);
}

static void
test_created_with_data (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  const char *other_token = yc_test_server_token (server, "clerk-b");
  g_autoptr(GBytes) data = make_data (300 * 1024, 8);
  g_autoptr(GBytes) big = make_data (600 * 1024, 9);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (big, 0, 200 * 1024);
  g_autoptr(GBytes) rest = g_bytes_new_from_bytes (big, 200 * 1024, 400 * 1024);
  g_autoptr(GBytes) wrong = make_data (300 * 1024, 10);
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autofree char *big_sha256 = yc_test_sha256_hex (big);
  g_autofree char *wrong_sha256 = yc_test_sha256_hex (wrong);
  g_autoptr(GBytes) unsent = make_data (300 * 1024, 11);
  g_autofree char *unsent_sha256 = yc_test_sha256_hex (unsent);
  g_autofree char *blob_path = g_strconcat ("/api/v1/blobs/", sha256, NULL);
  g_autofree char *big_path = g_strconcat ("/api/v1/blobs/", big_sha256, NULL);
  g_autofree char *wrong_path = g_strconcat ("/api/v1/blobs/", wrong_sha256, NULL);
  g_autofree char *unsent_path = g_strconcat ("/api/v1/blobs/", unsent_sha256, NULL);
  g_autofree char *checksum = checksum_header (wrong);
  JsonObject *object;

  /* The whole file in one request: complete, and the blob is there when the answer comes. */
  {
    g_autoptr(YcTestResponse) created = create_with (data, sha256, g_bytes_get_size (data), token, NULL);
    g_autoptr(YcTestResponse) blob = NULL;
    g_autoptr(YcTestResponse) again = NULL;

    g_assert_cmpuint (created->status, ==, 201);
    object = yc_test_response_object (created);
    g_assert_true (json_object_get_boolean_member (object, "complete"));
    g_assert_cmpint (json_object_get_int_member (object, "offset"), ==, 300 * 1024);
    g_assert_cmpstr (yc_test_response_header (created, "Upload-Offset"), ==, "307200");
    g_assert_true (g_str_has_prefix (yc_test_response_header (created, "Location"), "/api/v1/uploads/"));
    blob = yc_test_server_get (server, blob_path, token);
    g_assert_cmpuint (blob->status, ==, 200);
    g_assert_true (g_bytes_equal (blob->body, data));

    /* Another clerk sending the same bytes sends them for real: nothing is given away. */
    again = create_with (data, sha256, g_bytes_get_size (data), other_token, NULL);
    g_assert_cmpuint (again->status, ==, 201);
    g_assert_true (json_object_get_boolean_member (yc_test_response_object (again), "complete"));
  }

  /* The first chunk with the create, the rest with PATCH (the description is only in headers). */
  {
    g_autoptr(YcTestResponse) created = create_with (head, big_sha256, g_bytes_get_size (big), token, NULL);
    g_autoptr(YcTestResponse) finished = NULL;
    g_autoptr(YcTestResponse) blob = NULL;
    const char *location;

    g_assert_cmpuint (created->status, ==, 201);
    object = yc_test_response_object (created);
    g_assert_false (json_object_get_boolean_member (object, "complete"));
    g_assert_cmpint (json_object_get_int_member (object, "offset"), ==, 200 * 1024);
    location = yc_test_response_header (created, "Location");
    g_assert_cmpint (head_offset (location, token), ==, 200 * 1024);
    finished = patch (location, token, 200 * 1024, rest, NULL, NULL);
    g_assert_cmpuint (finished->status, ==, 204);
    blob = yc_test_server_get (server, big_path, token);
    g_assert_cmpuint (blob->status, ==, 200);
    g_assert_true (g_bytes_equal (blob->body, big));
  }

  /* Refused: bytes that are not the announced file, a checksum of other bytes, no hash, a
   * length shorter than the body, a body of another type.  No blob comes of them. */
  {
    g_autoptr(YcTestResponse) not_the_file = create_with (wrong, unsent_sha256, g_bytes_get_size (wrong),
                                                          token, NULL);
    g_autoptr(YcTestResponse) bad_checksum = create_with (data, wrong_sha256, g_bytes_get_size (data),
                                                          token, checksum);
    g_autoptr(YcTestResponse) no_hash = create_with (data, NULL, g_bytes_get_size (data), token, NULL);
    g_autoptr(YcTestResponse) too_long = create_with (data, sha256, 1000, token, NULL);
    g_autoptr(YcTestResponse) wrong_type = yc_test_server_request (server, "POST", "/api/v1/uploads", token,
                                                                   "application/octet-stream", data, NULL);
    g_autoptr(YcTestResponse) anonymous = create_with (data, sha256, g_bytes_get_size (data), NULL, NULL);
    g_autoptr(YcTestResponse) blob = NULL;

    g_assert_cmpuint (not_the_file->status, ==, 422);
    g_assert_cmpstr (yc_test_response_code (not_the_file), ==, "mismatch");
    g_assert_cmpuint (bad_checksum->status, ==, 422);
    g_assert_cmpstr (yc_test_response_code (bad_checksum), ==, "mismatch");
    g_assert_cmpuint (no_hash->status, ==, 400);
    g_assert_cmpstr (yc_test_response_field (no_hash), ==, "Upload-Sha256");
    g_assert_cmpuint (too_long->status, ==, 413);
    g_assert_cmpuint (wrong_type->status, ==, 415);
    g_assert_cmpuint (anonymous->status, ==, 401);
    blob = yc_test_server_get (server, wrong_path, token);
    g_assert_cmpuint (blob->status, ==, 404);
    g_clear_pointer (&blob, yc_test_response_free);
    blob = yc_test_server_get (server, unsent_path, token);
    g_assert_cmpuint (blob->status, ==, 404);
  }
}

static void
test_restart_keeps_uploads (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(GBytes) data = make_data (64 * 1024, 7);
  g_autoptr(GBytes) first = g_bytes_new_from_bytes (data, 0, 16 * 1024);
  g_autoptr(GBytes) rest = g_bytes_new_from_bytes (data, 16 * 1024, 48 * 1024);
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(YcTestResponse) finished = NULL;
  g_autoptr(YcTestResponse) blob = NULL;
  g_autofree char *location = create_upload (data, NULL, token, 201, NULL);
  g_autofree char *sha256 = yc_test_sha256_hex (data);
  g_autofree char *blob_path = g_strconcat ("/api/v1/blobs/", sha256, NULL);

  response = patch (location, token, 0, first, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 204);

  yc_test_server_stop (server);
  yc_test_server_start_full (server, (const char * const []) {
                               "--listen", "127.0.0.1", "--port", "0", "--upload-limit", "1M", NULL },
                             NULL, NULL, NULL);
  token = yc_test_server_token (server, "clerk-a");

  g_assert_cmpint (head_offset (location, token), ==, 16 * 1024);
  finished = patch (location, token, 16 * 1024, rest, NULL, NULL);
  g_assert_cmpuint (finished->status, ==, 204);
  blob = yc_test_server_get (server, blob_path, token);
  g_assert_cmpuint (blob->status, ==, 200);
  g_assert_true (g_bytes_equal (blob->body, data));
}

int
main (int   argc,
      char *argv[])
{
  const char * const serve_args[] = { "--listen", "127.0.0.1", "--port", "0", "--upload-limit", "1M", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  g_assert_true (yc_test_server_start_full (server, serve_args, NULL, NULL, NULL));

  g_test_add_func ("/api/uploads/cut-and-resumed", test_cut_and_resumed);
  g_test_add_func ("/api/uploads/checksums", test_checksums);
  g_test_add_func ("/api/uploads/refused", test_refused);
  g_test_add_func ("/api/uploads/restart", test_restart_keeps_uploads);
  g_test_add_func ("/api/uploads/created-with-data", test_created_with_data);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
