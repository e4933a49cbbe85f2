/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-test-server.h"

/* Sessions, catalog, stats, health, routing and the errors every endpoint shares, against
 * the real `yichuang-backoffice serve`. */

static YcTestServer *server;

static void
assert_error (YcTestResponse *response,
              guint           status,
              const char     *code,
              const char     *field)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==, "application/json");
  object = yc_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  g_assert_true (json_object_has_member (object, "message"));
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "message")), >, 0);
  g_assert_true (json_object_has_member (object, "field"));
  g_assert_cmpstr (yc_test_response_field (response), ==, field);
  if (status == 401)
    g_assert_true (g_str_has_prefix (yc_test_response_header (response, "WWW-Authenticate"), "Bearer"));
}

static void
test_health (void)
{
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, "/healthz", NULL);
  g_autoptr(YcTestResponse) head = NULL;
  g_autoptr(YcTestResponse) query = NULL;
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, 200);
  object = yc_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_true (json_object_has_member (object, "epoch"));
  g_assert_true (json_object_has_member (object, "head_seq"));
  g_assert_true (json_object_has_member (object, "version"));

  head = yc_test_server_request (server, "HEAD", "/healthz", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (head->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (head->body), ==, 0);

  query = yc_test_server_get (server, "/healthz?verbose=1", NULL);
  assert_error (query, 400, "invalid", "verbose");
}

static void
test_routing (void)
{
  g_autoptr(YcTestResponse) unknown = yc_test_server_get (server, "/api/v1/nothing", NULL);
  g_autoptr(YcTestResponse) root = yc_test_server_get (server, "/", NULL);
  g_autoptr(YcTestResponse) trailing = yc_test_server_get (server, "/api/v1/catalog/", NULL);
  g_autoptr(YcTestResponse) get_sessions = yc_test_server_get (server, "/api/v1/sessions", NULL);
  g_autoptr(YcTestResponse) put_catalog = NULL;
  g_autoptr(YcTestResponse) delete_upload = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

  assert_error (unknown, 404, "not_found", NULL);
  assert_error (root, 404, "not_found", NULL);
  assert_error (trailing, 404, "not_found", NULL);

  assert_error (get_sessions, 405, "method_not_allowed", NULL);
  g_assert_cmpstr (yc_test_response_header (get_sessions, "Allow"), ==, "POST");

  put_catalog = yc_test_server_request (server, "PUT", "/api/v1/catalog", NULL, "application/json", body, NULL);
  assert_error (put_catalog, 405, "method_not_allowed", NULL);
  g_assert_cmpstr (yc_test_response_header (put_catalog, "Allow"), ==, "GET, HEAD");

  delete_upload = yc_test_server_request (server, "DELETE", "/api/v1/uploads/abc", NULL, NULL, NULL, NULL);
  assert_error (delete_upload, 405, "method_not_allowed", NULL);
  g_assert_cmpstr (yc_test_response_header (delete_upload, "Allow"), ==, "HEAD, PATCH");
}

static void
test_sign_in (void)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *object, *user;
  const char *token;

  response = yc_test_server_post_json (server, "/api/v1/sessions", NULL,
                                       "{\"username\": \"rev-scjg\", \"password\": \"rev-scjg-pw\"}", NULL);
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (yc_test_response_header (response, "Cache-Control"), ==, "no-store");
  object = yc_test_response_object (response);
  token = json_object_get_string_member (object, "token");
  /* 256 bits in base64url: 43 characters, no padding. */
  g_assert_cmpuint (strlen (token), >=, 43);
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_compare (expires, now), >, 0);
  user = json_object_get_object_member (object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "rev-scjg");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "reviewer");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (user, "departments")), ==, 1);
}

