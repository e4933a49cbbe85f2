/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-intake-material"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-intake-material.h"
#include "yc-page-item.h"

/*
 * One row of the materials checklist: what the (merged) list demands, copied so that the row
 * outlives the rules results (the agent materials belong to a result), and what the clerk has
 * recorded.  The checklist shows these; the intake hands them to the rules input.
 */

struct _YcIntakeMaterial
{
  GObject         parent_instance;

  char           *code;
  char           *name;
  char           *summary;
  char           *shared_source;
  YcMaterialForm  form;
  guint           copies_required;
  gboolean        required;
  gboolean        core;
  gboolean        tolerable;
  gboolean        pledgeable;

  YcIntakeState   state;
  guint           copies;
  char           *reason;

  GListStore     *pages;        /* of YcPageItem */
  GCancellable   *work;         /* the scan or import running now, or NULL */
  double          progress;     /* of that work, 0–1, or -1 when unknown */
};

G_DEFINE_FINAL_TYPE (YcIntakeMaterial, yc_intake_material, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SUMMARY,
  PROP_STATE,
  PROP_COPIES,
  PROP_REASON,
  PROP_N_PAGES,
  PROP_BUSY,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_labels[YC_N_INTAKE_STATES] = {
  N_("Original checked"),
  N_("Copies received"),
  N_("Missing"),
  N_("Defective"),
  N_("Pledge"),
  N_("Shared data"),
};

static void
yc_intake_material_finalize (GObject *object)
{
  YcIntakeMaterial *self = (YcIntakeMaterial *)object;

  g_free (self->code);
  g_free (self->name);
  g_free (self->summary);
  g_free (self->shared_source);
  g_free (self->reason);
  if (self->work != NULL)
    g_cancellable_cancel (self->work);
  g_clear_object (&self->work);
  g_clear_object (&self->pages);

  G_OBJECT_CLASS (yc_intake_material_parent_class)->finalize (object);
}

static void
yc_intake_material_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YcIntakeMaterial *self = YC_INTAKE_MATERIAL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_COPIES:
      g_value_set_uint (value, self->copies);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, yc_intake_material_get_n_pages (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->work != NULL);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_material_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  YcIntakeMaterial *self = YC_INTAKE_MATERIAL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      yc_intake_material_set_state (self, g_value_get_int (value));
      break;
    case PROP_COPIES:
      yc_intake_material_set_copies (self, g_value_get_uint (value));
      break;
    case PROP_REASON:
      yc_intake_material_set_reason (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_material_class_init (YcIntakeMaterialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_intake_material_finalize;
  object_class->get_property = yc_intake_material_get_property;
  object_class->set_property = yc_intake_material_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * YcIntakeMaterial:state:
   *
   * A #YcIntakeState.
   */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, YC_N_INTAKE_STATES - 1, YC_INTAKE_STATE_MISSING,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPIES] =
    g_param_spec_uint ("copies", NULL, NULL, 0, 99, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pages_changed_cb (YcIntakeMaterial *self,
                  guint             position,
                  guint             removed,
                  guint             added)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
}

static void
yc_intake_material_init (YcIntakeMaterial *self)
{
  self->state = YC_INTAKE_STATE_MISSING;
  self->pages = g_list_store_new (YC_TYPE_PAGE_ITEM);
  g_signal_connect_object (self->pages, "items-changed", G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * yc_intake_material_new:
 * @material: a material of the merged list or one the rules engine added
 *
 * Returns: (transfer full): a row, missing unless shared data can serve the material
 */
YcIntakeMaterial *
yc_intake_material_new (const YcMergedMaterial *material)
{
  YcIntakeMaterial *self;
  GString *summary;

  g_return_val_if_fail (material != NULL, NULL);

  self = g_object_new (YC_TYPE_INTAKE_MATERIAL, NULL);
  self->code = g_strdup (material->material->code);
  self->name = g_strdup (material->material->name);
  self->shared_source = g_strdup (material->shared_source);
  self->form = material->form;
  self->copies_required = MAX (material->copies, 1);
  self->required = material->required;
  self->core = material->core;
  self->tolerable = material->tolerable;
  self->pledgeable = material->pledgeable;
  self->copies = self->copies_required;

  summary = g_string_new (yc_material_form_label (material->form));
  g_string_append (summary, " · ");
  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE, "%u copy", "%u copies", self->copies_required),
                          self->copies_required);
  g_string_append (summary, " · ");
  g_string_append (summary, material->required ? _("Required") : _("Optional"));
  self->summary = g_string_free (summary, FALSE);

  /* The hall fetches a shared material itself: the applicant owes no paper for it. */
  if (self->shared_source != NULL)
    self->state = YC_INTAKE_STATE_SHARED;

  return self;
}

const char *
yc_intake_material_get_code (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->code;
}

const char *
yc_intake_material_get_name (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->name;
}

/**
 * yc_intake_material_get_summary:
 *
 * Returns: form, copies and necessity in one line: 原件核验 · 1份 · 必要
 */
const char *
yc_intake_material_get_summary (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->summary;
}

YcMaterialForm
yc_intake_material_get_form (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), YC_MATERIAL_FORM_ORIGINAL);
  return self->form;
}

