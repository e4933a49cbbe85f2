/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "yc-csv.h"

/* The CSV writer (src/core/yc-csv.c): RFC 4180 quoting, CRLF rows, the byte order mark
 * Excel needs to read UTF-8, numbers independent of the locale. */

typedef struct {
  const char *field;
  const char *written;
} QuoteCase;

static const QuoteCase quote_cases[] = {
  { "plain", "plain" },
  { "", "" },
  { "区市场监督管理局", "区市场监督管理局" },
  { "a,b", "\"a,b\"" },
  { "say \"hi\"", "\"say \"\"hi\"\"\"" },
  { "\"", "\"\"\"\"" },
  { "two\nlines", "\"two\nlines\"" },
  { "cr\rhere", "\"cr\rhere\"" },
  { " padded", "\" padded\"" },
  { "padded ", "\"padded \"" },
  { "窗口1，二楼", "窗口1，二楼" },   /* a full-width comma is just text */
};

static void
test_quote (gconstpointer data)
{
  const QuoteCase *c = data;
  g_autofree char *quoted = yc_csv_quote (c->field);

  g_assert_cmpstr (quoted, ==, c->written);
}

static char *
finish_text (YcCsvWriter *writer,
             gsize       *out_length)
{
  g_autoptr(GBytes) bytes = yc_csv_writer_finish (writer);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  *out_length = length;
  return g_strndup (data, length);
}

static void
test_document (void)
{
  YcCsvWriter *writer = yc_csv_writer_new (TRUE);
  g_autofree char *text = NULL;
  gsize length;

  yc_csv_writer_add_text (writer, "部门");
  yc_csv_writer_add_text (writer, "受理件数");
  yc_csv_writer_add_text (writer, "满意率");
  yc_csv_writer_end_row (writer);
  yc_csv_writer_add_text (writer, "卫健委, 二科");
  yc_csv_writer_add_int (writer, 120);
  yc_csv_writer_add_double (writer, 0.98765, 4);
  yc_csv_writer_end_row (writer);
  yc_csv_writer_add_text (writer, NULL);
  yc_csv_writer_add_int (writer, -3);
  yc_csv_writer_add_double (writer, NAN, 4);
  /* The last row is ended by finish(). */
  text = finish_text (writer, &length);

  g_assert_cmpuint (length, ==, strlen (text));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_cmpstr (text + 3, ==,
                   "部门,受理件数,满意率\r\n"
                   "\"卫健委, 二科\",120,0.9877\r\n"
                   ",-3,\r\n");
}

static void
test_no_bom (void)
{
  YcCsvWriter *writer = yc_csv_writer_new (FALSE);
  g_autofree char *text = NULL;
  gsize length;

  text = finish_text (writer, &length);
  g_assert_cmpuint (length, ==, 0);

  writer = yc_csv_writer_new (FALSE);
  yc_csv_writer_add_text (writer, "a");
  yc_csv_writer_end_row (writer);
  g_free (text);
  text = finish_text (writer, &length);
  g_assert_cmpstr (text, ==, "a\r\n");
}

/* A decimal comma locale must not leak into the file. */
static void
test_numbers (void)
{
  static const struct {
    double      value;
    guint       decimals;
    const char *written;
  } numbers[] = {
    { 0.5, 2, "0.50" },
    { 1.0 / 3.0, 4, "0.3333" },
    { -0.05, 3, "-0.050" },
    { -0.00001, 2, "0.00" },
    { 2.0, 0, "2" },
    { INFINITY, 2, "" },
  };
  const char *saved = setlocale (LC_NUMERIC, NULL);
  g_autofree char *previous = g_strdup (saved);

  setlocale (LC_NUMERIC, "de_DE.UTF-8");   /* may be missing: then the test is as in C */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      YcCsvWriter *writer = yc_csv_writer_new (FALSE);
      g_autofree char *text = NULL;
      g_autofree char *expected = g_strconcat (numbers[i].written, "\r\n", NULL);
      gsize length;

      yc_csv_writer_add_double (writer, numbers[i].value, numbers[i].decimals);
      text = finish_text (writer, &length);
      g_assert_cmpstr (text, ==, expected);
    }
  setlocale (LC_NUMERIC, previous);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (quote_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/csv/quote/%u", i);

      g_test_add_data_func (path, &quote_cases[i], test_quote);
    }
  g_test_add_func ("/csv/document", test_document);
  g_test_add_func ("/csv/no-bom", test_no_bom);
  g_test_add_func ("/csv/numbers", test_numbers);

  return g_test_run ();
}
