/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-documents-private.h"
#include "yc-identifiers.h"

char *
yc_docs_format_date (const GDate *date)
{
  g_autoptr(GDateTime) time = NULL;

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("—");
  time = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 12, 0, 0);
  /* Translators: a date on printed documents, in g_date_time_format() notation */
  return g_date_time_format (time, _("%B %-d, %Y"));
}

char *
yc_docs_format_datetime (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;

  if (iso8601 == NULL)
    return g_strdup ("—");
  /* Printed in the offset the clerk's device wrote, the hall's local time. */
  time = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (time == NULL)
    return g_strdup (iso8601);
  /* Translators: a date and time on printed documents, in g_date_time_format() notation */
  return g_date_time_format (time, _("%B %-d, %Y %H:%M"));
}

const char *
yc_docs_hall_name (YcDocumentContext *context,
                   YcCase            *c)
{
  return context->hall_name != NULL ? context->hall_name : c->hall;
}

const char *
yc_docs_window_name (YcDocumentContext *context,
                     YcCase            *c)
{
  return context->window_name != NULL ? context->window_name : c->window;
}

const char *
yc_docs_clerk_name (YcDocumentContext *context,
                    YcCase            *c)
{
  return context->clerk_name != NULL ? context->clerk_name : c->clerk;
}

const char *
yc_docs_subject_name (YcDocumentContext *context,
                      YcCase            *c)
{
  if (c->subject_name != NULL)
    return c->subject_name;
  if (context->catalog != NULL)
    {
      if (g_strcmp0 (c->subject_kind, "bundle") == 0)
        {
          const YcBundle *bundle = yc_catalog_lookup_bundle (context->catalog, c->subject_code);

          if (bundle != NULL)
            return bundle->name;
        }
      else
        {
          const YcItem *item = yc_catalog_lookup_item (context->catalog, c->subject_code);

          if (item != NULL)
            return item->name;
        }
    }
  return c->subject_code;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
yc_docs_applicant_name (YcCase *c)
{
  const char *name = member_string (c->applicant, "name");

  return name != NULL ? name : "";
}

/* The agent's name, ID number and mobile: flat members of the applicant as the case builder
 * takes them (yc-case-builder.h: agent_name, agent_id_number, agent_mobile), or an "agent"
 * object with name, id_number and mobile. */
static void
applicant_agent (YcCase      *c,
                 const char **name,
                 const char **id_number,
                 const char **mobile)
{
  JsonNode *node = c->applicant != NULL ? json_object_get_member (c->applicant, "agent") : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *agent = json_node_get_object (node);

      *name = member_string (agent, "name");
      *id_number = member_string (agent, "id_number");
      *mobile = member_string (agent, "mobile");
      return;
    }
  *name = member_string (c->applicant, "agent_name");
  *id_number = member_string (c->applicant, "agent_id_number");
  *mobile = member_string (c->applicant, "agent_mobile");
}

gboolean
yc_docs_has_agent (YcCase *c)
{
  JsonNode *node;

  if (c->applicant == NULL || !json_object_has_member (c->applicant, "agent"))
    return FALSE;
  node = json_object_get_member (c->applicant, "agent");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

const char *
yc_docs_material_name (YcCase     *c,
                       const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (c, code);

  if (material != NULL && material->name != NULL)
    return material->name;
  if (g_strcmp0 (code, YC_RULES_AGENT_POWER_OF_ATTORNEY) == 0)
    return C_("document", "Power of attorney");
  if (g_strcmp0 (code, YC_RULES_AGENT_ID_CARD) == 0)
    return _("Agent's identity document");
  return code;
}

YcMergedList *
yc_docs_merge_subject (YcDocumentContext *context,
                       YcCase            *c)
{
  const char *scenario_code = NULL;
  const YcScenario *scenario;
  const YcItem *item;
  JsonArray *items;

  if (context->catalog == NULL)
    return NULL;
  if (g_strcmp0 (c->subject_kind, "bundle") == 0)
    {
      const YcBundle *bundle = yc_catalog_lookup_bundle (context->catalog, c->subject_code);

      /* A case of another catalog version may name what this one lacks: print without. */
      return bundle != NULL ? yc_bundle_merge (context->catalog, bundle, NULL) : NULL;
    }

  item = yc_catalog_lookup_item (context->catalog, c->subject_code);
  if (item == NULL)
    return NULL;
  items = c->subject != NULL && json_object_has_member (c->subject, "items")
          ? json_object_get_array_member (c->subject, "items") : NULL;
  if (items != NULL && json_array_get_length (items) > 0
      && JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, 0)))
    scenario_code = member_string (json_array_get_object_element (items, 0), "scenario");
  scenario = scenario_code != NULL ? yc_item_lookup_scenario (item, scenario_code)
                                   : g_ptr_array_index (item->scenarios, 0);
  return scenario != NULL ? yc_merged_list_new_for_item (context->catalog, item, scenario) : NULL;
}

