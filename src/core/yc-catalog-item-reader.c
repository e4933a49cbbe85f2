/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-catalog-private.h"
#include "yc-catalog-loader-private.h"

/*
 * Reads service items: their scenarios, the questions that choose between them, and
 * each scenario's materials, with every rule of docs/catalog-format.md that concerns one
 * item (cross-file rules live in yc-catalog-loader.c).
 */

/* Above these, a figure is a typo: the longest statutory limits are months, and no
 * counter takes a hundred copies of one paper. */
#define MAX_DAYS 1000
#define MAX_COUNT 100

static const char * const item_keys[] = {
  "code", "name", "type", "department", "statutory_days", "committed_days", "fee",
  "legal_basis", "audience", "life_stages", "supplement_days", "max_tolerated",
  "pledge_verify_days", "questions", "scenarios", NULL
};
static const char * const question_keys[] = { "code", "text", "options", NULL };
static const char * const option_keys[] = { "code", "label", NULL };
static const char * const scenario_keys[] = { "code", "name", "when", "materials", NULL };
static const char * const material_keys[] = {
  "code", "name", "form", "copies", "required", "core", "tolerable", "pledgeable",
  "shared_source", "source_hint", "note", NULL
};

static YcMaterial *
read_material (YcCatalogLoader  *loader,
               JsonNode         *node,
               const char       *path,
               GError          **error)
{
  g_autoptr(YcMaterial) material = g_new0 (YcMaterial, 1);
  g_autofree char *form = NULL;
  JsonObject *object;
  const char *first_name;
  int copies;

  if (!(object = yc_json_node_object (&loader->reader, node, path, material_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &material->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "name", path, YC_JSON_REQUIRED,
                               &material->name, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "form", path, YC_JSON_REQUIRED,
                               &form, error))
    return NULL;

  if (!yc_material_form_from_string (form, &material->form))
    {
      g_autofree char *form_path = yc_json_path (path, "form");
      yc_json_fail (&loader->reader, error, form_path,
                    _("unknown form “%s” (expected original, copy or electronic)"),
                    form);
      return NULL;
    }

  material->required = TRUE;
  if (!yc_catalog_loader_read_int (loader, object, path, "copies", YC_JSON_OPTIONAL,
                                   1, 1, MAX_COUNT, &copies, error)
      || !yc_json_get_bool (&loader->reader, object, "required", path, YC_JSON_OPTIONAL,
                            &material->required, error)
      || !yc_json_get_bool (&loader->reader, object, "core", path, YC_JSON_OPTIONAL,
                            &material->core, error)
      || !yc_json_get_bool (&loader->reader, object, "tolerable", path, YC_JSON_OPTIONAL,
                            &material->tolerable, error)
      || !yc_json_get_bool (&loader->reader, object, "pledgeable", path, YC_JSON_OPTIONAL,
                            &material->pledgeable, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "shared_source", path,
                               YC_JSON_NULLABLE, &material->shared_source, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "source_hint", path,
                               YC_JSON_NULLABLE, &material->source_hint, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "note", path,
                               YC_JSON_NULLABLE, &material->note, error))
    return NULL;
  material->copies = copies;

  if (material->core && material->tolerable)
    {
      g_autofree char *flag_path = yc_json_path (path, "tolerable");
      yc_json_fail (&loader->reader, error, flag_path,
                    _("a core material can never be tolerable"));
      return NULL;
    }
  if (material->core && !material->required)
    {
      g_autofree char *flag_path = yc_json_path (path, "required");
      yc_json_fail (&loader->reader, error, flag_path,
                    _("a core material must be required"));
      return NULL;
    }
  if ((material->tolerable || material->pledgeable) && !material->required)
    {
      g_autofree char *flag_path = yc_json_path (path, material->tolerable
                                                       ? "tolerable" : "pledgeable");
      yc_json_fail (&loader->reader, error, flag_path,
                    _("only a required material can be tolerated or replaced by a pledge"));
      return NULL;
    }

  /* Bundles merge materials by code: one code must mean one material everywhere. */
  first_name = g_hash_table_lookup (loader->material_name, material->code);
  if (first_name == NULL)
    {
      g_autofree char *name_path = yc_json_path (path, "name");

      g_hash_table_insert (loader->material_name, g_strdup (material->code),
                           g_strdup (material->name));
      g_hash_table_insert (loader->material_at, g_strdup (material->code),
                           yc_catalog_loader_location (loader, name_path));
    }
  else if (!g_str_equal (first_name, material->name))
    {
      g_autofree char *name_path = yc_json_path (path, "name");
      yc_json_fail (&loader->reader, error, name_path,
                    _("material “%s” is called “%s” at %s; one code must carry one name everywhere"),
                    material->code, first_name,
                    (const char *) g_hash_table_lookup (loader->material_at,
                                                        material->code));
      return NULL;
    }

  return g_steal_pointer (&material);
}

static const YcQuestion *
find_question (GPtrArray  *questions,
               const char *code)
{
  for (guint i = 0; i < questions->len; i++)
    {
      const YcQuestion *question = g_ptr_array_index (questions, i);
      if (g_str_equal (question->code, code))
        return question;
    }
  return NULL;
}

static gboolean
question_has_option (const YcQuestion *question,
                     const char       *code)
{
  for (guint i = 0; i < question->options->len; i++)
    {
      const YcQuestionOption *option = g_ptr_array_index (question->options, i);
      if (g_str_equal (option->code, code))
        return TRUE;
    }
  return FALSE;
}

static YcQuestion *
read_question (YcCatalogLoader  *loader,
               JsonNode         *node,
               const char       *path,
               GError          **error)
{
  g_autoptr(YcQuestion) question = g_new0 (YcQuestion, 1);
  g_autofree char *options_path = yc_json_path (path, "options");
  JsonObject *object;
  JsonArray *options;

  question->options = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_question_option_free);

  if (!(object = yc_json_node_object (&loader->reader, node, path, question_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &question->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "text", path, YC_JSON_REQUIRED,
                               &question->text, error)
      || !yc_json_get_array_min (&loader->reader, object, "options", path, YC_JSON_REQUIRED,
                                 2, &options, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      g_autofree char *option_path = yc_json_index_path (options_path, i);
      g_autoptr(YcQuestionOption) option = g_new0 (YcQuestionOption, 1);
      JsonObject *option_object;

      if (!(option_object = yc_json_node_object (&loader->reader,
                                                 json_array_get_element (options, i),
                                                 option_path, option_keys, error))
          || !yc_catalog_loader_read_code (loader, option_object, option_path, "code",
                                           &option->code, error)
          || !yc_json_dup_trimmed (&loader->reader, option_object, "label", option_path,
                                   YC_JSON_REQUIRED, &option->label, error))
        return NULL;

      if (question_has_option (question, option->code))
        {
          g_autofree char *code_path = yc_json_path (option_path, "code");
          yc_json_fail (&loader->reader, error, code_path,
                        _("option “%s” is listed twice"), option->code);
          return NULL;
        }
      g_ptr_array_add (question->options, g_steal_pointer (&option));
    }

  return g_steal_pointer (&question);
}

static gboolean
read_when (YcCatalogLoader  *loader,
           JsonObject       *object,
           const char       *path,
           GPtrArray        *questions,
           GHashTable       *when,
           GError          **error)
{
  g_autofree char *when_path = yc_json_path (path, "when");
  JsonNode *node = json_object_get_member (object, "when");
  JsonObjectIter iter;
  const char *question_code;
  JsonNode *value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return yc_json_fail (&loader->reader, error, when_path,
                         _("must be an object of question → option"));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &question_code, &value))
    {
      g_autofree char *condition_path = yc_json_path (when_path, question_code);
      const YcQuestion *question = find_question (questions, question_code);
      const char *option;

      if (question == NULL)
        return yc_json_fail (&loader->reader, error, condition_path,
                             _("the item has no question “%s”"), question_code);
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return yc_json_fail (&loader->reader, error, condition_path,
                             _("must be the code of an option, as a string"));

      option = json_node_get_string (value);
      if (!question_has_option (question, option))
        return yc_json_fail (&loader->reader, error, condition_path,
                             _("question “%s” has no option “%s”"),
                             question_code, option);

      g_hash_table_insert (when, g_strdup (question_code), g_strdup (option));
    }

  return TRUE;
}

