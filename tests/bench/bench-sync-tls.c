/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Sync benchmark over TLS (issue 6): a counter window's store holds 1,000 accepted cases,
 * each with 3 scans of 300 KB (random bytes behind a JPEG header, all distinct: nothing is
 * deduplicated), and the real YcSyncEngine sends them — uploads, the pushes alongside, then
 * the change feed — to the real `yichuang-backoffice serve` process (its path is the first argument) listening with
 * TLS on 127.0.0.1.  The certificate is self-signed, made by certtool at run time, and the
 * client trusts it the way an enrolled counter does: its path is in the store's meta table
 * (backoffice_certificate) and the client pins exactly that certificate.
 *
 * In the same run nginx (Debian's nginx-light, installed by build-aux/install-deps.sh)
 * listens with TLS and the same certificate on another loopback port, configured from a
 * generated nginx.conf in the temporary directory (its pid, logs and temp paths there), and
 * one curl process PUTs the same 3,000 files to it (the dav module, keep-alive, as many
 * transfers in flight as the engine keeps).  Printed: bytes, seconds, MB/s of both, the
 * ratio, the target (≥ 0.5× nginx's throughput) and whether it is met, the CPU time of
 * each server and client (and per file), and when the uploads, the pushes and the pull
 * ended, from the back office's access log.  Timings are never asserted; wrong answers are failures: an op
 * not accepted, a blob missing on the back office, a file nginx did not store, a server
 * that does not stop cleanly.
 *
 * What differs, by design: the back office verifies every chunk's and every file's SHA-256
 * and fsyncs each file (and the database) before it answers; nginx writes into the page
 * cache and answers.
 *
 * The directory is the current one (the build tree, a real disk) unless YC_BENCH_DIR names
 * another; /tmp may be a tmpfs where fsync costs nothing.  YC_BENCH_CASES changes the
 * number of cases (for a quick try).
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "yc-backoffice.h"
#include "yc-case-builder.h"
#include "yc-store-meta.h"
#include "yc-sync-engine.h"

#define N_CASES           1000
#define SCANS_PER_CASE    3
#define SCAN_SIZE         (300 * 1024)
#define HALL              "JB01"
#define WINDOW            "W01"
#define CLERK             "bench-clerk"
#define PASSWORD          "bench-clerk-password"
#define ITEM              "SCJG-XK-002"
#define USCC              "91350100M000100Y43"
#define SYNC_TIMEOUT_S    600
#define TARGET_RATIO      0.5

/* The same number of transfers in flight on both sides: what the engine keeps. */
#define CURL_PARALLEL     YC_SYNC_ENGINE_UPLOADS_IN_FLIGHT

typedef struct {
  YcSyncEngine *engine;
  gboolean      done;
  gboolean      failed_round;
  guint         rounds;
} Sync;

/* The benchmark's children must not outlive it when it fails half-way. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A self-signed certificate for 127.0.0.1, for both servers. */
static void
make_certificate (const char *dir,
                  char      **out_cert,
                  char      **out_key)
{
  g_autofree char *template_path = g_build_filename (dir, "cert.cfg", NULL);
  g_autoptr(GError) error = NULL;
  const char *template =
    "organization = \"Yichuang benchmark\"\n"
    "cn = \"127.0.0.1\"\n"
    "ip_address = \"127.0.0.1\"\n"
    "expiration_days = 2\n"
    "tls_www_server\n"
    "signing_key\n"
    "encryption_key\n";

  *out_cert = g_build_filename (dir, "cert.pem", NULL);
  *out_key = g_build_filename (dir, "key.pem", NULL);
  if (!g_file_set_contents (template_path, template, -1, &error))
    g_error ("%s", error->message);
  run_tool ((const char * const []) { "certtool", "--generate-privkey", "--key-type=ecdsa",
                                      "--outfile", *out_key, NULL });
  run_tool ((const char * const []) { "certtool", "--generate-self-signed", "--load-privkey",
                                      *out_key, "--template", template_path, "--outfile",
                                      *out_cert, NULL });
}

/* The back office's data directory: the shipped catalog, the window and its clerk. */
static void
seed_backoffice (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = yc_calendar_new_default (&error);
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autofree char *catalog_path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog",
                                                    "catalog.json", NULL);
  g_autoptr(GFile) manifest = g_file_new_for_path (catalog_path);

  g_assert_no_error (error);
  backoffice = yc_backoffice_open (data_dir, calendar, &error);
  g_assert_no_error (error);
  yc_backoffice_initialize (backoffice, &error);
  g_assert_no_error (error);
  catalog = yc_catalog_load_file (manifest, &error);
  g_assert_no_error (error);
  yc_backoffice_catalog_import (backoffice, catalog, &error);
  g_assert_no_error (error);
  yc_backoffice_window_enroll (backoffice, HALL, WINDOW, NULL, &error);
  g_assert_no_error (error);
  yc_backoffice_user_add (backoffice, CLERK, CLERK, YC_ROLE_CLERK, HALL, NULL, PASSWORD, &error);
  g_assert_no_error (error);
}

/* Starts `yichuang-backoffice serve` with TLS on a free loopback port; returns its URL. */
static GSubprocess *
start_backoffice (const char  *executable,
                  const char  *data_dir,
                  const char  *cert,
                  const char  *key,
                  const char  *log_path,
                  char       **out_url)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) stdout_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  /* Its access log is not what is measured: into a file, shown on failure. */
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, executable, "--config", "/dev/null",
                                         "--data-dir", data_dir, "serve", "--listen", "127.0.0.1",
                                         "--port", "0", "--tls-cert", cert, "--tls-key", key,
                                         NULL);
  g_assert_no_error (error);

  stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (stdout_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on https://"))
    g_error ("the back office did not start with TLS (its first line: %s)",
             line != NULL ? line : "none");
  *out_url = g_strdup (line + strlen ("listening on "));
  return process;
}

