/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"
#include "yc-sha256.h"

/*
 * The audit chain.  Each row carries the hash of the row before it (64 zeros for the first)
 * and hash = SHA-256 (prev_hash "\n" canonical row), where the canonical row is the JSON array
 * [id, at, actor, action, target, outcome, detail] as json-glib writes it (deterministic
 * escaping, no whitespace).  Changing any member of a row breaks its own hash; deleting or
 * inserting a row breaks the prev_hash of the row after it.  The rows sit in the same
 * database as what they describe, so the chain proves integrity, not secrecy: a copy of
 * the last hash kept elsewhere (a log line per day) also catches truncation of the tail.
 */

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define VERIFY_PAGE 1000

static char *
canonical_row (const YcStorageAudit *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, row->id);
  json_builder_add_int_value (builder, row->at);
  json_builder_add_string_value (builder, row->actor);
  json_builder_add_string_value (builder, row->action);
  if (row->target != NULL)
    json_builder_add_string_value (builder, row->target);
  else
    json_builder_add_null_value (builder);
  json_builder_add_string_value (builder, row->outcome);
  if (row->detail != NULL)
    json_builder_add_string_value (builder, row->detail);
  else
    json_builder_add_null_value (builder);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
row_hash (const YcStorageAudit *row)
{
  g_autoptr(YcSha256) checksum = yc_sha256_new ();
  g_autofree char *canonical = canonical_row (row);

  yc_sha256_update (checksum, row->prev_hash, strlen (row->prev_hash));
  yc_sha256_update (checksum, "\n", 1);
  yc_sha256_update (checksum, canonical, strlen (canonical));
  return yc_sha256_get_hex (checksum);
}

gboolean
yc_audit_append (YcBackofficeStorage  *storage,
                 gint64                at,
                 const char           *actor,
                 const char           *action,
                 const char           *target,
                 const char           *outcome,
                 JsonNode             *detail,
                 GError              **error)
{
  YcStorageAudit row = { 0 };
  g_autofree char *last_hash = NULL;
  g_autofree char *detail_text = NULL;
  g_autofree char *hash = NULL;
  gint64 last_id;

  g_assert (actor != NULL && action != NULL && outcome != NULL);

  if (!yc_backoffice_storage_audit_last (storage, &last_id, &last_hash, error))
    return FALSE;
  if (detail != NULL)
    detail_text = json_to_string (detail, FALSE);

  row.id = last_id + 1;
  row.at = at;
  row.actor = (char *) actor;
  row.action = (char *) action;
  row.target = (char *) target;
  row.outcome = (char *) outcome;
  row.detail = detail_text;
  row.prev_hash = last_hash != NULL ? last_hash : (char *) GENESIS_HASH;
  hash = row_hash (&row);
  row.hash = hash;
  return yc_backoffice_storage_audit_append (storage, &row, error);
}

gboolean
yc_audit_verify (YcBackofficeStorage  *storage,
                 gint64               *out_first_bad_id,
                 GError              **error)
{
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  gint64 after = 0;

  *out_first_bad_id = 0;
  if (!yc_backoffice_storage_begin (storage, FALSE, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = yc_backoffice_storage_audit_list (storage, after, VERIFY_PAGE, error);

      if (rows == NULL)
        {
          yc_backoffice_storage_rollback (storage);
          return FALSE;
        }
      for (guint i = 0; i < rows->len; i++)
        {
          const YcStorageAudit *row = g_ptr_array_index (rows, i);
          g_autofree char *hash = NULL;

          if (g_strcmp0 (row->prev_hash, expected_prev) != 0)
            goto bad;
          hash = row_hash (row);
          if (g_strcmp0 (hash, row->hash) != 0)
            goto bad;
          g_free (expected_prev);
          expected_prev = g_strdup (row->hash);
          after = row->id;
          continue;

        bad:
          *out_first_bad_id = row->id;
          g_message ("The audit chain breaks at row %" G_GINT64_FORMAT, row->id);
          yc_backoffice_storage_rollback (storage);
          return TRUE;
        }
      if (rows->len < VERIFY_PAGE)
        break;
    }

  yc_backoffice_storage_rollback (storage);
  return TRUE;
}
