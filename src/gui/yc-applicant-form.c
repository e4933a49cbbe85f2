/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-applicant-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-applicant-form-private.h"

/*
 * Who applies: a person or an enterprise, the name, the resident ID or the unified social
 * credit code, a mobile number, an agent, and the two credit flags the rules engine weighs.
 * Numbers are checked as they are typed (yc-identifiers.h) and the message shows under the
 * field.  A person's numbers are personal data: unless the clerk is editing them they show
 * masked; a number that does not check shows as typed, so that the mistake can be seen
 * (yc-applicant-form-fields.c).
 */

G_DEFINE_FINAL_TYPE (YcApplicantForm, yc_applicant_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_ID_NUMBER,
  PROP_MOBILE,
  PROP_AGENT,
  PROP_AGENT_NAME,
  PROP_AGENT_ID_NUMBER,
  PROP_DISHONEST,
  PROP_BROKEN_PLEDGE,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
find_problem (YcApplicantForm *self)
{
  gboolean person = yc_applicant_form_get_kind (self) == YC_APPLICANT_PERSON;
  const char *name = g_strstrip (g_strdup (entry_text (self->name_row)));
  gboolean has_name = *name != '\0';

  g_free ((char *) name);
  if (!has_name)
    return person ? _("Enter the applicant’s name.") : _("Enter the enterprise’s name.");
  if (self->fields[FIELD_ID].normalized == NULL)
    {
      if (self->checksum_warning)
        return _("The credit code’s check character disagrees: correct it or use it anyway.");
      return person ? _("Enter a valid resident ID number.") : _("Enter a valid unified social credit code.");
    }
  if (self->fields[FIELD_MOBILE].normalized == NULL)
    return _("Enter a valid mobile number.");
  if (adw_expander_row_get_enable_expansion (self->agent_row))
    {
      const char *agent = entry_text (self->agent_name_row);

      if (agent == NULL || *agent == '\0')
        return _("Enter the agent’s name.");
      if (self->fields[FIELD_AGENT_ID].normalized == NULL)
        return _("Enter the agent’s valid resident ID number.");
    }
  return NULL;
}

static void
emit_changed (YcApplicantForm *self)
{
  const char *problem;
  gboolean was_complete = self->problem == NULL;

  if (self->resetting)
    return;

  problem = find_problem (self);
  self->problem = problem;
  if (was_complete != (problem == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
mask_idle_cb (gpointer user_data)
{
  YcApplicantForm *self = user_data;

  self->mask_idle_id = 0;
  for (FieldId id = 0; id < N_FIELDS; id++)
    yc_applicant_form_field_show (self, id);
  return G_SOURCE_REMOVE;
}

static void
field_changed (YcApplicantForm *self,
               FieldId          id)
{
  Field *field = &self->fields[id];

  if (field->updating)
    return;

  g_free (field->value);
  field->value = g_strdup (entry_text (field->row));
  if (id == FIELD_ID)
    self->checksum_override = FALSE;
  yc_applicant_form_check_field (self, id);
  emit_changed (self);

  /* Text put in without the focus (a barcode reader, assistive technology) is not being
   * edited: mask it too, once the entry has finished changing it. */
  if (!field->focused && self->mask_idle_id == 0)
    self->mask_idle_id = g_idle_add (mask_idle_cb, self);
}

static void
field_focus_cb (GtkEventControllerFocus *controller,
                GParamSpec              *pspec,
                YcApplicantForm         *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (FieldId id = 0; id < N_FIELDS; id++)
    if (GTK_WIDGET (self->fields[id].row) == row)
      {
        gboolean focused = gtk_event_controller_focus_contains_focus (controller);

        if (self->fields[id].focused == focused)
          return;
        self->fields[id].focused = focused;
        yc_applicant_form_field_show (self, id);
        yc_applicant_form_check_field (self, id);
        return;
      }
}

static void
id_changed_cb (YcApplicantForm *self)
{
  field_changed (self, FIELD_ID);
}

static void
mobile_changed_cb (YcApplicantForm *self)
{
  field_changed (self, FIELD_MOBILE);
}

static void
agent_id_changed_cb (YcApplicantForm *self)
{
  field_changed (self, FIELD_AGENT_ID);
}

static void
field_changed_cb (YcApplicantForm *self)
{
  emit_changed (self);
}

static void
override_clicked_cb (YcApplicantForm *self)
{
  self->checksum_override = TRUE;
  yc_applicant_form_check_field (self, FIELD_ID);
  yc_applicant_form_field_show (self, FIELD_ID);
  emit_changed (self);
}

static void
update_kind_labels (YcApplicantForm *self)
{
  gboolean person = yc_applicant_form_get_kind (self) == YC_APPLICANT_PERSON;
  const char *name = person ? _("Full name") : _("Enterprise name");
  const char *id = person ? _("Resident ID number") : _("Unified social credit code");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_row), id);
}

static void
kind_changed_cb (YcApplicantForm *self)
{
  update_kind_labels (self);
  self->checksum_override = FALSE;
  yc_applicant_form_check_field (self, FIELD_ID);
  yc_applicant_form_field_show (self, FIELD_ID);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  emit_changed (self);
}

static void
agent_toggled_cb (YcApplicantForm *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
  emit_changed (self);
}

static void
set_field (YcApplicantForm *self,
           FieldId          id,
           const char      *value)
{
  Field *field = &self->fields[id];

  g_free (field->value);
  field->value = g_strdup (value != NULL ? value : "");
  if (id == FIELD_ID)
    self->checksum_override = FALSE;
  yc_applicant_form_check_field (self, id);
  yc_applicant_form_field_show (self, id);
  emit_changed (self);
}

static void
yc_applicant_form_dispose (GObject *object)
{
  YcApplicantForm *self = (YcApplicantForm *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->mask_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_APPLICANT_FORM);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_applicant_form_parent_class)->dispose (object);
}

static void
yc_applicant_form_finalize (GObject *object)
{
  YcApplicantForm *self = (YcApplicantForm *)object;

  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      g_free (self->fields[id].value);
      g_free (self->fields[id].normalized);
    }
  g_free (self->flag_id);
  g_free (self->flag_notice);

  G_OBJECT_CLASS (yc_applicant_form_parent_class)->finalize (object);
}