/* A scan as a scanner's JPEG would be for the network: incompressible, all different. */
static GBytes *
make_scan (GRand *rand)
{
  static const guint8 header[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00 };
  guint8 *data = g_malloc (SCAN_SIZE);

  for (gsize i = 0; i + 4 <= SCAN_SIZE; i += 4)
    {
      guint32 word = g_rand_int (rand);
      memcpy (data + i, &word, 4);
    }
  memcpy (data, header, sizeof header);
  data[SCAN_SIZE - 2] = 0xff;
  data[SCAN_SIZE - 1] = 0xd9;
  return g_bytes_new_take (data, SCAN_SIZE);
}

/* One case of ITEM as the counter accepts it, with SCANS_PER_CASE scans put in the store
 * first; the scans' SHA-256 go to @shas. */
static void
accept_case (YcStore    *store,
             YcCatalog  *catalog,
             YcCalendar *calendar,
             GRand      *rand,
             GPtrArray  *shas)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const YcItem *item = yc_catalog_lookup_item (catalog, ITEM);
  g_autoptr(YcMergedList) subject = NULL;
  g_autoptr(YcRulesInput) input = NULL;
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(YcCase) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  YcApplicant standing = { YC_APPLICANT_ENTERPRISE, FALSE, FALSE, FALSE };
  YcCaseIntake intake = { 0 };
  YcCaseScan scans[SCANS_PER_CASE] = { { 0 } };
  int year, month, day;
  GDate date;

  g_assert_nonnull (item);
  subject = yc_merged_list_new_for_item (catalog, item, g_ptr_array_index (item->scenarios, 0));
  g_assert_cmpuint (yc_merged_list_get_n_materials (subject), >=, SCANS_PER_CASE);
  input = yc_rules_input_new (subject);
  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  yc_rules_input_set_applicant (input, &standing);
  yc_rules_input_set_acceptance_date (input, &date);
  for (guint i = 0; i < yc_merged_list_get_n_materials (subject); i++)
    {
      const YcMergedMaterial *merged = yc_merged_list_get_material (subject, i);

      if (merged->required)
        yc_rules_input_set_provided (input, merged->material->code, TRUE, merged->copies);
    }
  result = yc_rules_evaluate (input, calendar);

  for (guint i = 0; i < SCANS_PER_CASE; i++)
    {
      g_autoptr(GBytes) bytes = make_scan (rand);
      char *sha256 = yc_store_put_blob (store, bytes, "image/jpeg", &error);

      g_assert_no_error (error);
      g_ptr_array_add (shas, sha256);
      scans[i].material = yc_merged_list_get_material (subject, i)->material->code;
      scans[i].blob_sha256 = sha256;
      scans[i].pages = 1;
    }

  json_parser_load_from_data (parser, "{\"kind\": \"enterprise\", \"name\": \"江滨示范有限公司\", "
                                      "\"id_number\": \"" USCC "\"}", -1, &error);
  g_assert_no_error (error);
  intake.uuid = uuid;
  intake.hall = HALL;
  intake.window = WINDOW;
  intake.clerk = CLERK;
  intake.applicant = json_node_get_object (json_parser_get_root (parser));
  intake.scans = scans;
  intake.n_scans = SCANS_PER_CASE;
  intake.accepted_at = now;
  c = yc_case_build_accepted (result, YC_DECISION_ACCEPT, &intake, calendar, &error);
  g_assert_no_error (error);
  yc_store_accept_case (store, c, &error);
  g_assert_no_error (error);
}

