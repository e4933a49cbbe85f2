/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The printed documents (src/docs), read back as the applicant and a scanner would: the text
 * of every page extracted with poppler, the receipt's QR code decoded by zbarimg from a
 * rendering of the page.  The process runs in zh_CN (when the translations are built), the
 * language the documents are printed in.
 */

#include "config.h"

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <poppler.h>

#include "yc-case-builder.h"
#include "yc-documents.h"
#include "yc-identifiers.h"
#include "yc-test-cases.h"

#define SECRET "hall-secret-for-tests"

/* poppler-glib of Debian 12 declares no cleanup functions. */
#ifndef POPPLER_CHECK_VERSION
#define POPPLER_CHECK_VERSION(a, b, c) 0
#endif
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

static YcCatalog *test_catalog;
static YcCalendar *test_calendar;
static gboolean in_chinese;

static YcDocumentContext *
context_new (void)
{
  YcDocumentContext *context = yc_document_context_new ("海淀区政务服务中心");

  yc_document_context_set_hall_secret (context, SECRET);
  yc_document_context_set_window_name (context, "3 号综合窗口");
  yc_document_context_set_clerk_name (context, "王敏");
  yc_document_context_set_catalog (context, test_catalog);
  yc_document_context_set_calendar (context, test_calendar);
  return context;
}

static GBytes *
render (YcDocumentKind  kind,
        YcCase         *c,
        YcRulesResult  *result)
{
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_true (yc_document_write (kind, context, c, result, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  /* YC_TEST_KEEP_PDF=<dir>: the documents as rendered, to look at. */
  if (g_getenv ("YC_TEST_KEEP_PDF") != NULL)
    {
      static guint serial;
      g_autofree char *name = g_strdup_printf ("%02u-%s-%s.pdf", ++serial,
                                               yc_document_kind_to_string (kind), c->subject_code);
      g_autofree char *path = g_build_filename (g_getenv ("YC_TEST_KEEP_PDF"), name, NULL);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL));
    }
  return bytes;
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* The text of one page, line breaks removed: a name may wrap inside its table cell. */
static char *
page_text (PopplerDocument *document,
           int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  g_autofree char *text = poppler_page_get_text (page);
  GString *joined = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n')
      g_string_append_c (joined, *p);
  return g_string_free (joined, FALSE);
}

static char *
all_text (PopplerDocument *document)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *page = page_text (document, i);
      g_string_append (text, page);
    }
  return g_string_free (text, FALSE);
}

/* Spaces dropped on both sides: poppler may or may not report the spaces Pango sets between
 * Chinese characters (第 1 页 共 2 页). */
static char *
without_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  g_autofree char *haystack = without_spaces (text);
  g_autofree char *wanted = without_spaces (needle);

  if (strstr (haystack, wanted) == NULL)
    g_error ("document text lacks “%s”:\n%s", needle, text);
}

static char *
chinese_date (const GDate *date)
{
  return g_strdup_printf ("%u年%u月%u日", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The page at 200 dpi on white, for zbarimg. */
static char *
render_png (PopplerDocument *document,
            int              index,
            const char      *dir)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  g_autofree char *name = g_strdup_printf ("page-%d.png", index + 1);
  char *path = g_build_filename (dir, name, NULL);
  double width, height, scale = 200.0 / 72.0;
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * scale), (int) (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* Every QR code zbarimg finds on any page, one per line. */
static char *
decode_qr (PopplerDocument *document)
{
  g_autofree char *dir = g_dir_make_tmp ("yc-documents-XXXXXX", NULL);
  GString *found = g_string_new (NULL);

  g_assert_nonnull (dir);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *png = render_png (document, i, dir);
      g_autoptr(GSubprocess) zbar = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      zbar = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                               png, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (zbar, NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      /* Exit status 4: no symbol on this page. */
      if (g_subprocess_get_exit_status (zbar) == 0)
        g_string_append (found, out);
      g_unlink (png);
    }
  g_rmdir (dir);
  return g_strchomp (g_string_free (found, FALSE));
}

static void
skip_unless_chinese (void)
{
  if (!in_chinese)
    g_test_skip ("zh_CN translations not built");
}

static void
test_receipt_item (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_RECEIPT, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);
  g_autofree char *masked = yc_mask_credit_code ("91110108MA01ABCD2X");
  g_autofree char *deadline = chinese_date (&c->deadline);
  const char *names[] = { "法定代表人身份证", "经营许可申请书", "场地使用证明", "场地平面图",
                          "社会体育指导人员名单", "安全保障制度证明" };

  assert_contains (text, "HD01-W03-20261123-0007");
  assert_contains (text, "力行健身有限公司");
  assert_contains (text, "海淀区政务服务中心");
  assert_contains (text, "3 号综合窗口");
  assert_contains (text, "王敏");
  assert_contains (text, "高危险性体育项目经营许可");
  assert_contains (text, "区文化和旅游体育局");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    assert_contains (text, names[i]);
  assert_contains (text, masked);
  g_assert_null (strstr (text, "91110108MA01ABCD2X"));

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "受理回执");
  assert_contains (text, "10个工作日");
  assert_contains (text, deadline);                       /* 2026年12月7日 */
  assert_contains (text, "2026年11月23日 09:30");
  assert_contains (text, "原件核验");                     /* the catalog's form of application */
  assert_contains (text, "第 1 页 共 ");
}

