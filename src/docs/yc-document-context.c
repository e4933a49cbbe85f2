/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-documents-private.h"

G_DEFINE_QUARK (yc-document-error-quark, yc_document_error)

G_DEFINE_BOXED_TYPE (YcDocumentContext, yc_document_context,
                     yc_document_context_ref, yc_document_context_unref)

static const struct {
  YcDocumentKind  kind;
  const char     *key;
  const char     *label;
} kinds[] = {
  { YC_DOCUMENT_RECEIPT, "receipt", N_("Acceptance Receipt") },
  { YC_DOCUMENT_ONE_TIME_NOTICE, "one_time_notice", N_("One-Time Notice of Missing Materials") },
  { YC_DOCUMENT_TOLERANCE_COMMITMENT, "tolerance_commitment", N_("Commitment for Acceptance with Tolerance") },
  { YC_DOCUMENT_PLEDGE, "pledge", N_("Letter of Pledge in Lieu of Certificates") },
  { YC_DOCUMENT_REFUSAL, "refusal", N_("Notice of Refusal to Accept") },
};

/**
 * yc_document_context_new:
 * @hall_name: (nullable): the hall's name as printed
 *
 * Returns: (transfer full): a context without secret, catalog or calendar
 */
YcDocumentContext *
yc_document_context_new (const char *hall_name)
{
  YcDocumentContext *self = g_new0 (YcDocumentContext, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->hall_name = g_strdup (hall_name);
  return self;
}

YcDocumentContext *
yc_document_context_ref (YcDocumentContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_document_context_unref (YcDocumentContext *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->hall_name);
  /* The secret keys every receipt of the hall: leave no copy in freed memory. */
  if (self->hall_secret != NULL)
    memset (self->hall_secret, 0, strlen (self->hall_secret));
  g_free (self->hall_secret);
  g_free (self->window_name);
  g_free (self->clerk_name);
  g_free (self->follow_hint);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);
  g_free (self);
}

YcDocumentContext *
yc_document_context_copy (YcDocumentContext *self)
{
  YcDocumentContext *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = yc_document_context_new (self->hall_name);
  copy->hall_secret = g_strdup (self->hall_secret);
  copy->window_name = g_strdup (self->window_name);
  copy->clerk_name = g_strdup (self->clerk_name);
  copy->follow_hint = g_strdup (self->follow_hint);
  copy->allow_unverified = self->allow_unverified;
  g_set_object (&copy->catalog, self->catalog);
  g_set_object (&copy->calendar, self->calendar);
  return copy;
}

void
yc_document_context_set_hall_name (YcDocumentContext *self,
                                   const char        *hall_name)
{
  g_return_if_fail (self != NULL);
  g_free (self->hall_name);
  self->hall_name = g_strdup (hall_name);
}

const char *
yc_document_context_get_hall_name (YcDocumentContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hall_name;
}

void
yc_document_context_set_hall_secret (YcDocumentContext *self,
                                     const char        *secret)
{
  g_return_if_fail (self != NULL);
  if (self->hall_secret != NULL)
    memset (self->hall_secret, 0, strlen (self->hall_secret));
  g_free (self->hall_secret);
  self->hall_secret = g_strdup (secret);
}

const char *
yc_document_context_get_hall_secret (YcDocumentContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hall_secret;
}

/**
 * yc_document_context_set_allow_unverified:
 * @allow: whether a receipt may go out without its QR code when there is no hall secret
 *
 * Off by default: a receipt without its verification code cannot be checked at the hall,
 * so the caller decides, and the receipt then says so in print.
 */
void
yc_document_context_set_allow_unverified (YcDocumentContext *self,
                                          gboolean           allow)
{
  g_return_if_fail (self != NULL);
  self->allow_unverified = !!allow;
}

gboolean
yc_document_context_get_allow_unverified (YcDocumentContext *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->allow_unverified;
}

void
yc_document_context_set_window_name (YcDocumentContext *self,
                                     const char        *window_name)
{
  g_return_if_fail (self != NULL);
  g_free (self->window_name);
  self->window_name = g_strdup (window_name);
}