/* The client as the counter application makes it after enrolment: the address and the
 * certificate file from the store's meta table, that certificate pinned. */
static YcBackofficeClient *
client_from_enrolment (YcStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_URL, &error);
  g_autofree char *cert_path = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  YcBackofficeClient *client;

  g_assert_no_error (error);
  cert_path = yc_store_get_meta (store, YC_STORE_META_BACKOFFICE_CERTIFICATE, &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  client = yc_backoffice_client_new (url, certificate, &error);
  g_assert_no_error (error);
  /* A 300 KB chunk over loopback takes milliseconds; the default deadline stays. */
  return client;
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
sign_in (YcSessionManager *sessions)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_session_manager_sign_in_async (sessions, CLERK, PASSWORD, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  yc_session_manager_sign_in_finish (sessions, result, &error);
  g_assert_no_error (error);
  g_assert_true (yc_session_manager_is_online (sessions));
}

static void
round_finished_cb (YcSyncEngine *engine,
                   gboolean      ok,
                   Sync         *sync)
{
  sync->rounds++;
  if (!ok)
    {
      /* Nothing here is meant to fail: a failed round is reported, and counted. */
      g_printerr ("a sync round failed: %s\n", yc_sync_engine_get_last_error (engine));
      sync->failed_round = TRUE;
    }
  if (ok && yc_sync_engine_get_pending (engine) == 0)
    sync->done = TRUE;
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* CPU seconds of this process (RUSAGE_SELF: the engine, the store's writer, libsoup) or of
 * its children waited for (RUSAGE_CHILDREN: curl). */
static double
cpu_of (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds of a running process, from /proc/PID/stat (proc(5): utime 14, stime 15). */
static double
cpu_of_process (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL)
      || (after_name = strrchr (text, ')')) == NULL)
    return 0.0;
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0.0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

/* Counts the regular files under @path and their bytes. */
static void
count_files (const char *path,
             guint      *n_files,
             guint64    *n_bytes)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_stat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        count_files (child, n_files, n_bytes);
      else if (S_ISREG (st.st_mode))
        {
          (*n_files)++;
          *n_bytes += st.st_size;
        }
    }
}

/* A loopback port nobody listens on now (nginx binds it a moment later). */
static guint
free_port (void)
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint port;

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || bind (fd, (struct sockaddr *) &address, sizeof address) != 0
      || getsockname (fd, (struct sockaddr *) &address, &length) != 0)
    g_error ("no free loopback port: %s", g_strerror (errno));
  port = ntohs (address.sin_port);
  close (fd);
  return port;
}

