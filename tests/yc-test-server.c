/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-test-server"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <sqlite3.h>

#include "yc-backoffice.h"
#include "yc-test-catalog.h"
#include "yc-test-server.h"

#define CALL_TIMEOUT_SECONDS   60
#define START_TIMEOUT_SECONDS  60

struct _YcTestServer
{
  char         *data_dir;
  GSubprocess  *process;
  guint         port;
  char         *scheme;
  char         *base_url;
  SoupSession  *session;
  GHashTable   *tokens;     /* username → token */
  GTlsCertificate *trusted;
};

struct _YcTestCall
{
  SoupMessage    *msg;
  YcTestResponse *response;
  gboolean        done;
};

static const struct {
  const char *username;
  YcRole      role;
  const char *hall;
  const char *departments[3];
} seeded_users[] = {
  { "clerk-a", YC_ROLE_CLERK, YC_TEST_HALL_A, { NULL } },
  { "clerk-b", YC_ROLE_CLERK, YC_TEST_HALL_B, { NULL } },
  { "rev-scjg", YC_ROLE_REVIEWER, NULL, { "scjg", NULL } },
  { "rev-sw", YC_ROLE_REVIEWER, NULL, { "sw", NULL } },
  { "rev-both", YC_ROLE_REVIEWER, NULL, { "scjg", "sw", NULL } },
  { "super", YC_ROLE_SUPERVISOR, NULL, { NULL } },
  { "admin", YC_ROLE_ADMIN, NULL, { NULL } },
};

