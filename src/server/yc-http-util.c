/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-http-private.h"
#include "yc-json-decode.h"

/* The JSON error body of the API: {code, message, field}.  Errors of the HTTP layer itself
 * (routing, limits, media types) live in YC_HTTP_ERROR; the back office's in
 * YC_BACKOFFICE_ERROR; anything else is an internal error. */

typedef struct {
  char *field;
} YcHttpErrorPrivate;

static void
yc_http_error_private_init (YcHttpErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
yc_http_error_private_copy (const YcHttpErrorPrivate *src,
                            YcHttpErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
yc_http_error_private_clear (YcHttpErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (YcHttpError, yc_http_error)

static const struct {
  YcHttpError  code;
  guint        status;
  const char  *key;
} http_errors[] = {
  { YC_HTTP_ERROR_NOT_FOUND, 404, "not_found" },
  { YC_HTTP_ERROR_METHOD_NOT_ALLOWED, 405, "method_not_allowed" },
  { YC_HTTP_ERROR_LENGTH_REQUIRED, 411, "length_required" },
  { YC_HTTP_ERROR_TOO_LARGE, 413, "too_large" },
  { YC_HTTP_ERROR_UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type" },
  { YC_HTTP_ERROR_INVALID, 400, "invalid" },
  { YC_HTTP_ERROR_UNAUTHORIZED, 401, "unauthorized" },
  { YC_HTTP_ERROR_INTERNAL, 500, "internal" },
};

void
yc_http_set_invalid (GError    **error,
                     const char *field,
                     const char *message)
{
  GError *local = NULL;

  local = g_error_new_literal (YC_HTTP_ERROR, YC_HTTP_ERROR_INVALID, message);
  if (field != NULL)
    {
      YcHttpErrorPrivate *priv = yc_http_error_get_private (local);
      priv->field = g_strdup (field);
    }
  g_propagate_error (error, local);
}

guint
yc_http_error_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 500);

  if (error->domain == YC_HTTP_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (http_errors); i++)
        if (http_errors[i].code == (YcHttpError) error->code)
          return http_errors[i].status;
      return 500;
    }

  return yc_backoffice_error_http_status (error);
}

const char *
yc_http_error_code (const GError *error)
{
  guint status;

  g_return_val_if_fail (error != NULL, "internal");

  if (error->domain == YC_HTTP_ERROR)
    {
      for (guint i = 0; i < G_N_ELEMENTS (http_errors); i++)
        if (http_errors[i].code == (YcHttpError) error->code)
          return http_errors[i].key;
      return "internal";
    }
  if (error->domain == YC_BACKOFFICE_ERROR)
    return yc_backoffice_error_code_string (error->code);

  /* Another domain that reached the surface: name it by its status so a client can still
   * switch on the code. */
  status = yc_backoffice_error_http_status (error);
  for (guint i = 0; i < G_N_ELEMENTS (http_errors); i++)
    if (http_errors[i].status == status)
      return http_errors[i].key;
  return "internal";
}

const char *
yc_http_error_field (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == YC_HTTP_ERROR)
    return yc_http_error_get_private (error)->field;
  if (error->domain == YC_BACKOFFICE_ERROR)
    return yc_backoffice_error_get_field (error);
  return NULL;
}

JsonNode *
yc_http_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *field = yc_http_error_field (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, yc_http_error_code (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "field");
  if (field != NULL)
    json_builder_add_string_value (builder, field);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GBytes *
yc_http_json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

JsonNode *
yc_http_parse_json_object (GBytes  *body,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  g_autoptr(JsonNode) root = NULL;

  if (length == 0)
    {
      yc_http_set_invalid (error, NULL, _("The request has no body; a JSON object was expected."));
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      yc_http_set_invalid (error, NULL, _("The request body is not valid UTF-8."));
      return NULL;
    }
  root = yc_json_decode (data, length, &local_error);
  if (root == NULL && !g_error_matches (local_error, YC_JSON_DECODE_ERROR, YC_JSON_DECODE_ERROR_EMPTY))
    {
      g_autofree char *message = g_strdup_printf (_("The request body is not valid JSON: %s"),
                                                  local_error->message);
      yc_http_set_invalid (error, NULL, message);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      yc_http_set_invalid (error, NULL, _("The request body must be a JSON object."));
      return NULL;
    }

  /* As JsonParser's immutable trees were: nobody changes what the client sent. */
  json_node_seal (root);
  return g_steal_pointer (&root);
}

const char *
yc_http_json_get_string (JsonObject *object,
                         const char *member,
                         gsize       max_length,
                         GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      yc_http_set_invalid (error, member, _("This field is required."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      yc_http_set_invalid (error, member, _("This field must be a string."));
      return NULL;
    }

  value = json_node_get_string (node);
  if (value[0] == '\0')
    {
      yc_http_set_invalid (error, member, _("This field must not be empty."));
      return NULL;
    }
  if (strlen (value) > max_length)
    {
      yc_http_set_invalid (error, member, _("This field is too long."));
      return NULL;
    }

  return value;
}

gboolean
yc_http_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      min,
                      gint64      max,
                      gint64     *out_value,
                      GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      yc_http_set_invalid (error, member, _("This field is required."));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      yc_http_set_invalid (error, member, _("This field must be a whole number."));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      yc_http_set_invalid (error, member, _("This number is out of range."));
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* Digits only: "+1", " 1" and "1e3" are refused, so what a client sends is what is used. */
gboolean
yc_http_parse_uint (const char *text,
                    const char *field,
                    guint64     min,
                    guint64     max,
                    guint64    *out_value,
                    GError    **error)
{
  guint64 value = 0;

  if (text == NULL || text[0] == '\0' || strlen (text) > 19)
    {
      yc_http_set_invalid (error, field, _("A whole number was expected."));
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          yc_http_set_invalid (error, field, _("A whole number was expected."));
          return FALSE;
        }
      value = value * 10 + (guint64) (*p - '0');
    }
  if (value < min || value > max)
    {
      yc_http_set_invalid (error, field, _("This number is out of range."));
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

gboolean
yc_http_parse_date (const char *text,
                    const char *field,
                    GDate      *out_date,
                    GError    **error)
{
  guint64 year, month, day;
  char buf[5];

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    goto invalid;

  memcpy (buf, text, 4);
  buf[4] = '\0';
  if (!yc_http_parse_uint (buf, field, 1, 9999, &year, NULL))
    goto invalid;
  memcpy (buf, text + 5, 2);
  buf[2] = '\0';
  if (!yc_http_parse_uint (buf, field, 1, 12, &month, NULL))
    goto invalid;
  memcpy (buf, text + 8, 2);
  buf[2] = '\0';
  if (!yc_http_parse_uint (buf, field, 1, 31, &day, NULL))
    goto invalid;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    goto invalid;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;

invalid:
  yc_http_set_invalid (error, field, _("A date written YYYY-MM-DD was expected."));
  return FALSE;
}

gboolean
yc_http_is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}
