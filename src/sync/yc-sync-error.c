/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "yc-sync-error-private.h"

G_DEFINE_QUARK (yc-sync-error-quark, yc_sync_error)

static const struct {
  const char  *code;
  YcSyncError  error;
} codes[] = {
  { "invalid", YC_SYNC_ERROR_INVALID },
  { "unauthorized", YC_SYNC_ERROR_UNAUTHORIZED },
  { "forbidden", YC_SYNC_ERROR_FORBIDDEN },
  { "not_found", YC_SYNC_ERROR_NOT_FOUND },
  { "method_not_allowed", YC_SYNC_ERROR_PROTOCOL },
  { "conflict", YC_SYNC_ERROR_CONFLICT },
  { "gone", YC_SYNC_ERROR_GONE },
  { "length_required", YC_SYNC_ERROR_TOO_LARGE },
  { "too_large", YC_SYNC_ERROR_TOO_LARGE },
  { "unsupported_media_type", YC_SYNC_ERROR_PROTOCOL },
  { "mismatch", YC_SYNC_ERROR_MISMATCH },
  { "locked_out", YC_SYNC_ERROR_LOCKED_OUT },
  { "storage", YC_SYNC_ERROR_SERVER },
  { "internal", YC_SYNC_ERROR_SERVER },
};

/**
 * yc_sync_error_from_code:
 * @code: (nullable): the "code" member of the back office's error body
 * @status: the HTTP status, used when @code is unknown or missing
 */
YcSyncError
yc_sync_error_from_code (const char *code,
                         guint       status)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (codes); i++)
    if (g_str_equal (code, codes[i].code))
      return codes[i].error;

  switch (status)
    {
    case 400: return YC_SYNC_ERROR_INVALID;
    case 401: return YC_SYNC_ERROR_UNAUTHORIZED;
    case 403: return YC_SYNC_ERROR_FORBIDDEN;
    case 404: return YC_SYNC_ERROR_NOT_FOUND;
    case 409: return YC_SYNC_ERROR_CONFLICT;
    case 410: return YC_SYNC_ERROR_GONE;
    case 411:
    case 413: return YC_SYNC_ERROR_TOO_LARGE;
    case 422: return YC_SYNC_ERROR_MISMATCH;
    case 429: return YC_SYNC_ERROR_LOCKED_OUT;
    /* A proxy or load balancer in front of a back office that is down. */
    case 502:
    case 503:
    case 504: return YC_SYNC_ERROR_OFFLINE;
    default:
      return status >= 500 ? YC_SYNC_ERROR_SERVER : YC_SYNC_ERROR_FAILED;
    }
}

gboolean
yc_sync_error_is_offline (const GError *error)
{
  return g_error_matches (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE);
}

static gboolean
is_unreachable (const GError *transport)
{
  if (transport->domain == G_RESOLVER_ERROR)
    return TRUE;
  if (transport->domain != G_IO_ERROR)
    return FALSE;
  switch (transport->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_HOST_NOT_FOUND:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_PROXY_FAILED:
    case G_IO_ERROR_PARTIAL_INPUT:
      return TRUE;
    default:
      return FALSE;
    }
}

void
yc_sync_set_error_from_transport (GError       **error,
                                  const GError  *transport,
                                  gboolean       timed_out,
                                  guint          timeout_seconds)
{
  g_return_if_fail (transport != NULL);

  if (timed_out)
    {
      g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE,
                   _("The back office did not answer within %u seconds; switched to offline "
                     "mode. Work continues on this computer and is sent when the connection "
                     "returns."), timeout_seconds);
      return;
    }
  if (g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (transport));
      return;
    }
  if (transport->domain == G_TLS_ERROR)
    {
      g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_TLS,
                   _("The back office’s security certificate is not trusted, so nothing was "
                     "sent. Ask the administrator to check the back-office address and its "
                     "certificate. (%s)"), transport->message);
      return;
    }
  if (is_unreachable (transport))
    {
      g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_OFFLINE,
                   _("Cannot connect to the back office; switched to offline mode. Work "
                     "continues on this computer and is sent when the connection returns. "
                     "(%s)"), transport->message);
      return;
    }
  g_set_error (error, YC_SYNC_ERROR, YC_SYNC_ERROR_FAILED,
               _("The connection to the back office failed. Try again; if it happens again, "
                 "call the administrator. (%s)"), transport->message);
}