static void
yc_applicant_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, yc_applicant_form_get_kind (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, yc_applicant_form_get_name (self));
      break;
    case PROP_ID_NUMBER:
      g_value_set_string (value, yc_applicant_form_get_id_number (self));
      break;
    case PROP_MOBILE:
      g_value_set_string (value, yc_applicant_form_get_mobile (self));
      break;
    case PROP_AGENT:
      g_value_set_boolean (value, adw_expander_row_get_enable_expansion (self->agent_row));
      break;
    case PROP_AGENT_NAME:
      g_value_set_string (value, yc_applicant_form_get_agent_name (self));
      break;
    case PROP_AGENT_ID_NUMBER:
      g_value_set_string (value, yc_applicant_form_get_agent_id_number (self));
      break;
    case PROP_DISHONEST:
      g_value_set_boolean (value, gtk_switch_get_active (self->dishonest_switch));
      break;
    case PROP_BROKEN_PLEDGE:
      g_value_set_boolean (value, gtk_switch_get_active (self->broken_pledge_switch));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, yc_applicant_form_get_complete (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_applicant_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (object);
  const char *text;

  switch (prop_id)
    {
    case PROP_KIND:
      yc_applicant_form_set_kind (self, g_value_get_int (value));
      break;
    case PROP_NAME:
      text = g_value_get_string (value);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), text != NULL ? text : "");
      break;
    case PROP_ID_NUMBER:
      set_field (self, FIELD_ID, g_value_get_string (value));
      break;
    case PROP_MOBILE:
      set_field (self, FIELD_MOBILE, g_value_get_string (value));
      break;
    case PROP_AGENT:
      adw_expander_row_set_enable_expansion (self->agent_row, g_value_get_boolean (value));
      adw_expander_row_set_expanded (self->agent_row, g_value_get_boolean (value));
      break;
    case PROP_AGENT_NAME:
      text = g_value_get_string (value);
      gtk_editable_set_text (GTK_EDITABLE (self->agent_name_row), text != NULL ? text : "");
      break;
    case PROP_AGENT_ID_NUMBER:
      set_field (self, FIELD_AGENT_ID, g_value_get_string (value));
      break;
    case PROP_DISHONEST:
      gtk_switch_set_active (self->dishonest_switch, g_value_get_boolean (value));
      break;
    case PROP_BROKEN_PLEDGE:
      gtk_switch_set_active (self->broken_pledge_switch, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_applicant_form_class_init (YcApplicantFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_applicant_form_dispose;
  object_class->finalize = yc_applicant_form_finalize;
  object_class->get_property = yc_applicant_form_get_property;
  object_class->set_property = yc_applicant_form_set_property;

  /**
   * YcApplicantForm:kind:
   *
   * A #YcApplicantKind.
   */
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, YC_APPLICANT_PERSON,
                                            YC_APPLICANT_ENTERPRISE, YC_APPLICANT_PERSON, rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  /**
   * YcApplicantForm:id-number:
   *
   * The resident ID number or the credit code: normalised when it checks, else as typed.
   */
  properties[PROP_ID_NUMBER] = g_param_spec_string ("id-number", NULL, NULL, NULL, rw);
  properties[PROP_MOBILE] = g_param_spec_string ("mobile", NULL, NULL, NULL, rw);
  properties[PROP_AGENT] = g_param_spec_boolean ("agent", NULL, NULL, FALSE, rw);
  properties[PROP_AGENT_NAME] = g_param_spec_string ("agent-name", NULL, NULL, NULL, rw);
  properties[PROP_AGENT_ID_NUMBER] = g_param_spec_string ("agent-id-number", NULL, NULL, NULL, rw);
  properties[PROP_DISHONEST] = g_param_spec_boolean ("dishonest", NULL, NULL, FALSE, rw);
  properties[PROP_BROKEN_PLEDGE] = g_param_spec_boolean ("broken-pledge", NULL, NULL, FALSE, rw);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcApplicantForm::changed:
   *
   * Anything in the form changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-applicant-form.ui");
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, id_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, id_message_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, override_button);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, mobile_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, mobile_message_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_name_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_id_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_id_message_row);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, dishonest_switch);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, broken_pledge_switch);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mobile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agent_id_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agent_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, override_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_applicant_form_init (YcApplicantForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields[FIELD_ID].row = self->id_row;
  self->fields[FIELD_MOBILE].row = self->mobile_row;
  self->fields[FIELD_AGENT_ID].row = self->agent_id_row;
  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      GtkEventController *controller = gtk_event_controller_focus_new ();

      g_signal_connect (controller, "notify::contains-focus", G_CALLBACK (field_focus_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self->fields[id].row), controller);
    }

  update_kind_labels (self);
  self->problem = find_problem (self);
}

