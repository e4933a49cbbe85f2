/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-scans"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-intake-material.h"
#include "yc-intake-scans.h"
#include "yc-page-item.h"
#include "yc-page-pdf.h"

typedef struct {
  char      *code;
  char      *name;
  GPtrArray *pages;  /* of YcScanPage, taken when the clerk confirmed */
} Pending;

typedef struct {
  YcStore *store;
  GArray  *pending;  /* of Pending */
  guint    next;
  GArray  *scans;    /* of YcCaseScan */
} Job;

static void
pending_clear (Pending *pending)
{
  g_free (pending->code);
  g_free (pending->name);
  g_clear_pointer (&pending->pages, g_ptr_array_unref);
}

static void
scan_clear (YcCaseScan *scan)
{
  g_free ((char *) scan->material);
  g_free ((char *) scan->blob_sha256);
}

static void
job_free (Job *job)
{
  g_object_unref (job->store);
  g_array_unref (job->pending);
  g_array_unref (job->scans);
  g_free (job);
}

static void store_next (GTask *task);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  Pending *pending = &g_array_index (job->pending, Pending, job->next);
  g_autoptr(GError) error = NULL;
  char *sha256 = yc_store_put_blob_finish (YC_STORE (object), result, &error);
  YcCaseScan scan = { 0 };

  if (sha256 == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  scan.material = g_strdup (pending->code);
  scan.blob_sha256 = sha256;
  scan.pages = pending->pages->len;
  g_array_append_val (job->scans, scan);
  job->next++;
  store_next (g_steal_pointer (&task));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  Pending *pending = &g_array_index (job->pending, Pending, job->next);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = yc_page_pdf_write_finish (result, &error);
  GCancellable *cancellable;

  if (pdf == NULL)
    {
      /* Translators: the material, then why its pages could not be saved */
      g_task_return_new_error (task, error->domain, error->code, _("The pages of “%s” were not saved: %s"),
                               pending->name, error->message);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  yc_store_put_blob_async (job->store, pdf, "application/pdf", cancellable,
                           stored_cb, g_steal_pointer (&task));
}

static void
store_next (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  if (job->next >= job->pending->len)
    {
      g_task_return_pointer (task, g_array_ref (job->scans), (GDestroyNotify) g_array_unref);
      g_object_unref (task);
      return;
    }
  yc_page_pdf_write_async (g_array_index (job->pending, Pending, job->next).pages,
                           g_task_get_cancellable (task), written_cb, task);
}

void
yc_intake_scans_store_async (YcStore             *store,
                             GListModel          *materials,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Job *job;
  guint n;

  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (G_IS_LIST_MODEL (materials));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_intake_scans_store_async);
  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_array_set_clear_func (job->pending, (GDestroyNotify) pending_clear);
  job->scans = g_array_new (FALSE, TRUE, sizeof (YcCaseScan));
  g_array_set_clear_func (job->scans, (GDestroyNotify) scan_clear);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  /* The pages as they are now: an edit after confirming is not part of this case. */
  n = g_list_model_get_n_items (materials);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (materials, i);
      YcIntakeState state = yc_intake_material_get_state (material);
      Pending pending = { 0 };

      /* Only a material the case holds as provided keeps a file (yc-case-builder.c). */
      if (yc_intake_material_get_n_pages (material) == 0
          || (state != YC_INTAKE_STATE_ORIGINAL && state != YC_INTAKE_STATE_COPIES))
        continue;
      pending.code = g_strdup (yc_intake_material_get_code (material));
      pending.name = g_strdup (yc_intake_material_get_name (material));
      pending.pages = yc_page_item_list_pages (G_LIST_MODEL (yc_intake_material_get_pages (material)));
      g_array_append_val (job->pending, pending);
    }
  store_next (task);
}

GArray *
yc_intake_scans_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
