/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-documents-private.h"

/* The receipt (受理回执) and its QR code; docs/documents.md. */

#define QR_PREFIX   "YC1"
#define HASH_DIGITS 16

static char *
qr_hash (const char *number,
         const char *uuid,
         const char *accepted_at,
         const char *secret)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));

  /* Separated, so that no two different triples hash the same bytes. */
  g_hmac_update (hmac, (const guchar *) number, -1);
  g_hmac_update (hmac, (const guchar *) "|", 1);
  g_hmac_update (hmac, (const guchar *) uuid, -1);
  g_hmac_update (hmac, (const guchar *) "|", 1);
  g_hmac_update (hmac, (const guchar *) accepted_at, -1);
  return g_strndup (g_hmac_get_string (hmac), HASH_DIGITS);
}

/**
 * yc_receipt_qr_text:
 * @c: an accepted case
 * @secret: the hall secret
 *
 * Returns: (transfer full): `YC1|<number>|<uuid>|<16 hex digits>`
 */
char *
yc_receipt_qr_text (YcCase     *c,
                    const char *secret)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  hash = qr_hash (c->number, c->uuid, c->accepted_at != NULL ? c->accepted_at : "", secret);
  return g_strdup_printf (QR_PREFIX "|%s|%s|%s", c->number, c->uuid, hash);
}

static gboolean
is_lower_hex (const char *text,
              gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
split_qr (const char  *text,
          GStrv       *fields,
          GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || !g_str_has_prefix (text, QR_PREFIX "|"))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR,
                   _("This is not the QR code of a receipt issued by this system"));
      return FALSE;
    }
  parts = g_strsplit (text, "|", -1);
  if (g_strv_length (parts) != 4 || parts[1][0] == '\0' || !g_uuid_string_is_valid (parts[2])
      || !is_lower_hex (parts[3], HASH_DIGITS))
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR,
                   _("The receipt's QR code is damaged or incomplete; look the case up by its number"));
      return FALSE;
    }
  *fields = g_steal_pointer (&parts);
  return TRUE;
}

/**
 * yc_receipt_parse_qr:
 * @text: what a scanner read
 * @number: (out) (optional): the case number
 * @uuid: (out) (optional): the case UUID
 *
 * Reads a receipt QR code without checking its hash (the case, found by @uuid, gives the
 * accepted_at that yc_receipt_verify_qr() needs).
 */
gboolean
yc_receipt_parse_qr (const char  *text,
                     char       **number,
                     char       **uuid,
                     GError     **error)
{
  g_auto(GStrv) fields = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!split_qr (text, &fields, error))
    return FALSE;
  if (number != NULL)
    *number = g_strdup (fields[1]);
  if (uuid != NULL)
    *uuid = g_strdup (fields[2]);
  return TRUE;
}

gboolean
yc_receipt_verify_qr (const char  *text,
                      const char  *secret,
                      const char  *accepted_at,
                      char       **number,
                      char       **uuid,
                      GError     **error)
{
  g_auto(GStrv) fields = NULL;
  g_autofree char *expected = NULL;
  guchar difference = 0;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (accepted_at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!split_qr (text, &fields, error))
    return FALSE;
  expected = qr_hash (fields[1], fields[2], accepted_at, secret);
  /* Every digit compared, so that timing does not tell how much of a forgery was right. */
  for (guint i = 0; i < HASH_DIGITS; i++)
    difference |= expected[i] ^ fields[3][i];
  if (difference != 0)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR,
                   _("The receipt for case %s was not issued by this hall, or has been altered"),
                   fields[1]);
      return FALSE;
    }
  if (number != NULL)
    *number = g_strdup (fields[1]);
  if (uuid != NULL)
    *uuid = g_strdup (fields[2]);
  return TRUE;
}