static void
test_receipt_bundle (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_RECEIPT, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);
  const char *names[] = { "从业人员健康证明", "卫生管理制度", "场地使用证明" };

  assert_contains (text, "我要开健身房");
  assert_contains (text, "高危险性体育项目经营许可");
  assert_contains (text, "公共场所卫生许可");
  assert_contains (text, "区文化和旅游体育局");
  assert_contains (text, "区卫生健康委员会");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    assert_contains (text, names[i]);

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "容缺受理");
  assert_contains (text, "2026年11月26日");  /* the supplement deadline */
  assert_contains (text, "容缺后补");
}

static void
test_receipt_qr (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_RECEIPT, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *decoded = NULL;
  g_autofree char *expected = yc_receipt_qr_text (c, SECRET);
  g_autofree char *number = NULL, *uuid = NULL;
  g_autofree char *forged = NULL;
  g_autoptr(GError) error = NULL;

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg (zbar-tools) not installed");
      return;
    }
  decoded = decode_qr (document);
  g_assert_cmpstr (decoded, ==, expected);
  g_assert_true (g_str_has_prefix (decoded, "YC1|HD01-W03-20261123-0007|" YC_TEST_CASE_UUID "|"));
  g_assert_cmpuint (strlen (decoded), ==, strlen ("YC1|HD01-W03-20261123-0007|" YC_TEST_CASE_UUID "|") + 16);

  g_assert_true (yc_receipt_verify_qr (decoded, SECRET, c->accepted_at, &number, &uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, c->number);
  g_assert_cmpstr (uuid, ==, c->uuid);

  /* Another hall's secret, another acceptance time, another case number: all refused. */
  g_assert_false (yc_receipt_verify_qr (decoded, "another hall", c->accepted_at, NULL, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR);
  g_clear_error (&error);
  g_assert_false (yc_receipt_verify_qr (decoded, SECRET, "2026-11-23T09:31:00+08:00", NULL, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR);
  g_clear_error (&error);
  forged = g_strdup (decoded);
  forged[strlen ("YC1|HD01-W03-20261123-000")] = '8';
  g_assert_false (yc_receipt_verify_qr (forged, SECRET, c->accepted_at, NULL, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR);
  g_clear_error (&error);
  g_assert_false (yc_receipt_verify_qr ("https://example.com/", SECRET, c->accepted_at, NULL, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR);
  g_clear_error (&error);
  g_assert_false (yc_receipt_parse_qr ("YC1|HD01-W03-20261123-0007|not-a-uuid|0123456789abcdef",
                                       NULL, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_INVALID_QR);
}

/* A person with an agent, a bundle of 30 materials: two pages, the table header on both. */
static YcCase *
long_case (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_BUNDLE));
  g_autoptr(JsonObject) applicant = yc_test_parse_object (
    "{\"kind\": \"person\", \"name\": \"张三\", \"id_number\": \"11010519491231002X\", "
    "\"mobile\": \"13812345678\", \"agent\": true, \"agent_name\": \"李四\", "
    "\"agent_id_number\": \"110101199003078515\", \"agent_mobile\": \"13987654321\"}");
  g_autoptr(JsonArray) materials = json_array_new ();
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  YcCase *c;

  for (guint i = 1; i <= 30; i++)
    {
      JsonObject *m = json_object_new ();
      g_autofree char *code = g_strdup_printf ("m%02u", i);
      g_autofree char *name = g_strdup_printf ("测试材料第%02u号", i);

      json_object_set_string_member (m, "code", code);
      json_object_set_string_member (m, "name", name);
      json_object_set_string_member (m, "state", i == 30 ? "tolerated" : "provided");
      json_object_set_int_member (m, "copies", 1 + i % 3);
      json_object_set_int_member (m, "pages", i);
      json_array_add_object_element (materials, m);
    }
  json_object_set_array_member (payload, "materials", json_array_ref (materials));
  json_object_set_object_member (payload, "applicant", json_object_ref (applicant));
  json_object_set_array_member (payload, "tolerated",
                                json_node_dup_array (json_from_string ("[{\"material\": \"m30\", \"due\": \"2026-11-26\"}]", NULL)));
  json_object_set_string_member (payload, "catalog_version", "elsewhere");
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  c = yc_case_machine_accept (op, yc_test_actor ("c1"), test_calendar, &error);
  g_assert_no_error (error);
  return c;
}

static void
test_receipt_pages (void)
{
  g_autoptr(YcCase) c = long_case ();
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_RECEIPT, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *masked = yc_mask_resident_id ("11010519491231002X");
  g_autofree char *masked_agent = yc_mask_resident_id ("110101199003078515");

  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 2);
  for (guint i = 1; i <= 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("测试材料第%02u号", i);
      assert_contains (text, name);
    }
  assert_contains (text, masked);
  assert_contains (text, masked_agent);
  assert_contains (text, "李四");
  g_assert_null (strstr (text, "11010519491231002X"));
  g_assert_null (strstr (text, "110101199003078515"));
  g_assert_null (strstr (text, "13812345678"));
  assert_contains (text, "138****5678");

  if (!in_chinese)
    return skip_unless_chinese ();
  first = page_text (document, 0);
  second = page_text (document, 1);
  assert_contains (first, "第 1 页 共 2 页");
  assert_contains (second, "第 2 页 共 2 页");
  /* The materials table goes on over the break, under its header again. */
  assert_contains (first, "序号 材料名称 材料形式 份数 页数 收取情况");
  assert_contains (second, "序号 材料名称 材料形式 份数 页数 收取情况");
  assert_contains (second, "测试材料第30号");
  assert_contains (second, "受理回执 · HD01-W03-20261123-0007");
  assert_contains (text, "代理人（签字）");
}

static void
test_one_time_notice (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_NOTICE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_ONE_TIME_NOTICE, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);

  assert_contains (text, "HD01-W03-20261123-0007");
  assert_contains (text, "场地使用证明");
  assert_contains (text, "出租方");              /* where to get it, from the catalog */
  assert_contains (text, "请补齐场地使用证明");  /* the clerk's text */
  assert_contains (text, "王敏");

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "一次性告知书");
  assert_contains (text, "请备齐以上材料后再次办理，只需跑一次");
  assert_contains (text, "2026年11月23日");
}

