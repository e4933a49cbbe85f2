/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-item-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-bundle-merge.h"
#include "yc-format.h"
#include "yc-item-detail.h"

/*
 * What the clerk reads before accepting: an item's department, type, limits, fee and legal
 * basis, then each scenario with its materials; or a bundle with the items it combines.
 * The content is rebuilt from the catalog for each item: a few dozen rows at most.
 */

struct _YcItemDetail
{
  GtkWidget          parent_instance;

  YcCatalog         *catalog;
  char              *code;
  gboolean           is_bundle;

  GtkScrolledWindow *scrolled_window;
  GtkLabel          *kind_label;
  GtkLabel          *code_label;
  GtkLabel          *title_label;
  GtkLabel          *description_label;
  GtkBox            *groups_box;
};

G_DEFINE_FINAL_TYPE (YcItemDetail, yc_item_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_groups (YcItemDetail *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

/* @title and @description are markup. */
static GtkWidget *
add_group (YcItemDetail *self,
           const char   *title,
           const char   *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->groups_box, group);
  return group;
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Catalog text is plain text: a stray & in a legal basis must not break the markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* A fact about the item: the label small, the value prominent (see .property in style.css). */
static void
add_property_row (GtkWidget  *group,
                  const char *title,
                  const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;

  row = new_row (title, value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_tag (GtkWidget  *row,
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
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
add_material_row (GtkWidget        *group,
                  const YcMaterial *material)
{
  g_autoptr(GString) subtitle = g_string_new (yc_material_form_label (material->form));
  GtkWidget *row;

  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle,
                          g_dngettext (GETTEXT_PACKAGE, "%u copy", "%u copies", material->copies),
                          material->copies);
  g_string_append (subtitle, " · ");
  g_string_append (subtitle, material->required ? _("Required") : _("Optional"));
  if (material->note != NULL)
    g_string_append_printf (subtitle, "\n%s", material->note);

  row = new_row (material->name, subtitle->str);

  if (material->core)
    add_tag (row, _("Core"), "core", _("A core material is never tolerated as missing"));
  if (material->tolerable)
    add_tag (row, _("Tolerable"), "tolerable",
             _("May be missing at acceptance and supplemented later"));
  if (material->pledgeable)
    add_tag (row, _("Pledge"), "pledge", _("A signed pledge may replace it"));
  if (material->shared_source != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Obtained from %s"), material->shared_source);
      add_tag (row, _("Shared data"), "shared", tooltip);
    }

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
show_header (YcItemDetail *self,
             gboolean      is_bundle,
             const char   *kind,
             const char   *code,
             const char   *name,
             const char   *description)
{
  g_free (self->code);
  self->code = g_strdup (code);
  self->is_bundle = is_bundle;

  clear_groups (self);
  gtk_label_set_text (self->kind_label, kind);
  if (is_bundle)
    gtk_widget_add_css_class (GTK_WIDGET (self->kind_label), "bundle");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->kind_label), "bundle");
  gtk_label_set_text (self->code_label, code);
  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);

  /* A new item starts at its top, not where the previous one was scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static void
yc_item_detail_dispose (GObject *object)
{
  YcItemDetail *self = (YcItemDetail *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_ITEM_DETAIL);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (yc_item_detail_parent_class)->dispose (object);
}

static void
yc_item_detail_finalize (GObject *object)
{
  YcItemDetail *self = (YcItemDetail *)object;

  g_free (self->code);

  G_OBJECT_CLASS (yc_item_detail_parent_class)->finalize (object);
}

static void
yc_item_detail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcItemDetail *self = YC_ITEM_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_item_detail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcItemDetail *self = YC_ITEM_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_item_detail_class_init (YcItemDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_item_detail_dispose;
  object_class->finalize = yc_item_detail_finalize;
  object_class->get_property = yc_item_detail_get_property;
  object_class->set_property = yc_item_detail_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-item-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemDetail, groups_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_item_detail_init (YcItemDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_item_detail_new (YcCatalog *catalog)
{
  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);

  return g_object_new (YC_TYPE_ITEM_DETAIL, "catalog", catalog, NULL);
}

YcCatalog *
yc_item_detail_get_catalog (YcItemDetail *self)
{
  g_return_val_if_fail (YC_IS_ITEM_DETAIL (self), NULL);
  return self->catalog;
}

/**
 * yc_item_detail_get_code:
 *
 * Returns: (nullable): the code of the item or bundle shown, or %NULL before the first
 */
const char *
yc_item_detail_get_code (YcItemDetail *self)
{
  g_return_val_if_fail (YC_IS_ITEM_DETAIL (self), NULL);
  return self->code;
}

/**
 * yc_item_detail_get_is_bundle:
 *
 * Returns: whether the code shown is a bundle's
 */
gboolean
yc_item_detail_get_is_bundle (YcItemDetail *self)
{
  g_return_val_if_fail (YC_IS_ITEM_DETAIL (self), FALSE);
  return self->is_bundle;
}

/**
 * yc_item_detail_show_item:
 * @code: a service item code
 *
 * Returns: %FALSE, showing nothing new, when the catalog has no such item
 */
gboolean
yc_item_detail_show_item (YcItemDetail *self,
                          const char   *code)
{
  const YcItem *item;
  const YcDepartment *department;
  g_autofree char *statutory = NULL;
  g_autofree char *committed = NULL;
  g_autofree char *supplement = NULL;
  g_autofree char *stages = NULL;
  GtkWidget *group;

  g_return_val_if_fail (YC_IS_ITEM_DETAIL (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->catalog == NULL || (item = yc_catalog_lookup_item (self->catalog, code)) == NULL)
    return FALSE;

  show_header (self, FALSE, yc_item_type_label (item->type), item->code, item->name, NULL);

  department = yc_catalog_lookup_department (self->catalog, item->department);
  statutory = yc_format_working_days (item->statutory_days);
  committed = yc_format_working_days (item->committed_days);
  supplement = yc_format_working_days ((int) item->supplement_days);
  stages = yc_format_life_stages (item->life_stages);

  group = add_group (self, _("Basic Information"), NULL);
  add_property_row (group, _("Department"), department != NULL ? department->name : item->department);
  add_property_row (group, _("Applicants"), yc_format_audience (item->audience));
  add_property_row (group, _("Statutory time limit"), statutory);
  add_property_row (group, _("Committed time limit"), committed);
  add_property_row (group, _("Fee"), item->fee);
  add_property_row (group, _("Supplement deadline for tolerated materials"), supplement);
  add_property_row (group, _("Life stages"), stages);
  add_property_row (group, _("Legal basis"), item->legal_basis);

  for (guint i = 0; i < item->scenarios->len; i++)
    {
      const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);
      g_autofree char *title = NULL;
      g_autofree char *count = NULL;

      if (item->scenarios->len == 1)
        title = g_strdup (_("Application Materials"));
      else
        title = g_markup_printf_escaped (_("Scenario: %s"), scenario->name);
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u material", "%u materials",
                                            scenario->materials->len),
                               scenario->materials->len);

      group = add_group (self, title, count);
      for (guint j = 0; j < scenario->materials->len; j++)
        add_material_row (group, g_ptr_array_index (scenario->materials, j));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  return TRUE;
}

/**
 * yc_item_detail_show_bundle:
 * @code: a bundle (一件事) code
 *
 * Returns: %FALSE, showing nothing new, when the catalog has no such bundle
 */
gboolean
yc_item_detail_show_bundle (YcItemDetail *self,
                            const char   *code)
{
  const YcBundle *bundle;
  g_autoptr(GString) departments = g_string_new (NULL);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(YcMergedList) merged = NULL;
  g_autofree char *committed = NULL;
  g_autofree char *separately = NULL;
  g_autofree char *stages = NULL;
  g_autofree char *parts_count = NULL;
  GtkWidget *group;

  g_return_val_if_fail (YC_IS_ITEM_DETAIL (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->catalog == NULL || (bundle = yc_catalog_lookup_bundle (self->catalog, code)) == NULL)
    return FALSE;

  show_header (self, TRUE, _("One-thing bundle"), bundle->code, bundle->name, bundle->description);

  /* The figures halls report (yc-bundle-merge.h); a loaded catalog always merges. */
  merged = yc_bundle_merge (self->catalog, bundle, NULL);
  codes = yc_bundle_dup_departments (self->catalog, bundle);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *department_code = g_ptr_array_index (codes, i);
      const YcDepartment *department = yc_catalog_lookup_department (self->catalog, department_code);

      if (departments->len > 0)
        g_string_append (departments, _(", "));
      g_string_append (departments, department != NULL ? department->short_name : department_code);
    }

  committed = yc_format_working_days (bundle->committed_days);
  if (merged != NULL)
    separately = yc_format_working_days (yc_merged_list_get_figures (merged)->committed_days_sum);
  stages = yc_format_life_stages (bundle->life_stages);

  group = add_group (self, _("Basic Information"), NULL);
  add_property_row (group, _("Applicants"), yc_format_audience (bundle->audience));
  add_property_row (group, _("Committed time limit"), committed);
  add_property_row (group, _("Committed limits of the items added up"), separately);
  add_property_row (group, _("Departments"), departments->str);
  add_property_row (group, _("Life stages"), stages);

  parts_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Handled together in one trip: %u item",
                                              "Handled together in one trip: %u items",
                                              bundle->parts->len),
                                 bundle->parts->len);
  group = add_group (self, _("Included Items"), parts_count);
  for (guint i = 0; i < bundle->parts->len; i++)
    {
      const YcBundlePart *part = g_ptr_array_index (bundle->parts, i);
      const YcItem *item = yc_catalog_lookup_item (self->catalog, part->item);
      const YcDepartment *department;
      const YcScenario *scenario;
      g_autofree char *limit = NULL;
      g_autofree char *subtitle = NULL;

      if (item == NULL)
        continue;
      department = yc_catalog_lookup_department (self->catalog, item->department);
      scenario = yc_item_lookup_scenario (item, part->scenario);
      limit = yc_format_working_days (item->committed_days);
      subtitle = g_strjoin (" · ",
                            department != NULL ? department->short_name : item->department,
                            scenario != NULL ? scenario->name : part->scenario,
                            limit,
                            NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (item->name, subtitle));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
  return TRUE;
}