const char *
yc_test_server_get_executable (void)
{
  const char *path = g_getenv ("YC_BACKOFFICE_EXE");

  g_assert_nonnull (path);
  return path;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
yc_test_wait_for (gboolean *flag,
                  guint     timeout_seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

void
yc_test_sleep (guint ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, timeout_cb, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static YcMaterial *
test_material (const char     *code,
               const char     *name,
               YcMaterialForm  form,
               gboolean        tolerable,
               gboolean        pledgeable)
{
  YcMaterial *material = g_new0 (YcMaterial, 1);

  material->code = g_strdup (code);
  material->name = g_strdup (name);
  material->form = form;
  material->copies = 1;
  material->required = TRUE;
  material->tolerable = tolerable;
  material->pledgeable = pledgeable;
  return material;
}

/* The catalog version "test-0" that yc_test_case_document() names: one item per test
 * department ("test-scjg-item" …), scenario "default", one required material "id-card"
 * and 5 committed working days; and "test-pledge-item" of scjg, whose "certificate" a pledge
 * may replace and whose "photo" may be tolerated (YC_TEST_PLEDGE_ITEM).  The back office judges every case.accept by the catalog
 * version it names and runs the rules on it.  Stored straight in the table, never made the
 * current catalog, so that the feed and the audit log are as a single import left them. */
void
yc_test_server_store_test_catalog (const char *data_dir)
{
  static const char * const departments[] = { "scjg", "sw", NULL };
  g_autofree char *path = g_build_filename (data_dir, "backoffice.db", NULL);
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(YcCatalog) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *etag = NULL;
  YcTestCatalog builder;
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  gconstpointer data;
  gsize size;

  yc_test_catalog_init (&builder);
  for (guint i = 0; departments[i] != NULL; i++)
    {
      g_autofree char *code = g_strdup_printf ("test-%s-item", departments[i]);
      YcItem *item;
      YcScenario *scenario;

      yc_test_catalog_department (&builder, departments[i], departments[i], departments[i]);
      item = yc_test_catalog_item (&builder, code, "Test item", departments[i], YC_AUDIENCE_ALL, "");
      item->legal_basis = g_strdup ("《测试条例》");
      scenario = g_ptr_array_index (item->scenarios, 0);
      g_ptr_array_add (scenario->materials,
                       test_material ("id-card", "身份证", YC_MATERIAL_FORM_ORIGINAL, FALSE, FALSE));
      if (i == 0)
        {
          item = yc_test_catalog_item (&builder, YC_TEST_PLEDGE_ITEM, "Test pledge item",
                                       departments[i], YC_AUDIENCE_ALL, "");
          item->legal_basis = g_strdup ("《测试条例》");
          scenario = g_ptr_array_index (item->scenarios, 0);
          g_ptr_array_add (scenario->materials,
                           test_material ("id-card", "身份证", YC_MATERIAL_FORM_ORIGINAL, FALSE, FALSE));
          g_ptr_array_add (scenario->materials,
                           test_material ("certificate", "无犯罪记录证明", YC_MATERIAL_FORM_COPY, FALSE, TRUE));
          g_ptr_array_add (scenario->materials,
                           test_material ("photo", "场所照片", YC_MATERIAL_FORM_ELECTRONIC, TRUE, FALSE));
        }
    }
  catalog = yc_catalog_new_take (g_strdup ("test-0"), g_strdup ("测试目录"),
                                 g_steal_pointer (&builder.departments),
                                 g_steal_pointer (&builder.items),
                                 g_steal_pointer (&builder.bundles));
  bytes = yc_catalog_to_bytes (catalog);
  loaded = yc_catalog_load_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  etag = g_strdup_printf ("\"%.32s\"", hash);
  data = g_bytes_get_data (bytes, &size);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO catalogs (version, etag, bytes, imported_at)"
                                           " VALUES ('test-0', ?1, ?2, 0)", -1, &s, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (s, 1, etag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (s, 2, data, size, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_DONE);
  sqlite3_finalize (s);
  sqlite3_close (db);
}

static void
seed (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *catalog_path = NULL;

  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  catalog_path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog", "catalog.json", NULL);
  file = g_file_new_for_path (catalog_path);
  catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);

  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (backoffice, &error);
  g_assert_no_error (error);
  yc_backoffice_catalog_import (backoffice, catalog, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (seeded_users); i++)
    {
      g_autofree char *password = g_strconcat (seeded_users[i].username, "-pw", NULL);

      yc_backoffice_user_add (backoffice, seeded_users[i].username, seeded_users[i].username,
                              seeded_users[i].role, seeded_users[i].hall,
                              seeded_users[i].departments[0] != NULL ? seeded_users[i].departments : NULL,
                              password, &error);
      g_assert_no_error (error);
    }

  yc_backoffice_window_enroll (backoffice, YC_TEST_HALL_A, "W01", "test window", &error);
  g_assert_no_error (error);
  yc_backoffice_window_enroll (backoffice, YC_TEST_HALL_B, "W01", "test window", &error);
  g_assert_no_error (error);
  yc_test_server_store_test_catalog (data_dir);
}

YcTestServer *
yc_test_server_new (void)
{
  YcTestServer *self = g_new0 (YcTestServer, 1);
  g_autoptr(GError) error = NULL;

  self->data_dir = g_dir_make_tmp ("yc-api-XXXXXX", &error);
  g_assert_no_error (error);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->session = soup_session_new_with_options ("timeout", CALL_TIMEOUT_SECONDS,
                                                 "max-conns-per-host", 16,
                                                 NULL);
  seed (self->data_dir);
  return self;
}

typedef struct {
  char     *line;
  gboolean  done;
} LineRead;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static gboolean
parse_listening (YcTestServer *self,
                 const char   *line)
{
  g_autoptr(GRegex) regex = g_regex_new ("^listening on (https?)://(.+):([0-9]+)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;

  if (!g_regex_match (regex, line, 0, &match))
    return FALSE;

  scheme = g_match_info_fetch (match, 1);
  host = g_match_info_fetch (match, 2);
  port = g_match_info_fetch (match, 3);
  self->port = (guint) g_ascii_strtoull (port, NULL, 10);
  g_free (self->scheme);
  self->scheme = g_strdup (scheme);
  g_free (self->base_url);
  /* A wildcard bind is reached through loopback. */
  if (g_str_equal (host, "0.0.0.0") || g_str_equal (host, "[::]"))
    self->base_url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, self->port);
  else
    self->base_url = g_strdup_printf ("%s://%s:%u", scheme, host, self->port);
  return TRUE;
}

/* A test that fails an assertion aborts without its teardown: the server must not outlive it
 * (meson would wait for the pipes it inherited). */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

gboolean
yc_test_server_start_full (YcTestServer       *self,
                           const char * const *serve_args,
                           const char * const *env,
                           int                *out_exit_status,
                           char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gboolean capture_stderr = out_stderr != NULL;

  g_assert_null (self->process);
  g_hash_table_remove_all (self->tokens);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (capture_stderr ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  /* The allocator the service runs with (docs/deploy.md), unless the caller's environment
   * says otherwise: malloc rather than GLib 2.74's slice allocator. */
  g_subprocess_launcher_setenv (launcher, "G_SLICE", "always-malloc", FALSE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  g_ptr_array_add (argv, (gpointer) yc_test_server_get_executable ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  g_ptr_array_add (argv, (gpointer) "serve");
  if (serve_args != NULL)
    {
      for (guint i = 0; serve_args[i] != NULL; i++)
        g_ptr_array_add (argv, (gpointer) serve_args[i]);
    }
  else
    {
      g_ptr_array_add (argv, (gpointer) "--listen");
      g_ptr_array_add (argv, (gpointer) "127.0.0.1");
      g_ptr_array_add (argv, (gpointer) "--port");
      g_ptr_array_add (argv, (gpointer) "0");
    }
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  for (;;)
    {
      LineRead read = { NULL, FALSE };

      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, &read);
      yc_test_wait_for (&read.done, START_TIMEOUT_SECONDS);
      if (read.line == NULL)
        break;
      g_test_message ("server: %s", read.line);
      if (parse_listening (self, read.line))
        {
          g_free (read.line);
          return TRUE;
        }
      g_free (read.line);
    }

  /* stdout closed before the line: the process is exiting. */
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  if (out_exit_status != NULL)
    *out_exit_status = g_subprocess_get_if_exited (self->process)
                       ? g_subprocess_get_exit_status (self->process) : -1;
  if (capture_stderr)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();

      g_output_stream_splice (sink, g_subprocess_get_stderr_pipe (self->process),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
      g_assert_no_error (error);
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      *out_stderr = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  g_clear_object (&self->process);
  return FALSE;
}

void
yc_test_server_start (YcTestServer       *self,
                      const char * const *env)
{
  g_assert_true (yc_test_server_start_full (self, NULL, env, NULL, NULL));
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
wait_process (YcTestServer *self)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
  yc_test_wait_for (&done, START_TIMEOUT_SECONDS);
}

void
yc_test_server_stop (YcTestServer *self)
{
  if (self->process == NULL)
    return;

  /* Connections of the old process must not be reused for the next one. */
  soup_session_abort (self->session);
  g_subprocess_send_signal (self->process, SIGTERM);
  wait_process (self);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
  g_clear_object (&self->process);
}

int
yc_test_server_wait_killed (YcTestServer *self)
{
  int signal_number = 0;

  g_assert_nonnull (self->process);
  soup_session_abort (self->session);
  wait_process (self);
  if (g_subprocess_get_if_signaled (self->process))
    signal_number = g_subprocess_get_term_sig (self->process);
  g_clear_object (&self->process);
  return signal_number;
}

void
yc_test_server_free (YcTestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      soup_session_abort (self->session);
      g_subprocess_send_signal (self->process, SIGKILL);
      wait_process (self);
      g_clear_object (&self->process);
    }
  if (g_getenv ("YC_TEST_KEEP_DATA") == NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", self->data_dir);
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->trusted);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_free (self->data_dir);
  g_free (self->scheme);
  g_free (self->base_url);
  g_free (self);
}

const char *
yc_test_server_get_data_dir (YcTestServer *self)
{
  return self->data_dir;
}

const char *
yc_test_server_get_base_url (YcTestServer *self)
{
  return self->base_url;
}

guint
yc_test_server_get_port (YcTestServer *self)
{
  return self->port;
}

SoupSession *
yc_test_server_get_session (YcTestServer *self)
{
  return self->session;
}

void
yc_test_server_trust (YcTestServer    *self,
                      GTlsCertificate *certificate)
{
  g_set_object (&self->trusted, certificate);
}

/* HTTP */

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTlsCertificate *trusted = user_data;

  return g_tls_certificate_is_same (peer, trusted);
}

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  YcTestCall *call = user_data;
  YcTestResponse *response = g_new0 (YcTestResponse, 1);
  const char *type;

  response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &response->error);
  response->status = response->error == NULL ? soup_message_get_status (call->msg) : 0;
  response->tls_version = soup_message_get_tls_protocol_version (call->msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (call->msg));
  type = soup_message_headers_get_content_type (response->headers, NULL);
  if (response->body != NULL && g_bytes_get_size (response->body) > 0 &&
      g_strcmp0 (type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                  (gssize) g_bytes_get_size (response->body), &error);
      g_assert_no_error (error);
      response->json = json_node_ref (json_parser_get_root (parser));
    }

  call->response = response;
  call->done = TRUE;
}

YcTestCall *
yc_test_server_begin (YcTestServer       *self,
                      const char         *method,
                      const char         *path,
                      const char         *token,
                      const char         *content_type,
                      GBytes             *body,
                      const char * const *headers)
{
  YcTestCall *call = g_new0 (YcTestCall, 1);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessageHeaders *request_headers;

  call->msg = soup_message_new (method, url);
  g_assert_nonnull (call->msg);
  request_headers = soup_message_get_request_headers (call->msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, content_type, body);
  if (self->trusted != NULL)
    g_signal_connect_data (call->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                           g_object_ref (self->trusted), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT, NULL,
                                    call_done_cb, call);
  return call;
}

YcTestResponse *
yc_test_call_wait (YcTestCall *call)
{
  YcTestResponse *response;

  yc_test_wait_for (&call->done, CALL_TIMEOUT_SECONDS + 5);
  response = g_steal_pointer (&call->response);
  g_object_unref (call->msg);
  g_free (call);
  return response;
}

YcTestResponse *
yc_test_server_request (YcTestServer       *self,
                        const char         *method,
                        const char         *path,
                        const char         *token,
                        const char         *content_type,
                        GBytes             *body,
                        const char * const *headers)
{
  return yc_test_call_wait (yc_test_server_begin (self, method, path, token, content_type, body, headers));
}

YcTestResponse *
yc_test_server_get (YcTestServer *self,
                    const char   *path,
                    const char   *token)
{
  return yc_test_server_request (self, "GET", path, token, NULL, NULL, NULL);
}

YcTestResponse *
yc_test_server_post_json (YcTestServer       *self,
                          const char         *path,
                          const char         *token,
                          const char         *json,
                          const char * const *headers)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return yc_test_server_request (self, "POST", path, token, "application/json", body, headers);
}

const char *
yc_test_server_token (YcTestServer *self,
                      const char   *username)
{
  g_autoptr(YcTestResponse) response = NULL;
  g_autofree char *json = NULL;
  const char *token;

  token = g_hash_table_lookup (self->tokens, username);
  if (token != NULL)
    return token;

  json = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s-pw\"}", username, username);
  response = yc_test_server_post_json (self, "/api/v1/sessions", NULL, json, NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 201);
  token = json_object_get_string_member (yc_test_response_object (response), "token");
  g_assert_nonnull (token);
  g_hash_table_insert (self->tokens, g_strdup (username), g_strdup (token));
  return g_hash_table_lookup (self->tokens, username);
}

