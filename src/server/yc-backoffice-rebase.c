/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include "yc-backoffice-push-private.h"

/*
 * Parallel review (并联审批, docs/review.md "Parallel parts").  base_version is per case, but
 * the departments of a bundle decide their own parts: a review op on part P sent on a stale
 * base is applied to the case as it stands when P has not changed since that base — only
 * other parts, urges, ratings … did.  The case machine then judges it against the current
 * case (the case still gets one new version per applied op, and becomes ready when the last
 * part is approved, whichever department came last).  A stale op on a part that did change
 * since is a conflict, as before (DESIGN.md).
 *
 * Two records make this exact (schema 7):
 *  - the version at which each part last changed.  Which parts an op changes follows from
 *    its kind (part_changes()); it may name more parts than really changed (never fewer), so
 *    the worst case is a conflict that was not needed.  A part without a record has not
 *    changed since acceptance.  The daily tolerance expiry changes parts without a record:
 *    it terminates the case, after which the machine refuses every review op anyway.
 *  - the author's numbering.  A client applies its ops locally and numbers the versions on
 *    from its base, so after a rebased op its next op on the case is based on a version the
 *    back office gave a different number: (client_version → server_version) per author and
 *    case translates it, within a batch and across batches.
 */

/* The part a rebasable op is about: a review decision names its department. */
static const char *
review_department (const YcOperation *op)
{
  switch (op->kind)
    {
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_RELEASE:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
    case YC_OP_REVIEW_REJECT:
      if (op->payload != NULL && json_object_has_member (op->payload, "department"))
        {
          JsonNode *node = json_object_get_member (op->payload, "department");

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            return json_node_get_string (node);
        }
      return NULL;
    default:
      return NULL;
    }
}

/* The departments whose parts @op (applied to @c) may have changed; NULL for none. */
static GStrv
part_changes (const YcOperation *op,
              YcCase            *c)
{
  switch (op->kind)
    {
    case YC_OP_CASE_ACCEPT:
    case YC_OP_PLEDGE_VERIFY:
    case YC_OP_SUPERVISION_URGE:
    case YC_OP_URGE_ACK:
    case YC_OP_RATING_SUBMIT:
      return NULL;
    case YC_OP_REVIEW_CLAIM:
    case YC_OP_REVIEW_RELEASE:
    case YC_OP_REVIEW_APPROVE:
    case YC_OP_REVIEW_RETURN:
      {
        const char *department = review_department (op);
        GStrv one = g_new0 (char *, 2);

        if (department != NULL)
          {
            one[0] = g_strdup (department);
            return one;
          }
        g_free (one);
      }
      G_GNUC_FALLTHROUGH;
    default:
      /* A rejection releases the other held parts; a supplement answers notices of any part;
       * withdrawal and issue end them all. */
      return yc_case_dup_departments (c);
    }
}

/**
 * yc_push_rebase_check:
 * @row: the case as stored now; @op is not case.accept
 * @out_apply: whether @op is to be applied to @row's case (its base is current, or it may
 *   be rebased); FALSE: a conflict
 * @out_known: the newest version of the case its author had seen from the back office, for
 *   yc_push_rebase_note()
 *
 * Inside the push's write transaction, after the scope check.
 *
 * Returns: FALSE with @error when storage failed
 */
gboolean
yc_push_rebase_check (YcBackoffice         *self,
                      YcPrincipal          *p,
                      const YcOperation    *op,
                      const YcStorageCase  *row,
                      gboolean             *out_apply,
                      gint64               *out_known,
                      GError              **error)
{
  const char *username = yc_principal_get_username (p);
  g_autofree char *changed_by = NULL;
  const char *department;
  gint64 base = op->base_version, known = op->base_version;
  gint64 client_version, server_version, known_version, part_version;
  gboolean found;

  *out_known = known;
  *out_apply = base == row->version;
  if (*out_apply)
    return TRUE;

  if (!yc_backoffice_storage_rebase_get (self->storage, op->case_uuid, username, &found,
                                         &client_version, &server_version, &known_version, error))
    return FALSE;
  if (found && client_version == base)
    {
      /* The author's op after a rebased one of theirs: numbered on from their own. */
      base = server_version;
      known = known_version;
      *out_known = known;
    }

  department = review_department (op);
  if (department == NULL || known <= 0 || base > row->version)
    return TRUE;
  if (!yc_backoffice_storage_part_change_get (self->storage, op->case_uuid, department, &found,
                                              &part_version, &changed_by, error))
    return FALSE;
  /* Unchanged since the author saw it, or changed since only by the author's own ops of this
   * run (each of which passed this same check). */
  if (found && part_version > known && g_strcmp0 (changed_by, username) != 0)
    return TRUE;

  g_info ("Op %s (%s) of %s on case %s rebased from version %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
          ": part %s unchanged since version %" G_GINT64_FORMAT, op->op_id,
          yc_op_kind_to_string (op->kind), username, op->case_uuid, op->base_version, row->version,
          department, known);
  *out_apply = TRUE;
  return TRUE;
}

/**
 * yc_push_rebase_note:
 * @c: the case @op made (version: the new one)
 * @known: what yc_push_rebase_check() gave (the op's base for a current op)
 *
 * Inside the push's write transaction, once @op was applied and stored: records the parts
 * it changed and, after a rebase, where the author's numbering of the case's versions meets
 * the back office's.
 *
 * Returns: FALSE with @error when storage failed
 */
gboolean
yc_push_rebase_note (YcBackoffice       *self,
                     YcPrincipal        *p,
                     const YcOperation  *op,
                     YcCase             *c,
                     gint64              known,
                     GError            **error)
{
  const char *username = yc_principal_get_username (p);
  g_auto(GStrv) departments = part_changes (op, c);

  if (departments != NULL && departments[0] != NULL
      && !yc_backoffice_storage_part_change_put (self->storage, c->uuid,
                                                 (const char * const *) departments,
                                                 c->version, username, error))
    return FALSE;
  if (op->kind != YC_OP_CASE_ACCEPT && known != c->version - 1)
    return yc_backoffice_storage_rebase_put (self->storage, c->uuid, username, op->base_version + 1,
                                             c->version, known, error);
  return TRUE;
}
