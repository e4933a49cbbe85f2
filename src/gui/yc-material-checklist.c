/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-material-checklist"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-material-checklist-private.h"

/*
 * The materials checklist: one row per material of the (merged) list, and the agent's
 * materials while an agent acts, with the clerk's state for each.  Keyboard: the arrows move
 * between rows, the number keys 1–6 set the state of the current row in the order of its
 * segmented control (原件核验, 复印件, 缺, 有瑕疵, 告知承诺, 数据共享), S scans into it (yc-material-checklist-scan.c),
 * Ctrl+R marks all received.
 */

G_DEFINE_FINAL_TYPE (YcMaterialChecklist, yc_material_checklist, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The short labels of the segmented state control; the full ones are its tooltips. */
static const char *short_labels[YC_N_INTAKE_STATES] = {
  NC_("material state", "Original"),
  NC_("material state", "Copies"),
  NC_("material state", "Missing"),
  NC_("material state", "Defect"),
  NC_("material state", "Pledge"),
  NC_("material state", "Shared"),
};

static void
update_count (YcMaterialChecklist *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  guint handled = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
      YcIntakeState state = yc_intake_material_get_state (material);

      /* An electronic material short of pages is not in hand yet: its pages are it. */
      if (state != YC_INTAKE_STATE_MISSING && state != YC_INTAKE_STATE_DEFECTIVE
          && !yc_intake_material_get_pages_short (material))
        handled++;
    }

  /* Translators: materials of the checklist handed in, shared or pledged, of all */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u material in hand",
                                       "%u of %u materials in hand", n),
                          handled, n);
  gtk_label_set_text (self->count_label, text);
}

/* What the clerk records of a row: the rules look at these, and at the pages. */
static const char *changing_properties[] = {
  "notify::state", "notify::copies", "notify::reason", "notify::n-pages",
};

static void
material_changed_cb (YcMaterialChecklist *self)
{
  /* Rows notify only when their state, copies or reason really change: the clerk's doing. */
  self->touched = TRUE;
  update_count (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_tag (GtkBox     *box,
         const char *text,
         const char *style,
         const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "tag");
  gtk_widget_add_css_class (label, style);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
  gtk_box_append (box, label);
}

static gboolean
state_is_received (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  int state = g_value_get_int (from);

  g_value_set_boolean (to, state == YC_INTAKE_STATE_ORIGINAL || state == YC_INTAKE_STATE_COPIES);
  return TRUE;
}

static gboolean
state_is_defective (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_int (from) == YC_INTAKE_STATE_DEFECTIVE);
  return TRUE;
}

static gboolean
reason_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  const char *reason = g_value_get_string (from);

  g_value_set_string (to, reason != NULL ? reason : "");
  return TRUE;
}

static void
state_toggled_cb (GtkToggleButton *button,
                  GtkWidget       *row)
{
  YcIntakeMaterial *material = g_object_get_data (G_OBJECT (row), "material");

  if (material == NULL || !gtk_toggle_button_get_active (button)
      || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "updating")))
    return;
  yc_intake_material_set_state (material, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "state")));
}

static void
show_state (GtkWidget        *row,
            YcIntakeMaterial *material)
{
  GtkToggleButton **buttons = g_object_get_data (G_OBJECT (row), "buttons");

  g_object_set_data (G_OBJECT (row), "updating", GINT_TO_POINTER (TRUE));
  gtk_toggle_button_set_active (buttons[yc_intake_material_get_state (material)], TRUE);
  g_object_set_data (G_OBJECT (row), "updating", GINT_TO_POINTER (FALSE));
}