/* With the rules result the clerk decided on: every outstanding material, its reason and
 * where to get it, all at once. */
static void
test_one_time_notice_rules (void)
{
  const YcItem *item = yc_catalog_lookup_item (test_catalog, "SPORT");
  g_autoptr(YcMergedList) merged = yc_merged_list_new_for_item (test_catalog, item,
                                                                g_ptr_array_index (item->scenarios, 0));
  g_autoptr(YcRulesInput) input = yc_rules_input_new (merged);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_NOTICE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  guint n_missing = 0;
  GDate day = yc_test_date (YC_TEST_DAY);
  GPtrArray *outstanding;

  yc_rules_input_set_acceptance_date (input, &day);
  yc_rules_input_set_provided (input, "application", TRUE, 1);
  yc_rules_input_set_defective (input, "floor_plan", "未标注安全出口");
  result = yc_rules_evaluate (input, test_calendar);
  outstanding = yc_rules_result_get_outstanding (result);
  g_assert_cmpuint (outstanding->len, >=, 4);

  pdf = render (YC_DOCUMENT_ONE_TIME_NOTICE, c, result);
  document = open_pdf (pdf);
  text = all_text (document);
  for (guint i = 0; i < outstanding->len; i++)
    {
      YcOutstanding *o = g_ptr_array_index (outstanding, i);

      assert_contains (text, o->material->material->name);
      n_missing += o->problem == YC_PROBLEM_MISSING;
      if (o->material->source_hint != NULL)
        assert_contains (text, o->material->source_hint);
    }
  assert_contains (text, "应急管理部门");
  g_assert_cmpuint (n_missing, >=, 3);
  if (in_chinese)
    {
      g_auto(GStrv) pieces = g_strsplit (text, "未提交", -1);

      /* Every missing material on its own row, none left out and none twice. */
      g_assert_cmpuint (g_strv_length (pieces) - 1, ==, n_missing);
      assert_contains (text, "未标注");
    }
  g_assert_null (strstr (text, "经营许可申请书"));  /* provided: not on the notice */
}