guint
yc_intake_material_get_copies_required (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), 1);
  return self->copies_required;
}

gboolean
yc_intake_material_get_required (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->required;
}

gboolean
yc_intake_material_get_core (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->core;
}

gboolean
yc_intake_material_get_tolerable (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->tolerable;
}

gboolean
yc_intake_material_get_pledgeable (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->pledgeable;
}

/**
 * yc_intake_material_get_shared_source:
 *
 * Returns: (nullable): the department whose data serves the material, or %NULL
 */
const char *
yc_intake_material_get_shared_source (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->shared_source;
}

/**
 * yc_intake_material_allows_state:
 *
 * Returns: whether the checklist offers @state for this material: shared data only with a
 *   shared-data source, a pledge only for a pledgeable certificate
 */
gboolean
yc_intake_material_allows_state (YcIntakeMaterial *self,
                                 YcIntakeState     state)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);

  switch (state)
    {
    case YC_INTAKE_STATE_SHARED:
      return self->shared_source != NULL;
    case YC_INTAKE_STATE_PLEDGED:
      return self->pledgeable;
    case YC_INTAKE_STATE_ORIGINAL:
    case YC_INTAKE_STATE_COPIES:
    case YC_INTAKE_STATE_MISSING:
    case YC_INTAKE_STATE_DEFECTIVE:
      return TRUE;
    default:
      return FALSE;
    }
}

YcIntakeState
yc_intake_material_get_state (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), YC_INTAKE_STATE_MISSING);
  return self->state;
}

void
yc_intake_material_set_state (YcIntakeMaterial *self,
                              YcIntakeState     state)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));
  g_return_if_fail (state < YC_N_INTAKE_STATES);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

guint
yc_intake_material_get_copies (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), 0);
  return self->copies;
}

void
yc_intake_material_set_copies (YcIntakeMaterial *self,
                               guint             copies)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));

  if (self->copies == copies)
    return;
  self->copies = copies;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIES]);
}

/**
 * yc_intake_material_get_reason:
 *
 * Returns: (nullable): why the material is defective, as the clerk wrote it
 */
const char *
yc_intake_material_get_reason (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->reason;
}

void
yc_intake_material_set_reason (YcIntakeMaterial *self,
                               const char       *reason)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));

  if (reason != NULL && *reason == '\0')
    reason = NULL;
  if (g_strcmp0 (self->reason, reason) == 0)
    return;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

/**
 * yc_intake_material_apply:
 * @input: the rules input of the intake
 *
 * Records the material's state in @input, in the rules engine's words.
 */
