/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-private.h"

/*
 * The case document: its structs, names and lookups.  Reading the stored document is in
 * yc-case-json.c; the parts of the document that case.accept also carries (subject,
 * applicant, materials, tolerated, pledges) are read by the functions at the end of this file.
 */

typedef struct {
  YcCase           self;  /* first: a YcCase* is a CaseBox* */
  gatomicrefcount  ref_count;
} CaseBox;

G_DEFINE_BOXED_TYPE (YcCase, yc_case, yc_case_ref, yc_case_unref)

G_DEFINE_QUARK (yc-case-error-quark, yc_case_error)

static const struct {
  YcCaseState  state;
  const char  *key;
  const char  *label;
} case_states[] = {
  { YC_CASE_STATE_ACCEPTED, "accepted", N_("Accepted") },
  { YC_CASE_STATE_IN_REVIEW, "in_review", N_("In review") },
  { YC_CASE_STATE_RETURNED, "returned", N_("Returned for supplement") },
  { YC_CASE_STATE_SUPPLEMENTED, "supplemented", N_("Supplemented") },
  { YC_CASE_STATE_APPROVED, "approved", N_("Approved") },
  { YC_CASE_STATE_REJECTED, "rejected", N_("Rejected") },
  { YC_CASE_STATE_AWAITING_SUPPLEMENT, "awaiting_supplement", N_("Approved, awaiting the tolerated material") },
  { YC_CASE_STATE_READY, "ready", N_("Ready for issuance") },
  { YC_CASE_STATE_ISSUED, "issued", N_("Issued") },
  { YC_CASE_STATE_WITHDRAWN, "withdrawn", N_("Withdrawn") },
  { YC_CASE_STATE_TERMINATED, "terminated", N_("Terminated: supplement overdue") },
  { YC_CASE_STATE_CLOSED_AT_COUNTER, "closed_at_counter", N_("Closed at the counter") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (case_states) == YC_N_CASE_STATES);

static const char * const material_states[] = {
  "provided", "missing", "defective", "pledged", "shared", "tolerated",
};

static const struct {
  const char *key;
  const char *label;
} pledge_statuses[] = {
  { "due", N_("Verification due") },
  { "verified", N_("Verified") },
  { "broken", N_("Pledge broken") },
};

/* 好差评, from 1 (worst) to 5 (best). */
static const char * const rating_labels[] = {
  N_("Very dissatisfied"), N_("Dissatisfied"), N_("Fairly satisfied"), N_("Satisfied"),
  N_("Very satisfied"),
};

static const char * const subject_members[] = { "kind", "code", "name", "items", "answers", NULL };
static const char * const subject_item_members[] = { "item", "scenario", "department", NULL };
static const char * const applicant_required[] = { "kind", "name", "id_number", NULL };
static const char * const accept_material_members[] = {
  "code", "name", "state", "copies", "pages", "blob_sha256", "defect_reason", NULL
};
static const char * const stored_material_members[] = {
  "code", "name", "state", "copies", "pages", "blob_sha256", "defect_reason", "version",
  "added_at", NULL
};
static const char * const accept_tolerated_members[] = { "material", "due", NULL };
static const char * const stored_tolerated_members[] = {
  "material", "due", "received", "received_on", NULL
};
static const char * const accept_pledge_members[] = { "material", "due", NULL };
static const char * const stored_pledge_members[] = {
  "material", "due", "status", "verified_by", "verified_on", "note", NULL
};

YcCase *
yc_case_new_empty (void)
{
  CaseBox *box = g_new0 (CaseBox, 1);
  YcCase *self = &box->self;

  g_atomic_ref_count_init (&box->ref_count);
  self->committed_days = -1;
  g_date_clear (&self->accepted_on, 1);
  g_date_clear (&self->deadline, 1);
  g_date_clear (&self->stopped_on, 1);
  g_date_clear (&self->follow_up_due, 1);
  self->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_part_free);
  self->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_version_free);
  self->tolerated = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_tolerated_free);
  self->pledges = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_pledge_free);
  self->pauses = g_array_new (FALSE, TRUE, sizeof (YcPause));
  self->urges = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_urge_free);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_history_entry_free);
  return self;
}