static void
draw_facts (YcPageWriter      *writer,
            YcDocumentContext *context,
            YcCase            *c)
{
  static const YcColumn columns[] = {
    { NULL, 0.19, YC_ALIGN_LEFT, TRUE },
    { NULL, 0.31, YC_ALIGN_LEFT, FALSE },
    { NULL, 0.19, YC_ALIGN_LEFT, TRUE },
    { NULL, 0.31, YC_ALIGN_LEFT, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *accepted = yc_docs_format_datetime (c->accepted_at);

  g_ptr_array_add (rows, yc_docs_row (C_("document", "Service hall"), yc_docs_hall_name (context, c),
                                  C_("document", "Case number"), c->number, NULL));
  g_ptr_array_add (rows, yc_docs_row (C_("document", "Accepted at"), accepted,
                                  C_("document", "Decision"), yc_decision_label (c->decision), NULL));
  g_ptr_array_add (rows, yc_docs_row (C_("document", "Window"), yc_docs_window_name (context, c),
                                  C_("document", "Clerk"), yc_docs_clerk_name (context, c), NULL));
  yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
}

/* One entry of subject.items: the item's name and code, its department's name. */
static GStrv
item_row (YcDocumentContext *context,
          JsonObject        *entry,
          guint              position)
{
  const char *code = json_object_get_string_member_with_default (entry, "item", "");
  const char *department = json_object_get_string_member_with_default (entry, "department", "");
  const YcItem *item = NULL;
  const YcDepartment *dept = NULL;
  g_autofree char *number = g_strdup_printf ("%u", position);
  g_autofree char *name = NULL;

  if (context->catalog != NULL)
    {
      item = yc_catalog_lookup_item (context->catalog, code);
      dept = yc_catalog_lookup_department (context->catalog, department);
    }
  name = item != NULL ? g_strdup_printf ("%s（%s）", item->name, code) : g_strdup (code);
  return yc_docs_row (number, name, dept != NULL ? dept->name : department, NULL);
}

static void
draw_items (YcPageWriter      *writer,
            YcDocumentContext *context,
            YcCase            *c)
{
  const YcColumn columns[] = {
    { C_("document", "No."), 0.08, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Service item"), 0.56, YC_ALIGN_LEFT, FALSE },
    { C_("document", "Department"), 0.36, YC_ALIGN_LEFT, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonNode *node = c->subject != NULL ? json_object_get_member (c->subject, "items") : NULL;
  JsonArray *items = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (rows, item_row (context, json_node_get_object (element), rows->len + 1));
    }
  if (g_strcmp0 (c->subject_kind, "bundle") == 0)
    {
      g_autofree char *intro = g_strdup_printf (_("“%s” is one request: the departments below review it in parallel, and the result is collected at this window."),
                                                yc_docs_subject_name (context, c));
      yc_page_writer_paragraph (writer, intro, FALSE);
    }
  yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
}

static const char *
material_state_label (YcCaseMaterialState state)
{
  switch (state)
    {
    case YC_CASE_MATERIAL_PROVIDED:
      return C_("document", "Received");
    case YC_CASE_MATERIAL_SHARED:
      return _("Obtained through shared data");
    case YC_CASE_MATERIAL_TOLERATED:
      return _("To be supplemented (tolerated)");
    case YC_CASE_MATERIAL_PLEDGED:
      return _("Replaced by a pledge");
    case YC_CASE_MATERIAL_DEFECTIVE:
      return C_("document", "Defective");
    case YC_CASE_MATERIAL_MISSING:
    default:
      return C_("document", "Not provided");
    }
}

static const char *
material_form_label (YcMergedList *merged,
                     const char   *code)
{
  const YcMergedMaterial *material = merged != NULL ? yc_merged_list_lookup_material (merged, code) : NULL;

  if (material != NULL)
    return yc_material_form_label (material->form);
  /* The rules engine adds these two for an agent, original checked (yc-rules.h). */
  if (g_strcmp0 (code, YC_RULES_AGENT_POWER_OF_ATTORNEY) == 0
      || g_strcmp0 (code, YC_RULES_AGENT_ID_CARD) == 0)
    return yc_material_form_label (YC_MATERIAL_FORM_ORIGINAL);
  return "—";
}

static void
draw_materials (YcPageWriter *writer,
                YcCase       *c,
                YcMergedList *merged)
{
  const YcColumn columns[] = {
    { C_("document", "No."), 0.08, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Material"), 0.38, YC_ALIGN_LEFT, FALSE },
    { C_("document", "Form"), 0.14, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Copies"), 0.09, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Pages"), 0.09, YC_ALIGN_CENTER, FALSE },
    { C_("document", "Status"), 0.22, YC_ALIGN_CENTER, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *first = g_ptr_array_index (c->materials, i);
      YcCaseMaterialVersion *material;
      g_autofree char *number = NULL, *copies = NULL, *pages = NULL;

      if (!g_hash_table_add (seen, first->code))
        continue;
      /* A supplement adds a version: the receipt shows what the case holds now. */
      material = yc_case_lookup_material (c, first->code);
      if (material->state == YC_CASE_MATERIAL_MISSING)
        continue;  /* an optional material not handed in: nothing to acknowledge */
      number = g_strdup_printf ("%u", ++n);
      copies = material->copies > 0 ? g_strdup_printf ("%u", material->copies) : g_strdup ("—");
      pages = material->pages > 0 ? g_strdup_printf ("%u", material->pages) : g_strdup ("—");
      g_ptr_array_add (rows, yc_docs_row (number, material->name, material_form_label (merged, material->code),
                                      copies, pages, material_state_label (material->state), NULL));
    }
  yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
}

static void
draw_deferred (YcPageWriter *writer,
               YcCase       *c)
{
  if (c->tolerated->len > 0)
    {
      const YcColumn columns[] = {
        { C_("document", "No."), 0.08, YC_ALIGN_CENTER, FALSE },
        { C_("document", "Tolerated material"), 0.60, YC_ALIGN_LEFT, FALSE },
        { C_("document", "Supplement by"), 0.32, YC_ALIGN_CENTER, FALSE },
      };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      yc_page_writer_heading (writer, _("Materials to supplement (accepted with tolerance)"));
      for (guint i = 0; i < c->tolerated->len; i++)
        {
          YcCaseTolerated *tolerated = g_ptr_array_index (c->tolerated, i);
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          g_autofree char *due = yc_docs_format_date (&tolerated->due);

          g_ptr_array_add (rows, yc_docs_row (number, yc_docs_material_name (c, tolerated->material), due, NULL));
        }
      yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
      yc_page_writer_paragraph (writer, _("Bring the materials above by the dates given. Review goes ahead in the meantime, but the result is issued only after they are supplemented; if they are not brought in time, the application is terminated."), TRUE);
    }

  if (c->pledges->len > 0)
    {
      const YcColumn columns[] = {
        { C_("document", "No."), 0.08, YC_ALIGN_CENTER, FALSE },
        { _("Certificate replaced by a pledge"), 0.60, YC_ALIGN_LEFT, FALSE },
        { C_("document", "Verified by"), 0.32, YC_ALIGN_CENTER, FALSE },
      };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      yc_page_writer_heading (writer, _("Certificates replaced by a pledge"));
      for (guint i = 0; i < c->pledges->len; i++)
        {
          YcCasePledge *pledge = g_ptr_array_index (c->pledges, i);
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          g_autofree char *due = yc_docs_format_date (&pledge->due);

          g_ptr_array_add (rows, yc_docs_row (number, yc_docs_material_name (c, pledge->material), due, NULL));
        }
      yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
      yc_page_writer_paragraph (writer, _("The departments verify these pledges after the fact, by the dates given. A false pledge revokes the result and is recorded as dishonest conduct."), TRUE);
    }
}

static void
draw_time_limit (YcPageWriter      *writer,
                 YcDocumentContext *context,
                 YcCase            *c)
{
  g_autofree char *text = NULL;
  GDate deadline = c->deadline;

  if (!g_date_valid (&deadline) && context->calendar != NULL && c->committed_days > 0
      && g_date_valid (&c->accepted_on))
    yc_calendar_deadline (context->calendar, &c->accepted_on, c->committed_days, NULL, 0, &deadline);

  yc_page_writer_heading (writer, C_("document", "Time limit"));
  if (c->committed_days == 0)
    text = g_strdup (_("Done at once: the result is issued at this window today."));
  else if (c->committed_days > 0)
    {
      g_autofree char *days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day",
                                                            "%d working days", c->committed_days),
                                               c->committed_days);
      g_autofree char *date = yc_docs_format_date (&deadline);

      text = g_strdup_printf (_("Committed time limit: %s, not counting time spent waiting for supplements. Expected completion: by %s."),
                              days, date);
    }
  if (text != NULL)
    yc_page_writer_paragraph (writer, text, TRUE);
}

gboolean
yc_receipt_draw (YcPageWriter       *writer,
                 YcDocumentContext  *context,
                 YcCase             *c,
                 YcRulesResult      *result,
                 GError            **error)
{
  g_autoptr(YcMergedList) merged = NULL;
  g_autofree char *qr_text = NULL;
  g_autofree char *intro = NULL;
  g_autofree char *accepted = NULL;
  QRcode *code = NULL;
  gboolean has_secret = context->hall_secret != NULL && context->hall_secret[0] != '\0';

  if (!has_secret && !context->allow_unverified)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_NO_SECRET,
                   _("The receipt cannot be printed: this device has no hall secret for the QR code. Enroll the device again or ask the administrator."));
      return FALSE;
    }
  if (has_secret)
    {
      qr_text = yc_receipt_qr_text (c, context->hall_secret);
      code = QRcode_encodeString (qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    }
  if (has_secret && code == NULL)
    {
      g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_RENDER,
                   _("Could not make the receipt's QR code: %s"), g_strerror (errno));
      return FALSE;
    }

  merged = yc_docs_merge_subject (context, c);
  accepted = yc_docs_format_datetime (c->accepted_at);
  intro = g_strdup_printf (_("%s: your application for “%s” was accepted at this window on %s. Keep this receipt: it is needed to follow the case and to collect the result."),
                           yc_docs_applicant_name (c), yc_docs_subject_name (context, c),
                           accepted);

  yc_docs_begin (writer, YC_DOCUMENT_RECEIPT, c);
  yc_page_writer_paragraph (writer, intro, TRUE);
  draw_facts (writer, context, c);
  yc_page_writer_heading (writer, C_("document", "Applicant"));
  yc_docs_applicant_table (writer, c);
  yc_page_writer_heading (writer, C_("document", "Service items"));
  draw_items (writer, context, c);
  yc_page_writer_heading (writer, C_("document", "Materials"));
  draw_materials (writer, c, merged);
  draw_deferred (writer, c);
  draw_time_limit (writer, context, c);
  yc_page_writer_heading (writer, C_("document", "Following the case"));
  if (code != NULL)
    {
      yc_page_writer_qr (writer, code,
                         context->follow_hint != NULL
                         ? context->follow_hint
                         : _("Scan this code with the hall's self-service terminal, or give the case number at any comprehensive window, to see how far the case has come. The code carries only the case number and a check code, no personal data."));
      QRcode_free (code);
    }
  else
    {
      /* In print, so that whoever checks the receipt knows why there is no code to scan. */
      yc_page_writer_emphasis (writer, _("No verification code: this window was enrolled before receipts carried one. The receipt is valid; the case is found by its number."));
      yc_page_writer_paragraph (writer,
                                context->follow_hint != NULL
                                ? context->follow_hint
                                : _("Give the case number at any comprehensive window to see how far the case has come."),
                                TRUE);
    }

  yc_docs_closing (writer, context, c, TRUE, &c->accepted_on);
  return TRUE;
}
