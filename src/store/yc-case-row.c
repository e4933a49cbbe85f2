/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case.h"
#include "yc-case-row-private.h"

struct _YcCaseRow
{
  GObject         parent_instance;

  YcCaseRowData   data;
  YcCaseRowBatch *batch;   /* until read: the batch that reads it */
  guint           index;   /* its place in the batch */
};

struct _YcCaseRowBatch
{
  guint             ref_count;
  YcCaseRowReadFunc read;
  gpointer          user_data;
  GDestroyNotify    destroy;
  GPtrArray        *rows;     /* not owned; NULL once read or finalized */
  GArray           *rowids;
};

G_DEFINE_FINAL_TYPE (YcCaseRow, yc_case_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NUMBER,
  PROP_SUBJECT_CODE,
  PROP_SUBJECT_NAME,
  PROP_APPLICANT_NAME,
  PROP_DEPARTMENT,
  PROP_DEPARTMENT_NAME,
  PROP_PART_STATE,
  PROP_PART_STATE_LABEL,
  PROP_CLAIMED_BY,
  PROP_HALL,
  PROP_WINDOW,
  PROP_ACCEPTED_ON,
  PROP_DEADLINE,
  PROP_DEADLINE_STATUS,
  PROP_DEADLINE_STATUS_LABEL,
  PROP_REMAINING_DAYS,
  PROP_PAUSED,
  PROP_OPEN_URGES,
  PROP_SYNC_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_data (YcCaseRowData *data)
{
  g_free (data->uuid);
  g_free (data->number);
  g_free (data->subject_code);
  g_free (data->subject_name);
  g_free (data->applicant_name);
  g_free (data->department);
  g_free (data->department_name);
  g_free (data->part_state);
  g_free (data->claimed_by);
  g_free (data->hall);
  g_free (data->window);
  g_free (data->accepted_on);
  g_free (data->deadline);
  g_free (data->sync_state);
  memset (data, 0, sizeof *data);
}

/* Every row of the batch still waiting is read now: a view that shows one row of a page
 * shows its neighbours too, and a page read by primary key at once costs well under a
 * millisecond. */
static void
read_batch (YcCaseRowBatch *batch)
{
  batch->ref_count++;
  for (guint i = 0; i < batch->rows->len; i++)
    {
      YcCaseRow *row = g_ptr_array_index (batch->rows, i);

      if (row == NULL)
        continue;
      batch->rows->pdata[i] = NULL;
      row->batch = NULL;
      if (!batch->read (g_array_index (batch->rowids, gint64, i), &row->data, batch->user_data))
        {
          /* The part went away after the order was computed; the refresh that follows the
           * change removes the row.  A view must get an item for every position meanwhile. */
          clear_data (&row->data);
          row->data.uuid = g_strdup ("");
          row->data.number = g_strdup ("—");
          row->data.part_state = g_strdup ("");
          row->data.sync_state = g_strdup ("");
        }
      yc_case_row_batch_unref (batch);
    }
  yc_case_row_batch_unref (batch);
}

static inline void
ensure_read (YcCaseRow *self)
{
  if (G_UNLIKELY (self->batch != NULL))
    read_batch (self->batch);
}

static void
yc_case_row_finalize (GObject *object)
{
  YcCaseRow *self = (YcCaseRow *)object;

  if (self->batch != NULL)
    {
      self->batch->rows->pdata[self->index] = NULL;
      yc_case_row_batch_unref (self->batch);
    }
  clear_data (&self->data);

  G_OBJECT_CLASS (yc_case_row_parent_class)->finalize (object);
}

static void
yc_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  YcCaseRow *self = YC_CASE_ROW (object);

  ensure_read (self);
  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->data.uuid);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->data.number);
      break;
    case PROP_SUBJECT_CODE:
      g_value_set_string (value, self->data.subject_code);
      break;
    case PROP_SUBJECT_NAME:
      g_value_set_string (value, yc_case_row_get_subject_name (self));
      break;
    case PROP_APPLICANT_NAME:
      g_value_set_string (value, self->data.applicant_name);
      break;
    case PROP_DEPARTMENT:
      g_value_set_string (value, self->data.department);
      break;
    case PROP_DEPARTMENT_NAME:
      g_value_set_string (value, yc_case_row_get_department_name (self));
      break;
    case PROP_PART_STATE:
      g_value_set_string (value, self->data.part_state);
      break;
    case PROP_PART_STATE_LABEL:
      g_value_set_string (value, yc_case_row_get_part_state_label (self));
      break;
    case PROP_CLAIMED_BY:
      g_value_set_string (value, self->data.claimed_by);
      break;
    case PROP_HALL:
      g_value_set_string (value, self->data.hall);
      break;
    case PROP_WINDOW:
      g_value_set_string (value, self->data.window);
      break;
    case PROP_ACCEPTED_ON:
      g_value_set_string (value, self->data.accepted_on);
      break;
    case PROP_DEADLINE:
      g_value_set_string (value, self->data.deadline);
      break;
    case PROP_DEADLINE_STATUS:
      g_value_set_string (value, yc_case_row_get_deadline_status (self));
      break;
    case PROP_DEADLINE_STATUS_LABEL:
      g_value_set_string (value, yc_case_row_get_deadline_status_label (self));
      break;
    case PROP_REMAINING_DAYS:
      g_value_set_int (value, self->data.remaining);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->data.paused);
      break;
    case PROP_OPEN_URGES:
      g_value_set_uint (value, self->data.open_urges);
      break;
    case PROP_SYNC_STATE:
      g_value_set_string (value, self->data.sync_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
yc_case_row_class_init (YcCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_case_row_finalize;
  object_class->get_property = yc_case_row_get_property;

  properties[PROP_UUID] = string_property ("uuid");
  properties[PROP_NUMBER] = string_property ("number");
  properties[PROP_SUBJECT_CODE] = string_property ("subject-code");
  properties[PROP_SUBJECT_NAME] = string_property ("subject-name");
  properties[PROP_APPLICANT_NAME] = string_property ("applicant-name");
  properties[PROP_DEPARTMENT] = string_property ("department");
  properties[PROP_DEPARTMENT_NAME] = string_property ("department-name");
  properties[PROP_PART_STATE] = string_property ("part-state");
  properties[PROP_PART_STATE_LABEL] = string_property ("part-state-label");
  properties[PROP_CLAIMED_BY] = string_property ("claimed-by");
  properties[PROP_HALL] = string_property ("hall");
  properties[PROP_WINDOW] = string_property ("window");
  properties[PROP_ACCEPTED_ON] = string_property ("accepted-on");
  properties[PROP_DEADLINE] = string_property ("deadline");
  properties[PROP_DEADLINE_STATUS] = string_property ("deadline-status");
  properties[PROP_DEADLINE_STATUS_LABEL] = string_property ("deadline-status-label");
  properties[PROP_REMAINING_DAYS] =
    g_param_spec_int ("remaining-days", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN_URGES] =
    g_param_spec_uint ("open-urges", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_STATE] = string_property ("sync-state");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_row_init (YcCaseRow *self)
{
}

/**
 * yc_case_row_new_take:
 * @data: (transfer full): the row's values; its strings now belong to the row, and @data
 *   is cleared
 *
 * Returns: (transfer full): a new row
 */
YcCaseRow *
yc_case_row_new_take (YcCaseRowData *data)
{
  YcCaseRow *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (YC_TYPE_CASE_ROW, NULL);
  self->data = *data;
  memset (data, 0, sizeof *data);
  return self;
}

YcCaseRowBatch *
yc_case_row_batch_new (YcCaseRowReadFunc read,
                       gpointer          user_data,
                       GDestroyNotify    destroy)
{
  YcCaseRowBatch *batch;

  g_return_val_if_fail (read != NULL, NULL);

  batch = g_new0 (YcCaseRowBatch, 1);
  batch->ref_count = 1;
  batch->read = read;
  batch->user_data = user_data;
  batch->destroy = destroy;
  batch->rows = g_ptr_array_new ();
  batch->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return batch;
}

void
yc_case_row_batch_unref (YcCaseRowBatch *batch)
{
  g_return_if_fail (batch != NULL);

  if (--batch->ref_count > 0)
    return;
  if (batch->destroy != NULL)
    batch->destroy (batch->user_data);
  g_ptr_array_unref (batch->rows);
  g_array_unref (batch->rowids);
  g_free (batch);
}

/**
 * yc_case_row_new_pending:
 * @batch: the batch that reads the row
 * @rowid: the row's id in case_parts
 *
 * Returns: (transfer full): a row that reads itself, with the rest of @batch, when first
 *   asked for anything
 */
YcCaseRow *
yc_case_row_new_pending (YcCaseRowBatch *batch,
                         gint64          rowid)
{
  YcCaseRow *self;

  g_return_val_if_fail (batch != NULL, NULL);

  self = g_object_new (YC_TYPE_CASE_ROW, NULL);
  self->batch = batch;
  batch->ref_count++;
  self->index = batch->rows->len;
  g_ptr_array_add (batch->rows, self);
  g_array_append_val (batch->rowids, rowid);
  return self;
}

gboolean
yc_case_row_is_read (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), FALSE);
  return self->batch == NULL;
}