YcCase *
yc_case_ref (YcCase *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&((CaseBox *) self)->ref_count);
  return self;
}

void
yc_case_unref (YcCase *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&((CaseBox *) self)->ref_count))
    return;

  g_free (self->uuid);
  g_free (self->number);
  g_free (self->hall);
  g_free (self->window);
  g_free (self->clerk);
  g_free (self->catalog_version);
  g_free (self->subject_kind);
  g_free (self->subject_code);
  g_free (self->subject_name);
  g_clear_pointer (&self->subject, json_object_unref);
  g_clear_pointer (&self->applicant, json_object_unref);
  g_free (self->accepted_at);
  g_clear_pointer (&self->notice, json_object_unref);
  g_ptr_array_unref (self->parts);
  g_ptr_array_unref (self->materials);
  g_ptr_array_unref (self->tolerated);
  g_ptr_array_unref (self->pledges);
  g_array_unref (self->pauses);
  g_ptr_array_unref (self->urges);
  g_free (self->rating_comment);
  g_free (self->rated_at);
  g_ptr_array_unref (self->history);
  g_free ((CaseBox *) self);
}

YcCase *
yc_case_copy (YcCase *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  YcCase *copy;

  g_return_val_if_fail (self != NULL, NULL);

  /* The document is the one definition of what a case holds, so copying through it cannot
   * forget a field. */
  node = yc_case_to_json (self);
  copy = yc_case_from_json (node, &error);
  if (copy == NULL)
    g_error ("A case does not read back its own document: %s", error->message);
  return copy;
}

YcCasePart *
yc_case_part_new (const char *department)
{
  YcCasePart *part = g_new0 (YcCasePart, 1);

  part->department = g_strdup (department);
  part->items = g_new0 (char *, 1);
  part->state = YC_CASE_STATE_ACCEPTED;
  part->notices = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_notice_free);
  return part;
}

void
yc_case_part_free (YcCasePart *part)
{
  g_free (part->department);
  g_strfreev (part->items);
  g_free (part->claimed_by);
  g_free (part->decided_by);
  g_free (part->reason);
  g_ptr_array_unref (part->notices);
  g_free (part);
}

void
yc_case_notice_free (YcCaseNotice *notice)
{
  g_free (notice->id);
  g_free (notice->at);
  g_free (notice->by);
  g_strfreev (notice->materials);
  g_free (notice->message);
  g_strfreev (notice->new_materials);
  g_strfreev (notice->unmet);
  g_free (notice);
}

void
yc_case_material_version_free (YcCaseMaterialVersion *material)
{
  g_free (material->code);
  g_free (material->name);
  g_free (material->blob_sha256);
  g_free (material->defect_reason);
  g_free (material->added_at);
  g_free (material);
}

void
yc_case_tolerated_free (YcCaseTolerated *tolerated)
{
  g_free (tolerated->material);
  g_free (tolerated);
}

void
yc_case_pledge_free (YcCasePledge *pledge)
{
  g_free (pledge->material);
  g_free (pledge->verified_by);
  g_free (pledge->note);
  g_free (pledge);
}

void
yc_case_urge_free (YcCaseUrge *urge)
{
  g_free (urge->id);
  g_free (urge->by);
  g_free (urge->message);
  g_free (urge->at);
  g_free (urge->department);
  g_free (urge->hall);
  g_free (urge->acknowledged_by);
  g_free (urge->acknowledged_at);
  g_free (urge->to);
  g_free (urge);
}

