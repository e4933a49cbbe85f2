/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-documents-private.h"

/* What a case closed at the counter gives the applicant: the one-time notice (一次性告知书)
 * and the refusal notice (不予受理通知书); docs/documents.md. */

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
notice_text (YcCase *c)
{
  return c->notice != NULL ? object_string (c->notice, "text") : NULL;
}

static void
add_row (GPtrArray  *rows,
         const char *name,
         const char *reason,
         const char *hint)
{
  g_autofree char *number = g_strdup_printf ("%u", rows->len + 1);

  g_ptr_array_add (rows, yc_docs_row (number, name, reason,
                                      hint != NULL && hint[0] != '\0' ? hint : "—", NULL));
}

/* The rules engine's verdict, when the clerk decided on one: a sentence per material. */
/* The engine's sentence names the material; the row already does. */
static const char *
strip_name (const char *message,
            const char *name)
{
  const char *rest;

  if (message == NULL || name == NULL || !g_str_has_prefix (message, name))
    return message;
  rest = message + strlen (name);
  if (g_str_has_prefix (rest, "："))
    return rest + strlen ("：");
  if (g_str_has_prefix (rest, ": "))
    return rest + 2;
  return message;
}

/* The rules engine's verdict, when the clerk decided on one: a sentence per material. */
static void
rows_from_result (GPtrArray     *rows,
                  YcRulesResult *result)
{
  GPtrArray *outstanding = yc_rules_result_get_outstanding (result);

  for (guint i = 0; i < outstanding->len; i++)
    {
      YcOutstanding *o = g_ptr_array_index (outstanding, i);
      const char *name = o->material->material->name;

      add_row (rows, name, strip_name (o->message, name), o->material->source_hint);
    }
}

/* The same verdict as the case builder keeps it in the case's notice (yc-case-builder.h:
 * {"outstanding": [as yc_rules_result_to_json()], "text"}), so a notice can be printed again
 * later.  FALSE when the notice has none. */
static gboolean
rows_from_notice (GPtrArray    *rows,
                  YcCase       *c,
                  YcMergedList *merged)
{
  JsonNode *node = c->notice != NULL ? json_object_get_member (c->notice, "outstanding") : NULL;
  JsonArray *outstanding;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  outstanding = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (outstanding); i++)
    {
      JsonNode *element = json_array_get_element (outstanding, i);
      JsonObject *entry;
      const char *code, *name, *hint;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      code = object_string (entry, "material");
      name = object_string (entry, "name");
      if (name == NULL)
        name = code != NULL ? yc_docs_material_name (c, code) : "—";
      hint = object_string (entry, "source_hint");
      if (hint == NULL && code != NULL)
        hint = yc_docs_material_source_hint (merged, code);
      add_row (rows, name, strip_name (object_string (entry, "message"), name), hint);
    }
  return rows->len > 0;
}

/* Otherwise the case itself: what it records as missing or defective, and what the notice
 * names that the case does not list. */
static void
rows_from_case (GPtrArray    *rows,
                YcCase       *c,
                YcMergedList *merged)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *named = NULL;

  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *first = g_ptr_array_index (c->materials, i);
      YcCaseMaterialVersion *material;
      g_autofree char *reason = NULL;

      if (!g_hash_table_add (seen, first->code))
        continue;
      material = yc_case_lookup_material (c, first->code);
      if (material->state == YC_CASE_MATERIAL_DEFECTIVE)
        reason = g_strdup_printf (_("Defective: %s"),
                                  material->defect_reason != NULL ? material->defect_reason : "—");
      else if (material->state == YC_CASE_MATERIAL_MISSING)
        reason = g_strdup (C_("document", "Not provided"));
      else
        continue;
      add_row (rows, material->name, reason, yc_docs_material_source_hint (merged, material->code));
    }

  if (c->notice != NULL && json_object_has_member (c->notice, "materials")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (c->notice, "materials")))
    named = json_object_get_array_member (c->notice, "materials");
  for (guint i = 0; named != NULL && i < json_array_get_length (named); i++)
    {
      JsonNode *node = json_array_get_element (named, i);
      const char *code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      code = json_node_get_string (node);
      if (g_hash_table_contains (seen, code))
        continue;
      g_hash_table_add (seen, (gpointer) code);
      add_row (rows, yc_docs_material_name (c, code), C_("document", "Not provided"),
               yc_docs_material_source_hint (merged, code));
    }
}