static YcScenario *
read_scenario (YcCatalogLoader  *loader,
               JsonNode         *node,
               const char       *path,
               GPtrArray        *questions,
               GError          **error)
{
  g_autoptr(YcScenario) scenario = g_new0 (YcScenario, 1);
  g_autofree char *materials_path = yc_json_path (path, "materials");
  JsonObject *object;
  JsonArray *materials;

  scenario->when = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scenario->materials = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_free);

  if (!(object = yc_json_node_object (&loader->reader, node, path, scenario_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &scenario->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "name", path, YC_JSON_REQUIRED,
                               &scenario->name, error)
      || !read_when (loader, object, path, questions, scenario->when, error)
      || !yc_json_get_array_min (&loader->reader, object, "materials", path,
                                 YC_JSON_REQUIRED, 1, &materials, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      g_autofree char *material_path = yc_json_index_path (materials_path, i);
      YcMaterial *material;

      material = read_material (loader, json_array_get_element (materials, i),
                                material_path, error);
      if (material == NULL)
        return NULL;
      g_ptr_array_add (scenario->materials, material);

      for (guint j = 0; j < i; j++)
        {
          const YcMaterial *earlier = g_ptr_array_index (scenario->materials, j);
          if (g_str_equal (earlier->code, material->code))
            {
              g_autofree char *code_path = yc_json_path (material_path, "code");
              yc_json_fail (&loader->reader, error, code_path,
                            _("material “%s” is already listed at %s[%u]"),
                            material->code, materials_path, j);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&scenario);
}

/* Does @a's condition hold whenever @b's does (every condition of @a is one of @b's)? */
static gboolean
when_implied_by (GHashTable *a,
                 GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (b, key), value) != 0)
      return FALSE;
  return TRUE;
}

/*
 * Scenarios are matched in order (yc_item_match_scenario), so every one of them must be
 * reachable: without questions there is a single unconditional scenario; with questions
 * each scenario states a condition, no earlier scenario's condition may cover it, and
 * every question is used by some scenario.
 */
static gboolean
check_scenarios (YcCatalogLoader  *loader,
                 YcItem           *item,
                 const char       *path,
                 GError          **error)
{
  g_autofree char *scenarios_path = yc_json_path (path, "scenarios");

  for (guint i = 0; i < item->scenarios->len; i++)
    {
      const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);
      g_autofree char *scenario_path = yc_json_index_path (scenarios_path, i);
      g_autofree char *when_path = yc_json_path (scenario_path, "when");

      if (item->questions->len == 0 && i > 0)
        return yc_json_fail (&loader->reader, error, scenario_path,
                             _("an item without questions has exactly one scenario; add a question that tells the scenarios apart"));
      if (item->questions->len > 0 && g_hash_table_size (scenario->when) == 0)
        return yc_json_fail (&loader->reader, error, when_path,
                             _("must name the answers that lead to this scenario"));

      for (guint j = 0; j < i; j++)
        {
          const YcScenario *earlier = g_ptr_array_index (item->scenarios, j);

          if (g_str_equal (earlier->code, scenario->code))
            {
              g_autofree char *code_path = yc_json_path (scenario_path, "code");
              return yc_json_fail (&loader->reader, error, code_path,
                                   _("scenario “%s” is already defined at %s[%u]"),
                                   scenario->code, scenarios_path, j);
            }
          if (g_hash_table_size (earlier->when) == g_hash_table_size (scenario->when)
              && when_implied_by (earlier->when, scenario->when))
            return yc_json_fail (&loader->reader, error, when_path,
                                 _("the same conditions as %s[%u]"),
                                 scenarios_path, j);
          if (when_implied_by (earlier->when, scenario->when))
            return yc_json_fail (&loader->reader, error, when_path,
                                 _("can never be chosen: %s[%u] matches first whenever these answers are given"),
                                 scenarios_path, j);
        }
    }

  for (guint q = 0; q < item->questions->len; q++)
    {
      const YcQuestion *question = g_ptr_array_index (item->questions, q);
      gboolean used = FALSE;

      for (guint i = 0; !used && i < item->scenarios->len; i++)
        {
          const YcScenario *scenario = g_ptr_array_index (item->scenarios, i);
          used = g_hash_table_contains (scenario->when, question->code);
        }
      if (!used)
        {
          g_autofree char *questions_path = yc_json_path (path, "questions");
          g_autofree char *question_path = yc_json_index_path (questions_path, q);
          return yc_json_fail (&loader->reader, error, question_path,
                               _("no scenario depends on question “%s”"),
                               question->code);
        }
    }

  return TRUE;
}