static gboolean
port_open (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

/* nginx as a user runs it: everything it writes inside @dir, TLS with the same certificate,
 * PUT (the dav module) into @dir/nginx/www. */
static GSubprocess *
start_nginx (const char *dir,
             const char *cert,
             const char *key,
             guint       port)
{
  g_autofree char *root = g_build_filename (dir, "nginx", NULL);
  g_autofree char *www = g_build_filename (root, "www", NULL);
  g_autofree char *temp = g_build_filename (root, "temp", NULL);
  g_autofree char *conf_path = g_build_filename (root, "nginx.conf", NULL);
  g_autofree char *log_path = g_build_filename (root, "error.log", NULL);
  g_autofree char *conf = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_mkdir_with_parents (www, 0700);
  g_mkdir_with_parents (temp, 0700);
  conf = g_strdup_printf (
    "daemon off;\n"
    "master_process off;\n"
    "worker_processes 1;\n"
    "pid %s/nginx.pid;\n"
    "error_log %s warn;\n"
    "events { worker_connections 256; }\n"
    "http {\n"
    "  access_log off;\n"
    "  client_body_temp_path %s;\n"
    "  proxy_temp_path %s;\n"
    "  fastcgi_temp_path %s;\n"
    "  uwsgi_temp_path %s;\n"
    "  scgi_temp_path %s;\n"
    "  server {\n"
    "    listen 127.0.0.1:%u ssl;\n"
    "    ssl_certificate %s;\n"
    "    ssl_certificate_key %s;\n"
    "    ssl_protocols TLSv1.2 TLSv1.3;\n"
    "    keepalive_requests 100000;\n"
    "    client_max_body_size 16m;\n"
    "    root %s;\n"
    "    location /uploads/ { dav_methods PUT; create_full_put_path on; }\n"
    "  }\n"
    "}\n",
    root, log_path, temp, temp, temp, temp, temp, port, cert, key, www);
  if (!g_file_set_contents (conf_path, conf, -1, &error))
    g_error ("%s", error->message);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, "nginx", "-p", root, "-c", conf_path,
                                         "-e", log_path, NULL);
  if (process == NULL)
    g_error ("nginx: %s", error->message);

  for (guint i = 0; i < 100 && !port_open (port); i++)
    g_usleep (50 * 1000);
  if (!port_open (port))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_error ("nginx did not start on port %u: %s", port, log != NULL ? log : "");
    }
  return process;
}

/* One curl process PUTs every file (a config file of upload-file/url pairs), keep-alive,
 * CURL_PARALLEL transfers at a time.  Returns the seconds it took; the status of each
 * transfer must be 201 Created. */
static double
run_curl (const char *dir,
          const char *cert,
          guint       port,
          GPtrArray  *paths,
          double     *out_cpu_s)
{
  g_autofree char *config_path = g_build_filename (dir, "curl.cfg", NULL);
  g_autofree char *parallel = g_strdup_printf ("%u", (guint) CURL_PARALLEL);
  g_autoptr(GString) config = g_string_new (NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) codes = NULL;
  guint created = 0;
  double cpu_before;
  gint64 start;
  double seconds;

  for (guint i = 0; i < paths->len; i++)
    g_string_append_printf (config, "upload-file = \"%s\"\nurl = \"https://127.0.0.1:%u/uploads/%u.jpg\"\n",
                            (const char *) g_ptr_array_index (paths, i), port, i);
  if (!g_file_set_contents (config_path, config->str, config->len, &error))
    g_error ("%s", error->message);

  g_ptr_array_add (argv, (gpointer) "curl");
  g_ptr_array_add (argv, (gpointer) "--silent");
  g_ptr_array_add (argv, (gpointer) "--show-error");
  g_ptr_array_add (argv, (gpointer) "--cacert");
  g_ptr_array_add (argv, (gpointer) cert);
  g_ptr_array_add (argv, (gpointer) "--output");
  g_ptr_array_add (argv, (gpointer) "/dev/null");
  g_ptr_array_add (argv, (gpointer) "--write-out");
  g_ptr_array_add (argv, (gpointer) "%{http_code}\\n");
  if (CURL_PARALLEL > 1)
    {
      g_ptr_array_add (argv, (gpointer) "--parallel");
      g_ptr_array_add (argv, (gpointer) "--parallel-max");
      g_ptr_array_add (argv, parallel);
    }
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, config_path);
  g_ptr_array_add (argv, NULL);

  cpu_before = cpu_of (RUSAGE_CHILDREN);
  start = g_get_monotonic_time ();
  curl = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (curl == NULL)
    g_error ("curl: %s", error->message);
  if (!g_subprocess_communicate_utf8 (curl, NULL, NULL, &out, &err, &error))
    g_error ("curl: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND;
  /* Waited for: its CPU time is now in this process's children's. */
  *out_cpu_s = cpu_of (RUSAGE_CHILDREN) - cpu_before;

  codes = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_equal (codes[i], "201"))
      created++;
  if (!g_subprocess_get_if_exited (curl) || g_subprocess_get_exit_status (curl) != 0
      || created != paths->len)
    g_error ("curl stored %u of %u files (exit %d): %s", created, paths->len,
             g_subprocess_get_if_exited (curl) ? g_subprocess_get_exit_status (curl) : -1,
             err != NULL ? err : "");
  return seconds;
}

/* What the back office's access log says of the run.  The engine's progress cannot say
 * when the uploads ended (pushed ops raise it too, and 9 of the 10 pushes go while files are
 * still being sent): each line of the log is written when an answer has gone out, with the
 * wall-clock time to the millisecond and the request's duration
 * ("yc-http-INFO: 08:40:42.123: POST /api/v1/uploads 201 12.3 ms"). */