void
yc_case_history_entry_free (YcCaseHistoryEntry *entry)
{
  g_free (entry->at);
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

void
yc_case_add_history (YcCase     *self,
                     const char *at,
                     const char *actor,
                     const char *action,
                     const char *detail)
{
  YcCaseHistoryEntry *entry = g_new0 (YcCaseHistoryEntry, 1);

  entry->at = at != NULL ? g_strdup (at) : yc_json_now ();
  entry->actor = g_strdup (actor);
  entry->action = g_strdup (action);
  entry->detail = g_strdup (detail);
  g_ptr_array_add (self->history, entry);
}

const char *
yc_case_state_to_string (YcCaseState state)
{
  g_return_val_if_fail ((guint) state < YC_N_CASE_STATES, NULL);

  return case_states[state].key;
}

gboolean
yc_case_state_from_string (const char  *str,
                           YcCaseState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (case_states); i++)
    if (g_str_equal (str, case_states[i].key))
      {
        *state = case_states[i].state;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_case_state_label (YcCaseState state)
{
  g_return_val_if_fail ((guint) state < YC_N_CASE_STATES, NULL);

  return _(case_states[state].label);
}

gboolean
yc_case_state_is_final (YcCaseState state)
{
  return state == YC_CASE_STATE_ISSUED || state == YC_CASE_STATE_WITHDRAWN
         || state == YC_CASE_STATE_TERMINATED || state == YC_CASE_STATE_REJECTED
         || state == YC_CASE_STATE_CLOSED_AT_COUNTER;
}

const char *
yc_case_material_state_to_string (YcCaseMaterialState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (material_states), NULL);

  return material_states[state];
}

gboolean
yc_case_material_state_from_string (const char          *str,
                                    YcCaseMaterialState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (material_states); i++)
    if (g_str_equal (str, material_states[i]))
      {
        *state = (YcCaseMaterialState) i;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_pledge_status_to_string (YcPledgeStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (pledge_statuses), NULL);

  return pledge_statuses[status].key;
}

gboolean
yc_pledge_status_from_string (const char     *str,
                              YcPledgeStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (pledge_statuses); i++)
    if (g_str_equal (str, pledge_statuses[i].key))
      {
        *status = (YcPledgeStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
yc_pledge_status_label (YcPledgeStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (pledge_statuses), NULL);

  return _(pledge_statuses[status].label);
}

const char *
yc_rating_level_label (guint level)
{
  g_return_val_if_fail (level >= 1 && level <= 5, NULL);

  return _(rating_labels[level - 1]);
}

/**
 * yc_rating_level_needs_follow_up:
 * @level: 1 (非常不满意) … 5 (非常满意)
 *
 * Returns: whether a rating of @level opens a follow-up (回访): 不满意 and 非常不满意 do
 */
gboolean
yc_rating_level_needs_follow_up (guint level)
{
  return level >= 1 && level <= 2;
}

YcCasePart *
yc_case_lookup_part (YcCase     *self,
                     const char *department)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; department != NULL && i < self->parts->len; i++)
    {
      YcCasePart *part = g_ptr_array_index (self->parts, i);

      if (g_str_equal (part->department, department))
        return part;
    }
  return NULL;
}

YcCaseTolerated *
yc_case_lookup_tolerated (YcCase     *self,
                          const char *material)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; material != NULL && i < self->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (self->tolerated, i);

      if (g_str_equal (tolerated->material, material))
        return tolerated;
    }
  return NULL;
}

YcCasePledge *
yc_case_lookup_pledge (YcCase     *self,
                       const char *material)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; material != NULL && i < self->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (self->pledges, i);

      if (g_str_equal (pledge->material, material))
        return pledge;
    }
  return NULL;
}

YcCaseUrge *
yc_case_lookup_urge (YcCase     *self,
                     const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->urges->len; i++)
    {
      YcCaseUrge *urge = g_ptr_array_index (self->urges, i);

      if (g_str_equal (urge->id, id))
        return urge;
    }
  return NULL;
}