/* A one-time notice printed again later, from the case alone: the case builder keeps the
 * engine's verdict in the case's notice. */
static void
test_one_time_notice_built (void)
{
  const YcItem *item = yc_catalog_lookup_item (test_catalog, "SPORT");
  g_autoptr(YcMergedList) merged = yc_merged_list_new_for_item (test_catalog, item,
                                                                g_ptr_array_index (item->scenarios, 0));
  g_autoptr(YcRulesInput) input = yc_rules_input_new (merged);
  g_autoptr(YcRulesResult) result = NULL;
  g_autoptr(JsonObject) applicant = yc_test_parse_object (
    "{\"name\": \"张三\", \"id_number\": \"11010519491231002X\"}");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) at = g_date_time_new (zone, 2026, 11, 23, 9, 30, 0);
  g_autoptr(YcCase) c = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GDate day = yc_test_date (YC_TEST_DAY);
  YcCaseIntake intake = { 0 };
  GPtrArray *outstanding;

  yc_rules_input_set_acceptance_date (input, &day);
  yc_rules_input_set_provided (input, "application", TRUE, 1);
  yc_rules_input_set_defective (input, "floor_plan", "未标注安全出口");
  result = yc_rules_evaluate (input, test_calendar);
  outstanding = yc_rules_result_get_outstanding (result);

  intake.number = "HD01-W03-20261123-0008";
  intake.hall = "HD01";
  intake.window = "W03";
  intake.clerk = "c1";
  intake.applicant = applicant;
  intake.notice_text = "请一次带齐";
  intake.accepted_at = at;
  c = yc_case_build_accepted (result, YC_DECISION_ONE_TIME_NOTICE, &intake, test_calendar, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);

  pdf = render (YC_DOCUMENT_ONE_TIME_NOTICE, c, NULL);
  document = open_pdf (pdf);
  text = all_text (document);
  for (guint i = 0; i < outstanding->len; i++)
    {
      YcOutstanding *o = g_ptr_array_index (outstanding, i);

      assert_contains (text, o->material->material->name);
      if (o->material->source_hint != NULL)
        assert_contains (text, o->material->source_hint);
    }
  assert_contains (text, "未标注");
  assert_contains (text, "请一次带齐");
  assert_contains (text, "HD01-W03-20261123-0008");
  assert_contains (text, "张三");
  g_assert_null (strstr (text, "11010519491231002X"));
}

static void
test_tolerance_commitment (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_TOLERANCE_COMMITMENT, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);

  assert_contains (text, "从业人员健康证明");
  assert_contains (text, "力行健身有限公司");
  assert_contains (text, "我要开健身房");
  g_assert_null (strstr (text, "91110108MA01ABCD2X"));

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "容缺受理承诺书");
  assert_contains (text, "2026年11月26日");
  assert_contains (text, "终止办理");
  assert_contains (text, "补齐后");
  assert_contains (text, "申请人（签字或盖章）");
  g_assert_null (strstr (text, "代理人（签字）"));  /* no agent in this case */
}

static void
test_pledge (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_PLEDGE, test_calendar, test_catalog);
  g_autoptr(GBytes) pdf = render (YC_DOCUMENT_PLEDGE, c, NULL);
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *text = all_text (document);

  assert_contains (text, "安全保障制度证明");
  assert_contains (text, "HD01-W03-20261123-0007");

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "告知承诺书");
  assert_contains (text, "2026年12月21日");  /* post-verification date */
  assert_contains (text, "撤销");
  assert_contains (text, "失信");
  assert_contains (text, "申请人（签字或盖章）");
}

