/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-tool"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-calendar.h"
#include "yc-identifiers.h"
#include "yc-tool.h"

/* The verdict of one identifier check, printed alike by idcheck and uscc. */
typedef struct {
  const char *kind;     /* "resident_id" / "uscc" */
  const char *status;   /* "valid" / "invalid" / "warning" */
  const char *number;   /* normalised, or NULL */
  const char *masked;   /* for display, or NULL */
  GError     *error;
  void      (*add_details) (JsonBuilder *builder, gconstpointer data);
  void      (*print_details) (GString *out, gconstpointer data);
  gconstpointer data;
} Verdict;

static int
print_verdict (YcToolContext *ctx,
               const Verdict *verdict)
{
  gboolean valid = g_str_equal (verdict->status, "valid");

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, verdict->kind);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, verdict->status);
      if (verdict->number != NULL)
        {
          json_builder_set_member_name (builder, "number");
          json_builder_add_string_value (builder, verdict->number);
          json_builder_set_member_name (builder, "masked");
          json_builder_add_string_value (builder, verdict->masked);
          verdict->add_details (builder, verdict->data);
        }
      if (verdict->error != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, verdict->error->message);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      yc_tool_print_json (ctx, root);
    }
  else
    {
      if (valid)
        g_string_append_printf (ctx->out, "%s %s\n", _("Valid:"), verdict->number);
      else if (verdict->error->code == YC_IDENTIFIER_ERROR_CHECKSUM)
        g_string_append_printf (ctx->out, "%s %s\n", _("Warning, the clerk may override:"), verdict->error->message);
      else
        g_string_append_printf (ctx->out, "%s %s\n", _("Invalid:"), verdict->error->message);
      if (verdict->number != NULL)
        verdict->print_details (ctx->out, verdict->data);
    }

  if (valid)
    return YC_TOOL_EXIT_OK;
  return verdict->error->code == YC_IDENTIFIER_ERROR_CHECKSUM ? YC_TOOL_EXIT_WARNING : YC_TOOL_EXIT_INVALID;
}

static void
resident_add_details (JsonBuilder   *builder,
                      gconstpointer  data)
{
  const YcResidentId *id = data;
  g_autofree char *birth = yc_date_format_iso (&id->birth_date);

  json_builder_set_member_name (builder, "birth_date");
  json_builder_add_string_value (builder, birth);
  json_builder_set_member_name (builder, "sex");
  json_builder_add_string_value (builder, id->sex == YC_SEX_MALE ? "male" : "female");
  json_builder_set_member_name (builder, "province");
  json_builder_add_string_value (builder, id->province);
}

static void
resident_print_details (GString       *out,
                        gconstpointer  data)
{
  const YcResidentId *id = data;
  g_autofree char *birth = yc_date_format_iso (&id->birth_date);

  g_string_append_printf (out, "%s%s\n", _("Birth date: "), birth);
  g_string_append_printf (out, "%s%s\n", _("Sex: "), yc_sex_label (id->sex));
  g_string_append_printf (out, "%s%s\n", _("Province: "), id->province);
}

int
yc_tool_cmd_idcheck (YcToolContext  *ctx,
                     int             argc,
                     char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  YcResidentId id = { 0 };
  gboolean ok;
  Verdict verdict = { "resident_id", NULL, NULL, NULL, NULL,
                      resident_add_details, resident_print_details, &id };

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: idcheck ID"));

  ok = yc_resident_id_parse (argv[1], NULL, &id, &error);
  if (ok)
    {
      masked = yc_mask_resident_id (id.number);
      verdict.number = id.number;
      verdict.masked = masked;
    }
  verdict.status = ok ? "valid" : "invalid";
  verdict.error = error;
  return print_verdict (ctx, &verdict);
}

static void
credit_add_details (JsonBuilder   *builder,
                    gconstpointer  data)
{
  const YcCreditCode *code = data;

  json_builder_set_member_name (builder, "division_code");
  json_builder_add_string_value (builder, code->division_code);
  json_builder_set_member_name (builder, "organization_code");
  json_builder_add_string_value (builder, code->organization_code);
}

static void
credit_print_details (GString       *out,
                      gconstpointer  data)
{
  const YcCreditCode *code = data;

  g_string_append_printf (out, "%s%s\n", _("Division code: "), code->division_code);
  g_string_append_printf (out, "%s%s\n", _("Organization code: "), code->organization_code);
}

int
yc_tool_cmd_uscc (YcToolContext  *ctx,
                  int             argc,
                  char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  YcCreditCode code = { 0 };
  gboolean ok;
  gboolean parsed;
  Verdict verdict = { "uscc", NULL, NULL, NULL, NULL,
                      credit_add_details, credit_print_details, &code };

  if (argc != 2)
    return yc_tool_fail (ctx, YC_TOOL_EXIT_USAGE, _("usage: uscc CODE"));

  ok = yc_credit_code_parse (argv[1], &code, &error);
  /* A failed checksum still fills the code: the clerk may override it. */
  parsed = ok || g_error_matches (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_CHECKSUM);
  if (parsed)
    {
      masked = yc_mask_credit_code (code.code);
      verdict.number = code.code;
      verdict.masked = masked;
    }
  verdict.status = ok ? "valid" : parsed ? "warning" : "invalid";
  verdict.error = error;
  return print_verdict (ctx, &verdict);
}