const char *
yc_docs_material_source_hint (YcMergedList *merged,
                              const char   *code)
{
  const YcMergedMaterial *material;

  if (merged == NULL)
    return NULL;
  material = yc_merged_list_lookup_material (merged, code);
  return material != NULL ? material->source_hint : NULL;
}

void
yc_docs_begin (YcPageWriter   *writer,
               YcDocumentKind  kind,
               YcCase         *c)
{
  g_autofree char *number = g_strdup_printf (_("Case number: %s"), c->number);

  yc_page_writer_title (writer, yc_document_kind_label (kind));
  yc_page_writer_right_line (writer, number);
}

static char *
mask_identity (const char *number,
               gboolean    enterprise)
{
  if (number == NULL || number[0] == '\0')
    return g_strdup ("—");
  return enterprise ? yc_mask_credit_code (number) : yc_mask_resident_id (number);
}

static char *
mask_mobile (const char *number)
{
  return number != NULL && number[0] != '\0' ? yc_mask_mobile (number) : g_strdup ("—");
}

static const YcColumn field_columns[] = {
  { NULL, 0.19, YC_ALIGN_LEFT, TRUE },
  { NULL, 0.31, YC_ALIGN_LEFT, FALSE },
  { NULL, 0.19, YC_ALIGN_LEFT, TRUE },
  { NULL, 0.31, YC_ALIGN_LEFT, FALSE },
};

GStrv
yc_docs_row (const char *first,
             ...)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *cell = first;
  GStrv row;
  va_list args;

  va_start (args, first);
  while (cell != NULL)
    {
      g_strv_builder_add (builder, cell);
      cell = va_arg (args, const char *);
    }
  va_end (args);
  row = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return row;
}

/* Full numbers never reach paper: the sheets travel, and lie on desks. */
void
yc_docs_applicant_table (YcPageWriter *writer,
                         YcCase       *c)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gboolean enterprise = g_strcmp0 (member_string (c->applicant, "kind"), "enterprise") == 0;
  g_autofree char *id = mask_identity (yc_case_get_applicant_id (c), enterprise);
  g_autofree char *mobile = mask_mobile (member_string (c->applicant, "mobile"));
  const char *representative = member_string (c->applicant, "legal_representative");
  const char *agent_name, *agent_id, *agent_mobile;

  applicant_agent (c, &agent_name, &agent_id, &agent_mobile);
  g_ptr_array_add (rows, yc_docs_row (C_("document", "Applicant"), yc_docs_applicant_name (c),
                                      C_("document", "Applicant type"),
                                      enterprise ? C_("document", "Legal person")
                                                 : C_("document", "Natural person"),
                                      NULL));
  g_ptr_array_add (rows, yc_docs_row (enterprise ? C_("document", "Unified social credit code")
                                                 : C_("document", "Resident ID number"),
                                      id, C_("document", "Contact phone"), mobile, NULL));
  if (enterprise && representative != NULL)
    g_ptr_array_add (rows, yc_docs_row (C_("document", "Legal representative"), representative,
                                        "", "", NULL));
  if (yc_docs_has_agent (c) && (agent_name != NULL || agent_id != NULL))
    {
      g_autofree char *masked_id = mask_identity (agent_id, FALSE);
      g_autofree char *masked_mobile = mask_mobile (agent_mobile);

      g_ptr_array_add (rows, yc_docs_row (C_("document", "Agent"), agent_name != NULL ? agent_name : "—",
                                          C_("document", "Agent's ID number"), masked_id, NULL));
      g_ptr_array_add (rows, yc_docs_row (C_("document", "Agent's phone"), masked_mobile, "", "", NULL));
    }
  else if (yc_docs_has_agent (c))
    g_ptr_array_add (rows, yc_docs_row (C_("document", "Agent"),
                                        _("Represented by an agent (see the power of attorney)"),
                                        "", "", NULL));
  yc_page_writer_table (writer, field_columns, G_N_ELEMENTS (field_columns), rows);
}

/* The signature lines (applicant, and agent if any) and the hall's seal, as the document
 * needs them; @date is the day printed under the seal. */
void
yc_docs_closing (YcPageWriter      *writer,
                 YcDocumentContext *context,
                 YcCase            *c,
                 gboolean           signatures,
                 const GDate       *date)
{
  /* Translators: left blank on paper, the applicant writes the date by hand */
  const char *date_label = _("Date:        year     month     day");
  const char *lines[3] = { NULL, NULL, NULL };
  g_autofree char *day = date != NULL ? yc_docs_format_date (date) : NULL;

  if (signatures)
    {
      lines[0] = _("Applicant (signature or seal):");
      if (yc_docs_has_agent (c))
        lines[1] = _("Agent (signature):");
    }
  yc_page_writer_closing (writer, lines, date_label,
                          date != NULL ? yc_docs_hall_name (context, c) : NULL, day,
                          _("(seal)"));
}