typedef struct {
  guint  n_uploads;
  double uploads_end;     /* seconds after the start: the last upload answered */
  guint  n_pushes;
  guint  pushes_after;    /* pushes that began after the last upload was answered */
  double pushes_end;
  guint  n_pages;         /* change-feed pages: the pull that ends the round */
  double pull_start;
  double pull_end;
} Timeline;

static void
read_timeline (const char *log_path,
               GDateTime  *start,
               Timeline   *timeline)
{
  double start_s = g_date_time_get_hour (start) * 3600.0 + g_date_time_get_minute (start) * 60.0
                   + g_date_time_get_seconds (start);
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) push_starts = g_array_new (FALSE, FALSE, sizeof (double));

  memset (timeline, 0, sizeof *timeline);
  if (!g_file_get_contents (log_path, &log, NULL, NULL))
    return;
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *info = strstr (lines[i], "INFO: ");
      char method[8], path[64];
      guint hour, minute, second, milli, status;
      double ms, end, begin;

      if (info == NULL
          || sscanf (info, "INFO: %u:%u:%u.%u: %7s %63s %u %lf ms", &hour, &minute, &second,
                     &milli, method, path, &status, &ms) != 8)
        continue;
      end = hour * 3600.0 + minute * 60.0 + second + milli / 1000.0 - start_s;
      if (end < -3600.0)
        end += 24 * 3600.0;   /* past midnight */
      if (end < 0)
        continue;             /* signing in, before the clock started */
      begin = end - ms / 1000.0;
      if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/uploads"))
        {
          timeline->n_uploads++;
          timeline->uploads_end = MAX (timeline->uploads_end, end);
        }
      else if (g_str_equal (method, "PATCH") && g_str_has_prefix (path, "/api/v1/uploads/"))
        timeline->uploads_end = MAX (timeline->uploads_end, end);
      else if (g_str_equal (method, "POST") && g_str_equal (path, "/api/v1/sync/push"))
        {
          timeline->n_pushes++;
          timeline->pushes_end = MAX (timeline->pushes_end, end);
          g_array_append_val (push_starts, begin);
        }
      else if (g_str_equal (method, "GET") && g_str_equal (path, "/api/v1/sync/changes"))
        {
          if (timeline->n_pages++ == 0)
            timeline->pull_start = begin;
          timeline->pull_end = MAX (timeline->pull_end, end);
        }
    }
  for (guint i = 0; i < push_starts->len; i++)
    if (g_array_index (push_starts, double, i) >= timeline->uploads_end)
      timeline->pushes_after++;
}