gboolean
yc_case_row_equal (YcCaseRow *a,
                   YcCaseRow *b)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (a), FALSE);
  g_return_val_if_fail (YC_IS_CASE_ROW (b), FALSE);

  ensure_read (a);
  ensure_read (b);
  return g_strcmp0 (a->data.uuid, b->data.uuid) == 0
         && g_strcmp0 (a->data.number, b->data.number) == 0
         && g_strcmp0 (a->data.subject_code, b->data.subject_code) == 0
         && g_strcmp0 (a->data.subject_name, b->data.subject_name) == 0
         && g_strcmp0 (a->data.applicant_name, b->data.applicant_name) == 0
         && g_strcmp0 (a->data.department, b->data.department) == 0
         && g_strcmp0 (a->data.department_name, b->data.department_name) == 0
         && g_strcmp0 (a->data.part_state, b->data.part_state) == 0
         && g_strcmp0 (a->data.claimed_by, b->data.claimed_by) == 0
         && g_strcmp0 (a->data.hall, b->data.hall) == 0
         && g_strcmp0 (a->data.window, b->data.window) == 0
         && g_strcmp0 (a->data.accepted_on, b->data.accepted_on) == 0
         && g_strcmp0 (a->data.deadline, b->data.deadline) == 0
         && g_strcmp0 (a->data.sync_state, b->data.sync_state) == 0
         && a->data.has_clock == b->data.has_clock
         && a->data.state == b->data.state
         && a->data.remaining == b->data.remaining
         && a->data.paused == b->data.paused
         && a->data.open_urges == b->data.open_urges;
}