static void
test_sign_in_refused (void)
{
  static const struct {
    const char *body;
    const char *content_type;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "{\"username\": \"clerk-a\", \"password\": \"wrong\"}", "application/json", 401, "unauthorized", NULL },
    { "{\"username\": \"nobody\", \"password\": \"wrong\"}", "application/json", 401, "unauthorized", NULL },
    { "{\"username\": \"clerk-a\"}", "application/json", 400, "invalid", "password" },
    { "{\"password\": \"x\"}", "application/json", 400, "invalid", "username" },
    { "{\"username\": 7, \"password\": \"x\"}", "application/json", 400, "invalid", "username" },
    { "{\"username\": \"\", \"password\": \"x\"}", "application/json", 400, "invalid", "username" },
    { "[1, 2]", "application/json", 400, "invalid", NULL },
    { "{\"username\": ", "application/json", 400, "invalid", NULL },
    { "username=clerk-a", "application/x-www-form-urlencoded", 415, "unsupported_media_type", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autoptr(YcTestResponse) response = NULL;

      g_test_message ("sign-in %u: %s", i, cases[i].body);
      response = yc_test_server_request (server, "POST", "/api/v1/sessions", NULL,
                                         cases[i].content_type, body, NULL);
      assert_error (response, cases[i].status, cases[i].code, cases[i].field);
    }
}

static void
test_sign_out (void)
{
  g_autoptr(YcTestResponse) signed_in = NULL;
  g_autoptr(YcTestResponse) out = NULL;
  g_autoptr(YcTestResponse) after = NULL;
  g_autoptr(YcTestResponse) again = NULL;
  g_autoptr(YcTestResponse) none = NULL;
  g_autoptr(YcTestResponse) garbage = NULL;
  g_autofree char *token = NULL;
  const char * const basic[] = { "Authorization", "Basic Y2xlcms6cHc=", NULL };

  signed_in = yc_test_server_post_json (server, "/api/v1/sessions", NULL,
                                        "{\"username\": \"clerk-b\", \"password\": \"clerk-b-pw\"}", NULL);
  g_assert_cmpuint (signed_in->status, ==, 201);
  token = g_strdup (json_object_get_string_member (yc_test_response_object (signed_in), "token"));

  out = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current", token, NULL, NULL, NULL);
  g_assert_cmpuint (out->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (out->body), ==, 0);

  after = yc_test_server_get (server, "/api/v1/catalog", token);
  assert_error (after, 401, "unauthorized", NULL);
  g_assert_cmpstr (yc_test_response_header (after, "WWW-Authenticate"), ==,
                   "Bearer realm=\"yichuang\", error=\"invalid_token\"");
  again = yc_test_server_request (server, "DELETE", "/api/v1/sessions/current", token, NULL, NULL, NULL);
  assert_error (again, 401, "unauthorized", NULL);

  none = yc_test_server_get (server, "/api/v1/catalog", NULL);
  assert_error (none, 401, "unauthorized", NULL);
  g_assert_cmpstr (yc_test_response_header (none, "WWW-Authenticate"), ==, "Bearer realm=\"yichuang\"");

  garbage = yc_test_server_request (server, "GET", "/api/v1/catalog", NULL, NULL, NULL, basic);
  assert_error (garbage, 401, "unauthorized", NULL);
}

static void
test_catalog_etag (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(YcTestResponse) response = yc_test_server_get (server, "/api/v1/catalog", token);
  g_autoptr(YcTestResponse) cached = NULL;
  g_autoptr(YcTestResponse) weak = NULL;
  g_autoptr(YcTestResponse) other = NULL;
  const char *etag, *version;
  g_autofree char *weak_etag = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  etag = yc_test_response_header (response, "ETag");
  version = yc_test_response_header (response, "Catalog-Version");
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  g_assert_cmpstr (version, ==, "2026.11.1");
  g_assert_cmpstr (json_object_get_string_member (yc_test_response_object (response), "version"), ==, version);

  {
    const char * const headers[] = { "If-None-Match", etag, NULL };
    cached = yc_test_server_request (server, "GET", "/api/v1/catalog", token, NULL, NULL, headers);
  }
  g_assert_cmpuint (cached->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);
  g_assert_cmpstr (yc_test_response_header (cached, "ETag"), ==, etag);

  weak_etag = g_strdup_printf ("\"x\", W/%s", etag);
  {
    const char * const headers[] = { "If-None-Match", weak_etag, NULL };
    weak = yc_test_server_request (server, "GET", "/api/v1/catalog", token, NULL, NULL, headers);
  }
  g_assert_cmpuint (weak->status, ==, 304);

  {
    const char * const headers[] = { "If-None-Match", "\"an-older-catalog\"", NULL };
    other = yc_test_server_request (server, "GET", "/api/v1/catalog", token, NULL, NULL, headers);
  }
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (other->body), ==, g_bytes_get_size (response->body));
}