/*
 * yc_catalog_loader_read_item:
 *
 * Reads and validates one item: its fields, questions, scenarios and materials, its
 * department (which must be in the manifest) and its code (unique in the catalog).
 *
 * Returns: (transfer full): the item, or %NULL with @error set
 */
YcItem *
yc_catalog_loader_read_item (YcCatalogLoader  *loader,
                             JsonNode         *node,
                             const char       *path,
                             GError          **error)
{
  g_autoptr(YcItem) item = g_new0 (YcItem, 1);
  g_autofree char *type = NULL;
  g_autofree char *questions_path = yc_json_path (path, "questions");
  g_autofree char *scenarios_path = yc_json_path (path, "scenarios");
  JsonObject *object;
  JsonArray *questions;
  JsonArray *scenarios;
  int supplement_days, max_tolerated, pledge_verify_days;
  const char *first;

  item->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_question_free);
  item->scenarios = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_scenario_free);

  if (!(object = yc_json_node_object (&loader->reader, node, path, item_keys, error))
      || !yc_catalog_loader_read_code (loader, object, path, "code", &item->code, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "name", path, YC_JSON_REQUIRED,
                               &item->name, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "type", path, YC_JSON_REQUIRED,
                               &type, error))
    return NULL;

  if (!yc_item_type_from_string (type, &item->type))
    {
      g_autofree char *type_path = yc_json_path (path, "type");
      yc_json_fail (&loader->reader, error, type_path,
                    _("unknown item type “%s” (expected administrative_permit, administrative_confirmation, administrative_payment, public_service or other_power)"),
                    type);
      return NULL;
    }

  if (!yc_catalog_loader_read_code (loader, object, path, "department", &item->department, error))
    return NULL;
  if (!g_hash_table_contains (loader->department_at, item->department))
    {
      g_autofree char *department_path = yc_json_path (path, "department");
      yc_json_fail (&loader->reader, error, department_path,
                    _("unknown department “%s” (departments are listed in the catalog manifest)"),
                    item->department);
      return NULL;
    }

  if (!yc_catalog_loader_read_int (loader, object, path, "statutory_days",
                                   YC_JSON_REQUIRED | YC_JSON_NULLABLE, YC_NO_LIMIT, 1, MAX_DAYS,
                                   &item->statutory_days, error)
      || !yc_catalog_loader_read_int (loader, object, path, "committed_days",
                                      YC_JSON_REQUIRED, 0, 0, MAX_DAYS,
                                      &item->committed_days, error))
    return NULL;

  if (item->statutory_days != YC_NO_LIMIT && item->committed_days > item->statutory_days)
    {
      g_autofree char *committed_path = yc_json_path (path, "committed_days");
      yc_json_fail (&loader->reader, error, committed_path,
                    _("the committed limit (%d) must not exceed the statutory limit (%d)"),
                    item->committed_days, item->statutory_days);
      return NULL;
    }

  if (!yc_json_dup_trimmed (&loader->reader, object, "fee", path, YC_JSON_REQUIRED,
                            &item->fee, error)
      || !yc_json_dup_trimmed (&loader->reader, object, "legal_basis", path,
                               YC_JSON_REQUIRED, &item->legal_basis, error)
      || !yc_catalog_loader_read_audience (loader, object, path, &item->audience, error)
      || !yc_catalog_loader_read_stages (loader, object, path, item->audience,
                                         &item->life_stages, error)
      || !yc_catalog_loader_read_int (loader, object, path, "supplement_days",
                                      YC_JSON_OPTIONAL, 5, 1, MAX_DAYS, &supplement_days, error)
      || !yc_catalog_loader_read_int (loader, object, path, "max_tolerated",
                                      YC_JSON_OPTIONAL, 2, 0, MAX_COUNT, &max_tolerated, error)
      || !yc_catalog_loader_read_int (loader, object, path, "pledge_verify_days",
                                      YC_JSON_OPTIONAL, 20, 1, MAX_DAYS, &pledge_verify_days, error)
      || !yc_json_get_array_min (&loader->reader, object, "questions", path, YC_JSON_OPTIONAL,
                                 0, &questions, error)
      || !yc_json_get_array_min (&loader->reader, object, "scenarios", path, YC_JSON_REQUIRED,
                                 1, &scenarios, error))
    return NULL;
  item->supplement_days = supplement_days;
  item->max_tolerated = max_tolerated;
  item->pledge_verify_days = pledge_verify_days;

  for (guint i = 0; questions != NULL && i < json_array_get_length (questions); i++)
    {
      g_autofree char *question_path = yc_json_index_path (questions_path, i);
      YcQuestion *question;

      question = read_question (loader, json_array_get_element (questions, i),
                                question_path, error);
      if (question == NULL)
        return NULL;
      if (find_question (item->questions, question->code) != NULL)
        {
          g_autofree char *code_path = yc_json_path (question_path, "code");
          yc_json_fail (&loader->reader, error, code_path,
                        _("question “%s” is already defined"), question->code);
          yc_question_free (question);
          return NULL;
        }
      g_ptr_array_add (item->questions, question);
    }

  for (guint i = 0; i < json_array_get_length (scenarios); i++)
    {
      g_autofree char *scenario_path = yc_json_index_path (scenarios_path, i);
      YcScenario *scenario;

      scenario = read_scenario (loader, json_array_get_element (scenarios, i),
                                scenario_path, item->questions, error);
      if (scenario == NULL)
        return NULL;
      g_ptr_array_add (item->scenarios, scenario);
    }

  if (!check_scenarios (loader, item, path, error))
    return NULL;

  if ((first = yc_catalog_loader_claim_code (loader, loader->item_at, item->code, path)))
    {
      g_autofree char *code_path = yc_json_path (path, "code");
      yc_json_fail (&loader->reader, error, code_path,
                    _("duplicate item code “%s”, already defined at %s"),
                    item->code, first);
      return NULL;
    }

  return g_steal_pointer (&item);
}