GtkWidget *
yc_applicant_form_new (void)
{
  return g_object_new (YC_TYPE_APPLICANT_FORM, NULL);
}

/**
 * yc_applicant_form_reset:
 *
 * Empties the form for the next applicant, of @kind.
 */
void
yc_applicant_form_reset (YcApplicantForm *self,
                         YcApplicantKind  kind)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));

  self->resetting = TRUE;
  g_clear_pointer (&self->flag_id, g_free);
  g_clear_pointer (&self->flag_notice, g_free);
  adw_combo_row_set_selected (self->kind_row, kind == YC_APPLICANT_ENTERPRISE ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  for (FieldId id = 0; id < N_FIELDS; id++)
    set_field (self, id, "");
  gtk_editable_set_text (GTK_EDITABLE (self->agent_name_row), "");
  adw_expander_row_set_enable_expansion (self->agent_row, FALSE);
  gtk_switch_set_active (self->dishonest_switch, FALSE);
  gtk_switch_set_active (self->broken_pledge_switch, FALSE);
  self->resetting = FALSE;
  emit_changed (self);
}

YcApplicantKind
yc_applicant_form_get_kind (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), YC_APPLICANT_PERSON);
  return adw_combo_row_get_selected (self->kind_row) == 1 ? YC_APPLICANT_ENTERPRISE : YC_APPLICANT_PERSON;
}

