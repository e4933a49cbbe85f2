/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-case-history.h"
#include "yc-format.h"
#include "yc-operation.h"

/*
 * The case machine writes its history for every reader alike: op kinds, decision names,
 * material codes ("case.supplement", "health_cert v2").  A clerk reads the kind's label,
 * the decision's and the rating's labels, and the materials' names.
 */

struct _YcCaseHistoryItem
{
  GObject  parent_instance;

  char    *time;
  char    *actor;
  char    *action;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (YcCaseHistoryItem, yc_case_history_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_ACTOR,
  PROP_ACTION,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_case_history_item_finalize (GObject *object)
{
  YcCaseHistoryItem *self = (YcCaseHistoryItem *)object;

  g_free (self->time);
  g_free (self->actor);
  g_free (self->action);
  g_free (self->detail);

  G_OBJECT_CLASS (yc_case_history_item_parent_class)->finalize (object);
}

static void
yc_case_history_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  YcCaseHistoryItem *self = YC_CASE_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_history_item_class_init (YcCaseHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = yc_case_history_item_finalize;
  object_class->get_property = yc_case_history_item_get_property;

  properties[PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, flags);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_case_history_item_init (YcCaseHistoryItem *self)
{
}

static char *
format_time (const char *iso)
{
  return yc_format_iso_date_time (iso, "");
}

static char *
format_action (const char *action)
{
  YcOpKind kind;

  if (yc_op_kind_from_string (action, &kind))
    return g_strdup (yc_op_kind_label (kind));
  if (g_strcmp0 (action, "case.terminate") == 0)
    return g_strdup (_("Terminated: tolerated material not brought in time"));
  return g_strdup (action != NULL ? action : "");
}

static const char *
material_name (YcCase     *case_doc,
               const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (case_doc, code);

  return material != NULL && material->name != NULL ? material->name : NULL;
}

/* Material codes in the machine's detail become names; everything else stays. */
static char *
name_materials (YcCase     *case_doc,
                const char *detail)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = detail;

  while (*p != '\0')
    {
      gsize token = strcspn (p, " ,:;()");
      g_autofree char *word = g_strndup (p, token);
      const char *name = token > 0 ? material_name (case_doc, word) : NULL;

      g_string_append (out, name != NULL ? name : word);
      p += token;
      if (*p != '\0')
        g_string_append_c (out, *p++);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_detail (YcCase                   *case_doc,
               const YcCaseHistoryEntry *entry)
{
  YcDecision decision;

  if (entry->detail == NULL)
    return g_strdup ("");
  if (g_strcmp0 (entry->action, "case.accept") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (entry->detail, ";", 2);

      if (yc_decision_from_string (parts[0], &decision))
        return parts[1] != NULL ? g_strdup_printf ("%s;%s", yc_decision_label (decision), parts[1])
                                : g_strdup (yc_decision_label (decision));
    }
  if (g_strcmp0 (entry->action, "rating.submit") == 0)
    {
      guint64 level = g_ascii_strtoull (entry->detail, NULL, 10);

      if (level >= 1 && level <= 5)
        return g_strdup (yc_rating_level_label ((guint) level));
    }
  return name_materials (case_doc, entry->detail);
}

/**
 * yc_case_history_new_model:
 *
 * Returns: (transfer full): the history of @case_doc, oldest first, as
 *   #YcCaseHistoryItem objects
 */
GListModel *
yc_case_history_new_model (YcCase *case_doc)
{
  GListStore *store;

  g_return_val_if_fail (case_doc != NULL, NULL);

  store = g_list_store_new (YC_TYPE_CASE_HISTORY_ITEM);
  for (guint i = 0; i < case_doc->history->len; i++)
    {
      const YcCaseHistoryEntry *entry = g_ptr_array_index (case_doc->history, i);
      g_autoptr(YcCaseHistoryItem) item = g_object_new (YC_TYPE_CASE_HISTORY_ITEM, NULL);

      item->time = format_time (entry->at);
      item->actor = g_strcmp0 (entry->actor, "system") == 0 ? g_strdup (_("System"))
                                                              : g_strdup (entry->actor);
      item->action = format_action (entry->action);
      item->detail = format_detail (case_doc, entry);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

const char *
yc_case_history_item_get_time (YcCaseHistoryItem *self)
{
  g_return_val_if_fail (YC_IS_CASE_HISTORY_ITEM (self), NULL);
  return self->time;
}

const char *
yc_case_history_item_get_actor (YcCaseHistoryItem *self)
{
  g_return_val_if_fail (YC_IS_CASE_HISTORY_ITEM (self), NULL);
  return self->actor;
}

const char *
yc_case_history_item_get_action (YcCaseHistoryItem *self)
{
  g_return_val_if_fail (YC_IS_CASE_HISTORY_ITEM (self), NULL);
  return self->action;
}

const char *
yc_case_history_item_get_detail (YcCaseHistoryItem *self)
{
  g_return_val_if_fail (YC_IS_CASE_HISTORY_ITEM (self), NULL);
  return self->detail;
}
