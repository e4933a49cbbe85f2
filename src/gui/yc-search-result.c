/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-search-result"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-bundle-merge.h"
#include "yc-format.h"
#include "yc-search-result.h"

/*
 * One row of the counter's result list: a YcSearchHit made into a GObject, with the text
 * the row shows already resolved against the catalog so that the row template only binds
 * properties.
 */

struct _YcSearchResult
{
  GObject       parent_instance;

  YcSearchKind  kind;
  char         *code;
  char         *name;
  char         *department_name;
  char         *limit_label;
};

G_DEFINE_FINAL_TYPE (YcSearchResult, yc_search_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IS_BUNDLE,
  PROP_CODE,
  PROP_NAME,
  PROP_DEPARTMENT_NAME,
  PROP_LIMIT_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
bundle_departments (YcCatalog      *catalog,
                    const YcBundle *bundle)
{
  g_autoptr(GPtrArray) departments = yc_bundle_dup_departments (catalog, bundle);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u department", "%u departments",
                                       departments->len),
                          departments->len);
}

static void
yc_search_result_finalize (GObject *object)
{
  YcSearchResult *self = (YcSearchResult *)object;

  g_free (self->code);
  g_free (self->name);
  g_free (self->department_name);
  g_free (self->limit_label);

  G_OBJECT_CLASS (yc_search_result_parent_class)->finalize (object);
}

static void
yc_search_result_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YcSearchResult *self = YC_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_IS_BUNDLE:
      g_value_set_boolean (value, yc_search_result_get_is_bundle (self));
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DEPARTMENT_NAME:
      g_value_set_string (value, self->department_name);
      break;
    case PROP_LIMIT_LABEL:
      g_value_set_string (value, self->limit_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_search_result_class_init (YcSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_search_result_finalize;
  object_class->get_property = yc_search_result_get_property;

  properties[PROP_IS_BUNDLE] =
    g_param_spec_boolean ("is-bundle", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEPARTMENT_NAME] =
    g_param_spec_string ("department-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT_LABEL] =
    g_param_spec_string ("limit-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_search_result_init (YcSearchResult *self)
{
}

/**
 * yc_search_result_new:
 * @catalog: the catalog @hit was found in
 * @hit: a search hit; its strings are copied
 *
 * Returns: (transfer full): a new result
 */
YcSearchResult *
yc_search_result_new (YcCatalog         *catalog,
                      const YcSearchHit *hit)
{
  YcSearchResult *self;

  g_return_val_if_fail (YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (hit != NULL, NULL);
  g_return_val_if_fail (hit->code != NULL, NULL);

  self = g_object_new (YC_TYPE_SEARCH_RESULT, NULL);
  self->kind = hit->kind;
  self->code = g_strdup (hit->code);
  self->name = g_strdup (hit->name);

  if (hit->kind == YC_SEARCH_KIND_BUNDLE)
    {
      const YcBundle *bundle = yc_catalog_lookup_bundle (catalog, hit->code);

      if (bundle != NULL)
        {
          self->department_name = bundle_departments (catalog, bundle);
          self->limit_label = yc_format_working_days (bundle->committed_days);
        }
    }
  else
    {
      const YcItem *item = yc_catalog_lookup_item (catalog, hit->code);

      if (item != NULL)
        {
          const YcDepartment *department = yc_catalog_lookup_department (catalog, item->department);

          self->department_name = g_strdup (department != NULL ? department->short_name : item->department);
          self->limit_label = yc_format_working_days (item->committed_days);
        }
    }

  if (self->department_name == NULL)
    self->department_name = g_strdup (hit->department != NULL ? hit->department : "");
  if (self->limit_label == NULL)
    self->limit_label = g_strdup ("");

  return self;
}

YcSearchKind
yc_search_result_get_kind (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), YC_SEARCH_KIND_ITEM);
  return self->kind;
}

gboolean
yc_search_result_get_is_bundle (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), FALSE);
  return self->kind == YC_SEARCH_KIND_BUNDLE;
}

const char *
yc_search_result_get_code (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), NULL);
  return self->code;
}

const char *
yc_search_result_get_name (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), NULL);
  return self->name;
}

const char *
yc_search_result_get_department_name (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), NULL);
  return self->department_name;
}

const char *
yc_search_result_get_limit_label (YcSearchResult *self)
{
  g_return_val_if_fail (YC_IS_SEARCH_RESULT (self), NULL);
  return self->limit_label;
}
