/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "yc-test-backoffice.h"

/* Uploads, tus-style: chunks, resume, offsets, checksums, limits, expiry, reading back. */

#define CASE_1 "8c3a7c2e-3f4d-4e5f-a061-7c8d9e0f1a01"

static GBytes *
content (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 31 + 7);
  return g_bytes_new_take (data, size);
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static JsonObject *
create (Fixture     *fixture,
        YcPrincipal *p,
        const char  *sha,
        gint64       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = yc_backoffice_upload_create (fixture->backoffice, p, sha, length, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static JsonNode *
append (Fixture     *fixture,
        YcPrincipal *p,
        const char  *id,
        GBytes      *whole,
        gsize        from,
        gsize        size,
        GError     **error)
{
  g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (whole, from, size);
  g_autofree char *chunk_sha = sha256_of (chunk);

  return yc_backoffice_upload_append (fixture->backoffice, p, id, from, chunk, chunk_sha, error);
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (300000);
  g_autofree char *sha = sha256_of (file);
  g_autoptr(JsonObject) upload = create (fixture, clerk, sha, 300000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(JsonNode) last = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autofree char *stored = NULL;
  const char *id = json_object_get_string_member (upload, "id");
  gsize length;

  g_assert_cmpint (json_object_get_int_member (upload, "offset"), ==, 0);
  g_assert_false (json_object_get_boolean_member (upload, "complete"));

  /* First chunk in; then the connection is cut and the server restarts. */
  json_node_unref (append (fixture, clerk, id, file, 0, 100000, &error));
  g_assert_no_error (error);
  fixture_reopen (fixture);

  /* The client asks where to resume. */
  status = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "offset"), ==, 100000);

  /* A chunk at the wrong offset: CONFLICT, nothing written. */
  g_assert_null (append (fixture, clerk, id, file, 0, 100000, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "offset");
  g_clear_error (&error);
  g_assert_null (append (fixture, clerk, id, file, 200000, 100000, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A damaged chunk: its checksum does not match, nothing written. */
  {
    g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (file, 100000, 100000);
    g_assert_null (yc_backoffice_upload_append (fixture->backoffice, clerk, id, 100000, chunk,
                                                "0000000000000000000000000000000000000000000000000000000000000000",
                                                &error));
    g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
    g_clear_error (&error);
  }

  json_node_unref (append (fixture, clerk, id, file, 100000, 100000, &error));
  g_assert_no_error (error);
  last = append (fixture, clerk, id, file, 200000, 100000, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (last), "complete"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (last), "offset"), ==, 300000);

  /* Stored under its hash, byte for byte. */
  blob = yc_backoffice_blob_file (fixture->backoffice, clerk, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (blob, NULL, &stored, &length, NULL, &error));
  g_assert_cmpmem (stored, length, g_bytes_get_data (file, NULL), g_bytes_get_size (file));

  /* Done is done. */
  g_assert_null (append (fixture, clerk, id, file, 300000, 0, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
}

static void
test_bad_checksum (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (1000);
  g_autoptr(GBytes) other = content (999);
  g_autofree char *sha = sha256_of (other);   /* announced: the hash of other content */
  g_autoptr(JsonObject) upload = create (fixture, clerk, sha, 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GFile) blob = NULL;
  const char *id = json_object_get_string_member (upload, "id");
  g_autofree char *path = NULL;

  g_assert_null (append (fixture, clerk, id, file, 0, 1000, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "sha256");
  g_clear_error (&error);

  /* Back to the start, and no blob of that name. */
  status = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "offset"), ==, 0);
  path = g_build_filename (fixture->dir, "blobs", sha, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  blob = yc_backoffice_blob_file (fixture->backoffice, clerk, sha, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (blob);
}

static void
test_existing_blob (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(YcPrincipal) uploader = fixture_principal ("c1");
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c2");
  g_autoptr(YcPrincipal) reviewer = fixture_principal ("rs");
  g_autoptr(JsonObject) upload = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GBytes) material = g_bytes_new_static (YC_TEST_MATERIAL_A, strlen (YC_TEST_MATERIAL_A));
  g_autofree char *forged_text = g_strdup (YC_TEST_MATERIAL_A);
  g_autoptr(GBytes) forged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GFile *file;

  /* The fixture's c1 uploaded material A already: complete at once for c1 … */
  upload = create (fixture, uploader, fixture->sha_a, strlen (YC_TEST_MATERIAL_A));
  g_assert_true (json_object_get_boolean_member (upload, "complete"));
  g_assert_cmpint (json_object_get_int_member (upload, "offset"), ==, strlen (YC_TEST_MATERIAL_A));

  /* … but for anyone else the answer is that of an unknown file (it does not disclose that
   * the blob exists), and that upload row grants nothing until the bytes are in. */
  other = create (fixture, clerk, fixture->sha_a, strlen (YC_TEST_MATERIAL_A));
  g_assert_false (json_object_get_boolean_member (other, "complete"));
  g_assert_cmpint (json_object_get_int_member (other, "offset"), ==, 0);
  file = yc_backoffice_blob_file (fixture->backoffice, clerk, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (file);
  g_clear_error (&error);

  /* Other bytes under that hash are refused by the whole-file check. */
  forged_text[0] = 'S';
  forged = g_bytes_new (forged_text, strlen (forged_text));
  g_assert_cmpuint (g_bytes_get_size (forged), ==, g_bytes_get_size (material));
  node = append (fixture, clerk, json_object_get_string_member (other, "id"), forged, 0,
                 g_bytes_get_size (forged), &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_assert_null (node);
  g_clear_error (&error);
  file = yc_backoffice_blob_file (fixture->backoffice, clerk, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Whoever sends the very file holds it anyway: then it is theirs to read. */
  node = append (fixture, clerk, json_object_get_string_member (other, "id"), material, 0,
                 g_bytes_get_size (material), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "complete"));
  file = yc_backoffice_blob_file (fixture->backoffice, clerk, fixture->sha_a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_object_unref (file);
  again = create (fixture, clerk, fixture->sha_a, strlen (YC_TEST_MATERIAL_A));
  g_assert_true (json_object_get_boolean_member (again, "complete"));

  /* A reviewer's create alone does not open the blob either. */
  g_clear_pointer (&other, json_object_unref);
  other = create (fixture, reviewer, fixture->sha_a, strlen (YC_TEST_MATERIAL_A));
  g_assert_false (json_object_get_boolean_member (other, "complete"));
  file = yc_backoffice_blob_file (fixture->backoffice, reviewer, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (file);
}

static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(YcPrincipal) other = fixture_principal ("c2");
  g_autoptr(YcPrincipal) sv = fixture_principal ("sv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = content (2000);
  g_autofree char *sha = sha256_of (file);
  g_autoptr(JsonObject) upload = NULL;
  JsonNode *node;

  /* The default limit is 50 MiB. */
  node = yc_backoffice_upload_create (fixture->backoffice, clerk, sha, 50 * 1024 * 1024 + 1, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_TOO_LARGE);
  g_assert_cmpuint (yc_backoffice_error_http_status (error), ==, 413);
  g_assert_null (node);
  g_clear_error (&error);
  yc_backoffice_set_upload_limit (fixture->backoffice, 1000);
  node = yc_backoffice_upload_create (fixture->backoffice, clerk, sha, 2000, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  yc_backoffice_set_upload_limit (fixture->backoffice, 1500);
  upload = create (fixture, clerk, sha, 1000);
  /* More data than announced. */
  g_assert_null (append (fixture, clerk, json_object_get_string_member (upload, "id"), file, 0, 1001, &error));
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Bad hashes and lengths. */
  node = yc_backoffice_upload_create (fixture->backoffice, clerk, "ABC", 10, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_assert_cmpstr (yc_backoffice_error_get_field (error), ==, "sha256");
  g_clear_error (&error);
  node = yc_backoffice_upload_create (fixture->backoffice, clerk, sha, -1, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_INVALID);
  g_clear_error (&error);

  /* Someone else's upload does not exist for you; supervisors do not upload. */
  node = yc_backoffice_upload_status (fixture->backoffice, other, json_object_get_string_member (upload, "id"), &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  node = yc_backoffice_upload_create (fixture->backoffice, sv, sha, 10, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_FORBIDDEN);
  g_clear_error (&error);
}

static void
test_expiry (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (5000);
  g_autofree char *sha = sha256_of (file);
  g_autoptr(JsonObject) stale = create (fixture, clerk, sha, 5000);
  g_autoptr(JsonObject) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = NULL;
  JsonNode *node;

  json_node_unref (append (fixture, clerk, json_object_get_string_member (stale, "id"), file, 0, 1000, &error));
  g_assert_no_error (error);
  partial = g_build_filename (fixture->dir, "blobs", "partial", json_object_get_string_member (stale, "id"), NULL);
  g_assert_true (g_file_test (partial, G_FILE_TEST_IS_REGULAR));

  fixture_advance (fixture, 25 * G_TIME_SPAN_HOUR);
  fresh = create (fixture, clerk, sha, 5000);
  g_assert_cmpuint (yc_backoffice_expire_uploads (fixture->backoffice, 24 * G_TIME_SPAN_HOUR), ==, 1);

  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  node = yc_backoffice_upload_status (fixture->backoffice, clerk, json_object_get_string_member (stale, "id"), &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (node);
  g_clear_error (&error);
  node = yc_backoffice_upload_status (fixture->backoffice, clerk, json_object_get_string_member (fresh, "id"), &error);
  g_assert_no_error (error);
  json_node_unref (node);
}

static char *
partial_file (Fixture    *fixture,
              JsonObject *upload)
{
  return g_build_filename (fixture->dir, "blobs", "partial",
                           json_object_get_string_member (upload, "id"), NULL);
}

/* Expiry commits the deleted rows before it removes a file: when the commit fails, the
 * rows stay and so do their bytes, so no row ever names a file that is gone. */
static void
test_expiry_commits_first (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (5000);
  g_autofree char *sha = sha256_of (file);
  g_autoptr(JsonObject) stale = create (fixture, clerk, sha, 5000);
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = partial_file (fixture, stale);
  g_autofree char *pin = NULL;
  const char *id = json_object_get_string_member (stale, "id");
  JsonNode *node;

  json_node_unref (append (fixture, clerk, id, file, 0, 1000, &error));
  g_assert_no_error (error);

  /* A deferred foreign key makes the expiry's commit fail after its DELETE went through. */
  pin = g_strdup_printf ("CREATE TABLE pin (id TEXT REFERENCES uploads (id) DEFERRABLE INITIALLY DEFERRED);"
                         "INSERT INTO pin VALUES ('%s');", id);
  fixture_sql (fixture, pin);
  fixture_advance (fixture, 25 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (yc_backoffice_expire_uploads (fixture->backoffice, 24 * G_TIME_SPAN_HOUR), ==, 0);

  g_assert_true (g_file_test (partial, G_FILE_TEST_IS_REGULAR));
  node = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "offset"), ==, 1000);
  json_node_unref (node);
  /* It resumes where it was. */
  json_node_unref (append (fixture, clerk, id, file, 1000, 1000, &error));
  g_assert_no_error (error);

  fixture_sql (fixture, "DROP TABLE pin;");
  fixture_advance (fixture, 25 * G_TIME_SPAN_HOUR);
  g_assert_cmpuint (yc_backoffice_expire_uploads (fixture->backoffice, 24 * G_TIME_SPAN_HOUR), ==, 1);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  node = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (node);
}

/* Opening the back office removes the partial files that no upload in progress names (a
 * crash after an expiry's commit, or after a completed upload's row); nothing else. */
static void
test_orphans (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (5000);
  g_autoptr(GBytes) small = content (300);
  g_autofree char *sha = sha256_of (file);
  g_autofree char *small_sha = sha256_of (small);
  g_autoptr(JsonObject) live = create (fixture, clerk, sha, 5000);
  g_autoptr(JsonObject) done = create (fixture, clerk, small_sha, 300);
  g_autoptr(GError) error = NULL;
  g_autofree char *live_partial = partial_file (fixture, live);
  g_autofree char *done_partial = partial_file (fixture, done);
  g_autofree char *orphan_id = g_uuid_string_random ();
  g_autofree char *orphan = g_build_filename (fixture->dir, "blobs", "partial", orphan_id, NULL);
  g_autofree char *foreign = g_build_filename (fixture->dir, "blobs", "partial", "README", NULL);
  JsonNode *node;

  json_node_unref (append (fixture, clerk, json_object_get_string_member (live, "id"), file, 0, 1000, &error));
  g_assert_no_error (error);
  json_node_unref (append (fixture, clerk, json_object_get_string_member (done, "id"), small, 0, 300, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (done_partial, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (orphan, "left by a crash", -1, NULL));
  g_assert_true (g_file_set_contents (done_partial, "renamed, yet here again", -1, NULL));
  g_assert_true (g_file_set_contents (foreign, "not an upload", -1, NULL));

  fixture_reopen (fixture);

  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (done_partial, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (live_partial, G_FILE_TEST_IS_REGULAR));
  node = append (fixture, clerk, json_object_get_string_member (live, "id"), file, 1000, 4000, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "complete"));
  json_node_unref (node);
  g_assert_cmpint (yc_backoffice_uploads_recover (fixture->backoffice, &error), ==, 0);
  g_assert_no_error (error);
}

/* Bytes behind the stored offset that are gone (a file system that lost them) are not
 * papered over with a hole: the upload starts again at 0. */
static void
test_lost_partial (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (5000);
  g_autofree char *sha = sha256_of (file);
  g_autoptr(JsonObject) upload = create (fixture, clerk, sha, 5000);
  g_autofree char *partial = partial_file (fixture, upload);
  g_autoptr(GError) error = NULL;
  const char *id = json_object_get_string_member (upload, "id");
  JsonNode *node;

  json_node_unref (append (fixture, clerk, id, file, 0, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (partial), ==, 0);

  node = append (fixture, clerk, id, file, 1000, 1000, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_CONFLICT);
  g_assert_null (node);
  g_clear_error (&error);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  node = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "offset"), ==, 0);
  json_node_unref (node);
  node = append (fixture, clerk, id, file, 0, 5000, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "complete"));
  json_node_unref (node);
}

static void
test_blob_scope (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(YcPrincipal) rs = fixture_principal ("rs");
  g_autoptr(YcPrincipal) rh = fixture_principal ("rh");
  g_autoptr(YcPrincipal) c2 = fixture_principal ("c2");
  g_autoptr(GError) error = NULL;
  GFile *file;

  /* Before any case refers to it, only its uploader (c1) reads a blob. */
  file = yc_backoffice_blob_file (fixture->backoffice, rs, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fixture_accept (fixture, YC_TEST_ITEM, CASE_1, "HD01");
  file = yc_backoffice_blob_file (fixture->backoffice, rs, fixture->sha_a, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (file, NULL));
  g_object_unref (file);

  /* The case has no health part, and is not of HD02. */
  file = yc_backoffice_blob_file (fixture->backoffice, rh, fixture->sha_a, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  file = yc_backoffice_blob_file (fixture->backoffice, c2, fixture->sha_b, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
  g_assert_null (file);
}

/* Files in blobs/partial: what a failed or finished upload must not leave behind. */
static guint
count_partials (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "blobs", "partial", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Creation with upload: the create carries the first chunk, or the whole file. */
static void
test_created_with_data (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(YcPrincipal) clerk = fixture_principal ("c1");
  g_autoptr(GBytes) file = content (5000);
  g_autoptr(GBytes) big = content (9000);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (big, 0, 4000);
  g_autoptr(GBytes) other = content (4999);
  g_autoptr(GBytes) wrong = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = sha256_of (file);
  g_autofree char *big_sha = sha256_of (big);
  g_autofree char *other_sha = sha256_of (other);
  g_autofree char *id = NULL;
  guint8 *flipped = g_memdup2 (g_bytes_get_data (other, NULL), 4999);
  JsonObject *object;
  JsonNode *node;

  flipped[2500] ^= 0x40;
  wrong = g_bytes_new_take (flipped, 4999);

  /* The whole file: complete, verified and readable when the create returns. */
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, sha, 5000, file, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (object, "complete"));
  g_assert_cmpint (json_object_get_int_member (object, "offset"), ==, 5000);
  json_node_unref (node);
  blob = yc_backoffice_blob_file (fixture->backoffice, clerk, sha, &error);
  g_assert_no_error (error);
  stored = g_file_load_bytes (blob, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, file));
  g_assert_cmpuint (count_partials (fixture), ==, 0);

  /* Sent again by the same clerk: complete at once, the body not even looked at. */
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, sha, 5000, other, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "complete"));
  json_node_unref (node);

  /* The first chunk only: the upload goes on with PATCH from where the create left it. */
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, big_sha, 9000, head, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (object, "complete"));
  g_assert_cmpint (json_object_get_int_member (object, "offset"), ==, 4000);
  id = g_strdup (json_object_get_string_member (object, "id"));
  json_node_unref (node);
  g_assert_cmpuint (count_partials (fixture), ==, 1);
  node = yc_backoffice_upload_status (fixture->backoffice, clerk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "offset"), ==, 4000);
  json_node_unref (node);
  node = append (fixture, clerk, id, big, 4000, 5000, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "complete"));
  json_node_unref (node);
  g_assert_cmpuint (count_partials (fixture), ==, 0);

  /* Bytes that are not the announced file: refused, and nothing of them is left. */
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, other_sha, 4999, wrong,
                                                NULL, &error);
  g_assert_null (node);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_clear_error (&error);
  g_assert_cmpuint (count_partials (fixture), ==, 0);
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, other_sha, 4999, other, sha, &error);
  g_assert_null (node);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_MISMATCH);
  g_clear_error (&error);
  node = yc_backoffice_upload_create_with_data (fixture->backoffice, clerk, sha, 100, file, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpuint (count_partials (fixture), ==, 0);
  g_clear_object (&blob);
  blob = yc_backoffice_blob_file (fixture->backoffice, clerk, other_sha, &error);
  g_assert_error (error, YC_BACKOFFICE_ERROR, YC_BACKOFFICE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/backoffice/uploads/resume", test_resume);
  FIXTURE_TEST ("/backoffice/uploads/bad-checksum", test_bad_checksum);
  FIXTURE_TEST ("/backoffice/uploads/existing-blob", test_existing_blob);
  FIXTURE_TEST ("/backoffice/uploads/limits", test_limits);
  FIXTURE_TEST ("/backoffice/uploads/expiry", test_expiry);
  FIXTURE_TEST ("/backoffice/uploads/expiry-commits-first", test_expiry_commits_first);
  FIXTURE_TEST ("/backoffice/uploads/orphans", test_orphans);
  FIXTURE_TEST ("/backoffice/uploads/lost-partial", test_lost_partial);
  FIXTURE_TEST ("/backoffice/uploads/blob-scope", test_blob_scope);
  FIXTURE_TEST ("/backoffice/uploads/created-with-data", test_created_with_data);

  return g_test_run ();
}