static const char *
body_member (JsonNode   *body,
             const char *name)
{
  JsonObject *object;
  JsonNode *member;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  object = json_node_get_object (body);
  member = json_object_get_member (object, name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

void
yc_sync_set_error_from_response (GError   **error,
                                 guint      status,
                                 JsonNode  *body,
                                 gboolean   signing_in)
{
  const char *code = body_member (body, "code");
  const char *detail = body_member (body, "message");
  const char *field = body_member (body, "field");
  YcSyncError sync_code = yc_sync_error_from_code (code, status);
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  /* The server's own words, for the administrator; ours come first, for the clerk. */
  if (detail != NULL && field != NULL)
    reason = g_strdup_printf ("%s [%s]", detail, field);
  else
    reason = g_strdup (detail != NULL ? detail : soup_status_get_phrase (status));
  if (reason == NULL)
    reason = g_strdup_printf ("HTTP %u", status);

  switch (sync_code)
    {
    case YC_SYNC_ERROR_UNAUTHORIZED:
      message = g_strdup (signing_in
                          ? _("Wrong user name or password.")
                          : _("Your session at the back office has ended. Sign in again."));
      break;
    case YC_SYNC_ERROR_LOCKED_OUT:
      message = g_strdup (_("Too many wrong passwords in a row: the account is locked for now. "
                            "Try again in 15 minutes, or ask the administrator."));
      break;
    case YC_SYNC_ERROR_FORBIDDEN:
      message = g_strdup_printf (_("Your account is not allowed to do this (role or scope). "
                                   "Ask the supervisor if you need it. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_NOT_FOUND:
      message = g_strdup_printf (_("The back office does not have what was asked for. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_INVALID:
    case YC_SYNC_ERROR_PROTOCOL:
      message = g_strdup_printf (_("The back office refused the request. Try again; if it happens "
                                   "again, call the administrator. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_CONFLICT:
      message = g_strdup_printf (_("The back office is busy with the same request. Try again in "
                                   "a moment. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_GONE:
      message = g_strdup (_("The back office was reset or restored: this computer has to load "
                            "its data from the back office again."));
      break;
    case YC_SYNC_ERROR_TOO_LARGE:
      message = g_strdup_printf (_("The data is larger than the back office accepts. Call the "
                                   "administrator. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_MISMATCH:
      message = g_strdup_printf (_("The back office found that the data sent does not match; it "
                                   "will be sent again. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_OFFLINE:
      message = g_strdup_printf (_("The back office is not available at the moment; switched to "
                                   "offline mode. Work continues on this computer and is sent "
                                   "when the back office returns. (%s)"), reason);
      break;
    case YC_SYNC_ERROR_SERVER:
      message = g_strdup_printf (_("The back office could not read or write its data. Try again "
                                   "later; if it keeps happening, call the administrator. (%s)"),
                                 reason);
      break;
    case YC_SYNC_ERROR_FAILED:
    case YC_SYNC_ERROR_INSECURE:
    case YC_SYNC_ERROR_TLS:
    case YC_SYNC_ERROR_NO_OFFLINE_CREDENTIAL:
    case YC_SYNC_ERROR_NOT_SIGNED_IN:
    default:
      message = g_strdup_printf (_("The back office answered with an error (HTTP %u). Try again; "
                                   "if it happens again, call the administrator. (%s)"),
                                 status, reason);
      break;
    }

  g_set_error_literal (error, YC_SYNC_ERROR, sync_code, message);
}