YcCaseMaterialVersion *
yc_case_lookup_material (YcCase     *self,
                         const char *code)
{
  YcCaseMaterialVersion *newest = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; code != NULL && i < self->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (self->materials, i);

      if (g_str_equal (material->code, code)
          && (newest == NULL || material->version > newest->version))
        newest = material;
    }
  return newest;
}

guint
yc_case_material_version_of (YcCase     *self,
                             const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (self, code);

  return material != NULL ? material->version : 0;
}

const char *
yc_case_get_applicant_id (YcCase *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->applicant == NULL)
    return NULL;
  return json_object_get_string_member_with_default (self->applicant, "id_number", NULL);
}

GStrv
yc_case_dup_departments (YcCase *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->parts->len; i++)
    g_strv_builder_add (builder, ((YcCasePart *) g_ptr_array_index (self->parts, i))->department);
  return g_strv_builder_end (builder);
}

/* Reading the parts the counter sends */

gboolean
yc_case_read_subject (YcCase              *self,
                      const YcJsonReader  *reader,
                      JsonObject          *subject,
                      const char          *path,
                      GError             **error)
{
  g_autofree char *kind_path = yc_json_path (path, "kind");
  g_autofree char *items_path = yc_json_path (path, "items");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *kind, *code, *name;
  JsonArray *items;
  JsonObject *answers;
  guint n;

  if (!yc_json_check_members (reader, subject, subject_members, path, error)
      || !yc_json_get_string (reader, subject, "kind", path, YC_JSON_REQUIRED, &kind, error)
      || !yc_json_get_string (reader, subject, "code", path, YC_JSON_REQUIRED, &code, error)
      || !yc_json_get_string (reader, subject, "name", path, YC_JSON_NULLABLE, &name, error)
      || !yc_json_get_array (reader, subject, "items", path, YC_JSON_REQUIRED, &items, error)
      || !yc_json_get_object (reader, subject, "answers", path, YC_JSON_NULLABLE, &answers, error))
    return FALSE;

  if (!g_str_equal (kind, "item") && !g_str_equal (kind, "bundle"))
    return yc_json_fail (reader, error, kind_path, _("must be “item” or “bundle”, not “%s”"), kind);

  n = json_array_get_length (items);
  if (g_str_equal (kind, "item") && n != 1)
    return yc_json_fail (reader, error, items_path, _("an item case names exactly one item, not %u"), n);
  if (g_str_equal (kind, "bundle") && n < 2)
    return yc_json_fail (reader, error, items_path, _("a bundle names at least two items, not %u"), n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autofree char *item_path = yc_json_index_path (items_path, i);
      const char *item, *scenario, *department;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (reader, error, item_path, _("must be an object"));
      if (!yc_json_check_members (reader, json_node_get_object (node), subject_item_members,
                                  item_path, error)
          || !yc_json_get_string (reader, json_node_get_object (node), "item", item_path,
                                  YC_JSON_REQUIRED, &item, error)
          || !yc_json_get_string (reader, json_node_get_object (node), "scenario", item_path,
                                  YC_JSON_REQUIRED, &scenario, error)
          || !yc_json_get_string (reader, json_node_get_object (node), "department", item_path,
                                  YC_JSON_REQUIRED, &department, error))
        return FALSE;
      if (g_str_equal (kind, "item") && !g_str_equal (item, code))
        {
          g_autofree char *p = yc_json_path (item_path, "item");
          return yc_json_fail (reader, error, p, _("“%s” is not the subject’s code “%s”"), item, code);
        }
      if (!g_hash_table_add (seen, (gpointer) item))
        {
          g_autofree char *p = yc_json_path (item_path, "item");
          return yc_json_fail (reader, error, p, _("“%s” is listed twice"), item);
        }
    }

  g_free (self->subject_kind);
  self->subject_kind = g_strdup (kind);
  g_free (self->subject_code);
  self->subject_code = g_strdup (code);
  g_free (self->subject_name);
  self->subject_name = g_strdup (name);
  g_clear_pointer (&self->subject, json_object_unref);
  /* A sealed object (a parsed op's payload) cannot change: shared, not copied. */
  self->subject = json_object_is_immutable (subject) ? json_object_ref (subject)
                                                     : yc_json_object_copy (subject);
  return TRUE;
}

