/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-file-import.h"
#include "yc-page-intake.h"
#include "yc-page-item.h"

typedef struct {
  YcIntakeMaterial *material;
  GCancellable     *work;      /* what the material is busy with for this job */
  guint             position;  /* where the next page goes */
  gboolean          replace;   /* the first page replaces the one at position */
  guint             added;
} Job;

static void
job_free (Job *job)
{
  /* The task may be finalized after the next job began: end only this one. */
  yc_intake_material_end_work (job->material, job->work);
  g_object_unref (job->work);
  g_object_unref (job->material);
  g_free (job);
}

static Job *
job_new (YcIntakeMaterial *material,
         GCancellable     *work,
         guint             position,
         gboolean          replace)
{
  Job *job = g_new0 (Job, 1);
  guint n = yc_intake_material_get_n_pages (material);

  job->material = g_object_ref (material);
  job->work = g_object_ref (work);
  job->position = MIN (position, n);
  job->replace = replace && position < n;
  return job;
}

static void
job_add (Job        *job,
         YcScanPage *page)
{
  GListStore *pages = yc_intake_material_get_pages (job->material);
  g_autoptr(YcPageItem) item = yc_page_item_new (page);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  job->position = MIN (job->position, n);
  g_list_store_splice (pages, job->position, job->replace ? 1 : 0, (gpointer *) &item, 1);
  job->replace = FALSE;
  job->position++;
  job->added++;

  /* Paper on the scanner is paper in hand: the clerk need not mark it as well. */
  if (yc_intake_material_get_state (job->material) == YC_INTAKE_STATE_MISSING)
    yc_intake_material_set_state (job->material,
                                  yc_intake_material_get_form (job->material) == YC_MATERIAL_FORM_ORIGINAL
                                  ? YC_INTAKE_STATE_ORIGINAL : YC_INTAKE_STATE_COPIES);
}

static GTask *
start (YcIntakeMaterial    *material,
       guint                position,
       gboolean             replace,
       gpointer             source_tag,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GTask *task = g_task_new (material, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (yc_intake_material_get_busy (material))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("“%s” is being scanned: wait for it or cancel it first"),
                               yc_intake_material_get_name (material));
      g_object_unref (task);
      return NULL;
    }
  yc_intake_material_begin_work (material, cancellable);
  g_task_set_task_data (task, job_new (material, cancellable, position, replace), (GDestroyNotify) job_free);
  return task;
}

static void
scan_page_cb (YcScanPage *page,
              guint       index,
              gpointer    user_data)
{
  GTask *task = user_data;

  job_add (g_task_get_task_data (task), page);
}

static void
scan_progress_cb (guint    index,
                  double   fraction,
                  gpointer user_data)
{
  Job *job = g_task_get_task_data (G_TASK (user_data));

  yc_intake_material_set_progress (job->material, fraction);
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (task);

  /* Not busy any more when the caller hears of it: it may scan the next material at once. */
  yc_intake_material_end_work (job->material, job->work);
  if (!yc_scanner_scan_finish (YC_SCANNER (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
yc_page_intake_scan_async (YcIntakeMaterial     *material,
                           const char           *device,
                           const YcScanSettings *settings,
                           guint                 position,
                           gboolean              replace,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(YcScanner) scanner = NULL;
  GTask *task;

  g_return_if_fail (YC_IS_INTAKE_MATERIAL (material));
  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);

  task = start (material, position, replace, yc_page_intake_scan_async, callback, user_data);
  if (task == NULL)
    return;
  scanner = yc_scanner_dup_default ();
  /* The page and progress callbacks hold the task until the scan is over. */
  yc_scanner_scan_async (scanner, device, settings, scan_progress_cb, scan_page_cb,
                         g_object_ref (task), g_object_unref,
                         g_task_get_cancellable (task), scanned_cb, task);
}

static gboolean
finish (GAsyncResult  *result,
        gpointer       source_tag,
        guint         *out_pages,
        GError       **error)
{
  Job *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (out_pages != NULL)
    *out_pages = job != NULL ? job->added : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
yc_page_intake_scan_finish (GAsyncResult  *result,
                            guint         *out_pages,
                            GError       **error)
{
  return finish (result, yc_page_intake_scan_async, out_pages, error);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = yc_file_import_finish (result, &error);
  Job *job = g_task_get_task_data (task);

  yc_intake_material_end_work (job->material, job->work);
  if (pages == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < pages->len; i++)
    job_add (job, g_ptr_array_index (pages, i));
  g_task_return_boolean (task, TRUE);
}

void
yc_page_intake_import_async (YcIntakeMaterial    *material,
                             GFile               *file,
                             guint                position,
                             gboolean             replace,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_INTAKE_MATERIAL (material));
  g_return_if_fail (G_IS_FILE (file));

  task = start (material, position, replace, yc_page_intake_import_async, callback, user_data);
  if (task == NULL)
    return;
  yc_intake_material_set_progress (material, -1.0);
  yc_file_import_async (file, YC_SCAN_PAGE_DEFAULT_JPEG_QUALITY, g_task_get_cancellable (task),
                        imported_cb, task);
}

gboolean
yc_page_intake_import_finish (GAsyncResult  *result,
                              guint         *out_pages,
                              GError       **error)
{
  return finish (result, yc_page_intake_import_async, out_pages, error);
}
