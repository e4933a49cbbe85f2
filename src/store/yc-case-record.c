/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-store"

#include "config.h"

#include "yc-case-record.h"

const char *
yc_case_kind_to_string (YcCaseKind kind)
{
  switch (kind)
    {
    case YC_CASE_KIND_ITEM:
      return "item";
    case YC_CASE_KIND_BUNDLE:
      return "bundle";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
yc_case_kind_from_string (const char *str,
                          YcCaseKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "item") == 0)
    *kind = YC_CASE_KIND_ITEM;
  else if (g_strcmp0 (str, "bundle") == 0)
    *kind = YC_CASE_KIND_BUNDLE;
  else
    return FALSE;
  return TRUE;
}

YcCaseMaterial *
yc_case_material_new (const char *code,
                      const char *state,
                      guint       copies,
                      guint       pages,
                      const char *blob_sha256,
                      const char *defect_reason)
{
  YcCaseMaterial *material = g_new0 (YcCaseMaterial, 1);

  material->code = g_strdup (code);
  material->state = g_strdup (state);
  material->copies = copies;
  material->pages = pages;
  material->blob_sha256 = g_strdup (blob_sha256);
  material->defect_reason = g_strdup (defect_reason);
  return material;
}

YcCaseMaterial *
yc_case_material_copy (const YcCaseMaterial *material)
{
  g_return_val_if_fail (material != NULL, NULL);

  return yc_case_material_new (material->code, material->state, material->copies,
                               material->pages, material->blob_sha256,
                               material->defect_reason);
}

void
yc_case_material_free (YcCaseMaterial *material)
{
  if (material == NULL)
    return;
  g_free (material->code);
  g_free (material->state);
  g_free (material->blob_sha256);
  g_free (material->defect_reason);
  g_free (material);
}

YcCaseDraft *
yc_case_draft_new (YcCaseKind  kind,
                   const char *subject_code)
{
  YcCaseDraft *draft = g_new0 (YcCaseDraft, 1);

  draft->kind = kind;
  draft->subject_code = g_strdup (subject_code);
  draft->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);
  return draft;
}

/* Async calls copy the draft so the caller may change or free its own at once. */
YcCaseDraft *
yc_case_draft_copy (const YcCaseDraft *draft)
{
  YcCaseDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = yc_case_draft_new (draft->kind, draft->subject_code);
  copy->scenario_json = g_strdup (draft->scenario_json);
  copy->catalog_version = g_strdup (draft->catalog_version);
  copy->applicant_json = g_strdup (draft->applicant_json);
  copy->decision = g_strdup (draft->decision);
  copy->state = g_strdup (draft->state);
  copy->accepted_at = draft->accepted_at ? g_date_time_ref (draft->accepted_at) : NULL;
  copy->supplement_due = g_strdup (draft->supplement_due);
  for (guint i = 0; draft->materials != NULL && i < draft->materials->len; i++)
    g_ptr_array_add (copy->materials, yc_case_material_copy (g_ptr_array_index (draft->materials, i)));
  return copy;
}

void
yc_case_draft_free (YcCaseDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->subject_code);
  g_free (draft->scenario_json);
  g_free (draft->catalog_version);
  g_free (draft->applicant_json);
  g_free (draft->decision);
  g_free (draft->state);
  g_clear_pointer (&draft->accepted_at, g_date_time_unref);
  g_free (draft->supplement_due);
  g_clear_pointer (&draft->materials, g_ptr_array_unref);
  g_free (draft);
}

void
yc_case_draft_add_material (YcCaseDraft *draft,
                            const char  *code,
                            const char  *state,
                            guint        copies,
                            guint        pages,
                            const char  *blob_sha256,
                            const char  *defect_reason)
{
  g_return_if_fail (draft != NULL);

  g_ptr_array_add (draft->materials,
                   yc_case_material_new (code, state, copies, pages, blob_sha256, defect_reason));
}

void
yc_stored_case_free (YcStoredCase *stored)
{
  if (stored == NULL)
    return;
  g_free (stored->uuid);
  g_free (stored->number);
  g_free (stored->subject_code);
  g_free (stored->scenario_json);
  g_free (stored->catalog_version);
  g_free (stored->applicant_json);
  g_free (stored->decision);
  g_free (stored->state);
  g_clear_pointer (&stored->accepted_at, g_date_time_unref);
  g_free (stored->accepted_on);
  g_free (stored->supplement_due);
  g_free (stored->sync_state);
  g_clear_pointer (&stored->updated_at, g_date_time_unref);
  g_clear_pointer (&stored->materials, g_ptr_array_unref);
  g_free (stored);
}

void
yc_outbox_op_free (YcOutboxOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->case_uuid);
  g_free (op->kind);
  g_free (op->payload_json);
  g_clear_pointer (&op->created_at, g_date_time_unref);
  g_free (op->last_error);
  g_free (op);
}