gboolean
yc_case_read_applicant (YcCase              *self,
                        const YcJsonReader  *reader,
                        JsonObject          *applicant,
                        const char          *path,
                        GError             **error)
{
  g_autofree char *kind_path = yc_json_path (path, "kind");
  const char *values[3];
  YcApplicantKind kind;

  for (guint i = 0; applicant_required[i] != NULL; i++)
    if (!yc_json_get_string (reader, applicant, applicant_required[i], path, YC_JSON_REQUIRED,
                             &values[i], error))
      return FALSE;
  if (!yc_applicant_kind_from_string (values[0], &kind))
    return yc_json_fail (reader, error, kind_path, _("unknown applicant kind “%s”"), values[0]);

  g_clear_pointer (&self->applicant, json_object_unref);
  self->applicant = json_object_is_immutable (applicant) ? json_object_ref (applicant)
                                                         : yc_json_object_copy (applicant);
  return TRUE;
}

YcCaseMaterialVersion *
yc_case_read_material (const YcJsonReader  *reader,
                       JsonObject          *object,
                       const char          *path,
                       gboolean             stored,
                       GError             **error)
{
  g_autofree char *state_path = yc_json_path (path, "state");
  const char *code, *name, *state_str, *sha256, *defect, *added_at = NULL;
  gint64 copies = 1, pages = 0, version = 1;
  YcCaseMaterialState state;
  YcCaseMaterialVersion *material;

  if (!yc_json_check_members (reader, object,
                              stored ? stored_material_members : accept_material_members,
                              path, error)
      || !yc_json_get_string (reader, object, "code", path, YC_JSON_REQUIRED, &code, error)
      || !yc_json_get_string (reader, object, "name", path, YC_JSON_REQUIRED, &name, error)
      || !yc_json_get_string (reader, object, "state", path, YC_JSON_REQUIRED, &state_str, error)
      || !yc_json_get_int (reader, object, "copies", path, YC_JSON_OPTIONAL, 0, 1000, &copies, error)
      || !yc_json_get_int (reader, object, "pages", path, YC_JSON_OPTIONAL, 0, 100000, &pages, error)
      || !yc_json_get_sha256 (reader, object, "blob_sha256", path, YC_JSON_NULLABLE, &sha256, error)
      || !yc_json_get_string (reader, object, "defect_reason", path, YC_JSON_NULLABLE, &defect,
                              error))
    return NULL;
  if (stored
      && (!yc_json_get_int (reader, object, "version", path, YC_JSON_REQUIRED, 1, G_MAXUINT,
                            &version, error)
          || !yc_json_get_timestamp (reader, object, "added_at", path, YC_JSON_REQUIRED, &added_at,
                                     error)))
    return NULL;
  if (!yc_case_material_state_from_string (state_str, &state))
    {
      yc_json_fail (reader, error, state_path, _("unknown material state “%s”"), state_str);
      return NULL;
    }
  /* Only a provided material is a scan on file; anything else with a scan is a mix-up. */
  if (sha256 != NULL && state != YC_CASE_MATERIAL_PROVIDED)
    {
      g_autofree char *p = yc_json_path (path, "blob_sha256");
      yc_json_fail (reader, error, p, _("only a provided material has a scanned file"));
      return NULL;
    }
  if (defect != NULL && state != YC_CASE_MATERIAL_DEFECTIVE)
    {
      g_autofree char *p = yc_json_path (path, "defect_reason");
      yc_json_fail (reader, error, p, _("only a defective material has a defect reason"));
      return NULL;
    }
  if (defect == NULL && state == YC_CASE_MATERIAL_DEFECTIVE)
    {
      g_autofree char *p = yc_json_path (path, "defect_reason");
      yc_json_fail (reader, error, p, _("a defective material needs its reason"));
      return NULL;
    }

  material = g_new0 (YcCaseMaterialVersion, 1);
  material->code = g_strdup (code);
  material->name = g_strdup (name);
  material->state = state;
  material->copies = (guint) copies;
  material->pages = (guint) pages;
  material->blob_sha256 = g_strdup (sha256);
  material->defect_reason = g_strdup (defect);
  material->version = (guint) version;
  material->added_at = g_strdup (added_at);
  return material;
}