static void
draw_counter_facts (YcPageWriter      *writer,
                    YcDocumentContext *context,
                    YcCase            *c)
{
  g_autofree char *text = NULL;
  g_autofree char *day = yc_docs_format_date (&c->accepted_on);

  text = g_strdup_printf (_("Window: %s    Clerk: %s    Date: %s"),
                          yc_docs_window_name (context, c), yc_docs_clerk_name (context, c), day);
  yc_page_writer_paragraph (writer, text, FALSE);
}

gboolean
yc_one_time_notice_draw (YcPageWriter       *writer,
                         YcDocumentContext  *context,
                         YcCase             *c,
                         YcRulesResult      *result,
                         GError            **error)
{
  const YcColumn columns[] = {
    { C_("document", "No."), 0.07, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Material"), 0.27, YC_ALIGN_LEFT, FALSE },
    { C_("document", "What is wrong"), 0.38, YC_ALIGN_LEFT, FALSE },
    { C_("document", "Where to get it"), 0.28, YC_ALIGN_LEFT, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(YcMergedList) merged = yc_docs_merge_subject (context, c);
  g_autofree char *day = yc_docs_format_date (&c->accepted_on);
  g_autofree char *intro = g_strdup_printf (_("%s: on %s you applied for “%s”. The application materials are not yet complete or not in the required form. Everything that has to be supplemented or corrected is listed below, all at once:"),
                                            yc_docs_applicant_name (c), day,
                                            yc_docs_subject_name (context, c));
  const char *text = notice_text (c);

  if (result != NULL)
    rows_from_result (rows, result);
  else if (!rows_from_notice (rows, c, merged))
    rows_from_case (rows, c, merged);

  yc_docs_begin (writer, YC_DOCUMENT_ONE_TIME_NOTICE, c);
  yc_page_writer_paragraph (writer, intro, TRUE);
  yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *remark = g_strdup_printf (_("The clerk's remarks: %s"), text);
      yc_page_writer_paragraph (writer, remark, TRUE);
    }
  yc_page_writer_emphasis (writer, _("Please bring all the materials above when you come again: one more trip is all it takes."));
  draw_counter_facts (writer, context, c);
  yc_docs_closing (writer, context, c, FALSE, &c->accepted_on);
  return TRUE;
}

gboolean
yc_refusal_draw (YcPageWriter       *writer,
                 YcDocumentContext  *context,
                 YcCase             *c,
                 YcRulesResult      *result,
                 GError            **error)
{
  YcRefusal refusal = YC_REFUSAL_NONE;
  const char *text = NULL;
  g_autofree char *day = yc_docs_format_date (&c->accepted_on);
  g_autofree char *intro = NULL;
  g_autofree char *reason = NULL;

  if (result != NULL)
    refusal = yc_rules_input_get_refusal (yc_rules_result_get_input (result), &text);
  if (refusal == YC_REFUSAL_NONE && c->notice != NULL)
    {
      /* yc-case-builder.h: {"kind": "refuse", "reason": "out_of_remit"|"not_eligible"|null, "text"} */
      yc_refusal_from_string (object_string (c->notice, "reason"), &refusal);
      text = notice_text (c);
    }

  intro = g_strdup_printf (_("%s: on %s you applied for “%s”. Having examined the application, this hall has decided not to accept it, for the reason below."),
                           yc_docs_applicant_name (c), day, yc_docs_subject_name (context, c));
  if (refusal != YC_REFUSAL_NONE && text != NULL && text[0] != '\0')
    reason = g_strdup_printf (_("Reason: %s. %s"), yc_refusal_label (refusal), text);
  else if (refusal != YC_REFUSAL_NONE)
    reason = g_strdup_printf (_("Reason: %s."), yc_refusal_label (refusal));
  else if (text != NULL && text[0] != '\0')
    reason = g_strdup_printf (_("Reason: %s"), text);
  else
    reason = g_strdup (_("Reason: the application does not meet the conditions for acceptance."));

  yc_docs_begin (writer, YC_DOCUMENT_REFUSAL, c);
  yc_page_writer_paragraph (writer, intro, TRUE);
  yc_page_writer_paragraph (writer, reason, TRUE);
  yc_page_writer_paragraph (writer, _("If the applicant disagrees with this decision, the applicant may apply for administrative reconsideration or bring an administrative lawsuit according to law."), TRUE);
  draw_counter_facts (writer, context, c);
  yc_docs_closing (writer, context, c, FALSE, &c->accepted_on);
  return TRUE;
}