void
yc_intake_material_apply (YcIntakeMaterial *self,
                          YcRulesInput     *input)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));
  g_return_if_fail (input != NULL);

  switch (self->state)
    {
    case YC_INTAKE_STATE_ORIGINAL:
      yc_rules_input_set_provided (input, self->code, TRUE,
                                   yc_intake_material_get_copies_counted (self));
      break;
    case YC_INTAKE_STATE_COPIES:
      yc_rules_input_set_provided (input, self->code, FALSE,
                                   yc_intake_material_get_copies_counted (self));
      break;
    case YC_INTAKE_STATE_MISSING:
      yc_rules_input_set_missing (input, self->code);
      break;
    case YC_INTAKE_STATE_DEFECTIVE:
      yc_rules_input_set_defective (input, self->code, self->reason);
      break;
    case YC_INTAKE_STATE_PLEDGED:
      yc_rules_input_set_pledged (input, self->code);
      break;
    case YC_INTAKE_STATE_SHARED:
      yc_rules_input_set_shared (input, self->code);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * yc_intake_material_needs_pages:
 *
 * Whether the material is handed in only by its pages.  An electronic material (电子) has
 * no paper to pass on: its scan or imported file is the material, one page at least for
 * each copy required.  Paper materials (原件核验, 复印件) are complete on paper; their
 * pages, if any, are the case's electronic file and may be scanned later (docs/scanning.md).
 */
gboolean
yc_intake_material_needs_pages (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->form == YC_MATERIAL_FORM_ELECTRONIC;
}

/**
 * yc_intake_material_get_copies_counted:
 *
 * Returns: the copies the rules engine is told were handed in: the clerk's count, and for
 *   a material that needs pages no more than the pages scanned or imported
 */
guint
yc_intake_material_get_copies_counted (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), 0);

  if (yc_intake_material_needs_pages (self))
    return MIN (self->copies, yc_intake_material_get_n_pages (self));
  return self->copies;
}

/**
 * yc_intake_material_get_pages_short:
 *
 * Returns: whether the material is marked handed in but, needing pages, has fewer pages
 *   than copies required: not complete for the rules engine
 */
gboolean
yc_intake_material_get_pages_short (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);

  return (self->state == YC_INTAKE_STATE_ORIGINAL || self->state == YC_INTAKE_STATE_COPIES)
         && yc_intake_material_needs_pages (self)
         && yc_intake_material_get_n_pages (self) < self->copies_required;
}

/**
 * yc_intake_material_get_pages:
 *
 * Returns: (transfer none): the material's pages, a list of #YcPageItem in order
 */
GListStore *
yc_intake_material_get_pages (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), NULL);
  return self->pages;
}

guint
yc_intake_material_get_n_pages (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->pages));
}

gboolean
yc_intake_material_get_busy (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), FALSE);
  return self->work != NULL;
}

/**
 * yc_intake_material_get_progress:
 *
 * Returns: how far the running scan's current page is, 0–1; -1 when the device does not say
 */
double
yc_intake_material_get_progress (YcIntakeMaterial *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_MATERIAL (self), 0.0);
  return self->progress;
}

/**
 * yc_intake_material_begin_work:
 * @cancellable: cancels the scan or import that starts now
 *
 * The material is busy until yc_intake_material_end_work(): one scan or import at a time.
 */
void
yc_intake_material_begin_work (YcIntakeMaterial *self,
                               GCancellable     *cancellable)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->work == NULL);

  self->work = g_object_ref (cancellable);
  self->progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
yc_intake_material_set_progress (YcIntakeMaterial *self,
                                 double            fraction)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));

  fraction = fraction < 0.0 ? -1.0 : MIN (fraction, 1.0);
  if (self->progress == fraction)
    return;
  self->progress = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * yc_intake_material_end_work:
 * @cancellable: the one given to yc_intake_material_begin_work()
 *
 * Ends that work.  A work that already ended leaves the material as it is: the
 * material may be busy with the next scan by then.
 */
void
yc_intake_material_end_work (YcIntakeMaterial *self,
                             GCancellable     *cancellable)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  if (self->work != cancellable)
    return;
  g_clear_object (&self->work);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The clerk's 取消: the scan ends after the page being read; pages before it are kept. */
void
yc_intake_material_cancel_work (YcIntakeMaterial *self)
{
  g_return_if_fail (YC_IS_INTAKE_MATERIAL (self));

  if (self->work != NULL)
    g_cancellable_cancel (self->work);
}

/**
 * yc_intake_state_label:
 *
 * Returns: the translated name of @state as the checklist offers it
 */
const char *
yc_intake_state_label (YcIntakeState state)
{
  g_return_val_if_fail (state < YC_N_INTAKE_STATES, NULL);
  return _(state_labels[state]);
}