static YcCase *
refused_case (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_NOTICE));
  g_autoptr(YcOperation) op = NULL;

  json_object_set_string_member (payload, "decision", "refuse");
  json_object_set_object_member (payload, "notice", yc_test_parse_object (
    "{\"kind\": \"refuse\", \"reason\": \"out_of_remit\", \"text\": \"该事项由市级窗口受理\"}"));
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  return yc_case_machine_accept_full (op, yc_test_actor ("c1"), test_catalog, test_calendar, NULL);
}

static void
test_refusal (void)
{
  g_autoptr(YcCase) c = refused_case ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (c);
  pdf = render (YC_DOCUMENT_REFUSAL, c, NULL);
  document = open_pdf (pdf);
  text = all_text (document);
  assert_contains (text, "该事项由市级窗口受理");
  assert_contains (text, "海淀区政务服务中心");

  if (!in_chinese)
    return skip_unless_chinese ();
  assert_contains (text, "不予受理通知书");
  assert_contains (text, "不属于本大厅受理范围");
  assert_contains (text, "申请人如对本决定不服，可依法申请行政复议或提起行政诉讼");
  assert_contains (text, "2026年11月23日");
}

static void
test_applicability (void)
{
  g_autoptr(YcCase) bundle = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(YcCase) notice = yc_test_accept (YC_TEST_NOTICE, test_calendar, test_catalog);
  g_autoptr(YcCase) pledge = yc_test_accept (YC_TEST_PLEDGE, test_calendar, test_catalog);
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autoptr(YcDocumentContext) no_secret = yc_document_context_new ("海淀区政务服务中心");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) kinds = NULL;
  g_autoptr(GError) error = NULL;

  kinds = yc_document_kinds_for_case (bundle);
  g_assert_cmpuint (kinds->len, ==, 2);
  g_assert_cmpint (g_array_index (kinds, YcDocumentKind, 0), ==, YC_DOCUMENT_RECEIPT);
  g_assert_cmpint (g_array_index (kinds, YcDocumentKind, 1), ==, YC_DOCUMENT_TOLERANCE_COMMITMENT);
  g_clear_pointer (&kinds, g_array_unref);
  kinds = yc_document_kinds_for_case (pledge);
  g_assert_cmpuint (kinds->len, ==, 2);
  g_assert_cmpint (g_array_index (kinds, YcDocumentKind, 1), ==, YC_DOCUMENT_PLEDGE);
  g_clear_pointer (&kinds, g_array_unref);
  kinds = yc_document_kinds_for_case (notice);
  g_assert_cmpuint (kinds->len, ==, 1);
  g_assert_cmpint (g_array_index (kinds, YcDocumentKind, 0), ==, YC_DOCUMENT_ONE_TIME_NOTICE);

  g_assert_false (yc_document_write (YC_DOCUMENT_RECEIPT, context, notice, NULL, stream, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_NOT_APPLICABLE);
  g_assert_nonnull (strstr (error->message, notice->number));
  g_clear_error (&error);
  g_assert_false (yc_document_write (YC_DOCUMENT_PLEDGE, context, bundle, NULL, stream, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_NOT_APPLICABLE);
  g_clear_error (&error);
  g_assert_false (yc_document_write (YC_DOCUMENT_RECEIPT, no_secret, bundle, NULL, stream, NULL, &error));
  g_assert_error (error, YC_DOCUMENT_ERROR, YC_DOCUMENT_ERROR_NO_SECRET);
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  g_assert_false (yc_document_write (YC_DOCUMENT_RECEIPT, context, bundle, NULL, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* Nothing was written by the refusals. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Saved;

static void
saved_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Saved *saved = user_data;

  yc_document_save_finish (res, &saved->error);
  saved->done = TRUE;
}

static void
test_save_async (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_PLEDGE, test_calendar, test_catalog);
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autofree char *dir = g_dir_make_tmp ("yc-documents-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  /* Twice: a second save replaces the first. */
  for (guint round = 0; round < 2; round++)
    {
      Saved saved = { FALSE, NULL };

      yc_document_save_async (YC_DOCUMENT_RECEIPT, context, c, NULL, file, NULL, saved_cb, &saved);
      /* The context may change at once: the render has its own copy. */
      yc_document_context_set_hall_secret (context, round == 0 ? "changed" : SECRET);
      while (!saved.done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_no_error (saved.error);
    }
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);  /* it names the applicant: owner only */
  g_unlink (path);
  g_rmdir (dir);
}

static void
written_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Saved *written = user_data;

  yc_document_write_finish (res, &written->error);
  written->done = TRUE;
}

static void
test_write_async (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_NOTICE, test_calendar, test_catalog);
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  Saved written = { FALSE, NULL };

  yc_document_write_async (YC_DOCUMENT_ONE_TIME_NOTICE, context, c, NULL, stream, NULL,
                           written_cb, &written);
  while (!written.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (written.error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  document = open_pdf (pdf);
  text = all_text (document);
  assert_contains (text, "场地使用证明");
  assert_contains (text, "HD01-W03-20261123-0007");
}

static void
laid_out_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  YcDocumentPages **pages = user_data;
  g_autoptr(GError) error = NULL;

  *pages = yc_document_layout_finish (res, &error);
  g_assert_no_error (error);
}

/* The print and preview path: pages laid out in a thread, drawn at 200 dpi as a
 * GtkPrintOperation would, read by zbarimg. */
static void
test_layout_async_draw (void)
{
  g_autoptr(YcCase) c = long_case ();
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autoptr(YcDocumentPages) pages = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = g_dir_make_tmp ("yc-documents-XXXXXX", NULL);
  g_autofree char *expected = yc_receipt_qr_text (c, SECRET);
  g_autoptr(GString) found = g_string_new (NULL);
  double scale = 200.0 / 72.0;

  yc_document_layout_async (YC_DOCUMENT_RECEIPT, context, c, NULL, NULL, laid_out_cb, &pages);
  while (pages == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (yc_document_pages_get_n_pages (pages), ==, 2);
  g_assert_cmpint (yc_document_pages_get_kind (pages), ==, YC_DOCUMENT_RECEIPT);
  g_assert_cmpstr (yc_document_pages_get_title (pages), ==, yc_document_kind_label (YC_DOCUMENT_RECEIPT));

  for (guint i = 0; i < yc_document_pages_get_n_pages (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("drawn-%u.png", i);
      g_autofree char *png = g_build_filename (dir, name, NULL);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                             (int) (YC_DOCUMENT_PAGE_WIDTH * scale),
                                                             (int) (YC_DOCUMENT_PAGE_HEIGHT * scale));
      cairo_t *cr = cairo_create (surface);
      g_autoptr(GSubprocess) zbar = NULL;
      g_autofree char *out = NULL;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      yc_document_pages_draw (pages, i, cr);
      cairo_destroy (cr);
      g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
      if (zbarimg != NULL)
        {
          zbar = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                   NULL, "zbarimg", "--quiet", "--raw", png, NULL);
          g_assert_nonnull (zbar);
          g_assert_true (g_subprocess_communicate_utf8 (zbar, NULL, NULL, &out, NULL, NULL));
          if (g_subprocess_get_exit_status (zbar) == 0)
            g_string_append (found, out);
        }
      g_unlink (png);
    }
  g_rmdir (dir);
  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg (zbar-tools) not installed");
      return;
    }
  /* On the second page, with the end of the table: exactly one code in the document. */
  g_assert_cmpstr (g_strchomp (found->str), ==, expected);
}

/* A window enrolled before hall secrets: the receipt goes out without its code, saying so. */
static void
test_receipt_unverified (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(YcDocumentContext) context = yc_document_context_new ("海淀区政务服务中心");
  g_autoptr(YcDocumentContext) copy = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  yc_document_context_set_catalog (context, test_catalog);
  g_assert_false (yc_document_context_get_allow_unverified (context));
  yc_document_context_set_allow_unverified (context, TRUE);
  g_assert_true (yc_document_context_get_allow_unverified (context));
  /* The _async functions work on a copy: it must keep the choice. */
  copy = yc_document_context_copy (context);
  g_assert_true (yc_document_context_get_allow_unverified (copy));

  g_assert_true (yc_document_write (YC_DOCUMENT_RECEIPT, copy, c, NULL, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  document = open_pdf (pdf);
  text = all_text (document);
  assert_contains (text, c->number);
  assert_contains (text, in_chinese ? "无校验码" : "No verification code");
  if (zbarimg != NULL)
    {
      g_autofree char *decoded = decode_qr (document);
      g_assert_cmpstr (decoded, ==, "");
    }

  /* With a secret the same context prints the code and no note. */
  yc_document_context_set_hall_secret (context, SECRET);
  g_clear_pointer (&pdf, g_bytes_unref);
  g_clear_object (&document);
  g_clear_pointer (&text, g_free);
  pdf = render (YC_DOCUMENT_RECEIPT, c, NULL);
  document = open_pdf (pdf);
  {
    g_autofree char *raw = all_text (document);

    text = without_spaces (raw);
  }
  g_assert_null (strstr (text, in_chinese ? "无校验码" : "Noverificationcode"));
}

/* The receipt and the letter to sign, one after the other in one PDF, saved durably. */
static void
test_write_many (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, test_calendar, test_catalog);
  g_autoptr(YcDocumentContext) context = context_new ();
  g_autoptr(YcDocumentPages) receipt = NULL;
  g_autoptr(YcDocumentPages) letter = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-documents-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "documents.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *first = NULL, *last = NULL, *title = NULL;
  YcDocumentPages *documents[2];
  guint n_receipt;
  GStatBuf st;

  receipt = yc_document_layout (YC_DOCUMENT_RECEIPT, context, c, NULL, NULL, &error);
  g_assert_no_error (error);
  letter = yc_document_layout (YC_DOCUMENT_TOLERANCE_COMMITMENT, context, c, NULL, NULL, &error);
  g_assert_no_error (error);
  documents[0] = receipt;
  documents[1] = letter;
  n_receipt = yc_document_pages_get_n_pages (receipt);

  g_assert_true (yc_document_pages_write_pdf_many (documents, 2, "案卷文书", stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  document = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==,
                   n_receipt + yc_document_pages_get_n_pages (letter));
  title = poppler_document_get_title (document);
  g_assert_cmpstr (title, ==, "案卷文书");
  first = page_text (document, 0);
  last = page_text (document, (int) n_receipt);
  assert_contains (first, yc_document_pages_get_title (receipt));
  assert_contains (last, yc_document_pages_get_title (letter));
  assert_contains (last, c->number);

  /* Saved: the same bytes, owner only; a second save replaces the first. */
  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (yc_document_save_bytes (pdf, file, NULL, &error));
      g_assert_no_error (error);
    }
  again = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, pdf));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  /* A directory that does not exist: an error naming why, nothing written. */
  {
    g_autofree char *missing = g_build_filename (dir, "no-such-dir", "documents.pdf", NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path (missing);

    g_assert_false (yc_document_save_bytes (pdf, nowhere, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mo = g_build_filename (YC_BUILD_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);
  int status;

  /* The documents are printed in Chinese: read them in Chinese. */
  in_chinese = g_file_test (mo, G_FILE_TEST_EXISTS);
  if (in_chinese)
    g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, YC_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/receipt/item", test_receipt_item);
  g_test_add_func ("/documents/receipt/bundle", test_receipt_bundle);
  g_test_add_func ("/documents/receipt/qr", test_receipt_qr);
  g_test_add_func ("/documents/receipt/pages", test_receipt_pages);
  g_test_add_func ("/documents/one-time-notice/case", test_one_time_notice);
  g_test_add_func ("/documents/one-time-notice/rules", test_one_time_notice_rules);
  g_test_add_func ("/documents/one-time-notice/built", test_one_time_notice_built);
  g_test_add_func ("/documents/tolerance-commitment", test_tolerance_commitment);
  g_test_add_func ("/documents/pledge", test_pledge);
  g_test_add_func ("/documents/refusal", test_refusal);
  g_test_add_func ("/documents/applicability", test_applicability);
  g_test_add_func ("/documents/save-async", test_save_async);
  g_test_add_func ("/documents/write-async", test_write_async);
  g_test_add_func ("/documents/layout-async-draw", test_layout_async_draw);
  g_test_add_func ("/documents/receipt/unverified", test_receipt_unverified);
  g_test_add_func ("/documents/write-many", test_write_many);

  test_catalog = yc_test_rules_catalog_new ();
  test_calendar = yc_test_calendar ();
  status = g_test_run ();
  g_assert_finalize_object (test_catalog);
  g_assert_finalize_object (test_calendar);
  return status;
}