static void
material_state_cb (YcIntakeMaterial *material,
                   GParamSpec       *pspec,
                   GtkWidget        *row)
{
  show_state (row, material);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              YcMaterialChecklist      *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *tags = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *states = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *copies = gtk_spin_button_new_with_range (0, 99, 1);
  GtkWidget *reason = gtk_entry_new ();
  GtkToggleButton **buttons = g_new0 (GtkToggleButton *, YC_N_INTAKE_STATES);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (name, "result-name");
  gtk_box_append (GTK_BOX (heading), name);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (summary, "caption");
  gtk_box_append (GTK_BOX (heading), summary);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_box_append (GTK_BOX (top), heading);
  gtk_widget_set_valign (tags, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), tags);

  /* A segmented control: every state one click (or one number key) away. */
  gtk_widget_add_css_class (states, "linked");
  gtk_widget_add_css_class (states, "material-states");
  gtk_widget_set_valign (states, GTK_ALIGN_CENTER);
  for (YcIntakeState s = 0; s < YC_N_INTAKE_STATES; s++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (g_dpgettext2 (GETTEXT_PACKAGE, "material state", short_labels[s]));
      g_autofree char *tooltip = g_strdup_printf ("%s (%u)", yc_intake_state_label (s), s + 1);

      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_widget_set_focus_on_click (button, FALSE);
      if (s > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), buttons[0]);
      g_object_set_data (G_OBJECT (button), "state", GINT_TO_POINTER (s));
      g_signal_connect (button, "toggled", G_CALLBACK (state_toggled_cb), row);
      gtk_box_append (GTK_BOX (states), button);
      buttons[s] = GTK_TOGGLE_BUTTON (button);
    }
  gtk_box_append (GTK_BOX (bottom), states);
  gtk_widget_set_valign (copies, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copies, _("Copies received"));
  gtk_box_append (GTK_BOX (bottom), copies);
  yc_material_checklist_setup_slot (self, GTK_BOX (bottom), row);

  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("What is wrong, e.g. the seal is illegible"));

  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), bottom);
  gtk_box_append (GTK_BOX (row), reason);

  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "tags", tags);
  g_object_set_data (G_OBJECT (row), "summary", summary);
  g_object_set_data (G_OBJECT (row), "copies", copies);
  g_object_set_data (G_OBJECT (row), "reason", reason);
  g_object_set_data_full (G_OBJECT (row), "buttons", buttons, g_free);
  gtk_widget_add_css_class (row, "checklist-row");
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             YcMaterialChecklist      *self)
{
  YcIntakeMaterial *material = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *tags = g_object_get_data (G_OBJECT (row), "tags");
  GtkWidget *copies = g_object_get_data (G_OBJECT (row), "copies");
  GtkWidget *reason = g_object_get_data (G_OBJECT (row), "reason");
  GtkToggleButton **buttons = g_object_get_data (G_OBJECT (row), "buttons");
  const char *name = yc_intake_material_get_name (material);
  const char *source = yc_intake_material_get_shared_source (material);
  g_autofree char *copies_name = NULL;
  g_autofree char *reason_name = NULL;
  GPtrArray *bindings = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "name"), name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "summary"),
                      yc_intake_material_get_summary (material));

  while ((child = gtk_widget_get_first_child (tags)) != NULL)
    gtk_box_remove (GTK_BOX (tags), child);
  if (yc_intake_material_get_core (material))
    add_tag (GTK_BOX (tags), _("Core"), "core", _("A core material is never tolerated as missing"));
  if (yc_intake_material_get_tolerable (material))
    add_tag (GTK_BOX (tags), _("Tolerable"), "tolerable",
             _("May be missing at acceptance and supplemented later"));
  if (yc_intake_material_get_pledgeable (material))
    add_tag (GTK_BOX (tags), _("Pledge"), "pledge", _("A signed pledge may replace it"));
  if (source != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Obtained from %s"), source);
      add_tag (GTK_BOX (tags), _("Shared data"), "shared", tooltip);
    }

  /* Named after the material: the UI tests and screen readers tell the rows apart by it. */
  for (YcIntakeState s = 0; s < YC_N_INTAKE_STATES; s++)
    {
      /* Translators: a material state, then the material: 缺：营业执照 */
      g_autofree char *label = g_strdup_printf (_("%s: %s"), yc_intake_state_label (s), name);

      gtk_widget_set_visible (GTK_WIDGET (buttons[s]), yc_intake_material_allows_state (material, s));
      gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[s]), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  g_object_set_data (G_OBJECT (row), "material", material);
  show_state (row, material);
  g_signal_connect_object (material, "notify::state", G_CALLBACK (material_state_cb), row, 0);

  copies_name = g_strdup_printf (_("Copies of %s"), name);
  reason_name = g_strdup_printf (_("Defect of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copies), GTK_ACCESSIBLE_PROPERTY_LABEL, copies_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, reason_name, -1);

  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property_full (material, "state", copies, "visible", G_BINDING_SYNC_CREATE,
                                 state_is_received, NULL, NULL, NULL)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property_full (material, "state", reason, "visible", G_BINDING_SYNC_CREATE,
                                 state_is_defective, NULL, NULL, NULL)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property (material, "copies",
                            gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (copies)), "value",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));
  g_ptr_array_add (bindings, g_object_ref (
    g_object_bind_property_full (material, "reason", reason, "text",
                                 G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                 reason_to_text, NULL, NULL, NULL)));

  yc_material_checklist_bind_slot (self, row, material, bindings);

  g_object_set_data_full (G_OBJECT (list_item), "bindings", bindings,
                          (GDestroyNotify) g_ptr_array_unref);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               YcMaterialChecklist      *self)
{
  GPtrArray *bindings = g_object_get_data (G_OBJECT (list_item), "bindings");
  YcIntakeMaterial *material = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);

  for (guint i = 0; bindings != NULL && i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  g_object_set_data (G_OBJECT (list_item), "bindings", NULL);
  if (material != NULL && row != NULL)
    g_signal_handlers_disconnect_by_func (material, material_state_cb, row);
  if (row != NULL)
    g_object_set_data (G_OBJECT (row), "material", NULL);
}

