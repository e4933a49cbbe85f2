/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-documents-private.h"

/* The letters the applicant signs at the counter: the tolerance commitment (容缺受理承诺书)
 * and the pledge (告知承诺书); docs/documents.md. */

static void
draw_numbered (YcPageWriter       *writer,
               const char * const *sentences)
{
  for (guint i = 0; sentences[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, sentences[i]);

      yc_page_writer_paragraph (writer, line, TRUE);
    }
}

static void
draw_dated_table (YcPageWriter *writer,
                  YcCase       *c,
                  const char   *material_title,
                  const char   *date_title,
                  GPtrArray    *entries,
                  gboolean      pledges)
{
  const YcColumn columns[] = {
    { C_("document", "No."), 0.08, YC_ALIGN_CENTER, FALSE },
    { material_title, 0.60, YC_ALIGN_LEFT, FALSE },
    { date_title, 0.32, YC_ALIGN_CENTER, FALSE },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < entries->len; i++)
    {
      const char *material;
      const GDate *due;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *date = NULL;

      if (pledges)
        {
          YcCasePledge *pledge = g_ptr_array_index (entries, i);
          material = pledge->material;
          due = &pledge->due;
        }
      else
        {
          YcCaseTolerated *tolerated = g_ptr_array_index (entries, i);
          material = tolerated->material;
          due = &tolerated->due;
        }
      date = yc_docs_format_date (due);
      g_ptr_array_add (rows, yc_docs_row (number, yc_docs_material_name (c, material), date, NULL));
    }
  yc_page_writer_table (writer, columns, G_N_ELEMENTS (columns), rows);
}

gboolean
yc_tolerance_commitment_draw (YcPageWriter       *writer,
                              YcDocumentContext  *context,
                              YcCase             *c,
                              YcRulesResult      *result,
                              GError            **error)
{
  g_autofree char *accepted = yc_docs_format_date (&c->accepted_on);
  g_autofree char *intro = g_strdup_printf (_("I (or the applicant I represent), %s, applied on %s for “%s”. The materials below are missing; I ask for the application to be accepted with tolerance and solemnly commit to the following:"),
                                            yc_docs_applicant_name (c), accepted,
                                            yc_docs_subject_name (context, c));
  const char *commitments[] = {
    _("I will bring each material above by its date; what I bring will be true and valid, and as described at the counter."),
    _("I know that review may go ahead meanwhile, but that the result will be issued only after every material above has been supplemented."),
    _("I know that if a material is not brought by its date, the application is terminated, and I bear the consequences."),
    NULL,
  };

  yc_docs_begin (writer, YC_DOCUMENT_TOLERANCE_COMMITMENT, c);
  yc_page_writer_paragraph (writer, intro, TRUE);
  yc_page_writer_heading (writer, C_("document", "Applicant"));
  yc_docs_applicant_table (writer, c);
  yc_page_writer_heading (writer, C_("document", "Tolerated materials"));
  draw_dated_table (writer, c, C_("document", "Tolerated material"), C_("document", "Supplement by"), c->tolerated, FALSE);
  yc_page_writer_heading (writer, C_("document", "Commitment"));
  draw_numbered (writer, commitments);
  yc_docs_closing (writer, context, c, TRUE, NULL);
  return TRUE;
}

gboolean
yc_pledge_draw (YcPageWriter       *writer,
                YcDocumentContext  *context,
                YcCase             *c,
                YcRulesResult      *result,
                GError            **error)
{
  g_autofree char *intro = g_strdup_printf (_("I (or the applicant I represent), %s, applying for “%s”, replace the certificates below by this written pledge and solemnly pledge the following:"),
                                            yc_docs_applicant_name (c),
                                            yc_docs_subject_name (context, c));
  const char *statements[] = {
    _("What I pledge is true, accurate and complete, and I meet the conditions these certificates would prove."),
    _("I agree that the authorities verify this pledge after the fact, by the dates above, and I will cooperate with the verification."),
    _("I know that a false pledge revokes the result and is recorded as dishonest conduct, and that I bear the legal responsibility."),
    NULL,
  };

  yc_docs_begin (writer, YC_DOCUMENT_PLEDGE, c);
  yc_page_writer_paragraph (writer, intro, TRUE);
  yc_page_writer_heading (writer, C_("document", "Applicant"));
  yc_docs_applicant_table (writer, c);
  yc_page_writer_heading (writer, _("Certificates replaced by a pledge"));
  draw_dated_table (writer, c, C_("document", "Certificate"), C_("document", "Verified by"), c->pledges, TRUE);
  yc_page_writer_heading (writer, C_("document", "What I pledge"));
  draw_numbered (writer, statements);
  yc_docs_closing (writer, context, c, TRUE, NULL);
  return TRUE;
}