void
yc_document_context_set_clerk_name (YcDocumentContext *self,
                                    const char        *clerk_name)
{
  g_return_if_fail (self != NULL);
  g_free (self->clerk_name);
  self->clerk_name = g_strdup (clerk_name);
}

void
yc_document_context_set_follow_hint (YcDocumentContext *self,
                                     const char        *hint)
{
  g_return_if_fail (self != NULL);
  g_free (self->follow_hint);
  self->follow_hint = g_strdup (hint);
}

void
yc_document_context_set_catalog (YcDocumentContext *self,
                                 YcCatalog         *catalog)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (catalog == NULL || YC_IS_CATALOG (catalog));
  g_set_object (&self->catalog, catalog);
}

YcCatalog *
yc_document_context_get_catalog (YcDocumentContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->catalog;
}

void
yc_document_context_set_calendar (YcDocumentContext *self,
                                  YcCalendar        *calendar)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar));
  g_set_object (&self->calendar, calendar);
}

const char *
yc_document_kind_to_string (YcDocumentKind kind)
{
  g_return_val_if_fail (kind < YC_N_DOCUMENT_KINDS, NULL);
  return kinds[kind].key;
}

const char *
yc_document_kind_label (YcDocumentKind kind)
{
  g_return_val_if_fail (kind < YC_N_DOCUMENT_KINDS, NULL);
  return _(kinds[kind].label);
}

/**
 * yc_document_kinds_for_case:
 * @c: a decided case
 *
 * Returns: (transfer full) (element-type YcDocumentKind): what to hand over, the receipt
 *   first and the letters to sign after it
 */
GArray *
yc_document_kinds_for_case (YcCase *c)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (YcDocumentKind));

  g_return_val_if_fail (c != NULL, list);

  for (YcDocumentKind kind = 0; kind < YC_N_DOCUMENT_KINDS; kind++)
    if (yc_document_applies (kind, c, NULL))
      g_array_append_val (list, kind);
  return list;
}

/**
 * yc_document_applies:
 *
 * Whether the case's decision gives this document: a receipt for the three acceptances,
 * the letters when something is tolerated or pledged, the notices for the decisions that
 * close the case at the counter.
 */
gboolean
yc_document_applies (YcDocumentKind   kind,
                     YcCase          *c,
                     GError         **error)
{
  gboolean accepted;
  const char *why = NULL;

  g_return_val_if_fail (kind < YC_N_DOCUMENT_KINDS, FALSE);
  g_return_val_if_fail (c != NULL, FALSE);

  accepted = c->decision == YC_DECISION_ACCEPT || c->decision == YC_DECISION_ACCEPT_WITH_TOLERANCE
             || c->decision == YC_DECISION_ACCEPT_ON_PLEDGE;
  switch (kind)
    {
    case YC_DOCUMENT_RECEIPT:
      if (!accepted)
        why = _("A receipt is only issued for an accepted case");
      break;
    case YC_DOCUMENT_TOLERANCE_COMMITMENT:
      if (!accepted || c->tolerated->len == 0)
        why = _("A tolerance commitment is only signed when a material is tolerated");
      break;
    case YC_DOCUMENT_PLEDGE:
      if (!accepted || c->pledges->len == 0)
        why = _("A pledge letter is only signed when a certificate is replaced by a pledge");
      break;
    case YC_DOCUMENT_ONE_TIME_NOTICE:
      if (c->decision != YC_DECISION_ONE_TIME_NOTICE)
        why = _("A one-time notice is only issued when the clerk decided on one");
      break;
    case YC_DOCUMENT_REFUSAL:
    default:
      if (c->decision != YC_DECISION_REFUSE)
        why = _("A refusal notice is only issued for a refused application");
      break;
    }
  if (why == NULL)
    return TRUE;
  g_set_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_NOT_APPLICABLE,
               _("%s (case %s: %s)"), why, c->number, yc_decision_label (c->decision));
  return FALSE;
}