/* The row of the focused control, else the selected row. */
static YcIntakeMaterial *
current_material (YcMaterialChecklist *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      YcIntakeMaterial *material = g_object_get_data (G_OBJECT (w), "material");
      if (material != NULL)
        return material;
    }
  return gtk_single_selection_get_selected_item (self->selection);
}

static gboolean
key_pressed_cb (YcMaterialChecklist   *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        modifiers,
                GtkEventControllerKey *controller)
{
  YcIntakeMaterial *material;
  guint digit;

  if ((modifiers & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  /* S: scan into the current row, with the scanner settings of the popover */
  if (keyval == GDK_KEY_s || keyval == GDK_KEY_S)
    {
      material = current_material (self);
      if (material == NULL || !yc_material_checklist_scan (self, yc_intake_material_get_code (material)))
        gtk_widget_error_bell (GTK_WIDGET (self));
      return GDK_EVENT_STOP;
    }

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_6)
    digit = keyval - GDK_KEY_1;
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_6)
    digit = keyval - GDK_KEY_KP_1;
  else
    return GDK_EVENT_PROPAGATE;

  material = current_material (self);
  if (material == NULL || !yc_intake_material_allows_state (material, digit))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return GDK_EVENT_STOP;
    }
  yc_intake_material_set_state (material, digit);
  return GDK_EVENT_STOP;
}

static void
set_state_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcMaterialChecklist *self = YC_MATERIAL_CHECKLIST (widget);
  const char *code;
  int state;

  g_variant_get (parameter, "(&si)", &code, &state);
  if (state < 0 || state >= YC_N_INTAKE_STATES
      || !yc_material_checklist_set_state (self, code, state))
    gtk_widget_error_bell (widget);
}

static void
receive_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  yc_material_checklist_receive_all (YC_MATERIAL_CHECKLIST (widget));
}

static void
yc_material_checklist_dispose (GObject *object)
{
  YcMaterialChecklist *self = (YcMaterialChecklist *)object;
  GtkWidget *child;

  yc_material_checklist_scan_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_MATERIAL_CHECKLIST);
  /* The template's top box is not bound to a field: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->materials);

  G_OBJECT_CLASS (yc_material_checklist_parent_class)->dispose (object);
}

static void
yc_material_checklist_class_init (YcMaterialChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_material_checklist_dispose;

  /**
   * YcMaterialChecklist::changed:
   *
   * A material's state, copies or defect changed, or the list did.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-material-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, YcMaterialChecklist, count_label);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialChecklist, list_view);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialChecklist, scanner_popover);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialChecklist, pages_pane);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialChecklist, page_strip);
  yc_material_checklist_scan_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "checklist.set-state", "(si)", set_state_action);
  gtk_widget_class_install_action (widget_class, "checklist.receive-all", NULL, receive_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "checklist.receive-all", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_material_checklist_init (YcMaterialChecklist *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;

  g_type_ensure (YC_TYPE_PAGE_STRIP);
  g_type_ensure (YC_TYPE_SCAN_SETTINGS_POPOVER);
  gtk_widget_init_template (GTK_WIDGET (self));
  factory = gtk_signal_list_item_factory_new ();
  controller = gtk_event_controller_key_new ();

  self->materials = g_list_store_new (YC_TYPE_INTAKE_MATERIAL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->materials)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  yc_material_checklist_scan_init (self);
  update_count (self);
}

GtkWidget *
yc_material_checklist_new (void)
{
  return g_object_new (YC_TYPE_MATERIAL_CHECKLIST, NULL);
}

/**
 * yc_material_checklist_get_model:
 *
 * Returns: (transfer none): the rows, a list of #YcIntakeMaterial
 */
GListModel *
yc_material_checklist_get_model (YcMaterialChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), NULL);
  return G_LIST_MODEL (self->materials);
}