/* Sends @request as is on a new connection and returns the status line of the answer.
 * (libsoup 3.2's client can crash when a server answers before the body is sent, so the
 * early refusals are spoken on a raw socket.) */
static char *
raw_status_line (const char *request,
                 gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) yc_test_server_get_port (server), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_strchomp (line);
  return line;
}

static void
test_body_limits (void)
{
  const char *token = yc_test_server_token (server, "clerk-a");
  g_autoptr(YcTestResponse) large_sent = NULL;
  g_autoptr(YcTestResponse) get_body = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) small = g_bytes_new_static ("{}", 2);
  g_autofree char *expect = NULL;
  g_autofree char *chunked = NULL;
  char *data;
  gsize size = 64 * 1024 + 1;  /* the server runs with --max-body 64K */

  /* With "Expect: 100-continue" the refusal comes before the body is sent. */
  {
    const char *request = "POST /api/v1/sessions HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: 65537\r\n"
                          "Expect: 100-continue\r\n"
                          "\r\n";
    expect = raw_status_line (request, strlen (request));
  }
  g_assert_cmpstr (expect, ==, "HTTP/1.1 413 Request Entity Too Large");

  /* Without it the body is read, dropped, and refused all the same. */
  data = g_malloc (size);
  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  big = g_bytes_new_take (data, size);
  large_sent = yc_test_server_request (server, "POST", "/api/v1/sessions", NULL, "application/json", big, NULL);
  assert_error (large_sent, 413, "too_large", NULL);
  g_assert_cmpstr (yc_test_response_header (large_sent, "Connection"), ==, "close");

  /* A body without Content-Length (chunked) is refused. */
  {
    const char *request = "POST /api/v1/sessions HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "\r\n"
                          "2\r\n{}\r\n0\r\n\r\n";
    chunked = raw_status_line (request, strlen (request));
  }
  g_assert_cmpstr (chunked, ==, "HTTP/1.1 411 Length Required");

  get_body = yc_test_server_request (server, "GET", "/api/v1/catalog", token, "application/json", small, NULL);
  assert_error (get_body, 400, "invalid", NULL);
}

static void
test_stats (void)
{
  static const struct {
    const char *query;
    guint       status;
    const char *field;
  } cases[] = {
    { "", 200, NULL },
    { "?from=2026-11-01&to=2026-11-30", 200, NULL },
    { "?from=2026-11-31", 400, "from" },
    { "?from=2026-1-1", 400, "from" },
    { "?to=yesterday", 400, "to" },
    { "?from=2026-12-01&to=2026-11-01", 400, "from" },
    { "?since=2026-11-01", 400, "since" },
  };
  const char *token = yc_test_server_token (server, "super");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/api/v1/stats", cases[i].query, NULL);
      g_autoptr(YcTestResponse) response = yc_test_server_get (server, path, token);

      g_test_message ("stats %s", path);
      if (cases[i].status == 200)
        {
          g_assert_cmpuint (response->status, ==, 200);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
        }
      else
        {
          assert_error (response, cases[i].status, "invalid", cases[i].field);
        }
    }
}