const char *
yc_case_row_get_uuid (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.uuid;
}

const char *
yc_case_row_get_number (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.number;
}

const char *
yc_case_row_get_subject_code (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.subject_code;
}

/* The item's name, or its code for a case that came without one. */
const char *
yc_case_row_get_subject_name (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.subject_name != NULL ? self->data.subject_name : self->data.subject_code;
}

const char *
yc_case_row_get_applicant_name (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.applicant_name;
}

const char *
yc_case_row_get_department (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.department;
}

/* The catalog's short name of the department, or its code when the catalog lacks it. */
const char *
yc_case_row_get_department_name (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.department_name != NULL ? self->data.department_name : self->data.department;
}

const char *
yc_case_row_get_part_state (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.part_state;
}

const char *
yc_case_row_get_part_state_label (YcCaseRow *self)
{
  YcCaseState state;

  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);

  if (!yc_case_state_from_string (self->data.part_state, &state))
    return self->data.part_state;
  return yc_case_state_label (state);
}

const char *
yc_case_row_get_claimed_by (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.claimed_by;
}

const char *
yc_case_row_get_hall (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.hall;
}

const char *
yc_case_row_get_window (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.window;
}

const char *
yc_case_row_get_accepted_on (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.accepted_on;
}

const char *
yc_case_row_get_deadline (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.deadline;
}

const char *
yc_case_row_get_deadline_status (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);

  if (!self->data.has_clock)
    return "none";
  return yc_deadline_state_to_string (self->data.state);
}

const char *
yc_case_row_get_deadline_status_label (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);

  if (!self->data.has_clock)
    return _("No time limit");
  return yc_deadline_state_label (self->data.state);
}

gboolean
yc_case_row_get_deadline_state (YcCaseRow       *self,
                                YcDeadlineState *out_state)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), FALSE);
  ensure_read (self);

  if (out_state != NULL)
    *out_state = self->data.state;
  return self->data.has_clock;
}

int
yc_case_row_get_remaining_days (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), 0);
  ensure_read (self);
  return self->data.remaining;
}

gboolean
yc_case_row_get_paused (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), FALSE);
  ensure_read (self);
  return self->data.paused;
}

guint
yc_case_row_get_open_urges (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), 0);
  ensure_read (self);
  return self->data.open_urges;
}

const char *
yc_case_row_get_sync_state (YcCaseRow *self)
{
  g_return_val_if_fail (YC_IS_CASE_ROW (self), NULL);
  ensure_read (self);
  return self->data.sync_state;
}