/**
 * yc_material_checklist_sync:
 * @materials: (element-type YcMergedMaterial): every material to check, as
 *   yc_rules_result_get_materials() lists them
 *
 * Makes the rows those of @materials, in their order, keeping what was recorded for a
 * material already listed: turning the agent on or off adds or drops the agent's rows only.
 */
void
yc_material_checklist_sync (YcMaterialChecklist *self,
                            GPtrArray           *materials)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;
  gboolean same;

  g_return_if_fail (YC_IS_MATERIAL_CHECKLIST (self));
  g_return_if_fail (materials != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  same = n == materials->len;
  for (guint i = 0; i < materials->len; i++)
    {
      const YcMergedMaterial *merged = g_ptr_array_index (materials, i);
      YcIntakeMaterial *row = yc_material_checklist_lookup (self, merged->material->code);

      if (row != NULL)
        {
          g_autoptr(YcIntakeMaterial) at = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
          same = same && at == row;
          g_ptr_array_add (rows, g_object_ref (row));
        }
      else
        {
          row = yc_intake_material_new (merged);
          /* Not busy or progress: a scan's progress is no change of the intake. */
          for (guint k = 0; k < G_N_ELEMENTS (changing_properties); k++)
            g_signal_connect_object (row, changing_properties[k], G_CALLBACK (material_changed_cb), self,
                                     G_CONNECT_SWAPPED);
          g_ptr_array_add (rows, row);
          same = FALSE;
        }
    }

  /* Replacing rows would rebuild them under the clerk's focus on every evaluation. */
  if (same)
    return;

  g_list_store_splice (self->materials, 0, n, rows->pdata, rows->len);
  update_count (self);
}

void
yc_material_checklist_clear (YcMaterialChecklist *self)
{
  g_return_if_fail (YC_IS_MATERIAL_CHECKLIST (self));

  /* The next applicant's checklist: a scan still running for this one stops. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->materials)); i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
      yc_intake_material_cancel_work (material);
    }
  g_list_store_remove_all (self->materials);
  self->touched = FALSE;
  update_count (self);
}

/**
 * yc_material_checklist_get_touched:
 *
 * Returns: whether the clerk changed a material's state, copies or reason since the
 *   checklist was last cleared
 */
gboolean
yc_material_checklist_get_touched (YcMaterialChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), FALSE);
  return self->touched;
}

/**
 * yc_material_checklist_lookup:
 *
 * Returns: (transfer none) (nullable): the row of material @code
 */
YcIntakeMaterial *
yc_material_checklist_lookup (YcMaterialChecklist *self,
                              const char          *code)
{
  guint n;

  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);

      if (g_str_equal (yc_intake_material_get_code (material), code))
        return material;  /* the store keeps its reference */
    }
  return NULL;
}

/**
 * yc_material_checklist_set_state:
 *
 * Returns: %FALSE when no row is of @code, or its menu does not offer @state
 */
gboolean
yc_material_checklist_set_state (YcMaterialChecklist *self,
                                 const char          *code,
                                 YcIntakeState        state)
{
  YcIntakeMaterial *material;

  g_return_val_if_fail (YC_IS_MATERIAL_CHECKLIST (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  material = yc_material_checklist_lookup (self, code);
  if (material == NULL || !yc_intake_material_allows_state (material, state))
    return FALSE;
  yc_intake_material_set_state (material, state);
  return TRUE;
}

/**
 * yc_material_checklist_receive_all:
 *
 * Marks every material the applicant owes (not served by shared data) as handed in, in
 * its form and number: the usual case, after which the clerk marks what is not there.
 */
void
yc_material_checklist_receive_all (YcMaterialChecklist *self)
{
  guint n;

  g_return_if_fail (YC_IS_MATERIAL_CHECKLIST (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);

      if (yc_intake_material_get_state (material) == YC_INTAKE_STATE_SHARED)
        continue;
      yc_intake_material_set_copies (material, yc_intake_material_get_copies_required (material));
      yc_intake_material_set_state (material,
                                    yc_intake_material_get_form (material) == YC_MATERIAL_FORM_ORIGINAL
                                    ? YC_INTAKE_STATE_ORIGINAL : YC_INTAKE_STATE_COPIES);
    }
}

/**
 * yc_material_checklist_apply:
 *
 * Records every row's state in @input.
 */
void
yc_material_checklist_apply (YcMaterialChecklist *self,
                             YcRulesInput        *input)
{
  guint n;

  g_return_if_fail (YC_IS_MATERIAL_CHECKLIST (self));
  g_return_if_fail (input != NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->materials));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcIntakeMaterial) material = g_list_model_get_item (G_LIST_MODEL (self->materials), i);
      yc_intake_material_apply (material, input);
    }
}