static void
print_server_log (const char *log_path)
{
  g_autofree char *log = NULL;

  if (g_file_get_contents (log_path, &log, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
      guint n = g_strv_length (lines);

      g_printerr ("back office log (last lines):\n");
      for (guint i = n > 15 ? n - 15 : 0; i < n; i++)
        g_printerr ("  %s\n", lines[i]);
    }
}

/* The machine may be shared: its load goes with the figures. */
static const char *
load_average (void)
{
  static char text[64];
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "unknown";
  fields = g_strsplit (contents, " ", 4);
  if (g_strv_length (fields) < 3)
    return "unknown";
  g_snprintf (text, sizeof text, "%s %s %s", fields[0], fields[1], fields[2]);
  return text;
}

static gboolean
tool_missing (const char *tool)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path != NULL)
    return FALSE;
  printf ("# %s is not installed (build-aux/install-deps.sh, `make deps`, installs it): "
          "benchmark skipped\n", tool);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *executable = argc > 1 ? argv[1] : g_getenv ("YC_BACKOFFICE_EXE");
  const char *base = g_getenv ("YC_BENCH_DIR");
  const char *cases_env = g_getenv ("YC_BENCH_CASES");
  guint n_cases = cases_env != NULL ? (guint) g_ascii_strtoull (cases_env, NULL, 10) : N_CASES;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *blobs_dir = NULL;
  g_autofree char *nginx_www = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocess) nginx = NULL;
  g_autoptr(YcStore) store = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcBackofficeClient) client = NULL;
  g_autoptr(YcSessionManager) sessions = NULL;
  g_autoptr(GPtrArray) shas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GFile) catalog_file = NULL;
  g_autofree char *catalog_path = NULL;
  g_autoptr(GError) error = NULL;
  Sync sync = { 0 };
  const char *server_pid;
  guint64 scan_bytes, blob_bytes = 0, nginx_bytes = 0;
  guint n_blobs = 0, n_nginx = 0, port;
  double self_before, server_before, sync_s, uploads_s, sync_cpu_self, sync_cpu_server;
  double nginx_before, nginx_s, curl_cpu, nginx_cpu, sync_mbps, nginx_mbps, ratio;
  g_autoptr(GDateTime) started_at = NULL;
  Timeline timeline;
  gint64 start;
  gboolean expired = FALSE, ok;

  if (executable == NULL)
    g_error ("give the path of yichuang-backoffice as the first argument");
  if (tool_missing ("certtool") || tool_missing ("nginx") || tool_missing ("curl"))
    return 77;
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      printf ("# no TLS backend (glib-networking): benchmark skipped\n");
      return 77;
    }

  dir = g_build_filename (base != NULL ? base : cwd, "bench-sync-tls-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    g_error ("cannot make %s", dir);
  data_dir = g_build_filename (dir, "backoffice", NULL);
  store_dir = g_build_filename (dir, "store", NULL);
  log_path = g_build_filename (dir, "backoffice.log", NULL);
  blobs_dir = g_build_filename (data_dir, "blobs", NULL);
  nginx_www = g_build_filename (dir, "nginx", "www", NULL);
  scan_bytes = (guint64) n_cases * SCANS_PER_CASE * SCAN_SIZE;

  printf ("# sync over TLS: %u cases × %d scans of %d KB (%.1f MB) in %s\n", n_cases,
          SCANS_PER_CASE, SCAN_SIZE / 1024, scan_bytes / 1e6, dir);
  fflush (stdout);

  make_certificate (dir, &cert, &key);
  seed_backoffice (data_dir);

  /* The window's store, enrolled as the enrolment dialog leaves it; its cases made before
   * the clock starts. */
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  catalog_path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog", "catalog.json", NULL);
  catalog_file = g_file_new_for_path (catalog_path);
  catalog = yc_catalog_load_file (catalog_file, &error);
  g_assert_no_error (error);
  store = yc_store_open (store_dir, &error);
  g_assert_no_error (error);
  yc_store_enroll_device (store, HALL, WINDOW, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_cases; i++)
    accept_case (store, catalog, calendar, rand, shas);
  for (guint i = 0; i < shas->len; i++)
    g_ptr_array_add (paths, yc_blob_store_get_path (yc_store_get_blob_store (store),
                                                    g_ptr_array_index (shas, i)));
  printf ("#   %u cases accepted into the window's store in %.1f s (not measured)\n", n_cases,
          (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND);
  fflush (stdout);

  server = start_backoffice (executable, data_dir, cert, key, log_path, &url);
  server_pid = g_subprocess_get_identifier (server);
  yc_store_set_meta (store, YC_STORE_META_BACKOFFICE_CERTIFICATE, cert, &error);
  g_assert_no_error (error);
  yc_store_set_meta (store, YC_STORE_META_BACKOFFICE_URL, url, &error);
  g_assert_no_error (error);

  client = client_from_enrolment (store);
  sessions = yc_session_manager_new (client, store);
  yc_session_manager_set_idle_lock_seconds (sessions, 0);
  sign_in (sessions);

  /* The engine as the counter runs it, without its timers: one kick, rounds until the
   * outbox is empty. */
  sync.engine = yc_sync_engine_new (sessions, store, calendar);
  yc_sync_engine_set_intervals (sync.engine, 0, 0, 1);
  g_signal_connect (sync.engine, "round-finished", G_CALLBACK (round_finished_cb), &sync);

  self_before = cpu_of (RUSAGE_SELF);
  server_before = cpu_of_process (server_pid);
  start = g_get_monotonic_time ();
  started_at = g_date_time_new_now_local ();
  yc_sync_engine_start (sync.engine);
  yc_sync_engine_kick (sync.engine);
  g_timeout_add_seconds (SYNC_TIMEOUT_S, flag_cb, &expired);
  while (!sync.done && !expired)
    g_main_context_iteration (NULL, TRUE);
  sync_s = (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND;
  sync_cpu_self = cpu_of (RUSAGE_SELF) - self_before;
  sync_cpu_server = cpu_of_process (server_pid) - server_before;
  yc_sync_engine_stop (sync.engine);
  read_timeline (log_path, started_at, &timeline);
  uploads_s = timeline.n_uploads > 0 ? timeline.uploads_end : sync_s;

  count_files (blobs_dir, &n_blobs, &blob_bytes);
  /* blobs/partial/ is under blobs/: after a clean run it is empty. */
  ok = sync.done && yc_sync_engine_get_problems (sync.engine) == 0
       && n_blobs == shas->len && blob_bytes == scan_bytes;
  if (!ok)
    g_printerr ("the sync did not complete: done %d, pending %u, problems %u, %u of %u blobs "
                "(%" G_GUINT64_FORMAT " bytes) on the back office, last error: %s\n",
                sync.done, yc_sync_engine_get_pending (sync.engine),
                yc_sync_engine_get_problems (sync.engine), n_blobs, shas->len, blob_bytes,
                yc_sync_engine_get_last_error (sync.engine));

  /* nginx and curl: the same files, from the store's blob directory. */
  port = free_port ();
  nginx = start_nginx (dir, cert, key, port);
  nginx_before = cpu_of_process (g_subprocess_get_identifier (nginx));
  nginx_s = run_curl (dir, cert, port, paths, &curl_cpu);
  nginx_cpu = cpu_of_process (g_subprocess_get_identifier (nginx)) - nginx_before;
  count_files (nginx_www, &n_nginx, &nginx_bytes);
  if (n_nginx != paths->len || nginx_bytes != scan_bytes)
    {
      g_printerr ("nginx stored %u of %u files (%" G_GUINT64_FORMAT " bytes)\n", n_nginx,
                  paths->len, nginx_bytes);
      ok = FALSE;
    }
  g_subprocess_send_signal (nginx, SIGQUIT);
  g_subprocess_wait (nginx, NULL, NULL);

  sync_mbps = scan_bytes / 1e6 / sync_s;
  nginx_mbps = scan_bytes / 1e6 / nginx_s;
  ratio = sync_mbps / nginx_mbps;
  printf ("#   %-28s %10.1f MB  %7.2f s  %7.1f MB/s   CPU: client %.2f s, server %.2f s "
          "(%.2f and %.2f ms per file)   (uploads done after %.2f s, then %.2f s more; %u round%s)\n",
          "engine → back office (TLS)", scan_bytes / 1e6, sync_s, sync_mbps, sync_cpu_self,
          sync_cpu_server, sync_cpu_self * 1e3 / shas->len, sync_cpu_server * 1e3 / shas->len,
          uploads_s, sync_s - uploads_s, sync.rounds, sync.rounds == 1 ? "" : "s");
  if (timeline.n_uploads > 0)
    printf ("#   %-28s the last of %u uploads answered at %.2f s; %u of %u pushes (≤ %d ops) "
            "began after it, the last answered at %.2f s; the pull (%u page%s of the change "
            "feed) %.2f–%.2f s\n",
            "back office's log:", timeline.n_uploads, timeline.uploads_end, timeline.pushes_after,
            timeline.n_pushes, YC_SYNC_ENGINE_BATCH_SIZE, timeline.pushes_end, timeline.n_pages,
            timeline.n_pages == 1 ? "" : "s", timeline.pull_start, timeline.pull_end);
  printf ("#   %-28s %10.1f MB  %7.2f s  %7.1f MB/s   CPU: curl %.2f s, nginx %.2f s "
          "(%.2f and %.2f ms per file)   (%d transfer%s in flight, keep-alive)\n",
          "curl → nginx (TLS, PUT)", scan_bytes / 1e6, nginx_s, nginx_mbps, curl_cpu, nginx_cpu,
          curl_cpu * 1e3 / paths->len, nginx_cpu * 1e3 / paths->len,
          CURL_PARALLEL, CURL_PARALLEL == 1 ? "" : "s");
  printf ("#   ratio %.2f× nginx's throughput (target ≥ %.1f×: %s); %u cores, load average %s\n",
          ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met", g_get_num_processors (),
          load_average ());
  fflush (stdout);

  g_clear_object (&sync.engine);
  g_clear_object (&sessions);
  g_clear_object (&client);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (server) || g_subprocess_get_exit_status (server) != 0)
    ok = FALSE;
  if (!ok || sync.failed_round)
    print_server_log (log_path);

  g_clear_object (&store);
  remove_tree (dir);
  return ok ? 0 : 1;
}