static void
test_queries_validated (void)
{
  static const struct {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "/api/v1/cases", 200, NULL, NULL },
    { "/api/v1/cases?department=scjg&state=in_review&deadline=red&q=%E5%BC%A0&sort=-accepted&limit=10&offset=5", 200, NULL, NULL },
    { "/api/v1/cases?departement=scjg", 400, "invalid", "departement" },
    { "/api/v1/cases?limit=0", 400, "invalid", "limit" },
    { "/api/v1/cases?limit=100000", 400, "invalid", "limit" },
    { "/api/v1/cases?limit=-1", 400, "invalid", "limit" },
    { "/api/v1/cases?offset=x", 400, "invalid", "offset" },
    { "/api/v1/cases?state=done", 400, "invalid", "state" },
    { "/api/v1/cases?deadline=purple", 400, "invalid", "deadline" },
    { "/api/v1/cases?sort=applicant", 400, "invalid", "sort" },
    { "/api/v1/cases?department=a%27%3B--", 400, "invalid", "department" },
    { "/api/v1/cases/not-a-uuid", 400, "invalid", "uuid" },
    { "/api/v1/cases/2f1e33c4-8d0b-4d6c-9a51-0c8f5a7e3b21", 404, "not_found", "uuid" },
    { "/api/v1/sync/changes?since=garbage", 400, "invalid", "since" },
    { "/api/v1/sync/changes?since=abc:12x", 400, "invalid", "since" },
    { "/api/v1/sync/changes?limit=0", 400, "invalid", "limit" },
    { "/api/v1/sync/changes?wait=soon", 400, "invalid", "wait" },
    { "/api/v1/sync/changes?since=no-such-epoch:0", 410, "gone", "since" },
    { "/api/v1/blobs/ABC", 400, "invalid", "sha256" },
    { "/api/v1/blobs/0000000000000000000000000000000000000000000000000000000000000000", 404, "not_found", "sha256" },
  };
  const char *token = yc_test_server_token (server, "super");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YcTestResponse) response = yc_test_server_get (server, cases[i].path, token);

      g_test_message ("GET %s", cases[i].path);
      if (cases[i].status == 200)
        g_assert_cmpuint (response->status, ==, 200);
      else
        assert_error (response, cases[i].status, cases[i].code, cases[i].field);
    }
}

static void
test_lockout (void)
{
  g_autoptr(YcTestResponse) locked = NULL;
  guint i;

  /* "admin" is not used by the other tests of this file. */
  for (i = 0; i < 10; i++)
    {
      g_autoptr(YcTestResponse) response = NULL;

      response = yc_test_server_post_json (server, "/api/v1/sessions", NULL,
                                           "{\"username\": \"admin\", \"password\": \"guess\"}", NULL);
      if (response->status == 429)
        break;
      assert_error (response, 401, "unauthorized", NULL);
    }
  g_assert_cmpuint (i, >, 0);
  g_assert_cmpuint (i, <, 10);

  /* Locked out: even the right password is refused for now. */
  locked = yc_test_server_post_json (server, "/api/v1/sessions", NULL,
                                     "{\"username\": \"admin\", \"password\": \"admin-pw\"}", NULL);
  assert_error (locked, 429, "locked_out", NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char * const serve_args[] = { "--listen", "127.0.0.1", "--port", "0", "--max-body", "64K", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = yc_test_server_new ();
  g_assert_true (yc_test_server_start_full (server, serve_args, NULL, NULL, NULL));

  g_test_add_func ("/api/health", test_health);
  g_test_add_func ("/api/routing", test_routing);
  g_test_add_func ("/api/sessions/sign-in", test_sign_in);
  g_test_add_func ("/api/sessions/refused", test_sign_in_refused);
  g_test_add_func ("/api/sessions/sign-out", test_sign_out);
  g_test_add_func ("/api/catalog/etag", test_catalog_etag);
  g_test_add_func ("/api/limits/body", test_body_limits);
  g_test_add_func ("/api/stats", test_stats);
  g_test_add_func ("/api/queries/validated", test_queries_validated);
  /* Last, in a group of its own: the lockout also throttles the test's address. */
  g_test_add_func ("/api/lockout/admin", test_lockout);

  status = g_test_run ();
  yc_test_server_free (server);
  return status;
}