void
yc_applicant_form_set_kind (YcApplicantForm *self,
                            YcApplicantKind  kind)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));
  adw_combo_row_set_selected (self->kind_row, kind == YC_APPLICANT_ENTERPRISE ? 1 : 0);
}

/**
 * yc_applicant_form_get_applicant:
 * @out: (out caller-allocates): the applicant as the rules engine weighs it
 */
void
yc_applicant_form_get_applicant (YcApplicantForm *self,
                                 YcApplicant     *out)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));
  g_return_if_fail (out != NULL);

  out->kind = yc_applicant_form_get_kind (self);
  out->is_agent = adw_expander_row_get_enable_expansion (self->agent_row);
  out->dishonest = gtk_switch_get_active (self->dishonest_switch);
  out->broken_pledge = gtk_switch_get_active (self->broken_pledge_switch)
                       || yc_applicant_form_flag_applies (self);
}

const char *
yc_applicant_form_get_name (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return entry_text (self->name_row);
}

static const char *
field_value (Field *field)
{
  if (field->normalized != NULL)
    return field->normalized;
  return field->value != NULL ? field->value : "";
}

/**
 * yc_applicant_form_get_id_number:
 *
 * Returns: the resident ID number or credit code, normalised when it checks
 */
const char *
yc_applicant_form_get_id_number (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return field_value (&self->fields[FIELD_ID]);
}

const char *
yc_applicant_form_get_mobile (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return field_value (&self->fields[FIELD_MOBILE]);
}

const char *
yc_applicant_form_get_agent_name (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return entry_text (self->agent_name_row);
}

const char *
yc_applicant_form_get_agent_id_number (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return field_value (&self->fields[FIELD_AGENT_ID]);
}

/**
 * yc_applicant_form_get_problem:
 *
 * Returns: (nullable): what the clerk must still fill in or correct, one sentence; %NULL
 *   when the form is complete
 */
const char *
yc_applicant_form_get_problem (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return self->problem;
}

gboolean
yc_applicant_form_get_complete (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), FALSE);
  return self->problem == NULL;
}

/**
 * yc_applicant_form_get_checked_id_number:
 *
 * Returns: (nullable): the resident ID number or credit code, normalised, once it checks
 *   (or the clerk chose to use a credit code whose check character disagrees); else %NULL
 */
const char *
yc_applicant_form_get_checked_id_number (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return self->fields[FIELD_ID].normalized;
}

/**
 * yc_applicant_form_set_flag:
 * @id_number: (nullable): a number the back office flagged for a broken pledge, or %NULL
 * @notice: (nullable): what the clerk is told about it
 *
 * While the number entered is @id_number the applicant counts as having broken a pledge
 * (yc_applicant_form_get_applicant()) whatever the clerk's switch said.  Emits "changed"
 * when that changes what the form says.
 */
void
yc_applicant_form_set_flag (YcApplicantForm *self,
                            const char      *id_number,
                            const char      *notice)
{
  gboolean applied;

  g_return_if_fail (YC_IS_APPLICANT_FORM (self));

  if (g_strcmp0 (self->flag_id, id_number) == 0 && g_strcmp0 (self->flag_notice, notice) == 0)
    return;
  applied = yc_applicant_form_flag_applies (self);
  g_free (self->flag_id);
  self->flag_id = g_strdup (id_number);
  g_free (self->flag_notice);
  self->flag_notice = g_strdup (notice);
  yc_applicant_form_sync_flag (self);
  if (self->flag_shown)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->broken_pledge_switch), self->flag_notice);
  /* The rules and the notice shown follow a flag that came, went or was reworded. */
  if (applied || yc_applicant_form_flag_applies (self))
    emit_changed (self);
}

/**
 * yc_applicant_form_get_flag_notice:
 *
 * Returns: (nullable): the notice of yc_applicant_form_set_flag() while it applies to the
 *   number entered, else %NULL
 */
const char *
yc_applicant_form_get_flag_notice (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);
  return yc_applicant_form_flag_applies (self) ? self->flag_notice : NULL;
}
