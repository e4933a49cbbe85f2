/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-store-schema.h"

/*
 * Tables are STRICT so that a wrong type is an error instead of a silent conversion, and
 * JSON columns are checked with json_valid().  Times are UTC ISO 8601 text.
 */
static const YcMigration migrations[] = {
  {
    1, "base schema: device, catalogs, cases, materials, blobs, outbox, case numbers",
    "CREATE TABLE meta (\n"
    "  key   TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") STRICT;\n"
    "INSERT INTO meta (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));\n"
    "\n"
    "CREATE TABLE device (\n"
    "  id          INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  device_id   TEXT NOT NULL,\n"
    "  hall_code   TEXT NOT NULL,\n"
    "  window_code TEXT NOT NULL,\n"
    "  enrolled_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE catalog_versions (\n"
    "  version     TEXT PRIMARY KEY,\n"
    "  content     BLOB NOT NULL,\n"
    "  sha256      TEXT NOT NULL,\n"
    "  imported_at TEXT NOT NULL,\n"
    "  is_current  INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))\n"
    ") STRICT;\n"
    "CREATE UNIQUE INDEX catalog_versions_one_current ON catalog_versions (is_current)\n"
    "  WHERE is_current = 1;\n"
    "\n"
    "CREATE TABLE blobs (\n"
    "  sha256     TEXT PRIMARY KEY CHECK (length (sha256) = 64),\n"
    "  size       INTEGER NOT NULL CHECK (size >= 0),\n"
    "  media_type TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE cases (\n"
    "  uuid            TEXT PRIMARY KEY CHECK (length (uuid) = 36),\n"
    "  number          TEXT NOT NULL UNIQUE,\n"
    "  kind            TEXT NOT NULL CHECK (kind IN ('item', 'bundle')),\n"
    "  subject_code    TEXT NOT NULL,\n"
    "  scenario        TEXT NOT NULL CHECK (json_valid (scenario)),\n"
    "  catalog_version TEXT NOT NULL,\n"
    "  applicant       TEXT NOT NULL CHECK (json_valid (applicant)),\n"
    "  decision        TEXT NOT NULL,\n"
    "  state           TEXT NOT NULL,\n"
    "  accepted_at     TEXT NOT NULL,\n"
    "  accepted_on     TEXT NOT NULL,\n"
    "  supplement_due  TEXT,\n"
    "  version         INTEGER NOT NULL DEFAULT 0,\n"
    "  updated_at      TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX cases_accepted_on ON cases (accepted_on);\n"
    "\n"
    "CREATE TABLE case_materials (\n"
    "  case_uuid     TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,\n"
    "  material_code TEXT NOT NULL,\n"
    "  revision      INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),\n"
    "  position      INTEGER NOT NULL,\n"
    "  state         TEXT NOT NULL,\n"
    "  copies        INTEGER NOT NULL DEFAULT 0 CHECK (copies >= 0),\n"
    "  pages         INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0),\n"
    "  blob_sha256   TEXT REFERENCES blobs (sha256),\n"
    "  defect_reason TEXT,\n"
    "  PRIMARY KEY (case_uuid, material_code, revision)\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE outbox (\n"
    "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  op_id      TEXT NOT NULL UNIQUE,\n"
    "  case_uuid  TEXT REFERENCES cases (uuid),\n"
    "  kind       TEXT NOT NULL,\n"
    "  payload    TEXT NOT NULL CHECK (json_valid (payload)),\n"
    "  created_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX outbox_case ON outbox (case_uuid);\n"
    "\n"
    "CREATE TABLE case_sequences (\n"
    "  day           TEXT PRIMARY KEY,\n"
    "  next_sequence INTEGER NOT NULL CHECK (next_sequence >= 1)\n"
    ") STRICT;\n"
  },
  {
    2, "sync bookkeeping: cases.sync_state, outbox attempts and last error",
    "ALTER TABLE cases ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'pending'\n"
    "  CHECK (sync_state IN ('pending', 'synced', 'conflict', 'rejected'));\n"
    /* A version 1 case whose operations have all left the outbox was acknowledged. */
    "UPDATE cases SET sync_state = CASE\n"
    "  WHEN EXISTS (SELECT 1 FROM outbox WHERE outbox.case_uuid = cases.uuid) THEN 'pending'\n"
    "  ELSE 'synced' END;\n"
    "CREATE INDEX cases_unsynced ON cases (sync_state) WHERE sync_state <> 'synced';\n"
    "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);\n"
    "ALTER TABLE outbox ADD COLUMN last_error TEXT;\n"
    "ALTER TABLE outbox ADD COLUMN last_attempt_at TEXT;\n"
  },
  {
    3, "pull cursor of the sync protocol; blob references indexed for clean-up",
    "CREATE TABLE sync_cursor (\n"
    "  id         INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  epoch      TEXT NOT NULL,\n"
    "  seq        INTEGER NOT NULL CHECK (seq >= 0),\n"
    "  updated_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX case_materials_blob ON case_materials (blob_sha256)\n"
    "  WHERE blob_sha256 IS NOT NULL;\n"
  },
  {
    4, "cases keep their whole case document (yc-case.h) and its deadline",
    /* The other columns of cases become copies of the document's members, for listing
     * without parsing.  Cases stored before keep document NULL: their old rows cannot be
     * turned into a case document (no names, departments, clerk), so they stay as they
     * were, readable with SQL, and the store reports them as legacy. */
    "ALTER TABLE cases ADD COLUMN deadline TEXT;\n"
    "ALTER TABLE cases ADD COLUMN document TEXT\n"
    "  CHECK (document IS NULL OR json_valid (document));\n"
  },
  {
    5, "clerks' cached credentials for offline sign-in (argon2id verifiers, never passwords)",
    /* One row per user who signed in online on this computer.  verifier is libsodium's
     * crypto_pwhash_str() text; tokens are never stored (docs/sync-client.md). */
    "CREATE TABLE credentials (\n"
    "  username       TEXT PRIMARY KEY,\n"
    "  verifier       TEXT NOT NULL CHECK (verifier LIKE '$argon2id$%'),\n"
    "  display_name   TEXT NOT NULL,\n"
    "  role           TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'supervisor', 'admin')),\n"
    "  hall           TEXT,\n"
    "  departments    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid (departments)),\n"
    "  last_online_at TEXT NOT NULL,\n"
    "  updated_at     TEXT NOT NULL\n"
    ") STRICT;\n"
  },
  {
    6, "sync engine: op authors and batches, acknowledged versions, uploads, problems, urges, "
       "flagged applicants, day closings",
    /* The back office refuses an op whose author is not the signed-in user, so each op
     * remembers who made it.  Rows from before knew no author: the case's clerk made them
     * (only clerks worked at a window before v6). */
    "ALTER TABLE outbox ADD COLUMN author TEXT;\n"
    "UPDATE outbox SET author = (SELECT json_extract (cases.document, '$.clerk') FROM cases\n"
    "                            WHERE cases.uuid = outbox.case_uuid);\n"
    /* The batch an op was sent in: set before sending, so that a retry sends the same key
     * with the same ops. */
    "ALTER TABLE outbox ADD COLUMN batch_id TEXT;\n"
    "CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;\n"
    /* The back office's version of the case as last known here (0: not on the back office
     * yet).  A pulled document replaces the local one when it is newer than this. */
    "ALTER TABLE cases ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (server_version >= 0);\n"
    "UPDATE cases SET server_version = CASE\n"
    "  WHEN sync_state = 'synced' THEN version\n"
    "  WHEN NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.case_uuid = cases.uuid\n"
    "                   AND outbox.kind = 'case.accept') AND sync_state = 'pending' THEN 1\n"
    "  ELSE 0 END;\n"
    "\n"
    "CREATE TABLE client_uploads (\n"
    "  sha256       TEXT NOT NULL REFERENCES blobs (sha256),\n"
    "  username     TEXT NOT NULL,\n"
    "  upload_id    TEXT,\n"
    "  complete     INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),\n"
    "  created_at   TEXT NOT NULL,\n"
    "  completed_at TEXT,\n"
    "  PRIMARY KEY (sha256, username)\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE sync_problems (\n"
    "  id             INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  op_id          TEXT NOT NULL UNIQUE,\n"
    "  case_uuid      TEXT NOT NULL,\n"
    "  author         TEXT,\n"
    "  op_kind        TEXT NOT NULL,\n"
    "  result         TEXT NOT NULL CHECK (result IN ('conflict', 'rejected')),\n"
    "  code           TEXT,\n"
    "  reason         TEXT,\n"
    "  payload        TEXT NOT NULL CHECK (json_valid (payload)),\n"
    "  op             TEXT NOT NULL CHECK (json_valid (op)),\n"
    "  server_version INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at     TEXT NOT NULL,\n"
    "  resolution     TEXT CHECK (resolution IN ('discarded', 'retried')),\n"
    "  resolved_by    TEXT,\n"
    "  resolved_at    TEXT,\n"
    "  retry_op_id    TEXT,\n"
    "  CHECK ((resolution IS NULL) = (resolved_at IS NULL))\n"
    ") STRICT;\n"
    "CREATE INDEX sync_problems_open ON sync_problems (case_uuid) WHERE resolution IS NULL;\n"
    "\n"
    "CREATE TABLE urges (\n"
    "  id              TEXT PRIMARY KEY,\n"
    "  case_uuid       TEXT NOT NULL,\n"
    "  case_number     TEXT,\n"
    "  message         TEXT NOT NULL,\n"
    "  from_user       TEXT NOT NULL,\n"
    "  created_at      TEXT NOT NULL,\n"
    "  received_at     TEXT NOT NULL,\n"
    "  acknowledged_at TEXT\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE flagged_applicants (\n"
    "  id_number  TEXT PRIMARY KEY,\n"
    "  reason     TEXT,\n"
    "  case_uuid  TEXT,\n"
    "  flagged_at TEXT NOT NULL\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE day_closings (\n"
    "  day          TEXT PRIMARY KEY,\n"
    "  local_count  INTEGER NOT NULL CHECK (local_count >= 0),\n"
    "  local_hash   TEXT NOT NULL,\n"
    "  server_count INTEGER NOT NULL CHECK (server_count >= 0),\n"
    "  server_hash  TEXT NOT NULL,\n"
    "  explanation  TEXT,\n"
    "  closed_by    TEXT NOT NULL,\n"
    "  closed_at    TEXT NOT NULL,\n"
    /* A mismatch is closed only with a written explanation, whatever the caller checked. */
    "  CHECK ((local_count = server_count AND local_hash = server_hash)\n"
    "         OR length (trim (coalesce (explanation, ''))) > 0)\n"
    ") STRICT;\n"
  },
  {
    7, "review queue: case_parts, one row per case and department part, for every case in "
       "the user's scope",
    /* Copies of the case document's members, written with it (yc-store-case-parts.c), so
     * that a queue of a million parts is filtered and ordered without parsing documents.
     * The traffic light is not stored, it changes with the day: a running clock keeps its
     * deadline date (a status is a range of dates for today); a paused or stopped clock
     * does not move, so it keeps how it stood (late, working days left).  Rows of the
     * cases stored before are written from their documents when the store opens after
     * this step (meta case_parts_rebuild), because that needs the working-day calendar. */
    "CREATE TABLE case_parts (\n"
    "  case_uuid       TEXT NOT NULL REFERENCES cases (uuid) ON DELETE CASCADE,\n"
    "  department      TEXT NOT NULL,\n"
    "  part_state      TEXT NOT NULL,\n"
    "  claimed_by      TEXT,\n"
    "  clock           TEXT NOT NULL CHECK (clock IN ('none', 'running', 'paused', 'stopped')),\n"
    "  deadline        TEXT CHECK ((deadline IS NULL) = (clock = 'none')),\n"
    "  fixed_late      INTEGER CHECK (fixed_late IN (0, 1)),\n"
    "  fixed_remaining INTEGER,\n"
    "  accepted_on     TEXT NOT NULL,\n"
    "  accepted_at     TEXT NOT NULL,\n"
    "  changed_at      TEXT NOT NULL,\n"
    "  number          TEXT NOT NULL,\n"
    "  subject_code    TEXT NOT NULL,\n"
    "  subject_name    TEXT,\n"
    "  applicant_name  TEXT,\n"
    "  hall            TEXT,\n"
    "  window          TEXT,\n"
    "  open_urges      INTEGER NOT NULL DEFAULT 0 CHECK (open_urges >= 0),\n"
    "  search          TEXT NOT NULL,\n"
    "  UNIQUE (case_uuid, department),\n"
    "  CHECK ((fixed_late IS NULL) = (clock IN ('none', 'running')))\n"
    ") STRICT;\n"
    "CREATE INDEX case_parts_department ON case_parts (department, part_state, deadline);\n"
    "CREATE INDEX case_parts_running ON case_parts (deadline) WHERE clock = 'running';\n"
    "CREATE INDEX case_parts_subject ON case_parts (subject_code);\n"
    "CREATE INDEX case_parts_place ON case_parts (hall, window);\n"
    "CREATE INDEX case_parts_accepted ON case_parts (accepted_at, number);\n"
    "CREATE INDEX case_parts_number ON case_parts (number);\n"
    "CREATE INDEX case_parts_changed ON case_parts (changed_at, accepted_at);\n"
    /* The orders' indexes hold every column they sort by: without a filter the ids come
     * from the index alone, never from a million lookups in the table. */
    "INSERT INTO meta (key, value) VALUES ('case_parts_rebuild', '1')\n"
    "  ON CONFLICT (key) DO UPDATE SET value = excluded.value;\n"
  },
  {
    8, "urges keep their addressee, department and hall: each user sees their own",
    /* The back office addresses each urge to its handler (the feed's "to"); a computer
     * shared by several users shows each only theirs (yc-store-urges.c).  Urges stored
     * before keep addressee NULL — shown, as before, to everyone of their department or
     * hall — until the feed or the case's document brings the addressee again.  Their
     * department or hall never changes, so it is taken from the case's document now. */
    "ALTER TABLE urges ADD COLUMN addressee TEXT;\n"
    "ALTER TABLE urges ADD COLUMN department TEXT;\n"
    "ALTER TABLE urges ADD COLUMN hall TEXT;\n"
    "UPDATE urges SET\n"
    "  department = (SELECT json_extract (u.value, '$.department')\n"
    "                FROM cases c, json_each (c.document, '$.urges') u\n"
    "                WHERE c.uuid = urges.case_uuid AND c.document IS NOT NULL\n"
    "                  AND json_extract (u.value, '$.id') = urges.id),\n"
    "  hall = (SELECT json_extract (u.value, '$.hall')\n"
    "          FROM cases c, json_each (c.document, '$.urges') u\n"
    "          WHERE c.uuid = urges.case_uuid AND c.document IS NOT NULL\n"
    "            AND json_extract (u.value, '$.id') = urges.id);\n"
    "CREATE INDEX urges_open ON urges (case_uuid) WHERE acknowledged_at IS NULL;\n"
  },
};