YcCaseTolerated *
yc_case_read_tolerated (const YcJsonReader  *reader,
                        JsonObject          *object,
                        const char          *path,
                        gboolean             stored,
                        GError             **error)
{
  const char *material;
  gboolean received = FALSE;
  GDate due, received_on;
  YcCaseTolerated *tolerated;

  g_date_clear (&received_on, 1);
  if (!yc_json_check_members (reader, object,
                              stored ? stored_tolerated_members : accept_tolerated_members,
                              path, error)
      || !yc_json_get_string (reader, object, "material", path, YC_JSON_REQUIRED, &material, error)
      || !yc_json_get_date (reader, object, "due", path, YC_JSON_REQUIRED, &due, error))
    return NULL;
  if (stored
      && (!yc_json_get_bool (reader, object, "received", path, YC_JSON_REQUIRED, &received, error)
          || !yc_json_get_date (reader, object, "received_on", path, YC_JSON_NULLABLE,
                                &received_on, error)))
    return NULL;
  if (received != g_date_valid (&received_on))
    {
      g_autofree char *p = yc_json_path (path, "received_on");
      yc_json_fail (reader, error, p, _("set exactly when the material was received"));
      return NULL;
    }

  tolerated = g_new0 (YcCaseTolerated, 1);
  tolerated->material = g_strdup (material);
  tolerated->due = due;
  tolerated->received = received;
  tolerated->received_on = received_on;
  return tolerated;
}

YcCasePledge *
yc_case_read_pledge (const YcJsonReader  *reader,
                     JsonObject          *object,
                     const char          *path,
                     gboolean             stored,
                     GError             **error)
{
  const char *material, *status_str = NULL, *verified_by = NULL, *note = NULL;
  YcPledgeStatus status = YC_PLEDGE_DUE;
  GDate due, verified_on;
  YcCasePledge *pledge;

  g_date_clear (&verified_on, 1);
  if (!yc_json_check_members (reader, object,
                              stored ? stored_pledge_members : accept_pledge_members,
                              path, error)
      || !yc_json_get_string (reader, object, "material", path, YC_JSON_REQUIRED, &material, error)
      || !yc_json_get_date (reader, object, "due", path, YC_JSON_REQUIRED, &due, error))
    return NULL;
  if (stored
      && (!yc_json_get_string (reader, object, "status", path, YC_JSON_REQUIRED, &status_str, error)
          || !yc_json_get_string (reader, object, "verified_by", path, YC_JSON_NULLABLE,
                                  &verified_by, error)
          || !yc_json_get_date (reader, object, "verified_on", path, YC_JSON_NULLABLE,
                                &verified_on, error)
          || !yc_json_get_text (reader, object, "note", path, YC_JSON_NULLABLE, &note, error)))
    return NULL;
  if (status_str != NULL && !yc_pledge_status_from_string (status_str, &status))
    {
      g_autofree char *p = yc_json_path (path, "status");
      yc_json_fail (reader, error, p, _("unknown pledge status “%s”"), status_str);
      return NULL;
    }

  pledge = g_new0 (YcCasePledge, 1);
  pledge->material = g_strdup (material);
  pledge->due = due;
  pledge->status = status;
  pledge->verified_by = g_strdup (verified_by);
  pledge->verified_on = verified_on;
  pledge->note = g_strdup (note);
  return pledge;
}