void
yc_test_server_forget_token (YcTestServer *self,
                             const char   *username)
{
  g_hash_table_remove (self->tokens, username);
}

void
yc_test_response_free (YcTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_error (&response->error);
  g_free (response);
}

const char *
yc_test_response_header (YcTestResponse *response,
                         const char     *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

JsonObject *
yc_test_response_object (YcTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

const char *
yc_test_response_code (YcTestResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (response->json), "code", NULL);
}

const char *
yc_test_response_field (YcTestResponse *response)
{
  JsonObject *object;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  object = json_node_get_object (response->json);
  if (!json_object_has_member (object, "field") || json_object_get_null_member (object, "field"))
    return NULL;
  return json_object_get_string_member (object, "field");
}

char *
yc_test_sha256_hex (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

char *
yc_test_uuid (void)
{
  return g_uuid_string_random ();
}

JsonNode *
yc_test_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

JsonNode *
yc_test_case_document (const char *uuid,
                       const char *hall,
                       const char *clerk,
                       const char *department)
{
  static guint sequence;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *number = NULL;
  g_autofree char *accepted_at = g_date_time_format_iso8601 (now);
  g_autofree char *day = g_date_time_format (now, "%Y%m%d");
  g_autofree char *item = g_strdup_printf ("test-%s-item", department);

  number = g_strdup_printf ("%s-W01-%s-%04u", hall, day, ++sequence);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, number);
  json_builder_set_member_name (builder, "hall");
  json_builder_add_string_value (builder, hall);
  json_builder_set_member_name (builder, "window");
  json_builder_add_string_value (builder, "W01");
  json_builder_set_member_name (builder, "clerk");
  json_builder_add_string_value (builder, clerk);
  json_builder_set_member_name (builder, "catalog_version");
  json_builder_add_string_value (builder, "test-0");

  json_builder_set_member_name (builder, "subject");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "item");
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, item);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Test item");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "item");
  json_builder_add_string_value (builder, item);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, "default");
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, department);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "person");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "张三");
  json_builder_set_member_name (builder, "id_number");
  json_builder_add_string_value (builder, "11010519491231002X");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, "accept");
  json_builder_set_member_name (builder, "accepted_at");
  json_builder_add_string_value (builder, accepted_at);
  json_builder_set_member_name (builder, "committed_days");
  json_builder_add_int_value (builder, 5);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "id-card");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "身份证");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, "provided");
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
yc_test_op (const char *kind,
            const char *case_uuid,
            gint64      base_version,
            JsonNode   *payload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *created_at = g_date_time_format_iso8601 (now);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op_id");
  json_builder_add_string_value (builder, op_id);
  json_builder_set_member_name (builder, "case_uuid");
  json_builder_add_string_value (builder, case_uuid);
  json_builder_set_member_name (builder, "base_version");
  json_builder_add_int_value (builder, base_version);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_value (builder, payload);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
yc_test_batch (const char *batch_id,
               JsonNode   *first_op,
               ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *op;
  va_list args;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  va_start (args, first_op);
  for (op = first_op; op != NULL; op = va_arg (args, JsonNode *))
    json_builder_add_value (builder, op);
  va_end (args);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

YcTestCall *
yc_test_server_begin_push (YcTestServer *self,
                           const char   *token,
                           const char   *key,
                           const char   *batch_json)
{
  g_autoptr(GBytes) body = g_bytes_new (batch_json, strlen (batch_json));
  const char * const headers[] = { "Idempotency-Key", key, NULL };

  return yc_test_server_begin (self, "POST", "/api/v1/sync/push", token, "application/json", body,
                               key != NULL ? headers : NULL);
}

YcTestResponse *
yc_test_server_push (YcTestServer *self,
                     const char   *token,
                     const char   *key,
                     const char   *batch_json)
{
  return yc_test_call_wait (yc_test_server_begin_push (self, token, key, batch_json));
}