/**
 * yc_store_schema_get_migrations:
 *
 * Returns: (array length=n_migrations) (transfer none): the steps, in order; step i
 *   brings the database to version i + 1
 */
const YcMigration *
yc_store_schema_get_migrations (guint *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

int
yc_store_schema_get_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

static gboolean
apply_step (YcDatabase         *database,
            const YcMigration  *step,
            GError            **error)
{
  /* PRAGMA takes no bound parameters; the number is ours, not input. */
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", step->version);

  if (!yc_database_begin_immediate (database, error))
    return FALSE;

  if (!yc_database_exec (database, step->sql, error) ||
      !yc_database_exec (database, set_version, error) ||
      !yc_database_commit (database, error))
    {
      yc_database_rollback (database);
      g_prefix_error (error, _("Upgrading the local database to version %d failed; it was "
                               "left at the previous version. "), step->version);
      return FALSE;
    }

  g_debug ("%s: upgraded to version %d (%s)", yc_database_get_path (database),
           step->version, step->summary);
  return TRUE;
}

/**
 * yc_store_schema_upgrade:
 *
 * Brings @database to the current schema.  A database written by a newer Yichuang is
 * refused before anything is written to it, not even the journal mode.  Each step is its
 * own transaction, so a failure leaves the database at the last version that completed.
 */
gboolean
yc_store_schema_upgrade (YcDatabase  *database,
                         GError     **error)
{
  int version;

  g_return_val_if_fail (YC_IS_DATABASE (database), FALSE);

  if (!yc_database_get_user_version (database, &version, error))
    return FALSE;

  if (version > yc_store_schema_get_version ())
    {
      g_set_error (error, YC_STORE_ERROR, YC_STORE_ERROR_TOO_NEW,
                   _("The local data file %s was written by a newer version of Yichuang "
                     "(data version %d; this program knows up to %d). Install the newer "
                     "version. The file was left untouched."),
                   yc_database_get_path (database), version, yc_store_schema_get_version ());
      return FALSE;
    }

  if (!yc_database_configure (database, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= version)
        continue;
      if (!apply_step (database, &migrations[i], error))
        return FALSE;
    }

  return TRUE;
}
