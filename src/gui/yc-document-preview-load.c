/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-document-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-document-preview-private.h"
#include "yc-store-meta.h"

/*
 * What the preview shows, made off the main loop: the hall's facts the enrolment stored
 * (hall secret, hall and window names: the store's meta table, read on the store's thread),
 * then each document of the case laid out in a worker thread (yc_document_layout_async).
 * A case given by UUID is read from the store first (printing again from today's cases).
 */

/* The slots of documents still being laid out are empty. */
static void
pages_unref_nullable (gpointer pages)
{
  if (pages != NULL)
    yc_document_pages_unref (pages);
}

static void
layouts_done (YcDocumentPreview *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->documents->len; i++)
    gtk_string_list_append (titles, yc_document_pages_get_title (g_ptr_array_index (self->documents, i)));
  gtk_drop_down_set_model (self->document_dropdown, G_LIST_MODEL (titles));
  gtk_stack_set_visible_child_name (self->stack, "pages");
  yc_document_preview_show_page (self, 0, 0);
  /* Ready: to the front with the keyboard, whatever took the focus since it opened (the
   * confirmation closing, a click in the counter). */
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->done_button);
  yc_document_preview_notify_ready (self);
}

static void
layout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(YcDocumentPreview) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcDocumentPages) pages = NULL;

  pages = yc_document_layout_finish (result, &error);
  if ((self = yc_document_preview_request_get (request, error, TRUE)) == NULL)
    return;
  self->pending--;
  if (pages == NULL)
    {
      g_warning ("Cannot lay out the documents of %s: %s", self->case_doc->number, error->message);
      if (self->error == NULL)
        yc_document_preview_show_error (self, error->message);
      return;
    }
  g_ptr_array_index (self->documents, request->slot) = g_steal_pointer (&pages);
  if (self->pending == 0 && self->error == NULL)
    layouts_done (self);
}

/* What the enrolment stored about the hall and window (yc-store-meta.h), read one key
 * after the other on the store's thread. */
static const char * const hall_keys[] = {
  YC_STORE_META_HALL_SECRET,
  YC_STORE_META_HALL_NAME,
  YC_STORE_META_WINDOW_NAME,
};

typedef struct {
  Request *request;
  char    *values[G_N_ELEMENTS (hall_keys)];
  guint    next;
} HallFacts;

static void
hall_facts_free (HallFacts *facts)
{
  /* The secret keys every receipt of the hall: leave no copy in freed memory. */
  if (facts->values[0] != NULL)
    memset (facts->values[0], 0, strlen (facts->values[0]));
  for (guint i = 0; i < G_N_ELEMENTS (hall_keys); i++)
    g_free (facts->values[i]);
  yc_document_preview_request_free (facts->request);
  g_free (facts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HallFacts, hall_facts_free)

static void
lay_out (YcDocumentPreview *self,
         HallFacts         *facts)
{
  g_autoptr(YcDocumentContext) context = yc_document_context_new (NULL);

  yc_document_context_set_catalog (context, self->catalog);
  yc_document_context_set_calendar (context, self->calendar);
  yc_document_context_set_allow_unverified (context, TRUE);
  if (facts != NULL)
    {
      yc_document_context_set_hall_secret (context, facts->values[0]);
      yc_document_context_set_hall_name (context, facts->values[1]);
      yc_document_context_set_window_name (context, facts->values[2]);
      self->verified = facts->values[0] != NULL;
    }

  if (!self->verified && yc_document_applies (YC_DOCUMENT_RECEIPT, self->case_doc, NULL))
    {
      gtk_label_set_text (self->note_label,
                          _("This window has no hall secret, so the receipt carries no verification code and says so in print. Enrol the window again with the back office to print receipts with the code."));
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
    }

  for (guint i = 0; i < self->kinds->len; i++)
    yc_document_layout_async (g_array_index (self->kinds, YcDocumentKind, i), context, self->case_doc,
                              NULL, self->cancellable, layout_cb, yc_document_preview_request_new (self, i));
}

static void
hall_fact_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HallFacts) facts = user_data;
  g_autoptr(YcDocumentPreview) self = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  value = yc_store_get_meta_finish (YC_STORE (object), result, &error);
  if ((self = yc_document_preview_request_get (facts->request, error, TRUE)) == NULL)
    {
      g_free (value);
      return;
    }
  /* Unreadable is treated as absent: the documents still go out, the receipt with its
   * note, rather than an applicant leaving without a receipt. */
  if (error != NULL)
    g_message ("Cannot read “%s” from the local store: %s", hall_keys[facts->next], error->message);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  facts->values[facts->next++] = value;
  if (facts->next < G_N_ELEMENTS (hall_keys))
    {
      const char *key = hall_keys[facts->next];

      /* The key first: the arguments are evaluated in no set order. */
      yc_store_get_meta_async (self->store, key, self->cancellable, hall_fact_cb,
                               g_steal_pointer (&facts));
      return;
    }
  lay_out (self, facts);
}

/**
 * yc_document_preview_show_case:
 * @case_doc: a decided case
 *
 * Lays out the documents @case_doc gives (yc_document_kinds_for_case()) and shows the first.
 */
void
yc_document_preview_show_case (YcDocumentPreview *self,
                               YcCase            *case_doc)
{
  HallFacts *facts;

  g_return_if_fail (YC_IS_DOCUMENT_PREVIEW (self));
  g_return_if_fail (case_doc != NULL);

  yc_document_preview_reset (self);
  self->case_doc = yc_case_copy (case_doc);
  self->kinds = yc_document_kinds_for_case (self->case_doc);
  adw_window_title_set_subtitle (self->window_title, self->case_doc->number);
  if (self->kinds->len == 0)
    {
      /* Translators: %s is a case number */
      g_autofree char *message = g_strdup_printf (_("Case %s has no documents to hand over: it was not decided at the counter."),
                                                  self->case_doc->number);
      yc_document_preview_show_error (self, message);
      return;
    }
  self->documents = g_ptr_array_new_full (self->kinds->len, pages_unref_nullable);
  g_ptr_array_set_size (self->documents, self->kinds->len);
  self->pending = self->kinds->len;

  if (self->store == NULL)
    {
      lay_out (self, NULL);
      return;
    }
  facts = g_new0 (HallFacts, 1);
  facts->request = yc_document_preview_request_new (self, 0);
  yc_store_get_meta_async (self->store, hall_keys[0], self->cancellable, hall_fact_cb, facts);
}

static void
get_case_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(YcDocumentPreview) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) case_doc = NULL;

  case_doc = yc_store_get_case_finish (YC_STORE (object), result, &error);
  if ((self = yc_document_preview_request_get (request, error, TRUE)) == NULL)
    return;
  if (case_doc == NULL)
    {
      yc_document_preview_show_error (self, error->message);
      return;
    }
  yc_document_preview_show_case (self, case_doc);
}

/**
 * yc_document_preview_show_uuid:
 * @uuid: a case of the local store
 *
 * Reads the case, then yc_document_preview_show_case(): printing a case's documents again.
 */
void
yc_document_preview_show_uuid (YcDocumentPreview *self,
                               const char        *uuid)
{
  g_return_if_fail (YC_IS_DOCUMENT_PREVIEW (self));
  g_return_if_fail (uuid != NULL);

  yc_document_preview_reset (self);
  if (self->store == NULL)
    {
      yc_document_preview_show_error (self, _("The local store is not open: the case cannot be read."));
      return;
    }
  yc_store_get_case_async (self->store, uuid, self->cancellable, get_case_cb,
                           yc_document_preview_request_new (self, 0));
}

